/* dd-store-duty-log.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-duty-log-store.h"

#include <glib/gi18n.h>

#include "dd-roster-store.h"
#include "dd-store-private.h"
#include "dd-uuid.h"

/* ---------------------------------------------------------------- helpers */

static gint64
now_or (gint64 at)
{
  return at != 0 ? at : g_get_real_time () / 1000;
}

/* Binds @text, or NULL for %NULL or "". */
static void
bind_opt (sqlite3_stmt *stmt,
          int           index,
          const char   *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Column @index, %NULL for NULL or "". */
static char *
column_opt (sqlite3_stmt *stmt,
            int           index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* A core validation error as invalid input. */
static gboolean
invalid_from (GError **error,
              GError  *core_error)
{
  return invalid (error, core_error->message);
}

/* The id of the incident (@call FALSE: by id or number) or call with
 * @key, or %NULL (NOT_FOUND). */
static char *
resolve (DdStore     *self,
         gboolean     call,
         const char  *key,
         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *id = dd_store_query_text (self, call ? "SELECT id FROM calls WHERE id = ?1"
                                             : "SELECT id FROM incidents WHERE id = ?1 OR number = ?1",
                                  key != NULL ? key : "", &local_error);

  if (id != NULL)
    return id;

  if (!g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (call)
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No call “%s”"), key);
  else
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No incident “%s”"), key);

  return NULL;
}

static char *
desk_unit (DdStore  *self,
           GError  **error)
{
  g_autoptr(DdDesk) desk = dd_store_get_desk (self, error);

  return desk != NULL ? g_strdup (dd_desk_get_unit_code (desk)) : NULL;
}

/* ----------------------------------------------------------------- writes */

typedef enum
{
  OP_LOG,
  OP_INSTRUCTION,
  OP_COMPLETION,
  OP_CALLBACK,
  OP_ACK,
  OP_HANDOVER,
} OpKind;

/* One row to write: @id is the new row's id; @ref the instruction, call or
 * item it is about; @text the reason or the acknowledging officer. */
typedef struct
{
  OpKind               kind;
  char                *id;
  char                *unit;
  const DdLogEntry    *entry;
  const DdInstruction *instruction;
  const DdHandover    *handover;
  const char          *ref;
  const char          *text;
  const char          *callback_kind;
  gint64               at;
  gint64               due_at;
  gint64               last_ack_seq;
  char                *items_json;
} Op;

typedef struct
{
  const char *insert_sql;
  const char *payload_sql;
  const char *action;
  const char *entity_kind;
  const char *op;
} OpTable;

static const OpTable op_tables[] = {
  [OP_LOG] = {
    "INSERT INTO log_entries (id, at, text, incident_id, author, owner_unit, hlc, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "SELECT json_object ('id', id, 'at', at, 'text', text, 'incident_id', incident_id,"
    " 'author', author, 'owner_unit', owner_unit, 'hlc', hlc) FROM log_entries WHERE id = ?1",
    "log.add", "log_entry", "append" },
  [OP_INSTRUCTION] = {
    "INSERT INTO instructions (id, text, issued_by, issued_at, incident_id, feedback_due,"
    " owner_unit, hlc, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    "SELECT json_object ('id', id, 'text', text, 'issued_by', issued_by, 'issued_at', issued_at,"
    " 'incident_id', incident_id, 'feedback_due', feedback_due, 'owner_unit', owner_unit,"
    " 'hlc', hlc) FROM instructions WHERE id = ?1",
    "instruction.add", "instruction", "insert" },
  [OP_COMPLETION] = {
    "INSERT INTO instruction_completions (id, instruction_id, done_at, reason, hlc, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "SELECT json_object ('id', id, 'instruction_id', instruction_id, 'done_at', done_at,"
    " 'reason', reason, 'hlc', hlc) FROM instruction_completions WHERE id = ?1",
    "instruction.done", "instruction_done", "append" },
  [OP_CALLBACK] = {
    "INSERT INTO call_callbacks (id, call_id, kind, due_at, at, hlc, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "SELECT json_object ('id', id, 'call_id', call_id, 'kind', kind, 'due_at', due_at,"
    " 'at', at, 'hlc', hlc) FROM call_callbacks WHERE id = ?1",
    "call.callback", "call_callback", "append" },
  [OP_ACK] = {
    "INSERT INTO handover_acks (id, item_id, acked_by, acked_at, hlc, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "SELECT json_object ('id', id, 'item_id', item_id, 'acked_by', acked_by,"
    " 'acked_at', acked_at, 'hlc', hlc) FROM handover_acks WHERE id = ?1",
    "handover.ack", "handover_ack", "append" },
  [OP_HANDOVER] = {
    "INSERT INTO handovers (id, outgoing, incoming, signed_at, note, items, last_ack_seq,"
    " owner_unit, hlc, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    "SELECT json_object ('id', id, 'outgoing', outgoing, 'incoming', incoming,"
    " 'signed_at', signed_at, 'note', note, 'items', json (items), 'owner_unit', owner_unit,"
    " 'hlc', hlc) FROM handovers WHERE id = ?1",
    "handover.sign", "handover", "insert" },
};

static void
op_clear (Op *op)
{
  g_free (op->id);
  g_free (op->unit);
  g_free (op->items_json);
}

/* Binds the row of @op; returns the index of the hlc parameter. */
static int
bind_op (Op           *op,
         sqlite3_stmt *stmt)
{
  switch (op->kind)
    {
    case OP_LOG:
      sqlite3_bind_int64 (stmt, 2, op->entry->at);
      sqlite3_bind_text (stmt, 3, op->entry->text, -1, SQLITE_TRANSIENT);
      bind_opt (stmt, 4, op->entry->incident_id);
      sqlite3_bind_text (stmt, 5, op->entry->author != NULL ? op->entry->author : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, op->unit, -1, SQLITE_TRANSIENT);
      return 7;
    case OP_INSTRUCTION:
      sqlite3_bind_text (stmt, 2, op->instruction->text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, op->instruction->issued_by, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, op->instruction->issued_at);
      bind_opt (stmt, 5, op->instruction->incident_id);
      sqlite3_bind_int64 (stmt, 6, op->instruction->feedback_due);
      sqlite3_bind_text (stmt, 7, op->unit, -1, SQLITE_TRANSIENT);
      return 8;
    case OP_COMPLETION:
      sqlite3_bind_text (stmt, 2, op->ref, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, op->at);
      sqlite3_bind_text (stmt, 4, op->text != NULL ? op->text : "", -1, SQLITE_TRANSIENT);
      return 5;
    case OP_CALLBACK:
      sqlite3_bind_text (stmt, 2, op->ref, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, op->callback_kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, op->due_at);
      sqlite3_bind_int64 (stmt, 5, op->at);
      return 6;
    case OP_ACK:
      sqlite3_bind_text (stmt, 2, op->ref, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, op->text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, op->at);
      return 5;
    case OP_HANDOVER:
      sqlite3_bind_text (stmt, 2, op->handover->outgoing, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, op->handover->incoming, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, op->handover->signed_at);
      sqlite3_bind_text (stmt, 5, op->handover->note != NULL ? op->handover->note : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, op->items_json, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 7, op->last_ack_seq);
      sqlite3_bind_text (stmt, 8, op->unit, -1, SQLITE_TRANSIENT);
      return 9;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
op_row (DdStore        *self,
        DdHlc           hlc,
        gint64          now,
        gpointer        item,
        DdStoreChange  *change,
        GError        **error)
{
  Op *op = item;
  const OpTable *table = &op_tables[op->kind];
  sqlite3_stmt *stmt;
  int index;

  if (!(stmt = dd_store_prepare (self, table->insert_sql, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, op->id, -1, SQLITE_TRANSIENT);
  index = bind_op (op, stmt);
  sqlite3_bind_int64 (stmt, index, (sqlite3_int64) hlc);
  sqlite3_bind_int64 (stmt, index + 1, now);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  change->action = table->action;
  change->entity_kind = table->entity_kind;
  change->entity_id = g_strdup (op->id);
  change->op = table->op;
  change->payload = dd_store_query_text (self, table->payload_sql, op->id, error);

  return change->payload != NULL;
}

/* Writes @op with a new id and clears it; returns the id, or %NULL. */
static char *
write_op (DdStore  *self,
          Op       *op,
          GError  **error)
{
  char *id = NULL;

  op->id = dd_uuid7_new (now_or (0));
  if ((op->unit = desk_unit (self, error)) != NULL && dd_store_write (self, op_row, op, error))
    id = g_strdup (op->id);
  op_clear (op);

  return id;
}

/* -------------------------------------------------------------- duty log */

static const char log_columns[] =
  "SELECT id, at, text, coalesce (incident_id, ''), author FROM log_entries";

static DdLogEntry *
log_entry_from_row (sqlite3_stmt *stmt)
{
  DdLogEntry *entry = dd_log_entry_new ((const char *) sqlite3_column_text (stmt, 0),
                                        sqlite3_column_int64 (stmt, 1),
                                        (const char *) sqlite3_column_text (stmt, 2));

  entry->incident_id = column_opt (stmt, 3);
  entry->author = column_opt (stmt, 4);

  return entry;
}

static GPtrArray *
query_log_entries (DdStore     *self,
                   const char  *where,
                   const char  *key,
                   gint64       from,
                   gint64       to,
                   GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("%s WHERE %s ORDER BY at, seq", log_columns, where);
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  if (key != NULL)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  else
    {
      sqlite3_bind_int64 (stmt, 1, from);
      sqlite3_bind_int64 (stmt, 2, to != 0 ? to : G_MAXINT64);
    }

  return dd_store_collect_rows (self, stmt, (DdStoreRowMaker) log_entry_from_row, (GDestroyNotify) dd_log_entry_free, error);
}

DdLogEntry *
dd_store_add_log_entry (DdStore           *self,
                        const DdLogEntry  *entry,
                        GError           **error)
{
  g_autoptr(DdLogEntry) row = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autofree char *id = NULL;
  Op op = { OP_LOG };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  row = dd_log_entry_copy (entry);
  row->at = now_or (row->at);
  if (!dd_log_entry_validate (row, &local_error))
    return invalid_from (error, local_error), NULL;
  if (row->incident_id != NULL)
    {
      g_autofree char *incident = resolve (self, FALSE, row->incident_id, error);

      if (incident == NULL)
        return NULL;
      g_free (row->incident_id);
      row->incident_id = g_steal_pointer (&incident);
    }

  op.entry = row;
  if (!(id = write_op (self, &op, error)) ||
      !(saved = query_log_entries (self, "id = ?1", id, 0, 0, error)))
    return NULL;

  return dd_log_entry_copy (g_ptr_array_index (saved, 0));
}

GPtrArray *
dd_store_list_log_entries (DdStore  *self,
                           gint64    from,
                           gint64    to,
                           GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return query_log_entries (self, "at >= ?1 AND at < ?2", NULL, from, to, error);
}

/* ---------------------------------------------------------- instructions */

/* ?1: the instant; done_at is 0 for a completion after it. */
static const char instruction_columns[] =
  "SELECT i.id, i.text, i.issued_by, i.issued_at, coalesce (i.incident_id, ''), i.feedback_due,"
  " CASE WHEN c.done_at <= ?1 THEN c.done_at ELSE 0 END,"
  " CASE WHEN c.done_at <= ?1 THEN c.reason ELSE '' END"
  " FROM instructions i LEFT JOIN instruction_completions c ON c.instruction_id = i.id";

static DdInstruction *
instruction_from_row (sqlite3_stmt *stmt)
{
  DdInstruction *instruction = dd_instruction_new ((const char *) sqlite3_column_text (stmt, 0),
                                                   (const char *) sqlite3_column_text (stmt, 1),
                                                   (const char *) sqlite3_column_text (stmt, 2),
                                                   sqlite3_column_int64 (stmt, 3));

  instruction->incident_id = column_opt (stmt, 4);
  instruction->feedback_due = sqlite3_column_int64 (stmt, 5);
  instruction->done_at = sqlite3_column_int64 (stmt, 6);
  instruction->done_reason = column_opt (stmt, 7);

  return instruction;
}

static GPtrArray *
query_instructions (DdStore     *self,
                    const char  *where,
                    gint64       at,
                    const char  *key,
                    gint64       from,
                    GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("%s WHERE %s ORDER BY i.issued_at, i.seq",
                                          instruction_columns, where);
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, at);
  if (key != NULL)
    sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 2, from);

  return dd_store_collect_rows (self, stmt, (DdStoreRowMaker) instruction_from_row, (GDestroyNotify) dd_instruction_free, error);
}

DdInstruction *
dd_store_get_instruction (DdStore     *self,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(rows = query_instructions (self, "i.id = ?2", G_MAXINT64, id != NULL ? id : "", 0, error)))
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No instruction “%s”"), id);
      return NULL;
    }

  return dd_instruction_copy (g_ptr_array_index (rows, 0));
}

DdInstruction *
dd_store_add_instruction (DdStore              *self,
                          const DdInstruction  *instruction,
                          GError              **error)
{
  g_autoptr(DdInstruction) row = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;
  Op op = { OP_INSTRUCTION };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (instruction != NULL, NULL);

  row = dd_instruction_copy (instruction);
  row->issued_at = now_or (row->issued_at);
  if (row->done_at != 0)
    return invalid (error, _("A new instruction cannot be done yet")), NULL;
  if (!dd_instruction_validate (row, &local_error))
    return invalid_from (error, local_error), NULL;
  if (row->incident_id != NULL)
    {
      g_autofree char *incident = resolve (self, FALSE, row->incident_id, error);

      if (incident == NULL)
        return NULL;
      g_free (row->incident_id);
      row->incident_id = g_steal_pointer (&incident);
    }

  op.instruction = row;
  if (!(id = write_op (self, &op, error)))
    return NULL;

  return dd_store_get_instruction (self, id, error);
}

DdInstruction *
dd_store_complete_instruction (DdStore     *self,
                               const char  *id,
                               gint64       at,
                               const char  *reason,
                               GError     **error)
{
  g_autoptr(DdInstruction) instruction = NULL;
  g_autofree char *done_id = NULL;
  g_autofree char *why = NULL;
  Op op = { OP_COMPLETION };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  at = now_or (at);
  if (!(instruction = dd_store_get_instruction (self, id, error)))
    return NULL;
  if (reason != NULL && !dd_store_check_text ("reason", reason, error))
    return NULL;
  why = reason != NULL ? g_strstrip (g_strdup (reason)) : NULL;
  if (instruction->done_at != 0)
    return invalid (error, _("The instruction is done already")), NULL;
  if (at < instruction->issued_at)
    return invalid (error, _("An instruction cannot be done before it was given")), NULL;
  if (dd_instruction_done_is_late (instruction, at) && (why == NULL || *why == '\0'))
    return invalid (error, _("The feedback is late: give the reason")), NULL;

  op.ref = instruction->id;
  op.at = at;
  op.text = why;
  if (!(done_id = write_op (self, &op, error)))
    return NULL;

  return dd_store_get_instruction (self, id, error);
}

GPtrArray *
dd_store_list_instructions (DdStore   *self,
                            gboolean   open_only,
                            gint64     at,
                            GError   **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return query_instructions (self,
                             open_only ? "i.issued_at <= ?1 AND ?2 = 0 AND (c.done_at IS NULL OR c.done_at > ?1)"
                                       : "i.issued_at <= ?1 AND ?2 = 0",
                             now_or (at), NULL, 0, error);
}

/* ------------------------------------------------------------ call-backs */

/* The latest request of each call, with the first call-back made after it. */
static const char callback_sql[] =
  "SELECT r.call_id, r.due_at, coalesce ((SELECT min (d.at) FROM call_callbacks d"
  "  WHERE d.call_id = r.call_id AND d.kind = 'done' AND d.seq > r.seq AND d.at <= ?1), 0),"
  " c.summary, trim (c.caller_name || ' ' || c.caller_unit || ' ' || c.caller_phone)"
  " FROM call_callbacks r JOIN calls c ON c.id = r.call_id"
  " WHERE r.kind = 'request' AND r.at <= ?1 AND r.seq = (SELECT max (seq) FROM call_callbacks"
  "  WHERE call_id = r.call_id AND kind = 'request' AND at <= ?1)"
  " AND (?2 = '' OR r.call_id = ?2)"
  " ORDER BY r.due_at, r.call_id";

static DdCallback *
callback_from_row (sqlite3_stmt *stmt)
{
  DdCallback *callback = dd_callback_new ((const char *) sqlite3_column_text (stmt, 0),
                                          sqlite3_column_int64 (stmt, 1));

  callback->done_at = sqlite3_column_int64 (stmt, 2);
  callback->summary = column_opt (stmt, 3);
  callback->caller = column_opt (stmt, 4);

  return callback;
}

static GPtrArray *
query_callbacks (DdStore     *self,
                 gint64       at,
                 const char  *call_id,
                 gboolean     awaited_only,
                 GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, callback_sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_text (stmt, 2, call_id != NULL ? call_id : "", -1, SQLITE_TRANSIENT);
  if (!(rows = dd_store_collect_rows (self, stmt, (DdStoreRowMaker) callback_from_row, (GDestroyNotify) dd_callback_free, error)))
    return NULL;

  for (guint i = rows->len; awaited_only && i-- > 0;)
    {
      const DdCallback *callback = g_ptr_array_index (rows, i);

      if (callback->done_at != 0)
        g_ptr_array_remove_index (rows, i);
    }

  return g_steal_pointer (&rows);
}

static gboolean
write_callback (DdStore     *self,
                const char  *call_id,
                const char  *kind,
                gint64       due_at,
                gint64       at,
                GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *written = NULL;
  Op op = { OP_CALLBACK };

  if (!(id = resolve (self, TRUE, call_id, error)))
    return FALSE;

  op.ref = id;
  op.callback_kind = kind;
  op.due_at = due_at;
  op.at = at;
  written = write_op (self, &op, error);

  return written != NULL;
}

gboolean
dd_store_request_callback (DdStore     *self,
                           const char  *call_id,
                           gint64       due_at,
                           gint64       at,
                           GError     **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  at = now_or (at);
  if (due_at <= 0)
    return invalid (error, _("A call-back needs a due time"));

  return write_callback (self, call_id, "request", due_at, at, error);
}

gboolean
dd_store_complete_callback (DdStore     *self,
                            const char  *call_id,
                            gint64       at,
                            GError     **error)
{
  g_autoptr(GPtrArray) awaited = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  at = now_or (at);
  if (!(awaited = query_callbacks (self, at, call_id, TRUE, error)))
    return FALSE;
  if (awaited->len == 0)
    {
      g_autofree char *id = resolve (self, TRUE, call_id, error);

      return id != NULL && invalid (error, _("No call-back is awaited for this call"));
    }

  return write_callback (self, call_id, "done", 0, at, error);
}

GPtrArray *
dd_store_list_callbacks (DdStore   *self,
                         gboolean   awaited_only,
                         gint64     at,
                         GError   **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return query_callbacks (self, now_or (at), NULL, awaited_only, error);
}

/* -------------------------------------------------------------- handover */

static DdReportingRules *
require_reporting (DdIncidentRules  *rules,
                   GError          **error)
{
  DdReportingRules *reporting = rules != NULL ? dd_incident_rules_get_reporting (rules) : NULL;

  if (reporting == NULL)
    invalid (error, _("The reporting rules are needed"));

  return reporting;
}

/* The acknowledgements since the last signed handover: fills @items'
 * acked_by and acked_at. Returns the last acknowledgement's seq, or -1. */
static gint64
apply_acks (DdStore    *self,
            GPtrArray  *items,
            GError    **error)
{
  static const char sql[] =
    "SELECT item_id, acked_by, acked_at, seq FROM handover_acks"
    " WHERE seq > (SELECT coalesce (max (last_ack_seq), 0) FROM handovers) ORDER BY seq";
  sqlite3_stmt *stmt;
  gint64 last = 0;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return -1;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdHandoverItem *item = dd_handover_items_find (items, (const char *) sqlite3_column_text (stmt, 0));

      last = sqlite3_column_int64 (stmt, 3);
      if (item == NULL || item->acked_at != 0)
        continue;
      item->acked_by = column_opt (stmt, 1);
      item->acked_at = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return -1;
    }

  return last;
}

static GPtrArray *
handover_items (DdStore          *self,
                DdIncidentRules  *rules,
                gint64            at,
                gint64           *last_ack_seq,
                GError          **error)
{
  g_autoptr(DdHandoverSnapshot) snapshot = dd_handover_snapshot_new (at);
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GPtrArray) instructions = NULL;
  g_autoptr(GPtrArray) callbacks = NULL;
  g_autoptr(GPtrArray) items = NULL;
  DdReportingRules *reporting;
  gint64 last;

  if (!(reporting = require_reporting (rules, error)) ||
      !(details = dd_store_list_incident_clocks (self, rules, at, FALSE, error)) ||
      !(instructions = dd_store_list_instructions (self, TRUE, at, error)) ||
      !(callbacks = dd_store_list_callbacks (self, TRUE, at, error)) ||
      (snapshot->n_unsynced = dd_store_count_pending_ops (self, error)) < 0)
    return NULL;

  for (guint i = 0; i < details->len; i++)
    {
      DdIncidentDetail *detail = g_ptr_array_index (details, i);
      DdHandoverIncident *incident;

      if (dd_incident_summary_get_received_at (detail->summary) > at)
        continue;
      incident = g_new0 (DdHandoverIncident, 1);
      incident->id = g_strdup (dd_incident_summary_get_id (detail->summary));
      incident->number = g_strdup (dd_incident_summary_get_number (detail->summary));
      incident->description = g_strdup (dd_incident_summary_get_description (detail->summary));
      incident->open = dd_incident_summary_get_status (detail->summary) == DD_INCIDENT_STATUS_OPEN;
      incident->reporting = g_steal_pointer (&detail->reporting);
      g_ptr_array_add (snapshot->incidents, incident);
    }
  g_ptr_array_extend_and_steal (snapshot->instructions, g_steal_pointer (&instructions));
  g_ptr_array_extend_and_steal (snapshot->callbacks, g_steal_pointer (&callbacks));

  items = dd_handover_items (snapshot, reporting);
  if ((last = apply_acks (self, items, error)) < 0)
    return NULL;
  if (last_ack_seq != NULL)
    *last_ack_seq = last;

  return g_steal_pointer (&items);
}

GPtrArray *
dd_store_list_handover_items (DdStore          *self,
                              DdIncidentRules  *rules,
                              gint64            at,
                              GError          **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return handover_items (self, rules, now_or (at), NULL, error);
}

DdHandoverItem *
dd_store_ack_handover_item (DdStore          *self,
                            DdIncidentRules  *rules,
                            const char       *item_id,
                            const char       *by,
                            gint64            at,
                            GError          **error)
{
  g_autoptr(GPtrArray) items = NULL;
  DdHandoverItem *item;
  g_autofree char *ack_id = NULL;
  Op op = { OP_ACK };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  at = now_or (at);
  if (by == NULL || *by == '\0' || !g_utf8_validate (by, -1, NULL))
    return invalid (error, _("Who acknowledges the item must be given")), NULL;
  if (!(items = handover_items (self, rules, at, NULL, error)))
    return NULL;
  if (!(item = dd_handover_items_find (items, item_id)))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("No open handover item “%s”"), item_id != NULL ? item_id : "");
      return NULL;
    }
  if (item->acked_at != 0)
    return invalid (error, _("The item is acknowledged already")), NULL;

  op.ref = item->id;
  op.text = by;
  op.at = at;
  if (!(ack_id = write_op (self, &op, error)))
    return NULL;

  item->acked_by = g_strdup (by);
  item->acked_at = at;

  return dd_handover_item_copy (item);
}

/* @items as the JSON array stored with a handover. */
static char *
items_to_json (DdStore    *self,
               GPtrArray  *items,
               GError    **error)
{
  static const char sql[] =
    "SELECT json_object ('id', ?1, 'kind', ?2, 'ref_id', ?3, 'title', ?4, 'detail', ?5,"
    " 'due_at', ?6, 'status', ?7, 'acked_by', ?8, 'acked_at', ?9)";
  g_autoptr(GString) out = g_string_new ("[");

  for (guint i = 0; i < items->len; i++)
    {
      const DdHandoverItem *item = g_ptr_array_index (items, i);
      sqlite3_stmt *stmt;

      if (!(stmt = dd_store_prepare (self, sql, error)))
        return NULL;
      sqlite3_bind_text (stmt, 1, item->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, dd_handover_item_kind_to_string (item->kind), -1, SQLITE_STATIC);
      bind_opt (stmt, 3, item->ref_id);
      bind_opt (stmt, 4, item->title);
      bind_opt (stmt, 5, item->detail);
      sqlite3_bind_int64 (stmt, 6, item->due_at);
      sqlite3_bind_text (stmt, 7, dd_clock_status_to_string (item->status), -1, SQLITE_STATIC);
      bind_opt (stmt, 8, item->acked_by);
      sqlite3_bind_int64 (stmt, 9, item->acked_at);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          dd_store_set_error (self, error, sqlite3_errcode (dd_store_get_handle (self)), sql);
          sqlite3_reset (stmt);
          return NULL;
        }
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  g_string_append_c (out, ']');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

DdHandover *
dd_store_sign_handover (DdStore          *self,
                        DdIncidentRules  *rules,
                        const char       *outgoing,
                        const char       *incoming,
                        const char       *note,
                        gint64            at,
                        GError          **error)
{
  g_autoptr(DdHandover) handover = dd_handover_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) signed_ = NULL;
  g_autoptr(GString) unacked = g_string_new (NULL);
  g_autofree char *id = NULL;
  guint n_unacked = 0;
  Op op = { OP_HANDOVER };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  at = now_or (at);
  handover->outgoing = g_strstrip (g_strdup (outgoing != NULL ? outgoing : ""));
  handover->incoming = g_strstrip (g_strdup (incoming != NULL ? incoming : ""));
  if (*handover->outgoing == '\0' || *handover->incoming == '\0')
    return invalid (error, _("Both officers must be named")), NULL;
  if (g_str_equal (handover->outgoing, handover->incoming))
    return invalid (error, _("The incoming officer must be another person")), NULL;
  if (!dd_store_check_text ("outgoing", outgoing, error) || !dd_store_check_text ("incoming", incoming, error) ||
      (note != NULL && !dd_store_check_text ("note", note, error)))
    return NULL;

  if (!(items = handover_items (self, rules, at, &op.last_ack_seq, error)))
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      const DdHandoverItem *item = g_ptr_array_index (items, i);

      if (item->acked_at != 0)
        continue;
      if (n_unacked++ > 0)
        g_string_append (unacked, ", ");
      g_string_append (unacked, item->id);
    }
  if (n_unacked > 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u handover item is not acknowledged by the incoming officer: %s",
                                "%u handover items are not acknowledged by the incoming officer: %s",
                                n_unacked),
                   n_unacked, unacked->str);
      return NULL;
    }

  handover->signed_at = at;
  handover->note = note != NULL && *note != '\0' ? g_strdup (note) : NULL;
  op.handover = handover;
  if (!(op.items_json = items_to_json (self, items, error)))
    return NULL;
  if (!(id = write_op (self, &op, error)) ||
      !(signed_ = dd_store_list_handovers (self, at, at + 1, error)))
    return NULL;

  for (guint i = 0; i < signed_->len; i++)
    {
      DdHandover *row = g_ptr_array_index (signed_, i);

      if (g_str_equal (row->id, id))
        return dd_handover_copy (row);
    }

  g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No handover “%s”"), id);
  return NULL;
}

static gboolean
load_handover_items (DdStore     *self,
                     DdHandover  *handover,
                     const char  *json,
                     GError     **error)
{
  static const char sql[] =
    "SELECT json_extract (value, '$.id'), json_extract (value, '$.kind'),"
    " json_extract (value, '$.ref_id'), json_extract (value, '$.title'),"
    " json_extract (value, '$.detail'), json_extract (value, '$.due_at'),"
    " json_extract (value, '$.status'), json_extract (value, '$.acked_by'),"
    " json_extract (value, '$.acked_at') FROM json_each (?1) ORDER BY key";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdHandoverItem *item = g_new0 (DdHandoverItem, 1);

      item->id = column_opt (stmt, 0);
      dd_handover_item_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &item->kind);
      item->ref_id = column_opt (stmt, 2);
      item->title = column_opt (stmt, 3);
      item->detail = column_opt (stmt, 4);
      item->due_at = sqlite3_column_int64 (stmt, 5);
      dd_clock_status_from_string ((const char *) sqlite3_column_text (stmt, 6), &item->status);
      item->acked_by = column_opt (stmt, 7);
      item->acked_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (handover->items, item);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
dd_store_list_handovers (DdStore  *self,
                         gint64    from,
                         gint64    to,
                         GError  **error)
{
  static const char sql[] =
    "SELECT id, outgoing, incoming, signed_at, note, items FROM handovers"
    " WHERE signed_at >= ?1 AND signed_at < ?2 ORDER BY signed_at, seq";
  g_autoptr(GPtrArray) handovers = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_handover_free);
  g_autoptr(GPtrArray) json = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to != 0 ? to : G_MAXINT64);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdHandover *handover = dd_handover_new ();

      handover->id = column_opt (stmt, 0);
      handover->outgoing = column_opt (stmt, 1);
      handover->incoming = column_opt (stmt, 2);
      handover->signed_at = sqlite3_column_int64 (stmt, 3);
      handover->note = column_opt (stmt, 4);
      g_ptr_array_add (json, column_opt (stmt, 5));
      g_ptr_array_add (handovers, handover);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return NULL;
    }

  for (guint i = 0; i < handovers->len; i++)
    if (!load_handover_items (self, g_ptr_array_index (handovers, i), g_ptr_array_index (json, i), error))
      return NULL;

  return g_steal_pointer (&handovers);
}

/* ---------------------------------------------------------- daily report */

gboolean
dd_store_get_handover_minute (DdStore  *self,
                              guint    *minute,
                              GError  **error)
{
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!(desk = dd_store_get_desk (self, error)) ||
      !(templates = dd_store_list_shift_templates (self, error)))
    return FALSE;
  if (!dd_duty_day_handover_minute (templates, dd_desk_get_regime (desk), minute, &local_error))
    return invalid_from (error, local_error);

  return TRUE;
}

/* Counts the calls of the day by channel, every channel listed. */
static gboolean
add_calls (DdStore        *self,
           DdDailyReport  *report,
           GError        **error)
{
  static const char sql[] = "SELECT channel FROM calls WHERE received_at >= ?1 AND received_at < ?2";
  sqlite3_stmt *stmt;
  int rc;

  for (guint c = 0; c < DD_N_CALL_CHANNELS; c++)
    dd_daily_report_add_channel (report, dd_call_channel_to_string (c), dd_call_channel_get_label (c));

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->from);
  sqlite3_bind_int64 (stmt, 2, MIN (report->to, report->at + 1));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *channel = (const char *) sqlite3_column_text (stmt, 0);
      DdCallChannel value = DD_CALL_CHANNEL_PHONE;

      dd_call_channel_from_string (channel, &value);
      dd_daily_report_add_call (report, report->from, channel, dd_call_channel_get_label (value));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }

  return TRUE;
}

/* Adds every incident received in the day, open during it or with
 * information in it, derived from its events up to the report's instant. */
static gboolean
add_incidents (DdStore          *self,
               DdIncidentRules  *rules,
               DdDailyReport    *report,
               GError          **error)
{
  static const char sql[] =
    "SELECT id, number FROM incidents WHERE received_at <= ?2 AND (received_at >= ?1"
    " OR status = 'open' OR closed_at >= ?1"
    " OR id IN (SELECT incident_id FROM incident_events WHERE received_at >= ?1 AND received_at <= ?2))"
    " ORDER BY received_at, id";
  g_autoptr(DdDesk) desk = dd_store_get_desk (self, error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (desk == NULL || !(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->from);
  sqlite3_bind_int64 (stmt, 2, report->at);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, column_opt (stmt, 0));
      g_ptr_array_add (ids, column_opt (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i += 2)
    {
      g_autoptr(GPtrArray) events = dd_store_list_incident_events (self, g_ptr_array_index (ids, i), error);
      g_autoptr(DdIncidentState) state = NULL;
      g_autoptr(DdReportingResult) reporting = NULL;
      g_autoptr(GError) local_error = NULL;

      if (events == NULL)
        return FALSE;
      for (guint e = events->len; e-- > 0;)
        {
          const DdIncidentEvent *event = g_ptr_array_index (events, e);

          if (event->received_at > report->at)
            g_ptr_array_remove_index (events, e);
        }
      state = dd_incident_derive (dd_incident_rules_get_grading (rules),
                                  dd_incident_rules_get_taxonomy (rules), events, &local_error);
      if (state == NULL)
        return invalid_from (error, local_error);
      reporting = dd_reporting_compute (dd_incident_rules_get_reporting (rules),
                                        dd_desk_get_level (desk), state, report->at);
      dd_daily_report_add_incident (report, dd_incident_rules_get_taxonomy (rules),
                                    g_ptr_array_index (ids, i + 1), state, reporting);
    }

  return TRUE;
}

DdDailyReport *
dd_store_build_daily_report (DdStore          *self,
                             DdIncidentRules  *rules,
                             const GDate      *day,
                             gint64            at,
                             GError          **error)
{
  g_autoptr(DdDailyReport) report = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GPtrArray) instructions = NULL;
  g_autoptr(GPtrArray) handovers = NULL;
  DdReportingRules *reporting;
  guint minute;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  if (!(reporting = require_reporting (rules, error)) ||
      !(desk = dd_store_get_desk (self, error)) ||
      !dd_store_get_handover_minute (self, &minute, error))
    return NULL;

  report = dd_daily_report_new (day, minute, now_or (at));
  report->unit_name = g_strdup (dd_desk_get_unit_name (desk));

  if (!add_calls (self, report, error) ||
      !add_incidents (self, rules, report, error) ||
      !(instructions = dd_store_list_instructions (self, FALSE, report->at, error)) ||
      !(handovers = dd_store_list_handovers (self, report->from, report->to, error)))
    return NULL;

  for (guint i = 0; i < instructions->len; i++)
    dd_daily_report_add_instruction (report, g_ptr_array_index (instructions, i), reporting);
  for (guint i = 0; i < handovers->len; i++)
    dd_daily_report_add_handover (report, g_ptr_array_index (handovers, i));
  dd_daily_report_finish (report);

  return g_steal_pointer (&report);
}

/* ------------------------------------------------------------------ async */

typedef struct
{
  DdIncidentRules *rules;
  DdLogEntry      *entry;
  DdInstruction   *instruction;
  char            *strings[3];
  gint64           from;
  gint64           to;
  gint64           at;
  gboolean         flag;
  GDate            day;
} JobData;

static void
job_data_free (gpointer data)
{
  JobData *d = data;

  g_clear_pointer (&d->rules, dd_incident_rules_unref);
  g_clear_pointer (&d->entry, dd_log_entry_free);
  g_clear_pointer (&d->instruction, dd_instruction_free);
  for (guint i = 0; i < G_N_ELEMENTS (d->strings); i++)
    g_free (d->strings[i]);
  g_free (d);
}

static JobData *
job_data_new (DdIncidentRules *rules,
              const char      *s0,
              const char      *s1,
              const char      *s2,
              gint64           at)
{
  JobData *d = g_new0 (JobData, 1);

  d->rules = rules != NULL ? dd_incident_rules_ref (rules) : NULL;
  d->strings[0] = g_strdup (s0);
  d->strings[1] = g_strdup (s1);
  d->strings[2] = g_strdup (s2);
  d->at = at;

  return d;
}

static void
ptr_array_unref (gpointer data)
{
  g_ptr_array_unref (data);
}

/* What a job does, by its entry point. */
typedef enum
{
  JOB_LIST_LOG,
  JOB_ADD_LOG,
  JOB_LIST_INSTRUCTIONS,
  JOB_ADD_INSTRUCTION,
  JOB_COMPLETE_INSTRUCTION,
  JOB_LIST_ITEMS,
  JOB_ACK,
  JOB_SIGN,
  JOB_DAILY_REPORT,
} JobKind;

typedef struct
{
  JobKind  kind;
  JobData *data;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  job_data_free (job->data);
  g_free (job);
}

static gpointer
run_job (DdStore   *store,
         gpointer   data,
         GError   **error)
{
  Job *job = data;
  JobData *d = job->data;

  switch (job->kind)
    {
    case JOB_LIST_LOG:
      return dd_store_list_log_entries (store, d->from, d->to, error);
    case JOB_ADD_LOG:
      return dd_store_add_log_entry (store, d->entry, error);
    case JOB_LIST_INSTRUCTIONS:
      return dd_store_list_instructions (store, d->flag, d->at, error);
    case JOB_ADD_INSTRUCTION:
      return dd_store_add_instruction (store, d->instruction, error);
    case JOB_COMPLETE_INSTRUCTION:
      return dd_store_complete_instruction (store, d->strings[0], d->at, d->strings[1], error);
    case JOB_LIST_ITEMS:
      return dd_store_list_handover_items (store, d->rules, d->at, error);
    case JOB_ACK:
      return dd_store_ack_handover_item (store, d->rules, d->strings[0], d->strings[1], d->at, error);
    case JOB_SIGN:
      return dd_store_sign_handover (store, d->rules, d->strings[0], d->strings[1], d->strings[2],
                                     d->at, error);
    case JOB_DAILY_REPORT:
      return dd_store_build_daily_report (store, d->rules, &d->day, d->at, error);
    default:
      g_assert_not_reached ();
    }
}

static void
queue_job (DdStoreService      *service,
           JobKind              kind,
           JobData             *data,
           GDestroyNotify       result_free,
           gboolean             writes,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->data = data;
  dd_store_service_run_async (service, run_job, job, job_free, result_free, writes,
                              cancellable, callback, user_data);
}

void
dd_store_service_list_log_entries_async (DdStoreService      *service,
                                         gint64               from,
                                         gint64               to,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  JobData *d = job_data_new (NULL, NULL, NULL, NULL, 0);

  d->from = from;
  d->to = to;
  queue_job (service, JOB_LIST_LOG, d, ptr_array_unref, FALSE, cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_list_log_entries_finish (DdStoreService  *service,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

void
dd_store_service_add_log_entry_async (DdStoreService      *service,
                                      const DdLogEntry    *entry,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  JobData *d = job_data_new (NULL, NULL, NULL, NULL, 0);

  d->entry = dd_log_entry_copy (entry);
  queue_job (service, JOB_ADD_LOG, d, (GDestroyNotify) dd_log_entry_free, TRUE,
             cancellable, callback, user_data);
}

DdLogEntry *
dd_store_service_add_log_entry_finish (DdStoreService  *service,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

void
dd_store_service_list_instructions_async (DdStoreService      *service,
                                          gboolean             open_only,
                                          gint64               at,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  JobData *d = job_data_new (NULL, NULL, NULL, NULL, at);

  d->flag = open_only;
  queue_job (service, JOB_LIST_INSTRUCTIONS, d, ptr_array_unref, FALSE, cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_list_instructions_finish (DdStoreService  *service,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

void
dd_store_service_add_instruction_async (DdStoreService      *service,
                                        const DdInstruction *instruction,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  JobData *d = job_data_new (NULL, NULL, NULL, NULL, 0);

  d->instruction = dd_instruction_copy (instruction);
  queue_job (service, JOB_ADD_INSTRUCTION, d, (GDestroyNotify) dd_instruction_free, TRUE,
             cancellable, callback, user_data);
}

DdInstruction *
dd_store_service_add_instruction_finish (DdStoreService  *service,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

void
dd_store_service_complete_instruction_async (DdStoreService      *service,
                                             const char          *id,
                                             gint64               at,
                                             const char          *reason,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  queue_job (service, JOB_COMPLETE_INSTRUCTION, job_data_new (NULL, id, reason, NULL, at),
             (GDestroyNotify) dd_instruction_free, TRUE, cancellable, callback, user_data);
}

DdInstruction *
dd_store_service_complete_instruction_finish (DdStoreService  *service,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

void
dd_store_service_list_handover_items_async (DdStoreService      *service,
                                            DdIncidentRules     *rules,
                                            gint64               at,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  queue_job (service, JOB_LIST_ITEMS, job_data_new (rules, NULL, NULL, NULL, at),
             ptr_array_unref, FALSE, cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_list_handover_items_finish (DdStoreService  *service,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

void
dd_store_service_ack_handover_item_async (DdStoreService      *service,
                                          DdIncidentRules     *rules,
                                          const char          *item_id,
                                          const char          *by,
                                          gint64               at,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  queue_job (service, JOB_ACK, job_data_new (rules, item_id, by, NULL, at),
             (GDestroyNotify) dd_handover_item_free, TRUE, cancellable, callback, user_data);
}

DdHandoverItem *
dd_store_service_ack_handover_item_finish (DdStoreService  *service,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

void
dd_store_service_sign_handover_async (DdStoreService      *service,
                                      DdIncidentRules     *rules,
                                      const char          *outgoing,
                                      const char          *incoming,
                                      const char          *note,
                                      gint64               at,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  queue_job (service, JOB_SIGN, job_data_new (rules, outgoing, incoming, note, at),
             (GDestroyNotify) dd_handover_free, TRUE, cancellable, callback, user_data);
}

DdHandover *
dd_store_service_sign_handover_finish (DdStoreService  *service,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

void
dd_store_service_build_daily_report_async (DdStoreService      *service,
                                           DdIncidentRules     *rules,
                                           const GDate         *day,
                                           gint64               at,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  JobData *d = job_data_new (rules, NULL, NULL, NULL, at);

  d->day = *day;
  queue_job (service, JOB_DAILY_REPORT, d, (GDestroyNotify) dd_daily_report_free, FALSE,
             cancellable, callback, user_data);
}

DdDailyReport *
dd_store_service_build_daily_report_finish (DdStoreService  *service,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}
