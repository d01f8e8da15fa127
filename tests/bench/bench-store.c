/* bench-store.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store benchmark (meson test --benchmark --suite store):
 *   a) 10,000 staff writes through DdStore, one transaction each, each
 *      with its audit entry, outbox operation and clock tick;
 *   b) the yardstick: a bare sqlite3 insert loop of 10,000 rows, one
 *      transaction each, with the same pragmas;
 *   c) opening a --size large demo database with DdStoreService and
 *      showing the first page of a DdPagedModel over the audit journal.
 * Prints median, min and max of each measure and the ratio a/b.
 */

#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dd-paged-model.h"
#include "dd-store.h"
#include "dd-store-service.h"

#define N_WRITES     10000
#define RUNS_WRITES  5
#define RUNS_OPEN    7

static char *tmp_dir;
static guint run_counter;

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static char *
fresh_folder (void)
{
  g_autofree char *name = g_strdup_printf ("run-%u", run_counter++);
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_mkdir_with_parents (path, 0700);

  return path;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
report (const char *label,
        const char *unit,
        double     *values,
        guint       n)
{
  double median;

  qsort (values, n, sizeof (double), compare_doubles);
  median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;

  printf ("%s: median %.3f %s, min %.3f %s, max %.3f %s (%u runs)\n",
          label, median, unit, values[0], unit, values[n - 1], unit, n);
  fflush (stdout);

  return median;
}

/* a) */
static double
run_store_writes (void)
{
  g_autofree char *dir = fresh_folder ();
  g_autofree char *path = g_build_filename (dir, "desk.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  gint64 start;
  double seconds;

  store = dd_store_open (path, &error);
  g_assert_no_error (error);
  dd_store_set_actor (store, "bench");
  desk = dd_store_init_desk (store, "520102", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_WRITES; i++)
    {
      g_autofree char *name = g_strdup_printf ("值班员%05u", i);
      g_autoptr(DdStaff) staff = dd_staff_new (NULL, name, DD_ROLE_OFFICER, "13985100000",
                                               "南明区人民政府总值班室", TRUE);
      g_autoptr(DdStaff) saved = dd_store_add_staff (store, staff, &error);

      g_assert_no_error (error);
    }
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_assert_cmpint (dd_store_count_audit_entries (store, NULL), ==, N_WRITES + 1);
  g_assert_cmpint (dd_store_count_pending_ops (store, NULL), ==, N_WRITES + 1);

  g_clear_object (&store);
  rm_rf (dir);

  return seconds;
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* b) */
static double
run_bare_sqlite (void)
{
  g_autofree char *dir = fresh_folder ();
  g_autofree char *path = g_build_filename (dir, "bare.db", NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 start;
  double seconds;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  exec_or_die (db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
                   "CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL,"
                   " unit TEXT NOT NULL)");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO staff (name, phone, unit) VALUES (?1, ?2, ?3)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_WRITES; i++)
    {
      g_autofree char *name = g_strdup_printf ("值班员%05u", i);

      exec_or_die (db, "BEGIN IMMEDIATE");
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, "13985100000", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, "南明区人民政府总值班室", -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
      exec_or_die (db, "COMMIT");
    }
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  rm_rf (dir);

  return seconds;
}

/* c) */
typedef struct
{
  gboolean counted;
  gboolean loaded;
} OpenState;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  OpenState *state = user_data;

  if (g_list_model_get_n_items (model) > 0)
    state->counted = TRUE;
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  OpenState *state = user_data;
  g_autoptr(GError) error = NULL;

  dd_paged_model_load_finish (DD_PAGED_MODEL (object), result, &error);
  g_assert_no_error (error);
  state->loaded = TRUE;
}

static double
run_open_large (const char *path,
                guint      *n_items)
{
  g_autoptr(DdStoreService) service = NULL;
  g_autoptr(DdPagedModel) model = NULL;
  OpenState state = { FALSE, FALSE };
  gint64 start;
  double seconds;

  start = g_get_monotonic_time ();

  service = dd_store_service_new (path, "bench");
  model = dd_paged_model_new (service, DD_TYPE_AUDIT_ENTRY,
                              dd_store_count_audit_entries,
                              dd_store_list_audit_entries,
                              100);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &state);
  dd_paged_model_load_async (model, 0, NULL, on_loaded_cb, &state);

  while (!state.counted || !state.loaded)
    g_main_context_iteration (NULL, TRUE);

  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_assert_true (dd_paged_model_is_loaded (model, 0));
  g_assert_true (dd_paged_model_is_loaded (model, 99));
  *n_items = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_clear_object (&model);
  g_clear_object (&service);

  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *large_path = NULL;
  double writes[RUNS_WRITES];
  double bare[RUNS_WRITES];
  double opens[RUNS_OPEN];
  double median_a, median_b;
  guint n_items = 0;
  gint64 start;

  tmp_dir = g_dir_make_tmp ("dd-bench-store-XXXXXX", &error);
  g_assert_no_error (error);

  printf ("store benchmark: SQLite %s, %d writes, folder %s\n", sqlite3_libversion (), N_WRITES, tmp_dir);
  fflush (stdout);

  for (guint i = 0; i < RUNS_WRITES; i++)
    {
      writes[i] = run_store_writes ();
      bare[i] = run_bare_sqlite ();
    }

  median_a = report ("a) DdStore 10000 staff writes (audit + outbox + clock), 1 tx each", "s", writes, RUNS_WRITES);
  median_b = report ("b) bare sqlite3 10000 inserts, 1 tx each (yardstick)", "s", bare, RUNS_WRITES);
  printf ("a) per write: median %.3f ms; b) per insert: median %.3f ms\n",
          median_a * 1000 / N_WRITES, median_b * 1000 / N_WRITES);
  printf ("ratio a/b (medians): %.2f\n", median_a / median_b);
  fflush (stdout);

  /* The large demo database, made once and not timed. */
  large_path = g_build_filename (tmp_dir, "large.db", NULL);
  start = g_get_monotonic_time ();
  {
    g_autoptr(DdStore) store = dd_store_open (large_path, &error);

    g_assert_no_error (error);
    dd_store_set_actor (store, "bench");
    dd_store_fill_demo (store, DD_DEMO_SIZE_LARGE, 1, &error);
    g_assert_no_error (error);
  }
  printf ("(setup, untimed: large demo database made in %.1f s)\n",
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  for (guint i = 0; i < RUNS_OPEN; i++)
    opens[i] = run_open_large (large_path, &n_items) * 1000;

  report ("c) open large demo + count + first page of DdPagedModel", "ms", opens, RUNS_OPEN);
  printf ("c) journal rows in the large demo: %u\n", n_items);

  /* For information: a page deep in the journal, and a full verify. */
  {
    g_autoptr(DdStore) store = dd_store_open (large_path, &error);
    g_autoptr(DdAuditReport) audit = NULL;
    double deep[RUNS_OPEN];

    g_assert_no_error (error);
    for (guint i = 0; i < RUNS_OPEN; i++)
      {
        g_autoptr(GPtrArray) page = NULL;

        start = g_get_monotonic_time ();
        page = dd_store_list_audit_entries (store, n_items - 100 - i, 100, &error);
        deep[i] = (g_get_monotonic_time () - start) / 1000.0;
        g_assert_no_error (error);
        g_assert_cmpuint (page->len, ==, 100);
      }
    report ("(info) list_audit_entries, 100 rows at offset ~999,900", "ms", deep, RUNS_OPEN);

    start = g_get_monotonic_time ();
    audit = dd_store_verify_audit (store, &error);
    g_assert_no_error (error);
    g_assert_true (audit->ok);
    printf ("(info) dd_store_verify_audit over %" G_GINT64_FORMAT " entries: %.2f s, ok\n",
            audit->n_entries, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  }

  rm_rf (tmp_dir);
  g_free (tmp_dir);

  return 0;
}
