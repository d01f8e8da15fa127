/* test-sync-store.c: pulled records into the desk's tables, rebase,
 * conflicts settled, parked ops — on real SQLite files
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dd-directory.h"
#include "dd-duty-log-store.h"
#include "dd-incident-store.h"
#include "dd-roster-store.h"
#include "dd-rules-loader.h"
#include "dd-store-private.h"
#include "store-test-util.h"
#include "dd-sync-store.h"

#define DESK_A "01900000-0000-7000-8000-00000000000a"
#define DESK_B "01900000-0000-7000-8000-00000000000b"

typedef struct
{
  char            *dir;
  DdStore         *a;     /* the desk whose writes are "pulled" */
  DdStore         *b;     /* another desk of the same unit */
  DdIncidentRules *rules;
  gint64           seq;   /* the "server" sequence */
} Fixture;

/* A page as the server would send it: what the strings point into. */
typedef struct
{
  GArray    *changes;
  GPtrArray *strings;
} Page;

static void
page_free (Page *page)
{
  g_array_unref (page->changes);
  g_ptr_array_unref (page->strings);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

static Page *
page_new (void)
{
  Page *page = g_new0 (Page, 1);

  page->changes = g_array_new (FALSE, TRUE, sizeof (DdSyncChange));
  page->strings = g_ptr_array_new_with_free_func (g_free);
  return page;
}

static const char *
keep (Page       *page,
      const char *text)
{
  char *copy = g_strdup (text);

  g_ptr_array_add (page->strings, copy);
  return copy;
}

static void
page_add (Fixture    *fixture,
          Page       *page,
          const char *kind,
          const char *id,
          const char *owner,
          const char *desk,
          const char *fields,
          gint64      ver,
          gboolean    deleted)
{
  DdSyncChange change = { 0 };

  change.server_seq = ++fixture->seq;
  change.record_kind = keep (page, kind);
  change.record_id = keep (page, id);
  change.owner_unit = keep (page, owner);
  change.op = "insert";
  change.desk_id = keep (page, desk);
  change.fields = keep (page, fields);
  change.ver = ver;
  change.hlc = (DdHlc) fixture->seq;
  change.deleted = deleted;
  g_array_append_val (page->changes, change);
}

static char *
text_sql (DdStore    *store,
          const char *sql,
          const char *bind)
{
  g_autoptr(GError) error = NULL;
  char *text = dd_store_query_text (store, sql, bind, &error);

  g_assert_no_error (error);
  return text;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdGradingRules) grading = NULL;
  g_autoptr(DdReportingRules) reporting = NULL;
  g_autofree char *a_path = NULL;
  g_autofree char *b_path = NULL;

  fixture->dir = g_dir_make_tmp ("dd-sync-store-XXXXXX", &error);
  g_assert_no_error (error);
  a_path = g_build_filename (fixture->dir, "a.db", NULL);
  b_path = g_build_filename (fixture->dir, "b.db", NULL);
  fixture->a = dd_store_open (a_path, &error);
  g_assert_no_error (error);
  fixture->b = dd_store_open (b_path, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (fixture->b, "520102", "南明区值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  dd_store_set_sync_enrolment (fixture->b, "http://127.0.0.1:9", DESK_B, "520102", "e", "", "file", &error);
  g_assert_no_error (error);

  grading = dd_grading_rules_load_default (&error);
  g_assert_no_error (error);
  reporting = dd_reporting_rules_load_default (&error);
  g_assert_no_error (error);
  fixture->rules = dd_incident_rules_new (grading, dd_taxonomy_get_default (), reporting);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->a);
  g_clear_object (&fixture->b);
  g_clear_pointer (&fixture->rules, dd_incident_rules_unref);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static void
apply (Fixture                *fixture,
       Page                   *page,
       const DdSyncConflict   *conflicts,
       guint                   n_conflicts,
       guint                  *rebased)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = g_strdup_printf ("e:%" G_GINT64_FORMAT, fixture->seq);
  DdSyncServerClock clock = { .hlc = 0, .skew_ms = 0, .epoch = "e", .cursor = cursor };

  g_assert_true (dd_store_sync_apply_page (fixture->b, fixture->rules, (DdSyncChange *) page->changes->data,
                                           page->changes->len, conflicts, n_conflicts, &clock, rebased,
                                           &error));
  g_assert_no_error (error);
  /* the page did not wait for the disk; the desk's own writes still do */
  g_assert_cmpint (count_sql (fixture->b, "PRAGMA synchronous", NULL), ==, 2);
}

/* Desk A's outbox as the server would hand it out: each record's fields
 * after each op (a patch merged onto what came before), without the
 * desk's bookkeeping members. */
static Page *
serve_outbox (Fixture *fixture)
{
  static const char sql[] =
    "SELECT record_kind, record_id, op, json_remove (payload, '$.ver', '$.hlc') FROM sync_outbox ORDER BY seq";
  g_autoptr(GHashTable) state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) vers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *unit = text_sql (fixture->a, "SELECT unit_code FROM desk", NULL);
  Page *page = page_new ();
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (dd_store_get_handle (fixture->a), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      const char *op = (const char *) sqlite3_column_text (stmt, 2);
      const char *payload = (const char *) sqlite3_column_text (stmt, 3);
      char *key = g_strconcat (kind, "/", id, NULL);
      const char *before = g_hash_table_lookup (state, key);
      gint64 ver = GPOINTER_TO_INT (g_hash_table_lookup (vers, key)) + 1;
      char *fields;

      if (g_str_equal (op, "patch") && before != NULL)
        {
          sqlite3_stmt *merge = NULL;

          g_assert_cmpint (sqlite3_prepare_v2 (dd_store_get_handle (fixture->a), "SELECT json_patch (?1, ?2)",
                                               -1, &merge, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (merge, 1, before, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (merge, 2, payload, -1, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (merge), ==, SQLITE_ROW);
          fields = g_strdup ((const char *) sqlite3_column_text (merge, 0));
          sqlite3_finalize (merge);
        }
      else if (g_str_equal (op, "delete") && before != NULL)
        fields = g_strdup (before);
      else
        fields = g_strdup (payload);

      page_add (fixture, page, kind, id, unit, DESK_A, fields, ver, g_str_equal (op, "delete"));
      g_hash_table_insert (vers, g_strdup (key), GINT_TO_POINTER ((int) ver));
      g_hash_table_insert (state, key, fields);
    }
  sqlite3_finalize (stmt);
  return page;
}

static DdCall *
log_incident (Fixture    *fixture,
              const char *summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
  DdCallInput call = { 0 };
  DdCall *saved;

  event->subtype = g_strdup ("natural.geological");
  dd_facts_set (&event->facts, DD_FACT_DEATHS, 4);
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_LOCATION, "云关乡尖山村");
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, summary);
  call.channel = DD_CALL_CHANNEL_PHONE;
  call.caller_name = "李四";
  call.summary = summary;
  call.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
  saved = dd_store_log_call (fixture->a, fixture->rules, &call, event, &error);
  g_assert_no_error (error);
  return saved;
}

/* Every table of desk A reaches desk B through the handlers. */
static void
test_apply_every_kind (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const tables[] = {
    "staff", "dir_contact", "dir_team", "dir_expert", "dir_warehouse", "dir_stock", "dir_plan",
    "dir_verification", "dir_whereabouts", "absence", "roster_assignment",
    "incidents", "incident_events", "calls",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DdCall) call = NULL;
  g_autoptr(Page) page = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autofree char *a_name = NULL;
  g_autofree char *b_name = NULL;
  DdDirectoryQuery query = { 0 };
  guint rebased = 99;

  g_assert_true (dd_store_fill_demo (fixture->a, DD_DEMO_SIZE_SMALL, 7, &error));
  g_assert_no_error (error);
  call = log_incident (fixture, "尖山村山体滑坡致四人遇难");
  page = serve_outbox (fixture);
  g_assert_cmpuint (page->changes->len, >, 100);

  apply (fixture, page, NULL, 0, &rebased);
  /* B's own desk record waits to go up: not overwritten */
  g_assert_cmpuint (rebased, ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM desk WHERE unit_name = '南明区值班室'", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL",
                              NULL), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      gint64 in_a = count_sql (fixture->a, sql, NULL);

      g_test_message ("%s: %" G_GINT64_FORMAT, tables[i], in_a);
      g_assert_cmpint (count_sql (fixture->b, sql, NULL), ==, in_a);
    }
  /* the pulled rows are the same rows */
  a_name = text_sql (fixture->a, "SELECT group_concat (name || phone || is_leader || owner_unit, ',')"
                                 " FROM (SELECT * FROM staff ORDER BY id)", NULL);
  b_name = text_sql (fixture->b, "SELECT group_concat (name || phone || is_leader || owner_unit, ',')"
                                 " FROM (SELECT * FROM staff ORDER BY id)", NULL);
  g_assert_cmpstr (a_name, ==, b_name);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM dir_index", NULL), ==,
                   count_sql (fixture->a, "SELECT count(*) FROM dir_index", NULL));
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM dir_index WHERE verified_at IS NOT NULL", NULL), ==,
                   count_sql (fixture->a, "SELECT count(*) FROM dir_index WHERE verified_at IS NOT NULL", NULL));

  /* the search finds pulled rows: the incident's event text and a
   * directory entry by a Chinese substring */
  hits = dd_store_search_incidents (fixture->b, "尖山村", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 2);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM search_doc WHERE kind = 'event'", NULL), ==,
                   count_sql (fixture->a, "SELECT count(*) FROM search_doc WHERE kind = 'event'", NULL));
  {
    /* derived from the pulled events as on the desk that logged it */
    const char *sql = "SELECT group_concat (number || grade || status || description || next_due_at, ',')"
                      " FROM incidents";
    g_autofree char *in_a = text_sql (fixture->a, sql, NULL);
    g_autofree char *in_b = text_sql (fixture->b, sql, NULL);

    g_assert_nonnull (strstr (in_b, "滑坡"));
    g_assert_cmpstr (in_a, ==, in_b);
  }
  query.text = text_sql (fixture->a, "SELECT substr (name, 1, 3) FROM dir_index WHERE kind = 'team' LIMIT 1", NULL);
  found = dd_store_directory_search (fixture->b, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), >=, 1);
  g_free ((char *) query.text);

  /* the same page again changes nothing */
  apply (fixture, page, NULL, 0, &rebased);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM incident_events", NULL), ==,
                   count_sql (fixture->a, "SELECT count(*) FROM incident_events", NULL));
}

/* Desk A as a neighbouring county (its incidents are another unit's on B). */
static void
init_neighbour (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = dd_store_init_desk (fixture->a, "520103", "云岩区值班室", DD_REGIME_7X24, FALSE,
                                               &error);

  g_assert_no_error (error);
}

/* An incident and several of its events in one page: derived once at the
 * page's end, as on the desk that logged them; found by the search as soon
 * as the page is in; raised to grade II there, so noted for the alert. */
static void
test_apply_incident_events (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char derived[] =
    "SELECT group_concat (number || grade || computed_grade || status || description || location"
    " || occurred_at || next_due_at || manual_required, ',') FROM incidents";
  g_autoptr(GError) error = NULL;
  g_autoptr(DdCall) call = NULL;
  g_autoptr(DdIncidentEvent) update = NULL;
  g_autoptr(DdIncidentSummary) summary = NULL;
  g_autoptr(Page) page = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *in_a = NULL;
  g_autofree char *in_b = NULL;
  g_autofree char *arrivals = NULL;
  guint rebased = 0;

  init_neighbour (fixture);
  call = log_incident (fixture, "尖山村山体滑坡致四人遇难");
  update = dd_incident_event_new (NULL, dd_call_get_incident_id (call), DD_INCIDENT_EVENT_KIND_UPDATE, 0);
  dd_facts_set (&update->facts, DD_FACT_DEATHS, 12);
  dd_incident_event_set_text (update, DD_INCIDENT_TEXT_DESCRIPTION, "泥石流冲毁公路，遇难人数升至十二人");
  summary = dd_store_add_incident_event (fixture->a, fixture->rules, update, &error);
  g_assert_no_error (error);
  page = serve_outbox (fixture);
  g_assert_cmpint (count_sql (fixture->a, "SELECT count(*) FROM incident_events", NULL), ==, 2);

  apply (fixture, page, NULL, 0, &rebased);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL",
                              NULL), ==, 0);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM incident_events", NULL), ==, 2);
  in_a = text_sql (fixture->a, derived, NULL);
  in_b = text_sql (fixture->b, derived, NULL);
  g_assert_nonnull (strstr (in_b, "十二人"));
  g_assert_cmpstr (in_b, ==, in_a);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM incidents WHERE grade = 'II'", NULL), ==, 1);

  /* the incident by its latest description, the update by its text */
  hits = dd_store_search_incidents (fixture->b, "冲毁公路", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = dd_store_search_incidents (fixture->b, "四人遇难", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 2);

  arrivals = dd_store_sync_take_arrivals (fixture->b, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (arrivals, "\"grade\":\"II\""));
  g_assert_nonnull (strstr (arrivals, "十二人"));
  g_assert_nonnull (strstr (arrivals, "\"owner_unit\":\"520103\""));
}

/* The page's first record of @kind again as @id, with @from replaced by
 * @to in its fields. */
static void
add_record_copy (Fixture    *fixture,
                 Page       *page,
                 const char *kind,
                 const char *id,
                 const char *from,
                 const char *to)
{
  for (guint i = 0; i < page->changes->len; i++)
    {
      DdSyncChange *change = &g_array_index (page->changes, DdSyncChange, i);
      g_auto(GStrv) parts = NULL;
      g_auto(GStrv) changed_parts = NULL;
      g_autofree char *renamed = NULL;
      g_autofree char *fields = NULL;

      if (!g_str_equal (change->record_kind, kind) || !g_str_equal (change->desk_id, DESK_A))
        continue;
      parts = g_strsplit (change->fields, change->record_id, -1);
      renamed = g_strjoinv (id, parts);
      changed_parts = g_strsplit (renamed, from, -1);
      g_assert_cmpuint (g_strv_length (changed_parts), >, 1);
      fields = g_strjoinv (to, changed_parts);
      page_add (fixture, page, kind, id, change->owner_unit, "", fields, 1, FALSE);
      return;
    }
  g_assert_not_reached ();
}

/* An event that cannot be derived (its subtype is unknown here), and an
 * event and a call whose incident is not here, are refused alone, as at
 * any record: the page goes in without them, and they wait in
 * sync_records. */
static void
test_apply_refused_alone (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char underivable[] = "01900000-0000-7000-8000-0000000000d8";
  static const char orphan[] = "01900000-0000-7000-8000-0000000000d9";
  static const char orphan_call[] = "01900000-0000-7000-8000-0000000000da";
  g_autoptr(DdCall) call = NULL;
  g_autoptr(Page) page = NULL;
  g_autofree char *description = NULL;
  guint rebased = 0;

  init_neighbour (fixture);
  call = log_incident (fixture, "尖山村山体滑坡致四人遇难");
  page = serve_outbox (fixture);
  add_record_copy (fixture, page, "incident_event", underivable, "natural.geological",
                   "natural.no-such-subtype");
  add_record_copy (fixture, page, "incident_event", orphan, dd_call_get_incident_id (call),
                   "01900000-0000-7000-8000-0000000000c9");
  add_record_copy (fixture, page, "call", orphan_call, dd_call_get_incident_id (call),
                   "01900000-0000-7000-8000-0000000000c9");

  apply (fixture, page, NULL, 0, &rebased);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL",
                              NULL), ==, 3);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL"
                                          " AND record_id = ?1", underivable), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL"
                                          " AND record_id = ?1", orphan), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL"
                                          " AND record_id = ?1", orphan_call), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM incident_events", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM calls", NULL), ==, 1);
  description = text_sql (fixture->b, "SELECT description || grade FROM incidents", NULL);
  g_assert_cmpstr (description, ==, "尖山村山体滑坡致四人遇难III");
}

/* What a county keeps: its own unit's rosters and staff, its ancestors'
 * calendars, everything's directories; kinds it has no table for stay in
 * sync_records; a record whose parent comes later waits for it. */
static void
test_apply_scope_and_order (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(Page) first = page_new ();
  g_autoptr(Page) second = page_new ();
#define PERIOD(name) "{\"name\":\"" name "\",\"start_ms\":1751328000000,\"end_ms\":1751414400000,\"leaders\":2}"
  const char *from_province = PERIOD ("省两会");
  const char *from_sibling = PERIOD ("云岩区庆典");
#undef PERIOD
  const char *staff = "{\"name\":\"部门的人\",\"leader\":false,\"officer\":true,\"phone\":\"\",\"unit\":\"\",\"active\":true}";
  const char *stock = "{\"warehouse\":\"南明区物资库\",\"item\":\"帐篷\",\"quantity\":\"40\",\"warehouse_id\":"
                      "\"01900000-0000-7000-8000-0000000000f1\"}";
  const char *warehouse = "{\"name\":\"南明区物资库\",\"division\":\"520102\",\"address\":\"花果园\"}";
  guint rebased = 0;

  page_add (fixture, first, "period", "p-province", "520000", DESK_A, from_province, 1, FALSE);
  page_add (fixture, first, "period", "p-sibling", "520103", DESK_A, from_sibling, 1, FALSE);
  page_add (fixture, first, "staff", "01900000-0000-7000-8000-0000000000e1", "520102-yjj", DESK_A, staff, 1, FALSE);
  page_add (fixture, first, "duty_log", "l1", "520102", DESK_A, "{\"text\":\"交班\"}", 1, FALSE);
  /* the stock before its warehouse */
  page_add (fixture, first, "stock", "01900000-0000-7000-8000-0000000000f2", "520000", DESK_A, stock, 1, FALSE);
  apply (fixture, first, NULL, 0, &rebased);

  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM important_period WHERE id = 'p-province'"
                                          " AND owner_unit = '520000'", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM important_period WHERE id = 'p-sibling'", NULL), ==, 0);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM staff WHERE name = '部门的人'", NULL), ==, 0);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records", NULL), ==, 5);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM dir_stock", NULL), ==, 0);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL"
                                          " AND record_kind = 'stock'", NULL), ==, 1);

  /* the warehouse arrives: the stock follows it in */
  page_add (fixture, second, "warehouse", "01900000-0000-7000-8000-0000000000f1", "520000", DESK_A, warehouse,
            1, FALSE);
  page_add (fixture, second, "period", "p-province", "520000", DESK_A, from_province, 2, TRUE);
  apply (fixture, second, NULL, 0, &rebased);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM dir_stock WHERE item = '帐篷'", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM dir_index WHERE name = '帐篷'"
                                          " AND division = '520102'", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL",
                              NULL), ==, 0);
  /* a deletion published downward */
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM important_period", NULL), ==, 0);
}

/* Two desks of one unit that logged offline on the same day gave two
 * incidents one number: both are kept, numbered alike on every desk
 * whichever came first, and a later number of the day still lands. */
static void
test_apply_one_number_twice (Fixture       *fixture,
                             gconstpointer  data)
{
#define INCIDENT(id, number) \
  "{\"id\":\"" id "\",\"number\":\"" number "\",\"owner_unit\":\"520103\"," \
  "\"received_at\":1782871200000,\"subtype\":\"natural.geological\"}"
  static const struct { const char *id; const char *fields; } made[] = {
    { "01900000-0000-7000-8000-0000000000c1", INCIDENT ("01900000-0000-7000-8000-0000000000c1", "520103-20260701-0001") },
    { "01900000-0000-7000-8000-0000000000c2", INCIDENT ("01900000-0000-7000-8000-0000000000c2", "520103-20260701-0001") },
    { "01900000-0000-7000-8000-0000000000c3", INCIDENT ("01900000-0000-7000-8000-0000000000c3", "520103-20260701-0002") },
  };
#undef INCIDENT
  /* the order each desk receives them in */
  static const guint orders[][3] = { { 0, 1, 2 }, { 1, 0, 2 }, { 1, 2, 0 } };
  static const char sql[] = "SELECT group_concat (id || ' ' || number, ',') FROM (SELECT * FROM incidents ORDER BY id)";
  g_autofree char *first = NULL;

  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdStore) desk = NULL;
      g_autoptr(DdDesk) identity = NULL;
      g_autofree char *name = g_strdup_printf ("order-%u.db", o);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *numbers = NULL;

      desk = dd_store_open (path, &error);
      g_assert_no_error (error);
      identity = dd_store_init_desk (desk, "520100", "贵阳市值班室", DD_REGIME_7X24, FALSE, &error);
      g_assert_no_error (error);
      dd_store_set_sync_enrolment (desk, "http://127.0.0.1:9", DESK_B, "520100", "e", "", "file", &error);
      g_assert_no_error (error);
      for (guint i = 0; i < 3; i++)
        {
          g_autoptr(Page) page = page_new ();
          g_autofree char *cursor = NULL;
          DdSyncServerClock clock = { .epoch = "e" };
          guint rebased = 0;

          page_add (fixture, page, "incident", made[orders[o][i]].id, "520103", DESK_A, made[orders[o][i]].fields,
                    1, FALSE);
          cursor = g_strdup_printf ("e:%" G_GINT64_FORMAT, fixture->seq);
          clock.cursor = cursor;
          g_assert_true (dd_store_sync_apply_page (desk, fixture->rules, (DdSyncChange *) page->changes->data,
                                                   page->changes->len, NULL, 0, &clock, &rebased, &error));
          g_assert_no_error (error);
        }
      g_assert_cmpint (count_sql (desk, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL", NULL),
                       ==, 0);
      numbers = text_sql (desk, sql, NULL);
      g_test_message ("order %u: %s", o, numbers);
      if (first == NULL)
        first = g_steal_pointer (&numbers);
      else
        g_assert_cmpstr (numbers, ==, first);
    }
  g_assert_cmpstr (first, ==, "01900000-0000-7000-8000-0000000000c1 520103-20260701-0001,"
                              "01900000-0000-7000-8000-0000000000c2 520103-20260701-0001-00c2,"
                              "01900000-0000-7000-8000-0000000000c3 520103-20260701-0002");
}

/* The duty log's history of another desk of the unit: every row arrives
 * once (the search index with it), a handover signed there takes in the
 * acknowledgements before it, and the unit's setting follows. */
static void
test_apply_duty_log (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const tables[] = {
    "log_entries", "instructions", "instruction_completions", "call_callbacks", "handover_acks",
    "handovers",
  };
  static const gint64 at = 1751335200000;  /* 2025-07-01T10:00+08:00 */
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdCall) call = NULL;
  g_autoptr(DdLogEntry) entry = dd_log_entry_new (NULL, at, "巡查花溪水库大坝渗漏点");
  g_autoptr(DdLogEntry) saved = NULL;
  g_autoptr(DdInstruction) instruction = dd_instruction_new (NULL, "请加密巡查频次", "张副市长", at);
  g_autoptr(DdInstruction) given = NULL;
  g_autoptr(DdInstruction) done = NULL;
  g_autoptr(DdHandover) handover = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) open_items = NULL;
  g_autoptr(Page) page = NULL;
  guint rebased = 0;

  desk = dd_store_init_desk (fixture->a, "520102", "南明区应急管理局", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  call = log_incident (fixture, "尖山村山体滑坡");
  entry->incident_id = g_strdup (dd_call_get_incident_id (call));
  entry->author = g_strdup ("李四");
  saved = dd_store_add_log_entry (fixture->a, entry, &error);
  g_assert_no_error (error);
  instruction->incident_id = g_strdup (dd_call_get_incident_id (call));
  given = dd_store_add_instruction (fixture->a, instruction, &error);
  g_assert_no_error (error);
  done = dd_store_complete_instruction (fixture->a, given->id, at + 60000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dd_store_request_callback (fixture->a, dd_call_get_id (call), at + 3600000, at, &error));
  g_assert_no_error (error);
  g_assert_true (dd_store_set_min_rest_hours (fixture->a, 10, &error));
  g_assert_no_error (error);
  items = dd_store_list_handover_items (fixture->a, fixture->rules, at + 120000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, >, 1);
  for (guint i = 0; i < items->len; i++)
    {
      const DdHandoverItem *item = g_ptr_array_index (items, i);
      g_autoptr(DdHandoverItem) acked = dd_store_ack_handover_item (fixture->a, fixture->rules, item->id,
                                                                    "王五", at + 120000, &error);

      g_assert_no_error (error);
    }
  handover = dd_store_sign_handover (fixture->a, fixture->rules, "李四", "王五", "续报跟进", at + 180000, &error);
  g_assert_no_error (error);

  page = serve_outbox (fixture);
  apply (fixture, page, NULL, 0, &rebased);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL",
                              NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      g_assert_cmpint (count_sql (fixture->a, sql, NULL), >=, 1);
      g_assert_cmpint (count_sql (fixture->b, sql, NULL), ==, count_sql (fixture->a, sql, NULL));
    }
  {
    /* the same rows, owner and all */
    const char *sql = "SELECT group_concat (x, ',') FROM (SELECT l.id || l.at || l.text || l.incident_id"
                      " || l.author || l.owner_unit || i.id || i.issued_by || i.incident_id"
                      " || i.owner_unit || c.done_at || h.items || h.note || h.owner_unit AS x"
                      " FROM log_entries l, instructions i, instruction_completions c, handovers h)";
    g_autofree char *in_a = text_sql (fixture->a, sql, NULL);
    g_autofree char *in_b = text_sql (fixture->b, sql, NULL);

    g_assert_cmpstr (in_a, ==, in_b);
  }
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM duty_setting WHERE key = 'min_rest_hours'"
                                          " AND value = '10'", NULL), ==, 1);
  /* indexed for the search as if written here */
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM search_doc WHERE kind IN ('log', 'instruction')",
                              NULL), ==, 2);
  hits = dd_store_search_incidents (fixture->b, "渗漏点", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  /* the handover signed at A took in A's acknowledgements on B too */
  open_items = dd_store_list_handover_items (fixture->b, fixture->rules, at + 240000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open_items->len, >, 0);
  for (guint i = 0; i < open_items->len; i++)
    g_assert_cmpint (((DdHandoverItem *) g_ptr_array_index (open_items, i))->acked_at, ==, 0);

  /* the same page again changes nothing */
  apply (fixture, page, NULL, 0, &rebased);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      g_assert_cmpint (count_sql (fixture->b, sql, NULL), ==, count_sql (fixture->a, sql, NULL));
    }
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM search_doc WHERE kind IN ('log', 'instruction')",
                              NULL), ==, 2);
}

/* Records of other units: the prefecture's instruction comes down (about
 * an incident this desk lacks: without it), other units' acknowledgements
 * and settings stay out of the tables, another unit's handover takes in
 * none of this desk's acknowledgements, and a completion waits for its
 * instruction. */
static void
test_apply_duty_log_scope (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(Page) first = page_new ();
  g_autoptr(Page) second = page_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  guint rebased = 0;

  page_add (fixture, first, "instruction", "i-prefecture", "520100", DESK_A,
            "{\"id\":\"i-prefecture\",\"text\":\"各区县加强值守\",\"issued_by\":\"市长\","
            "\"issued_at\":1751335200000,\"incident_id\":\"01900000-0000-7000-8000-0000000000aa\","
            "\"feedback_due\":0,\"owner_unit\":\"520100\"}", 1, FALSE);
  page_add (fixture, first, "handover_ack", "a-sibling", "520103", DESK_A,
            "{\"id\":\"a-sibling\",\"item_id\":\"instruction:i-prefecture\",\"acked_by\":\"赵六\","
            "\"acked_at\":1751335300000}", 1, FALSE);
  page_add (fixture, first, "setting", "min_rest_hours", "520103", DESK_A,
            "{\"key\":\"min_rest_hours\",\"value\":\"6\",\"owner_unit\":\"520103\"}", 1, FALSE);
  page_add (fixture, first, "handover", "h-prefecture", "520100", DESK_A,
            "{\"id\":\"h-prefecture\",\"outgoing\":\"甲\",\"incoming\":\"乙\",\"signed_at\":1751335400000,"
            "\"note\":\"\",\"items\":[],\"owner_unit\":\"520100\"}", 1, FALSE);
  page_add (fixture, first, "instruction_done", "d-later", "520102", DESK_A,
            "{\"id\":\"d-later\",\"instruction_id\":\"i-later\",\"done_at\":1751335500000,\"reason\":\"\"}",
            1, FALSE);
  apply (fixture, first, NULL, 0, &rebased);

  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM instructions WHERE id = 'i-prefecture'"
                                          " AND owner_unit = '520100' AND incident_id IS NULL", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM handover_acks", NULL), ==, 0);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM duty_setting WHERE value = '6'", NULL), ==, 0);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM handovers WHERE id = 'h-prefecture'"
                                          " AND last_ack_seq = 0", NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL",
                              NULL), ==, 1);
  /* the prefecture's instruction is this desk's to hand over */
  open = dd_store_list_instructions (fixture->b, TRUE, 1751335600000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);

  page_add (fixture, second, "instruction", "i-later", "520102", DESK_A,
            "{\"id\":\"i-later\",\"text\":\"核实伤亡\",\"issued_by\":\"区长\",\"issued_at\":1751335200000,"
            "\"incident_id\":null,\"feedback_due\":0,\"owner_unit\":\"520102\"}", 1, FALSE);
  apply (fixture, second, NULL, 0, &rebased);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM instruction_completions WHERE id = 'd-later'",
                              NULL), ==, 1);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL",
                              NULL), ==, 0);
}

/* Local ops waiting: the pulled state does not overwrite them; once they
 * are acknowledged the server's state comes in. A field of ours that lost
 * takes the winner, and the conflict keeps the loser. */
static void
test_rebase_and_conflict (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(Page) first = page_new ();
  g_autoptr(Page) second = page_new ();
  g_autoptr(Page) third = page_new ();
  g_autoptr(GPtrArray) batch = NULL;
  g_autofree char *name = NULL;
  g_autofree char *list = NULL;
  g_autofree char *payload = NULL;
  GArray *acks = g_array_new (FALSE, TRUE, sizeof (DdSyncAck));
  DdSyncServerClock clock = { 0 };
  DdSyncConflict conflict = {
    .id = "01900000-0000-7000-8000-0000000000c1", .record_kind = "desk", .record_id = "520102",
    .field = "unit_name", .winner_value = "\"南明区应急局\"", .loser_value = "\"南明区本地名\"",
    .winner_desk = DESK_A, .loser_desk = DESK_B, .server_seq = 3,
  };
  guint rebased = 0;

  /* a local change waits to go up */
  desk = dd_store_update_desk (fixture->b, "南明区本地名", DD_REGIME_7X24, NULL, &error);
  g_assert_no_error (error);
  page_add (fixture, first, "desk", "520102", "520102", DESK_A,
            "{\"unit_code\":\"520102\",\"unit_name\":\"南明区应急局\",\"level\":\"county\",\"regime\":\"7x24\"}",
            2, FALSE);
  apply (fixture, first, NULL, 0, &rebased);
  g_assert_cmpuint (rebased, ==, 1);
  name = text_sql (fixture->b, "SELECT unit_name FROM desk", NULL);
  g_assert_cmpstr (name, ==, "南明区本地名");
  g_clear_pointer (&name, g_free);

  /* pushed: the server took A's name (our change lost) */
  batch = dd_store_sync_next_batch (fixture->b, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < batch->len; i++)
    {
      DdOutboxOp *op = g_ptr_array_index (batch, i);
      DdSyncAck ack = { op->op_id, "applied", 2 + i, "{\"status\":\"applied\"}" };

      g_array_append_val (acks, ack);
    }
  g_assert_true (dd_store_sync_record_acks (fixture->b, (DdSyncAck *) acks->data, acks->len, NULL, 0,
                                            &clock, &error));
  g_assert_no_error (error);
  g_array_unref (acks);
  g_assert_cmpint (dd_store_sync_count_pushable (fixture->b, NULL), ==, 0);

  /* our own change comes back with the winner, and the conflict */
  page_add (fixture, second, "desk", "520102", "520102", DESK_B,
            "{\"unit_code\":\"520102\",\"unit_name\":\"南明区应急局\",\"level\":\"county\",\"regime\":\"7x24\"}",
            3, FALSE);
  apply (fixture, second, &conflict, 1, &rebased);
  g_assert_cmpuint (rebased, ==, 0);
  name = text_sql (fixture->b, "SELECT unit_name FROM desk", NULL);
  g_assert_cmpstr (name, ==, "南明区应急局");
  g_clear_pointer (&name, g_free);
  list = dd_store_sync_list_conflicts (fixture->b, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (list, "南明区本地名"));
  g_clear_pointer (&list, g_free);

  /* settled here: the lost value is written again, as a change that syncs */
  g_assert_false (dd_store_sync_resolve_conflict (fixture->b, "no-such", "take_other", NULL, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (dd_store_sync_resolve_conflict (fixture->b, conflict.id, "take_other", NULL, &error));
  g_assert_no_error (error);
  name = text_sql (fixture->b, "SELECT unit_name FROM desk", NULL);
  g_assert_cmpstr (name, ==, "南明区本地名");
  payload = text_sql (fixture->b, "SELECT payload || ' ' || base_ver FROM sync_outbox"
                                  " WHERE state = 'pending' AND record_kind = 'desk'", NULL);
  g_assert_cmpstr (payload, ==, "{\"unit_name\":\"南明区本地名\"} 3");
  list = dd_store_sync_list_conflicts (fixture->b, TRUE, &error);
  g_assert_cmpstr (list, ==, "[]");
  g_clear_pointer (&list, g_free);
  g_assert_false (dd_store_sync_resolve_conflict (fixture->b, conflict.id, "keep", NULL, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM audit_journal WHERE action = 'sync.resolve'",
                              NULL), ==, 1);

  /* a conflict another desk decides again after it is settled there */
  conflict.id = "01900000-0000-7000-8000-0000000000c2";
  conflict.field = "regime";
  conflict.winner_value = "\"7x24\"";
  conflict.loser_value = "\"5x8\"";
  conflict.server_seq = fixture->seq;
  page_add (fixture, third, "desk", "520102", "520102", DESK_A,
            "{\"unit_code\":\"520102\",\"unit_name\":\"南明区本地名\",\"level\":\"county\",\"regime\":\"5x8\"}",
            5, FALSE);
  apply (fixture, third, &conflict, 1, &rebased);
  list = dd_store_sync_list_conflicts (fixture->b, FALSE, &error);
  g_assert_nonnull (strstr (list, "\"resolution\":\"settled\""));
  g_assert_nonnull (strstr (list, "\"resolved_by\":\"" DESK_A "\""));
}

static void
test_parked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autofree char *parked = NULL;
  g_autofree char *op_id = NULL;
  DdSyncServerClock clock = { 0 };
  DdSyncAck ack = { NULL, "rejected", 0,
                    "{\"status\":\"rejected\",\"reason\":\"invalid\",\"retryable\":true,\"detail\":\"no parent\"}" };
  g_autoptr(DdAuditReport) report = NULL;
  guint n;

  desk = dd_store_update_desk (fixture->b, "改一", DD_REGIME_7X24, NULL, &error);
  g_clear_object (&desk);
  desk = dd_store_update_desk (fixture->b, "改二", DD_REGIME_7X24, NULL, &error);
  g_assert_no_error (error);
  batch = dd_store_sync_next_batch (fixture->b, 100, &error);
  g_assert_no_error (error);
  /* the first op of the desk record is rejected: the later ones park with it */
  for (guint i = 0; i < batch->len; i++)
    {
      DdOutboxOp *op = g_ptr_array_index (batch, i);

      if (g_str_equal (op->record_kind, "desk") && g_str_equal (op->op, "patch"))
        {
          op_id = g_strdup (op->op_id);
          break;
        }
    }
  g_assert_nonnull (op_id);
  ack.op_id = op_id;
  g_assert_true (dd_store_sync_record_acks (fixture->b, &ack, 1, NULL, 0, &clock, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (fixture->b, "PRAGMA synchronous", NULL), ==, 2);
  parked = dd_store_sync_list_parked (fixture->b, &error);
  g_assert_nonnull (strstr (parked, "\"reason\":\"invalid\""));
  g_assert_nonnull (strstr (parked, "\"reason\":\"parked\""));
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_outbox WHERE state = 'parked'", NULL), ==, 2);
  g_assert_cmpint (dd_store_sync_count_pushable (fixture->b, NULL), ==,
                   count_sql (fixture->b, "SELECT count(*) FROM sync_outbox WHERE state = 'pending'"
                                          " AND record_kind <> 'desk'", NULL));

  /* a retryable rejection goes again only after a while */
  n = dd_store_sync_retry_parked (fixture->b, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  n = dd_store_sync_retry_parked (fixture->b, NULL, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  /* parked again, then dropped by hand: the journal keeps it */
  g_assert_true (dd_store_sync_record_acks (fixture->b, &ack, 1, NULL, 0, &clock, &error));
  g_assert_false (dd_store_sync_drop_parked (fixture->b, "01900000-0000-7000-8000-000000000000", &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (dd_store_sync_drop_parked (fixture->b, op_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM sync_outbox WHERE op_id = ?1", op_id), ==, 0);
  g_assert_cmpint (count_sql (fixture->b, "SELECT count(*) FROM audit_journal WHERE action = 'sync.drop'"
                                          " AND detail LIKE '%改一%'", NULL), ==, 1);
  /* the op parked behind it goes when asked */
  parked = (g_free (parked), dd_store_sync_list_parked (fixture->b, &error));
  g_assert_nonnull (strstr (parked, "\"reason\":\"parked\""));
  g_clear_pointer (&op_id, g_free);
  op_id = text_sql (fixture->b, "SELECT op_id FROM sync_outbox WHERE state = 'parked'", NULL);
  n = dd_store_sync_retry_parked (fixture->b, op_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (dd_store_sync_drop_parked (fixture->b, op_id, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  report = dd_store_verify_audit (fixture->b, &error);
  g_assert_no_error (error);
  g_assert_true (report->ok);
}

/* ---------------------------------------------------------------- receipts */

static DdCall *
log_incident_call (DdStore         *store,
                   DdIncidentRules *rules)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
  DdCallInput call = { 0 };
  DdCall *saved;

  event->subtype = g_strdup ("natural.geological");
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, "花溪区发生山体滑坡");
  call.received_at = g_get_real_time () / 1000;
  call.channel = DD_CALL_CHANNEL_PHONE;
  call.caller_name = "张三";
  call.summary = "花溪区发生山体滑坡";
  call.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
  saved = dd_store_log_call (store, rules, &call, event, &error);
  g_assert_no_error (error);
  return saved;
}

static DdReceipt *
receipt_of (DdStore    *store,
            const char *kind,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  DdReceipt *receipt = dd_store_sync_get_receipt (store, kind, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (receipt);
  return receipt;
}

static void
assert_receipt (DdStore        *store,
                const char     *kind,
                const char     *id,
                DdReceiptState  state)
{
  g_autoptr(DdReceipt) receipt = receipt_of (store, kind, id);

  g_assert_cmpstr (dd_receipt_state_to_string (receipt->state), ==, dd_receipt_state_to_string (state));
}

/* The batch of the ops of one record (of @kind @id), as next_batch gives it. */
static GPtrArray *
batch_of (DdStore    *store,
          const char *kind,
          const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = dd_store_sync_next_batch (store, 500, &error);
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_outbox_op_free);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      DdOutboxOp *op = g_ptr_array_index (all, i);

      if (g_str_equal (op->record_kind, kind) && g_str_equal (op->record_id, id))
        g_ptr_array_add (batch, g_ptr_array_steal_index (all, i--));
    }
  return batch;
}

static void
ack_all (DdStore    *store,
         GPtrArray  *batch,
         const char *status,
         gint64      server_time_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) acks = g_array_new (FALSE, TRUE, sizeof (DdSyncAck));
  DdSyncServerClock clock = { .server_time_ms = server_time_ms };

  for (guint i = 0; i < batch->len; i++)
    {
      DdOutboxOp *op = g_ptr_array_index (batch, i);
      DdSyncAck ack = { op->op_id, status, 100 + op->seq, "{\"status\":\"applied\"}" };

      g_array_append_val (acks, ack);
    }
  g_assert_true (dd_store_sync_record_acks (store, (DdSyncAck *) acks->data, acks->len, NULL, 0, &clock, &error));
  g_assert_no_error (error);
}

static void
test_receipt_states (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdCall) local_call = NULL;
  g_autoptr(DdCall) call = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(DdReceipt) receipt = NULL;
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_receipt_free);
  const gint64 accepted_ms = 1782880325000;   /* 2026-07-01 10:32:05 Beijing */
  DdSyncServerClock clock = { 0 };
  DdSyncAck rejected = { NULL, "rejected", 0,
                         "{\"status\":\"rejected\",\"reason\":\"out_of_scope\",\"retryable\":false,"
                         "\"detail\":\"The desk may not write it.\"}" };

  /* Desk A is not enrolled: its records stay local, whatever the outbox. */
  desk = dd_store_init_desk (fixture->a, "520103", "云岩区值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  local_call = log_incident_call (fixture->a, fixture->rules);
  receipt = receipt_of (fixture->a, "call", dd_call_get_id (local_call));
  g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_LOCAL);
  g_assert_false (receipt->enrolled);
  g_assert_cmpuint (receipt->n_ops, ==, 1);
  g_clear_pointer (&receipt, dd_receipt_free);

  /* Desk B is enrolled: a call just logged is queued; so is its incident. */
  call = log_incident_call (fixture->b, fixture->rules);
  assert_receipt (fixture->b, "call", dd_call_get_id (call), DD_RECEIPT_STATE_QUEUED);
  assert_receipt (fixture->b, "incident", dd_call_get_incident_id (call), DD_RECEIPT_STATE_QUEUED);
  /* a record this desk does not have is local, without ops */
  receipt = receipt_of (fixture->b, "call", "01900000-0000-7000-8000-0000000000ff");
  g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_LOCAL);
  g_assert_true (receipt->enrolled);
  g_assert_cmpuint (receipt->n_ops, ==, 0);
  g_clear_pointer (&receipt, dd_receipt_free);

  /* sent: in flight with the time it went */
  batch = batch_of (fixture->b, "call", dd_call_get_id (call));
  g_assert_cmpuint (batch->len, ==, 1);
  g_assert_true (dd_store_sync_mark_sent (fixture->b, batch, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (fixture->b, "PRAGMA synchronous", NULL), ==, 2);
  receipt = receipt_of (fixture->b, "call", dd_call_get_id (call));
  g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_SENT);
  g_assert_cmpint (receipt->sent_at, >, 0);
  g_clear_pointer (&receipt, dd_receipt_free);
  /* no answer: back in the queue */
  g_assert_true (dd_store_sync_mark_sent (fixture->b, batch, FALSE, &error));
  g_assert_no_error (error);
  assert_receipt (fixture->b, "call", dd_call_get_id (call), DD_RECEIPT_STATE_QUEUED);

  /* sent again and answered: accepted at the server's time */
  g_assert_true (dd_store_sync_mark_sent (fixture->b, batch, TRUE, &error));
  ack_all (fixture->b, batch, "applied", accepted_ms);
  receipt = receipt_of (fixture->b, "call", dd_call_get_id (call));
  g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_ACCEPTED);
  g_assert_cmpint (receipt->accepted_at, ==, accepted_ms);
  g_assert_cmpint (receipt->sent_at, ==, 0);
  g_clear_pointer (&receipt, dd_receipt_free);
  /* marking an answered op "queued" again changes nothing */
  g_assert_true (dd_store_sync_mark_sent (fixture->b, batch, FALSE, &error));
  assert_receipt (fixture->b, "call", dd_call_get_id (call), DD_RECEIPT_STATE_ACCEPTED);

  /* a duplicate ack (a lost answer retried) keeps the first acceptance */
  ack_all (fixture->b, batch, "duplicate", accepted_ms + 60000);
  receipt = receipt_of (fixture->b, "call", dd_call_get_id (call));
  g_assert_cmpint (receipt->accepted_at, ==, accepted_ms);
  g_clear_pointer (&receipt, dd_receipt_free);
  g_clear_pointer (&batch, g_ptr_array_unref);

  /* The incident: its insert and its event. One accepted, one still
   * queued: the least advanced wins. */
  batch = batch_of (fixture->b, "incident", dd_call_get_incident_id (call));
  g_assert_cmpuint (batch->len, ==, 1);
  ack_all (fixture->b, batch, "applied", accepted_ms);
  g_clear_pointer (&batch, g_ptr_array_unref);
  assert_receipt (fixture->b, "incident", dd_call_get_incident_id (call), DD_RECEIPT_STATE_QUEUED);
  {
    g_autofree char *event_id = text_sql (fixture->b, "SELECT id FROM incident_events WHERE incident_id = ?1",
                                          dd_call_get_incident_id (call));

    batch = batch_of (fixture->b, "incident_event", event_id);
    g_assert_cmpuint (batch->len, ==, 1);
    /* one accepted + one sent = sent */
    g_assert_true (dd_store_sync_mark_sent (fixture->b, batch, TRUE, &error));
    assert_receipt (fixture->b, "incident", dd_call_get_incident_id (call), DD_RECEIPT_STATE_SENT);
    ack_all (fixture->b, batch, "applied", accepted_ms + 2000);
    g_clear_pointer (&batch, g_ptr_array_unref);
  }
  /* every op accepted: the time the last of them was */
  receipt = receipt_of (fixture->b, "incident", dd_call_get_incident_id (call));
  g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_ACCEPTED);
  g_assert_cmpuint (receipt->n_ops, ==, 2);
  g_assert_cmpint (receipt->accepted_at, ==, accepted_ms + 2000);
  g_clear_pointer (&receipt, dd_receipt_free);

  /* A change refused for good, and one parked behind it: rejected, with
   * the server's own reason (not the parked one's). */
  g_clear_object (&desk);
  desk = dd_store_update_desk (fixture->b, "改一", DD_REGIME_7X24, NULL, &error);
  g_clear_object (&desk);
  desk = dd_store_update_desk (fixture->b, "改二", DD_REGIME_7X24, NULL, &error);
  g_assert_no_error (error);
  batch = batch_of (fixture->b, "desk", "520102");
  g_assert_cmpuint (batch->len, >=, 2);
  ack_all (fixture->b, batch, "applied", accepted_ms);
  g_clear_pointer (&batch, g_ptr_array_unref);
  g_clear_object (&desk);
  desk = dd_store_update_desk (fixture->b, "改三", DD_REGIME_7X24, NULL, &error);
  g_clear_object (&desk);
  desk = dd_store_update_desk (fixture->b, "改四", DD_REGIME_7X24, NULL, &error);
  batch = batch_of (fixture->b, "desk", "520102");
  g_assert_cmpuint (batch->len, ==, 2);
  rejected.op_id = ((DdOutboxOp *) g_ptr_array_index (batch, 0))->op_id;
  g_assert_true (dd_store_sync_record_acks (fixture->b, &rejected, 1, NULL, 0, &clock, &error));
  g_assert_no_error (error);
  receipt = receipt_of (fixture->b, "desk", "520102");
  g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_REJECTED);
  g_assert_cmpstr (receipt->reason, ==, "out_of_scope");
  g_assert_cmpstr (receipt->detail, ==, "The desk may not write it.");
  g_assert_cmpint (receipt->accepted_at, ==, 0);
  g_clear_pointer (&receipt, dd_receipt_free);

  /* A retryable rejection parks: parked, with its reason. */
  g_assert_cmpuint (dd_store_sync_retry_parked (fixture->b, rejected.op_id, 0, &error), ==, 2);
  rejected.result = "{\"status\":\"rejected\",\"reason\":\"invalid\",\"retryable\":true,\"detail\":\"no parent\"}";
  g_assert_true (dd_store_sync_record_acks (fixture->b, &rejected, 1, NULL, 0, &clock, &error));
  receipt = receipt_of (fixture->b, "desk", "520102");
  g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_PARKED);
  g_assert_cmpstr (receipt->reason, ==, "invalid");
  g_assert_cmpstr (receipt->detail, ==, "no parent");
  g_clear_pointer (&receipt, dd_receipt_free);
  g_clear_pointer (&batch, g_ptr_array_unref);

  /* A record another desk wrote, pulled from the server: received. */
  {
    g_autoptr(Page) page = page_new ();
    guint rebased = 0;

    page_add (fixture, page, "log_entry", "01900000-0000-7000-8000-0000000000e1", "520102", DESK_A,
              "{\"at\":1782880325000,\"text\":\"省厅来电\",\"author\":\"李四\",\"owner_unit\":\"520102\"}",
              1, FALSE);
    apply (fixture, page, NULL, 0, &rebased);
    receipt = receipt_of (fixture->b, "log_entry", "01900000-0000-7000-8000-0000000000e1");
    g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_ACCEPTED);
    g_assert_true (receipt->received);
    g_assert_cmpuint (receipt->n_ops, ==, 0);
    g_clear_pointer (&receipt, dd_receipt_free);
  }

  /* Many at once, in the order asked. */
  g_ptr_array_add (many, dd_receipt_new ("call", dd_call_get_id (call)));
  g_ptr_array_add (many, dd_receipt_new ("desk", "520102"));
  g_ptr_array_add (many, dd_receipt_new ("call", "01900000-0000-7000-8000-0000000000ff"));
  g_assert_true (dd_store_sync_fill_receipts (fixture->b, many, &error));
  g_assert_no_error (error);
  g_assert_cmpint (((DdReceipt *) g_ptr_array_index (many, 0))->state, ==, DD_RECEIPT_STATE_ACCEPTED);
  g_assert_cmpint (((DdReceipt *) g_ptr_array_index (many, 1))->state, ==, DD_RECEIPT_STATE_PARKED);
  g_assert_cmpint (((DdReceipt *) g_ptr_array_index (many, 2))->state, ==, DD_RECEIPT_STATE_LOCAL);
}

/* A batch in flight when the process dies: after opening the file again
 * its ops are still "sent", go in the next batch, and are accepted when
 * the server's answer (a duplicate, if it had them) is stored. */
static void
test_receipt_crash_while_sent (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdCall) call = log_incident_call (fixture->b, fixture->rules);
  g_autoptr(GPtrArray) batch = batch_of (fixture->b, "call", dd_call_get_id (call));
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(DdReceipt) receipt = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "b.db", NULL);
  g_autofree char *op_id = g_strdup (((DdOutboxOp *) g_ptr_array_index (batch, 0))->op_id);

  g_assert_true (dd_store_sync_mark_sent (fixture->b, batch, TRUE, &error));
  g_assert_no_error (error);
  /* the process dies: nothing more is written by this connection */
  g_clear_object (&fixture->b);

  fixture->b = dd_store_open (path, &error);
  g_assert_no_error (error);
  receipt = receipt_of (fixture->b, "call", dd_call_get_id (call));
  g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_SENT);
  g_clear_pointer (&receipt, dd_receipt_free);
  g_assert_cmpint (dd_store_sync_count_pushable (fixture->b, NULL), >=, 1);
  again = batch_of (fixture->b, "call", dd_call_get_id (call));
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpstr (((DdOutboxOp *) g_ptr_array_index (again, 0))->op_id, ==, op_id);

  ack_all (fixture->b, again, "duplicate", 1782880325000);
  receipt = receipt_of (fixture->b, "call", dd_call_get_id (call));
  g_assert_cmpint (receipt->state, ==, DD_RECEIPT_STATE_ACCEPTED);
  g_assert_cmpint (receipt->accepted_at, ==, 1782880325000);
}

/* A batch is the queue's first ops in order, whether they wait or were
 * sent before (a crash, a lost answer), without those of a parked record. */
static void
test_next_batch_order (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) middle = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_outbox_op_free);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autofree char *park = NULL;
  const DdOutboxOp *parked;
  guint third;

  for (guint i = 0; i < 4; i++)
    g_object_unref (log_incident_call (fixture->b, fixture->rules));
  all = dd_store_sync_next_batch (fixture->b, 500, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, 12);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (((DdOutboxOp *) all->pdata[i - 1])->seq, <, ((DdOutboxOp *) all->pdata[i])->seq);

  /* the middle third went up once and was never answered */
  third = all->len / 3;
  for (guint i = 0; i < third; i++)
    g_ptr_array_add (middle, g_ptr_array_steal_index (all, third));
  g_assert_true (dd_store_sync_mark_sent (fixture->b, middle, TRUE, &error));
  g_assert_no_error (error);
  first = dd_store_sync_next_batch (fixture->b, third + 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, third + 2);
  for (guint i = 0; i < first->len; i++)
    {
      const DdOutboxOp *expected = i < third ? all->pdata[i] : middle->pdata[i - third];

      g_assert_cmpint (((DdOutboxOp *) first->pdata[i])->seq, ==, expected->seq);
    }

  /* a parked op holds back the later ops of its record, in either state */
  parked = middle->pdata[0];
  park = g_strdup_printf ("UPDATE sync_outbox SET state = 'parked' WHERE seq = %" G_GINT64_FORMAT, parked->seq);
  g_assert_cmpint (sqlite3_exec (dd_store_get_handle (fixture->b), park, NULL, NULL, NULL), ==, SQLITE_OK);
  rest = dd_store_sync_next_batch (fixture->b, 500, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest->len, <, all->len + middle->len);
  for (guint i = 0; i < rest->len; i++)
    {
      const DdOutboxOp *op = rest->pdata[i];

      g_assert_false (g_str_equal (op->record_kind, parked->record_kind) &&
                      g_str_equal (op->record_id, parked->record_id));
      if (i > 0)
        g_assert_cmpint (((DdOutboxOp *) rest->pdata[i - 1])->seq, <, op->seq);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync-store/apply/every-kind", test_apply_every_kind);
  ADD ("/sync-store/apply/incident-events", test_apply_incident_events);
  ADD ("/sync-store/apply/refused-alone", test_apply_refused_alone);
  ADD ("/sync-store/apply/scope-and-order", test_apply_scope_and_order);
  ADD ("/sync-store/apply/one-number-twice", test_apply_one_number_twice);
  ADD ("/sync-store/apply/duty-log", test_apply_duty_log);
  ADD ("/sync-store/apply/duty-log-scope", test_apply_duty_log_scope);
  ADD ("/sync-store/rebase-and-conflict", test_rebase_and_conflict);
  ADD ("/sync-store/parked", test_parked);
  ADD ("/sync-store/next-batch-order", test_next_batch_order);
  ADD ("/sync-store/receipt/states", test_receipt_states);
  ADD ("/sync-store/receipt/crash-while-sent", test_receipt_crash_while_sent);

#undef ADD

  return g_test_run ();
}
