/* dd-instruction-window.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-instruction-window.h"

#include <glib/gi18n.h>

#include "dd-gui-util.h"
#include "dd-time.h"

struct _DdInstructionWindow
{
  AdwWindow       parent_instance;

  DdStoreService *service;
  GCancellable   *cancellable;
  GPtrArray      *incident_ids;
  gint64          now_ms;
  gboolean        saving;

  /* Template widgets */
  GtkLabel       *error_label;
  GtkTextView    *text_view;
  AdwEntryRow    *issued_by_row;
  AdwEntryRow    *issued_at_row;
  AdwComboRow    *incident_row;
  AdwEntryRow    *feedback_due_row;
  GtkButton      *save_button;
};

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdInstructionWindow, dd_instruction_window, ADW_TYPE_WINDOW)

static char *
dup_stripped (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

/* Shows @message and marks @field (nullable) as the one to fix, giving
 * it the focus; everything typed stays. */
static void
show_error (DdInstructionWindow *self,
            GtkWidget           *field,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (field != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_grab_focus (field);
    }
}

static void
clear_errors (DdInstructionWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->text_view), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->issued_by_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->issued_at_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->feedback_due_row), "error");
}

static void
on_add_instruction_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DdInstructionWindow) self = user_data;
  g_autoptr(DdInstruction) saved = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  saved = dd_store_service_add_instruction_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);

  if (saved == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Not saved: %s"), error->message);
      show_error (self, NULL, message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, saved);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    dd_gui_add_toast (GTK_WIDGET (parent), _("The instruction is saved"));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_button_clicked_cb (GtkButton           *button,
                           DdInstructionWindow *self)
{
  dd_instruction_window_save (self);
}

static void
on_field_changed_cb (DdInstructionWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    clear_errors (self);
}

static gboolean
on_save_shortcut_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  dd_instruction_window_save (DD_INSTRUCTION_WINDOW (widget));
  return TRUE;
}

static void
dd_instruction_window_dispose (GObject *object)
{
  DdInstructionWindow *self = DD_INSTRUCTION_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_INSTRUCTION_WINDOW);

  G_OBJECT_CLASS (dd_instruction_window_parent_class)->dispose (object);
}

static void
dd_instruction_window_finalize (GObject *object)
{
  DdInstructionWindow *self = DD_INSTRUCTION_WINDOW (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->incident_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_instruction_window_parent_class)->finalize (object);
}

static void
dd_instruction_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DdInstructionWindow *self = DD_INSTRUCTION_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_instruction_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DdInstructionWindow *self = DD_INSTRUCTION_WINDOW (object);

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
dd_instruction_window_class_init (DdInstructionWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_instruction_window_dispose;
  object_class->finalize = dd_instruction_window_finalize;
  object_class->get_property = dd_instruction_window_get_property;
  object_class->set_property = dd_instruction_window_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdInstructionWindow::saved:
   * @instruction: (type DdInstruction): the instruction as saved
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_INSTRUCTION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-instruction-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdInstructionWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, DdInstructionWindow, text_view);
  gtk_widget_class_bind_template_child (widget_class, DdInstructionWindow, issued_by_row);
  gtk_widget_class_bind_template_child (widget_class, DdInstructionWindow, issued_at_row);
  gtk_widget_class_bind_template_child (widget_class, DdInstructionWindow, incident_row);
  gtk_widget_class_bind_template_child (widget_class, DdInstructionWindow, feedback_due_row);
  gtk_widget_class_bind_template_child (widget_class, DdInstructionWindow, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dd_instruction_window_init (DdInstructionWindow *self)
{
  GtkEventController *controller;
  GtkShortcutAction *action;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* Ctrl+Enter saves even from the text, which takes a plain Enter. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  action = gtk_callback_action_new (on_save_shortcut_cb, NULL, NULL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          action));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->issued_by_row, "changed",
                           G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->issued_at_row, "changed",
                           G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feedback_due_row, "changed",
                           G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
}

DdInstructionWindow *
dd_instruction_window_new (DdStoreService *service,
                           GPtrArray      *incidents,
                           gint64          now_ms)
{
  DdInstructionWindow *self;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *now_text = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  self = g_object_new (DD_TYPE_INSTRUCTION_WINDOW, "service", service, NULL);
  self->now_ms = now_ms;

  now = dd_time_beijing_from_ms (now_ms);
  now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");
  gtk_editable_set_text (GTK_EDITABLE (self->issued_at_row), now_text);

  self->incident_ids = g_ptr_array_new_with_free_func (g_free);
  /* Translators: the instruction concerns no incident */
  gtk_string_list_append (labels, _("None"));
  for (guint i = 0; incidents != NULL && i < incidents->len; i++)
    {
      DdIncidentSummary *incident = g_ptr_array_index (incidents, i);
      const char *description = dd_incident_summary_get_description (incident);
      g_autofree char *label = NULL;

      if (description != NULL && description[0] != '\0')
        /* Translators: an incident in a list: its number and what happened */
        label = g_strdup_printf (_("%s · %s"), dd_incident_summary_get_number (incident), description);
      else
        label = g_strdup (dd_incident_summary_get_number (incident));
      gtk_string_list_append (labels, label);
      g_ptr_array_add (self->incident_ids, g_strdup (dd_incident_summary_get_id (incident)));
    }
  adw_combo_row_set_model (self->incident_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->incident_row, 0);

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));

  return self;
}

void
dd_instruction_window_save (DdInstructionWindow *self)
{
  g_autoptr(DdInstruction) instruction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *by = NULL;
  g_autofree char *issued_text = NULL;
  g_autofree char *due_text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  gint64 issued_at = 0;
  gint64 due = 0;
  guint selected;

  g_return_if_fail (DD_IS_INSTRUCTION_WINDOW (self));

  if (self->saving)
    return;

  clear_errors (self);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  by = dup_stripped (GTK_EDITABLE (self->issued_by_row));
  issued_text = dup_stripped (GTK_EDITABLE (self->issued_at_row));
  due_text = dup_stripped (GTK_EDITABLE (self->feedback_due_row));

  if (text[0] == '\0')
    {
      show_error (self, GTK_WIDGET (self->text_view), _("Type what the leader instructed."));
      return;
    }
  if (by[0] == '\0')
    {
      show_error (self, GTK_WIDGET (self->issued_by_row), _("Name the leader who gave the instruction."));
      return;
    }
  if (!dd_gui_parse_instant (issued_text, self->now_ms, &issued_at))
    {
      show_error (self, GTK_WIDGET (self->issued_at_row),
                  _("When it was given is not a time: write YYYY-MM-DD HH:MM, or HH:MM for today."));
      return;
    }
  if (due_text[0] != '\0')
    {
      if (!dd_gui_parse_instant (due_text, issued_at, &due))
        {
          show_error (self, GTK_WIDGET (self->feedback_due_row),
                      _("The feedback time is not a time: write HH:MM, or YYYY-MM-DD HH:MM."));
          return;
        }
      /* "HH:MM" earlier than the time given is on the next day. */
      if (due <= issued_at && strchr (due_text, '-') == NULL)
        due += G_GINT64_CONSTANT (86400000);
      if (due <= issued_at)
        {
          show_error (self, GTK_WIDGET (self->feedback_due_row),
                      _("Feedback must be due after the instruction was given."));
          return;
        }
    }

  instruction = dd_instruction_new (NULL, text, by, issued_at);
  instruction->feedback_due = due;
  selected = adw_combo_row_get_selected (self->incident_row);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->incident_ids->len)
    instruction->incident_id = g_strdup (g_ptr_array_index (self->incident_ids, selected - 1));

  if (!dd_instruction_validate (instruction, &error))
    {
      show_error (self, NULL, error->message);
      return;
    }

  self->saving = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  dd_store_service_add_instruction_async (self->service, instruction, self->cancellable,
                                          on_add_instruction_cb, g_object_ref (self));
}
