/* dd-shifts-preferences-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-shifts-preferences-page.h"

#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-error.h"

struct _DdShiftsPreferencesPage
{
  AdwPreferencesPage  parent_instance;

  DdStoreService     *service;
  GCancellable       *cancellable;
  guint               n_pending;
  guint               again : 1;

  /* Template widgets */
  GtkSpinButton      *rest_spin;
  GtkLabel           *rest_error_label;
  GtkListBox         *template_list;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdShiftsPreferencesPage, dd_shifts_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

static void dd_shifts_preferences_page_reload (DdShiftsPreferencesPage *self);

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
add_toast (DdShiftsPreferencesPage *self,
           const char              *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static char *
describe_template (DdShiftTemplate *template_)
{
  g_autofree char *start = dd_duty_time_of_day_to_string (dd_shift_template_get_start_minute (template_));
  g_autofree char *end = dd_duty_time_of_day_to_string (dd_shift_template_get_end_minute (template_));
  guint required = dd_shift_template_get_required (template_);
  g_autofree char *people = g_strdup_printf (ngettext ("%u person", "%u people", required), required);

  /* Translators: e.g. "7x24 · Duty officer · 17:30 → 08:30 · 1 person" */
  return g_strdup_printf (_("%1$s · %2$s · %3$s → %4$s · %5$s"),
                          dd_regime_get_label (dd_shift_template_get_regime (template_)),
                          dd_position_get_label (dd_shift_template_get_position (template_)),
                          start, end, people);
}

/* ------------------------------------------------------------------ rest */

static gpointer
get_rest_job (DdStore   *store,
              gpointer   data,
              GError   **error)
{
  GError *local_error = NULL;
  guint *hours = g_new (guint, 1);

  *hours = dd_store_get_min_rest_hours (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      g_free (hours);
      return NULL;
    }

  return hours;
}

static gpointer
set_rest_job (DdStore   *store,
              gpointer   data,
              GError   **error)
{
  if (!dd_store_set_min_rest_hours (store, GPOINTER_TO_UINT (data), error))
    return NULL;

  return g_new0 (guint, 1);
}

static void dd_shifts_preferences_page_job_done (DdShiftsPreferencesPage *self);

static void
on_get_rest_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdShiftsPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *hours = NULL;

  hours = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  if (hours != NULL)
    gtk_spin_button_set_value (self->rest_spin, *hours);
  dd_shifts_preferences_page_job_done (self);
}

static void
on_set_rest_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdShiftsPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *done = NULL;

  done = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (done == NULL)
    {
      show_error (self->rest_error_label, error->message);
      return;
    }

  show_error (self->rest_error_label, NULL);
  add_toast (self, _("Saved"));
}

static void
on_rest_save_clicked_cb (GtkButton               *button,
                         DdShiftsPreferencesPage *self)
{
  int hours = gtk_spin_button_get_value_as_int (self->rest_spin);

  if (hours < 0 || hours > 48)
    {
      show_error (self->rest_error_label, _("The rest must be from 0 to 48 hours."));
      return;
    }

  show_error (self->rest_error_label, NULL);
  dd_store_service_run_async (self->service, set_rest_job, GUINT_TO_POINTER ((guint) hours), NULL,
                              g_free, TRUE, self->cancellable, on_set_rest_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ templates */

typedef struct
{
  DdShiftsPreferencesPage *self;
  GtkLabel                *error_label;
} SaveData;

static void
on_template_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = dd_store_service_save_shift_template_finish (DD_STORE_SERVICE (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (ok)
        {
          show_error (data->error_label, NULL);
          add_toast (data->self, _("Saved"));
        }
      else
        {
          show_error (data->error_label, error->message);
        }
    }

  g_object_unref (data->self);
  g_object_unref (data->error_label);
  g_free (data);
}

static void
on_template_save_clicked_cb (GtkButton               *button,
                             DdShiftsPreferencesPage *self)
{
  DdShiftTemplate *template_ = g_object_get_data (G_OBJECT (button), "dd-template");
  GtkEditable *start = g_object_get_data (G_OBJECT (button), "dd-start");
  GtkEditable *end = g_object_get_data (G_OBJECT (button), "dd-end");
  GtkSpinButton *required = g_object_get_data (G_OBJECT (button), "dd-required");
  GtkLabel *error_label = g_object_get_data (G_OBJECT (button), "dd-error");
  g_autoptr(DdShiftTemplate) edited = NULL;
  g_autoptr(GError) error = NULL;
  SaveData *data;

  edited = dd_shifts_preferences_edit_template (template_,
                                                gtk_editable_get_text (start),
                                                gtk_editable_get_text (end),
                                                (guint) gtk_spin_button_get_value_as_int (required),
                                                &error);
  if (edited == NULL)
    {
      show_error (error_label, error->message);
      return;
    }

  show_error (error_label, NULL);
  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->error_label = g_object_ref (error_label);
  dd_store_service_save_shift_template_async (self->service, edited, self->cancellable,
                                              on_template_saved_cb, data);
}

static GtkWidget *
create_template_row (DdShiftsPreferencesPage *self,
                     DdShiftTemplate         *template_)
{
  g_autofree char *subtitle = describe_template (template_);
  g_autofree char *start_text = dd_duty_time_of_day_to_string (dd_shift_template_get_start_minute (template_));
  g_autofree char *end_text = dd_duty_time_of_day_to_string (dd_shift_template_get_end_minute (template_));
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *start = adw_entry_row_new ();
  GtkWidget *end = adw_entry_row_new ();
  GtkWidget *required_row = adw_action_row_new ();
  GtkWidget *required = gtk_spin_button_new_with_range (1, 9, 1);
  GtkWidget *footer = adw_action_row_new ();
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkWidget *save = gtk_button_new_with_label (_("Save"));

  gtk_widget_set_name (row, "prefs-template");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dd_shift_template_get_name (template_));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  gtk_widget_set_name (start, "prefs-template-start");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (start), _("Start (HH:MM)"));
  gtk_editable_set_text (GTK_EDITABLE (start), start_text);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), start);

  gtk_widget_set_name (end, "prefs-template-end");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (end), _("End (HH:MM, at or before the start: next day)"));
  gtk_editable_set_text (GTK_EDITABLE (end), end_text);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), end);

  gtk_widget_set_name (required, "prefs-template-required");
  gtk_widget_set_valign (required, GTK_ALIGN_CENTER);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (required), dd_shift_template_get_required (template_));
  gtk_accessible_update_property (GTK_ACCESSIBLE (required),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("People needed"),
                                  -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (required_row), _("People needed"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (required_row), required);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), required_row);

  gtk_widget_set_name (error_label, "prefs-template-error");
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_set_hexpand (error_label, TRUE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_widget_set_name (save, "prefs-template-save");
  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (save, "suggested-action");
  g_object_set_data_full (G_OBJECT (save), "dd-template",
                          dd_shift_template_ref (template_), (GDestroyNotify) dd_shift_template_unref);
  g_object_set_data (G_OBJECT (save), "dd-start", start);
  g_object_set_data (G_OBJECT (save), "dd-end", end);
  g_object_set_data (G_OBJECT (save), "dd-required", required);
  g_object_set_data (G_OBJECT (save), "dd-error", error_label);
  g_signal_connect_object (save, "clicked", G_CALLBACK (on_template_save_clicked_cb), self, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (footer), error_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (footer), save);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), footer);

  return row;
}

static void
on_list_templates_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DdShiftsPreferencesPage) self = user_data;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  templates = dd_store_service_list_shift_templates_finish (DD_STORE_SERVICE (object), result, &error);
  if (templates != NULL)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->template_list))) != NULL)
        gtk_list_box_remove (self->template_list, child);
      for (guint i = 0; i < templates->len; i++)
        gtk_list_box_append (self->template_list,
                             create_template_row (self, g_ptr_array_index (templates, i)));
    }

  dd_shifts_preferences_page_job_done (self);
}

static void
dd_shifts_preferences_page_job_done (DdShiftsPreferencesPage *self)
{
  g_assert (self->n_pending > 0);
  if (--self->n_pending > 0)
    return;

  if (self->again)
    {
      self->again = FALSE;
      dd_shifts_preferences_page_reload (self);
      return;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
dd_shifts_preferences_page_reload (DdShiftsPreferencesPage *self)
{
  if (self->n_pending > 0)
    {
      self->again = TRUE;
      return;
    }

  self->n_pending = 2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  dd_store_service_run_async (self->service, get_rest_job, NULL, NULL, g_free, FALSE,
                              self->cancellable, on_get_rest_cb, g_object_ref (self));
  dd_store_service_list_shift_templates_async (self->service, self->cancellable,
                                               on_list_templates_cb, g_object_ref (self));
}

static void
on_service_changed_cb (DdStoreService          *service,
                       DdShiftsPreferencesPage *self)
{
  dd_shifts_preferences_page_reload (self);
}

static void
dd_shifts_preferences_page_constructed (GObject *object)
{
  DdShiftsPreferencesPage *self = DD_SHIFTS_PREFERENCES_PAGE (object);

  G_OBJECT_CLASS (dd_shifts_preferences_page_parent_class)->constructed (object);

  g_assert (DD_IS_STORE_SERVICE (self->service));
  g_signal_connect_object (self->service, "changed", G_CALLBACK (on_service_changed_cb), self, 0);
  dd_shifts_preferences_page_reload (self);
}

static void
dd_shifts_preferences_page_dispose (GObject *object)
{
  DdShiftsPreferencesPage *self = DD_SHIFTS_PREFERENCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_SHIFTS_PREFERENCES_PAGE);

  G_OBJECT_CLASS (dd_shifts_preferences_page_parent_class)->dispose (object);
}

static void
dd_shifts_preferences_page_finalize (GObject *object)
{
  DdShiftsPreferencesPage *self = DD_SHIFTS_PREFERENCES_PAGE (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dd_shifts_preferences_page_parent_class)->finalize (object);
}

static void
dd_shifts_preferences_page_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  DdShiftsPreferencesPage *self = DD_SHIFTS_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, dd_shifts_preferences_page_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_shifts_preferences_page_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  DdShiftsPreferencesPage *self = DD_SHIFTS_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_shifts_preferences_page_class_init (DdShiftsPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dd_shifts_preferences_page_constructed;
  object_class->dispose = dd_shifts_preferences_page_dispose;
  object_class->finalize = dd_shifts_preferences_page_finalize;
  object_class->get_property = dd_shifts_preferences_page_get_property;
  object_class->set_property = dd_shifts_preferences_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/dd-shifts-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdShiftsPreferencesPage, rest_spin);
  gtk_widget_class_bind_template_child (widget_class, DdShiftsPreferencesPage, rest_error_label);
  gtk_widget_class_bind_template_child (widget_class, DdShiftsPreferencesPage, template_list);
  gtk_widget_class_bind_template_callback (widget_class, on_rest_save_clicked_cb);
}

static void
dd_shifts_preferences_page_init (DdShiftsPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

GtkWidget *
dd_shifts_preferences_page_new (DdStoreService *service)
{
  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  return g_object_new (DD_TYPE_SHIFTS_PREFERENCES_PAGE, "service", service, NULL);
}

gboolean
dd_shifts_preferences_page_get_loaded (DdShiftsPreferencesPage *self)
{
  g_return_val_if_fail (DD_IS_SHIFTS_PREFERENCES_PAGE (self), FALSE);

  return self->n_pending == 0;
}

DdShiftTemplate *
dd_shifts_preferences_edit_template (DdShiftTemplate  *template_,
                                     const char       *start,
                                     const char       *end,
                                     guint             required,
                                     GError          **error)
{
  g_autoptr(DdShiftTemplate) edited = NULL;
  guint start_minute;
  guint end_minute;

  g_return_val_if_fail (template_ != NULL, NULL);

  if (start == NULL || !dd_duty_time_of_day_parse (start, &start_minute))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Write the start as HH:MM, e.g. 08:30."));
      return NULL;
    }
  if (end == NULL || !dd_duty_time_of_day_parse (end, &end_minute))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Write the end as HH:MM, e.g. 17:30."));
      return NULL;
    }
  if (required < 1 || required > 9)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("A shift needs from 1 to 9 people."));
      return NULL;
    }

  edited = dd_shift_template_new (dd_shift_template_get_id (template_),
                                  dd_shift_template_get_name (template_),
                                  dd_shift_template_get_position (template_),
                                  dd_shift_template_get_regime (template_),
                                  start_minute, end_minute, required);
  if (!dd_shift_template_validate (edited, error))
    return NULL;

  return g_steal_pointer (&edited);
}
