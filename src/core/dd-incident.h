/* dd-incident.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"
#include "dd-facts.h"
#include "dd-grading.h"
#include "dd-taxonomy.h"

G_BEGIN_DECLS

/**
 * DdIncidentEvent:
 * @id: the event's id (a UUIDv7)
 * @incident_id: the incident's id
 * @kind: what the event records
 * @received_at: Unix ms when the desk received this information; for a
 *   report, when it was made; for a regrade, close or reopen, when it was done
 * @recorded_by: the officer, or %NULL
 * @note: the information as received (the call's summary, "--text"), or %NULL
 * @subtype: the sub-type (taxonomy id): required when logging, else %NULL
 *   for unchanged
 * @occurred_at: Unix ms when the incident occurred, 0 when not given
 * @facts: the facts given (each the total as now known)
 * @texts: (array fixed-size=8): the text elements given, indexed by
 *   #DdIncidentText, %NULL for not given
 * @grade: %DD_INCIDENT_EVENT_KIND_REGRADE: the officer's grade;
 *   %DD_GRADE_NONE clears the override
 * @reason: why: of a regrade (required), of a late report (required when
 *   late), of a close or reopen (optional)
 * @report_kind: %DD_INCIDENT_EVENT_KIND_REPORT: initial, follow-up or final
 * @report_channel: phone, written or system
 * @report_to: the recipient: "province", "prefecture", "state_council" or
 *   the name of a unit
 * @report_content: what was reported, or %NULL
 *
 * One piece of information about an incident. Events are never changed
 * once recorded: a correction is a new event. A plain record; fill it
 * after dd_incident_event_new() and free it with dd_incident_event_free().
 */
typedef struct
{
  char                *id;
  char                *incident_id;
  DdIncidentEventKind  kind;
  gint64               received_at;
  char                *recorded_by;
  char                *note;
  char                *subtype;
  gint64               occurred_at;
  DdFacts              facts;
  char                *texts[DD_N_INCIDENT_TEXTS];
  DdGrade              grade;
  char                *reason;
  DdReportKind         report_kind;
  DdReportChannel      report_channel;
  char                *report_to;
  char                *report_content;
} DdIncidentEvent;

#define DD_TYPE_INCIDENT_EVENT (dd_incident_event_get_type ())
GType            dd_incident_event_get_type     (void) G_GNUC_CONST;

DdIncidentEvent *dd_incident_event_new          (const char            *id,
                                                 const char            *incident_id,
                                                 DdIncidentEventKind    kind,
                                                 gint64                 received_at);
DdIncidentEvent *dd_incident_event_copy         (const DdIncidentEvent *event);
void             dd_incident_event_free         (DdIncidentEvent       *event);
/* Replaces text @which (a copy of @text; %NULL unsets). */
void             dd_incident_event_set_text     (DdIncidentEvent       *event,
                                                 DdIncidentText         which,
                                                 const char            *text);
/* Ids present, a time, valid UTF-8 texts, valid facts; logging needs a
 * sub-type; a regrade needs a reason; a report needs a recipient. */
gboolean         dd_incident_event_validate     (const DdIncidentEvent *event,
                                                 GError               **error);
/* As an a{sv} (machine names; absent members for what is not given):
 * for storage and the wire. */
GVariant        *dd_incident_event_to_variant   (const DdIncidentEvent *event);
DdIncidentEvent *dd_incident_event_new_from_variant (GVariant          *variant,
                                                     GError           **error);

/**
 * DdIncidentHistoryEntry:
 * @event: the event (owned by the state)
 * @computed_grade: the grade computed from the facts known after it
 * @effective_grade: the override if any, else @computed_grade
 * @grade_changed: the effective grade differs from before the event
 * @facts_changed: the facts whose value it changed (bits 1 << #DdFact)
 *
 * One event as it moved the incident.
 */
typedef struct
{
  DdIncidentEvent *event;
  DdGrade          computed_grade;
  DdGrade          effective_grade;
  gboolean         grade_changed;
  guint            facts_changed;
} DdIncidentHistoryEntry;

/**
 * DdIncidentState:
 * @incident_id: the incident's id
 * @subtype: the current sub-type id
 * @received_at: when the first information was received (the log event)
 * @occurred_at: when it occurred, 0 if never given
 * @facts: the facts as now known (the latest value of each)
 * @texts: (array fixed-size=8): the latest text of each element, %NULL if never given
 * @computed: the grade computed from @facts, with its basis
 * @override_grade: the officer's grade, %DD_GRADE_NONE if none
 * @override_reason: its reason
 * @override_at: when it was set
 * @effective_grade: @override_grade if set, else the computed grade
 * @status: open or closed
 * @closed_at: when it was last closed, 0 if open
 * @history: (element-type DdIncidentHistoryEntry): every event, in the
 *   order of their time (ties in the order given)
 * @reports: (element-type DdIncidentEvent): the report events, in order
 *   (borrowed from @history)
 * @n_followups: the number of follow-up reports made (the next is 续报 n+1)
 *
 * An incident as derived from its events. Nothing else is stored.
 */
typedef struct
{
  char              *incident_id;
  char              *subtype;
  gint64             received_at;
  gint64             occurred_at;
  DdFacts            facts;
  char              *texts[DD_N_INCIDENT_TEXTS];
  DdGradeResult     *computed;
  DdGrade            override_grade;
  char              *override_reason;
  gint64             override_at;
  DdGrade            effective_grade;
  DdIncidentStatus   status;
  gint64             closed_at;
  GPtrArray         *history;
  GPtrArray         *reports;
  guint              n_followups;
} DdIncidentState;

void             dd_incident_state_free         (DdIncidentState       *state);
/* The last text given for @which, or %NULL. */
const char      *dd_incident_state_get_text     (DdIncidentState       *state,
                                                 DdIncidentText         which);

/* Derives the incident from its events (DdIncidentEvent; copied, any
 * order): exactly one log event, the earliest; every event of the same
 * incident and valid; sub-types known to @taxonomy. Events are applied in
 * the order of @received_at (ties in the order given): facts and texts
 * replace earlier ones, the grade is recomputed after each event, a
 * regrade sets (or with %DD_GRADE_NONE clears) the override, close and
 * reopen set the status (closing a closed incident changes nothing).
 * Errors name the event. */
DdIncidentState *dd_incident_derive             (DdGradingRules        *rules,
                                                 DdTaxonomy            *taxonomy,
                                                 GPtrArray             *events,
                                                 GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdIncidentEvent, dd_incident_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdIncidentState, dd_incident_state_free)

G_END_DECLS
