/* dd-reporting.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"
#include "dd-incident.h"

G_BEGIN_DECLS

/* Recipients with a machine name; any other text names a unit. */
#define DD_RECIPIENT_PROVINCE      "province"
#define DD_RECIPIENT_PREFECTURE    "prefecture"
#define DD_RECIPIENT_STATE_COUNCIL "state_council"

/* "the province", "the prefecture", "the State Council" (translated), or
 * @recipient itself: the name of a unit. */
const char *dd_recipient_get_label (const char *recipient);

/**
 * DdReportingStep:
 * @id: the step id ("report_province"); several rules may share one id
 *   (one per grade set)
 * @title: what to do, in Chinese as in the source, or %NULL
 * @levels: the desk levels it applies to (bits 1 << #DdLevel)
 * @grades: the grades that require it (bits 1 << #DdGrade)
 * @limit_ms: the time allowed from receipt
 * @recipient: who must receive the report
 * @channels: the channels that meet it (bits 1 << #DdReportChannel); all when 0
 * @local: a local practice (configurable), not a published rule
 * @enabled: whether it runs; local steps are off unless configured
 * @source: the rule's source
 *
 * One deadline rule.
 */
typedef struct
{
  char     *id;
  char     *title;
  guint     levels;
  guint     grades;
  gint64    limit_ms;
  char     *recipient;
  guint     channels;
  gboolean  local;
  gboolean  enabled;
  char     *source;
} DdReportingStep;

/* The reporting deadline rules (data/rules/reporting.json, read by src/sync:
 * dd_reporting_rules_load_default()). Immutable, reference counted. */
#define DD_TYPE_REPORTING_RULES (dd_reporting_rules_get_type ())
typedef struct _DdReportingRules DdReportingRules;

GType             dd_reporting_rules_get_type         (void) G_GNUC_CONST;

/* From an a{sv} tree:
 *
 *   { "format": 1, "sources": [ … ],
 *     "due_soon": { "fraction": 0.25, "max_minutes": 10 },
 *     "alerts": { "repeat_due_soon_seconds": 300,
 *                 "repeat_overdue_seconds": 120 } (optional),
 *     "steps": [ { "id": "report_province", "title": "…",
 *                  "levels": ["prefecture", "county", "department"],
 *                  "grades": ["I", "II"], "limit_minutes": 20,
 *                  "recipient": "province", "channels": ["phone", …] (optional),
 *                  "local": false (optional), "enabled": true (optional; false
 *                  for a local step unless set), "source": "…" } ] }
 *
 * Checks every member (known levels, grades and channels, a limit of 1
 * minute to 7 days, a recipient, a source, no two enabled rules for the
 * same step, level and grade); errors name the member
 * ("steps[2].grades[0]: unknown grade “V”"). */
DdReportingRules *dd_reporting_rules_new_from_variant (GVariant          *rules,
                                                       GError           **error);
DdReportingRules *dd_reporting_rules_ref              (DdReportingRules  *self);
void              dd_reporting_rules_unref            (DdReportingRules  *self);

guint                  dd_reporting_rules_get_n_steps (DdReportingRules  *self);
const DdReportingStep *dd_reporting_rules_get_step    (DdReportingRules  *self,
                                                       guint              index);
/* The warning time of a clock of @limit_ms: min(fraction × limit, max). */
gint64            dd_reporting_rules_get_warning_ms   (DdReportingRules  *self,
                                                       gint64             limit_ms);
/* How often the alert of a clock still due soon or overdue is shown again
 * ("alerts" in the rules), in ms; 0 for other statuses or without
 * "alerts" (then an alert is shown once per status). */
gint64            dd_reporting_rules_get_repeat_ms    (DdReportingRules  *self,
                                                       DdClockStatus      status);

/**
 * DdReportClock:
 * @id: stable id of the clock: "<id of the starting event>/<step>"
 * @incident_id: the incident
 * @step: the step id ("report_province")
 * @title: the step's title, or %NULL
 * @recipient: who must receive the report
 * @channels: the channels that meet it (0: any)
 * @grade: the grade that required it
 * @limit_ms: the time allowed
 * @started_at: when the information that made it required was received
 * @started_by: the id of that event
 * @due_at: @started_at + @limit_ms
 * @warn_at: from this instant the clock is due soon
 * @status: the status at the instant computed for
 * @met_at: when the first report to the recipient was made (0 if none)
 * @met_by: the id of that report event, or %NULL
 * @late_reason: the reason given with a late report, or %NULL
 * @cancelled_at: when a downgrade cancelled it (0 if not)
 * @cancelled_by: the id of that event, or %NULL
 * @next_change_at: the next instant at which @status changes by the
 *   passing of time alone (G_MAXINT64: never)
 *
 * A reporting deadline of one incident.
 */
typedef struct
{
  char          *id;
  char          *incident_id;
  char          *step;
  char          *title;
  char          *recipient;
  guint          channels;
  DdGrade        grade;
  gint64         limit_ms;
  gint64         started_at;
  char          *started_by;
  gint64         due_at;
  gint64         warn_at;
  DdClockStatus  status;
  gint64         met_at;
  char          *met_by;
  char          *late_reason;
  gint64         cancelled_at;
  char          *cancelled_by;
  gint64         next_change_at;
} DdReportClock;

void dd_report_clock_free (DdReportClock *clock);

/* The status at @at of anything tracked to a due time like a reporting
 * clock (a clock, a leader's instruction): with @done_at (0: not done) at
 * or before @at, "met" when done at or before @due_at and "late" after;
 * else "cancelled" when @cancelled_at is set (0: not); else "overdue"
 * after @due_at, "due_soon" from @warn_at up to and including @due_at,
 * "pending" before. @next_change_at (nullable) gets the next instant the
 * status changes by the passing of time alone (G_MAXINT64: never). */
DdClockStatus     dd_clock_status_at                  (gint64             due_at,
                                                       gint64             warn_at,
                                                       gint64             done_at,
                                                       gint64             cancelled_at,
                                                       gint64             at,
                                                       gint64            *next_change_at);

/**
 * DdReportingResult:
 * @at: the instant computed for
 * @clocks: (element-type DdReportClock): every clock, in the order started
 *   (cancelled and met ones included: the history)
 * @next_change_at: the earliest @next_change_at of the clocks (G_MAXINT64: none)
 */
typedef struct
{
  gint64     at;
  GPtrArray *clocks;
  gint64     next_change_at;
} DdReportingResult;

void              dd_reporting_result_free            (DdReportingResult *result);
/* Any clock pending, due soon or overdue. */
gboolean          dd_reporting_result_has_running     (DdReportingResult *result);
/* The clock of @step that is still open (not met, late or cancelled), or
 * else the last one of @step; %NULL if none. */
DdReportClock    *dd_reporting_result_find            (DdReportingResult *result,
                                                       const char        *step);
/* Whether a report to @to by @channel made at the result's instant would
 * be late for a clock (it needs a reason). */
gboolean          dd_reporting_result_report_is_late  (DdReportingResult *result,
                                                       const char        *to,
                                                       DdReportChannel    channel);

/* The clocks of an incident as known at @at (events received after @at
 * are not seen), for a desk of @level:
 * - when the effective grade rises (from none too), every rule for the new
 *   grade starts a clock at the received time of the event that raised it;
 * - when it falls, clocks whose rule does not apply to the new grade and
 *   not met by then are cancelled; a rule of the new grade with no clock
 *   of its step starts one from when the incident first reached that grade
 *   (without falling below it since);
 * - a clock is met by the first report to its recipient (by one of its
 *   channels) made at or after its start: "met" at or before due, "late"
 *   after; otherwise it is "pending", "due_soon" from @warn_at up to and
 *   including @due_at, "overdue" after @due_at. */
DdReportingResult *dd_reporting_compute               (DdReportingRules  *rules,
                                                       DdLevel            level,
                                                       DdIncidentState   *state,
                                                       gint64             at);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdReportingRules, dd_reporting_rules_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdReportClock, dd_report_clock_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdReportingResult, dd_reporting_result_free)

G_END_DECLS
