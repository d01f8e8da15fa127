/* dd-roster-check.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"
#include "dd-roster.h"

G_BEGIN_DECLS

/**
 * DdRosterProblem:
 * @kind: what is wrong
 * @shift_id: the shift (for two shifts of one person, the later one)
 * @staff_id: the person, or %NULL for an uncovered shift
 * @detail: a sentence for people, translated
 *
 * One problem a roster check found (`dutyctl roster check --json`).
 */
typedef struct
{
  DdProblemKind  kind;
  char          *shift_id;
  char          *staff_id;
  char          *detail;
} DdRosterProblem;

#define DD_TYPE_ROSTER_PROBLEM (dd_roster_problem_get_type ())
GType            dd_roster_problem_get_type (void) G_GNUC_CONST;
DdRosterProblem *dd_roster_problem_new      (DdProblemKind           kind,
                                             const char             *shift_id,
                                             const char             *staff_id,
                                             const char             *detail);
DdRosterProblem *dd_roster_problem_copy     (const DdRosterProblem  *problem);
void             dd_roster_problem_free     (DdRosterProblem        *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdRosterProblem, dd_roster_problem_free)

/* Every problem of the shifts whose duty day is from @first to @last (either
 * may be %NULL for no bound), judged against everything in @roster:
 *
 * - uncovered: fewer distinct people than the shift requires;
 * - double_booked: a person in two overlapping shifts (or twice in one);
 * - rest_violation: less than the roster's rest between the end of one of a
 *   person's shifts and the start of their next;
 * - unavailable: on duty during an absence (a shift touching any of its days);
 * - role_mismatch: the person lacks the role of the shift's position;
 * - inactive: the person is inactive or not among the roster's staff.
 *
 * Sorted by the shift's start, shift id, kind and staff id.
 * (element-type DdRosterProblem) */
GPtrArray *dd_roster_check (DdRoster    *roster,
                            const GDate *first,
                            const GDate *last);

G_END_DECLS
