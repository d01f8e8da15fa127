/* test-roster-check.c: each kind of roster problem, and none on a lawful roster
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dd-duty-calendar.h"
#include "dd-duty-defaults.h"
#include "dd-roster.h"
#include "dd-roster-check.h"

static GDate
ymd (int year,
     int month,
     int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);

  return date;
}

/* 2026-03-09 (Mon) .. 2026-03-13 (Fri) on a 7x24 desk: 15 shifts. Staff:
 * leaders L1 L2 L3, officers O1..O4, B (both roles), X (inactive officer). */
static DdRoster *
new_roster (guint min_rest_hours)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyDefaults) defaults = dd_duty_defaults_load (&error);
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(GPtrArray) shifts = NULL;
  DdRoster *roster = dd_roster_new (min_rest_hours);
  GDate first = ymd (2026, 3, 9), last = ymd (2026, 3, 13);
  static const struct { const char *id, *name; DdRole roles; gboolean active; } people[] = {
    { "L1", "Leader One", DD_ROLE_LEADER, TRUE },
    { "L2", "Leader Two", DD_ROLE_LEADER, TRUE },
    { "L3", "Leader Three", DD_ROLE_LEADER, TRUE },
    { "O1", "Officer One", DD_ROLE_OFFICER, TRUE },
    { "O2", "Officer Two", DD_ROLE_OFFICER, TRUE },
    { "O3", "Officer Three", DD_ROLE_OFFICER, TRUE },
    { "O4", "Officer Four", DD_ROLE_OFFICER, TRUE },
    { "B", "Both", DD_ROLE_BOTH, TRUE },
    { "X", "Ex Officer", DD_ROLE_OFFICER, FALSE },
  };

  g_assert_no_error (error);
  calendar = dd_duty_calendar_new_from_defaults (defaults, &error);
  g_assert_no_error (error);
  shifts = dd_shift_expand (calendar, defaults->templates, DD_REGIME_7X24, &first, &last);
  g_assert_cmpuint (shifts->len, ==, 15);
  dd_roster_add_shifts (roster, shifts);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(DdStaff) staff = dd_staff_new (people[i].id, people[i].name, people[i].roles,
                                               "13800000000", "unit", people[i].active);
      dd_roster_add_staff (roster, staff);
    }

  return roster;
}

static void
assign (DdRoster   *roster,
        const char *shift_id,
        const char *staff_id)
{
  g_autoptr(DdAssignment) assignment = dd_assignment_new (shift_id, staff_id, FALSE, FALSE);

  g_assert_nonnull (dd_roster_lookup_shift (roster, shift_id));
  dd_roster_add_assignment (roster, assignment);
}

/* A lawful week: leaders rotate L1 L2 L3 L1 L2; day officers O1 O2 O1 O2 O1;
 * night officers O3 O4 O3 O4 O3. */
static void
fill_lawfully (DdRoster *roster)
{
  static const char *leaders[] = { "L1", "L2", "L3", "L1", "L2" };
  static const char *days[] = { "O1", "O2", "O1", "O2", "O1" };
  static const char *nights[] = { "O3", "O4", "O3", "O4", "O3" };

  for (guint d = 0; d < 5; d++)
    {
      g_autofree char *leader = g_strdup_printf ("2026-03-%02u/leader_7x24", 9 + d);
      g_autofree char *day = g_strdup_printf ("2026-03-%02u/officer_day", 9 + d);
      g_autofree char *night = g_strdup_printf ("2026-03-%02u/officer_night", 9 + d);

      assign (roster, leader, leaders[d]);
      assign (roster, day, days[d]);
      assign (roster, night, nights[d]);
    }
}

static guint
count_kind (GPtrArray     *problems,
            DdProblemKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    n += ((DdRosterProblem *) g_ptr_array_index (problems, i))->kind == kind;

  return n;
}

static const DdRosterProblem *
find_problem (GPtrArray     *problems,
              DdProblemKind  kind,
              const char    *shift_id,
              const char    *staff_id)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const DdRosterProblem *problem = g_ptr_array_index (problems, i);

      if (problem->kind == kind && g_str_equal (problem->shift_id, shift_id) &&
          g_strcmp0 (problem->staff_id, staff_id) == 0)
        return problem;
    }

  return NULL;
}

static void
test_lawful (void)
{
  g_autoptr(DdRoster) roster = new_roster (12);
  g_autoptr(GPtrArray) problems = NULL;

  fill_lawfully (roster);
  problems = dd_roster_check (roster, NULL, NULL);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", ((DdRosterProblem *) g_ptr_array_index (problems, i))->detail);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_uncovered (void)
{
  g_autoptr(DdRoster) roster = new_roster (12);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DdShift) double_leader = NULL;
  const DdRosterProblem *problem;
  GDate day = ymd (2026, 3, 10);

  problems = dd_roster_check (roster, NULL, NULL);
  g_assert_cmpuint (problems->len, ==, 15);
  g_assert_cmpuint (count_kind (problems, DD_PROBLEM_KIND_UNCOVERED), ==, 15);
  /* by start: the first is 03-09's leader shift */
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->shift_id, ==, "2026-03-09/leader_7x24");
  g_assert_null (problem->staff_id);
  g_assert_nonnull (strstr (problem->detail, "2026-03-09 08:30–08:30"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* the range limits the check */
  problems = dd_roster_check (roster, &day, &day);
  g_assert_cmpuint (problems->len, ==, 3);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* a shift needing two leaders with one is uncovered too */
  fill_lawfully (roster);
  double_leader = dd_shift_copy (dd_roster_lookup_shift (roster, "2026-03-10/leader_7x24"));
  double_leader->required = 2;
  dd_roster_add_shift (roster, double_leader);
  problems = dd_roster_check (roster, NULL, NULL);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpint (problem->kind, ==, DD_PROBLEM_KIND_UNCOVERED);
  g_assert_nonnull (strstr (problem->detail, "1 of 2"));
}

static void
test_double_booked (void)
{
  g_autoptr(DdRoster) roster = new_roster (0);
  g_autoptr(GPtrArray) problems = NULL;

  fill_lawfully (roster);
  /* B has both roles: on the 03-11 night and on the overlapping 03-11
   * leader shift (besides L3) */
  assign (roster, "2026-03-11/officer_night", "B");
  assign (roster, "2026-03-11/leader_7x24", "B");
  /* and O2 twice on the same shift */
  assign (roster, "2026-03-10/officer_day", "O2");

  problems = dd_roster_check (roster, NULL, NULL);
  g_assert_cmpuint (count_kind (problems, DD_PROBLEM_KIND_DOUBLE_BOOKED), ==, 2);
  /* reported on the later shift */
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_DOUBLE_BOOKED, "2026-03-11/officer_night", "B"));
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_DOUBLE_BOOKED, "2026-03-10/officer_day", "O2"));
  /* with no rest rule, nothing else */
  g_assert_cmpuint (problems->len, ==, 2);
}

static void
test_rest_violation (void)
{
  g_autoptr(DdRoster) roster = new_roster (12);
  g_autoptr(DdRoster) lenient = new_roster (9);
  g_autoptr(GPtrArray) problems = NULL;
  const DdRosterProblem *problem;

  /* O1: day shift 03-09 (ends 17:30) then night 03-09 (starts 17:30): 0 h rest.
   * O2: night 03-10 (ends 03-11 08:30) then night 03-11 (17:30): 9 h rest.
   * O3: day 03-12 (ends 17:30) then day 03-13 (08:30): 15 h, lawful.
   * L1: leader 03-09 (ends 03-10 08:30) then leader 03-10: 0 h. */
  assign (roster, "2026-03-09/officer_day", "O1");
  assign (roster, "2026-03-09/officer_night", "O1");
  assign (roster, "2026-03-10/officer_night", "O2");
  assign (roster, "2026-03-11/officer_night", "O2");
  assign (roster, "2026-03-12/officer_day", "O3");
  assign (roster, "2026-03-13/officer_day", "O3");
  assign (roster, "2026-03-09/leader_7x24", "L1");
  assign (roster, "2026-03-10/leader_7x24", "L1");

  problems = dd_roster_check (roster, NULL, NULL);
  g_assert_cmpuint (count_kind (problems, DD_PROBLEM_KIND_REST_VIOLATION), ==, 3);
  g_assert_cmpuint (count_kind (problems, DD_PROBLEM_KIND_DOUBLE_BOOKED), ==, 0);
  problem = find_problem (problems, DD_PROBLEM_KIND_REST_VIOLATION, "2026-03-11/officer_night", "O2");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem->detail, "9 h 00 min"));
  g_assert_nonnull (strstr (problem->detail, "Officer Two"));
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_REST_VIOLATION, "2026-03-09/officer_night", "O1"));
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_REST_VIOLATION, "2026-03-10/leader_7x24", "L1"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* a range that holds only the earlier shift still reports the pair */
  {
    GDate day = ymd (2026, 3, 10);

    problems = dd_roster_check (roster, &day, &day);
    g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_REST_VIOLATION, "2026-03-11/officer_night", "O2"));
    g_clear_pointer (&problems, g_ptr_array_unref);
  }

  /* exactly the rest needed is lawful: 9 h with a 9-hour rule */
  assign (lenient, "2026-03-10/officer_night", "O2");
  assign (lenient, "2026-03-11/officer_night", "O2");
  problems = dd_roster_check (lenient, NULL, NULL);
  g_assert_cmpuint (count_kind (problems, DD_PROBLEM_KIND_REST_VIOLATION), ==, 0);
}

static void
test_unavailable (void)
{
  g_autoptr(DdRoster) roster = new_roster (12);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DdAbsence) leave = NULL;
  g_autoptr(DdAbsence) training = NULL;
  GDate a = ymd (2026, 3, 11), b = ymd (2026, 3, 12), c = ymd (2026, 3, 14);
  const DdRosterProblem *problem;

  fill_lawfully (roster);
  /* O4 works the 03-10 night (into 03-11 08:30), which touches a leave from
   * 03-11, and the 03-12 night inside it; O3's 03-13 night runs into a
   * training day on 03-14; O1's training on 03-14 comes after O1's last
   * shift (03-13 day) */
  leave = dd_absence_new ("a1", "O4", DD_ABSENCE_KIND_LEAVE, &a, &b, "family");
  training = dd_absence_new ("a2", "O3", DD_ABSENCE_KIND_TRAINING, &c, &c, NULL);
  dd_roster_add_absence (roster, leave);
  dd_roster_add_absence (roster, training);
  g_clear_pointer (&training, dd_absence_free);
  training = dd_absence_new ("a3", "O1", DD_ABSENCE_KIND_TRAINING, &c, &c, NULL);
  dd_roster_add_absence (roster, training);

  problems = dd_roster_check (roster, NULL, NULL);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpuint (count_kind (problems, DD_PROBLEM_KIND_UNAVAILABLE), ==, 3);
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_UNAVAILABLE, "2026-03-13/officer_night", "O3"));
  problem = find_problem (problems, DD_PROBLEM_KIND_UNAVAILABLE, "2026-03-10/officer_night", "O4");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem->detail, "Leave"));
  g_assert_nonnull (strstr (problem->detail, "2026-03-11"));
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_UNAVAILABLE, "2026-03-12/officer_night", "O4"));
}

static void
test_role_and_inactive (void)
{
  g_autoptr(DdRoster) roster = new_roster (12);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DdShift) extra = NULL;

  /* widen two shifts so extra people fit without other problems */
  extra = dd_shift_copy (dd_roster_lookup_shift (roster, "2026-03-09/officer_day"));
  extra->required = 3;
  dd_roster_add_shift (roster, extra);
  assign (roster, "2026-03-09/officer_day", "L1");   /* a leader as officer */
  assign (roster, "2026-03-09/officer_day", "X");    /* inactive */
  assign (roster, "2026-03-09/officer_day", "ghost"); /* not on the staff list */
  assign (roster, "2026-03-10/leader_7x24", "O1");   /* an officer as leader */
  assign (roster, "2026-03-11/leader_7x24", "B");    /* both: fine */

  problems = dd_roster_check (roster, NULL, NULL);
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_ROLE_MISMATCH, "2026-03-09/officer_day", "L1"));
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_ROLE_MISMATCH, "2026-03-10/leader_7x24", "O1"));
  g_assert_null (find_problem (problems, DD_PROBLEM_KIND_ROLE_MISMATCH, "2026-03-11/leader_7x24", "B"));
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_INACTIVE, "2026-03-09/officer_day", "X"));
  g_assert_nonnull (find_problem (problems, DD_PROBLEM_KIND_INACTIVE, "2026-03-09/officer_day", "ghost"));
  g_assert_cmpuint (count_kind (problems, DD_PROBLEM_KIND_ROLE_MISMATCH), ==, 2);
  g_assert_cmpuint (count_kind (problems, DD_PROBLEM_KIND_INACTIVE), ==, 2);
  /* 03-09 day has 3 of 3; 15 shifts less the 3 covered ones are uncovered */
  g_assert_cmpuint (count_kind (problems, DD_PROBLEM_KIND_UNCOVERED), ==, 12);

  /* sorted: by shift start, then shift id, then kind */
  for (guint i = 1; i < problems->len; i++)
    {
      const DdRosterProblem *p = g_ptr_array_index (problems, i - 1);
      const DdRosterProblem *q = g_ptr_array_index (problems, i);
      const DdShift *sp = dd_roster_lookup_shift (roster, p->shift_id);
      const DdShift *sq = dd_roster_lookup_shift (roster, q->shift_id);

      g_assert_cmpint (sp->start_ms, <=, sq->start_ms);
      if (sp == sq)
        g_assert_cmpint (p->kind, <=, q->kind);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster-check/lawful", test_lawful);
  g_test_add_func ("/roster-check/uncovered", test_uncovered);
  g_test_add_func ("/roster-check/double-booked", test_double_booked);
  g_test_add_func ("/roster-check/rest-violation", test_rest_violation);
  g_test_add_func ("/roster-check/unavailable", test_unavailable);
  g_test_add_func ("/roster-check/role-and-inactive", test_role_and_inactive);

  return g_test_run ();
}
