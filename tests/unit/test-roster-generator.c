/* test-roster-generator.c: properties of the roster generator on random staff sets
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
#include "dd-roster-generator.h"
#include "dd-time.h"

static DdDutyDefaults *defaults;

/* ------------------------------------------------------------------ scenarios */

typedef struct
{
  guint     seed;
  DdRegime  base;
  GDate     first;
  GDate     last;
  guint     n_leaders;
  guint     n_officers;
  guint     n_both;
  guint     n_inactive;
  guint     n_absences;
  guint     n_preset;       /* lawful assignments made beforehand, some locked */
  gboolean  double_period;  /* an important period with two leaders */
} Scenario;

typedef struct
{
  Scenario        sc;
  DdDutyCalendar *calendar;
  GPtrArray      *shifts;      /* DdShift: range plus a day each side */
  GPtrArray      *staff;       /* DdStaff */
  GPtrArray      *absences;    /* DdAbsence */
  GPtrArray      *preset;      /* DdAssignment */
} World;

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

static void
world_free (World *world)
{
  g_clear_object (&world->calendar);
  g_clear_pointer (&world->shifts, g_ptr_array_unref);
  g_clear_pointer (&world->staff, g_ptr_array_unref);
  g_clear_pointer (&world->absences, g_ptr_array_unref);
  g_clear_pointer (&world->preset, g_ptr_array_unref);
  g_free (world);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (World, world_free)

/* A roster of the world's records, added in an order that depends on @shuffle. */
static DdRoster *
world_roster (World    *world,
              guint32   shuffle,
              gboolean  with_preset)
{
  DdRoster *roster = dd_roster_new (defaults->min_rest_hours);
  g_autoptr(GRand) rand = g_rand_new_with_seed (shuffle);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < world->staff->len; i++)
    g_ptr_array_add (order, g_ptr_array_index (world->staff, i));
  for (guint i = order->len; shuffle != 0 && i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) i);
      gpointer tmp = order->pdata[i - 1];

      order->pdata[i - 1] = order->pdata[j];
      order->pdata[j] = tmp;
    }

  for (guint i = 0; i < world->shifts->len; i++)
    {
      guint k = shuffle != 0 ? world->shifts->len - 1 - i : i;
      dd_roster_add_shift (roster, g_ptr_array_index (world->shifts, k));
    }
  for (guint i = 0; i < order->len; i++)
    dd_roster_add_staff (roster, g_ptr_array_index (order, i));
  for (guint i = 0; i < world->absences->len; i++)
    dd_roster_add_absence (roster, g_ptr_array_index (world->absences, i));
  for (guint i = 0; with_preset && i < world->preset->len; i++)
    dd_roster_add_assignment (roster, g_ptr_array_index (world->preset, i));

  return roster;
}

static gboolean
roster_is_lawful (DdRoster *roster)
{
  g_autoptr(GPtrArray) problems = dd_roster_check (roster, NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      if (((DdRosterProblem *) g_ptr_array_index (problems, i))->kind != DD_PROBLEM_KIND_UNCOVERED)
        return FALSE;
    }

  return TRUE;
}

static World *
world_new (const Scenario *sc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (sc->seed * 7919u + 1);
  World *world = g_new0 (World, 1);
  GDate from = sc->first, to = sc->last;
  guint n = 0;

  world->sc = *sc;
  world->calendar = dd_duty_calendar_new_from_defaults (defaults, &error);
  g_assert_no_error (error);

  if (sc->double_period)
    {
      GDate a = sc->first, b;
      g_autoptr(DdImportantPeriod) period = NULL;

      g_date_add_days (&a, 2);
      b = a;
      g_date_add_days (&b, 5);
      period = dd_important_period_new_for_dates ("p", "Congress", &a, &b, 2);
      g_assert_true (dd_duty_calendar_add_period (world->calendar, period, NULL));
    }

  g_date_subtract_days (&from, 1);
  g_date_add_days (&to, 1);
  world->shifts = dd_shift_expand (world->calendar, defaults->templates, sc->base, &from, &to);

  world->staff = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < sc->n_leaders + sc->n_officers + sc->n_both; i++)
    {
      DdRole roles = i < sc->n_leaders ? DD_ROLE_LEADER
                     : i < sc->n_leaders + sc->n_officers ? DD_ROLE_OFFICER : DD_ROLE_BOTH;
      g_autofree char *id = g_strdup_printf ("s%03u", i);
      g_autofree char *name = g_strdup_printf ("Person %u", i);

      g_ptr_array_add (world->staff, dd_staff_new (id, name, roles, "1", "u", TRUE));
    }
  for (guint i = 0; i < sc->n_inactive; i++)
    {
      g_autofree char *id = g_strdup_printf ("x%03u", i);

      g_ptr_array_add (world->staff, dd_staff_new (id, "Gone", i % 2 ? DD_ROLE_LEADER : DD_ROLE_OFFICER,
                                                   "1", "u", FALSE));
    }

  world->absences = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_absence_free);
  for (guint i = 0; i < sc->n_absences && sc->n_leaders + sc->n_officers + sc->n_both > 0; i++)
    {
      guint who = g_rand_int_range (rand, 0, (gint32) (sc->n_leaders + sc->n_officers + sc->n_both));
      GDate a = sc->first, b;
      g_autoptr(DdAbsence) absence = NULL;
      gint32 offset = g_rand_int_range (rand, -3, (gint32) g_date_days_between (&sc->first, &sc->last) + 1);

      if (offset < 0)
        g_date_subtract_days (&a, (guint) -offset);
      else
        g_date_add_days (&a, (guint) offset);
      b = a;
      g_date_add_days (&b, g_rand_int_range (rand, 0, 10));
      absence = dd_absence_new (NULL, dd_staff_get_id (g_ptr_array_index (world->staff, who)),
                                (DdAbsenceKind) g_rand_int_range (rand, 0, 3), &a, &b, NULL);
      g_ptr_array_add (world->absences, g_steal_pointer (&absence));
    }

  /* lawful assignments made by people beforehand, half of them locked */
  world->preset = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_assignment_free);
  while (n < sc->n_preset * 4 && world->preset->len < sc->n_preset && world->staff->len > 0)
    {
      const DdShift *shift = g_ptr_array_index (world->shifts, g_rand_int_range (rand, 0, (gint32) world->shifts->len));
      DdStaff *staff = g_ptr_array_index (world->staff, g_rand_int_range (rand, 0, (gint32) world->staff->len));
      g_autoptr(DdAssignment) assignment = dd_assignment_new (shift->id, dd_staff_get_id (staff),
                                                             g_rand_boolean (rand), FALSE);
      g_autoptr(DdRoster) roster = NULL;

      n++;
      g_ptr_array_add (world->preset, dd_assignment_copy (assignment));
      roster = world_roster (world, 0, TRUE);
      if (!roster_is_lawful (roster))
        g_ptr_array_remove_index (world->preset, world->preset->len - 1);
    }

  return world;
}

static Scenario
random_scenario (guint    seed,
                 gboolean tidy)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Scenario sc = { 0 };
  guint length;

  sc.seed = seed;
  sc.base = g_rand_boolean (rand) ? DD_REGIME_7X24 : DD_REGIME_5X8;
  sc.first = ymd (2024, 1, 1);
  g_date_add_days (&sc.first, g_rand_int_range (rand, 0, 3 * 365 - 100));
  length = (guint) g_rand_int_range (rand, 7, 93);
  sc.last = sc.first;
  g_date_add_days (&sc.last, length - 1);
  sc.double_period = g_rand_int_range (rand, 0, 4) == 0;

  if (tidy)
    {
      /* enough people of one role each that the rest rule never binds */
      sc.n_leaders = (guint) g_rand_int_range (rand, sc.double_period ? 5 : 3, 16);
      sc.n_officers = (guint) g_rand_int_range (rand, 4, 40);
    }
  else
    {
      sc.n_leaders = (guint) g_rand_int_range (rand, 0, 8);
      sc.n_officers = (guint) g_rand_int_range (rand, 0, 12);
      sc.n_both = (guint) g_rand_int_range (rand, 0, 4);
      sc.n_inactive = (guint) g_rand_int_range (rand, 0, 3);
      sc.n_absences = (guint) g_rand_int_range (rand, 0, 12);
      sc.n_preset = (guint) g_rand_int_range (rand, 0, 10);
    }

  return sc;
}

/* ------------------------------------------------------------------ properties */

static gboolean
same_generation (DdRosterGeneration *a,
                 DdRosterGeneration *b)
{
  if (a->assignments->len != b->assignments->len || a->unfilled->len != b->unfilled->len)
    return FALSE;

  for (guint i = 0; i < a->assignments->len; i++)
    {
      const DdAssignment *x = g_ptr_array_index (a->assignments, i);
      const DdAssignment *y = g_ptr_array_index (b->assignments, i);

      if (!g_str_equal (x->shift_id, y->shift_id) || !g_str_equal (x->staff_id, y->staff_id))
        return FALSE;
    }

  for (guint i = 0; i < a->unfilled->len; i++)
    {
      const DdUnfilled *x = g_ptr_array_index (a->unfilled, i);
      const DdUnfilled *y = g_ptr_array_index (b->unfilled, i);

      if (!g_str_equal (x->shift_id, y->shift_id) || x->missing != y->missing || x->reason != y->reason)
        return FALSE;
    }

  return TRUE;
}

static DdRoster *
merged_roster (World              *world,
               DdRosterGeneration *generation)
{
  DdRoster *roster = world_roster (world, 0, TRUE);

  for (guint i = 0; i < generation->assignments->len; i++)
    dd_roster_add_assignment (roster, g_ptr_array_index (generation->assignments, i));

  return roster;
}

static gboolean
is_away (World         *world,
         const char    *staff_id,
         const DdShift *shift)
{
  for (guint i = 0; i < world->absences->len; i++)
    {
      const DdAbsence *absence = g_ptr_array_index (world->absences, i);
      GDate day;

      if (!g_str_equal (absence->staff_id, staff_id))
        continue;

      /* the shift's start day or end day (all shifts are at most 24 h) */
      dd_time_beijing_date (shift->start_ms, &day);
      if (g_date_compare (&day, &absence->first) >= 0 && g_date_compare (&day, &absence->last) <= 0)
        return TRUE;
      dd_time_beijing_date (shift->end_ms - 1, &day);
      if (g_date_compare (&day, &absence->first) >= 0 && g_date_compare (&day, &absence->last) <= 0)
        return TRUE;
    }

  return FALSE;
}

static void
assert_properties (World              *world,
                   DdRosterGeneration *generation)
{
  const Scenario *sc = &world->sc;
  g_autoptr(DdRoster) merged = merged_roster (world, generation);
  g_autoptr(GPtrArray) problems = dd_roster_check (merged, &sc->first, &sc->last);
  g_autoptr(GHashTable) preset = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) uncovered = g_hash_table_new (g_str_hash, g_str_equal);
  guint checked = 0;

  for (guint i = 0; i < world->preset->len; i++)
    {
      const DdAssignment *a = g_ptr_array_index (world->preset, i);
      g_hash_table_add (preset, g_strconcat (a->shift_id, "|", a->staff_id, NULL));
    }

  /* new assignments: in range, generated, never on top of a preset one */
  for (guint i = 0; i < generation->assignments->len; i++)
    {
      const DdAssignment *a = g_ptr_array_index (generation->assignments, i);
      const DdShift *shift = dd_roster_lookup_shift (merged, a->shift_id);
      g_autofree char *key = g_strconcat (a->shift_id, "|", a->staff_id, NULL);

      g_assert_nonnull (shift);
      g_assert_true (a->generated);
      g_assert_false (a->locked);
      g_assert_cmpint (g_date_compare (&shift->date, &sc->first), >=, 0);
      g_assert_cmpint (g_date_compare (&shift->date, &sc->last), <=, 0);
      g_assert_false (g_hash_table_contains (preset, key));
    }

  /* rules never broken: the only problems are positions left empty, and
   * those are exactly the ones reported unfilled */
  for (guint i = 0; i < problems->len; i++)
    {
      const DdRosterProblem *problem = g_ptr_array_index (problems, i);

      if (problem->kind != DD_PROBLEM_KIND_UNCOVERED)
        g_error ("seed %u: %s: %s", sc->seed, dd_problem_kind_to_string (problem->kind), problem->detail);
      g_hash_table_add (uncovered, problem->shift_id);
    }
  g_assert_cmpuint (g_hash_table_size (uncovered), ==, generation->unfilled->len);

  /* coverage: no one could have been put on a position left empty, and the
   * reason given is true */
  for (guint i = 0; i < generation->unfilled->len; i++)
    {
      const DdUnfilled *unfilled = g_ptr_array_index (generation->unfilled, i);
      const DdShift *shift = dd_roster_lookup_shift (merged, unfilled->shift_id);
      DdRole role = dd_position_get_role (shift->position);
      guint n_role = 0, n_present = 0;

      g_assert_true (g_hash_table_contains (uncovered, unfilled->shift_id));
      g_assert_cmpuint (unfilled->missing, >=, 1);
      g_assert_nonnull (unfilled->detail);

      for (guint k = 0; k < world->staff->len; k++)
        {
          DdStaff *staff = g_ptr_array_index (world->staff, k);
          g_autoptr(DdAssignment) extra = NULL;
          g_autoptr(DdRoster) trial = NULL;

          if (!dd_staff_get_active (staff) || (dd_staff_get_roles (staff) & role) == 0)
            continue;
          n_role++;
          if (is_away (world, dd_staff_get_id (staff), shift))
            continue;
          n_present++;

          if (checked++ > 60)
            continue;
          trial = merged_roster (world, generation);
          extra = dd_assignment_new (shift->id, dd_staff_get_id (staff), FALSE, TRUE);
          dd_roster_add_assignment (trial, extra);
          if (roster_is_lawful (trial))
            g_error ("seed %u: %s could have filled %s", sc->seed, dd_staff_get_id (staff), shift->id);
        }

      switch (unfilled->reason)
        {
        case DD_UNFILLED_REASON_NO_STAFF:
          g_assert_cmpuint (n_role, ==, 0);
          break;
        case DD_UNFILLED_REASON_UNAVAILABLE:
          g_assert_cmpuint (n_role, >, 0);
          g_assert_cmpuint (n_present, ==, 0);
          break;
        case DD_UNFILLED_REASON_REST_RULE:
        default:
          g_assert_cmpuint (n_present, >, 0);
          break;
        }
    }
}

typedef struct
{
  int total[2], holiday[2], night[2], weekend[2];
} Spread;

/* max - min per single-role pool (0 leaders, 1 officers) of @loads */
static Spread
spread_of (World     *world,
           GPtrArray *loads)
{
  Spread spread;
  int lo[4][2], hi[4][2];

  for (guint p = 0; p < 2; p++)
    for (guint c = 0; c < 4; c++)
      {
        lo[c][p] = G_MAXINT;
        hi[c][p] = G_MININT;
      }

  for (guint i = 0; i < loads->len; i++)
    {
      const DdStaffLoad *load = g_ptr_array_index (loads, i);
      DdStaff *staff = NULL;
      int values[4] = { (int) load->shifts, (int) load->holiday_shifts,
                        (int) load->night_shifts, (int) load->weekend_shifts };
      guint p;

      for (guint k = 0; k < world->staff->len; k++)
        if (g_str_equal (dd_staff_get_id (g_ptr_array_index (world->staff, k)), load->staff_id))
          staff = g_ptr_array_index (world->staff, k);
      g_assert_nonnull (staff);
      g_assert_cmpint (dd_staff_get_roles (staff), !=, DD_ROLE_BOTH);
      p = dd_staff_get_roles (staff) == DD_ROLE_LEADER ? 0 : 1;

      for (guint c = 0; c < 4; c++)
        {
          lo[c][p] = MIN (lo[c][p], values[c]);
          hi[c][p] = MAX (hi[c][p], values[c]);
        }
    }

  for (guint p = 0; p < 2; p++)
    {
      spread.total[p] = hi[0][p] - lo[0][p];
      spread.holiday[p] = hi[1][p] - lo[1][p];
      spread.night[p] = hi[2][p] - lo[2][p];
      spread.weekend[p] = hi[3][p] - lo[3][p];
    }

  return spread;
}

static void
assert_fair (World     *world,
             GPtrArray *loads,
             const char *what)
{
  Spread s = spread_of (world, loads);

  for (guint p = 0; p < 2; p++)
    {
      if (s.total[p] > 1 || s.holiday[p] > 1 || s.night[p] > 2 || s.weekend[p] > 2)
        {
          for (guint i = 0; g_getenv ("DD_DEBUG") && i < loads->len; i++)
            {
              const DdStaffLoad *l = g_ptr_array_index (loads, i);
              g_printerr ("%s t%u h%u n%u w%u\n", l->staff_id, l->shifts, l->holiday_shifts, l->night_shifts, l->weekend_shifts);
            }
        }
      if (s.total[p] > 1 || s.holiday[p] > 1 || s.night[p] > 2 || s.weekend[p] > 2)
        g_error ("seed %u (%s), %s: spread total %d, holiday %d, night %d, weekend %d",
                 world->sc.seed, what, p == 0 ? "leaders" : "officers",
                 s.total[p], s.holiday[p], s.night[p], s.weekend[p]);
    }
}

/* ------------------------------------------------------------------ tests */

/* DD_TEST_SEEDS=N runs more seeds (a soak run); the default keeps the suite quick */
static guint
n_seeds (guint fallback)
{
  const char *env = g_getenv ("DD_TEST_SEEDS");

  return env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : fallback;
}

#define N_RANDOM n_seeds (80)

static void
test_random_messy (void)
{
  for (guint seed = 1; seed <= N_RANDOM; seed++)
    {
      Scenario sc = random_scenario (seed, FALSE);
      g_autoptr(World) world = world_new (&sc);
      g_autoptr(DdRoster) roster = world_roster (world, 0, TRUE);
      g_autoptr(DdRoster) shuffled = world_roster (world, seed, TRUE);
      g_autoptr(DdRosterGeneration) generation = NULL;
      g_autoptr(DdRosterGeneration) again = NULL;

      generation = dd_roster_generate (roster, &sc.first, &sc.last, NULL, seed);
      assert_properties (world, generation);

      /* determinism, whatever order the records came in */
      again = dd_roster_generate (shuffled, &sc.first, &sc.last, NULL, seed);
      g_assert_true (same_generation (generation, again));
    }
}

static void
test_random_fair (void)
{
  for (guint seed = 1; seed <= N_RANDOM; seed++)
    {
      Scenario sc = random_scenario (seed, TRUE);
      g_autoptr(World) world = world_new (&sc);
      g_autoptr(DdRoster) roster = world_roster (world, 0, FALSE);
      g_autoptr(DdRosterGeneration) generation = NULL;
      g_autoptr(DdRoster) merged = NULL;
      g_autoptr(GPtrArray) loads = NULL;

      generation = dd_roster_generate (roster, &sc.first, &sc.last, NULL, seed);
      assert_properties (world, generation);
      if (generation->unfilled->len != 0)
        g_error ("seed %u: %u positions left empty: %s (%u leaders, %u officers, %s, period %d)",
                 seed, generation->unfilled->len,
                 ((DdUnfilled *) g_ptr_array_index (generation->unfilled, 0))->detail,
                 sc.n_leaders, sc.n_officers, dd_regime_to_string (sc.base), sc.double_period);

      merged = merged_roster (world, generation);
      loads = dd_roster_compute_loads (merged, &sc.first, &sc.last);
      assert_fair (world, loads, "one range");
    }
}

/* Month after month, each generated with the loads of the ones before as
 * history: the bounds hold for the running totals. */
static void
test_chained_months (void)
{
  for (guint seed = 1; seed <= n_seeds (80) / 10; seed++)
    {
      Scenario sc = random_scenario (seed + 1000, TRUE);
      g_autoptr(World) world = NULL;
      g_autoptr(DdRoster) all = NULL;
      GDate year_first = ymd (2024 + (int) (seed % 3), 1, 1);
      GDate year_last = ymd (2024 + (int) (seed % 3), 12, 31);

      sc.first = year_first;
      sc.last = year_last;
      sc.double_period = FALSE;
      world = world_new (&sc);
      all = world_roster (world, 0, FALSE);

      for (guint month = 1; month <= 12; month++)
        {
          GDate first = ymd (g_date_get_year (&year_first), month, 1);
          GDate last = first;
          g_autoptr(GPtrArray) history = NULL;
          g_autoptr(GPtrArray) loads = NULL;
          g_autoptr(DdRosterGeneration) generation = NULL;

          g_date_add_months (&last, 1);
          g_date_subtract_days (&last, 1);

          history = g_date_get_month (&first) == 1 ? NULL : dd_roster_compute_loads (all, &year_first, NULL);
          generation = dd_roster_generate (all, &first, &last, history, seed * 100 + month);
          g_assert_cmpuint (generation->unfilled->len, ==, 0);
          for (guint i = 0; i < generation->assignments->len; i++)
            dd_roster_add_assignment (all, g_ptr_array_index (generation->assignments, i));

          loads = dd_roster_compute_loads (all, &year_first, &last);
          assert_fair (world, loads, "running total");
        }

      g_assert_true (roster_is_lawful (all));
    }
}

static void
test_seeds_differ (void)
{
  Scenario sc = random_scenario (7, TRUE);
  g_autoptr(World) world = world_new (&sc);
  g_autoptr(DdRoster) roster = world_roster (world, 0, FALSE);
  g_autoptr(DdRosterGeneration) a = dd_roster_generate (roster, &sc.first, &sc.last, NULL, 1);
  g_autoptr(DdRosterGeneration) b = dd_roster_generate (roster, &sc.first, &sc.last, NULL, 2);
  g_autoptr(DdRosterGeneration) c = dd_roster_generate (roster, &sc.first, &sc.last, NULL, 1);

  g_assert_false (same_generation (a, b));
  g_assert_true (same_generation (a, c));
}

static void
test_locks_kept (void)
{
  Scenario sc = random_scenario (3, TRUE);
  g_autoptr(World) world = NULL;
  g_autoptr(DdRoster) roster = NULL;
  g_autoptr(DdRosterGeneration) generation = NULL;
  g_autoptr(DdAssignment) locked = NULL;
  g_autoptr(DdAssignment) manual = NULL;
  const DdShift *leader_shift = NULL, *officer_shift = NULL;

  sc.base = DD_REGIME_7X24;
  world = world_new (&sc);
  for (guint i = 0; i < world->shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (world->shifts, i);

      if (g_date_compare (&shift->date, &sc.first) <= 0)
        continue;
      if (leader_shift == NULL && shift->position == DD_POSITION_LEADER)
        leader_shift = shift;
      if (officer_shift == NULL && shift->position == DD_POSITION_OFFICER)
        officer_shift = shift;
    }

  /* s000 is a leader, the last non-inactive staff member an officer */
  locked = dd_assignment_new (leader_shift->id, "s000", TRUE, FALSE);
  manual = dd_assignment_new (officer_shift->id,
                              dd_staff_get_id (g_ptr_array_index (world->staff, world->staff->len - 1)),
                              FALSE, FALSE);
  g_ptr_array_add (world->preset, dd_assignment_copy (locked));
  g_ptr_array_add (world->preset, dd_assignment_copy (manual));
  roster = world_roster (world, 0, TRUE);
  g_assert_true (roster_is_lawful (roster));

  generation = dd_roster_generate (roster, &sc.first, &sc.last, NULL, 42);
  assert_properties (world, generation);
  for (guint i = 0; i < generation->assignments->len; i++)
    {
      const DdAssignment *a = g_ptr_array_index (generation->assignments, i);

      g_assert_cmpstr (a->shift_id, !=, leader_shift->id);
      g_assert_cmpstr (a->shift_id, !=, officer_shift->id);
    }
}

static void
test_unfilled_reasons (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyCalendar) calendar = dd_duty_calendar_new_from_defaults (defaults, &error);
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(DdRoster) roster = dd_roster_new (12);
  g_autoptr(DdStaff) officer = dd_staff_new ("o1", "Only Officer", DD_ROLE_OFFICER, "1", "u", TRUE);
  g_autoptr(DdStaff) leader = dd_staff_new ("l1", "Only Leader", DD_ROLE_LEADER, "1", "u", TRUE);
  g_autoptr(DdAbsence) away = NULL;
  g_autoptr(DdRosterGeneration) generation = NULL;
  GDate first = ymd (2026, 3, 10), last = ymd (2026, 3, 11);
  guint reasons[3] = { 0 };

  g_assert_no_error (error);
  shifts = dd_shift_expand (calendar, defaults->templates, DD_REGIME_7X24, &first, &last);
  dd_roster_add_shifts (roster, shifts);
  dd_roster_add_staff (roster, officer);
  dd_roster_add_staff (roster, leader);
  /* the only leader is away on 03-11: 03-10's leader shift (into 03-11) and 03-11's */
  away = dd_absence_new (NULL, "l1", DD_ABSENCE_KIND_BUSINESS_TRIP, &last, &last, NULL);
  dd_roster_add_absence (roster, away);

  generation = dd_roster_generate (roster, &first, &last, NULL, 1);
  /* o1 takes the 03-10 day shift; the 03-10 night follows it without rest;
   * the 03-11 day shift: o1 ended 03-10 17:30, 15 h before: takes it; the
   * 03-11 night again has no rest */
  for (guint i = 0; i < generation->unfilled->len; i++)
    {
      const DdUnfilled *unfilled = g_ptr_array_index (generation->unfilled, i);

      reasons[unfilled->reason]++;
      if (unfilled->reason == DD_UNFILLED_REASON_UNAVAILABLE)
        g_assert_true (g_str_has_suffix (unfilled->shift_id, "leader_7x24"));
      if (unfilled->reason == DD_UNFILLED_REASON_REST_RULE)
        g_assert_true (g_str_has_suffix (unfilled->shift_id, "officer_night"));
    }
  g_assert_cmpuint (reasons[DD_UNFILLED_REASON_UNAVAILABLE], ==, 2);
  g_assert_cmpuint (reasons[DD_UNFILLED_REASON_REST_RULE], ==, 2);
  g_assert_cmpuint (generation->assignments->len, ==, 2);
  g_clear_pointer (&generation, dd_roster_generation_free);

  /* nobody with the role at all */
  {
    g_autoptr(DdRoster) empty = dd_roster_new (12);

    dd_roster_add_shifts (empty, shifts);
    dd_roster_add_staff (empty, officer);
    generation = dd_roster_generate (empty, &first, &first, NULL, 1);
    g_assert_cmpuint (generation->unfilled->len, ==, 2);
    g_assert_cmpint (((DdUnfilled *) g_ptr_array_index (generation->unfilled, 0))->reason,
                     ==, DD_UNFILLED_REASON_NO_STAFF);
    g_assert_nonnull (strstr (((DdUnfilled *) g_ptr_array_index (generation->unfilled, 0))->detail,
                              "Leader on duty"));
  }
}

static void
test_double_leaders (void)
{
  Scenario sc = random_scenario (11, TRUE);
  g_autoptr(World) world = NULL;
  g_autoptr(DdRoster) roster = NULL;
  g_autoptr(DdRosterGeneration) generation = NULL;
  g_autoptr(DdRoster) merged = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  guint doubles = 0;

  sc.double_period = TRUE;
  sc.n_leaders = 5;
  world = world_new (&sc);
  roster = world_roster (world, 0, FALSE);
  generation = dd_roster_generate (roster, &sc.first, &sc.last, NULL, 5);
  g_assert_cmpuint (generation->unfilled->len, ==, 0);
  merged = merged_roster (world, generation);
  problems = dd_roster_check (merged, &sc.first, &sc.last);
  g_assert_cmpuint (problems->len, ==, 0);

  for (guint i = 0; i < world->shifts->len; i++)
    doubles += ((DdShift *) g_ptr_array_index (world->shifts, i))->required == 2;
  g_assert_cmpuint (doubles, ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  defaults = dd_duty_defaults_load (&error);
  g_assert_no_error (error);

  g_test_add_func ("/roster-generator/random-messy", test_random_messy);
  g_test_add_func ("/roster-generator/random-fair", test_random_fair);
  g_test_add_func ("/roster-generator/chained-months", test_chained_months);
  g_test_add_func ("/roster-generator/seeds-differ", test_seeds_differ);
  g_test_add_func ("/roster-generator/locks-kept", test_locks_kept);
  g_test_add_func ("/roster-generator/unfilled-reasons", test_unfilled_reasons);
  g_test_add_func ("/roster-generator/double-leaders", test_double_leaders);

  ret = g_test_run ();
  g_clear_pointer (&defaults, dd_duty_defaults_free);

  return ret;
}
