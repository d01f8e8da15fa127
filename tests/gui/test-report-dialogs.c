/* test-report-dialogs.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report dialog and the report draft window of an incident, on a real
 * temporary desk database, under Xvfb.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dd-incident-store.h"
#include "dd-report-dialog.h"
#include "dd-report-draft-window.h"
#include "dd-rules-loader.h"
#include "dd-store.h"
#include "dd-store-service.h"
#include "dd-time.h"
#include "roster-fixture.h"

#define MINUTE_MS (60 * 1000)
#define UNIT_NAME "南明区值班室"
#define OFFICER "王明"
#define LEADER "陈志强"

typedef struct
{
  char            *dir;
  char            *path;
  DdIncidentRules *rules;
  DdStoreService  *service;
  char            *incident_id;
  DdIncidentDetail *detail;
} Fixture;

static DdIncidentRules *
load_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) grading = dd_grading_rules_load_default (&error);
  g_autoptr(DdReportingRules) reporting = NULL;

  g_assert_no_error (error);
  reporting = dd_reporting_rules_load_default (&error);
  g_assert_no_error (error);

  return dd_incident_rules_new (grading, dd_taxonomy_get_default (), reporting);
}

static void
on_get_incident_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DdIncidentDetail **detail = user_data;
  g_autoptr(GError) error = NULL;

  *detail = dd_store_service_get_incident_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
}

/* The incident as the store has it now (after every queued write). */
static DdIncidentDetail *
read_incident (Fixture *fixture)
{
  DdIncidentDetail *detail = NULL;

  dd_store_service_get_incident_async (fixture->service, fixture->rules, fixture->incident_id, 0,
                                       NULL, on_get_incident_cb, &detail);
  WAIT_UNTIL (detail != NULL);

  return detail;
}

/* A desk of 南明区 (a county-level district) with one incident: a
 * production accident with 3 deaths (grade III: report to the province
 * within 2 hours), received @data minutes ago. */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 age_minutes = GPOINTER_TO_INT (data);
  gint64 now = g_get_real_time () / 1000;

  fixture->dir = g_dir_make_tmp ("duty-desk-reports-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);
  fixture->rules = load_rules ();

  {
    g_autoptr(DdStore) store = dd_store_open (fixture->path, &error);
    g_autoptr(DdDesk) desk = NULL;
    g_autoptr(DdIncidentEvent) event = NULL;
    g_autoptr(DdCall) call = NULL;
    DdCallInput input = { 0 };

    g_assert_no_error (error);
    desk = dd_store_init_desk (store, "520102", UNIT_NAME, DD_REGIME_7X24, FALSE, &error);
    g_assert_no_error (error);

    input.received_at = now - now % MINUTE_MS - age_minutes * MINUTE_MS;
    input.channel = DD_CALL_CHANNEL_PHONE;
    input.caller_unit = "花溪区应急局";
    input.summary = "花溪区某煤矿透水，3人死亡";
    input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;

    event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, input.received_at);
    event->subtype = g_strdup ("accident.production_safety");
    dd_facts_set_from_string (&event->facts, DD_FACT_DEATHS, "3", NULL);
    dd_incident_event_set_text (event, DD_INCIDENT_TEXT_LOCATION, "花溪区某煤矿");
    dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DIVISION, "520111");
    dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, input.summary);

    call = dd_store_log_call (store, fixture->rules, &input, event, &error);
    g_assert_no_error (error);
    fixture->incident_id = g_strdup (dd_call_get_incident_id (call));
  }

  fixture->service = dd_store_service_new (fixture->path, "test");
  fixture->detail = read_incident (fixture);
  g_assert_cmpint (dd_incident_summary_get_grade (fixture->detail->summary), ==, DD_GRADE_III);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->detail, dd_incident_detail_free);
  g_clear_object (&fixture->service);
  g_clear_pointer (&fixture->rules, dd_incident_rules_unref);
  roster_fixture_remove_tree (fixture->dir);
  g_free (fixture->incident_id);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static GtkWidget *
find_in (gpointer    window,
         const char *name)
{
  GtkWidget *widget = find_named_widget (GTK_WIDGET (window), name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
label_text (gpointer    window,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (find_in (window, name)));
}

static gboolean
label_shows (gpointer    window,
             const char *name,
             const char *text)
{
  GtkWidget *label = find_in (window, name);

  return gtk_widget_get_visible (label) && strstr (gtk_label_get_text (GTK_LABEL (label)), text) != NULL;
}

static gboolean
save_enabled (DdReportDialog *dialog)
{
  return gtk_widget_get_sensitive (find_in (dialog, "save"));
}

static DdReportDialog *
present_dialog (Fixture    *fixture,
                const char *step)
{
  DdReportDialog *dialog = dd_report_dialog_new (fixture->service, fixture->rules, fixture->detail, step);

  dd_report_dialog_set_officer (dialog, OFFICER);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  /* the desk is read: the clock is judged */
  WAIT_UNTIL (strstr (label_text (dialog, "clock-status"), "…") == NULL);

  return dialog;
}

static void
on_saved_cb (DdReportDialog     *dialog,
             DdIncidentSummary  *summary,
             DdIncidentSummary **out)
{
  *out = g_object_ref (summary);
}

static const DdReportClock *
province_clock (DdIncidentDetail *detail)
{
  const DdReportClock *clock = dd_reporting_result_find (detail->reporting, "report_province");

  g_assert_nonnull (clock);
  return clock;
}

static void
set_text (gpointer    window,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_in (window, name)), text);
}

/* A first report: initial, to the recipient of the running clock, by
 * phone, now, by the officer; every field has a mnemonic label; once a
 * report is made the next one defaults to a follow-up. */
static void
test_dialog_defaults (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const fields[] = {
    "kind", "recipient", "unit", "channel", "time", "officer", "content", "reason", NULL,
  };
  g_autofree char *before = dd_time_format_minutes (g_get_real_time () / 1000);
  DdReportDialog *dialog = present_dialog (fixture, NULL);
  g_autofree char *after = dd_time_format_minutes (g_get_real_time () / 1000);
  g_autoptr(DdIncidentSummary) saved = NULL;
  const char *time_text;

  g_assert_cmpint (dd_report_dialog_get_kind (dialog), ==, DD_REPORT_KIND_INITIAL);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (find_in (dialog, "recipient"))), ==, 0);
  g_assert_false (gtk_widget_get_visible (find_in (dialog, "unit")));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (find_in (dialog, "channel"))), ==,
                    DD_REPORT_CHANNEL_PHONE);
  time_text = gtk_editable_get_text (GTK_EDITABLE (find_in (dialog, "time")));
  g_assert_true (g_str_equal (time_text, before) || g_str_equal (time_text, after));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in (dialog, "officer"))), ==, OFFICER);
  g_assert_cmpstr (dd_report_dialog_get_officer (dialog), ==, OFFICER);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      GList *labels = gtk_widget_list_mnemonic_labels (find_in (dialog, fields[i]));

      g_assert_nonnull (labels);
      g_assert_true (gtk_label_get_use_underline (labels->data));
      g_list_free (labels);
    }

  /* 2 hours from receipt, received 30 minutes ago: on time, no reason asked */
  g_assert_true (label_shows (dialog, "clock-status", "On time"));
  g_assert_true (label_shows (dialog, "clock-status", "the province"));
  g_assert_false (dd_report_dialog_get_late (dialog));
  g_assert_false (gtk_widget_get_visible (find_in (dialog, "reason")));
  g_assert_true (save_enabled (dialog));

  /* another unit: named, or it cannot be saved */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_in (dialog, "recipient")), 3);
  g_assert_true (gtk_widget_get_visible (find_in (dialog, "unit")));
  g_assert_false (save_enabled (dialog));
  set_text (dialog, "unit", "贵阳市应急管理局");
  g_assert_true (save_enabled (dialog));
  g_assert_true (label_shows (dialog, "clock-status", "no running reporting deadline"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_in (dialog, "recipient")), 0);

  /* Ctrl+Enter and the button save through the same action */
  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved_cb), &saved);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report-dialog.save", NULL));
  WAIT_UNTIL (saved != NULL);
  g_assert_cmpstr (dd_incident_summary_get_id (saved), ==, fixture->incident_id);

  g_clear_pointer (&fixture->detail, dd_incident_detail_free);
  fixture->detail = read_incident (fixture);
  g_assert_cmpint (province_clock (fixture->detail)->status, ==, DD_CLOCK_STATUS_MET);
  {
    const DdIncidentEvent *report = g_ptr_array_index (fixture->detail->state->reports, 0);

    g_assert_cmpint (report->report_kind, ==, DD_REPORT_KIND_INITIAL);
    g_assert_cmpstr (report->report_to, ==, "province");
    g_assert_cmpint (report->report_channel, ==, DD_REPORT_CHANNEL_PHONE);
    g_assert_cmpstr (report->recorded_by, ==, OFFICER);
    g_assert_null (report->reason);
  }

  /* a report was made: the next is a follow-up; a step names its recipient */
  dialog = present_dialog (fixture, "report_province");
  g_assert_cmpint (dd_report_dialog_get_kind (dialog), ==, DD_REPORT_KIND_FOLLOWUP);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (find_in (dialog, "recipient"))), ==, 0);

  /* Escape cancels */
  {
    gpointer weak = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    gtk_window_close (GTK_WINDOW (dialog));
    WAIT_UNTIL (weak == NULL);
  }
}

/* Received 3 hours ago: the 2-hour report to the province is late. It
 * cannot be saved without a reason; with one it is, and the clock becomes
 * late with the reason kept. */
static void
test_dialog_late (Fixture       *fixture,
                  gconstpointer  data)
{
  DdReportDialog *dialog = present_dialog (fixture, NULL);
  g_autoptr(DdIncidentSummary) saved = NULL;
  g_autoptr(DdIncidentDetail) after = NULL;
  const DdReportClock *clock;

  g_assert_true (dd_report_dialog_get_late (dialog));
  g_assert_true (label_shows (dialog, "clock-status", "LATE"));
  g_assert_true (gtk_widget_get_visible (find_in (dialog, "reason")));
  g_assert_true (label_shows (dialog, "reason-hint", "late"));
  g_assert_false (save_enabled (dialog));

  /* nothing is written without the reason */
  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved_cb), &saved);
  dd_report_dialog_save (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "report-dialog.save", NULL);
  after = read_incident (fixture);
  g_assert_cmpuint (after->state->reports->len, ==, 0);
  g_assert_null (saved);
  g_clear_pointer (&after, dd_incident_detail_free);

  set_text (dialog, "reason", "通讯中断，未能及时上报");
  g_assert_false (gtk_widget_get_visible (find_in (dialog, "reason-hint")));
  g_assert_true (save_enabled (dialog));
  dd_report_dialog_set_report_content (dialog, "已电话报告省政府总值班室");
  dd_report_dialog_save (dialog);
  WAIT_UNTIL (saved != NULL);

  after = read_incident (fixture);
  clock = province_clock (after);
  g_assert_cmpint (clock->status, ==, DD_CLOCK_STATUS_LATE);
  g_assert_cmpstr (clock->late_reason, ==, "通讯中断，未能及时上报");
  {
    const DdIncidentEvent *report = g_ptr_array_index (after->state->reports, 0);

    g_assert_cmpstr (report->report_content, ==, "已电话报告省政府总值班室");
  }
}

/* A time that is not one, or before the receipt, is refused with a clear
 * message, and nothing is written. */
static void
test_dialog_bad_time (Fixture       *fixture,
                      gconstpointer  data)
{
  DdReportDialog *dialog = present_dialog (fixture, NULL);
  g_autoptr(DdIncidentDetail) after = NULL;
  g_autoptr(DdIncidentSummary) saved = NULL;

  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved_cb), &saved);
  g_assert_true (save_enabled (dialog));

  set_text (dialog, "time", "2026-13-45 99:99");
  g_assert_true (label_shows (dialog, "time-error", "YYYY-MM-DD HH:MM"));
  g_assert_false (save_enabled (dialog));
  dd_report_dialog_save (dialog);

  set_text (dialog, "time", "2001-01-01 08:00");
  g_assert_true (label_shows (dialog, "time-error", "before the incident was received"));
  g_assert_false (save_enabled (dialog));
  dd_report_dialog_save (dialog);

  set_text (dialog, "time", "2999-01-01 08:00");
  g_assert_true (label_shows (dialog, "time-error", "future"));
  g_assert_false (save_enabled (dialog));
  dd_report_dialog_save (dialog);

  after = read_incident (fixture);
  g_assert_cmpuint (after->state->reports->len, ==, 0);
  g_assert_null (saved);

  /* corrected: accepted again, what was typed kept */
  {
    g_autofree char *now = dd_time_format_minutes (g_get_real_time () / 1000);

    set_text (dialog, "time", now);
  }
  g_assert_false (gtk_widget_get_visible (find_in (dialog, "time-error")));
  g_assert_true (save_enabled (dialog));
  g_assert_cmpstr (dd_report_dialog_get_officer (dialog), ==, OFFICER);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static DdReportDraftWindow *
present_draft (Fixture      *fixture,
               DdReportKind  kind)
{
  DdReportDraftWindow *window = dd_report_draft_window_new (fixture->service, fixture->rules,
                                                            fixture->detail, kind);

  g_object_set (window, "officer", OFFICER, "leader", LEADER, NULL);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)) && dd_report_draft_window_is_ready (window));

  return window;
}

static void
on_read_text_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

/* The draft holds every element of the standard format, with the desk's
 * unit, the number, the division, the officer and the leader; Copy puts
 * the whole text on the clipboard; Print writes it to a PDF. */
static void
test_draft_elements (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const elements[] = {
    "关于", "的初报", "编号：", "接报时间：", "事发时间：", "地点：", "信息来源：", "事件性质：",
    "影响范围：", "伤亡和损失：", "死亡3人", "发展趋势：", "已采取措施：", "领导到位情况：",
    "报告单位：" UNIT_NAME, "值班人员：" OFFICER, "带班领导：" LEADER, "报告时间：",
    "贵州省贵阳市花溪区花溪区某煤矿", NULL,
  };
  DdReportDraftWindow *window = present_draft (fixture, DD_REPORT_KIND_INITIAL);
  g_autofree char *text = dd_report_draft_window_dup_text (window);
  g_autofree char *clipboard = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "draft.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  for (guint i = 0; elements[i] != NULL; i++)
    if (strstr (text, elements[i]) == NULL)
      g_error ("“%s” is not in the draft:\n%s", elements[i], text);
  g_assert_nonnull (strstr (text, dd_incident_summary_get_number (fixture->detail->summary)));
  g_assert_true (g_str_has_prefix (text, "关于"));
  g_assert_true (gtk_widget_get_visible (find_in (window, "record-sent")));
  g_assert_false (gtk_widget_get_visible (find_in (window, "confirm-final")));

  /* what the officer edits is what is copied */
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_in (window, "draft-text"))),
                                    "（补充）", -1);
  g_free (text);
  text = dd_report_draft_window_dup_text (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "draft.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 on_read_text_cb, &clipboard);
  WAIT_UNTIL (clipboard != NULL);
  g_assert_cmpstr (clipboard, ==, text);
  /* the officer's edit survives a change of who is on duty */
  dd_report_draft_window_set_leader (window, "刘建华");
  {
    g_autofree char *kept = dd_report_draft_window_dup_text (window);

    g_assert_cmpstr (kept, ==, text);
  }

  g_assert_cmpint (dd_report_draft_window_print (window, GTK_PRINT_OPERATION_ACTION_EXPORT, pdf, &error), ==,
                   GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Record as Sent opens the report dialog with the draft's kind and text. */
static void
test_draft_record_sent (Fixture       *fixture,
                        gconstpointer  data)
{
  DdReportDraftWindow *window = present_draft (fixture, DD_REPORT_KIND_INITIAL);
  g_autofree char *text = dd_report_draft_window_dup_text (window);
  g_autofree char *content = NULL;
  DdReportDialog *dialog;

  dialog = dd_report_draft_window_record_sent (window);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpint (dd_report_dialog_get_kind (dialog), ==, DD_REPORT_KIND_INITIAL);
  content = dd_report_dialog_dup_report_content (dialog);
  g_assert_cmpstr (content, ==, text);
  g_assert_cmpstr (dd_report_dialog_get_officer (dialog), ==, OFFICER);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwMessageDialog *
find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent)
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
on_closed_cb (DdReportDraftWindow  *window,
              DdIncidentSummary    *summary,
              DdIncidentSummary   **out)
{
  *out = g_object_ref (summary);
}

/* Confirming a final report records it and closes the incident. */
static void
test_draft_final_closes (Fixture       *fixture,
                         gconstpointer  data)
{
  DdReportDraftWindow *window = present_draft (fixture, DD_REPORT_KIND_FINAL);
  g_autofree char *text = dd_report_draft_window_dup_text (window);
  g_autoptr(DdIncidentSummary) closed = NULL;
  g_autoptr(DdIncidentDetail) after = NULL;
  AdwMessageDialog *dialog = NULL;
  g_autofree char *heading = NULL;
  gpointer weak = window;

  g_assert_nonnull (strstr (text, "终报"));
  g_assert_true (gtk_widget_get_visible (find_in (window, "confirm-final")));
  g_assert_false (gtk_widget_get_visible (find_in (window, "record-sent")));
  g_signal_connect (window, "closed", G_CALLBACK (on_closed_cb), &closed);
  g_object_add_weak_pointer (G_OBJECT (window), &weak);

  /* cancelled: nothing happens */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "draft.confirm-final", NULL));
  WAIT_UNTIL ((dialog = find_message_dialog (GTK_WINDOW (window))) != NULL);
  heading = g_strdup_printf ("Close incident %s?", dd_incident_summary_get_number (fixture->detail->summary));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  /* (a button closes the dialog after its response; here the test does) */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (find_message_dialog (GTK_WINDOW (window)));
  after = read_incident (fixture);
  g_assert_cmpint (after->state->status, ==, DD_INCIDENT_STATUS_OPEN);
  g_clear_pointer (&after, dd_incident_detail_free);

  dd_report_draft_window_confirm_final (window);
  WAIT_UNTIL ((dialog = find_message_dialog (GTK_WINDOW (window))) != NULL);
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (closed != NULL);
  g_assert_cmpint (dd_incident_summary_get_status (closed), ==, DD_INCIDENT_STATUS_CLOSED);
  WAIT_UNTIL (weak == NULL);

  after = read_incident (fixture);
  g_assert_cmpint (after->state->status, ==, DD_INCIDENT_STATUS_CLOSED);
  g_assert_cmpuint (after->state->reports->len, ==, 1);
  {
    const DdIncidentEvent *report = g_ptr_array_index (after->state->reports, 0);

    g_assert_cmpint (report->report_kind, ==, DD_REPORT_KIND_FINAL);
    g_assert_cmpstr (report->report_to, ==, "province");
    g_assert_cmpint (report->report_channel, ==, DD_REPORT_CHANNEL_WRITTEN);
    g_assert_cmpstr (report->recorded_by, ==, OFFICER);
    g_assert_cmpstr (report->report_content, ==, text);
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, age, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (age), fixture_setup, func, fixture_teardown)

  ADD ("/gui/report-dialog/defaults", 30, test_dialog_defaults);
  ADD ("/gui/report-dialog/late", 180, test_dialog_late);
  ADD ("/gui/report-dialog/bad-time", 30, test_dialog_bad_time);
  ADD ("/gui/report-draft/elements", 30, test_draft_elements);
  ADD ("/gui/report-draft/record-sent", 30, test_draft_record_sent);
  ADD ("/gui/report-draft/final-closes", 30, test_draft_final_closes);

#undef ADD

  return g_test_run ();
}
