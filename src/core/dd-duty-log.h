/* dd-duty-log.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"
#include "dd-incident.h"
#include "dd-reporting.h"
#include "dd-taxonomy.h"

G_BEGIN_DECLS

/* The duty log (值班日志), leader instructions (领导批示), the handover
 * (交接班) and the daily duty report (值班日报): plain records and the pure
 * rules over them. Times are Unix ms; nothing here reads the clock. */

/* ------------------------------------------------------------- log entries */

/**
 * DdLogEntry:
 * @id: the entry's id (a UUIDv7)
 * @at: when what it records happened
 * @text: what happened (not blank)
 * @incident_id: (nullable): the incident it concerns
 * @author: (nullable): who wrote it
 *
 * One entry of the duty log. Entries are never changed once written.
 */
typedef struct
{
  char   *id;
  gint64  at;
  char   *text;
  char   *incident_id;
  char   *author;
} DdLogEntry;

#define DD_TYPE_LOG_ENTRY (dd_log_entry_get_type ())
GType       dd_log_entry_get_type (void) G_GNUC_CONST;
DdLogEntry *dd_log_entry_new      (const char        *id,
                                   gint64             at,
                                   const char        *text);
DdLogEntry *dd_log_entry_copy     (const DdLogEntry  *entry);
void        dd_log_entry_free     (DdLogEntry        *entry);
/* A time and a text that is valid UTF-8 and not blank. */
gboolean    dd_log_entry_validate (const DdLogEntry  *entry,
                                   GError           **error);

/* ------------------------------------------------------------ instructions */

/**
 * DdInstruction:
 * @id: the instruction's id (a UUIDv7)
 * @text: what the leader instructed (not blank)
 * @issued_by: the leader (not blank)
 * @issued_at: when it was given
 * @incident_id: (nullable): the incident it concerns
 * @feedback_due: when feedback is due, 0 for no deadline
 * @done_at: when it was carried out and fed back, 0 while open
 * @done_reason: (nullable): why it was done late
 *
 * A leader's instruction (领导批示), tracked to done like a reporting step.
 */
typedef struct
{
  char   *id;
  char   *text;
  char   *issued_by;
  gint64  issued_at;
  char   *incident_id;
  gint64  feedback_due;
  gint64  done_at;
  char   *done_reason;
} DdInstruction;

#define DD_TYPE_INSTRUCTION (dd_instruction_get_type ())
GType          dd_instruction_get_type  (void) G_GNUC_CONST;
DdInstruction *dd_instruction_new       (const char           *id,
                                         const char           *text,
                                         const char           *issued_by,
                                         gint64                issued_at);
DdInstruction *dd_instruction_copy      (const DdInstruction  *instruction);
void           dd_instruction_free      (DdInstruction        *instruction);
/* Text and leader not blank, valid UTF-8; a time; a feedback time after
 * the issue time; done not before issued. */
gboolean       dd_instruction_validate  (const DdInstruction  *instruction,
                                         GError              **error);
/* The status at @at, by the rule of the reporting clocks
 * (dd_clock_status_at()): the warning time is that of a clock of
 * @feedback_due - @issued_at under @rules. Without a feedback time an
 * open instruction is pending and never changes by itself. "met" is
 * done, "late" done late. */
DdClockStatus  dd_instruction_status_at (const DdInstruction  *instruction,
                                         DdReportingRules     *rules,
                                         gint64                at,
                                         gint64               *next_change_at);
/* Whether marking it done at @at would be late (a reason is required). */
gboolean       dd_instruction_done_is_late (const DdInstruction *instruction,
                                            gint64               at);

/* ---------------------------------------------------------------- callbacks */

/**
 * DdCallback:
 * @call_id: the call to call back
 * @summary: (nullable): what the call was about
 * @caller: (nullable): who to call (name, unit, number)
 * @due_at: when the call-back is due
 * @done_at: when it was made, 0 while awaited
 *
 * A call that awaits a call-back (回电).
 */
typedef struct
{
  char   *call_id;
  char   *summary;
  char   *caller;
  gint64  due_at;
  gint64  done_at;
} DdCallback;

#define DD_TYPE_CALLBACK (dd_callback_get_type ())
GType       dd_callback_get_type (void) G_GNUC_CONST;
DdCallback *dd_callback_new      (const char        *call_id,
                                  gint64             due_at);
DdCallback *dd_callback_copy     (const DdCallback  *callback);
void        dd_callback_free     (DdCallback        *callback);

/* ----------------------------------------------------------------- handover */

/**
 * DdHandoverItemKind:
 * @DD_HANDOVER_ITEM_INCIDENT: an incident with a running reporting clock,
 *   or open (its follow-up reports are due)
 * @DD_HANDOVER_ITEM_INSTRUCTION: a leader's instruction not yet done
 * @DD_HANDOVER_ITEM_CALLBACK: a call awaiting a call-back
 * @DD_HANDOVER_ITEM_UNSYNCED: records not yet synchronized
 */
typedef enum
{
  DD_HANDOVER_ITEM_INCIDENT,
  DD_HANDOVER_ITEM_INSTRUCTION,
  DD_HANDOVER_ITEM_CALLBACK,
  DD_HANDOVER_ITEM_UNSYNCED,
} DdHandoverItemKind;

/* "incident", "instruction", "callback", "unsynced" */
const char *dd_handover_item_kind_to_string   (DdHandoverItemKind  kind);
gboolean    dd_handover_item_kind_from_string (const char         *str,
                                               DdHandoverItemKind *kind);
/* Translated: "Incident", "Instruction", "Call-back", "Not synchronized" */
const char *dd_handover_item_kind_get_label   (DdHandoverItemKind  kind);

/**
 * DdHandoverItem:
 * @id: stable id of the item: "KIND:RECORD-ID" ("incident:0190…"), or
 *   "unsynced"; what an acknowledgement names
 * @kind: what is open
 * @ref_id: (nullable): the record (%NULL for unsynced records)
 * @title: what it is (an incident's number and description, an
 *   instruction's text, a call's summary, the number of records)
 * @detail: (nullable): why it is open (the running clocks, the leader, the caller)
 * @due_at: the next due time, 0 if none
 * @status: the status of that due time (pending when there is none)
 * @acked_by: (nullable): who acknowledged it (the store fills it)
 * @acked_at: when, 0 if not acknowledged
 *
 * One open thing the outgoing officer hands over.
 */
typedef struct
{
  char               *id;
  DdHandoverItemKind  kind;
  char               *ref_id;
  char               *title;
  char               *detail;
  gint64              due_at;
  DdClockStatus       status;
  char               *acked_by;
  gint64              acked_at;
} DdHandoverItem;

#define DD_TYPE_HANDOVER_ITEM (dd_handover_item_get_type ())
GType           dd_handover_item_get_type (void) G_GNUC_CONST;
DdHandoverItem *dd_handover_item_copy     (const DdHandoverItem *item);
void            dd_handover_item_free     (DdHandoverItem       *item);

/**
 * DdHandoverIncident:
 * @id: the incident's id
 * @number: its number
 * @description: (nullable): what happened
 * @open: whether it is open
 * @reporting: (nullable): its clocks at the snapshot's instant
 *
 * An incident as the handover sees it.
 */
typedef struct
{
  char              *id;
  char              *number;
  char              *description;
  gboolean           open;
  DdReportingResult *reporting;
} DdHandoverIncident;

void dd_handover_incident_free (DdHandoverIncident *incident);

/**
 * DdHandoverSnapshot:
 * @at: the instant
 * @incidents: (element-type DdHandoverIncident): incidents that may be open
 * @instructions: (element-type DdInstruction): instructions that may be open
 * @callbacks: (element-type DdCallback): call-backs that may be awaited
 * @n_unsynced: operations waiting in the sync outbox
 *
 * What is open at an instant, as read from the store.
 */
typedef struct
{
  gint64     at;
  GPtrArray *incidents;
  GPtrArray *instructions;
  GPtrArray *callbacks;
  gint64     n_unsynced;
} DdHandoverSnapshot;

DdHandoverSnapshot *dd_handover_snapshot_new  (gint64              at);
void                dd_handover_snapshot_free (DdHandoverSnapshot *snapshot);

/* The items to hand over (DdHandoverItem), in the order incidents,
 * instructions, call-backs, unsynchronized records; each kind by due time
 * (none last), then by id:
 * - an incident with a running clock (pending, due soon, overdue), or
 *   open (its follow-up reports continue);
 * - an instruction not done at the instant;
 * - a call-back requested and not made by the instant;
 * - one item for the unsynchronized records when there are any. */
GPtrArray          *dd_handover_items         (const DdHandoverSnapshot *snapshot,
                                               DdReportingRules         *rules);
/* The item with @id in @items (DdHandoverItem), or %NULL. */
DdHandoverItem     *dd_handover_items_find    (GPtrArray          *items,
                                               const char         *id);

/**
 * DdHandover:
 * @id: the handover's id
 * @outgoing: the officer handing over
 * @incoming: the officer taking over
 * @signed_at: when both signed
 * @note: (nullable): the handover notes
 * @items: (element-type DdHandoverItem): what was handed over, with the
 *   acknowledgements
 *
 * A signed handover (交接班记录).
 */
typedef struct
{
  char      *id;
  char      *outgoing;
  char      *incoming;
  gint64     signed_at;
  char      *note;
  GPtrArray *items;
} DdHandover;

#define DD_TYPE_HANDOVER (dd_handover_get_type ())
GType       dd_handover_get_type (void) G_GNUC_CONST;
DdHandover *dd_handover_new      (void);
DdHandover *dd_handover_copy     (const DdHandover *handover);
void        dd_handover_free     (DdHandover       *handover);

/* ----------------------------------------------------------------- duty day */

/* The handover minute of a desk (minutes after midnight, Beijing): the
 * start of its leader shift among @templates (DdShiftTemplate) of
 * @regime, the earliest if several; without one, of its earliest shift of
 * @regime; without any, of its earliest shift. An error without templates. */
gboolean dd_duty_day_handover_minute (GPtrArray   *templates,
                                      DdRegime     regime,
                                      guint       *minute,
                                      GError     **error);
/* The duty day @day runs from @day at the handover minute (included) to
 * the next day at the handover minute (excluded). */
void     dd_duty_day_bounds          (const GDate *day,
                                      guint        handover_minute,
                                      gint64      *start,
                                      gint64      *end);
/* The duty day @at belongs to. */
void     dd_duty_day_of              (gint64       at,
                                      guint        handover_minute,
                                      GDate       *day);

/* ------------------------------------------------------------- daily report */

/**
 * DdDailyCount:
 * @key: a machine name ("phone", "natural")
 * @label: what the report prints
 * @counts: (array fixed-size=5): the count (all in [0]); for categories
 *   by #DdGrade (none, I, II, III, IV)
 * @total: the sum
 */
typedef struct
{
  char  *key;
  char  *label;
  guint  counts[5];
  guint  total;
} DdDailyCount;

/**
 * DdDailyIncident:
 * @id: the incident
 * @number: its number
 * @subtype: its sub-type's Chinese name (or id)
 * @category: its category's machine name
 * @grade: its effective grade at the report's instant
 * @received_at: when it was received
 * @description: (nullable): what happened
 * @status: open or closed at the report's instant
 */
typedef struct
{
  char             *id;
  char             *number;
  char             *subtype;
  char             *category;
  DdGrade           grade;
  gint64            received_at;
  char             *description;
  DdIncidentStatus  status;
} DdDailyIncident;

/**
 * DdDailyClock:
 * @number: the incident's number
 * @step: the step id
 * @title: (nullable): the step's title
 * @recipient: who must receive the report
 * @due_at: the due time
 * @met_at: when it was reported, 0 if not
 * @status: its status at the report's instant
 * @late_reason: (nullable): the reason of a late report
 */
typedef struct
{
  char          *number;
  char          *step;
  char          *title;
  char          *recipient;
  gint64         due_at;
  gint64         met_at;
  DdClockStatus  status;
  char          *late_reason;
} DdDailyClock;

/**
 * DdDailyReport:
 * @day: the duty day
 * @from: its start (the handover time)
 * @to: its end (the next handover time)
 * @at: the instant the statuses are computed for (at most @to)
 * @unit_name: (nullable): the desk's unit, for the title
 * @n_calls: calls received in the day
 * @channels: (element-type DdDailyCount): calls by channel
 * @n_incidents: incidents received in the day
 * @categories: (element-type DdDailyCount): those incidents by category
 *   and grade
 * @incidents: (element-type DdDailyIncident): those incidents, by receipt
 * @n_reports: (array fixed-size=3): reports made in the day by #DdReportKind
 * @clocks: (element-type DdDailyClock): the reporting deadlines due or met
 *   in the day, or still running at its end, by due time
 * @n_clocks: (array fixed-size=6): those clocks by #DdClockStatus
 * @instructions: (element-type DdInstruction): instructions given or done
 *   in the day, or open at @at, by issue time
 * @instruction_status: (element-type guint): the status of each at @at
 * @handovers: (element-type DdHandover): handovers signed in the day
 *
 * The daily duty report (值班日报) of one duty day, cut at the handover time.
 */
typedef struct
{
  GDate      day;
  gint64     from;
  gint64     to;
  gint64     at;
  char      *unit_name;
  guint      n_calls;
  GPtrArray *channels;
  guint      n_incidents;
  GPtrArray *categories;
  GPtrArray *incidents;
  guint      n_reports[3];
  GPtrArray *clocks;
  guint      n_clocks[6];
  GPtrArray *instructions;
  GArray    *instruction_status;
  GPtrArray *handovers;
} DdDailyReport;

#define DD_TYPE_DAILY_REPORT (dd_daily_report_get_type ())
GType          dd_daily_report_get_type        (void) G_GNUC_CONST;
/* An empty report of @day cut at @handover_minute; statuses at @at,
 * clamped to the day's end. */
DdDailyReport *dd_daily_report_new             (const GDate          *day,
                                                guint                 handover_minute,
                                                gint64                at);
void           dd_daily_report_free            (DdDailyReport        *report);
/* Declares a channel so that it is listed (in the order declared) even
 * with no call. */
void           dd_daily_report_add_channel     (DdDailyReport        *report,
                                                const char           *key,
                                                const char           *label);
/* Counts a call received at @received_at if in the day. Returns whether
 * it was counted. */
gboolean       dd_daily_report_add_call        (DdDailyReport        *report,
                                                gint64                received_at,
                                                const char           *channel,
                                                const char           *label);
/* Adds an incident (its state as known at the report's instant and its
 * clocks at that instant, nullable): counted by category and grade when
 * received in the day; its reports made in the day counted by kind; its
 * clocks due or met in the day, or running at the day's end, listed. */
void           dd_daily_report_add_incident    (DdDailyReport        *report,
                                                DdTaxonomy           *taxonomy,
                                                const char           *number,
                                                DdIncidentState      *state,
                                                DdReportingResult    *reporting);
/* Adds an instruction given or done in the day, or open at the instant. */
gboolean       dd_daily_report_add_instruction (DdDailyReport        *report,
                                                const DdInstruction  *instruction,
                                                DdReportingRules     *rules);
/* Adds a handover signed in the day. */
gboolean       dd_daily_report_add_handover    (DdDailyReport        *report,
                                                const DdHandover     *handover);
/* Sorts the lists (call after the last add). */
void           dd_daily_report_finish          (DdDailyReport        *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdLogEntry, dd_log_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdInstruction, dd_instruction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdCallback, dd_callback_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdHandoverItem, dd_handover_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdHandoverIncident, dd_handover_incident_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdHandoverSnapshot, dd_handover_snapshot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdHandover, dd_handover_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDailyReport, dd_daily_report_free)

G_END_DECLS
