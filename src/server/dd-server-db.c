/* dd-server-db.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-server-db.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#define MIGRATIONS_PATH RESOURCE_BASE_PATH "/server/migrations/"
/* "DDSR": the advisory lock every migrating server process takes. */
#define MIGRATION_LOCK_KEY "1145328466"

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

struct _DdServerDb
{
  PGconn   *conn;
  char     *conninfo;
  char      sqlstate[6];
  guint     statement_timeout_ms;
  gboolean  prepared;
  gboolean  in_transaction;
};

typedef struct
{
  const char *name;
  int         n_params;
  const char *sql;
} Statement;

static const Statement statements[] = {
  { "health", 0,
    "SELECT (SELECT max(version) FROM schema_migrations),"
    " (SELECT epoch::text FROM server_epoch WHERE id = 1)" },
  { "server_key", 0, "SELECT hmac_key FROM server_key WHERE id = 1" },
  { "unit_get", 1, "SELECT code, name, level, parent FROM units WHERE code = $1" },
  { "unit_codes", 0, "SELECT code FROM units" },
  { "unit_upsert", 4,
    "INSERT INTO units (code, name, level, parent) VALUES ($1, $2, $3, NULLIF ($4, ''))"
    " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level,"
    " parent = EXCLUDED.parent" },
  { "unit_insert", 4,
    "INSERT INTO units (code, name, level, parent) VALUES ($1, $2, $3, NULLIF ($4, ''))"
    " ON CONFLICT (code) DO NOTHING RETURNING code" },
  { "unit_path", 1,
    "WITH RECURSIVE up (code, parent, depth) AS ("
    "   SELECT code, parent, 0 FROM units WHERE code = $1"
    "   UNION ALL SELECT u.code, u.parent, up.depth + 1 FROM units u JOIN up ON u.code = up.parent)"
    " SELECT code FROM up ORDER BY depth DESC" },
  { "code_insert", 3,
    "INSERT INTO enrol_codes (code_hash, unit, expires_at)"
    " VALUES ($1, $2, now () + $3::bigint * interval '1 second')"
    " RETURNING " TS ("expires_at") },
  { "code_lock", 1,
    "SELECT unit, used_at IS NOT NULL, expires_at <= now () FROM enrol_codes"
    " WHERE code_hash = $1 FOR UPDATE" },
  { "code_use", 2, "UPDATE enrol_codes SET used_at = now (), used_by = $2::uuid WHERE code_hash = $1" },
  { "desk_insert", 3, "INSERT INTO desks (id, unit, secret_hash) VALUES ($1::uuid, $2, $3)" },
  { "desk_get", 1,
    "SELECT unit, secret_hash, revoked_at IS NOT NULL FROM desks WHERE id = $1::uuid" },
  { "desk_seen", 1, "UPDATE desks SET last_seen = now () WHERE id = $1::uuid" },
  /* every authenticated request; written at most every 10 s per desk */
  { "desk_seen_lazily", 1,
    "UPDATE desks SET last_seen = now () WHERE id = $1::uuid"
    " AND (last_seen IS NULL OR last_seen < now () - interval '10 seconds')" },
  { "desks_seen", 0,
    "SELECT id::text, extract (epoch FROM last_seen)::bigint FROM desks"
    " WHERE revoked_at IS NULL AND last_seen IS NOT NULL ORDER BY id" },
  /* tombstones: $1 the days after which a desk not seen is no longer active */
  { "purge_lock", 0, "SELECT last_seq, purged_seq FROM change_seq WHERE id = 1 FOR UPDATE" },
  { "purge_horizon", 1,
    "SELECT min (coalesce (pulled_seq, 0)), count (*) FROM desks WHERE revoked_at IS NULL"
    " AND coalesce (last_seen, enrolled_at) > now () - $1::bigint * interval '1 day'" },
  { "purge_records", 1,
    "WITH gone AS (DELETE FROM records WHERE deleted AND last_seq <= $1::bigint"
    "   RETURNING record_kind, owner_unit, record_id, last_seq),"
    " changes_gone AS (DELETE FROM changes c USING gone g WHERE c.record_kind = g.record_kind"
    "   AND c.owner_unit = g.owner_unit AND c.record_id = g.record_id RETURNING c.server_seq),"
    " conflicts_gone AS (DELETE FROM conflicts f USING gone g WHERE f.record_kind = g.record_kind"
    "   AND f.owner_unit = g.owner_unit AND f.record_id = g.record_id RETURNING f.id)"
    " SELECT (SELECT count (*) FROM gone), (SELECT count (*) FROM changes_gone),"
    " (SELECT coalesce (max (last_seq), 0) FROM gone)" },
  { "purge_set", 1,
    "UPDATE change_seq SET purged_seq = greatest (purged_seq, $1::bigint) WHERE id = 1"
    " RETURNING purged_seq" },
  { "desk_list", 0,
    "SELECT id::text, unit, " TS ("enrolled_at") ", " TS ("revoked_at") ", " TS ("last_seen")
    " FROM desks ORDER BY enrolled_at, id" },
  { "desk_revoke", 1,
    "UPDATE desks SET revoked_at = coalesce (revoked_at, now ()) WHERE id = $1::uuid RETURNING id" },
  /* push and pull */
  { "kinds_all", 0,
    "SELECT kind, policy, coalesce (parent_kind, ''), coalesce (parent_field, ''),"
    " array_to_json (ancestor_fields)::text, ancestor_append, array_to_json (local_fields)::text"
    " FROM record_kinds" },
  /* one push per desk at a time; released at the end of the transaction */
  { "push_lock", 1, "SELECT pg_try_advisory_xact_lock (hashtextextended ('push:' || $1, 0))" },
  /* the row lock serializes pushes and makes sequence order commit order */
  { "seq_lock", 0, "SELECT last_seq, hlc FROM change_seq WHERE id = 1 FOR UPDATE" },
  { "seq_set", 2, "UPDATE change_seq SET last_seq = $1::bigint, hlc = $2::bigint WHERE id = 1" },
  { "seq_last", 0,
    "SELECT s.last_seq, s.hlc, e.epoch::text, s.purged_seq FROM change_seq s, server_epoch e"
    " WHERE s.id = 1 AND e.id = 1" },
  /* what the desk has pulled up to: the tombstone horizon follows it */
  { "desk_pulled", 2,
    "UPDATE desks SET pulled_seq = $2::bigint WHERE id = $1::uuid"
    " AND pulled_seq IS DISTINCT FROM $2::bigint" },
  /* the ops of a batch the desk pushed before ($2: a UUID array) */
  { "changes_by_ops", 2,
    "SELECT op_id::text, server_seq, ver FROM changes WHERE desk_id = $1::uuid"
    " AND op_id = ANY ($2::uuid[])" },
  { "change_by_record", 3,
    "SELECT server_seq, ver FROM changes WHERE record_kind = $1 AND owner_unit = $2"
    " AND record_id = $3 ORDER BY server_seq LIMIT 1" },
  /* the records a batch names ([kind, id] pairs, JSON), whoever owns them */
  { "records_read", 1,
    "SELECT r.record_kind, r.owner_unit, r.record_id, r.ver, r.hlc, r.fields::text,"
    " r.stamps::text, r.deleted FROM records r"
    " JOIN (SELECT DISTINCT x->>0 AS kind, x->>1 AS id FROM jsonb_array_elements ($1::jsonb) x) k"
    " ON r.record_kind = k.kind AND r.record_id = k.id" },
  /* the records a batch wrote, with their last change, one JSON object per row */
  { "records_write", 1,
    "INSERT INTO records (record_kind, owner_unit, record_id, ver, hlc, fields, stamps, deleted, last_seq)"
    " SELECT record_kind, owner_unit, record_id, ver, hlc, fields, stamps, deleted, last_seq"
    " FROM jsonb_to_recordset ($1::jsonb) AS x (record_kind text, owner_unit text, record_id text,"
    " ver bigint, hlc bigint, fields jsonb, stamps jsonb, deleted boolean, last_seq bigint)"
    " ON CONFLICT (record_kind, owner_unit, record_id) DO UPDATE SET ver = EXCLUDED.ver,"
    " hlc = EXCLUDED.hlc, fields = EXCLUDED.fields, stamps = EXCLUDED.stamps,"
    " deleted = EXCLUDED.deleted, last_seq = EXCLUDED.last_seq" },
  /* the advisory locks of a batch's records ("kind id" keys, JSON array),
   * taken in one order by every push */
  { "records_lock", 1,
    "SELECT count (pg_advisory_xact_lock (k)) FROM"
    " (SELECT DISTINCT hashtextextended (x, 0) AS k FROM jsonb_array_elements_text ($1::jsonb) x"
    "  ORDER BY k) s" },
  /* a numbered batch of changes, one JSON object per row */
  { "changes_insert", 1,
    "INSERT INTO changes (server_seq, desk_id, op_id, desk_seq, op, record_kind, record_id,"
    " owner_unit, ver, hlc, payload, flagged, state, deleted)"
    " SELECT server_seq, desk_id, op_id, desk_seq, op, record_kind, record_id, owner_unit, ver,"
    " hlc, payload, flagged, state, deleted FROM jsonb_to_recordset ($1::jsonb) AS x ("
    " server_seq bigint, desk_id uuid, op_id uuid, desk_seq bigint, op text, record_kind text,"
    " record_id text, owner_unit text, ver bigint, hlc bigint, payload jsonb, flagged boolean,"
    " state jsonb, deleted boolean)" },
  /* values are JSON text: a JSON null would become an SQL NULL */
  { "conflicts_insert", 1,
    "INSERT INTO conflicts (id, record_kind, owner_unit, record_id, field, winner_value, loser_value,"
    " winner_desk, loser_desk, winner_hlc, loser_hlc, server_seq)"
    " SELECT id, record_kind, owner_unit, record_id, field, winner_value::jsonb, loser_value::jsonb,"
    " winner_desk, loser_desk, winner_hlc, loser_hlc, server_seq FROM jsonb_to_recordset ($1::jsonb)"
    " AS x (id uuid, record_kind text, owner_unit text, record_id text, field text, winner_value text,"
    " loser_value text, winner_desk uuid, loser_desk uuid, winner_hlc bigint, loser_hlc bigint,"
    " server_seq bigint)" },
  /* delivered to every LISTENing server process when the push commits */
  { "notify", 1, "SELECT pg_notify ('dd_changes', $1)" },
  /* $1 unit, $2 after seq, $3 up to seq, $4 limit: the changes the unit may
   * read: its subtree's, and what its ancestors publish downward */
  { "pull_seqs", 4,
    "WITH RECURSIVE sub (code) AS ("
    "   SELECT $1::text UNION SELECT u.code FROM units u JOIN sub ON u.parent = sub.code),"
    " up (code, parent) AS ("
    "   SELECT code, parent FROM units WHERE code = $1"
    "   UNION SELECT u.code, u.parent FROM units u JOIN up ON u.code = up.parent)"
    " SELECT c.server_seq FROM changes c JOIN record_kinds k ON k.kind = c.record_kind"
    " WHERE c.server_seq > $2::bigint AND c.server_seq <= $3::bigint"
    " AND (c.owner_unit IN (SELECT code FROM sub)"
    "      OR (k.policy = 'published_down' AND c.owner_unit IN (SELECT code FROM up)))"
    " ORDER BY c.server_seq LIMIT $4::bigint" },
  /* the changes pull_seqs found ($1: a bigint array) */
  { "pull_rows", 1,
    "SELECT server_seq, record_kind, record_id, owner_unit, op, ver, hlc, desk_id::text,"
    " state::text, deleted, flagged FROM changes WHERE server_seq = ANY ($1::bigint[])"
    " ORDER BY server_seq" },
  { "conflicts_in", 1,
    "SELECT server_seq, id::text, record_kind, owner_unit, record_id, field, winner_value::text,"
    " loser_value::text, winner_desk::text, loser_desk::text, winner_hlc, loser_hlc"
    " FROM conflicts WHERE server_seq = ANY ($1::bigint[]) ORDER BY server_seq, id" },
  { "push_desk", 1, "SELECT revoked_at IS NOT NULL FROM desks WHERE id = $1::uuid" },
};

G_DEFINE_QUARK (dd-server-error-quark, dd_server_error)

static void
set_pq_error (DdServerDb  *self,
              PGresult    *result,
              GError     **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *fallback = NULL;

  g_strlcpy (self->sqlstate, state != NULL ? state : "", sizeof self->sqlstate);
  if (message == NULL)
    {
      fallback = g_strstrip (g_strdup (PQerrorMessage (self->conn)));
      message = fallback;
    }
  g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_DATABASE,
               _("database error: %s"), message);
}

static gboolean
result_ok (PGresult *result)
{
  ExecStatusType status = result != NULL ? PQresultStatus (result) : PGRES_FATAL_ERROR;

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

/* For fixed statements of the migration runner and transactions. */
static gboolean
exec_simple (DdServerDb  *self,
             const char  *sql,
             GError     **error)
{
  g_autoptr(PGresult) result = PQexec (self->conn, sql);

  if (!result_ok (result))
    {
      set_pq_error (self, result, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
connect_db (DdServerDb  *self,
            GError     **error)
{
  g_clear_pointer (&self->conn, PQfinish);
  self->prepared = FALSE;
  self->in_transaction = FALSE;
  self->conn = PQconnectdb (self->conninfo);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      /* one line: libpq adds an indented hint on a line of its own */
      g_strdelimit (message, "\n\t", ' ');

      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_DATABASE,
                   _("cannot connect to the database: %s"), message);
      return FALSE;
    }
  if (!exec_simple (self, "SET client_min_messages = warning; SET TIME ZONE 'UTC'", error))
    return FALSE;
  if (self->statement_timeout_ms > 0)
    {
      g_autofree char *sql = g_strdup_printf ("SET statement_timeout = %u", self->statement_timeout_ms);

      return exec_simple (self, sql, error);
    }
  return TRUE;
}

static gboolean
prepare_statements (DdServerDb  *self,
                    GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(PGresult) result = PQprepare (self->conn, statements[i].name, statements[i].sql,
                                              statements[i].n_params, NULL);

      if (!result_ok (result))
        {
          set_pq_error (self, result, error);
          return FALSE;
        }
    }
  self->prepared = TRUE;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The migration resources in order, as a NULL-terminated array. */
static char **
list_migrations (void)
{
  g_auto(GStrv) names = g_resources_enumerate_children (MIGRATIONS_PATH,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (sorted, g_strdup (names[i]));
  g_ptr_array_sort (sorted, compare_names);
  g_ptr_array_add (sorted, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&sorted), FALSE);
}

static guint
migration_version (const char *name)
{
  return (guint) g_ascii_strtoull (name, NULL, 10);
}

static gboolean
applied_version (DdServerDb  *self,
                 guint       *version,
                 GError     **error)
{
  g_autoptr(PGresult) result = PQexec (self->conn,
                                       "SELECT coalesce (max (version), 0) FROM schema_migrations");

  if (!result_ok (result))
    {
      set_pq_error (self, result, error);
      return FALSE;
    }
  *version = (guint) g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
  return TRUE;
}

static gboolean
migrate_locked (DdServerDb  *self,
                guint       *applied,
                GError     **error)
{
  g_auto(GStrv) names = list_migrations ();
  guint current = 0;

  if (!exec_simple (self,
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version integer PRIMARY KEY, name text NOT NULL,"
                    " applied_at timestamptz NOT NULL DEFAULT now ())", error) ||
      !applied_version (self, &current, error))
    return FALSE;

  if (current > dd_server_db_latest_version ())
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_SCHEMA,
                   _("the database schema (version %u) is newer than this server (version %u)"),
                   current, dd_server_db_latest_version ());
      return FALSE;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (MIGRATIONS_PATH, names[i], NULL);
      g_autofree char *version_text = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(PGresult) result = NULL;
      g_autofree char *sql = NULL;
      guint version = migration_version (names[i]);
      const char *params[2];

      if (version <= current)
        continue;

      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (!exec_simple (self, "BEGIN", error))
        return FALSE;
      /* A migration is a script of several statements: it cannot be prepared. */
      if (!exec_simple (self, sql, error))
        {
          g_prefix_error (error, "%s: ", names[i]);
          dd_server_db_rollback (self);
          return FALSE;
        }
      version_text = g_strdup_printf ("%u", version);
      params[0] = version_text;
      params[1] = names[i];
      result = PQexecParams (self->conn,
                             "INSERT INTO schema_migrations (version, name) VALUES ($1::integer, $2)",
                             2, NULL, params, NULL, NULL, 0);
      if (!result_ok (result))
        {
          set_pq_error (self, result, error);
          dd_server_db_rollback (self);
          return FALSE;
        }
      if (!exec_simple (self, "COMMIT", error))
        return FALSE;
      (*applied)++;
    }
  return TRUE;
}

DdServerDb *
dd_server_db_open (const char  *conninfo,
                   GError     **error)
{
  g_autoptr(DdServerDb) self = g_new0 (DdServerDb, 1);

  self->conninfo = g_strdup (conninfo);
  if (!connect_db (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
dd_server_db_free (DdServerDb *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->conninfo);
  g_free (self);
}

guint
dd_server_db_latest_version (void)
{
  g_auto(GStrv) names = list_migrations ();
  guint latest = 0;

  for (guint i = 0; names[i] != NULL; i++)
    latest = MAX (latest, migration_version (names[i]));
  return latest;
}

gboolean
dd_server_db_migrate (DdServerDb  *self,
                      guint       *applied,
                      GError     **error)
{
  gboolean ok;
  guint count = 0;

  /* Two servers migrating at once: the second waits here, then finds
   * nothing left to do. */
  if (!exec_simple (self, "SELECT pg_advisory_lock (" MIGRATION_LOCK_KEY ")", error))
    return FALSE;
  ok = migrate_locked (self, &count, error);
  if (!exec_simple (self, "SELECT pg_advisory_unlock (" MIGRATION_LOCK_KEY ")", ok ? error : NULL))
    ok = FALSE;
  if (applied != NULL)
    *applied = count;
  return ok;
}

gboolean
dd_server_db_prepare (DdServerDb  *self,
                      GError     **error)
{
  g_autoptr(PGresult) exists = NULL;
  guint version = 0;

  exists = PQexec (self->conn, "SELECT to_regclass ('schema_migrations') IS NOT NULL");
  if (!result_ok (exists))
    {
      set_pq_error (self, exists, error);
      return FALSE;
    }
  if (g_strcmp0 (PQgetvalue (exists, 0, 0), "t") != 0 ||
      !applied_version (self, &version, NULL) ||
      version != dd_server_db_latest_version ())
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_SCHEMA,
                   _("the database schema is at version %u, this server needs version %u: "
                     "run “duty-desk-server --database … migrate”"),
                   version, dd_server_db_latest_version ());
      return FALSE;
    }
  return prepare_statements (self, error);
}

PGresult *
dd_server_db_exec (DdServerDb          *self,
                   const char          *name,
                   int                  n_params,
                   const char * const  *params,
                   GError             **error)
{
  PGresult *result;

  g_return_val_if_fail (self->prepared, NULL);

  self->sqlstate[0] = '\0';
  /* A lost connection outside a transaction: reconnect once and retry. */
  if (PQstatus (self->conn) != CONNECTION_OK && !self->in_transaction)
    {
      if (!connect_db (self, error) || !prepare_statements (self, error))
        return NULL;
    }

  result = PQexecPrepared (self->conn, name, n_params, params, NULL, NULL, 0);
  if (!result_ok (result))
    {
      set_pq_error (self, result, error);
      g_clear_pointer (&result, PQclear);
      if (PQstatus (self->conn) != CONNECTION_OK && !self->in_transaction)
        {
          g_clear_error (error);
          if (!connect_db (self, error) || !prepare_statements (self, error))
            return NULL;
          result = PQexecPrepared (self->conn, name, n_params, params, NULL, NULL, 0);
          if (!result_ok (result))
            {
              set_pq_error (self, result, error);
              g_clear_pointer (&result, PQclear);
            }
        }
    }
  return result;
}

gboolean
dd_server_db_begin (DdServerDb  *self,
                    GError     **error)
{
  if (PQstatus (self->conn) != CONNECTION_OK &&
      (!connect_db (self, error) || !prepare_statements (self, error)))
    return FALSE;
  if (!exec_simple (self, "BEGIN", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
dd_server_db_commit (DdServerDb  *self,
                     GError     **error)
{
  self->in_transaction = FALSE;
  return exec_simple (self, "COMMIT", error);
}

void
dd_server_db_rollback (DdServerDb *self)
{
  g_autoptr(PGresult) result = NULL;

  self->in_transaction = FALSE;
  if (PQstatus (self->conn) == CONNECTION_OK)
    result = PQexec (self->conn, "ROLLBACK");
}

gboolean
dd_server_db_set_statement_timeout (DdServerDb  *self,
                                    guint        timeout_ms,
                                    GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SET statement_timeout = %u", timeout_ms);

  self->statement_timeout_ms = timeout_ms;
  return exec_simple (self, sql, error);
}

PGconn *
dd_server_db_get_conn (DdServerDb *self)
{
  return self->conn;
}

const char *
dd_server_db_get_sqlstate (DdServerDb *self)
{
  return self->sqlstate;
}
