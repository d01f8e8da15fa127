/* dd-report-dialog.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-report-dialog.h"

#include <glib/gi18n.h>

#include "dd-desk.h"
#include "dd-enum-types.h"
#include "dd-gui-util.h"
#include "dd-incident.h"
#include "dd-reporting.h"
#include "dd-reporting-ui.h"
#include "dd-time.h"
#include "dd-uuid.h"

/* A report typed in the minute the incident was received counts from the
 * receipt; one more than this ahead of the clock is refused. */
#define FUTURE_SLACK_MS (60 * 1000)

struct _DdReportDialog
{
  AdwWindow          parent_instance;

  DdStoreService    *service;
  DdIncidentRules   *rules;
  GCancellable      *cancellable;

  /* What the dialog keeps of the incident */
  char              *incident_id;
  GPtrArray         *events;        /* of DdIncidentEvent: the stored ones */
  DdIncidentState   *state;
  DdLevel            level;
  guint              level_known : 1;
  guint              late : 1;
  guint              ready : 1;
  guint              saving : 1;
  guint              finished : 1;

  /* Template widgets */
  AdwWindowTitle    *window_title;
  GtkDropDown       *kind_dropdown;
  GtkDropDown       *recipient_dropdown;
  GtkLabel          *unit_label;
  GtkEntry          *unit_entry;
  GtkDropDown       *channel_dropdown;
  GtkEntry          *time_entry;
  GtkLabel          *time_error_label;
  GtkEntry          *officer_entry;
  GtkTextView       *content_view;
  GtkLabel          *clock_label;
  GtkLabel          *reason_label;
  GtkEntry          *reason_entry;
  GtkLabel          *reason_hint_label;
  GtkLabel          *error_label;
};

enum {
  PROP_0,
  PROP_OFFICER,
  PROP_KIND,
  PROP_REPORT_CONTENT,
  PROP_LATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdReportDialog, dd_report_dialog, ADW_TYPE_WINDOW)

/* The recipient picker, in its order; the last row is a unit typed by name. */
static const struct {
  const char *recipient;
  const char *label;
} recipients[] = {
  { DD_RECIPIENT_PROVINCE, N_("Province") },
  { DD_RECIPIENT_PREFECTURE, N_("Prefecture") },
  { DD_RECIPIENT_STATE_COUNCIL, N_("State Council") },
  { NULL, N_("Another unit") },
};

#define OTHER_RECIPIENT (G_N_ELEMENTS (recipients) - 1)

static char *
dup_content (DdReportDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->content_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *stripped == '\0';
}

/* The recipient chosen (a machine name or a unit's name), or %NULL while
 * the unit is not named. (transfer full) */
static char *
dup_recipient (DdReportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->recipient_dropdown);

  if (selected < OTHER_RECIPIENT)
    return g_strdup (recipients[selected].recipient);
  if (is_blank (gtk_editable_get_text (GTK_EDITABLE (self->unit_entry))))
    return NULL;

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->unit_entry))));
}

static DdReportChannel
get_channel (DdReportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->channel_dropdown);

  return selected <= DD_REPORT_CHANNEL_SYSTEM ? (DdReportChannel) selected : DD_REPORT_CHANNEL_PHONE;
}

static void
select_recipient (DdReportDialog *self,
                  const char     *recipient)
{
  for (guint i = 0; i < OTHER_RECIPIENT; i++)
    if (g_strcmp0 (recipients[i].recipient, recipient) == 0)
      {
        gtk_drop_down_set_selected (self->recipient_dropdown, i);
        return;
      }

  gtk_drop_down_set_selected (self->recipient_dropdown, OTHER_RECIPIENT);
  gtk_editable_set_text (GTK_EDITABLE (self->unit_entry), recipient != NULL ? recipient : "");
}

/* The report's time from the time field: FALSE with @message set when it
 * is not a time the report can have. */
static gboolean
parse_time (DdReportDialog  *self,
            gint64          *at,
            char           **message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->time_entry));

  if (!dd_time_parse_minutes (text, at))
    {
      *message = g_strdup (_("Write the time as YYYY-MM-DD HH:MM (Beijing time)"));
      return FALSE;
    }

  /* In the minute of receipt: the report follows the receipt. */
  if (*at < self->state->received_at && *at > self->state->received_at - 60 * 1000)
    *at = self->state->received_at;

  if (*at < self->state->received_at)
    {
      g_autofree char *received = dd_time_format_minutes (self->state->received_at);

      /* Translators: %s is when the incident was received, "2026-07-01 10:05" */
      *message = g_strdup_printf (_("The report cannot be made before the incident was received (%s)"),
                                  received);
      return FALSE;
    }

  if (*at > g_get_real_time () / 1000 + FUTURE_SLACK_MS)
    {
      *message = g_strdup (_("The report cannot be in the future"));
      return FALSE;
    }

  return TRUE;
}

/* The REPORT event for what is typed (no id yet), or %NULL. */
static DdIncidentEvent *
build_event (DdReportDialog  *self,
             gboolean         with_reason,
             char           **message)
{
  g_autofree char *recipient = dup_recipient (self);
  g_autofree char *content = NULL;
  DdIncidentEvent *event;
  const char *officer;
  gint64 at = 0;

  if (!parse_time (self, &at, message))
    return NULL;
  if (recipient == NULL)
    {
      *message = g_strdup (_("Name the unit the report was made to"));
      return NULL;
    }

  event = dd_incident_event_new (NULL, self->incident_id, DD_INCIDENT_EVENT_KIND_REPORT, at);
  event->report_kind = dd_report_dialog_get_kind (self);
  event->report_channel = get_channel (self);
  event->report_to = g_steal_pointer (&recipient);
  officer = gtk_editable_get_text (GTK_EDITABLE (self->officer_entry));
  if (!is_blank (officer))
    event->recorded_by = g_strstrip (g_strdup (officer));
  content = g_strstrip (dup_content (self));
  if (*content != '\0')
    event->report_content = g_steal_pointer (&content);
  if (with_reason && !is_blank (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))))
    event->reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));

  return event;
}

/* The clock @event would meet, judged by core as the store will: the
 * incident derived with the report added, its clocks at the report's
 * time. (transfer full) (nullable) */
static DdReportClock *
find_met_clock (DdReportDialog  *self,
                DdIncidentEvent *event,
                GError         **error)
{
  DdReportingRules *reporting = dd_incident_rules_get_reporting (self->rules);
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  g_autoptr(DdIncidentEvent) preview = dd_incident_event_copy (event);
  g_autoptr(DdIncidentState) after = NULL;
  g_autoptr(DdReportingResult) result = NULL;

  preview->id = dd_uuid7_new (event->received_at);
  for (guint i = 0; i < self->events->len; i++)
    g_ptr_array_add (events, g_ptr_array_index (self->events, i));
  g_ptr_array_add (events, preview);

  after = dd_incident_derive (dd_incident_rules_get_grading (self->rules),
                              dd_incident_rules_get_taxonomy (self->rules), events, error);
  if (after == NULL)
    return NULL;

  result = dd_reporting_compute (reporting, self->level, after, event->received_at);
  for (guint i = 0; i < result->clocks->len; i++)
    {
      DdReportClock *clock = g_ptr_array_index (result->clocks, i);

      if (g_strcmp0 (clock->met_by, preview->id) == 0)
        return g_ptr_array_steal_index (result->clocks, i);
    }

  return NULL;
}

static char *
dup_clock_text (DdReportClock *clock,
                gint64         at)
{
  g_autoptr(GDateTime) due = dd_time_beijing_from_ms (clock->due_at);
  g_autofree char *due_text = g_date_time_format (due, "%H:%M");
  const char *to = dd_recipient_get_label (clock->recipient);

  if (clock->status == DD_CLOCK_STATUS_LATE)
    {
      g_autofree char *over = dd_reporting_ui_format_limit (at - clock->due_at);

      /* Translators: "LATE: the report to the province was due at 14:32 (12 minutes ago)" */
      return g_strdup_printf (_("LATE: the report to %s was due at %s (%s ago)"), to, due_text, over);
    }

  /* Translators: "On time: meets the report to the province due at 14:32" */
  return g_strdup_printf (_("On time: meets the report to %s due at %s"), to, due_text);
}

static void
set_late (DdReportDialog *self,
          gboolean        late)
{
  if (self->late == !!late)
    return;

  self->late = !!late;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATE]);
}

/* Checks what is typed, shows the clock the report meets and whether it
 * is late, and enables saving when the report can be saved. */
static void
update_status (DdReportDialog *self)
{
  DdReportingRules *reporting = dd_incident_rules_get_reporting (self->rules);
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *time_message = NULL;
  g_autofree char *clock_text = NULL;
  gboolean late = FALSE;
  gboolean ready = FALSE;
  gint64 at;

  gtk_widget_set_visible (GTK_WIDGET (self->unit_label),
                          gtk_drop_down_get_selected (self->recipient_dropdown) == OTHER_RECIPIENT);
  gtk_widget_set_visible (GTK_WIDGET (self->unit_entry),
                          gtk_drop_down_get_selected (self->recipient_dropdown) == OTHER_RECIPIENT);

  if (!parse_time (self, &at, &time_message))
    {
      gtk_label_set_text (self->time_error_label, time_message);
      gtk_widget_add_css_class (GTK_WIDGET (self->time_entry), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_entry), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->time_error_label), time_message != NULL);

  event = time_message == NULL ? build_event (self, FALSE, &message) : NULL;
  if (event == NULL)
    clock_text = g_strdup (message);
  else if (reporting == NULL)
    {
      clock_text = g_strdup (_("No reporting deadlines are configured"));
      ready = TRUE;
    }
  else if (!self->level_known)
    clock_text = g_strdup (_("Reading the desk…"));
  else
    {
      g_autoptr(DdReportingResult) before = NULL;
      g_autoptr(DdReportClock) clock = NULL;

      /* Late as the store judges it: a clock overdue at the report's time. */
      before = dd_reporting_compute (reporting, self->level, self->state, event->received_at);
      late = dd_reporting_result_report_is_late (before, event->report_to, event->report_channel);

      clock = find_met_clock (self, event, &error);
      if (error != NULL)
        clock_text = g_strdup (error->message);
      else
        {
          if (clock != NULL)
            clock_text = dup_clock_text (clock, event->received_at);
          else if (late)
            clock_text = g_strdup (_("LATE: a report to this recipient is overdue"));
          else
            clock_text = g_strdup (_("This report meets no running reporting deadline"));
          ready = TRUE;
        }
    }

  gtk_label_set_text (self->clock_label, clock_text != NULL ? clock_text : "");
  if (late)
    gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->clock_label), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), late);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_entry), late);
  if (late && is_blank (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))))
    {
      gtk_label_set_text (self->reason_hint_label,
                          _("Required: the report is late, so the reason must be recorded"));
      gtk_widget_add_css_class (GTK_WIDGET (self->reason_entry), "error");
      ready = FALSE;
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->reason_entry), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_hint_label),
                          late && is_blank (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));

  set_late (self, late);
  self->ready = ready;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report-dialog.save", ready && !self->saving);
}

/* Keeps copies of @detail's events and derives the incident again. */
static void
take_incident (DdReportDialog   *self,
               DdIncidentDetail *detail)
{
  g_autoptr(GError) error = NULL;
  DdIncidentState *state = detail->state;

  self->incident_id = g_strdup (state->incident_id);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_incident_event_free);
  for (guint i = 0; i < state->history->len; i++)
    {
      const DdIncidentHistoryEntry *entry = g_ptr_array_index (state->history, i);

      g_ptr_array_add (self->events, dd_incident_event_copy (entry->event));
    }

  self->state = dd_incident_derive (dd_incident_rules_get_grading (self->rules),
                                    dd_incident_rules_get_taxonomy (self->rules),
                                    self->events, &error);
  /* The store derived it from the same events with the same rules. */
  if (self->state == NULL)
    g_error ("The incident no longer derives: %s", error->message);
}

/* The recipient of @step's clock, else of the first running one. */
static const char *
default_recipient (DdIncidentDetail *detail,
                   const char       *step)
{
  if (detail->reporting == NULL)
    return DD_RECIPIENT_PROVINCE;

  if (step != NULL)
    {
      DdReportClock *clock = dd_reporting_result_find (detail->reporting, step);

      if (clock != NULL)
        return clock->recipient;
    }

  for (guint i = 0; i < detail->reporting->clocks->len; i++)
    {
      DdReportClock *clock = g_ptr_array_index (detail->reporting->clocks, i);

      if (clock->status == DD_CLOCK_STATUS_PENDING ||
          clock->status == DD_CLOCK_STATUS_DUE_SOON ||
          clock->status == DD_CLOCK_STATUS_OVERDUE)
        return clock->recipient;
    }

  return DD_RECIPIENT_PROVINCE;
}

/* ------------------------------------------------------------------ callbacks */

static void
on_field_changed_cb (DdReportDialog *self)
{
  /* Fields change as the template goes away too. */
  if (self->content_view == NULL)
    return;

  dd_label_show_message (self->error_label, NULL);
  update_status (self);
}

static void
on_kind_dropdown_selected_cb (DdReportDialog *self)
{
  if (self->content_view == NULL)
    return;

  /* A final report is a written one. */
  if (dd_report_dialog_get_kind (self) == DD_REPORT_KIND_FINAL)
    gtk_drop_down_set_selected (self->channel_dropdown, DD_REPORT_CHANNEL_WRITTEN);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  on_field_changed_cb (self);
}

static void
on_get_desk_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdReportDialog) self = user_data;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  desk = dd_store_service_get_desk_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->finished)
    return;

  if (desk == NULL)
    {
      /* Translators: %s is why the desk could not be read */
      dd_label_show_messagef (self->error_label, _("Could not read the desk: %s"), error->message);
      return;
    }

  self->level = dd_desk_get_level (desk);
  self->level_known = TRUE;
  update_status (self);
}

static void
on_add_event_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DdReportDialog) self = user_data;
  g_autoptr(DdIncidentSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = dd_store_service_add_incident_event_finish (DD_STORE_SERVICE (object), result, &error);
  self->saving = FALSE;

  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s is why the report could not be saved */
      dd_label_show_messagef (self->error_label, _("Could not save the report: %s"), error->message);
      update_status (self);
      return;
    }

  self->finished = TRUE;
  g_signal_emit (self, signals[SAVED], 0, summary);
  dd_window_destroy_soon (GTK_WINDOW (self));
}

static void
dd_report_dialog_save_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  dd_report_dialog_save (DD_REPORT_DIALOG (widget));
}

/* ------------------------------------------------------------------ vfuncs */

static gboolean
dd_report_dialog_close_request (GtkWindow *window)
{
  DdReportDialog *self = DD_REPORT_DIALOG (window);

  /* A save on its way completes: the store has it or shows why not. */
  if (self->saving)
    return TRUE;

  self->finished = TRUE;
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (dd_report_dialog_parent_class)->close_request (window);
}

static void
dd_report_dialog_dispose (GObject *object)
{
  DdReportDialog *self = DD_REPORT_DIALOG (object);

  self->finished = TRUE;
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_REPORT_DIALOG);

  G_OBJECT_CLASS (dd_report_dialog_parent_class)->dispose (object);
}

static void
dd_report_dialog_finalize (GObject *object)
{
  DdReportDialog *self = DD_REPORT_DIALOG (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->incident_id, g_free);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->state, dd_incident_state_free);

  G_OBJECT_CLASS (dd_report_dialog_parent_class)->finalize (object);
}

static void
dd_report_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DdReportDialog *self = DD_REPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_OFFICER:
      g_value_set_string (value, dd_report_dialog_get_officer (self));
      break;

    case PROP_KIND:
      g_value_set_enum (value, dd_report_dialog_get_kind (self));
      break;

    case PROP_REPORT_CONTENT:
      g_value_take_string (value, dd_report_dialog_dup_report_content (self));
      break;

    case PROP_LATE:
      g_value_set_boolean (value, self->late);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_report_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DdReportDialog *self = DD_REPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_OFFICER:
      dd_report_dialog_set_officer (self, g_value_get_string (value));
      break;

    case PROP_KIND:
      dd_report_dialog_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_REPORT_CONTENT:
      dd_report_dialog_set_report_content (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_report_dialog_class_init (DdReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dd_report_dialog_dispose;
  object_class->finalize = dd_report_dialog_finalize;
  object_class->get_property = dd_report_dialog_get_property;
  object_class->set_property = dd_report_dialog_set_property;

  window_class->close_request = dd_report_dialog_close_request;

  properties[PROP_OFFICER] =
    g_param_spec_string ("officer", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DD_TYPE_REPORT_KIND, DD_REPORT_KIND_INITIAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REPORT_CONTENT] =
    g_param_spec_string ("report-content", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LATE] =
    g_param_spec_boolean ("late", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdReportDialog::saved:
   * @self: the dialog
   * @summary: the incident as listed after the report
   *
   * The report is in the store; the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_INCIDENT_SUMMARY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, recipient_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, unit_label);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, unit_entry);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, time_entry);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, time_error_label);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, officer_entry);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, content_view);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, clock_label);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, reason_hint_label);
  gtk_widget_class_bind_template_child (widget_class, DdReportDialog, error_label);

  gtk_widget_class_install_action (widget_class, "report-dialog.save", NULL, dd_report_dialog_save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dd_report_dialog_init (DdReportDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) to = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  g_autofree char *now = NULL;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  for (guint i = DD_REPORT_KIND_INITIAL; i <= DD_REPORT_KIND_FINAL; i++)
    gtk_string_list_append (kinds, dd_report_kind_get_label ((DdReportKind) i));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));

  for (guint i = 0; i < G_N_ELEMENTS (recipients); i++)
    gtk_string_list_append (to, _(recipients[i].label));
  gtk_drop_down_set_model (self->recipient_dropdown, G_LIST_MODEL (to));

  for (guint i = DD_REPORT_CHANNEL_PHONE; i <= DD_REPORT_CHANNEL_SYSTEM; i++)
    gtk_string_list_append (channels, dd_report_channel_get_label ((DdReportChannel) i));
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (channels));

  now = dd_time_format_minutes (g_get_real_time () / 1000);
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), now);

  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (on_kind_dropdown_selected_cb), self);
  g_signal_connect_swapped (self->recipient_dropdown, "notify::selected", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->unit_entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->channel_dropdown, "notify::selected", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->time_entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->reason_entry, "changed", G_CALLBACK (on_field_changed_cb), self);

  /* Ctrl+Enter saves even from inside the content (captured before the
   * text view sees the key). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("report-dialog.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report-dialog.save", FALSE);
}

/* ------------------------------------------------------------------ public */

DdReportDialog *
dd_report_dialog_new (DdStoreService   *service,
                      DdIncidentRules  *rules,
                      DdIncidentDetail *detail,
                      const char       *step)
{
  DdReportDialog *self;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (detail != NULL && detail->state != NULL, NULL);

  self = g_object_new (DD_TYPE_REPORT_DIALOG, NULL);
  self->service = g_object_ref (service);
  self->rules = dd_incident_rules_ref (rules);
  take_incident (self, detail);

  /* Translators: the report dialog's subtitle: the incident's number */
  subtitle = g_strdup_printf (_("Incident %s"), dd_incident_summary_get_number (detail->summary));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  dd_report_dialog_set_kind (self, self->state->reports->len == 0 ? DD_REPORT_KIND_INITIAL
                                                                  : DD_REPORT_KIND_FOLLOWUP);
  select_recipient (self, default_recipient (detail, step));
  update_status (self);

  dd_store_service_get_desk_async (self->service, self->cancellable, on_get_desk_cb,
                                   g_object_ref (self));

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->kind_dropdown));

  return self;
}

const char *
dd_report_dialog_get_officer (DdReportDialog *self)
{
  g_return_val_if_fail (DD_IS_REPORT_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->officer_entry));
}

void
dd_report_dialog_set_officer (DdReportDialog *self,
                              const char     *officer)
{
  g_return_if_fail (DD_IS_REPORT_DIALOG (self));

  if (g_strcmp0 (officer != NULL ? officer : "", dd_report_dialog_get_officer (self)) == 0)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->officer_entry), officer != NULL ? officer : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICER]);
}

DdReportKind
dd_report_dialog_get_kind (DdReportDialog *self)
{
  guint selected;

  g_return_val_if_fail (DD_IS_REPORT_DIALOG (self), DD_REPORT_KIND_INITIAL);

  selected = gtk_drop_down_get_selected (self->kind_dropdown);
  return selected <= DD_REPORT_KIND_FINAL ? (DdReportKind) selected : DD_REPORT_KIND_INITIAL;
}

void
dd_report_dialog_set_kind (DdReportDialog *self,
                           DdReportKind    kind)
{
  g_return_if_fail (DD_IS_REPORT_DIALOG (self));
  g_return_if_fail (kind <= DD_REPORT_KIND_FINAL);

  if (gtk_drop_down_get_selected (self->kind_dropdown) == (guint) kind)
    return;

  /* notifies through on_kind_dropdown_selected_cb() */
  gtk_drop_down_set_selected (self->kind_dropdown, kind);
}

char *
dd_report_dialog_dup_report_content (DdReportDialog *self)
{
  g_return_val_if_fail (DD_IS_REPORT_DIALOG (self), NULL);

  return dup_content (self);
}

void
dd_report_dialog_set_report_content (DdReportDialog *self,
                              const char     *content)
{
  g_autofree char *current = NULL;

  g_return_if_fail (DD_IS_REPORT_DIALOG (self));

  current = dup_content (self);
  if (g_strcmp0 (current, content != NULL ? content : "") == 0)
    return;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->content_view),
                            content != NULL ? content : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT_CONTENT]);
}

gboolean
dd_report_dialog_get_late (DdReportDialog *self)
{
  g_return_val_if_fail (DD_IS_REPORT_DIALOG (self), FALSE);

  return self->late;
}

void
dd_report_dialog_save (DdReportDialog *self)
{
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (DD_IS_REPORT_DIALOG (self));

  if (self->saving || self->finished)
    return;

  update_status (self);
  if (!self->ready)
    return;

  event = build_event (self, self->late, &message);
  if (event == NULL)
    {
      dd_label_show_message (self->error_label, message);
      return;
    }

  dd_label_show_message (self->error_label, NULL);
  self->saving = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report-dialog.save", FALSE);
  dd_store_service_add_incident_event_async (self->service, self->rules, event, self->cancellable,
                                             on_add_event_cb, g_object_ref (self));
}
