/* test-store.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dd-incident-store.h"
#include "dd-paged-model.h"
#include "dd-store.h"
#include "dd-store-service.h"
#include "dd-store-private.h"
#include "dd-sync-store.h"

#define MIGRATIONS_PATH RESOURCE_BASE_PATH "/store/migrations/"
#define WAIT_TIMEOUT_S  60

/* ------------------------------------------------------------------ helpers */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dd-store-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static char *
fixture_file (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);

  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static gint64
path_int (const char *path,
          const char *sql)
{
  sqlite3 *db = raw_open (path);
  gint64 value = raw_int (db, sql);

  sqlite3_close (db);

  return value;
}

static DdStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  DdStore *store;

  store = dd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  dd_store_set_actor (store, "test");

  return store;
}

static DdStore *
open_desk (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  DdStore *store = open_store (path);

  desk = dd_store_init_desk (store, "520102", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (desk);

  return store;
}

static DdStaff *
add_staff (DdStore    *store,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStaff) staff = dd_staff_new (NULL, name, DD_ROLE_OFFICER, "13900000000", "值班室", TRUE);
  DdStaff *saved;

  saved = dd_store_add_staff (store, staff, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);

  return saved;
}

typedef struct
{
  gint64 staff;
  gint64 audit;
  gint64 outbox;
} Counts;

static Counts
count_rows (const char *path)
{
  sqlite3 *db = raw_open (path);
  Counts counts;

  counts.staff = raw_int (db, "SELECT count(*) FROM staff");
  counts.audit = raw_int (db, "SELECT count(*) FROM audit_journal");
  counts.outbox = raw_int (db, "SELECT count(*) FROM sync_outbox");
  sqlite3_close (db);

  return counts;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *@counter reaches @target. */
static void
wait_for (guint      *counter,
          guint       target,
          const char *what)
{
  guint timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_timeout_cb, (gpointer) what);

  while (*counter < target)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout_id);
}

/* ------------------------------------------------------------------ open */

static void
test_open_pragmas (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DdStore) store = open_store (fixture->path);
  g_autofree char *mode = NULL;
  sqlite3 *db;

  g_assert_cmpstr (dd_store_get_path (store), ==, fixture->path);
  g_assert_cmpint (dd_store_get_schema_version (store), ==, dd_store_get_latest_schema_version ());
  g_assert_cmpint (dd_store_get_latest_schema_version (), >=, 1);

  /* Read back on the store's own connection. */
  db = dd_store_get_handle (store);
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (raw_int (db, "PRAGMA synchronous"), ==, 2 /* FULL */);
  g_assert_cmpint (raw_int (db, "PRAGMA busy_timeout"), >=, 1000);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, dd_store_get_latest_schema_version ());
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, DD_STORE_APPLICATION_ID);

  /* And the file says so to anyone. */
  g_clear_object (&store);
  db = raw_open (fixture->path);
  g_clear_pointer (&mode, g_free);
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, DD_STORE_APPLICATION_ID);
  sqlite3_close (db);
}

#define DEFAULT_PATH_CHILD_ARG "--print-default-path"

/* Runs this program again with @env_db and @data_home as DUTY_DESK_DB and
 * XDG_DATA_HOME (%NULL: unset) and returns the default path it printed:
 * GLib reads XDG_DATA_HOME once per process. */
static char *
child_default_path (const char *env_db,
                    const char *data_home)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", &error);
  char *out = NULL;

  g_assert_no_error (error);
  if (env_db != NULL)
    g_subprocess_launcher_setenv (launcher, "DUTY_DESK_DB", env_db, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "DUTY_DESK_DB");
  if (data_home != NULL)
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "XDG_DATA_HOME");
  g_subprocess_launcher_setenv (launcher, "HOME", "/home/duty-desk-test", TRUE);

  child = g_subprocess_launcher_spawn (launcher, &error, self_exe, DEFAULT_PATH_CHILD_ARG, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (child));

  return out;
}

static void
test_open_default_path (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;

  /* DUTY_DESK_DB wins, in this process and in a fresh one. */
  g_setenv ("DUTY_DESK_DB", fixture->path, TRUE);
  path = dd_store_dup_default_path ();
  g_assert_cmpstr (path, ==, fixture->path);
  g_clear_pointer (&path, g_free);

  path = child_default_path (fixture->path, fixture->dir);
  g_assert_cmpstr (path, ==, fixture->path);
  g_clear_pointer (&path, g_free);

  /* Else $XDG_DATA_HOME/duty-desk/desk.db. */
  path = child_default_path (NULL, fixture->dir);
  expected = g_build_filename (fixture->dir, "duty-desk", "desk.db", NULL);
  g_assert_cmpstr (path, ==, expected);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&expected, g_free);

  /* Else ~/.local/share/duty-desk/desk.db; an empty DUTY_DESK_DB counts as unset. */
  path = child_default_path ("", NULL);
  g_assert_cmpstr (path, ==, "/home/duty-desk-test/.local/share/duty-desk/desk.db");

  g_unsetenv ("DUTY_DESK_DB");
}

static void
test_open_creates_folder (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "a", "b", "desk.db", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(DdStore) store = open_store (path);
  GStatBuf st;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_open_not_a_database (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *text = fixture_file (fixture, "notes.txt");
  g_autofree char *foreign = fixture_file (fixture, "foreign.db");
  g_autofree char *plain = fixture_file (fixture, "plain.db");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  DdStore *store;
  sqlite3 *db;

  /* A text file. */
  g_file_set_contents (text, "值班记录\nnot a database at all, but long enough to look like one"
                       "................................................................", -1, &error);
  g_assert_no_error (error);
  before = read_bytes (text);
  store = dd_store_open (text, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE);
  g_assert_null (store);
  g_clear_error (&error);
  after = read_bytes (text);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&before, g_bytes_unref);
  g_clear_pointer (&after, g_bytes_unref);

  /* Another application's SQLite database. */
  db = raw_open (foreign);
  raw_exec (db, "PRAGMA application_id = 1234; CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  sqlite3_close (db);
  before = read_bytes (foreign);
  store = dd_store_open (foreign, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE);
  g_assert_null (store);
  g_clear_error (&error);
  after = read_bytes (foreign);
  g_assert_true (g_bytes_equal (before, after));

  /* A SQLite database with no application id but tables of its own. */
  db = raw_open (plain);
  raw_exec (db, "CREATE TABLE staff (name TEXT);");
  sqlite3_close (db);
  store = dd_store_open (plain, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE);
  g_assert_null (store);
}

/* ------------------------------------------------------------------ migrations */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Applies the migration files numbered up to @version to a fresh database
 * with plain sqlite3, as an older Duty Desk would have left it. */
static void
create_at_version (const char *path,
                   int         version)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  sqlite3 *db;

  if (version == 0)
    {
      /* Version 0: an empty file. */
      g_file_set_contents (path, "", 0, &error);
      g_assert_no_error (error);
      return;
    }

  names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (sorted, names[i]);
  g_ptr_array_sort (sorted, compare_names);

  db = raw_open (path);
  raw_exec (db, "PRAGMA journal_mode = WAL");
  for (guint i = 0; i < sorted->len && atoi (g_ptr_array_index (sorted, i)) <= version; i++)
    {
      const char *name = g_ptr_array_index (sorted, i);
      int v = atoi (name);
      g_autofree char *resource = g_strconcat (MIGRATIONS_PATH, name, NULL);
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;

      bytes = g_resources_lookup_data (resource, 0, &error);
      g_assert_no_error (error);
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      raw_exec (db, "BEGIN");
      raw_exec (db, sql);
      raw_exec (db, set_version);
      raw_exec (db, "COMMIT");
    }

  /* Data every version since 1 has: a desk and a staff member, written
   * as that version's columns allow. */
  raw_exec (db,
            "INSERT INTO desk (id, unit_code, unit_name, level, regime, client_epoch, hlc, created_at, updated_at)"
            " VALUES (1, '520102', '南明区', 'county', '7x24', '01890000-0000-7000-8000-000000000001', 1, 1, 1);"
            "INSERT INTO staff (id, name, is_leader, is_officer, phone, unit, owner_unit, hlc, created_at, updated_at)"
            " VALUES ('01890000-0000-7000-8000-000000000002', '旧版本的人', 1, 0, '', '', '520102', 1, 1, 1);");
  /* Since 5: calls, indexed for the search by that version's triggers. */
  if (version >= 5)
    raw_exec (db,
              "INSERT INTO calls (id, received_at, channel, summary, disposition, non_incident_reason,"
              " hlc, created_at, updated_at) VALUES ('01890000-0000-7000-8000-000000000003', 1, 'phone',"
              " '旧版本的来电：山体滑坡', 'non_incident', 'enquiry', 1, 1, 1);");
  /* Since 8: a conflict sync recorded (settled or not since 9). */
  if (version >= 8)
    raw_exec (db,
              "INSERT INTO sync_conflicts (id, record_kind, record_id, field, winner_value, loser_value,"
              " winner_desk, loser_desk, server_seq, recorded_at)"
              " VALUES ('01890000-0000-7000-8000-0000000000c8', 'desk', '520102', 'unit_name',"
              " '\"南明区\"', '\"旧名\"', 'a', 'b', 3, 1)");
  /* Since 8: an enrolled desk with an op the server acked (before 0011
   * recorded when). */
  if (version >= 8)
    raw_exec (db,
              "INSERT INTO sync_state (id, server_url, desk_id, unit, secret_store, enrolled_at)"
              " VALUES (1, 'http://127.0.0.1:9', '01890000-0000-7000-8000-0000000000d1', '520102', 'file', 1);"
              "INSERT INTO sync_outbox (op_id, op, record_kind, record_id, hlc, payload, created_at, state,"
              " result, server_seq) VALUES ('01890000-0000-7000-8000-0000000000d2', 'insert', 'staff',"
              " '01890000-0000-7000-8000-000000000002', 1, '{}', 1, 'acked', '{\"status\":\"applied\"}', 7)");
  /* Since 2: a directory index row, whose pinyin initials 0010 adds. */
  if (version >= 2)
    raw_exec (db,
              "INSERT INTO dir_index (kind, kind_rank, entry_id, name, haystack)"
              " VALUES ('contact', 0, '01890000-0000-7000-8000-000000000003', '南明区应急管理局', '南明区应急管理局')");
  sqlite3_close (db);
}

static void
test_migrations_every_version (Fixture       *fixture,
                               gconstpointer  data)
{
  int latest = dd_store_get_latest_schema_version ();
  g_auto(GStrv) names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, NULL);

  /* Every migration file counts, numbered 1..N: N is the latest version. */
  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), ==, latest);
  {
    int newest = 0;

    for (guint i = 0; names[i] != NULL; i++)
      newest = MAX (newest, atoi (names[i]));
    g_assert_cmpint (newest, ==, latest);
  }

  for (int version = 0; version < latest; version++)
    {
      g_autofree char *name = g_strdup_printf ("v%d.db", version);
      g_autofree char *path = fixture_file (fixture, name);
      g_autoptr(DdStore) store = NULL;
      g_autoptr(GPtrArray) staff = NULL;
      g_autoptr(DdDesk) desk = NULL;
      g_autoptr(DdAuditReport) report = NULL;
      g_autoptr(GError) error = NULL;

      create_at_version (path, version);

      store = open_store (path);
      g_assert_cmpint (dd_store_get_schema_version (store), ==, latest);
      g_assert_cmpint (path_int (path, "PRAGMA user_version"), ==, latest);

      staff = dd_store_list_staff (store, &error);
      g_assert_no_error (error);
      desk = dd_store_get_desk (store, &error);

      if (version == 0)
        {
          g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED);
          g_assert_cmpuint (staff->len, ==, 0);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (dd_desk_get_unit_code (desk), ==, "520102");
          g_assert_cmpuint (staff->len, ==, 1);
          g_assert_cmpstr (dd_staff_get_name (g_ptr_array_index (staff, 0)), ==, "旧版本的人");
        }
      if (version >= 8)
        {
          g_autofree char *open = dd_store_sync_list_conflicts (store, TRUE, &error);

          g_assert_no_error (error);
          g_assert_nonnull (strstr (open, "旧名"));
        }
      if (version >= 8)
        {
          g_autoptr(DdReceipt) receipt = dd_store_sync_get_receipt (store, "staff",
                                                                    "01890000-0000-7000-8000-000000000002", &error);

          g_assert_no_error (error);
          g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_ACCEPTED);
          g_assert_cmpint (receipt->accepted_at, ==, 0);
        }

      /* Calls of an older version are found by any search after the upgrade. */
      if (version >= 5)
        {
          static const char * const queries[] = { "滑", "滑坡", "山体滑坡", "来电 版本" };

          for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
            {
              g_autoptr(GPtrArray) hits = dd_store_search_incidents (store, queries[q], 0, 0, &error);

              g_assert_no_error (error);
              g_assert_cmpuint (hits->len, ==, 1);
              g_assert_cmpstr (dd_search_hit_get_id (g_ptr_array_index (hits, 0)), ==,
                               "01890000-0000-7000-8000-000000000003");
            }
        }

      if (version >= 2)
        {
          g_assert_cmpint (path_int (path, "SELECT count(*) FROM dir_index WHERE initials = 'n m oq y j g l j'"), ==, 1);
          g_assert_cmpint (path_int (path, "SELECT count(*) FROM dir_name_initials WHERE gram = 'mq' AND pos = 1"), ==, 1);
        }

      /* And the upgraded database is writable through the normal path. */
      g_clear_error (&error);
      if (version == 0)
        {
          g_autoptr(DdDesk) new_desk =
            dd_store_init_desk (store, "520102", NULL, DD_REGIME_5X8, FALSE, &error);
          g_assert_no_error (error);
        }
      g_clear_pointer (&staff, g_ptr_array_unref);
      {
        g_autoptr(DdStaff) added = add_staff (store, "升级后");
      }
      report = dd_store_verify_audit (store, &error);
      g_assert_no_error (error);
      g_assert_true (report->ok);
    }

  /* Reopening at the latest version keeps everything. */
  {
    g_autoptr(DdStore) store = open_desk (fixture->path);
    g_autoptr(DdStaff) added = add_staff (store, "张三");
    g_autoptr(GPtrArray) staff = NULL;

    g_clear_object (&store);
    store = open_store (fixture->path);
    staff = dd_store_list_staff (store, NULL);
    g_assert_cmpuint (staff->len, ==, 1);
  }
}

static void
test_migrations_too_new (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bump = NULL;
  DdStore *store;
  sqlite3 *db;

  store = open_desk (fixture->path);
  g_object_unref (store);

  db = raw_open (fixture->path);
  bump = g_strdup_printf ("PRAGMA user_version = %d", dd_store_get_latest_schema_version () + 1);
  raw_exec (db, bump);
  raw_exec (db, "PRAGMA journal_mode = DELETE");
  sqlite3_close (db);

  before = read_bytes (fixture->path);
  store = dd_store_open (fixture->path, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  after = read_bytes (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
}

/* ------------------------------------------------------------------ text */

static void
test_text_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  const char *units[] = {
    "O'Brien \"quoted\" ''",
    "'; DROP TABLE staff; --",
    "🚒🌧️ 防汛 👩‍🚒",
    "贵州省贵阳市南明区花果园街道",
    "  leading and trailing  ",
    "back\\slash %s %d \t tab\nnewline",
    NULL,
  };
  guint n = 0;

  for (guint i = 0; i < 10000; i++)
    g_string_append_unichar (long_text, i % 3 == 0 ? 0x503C /* 值 */ : 'a' + i % 26);
  g_assert_cmpint (g_utf8_strlen (long_text->str, -1), ==, 10000);
  units[G_N_ELEMENTS (units) - 1] = long_text->str;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", i % 2 ? "Robert'); DROP TABLE staff;--" : "张'三\"", i);
      g_autoptr(DdStaff) staff = dd_staff_new (NULL, name, DD_ROLE_BOTH, "+86 (851) 8555-0000", units[i], i % 2);
      g_autoptr(DdStaff) saved = dd_store_add_staff (store, staff, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (dd_staff_get_unit (saved), ==, units[i]);
    }

  listed = dd_store_list_staff (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, G_N_ELEMENTS (units));

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", i % 2 ? "Robert'); DROP TABLE staff;--" : "张'三\"", i);

      for (guint j = 0; j < listed->len; j++)
        {
          DdStaff *staff = g_ptr_array_index (listed, j);

          if (g_strcmp0 (dd_staff_get_name (staff), name) == 0)
            {
              g_assert_cmpstr (dd_staff_get_unit (staff), ==, units[i]);
              g_assert_cmpstr (dd_staff_get_phone (staff), ==, "+86 (851) 8555-0000");
              g_assert_cmpint (dd_staff_get_roles (staff), ==, DD_ROLE_BOTH);
              g_assert_cmpint (dd_staff_get_active (staff), ==, i % 2);
              n++;
            }
        }
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (units));

  /* The desk's own text, too. */
  desk = dd_store_update_desk (store, long_text->str, DD_REGIME_5X8, "https://dutydesk.example.cn:8443/v1", &error);
  g_assert_no_error (error);
  g_clear_object (&desk);
  g_clear_object (&store);
  store = open_store (fixture->path);
  desk = dd_store_get_desk (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_desk_get_unit_name (desk), ==, long_text->str);
  g_assert_cmpstr (dd_desk_get_server_url (desk), ==, "https://dutydesk.example.cn:8443/v1");
  g_assert_cmpint (dd_desk_get_regime (desk), ==, DD_REGIME_5X8);
}

static void
test_text_invalid_utf8 (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStaff) bad_name = dd_staff_new (NULL, "王\xff\xfe", DD_ROLE_OFFICER, "", "", TRUE);
  g_autoptr(DdStaff) bad_unit = dd_staff_new (NULL, "王五", DD_ROLE_OFFICER, "", "单\xc3\x28位", TRUE);
  g_autoptr(DdStaff) good = dd_staff_new (NULL, "李四", DD_ROLE_OFFICER, "", "", TRUE);
  g_autoptr(GPtrArray) many = g_ptr_array_new ();
  Counts before, after;
  DdStaff *saved;
  GPtrArray *saved_many;
  DdDesk *desk;

  before = count_rows (fixture->path);

  saved = dd_store_add_staff (store, bad_name, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (saved);
  g_clear_error (&error);

  saved = dd_store_add_staff (store, bad_unit, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (saved);
  g_clear_error (&error);

  /* One bad member spoils the whole batch. */
  g_ptr_array_add (many, good);
  g_ptr_array_add (many, bad_unit);
  saved_many = dd_store_add_staff_many (store, many, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (saved_many);
  g_clear_error (&error);

  desk = dd_store_update_desk (store, "南明\xe5\x8c", DD_REGIME_7X24, NULL, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (desk);
  g_clear_error (&error);

  desk = dd_store_update_desk (store, NULL, DD_REGIME_7X24, "http://\xff.example", &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (desk);
  g_clear_error (&error);

  after = count_rows (fixture->path);
  g_assert_cmpint (before.staff, ==, after.staff);
  g_assert_cmpint (before.audit, ==, after.audit);
  g_assert_cmpint (before.outbox, ==, after.outbox);
}

/* ------------------------------------------------------------------ writes */

static void
assert_one_entry_per_write (Fixture    *fixture,
                            Counts     *last,
                            gint64      n_writes,
                            const char *action)
{
  Counts now = count_rows (fixture->path);
  sqlite3 *db;
  g_autofree char *last_action = NULL;

  g_assert_cmpint (now.audit - last->audit, ==, n_writes);
  g_assert_cmpint (now.outbox - last->outbox, ==, n_writes);

  db = raw_open (fixture->path);
  last_action = raw_text (db, "SELECT action FROM audit_journal ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (last_action, ==, action);
  /* Every outbox payload is JSON and names its record. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sync_outbox WHERE NOT json_valid (payload)"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sync_outbox WHERE state <> 'pending'"), ==, 0);
  sqlite3_close (db);

  *last = now;
}

static void
test_write_audit_and_outbox (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(DdStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdStaff) member = NULL;
  g_autofree char *payload = NULL;
  Counts counts = count_rows (fixture->path);
  sqlite3 *db;

  g_assert_cmpint (counts.audit, ==, 0);
  g_assert_cmpint (counts.outbox, ==, 0);

  desk = dd_store_init_desk (store, "520102-yjj", "南明区应急管理局", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dd_desk_get_level (desk), ==, DD_LEVEL_DEPARTMENT);
  g_assert_cmpstr (dd_desk_get_server_url (desk), ==, "");
  g_assert_true (strlen (dd_desk_get_client_epoch (desk)) == 36);
  assert_one_entry_per_write (fixture, &counts, 1, "desk.init");
  g_clear_object (&desk);

  member = add_staff (store, "王五");
  g_assert_nonnull (dd_staff_get_id (member));
  assert_one_entry_per_write (fixture, &counts, 1, "staff.add");

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("成员%u", i);

      g_ptr_array_add (batch, dd_staff_new (NULL, name, DD_ROLE_LEADER, "", "", TRUE));
    }
  saved = dd_store_add_staff_many (store, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 5);
  assert_one_entry_per_write (fixture, &counts, 5, "staff.add");

  desk = dd_store_update_desk (store, "南明区应急局", DD_REGIME_5X8, "https://sync.example.cn", &error);
  g_assert_no_error (error);
  assert_one_entry_per_write (fixture, &counts, 1, "desk.update");
  g_clear_object (&desk);

  /* No change: nothing written. */
  desk = dd_store_update_desk (store, "南明区应急局", DD_REGIME_5X8, NULL, &error);
  g_assert_no_error (error);
  assert_one_entry_per_write (fixture, &counts, 0, "desk.update");
  g_clear_object (&desk);

  g_assert_cmpint (dd_store_count_pending_ops (store, NULL), ==, 8);
  g_assert_cmpint (dd_store_count_audit_entries (store, NULL), ==, 8);
  g_assert_cmpint (dd_store_count_staff (store, NULL), ==, 6);
  g_assert_cmpint (dd_store_get_last_synced_ms (store, NULL), ==, 0);

  db = raw_open (fixture->path);
  /* The patch carries only the changed fields and the version it applies to. */
  payload = raw_text (db, "SELECT payload FROM sync_outbox ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (payload, ==,
                   "{\"unit_name\":\"南明区应急局\",\"regime\":\"5x8\",\"server_url\":\"https://sync.example.cn\"}");
  g_assert_cmpint (raw_int (db, "SELECT base_ver FROM sync_outbox ORDER BY seq DESC LIMIT 1"), ==, 1);
  /* Outbox seqs are the per-desk sequence 1..n; op ids are unique. */
  g_assert_cmpint (raw_int (db, "SELECT max (seq) FROM sync_outbox"), ==, 8);
  g_assert_cmpint (raw_int (db, "SELECT count (DISTINCT op_id) FROM sync_outbox"), ==, 8);
  /* HLC stamps strictly increase with the outbox sequence. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sync_outbox a JOIN sync_outbox b ON b.seq = a.seq + 1"
                                " WHERE b.hlc <= a.hlc"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT hlc FROM clock"), ==,
                   raw_int (db, "SELECT max (hlc) FROM sync_outbox"));
  /* The staff payload is the record. */
  g_clear_pointer (&payload, g_free);
  payload = raw_text (db, "SELECT json_extract (payload, '$.name') || json_extract (payload, '$.leader')"
                          " FROM sync_outbox WHERE op = 'insert' AND record_kind = 'staff' ORDER BY seq LIMIT 1");
  g_assert_cmpstr (payload, ==, "王五0");
  sqlite3_close (db);
}

static void
test_write_clock_persists (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path);
  gint64 future;
  gint64 hlc;
  sqlite3 *db;

  g_clear_object (&store);

  /* A clock saved ahead of the wall time (another desk's stamp, a clock
   * that was set back): the next write must still stamp after it. */
  future = (gint64) (((guint64) (g_get_real_time () / 1000 + 3600 * 1000)) << 16);
  db = raw_open (fixture->path);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE clock SET hlc = %" G_GINT64_FORMAT, future);
    raw_exec (db, sql);
  }
  sqlite3_close (db);

  store = open_store (fixture->path);
  {
    g_autoptr(DdStaff) member = add_staff (store, "赵六");
  }
  g_clear_object (&store);

  hlc = path_int (fixture->path, "SELECT hlc FROM staff");
  g_assert_cmpint (hlc, >, future);
  g_assert_cmpint (path_int (fixture->path, "SELECT hlc FROM clock"), ==, hlc);
}

static void
test_desk_validation (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DdStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) first = NULL;
  g_autoptr(DdStaff) member = NULL;
  DdDesk *desk;

  desk = dd_store_get_desk (store, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED);
  g_assert_null (desk);
  g_clear_error (&error);

  /* Staff need a desk to belong to. */
  {
    g_autoptr(DdStaff) staff = dd_staff_new (NULL, "无主", DD_ROLE_OFFICER, "", "", TRUE);

    member = dd_store_add_staff (store, staff, &error);
    g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED);
    g_assert_null (member);
    g_clear_error (&error);
  }

  desk = dd_store_init_desk (store, "999999", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (desk);
  g_clear_error (&error);

  desk = dd_store_init_desk (store, "520102-YJJ!", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (desk);
  g_clear_error (&error);

  desk = dd_store_init_desk (store, "520102", NULL, DD_REGIME_NONE, FALSE, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (desk);
  g_clear_error (&error);

  desk = dd_store_init_desk (store, "520102", "   ", DD_REGIME_7X24, FALSE, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (desk);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (fixture->path).audit, ==, 0);

  first = dd_store_init_desk (store, "520102", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_desk_get_unit_name (first), ==, "南明区");
  g_assert_cmpint (dd_desk_get_level (first), ==, DD_LEVEL_COUNTY);
  g_assert_cmpint (dd_desk_get_regime (first), ==, DD_REGIME_7X24);

  desk = dd_store_init_desk (store, "520103", NULL, DD_REGIME_5X8, FALSE, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_ALREADY_INITIALISED);
  g_assert_null (desk);
  g_clear_error (&error);

  desk = dd_store_update_desk (store, NULL, DD_REGIME_7X24, "ftp://example.cn", &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (desk);
  g_clear_error (&error);

  /* Forced: a new identity and a new client epoch. */
  desk = dd_store_init_desk (store, "520103", NULL, DD_REGIME_5X8, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_desk_get_unit_code (desk), ==, "520103");
  g_assert_cmpstr (dd_desk_get_client_epoch (desk), !=, dd_desk_get_client_epoch (first));
  g_assert_false (dd_store_is_demo (store));
  g_object_unref (desk);
}

/* ------------------------------------------------------------------ audit */

static DdStore *
store_with_entries (Fixture *fixture,
                    guint    n_staff)
{
  DdStore *store = open_desk (fixture->path);

  for (guint i = 0; i < n_staff; i++)
    {
      g_autofree char *name = g_strdup_printf ("值班员%u", i);
      g_autoptr(DdStaff) member = add_staff (store, name);
    }

  return store;
}

static void
assert_report (DdStore    *store,
               gboolean    ok,
               gint64      bad_seq,
               const char *problem_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdAuditReport) report = dd_store_verify_audit (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  if (ok)
    {
      g_assert_true (report->ok);
      g_assert_cmpint (report->bad_seq, ==, 0);
      g_assert_null (report->problem);
      return;
    }

  g_assert_false (report->ok);
  g_assert_cmpint (report->bad_seq, ==, bad_seq);
  g_assert_nonnull (report->problem);
  g_assert_nonnull (strstr (report->problem, problem_part));
}

static void
test_audit_verify_ok (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DdStore) store = store_with_entries (fixture, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdAuditReport) report = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  DdAuditEntry *entry;

  report = dd_store_verify_audit (store, &error);
  g_assert_no_error (error);
  g_assert_true (report->ok);
  g_assert_cmpint (report->n_entries, ==, 6);

  entries = dd_store_list_audit_entries (store, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 6);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (dd_audit_entry_get_seq (entry), ==, 1);
  g_assert_cmpstr (dd_audit_entry_get_action (entry), ==, "desk.init");
  g_assert_cmpstr (dd_audit_entry_get_actor (entry), ==, "test");
  g_assert_cmpstr (dd_audit_entry_get_entity_kind (entry), ==, "desk");
  g_assert_cmpstr (dd_audit_entry_get_entity_id (entry), ==, "520102");
  g_assert_true (g_str_has_prefix (dd_audit_entry_get_detail (entry), "{"));
  g_assert_cmpint (dd_audit_entry_get_at_ms (entry), >, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Positions, from any offset. */
  entries = dd_store_list_audit_entries (store, 4, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (dd_audit_entry_get_seq (g_ptr_array_index (entries, 0)), ==, 5);
  g_assert_cmpstr (dd_audit_entry_get_action (g_ptr_array_index (entries, 1)), ==, "staff.add");
}

static void
test_audit_append_only (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DdStore) store = store_with_entries (fixture, 2);
  sqlite3 *db = raw_open (fixture->path);
  char *message = NULL;

  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_journal SET actor = 'x' WHERE seq = 2", NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  message = NULL;
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_journal WHERE seq = 3", NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  message = NULL;
  /* An entry that does not follow the head is refused too. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO audit_journal (seq, at, actor, action, entity_kind, entity_id, prev_hash, hash)"
                                 " VALUES (10, 1, 'x', 'x', '', '', printf ('%064d', 0), printf ('%064d', 0))",
                                 NULL, NULL, &message), !=, SQLITE_OK);
  sqlite3_free (message);
  sqlite3_close (db);

  assert_report (store, TRUE, 0, NULL);
}

static void
test_audit_detects_edit (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(DdStore) store = store_with_entries (fixture, 5);
  sqlite3 *db = raw_open (fixture->path);

  raw_exec (db, "DROP TRIGGER audit_journal_no_update;"
                "UPDATE audit_journal SET detail = json_set (detail, '$.name', '李鬼') WHERE seq = 3;");
  sqlite3_close (db);

  assert_report (store, FALSE, 3, "edited");
}

static void
test_audit_detects_deleted_middle (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(DdStore) store = store_with_entries (fixture, 5);
  sqlite3 *db = raw_open (fixture->path);

  raw_exec (db, "DROP TRIGGER audit_journal_no_delete; DELETE FROM audit_journal WHERE seq = 4;");
  sqlite3_close (db);

  assert_report (store, FALSE, 4, "missing");
}

static void
test_audit_detects_deleted_last (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(DdStore) store = store_with_entries (fixture, 5);
  sqlite3 *db = raw_open (fixture->path);

  raw_exec (db, "DROP TRIGGER audit_journal_no_delete; DELETE FROM audit_journal WHERE seq = 6;");
  sqlite3_close (db);

  assert_report (store, FALSE, 6, "cut off");
}

static void
test_audit_detects_rehashed_edit (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(DdStore) store = store_with_entries (fixture, 5);
  sqlite3 *db = raw_open (fixture->path);

  /* A forger who also rewrites the entry's own hash breaks the link of
   * the entry after it. */
  raw_exec (db, "DROP TRIGGER audit_journal_no_update;"
                "UPDATE audit_journal SET hash = printf ('%064d', 7) WHERE seq = 2;");
  sqlite3_close (db);

  assert_report (store, FALSE, 2, "edited");
}

/* ------------------------------------------------------------------ backup and restore */

static void
test_backup_restore (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DdStore) store = store_with_entries (fixture, 3);
  g_autofree char *backup = fixture_file (fixture, "backup.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) before = NULL;
  g_autoptr(DdDesk) after = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autofree char *mode = NULL;
  gint64 clock_before;
  gint64 n_audit;
  sqlite3 *db;

  before = dd_store_get_desk (store, &error);
  g_assert_no_error (error);

  g_assert_true (dd_store_backup (store, backup, &error));
  g_assert_no_error (error);
  g_assert_cmpint (path_int (backup, "SELECT count(*) FROM staff"), ==, 3);

  /* Never over an existing file. */
  g_assert_false (dd_store_backup (store, backup, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Changes after the backup are replaced by the restore. */
  {
    g_autoptr(DdStaff) late = add_staff (store, "备份之后");
  }
  g_assert_cmpint (dd_store_count_staff (store, NULL), ==, 4);
  clock_before = path_int (fixture->path, "SELECT hlc FROM clock");

  dd_store_restore (store, backup, &error);
  g_assert_no_error (error);

  staff = dd_store_list_staff (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 3);

  after = dd_store_get_desk (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_desk_get_unit_code (after), ==, dd_desk_get_unit_code (before));
  g_assert_cmpstr (dd_desk_get_client_epoch (after), !=, dd_desk_get_client_epoch (before));

  /* The restore is in the journal, which still verifies. */
  n_audit = dd_store_count_audit_entries (store, NULL);
  g_assert_cmpint (n_audit, ==, 5);
  entries = dd_store_list_audit_entries (store, n_audit - 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_audit_entry_get_action (g_ptr_array_index (entries, 0)), ==, "desk.restore");
  assert_report (store, TRUE, 0, NULL);

  /* The clock did not go back, the database is still in WAL mode, and no
   * working files are left beside it. */
  g_assert_cmpint (path_int (fixture->path, "SELECT hlc FROM clock"), >, clock_before);
  db = raw_open (fixture->path);
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_clear_pointer (&mode, g_free);
  mode = raw_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (mode, ==, "ok");
  sqlite3_close (db);
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".desk-restore"));
  }

  /* The store keeps working after the restore. */
  {
    g_autoptr(DdStaff) again = add_staff (store, "恢复之后");
  }
  assert_report (store, TRUE, 0, NULL);
  g_clear_object (&store);
  store = open_store (fixture->path);
  g_assert_cmpint (dd_store_count_staff (store, NULL), ==, 4);
}

static void
damage_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  gsize page = 4096;
  gsize start;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 8 * page);

  /* Three whole pages in the middle: b-tree headers and cells. */
  start = (length / 2) / page * page;
  for (gsize i = start; i < start + 3 * page && i < length; i++)
    contents[i] = (char) (0x5a ^ (i * 31));

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  g_free (contents);
}

static void
test_restore_refuses_damaged (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(DdStore) store = open_desk (fixture->path);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) saved = NULL;
  g_autofree char *backup = fixture_file (fixture, "backup.db");
  g_autofree char *text = fixture_file (fixture, "text.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) before = NULL;
  g_autoptr(DdDesk) after = NULL;
  Counts counts_before, counts_after;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("成员%03u", i);

      g_ptr_array_add (batch, dd_staff_new (NULL, name, DD_ROLE_OFFICER, "13800000000",
                                            "南明区人民政府总值班室", TRUE));
    }
  saved = dd_store_add_staff_many (store, batch, &error);
  g_assert_no_error (error);

  g_assert_true (dd_store_backup (store, backup, &error));
  g_assert_no_error (error);
  damage_file (backup);

  {
    g_autoptr(DdStaff) late = add_staff (store, "损坏之前");
  }
  before = dd_store_get_desk (store, NULL);
  counts_before = count_rows (fixture->path);

  g_assert_false (dd_store_restore (store, backup, &error));
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT) ||
                 g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE));
  g_clear_error (&error);

  /* Not a database at all. */
  g_file_set_contents (text, "PRAGMA nothing;", -1, &error);
  g_assert_no_error (error);
  g_assert_false (dd_store_restore (store, text, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);

  g_assert_false (dd_store_restore (store, "/nonexistent/backup.db", &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The live database is as it was. */
  after = dd_store_get_desk (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_desk_get_client_epoch (after), ==, dd_desk_get_client_epoch (before));
  counts_after = count_rows (fixture->path);
  g_assert_cmpint (counts_after.staff, ==, counts_before.staff);
  g_assert_cmpint (counts_after.audit, ==, counts_before.audit);
  g_assert_cmpint (counts_after.outbox, ==, counts_before.outbox);
  assert_report (store, TRUE, 0, NULL);
  g_assert_cmpint (path_int (fixture->path, "SELECT count(*) FROM staff WHERE name = '损坏之前'"), ==, 1);
}

static void
test_restore_refuses_too_new (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(DdStore) store = store_with_entries (fixture, 2);
  g_autofree char *backup = fixture_file (fixture, "backup.db");
  g_autofree char *bump = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) before = NULL;
  g_autoptr(DdDesk) after = NULL;
  sqlite3 *db;

  g_assert_true (dd_store_backup (store, backup, &error));
  g_assert_no_error (error);

  db = raw_open (backup);
  bump = g_strdup_printf ("PRAGMA user_version = %d", dd_store_get_latest_schema_version () + 1);
  raw_exec (db, bump);
  sqlite3_close (db);

  before = dd_store_get_desk (store, NULL);
  g_assert_false (dd_store_restore (store, backup, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_TOO_NEW);

  after = dd_store_get_desk (store, NULL);
  g_assert_cmpstr (dd_desk_get_client_epoch (after), ==, dd_desk_get_client_epoch (before));
  g_assert_cmpint (dd_store_count_staff (store, NULL), ==, 2);
  g_assert_cmpint (dd_store_count_audit_entries (store, NULL), ==, 3);
}

/* ------------------------------------------------------------------ service */

typedef struct
{
  GString *order;
  guint    done;
  guint    changed;
  GError  *error;
  guint    cancelled;
} ServiceState;

static void
on_service_changed_cb (DdStoreService *service,
                       gpointer        user_data)
{
  ServiceState *state = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  state->changed++;
}

static void
on_init_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = dd_store_service_init_desk_finish (DD_STORE_SERVICE (object), result, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (dd_desk_get_unit_code (desk), ==, "520102");
  g_string_append (state->order, "init ");
  state->done++;
}

static void
on_desk_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = dd_store_service_get_desk_finish (DD_STORE_SERVICE (object), result, &error);

  g_assert_no_error (error);
  g_string_append_printf (state->order, "desk:%s ", dd_desk_get_unit_name (desk));
  state->done++;
}

static void
on_update_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = dd_store_service_update_desk_finish (DD_STORE_SERVICE (object), result, &error);

  g_assert_no_error (error);
  g_string_append (state->order, "update ");
  state->done++;
}

static void
on_status_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree DdDeskStatus *status = dd_store_service_get_status_finish (DD_STORE_SERVICE (object), result, &error);

  g_assert_no_error (error);
  g_string_append_printf (state->order, "status:%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT " ",
                          status->pending_ops, status->n_staff, status->last_synced_ms);
  state->done++;
}

static gpointer
add_staff_job (DdStore  *store,
               gpointer  data,
               GError  **error)
{
  g_autoptr(DdStaff) staff = dd_staff_new (NULL, data, DD_ROLE_OFFICER, "", "", TRUE);

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));

  return dd_store_add_staff (store, staff, error);
}

static void
on_staff_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ServiceState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStaff) staff = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);

  if (error != NULL)
    {
      /* GTask hands a cancelled result back one main-loop iteration
       * later, so it is not in the order of the rest. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_string_append_printf (state->order, "error:%d ", error->code);
      else
        state->cancelled++;
      g_clear_error (&state->error);
      g_propagate_error (&state->error, g_steal_pointer (&error));
    }
  else
    g_string_append_printf (state->order, "staff:%s ", dd_staff_get_name (staff));
  state->done++;
}

static void
test_service_jobs (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DdStoreService) service = dd_store_service_new (fixture->path, "service-test");
  ServiceState state = { g_string_new (NULL), 0, 0, NULL, 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *expected = NULL;

  g_signal_connect (service, "changed", G_CALLBACK (on_service_changed_cb), &state);
  g_assert_cmpstr (dd_store_service_get_path (service), ==, fixture->path);

  dd_store_service_init_desk_async (service, "520102", NULL, DD_REGIME_7X24, NULL, on_init_done_cb, &state);
  dd_store_service_run_async (service, add_staff_job, g_strdup ("甲"), g_free, g_object_unref, TRUE,
                              NULL, on_staff_done_cb, &state);
  /* Cancelled before it runs: it does not run, and nothing changes. */
  g_cancellable_cancel (cancellable);
  dd_store_service_run_async (service, add_staff_job, g_strdup ("取消"), g_free, g_object_unref, TRUE,
                              cancellable, on_staff_done_cb, &state);
  /* A failing write: no ::changed. */
  dd_store_service_run_async (service, add_staff_job, g_strdup (" "), g_free, g_object_unref, TRUE,
                              NULL, on_staff_done_cb, &state);
  dd_store_service_update_desk_async (service, "南明区政府", DD_REGIME_7X24, NULL, NULL, on_update_done_cb, &state);
  dd_store_service_get_desk_async (service, NULL, on_desk_done_cb, &state);
  dd_store_service_get_status_async (service, NULL, on_status_done_cb, &state);

  /* Nothing arrives before the main context runs. */
  g_assert_cmpuint (state.done, ==, 0);

  wait_for (&state.done, 7, "the service jobs");
  wait_for (&state.changed, 3, "::changed");

  expected = g_strdup_printf ("init staff:甲 error:%d update desk:南明区政府 status:3,1,0 ",
                              DD_STORE_ERROR_INVALID);
  g_assert_cmpstr (state.order->str, ==, expected);
  g_assert_cmpuint (state.cancelled, ==, 1);
  g_assert_cmpuint (state.changed, ==, 3);

  g_clear_error (&state.error);
  g_string_free (state.order, TRUE);

  g_assert_finalize_object (g_steal_pointer (&service));

  /* Everything reached the file, and the store was closed cleanly. */
  g_assert_cmpint (path_int (fixture->path, "SELECT count(*) FROM staff"), ==, 1);
  g_assert_cmpint (path_int (fixture->path, "SELECT count(*) FROM audit_journal WHERE actor = 'service-test'"), ==, 3);
}

static void
test_service_open_error (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *bad = fixture_file (fixture, "bad.db");
  g_autoptr(DdStoreService) service = NULL;
  ServiceState state = { g_string_new (NULL), 0, 0, NULL, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_file_set_contents (bad, "this is not a database, this is a note that is longer than a header"
                       "...............................................", -1, &error);
  g_assert_no_error (error);

  service = dd_store_service_new (bad, NULL);
  g_signal_connect (service, "changed", G_CALLBACK (on_service_changed_cb), &state);
  dd_store_service_run_async (service, add_staff_job, g_strdup ("甲"), g_free, g_object_unref, TRUE,
                              NULL, on_staff_done_cb, &state);
  dd_store_service_run_async (service, add_staff_job, g_strdup ("乙"), g_free, g_object_unref, TRUE,
                              NULL, on_staff_done_cb, &state);
  wait_for (&state.done, 2, "the failing jobs");

  expected = g_strdup_printf ("error:%d error:%d ", DD_STORE_ERROR_NOT_A_DATABASE, DD_STORE_ERROR_NOT_A_DATABASE);
  g_assert_cmpstr (state.order->str, ==, expected);
  g_assert_error (state.error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE);
  g_assert_cmpuint (state.changed, ==, 0);

  g_clear_error (&state.error);
  g_string_free (state.order, TRUE);
  g_assert_finalize_object (g_steal_pointer (&service));
}

/* ------------------------------------------------------------------ paged model */

typedef struct
{
  guint changes;
  guint done;
  guint last_position;
  guint last_removed;
  guint last_added;
  gboolean ok;
} ModelState;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  ModelState *state = user_data;

  state->changes++;
  state->last_position = position;
  state->last_removed = removed;
  state->last_added = added;
}

static void
on_load_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ModelState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->ok = dd_paged_model_load_finish (DD_PAGED_MODEL (object), result, &error);
  if (!state->ok)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  state->done++;
}

static void
on_reload_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ModelState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->ok = dd_paged_model_reload_finish (DD_PAGED_MODEL (object), result, &error);
  g_assert_no_error (error);
  state->done++;
}

static void
test_paged_model (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DdStore) store = store_with_entries (fixture, 44);
  g_autoptr(DdStoreService) service = NULL;
  g_autoptr(DdPagedModel) model = NULL;
  g_autoptr(DdAuditEntry) item = NULL;
  ModelState state = { 0 };
  ServiceState service_state = { g_string_new (NULL), 0, 0, NULL, 0 };
  guint changes;

  g_clear_object (&store);

  service = dd_store_service_new (fixture->path, "model-test");
  model = dd_paged_model_new (service, DD_TYPE_AUDIT_ENTRY,
                              dd_store_count_audit_entries,
                              dd_store_list_audit_entries,
                              10);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &state);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == DD_TYPE_AUDIT_ENTRY);
  /* Empty until counted. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  wait_for (&state.changes, 1, "the count");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 45);
  g_assert_cmpuint (state.last_position, ==, 0);
  g_assert_cmpuint (state.last_removed, ==, 0);
  g_assert_cmpuint (state.last_added, ==, 45);

  /* A placeholder until the page arrives, then items-changed over it. */
  g_assert_false (dd_paged_model_is_loaded (model, 25));
  item = g_list_model_get_item (G_LIST_MODEL (model), 25);
  g_assert_true (DD_IS_AUDIT_ENTRY (item));
  g_assert_cmpint (dd_audit_entry_get_seq (item), ==, 0);
  g_assert_cmpstr (dd_audit_entry_get_action (item), ==, "");
  g_clear_object (&item);

  changes = state.changes;
  wait_for (&state.changes, changes + 1, "the page");
  g_assert_cmpuint (state.last_position, ==, 20);
  g_assert_cmpuint (state.last_removed, ==, 10);
  g_assert_cmpuint (state.last_added, ==, 10);
  g_assert_true (dd_paged_model_is_loaded (model, 25));
  g_assert_false (dd_paged_model_is_loaded (model, 35));
  item = g_list_model_get_item (G_LIST_MODEL (model), 25);
  g_assert_cmpint (dd_audit_entry_get_seq (item), ==, 26);
  g_assert_cmpstr (dd_audit_entry_get_action (item), ==, "staff.add");
  g_clear_object (&item);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 45));

  /* load_async on the last, short page. */
  dd_paged_model_load_async (model, 44, NULL, on_load_done_cb, &state);
  wait_for (&state.done, 1, "load_async");
  g_assert_true (state.ok);
  g_assert_true (dd_paged_model_is_loaded (model, 40));
  g_assert_true (dd_paged_model_is_loaded (model, 44));
  item = g_list_model_get_item (G_LIST_MODEL (model), 44);
  g_assert_cmpint (dd_audit_entry_get_seq (item), ==, 45);
  g_clear_object (&item);

  /* Loaded already: completes at once (still through the main context). */
  dd_paged_model_load_async (model, 41, NULL, on_load_done_cb, &state);
  wait_for (&state.done, 2, "load_async of a loaded page");
  g_assert_true (state.ok);

  /* Out of range. */
  dd_paged_model_load_async (model, 1000, NULL, on_load_done_cb, &state);
  wait_for (&state.done, 3, "load_async out of range");
  g_assert_false (state.ok);

  /* A write, then reload: the new count, no page loaded. */
  g_signal_connect (service, "changed", G_CALLBACK (on_service_changed_cb), &service_state);
  dd_store_service_run_async (service, add_staff_job, g_strdup ("新人"), g_free, g_object_unref, TRUE,
                              NULL, on_staff_done_cb, &service_state);
  wait_for (&service_state.changed, 1, "::changed");
  dd_paged_model_reload_async (model, NULL, on_reload_done_cb, &state);
  wait_for (&state.done, 4, "reload");
  g_assert_true (state.ok);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 46);
  g_assert_cmpuint (state.last_removed, ==, 45);
  g_assert_cmpuint (state.last_added, ==, 46);
  g_assert_false (dd_paged_model_is_loaded (model, 44));

  g_string_free (service_state.order, TRUE);
  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&service));
}

/* ------------------------------------------------------------------ demo */

static GStrv
staff_names (DdStore *store)
{
  g_autoptr(GPtrArray) staff = dd_store_list_staff (store, NULL);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv names;

  for (guint i = 0; i < staff->len; i++)
    {
      DdStaff *member = g_ptr_array_index (staff, i);
      g_autofree char *line = g_strdup_printf ("%s|%s|%s|%d|%d", dd_staff_get_name (member),
                                               dd_staff_get_phone (member), dd_staff_get_unit (member),
                                               dd_staff_get_roles (member), dd_staff_get_active (member));

      g_strv_builder_add (builder, line);
    }

  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return names;
}

static void
test_demo_small (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path_a = fixture_file (fixture, "a.db");
  g_autofree char *path_b = fixture_file (fixture, "b.db");
  g_autofree char *path_c = fixture_file (fixture, "c.db");
  g_autoptr(DdStore) a = open_store (path_a);
  g_autoptr(DdStore) b = open_store (path_b);
  g_autoptr(DdStore) c = open_store (path_c);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdAuditReport) report = NULL;
  g_auto(GStrv) names_a = NULL;
  g_auto(GStrv) names_b = NULL;
  g_auto(GStrv) names_c = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  guint leaders = 0, officers = 0, both = 0;

  g_assert_true (dd_store_fill_demo (a, DD_DEMO_SIZE_SMALL, 42, &error));
  g_assert_no_error (error);
  g_assert_true (dd_store_fill_demo (b, DD_DEMO_SIZE_SMALL, 42, &error));
  g_assert_no_error (error);
  g_assert_true (dd_store_fill_demo (c, DD_DEMO_SIZE_SMALL, 7, &error));
  g_assert_no_error (error);

  names_a = staff_names (a);
  names_b = staff_names (b);
  names_c = staff_names (c);
  g_assert_cmpuint (g_strv_length (names_a), >=, 30);
  g_assert_true (g_strv_equal ((const char * const *) names_a, (const char * const *) names_b));
  g_assert_false (g_strv_equal ((const char * const *) names_a, (const char * const *) names_c));

  g_assert_true (dd_store_is_demo (a));
  desk = dd_store_get_desk (a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_desk_get_unit_code (desk), ==, "520102");
  g_assert_cmpint (dd_desk_get_regime (desk), ==, DD_REGIME_7X24);
  g_assert_cmpint (dd_desk_get_level (desk), ==, DD_LEVEL_COUNTY);

  staff = dd_store_list_staff (a, NULL);
  for (guint i = 0; i < staff->len; i++)
    {
      DdRole roles = dd_staff_get_roles (g_ptr_array_index (staff, i));

      if (roles == DD_ROLE_BOTH)
        both++;
      else if (roles == DD_ROLE_LEADER)
        leaders++;
      else
        officers++;
    }
  g_assert_cmpuint (leaders, >, 0);
  g_assert_cmpuint (officers, >, 0);
  g_assert_cmpuint (both, >, 0);

  /* The desk, its staff and the rest of the demo (directories, rosters)
   * are all journaled, and the same seed journals the same history. */
  report = dd_store_verify_audit (a, &error);
  g_assert_no_error (error);
  g_assert_true (report->ok);
  g_assert_cmpint (report->n_entries, >, staff->len + 1);
  g_assert_cmpint (report->n_entries, ==, dd_store_count_audit_entries (b, NULL));

  /* Never into a database that holds a desk. */
  g_assert_false (dd_store_fill_demo (a, DD_DEMO_SIZE_SMALL, 42, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_ALREADY_INITIALISED);
  g_assert_cmpint (dd_store_count_staff (a, NULL), ==, staff->len);
  g_clear_error (&error);

  {
    g_autoptr(DdStore) plain = open_desk (fixture->path);

    g_assert_false (dd_store_fill_demo (plain, DD_DEMO_SIZE_SMALL, 42, &error));
    g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_ALREADY_INITIALISED);
    g_assert_false (dd_store_is_demo (plain));
    g_assert_cmpint (dd_store_count_staff (plain, NULL), ==, 0);
  }
}

/* ------------------------------------------------------------------ kill safety */

#define KILL_CHILD_ARG "--kill-child"
#define KILL_AFTER     40

static int
run_kill_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (path, &error);

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* Until killed (the bound only stops a child nobody kills). */
  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *name = g_strdup_printf ("进程中%u", i);
      g_autoptr(DdStaff) staff = dd_staff_new (NULL, name, DD_ROLE_OFFICER, "", "", TRUE);
      g_autoptr(DdStaff) saved = dd_store_add_staff (store, staff, &error);

      if (saved == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }

      /* Printed only after the commit returned. */
      fprintf (stdout, "%s\n", dd_staff_get_id (saved));
      fflush (stdout);
    }

  return 0;
}

static void
test_kill_safety (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *self_exe = NULL;
  g_autoptr(DdAuditReport) report = NULL;
  g_autoptr(DdStore) store = open_desk (fixture->path);
  g_autofree char *integrity = NULL;
  sqlite3 *db;

  g_clear_object (&store);

  self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, KILL_CHILD_ARG, fixture->path, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while (ids->len < KILL_AFTER)
    {
      char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_ptr_array_add (ids, line);
    }

  /* In the middle of its writing. */
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  db = raw_open (fixture->path);
  integrity = raw_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM staff WHERE id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (ids, i), -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      sqlite3_finalize (stmt);
    }
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM staff"), >=, KILL_AFTER);
  /* Each committed member came with its entry and its operation. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM audit_journal"), ==,
                   raw_int (db, "SELECT count(*) FROM staff") + 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sync_outbox"), ==,
                   raw_int (db, "SELECT count(*) FROM staff") + 1);
  sqlite3_close (db);

  store = open_store (fixture->path);
  report = dd_store_verify_audit (store, &error);
  g_assert_no_error (error);
  g_assert_true (report->ok);
}

/* ------------------------------------------------------------------ main */

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_strcmp0 (argv[1], KILL_CHILD_ARG) == 0)
    return run_kill_child (argv[2]);

  if (argc == 2 && g_strcmp0 (argv[1], DEFAULT_PATH_CHILD_ARG) == 0)
    {
      g_autofree char *path = dd_store_dup_default_path ();

      g_print ("%s", path);
      return 0;
    }

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open/pragmas", test_open_pragmas);
  ADD ("/store/open/default-path", test_open_default_path);
  ADD ("/store/open/creates-folder", test_open_creates_folder);
  ADD ("/store/open/not-a-database", test_open_not_a_database);
  ADD ("/store/migrations/every-version", test_migrations_every_version);
  ADD ("/store/migrations/too-new", test_migrations_too_new);
  ADD ("/store/text/round-trip", test_text_round_trip);
  ADD ("/store/text/invalid-utf8", test_text_invalid_utf8);
  ADD ("/store/write/audit-and-outbox", test_write_audit_and_outbox);
  ADD ("/store/write/clock-persists", test_write_clock_persists);
  ADD ("/store/desk/validation", test_desk_validation);
  ADD ("/store/audit/verify-ok", test_audit_verify_ok);
  ADD ("/store/audit/append-only", test_audit_append_only);
  ADD ("/store/audit/detects-edit", test_audit_detects_edit);
  ADD ("/store/audit/detects-rehashed-edit", test_audit_detects_rehashed_edit);
  ADD ("/store/audit/detects-deleted-middle", test_audit_detects_deleted_middle);
  ADD ("/store/audit/detects-deleted-last", test_audit_detects_deleted_last);
  ADD ("/store/backup/round-trip", test_backup_restore);
  ADD ("/store/backup/refuses-damaged", test_restore_refuses_damaged);
  ADD ("/store/backup/refuses-too-new", test_restore_refuses_too_new);
  ADD ("/store/service/jobs", test_service_jobs);
  ADD ("/store/service/open-error", test_service_open_error);
  ADD ("/store/paged-model/pages", test_paged_model);
  ADD ("/store/demo/small", test_demo_small);
  ADD ("/store/kill-safety", test_kill_safety);

#undef ADD

  return g_test_run ();
}
