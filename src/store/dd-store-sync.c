/* dd-store-sync.c: enrolment, the outbox going up, pulled pages coming down
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-sync-store.h"

#include <glib/gi18n.h>

#include "dd-store-private.h"
#include "dd-sync-apply.h"

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
  g_free (op->owner_unit);
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
    " (SELECT count(*) FROM sync_conflicts WHERE resolution = ''),"
    " (SELECT count(*) FROM sync_records),"
    " (SELECT count(*) FROM sync_outbox o WHERE o.state IN ('pending', 'sent')"
    "   AND NOT EXISTS (SELECT 1 FROM sync_outbox p WHERE p.state = 'parked'"
    "   AND p.record_kind = o.record_kind AND p.record_id = o.record_id)),"
    " (SELECT count(*) FROM sync_records WHERE apply_error IS NOT NULL)"
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
  state->n_pushable = sqlite3_column_int64 (stmt, 16);
  state->n_unapplied = sqlite3_column_int64 (stmt, 17);
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
  /* The first ?1 of each state, read in order from the index on (state,
   * seq), then the first ?1 of both: a batch reads about its own size, not
   * the whole queue (IN ('pending', 'sent') sorted every waiting op for
   * each batch). */
#define WAITING(state) \
  "SELECT * FROM (SELECT o.seq, o.op_id, o.op, o.record_kind, o.record_id, coalesce (o.base_ver, 0)," \
  " o.hlc, o.payload, o.owner_unit FROM sync_outbox o WHERE o.state = '" state "'" \
  " AND NOT EXISTS (SELECT 1 FROM sync_outbox p WHERE p.state = 'parked'" \
  "   AND p.record_kind = o.record_kind AND p.record_id = o.record_id)" \
  " ORDER BY o.seq LIMIT ?1)"
  static const char sql[] =
    "SELECT * FROM (" WAITING ("sent") " UNION ALL " WAITING ("pending") ") ORDER BY seq LIMIT ?1";
#undef WAITING
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
      if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
        op->owner_unit = dd_store_column_dup (stmt, 8);
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

gboolean
dd_store_sync_mark_sent (DdStore    *self,
                         GPtrArray  *ops,
                         gboolean    sent,
                         GError    **error)
{
  static const char sent_sql[] =
    "UPDATE sync_outbox SET state = 'sent', sent_at = ?2 WHERE op_id = ?1 AND state IN ('pending', 'sent')";
  static const char queued_sql[] =
    "UPDATE sync_outbox SET state = 'pending' WHERE op_id = ?1 AND state = 'sent' AND ?2 >= 0";

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ops != NULL, FALSE);

  /* lost at a power cut, the ops only show as queued again: they go in
   * the next batch either way */
  if (!dd_store_begin_repeatable (self, error))
    return FALSE;
  for (guint i = 0; i < ops->len; i++)
    {
      const DdOutboxOp *op = g_ptr_array_index (ops, i);
      sqlite3_stmt *stmt = dd_store_prepare (self, sent ? sent_sql : queued_sql, error);

      if (stmt == NULL)
        goto failed;
      dd_store_bind_text (stmt, 1, op->op_id);
      sqlite3_bind_int64 (stmt, 2, now_ms ());
      if (!dd_store_step_done (self, stmt, error))
        goto failed;
    }
  return dd_store_commit (self, error);

failed:
  dd_store_rollback (self);
  return FALSE;
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
  /* a duplicate's first acceptance, if this desk recorded it, is when the
   * server had it (after a lost answer or a resync) */
  static const char ack_sql[] =
    "UPDATE sync_outbox SET state = ?2, result = ?3, server_seq = nullif (?4, 0),"
    " parked_at = CASE ?2 WHEN 'parked' THEN ?5 ELSE parked_at END,"
    " accepted_at = CASE WHEN ?2 = 'parked' THEN NULL"
    "  WHEN ?6 = 'duplicate' AND accepted_at IS NOT NULL THEN accepted_at ELSE nullif (?7, 0) END"
    " WHERE op_id = ?1";
  /* a rejected op parks every later op of its record */
  static const char park_sql[] =
    "UPDATE sync_outbox SET state = 'parked', result = json_object ('status', 'rejected',"
    " 'reason', 'parked', 'retryable', json('true'), 'detail', 'An earlier op of the record was rejected.'), parked_at = ?2"
    " WHERE state IN ('pending', 'sent') AND (record_kind, record_id) IN"
    " (SELECT record_kind, record_id FROM sync_outbox WHERE op_id = ?1)"
    " AND seq > (SELECT seq FROM sync_outbox WHERE op_id = ?1)";
  guint n_parked = 0;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  /* lost at a power cut, the same ops go up again and come back as
   * duplicates; their conflicts come down with the pull */
  if (!dd_store_begin_repeatable (self, error))
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
      sqlite3_bind_int64 (stmt, 5, now_ms ());
      dd_store_bind_text (stmt, 6, acks[i].status);
      sqlite3_bind_int64 (stmt, 7, clock->server_time_ms);
      if (!dd_store_step_done (self, stmt, error))
        goto failed;
      if (rejected)
        {
          if (!(stmt = dd_store_prepare (self, park_sql, error)))
            goto failed;
          dd_store_bind_text (stmt, 1, acks[i].op_id);
          sqlite3_bind_int64 (stmt, 2, now_ms ());
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

/* Writes a pulled record into its own table unless local ops of it wait
 * to go up (then it is @rebased: the server's merge of them comes back in
 * a later pull) or its kind has no table here, or it is outside what the
 * desk keeps. A record its table refuses keeps the reason in
 * sync_records.apply_error and is tried again after later pages. */
static gboolean
apply_record (DdStore             *self,
              const char          *own_unit,
              const char          *kind_name,
              const DdSyncRecord  *record,
              guint               *rebased,
              GError             **error)
{
  static const char problem_sql[] =
    "UPDATE sync_records SET apply_error = ?4"
    " WHERE record_kind = ?1 AND owner_unit = ?2 AND record_id = ?3";
  const DdSyncKind *kind = dd_sync_kind_lookup (kind_name);
  g_autofree char *problem = NULL;
  gboolean pending = FALSE;
  sqlite3_stmt *stmt;

  if (kind != NULL && dd_sync_kind_in_scope (kind, own_unit, record->owner_unit))
    {
      if (!has_pending_ops (self, kind_name, record->record_id, &pending, error))
        return FALSE;
      if (pending)
        (*rebased)++;
      else if (!dd_sync_kind_apply (self, kind, record, &problem, error))
        return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, problem_sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, kind_name);
  dd_store_bind_text (stmt, 2, record->owner_unit);
  dd_store_bind_text (stmt, 3, record->record_id);
  dd_store_bind_text (stmt, 4, problem);
  return dd_store_step_done (self, stmt, error);
}

/* Conflicts of the record that another desk decided again after them: the
 * field now holds something else than the kept value. */
static gboolean
settle_conflicts (DdStore             *self,
                  const DdSyncChange  *change,
                  GError             **error)
{
  static const char sql[] =
    "UPDATE sync_conflicts SET resolution = 'settled',"
    " resolved_value = json_quote (json_extract (?3, '$.\"' || field || '\"')),"
    " resolved_by = ?4, resolved_at = ?6"
    " WHERE record_kind = ?1 AND record_id = ?2 AND resolution = '' AND server_seq < ?5"
    " AND json_type (?3, '$.\"' || field || '\"') IS NOT NULL"
    " AND json_extract (?3, '$.\"' || field || '\"') IS NOT json_extract (winner_value, '$')";
  sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  dd_store_bind_text (stmt, 1, change->record_kind);
  dd_store_bind_text (stmt, 2, change->record_id);
  dd_store_bind_text (stmt, 3, change->fields);
  dd_store_bind_text (stmt, 4, change->desk_id);
  sqlite3_bind_int64 (stmt, 5, change->server_seq);
  sqlite3_bind_int64 (stmt, 6, now_ms ());
  return dd_store_step_done (self, stmt, error);
}

typedef struct
{
  char     *kind;
  char     *owner_unit;
  char     *record_id;
  char     *fields;
  gint64    ver;
  gint64    hlc;
  gboolean  deleted;
} StoredRecord;

static void
stored_record_free (StoredRecord *record)
{
  g_free (record->kind);
  g_free (record->owner_unit);
  g_free (record->record_id);
  g_free (record->fields);
  g_free (record);
}

/* Records that could not be written before (their parent came later). */
static gboolean
retry_unapplied (DdStore          *self,
                 const char       *own_unit,
                 DdIncidentRules  *rules,
                 GHashTable       *derive,
                 guint            *rebased,
                 GError          **error)
{
  static const char sql[] =
    "SELECT record_kind, owner_unit, record_id, fields, ver, hlc, deleted FROM sync_records"
    " WHERE apply_error IS NOT NULL ORDER BY server_seq LIMIT 500";
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) stored_record_free);
  sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StoredRecord *r = g_new0 (StoredRecord, 1);

      r->kind = dd_store_column_dup (stmt, 0);
      r->owner_unit = dd_store_column_dup (stmt, 1);
      r->record_id = dd_store_column_dup (stmt, 2);
      r->fields = dd_store_column_dup (stmt, 3);
      r->ver = sqlite3_column_int64 (stmt, 4);
      r->hlc = sqlite3_column_int64 (stmt, 5);
      r->deleted = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (records, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }
  for (guint i = 0; i < records->len; i++)
    {
      StoredRecord *r = g_ptr_array_index (records, i);
      DdSyncRecord record = {
        .record_id = r->record_id, .owner_unit = r->owner_unit, .fields = r->fields,
        .ver = r->ver, .hlc = (DdHlc) r->hlc, .deleted = r->deleted, .rules = rules,
        .derive = derive,
      };

      if (!apply_record (self, own_unit, r->kind, &record, rebased, error))
        return FALSE;
    }
  return TRUE;
}

/* Writes the page inside the transaction dd_store_sync_apply_page() has
 * begun. With @derive, its events go in and the incidents they touch are
 * derived once, at its end (dd_sync_finish_page()); %NULL writes and
 * derives at each record. */
static gboolean
apply_page (DdStore                  *self,
            DdIncidentRules          *rules,
            const DdSyncChange       *changes,
            guint                     n_changes,
            const DdSyncConflict     *conflicts,
            guint                     n_conflicts,
            const DdSyncServerClock  *clock,
            GHashTable               *derive,
            guint                    *rebased,
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
  g_autofree char *own_unit = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  if (!(own_desk = dd_store_query_text (self, "SELECT desk_id FROM sync_state WHERE id = 1", NULL, error)) ||
      !(own_unit = dd_store_query_text (self, "SELECT unit FROM sync_state WHERE id = 1", NULL, error)) ||
      (derive != NULL && !dd_sync_begin_page (self, error)))
    return FALSE;
  /* first, so that a later change of the page can settle them */
  if (!store_conflicts (self, conflicts, n_conflicts, error))
    return FALSE;

  for (guint i = 0; i < n_changes; i++)
    {
      const DdSyncChange *change = &changes[i];
      DdSyncRecord record = {
        .record_id = change->record_id, .owner_unit = change->owner_unit, .fields = change->fields,
        .ver = change->ver, .hlc = change->hlc, .deleted = change->deleted, .rules = rules,
        .derive = derive,
      };

      if (!(stmt = dd_store_prepare (self, record_sql, error)))
        return FALSE;
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
        return FALSE;
      /* an older state than the one kept (a page pulled again) */
      if (sqlite3_changes (dd_store_get_handle (self)) == 0)
        continue;

      /* Our own changes too: where a field of ours lost a conflict, the
       * server's state has the winner. */
      if (!apply_record (self, own_unit, change->record_kind, &record, rebased, error))
        return FALSE;
      if (g_strcmp0 (change->desk_id, own_desk) != 0 && !settle_conflicts (self, change, error))
        return FALSE;
    }

  if (!retry_unapplied (self, own_unit, rules, derive, rebased, error) ||
      (derive != NULL && !dd_sync_finish_page (self, rules, derive, error)))
    return FALSE;
  if (!(stmt = dd_store_prepare (self, cursor_sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, clock->cursor);
  dd_store_bind_text (stmt, 2, clock->epoch);
  if (!dd_store_step_done (self, stmt, error) ||
      !save_clock (self, clock, "last_pull_at", error))
    return FALSE;
  if (n_changes > 0)
    {
      detail = g_strdup_printf ("{\"changes\":%u,\"cursor\":\"%s\"}", n_changes, clock->cursor);
      if (!dd_store_append_audit (self, now_ms (), "sync.pull", "", "", detail, error))
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
  g_autoptr(GHashTable) gathered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *derive = gathered;
  guint rebased = 0;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  /* Events go in and incidents are derived once, when the page ends. An
   * event the table refuses there, or an incident whose events cannot be
   * derived, fails that: the page is applied again writing and deriving
   * at each record, so that the record at fault is refused alone. */
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      /* lost at a power cut, the page is pulled again from the cursor before it */
      if (!dd_store_begin_repeatable (self, error))
        return FALSE;
      if (apply_page (self, rules, changes, n_changes, conflicts, n_conflicts, clock, derive, &rebased,
                      &local_error))
        break;
      dd_store_rollback (self);
      if (derive == NULL || local_error->domain != DD_STORE_ERROR ||
          (local_error->code != DD_STORE_ERROR_INVALID && local_error->code != DD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      derive = NULL;
      rebased = 0;
    }
  if (!dd_store_commit (self, error))
    return FALSE;
  if (n_rebased != NULL)
    *n_rebased = rebased;
  return TRUE;
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
dd_store_sync_list_conflicts (DdStore   *self,
                              gboolean   open_only,
                              GError   **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return dd_store_query_text (self,
                     "SELECT coalesce (json_group_array (json_object ('id', id,"
                     " 'record_kind', record_kind, 'record_id', record_id, 'field', field,"
                     " 'winner_value', json (winner_value), 'loser_value', json (loser_value),"
                     " 'winner_desk', winner_desk, 'loser_desk', loser_desk,"
                     " 'server_seq', server_seq, 'recorded_at', recorded_at,"
                     " 'resolution', nullif (resolution, ''),"
                     " 'resolved_value', json (resolved_value), 'resolved_by', nullif (resolved_by, ''),"
                     " 'resolved_at', nullif (resolved_at, 0))), '[]')"
                     " FROM (SELECT * FROM sync_conflicts WHERE ?1 = '0' OR resolution = ''"
                     " ORDER BY server_seq, id)", open_only ? "1" : "0", error);
}

char *
dd_store_sync_take_arrivals (DdStore  *self,
                             GError  **error)
{
  g_autofree char *list = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!dd_sync_ensure_arrivals (self, error) ||
      !(list = dd_store_query_text (self,
                                    "SELECT coalesce (json_group_array (json_object ('incident_id', incident_id,"
                                    " 'number', number, 'owner_unit', owner_unit, 'grade', grade,"
                                    " 'summary', summary)), '[]')"
                                    " FROM (SELECT * FROM temp.sync_arrivals ORDER BY number)", NULL, error)))
    return NULL;
  if (!g_str_equal (list, "[]"))
    {
      sqlite3_stmt *stmt = dd_store_prepare (self, "DELETE FROM temp.sync_arrivals", error);

      if (stmt == NULL || !dd_store_step_done (self, stmt, error))
        return NULL;
    }
  return g_steal_pointer (&list);
}

char *
dd_store_sync_list_parked (DdStore  *self,
                           GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return dd_store_query_text (self,
                     "SELECT coalesce (json_group_array (json_object ('op_id', op_id, 'seq', seq,"
                     " 'op', op, 'record_kind', record_kind, 'record_id', record_id,"
                     " 'reason', coalesce (json_extract (result, '$.reason'), ''),"
                     " 'detail', coalesce (json_extract (result, '$.detail'), ''),"
                     " 'retryable', json (CASE WHEN json_extract (result, '$.retryable') THEN 'true' ELSE 'false' END),"
                     " 'parked_at', parked_at, 'payload', json (payload),"
                     " 'result', json (coalesce (result, '{}')))), '[]')"
                     " FROM (SELECT * FROM sync_outbox WHERE state = 'parked' ORDER BY seq)", NULL, error);
}

/* ---------------------------------------------------------------- receipts */

const char *
dd_receipt_state_to_string (DdReceiptState state)
{
  static const char * const names[] = { "local", "rejected", "parked", "queued", "sent", "accepted" };

  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (names), NULL);

  return names[state];
}

DdReceipt *
dd_receipt_new (const char *record_kind,
                const char *record_id)
{
  DdReceipt *receipt = g_new0 (DdReceipt, 1);

  receipt->record_kind = g_strdup (record_kind);
  receipt->record_id = g_strdup (record_id);
  return receipt;
}

void
dd_receipt_free (DdReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->record_kind);
  g_free (receipt->record_id);
  g_free (receipt->reason);
  g_free (receipt->detail);
  g_free (receipt);
}

/* The state of one op, from its outbox row. */
static DdReceiptState
op_receipt_state (const char *state,
                  gboolean    retryable)
{
  if (g_str_equal (state, "parked"))
    return retryable ? DD_RECEIPT_STATE_PARKED : DD_RECEIPT_STATE_REJECTED;
  if (g_str_equal (state, "sent"))
    return DD_RECEIPT_STATE_SENT;
  if (g_str_equal (state, "acked"))
    return DD_RECEIPT_STATE_ACCEPTED;
  return DD_RECEIPT_STATE_QUEUED;
}

/* The ops of the record (through sync_outbox_by_record), and for an
 * incident those of its events (through incident_events_by_incident),
 * oldest first. */
static gboolean
fill_receipt (DdStore    *self,
              DdReceipt  *receipt,
              GError    **error)
{
  static const char sql[] =
    "SELECT state, coalesce (json_extract (result, '$.retryable'), 0), json_extract (result, '$.reason'),"
    " json_extract (result, '$.detail'), sent_at, coalesce (accepted_at, 0), seq FROM sync_outbox"
    " WHERE record_kind = ?1 AND record_id = ?2"
    " UNION ALL"
    " SELECT o.state, coalesce (json_extract (o.result, '$.retryable'), 0), json_extract (o.result, '$.reason'),"
    " json_extract (o.result, '$.detail'), o.sent_at, coalesce (o.accepted_at, 0), o.seq"
    " FROM incident_events e JOIN sync_outbox o ON o.record_kind = 'incident_event' AND o.record_id = e.id"
    " WHERE ?1 = 'incident' AND e.incident_id = ?2"
    " ORDER BY 7";
  DdReceiptState least = DD_RECEIPT_STATE_ACCEPTED;
  gboolean reason_from_server = FALSE;
  sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  receipt->n_ops = 0;
  receipt->sent_at = receipt->accepted_at = 0;
  g_clear_pointer (&receipt->reason, g_free);
  g_clear_pointer (&receipt->detail, g_free);
  dd_store_bind_text (stmt, 1, receipt->record_kind);
  dd_store_bind_text (stmt, 2, receipt->record_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdReceiptState state = op_receipt_state ((const char *) sqlite3_column_text (stmt, 0),
                                               sqlite3_column_int (stmt, 1) != 0);
      const char *reason = (const char *) sqlite3_column_text (stmt, 2);

      receipt->n_ops++;
      receipt->accepted_at = MAX (receipt->accepted_at, sqlite3_column_int64 (stmt, 5));
      if (state == DD_RECEIPT_STATE_SENT)
        receipt->sent_at = MAX (receipt->sent_at, sqlite3_column_int64 (stmt, 4));
      if (state < least)
        least = state;
      /* the reason of the first op the server itself refused, rather than
       * of the ops parked behind it */
      if (state <= DD_RECEIPT_STATE_PARKED && !reason_from_server)
        {
          reason_from_server = g_strcmp0 (reason, "parked") != 0;
          if (receipt->reason == NULL || reason_from_server)
            {
              g_free (receipt->reason);
              g_free (receipt->detail);
              receipt->reason = dd_store_column_dup (stmt, 2);
              receipt->detail = dd_store_column_dup (stmt, 3);
            }
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }
  receipt->received = FALSE;
  if (receipt->n_ops == 0 && receipt->enrolled)
    {
      static const char pulled_sql[] =
        "SELECT count(*) FROM sync_records WHERE record_kind = ?1 AND record_id = ?2";

      if (!(stmt = dd_store_prepare (self, pulled_sql, error)))
        return FALSE;
      dd_store_bind_text (stmt, 1, receipt->record_kind);
      dd_store_bind_text (stmt, 2, receipt->record_id);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        receipt->received = sqlite3_column_int64 (stmt, 0) > 0;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          dd_store_set_error (self, error, rc, pulled_sql);
          return FALSE;
        }
    }
  if ((receipt->n_ops == 0 && !receipt->received) || !receipt->enrolled)
    least = DD_RECEIPT_STATE_LOCAL;
  if (least != DD_RECEIPT_STATE_ACCEPTED)
    receipt->accepted_at = 0;
  if (least != DD_RECEIPT_STATE_REJECTED && least != DD_RECEIPT_STATE_PARKED)
    {
      g_clear_pointer (&receipt->reason, g_free);
      g_clear_pointer (&receipt->detail, g_free);
    }
  receipt->state = least;
  return TRUE;
}

gboolean
dd_store_sync_fill_receipts (DdStore    *self,
                             GPtrArray  *receipts,
                             GError    **error)
{
  g_autofree char *enrolled = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (receipts != NULL, FALSE);

  if (!(enrolled = dd_store_query_text (self, "SELECT count(*) FROM sync_state", NULL, error)))
    return FALSE;
  for (guint i = 0; i < receipts->len; i++)
    {
      DdReceipt *receipt = g_ptr_array_index (receipts, i);

      receipt->enrolled = !g_str_equal (enrolled, "0");
      if (!fill_receipt (self, receipt, error))
        return FALSE;
    }
  return TRUE;
}

DdReceipt *
dd_store_sync_get_receipt (DdStore     *self,
                           const char  *record_kind,
                           const char  *record_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) receipts = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_receipt_free);

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (record_kind != NULL && record_id != NULL, NULL);

  g_ptr_array_add (receipts, dd_receipt_new (record_kind, record_id));
  if (!dd_store_sync_fill_receipts (self, receipts, error))
    return NULL;
  return g_ptr_array_steal_index (receipts, 0);
}

gint64
dd_store_sync_count_pushable (DdStore  *self,
                              GError  **error)
{
  g_autofree char *count = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), -1);

  count = dd_store_query_text (self,
                               "SELECT count(*) FROM sync_outbox o WHERE o.state IN ('pending', 'sent')"
                               " AND NOT EXISTS (SELECT 1 FROM sync_outbox p WHERE p.state = 'parked'"
                               " AND p.record_kind = o.record_kind AND p.record_id = o.record_id)",
                               NULL, error);
  return count != NULL ? g_ascii_strtoll (count, NULL, 10) : -1;
}

/* ---------------------------------------------------------------- parked ops */

static gboolean
exec_bound (DdStore     *self,
            const char  *sql,
            const char  *bind,
            gint64       number,
            GError     **error)
{
  sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  dd_store_bind_text (stmt, 1, bind);
  sqlite3_bind_int64 (stmt, 2, number);
  return dd_store_step_done (self, stmt, error);
}

static gboolean
check_parked (DdStore     *self,
              const char  *op_id,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *state = dd_store_query_text (self, "SELECT state FROM sync_outbox WHERE op_id = ?1",
                                                op_id, &local_error);

  if (state == NULL && g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No outbox op “%s”"), op_id);
      return FALSE;
    }
  if (state == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!g_str_equal (state, "parked"))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("Outbox op “%s” is not parked (it is %s)"), op_id, state);
      return FALSE;
    }
  return TRUE;
}

guint
dd_store_sync_retry_parked (DdStore     *self,
                            const char  *op_id,
                            gint64       parked_before_ms,
                            GError     **error)
{
  /* every parked op of the records chosen, so that they go up in order */
  static const char one_sql[] =
    "UPDATE sync_outbox SET state = 'pending', result = NULL, parked_at = 0"
    " WHERE state = 'parked' AND (record_kind, record_id) IN"
    " (SELECT record_kind, record_id FROM sync_outbox WHERE op_id = ?1) AND ?2 >= 0";
  static const char retryable_sql[] =
    "UPDATE sync_outbox SET state = 'pending', result = NULL, parked_at = 0"
    " WHERE state = 'parked' AND (record_kind, record_id) IN"
    " (SELECT record_kind, record_id FROM sync_outbox WHERE state = 'parked'"
    "  AND json_extract (result, '$.reason') <> 'parked'"
    "  AND json_extract (result, '$.retryable') AND parked_at < ?2 AND ?1 IS NULL)";
  g_autofree char *detail = NULL;
  guint n;

  g_return_val_if_fail (DD_IS_STORE (self), 0);

  if (!dd_store_begin (self, error))
    return 0;
  if (op_id != NULL && !check_parked (self, op_id, error))
    goto failed;
  if (!exec_bound (self, op_id != NULL ? one_sql : retryable_sql, op_id, parked_before_ms, error))
    goto failed;
  n = (guint) sqlite3_changes (dd_store_get_handle (self));
  if (n > 0)
    {
      detail = g_strdup_printf ("{\"ops\":%u}", n);
      if (!dd_store_append_audit (self, now_ms (), "sync.retry", op_id != NULL ? "op" : "",
                                  op_id != NULL ? op_id : "", detail, error))
        goto failed;
    }
  if (!dd_store_commit (self, error))
    return 0;
  return n;

failed:
  dd_store_rollback (self);
  return 0;
}

gboolean
dd_store_sync_drop_parked (DdStore     *self,
                           const char  *op_id,
                           GError     **error)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!dd_store_begin (self, error))
    return FALSE;
  if (!check_parked (self, op_id, error))
    goto failed;
  /* the journal keeps what was dropped, so that nothing is lost */
  if (!(detail = dd_store_query_text (self,
                                      "SELECT json_object ('op_id', op_id, 'op', op, 'record_kind', record_kind,"
                                      " 'record_id', record_id, 'base_ver', base_ver, 'payload', json (payload),"
                                      " 'result', json (coalesce (result, '{}'))) FROM sync_outbox WHERE op_id = ?1",
                                      op_id, error)) ||
      !dd_store_append_audit (self, now_ms (), "sync.drop", "op", op_id, detail, error) ||
      !exec_bound (self, "DELETE FROM sync_outbox WHERE op_id = ?1 AND ?2 >= 0", op_id, 0, error))
    goto failed;
  return dd_store_commit (self, error);

failed:
  dd_store_rollback (self);
  return FALSE;
}

/* ---------------------------------------------------------------- conflicts */

typedef struct
{
  const char *id;
  const char *resolution;
  const char *value;
} Resolve;

static gboolean
resolve_row (DdStore        *self,
             DdHlc           hlc,
             gint64          now,
             gpointer        item,
             DdStoreChange  *change,
             GError        **error)
{
  static const char conflict_sql[] =
    "SELECT record_kind, record_id, field, resolution,"
    " CASE ?2 WHEN 'keep' THEN winner_value WHEN 'take_other' THEN loser_value"
    " ELSE CASE WHEN json_type (winner_value) = 'text' OR NOT json_valid (?3) THEN json_quote (?3)"
    " ELSE json (?3) END END"
    " FROM sync_conflicts WHERE id = ?1";
  static const char record_sql[] =
    "SELECT owner_unit, ver, json_set (fields, '$.\"' || ?3 || '\"', json (?4)), json_object (?3, json (?4))"
    " FROM sync_records WHERE record_kind = ?1 AND record_id = ?2 AND NOT deleted"
    " ORDER BY server_seq DESC LIMIT 1";
  static const char mark_sql[] =
    "UPDATE sync_conflicts SET resolution = ?2, resolved_value = ?3,"
    " resolved_by = (SELECT desk_id FROM sync_state WHERE id = 1), resolved_at = ?4 WHERE id = ?1";
  Resolve *resolve = item;
  g_autofree char *kind = NULL, *record_id = NULL, *field = NULL, *resolution = NULL, *value = NULL;
  g_autofree char *owner = NULL, *fields = NULL, *payload = NULL, *problem = NULL;
  const DdSyncKind *handler;
  sqlite3_stmt *stmt;
  gint64 ver = 0;
  int rc;

  if (!(stmt = dd_store_prepare (self, conflict_sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, resolve->id);
  dd_store_bind_text (stmt, 2, resolve->resolution);
  dd_store_bind_text (stmt, 3, resolve->value != NULL ? resolve->value : "");
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      kind = dd_store_column_dup (stmt, 0);
      record_id = dd_store_column_dup (stmt, 1);
      field = dd_store_column_dup (stmt, 2);
      resolution = dd_store_column_dup (stmt, 3);
      value = dd_store_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No conflict “%s”"), resolve->id);
      else
        dd_store_set_error (self, error, rc, conflict_sql);
      return FALSE;
    }
  if (*resolution != '\0')
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("The conflict “%s” is settled already"), resolve->id);
      return FALSE;
    }

  change->action = "sync.resolve";
  change->entity_kind = "conflict";
  change->entity_id = g_strdup (resolve->id);
  change->detail = g_strdup_printf ("{\"resolution\":\"%s\",\"record_kind\":\"%s\",\"field\":\"%s\"}",
                                    resolve->resolution, kind, field);

  /* Another value than the kept one: a normal change of the record, which
   * goes up like any other. */
  if (!g_str_equal (resolve->resolution, "keep"))
    {
      if ((handler = dd_sync_kind_lookup (kind)) == NULL)
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                       _("Records of kind “%s” cannot be changed on this desk"), kind);
          return FALSE;
        }
      if (!(stmt = dd_store_prepare (self, record_sql, error)))
        return FALSE;
      dd_store_bind_text (stmt, 1, kind);
      dd_store_bind_text (stmt, 2, record_id);
      dd_store_bind_text (stmt, 3, field);
      dd_store_bind_text (stmt, 4, value);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          owner = dd_store_column_dup (stmt, 0);
          ver = sqlite3_column_int64 (stmt, 1);
          fields = dd_store_column_dup (stmt, 2);
          payload = dd_store_column_dup (stmt, 3);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          if (rc == SQLITE_DONE)
            g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                         _("The %s %s has not come from the server yet: sync, then decide"), kind, record_id);
          else
            dd_store_set_error (self, error, rc, record_sql);
          return FALSE;
        }
      {
        DdSyncRecord record = {
          .record_id = record_id, .owner_unit = owner, .fields = fields, .ver = ver + 1, .hlc = hlc,
        };

        if (!dd_sync_kind_apply (self, handler, &record, &problem, error))
          return FALSE;
      }
      if (problem != NULL)
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                       _("The value cannot be written: %s"), problem);
          return FALSE;
        }
      g_free (change->entity_id);
      change->entity_kind = handler->kind;
      change->entity_id = g_strdup (record_id);
      change->op = "patch";
      change->base_ver = ver;
      change->payload = g_steal_pointer (&payload);
    }

  if (!(stmt = dd_store_prepare (self, mark_sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, resolve->id);
  dd_store_bind_text (stmt, 2, resolve->resolution);
  dd_store_bind_text (stmt, 3, value);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;
  if (change->payload == NULL)
    change->payload = g_strdup (change->detail);
  return TRUE;
}

gboolean
dd_store_sync_resolve_conflict (DdStore     *self,
                                const char  *id,
                                const char  *resolution,
                                const char  *value,
                                GError     **error)
{
  Resolve resolve = { id, resolution, value };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (g_strcmp0 (resolution, "keep") != 0 && g_strcmp0 (resolution, "take_other") != 0 &&
      g_strcmp0 (resolution, "value") != 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("Unknown way to settle a conflict: “%s”"), resolution != NULL ? resolution : "");
      return FALSE;
    }
  if (g_str_equal (resolution, "value") && (value == NULL || !dd_store_check_text ("value", value, error)))
    {
      if (value == NULL)
        g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("No value given"));
      return FALSE;
    }
  return dd_store_write (self, resolve_row, &resolve, error);
}
