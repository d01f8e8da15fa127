/* dd-store-sync-apply.c: pulled records into the desk's own tables
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-sync-apply.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dd-directory-private.h"
#include "dd-division.h"

/* Parameters of every statement below: ?1 the record id, ?2 its fields
 * (JSON text), ?3 its owner unit, ?4 its version, ?5 its HLC stamp, ?6 the
 * wall time (Unix ms). Upserts take the whole record: the server sends a
 * record's fields as they are after the change. */

static const char staff_sql[] =
  "INSERT INTO staff (id, name, is_leader, is_officer, phone, unit, active, owner_unit, ver, hlc,"
  " created_at, updated_at)"
  " VALUES (?1, json_extract (?2, '$.name'), json_extract (?2, '$.leader'),"
  " json_extract (?2, '$.officer'), coalesce (json_extract (?2, '$.phone'), ''),"
  " coalesce (json_extract (?2, '$.unit'), ''), coalesce (json_extract (?2, '$.active'), 1),"
  " ?3, ?4, ?5, ?6, ?6)"
  " ON CONFLICT (id) DO UPDATE SET name = excluded.name, is_leader = excluded.is_leader,"
  " is_officer = excluded.is_officer, phone = excluded.phone, unit = excluded.unit,"
  " active = excluded.active, ver = excluded.ver, hlc = excluded.hlc,"
  " updated_at = max (excluded.updated_at, created_at)"
  " WHERE staff.owner_unit = excluded.owner_unit";

/* The desk's own record: what other desks of the unit may change (its
 * epoch and server address are each desk's own). */
static const char desk_sql[] =
  "UPDATE desk SET unit_name = coalesce (json_extract (?2, '$.unit_name'), unit_name),"
  " regime = coalesce (json_extract (?2, '$.regime'), regime), ver = max (?4, 1), hlc = ?5,"
  " updated_at = max (?6, created_at) WHERE id = 1 AND unit_code = ?1 AND ?3 = ?1";

static const char schedule_sql[] =
  "INSERT INTO holiday_schedule (year, notice, source, blocks, workdays, owner_unit, ver, hlc,"
  " created_at, updated_at)"
  " VALUES (CAST (?1 AS INTEGER), coalesce (json_extract (?2, '$.notice'), ''),"
  " coalesce (json_extract (?2, '$.source'), ''), coalesce (json_extract (?2, '$.blocks'), '[]'),"
  " coalesce (json_extract (?2, '$.workdays'), '[]'), ?3, ?4, ?5, ?6, ?6)"
  " ON CONFLICT (year) DO UPDATE SET notice = excluded.notice, source = excluded.source,"
  " blocks = excluded.blocks, workdays = excluded.workdays, owner_unit = excluded.owner_unit,"
  " ver = excluded.ver, hlc = excluded.hlc, updated_at = max (excluded.updated_at, created_at)";
static const char schedule_delete_sql[] =
  "DELETE FROM holiday_schedule WHERE year = CAST (?1 AS INTEGER) AND owner_unit = ?3";

static const char flood_sql[] =
  "INSERT INTO flood_season (year, first, last, owner_unit, ver, hlc, created_at, updated_at)"
  " VALUES (CAST (?1 AS INTEGER), json_extract (?2, '$.first'), json_extract (?2, '$.last'),"
  " ?3, ?4, ?5, ?6, ?6)"
  " ON CONFLICT (year) DO UPDATE SET first = excluded.first, last = excluded.last,"
  " owner_unit = excluded.owner_unit, ver = excluded.ver, hlc = excluded.hlc,"
  " updated_at = max (excluded.updated_at, created_at)";
static const char flood_delete_sql[] =
  "DELETE FROM flood_season WHERE year = CAST (?1 AS INTEGER) AND owner_unit = ?3";

static const char period_sql[] =
  "INSERT INTO important_period (id, name, start_ms, end_ms, leaders, owner_unit, ver, hlc,"
  " created_at, updated_at)"
  " VALUES (?1, json_extract (?2, '$.name'), json_extract (?2, '$.start_ms'),"
  " json_extract (?2, '$.end_ms'), json_extract (?2, '$.leaders'), ?3, ?4, ?5, ?6, ?6)"
  " ON CONFLICT (id) DO UPDATE SET name = excluded.name, start_ms = excluded.start_ms,"
  " end_ms = excluded.end_ms, leaders = excluded.leaders, ver = excluded.ver, hlc = excluded.hlc,"
  " updated_at = max (excluded.updated_at, created_at)"
  " WHERE important_period.owner_unit = excluded.owner_unit";
static const char period_delete_sql[] =
  "DELETE FROM important_period WHERE id = ?1 AND owner_unit = ?3";

/* "HH:MM" on the wire, minutes of the day in the table. */
#define MINUTES(member) \
  "(CAST (substr (json_extract (?2, '$." member "'), 1, 2) AS INTEGER) * 60" \
  " + CAST (substr (json_extract (?2, '$." member "'), 4, 2) AS INTEGER))"

static const char template_sql[] =
  "INSERT INTO shift_template (id, name, position, regime, start_minute, end_minute, required,"
  " sort_key, owner_unit, ver, hlc, created_at, updated_at)"
  " VALUES (?1, json_extract (?2, '$.name'), json_extract (?2, '$.position'),"
  " json_extract (?2, '$.regime'), " MINUTES ("start") ", " MINUTES ("end") ","
  " json_extract (?2, '$.required'), coalesce (json_extract (?2, '$.sort_key'), 0),"
  " ?3, ?4, ?5, ?6, ?6)"
  " ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position,"
  " regime = excluded.regime, start_minute = excluded.start_minute,"
  " end_minute = excluded.end_minute, required = excluded.required, sort_key = excluded.sort_key,"
  " ver = excluded.ver, hlc = excluded.hlc, updated_at = max (excluded.updated_at, created_at)"
  " WHERE shift_template.owner_unit = excluded.owner_unit";
static const char template_delete_sql[] =
  "DELETE FROM shift_template WHERE id = ?1 AND owner_unit = ?3";

static const char absence_sql[] =
  "INSERT INTO absence (id, staff_id, kind, first, last, reason, owner_unit, ver, hlc,"
  " created_at, updated_at)"
  " VALUES (?1, json_extract (?2, '$.staff_id'), json_extract (?2, '$.kind'),"
  " json_extract (?2, '$.first'), json_extract (?2, '$.last'),"
  " coalesce (json_extract (?2, '$.reason'), ''), ?3, ?4, ?5, ?6, ?6)"
  " ON CONFLICT (id) DO UPDATE SET staff_id = excluded.staff_id, kind = excluded.kind,"
  " first = excluded.first, last = excluded.last, reason = excluded.reason, ver = excluded.ver,"
  " hlc = excluded.hlc, updated_at = max (excluded.updated_at, created_at)";
static const char absence_delete_sql[] =
  "DELETE FROM absence WHERE id = ?1 AND owner_unit = ?3";

/* Its id is "SHIFT/STAFF" (a staff id is 36 characters). */
static const char assignment_sql[] =
  "INSERT INTO roster_assignment (shift_id, staff_id, duty_date, template_id, locked, generated,"
  " owner_unit, ver, hlc, created_at, updated_at)"
  " VALUES (substr (?1, 1, length (?1) - 37), substr (?1, -36),"
  " substr (?1, 1, 10), substr (?1, 12, length (?1) - 48),"
  " coalesce (json_extract (?2, '$.locked'), 0), coalesce (json_extract (?2, '$.generated'), 0),"
  " ?3, ?4, ?5, ?6, ?6)"
  " ON CONFLICT (shift_id, staff_id) DO UPDATE SET locked = excluded.locked,"
  " generated = excluded.generated, ver = excluded.ver, hlc = excluded.hlc,"
  " updated_at = max (excluded.updated_at, created_at)";
static const char assignment_delete_sql[] =
  "DELETE FROM roster_assignment WHERE shift_id = substr (?1, 1, length (?1) - 37)"
  " AND staff_id = substr (?1, -36) AND owner_unit = ?3";

static const char swap_sql[] =
  "INSERT OR IGNORE INTO roster_swap (id, shift_a, staff_a, shift_b, staff_b, asked_by,"
  " approved_by, owner_unit, hlc, created_at)"
  " VALUES (?1, json_extract (?2, '$.shift_a'), json_extract (?2, '$.staff_a'),"
  " json_extract (?2, '$.shift_b'), json_extract (?2, '$.staff_b'),"
  " json_extract (?2, '$.asked_by'), json_extract (?2, '$.approved_by'), ?3, ?5,"
  " coalesce (json_extract (?2, '$.at'), ?6))";

static const char mark_sql[] =
  "INSERT OR IGNORE INTO roster_mark (id, month, kind, marked_by, version, snapshot, owner_unit,"
  " hlc, created_at)"
  " VALUES (?1, json_extract (?2, '$.month'), json_extract (?2, '$.kind'),"
  " json_extract (?2, '$.by'), json_extract (?2, '$.version'),"
  " coalesce (json_extract (?2, '$.snapshot'), '[]'), ?3, ?5, coalesce (json_extract (?2, '$.at'), ?6))";

static const char whereabouts_sql[] =
  "INSERT INTO dir_whereabouts (id, person, post, unit, date_from, date_to, status, place,"
  " stand_in, stand_in_phone, note, publisher, ver, hlc, created_at, updated_at)"
  " VALUES (?1, json_extract (?2, '$.person'), coalesce (json_extract (?2, '$.post'), ''),"
  " coalesce (json_extract (?2, '$.unit'), ''), json_extract (?2, '$.from'),"
  " json_extract (?2, '$.to'), json_extract (?2, '$.status'),"
  " coalesce (json_extract (?2, '$.place'), ''), coalesce (json_extract (?2, '$.stand_in'), ''),"
  " coalesce (json_extract (?2, '$.stand_in_phone'), ''), coalesce (json_extract (?2, '$.note'), ''),"
  " ?3, ?4, ?5, ?6, ?6)"
  " ON CONFLICT (id) DO UPDATE SET person = excluded.person, post = excluded.post,"
  " unit = excluded.unit, date_from = excluded.date_from, date_to = excluded.date_to,"
  " status = excluded.status, place = excluded.place, stand_in = excluded.stand_in,"
  " stand_in_phone = excluded.stand_in_phone, note = excluded.note, ver = excluded.ver,"
  " hlc = excluded.hlc, updated_at = max (excluded.updated_at, created_at)"
  " WHERE dir_whereabouts.publisher = excluded.publisher";
static const char whereabouts_delete_sql[] =
  "DELETE FROM dir_whereabouts WHERE id = ?1 AND publisher = ?3";

/* Incidents are derived from their events: the row is made once, and
 * filled in by deriving it when its events arrive. */
static const char incident_sql[] =
  "INSERT OR IGNORE INTO incidents (id, number, owner_unit, number_day, number_seq, received_at,"
  " subtype, ver, hlc, created_at, updated_at)"
  " VALUES (?1, json_extract (?2, '$.number'), ?3,"
  " substr (json_extract (?2, '$.number'), -13, 8),"
  " CAST (substr (json_extract (?2, '$.number'), -4) AS INTEGER),"
  " json_extract (?2, '$.received_at'), json_extract (?2, '$.subtype'), ?4, ?5, ?6, ?6)";

#define CALL_COLUMNS \
  "id, received_at, channel, caller_name, caller_unit, caller_phone, summary, officer_id," \
  " disposition, incident_id, non_incident_reason, owner_unit, ver, hlc, created_at, updated_at"
#define CALL_VALUES \
  " VALUES (?1, json_extract (?2, '$.received_at'), json_extract (?2, '$.channel')," \
  " coalesce (json_extract (?2, '$.caller_name'), ''), coalesce (json_extract (?2, '$.caller_unit'), '')," \
  " coalesce (json_extract (?2, '$.caller_phone'), ''), json_extract (?2, '$.summary')," \
  " coalesce (json_extract (?2, '$.officer_id'), ''), json_extract (?2, '$.disposition')," \
  " json_extract (?2, '$.incident_id'), json_extract (?2, '$.non_incident_reason')," \
  " ?3, ?4, ?5, ?6, ?6)"

static const char call_sql[] = "INSERT OR IGNORE INTO calls (" CALL_COLUMNS ")" CALL_VALUES;

/* The desk's duty settings (the rest between shifts), shared by the
 * desks of one unit. */
static const char setting_sql[] =
  "INSERT INTO duty_setting (key, value, owner_unit, ver, hlc, created_at, updated_at)"
  " VALUES (?1, CAST (json_extract (?2, '$.value') AS TEXT), ?3, max (?4, 1), ?5, ?6, ?6)"
  " ON CONFLICT (key) DO UPDATE SET value = excluded.value, owner_unit = excluded.owner_unit,"
  " ver = excluded.ver, hlc = excluded.hlc, updated_at = max (excluded.updated_at, created_at)";

/* The duty log (store migration 0007) is history: a row is written once
 * and never changed, so a record already here is left as it is (the
 * tables' triggers refuse updates). Only a clash on the id is ignored: a
 * second completion of one instruction, or a row whose parent (incident,
 * instruction, call) is not here yet, is refused and waits. The search
 * index follows the inserts through 0007's triggers. */
static const char log_entry_sql[] =
  "INSERT INTO log_entries (id, at, text, incident_id, author, owner_unit, hlc, created_at)"
  " VALUES (?1, json_extract (?2, '$.at'), json_extract (?2, '$.text'),"
  " json_extract (?2, '$.incident_id'), coalesce (json_extract (?2, '$.author'), ''), ?3, ?5, ?6)"
  " ON CONFLICT (id) DO NOTHING";

/* An instruction is published to the issuer's whole subtree; one about an
 * incident this desk does not hold (a sibling's) comes without it. */
static const char instruction_sql[] =
  "INSERT INTO instructions (id, text, issued_by, issued_at, incident_id, feedback_due, owner_unit,"
  " hlc, created_at)"
  " VALUES (?1, json_extract (?2, '$.text'), json_extract (?2, '$.issued_by'),"
  " json_extract (?2, '$.issued_at'),"
  " (SELECT id FROM incidents WHERE id = json_extract (?2, '$.incident_id')),"
  " coalesce (json_extract (?2, '$.feedback_due'), 0), ?3, ?5, ?6)"
  " ON CONFLICT (id) DO NOTHING";

static const char instruction_done_sql[] =
  "INSERT INTO instruction_completions (id, instruction_id, done_at, reason, hlc, created_at)"
  " VALUES (?1, json_extract (?2, '$.instruction_id'), json_extract (?2, '$.done_at'),"
  " coalesce (json_extract (?2, '$.reason'), ''), ?5, ?6)"
  " ON CONFLICT (id) DO NOTHING";

static const char call_callback_sql[] =
  "INSERT INTO call_callbacks (id, call_id, kind, due_at, at, hlc, created_at)"
  " VALUES (?1, json_extract (?2, '$.call_id'), json_extract (?2, '$.kind'),"
  " coalesce (json_extract (?2, '$.due_at'), 0), json_extract (?2, '$.at'), ?5, ?6)"
  " ON CONFLICT (id) DO NOTHING";

static const char handover_ack_sql[] =
  "INSERT INTO handover_acks (id, item_id, acked_by, acked_at, hlc, created_at)"
  " VALUES (?1, json_extract (?2, '$.item_id'), json_extract (?2, '$.acked_by'),"
  " json_extract (?2, '$.acked_at'), ?5, ?6)"
  " ON CONFLICT (id) DO NOTHING";

/* last_ack_seq is a desk's own bookkeeping (the acknowledgements a
 * handover took in), not on the wire: a handover signed at another desk
 * of this unit takes in the acknowledgements pulled before it; one of
 * another unit takes in none of this desk's. */
static const char handover_sql[] =
  "INSERT INTO handovers (id, outgoing, incoming, signed_at, note, items, last_ack_seq, owner_unit,"
  " hlc, created_at)"
  " VALUES (?1, json_extract (?2, '$.outgoing'), json_extract (?2, '$.incoming'),"
  " json_extract (?2, '$.signed_at'), coalesce (json_extract (?2, '$.note'), ''),"
  " coalesce (json_extract (?2, '$.items'), '[]'),"
  " CASE WHEN ?3 = (SELECT unit_code FROM desk WHERE id = 1)"
  " THEN (SELECT coalesce (max (seq), 0) FROM handover_acks) ELSE 0 END, ?3, ?5, ?6)"
  " ON CONFLICT (id) DO NOTHING";

static gboolean
apply_directory (DdStore             *self,
                 const DdSyncKind    *kind,
                 const DdSyncRecord  *record,
                 GError             **error)
{
  return dd_store_directory_apply_pulled (self, kind->kind, record->record_id, record->fields,
                                          record->owner_unit, record->ver, (gint64) record->hlc, error);
}

static gboolean
apply_verification (DdStore             *self,
                    const DdSyncKind    *kind,
                    const DdSyncRecord  *record,
                    GError             **error)
{
  return dd_store_directory_apply_pulled_verification (self, record->record_id, record->fields,
                                                       record->owner_unit, (gint64) record->hlc,
                                                       error);
}

static gboolean
apply_request (DdStore             *self,
               const DdSyncKind    *kind,
               const DdSyncRecord  *record,
               GError             **error)
{
  return dd_store_directory_apply_pulled_request (self, record->record_id, record->fields,
                                                  record->owner_unit, (gint64) record->hlc, error);
}

static gboolean
apply_answer (DdStore             *self,
              const DdSyncKind    *kind,
              const DdSyncRecord  *record,
              GError             **error)
{
  return dd_store_directory_apply_pulled_answer (self, record->record_id, record->fields,
                                                 record->owner_unit, (gint64) record->hlc, error);
}

/* Creates the connection's temporary table @name with @columns unless
 * it is there already. */
static gboolean
ensure_temp_table (DdStore     *self,
                   const char  *name,
                   const char  *columns,
                   GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("CREATE TEMP TABLE IF NOT EXISTS %s (%s)", name, columns);
  int rc = sqlite3_exec (dd_store_get_handle (self), sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      dd_store_set_error (self, error, rc, name);
      return FALSE;
    }
  return TRUE;
}

/* The connection's list of incidents of other units that a pull made
 * grade I or II (new, or raised from a lower grade), for the window's
 * alert; a temporary table, so it rolls back with a refused record and
 * is gone with the connection. */
gboolean
dd_sync_ensure_arrivals (DdStore  *self,
                         GError  **error)
{
  return ensure_temp_table (self, "sync_arrivals",
                            "incident_id TEXT PRIMARY KEY, number TEXT NOT NULL, owner_unit TEXT NOT NULL,"
                            " grade TEXT NOT NULL, summary TEXT NOT NULL", error);
}

#define GRADE_RANK(g) "(CASE " g " WHEN 'I' THEN 1 WHEN 'II' THEN 2 WHEN 'III' THEN 3 WHEN 'IV' THEN 4 ELSE 5 END)"

static gboolean
exec (DdStore     *self,
      const char  *sql,
      GError     **error)
{
  sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);

  return stmt != NULL && dd_store_step_done (self, stmt, error);
}

/* Deriving incidents: each incident's row (as dd_store_refresh_incident()
 * gives it, with the grade it had before) waits in the connection's
 * temporary table sync_derived, and one statement writes them all. Their
 * search-index triggers then run inside that one statement: SQLite 3.40's
 * FTS5 writes out the terms pending in memory at the start of every
 * statement that may have to be undone alone, so a statement per incident
 * made an index segment per incident (and their merges). A pulled
 * incident of another unit that this makes grade I or II (new here, or
 * raised from a lower grade) is noted for the window's alert. */
static gboolean
derive_incidents (DdStore          *self,
                  DdIncidentRules  *rules,
                  GHashTable       *derive,
                  GError          **error)
{
  static const char derived_sql[] =
    "INSERT OR REPLACE INTO temp.sync_derived (id, subtype, occurred_at, location, division,"
    " description, grade, computed_grade, manual_required, status, closed_at, next_due_at, updated_at,"
    " hlc, grade_before)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " (SELECT grade FROM incidents WHERE id = ?1))";
  static const char update_sql[] =
    "UPDATE incidents SET subtype = d.subtype, occurred_at = d.occurred_at, location = d.location,"
    " division = d.division, description = d.description, grade = d.grade,"
    " computed_grade = d.computed_grade, manual_required = d.manual_required, status = d.status,"
    " closed_at = d.closed_at, next_due_at = d.next_due_at,"
    " updated_at = max (incidents.updated_at, d.updated_at), hlc = d.hlc"
    " FROM temp.sync_derived AS d WHERE incidents.id = d.id";
  static const char arrivals_sql[] =
    "INSERT OR REPLACE INTO temp.sync_arrivals (incident_id, number, owner_unit, grade, summary)"
    " SELECT i.id, i.number, i.owner_unit, i.grade, CASE WHEN i.description <> '' THEN i.description"
    "   WHEN i.location <> '' THEN i.location ELSE i.number END"
    " FROM temp.sync_derived AS d JOIN incidents AS i ON i.id = d.id WHERE i.grade IN ('I', 'II')"
    " AND " GRADE_RANK ("i.grade") " < " GRADE_RANK ("d.grade_before")
    " AND i.owner_unit NOT IN (SELECT unit_code FROM desk)";
  GHashTableIter iter;
  gpointer id, hlc;

  if (rules == NULL || g_hash_table_size (derive) == 0)
    return TRUE;
  if (!ensure_temp_table (self, "sync_derived",
                          "id TEXT PRIMARY KEY, subtype TEXT, occurred_at INTEGER, location TEXT,"
                          " division TEXT, description TEXT, grade TEXT, computed_grade TEXT,"
                          " manual_required INTEGER, status TEXT, closed_at INTEGER, next_due_at INTEGER,"
                          " updated_at INTEGER, hlc INTEGER, grade_before TEXT", error) ||
      !dd_sync_ensure_arrivals (self, error))
    return FALSE;

  g_hash_table_iter_init (&iter, derive);
  while (g_hash_table_iter_next (&iter, &id, &hlc))
    {
      g_autofree char *count = NULL;

      if (!(count = dd_store_query_text (self, "SELECT count(*) FROM incident_events WHERE incident_id = ?1",
                                         id, error)))
        return FALSE;
      /* an incident without events yet has nothing to derive */
      if (g_ascii_strtoll (count, NULL, 10) > 0 &&
          !dd_store_refresh_incident (self, rules, id, *(DdHlc *) hlc, derived_sql, error))
        return FALSE;
    }
  return exec (self, update_sql, error) && exec (self, arrivals_sql, error) &&
         exec (self, "DELETE FROM temp.sync_derived", error);
}

/* Incident @incident_id is derived again after @record: when the page
 * ends, or at once when the page does not gather them. */
static gboolean
derive_incident (DdStore             *self,
                 const DdSyncRecord  *record,
                 const char          *incident_id,
                 GError             **error)
{
  g_autoptr(GHashTable) one = NULL;
  GHashTable *derive = record->derive;
  DdHlc *hlc;

  if (record->rules == NULL)
    return TRUE;
  if (derive == NULL)
    derive = one = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* the row keeps the stamp of the last record that derived it */
  hlc = g_new (DdHlc, 1);
  *hlc = record->hlc;
  g_hash_table_insert (derive, g_strdup (incident_id), hlc);
  return one == NULL || derive_incidents (self, record->rules, one, error);
}

/* Runs a kind's @sql with the record's id, fields, owner, version, HLC
 * and the time now as ?1 … ?6. */
static gboolean
run_statement (DdStore             *self,
               const char          *sql,
               const DdSyncRecord  *record,
               GError             **error)
{
  sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  dd_store_bind_text (stmt, 1, record->record_id);
  dd_store_bind_text (stmt, 2, record->fields);
  dd_store_bind_text (stmt, 3, record->owner_unit);
  sqlite3_bind_int64 (stmt, 4, record->ver);
  sqlite3_bind_int64 (stmt, 5, (gint64) record->hlc);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / 1000);
  return dd_store_step_done (self, stmt, error);
}

/* Two desks of one unit logging offline on the same day number their
 * incidents from what each holds, so two incidents may come with one
 * number; the table takes a number (and a unit's sequence of the day)
 * once. Both are kept, the same way on every desk whichever arrived
 * first: the one made first (the smaller UUIDv7) keeps the number, the
 * other is shown with the end of its id appended. An incident renumbered
 * so moves to the unit's next free sequence of the day, and moves on
 * again if a pulled incident comes with the sequence it took. */
static gboolean
renumber_incident (DdStore     *self,
                   const char  *incident_id,
                   const char  *number,
                   gboolean     suffix,
                   GError     **error)
{
  /* ?2 a number to set (its sequence with it), else the sequence moves
   * to the next free one and the number gains ?3 */
  static const char sql[] =
    "UPDATE incidents SET number = coalesce (?2, number || ?3),"
    " number_seq = coalesce (CAST (substr (?2, -4) AS INTEGER),"
    " (SELECT max (o.number_seq) + 1 FROM incidents AS o"
    " WHERE o.owner_unit = incidents.owner_unit AND o.number_day = incidents.number_day))"
    " WHERE id = ?1";
  g_autofree char *end = suffix ? g_strconcat ("-", incident_id + MAX (strlen (incident_id), 4) - 4, NULL)
                                : g_strdup ("");
  sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  dd_store_bind_text (stmt, 1, incident_id);
  dd_store_bind_text (stmt, 2, number);
  dd_store_bind_text (stmt, 3, end);
  return dd_store_step_done (self, stmt, error);
}

static gboolean
apply_incident (DdStore             *self,
                const DdSyncKind    *kind,
                const DdSyncRecord  *record,
                GError             **error)
{
  /* another incident holding the pulled one's number or its sequence */
  static const char holder_sql[] =
    "SELECT i.id, i.number = json_extract (?1, '$.number'), json_extract (?1, '$.number')"
    " FROM incidents AS i"
    " WHERE i.id <> ?2 AND i.owner_unit = ?3"
    " AND i.number_day = substr (json_extract (?1, '$.number'), -13, 8)"
    " AND i.number_seq = CAST (substr (json_extract (?1, '$.number'), -4) AS INTEGER)"
    " AND NOT EXISTS (SELECT 1 FROM incidents WHERE id = ?2)";
  g_autofree char *holder = NULL;
  g_autofree char *number = NULL;
  gboolean same_number = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, holder_sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, record->fields);
  dd_store_bind_text (stmt, 2, record->record_id);
  dd_store_bind_text (stmt, 3, record->owner_unit);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      holder = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      same_number = sqlite3_column_int (stmt, 1) == 1;
      number = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, holder_sql);
      return FALSE;
    }

  if (holder != NULL && !renumber_incident (self, holder, NULL, same_number, error))
    return FALSE;
  if (!run_statement (self, incident_sql, record, error))
    return FALSE;
  /* Held here already (this desk's own incident coming back, or a page
   * pulled again): the row is written once and its events derive it as
   * they come, so there is nothing new to derive. */
  if (holder == NULL && sqlite3_changes (dd_store_get_handle (self)) == 0)
    return TRUE;
  if (same_number && strcmp (record->record_id, holder) > 0 &&
      (!renumber_incident (self, record->record_id, NULL, TRUE, error) ||
       !renumber_incident (self, holder, number, FALSE, error)))
    return FALSE;
  return derive_incident (self, record, record->record_id, error);
}

/* An event's row from its record: ?1 id, ?2 fields, ?3 its search text,
 * ?4 HLC, ?5 the time now. */
#define EVENT_COLUMNS "id, incident_id, kind, received_at, body, text, hlc, created_at"
#define EVENT_VALUES \
  " VALUES (?1, json_extract (?2, '$.incident_id'), json_extract (?2, '$.kind')," \
  " json_extract (?2, '$.received_at'), json_extract (?2, '$.body'), ?3, ?4, ?5)"

/* An event: indexed for the search like one logged here, and its
 * incident derived again. Its incident must be here (a foreign key). In a
 * page that gathers them, an event of an incident held here waits in the
 * temporary table sync_incident_events and goes in with the page's
 * others (see dd_sync_finish_page()); one whose incident is not here is
 * tried at once, to be refused alone. */
static gboolean
apply_incident_event (DdStore             *self,
                      const DdSyncKind    *kind,
                      const DdSyncRecord  *record,
                      GError             **error)
{
  static const char sql[] = "INSERT OR IGNORE INTO incident_events (" EVENT_COLUMNS ")" EVENT_VALUES;
  static const char gather_sql[] =
    "INSERT OR IGNORE INTO temp.sync_incident_events (" EVENT_COLUMNS ")" EVENT_VALUES;
  /* whether it is here already, whether its incident is */
  static const char held_sql[] =
    "SELECT EXISTS (SELECT 1 FROM incident_events WHERE id = ?1),"
    " EXISTS (SELECT 1 FROM incidents WHERE id = json_extract (?2, '$.incident_id')),"
    " coalesce (json_extract (?2, '$.body'), ''), coalesce (json_extract (?2, '$.incident_id'), '')";
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *incident_id = NULL;
  gboolean held, gather;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, held_sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, record->record_id);
  dd_store_bind_text (stmt, 2, record->fields);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dd_store_set_error (self, error, rc, held_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }
  held = sqlite3_column_int (stmt, 0) != 0;
  gather = record->derive != NULL && sqlite3_column_int (stmt, 1) != 0;
  body = dd_store_column_dup (stmt, 2);
  incident_id = dd_store_column_dup (stmt, 3);
  sqlite3_reset (stmt);
  /* a page pulled again, or this desk's own event come back */
  if (held)
    return TRUE;

  if (!(text = dd_store_incident_event_text (body, error)))
    {
      g_prefix_error (error, _("The event’s body cannot be read: "));
      if (error != NULL && (*error)->domain != DD_STORE_ERROR)
        {
          GError *wrapped = g_error_new_literal (DD_STORE_ERROR, DD_STORE_ERROR_INVALID, (*error)->message);

          g_clear_error (error);
          g_propagate_error (error, wrapped);
        }
      return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, gather ? gather_sql : sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, record->record_id);
  dd_store_bind_text (stmt, 2, record->fields);
  dd_store_bind_text (stmt, 3, text);
  sqlite3_bind_int64 (stmt, 4, (gint64) record->hlc);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / 1000);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (dd_store_get_handle (self)) == 0)
    return TRUE;
  return derive_incident (self, record, incident_id, error);
}

/* The rows gathered in the temporary table sync_@table go into @table by
 * one statement, in the page's order. */
static gboolean
write_gathered (DdStore     *self,
                const char  *table,
                const char  *columns,
                GError     **error)
{
  g_autofree char *insert = g_strdup_printf ("INSERT OR IGNORE INTO %s (%s) SELECT %s FROM temp.sync_%s"
                                             " ORDER BY rowid", table, columns, columns, table);
  g_autofree char *delete = g_strdup_printf ("DELETE FROM temp.sync_%s", table);

  return exec (self, insert, error) && exec (self, delete, error);
}

/* A call. In a page that gathers them, one that names no incident or one
 * held here waits in the temporary table sync_calls and goes in with the
 * page's others (see dd_sync_finish_page()); one whose incident is not
 * here is tried at once, to be refused alone. */
static gboolean
apply_call (DdStore             *self,
            const DdSyncKind    *kind,
            const DdSyncRecord  *record,
            GError             **error)
{
  static const char gather_sql[] = "INSERT OR IGNORE INTO temp.sync_calls (" CALL_COLUMNS ")" CALL_VALUES;
  static const char parent_sql[] =
    "SELECT json_extract (?1, '$.incident_id') IS NULL"
    " OR EXISTS (SELECT 1 FROM incidents WHERE id = json_extract (?1, '$.incident_id'))";
  g_autofree char *gather = NULL;

  if (record->derive != NULL &&
      !(gather = dd_store_query_text (self, parent_sql, record->fields, error)))
    return FALSE;
  return run_statement (self, g_strcmp0 (gather, "1") == 0 ? gather_sql : call_sql, record, error);
}

/* A call-back names its call (a foreign key): the calls the page has
 * gathered go in first. */
static gboolean
apply_call_callback (DdStore             *self,
                     const DdSyncKind    *kind,
                     const DdSyncRecord  *record,
                     GError             **error)
{
  return (record->derive == NULL || write_gathered (self, "calls", CALL_COLUMNS, error)) &&
         run_statement (self, call_callback_sql, record, error);
}

gboolean
dd_sync_begin_page (DdStore  *self,
                    GError  **error)
{
  return ensure_temp_table (self, "sync_incident_events",
                            "id TEXT PRIMARY KEY, incident_id TEXT, kind TEXT, received_at INTEGER,"
                            " body TEXT, text TEXT, hlc INTEGER, created_at INTEGER", error) &&
         ensure_temp_table (self, "sync_calls",
                            "id TEXT PRIMARY KEY, received_at INTEGER, channel TEXT, caller_name TEXT,"
                            " caller_unit TEXT, caller_phone TEXT, summary TEXT, officer_id TEXT,"
                            " disposition TEXT, incident_id TEXT, non_incident_reason TEXT, owner_unit TEXT,"
                            " ver INTEGER, hlc INTEGER, created_at INTEGER, updated_at INTEGER", error);
}

/* The gathered events and calls go in by one statement each, in the
 * page's order (their search index written out together, as the
 * incidents' below), then the incidents are derived. */
gboolean
dd_sync_finish_page (DdStore          *self,
                     DdIncidentRules  *rules,
                     GHashTable       *derive,
                     GError          **error)
{
  return write_gathered (self, "incident_events", EVENT_COLUMNS, error) &&
         write_gathered (self, "calls", CALL_COLUMNS, error) &&
         derive_incidents (self, rules, derive, error);
}

/* The kinds a desk keeps in tables of its own. A kind joins by adding
 * one entry; a kind missing here stays in sync_records only. */
static const DdSyncKind kinds[] = {
  { "desk", DD_SYNC_SCOPE_OWN, desk_sql, NULL, NULL, NULL },
  { "staff", DD_SYNC_SCOPE_OWN, staff_sql, NULL, NULL, NULL },
  { "whereabouts", DD_SYNC_SCOPE_OWN, whereabouts_sql, whereabouts_delete_sql, NULL, NULL },
  { "shift_template", DD_SYNC_SCOPE_OWN, template_sql, template_delete_sql, NULL, NULL },
  { "absence", DD_SYNC_SCOPE_OWN, absence_sql, absence_delete_sql, NULL, NULL },
  { "assignment", DD_SYNC_SCOPE_OWN, assignment_sql, assignment_delete_sql, NULL, NULL },
  { "swap", DD_SYNC_SCOPE_OWN, swap_sql, NULL, NULL, NULL },
  { "roster_mark", DD_SYNC_SCOPE_OWN, mark_sql, NULL, NULL, NULL },
  { "holiday_schedule", DD_SYNC_SCOPE_OWN_ANCESTORS, schedule_sql, schedule_delete_sql, NULL, NULL },
  { "flood_season", DD_SYNC_SCOPE_OWN_ANCESTORS, flood_sql, flood_delete_sql, NULL, NULL },
  { "period", DD_SYNC_SCOPE_OWN_ANCESTORS, period_sql, period_delete_sql, NULL, NULL },
  { "contact", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_directory, NULL },
  { "team", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_directory, NULL },
  { "expert", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_directory, NULL },
  { "warehouse", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_directory, NULL },
  { "stock", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_directory, NULL },
  { "plan", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_directory, NULL },
  { "verification", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_verification, NULL },
  { "directory_request", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_request, NULL },
  { "directory_answer", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_answer, NULL },
  { "incident", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_incident, NULL },
  { "incident_event", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_incident_event, NULL },
  { "call", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_call, NULL },
  { "setting", DD_SYNC_SCOPE_OWN, setting_sql, NULL, NULL, NULL },
  { "log_entry", DD_SYNC_SCOPE_ANY, log_entry_sql, NULL, NULL, NULL },
  { "instruction", DD_SYNC_SCOPE_ANY, instruction_sql, NULL, NULL, NULL },
  { "instruction_done", DD_SYNC_SCOPE_ANY, instruction_done_sql, NULL, NULL, NULL },
  { "call_callback", DD_SYNC_SCOPE_ANY, NULL, NULL, apply_call_callback, NULL },
  /* a unit's acknowledgements belong to its own next handover: on
   * another unit's desk they would acknowledge that desk's items */
  { "handover_ack", DD_SYNC_SCOPE_OWN, handover_ack_sql, NULL, NULL, NULL },
  { "handover", DD_SYNC_SCOPE_ANY, handover_sql, NULL, NULL, NULL },
};

const DdSyncKind *
dd_sync_kind_lookup (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return &kinds[i];
  return NULL;
}

/* Whether @owner is @unit or one of its ancestors (a department's
 * division, then the division's parents). */
static gboolean
is_self_or_ancestor (const char *unit,
                     const char *owner)
{
  DdDivisionTable *table = dd_division_table_get_default ();
  const char *dash = strchr (unit, '-');
  g_autofree char *division = dash != NULL ? g_strndup (unit, (gsize) (dash - unit)) : g_strdup (unit);
  const char *code = division;

  if (g_str_equal (unit, owner) || g_str_equal (division, owner))
    return TRUE;
  for (guint depth = 0; depth < 8; depth++)
    {
      DdDivision *d = dd_division_table_lookup (table, code);
      const char *parent = d != NULL ? dd_division_get_parent_code (d) : NULL;

      if (parent == NULL || *parent == '\0')
        return FALSE;
      if (g_str_equal (parent, owner))
        return TRUE;
      code = parent;
    }
  return FALSE;
}

gboolean
dd_sync_kind_in_scope (const DdSyncKind *kind,
                       const char       *own_unit,
                       const char       *owner_unit)
{
  switch (kind->scope)
    {
    case DD_SYNC_SCOPE_OWN:
      return g_strcmp0 (own_unit, owner_unit) == 0;
    case DD_SYNC_SCOPE_OWN_ANCESTORS:
      return own_unit != NULL && owner_unit != NULL && is_self_or_ancestor (own_unit, owner_unit);
    case DD_SYNC_SCOPE_ANY:
    default:
      return TRUE;
    }
}

gboolean
dd_sync_kind_apply (DdStore             *self,
                    const DdSyncKind    *kind,
                    const DdSyncRecord  *record,
                    char               **problem,
                    GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  *problem = NULL;
  if (!exec (self, "SAVEPOINT sync_apply", error))
    return FALSE;

  if (record->deleted)
    ok = kind->delete_sql == NULL || run_statement (self, kind->delete_sql, record, &local_error);
  else if (kind->apply != NULL)
    ok = kind->apply (self, kind, record, &local_error);
  else
    ok = run_statement (self, kind->upsert_sql, record, &local_error) &&
         (kind->after == NULL || kind->after (self, kind, record, &local_error));

  if (ok)
    return exec (self, "RELEASE sync_apply", error);

  /* Undo this record alone. A record the table refuses (a parent not
   * here yet, a clash on a unique key) waits in sync_records; anything
   * else fails the page. */
  if (!exec (self, "ROLLBACK TO sync_apply", error) || !exec (self, "RELEASE sync_apply", error))
    return FALSE;
  if (local_error->domain == DD_STORE_ERROR &&
      (local_error->code == DD_STORE_ERROR_INVALID || local_error->code == DD_STORE_ERROR_NOT_FOUND))
    {
      *problem = g_strdup (local_error->message);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
