/* dd-sync-store.h: the desk's side of sync in its database
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-hlc.h"
#include "dd-incident-store.h"
#include "dd-store.h"

G_BEGIN_DECLS

/**
 * DdSyncState:
 *
 * The desk's enrolment and sync progress, with counts of its outbox.
 */
typedef struct
{
  char   *server_url;
  char   *desk_id;
  char   *unit;
  char   *ca_file;
  char   *secret_store;
  char   *server_epoch;
  char   *cursor;
  gint64  enrolled_at;
  gint64  last_push_at;
  gint64  last_pull_at;
  gint64  clock_skew_ms;
  char   *last_error;
  gint64  n_pending;
  gint64  n_parked;
  gint64  n_conflicts;
  gint64  n_records;
  gint64  n_pushable;    /* pending ops of records without a parked op */
  gint64  n_unapplied;   /* pulled records not in their own table yet */
} DdSyncState;

void         dd_sync_state_free              (DdSyncState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdSyncState, dd_sync_state_free)

/* One outbox op waiting for the server. */
typedef struct
{
  gint64  seq;
  char   *op_id;
  char   *op;
  char   *record_kind;
  char   *record_id;
  gint64  base_ver;
  DdHlc   hlc;
  char   *payload;
  char   *owner_unit;   /* %NULL unless the op names its record's owner */
} DdOutboxOp;

void         dd_outbox_op_free               (DdOutboxOp *op);

/* The server's answer for one op; @result is the ack as JSON text. */
typedef struct
{
  const char *op_id;
  const char *status;
  gint64      server_seq;
  const char *result;
} DdSyncAck;

/* A conflict the server recorded; values are JSON text. */
typedef struct
{
  const char *id;
  const char *record_kind;
  const char *record_id;
  const char *field;
  const char *winner_value;
  const char *loser_value;
  const char *winner_desk;
  const char *loser_desk;
  gint64      server_seq;
} DdSyncConflict;

/* A pulled change: the record's fields after it, as JSON text. */
typedef struct
{
  gint64      server_seq;
  const char *record_kind;
  const char *record_id;
  const char *owner_unit;
  const char *op;
  const char *desk_id;
  const char *fields;
  gint64      ver;
  DdHlc       hlc;
  gboolean    deleted;
} DdSyncChange;

/* What the server said besides its acks and changes. */
typedef struct
{
  DdHlc       hlc;
  gint64      skew_ms;
  const char *epoch;
  const char *cursor;
  gint64      server_time_ms;   /* the answer's "server_time" (Unix ms), 0 if none */
} DdSyncServerClock;

/**
 * DdReceiptState:
 * @DD_RECEIPT_STATE_LOCAL: kept on this desk only: the desk is not
 *   enrolled with a server, or nothing of the record is in the outbox
 * @DD_RECEIPT_STATE_REJECTED: the server refused an op for good (see the
 *   reason); it waits for an officer or administrator
 * @DD_RECEIPT_STATE_PARKED: an op is parked (a rejection the server calls
 *   retryable, or behind a rejected op of the record); tried again later
 * @DD_RECEIPT_STATE_QUEUED: ops wait in the outbox, not sent yet
 * @DD_RECEIPT_STATE_SENT: a batch carrying an op went out and no answer
 *   is recorded yet
 * @DD_RECEIPT_STATE_ACCEPTED: the server accepted every op of the record
 *   (or the record came from the server and has no ops here)
 *
 * How far a record's changes have got on their way to the provincial
 * server. The values are ordered from the least advanced: a record with
 * several ops is in the least advanced state of any of them.
 */
typedef enum
{
  DD_RECEIPT_STATE_LOCAL,
  DD_RECEIPT_STATE_REJECTED,
  DD_RECEIPT_STATE_PARKED,
  DD_RECEIPT_STATE_QUEUED,
  DD_RECEIPT_STATE_SENT,
  DD_RECEIPT_STATE_ACCEPTED,
} DdReceiptState;

/* "local", "rejected", "parked", "queued", "sent", "accepted". */
const char  *dd_receipt_state_to_string      (DdReceiptState            state);

/* One record's receipt. An incident's covers its events too (the
 * information added to it goes up as incident_event appends). */
typedef struct
{
  char           *record_kind;
  char           *record_id;
  DdReceiptState  state;
  gboolean        enrolled;
  /* accepted without ops of this desk: the record came from the server */
  gboolean        received;
  guint           n_ops;
  /* sent: when (desk time, Unix ms) the last batch carrying it went */
  gint64          sent_at;
  /* accepted: the server's time (Unix ms) when it accepted the last of the
   * record's ops; 0 when the server's answer did not say (ops acked
   * before this desk recorded it) */
  gint64          accepted_at;
  /* rejected, parked: the server's reason (a machine word, see
   * PROTOCOL.md §4) and its English detail */
  char           *reason;
  char           *detail;
} DdReceipt;

DdReceipt   *dd_receipt_new                  (const char               *record_kind,
                                              const char               *record_id);
void         dd_receipt_free                 (DdReceipt                *receipt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdReceipt, dd_receipt_free)

/* %NULL with DD_STORE_ERROR_NOT_FOUND when the desk is not enrolled. */
DdSyncState *dd_store_get_sync_state         (DdStore                  *self,
                                              GError                  **error);
/* Records the enrolment; refuses (DD_STORE_ERROR_ALREADY_INITIALISED) a
 * desk enrolled already. */
gboolean     dd_store_set_sync_enrolment     (DdStore                  *self,
                                              const char               *server_url,
                                              const char               *desk_id,
                                              const char               *unit,
                                              const char               *server_epoch,
                                              const char               *ca_file,
                                              const char               *secret_store,
                                              GError                  **error);
/* The next ops to push, oldest first, at most @max; ops of a record with a
 * parked op are left out (they are parked with it). */
GPtrArray   *dd_store_sync_next_batch        (DdStore                  *self,
                                              guint                     max,
                                              GError                  **error);
/* Marks @ops (#DdOutboxOp, from dd_store_sync_next_batch()) as in flight
 * (@sent, just before their batch is sent) or back in the queue (the send
 * failed without an answer). Ops acked or parked meanwhile are left as
 * they are. An op left in flight by a crash is still in the next batch
 * (the server acks it as a duplicate if it had it). */
gboolean     dd_store_sync_mark_sent         (DdStore                  *self,
                                              GPtrArray                *ops,
                                              gboolean                  sent,
                                              GError                  **error);
/* Stores a push answer in one transaction: acked ops (accepted at
 * @clock's server_time_ms; a duplicate keeps an earlier acceptance time),
 * rejected ones parked with every later op of their record, conflicts
 * kept, the clock merged. */
gboolean     dd_store_sync_record_acks       (DdStore                  *self,
                                              const DdSyncAck          *acks,
                                              guint                     n_acks,
                                              const DdSyncConflict     *conflicts,
                                              guint                     n_conflicts,
                                              const DdSyncServerClock  *clock,
                                              GError                  **error);
/* Applies one pulled page and its cursor in one transaction. Every record
 * is kept in sync_records; those of a kind the desk has a table for (see
 * dd-sync-apply.h) are written into it, the desk's own changes included
 * (where one of its fields lost a conflict the table takes the winner). A
 * record with pending or parked local ops is not overwritten (@n_rebased
 * counts them): its ops go up and the server's merge comes back in a
 * later pull. @rules derive pulled incidents. */
gboolean     dd_store_sync_apply_page        (DdStore                  *self,
                                              DdIncidentRules          *rules,
                                              const DdSyncChange       *changes,
                                              guint                     n_changes,
                                              const DdSyncConflict     *conflicts,
                                              guint                     n_conflicts,
                                              const DdSyncServerClock  *clock,
                                              guint                    *n_rebased,
                                              GError                  **error);
/* The incidents of other units that pulled pages made grade I or II (new
 * here, or raised from a lower grade) since the last call, as a JSON array
 * of {"incident_id", "number", "owner_unit", "grade", "summary"}, and
 * forgets them. Kept by this connection only (not across a restart). */
char        *dd_store_sync_take_arrivals     (DdStore                  *self,
                                              GError                  **error);
/* After resync_required: forgets the cursor, takes @server_epoch and
 * queues the acked ops to be pushed again. */
gboolean     dd_store_sync_reset_for_resync  (DdStore                  *self,
                                              const char               *server_epoch,
                                              GError                  **error);
gboolean     dd_store_sync_set_error         (DdStore                  *self,
                                              const char               *message,
                                              GError                  **error);
/* JSON arrays: the conflicts this desk took part in (@open_only: those
 * not settled yet), with how each was settled; the parked ops with the
 * server's reason. */
char        *dd_store_sync_list_conflicts    (DdStore                  *self,
                                              gboolean                  open_only,
                                              GError                  **error);
char        *dd_store_sync_list_parked       (DdStore                  *self,
                                              GError                  **error);
/* The receipt of the record @record_kind @record_id (see #DdReceipt). A
 * record the desk does not have is DD_RECEIPT_STATE_LOCAL with no ops. */
DdReceipt   *dd_store_sync_get_receipt       (DdStore                  *self,
                                              const char               *record_kind,
                                              const char               *record_id,
                                              GError                  **error);
/* Fills in each #DdReceipt of @receipts (made by dd_receipt_new()). */
gboolean     dd_store_sync_fill_receipts     (DdStore                  *self,
                                              GPtrArray                *receipts,
                                              GError                  **error);
/* Ops that a push would send now (-1 on error). */
gint64       dd_store_sync_count_pushable    (DdStore                  *self,
                                              GError                  **error);
/* Puts parked ops back in the queue: every parked op of the record of
 * @op_id, or (@op_id %NULL) of every record whose rejection the server
 * called retryable and that was parked before @parked_before_ms. Returns
 * how many; 0 with @error set on failure. */
guint        dd_store_sync_retry_parked      (DdStore                  *self,
                                              const char               *op_id,
                                              gint64                    parked_before_ms,
                                              GError                  **error);
/* Removes parked op @op_id from the queue; the audit journal keeps it. */
gboolean     dd_store_sync_drop_parked       (DdStore                  *self,
                                              const char               *op_id,
                                              GError                  **error);
/* Settles conflict @id: @resolution "keep" (the kept value stays),
 * "take_other" (the lost value is written again) or "value" (@value, JSON
 * or plain text, is written). Writing is a normal change of the record —
 * its table, the audit journal and an outbox patch in one transaction —
 * so it goes to the server and the other desks. */
gboolean     dd_store_sync_resolve_conflict  (DdStore                  *self,
                                              const char               *id,
                                              const char               *resolution,
                                              const char               *value,
                                              GError                  **error);

G_END_DECLS
