/* test-duty-log.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Duty Log section, the handover window and the Daily Report section
 * on real desk databases (made with the store API), in the real window
 * under Xvfb. Writes screenshots next to the test program (with a
 * "-zh_CN" suffix when run with LANGUAGE=zh_CN).
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "dd-daily-report-page.h"
#include "dd-duty-log-page.h"
#include "dd-duty-log-store.h"
#include "dd-gui-util.h"
#include "dd-reporting-ui.h"
#include "dd-handover-window.h"
#include "dd-store-service.h"
#include "dd-window.h"

#include "roster-fixture.h"
#include "gui-test-helpers.h"

#define MS_PER_MINUTE G_GINT64_CONSTANT (60000)

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;

  fixture->dir = g_dir_make_tmp ("duty-desk-duty-log-gui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);

  store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", "南明区人民政府总值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  roster_fixture_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static DdStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  DdStore *store = dd_store_open (fixture->path, &error);

  g_assert_no_error (error);
  return store;
}

static char *
add_instruction (DdStore    *store,
                 const char *text,
                 gint64      issued_at,
                 gint64      feedback_due)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdInstruction) instruction = dd_instruction_new (NULL, text, "王建国", issued_at);
  g_autoptr(DdInstruction) saved = NULL;

  instruction->feedback_due = feedback_due;
  saved = dd_store_add_instruction (store, instruction, &error);
  g_assert_no_error (error);

  return g_strdup (saved->id);
}

static void
complete_instruction (DdStore    *store,
                      const char *id,
                      gint64      at,
                      const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdInstruction) done = dd_store_complete_instruction (store, id, at, reason, &error);

  g_assert_no_error (error);
  g_assert_nonnull (done);
}

static DdDutyLogPage *
show_duty_log (DdWindow *window,
               gint64    now_ms)
{
  DdDutyLogPage *page;

  dd_window_set_section (window, "duty-log");
  page = DD_DUTY_LOG_PAGE (find_widget_of_type (GTK_WIDGET (window), DD_TYPE_DUTY_LOG_PAGE));
  g_assert_nonnull (page);
  if (now_ms != 0)
    dd_duty_log_page_set_now_override (page, now_ms);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)) && dd_duty_log_page_get_loaded (page));

  return page;
}

static GtkWidget *
row_with_title (GtkWidget  *list,
                const char *name,
                const char *title)
{
  g_autoptr(GPtrArray) rows = rows_named (list, name);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (row_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
}

/* Typing an entry and pressing Enter shows it first and writes it. */
static void
test_duty_log_add_entry (Fixture       *fixture,
                         gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdWindow *window = open_window (service);
  DdDutyLogPage *page = show_duty_log (window, 0);
  GtkWidget *entry = get_widget (GTK_WIDGET (page), "duty-log-entry");
  GtkWidget *list = get_widget (GTK_WIDGET (page), "duty-log-list");
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *first;

  g_assert_cmpuint (dd_duty_log_page_get_n_entries (page), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (get_widget (GTK_WIDGET (page), "duty-log-add")));

  gtk_editable_set_text (GTK_EDITABLE (entry), "22:10 接区应急局电话，雨情平稳");
  g_assert_true (gtk_widget_get_sensitive (get_widget (GTK_WIDGET (page), "duty-log-add")));
  g_signal_emit_by_name (entry, "activate");
  WAIT_UNTIL (dd_duty_log_page_get_n_entries (page) == 1 && dd_duty_log_page_get_loaded (page));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Checked the radio link with the county desks");
  g_signal_emit_by_name (entry, "activate");
  WAIT_UNTIL (dd_duty_log_page_get_n_entries (page) == 2 && dd_duty_log_page_get_loaded (page));

  /* Newest first; the entry is empty again for the next one. */
  first = gtk_widget_get_first_child (list);
  g_assert_cmpstr (row_title (first), ==, "Checked the radio link with the county desks");
  g_assert_cmpuint (count_rows (list, "duty-log-entry-row"), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* Written to the desk, with an author. */
  store = open_store (fixture);
  entries = dd_store_list_log_entries (store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((DdLogEntry *) g_ptr_array_index (entries, 0))->text, ==, "22:10 接区应急局电话，雨情平稳");
  g_assert_nonnull (((DdLogEntry *) g_ptr_array_index (entries, 0))->author);

  /* A blank entry adds nothing. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_signal_emit_by_name (entry, "activate");
  drain_main_context ();
  g_assert_cmpuint (dd_duty_log_page_get_n_entries (page), ==, 2);

  close_window (window);
  finalize_service (service);
}

static gboolean
has_class (GtkWidget  *widget,
           const char *css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

/* Each instruction shows the status the store's rule gives at the page's
 * instant, styled as the reporting clocks are. */
static void
test_duty_log_instruction_status (Fixture       *fixture,
                                  gconstpointer  data)
{
  const gint64 t = roster_fixture_ms ("2026-03-02", 15, 0);
  g_autoptr(DdStore) store = open_store (fixture);
  g_autofree char *pending = add_instruction (store, "核实受灾人数并报告", t - 60 * MS_PER_MINUTE, t + 60 * MS_PER_MINUTE);
  g_autofree char *soon = add_instruction (store, "通知水务局加强巡查", t - 60 * MS_PER_MINUTE, t + 5 * MS_PER_MINUTE);
  g_autofree char *overdue = add_instruction (store, "报送转移安置情况", t - 120 * MS_PER_MINUTE, t - 10 * MS_PER_MINUTE);
  g_autofree char *done = add_instruction (store, "联系市应急局", t - 60 * MS_PER_MINUTE, t + 60 * MS_PER_MINUTE);
  g_autofree char *late = add_instruction (store, "上报初步损失", t - 180 * MS_PER_MINUTE, t - 120 * MS_PER_MINUTE);
  g_autofree char *open = add_instruction (store, "做好夜间值守", t - 30 * MS_PER_MINUTE, 0);
  DdStoreService *service;
  DdWindow *window;
  DdDutyLogPage *page;
  GtkWidget *list;
  const struct {
    const char *title;
    const char *css_class;
    DdClockStatus status;
  } expected[] = {
    { "核实受灾人数并报告", NULL, DD_CLOCK_STATUS_PENDING },
    { "通知水务局加强巡查", "warning", DD_CLOCK_STATUS_DUE_SOON },
    { "报送转移安置情况", "error", DD_CLOCK_STATUS_OVERDUE },
    { "联系市应急局", "success", DD_CLOCK_STATUS_MET },
    { "上报初步损失", "error", DD_CLOCK_STATUS_LATE },
    { "做好夜间值守", NULL, DD_CLOCK_STATUS_PENDING },
  };

  complete_instruction (store, done, t - 30 * MS_PER_MINUTE, NULL);
  complete_instruction (store, late, t - 60 * MS_PER_MINUTE, "等待区县数据");

  service = dd_store_service_new (fixture->path, "test");
  window = open_window (service);
  page = show_duty_log (window, t);
  list = get_widget (GTK_WIDGET (page), "duty-log-instructions");
  g_assert_cmpuint (count_rows (list, "duty-log-instruction"), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *row = row_with_title (list, "duty-log-instruction", expected[i].title);
      GtkWidget *status;
      GtkWidget *done_button;

      if (row == NULL)
        g_error ("No instruction row %s", expected[i].title);
      status = get_widget (row, "duty-log-instruction-status");
      g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (status), "dd-status")), ==, expected[i].status);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==,
                       dd_gui_instruction_status_label (expected[i].status));
      g_assert_true (has_class (status, "warning") == (g_strcmp0 (expected[i].css_class, "warning") == 0));
      g_assert_true (has_class (status, "error") == (g_strcmp0 (expected[i].css_class, "error") == 0));
      g_assert_true (has_class (status, "success") == (g_strcmp0 (expected[i].css_class, "success") == 0));

      /* Open instructions can be marked done; done ones cannot. */
      done_button = find_widget (row, "duty-log-instruction-done");
      g_assert_true ((done_button != NULL) ==
                     (expected[i].status != DD_CLOCK_STATUS_MET && expected[i].status != DD_CLOCK_STATUS_LATE));
    }

  /* Later the same instructions have moved on. */
  dd_duty_log_page_set_now_override (page, t + 30 * MS_PER_MINUTE);
  WAIT_UNTIL (dd_duty_log_page_get_loaded (page));
  {
    GtkWidget *row = row_with_title (list, "duty-log-instruction", "通知水务局加强巡查");
    GtkWidget *status = get_widget (row, "duty-log-instruction-status");

    g_assert_true (has_class (status, "error"));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==,
                     dd_gui_instruction_status_label (DD_CLOCK_STATUS_OVERDUE));
  }
  dd_duty_log_page_set_now_override (page, t);
  WAIT_UNTIL (dd_duty_log_page_get_loaded (page));

  screenshot (GTK_WIDGET (page), "duty-desk-duty-log");

  close_window (window);
  finalize_service (service);
  (void) pending;
  (void) soon;
  (void) overdue;
  (void) open;
}

static void
on_destroyed_cb (gpointer  data,
                 GObject  *where_the_object_was)
{
  gboolean *destroyed = data;

  *destroyed = TRUE;
}

static DdHandoverWindow *
open_handover (DdDutyLogPage *page)
{
  DdHandoverWindow *handover = dd_duty_log_page_open_handover (page);

  g_assert_nonnull (handover);
  WAIT_UNTIL (dd_handover_window_get_loaded (handover));

  return handover;
}

/* Sign stays disabled until every item is acknowledged and both officers
 * are named; signing writes the handover, and the next one starts with
 * nothing acknowledged. */
static void
test_handover_sign (Fixture       *fixture,
                    gconstpointer  data)
{
  const gint64 now = g_get_real_time () / 1000;
  g_autoptr(DdStore) store = open_store (fixture);
  g_autofree char *instruction = add_instruction (store, "核实受灾人数并报告",
                                                  now - 60 * MS_PER_MINUTE, now + 120 * MS_PER_MINUTE);
  g_autoptr(GPtrArray) handovers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyDocument) document = NULL;
  g_autofree char *text = NULL;
  DdReportMargins margins = { 36, 36, 36, 36 };
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdWindow *window = open_window (service);
  DdDutyLogPage *page = show_duty_log (window, 0);
  DdHandoverWindow *handover = open_handover (page);
  GtkWidget *root = GTK_WIDGET (handover);
  GtkWidget *incoming = get_widget (root, "handover-incoming");
  GtkWidget *outgoing = get_widget (root, "handover-outgoing");
  GtkWidget *list = get_widget (root, "handover-items");
  GtkLabel *hint = GTK_LABEL (get_widget (root, "handover-hint"));
  g_autoptr(GPtrArray) rows = NULL;
  guint n_items;
  gboolean destroyed = FALSE;
  const DdHandover *signed_handover;

  /* The instruction and the records not yet synchronized. */
  n_items = dd_handover_window_get_n_items (handover);
  g_assert_cmpuint (n_items, >=, 2);
  g_assert_cmpuint (dd_handover_window_get_n_acknowledged (handover), ==, 0);
  g_assert_false (dd_handover_window_get_can_sign (handover));
  g_assert_cmpstr (gtk_label_get_text (hint), !=, "");

  /* Acknowledging needs the incoming officer's name. */
  rows = rows_named (list, "handover-item");
  g_assert_cmpuint (rows->len, ==, n_items);
  gtk_editable_set_text (GTK_EDITABLE (incoming), "");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_widget (g_ptr_array_index (rows, 0), "handover-ack")), TRUE);
  drain_main_context ();
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_widget (g_ptr_array_index (rows, 0), "handover-ack"))));
  g_assert_cmpuint (dd_handover_window_get_n_acknowledged (handover), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (incoming), "李明");
  gtk_editable_set_text (GTK_EDITABLE (outgoing), "");
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *check = get_widget (g_ptr_array_index (rows, i), "handover-ack");

      g_assert_false (dd_handover_window_get_can_sign (handover));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      WAIT_UNTIL (dd_handover_window_get_n_acknowledged (handover) == i + 1 &&
                  dd_handover_window_get_loaded (handover));
      g_assert_false (gtk_widget_get_sensitive (check));
    }

  /* Every item acknowledged: the outgoing officer's name is still missing. */
  WAIT_UNTIL (dd_handover_window_get_loaded (handover));
  g_assert_cmpuint (dd_handover_window_get_n_acknowledged (handover), ==, dd_handover_window_get_n_items (handover));
  g_assert_false (dd_handover_window_get_can_sign (handover));
  g_assert_nonnull (strstr (gtk_label_get_text (hint), ""));
  gtk_editable_set_text (GTK_EDITABLE (outgoing), "张伟");
  g_assert_true (dd_handover_window_get_can_sign (handover));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (get_widget (root, "handover-notes"))),
                            "夜间雨情平稳，注意明早水位", -1);

  /* The sheet prints every item. */
  document = dd_handover_window_build_document (handover);
  g_assert_cmpuint (dd_duty_document_paginate (document, 595, 842, &margins, &error), >=, 1);
  g_assert_no_error (error);
  text = dd_duty_document_dup_text (document);
  g_assert_nonnull (strstr (text, "核实受灾人数并报告"));

  screenshot (root, "duty-desk-handover");

  g_object_weak_ref (G_OBJECT (handover), on_destroyed_cb, &destroyed);
  dd_handover_window_sign (handover);
  WAIT_UNTIL (destroyed);

  /* Written, with both officers and the acknowledgements. */
  handovers = dd_store_list_handovers (store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (handovers->len, ==, 1);
  signed_handover = g_ptr_array_index (handovers, 0);
  g_assert_cmpstr (signed_handover->incoming, ==, "李明");
  g_assert_cmpstr (signed_handover->outgoing, ==, "张伟");
  g_assert_cmpstr (signed_handover->note, ==, "夜间雨情平稳，注意明早水位");
  g_assert_cmpuint (signed_handover->items->len, >=, 2);
  for (guint i = 0; i < signed_handover->items->len; i++)
    g_assert_cmpstr (((DdHandoverItem *) g_ptr_array_index (signed_handover->items, i))->acked_by, ==, "李明");

  /* The next handover: the instruction is still open, nothing acknowledged. */
  handover = open_handover (page);
  g_assert_cmpuint (dd_handover_window_get_n_items (handover), >=, 1);
  g_assert_cmpuint (dd_handover_window_get_n_acknowledged (handover), ==, 0);
  g_assert_false (dd_handover_window_get_can_sign (handover));
  gtk_window_destroy (GTK_WINDOW (handover));

  close_window (window);
  finalize_service (service);
}

static void
log_call (DdStore         *store,
          DdIncidentRules *rules,
          gint64           at,
          DdCallChannel    channel,
          const char      *subtype)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autoptr(DdCall) saved = NULL;
  DdCallInput call = { 0 };

  call.received_at = at;
  call.channel = channel;
  call.caller_name = "张三";
  call.summary = subtype != NULL ? "山体滑坡，一人被困" : "咨询道路通行情况";
  if (subtype != NULL)
    {
      event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
      event->subtype = g_strdup (subtype);
      dd_facts_set (&event->facts, DD_FACT_DEATHS, 1);
      dd_incident_event_set_text (event, DD_INCIDENT_TEXT_LOCATION, "南明区某村");
      dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, call.summary);
      call.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
    }
  else
    {
      call.disposition = DD_CALL_DISPOSITION_NON_INCIDENT;
      call.non_incident_reason = DD_NON_INCIDENT_ENQUIRY;
    }

  saved = dd_store_log_call (store, rules, &call, event, &error);
  g_assert_no_error (error);
}

static guint
count_in_row (GtkWidget  *list,
              const char *name,
              const char *title)
{
  GtkWidget *row = row_with_title (list, name, title);

  if (row == NULL)
    g_error ("No row %s titled %s", name, title);

  return (guint) g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (get_widget (row, "daily-count"))), NULL, 10);
}

/* What the report calls channel @key. */
static const char *
channel_label (const DdDailyReport *report,
               const char          *key)
{
  for (guint i = 0; i < report->channels->len; i++)
    {
      const DdDailyCount *count = g_ptr_array_index (report->channels, i);

      if (g_strcmp0 (count->key, key) == 0)
        return count->label;
    }

  g_error ("No channel %s in the report", key);
}

static GtkWidget *
group_list (GtkWidget  *page,
            const char *group)
{
  g_autofree char *name = g_strconcat (group, "-list", NULL);

  return get_widget (page, name);
}

/* The Daily Report section shows the counts of a prepared duty day, and
 * Print lays the report out. */
static void
test_daily_report_counts (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(DdStore) store = open_store (fixture);
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyDocument) document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *instruction = NULL;
  DdReportMargins margins = { 36, 36, 36, 36 };
  GDate day = roster_fixture_date ("2026-03-02");
  GDate shown;
  gint64 from;
  gint64 to;
  guint minute = 0;
  DdStoreService *service;
  DdWindow *window;
  DdDailyReportPage *page;
  const DdDailyReport *report;
  GtkWidget *calls;
  GtkWidget *reports;

  rules = dd_reporting_ui_load_rules ();
  g_assert_true (dd_store_get_handover_minute (store, &minute, &error));
  g_assert_no_error (error);
  dd_duty_day_bounds (&day, minute, &from, &to);

  log_call (store, rules, from + 60 * MS_PER_MINUTE, DD_CALL_CHANNEL_PHONE, "natural.geological");
  log_call (store, rules, from + 90 * MS_PER_MINUTE, DD_CALL_CHANNEL_PHONE, NULL);
  log_call (store, rules, from + 120 * MS_PER_MINUTE, DD_CALL_CHANNEL_FAX, NULL);
  /* The day before does not count. */
  log_call (store, rules, from - 60 * MS_PER_MINUTE, DD_CALL_CHANNEL_PHONE, NULL);
  instruction = add_instruction (store, "核实受灾人数并报告", from + 70 * MS_PER_MINUTE, from + 130 * MS_PER_MINUTE);

  service = dd_store_service_new (fixture->path, "test");
  window = open_window (service);
  dd_window_set_section (window, "statistics");
  page = DD_DAILY_REPORT_PAGE (find_widget_of_type (GTK_WIDGET (window), DD_TYPE_DAILY_REPORT_PAGE));
  g_assert_nonnull (page);
  dd_daily_report_page_set_now_override (page, to - MS_PER_MINUTE);
  dd_daily_report_page_set_day (page, &day);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)) && dd_daily_report_page_get_loaded (page));

  report = dd_daily_report_page_get_report (page);
  g_assert_nonnull (report);
  g_date_clear (&shown, 1);
  dd_daily_report_page_get_day (page, &shown);
  g_assert_cmpint (g_date_compare (&shown, &day), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (GTK_WIDGET (page), "daily-day"))), ==, "2026-03-02");

  /* Calls by channel */
  calls = group_list (GTK_WIDGET (page), "daily-calls");
  g_assert_cmpuint (report->n_calls, ==, 3);
  g_assert_cmpuint (count_in_row (calls, "daily-channel", channel_label (report, "phone")), ==, 2);
  g_assert_cmpuint (count_in_row (calls, "daily-channel", channel_label (report, "fax")), ==, 1);

  /* Incidents by category and grade */
  g_assert_cmpuint (report->n_incidents, ==, 1);
  {
    GtkWidget *incidents = group_list (GTK_WIDGET (page), "daily-incidents");
    g_autoptr(GPtrArray) rows = rows_named (incidents, "daily-category");
    guint total = 0;

    for (guint i = 0; i < rows->len; i++)
      total += (guint) g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (get_widget (g_ptr_array_index (rows, i), "daily-count"))), NULL, 10);
    g_assert_cmpuint (total, ==, 1);
  }

  /* Reports and the deadlines' timeliness: the incident's first report is overdue. */
  reports = group_list (GTK_WIDGET (page), "daily-reports");
  g_assert_cmpuint (count_rows (reports, "daily-report-kind"), ==, 3);
  g_assert_cmpuint (count_rows (reports, "daily-deadline"), >=, 4);

  /* The instruction, overdue at the end of the day. */
  {
    GtkWidget *instructions = group_list (GTK_WIDGET (page), "daily-instructions");
    GtkWidget *row = row_with_title (instructions, "daily-instruction", "核实受灾人数并报告");

    g_assert_nonnull (row);
    g_assert_true (gtk_widget_has_css_class (get_widget (row, "daily-instruction-status"), "error"));
  }

  screenshot (GTK_WIDGET (page), "duty-desk-daily-report");

  /* Print: the document of the day shown, on A4, and a PDF through the
   * print operation. */
  document = dd_daily_report_page_build_document (page);
  g_assert_nonnull (document);
  g_assert_cmpuint (dd_duty_document_paginate (document, 595, 842, &margins, &error), >=, 1);
  g_assert_no_error (error);
  text = dd_duty_document_dup_text (document);
  g_assert_nonnull (strstr (text, "南明区人民政府总值班室"));
  g_assert_nonnull (strstr (text, "核实受灾人数并报告"));
  pdf = g_build_filename (fixture->dir, "daily.pdf", NULL);
  g_assert_cmpint (dd_daily_report_page_print (page, GTK_PRINT_OPERATION_ACTION_EXPORT, pdf, &error), ==,
                   GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* The previous day has none of it. */
  gtk_widget_activate (get_widget (GTK_WIDGET (page), "daily-prev-day"));
  WAIT_UNTIL (dd_daily_report_page_get_loaded (page) &&
              g_date_compare (&dd_daily_report_page_get_report (page)->day, &day) < 0);
  g_assert_cmpuint (dd_daily_report_page_get_report (page)->n_calls, ==, 1);
  g_assert_cmpuint (dd_daily_report_page_get_report (page)->n_incidents, ==, 0);

  close_window (window);
  finalize_service (service);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* "PROGRAM [-p PATH…] LANGUAGE LOCALEDIR": the screenshots in another
   * language */
  if (!gui_test_init (&argc, &argv))
    return 1;

  g_test_add ("/gui/duty-log/add-entry", Fixture, NULL,
              fixture_setup, test_duty_log_add_entry, fixture_teardown);
  g_test_add ("/gui/duty-log/instruction-status", Fixture, NULL,
              fixture_setup, test_duty_log_instruction_status, fixture_teardown);
  g_test_add ("/gui/duty-log/handover-sign", Fixture, NULL,
              fixture_setup, test_handover_sign, fixture_teardown);
  g_test_add ("/gui/duty-log/daily-report", Fixture, NULL,
              fixture_setup, test_daily_report_counts, fixture_teardown);

  ret = g_test_run ();
  g_free (screenshot_dir);

  return ret;
}
