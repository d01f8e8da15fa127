/* test-sync-ui.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync indicator and the conflicts window under Xvfb, on a real desk
 * file enrolled with a server that cannot be reached, with a conflict
 * this desk lost and a change the server refused.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <sqlite3.h>

#include "dd-conflicts-window.h"
#include "dd-store-private.h"
#include "dd-sync-indicator.h"
#include "dd-sync-service.h"
#include "dd-sync-store.h"

#include "gui-test-util.h"

#define DESK_A "01900000-0000-7000-8000-00000000000a"
#define DESK_B "01900000-0000-7000-8000-00000000000b"
#define CONFLICT_ID "01900000-0000-7000-8000-0000000000c1"

typedef struct
{
  char           *dir;
  char           *path;
  char           *parked_op;
  DdStoreService *service;
  DdSyncService  *sync;
} Fixture;

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The desk as sync left it: everything acknowledged, then its own change
 * of the unit's name came back having lost to another desk's, and a new
 * staff member was refused. */
static void
prepare_desk (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (fixture->path, &error);
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GArray) acks = g_array_new (FALSE, TRUE, sizeof (DdSyncAck));
  g_autoptr(DdStaff) staff = dd_staff_new (NULL, "王五", DD_ROLE_OFFICER, "", "", TRUE);
  g_autoptr(DdStaff) saved = NULL;
  g_autofree char *secret_path = dd_sync_secret_path (fixture->path);
  DdSyncServerClock clock = { .epoch = "e", .cursor = "e:3" };
  DdSyncChange change = {
    .server_seq = 3, .record_kind = "desk", .record_id = "520102", .owner_unit = "520102",
    .op = "patch", .desk_id = DESK_B, .ver = 2, .hlc = 1,
    .fields = "{\"unit_code\":\"520102\",\"unit_name\":\"南明区应急局\",\"level\":\"county\",\"regime\":\"7x24\"}",
  };
  DdSyncConflict conflict = {
    .id = CONFLICT_ID, .record_kind = "desk", .record_id = "520102", .field = "unit_name",
    .winner_value = "\"南明区应急局\"", .loser_value = "\"南明区值班室\"",
    .winner_desk = DESK_A, .loser_desk = DESK_B, .server_seq = 3,
  };
  DdSyncAck refused = { NULL, "rejected", 0,
                        "{\"status\":\"rejected\",\"reason\":\"out_of_scope\",\"retryable\":false,"
                        "\"detail\":\"not yours\"}" };

  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", "南明区值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  /* nothing listens there: every round fails, as offline */
  g_assert_true (dd_store_set_sync_enrolment (store, "http://127.0.0.1:1", DESK_B, "520102", "e", "",
                                              DD_SYNC_SECRET_FILE, &error));
  g_assert_true (g_file_set_contents_full (secret_path, "0123456789abcdef0123456789abcdef"
                                           "0123456789abcdef0123456789abcdef", -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));

  batch = dd_store_sync_next_batch (store, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < batch->len; i++)
    {
      DdOutboxOp *op = g_ptr_array_index (batch, i);
      DdSyncAck ack = { op->op_id, "applied", 1 + i, "{\"status\":\"applied\"}" };

      g_array_append_val (acks, ack);
    }
  g_assert_true (dd_store_sync_record_acks (store, (DdSyncAck *) acks->data, acks->len, NULL, 0, &clock, &error));
  g_assert_true (dd_store_sync_apply_page (store, NULL, &change, 1, &conflict, 1, &clock, NULL, &error));
  g_assert_no_error (error);

  saved = dd_store_add_staff (store, staff, &error);
  g_assert_no_error (error);
  g_clear_pointer (&batch, g_ptr_array_unref);
  batch = dd_store_sync_next_batch (store, 100, &error);
  g_assert_cmpuint (batch->len, ==, 1);
  fixture->parked_op = g_strdup (((DdOutboxOp *) g_ptr_array_index (batch, 0))->op_id);
  refused.op_id = fixture->parked_op;
  g_assert_true (dd_store_sync_record_acks (store, &refused, 1, NULL, 0, &clock, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dd-sync-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);
  prepare_desk (fixture);
  fixture->service = dd_store_service_new (fixture->path, "test");
  fixture->sync = dd_sync_service_new (fixture->service, NULL, 1);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  dd_sync_service_stop (fixture->sync);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->sync);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->service);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->parked_op);
}

static gboolean
text_has (GtkWidget  *indicator,
          const char *part)
{
  return strstr (dd_sync_indicator_get_text (DD_SYNC_INDICATOR (indicator)), part) != NULL;
}

static void
test_indicator_and_conflicts (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *indicator = dd_sync_indicator_new (fixture->sync);
  GtkWidget *conflicts;
  GtkWidget *card, *button, *label;

  gtk_window_set_child (GTK_WINDOW (window), indicator);
  gtk_window_present (GTK_WINDOW (window));

  /* not enrolled as far as it knows yet: hidden */
  g_assert_false (gtk_widget_get_visible (indicator));
  dd_sync_service_start (fixture->sync);

  /* the server cannot be reached: offline since now, with the conflict */
  WAIT_UNTIL (dd_sync_service_get_status (fixture->sync) == DD_SYNC_STATUS_OFFLINE);
  WAIT_UNTIL (dd_sync_service_get_n_conflicts (fixture->sync) == 1);
  g_assert_true (gtk_widget_get_visible (indicator));
  g_assert_true (text_has (indicator, "Offline since "));
  g_assert_true (text_has (indicator, "1 conflict"));
  g_assert_cmpint (dd_sync_service_get_n_parked (fixture->sync), ==, 1);
  g_assert_cmpint (dd_sync_service_get_offline_since_ms (fixture->sync), >, 0);
  label = find_widget (indicator, "sync-details-label");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "refused by the server and is parked"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "Cannot reach the server"));

  /* the conflicts window: side by side, kept and lost */
  conflicts = dd_conflicts_window_new (fixture->sync);
  gtk_window_present (GTK_WINDOW (conflicts));
  WAIT_UNTIL (count_widgets (conflicts, "conflict-card") == 1 &&
              find_widget (conflicts, "parked-retry") != NULL);
  card = find_widget (conflicts, "conflict-card");
  {
    g_autoptr(GString) texts = g_string_new (NULL);

    for (GtkWidget *w = gtk_widget_get_first_child (card); w != NULL; w = gtk_widget_get_next_sibling (w))
      for (GtkWidget *side = gtk_widget_get_first_child (w); side != NULL; side = gtk_widget_get_next_sibling (side))
        for (GtkWidget *l = gtk_widget_get_first_child (side); l != NULL; l = gtk_widget_get_next_sibling (l))
          if (GTK_IS_LABEL (l))
            g_string_append_printf (texts, "%s|", gtk_label_get_text (GTK_LABEL (l)));
    g_test_message ("card: %s", texts->str);
    g_assert_nonnull (strstr (texts->str, "Kept|南明区应急局|Desk " DESK_A));
    g_assert_nonnull (strstr (texts->str, "Lost|南明区值班室|Desk " DESK_B));
  }
  button = find_widget (card, "conflict-take-other");
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (button)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Use the Other");

  /* "Use the Other": a normal change of the desk record, waiting to go up */
  gtk_widget_activate (button);
  WAIT_UNTIL (dd_sync_service_get_n_conflicts (fixture->sync) == 0);
  WAIT_UNTIL (count_widgets (conflicts, "conflict-card") == 0);
  g_assert_false (text_has (indicator, "conflict"));
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM desk WHERE unit_name = '南明区值班室'"), ==, 1);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM sync_outbox WHERE state = 'pending'"
                                             " AND record_kind = 'desk' AND op = 'patch'"), ==, 1);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM sync_conflicts WHERE resolution = 'take_other'"),
                   ==, 1);
  WAIT_UNTIL (dd_sync_service_get_n_pending (fixture->sync) == 1);

  /* the refused change goes back in the queue */
  g_signal_emit_by_name (find_widget (conflicts, "parked-retry"), "clicked");
  WAIT_UNTIL (dd_sync_service_get_n_parked (fixture->sync) == 0);
  WAIT_UNTIL (dd_sync_service_get_n_pending (fixture->sync) == 2);
  WAIT_UNTIL (find_widget (conflicts, "parked-retry") == NULL);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM sync_outbox WHERE state = 'parked'"), ==, 0);

  gtk_window_destroy (GTK_WINDOW (conflicts));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* The assertions read English labels; this process needs no AT-SPI bus. */
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("DUTY_DESK_SECRET_STORE", "file", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* A GUI test that cannot open a display fails; it never skips. */
  if (!gtk_init_check ())
    {
      g_printerr ("Cannot open a display: run under xvfb-run\n");
      return 1;
    }
  adw_init ();

  g_test_add ("/sync-ui/indicator-and-conflicts", Fixture, NULL,
              fixture_setup, test_indicator_and_conflicts, fixture_teardown);

  return g_test_run ();
}
