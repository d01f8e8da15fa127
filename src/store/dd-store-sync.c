/* dd-store-sync.c: enrolment, the outbox going up, pulled pages coming down
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-sync-store.h"

#include <glib/gi18n.h>

#include "dd-store-private.h"

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

void
dd_sync_state_free (DdSyncState *state)
{
  if (state == NULL)
    return;
  g_free (state->server_url);
  g_free (state->desk_id);
  g_free (state->unit);
  g_free (state->ca_file);
  g_free (state->secret_store);
  g_free (state->server_epoch);
  g_free (state->cursor);
  g_free (state->last_error);
  g_free (state);
}

void
dd_outbox_op_free (DdOutboxOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_id);
  g_free (op->op);
  g_free (op->record_kind);
  g_free (op->record_id);
  g_free (op->payload);
  g_free (op);
}

DdSyncState *
dd_store_get_sync_state (DdStore  *self,
                         GError  **error)
{
  static const char sql[] =
    "SELECT server_url, desk_id, unit, ca_file, secret_store, server_epoch, cursor, enrolled_at,"
    " last_push_at, last_pull_at, clock_skew_ms, last_error,"
    " (SELECT count(*) FROM sync_outbox WHERE state IN ('pending', 'sent')),"
    " (SELECT count(*) FROM sync_outbox WHERE state = 'parked'),"
    " (SELECT count(*) FROM sync_conflicts),"
    " (SELECT count(*) FROM sync_records)"
    " FROM sync_state WHERE id = 1";
  g_autoptr(DdSyncState) state = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                             _("This desk is not enrolled with a server: run “dutyctl enrol”"));
      else
        dd_store_set_error (self, error, rc, sql);
      sqlite3_reset (stmt);
      return NULL;
    }
  state = g_new0 (DdSyncState, 1);
  state->server_url = dd_store_column_dup (stmt, 0);
  state->desk_id = dd_store_column_dup (stmt, 1);
  state->unit = dd_store_column_dup (stmt, 2);
  state->ca_file = dd_store_column_dup (stmt, 3);
  state->secret_store = dd_store_column_dup (stmt, 4);
  state->server_epoch = dd_store_column_dup (stmt, 5);
  state->cursor = dd_store_column_dup (stmt, 6);
  state->enrolled_at = sqlite3_column_int64 (stmt, 7);
  state->last_push_at = sqlite3_column_int64 (stmt, 8);
  state->last_pull_at = sqlite3_column_int64 (stmt, 9);
  state->clock_skew_ms = sqlite3_column_int64 (stmt, 10);
  state->last_error = dd_store_column_dup (stmt, 11);
  state->n_pending = sqlite3_column_int64 (stmt, 12);
  state->n_parked = sqlite3_column_int64 (stmt, 13);
  state->n_conflicts = sqlite3_column_int64 (stmt, 14);
  state->n_records = sqlite3_column_int64 (stmt, 15);
  sqlite3_reset (stmt);
  return g_steal_pointer (&state);
}

gboolean
dd_store_set_sync_enrolment (DdStore     *self,
                             const char  *server_url,
                             const char  *desk_id,
                             const char  *unit,
                             const char  *server_epoch,
                             const char  *ca_file,
                             const char  *secret_store,
                             GError     **error)
{
  static const char sql[] =
    "INSERT INTO sync_state (id, server_url, desk_id, unit, server_epoch, ca_file, secret_store,"
    " enrolled_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 exists = 0;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!dd_store_begin (self, error))
    return FALSE;
  if (!(stmt = dd_store_prepare (self, "SELECT count(*) FROM sync_state", error)))
    goto failed;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    exists = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (exists > 0)
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_ALREADY_INITIALISED,
                           _("This desk is enrolled already"));
      goto failed;
    }
  if (!(stmt = dd_store_prepare (self, sql, error)))
    goto failed;
  dd_store_bind_text (stmt, 1, server_url);
  dd_store_bind_text (stmt, 2, desk_id);
  dd_store_bind_text (stmt, 3, unit);
  dd_store_bind_text (stmt, 4, server_epoch != NULL ? server_epoch : "");
  dd_store_bind_text (stmt, 5, ca_file != NULL ? ca_file : "");
  dd_store_bind_text (stmt, 6, secret_store);
  sqlite3_bind_int64 (stmt, 7, now_ms ());
  if (!dd_store_step_done (self, stmt, error))
    goto failed;
  detail = dd_store_query_text (self, "SELECT json_object ('server_url', server_url, 'desk_id', desk_id,"
                             " 'unit', unit) FROM sync_state", NULL, error);
  if (detail == NULL ||
      !dd_store_append_audit (self, now_ms (), "sync.enrol", "desk", desk_id, detail, error))
    goto failed;
  return dd_store_commit (self, error);

failed:
  dd_store_rollback (self);
  return FALSE;
}

GPtrArray *
dd_store_sync_next_batch (DdStore  *self,
                          guint     max,
                          GError  **error)
{
  static const char sql[] =
    "SELECT o.seq, o.op_id, o.op, o.record_kind, o.record_id, coalesce (o.base_ver, 0), o.hlc,"
    " o.payload FROM sync_outbox o WHERE o.state IN ('pending', 'sent')"
    " AND NOT EXISTS (SELECT 1 FROM sync_outbox p WHERE p.state = 'parked'"
    "   AND p.record_kind = o.record_kind AND p.record_id = o.record_id)"
    " ORDER BY o.seq LIMIT ?1";
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_outbox_op_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, max);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdOutboxOp *op = g_new0 (DdOutboxOp, 1);

      op->seq = sqlite3_column_int64 (stmt, 0);
      op->op_id = dd_store_column_dup (stmt, 1);
      op->op = dd_store_column_dup (stmt, 2);
      op->record_kind = dd_store_column_dup (stmt, 3);
      op->record_id = dd_store_column_dup (stmt, 4);
      op->base_ver = sqlite3_column_int64 (stmt, 5);
      op->hlc = (DdHlc) sqlite3_column_int64 (stmt, 6);
      op->payload = dd_store_column_dup (stmt, 7);
      g_ptr_array_add (ops, op);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return NULL;
    }
  return g_steal_pointer (&ops);
}

static gboolean
store_conflicts (DdStore               *self,
                 const DdSyncConflict  *conflicts,
                 guint                  n_conflicts,
                 GError               **error)
{
  static const char sql[] =
    "INSERT OR IGNORE INTO sync_conflicts (id, record_kind, record_id, field, winner_value,"
    " loser_value, winner_desk, loser_desk, server_seq, recorded_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

  for (guint i = 0; i < n_conflicts; i++)
    {
      const DdSyncConflict *c = &conflicts[i];
      sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);

      if (stmt == NULL)
        return FALSE;
      dd_store_bind_text (stmt, 1, c->id);
      dd_store_bind_text (stmt, 2, c->record_kind);
      dd_store_bind_text (stmt, 3, c->record_id);
      dd_store_bind_text (stmt, 4, c->field);
      dd_store_bind_text (stmt, 5, c->winner_value);
      dd_store_bind_text (stmt, 6, c->loser_value);
      dd_store_bind_text (stmt, 7, c->winner_desk);
      dd_store_bind_text (stmt, 8, c->loser_desk);
      sqlite3_bind_int64 (stmt, 9, c->server_seq);
      sqlite3_bind_int64 (stmt, 10, now_ms ());
      if (!dd_store_step_done (self, stmt, error))
        return FALSE;
      if (sqlite3_changes (dd_store_get_handle (self)) > 0 &&
          !dd_store_append_audit (self, now_ms (), "sync.conflict", c->record_kind, c->record_id,
                                  "{}", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
save_clock (DdStore                  *self,
            const DdSyncServerClock  *clock,
            const char               *column,
            GError                  **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE sync_state SET %s = ?1, clock_skew_ms = ?2,"
                                          " last_error = '' WHERE id = 1", column);
  sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_ms ());
  sqlite3_bind_int64 (stmt, 2, clock->skew_ms);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;
  if (clock->hlc > 0)
    dd_store_receive_hlc (self, clock->hlc);
  return TRUE;
}

gboolean
dd_store_sync_record_acks (DdStore                  *self,
                           const DdSyncAck          *acks,
                           guint                     n_acks,
                           const DdSyncConflict     *conflicts,
                           guint                     n_conflicts,
                           const DdSyncServerClock  *clock,
                           GError                  **error)
{
  static const char ack_sql[] =
    "UPDATE sync_outbox SET state = ?2, result = ?3, server_seq = nullif (?4, 0) WHERE op_id = ?1";
  /* a rejected op parks every later op of its record */
  static const char park_sql[] =
    "UPDATE sync_outbox SET state = 'parked', result = json_object ('status', 'rejected',"
    " 'reason', 'parked', 'retryable', json('true'), 'detail', 'An earlier op of the record was rejected.')"
    " WHERE state IN ('pending', 'sent') AND (record_kind, record_id) IN"
    " (SELECT record_kind, record_id FROM sync_outbox WHERE op_id = ?1)"
    " AND seq > (SELECT seq FROM sync_outbox WHERE op_id = ?1)";
  guint n_parked = 0;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!dd_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_acks; i++)
    {
      gboolean rejected = g_strcmp0 (acks[i].status, "rejected") == 0;
      sqlite3_stmt *stmt = dd_store_prepare (self, ack_sql, error);

      if (stmt == NULL)
        goto failed;
      dd_store_bind_text (stmt, 1, acks[i].op_id);
      dd_store_bind_text (stmt, 2, rejected ? "parked" : "acked");
      dd_store_bind_text (stmt, 3, acks[i].result);
      sqlite3_bind_int64 (stmt, 4, acks[i].server_seq);
      if (!dd_store_step_done (self, stmt, error))
        goto failed;
      if (rejected)
        {
          if (!(stmt = dd_store_prepare (self, park_sql, error)))
            goto failed;
          dd_store_bind_text (stmt, 1, acks[i].op_id);
          if (!dd_store_step_done (self, stmt, error))
            goto failed;
          n_parked++;
        }
    }
  if (!store_conflicts (self, conflicts, n_conflicts, error) ||
      !save_clock (self, clock, "last_push_at", error))
    goto failed;
  if (n_parked > 0)
    {
      g_autofree char *detail = g_strdup_printf ("{\"rejected\":%u}", n_parked);

      if (!dd_store_append_audit (self, now_ms (), "sync.rejected", "", "", detail, error))
        goto failed;
    }
  return dd_store_commit (self, error);

failed:
  dd_store_rollback (self);
  return FALSE;
}

static gboolean
has_pending_ops (DdStore     *self,
                 const char  *kind,
                 const char  *id,
                 gboolean    *pending,
                 GError     **error)
{
  static const char sql[] =
    "SELECT EXISTS (SELECT 1 FROM sync_outbox WHERE record_kind = ?1 AND record_id = ?2"
    " AND state IN ('pending', 'sent', 'parked'))";
  sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  dd_store_bind_text (stmt, 1, kind);
  dd_store_bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  *pending = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }
  return TRUE;
}

/* Incidents, their events and calls of other desks go into their tables;
 * the incident is derived again from its events. */
static const char incident_sql[] =
  "INSERT OR IGNORE INTO incidents (id, number, owner_unit, number_day, number_seq, received_at,"
  " subtype, ver, hlc, created_at, updated_at)"
  " SELECT ?1, json_extract (?2, '$.number'), ?3,"
  " substr (json_extract (?2, '$.number'), -13, 8),"
  " CAST (substr (json_extract (?2, '$.number'), -4) AS INTEGER),"
  " json_extract (?2, '$.received_at'), json_extract (?2, '$.subtype'), ?4, ?5, ?6, ?6";
static const char event_sql[] =
  "INSERT OR IGNORE INTO incident_events (id, incident_id, kind, received_at, body, hlc, created_at)"
  " SELECT ?1, json_extract (?2, '$.incident_id'), json_extract (?2, '$.kind'),"
  " json_extract (?2, '$.received_at'), json_extract (?2, '$.body'), ?5, ?6"
  " WHERE EXISTS (SELECT 1 FROM incidents WHERE id = json_extract (?2, '$.incident_id'))";
static const char call_sql[] =
  "INSERT OR IGNORE INTO calls (id, received_at, channel, caller_name, caller_unit, caller_phone,"
  " summary, officer_id, disposition, incident_id, non_incident_reason, owner_unit, ver, hlc,"
  " created_at, updated_at)"
  " SELECT ?1, json_extract (?2, '$.received_at'), json_extract (?2, '$.channel'),"
  " coalesce (json_extract (?2, '$.caller_name'), ''), coalesce (json_extract (?2, '$.caller_unit'), ''),"
  " coalesce (json_extract (?2, '$.caller_phone'), ''), json_extract (?2, '$.summary'),"
  " coalesce (json_extract (?2, '$.officer_id'), ''), json_extract (?2, '$.disposition'),"
  " json_extract (?2, '$.incident_id'), json_extract (?2, '$.non_incident_reason'), ?3, ?4, ?5, ?6, ?6";

static gboolean
materialize (DdStore             *self,
             DdIncidentRules     *rules,
             const DdSyncChange  *change,
             GError             **error)
{
  const char *sql;
  sqlite3_stmt *stmt;

  if (change->deleted)
    return TRUE;
  if (g_str_equal (change->record_kind, "incident"))
    sql = incident_sql;
  else if (g_str_equal (change->record_kind, "incident_event"))
    sql = event_sql;
  else if (g_str_equal (change->record_kind, "call"))
    sql = call_sql;
  else
    return TRUE;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, change->record_id);
  dd_store_bind_text (stmt, 2, change->fields);
  if (sql != event_sql)
    {
      dd_store_bind_text (stmt, 3, change->owner_unit);
      sqlite3_bind_int64 (stmt, 4, change->ver);
    }
  sqlite3_bind_int64 (stmt, 5, (gint64) change->hlc);
  sqlite3_bind_int64 (stmt, 6, now_ms ());
  if (!dd_store_step_done (self, stmt, error))
    {
      g_prefix_error (error, _("Could not store the pulled %s %s: "), change->record_kind,
                      change->record_id);
      return FALSE;
    }

  if (rules != NULL && sqlite3_changes (dd_store_get_handle (self)) > 0 &&
      (sql == incident_sql || sql == event_sql))
    {
      g_autofree char *incident_id = NULL;

      if (sql == incident_sql)
        incident_id = g_strdup (change->record_id);
      else if (!(incident_id = dd_store_query_text (self, "SELECT json_extract (?1, '$.incident_id')",
                                           change->fields, error)))
        return FALSE;
      /* an incident without events yet has nothing to derive */
      if (sql == event_sql &&
          !dd_store_refresh_incident (self, rules, incident_id, change->hlc, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
dd_store_sync_apply_page (DdStore                  *self,
                          DdIncidentRules          *rules,
                          const DdSyncChange       *changes,
                          guint                     n_changes,
                          const DdSyncConflict     *conflicts,
                          guint                     n_conflicts,
                          const DdSyncServerClock  *clock,
                          guint                    *n_rebased,
                          GError                  **error)
{
  static const char record_sql[] =
    "INSERT INTO sync_records (record_kind, owner_unit, record_id, ver, hlc, fields, deleted,"
    " desk_id, server_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    " ON CONFLICT (record_kind, owner_unit, record_id) DO UPDATE SET ver = excluded.ver,"
    " hlc = excluded.hlc, fields = excluded.fields, deleted = excluded.deleted,"
    " desk_id = excluded.desk_id, server_seq = excluded.server_seq"
    " WHERE excluded.server_seq > sync_records.server_seq";
  static const char cursor_sql[] =
    "UPDATE sync_state SET cursor = ?1, server_epoch = ?2 WHERE id = 1";
  g_autofree char *own_desk = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  guint rebased = 0;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!dd_store_begin (self, error))
    return FALSE;
  if (!(own_desk = dd_store_query_text (self, "SELECT desk_id FROM sync_state WHERE id = 1", NULL, error)))
    goto failed;

  for (guint i = 0; i < n_changes; i++)
    {
      const DdSyncChange *change = &changes[i];
      gboolean pending = FALSE;

      if (!(stmt = dd_store_prepare (self, record_sql, error)))
        goto failed;
      dd_store_bind_text (stmt, 1, change->record_kind);
      dd_store_bind_text (stmt, 2, change->owner_unit);
      dd_store_bind_text (stmt, 3, change->record_id);
      sqlite3_bind_int64 (stmt, 4, change->ver);
      sqlite3_bind_int64 (stmt, 5, (gint64) change->hlc);
      dd_store_bind_text (stmt, 6, change->fields);
      sqlite3_bind_int (stmt, 7, change->deleted ? 1 : 0);
      dd_store_bind_text (stmt, 8, change->desk_id);
      sqlite3_bind_int64 (stmt, 9, change->server_seq);
      if (!dd_store_step_done (self, stmt, error))
        goto failed;

      /* our own writes are in our tables already */
      if (g_strcmp0 (change->desk_id, own_desk) == 0)
        continue;
      if (!has_pending_ops (self, change->record_kind, change->record_id, &pending, error))
        goto failed;
      if (pending)
        {
          rebased++;
          continue;
        }
      if (!materialize (self, rules, change, error))
        goto failed;
    }

  if (!store_conflicts (self, conflicts, n_conflicts, error))
    goto failed;
  if (!(stmt = dd_store_prepare (self, cursor_sql, error)))
    goto failed;
  dd_store_bind_text (stmt, 1, clock->cursor);
  dd_store_bind_text (stmt, 2, clock->epoch);
  if (!dd_store_step_done (self, stmt, error) ||
      !save_clock (self, clock, "last_pull_at", error))
    goto failed;
  if (n_changes > 0)
    {
      detail = g_strdup_printf ("{\"changes\":%u,\"cursor\":\"%s\"}", n_changes, clock->cursor);
      if (!dd_store_append_audit (self, now_ms (), "sync.pull", "", "", detail, error))
        goto failed;
    }
  if (!dd_store_commit (self, error))
    return FALSE;
  if (n_rebased != NULL)
    *n_rebased = rebased;
  return TRUE;

failed:
  dd_store_rollback (self);
  return FALSE;
}

gboolean
dd_store_sync_reset_for_resync (DdStore     *self,
                                const char  *server_epoch,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!dd_store_begin (self, error))
    return FALSE;
  if (!(stmt = dd_store_prepare (self, "UPDATE sync_state SET cursor = '', server_epoch = ?1"
                                       " WHERE id = 1", error)))
    goto failed;
  dd_store_bind_text (stmt, 1, server_epoch);
  if (!dd_store_step_done (self, stmt, error))
    goto failed;
  /* The server may have lost them: send them again (acked again as
   * duplicate or applied). */
  if (!(stmt = dd_store_prepare (self, "UPDATE sync_outbox SET state = 'pending'"
                                       " WHERE state = 'acked'", error)) ||
      !dd_store_step_done (self, stmt, error) ||
      !dd_store_append_audit (self, now_ms (), "sync.resync", "", "", "{}", error))
    goto failed;
  return dd_store_commit (self, error);

failed:
  dd_store_rollback (self);
  return FALSE;
}

gboolean
dd_store_sync_set_error (DdStore     *self,
                         const char  *message,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!(stmt = dd_store_prepare (self, "UPDATE sync_state SET last_error = ?1 WHERE id = 1", error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, message);
  return dd_store_step_done (self, stmt, error);
}

char *
dd_store_sync_list_conflicts (DdStore  *self,
                              GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return dd_store_query_text (self,
                     "SELECT coalesce (json_group_array (json_object ('id', id,"
                     " 'record_kind', record_kind, 'record_id', record_id, 'field', field,"
                     " 'winner_value', json (winner_value), 'loser_value', json (loser_value),"
                     " 'winner_desk', winner_desk, 'loser_desk', loser_desk,"
                     " 'server_seq', server_seq, 'recorded_at', recorded_at)), '[]')"
                     " FROM (SELECT * FROM sync_conflicts ORDER BY server_seq, id)", NULL, error);
}

char *
dd_store_sync_list_parked (DdStore  *self,
                           GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return dd_store_query_text (self,
                     "SELECT coalesce (json_group_array (json_object ('op_id', op_id, 'seq', seq,"
                     " 'op', op, 'record_kind', record_kind, 'record_id', record_id,"
                     " 'result', json (coalesce (result, '{}')))), '[]')"
                     " FROM (SELECT * FROM sync_outbox WHERE state = 'parked' ORDER BY seq)", NULL, error);
}
