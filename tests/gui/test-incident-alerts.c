/* test-incident-alerts.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reporting-clock alerts and the window's clock banner, on real SQLite
 * files. DdIncidentAlerts sends real libnotify notifications to
 * python3-dbusmock's notification_daemon template on the test's session
 * bus (run under dbus-run-session, and Xvfb for the window); nothing else
 * is mocked. Clocks run on real time: incidents are logged as received
 * some minutes ago, and the alerts' own timeouts bring the repeats and the
 * step to overdue, with repeat intervals of a second given through the
 * reporting rules' data. Every wait is bounded.
 */

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>

#include "dd-clock-banner.h"
#include "dd-incident-alerts.h"
#include "dd-incident-store.h"
#include "dd-reporting-ui.h"
#include "dd-rules-loader.h"
#include "dd-store-private.h"
#include "dd-store-service.h"
#include "dd-sync-store.h"
#include "dd-taxonomy.h"
#include "dd-window.h"

#include "notify-mock.h"
#include "roster-fixture.h"

#define MINUTE_MS G_GINT64_CONSTANT (60000)
#define STEP      "report_province"

typedef struct
{
  char       *dir;
  char       *path;
  NotifyMock  mock;
} Fixture;

typedef struct
{
  char *id;
  char *number;
} Logged;

static void
logged_clear (Logged *logged)
{
  g_clear_pointer (&logged->id, g_free);
  g_clear_pointer (&logged->number, g_free);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;

  fixture->dir = g_dir_make_tmp ("duty-desk-alerts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);

  /* A county desk: grade I/II goes to the province within 20 minutes. */
  store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", "南明区值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  notify_mock_start (&fixture->mock);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  notify_mock_stop (&fixture->mock);
  roster_fixture_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* The shipped rules, the alert repeats set to @repeat_s seconds (0: as shipped). */
static DdIncidentRules *
load_rules (guint repeat_s)
{
  g_autoptr(GBytes) shipped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DdGradingRules) grading = NULL;
  g_autoptr(DdReportingRules) reporting = NULL;
  g_autoptr(GError) error = NULL;
  GString *json;

  if (repeat_s == 0)
    return dd_reporting_ui_load_rules ();

  shipped = g_resources_lookup_data (RESOURCE_BASE_PATH "/data/rules/reporting.json",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  json = g_string_new_len (g_bytes_get_data (shipped, NULL), g_bytes_get_size (shipped));
  g_assert_cmpuint (g_string_replace (json, "\"repeat_due_soon_seconds\": 300", "\"repeat_due_soon_seconds\": 1", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (json, "\"repeat_overdue_seconds\": 120", "\"repeat_overdue_seconds\": 1", 1), ==, 1);
  bytes = g_string_free_to_bytes (json);

  reporting = dd_reporting_rules_load_from_bytes (bytes, "reporting.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_reporting_rules_get_repeat_ms (reporting, DD_CLOCK_STATUS_OVERDUE), ==, 1000);
  grading = dd_grading_rules_load_default (&error);
  g_assert_no_error (error);

  return dd_incident_rules_new (grading, dd_taxonomy_get_default (), reporting);
}

/* A mine flood with 10 deaths (grade II), received at @received_at. */
static void
fill_call (DdCallInput      *call,
           DdIncidentEvent **event,
           gint64            received_at)
{
  *event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
  (*event)->subtype = g_strdup ("accident.production_safety");
  dd_facts_set (&(*event)->facts, DD_FACT_DEATHS, 10);
  dd_incident_event_set_text (*event, DD_INCIDENT_TEXT_DESCRIPTION, "煤矿透水，10人死亡");

  memset (call, 0, sizeof (*call));
  call->received_at = received_at;
  call->channel = DD_CALL_CHANNEL_PHONE;
  call->summary = "煤矿透水，10人死亡";
  call->disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
}

static void
logged_set (Logged *logged,
            DdCall *call)
{
  logged->id = g_strdup (dd_call_get_incident_id (call));
  logged->number = g_strdup (dd_call_get_incident_number (call));
}

/* Straight into the database file, as an earlier run of the program would. */
static void
log_incident (Fixture *fixture,
              gint64   received_at,
              Logged  *logged)
{
  g_autoptr(DdIncidentRules) rules = load_rules (0);
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdCall) call = NULL;
  g_autoptr(GError) error = NULL;
  DdCallInput input;

  store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fill_call (&input, &event, received_at);
  call = dd_store_log_call (store, rules, &input, event, &error);
  g_assert_no_error (error);
  logged_set (logged, call);
}

static void
on_log_call_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdCall) call = dd_store_service_log_call_finish (DD_STORE_SERVICE (object), result, &error);

  g_assert_no_error (error);
  logged_set (user_data, call);
}

/* Through the service, as the window does. */
static void
log_incident_async (DdStoreService *service,
                    gint64          received_at,
                    Logged         *logged)
{
  g_autoptr(DdIncidentRules) rules = load_rules (0);
  g_autoptr(DdIncidentEvent) event = NULL;
  DdCallInput input;

  fill_call (&input, &event, received_at);
  dd_store_service_log_call_async (service, rules, &input, event, NULL, on_log_call_cb, logged);
  WAIT_UNTIL (logged->id != NULL);
}

static void
on_add_event_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentSummary) summary = NULL;

  summary = dd_store_service_add_incident_event_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* A phone report to the province, now (with a reason, in case it is late). */
static void
record_report_async (DdStoreService *service,
                     const char     *incident_id,
                     gboolean       *done)
{
  g_autoptr(DdIncidentRules) rules = load_rules (0);
  g_autoptr(DdIncidentEvent) report = NULL;

  report = dd_incident_event_new (NULL, incident_id, DD_INCIDENT_EVENT_KIND_REPORT, now_ms ());
  report->report_kind = DD_REPORT_KIND_INITIAL;
  report->report_channel = DD_REPORT_CHANNEL_PHONE;
  report->report_to = g_strdup (DD_RECIPIENT_PROVINCE);
  report->reason = g_strdup ("电话占线");
  dd_store_service_add_incident_event_async (service, rules, report, NULL, on_add_event_cb, done);
}

static void
record_report (DdStoreService *service,
               const char     *incident_id)
{
  gboolean done = FALSE;

  record_report_async (service, incident_id, &done);
  WAIT_UNTIL (done);
}

typedef struct
{
  char     *incident_id;
  char     *step;
  gboolean  record;
} Opened;

static void
on_open_incident_cb (DdIncidentAlerts *alerts,
                     const char       *incident_id,
                     const char       *step,
                     gboolean          record,
                     Opened           *opened)
{
  g_free (opened->incident_id);
  g_free (opened->step);
  opened->incident_id = g_strdup (incident_id);
  opened->step = g_strdup (step);
  opened->record = record;
}

static void
opened_clear (Opened *opened)
{
  g_clear_pointer (&opened->incident_id, g_free);
  g_clear_pointer (&opened->step, g_free);
  opened->record = FALSE;
}

/* --------------------------------------------------------------- alerts */

/* A grade II incident received 18 minutes ago, in a database written
 * before the alerts existed (as after a restart): the due-soon alert shows
 * at once; recording the report withdraws it. */
static void
test_alerts_restored (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DdStoreService) service = NULL;
  g_autofree char *expected = NULL;
  DdIncidentAlerts *alerts;
  MockNotification *alert;
  Logged incident = { NULL, };
  Opened opened = { NULL, };
  gint64 received_at = now_ms () - 18 * MINUTE_MS;

  log_incident (fixture, received_at, &incident);
  g_assert_true (g_str_has_prefix (incident.number, "520102-"));

  service = dd_store_service_new (fixture->path, "test");
  alerts = dd_incident_alerts_new (service, NULL, NULL);
  g_signal_connect (alerts, "open-incident", G_CALLBACK (on_open_incident_cb), &opened);
  dd_incident_alerts_start (alerts);

  WAIT_UNTIL ((alert = notify_mock_find (&fixture->mock, "to the province")) != NULL);
  expected = g_strdup_printf ("Report incident %s to the province by ", incident.number);
  g_assert_true (g_str_has_prefix (alert->summary, expected));
  g_assert_true (g_str_has_suffix (alert->summary, " — 2 minutes left"));
  g_assert_nonnull (strstr (alert->body, "20分钟"));
  g_assert_cmpuint (alert->urgency, ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) alert->actions, "open"));
  g_assert_true (g_strv_contains ((const char * const *) alert->actions, "report"));
  g_assert_cmpuint (dd_incident_alerts_get_n_running (alerts), ==, 1);
  g_assert_true (dd_incident_alerts_get_holding (alerts));
  g_assert_cmpuint (dd_incident_alerts_get_n_sent (alerts), ==, 1);
  /* One timeout, for the deadline (the shipped repeat is later). */
  g_assert_cmpint (dd_incident_alerts_get_next_check_ms (alerts), >, now_ms ());
  g_assert_cmpint (dd_incident_alerts_get_next_check_ms (alerts), <=, received_at + 20 * MINUTE_MS + 1);

  /* "Open" and "Reported…" ask for the incident. */
  notify_mock_invoke_action (&fixture->mock, alert->id, "open");
  WAIT_UNTIL (opened.incident_id != NULL);
  g_assert_cmpstr (opened.incident_id, ==, incident.id);
  g_assert_cmpstr (opened.step, ==, STEP);
  g_assert_false (opened.record);
  opened_clear (&opened);
  notify_mock_invoke_action (&fixture->mock, alert->id, "report");
  WAIT_UNTIL (opened.incident_id != NULL);
  g_assert_cmpstr (opened.incident_id, ==, incident.id);
  g_assert_true (opened.record);

  /* Reported: withdrawn, nothing runs, nothing more is sent. */
  record_report (service, incident.id);
  WAIT_UNTIL (notify_mock_was_closed (&fixture->mock, alert->id));
  g_assert_cmpuint (dd_incident_alerts_get_n_running (alerts), ==, 0);
  g_assert_false (dd_incident_alerts_get_holding (alerts));
  g_assert_cmpint (dd_incident_alerts_get_next_check_ms (alerts), ==, 0);
  g_assert_cmpuint (fixture->mock.notifications->len, ==, 1);

  dd_incident_alerts_stop (alerts);
  g_assert_finalize_object (alerts);
  opened_clear (&opened);
  logged_clear (&incident);
}

static guint
count_with_id (NotifyMock *mock,
               guint32     id)
{
  guint n = 0;

  for (guint i = 0; i < mock->notifications->len; i++)
    if (((MockNotification *) g_ptr_array_index (mock->notifications, i))->id == id)
      n++;

  return n;
}

/* With alerts repeating every second (rules data), a step 2.5 seconds
 * before its deadline: the due-soon alert, its repeat, the overdue alert
 * when the deadline passes and its repeat, all one notification replaced;
 * a late report withdraws it. */
static void
test_alerts_repeat_and_overdue (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(DdIncidentRules) rules = load_rules (1);
  g_autoptr(DdStoreService) service = NULL;
  g_autofree char *overdue_text = NULL;
  DdIncidentAlerts *alerts;
  MockNotification *first;
  MockNotification *overdue;
  Logged incident = { NULL, };
  gint64 due_at = now_ms () + 2500;

  log_incident (fixture, due_at - 20 * MINUTE_MS, &incident);

  service = dd_store_service_new (fixture->path, "test");
  alerts = dd_incident_alerts_new (service, rules, NULL);
  dd_incident_alerts_start (alerts);

  WAIT_UNTIL ((first = notify_mock_find (&fixture->mock, "1 minute left")) != NULL);
  g_assert_cmpuint (first->replaces_id, ==, 0);

  /* Repeated while due soon: the same notification, replaced. */
  WAIT_UNTIL (notify_mock_count (&fixture->mock, "1 minute left") >= 2);
  g_assert_cmpuint (notify_mock_last (&fixture->mock)->replaces_id, ==, first->id);

  /* The deadline passes: overdue, by the alerts' own timeout. */
  WAIT_UNTIL ((overdue = notify_mock_find (&fixture->mock, "is overdue")) != NULL);
  g_assert_cmpint (now_ms (), >, due_at);
  overdue_text = g_strdup_printf ("Report of incident %s to the province is overdue by 1 minute",
                                  incident.number);
  g_assert_cmpstr (overdue->summary, ==, overdue_text);
  g_assert_true (g_str_has_prefix (overdue->body, "It was due at "));
  g_assert_cmpuint (overdue->replaces_id, ==, first->id);
  g_assert_cmpuint (overdue->urgency, ==, 2);

  /* Repeated while overdue. */
  WAIT_UNTIL (notify_mock_count (&fixture->mock, "is overdue") >= 2);
  g_assert_cmpuint (count_with_id (&fixture->mock, first->id), ==, fixture->mock.notifications->len);
  g_assert_cmpuint (dd_incident_alerts_get_n_sent (alerts), ==, fixture->mock.notifications->len);

  /* A late report (with its reason) handles it. */
  record_report (service, incident.id);
  WAIT_UNTIL (notify_mock_was_closed (&fixture->mock, first->id));
  g_assert_cmpuint (dd_incident_alerts_get_n_running (alerts), ==, 0);

  dd_incident_alerts_stop (alerts);
  g_assert_finalize_object (alerts);
  logged_clear (&incident);
}

typedef struct
{
  Fixture          *fixture;
  DdStoreService   *service;
  DdIncidentAlerts *alerts;
  Logged            incident;
  gboolean          reported;
  gboolean          activated;
} HoldTest;

static gboolean
on_record_idle_cb (gpointer user_data)
{
  HoldTest *test = user_data;

  record_report_async (test->service, test->incident.id, &test->reported);

  return G_SOURCE_REMOVE;
}

static void
on_application_activate_cb (GApplication *application,
                            HoldTest     *test)
{
  MockNotification *notice;

  test->activated = TRUE;
  test->alerts = dd_incident_alerts_new (test->service, NULL, application);
  dd_incident_alerts_start (test->alerts);
  WAIT_UNTIL (dd_incident_alerts_get_holding (test->alerts));

  /* The window closed: say that the application keeps running. */
  dd_incident_alerts_show_background_notice (test->alerts);
  WAIT_UNTIL ((notice = notify_mock_find (&test->fixture->mock, "Duty Desk keeps running")) != NULL);
  g_assert_cmpstr (notice->body, ==, "1 reporting clock running: its alerts continue until the report is recorded.");
  g_assert_cmpuint (notice->urgency, ==, 1);

  /* Returning from ::activate without a window: g_application_run() goes
   * on only while the alerts hold the application. */
  g_idle_add (on_record_idle_cb, test);
}

/* The alerts hold the application while a clock runs and release it when
 * none does: g_application_run() returns once the report is recorded. */
static void
test_alerts_hold (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GApplication) application = NULL;
  MockNotification *notice;
  HoldTest test = { fixture, NULL, };

  /* Pending (due soon from 15 minutes). */
  log_incident (fixture, now_ms () - 10 * MINUTE_MS, &test.incident);
  test.service = dd_store_service_new (fixture->path, "test");

  application = g_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "activate", G_CALLBACK (on_application_activate_cb), &test);
  g_assert_cmpint (g_application_run (application, 0, NULL), ==, 0);

  g_assert_true (test.activated);
  g_assert_true (test.reported);
  g_assert_false (dd_incident_alerts_get_holding (test.alerts));
  notice = notify_mock_find (&fixture->mock, "Duty Desk keeps running");
  g_assert_true (notify_mock_was_closed (&fixture->mock, notice->id));
  /* Pending clocks hold the application but alert nobody. */
  g_assert_cmpuint (dd_incident_alerts_get_n_sent (test.alerts), ==, 0);

  dd_incident_alerts_stop (test.alerts);
  g_assert_finalize_object (test.alerts);
  drain_main_context ();
  g_object_unref (test.service);
  logged_clear (&test.incident);
}

/* --------------------------------------------------------------- banner */

static GtkWidget *
find_widget (GtkWidget  *root,
             const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_label_text (GtkWidget  *root,
                 const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_text (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The window's banner shows the most urgent running clock with a live
 * countdown: due soon as a warning, overdue as an error; "Open" and
 * win.record-report show the Calls section; hidden once reported. */
static void
test_banner (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(DdStoreService) service = NULL;
  g_autofree char *due_soon_text = NULL;
  g_autofree char *overdue_text = NULL;
  g_autofree char *first_text = NULL;
  DdClockBanner *banner;
  GtkWidget *label;
  GtkWidget *box;
  GtkWidget *revealer;
  DdWindow *window;
  Logged due_soon = { NULL, };
  Logged overdue = { NULL, };

  log_incident (fixture, now_ms () - 18 * MINUTE_MS, &due_soon);

  service = dd_store_service_new (fixture->path, "test");
  window = dd_window_new (NULL, service);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (dd_window_get_view (window), "main") == 0);

  banner = DD_CLOCK_BANNER (find_widget (GTK_WIDGET (window), "clock-banner"));
  g_assert_nonnull (banner);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (banner)), ==, GTK_ACCESSIBLE_ROLE_STATUS);
  label = find_widget (GTK_WIDGET (banner), "clock-banner-label");
  box = gtk_widget_get_parent (label);
  revealer = gtk_widget_get_first_child (GTK_WIDGET (banner));

  /* Due soon: "520102-… · report to the province · 00:01:59 left". */
  WAIT_UNTIL (g_strcmp0 (dd_clock_banner_get_incident_id (banner), due_soon.id) == 0);
  due_soon_text = g_strdup_printf ("%s · report to the province · ", due_soon.number);
  first_text = g_strdup (dd_clock_banner_get_text (banner));
  g_assert_true (g_str_has_prefix (first_text, due_soon_text));
  g_assert_true (g_str_has_suffix (first_text, " left"));
  /* 2 minutes left, give or take the time to open the window. */
  g_assert_true (g_str_has_prefix (first_text + strlen (due_soon_text), "00:02:00") ||
                 g_str_has_prefix (first_text + strlen (due_soon_text), "00:01:"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, first_text);
  g_assert_true (gtk_widget_has_css_class (box, "warning"));
  g_assert_false (gtk_widget_has_css_class (box, "error"));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  /* It ticks. */
  WAIT_UNTIL (g_strcmp0 (dd_clock_banner_get_text (banner), first_text) != 0);

  /* An incident logged now but received 23 minutes ago is overdue: it is
   * the more urgent one. */
  log_incident_async (service, now_ms () - 23 * MINUTE_MS, &overdue);
  WAIT_UNTIL (g_strcmp0 (dd_clock_banner_get_incident_id (banner), overdue.id) == 0);
  overdue_text = g_strdup_printf ("%s · report to the province · overdue by 00:03:", overdue.number);
  g_assert_true (g_str_has_prefix (dd_clock_banner_get_text (banner), overdue_text));
  g_assert_true (gtk_widget_has_css_class (box, "error"));
  g_assert_false (gtk_widget_has_css_class (box, "warning"));
  g_assert_nonnull (find_label_text (GTK_WIDGET (banner), "1 more running"));

  /* "Open" shows the incident in Calls & Incidents. */
  dd_window_set_section (window, "today");
  g_assert_true (gtk_widget_activate (find_widget (GTK_WIDGET (banner), "clock-banner-open")));
  /* A button's activation clicks it after a short press animation. */
  WAIT_UNTIL (g_strcmp0 (dd_window_get_section (window), "calls") == 0);
  dd_window_set_section (window, "today");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.record-report", "(ss)",
                                             overdue.id, STEP));
  g_assert_cmpstr (dd_window_get_section (window), ==, "calls");

  /* Both reported: hidden. */
  record_report (service, overdue.id);
  WAIT_UNTIL (g_strcmp0 (dd_clock_banner_get_incident_id (banner), due_soon.id) == 0);
  record_report (service, due_soon.id);
  WAIT_UNTIL (dd_clock_banner_get_incident_id (banner) == NULL);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpstr (dd_clock_banner_get_text (banner), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  logged_clear (&due_soon);
  logged_clear (&overdue);
}

/* ------------------------------------------------------------- arrivals */

typedef struct
{
  GArray          *changes;   /* DdSyncChange */
  GPtrArray       *strings;
  DdIncidentRules *rules;
} Page;

static void
page_free (Page *page)
{
  g_array_unref (page->changes);
  g_ptr_array_unref (page->strings);
  dd_incident_rules_unref (page->rules);
  g_free (page);
}

static const char *
page_keep (Page       *page,
           const char *text)
{
  char *copy = g_strdup (text);

  g_ptr_array_add (page->strings, copy);
  return copy;
}

/* The county desk's outbox as the server would hand it to its prefecture:
 * each record's fields after each op (patches merged onto what came
 * before), without the desk's bookkeeping members. */
static Page *
serve_county_outbox (const char *path)
{
  static const char sql[] =
    "SELECT record_kind, record_id, op, json_remove (payload, '$.ver', '$.hlc'), hlc"
    " FROM sync_outbox ORDER BY seq";
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (path, &error);
  g_autoptr(GHashTable) state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Page *page = g_new0 (Page, 1);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 seq = 0;

  g_assert_no_error (error);
  page->changes = g_array_new (FALSE, TRUE, sizeof (DdSyncChange));
  page->strings = g_ptr_array_new_with_free_func (g_free);
  page->rules = load_rules (0);
  db = dd_store_get_handle (store);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      const char *op = (const char *) sqlite3_column_text (stmt, 2);
      const char *payload = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *key = g_strconcat (kind, "/", id, NULL);
      const char *before = g_hash_table_lookup (state, key);
      const char *fields = payload;
      DdSyncChange change = { 0 };

      if (g_str_equal (op, "patch") && before != NULL)
        {
          sqlite3_stmt *merge = NULL;

          g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT json_patch (?1, ?2)", -1, &merge, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (merge, 1, before, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (merge, 2, payload, -1, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (merge), ==, SQLITE_ROW);
          fields = page_keep (page, (const char *) sqlite3_column_text (merge, 0));
          sqlite3_finalize (merge);
        }
      else
        fields = page_keep (page, payload);

      change.server_seq = ++seq;
      change.record_kind = page_keep (page, kind);
      change.record_id = page_keep (page, id);
      change.owner_unit = "520102";
      change.op = page_keep (page, op);
      change.desk_id = "01900000-0000-7000-8000-0000000000c0";
      change.fields = fields;
      change.ver = seq;
      change.hlc = sqlite3_column_int64 (stmt, 4);
      g_array_append_val (page->changes, change);
      g_hash_table_insert (state, g_steal_pointer (&key), (gpointer) fields);
    }
  sqlite3_finalize (stmt);
  return page;
}

/* The page applied by the store's own path, on the service's connection,
 * as DdSyncClient does after a pull. */
static gpointer
apply_page_job (DdStore   *store,
                gpointer   data,
                GError   **error)
{
  Page *page = data;
  g_autofree char *cursor = g_strdup_printf ("e:%u", page->changes->len);
  DdSyncServerClock clock = { .epoch = "e", .cursor = cursor };

  if (!dd_store_sync_apply_page (store, page->rules, (DdSyncChange *) page->changes->data, page->changes->len,
                                 NULL, 0, &clock, NULL, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
on_apply_page_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
apply_page (DdStoreService *service,
            Page           *page)
{
  gboolean done = FALSE;

  dd_store_service_run_async (service, apply_page_job, page, NULL, NULL, TRUE, NULL, on_apply_page_cb, &done);
  WAIT_UNTIL (done);
}

/* A prefecture desk: a grade II incident logged at its county arrives in
 * a pulled page; a critical alert says so, and Open asks for it. The same
 * page again brings nothing new. */
static void
test_alerts_arrival (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStoreService) service = NULL;
  g_autofree char *prefecture = g_build_filename (fixture->dir, "prefecture.db", NULL);
  g_autofree char *expected = NULL;
  DdIncidentAlerts *alerts;
  MockNotification *alert;
  Logged incident = { NULL, };
  Opened opened = { NULL, };
  Page *page;

  log_incident (fixture, now_ms () - 5 * MINUTE_MS, &incident);
  page = serve_county_outbox (fixture->path);
  {
    g_autoptr(DdStore) store = dd_store_open (prefecture, &error);
    g_autoptr(DdDesk) desk = NULL;

    g_assert_no_error (error);
    desk = dd_store_init_desk (store, "520100", "贵阳市应急管理局", DD_REGIME_7X24, FALSE, &error);
    g_assert_no_error (error);
    g_assert_true (dd_store_set_sync_enrolment (store, "http://127.0.0.1:1", "01900000-0000-7000-8000-0000000000d1",
                                                "520100", "e", "", "file", &error));
  }

  service = dd_store_service_new (prefecture, "test");
  alerts = dd_incident_alerts_new (service, NULL, NULL);
  g_signal_connect (alerts, "open-incident", G_CALLBACK (on_open_incident_cb), &opened);
  dd_incident_alerts_start (alerts);

  apply_page (service, page);
  WAIT_UNTIL ((alert = notify_mock_find (&fixture->mock, "incident from 520102")) != NULL);
  expected = g_strdup_printf ("Incident %s arrived by sync.", incident.number);
  g_assert_true (g_str_has_prefix (alert->summary, "Grade II incident from 520102: "));
  g_assert_cmpstr (alert->body, ==, expected);
  g_assert_cmpuint (alert->urgency, ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) alert->actions, "open"));
  g_assert_false (g_strv_contains ((const char * const *) alert->actions, "report"));
  g_assert_cmpuint (dd_incident_alerts_get_n_arrivals (alerts), ==, 1);

  notify_mock_invoke_action (&fixture->mock, alert->id, "open");
  WAIT_UNTIL (opened.incident_id != NULL);
  g_assert_cmpstr (opened.incident_id, ==, incident.id);
  g_assert_null (opened.step);
  g_assert_false (opened.record);

  /* the same page again (a retried pull): the grade was II already */
  apply_page (service, page);
  dd_incident_alerts_refresh (alerts);
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (dd_incident_alerts_get_n_arrivals (alerts), ==, 1);
  g_assert_cmpuint (notify_mock_count (&fixture->mock, "incident from 520102"), ==, 1);

  dd_incident_alerts_stop (alerts);
  g_assert_finalize_object (alerts);
  page_free (page);
  opened_clear (&opened);
  logged_clear (&incident);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("No session bus: run under dbus-run-session\n");
      return 1;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/gui/incident-alerts/restored", test_alerts_restored);
  ADD ("/gui/incident-alerts/repeat-and-overdue", test_alerts_repeat_and_overdue);
  ADD ("/gui/incident-alerts/hold", test_alerts_hold);
  ADD ("/gui/incident-alerts/banner", test_banner);
  ADD ("/gui/incident-alerts/arrival", test_alerts_arrival);

#undef ADD

  return g_test_run ();
}
