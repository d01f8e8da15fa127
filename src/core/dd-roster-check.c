/* dd-roster-check.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-roster-check.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dd-duty-date.h"
#include "dd-roster-private.h"

G_DEFINE_BOXED_TYPE (DdRosterProblem, dd_roster_problem,
                     dd_roster_problem_copy, dd_roster_problem_free)

typedef struct
{
  const DdShift *shift;
  const char    *staff_id;
} Duty;

DdRosterProblem *
dd_roster_problem_new (DdProblemKind  kind,
                       const char    *shift_id,
                       const char    *staff_id,
                       const char    *detail)
{
  DdRosterProblem *problem = g_new0 (DdRosterProblem, 1);

  problem->kind = kind;
  problem->shift_id = g_strdup (shift_id);
  problem->staff_id = g_strdup (staff_id);
  problem->detail = g_strdup (detail);

  return problem;
}

DdRosterProblem *
dd_roster_problem_copy (const DdRosterProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return dd_roster_problem_new (problem->kind, problem->shift_id,
                                problem->staff_id, problem->detail);
}

void
dd_roster_problem_free (DdRosterProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->shift_id);
  g_free (problem->staff_id);
  g_free (problem->detail);
  g_free (problem);
}

static void
add_problem (GPtrArray     *problems,
             DdProblemKind  kind,
             const DdShift *shift,
             const char    *staff_id,
             char          *detail)
{
  g_ptr_array_add (problems, dd_roster_problem_new (kind, shift->id, staff_id, detail));
  g_free (detail);
}

static const char *
staff_name (DdRoster   *roster,
            const char *staff_id)
{
  DdStaff *staff = g_hash_table_lookup (roster->staff_by_id, staff_id);

  return staff != NULL ? dd_staff_get_name (staff) : staff_id;
}

static char *
format_rest (gint64 ms)
{
  gint64 minutes = ms / DD_MS_PER_MINUTE;

  /* Translators: a length of time in hours and minutes */
  return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
}

static int
compare_duties (gconstpointer a,
                gconstpointer b)
{
  const Duty *da = a;
  const Duty *db = b;
  int cmp;

  cmp = strcmp (da->staff_id, db->staff_id);
  if (cmp != 0)
    return cmp;
  if (da->shift->start_ms != db->shift->start_ms)
    return da->shift->start_ms < db->shift->start_ms ? -1 : 1;

  return strcmp (da->shift->id, db->shift->id);
}

static void
check_assignment (DdRoster      *roster,
                  GPtrArray     *problems,
                  const DdShift *shift,
                  const char    *staff_id)
{
  DdStaff *staff = g_hash_table_lookup (roster->staff_by_id, staff_id);
  g_autofree char *what = dd_shift_describe (shift);

  if (staff == NULL)
    {
      add_problem (problems, DD_PROBLEM_KIND_INACTIVE, shift, staff_id,
                   g_strdup_printf (_("%s is on duty in %s but is not on the staff list"),
                                    staff_id, what));
      return;
    }

  if (!dd_staff_get_active (staff))
    add_problem (problems, DD_PROBLEM_KIND_INACTIVE, shift, staff_id,
                 g_strdup_printf (_("%s is on duty in %s but is no longer active"),
                                  dd_staff_get_name (staff), what));

  if ((dd_staff_get_roles (staff) & dd_position_get_role (shift->position)) == 0)
    add_problem (problems, DD_PROBLEM_KIND_ROLE_MISMATCH, shift, staff_id,
                 g_strdup_printf (_("%s is on duty in %s but may not be a %s"),
                                  dd_staff_get_name (staff), what,
                                  dd_position_get_label (shift->position)));

  for (guint i = 0; i < roster->absences->len; i++)
    {
      const DdAbsence *absence = g_ptr_array_index (roster->absences, i);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      gint64 start_ms, end_ms;

      if (g_strcmp0 (absence->staff_id, staff_id) != 0)
        continue;

      dd_absence_get_span (absence, &start_ms, &end_ms);
      if (start_ms >= shift->end_ms || end_ms <= shift->start_ms)
        continue;

      from = dd_duty_date_to_string (&absence->first);
      to = dd_duty_date_to_string (&absence->last);
      add_problem (problems, DD_PROBLEM_KIND_UNAVAILABLE, shift, staff_id,
                   /* Translators: name, shift, kind of absence (leave, business trip,
                    * training), first and last day */
                   g_strdup_printf (_("%s is on duty in %s but is away (%s) from %s to %s"),
                                    dd_staff_get_name (staff), what,
                                    dd_absence_kind_get_label (absence->kind), from, to));
    }
}

static void
check_pairs (DdRoster    *roster,
             GPtrArray   *problems,
             GArray      *duties,
             const GDate *first,
             const GDate *last)
{
  gint64 rest_ms = (gint64) roster->min_rest_hours * 60 * DD_MS_PER_MINUTE;

  for (guint i = 0; i < duties->len; i++)
    {
      const Duty *a = &g_array_index (duties, Duty, i);

      for (guint j = i + 1; j < duties->len; j++)
        {
          const Duty *b = &g_array_index (duties, Duty, j);
          g_autofree char *what_a = NULL;
          g_autofree char *what_b = NULL;
          const char *name;

          if (!g_str_equal (a->staff_id, b->staff_id))
            break;
          if (b->shift->start_ms >= a->shift->end_ms + rest_ms)
            break;
          if (!dd_roster_date_in_range (&a->shift->date, first, last) &&
              !dd_roster_date_in_range (&b->shift->date, first, last))
            continue;

          name = staff_name (roster, a->staff_id);
          what_a = dd_shift_describe (a->shift);
          what_b = dd_shift_describe (b->shift);

          if (a->shift == b->shift)
            add_problem (problems, DD_PROBLEM_KIND_DOUBLE_BOOKED, b->shift, b->staff_id,
                         g_strdup_printf (_("%s is assigned twice to %s"), name, what_a));
          else if (b->shift->start_ms < a->shift->end_ms)
            add_problem (problems, DD_PROBLEM_KIND_DOUBLE_BOOKED, b->shift, b->staff_id,
                         g_strdup_printf (_("%s is on duty in two overlapping shifts: %s and %s"),
                                          name, what_a, what_b));
          else
            {
              g_autofree char *rest = format_rest (b->shift->start_ms - a->shift->end_ms);

              add_problem (problems, DD_PROBLEM_KIND_REST_VIOLATION, b->shift, b->staff_id,
                           g_strdup_printf (_("%s has only %s of rest between %s and %s; at least %u hours are needed"),
                                            name, rest, what_a, what_b, roster->min_rest_hours));
            }
        }
    }
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  DdRoster *roster = user_data;
  const DdRosterProblem *pa = *(DdRosterProblem * const *) a;
  const DdRosterProblem *pb = *(DdRosterProblem * const *) b;
  const DdShift *sa = g_hash_table_lookup (roster->shift_by_id, pa->shift_id);
  const DdShift *sb = g_hash_table_lookup (roster->shift_by_id, pb->shift_id);
  int cmp;

  if (sa->start_ms != sb->start_ms)
    return sa->start_ms < sb->start_ms ? -1 : 1;
  cmp = strcmp (pa->shift_id, pb->shift_id);
  if (cmp != 0)
    return cmp;
  if (pa->kind != pb->kind)
    return pa->kind < pb->kind ? -1 : 1;
  cmp = g_strcmp0 (pa->staff_id, pb->staff_id);
  if (cmp != 0)
    return cmp;

  return g_strcmp0 (pa->detail, pb->detail);
}

GPtrArray *
dd_roster_check (DdRoster    *roster,
                 const GDate *first,
                 const GDate *last)
{
  g_autoptr(GArray) duties = NULL;
  g_autoptr(GHashTable) people_on = NULL;
  GPtrArray *problems;
  GPtrArray *shifts;

  g_return_val_if_fail (roster != NULL, NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_roster_problem_free);
  duties = g_array_new (FALSE, FALSE, sizeof (Duty));
  people_on = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < roster->assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (roster->assignments, i);
      const DdShift *shift = g_hash_table_lookup (roster->shift_by_id, assignment->shift_id);
      Duty duty;
      GHashTable *people;

      /* an assignment to a shift the roster does not hold is outside the check */
      if (shift == NULL)
        continue;

      duty.shift = shift;
      duty.staff_id = assignment->staff_id;
      g_array_append_val (duties, duty);

      people = g_hash_table_lookup (people_on, shift->id);
      if (people == NULL)
        {
          people = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (people_on, shift->id, people);
        }
      g_hash_table_add (people, assignment->staff_id);

      if (dd_roster_date_in_range (&shift->date, first, last))
        check_assignment (roster, problems, shift, assignment->staff_id);
    }

  g_array_sort (duties, compare_duties);
  check_pairs (roster, problems, duties, first, last);

  shifts = dd_roster_get_shifts (roster);
  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);
      GHashTable *people = g_hash_table_lookup (people_on, shift->id);
      guint assigned = people != NULL ? g_hash_table_size (people) : 0;
      g_autofree char *what = NULL;

      if (assigned >= shift->required || !dd_roster_date_in_range (&shift->date, first, last))
        continue;

      what = dd_shift_describe (shift);
      add_problem (problems, DD_PROBLEM_KIND_UNCOVERED, shift, NULL,
                   g_strdup_printf (ngettext ("%s needs %u person more (%u of %u on duty)",
                                              "%s needs %u people more (%u of %u on duty)",
                                              shift->required - assigned),
                                    what, shift->required - assigned, assigned, shift->required));
    }

  g_ptr_array_sort_with_data (problems, compare_problems, roster);

  return problems;
}
