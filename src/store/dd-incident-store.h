/* dd-incident-store.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-grading.h"
#include "dd-incident.h"
#include "dd-reporting.h"
#include "dd-store.h"
#include "dd-store-service.h"
#include "dd-taxonomy.h"

G_BEGIN_DECLS

/* Calls and incidents of the desk (migration 0005). A call is recorded
 * first; it opens a new incident (with the incident's log event), adds a
 * follow-up event to an existing incident, or is closed as a non-incident.
 * Incidents are numbered per desk and Beijing day of receipt
 * (UNITCODE-YYYYMMDD-NNNN) in the write transaction. Incident events are
 * append-only (the database refuses UPDATE and DELETE); an incident's
 * state is derived from its events (dd_incident_derive()). Every write goes
 * through the store's write helper with the record kinds "call",
 * "incident" and "incident_event" (events as "append" operations).
 *
 * The store never loads rule files: the caller (dutyctl, the window)
 * loads them (src/sync) and passes a #DdIncidentRules. Times are Unix ms. */

/* ------------------------------------------------------------------ rules */

/* The rules the store derives incidents with: grading rules and taxonomy
 * (required) and reporting rules (optional: without them no clocks are
 * computed and late reports are not checked). Immutable, reference counted. */
#define DD_TYPE_INCIDENT_RULES (dd_incident_rules_get_type ())
typedef struct _DdIncidentRules DdIncidentRules;

GType             dd_incident_rules_get_type      (void) G_GNUC_CONST;
DdIncidentRules  *dd_incident_rules_new           (DdGradingRules   *grading,
                                                   DdTaxonomy       *taxonomy,
                                                   DdReportingRules *reporting);
DdIncidentRules  *dd_incident_rules_ref           (DdIncidentRules  *self);
void              dd_incident_rules_unref         (DdIncidentRules  *self);
DdGradingRules   *dd_incident_rules_get_grading   (DdIncidentRules  *self);
DdTaxonomy       *dd_incident_rules_get_taxonomy  (DdIncidentRules  *self);
/* (nullable) */
DdReportingRules *dd_incident_rules_get_reporting (DdIncidentRules  *self);

/* ------------------------------------------------------------------ enums */

/**
 * DdCallChannel:
 * How a call or message came in.
 */
typedef enum
{
  DD_CALL_CHANNEL_PHONE,
  DD_CALL_CHANNEL_FAX,
  DD_CALL_CHANNEL_SMS,
  DD_CALL_CHANNEL_SYSTEM,
  DD_CALL_CHANNEL_ONLINE_MEDIA,
  DD_CALL_CHANNEL_LOWER_LEVEL,
  DD_CALL_CHANNEL_WALK_IN,
} DdCallChannel;

#define DD_N_CALL_CHANNELS (DD_CALL_CHANNEL_WALK_IN + 1)

/* "phone", "fax", "sms", "system", "online_media", "lower_level", "walk_in" */
const char *dd_call_channel_to_string   (DdCallChannel  channel);
gboolean    dd_call_channel_from_string (const char    *str,
                                         DdCallChannel *channel);
/* Translated: "Phone", … */
const char *dd_call_channel_get_label   (DdCallChannel  channel);

/**
 * DdCallDisposition:
 * @DD_CALL_DISPOSITION_NEW_INCIDENT: the call opened a new incident
 * @DD_CALL_DISPOSITION_FOLLOW_UP: the call added information to an incident
 * @DD_CALL_DISPOSITION_NON_INCIDENT: not an incident (see #DdNonIncidentReason)
 */
typedef enum
{
  DD_CALL_DISPOSITION_NEW_INCIDENT,
  DD_CALL_DISPOSITION_FOLLOW_UP,
  DD_CALL_DISPOSITION_NON_INCIDENT,
} DdCallDisposition;

/* "new_incident", "follow_up", "non_incident" */
const char *dd_call_disposition_to_string   (DdCallDisposition  disposition);
gboolean    dd_call_disposition_from_string (const char        *str,
                                             DdCallDisposition *disposition);

/**
 * DdNonIncidentReason:
 * @DD_NON_INCIDENT_NONE: the call is an incident's
 * @DD_NON_INCIDENT_ENQUIRY: an enquiry
 * @DD_NON_INCIDENT_WRONG_NUMBER: a wrong number
 * @DD_NON_INCIDENT_TEST_CALL: a test call
 */
typedef enum
{
  DD_NON_INCIDENT_NONE,
  DD_NON_INCIDENT_ENQUIRY,
  DD_NON_INCIDENT_WRONG_NUMBER,
  DD_NON_INCIDENT_TEST_CALL,
} DdNonIncidentReason;

/* "none", "enquiry", "wrong_number", "test_call" */
const char *dd_non_incident_reason_to_string   (DdNonIncidentReason  reason);
gboolean    dd_non_incident_reason_from_string (const char          *str,
                                                DdNonIncidentReason *reason);
/* Translated: "Enquiry", "Wrong number", "Test call" */
const char *dd_non_incident_reason_get_label   (DdNonIncidentReason  reason);

/* ------------------------------------------------------------------ calls */

/**
 * DdCallInput:
 * @received_at: when it came in (Unix ms; 0 for now)
 * @channel: how
 * @caller_name: (nullable): the caller
 * @caller_unit: (nullable): the caller's unit
 * @caller_phone: (nullable): the caller's number
 * @summary: what was said (required, not empty)
 * @officer_id: (nullable): the staff id of the officer who took it
 * @disposition: what the call became
 * @incident_id: %DD_CALL_DISPOSITION_FOLLOW_UP: the incident's id (or number)
 * @non_incident_reason: %DD_CALL_DISPOSITION_NON_INCIDENT: why
 *
 * What dd_store_log_call() records; a plain struct owned by the caller.
 */
typedef struct
{
  gint64               received_at;
  DdCallChannel        channel;
  const char          *caller_name;
  const char          *caller_unit;
  const char          *caller_phone;
  const char          *summary;
  const char          *officer_id;
  DdCallDisposition    disposition;
  const char          *incident_id;
  DdNonIncidentReason  non_incident_reason;
} DdCallInput;

/* A recorded call, for lists. Read-only properties "id", "received-at"
 * (gint64), "channel" (int, a #DdCallChannel), "caller-name",
 * "caller-unit", "caller-phone", "summary", "officer-id", "disposition"
 * (int), "incident-id", "incident-number", "non-incident-reason" (int).
 * An object made with g_object_new() and no properties is DdPagedModel's
 * placeholder (empty strings, zeros). */
#define DD_TYPE_CALL (dd_call_get_type ())
G_DECLARE_FINAL_TYPE (DdCall, dd_call, DD, CALL, GObject)

const char          *dd_call_get_id                  (DdCall *self);
gint64               dd_call_get_received_at         (DdCall *self);
DdCallChannel        dd_call_get_channel             (DdCall *self);
const char          *dd_call_get_caller_name         (DdCall *self);
const char          *dd_call_get_caller_unit         (DdCall *self);
const char          *dd_call_get_caller_phone        (DdCall *self);
const char          *dd_call_get_summary             (DdCall *self);
const char          *dd_call_get_officer_id          (DdCall *self);
DdCallDisposition    dd_call_get_disposition         (DdCall *self);
/* "" for a non-incident */
const char          *dd_call_get_incident_id         (DdCall *self);
const char          *dd_call_get_incident_number     (DdCall *self);
DdNonIncidentReason  dd_call_get_non_incident_reason (DdCall *self);

/* -------------------------------------------------------------- incidents */

/* An incident as listed: the number and what the list shows, kept up to
 * date by every write (from the derived state). Read-only properties "id",
 * "number", "owner-unit", "subtype", "received-at" (gint64),
 * "occurred-at" (gint64, 0 if not given), "location", "division",
 * "description", "grade" (int, the effective #DdGrade), "computed-grade"
 * (int), "manual-required" (boolean), "status" (int, a #DdIncidentStatus),
 * "closed-at" (gint64), "next-due-at" (gint64: the earliest due time of a
 * reporting clock not yet met, late or cancelled; 0 if none or no
 * reporting rules), "updated-at" (gint64). Placeholder as for #DdCall. */
#define DD_TYPE_INCIDENT_SUMMARY (dd_incident_summary_get_type ())
G_DECLARE_FINAL_TYPE (DdIncidentSummary, dd_incident_summary, DD, INCIDENT_SUMMARY, GObject)

const char       *dd_incident_summary_get_id              (DdIncidentSummary *self);
const char       *dd_incident_summary_get_number          (DdIncidentSummary *self);
const char       *dd_incident_summary_get_owner_unit      (DdIncidentSummary *self);
const char       *dd_incident_summary_get_subtype         (DdIncidentSummary *self);
gint64            dd_incident_summary_get_received_at     (DdIncidentSummary *self);
gint64            dd_incident_summary_get_occurred_at     (DdIncidentSummary *self);
const char       *dd_incident_summary_get_location        (DdIncidentSummary *self);
const char       *dd_incident_summary_get_division        (DdIncidentSummary *self);
const char       *dd_incident_summary_get_description     (DdIncidentSummary *self);
DdGrade           dd_incident_summary_get_grade           (DdIncidentSummary *self);
DdGrade           dd_incident_summary_get_computed_grade  (DdIncidentSummary *self);
gboolean          dd_incident_summary_get_manual_required (DdIncidentSummary *self);
DdIncidentStatus  dd_incident_summary_get_status          (DdIncidentSummary *self);
gint64            dd_incident_summary_get_closed_at       (DdIncidentSummary *self);
gint64            dd_incident_summary_get_next_due_at     (DdIncidentSummary *self);
gint64            dd_incident_summary_get_updated_at      (DdIncidentSummary *self);

/**
 * DdIncidentDetail:
 * @summary: the incident as listed
 * @state: the state derived from its events (history included)
 * @reporting: (nullable): its reporting clocks at @at, %NULL without
 *   reporting rules
 * @calls: (element-type DdCall): the calls about it, oldest first
 * @at: the instant the clocks were computed for
 *
 * Everything about one incident (the incident page, `incident show`).
 * Owned by whoever received it; free with dd_incident_detail_free(). It
 * cannot be copied (g_boxed_copy() is not supported).
 */
typedef struct
{
  DdIncidentSummary *summary;
  DdIncidentState   *state;
  DdReportingResult *reporting;
  GPtrArray         *calls;
  gint64             at;
} DdIncidentDetail;

#define DD_TYPE_INCIDENT_DETAIL (dd_incident_detail_get_type ())
GType             dd_incident_detail_get_type (void) G_GNUC_CONST;
void              dd_incident_detail_free     (DdIncidentDetail *detail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdIncidentDetail, dd_incident_detail_free)

/**
 * DdIncidentFilter:
 * @open_only: only open incidents
 * @from: (nullable): first Beijing date of receipt (included)
 * @to: (nullable): last Beijing date of receipt (included)
 * @limit: at most this many, 0 for all
 *
 * Which incidents dd_store_list_incidents() returns (newest first).
 */
typedef struct
{
  gboolean     open_only;
  const GDate *from;
  const GDate *to;
  guint        limit;
} DdIncidentFilter;

/* ----------------------------------------------------------------- search */

/**
 * DdSearchKind:
 * Where a search hit was found; also flags (1 << kind) to restrict a search.
 */
typedef enum
{
  DD_SEARCH_KIND_CALL,
  DD_SEARCH_KIND_INCIDENT,
  DD_SEARCH_KIND_EVENT,
  DD_SEARCH_KIND_LOG,
  DD_SEARCH_KIND_INSTRUCTION,
} DdSearchKind;

#define DD_N_SEARCH_KINDS (DD_SEARCH_KIND_INSTRUCTION + 1)

/* "call", "incident", "event", "log" (duty-log entries), "instruction"
 * (leader instructions) */
const char *dd_search_kind_to_string   (DdSearchKind  kind);
gboolean    dd_search_kind_from_string (const char   *str,
                                        DdSearchKind *kind);

/**
 * DdSearchFilter:
 * @from: (nullable): first Beijing date of the hit's time (included)
 * @to: (nullable): last Beijing date of the hit's time (included)
 * @grades: bits 1 << #DdGrade: the incident's effective grade is one of
 *   them; 0 for any
 * @category: (nullable): the incident's sub-type is of this taxonomy
 *   category ("natural", "accident", …)
 * @division: (nullable): a division code: the incident's division is it
 *   or below it
 * @statuses: bits 1 << #DdIncidentStatus; 0 for any
 *
 * Narrows a search. @grades, @category, @division and @statuses are about
 * the incident a hit belongs to: with any of them, hits that belong to no
 * incident (non-incident calls, log entries about no incident) are left
 * out. All zero: no filter.
 */
typedef struct
{
  const GDate *from;
  const GDate *to;
  guint        grades;
  const char  *category;
  const char  *division;
  guint        statuses;
} DdSearchFilter;

/* One hit. Read-only properties "kind" (int), "id" (of the call, incident,
 * event, log entry or instruction), "incident-id" ("" for a non-incident call), "text" (the
 * matching text), "at" (gint64: received time). */
#define DD_TYPE_SEARCH_HIT (dd_search_hit_get_type ())
G_DECLARE_FINAL_TYPE (DdSearchHit, dd_search_hit, DD, SEARCH_HIT, GObject)

DdSearchKind  dd_search_hit_get_kind        (DdSearchHit *self);
const char   *dd_search_hit_get_id          (DdSearchHit *self);
const char   *dd_search_hit_get_incident_id (DdSearchHit *self);
const char   *dd_search_hit_get_text        (DdSearchHit *self);
gint64        dd_search_hit_get_at          (DdSearchHit *self);

/* ---------------------------------------------- synchronous API (DdStore) */

/* Records a call. With %DD_CALL_DISPOSITION_NEW_INCIDENT, @event is the
 * new incident's log event (kind LOG, sub-type required; its ids,
 * received_at when 0 and note when %NULL are filled in by the store: pass
 * ids %NULL): the incident gets its number, and call, incident and event
 * are written in one transaction. With %DD_CALL_DISPOSITION_FOLLOW_UP,
 * @event (nullable: then an UPDATE with the summary as note) is appended
 * to the incident. With %DD_CALL_DISPOSITION_NON_INCIDENT @event must be
 * %NULL and a reason given. Invalid input: %DD_STORE_ERROR_INVALID,
 * nothing written; an unknown incident: %DD_STORE_ERROR_NOT_FOUND.
 * Returns the saved call (its incident id and number set). */
DdCall            *dd_store_log_call             (DdStore                *self,
                                                  DdIncidentRules        *rules,
                                                  const DdCallInput      *call,
                                                  const DdIncidentEvent  *event,
                                                  GError                **error);
/* Appends @event (kind UPDATE, REGRADE, REPORT, CLOSE or REOPEN; id %NULL,
 * incident_id the incident's id or number) after checking that the
 * incident still derives with it. A late report (by the reporting rules,
 * at the report's time) without a reason is %DD_STORE_ERROR_INVALID.
 * Returns the incident as listed afterwards. */
DdIncidentSummary *dd_store_add_incident_event   (DdStore                *self,
                                                  DdIncidentRules        *rules,
                                                  const DdIncidentEvent  *event,
                                                  GError                **error);
/* @id_or_number: the id or the number. Clocks computed at @at (0: now). */
DdIncidentDetail  *dd_store_get_incident         (DdStore                *self,
                                                  DdIncidentRules        *rules,
                                                  const char             *id_or_number,
                                                  gint64                  at,
                                                  GError                **error);
/* The incident as listed, without deriving its state (cheap): by id or
 * number; %DD_STORE_ERROR_NOT_FOUND if unknown. */
DdIncidentSummary *dd_store_get_incident_summary (DdStore                *self,
                                                  const char             *id_or_number,
                                                  GError                **error);
/* The call @id; %DD_STORE_ERROR_NOT_FOUND if unknown. */
DdCall            *dd_store_get_call             (DdStore                *self,
                                                  const char             *id,
                                                  GError                **error);
/* The events of an incident (DdIncidentEvent), in the order recorded. */
GPtrArray         *dd_store_list_incident_events (DdStore                *self,
                                                  const char             *id_or_number,
                                                  GError                **error);
/* DdIncidentSummary, newest received first. @filter %NULL: all. */
GPtrArray         *dd_store_list_incidents       (DdStore                *self,
                                                  const DdIncidentFilter *filter,
                                                  GError                **error);
/* The clocks of every open incident (or every incident, @include_closed)
 * at @at (0: now): DdIncidentDetail with @calls %NULL, newest first. */
GPtrArray         *dd_store_list_incident_clocks (DdStore                *self,
                                                  DdIncidentRules        *rules,
                                                  gint64                  at,
                                                  gboolean                include_closed,
                                                  GError                **error);

/**
 * DdIncidentOrder:
 * @DD_INCIDENT_ORDER_RECEIVED: by the time received
 * @DD_INCIDENT_ORDER_NUMBER: by number
 * @DD_INCIDENT_ORDER_GRADE: by grade, grade I first (not graded last)
 * @DD_INCIDENT_ORDER_STATUS: open before closed
 * @DD_INCIDENT_ORDER_DUE: by the next reporting deadline (none last)
 *
 * How dd_store_fetch_incidents_ordered() sorts; or with
 * %DD_ORDER_DESCENDING for the other way round.
 */
typedef enum
{
  DD_INCIDENT_ORDER_RECEIVED,
  DD_INCIDENT_ORDER_NUMBER,
  DD_INCIDENT_ORDER_GRADE,
  DD_INCIDENT_ORDER_STATUS,
  DD_INCIDENT_ORDER_DUE,
  DD_N_INCIDENT_ORDERS
} DdIncidentOrder;

/**
 * DdCallOrder:
 * @DD_CALL_ORDER_RECEIVED: by the time received
 * @DD_CALL_ORDER_CHANNEL: by channel
 * @DD_CALL_ORDER_CALLER: by the caller's name
 * @DD_CALL_ORDER_DISPOSITION: new incidents, follow-ups, then other calls
 *
 * How dd_store_fetch_calls_ordered() sorts.
 */
typedef enum
{
  DD_CALL_ORDER_RECEIVED,
  DD_CALL_ORDER_CHANNEL,
  DD_CALL_ORDER_CALLER,
  DD_CALL_ORDER_DISPOSITION,
  DD_N_CALL_ORDERS
} DdCallOrder;

/* Or'ed with an order: the other way round (the time received and the id
 * that break ties follow the same direction). */
#define DD_ORDER_DESCENDING (1u << 8)

/* For DdPagedModel (newest received first). */
gint64             dd_store_count_calls          (DdStore                *self,
                                                  GError                **error);
GPtrArray         *dd_store_fetch_calls          (DdStore                *self,
                                                  guint                   offset,
                                                  guint                   limit,
                                                  GError                **error);
/* For DdPagedModel (dd_paged_model_new_ordered()): @order a #DdCallOrder,
 * optionally | %DD_ORDER_DESCENDING. */
GPtrArray         *dd_store_fetch_calls_ordered  (DdStore                *self,
                                                  guint                   order,
                                                  guint                   offset,
                                                  guint                   limit,
                                                  GError                **error);
gint64             dd_store_count_incidents      (DdStore                *self,
                                                  GError                **error);
GPtrArray         *dd_store_fetch_incidents      (DdStore                *self,
                                                  guint                   offset,
                                                  guint                   limit,
                                                  GError                **error);

/* @order: a #DdIncidentOrder, optionally | %DD_ORDER_DESCENDING. */
GPtrArray         *dd_store_fetch_incidents_ordered (DdStore             *self,
                                                     guint                order,
                                                     guint                offset,
                                                     guint                limit,
                                                     GError             **error);

/* DdSearchHit, best first. @text is split at spaces into terms; a
 * document (call summary, incident description and location, event text,
 * log entry, instruction) matches if it contains every term, as
 * `text LIKE '%term%'` would say (ASCII letters in any case). Of the
 * newest matches, by the order they were recorded (the newest
 * max (500, 10 × @limit)), the @limit best are returned: the largest share
 * of the text made of the terms first, then the newest. Terms of 3
 * characters or more are found with the FTS5 trigram index, shorter ones
 * with the character and 2-character index of migration 0006; a filter
 * that leaves few documents is read first. A @text of no term (empty or
 * spaces) matches every document: with a filter, the newest documents it
 * leaves are listed (newest first); without one, none. @kinds: bits 1 <<
 * #DdSearchKind, 0 for all; @filter %NULL for none; @limit 0 for 50. */
GPtrArray         *dd_store_search_filtered      (DdStore                *self,
                                                  const char             *text,
                                                  guint                   kinds,
                                                  const DdSearchFilter   *filter,
                                                  guint                   limit,
                                                  GError                **error);
/* dd_store_search_filtered() without a filter. */
GPtrArray         *dd_store_search_incidents     (DdStore                *self,
                                                  const char             *text,
                                                  guint                   kinds,
                                                  guint                   limit,
                                                  GError                **error);

/* ------------------------------------------ asynchronous API (the window) */

/* @call and @event are copied. Result: a DdCall. */
void               dd_store_service_log_call_async       (DdStoreService        *service,
                                                          DdIncidentRules       *rules,
                                                          const DdCallInput     *call,
                                                          const DdIncidentEvent *event,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
DdCall            *dd_store_service_log_call_finish      (DdStoreService        *service,
                                                          GAsyncResult          *result,
                                                          GError               **error);

void               dd_store_service_add_incident_event_async  (DdStoreService        *service,
                                                               DdIncidentRules       *rules,
                                                               const DdIncidentEvent *event,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
DdIncidentSummary *dd_store_service_add_incident_event_finish (DdStoreService        *service,
                                                               GAsyncResult          *result,
                                                               GError               **error);

void               dd_store_service_get_incident_async   (DdStoreService        *service,
                                                          DdIncidentRules       *rules,
                                                          const char            *id_or_number,
                                                          gint64                 at,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
DdIncidentDetail  *dd_store_service_get_incident_finish  (DdStoreService        *service,
                                                          GAsyncResult          *result,
                                                          GError               **error);

/* @filter is copied (%NULL: all). Result: GPtrArray of DdIncidentSummary. */
void               dd_store_service_list_incidents_async (DdStoreService         *service,
                                                          const DdIncidentFilter *filter,
                                                          GCancellable           *cancellable,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
GPtrArray         *dd_store_service_list_incidents_finish (DdStoreService        *service,
                                                           GAsyncResult          *result,
                                                           GError               **error);

/* Result: GPtrArray of DdIncidentDetail (see dd_store_list_incident_clocks()). */
void               dd_store_service_list_incident_clocks_async  (DdStoreService      *service,
                                                                 DdIncidentRules     *rules,
                                                                 gint64               at,
                                                                 gboolean             include_closed,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GPtrArray         *dd_store_service_list_incident_clocks_finish (DdStoreService      *service,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);

/* @filter is copied (%NULL: none). Result: GPtrArray of DdSearchHit. */
void               dd_store_service_search_incidents_async  (DdStoreService       *service,
                                                             const char           *text,
                                                             guint                 kinds,
                                                             const DdSearchFilter *filter,
                                                             guint                 limit,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GPtrArray         *dd_store_service_search_incidents_finish (DdStoreService       *service,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdIncidentRules, dd_incident_rules_unref)

G_END_DECLS
