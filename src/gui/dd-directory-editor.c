/* dd-directory-editor.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-directory-editor.h"

#include <glib/gi18n.h>

#include "dd-directory-page.h"
#include "dd-directory-request.h"

struct _DdDirectoryEditor
{
  AdwWindow        parent_instance;

  DdStoreService  *service;
  GCancellable    *cancellable;
  DdDirectoryKind  kind;
  char            *id;
  char           **values;      /* the cells to start from, for a new entry */
  char            *verifier;
  gboolean         verify;
  GPtrArray       *fields;      /* one widget per column */
  GPtrArray       *errors;      /* one GtkLabel per column */
  char            *publisher_name;  /* another unit's entry: a request to it */
  guint            loaded : 1;
  guint            saving : 1;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  GtkButton       *save_button;
  GtkLabel        *message_label;
  GtkLabel        *request_label;
  AdwPreferencesGroup *request_group;
  AdwEntryRow     *note_row;
  AdwPreferencesGroup *fields_group;
};

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdDirectoryEditor, dd_directory_editor, ADW_TYPE_WINDOW)

static void
dd_directory_editor_update_ready (DdDirectoryEditor *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), dd_directory_editor_get_ready (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
set_field_text (GtkWidget  *field,
                const char *text)
{
  if (GTK_IS_TEXT_VIEW (field))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (field), text);
}

static char *
dup_field_text (GtkWidget *field)
{
  GtkTextIter start, end;
  GtkTextBuffer *buffer;

  if (!GTK_IS_TEXT_VIEW (field))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
dd_directory_editor_fill (DdDirectoryEditor  *self,
                          const char * const *values)
{
  for (guint i = 0; i < self->fields->len; i++)
    set_field_text (g_ptr_array_index (self->fields, i),
                    values != NULL && values[i] != NULL ? values[i] : "");
}

/* Shows @problems under their fields (none: clears them). */
static void
dd_directory_editor_show_problems (DdDirectoryEditor *self,
                                   GPtrArray         *problems)
{
  const DdDirectoryColumn *columns;
  GtkWidget *first = NULL;
  guint n;

  columns = dd_directory_kind_get_columns (self->kind, &n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *field = g_ptr_array_index (self->fields, i);
      GtkLabel *label = g_ptr_array_index (self->errors, i);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint j = 0; problems != NULL && j < problems->len; j++)
        {
          DdDirectoryProblem *problem = g_ptr_array_index (problems, j);

          if (g_strcmp0 (problem->column, columns[i].name) != 0)
            continue;
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, problem->message);
        }

      gtk_label_set_text (label, text->str);
      gtk_widget_set_visible (GTK_WIDGET (label), text->len > 0);
      if (text->len > 0)
        {
          gtk_widget_add_css_class (field, "error");
          if (first == NULL)
            first = field;
        }
      else
        gtk_widget_remove_css_class (field, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   text->len > 0 ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }

  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static void
show_message (DdDirectoryEditor *self,
              const char        *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
dd_directory_editor_add_fields (DdDirectoryEditor *self)
{
  const DdDirectoryColumn *columns;
  guint n;

  columns = dd_directory_kind_get_columns (self->kind, &n);
  for (guint i = 0; i < n; i++)
    {
      const char *label = dd_directory_column_get_label (columns[i].name);
      g_autofree char *title = columns[i].required
                               /* Translators: the title of a field that must be filled */
                               ? g_strdup_printf (_("%s (required)"), label)
                               : g_strdup (label);
      g_autofree char *name = g_strdup_printf ("editor-%s", columns[i].name);
      g_autofree char *error_name = g_strdup_printf ("editor-%s-error", columns[i].name);
      GtkWidget *field;
      GtkWidget *error;

      if (g_str_equal (columns[i].name, "sections"))
        {
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
          GtkWidget *heading = gtk_label_new (title);
          GtkWidget *hint = gtk_label_new (_("“Heading|text” for each section, sections separated by “||”"));
          GtkWidget *frame = gtk_frame_new (NULL);

          field = gtk_text_view_new ();
          gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (field), GTK_WRAP_WORD_CHAR);
          gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (field), FALSE);
          gtk_widget_set_size_request (field, -1, 160);
          gtk_text_view_set_left_margin (GTK_TEXT_VIEW (field), 6);
          gtk_text_view_set_right_margin (GTK_TEXT_VIEW (field), 6);
          gtk_text_view_set_top_margin (GTK_TEXT_VIEW (field), 6);
          gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (field), 6);
          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_widget_add_css_class (heading, "heading");
          gtk_label_set_xalign (GTK_LABEL (hint), 0);
          gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
          gtk_widget_add_css_class (hint, "caption");
          gtk_widget_add_css_class (hint, "dim-label");
          gtk_frame_set_child (GTK_FRAME (frame), field);
          gtk_box_append (GTK_BOX (box), heading);
          gtk_box_append (GTK_BOX (box), frame);
          gtk_box_append (GTK_BOX (box), hint);
          gtk_widget_set_margin_top (box, 12);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (field),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL, -1);
          adw_preferences_group_add (self->fields_group, box);
        }
      else
        {
          field = adw_entry_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field), title);
          gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
          adw_preferences_group_add (self->fields_group, field);
        }
      gtk_widget_set_name (field, name);

      error = gtk_label_new (NULL);
      gtk_widget_set_name (error, error_name);
      gtk_label_set_xalign (GTK_LABEL (error), 0);
      gtk_label_set_wrap (GTK_LABEL (error), TRUE);
      gtk_widget_set_margin_start (error, 12);
      gtk_widget_set_margin_top (error, 3);
      gtk_widget_add_css_class (error, "error");
      gtk_widget_add_css_class (error, "caption");
      gtk_widget_set_visible (error, FALSE);
      adw_preferences_group_add (self->fields_group, error);

      g_ptr_array_add (self->fields, field);
      g_ptr_array_add (self->errors, error);
    }
}

/* Another unit publishes the entry: saving sends it a change request. */
static void
dd_directory_editor_set_request (DdDirectoryEditor *self,
                                 const char        *publisher_name)
{
  g_autofree char *info = NULL;
  const char *title = self->verify ? _("Correct Entry: Request") : _("Request Change");

  g_free (self->publisher_name);
  self->publisher_name = g_strdup (publisher_name);

  /* Translators: %s is the unit that publishes the entry, "贵州省" */
  info = g_strdup_printf (_("%s publishes this entry. What you change here goes to it as a change request; "
                            "the entry changes on this desk when it accepts."), publisher_name);
  gtk_label_set_text (self->request_label, info);
  gtk_widget_set_visible (GTK_WIDGET (self->request_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->request_group), TRUE);
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_button_set_label (self->save_button, self->verify ? _("Send Request and _Verify") : _("Send _Request"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), _("Send the request (Ctrl+Enter)"));
}

/* ------------------------------------------------------------------ callbacks */

static void
on_details_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DdDirectoryEditor *self = user_data;
  g_autoptr(DdDirectoryDetails) details = NULL;
  g_autoptr(GError) error = NULL;

  details = dd_store_service_directory_get_details_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (details == NULL)
    {
      show_message (self, error->message);
      return;
    }

  dd_directory_editor_fill (self, (const char * const *) details->row->values);
  adw_window_title_set_subtitle (self->window_title, dd_directory_entry_get_name (details->entry));
  if (!details->own)
    dd_directory_editor_set_request (self, details->publisher_name);
  self->loaded = TRUE;
  dd_directory_editor_update_ready (self);
}

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DdDirectoryEditor *self = user_data;
  g_autoptr(DdDirectoryEdit) edit = NULL;
  g_autoptr(GError) error = NULL;

  if (self->publisher_name != NULL)
    edit = dd_store_service_directory_request_change_finish (DD_STORE_SERVICE (object), result, &error);
  else
    edit = dd_store_service_directory_edit_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  dd_directory_editor_update_ready (self);

  if (edit == NULL)
    {
      show_message (self, error->message);
      return;
    }

  dd_directory_editor_show_problems (self, edit->problems);
  if (edit->problems->len > 0)
    {
      show_message (self, g_dngettext (GETTEXT_PACKAGE,
                                       "Nothing was saved: one field needs fixing",
                                       "Nothing was saved: some fields need fixing",
                                       edit->problems->len));
      return;
    }

  if (edit->request != NULL)
    g_signal_emit (self, signals[REQUESTED], 0, edit->request->publisher_name);
  else
    g_signal_emit (self, signals[SAVED], 0, edit->id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_save_button_clicked_cb (GtkButton         *button,
                           DdDirectoryEditor *self)
{
  dd_directory_editor_save (self);
}

static gboolean
on_save_shortcut_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  dd_directory_editor_save (DD_DIRECTORY_EDITOR (widget));
  return TRUE;
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_directory_editor_dispose (GObject *object)
{
  DdDirectoryEditor *self = DD_DIRECTORY_EDITOR (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_DIRECTORY_EDITOR);

  G_OBJECT_CLASS (dd_directory_editor_parent_class)->dispose (object);
}

static void
dd_directory_editor_finalize (GObject *object)
{
  DdDirectoryEditor *self = DD_DIRECTORY_EDITOR (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->values, g_strfreev);
  g_clear_pointer (&self->verifier, g_free);
  g_clear_pointer (&self->publisher_name, g_free);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_directory_editor_parent_class)->finalize (object);
}

static void
dd_directory_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DdDirectoryEditor *self = DD_DIRECTORY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, dd_directory_editor_get_ready (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_directory_editor_class_init (DdDirectoryEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_directory_editor_dispose;
  object_class->finalize = dd_directory_editor_finalize;
  object_class->get_property = dd_directory_editor_get_property;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdDirectoryEditor::saved:
   * @id: the entry's id
   *
   * The entry was written (and verified, for a correction).
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * DdDirectoryEditor::requested:
   * @publisher: the name of the unit asked
   *
   * The entry is another unit's: a change request was sent to it (and
   * for a correction, the verification recorded).
   */
  signals[REQUESTED] =
    g_signal_new ("requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-directory-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryEditor, request_label);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryEditor, request_group);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryEditor, note_row);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryEditor, fields_group);
  gtk_widget_class_bind_template_callback (widget_class, on_save_button_clicked_cb);
}

static void
dd_directory_editor_init (DdDirectoryEditor *self)
{
  GtkEventController *controller;
  const guint keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->fields = g_ptr_array_new ();
  self->errors = g_ptr_array_new ();

  /* Ctrl+Enter saves from any field, the sections' text too: before the
   * field sees the key. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i], GDK_CONTROL_MASK),
                                                            gtk_callback_action_new (on_save_shortcut_cb,
                                                                                     NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ------------------------------------------------------------------ public */

DdDirectoryEditor *
dd_directory_editor_new (DdStoreService     *service,
                         DdDirectoryKind     kind,
                         const char         *id,
                         const char * const *values,
                         gboolean            verify,
                         const char         *verifier)
{
  DdDirectoryEditor *self;
  const char *title;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (id != NULL || !verify, NULL);

  self = g_object_new (DD_TYPE_DIRECTORY_EDITOR, NULL);
  self->service = g_object_ref (service);
  self->kind = kind;
  self->id = g_strdup (id);
  self->verify = verify;
  self->verifier = g_strdup (verifier);

  dd_directory_editor_add_fields (self);

  if (verify)
    {
      title = _("Correct Entry");
      gtk_button_set_label (self->save_button, _("Save and _Verify"));
    }
  else
    {
      title = id != NULL ? _("Edit Entry") : _("New Entry");
      gtk_button_set_label (self->save_button, _("_Save"));
    }
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_subtitle (self->window_title, dd_directory_kind_to_label (kind));

  if (id != NULL)
    dd_store_service_directory_get_details_async (service, kind, id, self->cancellable, on_details_cb, self);
  else
    {
      dd_directory_editor_fill (self, values);
      self->loaded = TRUE;
      dd_directory_editor_update_ready (self);
    }

  return self;
}

gboolean
dd_directory_editor_get_ready (DdDirectoryEditor *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_EDITOR (self), FALSE);

  return self->loaded && !self->saving;
}

GtkWidget *
dd_directory_editor_get_field (DdDirectoryEditor *self,
                               const char        *column)
{
  int i;

  g_return_val_if_fail (DD_IS_DIRECTORY_EDITOR (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  i = dd_directory_kind_find_column (self->kind, column);
  return i >= 0 ? g_ptr_array_index (self->fields, i) : NULL;
}

void
dd_directory_editor_save (DdDirectoryEditor *self)
{
  g_auto(GStrv) values = NULL;

  g_return_if_fail (DD_IS_DIRECTORY_EDITOR (self));

  if (!dd_directory_editor_get_ready (self))
    return;

  values = g_new0 (char *, self->fields->len + 1);
  for (guint i = 0; i < self->fields->len; i++)
    values[i] = dup_field_text (g_ptr_array_index (self->fields, i));

  self->saving = TRUE;
  show_message (self, NULL);
  dd_directory_editor_update_ready (self);
  if (self->publisher_name != NULL)
    dd_store_service_directory_request_change_async (self->service, self->kind, self->id,
                                                     (const char * const *) values, self->verify, self->verifier,
                                                     gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                                                     self->cancellable, on_saved_cb, self);
  else
    dd_store_service_directory_edit_async (self->service, self->kind, self->id, (const char * const *) values,
                                           self->verify, self->verifier, NULL,
                                           self->cancellable, on_saved_cb, self);
}
