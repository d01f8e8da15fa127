/* dd-roster-generator.h
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
 * DdUnfilled:
 * @shift_id: the shift
 * @missing: how many people it still lacks
 * @reason: why no one could be put on it
 * @detail: a sentence for people, translated
 *
 * Positions the generator had to leave empty.
 */
typedef struct
{
  char             *shift_id;
  guint             missing;
  DdUnfilledReason  reason;
  char             *detail;
} DdUnfilled;

void dd_unfilled_free (DdUnfilled *unfilled);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdUnfilled, dd_unfilled_free)

/**
 * DdRosterGeneration:
 * @assignments: (element-type DdAssignment): the new assignments, marked
 *   generated and unlocked, by shift start, shift id and staff id
 * @unfilled: (element-type DdUnfilled): the shifts left short, by start
 *
 * What dd_roster_generate() proposes; the caller saves it.
 */
typedef struct
{
  GPtrArray *assignments;
  GPtrArray *unfilled;
} DdRosterGeneration;

void dd_roster_generation_free (DdRosterGeneration *generation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdRosterGeneration, dd_roster_generation_free)

/* Fills every empty position of the shifts of @roster whose duty day is from
 * @first to @last (both included), keeping every existing assignment as it
 * is. Never breaks a rule (see dd_roster_check()) in what it adds: only
 * active people with the position's role, not away, not on an overlapping
 * shift and with the roster's rest on both sides.
 *
 * Fair: it counts, per person, total, night, weekend and holiday shifts over
 * @history (loads before @first, e.g. from dd_roster_compute_loads(); may be
 * %NULL) plus the range, picks for each position the eligible person with
 * the fewest (holiday positions first, then the rest in time order), then
 * moves and swaps generated shifts to even out what is left, so that, where
 * absences and the rest rule leave the choice, counts among the people of
 * one role differ by at most 1 in total and holiday shifts and at most 2 in
 * night and weekend shifts. People with both roles are counted in both
 * pools; the bounds are proven (tests) for single-role pools. Coverage comes
 * first: a position is left empty only when no one may lawfully fill it.
 *
 * Deterministic: the same records and @seed give the same result, whatever
 * order the records were added in. */
DdRosterGeneration *dd_roster_generate (DdRoster    *roster,
                                        const GDate *first,
                                        const GDate *last,
                                        GPtrArray   *history,
                                        guint64      seed);

G_END_DECLS
