/* bench-roster.c: one year's roster for a 7x24 desk of 60 officers and 15 leaders
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints the median time of expanding and generating a year (target: under
 * 100 ms), of the check of the generated year, and, as a yardstick from the
 * same run, of expanding the shifts only and of qsort over as many items as
 * there are positions to fill.
 */

#include "config.h"

#include <stdlib.h>

#include "dd-duty-calendar.h"
#include "dd-duty-defaults.h"
#include "dd-roster.h"
#include "dd-roster-check.h"
#include "dd-roster-generator.h"

#define N_RUNS      21
#define N_LEADERS   15
#define N_OFFICERS  60
#define TARGET_MS   100.0

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);

  return values[n / 2];
}

static int
compare_ints (const void *a,
              const void *b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyDefaults) defaults = dd_duty_defaults_load (&error);
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func (g_object_unref);
  double full[N_RUNS], expand_only[N_RUNS], sort_only[N_RUNS], check_only[N_RUNS];
  GDate first, last;
  guint n_assignments = 0, n_unfilled = 0, n_problems = 0, n_positions = 0;

  if (defaults == NULL)
    g_error ("%s", error->message);
  calendar = dd_duty_calendar_new_from_defaults (defaults, &error);
  if (calendar == NULL)
    g_error ("%s", error->message);

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, 1, 2026);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 31, 12, 2026);

  for (guint i = 0; i < N_LEADERS + N_OFFICERS; i++)
    {
      g_autofree char *id = g_strdup_printf ("staff-%03u", i);
      g_autofree char *name = g_strdup_printf ("Person %u", i);

      g_ptr_array_add (staff, dd_staff_new (id, name, i < N_LEADERS ? DD_ROLE_LEADER : DD_ROLE_OFFICER,
                                            "13800000000", "unit", TRUE));
    }

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GPtrArray) shifts = NULL;
      g_autoptr(DdRoster) roster = NULL;
      g_autoptr(DdRosterGeneration) generation = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autofree guint32 *items = NULL;
      g_autoptr(GRand) rand = g_rand_new_with_seed (run);
      gint64 t0, t1;

      /* expansion and generation, from records to proposal */
      t0 = g_get_monotonic_time ();
      shifts = dd_shift_expand (calendar, defaults->templates, DD_REGIME_7X24, &first, &last);
      roster = dd_roster_new (defaults->min_rest_hours);
      dd_roster_add_shifts (roster, shifts);
      for (guint i = 0; i < staff->len; i++)
        dd_roster_add_staff (roster, g_ptr_array_index (staff, i));
      generation = dd_roster_generate (roster, &first, &last, NULL, run + 1);
      t1 = g_get_monotonic_time ();
      full[run] = (t1 - t0) / 1000.0;

      n_assignments = generation->assignments->len;
      n_unfilled = generation->unfilled->len;
      n_positions = 0;
      for (guint i = 0; i < shifts->len; i++)
        n_positions += ((DdShift *) g_ptr_array_index (shifts, i))->required;

      /* the check of the generated year */
      for (guint i = 0; i < generation->assignments->len; i++)
        dd_roster_add_assignment (roster, g_ptr_array_index (generation->assignments, i));
      t0 = g_get_monotonic_time ();
      problems = dd_roster_check (roster, &first, &last);
      t1 = g_get_monotonic_time ();
      check_only[run] = (t1 - t0) / 1000.0;
      n_problems = problems->len;
      g_clear_pointer (&shifts, g_ptr_array_unref);

      /* yardstick: the expansion alone */
      t0 = g_get_monotonic_time ();
      shifts = dd_shift_expand (calendar, defaults->templates, DD_REGIME_7X24, &first, &last);
      t1 = g_get_monotonic_time ();
      expand_only[run] = (t1 - t0) / 1000.0;

      /* yardstick: qsort over one random key per person per position */
      items = g_new (guint32, (gsize) n_positions * staff->len);
      for (guint i = 0; i < n_positions * staff->len; i++)
        items[i] = g_rand_int (rand);
      t0 = g_get_monotonic_time ();
      qsort (items, (gsize) n_positions * staff->len, sizeof *items, compare_ints);
      t1 = g_get_monotonic_time ();
      sort_only[run] = (t1 - t0) / 1000.0;
    }

  {
    double m_full = median (full, N_RUNS);
    double m_expand = median (expand_only, N_RUNS);
    double m_sort = median (sort_only, N_RUNS);
    double m_check = median (check_only, N_RUNS);

    g_print ("roster generation, one year, 7x24 desk, %u leaders + %u officers, %d runs\n",
             N_LEADERS, N_OFFICERS, N_RUNS);
    g_print ("  positions: %u, assigned: %u, left empty: %u, problems after check: %u\n",
             n_positions, n_assignments, n_unfilled, n_problems);
    g_print ("  expand + generate (median): %8.2f ms   target < %.0f ms: %s\n",
             m_full, TARGET_MS, m_full < TARGET_MS ? "met" : "MISSED");
    g_print ("  check of the year (median): %8.2f ms\n", m_check);
    g_print ("  yardstick: expand only     : %8.2f ms   ratio generate/expand %.1f\n",
             m_expand, m_full / MAX (m_expand, 0.001));
    g_print ("  yardstick: qsort of %u keys: %8.2f ms   ratio generate/qsort  %.1f\n",
             n_positions * staff->len, m_sort, m_full / MAX (m_sort, 0.001));
  }

  return 0;
}
