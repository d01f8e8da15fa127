/* test-receipt.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How far an incident has got on its way to the provincial server, as the
 * incident view says it: on a real temporary desk whose outbox goes
 * through each state by the store's own sync calls, run as jobs of the
 * store service like the sync client runs them. Screenshots of the
 * accepted state go next to the test program ("-zh_CN" when run with
 * "LANGUAGE LOCALEDIR" arguments).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "dd-gui-util.h"
#include "dd-incident-store.h"
#include "dd-incident-view.h"
#include "dd-receipt-badge.h"
#include "dd-reporting-ui.h"
#include "dd-store.h"
#include "dd-store-service.h"
#include "dd-store-private.h"
#include "dd-sync-service.h"
#include "dd-sync-store.h"

#include "roster-fixture.h"
#include "gui-test-helpers.h"

typedef struct
{
  char *dir;
  char *db;
  char *incident_id;
} Fixture;

/* A desk at 520102, not enrolled, with one incident logged. */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdIncidentEvent) log = NULL;
  g_autoptr(DdCall) call = NULL;
  g_autoptr(GError) error = NULL;
  DdCallInput input = { 0, };

  fixture->dir = g_dir_make_tmp ("duty-desk-receipt-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "desk.db", NULL);
  store = dd_store_open (fixture->db, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", "南明区值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  input.received_at = g_get_real_time () / 1000 - 5 * 60000;
  input.channel = DD_CALL_CHANNEL_PHONE;
  input.caller_name = "王芳";
  input.summary = "花溪区山体滑坡，道路中断";
  input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
  log = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, input.received_at);
  log->subtype = g_strdup ("natural.geological");
  dd_incident_event_set_text (log, DD_INCIDENT_TEXT_DESCRIPTION, "花溪区山体滑坡，道路中断");
  dd_incident_event_set_text (log, DD_INCIDENT_TEXT_LOCATION, "花溪区青岩镇");
  call = dd_store_log_call (store, rules, &input, log, &error);
  g_assert_no_error (error);
  fixture->incident_id = g_strdup (dd_call_get_incident_id (call));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  roster_fixture_remove_tree (fixture->dir);
  g_free (fixture->incident_id);
  g_free (fixture->db);
  g_free (fixture->dir);
}

/* ------------------------------------------------------------------ store jobs */

typedef enum
{
  STEP_ENROL,
  STEP_SEND,           /* every pushable op in flight */
  STEP_UNANSWERED,     /* ... and back in the queue */
  STEP_ACCEPT,         /* every op in flight accepted at server_time_ms */
  STEP_REJECT,         /* the pushable ops rejected (retryable or not) */
  STEP_ADD_EVENT,      /* new information on the incident */
  STEP_RETRY,          /* parked ops back in the queue */
} Step;

typedef struct
{
  Step        step;
  const char *incident_id;
  gint64      server_time_ms;
  gboolean    retryable;
} Job;

static gpointer
step_job (DdStore   *store,
          gpointer   data,
          GError   **error)
{
  Job *job = data;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GArray) acks = g_array_new (FALSE, TRUE, sizeof (DdSyncAck));
  DdSyncServerClock clock = { .server_time_ms = job->server_time_ms };
  const char *result = job->retryable
    ? "{\"status\":\"rejected\",\"reason\":\"invalid\",\"retryable\":true,\"detail\":\"no parent\"}"
    : "{\"status\":\"rejected\",\"reason\":\"out_of_scope\",\"retryable\":false,\"detail\":\"not yours\"}";

  switch (job->step)
    {
    case STEP_ENROL:
      if (!dd_store_set_sync_enrolment (store, "http://127.0.0.1:9", "01900000-0000-7000-8000-0000000000b1",
                                        "520102", "e", "", "file", error))
        return NULL;
      return GINT_TO_POINTER (1);

    case STEP_ADD_EVENT:
      {
        g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
        g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, job->incident_id,
                                                                  DD_INCIDENT_EVENT_KIND_UPDATE, 0);
        g_autoptr(DdIncidentSummary) summary = NULL;

        dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, "道路已抢通一半");
        if (!(summary = dd_store_add_incident_event (store, rules, event, error)))
          return NULL;
        return GINT_TO_POINTER (1);
      }

    case STEP_RETRY:
      if (dd_store_sync_retry_parked (store, NULL, G_MAXINT64, error) == 0)
        return NULL;
      return GINT_TO_POINTER (1);

    case STEP_SEND:
    case STEP_UNANSWERED:
    case STEP_ACCEPT:
    case STEP_REJECT:
    default:
      break;
    }

  if (!(batch = dd_store_sync_next_batch (store, 500, error)))
    return NULL;
  if (job->step == STEP_SEND || job->step == STEP_UNANSWERED)
    return dd_store_sync_mark_sent (store, batch, job->step == STEP_SEND, error) ? GINT_TO_POINTER (1) : NULL;

  for (guint i = 0; i < batch->len; i++)
    {
      DdOutboxOp *op = g_ptr_array_index (batch, i);
      DdSyncAck ack = { op->op_id, job->step == STEP_ACCEPT ? "applied" : "rejected", 0,
                        job->step == STEP_ACCEPT ? "{\"status\":\"applied\"}" : result };

      if (job->step == STEP_REJECT && i > 0)
        break;
      g_array_append_val (acks, ack);
    }
  if (!dd_store_sync_record_acks (store, (DdSyncAck *) acks->data, acks->len, NULL, 0, &clock, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
on_step_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Runs @step as a job of the service and waits for it; with @writes
 * ::changed follows (as after a local write or stored acks). */
static void
run_step_full (DdStoreService *service,
               Job             job,
               gboolean        writes)
{
  gboolean done = FALSE;

  dd_store_service_run_async (service, step_job, g_memdup2 (&job, sizeof job), g_free, NULL, writes, NULL,
                              on_step_done_cb, &done);
  WAIT_UNTIL (done);
}

static void
run_step (DdStoreService *service,
          Job             job)
{
  run_step_full (service, job, TRUE);
}

/* ------------------------------------------------------------------ tests */

static const char *
receipt_text (DdIncidentView *view)
{
  GtkWidget *label = find_widget (GTK_WIDGET (view), "incident-receipt");

  g_assert_nonnull (label);
  if (!gtk_widget_get_visible (gtk_widget_get_parent (label)))
    return "";
  return gtk_label_get_text (GTK_LABEL (label));
}

#define WAIT_FOR_RECEIPT(view, text) \
  WAIT_UNTIL (g_strcmp0 (receipt_text (view), (text)) == 0)

static void
test_incident_view_states (Fixture       *fixture,
                           gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->db, "test");
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  DdIncidentView *view = g_object_new (DD_TYPE_INCIDENT_VIEW, NULL);
  gint64 accepted_ms = (g_get_real_time () / 1000 / 1000) * 1000;
  g_autofree char *clock = dd_gui_format_ms (accepted_ms, "%H:%M:%S");
  g_autofree char *accepted = NULL;
  g_autofree char *parked = NULL;
  g_autofree char *rejected = NULL;
  GtkWidget *label;
  GtkWidget *badge;
  Job job = { .incident_id = fixture->incident_id };

  dd_incident_view_set_rules (view, rules);
  g_object_set (view, "service", service, "officer", "李四", NULL);
  dd_incident_view_set_incident_id (view, fixture->incident_id);
  gtk_window_set_default_size (window, 900, 720);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  WAIT_UNTIL (dd_incident_view_get_detail (view) != NULL);
  label = find_widget (GTK_WIDGET (view), "incident-receipt");
  badge = gtk_widget_get_prev_sibling (label);
  g_assert_true (DD_IS_RECEIPT_BADGE (badge));

  /* not enrolled: said plainly */
  WAIT_FOR_RECEIPT (view, _("On this desk only — the desk is not connected to a provincial server"));
  g_assert_cmpstr (dd_receipt_badge_get_text (DD_RECEIPT_BADGE (badge)), ==, receipt_text (view));

  /* enrolled: the incident and its first information wait to go up */
  job.step = STEP_ENROL;
  run_step (service, job);
  WAIT_FOR_RECEIPT (view, _("Queued — will be sent when online"));

  /* a batch carrying them goes out; its send fails without an answer */
  job.step = STEP_SEND;
  run_step (service, job);
  WAIT_FOR_RECEIPT (view, _("Sent, waiting for the server"));
  job.step = STEP_UNANSWERED;
  run_step (service, job);
  WAIT_FOR_RECEIPT (view, _("Queued — will be sent when online"));

  /* sent again and accepted: at the server's time, in Beijing time */
  job.step = STEP_SEND;
  run_step (service, job);
  job.step = STEP_ACCEPT;
  job.server_time_ms = accepted_ms;
  run_step (service, job);
  accepted = g_strdup_printf (_("Accepted by the provincial server at %s"), clock);
  WAIT_FOR_RECEIPT (view, accepted);
  g_assert_true (gtk_widget_has_css_class (label, "success"));
  g_assert_cmpstr (dd_receipt_badge_get_text (DD_RECEIPT_BADGE (badge)), ==, accepted);
  screenshot (GTK_WIDGET (view), "duty-desk-incident-receipt");

  /* new information: the least advanced of its ops wins */
  job.step = STEP_ADD_EVENT;
  run_step (service, job);
  WAIT_UNTIL (dd_incident_view_get_detail (view)->state->history->len == 2);
  WAIT_FOR_RECEIPT (view, _("Queued — will be sent when online"));

  /* refused for now: parked, with the server's reason */
  job.step = STEP_REJECT;
  job.retryable = TRUE;
  run_step (service, job);
  parked = g_strdup_printf (_("Parked: %s — it will be tried again"), "no parent");
  WAIT_FOR_RECEIPT (view, parked);
  g_assert_true (gtk_widget_has_css_class (label, "warning"));

  /* put back in the queue, then refused for good */
  job.step = STEP_RETRY;
  run_step (service, job);
  WAIT_FOR_RECEIPT (view, _("Queued — will be sent when online"));
  job.step = STEP_REJECT;
  job.retryable = FALSE;
  run_step (service, job);
  rejected = g_strdup_printf (_("Rejected by the provincial server: %s"), _("this desk may not write this record"));
  WAIT_FOR_RECEIPT (view, rejected);
  g_assert_true (gtk_widget_has_css_class (label, "error"));

  gtk_window_destroy (window);
  finalize_service (service);
}

/* The badge of the Calls list and the duty log: the call's receipt, kept
 * up to date by the store's writes and by the sync service's word that
 * ops moved (a batch marked sent writes no record: no ::changed). */
static void
test_badge_follows_sync (Fixture       *fixture,
                         gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->db, "test");
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdSyncService) sync = dd_sync_service_new (service, rules, 1);
  DdReceiptTracker *tracker = dd_receipt_tracker_get_for_service (service);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  DdReceiptBadge *badge = DD_RECEIPT_BADGE (dd_receipt_badge_new ());
  g_autofree char *call_id = NULL;
  Job job = { .incident_id = fixture->incident_id };

  {
    g_autoptr(DdStore) store = NULL;
    g_autoptr(GError) error = NULL;

    store = dd_store_open (fixture->db, &error);
    g_assert_no_error (error);
    call_id = dd_store_query_text (store, "SELECT id FROM calls", NULL, &error);
    g_assert_no_error (error);
  }
  dd_receipt_tracker_set_sync_service (tracker, sync);
  gtk_window_set_child (window, GTK_WIDGET (badge));
  gtk_window_present (window);
  g_assert_cmpstr (dd_receipt_badge_get_text (badge), ==, "");

  dd_receipt_badge_set_record (badge, tracker, "call", call_id);
  WAIT_UNTIL (g_strcmp0 (dd_receipt_badge_get_text (badge),
                         _("On this desk only — the desk is not connected to a provincial server")) == 0);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (badge)), ==, dd_receipt_badge_get_text (badge));
  job.step = STEP_ENROL;
  run_step (service, job);
  WAIT_UNTIL (g_strcmp0 (dd_receipt_badge_get_text (badge), _("Queued — will be sent when online")) == 0);

  /* sent: nothing but the sync service says so */
  job.step = STEP_SEND;
  run_step_full (service, job, FALSE);
  drain_main_context ();
  g_assert_cmpstr (dd_receipt_badge_get_text (badge), ==, _("Queued — will be sent when online"));
  g_signal_emit_by_name (sync, "receipts-changed");
  WAIT_UNTIL (g_strcmp0 (dd_receipt_badge_get_text (badge), _("Sent, waiting for the server")) == 0);

  /* unbound (a list row recycled): nothing shown, the record unwatched */
  dd_receipt_badge_set_record (badge, NULL, NULL, NULL);
  g_assert_cmpstr (dd_receipt_badge_get_text (badge), ==, "");
  g_assert_null (dd_receipt_tracker_lookup (tracker, "call", call_id));

  gtk_window_destroy (window);
  dd_receipt_tracker_set_sync_service (tracker, NULL);
  g_clear_object (&sync);
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

  g_test_add ("/gui/receipt/incident-view", Fixture, NULL, fixture_setup, test_incident_view_states,
              fixture_teardown);
  g_test_add ("/gui/receipt/badge-follows-sync", Fixture, NULL, fixture_setup, test_badge_follows_sync,
              fixture_teardown);

  ret = g_test_run ();
  g_free (screenshot_dir);
  return ret;
}
