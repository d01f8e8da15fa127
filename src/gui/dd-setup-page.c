/* dd-setup-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-setup-page.h"

#include <glib/gi18n.h>

#include "dd-division.h"
#include "dd-unit-code.h"

struct _DdSetupPage
{
  AdwBin               parent_instance;

  DdStoreService      *service;
  GCancellable        *cancellable;
  DdDivisionTable     *divisions;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkSingleSelection  *selection;
  char                *query;
  char                *unit_code;
  char                *default_name;
  guint                busy : 1;
  guint                valid : 1;
  guint                updating : 1;

  /* Template widgets */
  GtkSearchEntry      *search_entry;
  GtkListView         *division_list;
  GtkLabel            *empty_label;
  AdwActionRow        *unit_code_row;
  AdwEntryRow         *suffix_row;
  AdwEntryRow         *name_row;
  AdwComboRow         *regime_row;
  GtkLabel            *error_label;
  GtkButton           *start_button;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_UNIT_CODE,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DESK_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdSetupPage, dd_setup_page, ADW_TYPE_BIN)

/* The order of the regime combo row. */
static const DdRegime regimes[] = { DD_REGIME_7X24, DD_REGIME_5X8 };

static void
dd_setup_page_set_error (DdSetupPage *self,
                         const char  *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
dd_setup_page_sync_valid (DdSetupPage *self)
{
  gboolean valid = self->unit_code != NULL && !self->busy;

  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), valid);
  if (self->valid == valid)
    return;

  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static DdDivision *
dd_setup_page_get_division (DdSetupPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

/* Recomputes the unit code, the default name and whether Start may be pressed. */
static void
dd_setup_page_update (DdSetupPage *self,
                      gboolean     unit_changed)
{
  DdDivision *division = dd_setup_page_get_division (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdUnitCode) code = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  gboolean valid = FALSE;

  if (self->updating)
    return;
  self->updating = TRUE;

  suffix = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->suffix_row))));

  if (division != NULL)
    {
      if (suffix[0] != '\0')
        text = g_strdup_printf ("%s-%s", dd_division_get_code (division), suffix);
      else
        text = g_strdup (dd_division_get_code (division));

      code = dd_unit_code_parse (self->divisions, text, &error);
    }

  if (code != NULL)
    {
      g_autofree char *default_name = dd_unit_code_dup_default_name (code);
      const char *current = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

      /* The name follows the unit until the user writes one of their own. */
      if (unit_changed && (current[0] == '\0' || g_strcmp0 (current, self->default_name) == 0))
        {
          g_free (self->default_name);
          self->default_name = g_strdup (default_name);
          if (g_strcmp0 (current, default_name) != 0)
            gtk_editable_set_text (GTK_EDITABLE (self->name_row), default_name);
        }

      adw_action_row_set_subtitle (self->unit_code_row, code->code);
      gtk_widget_remove_css_class (GTK_WIDGET (self->suffix_row), "error");
    }
  else
    {
      adw_action_row_set_subtitle (self->unit_code_row,
                                   division == NULL ? _("Choose a division from the list") : "");
      if (error != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->suffix_row), "error");
    }

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (code != NULL && name[0] == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      dd_setup_page_set_error (self, _("The unit name must not be empty"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
      dd_setup_page_set_error (self, error != NULL ? error->message : NULL);
    }

  valid = code != NULL && name[0] != '\0';

  if (g_strcmp0 (self->unit_code, valid ? code->code : NULL) != 0)
    {
      g_free (self->unit_code);
      self->unit_code = valid ? g_strdup (code->code) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_CODE]);
    }

  self->updating = FALSE;
  dd_setup_page_sync_valid (self);
}

static gboolean
dd_setup_page_filter_func (gpointer item,
                           gpointer user_data)
{
  DdSetupPage *self = user_data;

  if (self->query == NULL || self->query[0] == '\0')
    return TRUE;

  return dd_division_matches (DD_DIVISION (item), self->query);
}

static void
on_search_entry_search_changed_cb (GtkSearchEntry *entry,
                                   DdSetupPage    *self)
{
  g_free (self->query);
  self->query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_entry_activate_cb (GtkSearchEntry *entry,
                             DdSetupPage    *self)
{
  /* Enter in the search takes the first match and moves on to the name. */
  if (dd_setup_page_get_division (self) == NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);

  if (dd_setup_page_get_division (self) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
on_division_list_activate_cb (GtkListView *list_view,
                              guint        position,
                              DdSetupPage *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
on_filter_model_items_changed_cb (GListModel  *model,
                                  guint        position,
                                  guint        removed,
                                  guint        added,
                                  DdSetupPage *self)
{
  guint n_items = g_list_model_get_n_items (model);

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n_items == 0);

  /* A search that leaves one division chooses it. */
  if (n_items == 1)
    gtk_single_selection_set_selected (self->selection, 0);
}

static void
on_selection_selected_item_cb (GtkSingleSelection *selection,
                               GParamSpec         *pspec,
                               DdSetupPage        *self)
{
  dd_setup_page_update (self, TRUE);
}

static void
on_suffix_row_changed_cb (DdSetupPage *self)
{
  dd_setup_page_update (self, TRUE);
}

static void
on_name_row_changed_cb (DdSetupPage *self)
{
  dd_setup_page_update (self, FALSE);
}

static void
on_init_desk_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DdSetupPage *self = user_data;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  desk = dd_store_service_init_desk_finish (DD_STORE_SERVICE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  dd_setup_page_update (self, FALSE);

  if (desk == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason, from the database */
      message = g_strdup_printf (_("The desk could not be set up: %s"), error->message);
      dd_setup_page_set_error (self, message);
      return;
    }

  g_signal_emit (self, signals[DESK_CREATED], 0, desk);
}

static void
on_start_button_clicked_cb (GtkButton   *button,
                            DdSetupPage *self)
{
  g_autofree char *name = NULL;
  guint regime_pos;

  if (self->unit_code == NULL || self->busy || self->service == NULL)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  regime_pos = adw_combo_row_get_selected (self->regime_row);
  if (regime_pos >= G_N_ELEMENTS (regimes))
    regime_pos = 0;

  self->busy = TRUE;
  dd_setup_page_sync_valid (self);

  dd_store_service_init_desk_async (self->service,
                                    self->unit_code,
                                    name,
                                    regimes[regime_pos],
                                    self->cancellable,
                                    on_init_desk_cb,
                                    self);
}

static void
on_entry_activated_cb (DdSetupPage *self)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->start_button)))
    gtk_widget_activate (GTK_WIDGET (self->start_button));
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     DdSetupPage              *self)
{
  GtkWidget *box;
  GtkWidget *top;
  GtkWidget *name;
  GtkWidget *code;
  GtkWidget *level;
  GtkWidget *path;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  name = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "heading");
  code = gtk_label_new (NULL);
  gtk_widget_add_css_class (code, "numeric");
  gtk_widget_add_css_class (code, "dim-label");
  level = gtk_label_new (NULL);
  gtk_widget_set_hexpand (level, TRUE);
  gtk_label_set_xalign (GTK_LABEL (level), 1);
  gtk_widget_add_css_class (level, "dim-label");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), code);
  gtk_box_append (GTK_BOX (top), level);

  path = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (path, "caption");
  gtk_widget_add_css_class (path, "dim-label");

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), path);

  g_object_set_data (G_OBJECT (item), "name", name);
  g_object_set_data (G_OBJECT (item), "code", code);
  g_object_set_data (G_OBJECT (item), "level", level);
  g_object_set_data (G_OBJECT (item), "path", path);

  gtk_list_item_set_child (item, box);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    DdSetupPage              *self)
{
  DdDivision *division = gtk_list_item_get_item (item);
  g_autofree char *path = NULL;

  path = dd_division_table_dup_path (self->divisions, dd_division_get_code (division));

  gtk_label_set_text (g_object_get_data (G_OBJECT (item), "name"), dd_division_get_name (division));
  gtk_label_set_text (g_object_get_data (G_OBJECT (item), "code"), dd_division_get_code (division));
  gtk_label_set_text (g_object_get_data (G_OBJECT (item), "level"),
                      dd_level_get_label (dd_division_get_level (division)));
  gtk_label_set_text (g_object_get_data (G_OBJECT (item), "path"), path != NULL ? path : "");
}

static void
dd_setup_page_dispose (GObject *object)
{
  DdSetupPage *self = DD_SETUP_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_SETUP_PAGE);

  G_OBJECT_CLASS (dd_setup_page_parent_class)->dispose (object);
}

static void
dd_setup_page_finalize (GObject *object)
{
  DdSetupPage *self = DD_SETUP_PAGE (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->divisions);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->unit_code, g_free);
  g_clear_pointer (&self->default_name, g_free);

  G_OBJECT_CLASS (dd_setup_page_parent_class)->finalize (object);
}

static void
dd_setup_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DdSetupPage *self = DD_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_UNIT_CODE:
      g_value_set_string (value, self->unit_code);
      break;

    case PROP_VALID:
      g_value_set_boolean (value, dd_setup_page_get_valid (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_setup_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DdSetupPage *self = DD_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      if (g_set_object (&self->service, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_CANCELLABLE:
      if (g_set_object (&self->cancellable, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_setup_page_class_init (DdSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_setup_page_dispose;
  object_class->finalize = dd_setup_page_finalize;
  object_class->get_property = dd_setup_page_get_property;
  object_class->set_property = dd_setup_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNIT_CODE] =
    g_param_spec_string ("unit-code", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdSetupPage::desk-created:
   * @desk: the new #DdDesk
   *
   * The desk was initialised.
   */
  signals[DESK_CREATED] =
    g_signal_new ("desk-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_DESK);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdSetupPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DdSetupPage, division_list);
  gtk_widget_class_bind_template_child (widget_class, DdSetupPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, DdSetupPage, unit_code_row);
  gtk_widget_class_bind_template_child (widget_class, DdSetupPage, suffix_row);
  gtk_widget_class_bind_template_child (widget_class, DdSetupPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, DdSetupPage, regime_row);
  gtk_widget_class_bind_template_child (widget_class, DdSetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DdSetupPage, start_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_division_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_suffix_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_start_button_clicked_cb);
}

static void
dd_setup_page_init (DdSetupPage *self)
{
  g_autoptr(GtkStringList) regime_labels = NULL;
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->divisions = g_object_ref (dd_division_table_get_default ());

  self->filter = gtk_custom_filter_new (dd_setup_page_filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->divisions)),
                                                  GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filter_model));
  /* Nothing is chosen until the user chooses (or the search leaves one match). */
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_filter_model_items_changed_cb), self, 0);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_selected_item_cb), self, 0);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_factory_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_factory_bind_cb), self, 0);
  gtk_list_view_set_factory (self->division_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->division_list, GTK_SELECTION_MODEL (self->selection));

  regime_labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (regimes); i++)
    gtk_string_list_append (regime_labels, dd_regime_get_label (regimes[i]));
  adw_combo_row_set_model (self->regime_row, G_LIST_MODEL (regime_labels));

  dd_setup_page_update (self, TRUE);
}

GtkWidget *
dd_setup_page_new (void)
{
  return g_object_new (DD_TYPE_SETUP_PAGE, NULL);
}

const char *
dd_setup_page_get_unit_code (DdSetupPage *self)
{
  g_return_val_if_fail (DD_IS_SETUP_PAGE (self), NULL);

  return self->unit_code;
}

gboolean
dd_setup_page_get_valid (DdSetupPage *self)
{
  g_return_val_if_fail (DD_IS_SETUP_PAGE (self), FALSE);

  return self->valid;
}
