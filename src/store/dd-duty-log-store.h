/* dd-duty-log-store.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-duty-log.h"
#include "dd-incident-store.h"
#include "dd-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The duty log, leader instructions, call-backs, the handover and the
 * daily report of the desk (migration 0007). All of it is history: log
 * entries, instructions, their completions, call-back requests and
 * call-backs made, acknowledgements and signed handovers are rows the
 * database refuses to change or delete. Every write goes through the
 * store's write helper (row, audit entry, outbox operation and clock in
 * one transaction) with the record kinds "log_entry", "instruction",
 * "instruction_done", "call_callback", "handover_ack" and "handover".
 *
 * Statuses (of instructions, of handover items) follow the reporting
 * clocks' rule (dd_clock_status_at()); they are computed, never stored.
 * Times are Unix ms; 0 for "now" where said. */

/* -------------------------------------------------------------- duty log */

/* Writes @entry (id %NULL; at 0 for now; incident_id an incident's id or
 * number, or %NULL). Invalid input is %DD_STORE_ERROR_INVALID, an unknown
 * incident %DD_STORE_ERROR_NOT_FOUND; nothing written. Returns the entry
 * as saved. */
DdLogEntry    *dd_store_add_log_entry        (DdStore              *self,
                                              const DdLogEntry     *entry,
                                              GError              **error);
/* DdLogEntry with @from <= at < @to (@to 0: no end), oldest first. A
 * shift's log: its start and end. */
GPtrArray     *dd_store_list_log_entries     (DdStore              *self,
                                              gint64                from,
                                              gint64                to,
                                              GError              **error);

/* ---------------------------------------------------------- instructions */

/* Writes @instruction (id %NULL; issued_at 0 for now; done_at must be 0;
 * incident_id an id or number, or %NULL). Returns it as saved. */
DdInstruction *dd_store_add_instruction      (DdStore              *self,
                                              const DdInstruction  *instruction,
                                              GError              **error);
/* Marks instruction @id done at @at (0: now), once. Done after its
 * feedback time needs @reason (else %DD_STORE_ERROR_INVALID, nothing
 * written), as a late report does. */
DdInstruction *dd_store_complete_instruction (DdStore              *self,
                                              const char           *id,
                                              gint64                at,
                                              const char           *reason,
                                              GError              **error);
DdInstruction *dd_store_get_instruction      (DdStore              *self,
                                              const char           *id,
                                              GError              **error);
/* DdInstruction as known at @at (0: now: given by then; done_at 0 when
 * done after @at), by issue time; @open_only: those not done by @at. */
GPtrArray     *dd_store_list_instructions    (DdStore              *self,
                                              gboolean              open_only,
                                              gint64                at,
                                              GError              **error);

/* ------------------------------------------------------------ call-backs */

/* Marks call @call_id for a call-back due at @due_at, requested at @at
 * (0: now). A later request replaces the earlier one. */
gboolean       dd_store_request_callback     (DdStore              *self,
                                              const char           *call_id,
                                              gint64                due_at,
                                              gint64                at,
                                              GError              **error);
/* Records the call-back of @call_id made at @at (0: now); refused
 * (%DD_STORE_ERROR_INVALID) when none is awaited. */
gboolean       dd_store_complete_callback    (DdStore              *self,
                                              const char           *call_id,
                                              gint64                at,
                                              GError              **error);
/* DdCallback requested by @at (0: now), by due time; @awaited_only: not
 * made by @at. */
GPtrArray     *dd_store_list_callbacks       (DdStore              *self,
                                              gboolean              awaited_only,
                                              gint64                at,
                                              GError              **error);

/* -------------------------------------------------------------- handover */

/* The items open at @at (0: now) (dd_handover_items() over the open
 * incidents' clocks, the open instructions, the awaited call-backs and the
 * pending outbox operations), each with its acknowledgement since the last
 * signed handover. @rules must have reporting rules. */
GPtrArray     *dd_store_list_handover_items  (DdStore              *self,
                                              DdIncidentRules      *rules,
                                              gint64                at,
                                              GError              **error);
/* The incoming officer @by acknowledges item @item_id (open at @at, 0:
 * now); an item not open is %DD_STORE_ERROR_NOT_FOUND, one already
 * acknowledged %DD_STORE_ERROR_INVALID. Returns the item. */
DdHandoverItem *dd_store_ack_handover_item   (DdStore              *self,
                                              DdIncidentRules      *rules,
                                              const char           *item_id,
                                              const char           *by,
                                              gint64                at,
                                              GError              **error);
/* Signs the handover at @at (0: now) with the items open then and their
 * acknowledgements. Refused with %DD_STORE_ERROR_INVALID, and nothing
 * written, while an item is not acknowledged. */
DdHandover    *dd_store_sign_handover        (DdStore              *self,
                                              DdIncidentRules      *rules,
                                              const char           *outgoing,
                                              const char           *incoming,
                                              const char           *note,
                                              gint64                at,
                                              GError              **error);
/* DdHandover signed with @from <= signed_at < @to (@to 0: no end), oldest first. */
GPtrArray     *dd_store_list_handovers       (DdStore              *self,
                                              gint64                from,
                                              gint64                to,
                                              GError              **error);

/* ---------------------------------------------------------- daily report */

/* The desk's handover minute (dd_duty_day_handover_minute() over its
 * shift templates and regime). */
gboolean       dd_store_get_handover_minute  (DdStore              *self,
                                              guint                *minute,
                                              GError              **error);
/* The daily report of duty day @day, statuses at @at (0: now; clamped to
 * the day's end). @rules must have reporting rules. */
DdDailyReport *dd_store_build_daily_report   (DdStore              *self,
                                              DdIncidentRules      *rules,
                                              const GDate          *day,
                                              gint64                at,
                                              GError              **error);

/* ------------------------------------------ asynchronous API (the window) */

/* Result: GPtrArray of DdLogEntry. */
void           dd_store_service_list_log_entries_async   (DdStoreService       *service,
                                                          gint64                from,
                                                          gint64                to,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray     *dd_store_service_list_log_entries_finish  (DdStoreService       *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);
/* @entry is copied. */
void           dd_store_service_add_log_entry_async      (DdStoreService       *service,
                                                          const DdLogEntry     *entry,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
DdLogEntry    *dd_store_service_add_log_entry_finish     (DdStoreService       *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);
/* Result: GPtrArray of DdInstruction. */
void           dd_store_service_list_instructions_async  (DdStoreService       *service,
                                                          gboolean              open_only,
                                                          gint64                at,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray     *dd_store_service_list_instructions_finish (DdStoreService       *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);
/* @instruction is copied. */
void           dd_store_service_add_instruction_async    (DdStoreService       *service,
                                                          const DdInstruction  *instruction,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
DdInstruction *dd_store_service_add_instruction_finish   (DdStoreService       *service,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void           dd_store_service_complete_instruction_async  (DdStoreService    *service,
                                                             const char        *id,
                                                             gint64             at,
                                                             const char        *reason,
                                                             GCancellable      *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer           user_data);
DdInstruction *dd_store_service_complete_instruction_finish (DdStoreService    *service,
                                                             GAsyncResult      *result,
                                                             GError           **error);
/* Result: GPtrArray of DdHandoverItem. */
void           dd_store_service_list_handover_items_async   (DdStoreService    *service,
                                                             DdIncidentRules   *rules,
                                                             gint64             at,
                                                             GCancellable      *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer           user_data);
GPtrArray     *dd_store_service_list_handover_items_finish  (DdStoreService    *service,
                                                             GAsyncResult      *result,
                                                             GError           **error);
void           dd_store_service_ack_handover_item_async     (DdStoreService    *service,
                                                             DdIncidentRules   *rules,
                                                             const char        *item_id,
                                                             const char        *by,
                                                             gint64             at,
                                                             GCancellable      *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer           user_data);
DdHandoverItem *dd_store_service_ack_handover_item_finish   (DdStoreService    *service,
                                                             GAsyncResult      *result,
                                                             GError           **error);
void           dd_store_service_sign_handover_async         (DdStoreService    *service,
                                                             DdIncidentRules   *rules,
                                                             const char        *outgoing,
                                                             const char        *incoming,
                                                             const char        *note,
                                                             gint64             at,
                                                             GCancellable      *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer           user_data);
DdHandover    *dd_store_service_sign_handover_finish        (DdStoreService    *service,
                                                             GAsyncResult      *result,
                                                             GError           **error);
void           dd_store_service_build_daily_report_async    (DdStoreService    *service,
                                                             DdIncidentRules   *rules,
                                                             const GDate       *day,
                                                             gint64             at,
                                                             GCancellable      *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer           user_data);
DdDailyReport *dd_store_service_build_daily_report_finish   (DdStoreService    *service,
                                                             GAsyncResult      *result,
                                                             GError           **error);

G_END_DECLS
