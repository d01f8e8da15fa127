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

G_END_DECLS
