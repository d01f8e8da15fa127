/* dd-incident-view.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-incident-view.h"

#include <glib/gi18n.h>

#include "dd-directory.h"
#include "dd-gui-util.h"
#include "dd-division.h"
#include "dd-incident.h"
#include "dd-incident-editor.h"
#include "dd-receipt-badge.h"
#include "dd-report-dialog.h"
#include "dd-report-draft-window.h"
#include "dd-reporting.h"
#include "dd-roster-store.h"
#include "dd-staff.h"
#include "dd-taxonomy.h"
#include "dd-time.h"

#define N_SUGGESTIONS 3

struct _DdIncidentView
{
  GtkWidget          parent_instance;

  DdStoreService    *service;
  GCancellable      *cancellable;
  GCancellable      *load_cancellable;
  DdIncidentRules   *rules;
  char              *officer;
  char              *leader;           /* on duty, for report drafts */
  char              *incident_id;
  char              *pending_report;   /* a step to record once loaded */
  DdIncidentDetail  *detail;
  DdDirectorySuggestions *suggestions;
  gulong             changed_id;
  DdReceiptTracker  *receipts;
  char              *watched_id;       /* the incident watched in receipts */

  /* Template widgets */
  GtkStack          *stack;
  GtkLabel          *number_label;
  GtkLabel          *subtype_label;
  GtkLabel          *status_label;
  GtkLabel          *error_label;
  GtkWidget         *receipt_box;
  DdReceiptBadge    *receipt_badge;
  GtkLabel          *receipt_label;
  GtkListBox        *clocks_list;
  GtkListBox        *grade_list;
  GtkListBox        *facts_list;
  GtkListBox        *suggestions_list;
  GtkListBox        *history_list;
  AdwToastOverlay   *toast_overlay;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_OFFICER,
  PROP_INCIDENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ADD_INFORMATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdIncidentView, dd_incident_view, GTK_TYPE_WIDGET)

static void dd_incident_view_reload (DdIncidentView *self);

/* ------------------------------------------------------------------ helpers */

static void
list_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A row of plain text (escaped: rows take markup). */
static GtkWidget *
list_add (GtkListBox *list,
          const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title_markup = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  if (subtitle != NULL && *subtitle != '\0')
    {
      g_autofree char *subtitle_markup = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_append (list, row);

  return row;
}

static GtkWidget *
row_add_button (GtkWidget  *row,
                const char *label,
                const char *action,
                GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return button;
}

static char *
describe_clock (DdReportClock *clock)
{
  g_autofree char *due = dd_gui_format_ms (clock->due_at, "%m-%d %H:%M");
  g_autofree char *met = NULL;

  switch (clock->status)
    {
    case DD_CLOCK_STATUS_MET:
    case DD_CLOCK_STATUS_LATE:
      met = dd_gui_format_ms (clock->met_at, "%m-%d %H:%M");
      /* Translators: "Reported in time at 11-30 14:20 (due 11-30 14:32)" */
      return g_strdup_printf (_("%1$s at %2$s (due %3$s)"),
                              dd_clock_status_get_label (clock->status), met, due);

    case DD_CLOCK_STATUS_CANCELLED:
    case DD_CLOCK_STATUS_PENDING:
    case DD_CLOCK_STATUS_DUE_SOON:
    case DD_CLOCK_STATUS_OVERDUE:
    default:
      /* Translators: "Due soon — due 11-30 14:32" */
      return g_strdup_printf (_("%1$s — due %2$s"), dd_clock_status_get_label (clock->status), due);
    }
}

static gboolean
clock_runs (DdReportClock *clock)
{
  return clock->status == DD_CLOCK_STATUS_PENDING ||
         clock->status == DD_CLOCK_STATUS_DUE_SOON ||
         clock->status == DD_CLOCK_STATUS_OVERDUE;
}

/* "Initial report to the province by phone". */
static char *
describe_report (const DdIncidentEvent *event)
{
  /* Translators: report kind, recipient, channel: "Initial report to the province — Phone" */
  return g_strdup_printf (_("%1$s to %2$s — %3$s"),
                          dd_report_kind_get_label (event->report_kind),
                          dd_recipient_get_label (event->report_to),
                          dd_report_channel_get_label (event->report_channel));
}

static char *
describe_facts (const DdIncidentEvent *event)
{
  GString *text = g_string_new (NULL);

  for (guint fact = 0; fact < DD_N_FACTS; fact++)
    {
      g_autofree char *value = dd_facts_format_value (&event->facts, fact);

      if (value == NULL)
        continue;
      if (text->len > 0)
        /* Translators: separates facts in a list: "Deaths: 3, Injured: 5" */
        g_string_append (text, _(", "));
      /* Translators: "Deaths: 3" */
      g_string_append_printf (text, _("%s: %s"), dd_fact_get_label (fact), value);
    }

  return g_string_free (text, FALSE);
}

static void
show_history_entry (DdIncidentView               *self,
                    const DdIncidentHistoryEntry *entry)
{
  const DdIncidentEvent *event = entry->event;
  g_autofree char *when = dd_gui_format_ms (event->received_at, "%m-%d %H:%M");
  g_autofree char *what = NULL;
  g_autofree char *title = NULL;
  g_autofree char *facts = describe_facts (event);
  GString *subtitle = g_string_new (NULL);

  if (event->kind == DD_INCIDENT_EVENT_KIND_REPORT)
    what = describe_report (event);
  else if (event->kind == DD_INCIDENT_EVENT_KIND_REGRADE && event->grade != DD_GRADE_NONE)
    /* Translators: "Grade set by officer: Grade II (major)" */
    what = g_strdup_printf (_("%s: %s"), dd_incident_event_kind_get_label (event->kind),
                            dd_grade_get_label (event->grade));
  else
    what = g_strdup (dd_incident_event_kind_get_label (event->kind));

  /* Translators: time and what happened: "11-30 14:02 · Logged" */
  title = g_strdup_printf (_("%1$s · %2$s"), when, what);

  if (event->note != NULL && *event->note != '\0')
    g_string_append (subtitle, event->note);
  if (event->report_content != NULL && *event->report_content != '\0')
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", event->report_content);
  if (*facts != '\0')
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", facts);
  for (guint text = 0; text < DD_N_INCIDENT_TEXTS; text++)
    {
      const char *value = event->texts[text];
      g_autofree char *path = NULL;

      if (value == NULL || *value == '\0' || g_strcmp0 (value, event->note) == 0)
        continue;
      if (text == DD_INCIDENT_TEXT_DIVISION)
        path = dd_division_table_dup_path (dd_division_table_get_default (), value);
      if (path != NULL && *path != '\0')
        value = path;
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, _("%s: %s"), dd_incident_text_get_label (text), value);
    }
  if (event->reason != NULL && *event->reason != '\0')
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", event->reason);
  if (entry->grade_changed)
    /* Translators: the grade after an event changed it */
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "",
                            entry->effective_grade == DD_GRADE_NONE
                              ? _("Grade: to be set by the officer")
                              : dd_grade_get_label (entry->effective_grade));
  if (event->recorded_by != NULL && *event->recorded_by != '\0')
    {
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      /* Translators: who recorded an event */
      g_string_append_printf (subtitle, _("By %s"), event->recorded_by);
    }

  list_add (self->history_list, title, subtitle->str);
  g_string_free (subtitle, TRUE);
}

static void
show_suggestions (DdIncidentView *self)
{
  GListModel *models[4] = { NULL, };
  gboolean any = FALSE;

  list_clear (self->suggestions_list);
  if (self->suggestions != NULL)
    {
      models[0] = self->suggestions->teams;
      models[1] = self->suggestions->experts;
      models[2] = self->suggestions->warehouses;
      models[3] = self->suggestions->plans;
    }

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      guint n = models[m] != NULL ? g_list_model_get_n_items (models[m]) : 0;

      for (guint i = 0; i < MIN (n, N_SUGGESTIONS); i++)
        {
          g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (models[m], i);
          const char * const *phones = dd_directory_entry_get_phones (entry);
          g_autofree char *subtitle = NULL;
          GtkWidget *row;

          subtitle = g_strjoin (" · ",
                                dd_directory_kind_to_label (dd_directory_entry_get_kind (entry)),
                                dd_directory_entry_get_division_name (entry),
                                phones[0] != NULL ? phones[0] : "",
                                NULL);
          row = list_add (self->suggestions_list, dd_directory_entry_get_name (entry), subtitle);
          gtk_widget_set_name (row, dd_directory_entry_get_id (entry));
          if (phones[0] != NULL && self->detail != NULL &&
              self->detail->state->status == DD_INCIDENT_STATUS_OPEN)
            row_add_button (row, _("_Log Contact"), "incident.log-contact",
                            g_variant_new_string (dd_directory_entry_get_id (entry)));
          any = TRUE;
        }
    }

  if (!any)
    list_add (self->suggestions_list, _("No suggestions in the directory"), NULL);
}

static void
show_detail (DdIncidentView *self)
{
  DdIncidentDetail *detail = self->detail;
  DdIncidentState *state = detail->state;
  g_autofree char *received = dd_gui_format_ms (state->received_at, "%Y-%m-%d %H:%M");
  g_autofree char *status = NULL;
  g_autofree char *basis = NULL;
  gboolean open = state->status == DD_INCIDENT_STATUS_OPEN;

  gtk_label_set_text (self->number_label, dd_incident_summary_get_number (detail->summary));
  gtk_label_set_text (self->subtype_label, dd_taxonomy_get_name (dd_taxonomy_get_default (), state->subtype));
  /* Translators: status and when the first information came: "Open · received 2026-11-30 14:02" */
  status = g_strdup_printf (_("%1$s · received %2$s"), dd_incident_status_get_label (state->status), received);
  gtk_label_set_text (self->status_label, status);

  /* Reporting clocks */
  list_clear (self->clocks_list);
  for (guint i = 0; detail->reporting != NULL && i < detail->reporting->clocks->len; i++)
    {
      DdReportClock *clock = g_ptr_array_index (detail->reporting->clocks, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = describe_clock (clock);
      GtkWidget *row;

      /* Translators: "Report to the province (grade II)" */
      title = g_strdup_printf (_("Report to %1$s (%2$s)"), dd_recipient_get_label (clock->recipient),
                               dd_grade_get_label (clock->grade));
      row = list_add (self->clocks_list, title, subtitle);
      gtk_widget_set_name (row, clock->step);
      if (clock->status == DD_CLOCK_STATUS_OVERDUE)
        gtk_widget_add_css_class (row, "error");
      else if (clock->status == DD_CLOCK_STATUS_DUE_SOON)
        gtk_widget_add_css_class (row, "warning");
      if (clock_runs (clock) && open)
        {
          GtkWidget *button = row_add_button (row, _("_Record Report…"), "incident.record-report",
                                              g_variant_new_string (clock->step));

          gtk_widget_add_css_class (button, "suggested-action");
        }
    }
  if (detail->reporting == NULL || detail->reporting->clocks->len == 0)
    list_add (self->clocks_list, _("No reporting deadline"), NULL);

  /* Grade */
  list_clear (self->grade_list);
  basis = state->computed != NULL ? dd_grade_result_dup_text (state->computed) : NULL;
  list_add (self->grade_list,
            state->effective_grade == DD_GRADE_NONE ? _("To be set by the officer")
                                                    : dd_grade_get_label (state->effective_grade),
            basis);
  if (state->override_grade != DD_GRADE_NONE)
    {
      g_autofree char *computed = NULL;

      /* Translators: the grade the rules give, beside the officer's */
      computed = g_strdup_printf (_("Computed: %s"),
                                  state->computed != NULL && state->computed->grade != DD_GRADE_NONE
                                    ? dd_grade_get_label (state->computed->grade) : _("none"));
      list_add (self->grade_list, computed, state->override_reason);
    }

  /* Facts and texts */
  list_clear (self->facts_list);
  for (guint fact = 0; fact < DD_N_FACTS; fact++)
    {
      g_autofree char *value = dd_facts_format_value (&state->facts, fact);

      if (value != NULL)
        list_add (self->facts_list, dd_fact_get_label (fact), value);
    }
  for (guint text = 0; text < DD_N_INCIDENT_TEXTS; text++)
    {
      const char *value = state->texts[text];

      if (value != NULL && *value != '\0' && text != DD_INCIDENT_TEXT_DIVISION)
        list_add (self->facts_list, dd_incident_text_get_label (text), value);
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->facts_list)) == NULL)
    list_add (self->facts_list, _("None given yet"), NULL);

  /* History, newest first: the latest information is what is asked for. */
  list_clear (self->history_list);
  for (guint i = state->history->len; i > 0; i--)
    show_history_entry (self, g_ptr_array_index (state->history, i - 1));

  show_suggestions (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.add-information", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.edit", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.record-report", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.change-grade", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.close", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.reopen", !open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.log-contact", open);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "incident");
}

/* How far the incident (with its information) has got on its way to the
 * provincial server. */
static void
show_receipt (DdIncidentView *self)
{
  const DdReceipt *receipt = NULL;
  g_autofree char *text = NULL;

  if (self->receipts != NULL && self->watched_id != NULL)
    receipt = dd_receipt_tracker_lookup (self->receipts, "incident", self->watched_id);
  gtk_widget_set_visible (self->receipt_box, receipt != NULL);
  if (receipt == NULL)
    return;

  text = dd_receipt_describe (receipt, g_get_real_time () / 1000);
  gtk_label_set_text (self->receipt_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->receipt_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->receipt_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->receipt_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->receipt_label), "dim-label");
  switch (receipt->state)
    {
    case DD_RECEIPT_STATE_ACCEPTED:
      gtk_widget_add_css_class (GTK_WIDGET (self->receipt_label), "success");
      break;
    case DD_RECEIPT_STATE_PARKED:
      gtk_widget_add_css_class (GTK_WIDGET (self->receipt_label), "warning");
      break;
    case DD_RECEIPT_STATE_REJECTED:
      gtk_widget_add_css_class (GTK_WIDGET (self->receipt_label), "error");
      break;
    case DD_RECEIPT_STATE_LOCAL:
    case DD_RECEIPT_STATE_QUEUED:
    case DD_RECEIPT_STATE_SENT:
    default:
      gtk_widget_add_css_class (GTK_WIDGET (self->receipt_label), "dim-label");
      break;
    }
}

/* Follows the receipt of the incident shown (and of no other). */
static void
watch_receipt (DdIncidentView *self,
               const char     *incident_id)
{
  if (self->receipts == NULL || g_strcmp0 (self->watched_id, incident_id) == 0)
    return;

  if (self->watched_id != NULL)
    dd_receipt_tracker_unwatch (self->receipts, "incident", self->watched_id);
  g_free (self->watched_id);
  self->watched_id = g_strdup (incident_id);
  if (self->watched_id != NULL)
    dd_receipt_tracker_watch (self->receipts, "incident", self->watched_id);
  dd_receipt_badge_set_record (self->receipt_badge, self->receipts, "incident", self->watched_id);
  show_receipt (self);
}

static void
show_error (DdIncidentView *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
toast (DdIncidentView *self,
       const char     *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* ------------------------------------------------------------------ events */

static void
on_add_event_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DdIncidentView) self = user_data;
  g_autoptr(DdIncidentSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = dd_store_service_add_incident_event_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (summary == NULL)
    show_error (self, error->message);
  /* The service's "changed" reloads the view. */
}

/* Appends @event (kind and fields set; ids and incident filled in here). */
static void
append_event (DdIncidentView  *self,
              DdIncidentEvent *event)
{
  g_return_if_fail (self->incident_id != NULL);

  g_free (event->incident_id);
  event->incident_id = g_strdup (self->incident_id);
  if (event->recorded_by == NULL && self->officer != NULL && *self->officer != '\0')
    event->recorded_by = g_strdup (self->officer);

  dd_store_service_add_incident_event_async (self->service, self->rules, event, self->cancellable,
                                             on_add_event_cb, g_object_ref (self));
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
open_report_dialog (DdIncidentView *self,
                    const char     *step)
{
  DdReportDialog *dialog;

  dialog = dd_report_dialog_new (self->service, self->rules, self->detail,
                                 step != NULL && *step != '\0' ? step : NULL);
  dd_report_dialog_set_officer (dialog, self->officer);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ load */

/* Who is on duty now: recorded with events, written into drafts. */
static void
on_get_on_call_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdIncidentView) self = user_data;
  g_autoptr(DdOnCall) on_call = NULL;

  on_call = dd_store_service_get_on_call_finish (DD_STORE_SERVICE (object), result, NULL);
  if (on_call == NULL)
    return;

  if (on_call->officers->len > 0 && self->officer == NULL)
    {
      DdOnCallEntry *entry = g_ptr_array_index (on_call->officers, 0);

      g_object_set (self, "officer", dd_staff_get_name (entry->staff), NULL);
    }
  if (on_call->leaders->len > 0)
    {
      DdOnCallEntry *entry = g_ptr_array_index (on_call->leaders, 0);

      g_free (self->leader);
      self->leader = g_strdup (dd_staff_get_name (entry->staff));
    }
}

static void
on_suggest_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DdIncidentView *self = user_data;
  g_autoptr(DdDirectorySuggestions) suggestions = NULL;
  g_autoptr(GError) error = NULL;

  suggestions = dd_store_service_directory_suggest_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->suggestions, dd_directory_suggestions_free);
  self->suggestions = g_steal_pointer (&suggestions);
  if (self->detail != NULL)
    show_suggestions (self);
}

static void
on_get_incident_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DdIncidentView *self = user_data;
  g_autoptr(DdIncidentDetail) detail = NULL;
  g_autoptr(GError) error = NULL;
  const char *division;

  detail = dd_store_service_get_incident_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (detail == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "incident");
      show_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->detail, dd_incident_detail_free);
  self->detail = g_steal_pointer (&detail);
  show_detail (self);
  watch_receipt (self, dd_incident_summary_get_id (self->detail->summary));

  if (self->pending_report != NULL)
    {
      g_autofree char *step = g_steal_pointer (&self->pending_report);

      open_report_dialog (self, step);
    }

  division = dd_incident_state_get_text (self->detail->state, DD_INCIDENT_TEXT_DIVISION);
  if (division == NULL || *division == '\0')
    division = dd_incident_summary_get_owner_unit (self->detail->summary);
  dd_store_service_directory_suggest_async (self->service, self->detail->state->subtype,
                                            division, N_SUGGESTIONS,
                                            self->load_cancellable, on_suggest_cb, self);
}

static void
dd_incident_view_reload (DdIncidentView *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->incident_id == NULL || self->service == NULL)
    {
      g_clear_pointer (&self->detail, dd_incident_detail_free);
      g_clear_pointer (&self->suggestions, dd_directory_suggestions_free);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  dd_store_service_get_incident_async (self->service, self->rules, self->incident_id, 0,
                                       self->load_cancellable, on_get_incident_cb, self);
}

/* ------------------------------------------------------------------ actions */

static void
add_information_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (widget);

  if (self->incident_id != NULL)
    g_signal_emit (self, signals[ADD_INFORMATION], 0, self->incident_id);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (widget);
  DdIncidentEditor *editor;

  if (self->detail == NULL)
    return;

  editor = dd_incident_editor_new (self->service, self->rules, self->detail);
  dd_incident_editor_set_officer (editor, self->officer);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
record_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dd_incident_view_record_report (DD_INCIDENT_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
draft_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (widget);
  DdReportKind kind;
  DdReportDraftWindow *window;

  if (self->detail == NULL ||
      !dd_report_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    return;

  window = dd_report_draft_window_new (self->service, self->rules, self->detail, kind);
  dd_report_draft_window_set_officer (window, self->officer);
  dd_report_draft_window_set_leader (window, self->leader);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_regrade_reason_changed_cb (GtkEditable     *editable,
                              AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (dialog, "change", *reason != '\0');
}

static void
on_regrade_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        DdIncidentView   *self)
{
  GtkDropDown *grades = g_object_get_data (G_OBJECT (dialog), "grades");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autoptr(DdIncidentEvent) event = NULL;
  guint selected;

  if (g_strcmp0 (response, "change") != 0)
    return;

  /* Rows: Grade I … IV, then "use the computed grade". */
  selected = gtk_drop_down_get_selected (grades);
  event = dd_incident_event_new (NULL, self->incident_id, DD_INCIDENT_EVENT_KIND_REGRADE, now_ms ());
  event->grade = selected < 4 ? (DdGrade) (DD_GRADE_I + selected) : DD_GRADE_NONE;
  event->reason = g_strstrip (g_strdup (gtk_editable_get_text (reason)));
  append_event (self, event);
}

static void
change_grade_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (widget);
  const char *grades[] = {
    dd_grade_get_label (DD_GRADE_I), dd_grade_get_label (DD_GRADE_II),
    dd_grade_get_label (DD_GRADE_III), dd_grade_get_label (DD_GRADE_IV),
    _("The computed grade"), NULL,
  };
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *dropdown;
  GtkWidget *reason;
  DdGrade current;

  if (self->detail == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Change Grade"),
                                   _("The grade computed from the facts stays on record beside yours."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  dropdown = gtk_drop_down_new_from_strings (grades);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Grade"), -1);
  current = self->detail->state->effective_grade;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                              current == DD_GRADE_NONE ? 4 : (guint) (current - DD_GRADE_I));
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason (required)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "change", _("C_hange Grade"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "change");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change", FALSE);

  g_object_set_data (G_OBJECT (dialog), "grades", dropdown);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_signal_connect (reason, "changed", G_CALLBACK (on_regrade_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_regrade_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
}

static void
on_close_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      DdIncidentView   *self)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "close") != 0)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));
  event = dd_incident_event_new (NULL, self->incident_id, DD_INCIDENT_EVENT_KIND_CLOSE, now_ms ());
  event->reason = *text != '\0' ? g_steal_pointer (&text) : NULL;
  append_event (self, event);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *reason;

  if (self->detail == NULL)
    return;

  /* Translators: %s is an incident's number */
  heading = g_strdup_printf (_("Close Incident %s?"), dd_incident_summary_get_number (self->detail->summary));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("Running reporting clocks stop. A closed incident can be reopened."));
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("_Close Incident"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (widget);
  g_autoptr(DdIncidentEvent) event = NULL;

  if (self->detail == NULL)
    return;

  event = dd_incident_event_new (NULL, self->incident_id, DD_INCIDENT_EVENT_KIND_REOPEN, now_ms ());
  append_event (self, event);
  toast (self, _("Incident reopened"));
}

static DdDirectoryEntry *
find_suggestion (DdIncidentView *self,
                 const char     *entry_id)
{
  GListModel *models[4];

  if (self->suggestions == NULL)
    return NULL;

  models[0] = self->suggestions->teams;
  models[1] = self->suggestions->experts;
  models[2] = self->suggestions->warehouses;
  models[3] = self->suggestions->plans;
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    for (guint i = 0; models[m] != NULL && i < g_list_model_get_n_items (models[m]); i++)
      {
        g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (models[m], i);

        if (g_strcmp0 (dd_directory_entry_get_id (entry), entry_id) == 0)
          return g_steal_pointer (&entry);
      }

  return NULL;
}

/* A contact made, as a new piece of information in the history. */
static void
log_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (widget);
  g_autoptr(DdDirectoryEntry) entry = find_suggestion (self, g_variant_get_string (parameter, NULL));
  g_autoptr(DdIncidentEvent) event = NULL;
  const char * const *phones;

  if (entry == NULL || self->detail == NULL)
    return;

  phones = dd_directory_entry_get_phones (entry);
  event = dd_incident_event_new (NULL, self->incident_id, DD_INCIDENT_EVENT_KIND_UPDATE, now_ms ());
  /* Translators: a call made from the suggestions: "Contacted 省矿山救护队 (Rescue team), 0851-1234567" */
  event->note = g_strdup_printf (_("Contacted %1$s (%2$s), %3$s"),
                                 dd_directory_entry_get_name (entry),
                                 dd_directory_kind_to_label (dd_directory_entry_get_kind (entry)),
                                 phones[0] != NULL ? phones[0] : "");
  append_event (self, event);
  toast (self, _("Contact logged"));
}

/* ------------------------------------------------------------------ callbacks */

static void
on_service_changed_cb (DdIncidentView *self)
{
  dd_incident_view_reload (self);
}

static void
on_receipts_changed_cb (DdReceiptTracker *tracker,
                        const char       *record_kind,
                        const char       *record_id,
                        DdIncidentView   *self)
{
  if (g_str_equal (record_kind, "incident") && g_strcmp0 (record_id, self->watched_id) == 0)
    show_receipt (self);
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_incident_view_set_service (DdIncidentView *self,
                              DdStoreService *service)
{
  if (service == NULL || self->service == service)
    return;

  g_assert (self->service == NULL);
  self->service = g_object_ref (service);
  self->changed_id = g_signal_connect_swapped (service, "changed",
                                               G_CALLBACK (on_service_changed_cb), self);
  self->receipts = g_object_ref (dd_receipt_tracker_get_for_service (service));
  g_signal_connect (self->receipts, "changed", G_CALLBACK (on_receipts_changed_cb), self);
  dd_store_service_get_on_call_async (service, g_get_real_time () / 1000, self->cancellable,
                                      on_get_on_call_cb, g_object_ref (self));
  dd_incident_view_reload (self);
}

static void
dd_incident_view_dispose (GObject *object)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->changed_id != 0)
    g_clear_signal_handler (&self->changed_id, self->service);
  if (self->receipts != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->receipts, self);
      if (self->watched_id != NULL)
        dd_receipt_tracker_unwatch (self->receipts, "incident", self->watched_id);
      g_clear_pointer (&self->watched_id, g_free);
      g_clear_object (&self->receipts);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_INCIDENT_VIEW);

  G_OBJECT_CLASS (dd_incident_view_parent_class)->dispose (object);
}

static void
dd_incident_view_finalize (GObject *object)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->detail, dd_incident_detail_free);
  g_clear_pointer (&self->suggestions, dd_directory_suggestions_free);
  g_free (self->officer);
  g_free (self->leader);
  g_free (self->incident_id);
  g_free (self->pending_report);

  G_OBJECT_CLASS (dd_incident_view_parent_class)->finalize (object);
}

static void
dd_incident_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_OFFICER:
      g_value_set_string (value, self->officer);
      break;

    case PROP_INCIDENT_ID:
      g_value_set_string (value, self->incident_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_incident_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DdIncidentView *self = DD_INCIDENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_incident_view_set_service (self, g_value_get_object (value));
      break;

    case PROP_CANCELLABLE:
      if (g_value_get_object (value) != NULL)
        g_set_object (&self->cancellable, g_value_get_object (value));
      break;

    case PROP_OFFICER:
      if (g_strcmp0 (self->officer, g_value_get_string (value)) != 0)
        {
          g_free (self->officer);
          self->officer = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_INCIDENT_ID:
      dd_incident_view_set_incident_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_incident_view_class_init (DdIncidentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_incident_view_dispose;
  object_class->finalize = dd_incident_view_finalize;
  object_class->get_property = dd_incident_view_get_property;
  object_class->set_property = dd_incident_view_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * DdIncidentView:officer:
   *
   * The officer on duty, recorded with the events added here.
   */
  properties[PROP_OFFICER] =
    g_param_spec_string ("officer", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INCIDENT_ID] =
    g_param_spec_string ("incident-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdIncidentView::add-information:
   * @self: the view
   * @incident_id: the incident
   *
   * The officer has new information for the incident (a follow-up call).
   */
  signals[ADD_INFORMATION] =
    g_signal_new ("add-information",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (DD_TYPE_RECEIPT_BADGE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-incident-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, stack);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, number_label);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, subtype_label);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, status_label);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, error_label);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, receipt_box);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, receipt_badge);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, receipt_label);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, clocks_list);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, grade_list);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, facts_list);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, history_list);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentView, toast_overlay);

  gtk_widget_class_install_action (widget_class, "incident.add-information", NULL, add_information_action);
  gtk_widget_class_install_action (widget_class, "incident.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "incident.record-report", "s", record_report_action);
  gtk_widget_class_install_action (widget_class, "incident.draft", "s", draft_action);
  gtk_widget_class_install_action (widget_class, "incident.change-grade", NULL, change_grade_action);
  gtk_widget_class_install_action (widget_class, "incident.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "incident.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "incident.log-contact", "s", log_contact_action);
}

static void
dd_incident_view_init (DdIncidentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/* ------------------------------------------------------------------ public */

void
dd_incident_view_set_rules (DdIncidentView  *self,
                            DdIncidentRules *rules)
{
  g_return_if_fail (DD_IS_INCIDENT_VIEW (self));
  g_return_if_fail (rules != NULL);

  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  self->rules = dd_incident_rules_ref (rules);
}

void
dd_incident_view_set_incident_id (DdIncidentView *self,
                                  const char     *incident_id)
{
  g_return_if_fail (DD_IS_INCIDENT_VIEW (self));

  if (incident_id != NULL && *incident_id == '\0')
    incident_id = NULL;
  if (g_strcmp0 (self->incident_id, incident_id) == 0)
    return;

  g_free (self->incident_id);
  self->incident_id = g_strdup (incident_id);
  g_clear_pointer (&self->pending_report, g_free);
  g_clear_pointer (&self->detail, dd_incident_detail_free);
  g_clear_pointer (&self->suggestions, dd_directory_suggestions_free);
  dd_incident_view_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT_ID]);
}

const char *
dd_incident_view_get_incident_id (DdIncidentView *self)
{
  g_return_val_if_fail (DD_IS_INCIDENT_VIEW (self), NULL);

  return self->incident_id;
}

DdIncidentDetail *
dd_incident_view_get_detail (DdIncidentView *self)
{
  g_return_val_if_fail (DD_IS_INCIDENT_VIEW (self), NULL);

  return self->detail;
}

/* Opens the report dialog for @step ("" for the most urgent) of the
 * incident shown, as soon as it is loaded. */
void
dd_incident_view_record_report (DdIncidentView *self,
                                const char     *step)
{
  g_return_if_fail (DD_IS_INCIDENT_VIEW (self));

  if (self->incident_id == NULL)
    return;

  if (self->detail == NULL)
    {
      g_free (self->pending_report);
      self->pending_report = g_strdup (step != NULL ? step : "");
      return;
    }

  if (self->detail->state->status == DD_INCIDENT_STATUS_OPEN)
    open_report_dialog (self, step);
}
