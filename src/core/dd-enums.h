/* dd-enums.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DdLevel:
 * @DD_LEVEL_PROVINCE: the provincial government (省)
 * @DD_LEVEL_PREFECTURE: a prefecture-level city or autonomous prefecture (市州)
 * @DD_LEVEL_COUNTY: a county, district or county-level city (县区市)
 * @DD_LEVEL_DEPARTMENT: a department of one of the above (部门)
 *
 * The level of a unit in the government tree.
 */
typedef enum
{
  DD_LEVEL_PROVINCE,
  DD_LEVEL_PREFECTURE,
  DD_LEVEL_COUNTY,
  DD_LEVEL_DEPARTMENT,
} DdLevel;

/**
 * DdRegime:
 * @DD_REGIME_NONE: no duty that day (a 5x8 desk's ordinary weekend)
 * @DD_REGIME_5X8: office hours on working days
 * @DD_REGIME_7X24: staffed around the clock
 *
 * A duty regime: the desk's base regime, or the regime of one day.
 */
typedef enum
{
  DD_REGIME_NONE,
  DD_REGIME_5X8,
  DD_REGIME_7X24,
} DdRegime;

/**
 * DdRole:
 * @DD_ROLE_NONE: no role
 * @DD_ROLE_LEADER: may be the leader on duty (带班领导)
 * @DD_ROLE_OFFICER: may be a duty officer (值班员)
 *
 * What a staff member may be put on duty as.
 */
typedef enum /*< flags >*/
{
  DD_ROLE_NONE    = 0,
  DD_ROLE_LEADER  = 1 << 0,
  DD_ROLE_OFFICER = 1 << 1,
} DdRole;

#define DD_ROLE_BOTH (DD_ROLE_LEADER | DD_ROLE_OFFICER)

/* Stable machine names, as stored and as on the wire and command line. */
const char *dd_level_to_string   (DdLevel      level);
gboolean    dd_level_from_string (const char  *str,
                                  DdLevel     *level);
const char *dd_level_get_label   (DdLevel      level);

const char *dd_regime_to_string   (DdRegime     regime);
gboolean    dd_regime_from_string (const char  *str,
                                   DdRegime    *regime);
const char *dd_regime_get_label   (DdRegime     regime);

/* "leader", "officer", "both"; also accepts the Chinese words a desk writes in a sheet. */
const char *dd_role_to_string     (DdRole       roles);
gboolean    dd_role_from_string   (const char  *str,
                                   DdRole      *roles);
const char *dd_role_get_label     (DdRole       roles);

/**
 * DdDayKind:
 * @DD_DAY_KIND_WORKDAY: an ordinary working day, Monday to Friday
 * @DD_DAY_KIND_WEEKEND: an ordinary Saturday or Sunday
 * @DD_DAY_KIND_HOLIDAY: a day of a published block of days off (weekends inside it included)
 * @DD_DAY_KIND_ADJUSTED_WORKDAY: a Saturday or Sunday made a working day (调休上班)
 *
 * The kind of a calendar day, from the State Council holiday schedule.
 */
typedef enum
{
  DD_DAY_KIND_WORKDAY,
  DD_DAY_KIND_WEEKEND,
  DD_DAY_KIND_HOLIDAY,
  DD_DAY_KIND_ADJUSTED_WORKDAY,
} DdDayKind;

/**
 * DdPosition:
 * @DD_POSITION_LEADER: the leader on duty (带班领导)
 * @DD_POSITION_OFFICER: a duty officer (值班员)
 *
 * The position a shift is for.
 */
typedef enum
{
  DD_POSITION_LEADER,
  DD_POSITION_OFFICER,
} DdPosition;

/**
 * DdAbsenceKind:
 * @DD_ABSENCE_KIND_LEAVE: leave (请假)
 * @DD_ABSENCE_KIND_BUSINESS_TRIP: a business trip (出差)
 * @DD_ABSENCE_KIND_TRAINING: training (培训)
 *
 * Why a person is unavailable for duty.
 */
typedef enum
{
  DD_ABSENCE_KIND_LEAVE,
  DD_ABSENCE_KIND_BUSINESS_TRIP,
  DD_ABSENCE_KIND_TRAINING,
} DdAbsenceKind;

/**
 * DdProblemKind:
 * @DD_PROBLEM_KIND_UNCOVERED: a shift has fewer people than it needs
 * @DD_PROBLEM_KIND_DOUBLE_BOOKED: a person is in two overlapping shifts
 * @DD_PROBLEM_KIND_REST_VIOLATION: too little rest between two of a person's shifts
 * @DD_PROBLEM_KIND_UNAVAILABLE: a person is on duty while on leave, a trip or training
 * @DD_PROBLEM_KIND_ROLE_MISMATCH: a person lacks the role the position needs
 * @DD_PROBLEM_KIND_INACTIVE: a person on duty is no longer active (or unknown)
 *
 * A problem that a roster check finds.
 */
typedef enum
{
  DD_PROBLEM_KIND_UNCOVERED,
  DD_PROBLEM_KIND_DOUBLE_BOOKED,
  DD_PROBLEM_KIND_REST_VIOLATION,
  DD_PROBLEM_KIND_UNAVAILABLE,
  DD_PROBLEM_KIND_ROLE_MISMATCH,
  DD_PROBLEM_KIND_INACTIVE,
} DdProblemKind;

/**
 * DdUnfilledReason:
 * @DD_UNFILLED_REASON_NO_STAFF: no active person has the role
 * @DD_UNFILLED_REASON_UNAVAILABLE: everyone eligible is on leave, a trip or training
 * @DD_UNFILLED_REASON_REST_RULE: everyone eligible and available is on duty then or
 *   would break the rest rule
 *
 * Why the generator left a position empty.
 */
typedef enum
{
  DD_UNFILLED_REASON_NO_STAFF,
  DD_UNFILLED_REASON_UNAVAILABLE,
  DD_UNFILLED_REASON_REST_RULE,
} DdUnfilledReason;

/* "workday", "weekend", "holiday", "adjusted_workday" */
const char *dd_day_kind_to_string         (DdDayKind         kind);
gboolean    dd_day_kind_from_string       (const char       *str,
                                           DdDayKind        *kind);
const char *dd_day_kind_get_label         (DdDayKind         kind);

/* "leader", "officer" */
const char *dd_position_to_string         (DdPosition        position);
gboolean    dd_position_from_string       (const char       *str,
                                           DdPosition       *position);
const char *dd_position_get_label         (DdPosition        position);
/* The role a person needs to fill @position. */
DdRole      dd_position_get_role          (DdPosition        position);

/* "leave", "business_trip", "training" */
const char *dd_absence_kind_to_string     (DdAbsenceKind     kind);
gboolean    dd_absence_kind_from_string   (const char       *str,
                                           DdAbsenceKind    *kind);
const char *dd_absence_kind_get_label     (DdAbsenceKind     kind);

/* "uncovered", "double_booked", "rest_violation", "unavailable", "role_mismatch", "inactive" */
const char *dd_problem_kind_to_string     (DdProblemKind     kind);
gboolean    dd_problem_kind_from_string   (const char       *str,
                                           DdProblemKind    *kind);
const char *dd_problem_kind_get_label     (DdProblemKind     kind);

/* "no_staff", "unavailable", "rest_rule" */
const char *dd_unfilled_reason_to_string   (DdUnfilledReason  reason);
gboolean    dd_unfilled_reason_from_string (const char       *str,
                                            DdUnfilledReason *reason);
const char *dd_unfilled_reason_get_label   (DdUnfilledReason  reason);

/**
 * DdGrade:
 * @DD_GRADE_NONE: not graded (yet): a manual sub-type without the officer's grade
 * @DD_GRADE_I: particularly serious (特别重大, Ⅰ级)
 * @DD_GRADE_II: major (重大, Ⅱ级)
 * @DD_GRADE_III: larger (较大, Ⅲ级)
 * @DD_GRADE_IV: ordinary (一般, Ⅳ级)
 *
 * The grade of a sudden event. A smaller non-zero value is more serious.
 */
typedef enum
{
  DD_GRADE_NONE,
  DD_GRADE_I,
  DD_GRADE_II,
  DD_GRADE_III,
  DD_GRADE_IV,
} DdGrade;

/**
 * DdFact:
 * @DD_FACT_DEATHS: people dead
 * @DD_FACT_MISSING: people missing
 * @DD_FACT_INJURED: people injured (all, serious ones included)
 * @DD_FACT_SERIOUS_INJURIES: people seriously injured (acute poisoning included)
 * @DD_FACT_TRAPPED: people trapped
 * @DD_FACT_EVACUATED: people evacuated or relocated
 * @DD_FACT_THREATENED: people under threat (to be relocated)
 * @DD_FACT_LOSS_YUAN: direct economic loss, yuan
 * @DD_FACT_POTENTIAL_LOSS_YUAN: potential economic loss, yuan
 * @DD_FACT_AREA_HA: area burned, hectares
 * @DD_FACT_MAGNITUDE: earthquake magnitude
 * @DD_FACT_DENSITY: population density of the epicentre area (a #DdPopulationDensity)
 *
 * A fact of an incident that grading can use. The machine names are also
 * the command-line flags ("serious_injuries" is --serious-injuries).
 */
typedef enum
{
  DD_FACT_DEATHS,
  DD_FACT_MISSING,
  DD_FACT_INJURED,
  DD_FACT_SERIOUS_INJURIES,
  DD_FACT_TRAPPED,
  DD_FACT_EVACUATED,
  DD_FACT_THREATENED,
  DD_FACT_LOSS_YUAN,
  DD_FACT_POTENTIAL_LOSS_YUAN,
  DD_FACT_AREA_HA,
  DD_FACT_MAGNITUDE,
  DD_FACT_DENSITY,
} DdFact;

#define DD_N_FACTS 12

/**
 * DdPopulationDensity:
 * @DD_POPULATION_DENSITY_UNKNOWN: not given
 * @DD_POPULATION_DENSITY_FAIRLY_DENSE: fairly dense (人口较密集地区)
 * @DD_POPULATION_DENSITY_DENSE: dense (人口密集地区)
 *
 * The population density of an earthquake's epicentre area.
 */
typedef enum
{
  DD_POPULATION_DENSITY_UNKNOWN,
  DD_POPULATION_DENSITY_FAIRLY_DENSE,
  DD_POPULATION_DENSITY_DENSE,
} DdPopulationDensity;

/**
 * DdIncidentStatus:
 * @DD_INCIDENT_STATUS_OPEN: being handled
 * @DD_INCIDENT_STATUS_CLOSED: closed (after the final report); reopenable
 */
typedef enum
{
  DD_INCIDENT_STATUS_OPEN,
  DD_INCIDENT_STATUS_CLOSED,
} DdIncidentStatus;

/**
 * DdIncidentEventKind:
 * @DD_INCIDENT_EVENT_KIND_LOG: the first information: the incident is logged
 * @DD_INCIDENT_EVENT_KIND_UPDATE: new information (facts, texts)
 * @DD_INCIDENT_EVENT_KIND_REGRADE: the officer's grade (override) with a reason
 * @DD_INCIDENT_EVENT_KIND_REPORT: a report made upward or to a named unit
 * @DD_INCIDENT_EVENT_KIND_CLOSE: the incident is closed
 * @DD_INCIDENT_EVENT_KIND_REOPEN: a closed incident is reopened
 *
 * What an incident event records.
 */
typedef enum
{
  DD_INCIDENT_EVENT_KIND_LOG,
  DD_INCIDENT_EVENT_KIND_UPDATE,
  DD_INCIDENT_EVENT_KIND_REGRADE,
  DD_INCIDENT_EVENT_KIND_REPORT,
  DD_INCIDENT_EVENT_KIND_CLOSE,
  DD_INCIDENT_EVENT_KIND_REOPEN,
} DdIncidentEventKind;

/**
 * DdIncidentText:
 * @DD_INCIDENT_TEXT_DESCRIPTION: what happened (事件概况)
 * @DD_INCIDENT_TEXT_LOCATION: the place, as text (地点)
 * @DD_INCIDENT_TEXT_DIVISION: the division code of the place
 * @DD_INCIDENT_TEXT_SOURCE: the source of the information (信息来源)
 * @DD_INCIDENT_TEXT_SCOPE: the scope of impact (影响范围)
 * @DD_INCIDENT_TEXT_TREND: the trend (发展趋势)
 * @DD_INCIDENT_TEXT_MEASURES: measures taken (已采取措施)
 * @DD_INCIDENT_TEXT_LEADERS: leaders on scene (领导到位情况)
 *
 * A text element of an incident; a later event's text replaces an earlier one.
 */
typedef enum
{
  DD_INCIDENT_TEXT_DESCRIPTION,
  DD_INCIDENT_TEXT_LOCATION,
  DD_INCIDENT_TEXT_DIVISION,
  DD_INCIDENT_TEXT_SOURCE,
  DD_INCIDENT_TEXT_SCOPE,
  DD_INCIDENT_TEXT_TREND,
  DD_INCIDENT_TEXT_MEASURES,
  DD_INCIDENT_TEXT_LEADERS,
} DdIncidentText;

#define DD_N_INCIDENT_TEXTS 8

/**
 * DdClockStatus:
 * @DD_CLOCK_STATUS_PENDING: running, more than the warning time left
 * @DD_CLOCK_STATUS_DUE_SOON: running, at most min(a quarter of the limit, 10 minutes) left
 * @DD_CLOCK_STATUS_OVERDUE: past due, no report yet
 * @DD_CLOCK_STATUS_MET: reported at or before due
 * @DD_CLOCK_STATUS_LATE: reported after due (a reason is required)
 * @DD_CLOCK_STATUS_CANCELLED: no longer required after a downgrade (kept in history)
 *
 * The status of a reporting clock at an instant.
 */
typedef enum
{
  DD_CLOCK_STATUS_PENDING,
  DD_CLOCK_STATUS_DUE_SOON,
  DD_CLOCK_STATUS_OVERDUE,
  DD_CLOCK_STATUS_MET,
  DD_CLOCK_STATUS_LATE,
  DD_CLOCK_STATUS_CANCELLED,
} DdClockStatus;

/**
 * DdReportKind:
 * @DD_REPORT_KIND_INITIAL: initial report (初报)
 * @DD_REPORT_KIND_FOLLOWUP: follow-up report (续报)
 * @DD_REPORT_KIND_FINAL: final report (终报)
 */
typedef enum
{
  DD_REPORT_KIND_INITIAL,
  DD_REPORT_KIND_FOLLOWUP,
  DD_REPORT_KIND_FINAL,
} DdReportKind;

/**
 * DdReportChannel:
 * @DD_REPORT_CHANNEL_PHONE: by phone
 * @DD_REPORT_CHANNEL_WRITTEN: in writing (fax, document)
 * @DD_REPORT_CHANNEL_SYSTEM: through an information system
 */
typedef enum
{
  DD_REPORT_CHANNEL_PHONE,
  DD_REPORT_CHANNEL_WRITTEN,
  DD_REPORT_CHANNEL_SYSTEM,
} DdReportChannel;

/* "none", "I", "II", "III", "IV" (from_string also accepts "1".."4" and Ⅰ..Ⅳ) */
const char *dd_grade_to_string                  (DdGrade              grade);
gboolean    dd_grade_from_string                (const char          *str,
                                                 DdGrade             *grade);
const char *dd_grade_get_label                  (DdGrade              grade);

/* "deaths", "missing", "injured", "serious_injuries", "trapped", "evacuated",
 * "threatened", "loss_yuan", "potential_loss_yuan", "area_ha", "magnitude", "density" */
const char *dd_fact_to_string                   (DdFact               fact);
gboolean    dd_fact_from_string                 (const char          *str,
                                                 DdFact              *fact);
const char *dd_fact_get_label                   (DdFact               fact);

/* "unknown", "fairly_dense", "dense" */
const char *dd_population_density_to_string     (DdPopulationDensity  density);
gboolean    dd_population_density_from_string   (const char          *str,
                                                 DdPopulationDensity *density);
const char *dd_population_density_get_label     (DdPopulationDensity  density);

/* "open", "closed" */
const char *dd_incident_status_to_string        (DdIncidentStatus     status);
gboolean    dd_incident_status_from_string      (const char          *str,
                                                 DdIncidentStatus    *status);
const char *dd_incident_status_get_label        (DdIncidentStatus     status);

/* "log", "update", "regrade", "report", "close", "reopen" */
const char *dd_incident_event_kind_to_string    (DdIncidentEventKind  kind);
gboolean    dd_incident_event_kind_from_string  (const char          *str,
                                                 DdIncidentEventKind *kind);
const char *dd_incident_event_kind_get_label    (DdIncidentEventKind  kind);

/* "description", "location", "division", "source", "scope", "trend", "measures", "leaders" */
const char *dd_incident_text_to_string          (DdIncidentText       text);
gboolean    dd_incident_text_from_string        (const char          *str,
                                                 DdIncidentText      *text);
const char *dd_incident_text_get_label          (DdIncidentText       text);

/* "pending", "due_soon", "overdue", "met", "late", "cancelled" */
const char *dd_clock_status_to_string           (DdClockStatus        status);
gboolean    dd_clock_status_from_string         (const char          *str,
                                                 DdClockStatus       *status);
const char *dd_clock_status_get_label           (DdClockStatus        status);

/* "initial", "followup", "final" */
const char *dd_report_kind_to_string            (DdReportKind         kind);
gboolean    dd_report_kind_from_string          (const char          *str,
                                                 DdReportKind        *kind);
const char *dd_report_kind_get_label            (DdReportKind         kind);

/* "phone", "written", "system" */
const char *dd_report_channel_to_string         (DdReportChannel      channel);
gboolean    dd_report_channel_from_string       (const char          *str,
                                                 DdReportChannel     *channel);
const char *dd_report_channel_get_label         (DdReportChannel      channel);

G_END_DECLS
