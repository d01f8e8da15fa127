/* dd-roster-generator.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-roster-generator.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dd-duty-date.h"
#include "dd-roster-private.h"

/* The generator is a greedy fill. It first fills every empty position on a
 * holiday, in time order, then every other one, in time order. For each
 * position it takes, among the people who may lawfully fill it (active, with
 * the role, not away, clear of their other shifts by the rest), the one who
 * is lowest by
 *
 *   holiday shift:  (holiday shifts, total, night balance, weekend balance, random)
 *   weekend shift:  (weekend shifts, total, night balance, -holiday shifts, random)
 *   other shift:    (total, night balance, -weekend shifts, -holiday shifts, random)
 *
 * where a balance is the person's count for a shift of that kind and minus
 * it otherwise, so night shifts go to those with fewest and day shifts to
 * those with most. Taking the least-loaded person keeps each count within
 * one of the others as long as that person is free; the many ordinary shifts
 * after the holidays even out the totals the holidays left uneven.
 *
 * Then it rebalances: while the totals of a role's people differ by more
 * than one, it moves a generated shift from a most- to a least-loaded person
 * where that is lawful and keeps the holiday, weekend and night spreads in
 * bounds, and retries the positions left empty (a move may free someone).
 *
 * Filling holidays ahead of the days around them can leave a small pool no
 * lawful choice on the day before a holiday block; when positions stay
 * empty the whole fill is redone strictly in time order and the result with
 * fewer empty positions wins: coverage comes before fairness.
 *
 * The random tie-break comes from the seed, so equal people rotate
 * differently per seed, and the same records and seed give the same roster
 * (people are taken by id, positions by start and shift id). */

typedef struct
{
  gint64 start;
  gint64 end;
} Span;

typedef struct
{
  const char *id;
  DdRole      roles;
  gboolean    active;
  GArray     *busy;     /* Span, by start */
  GArray     *away;     /* Span */
  int         total;
  int         night;
  int         weekend;
  int         holiday;
} Person;

enum {
  SLOT_HOLIDAY,
  SLOT_WEEKEND,
  SLOT_OTHER,
};

typedef struct
{
  const DdShift *shift;
  int            kind;
  gboolean       night;
  gboolean       weekend;
  gboolean       holiday;
} Slot;

typedef struct
{
  const Slot *slot;
  Person     *person;
} Fill;

typedef struct
{
  DdRoster   *roster;
  Person     *people;
  guint       n_people;
  GHashTable *person_by_id;   /* id → Person */
  gint64      rest_ms;
  gint64      max_span_ms;
  GRand      *rand;
} Generator;

void
dd_unfilled_free (DdUnfilled *unfilled)
{
  if (unfilled == NULL)
    return;

  g_free (unfilled->shift_id);
  g_free (unfilled->detail);
  g_free (unfilled);
}

void
dd_roster_generation_free (DdRosterGeneration *generation)
{
  if (generation == NULL)
    return;

  g_clear_pointer (&generation->assignments, g_ptr_array_unref);
  g_clear_pointer (&generation->unfilled, g_ptr_array_unref);
  g_free (generation);
}

static int
compare_staff_by_id (gconstpointer a,
                     gconstpointer b)
{
  DdStaff *sa = *(DdStaff * const *) a;
  DdStaff *sb = *(DdStaff * const *) b;

  return strcmp (dd_staff_get_id (sa), dd_staff_get_id (sb));
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *sa = a;
  const Span *sb = b;

  if (sa->start != sb->start)
    return sa->start < sb->start ? -1 : 1;
  if (sa->end != sb->end)
    return sa->end < sb->end ? -1 : 1;

  return 0;
}

static int
compare_slots (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  gboolean holidays_first = GPOINTER_TO_INT (user_data);
  const Slot *sa = a;
  const Slot *sb = b;

  if (holidays_first && sa->holiday != sb->holiday)
    return sa->holiday ? -1 : 1;
  if (sa->shift->start_ms != sb->shift->start_ms)
    return sa->shift->start_ms < sb->shift->start_ms ? -1 : 1;

  return strcmp (sa->shift->id, sb->shift->id);
}

static int
compare_assignments (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  DdRoster *roster = user_data;
  const DdAssignment *aa = *(DdAssignment * const *) a;
  const DdAssignment *ab = *(DdAssignment * const *) b;
  const DdShift *sa = g_hash_table_lookup (roster->shift_by_id, aa->shift_id);
  const DdShift *sb = g_hash_table_lookup (roster->shift_by_id, ab->shift_id);
  int cmp;

  if (sa->start_ms != sb->start_ms)
    return sa->start_ms < sb->start_ms ? -1 : 1;
  cmp = strcmp (aa->shift_id, ab->shift_id);
  if (cmp != 0)
    return cmp;

  return strcmp (aa->staff_id, ab->staff_id);
}

static int
compare_unfilled (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  DdRoster *roster = user_data;
  const DdUnfilled *ua = *(DdUnfilled * const *) a;
  const DdUnfilled *ub = *(DdUnfilled * const *) b;
  const DdShift *sa = g_hash_table_lookup (roster->shift_by_id, ua->shift_id);
  const DdShift *sb = g_hash_table_lookup (roster->shift_by_id, ub->shift_id);

  if (sa->start_ms != sb->start_ms)
    return sa->start_ms < sb->start_ms ? -1 : 1;

  return strcmp (ua->shift_id, ub->shift_id);
}

static void
count_shift (Person        *person,
             const DdShift *shift,
             gboolean       night)
{
  person->total++;
  if (night)
    person->night++;
  if (shift->day_kind == DD_DAY_KIND_WEEKEND)
    person->weekend++;
  if (shift->day_kind == DD_DAY_KIND_HOLIDAY)
    person->holiday++;
}

static void
add_busy (Generator *gen,
          Person    *person,
          gint64     start,
          gint64     end)
{
  Span span = { start, end };
  guint lo = 0, hi = person->busy->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (person->busy, Span, mid).start <= start)
        lo = mid + 1;
      else
        hi = mid;
    }

  g_array_insert_val (person->busy, lo, span);
  gen->max_span_ms = MAX (gen->max_span_ms, end - start);
}

/* Whether [start, end) keeps clear of every shift of @person, with the rest
 * on both sides. */
static gboolean
is_free (Generator *gen,
         Person    *person,
         gint64     start,
         gint64     end)
{
  GArray *busy = person->busy;
  guint lo = 0, hi = busy->len;

  /* the first span starting at or after end + rest cannot conflict, nor can
   * any after it */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (busy, Span, mid).start < end + gen->rest_ms)
        lo = mid + 1;
      else
        hi = mid;
    }

  /* walk back over the spans that start early enough to conflict */
  while (lo > 0)
    {
      const Span *span = &g_array_index (busy, Span, lo - 1);

      if (span->start + gen->max_span_ms + gen->rest_ms <= start)
        break;
      if (start < span->end + gen->rest_ms)
        return FALSE;
      lo--;
    }

  return TRUE;
}

static gboolean
is_away (Person *person,
         gint64  start,
         gint64  end)
{
  for (guint i = 0; i < person->away->len; i++)
    {
      const Span *span = &g_array_index (person->away, Span, i);

      if (span->start < end && start < span->end)
        return TRUE;
    }

  return FALSE;
}

#define N_KEYS 4

static void
person_key (const Person *person,
            const Slot   *slot,
            int           key[N_KEYS])
{
  int night_balance = slot->night ? person->night : -person->night;

  switch (slot->kind)
    {
    case SLOT_HOLIDAY:
      key[0] = person->holiday;
      key[1] = person->total;
      key[2] = night_balance;
      key[3] = slot->weekend ? person->weekend : -person->weekend;
      break;

    case SLOT_WEEKEND:
      key[0] = person->weekend;
      key[1] = person->total;
      key[2] = night_balance;
      key[3] = -person->holiday;
      break;

    case SLOT_OTHER:
    default:
      key[0] = person->total;
      key[1] = night_balance;
      key[2] = -person->weekend;
      key[3] = -person->holiday;
      break;
    }
}

static char *
describe_unfilled (Generator        *gen,
                   const Slot       *slot,
                   DdUnfilledReason  reason)
{
  g_autofree char *what = dd_shift_describe (slot->shift);
  const char *position = dd_position_get_label (slot->shift->position);

  switch (reason)
    {
    case DD_UNFILLED_REASON_NO_STAFF:
      return g_strdup_printf (_("No active person may be %s: %s"), position, what);

    case DD_UNFILLED_REASON_UNAVAILABLE:
      return g_strdup_printf (_("Everyone who may be %s is away: %s"), position, what);

    case DD_UNFILLED_REASON_REST_RULE:
    default:
      return g_strdup_printf (_("Everyone available who may be %s is on another shift or would have less than %u hours of rest: %s"),
                              position, gen->roster->min_rest_hours, what);
    }
}

/* Puts the best person on @slot; %NULL with @reason set when no one may. */
static Person *
fill_slot (Generator        *gen,
           const Slot       *slot,
           DdUnfilledReason *reason)
{
  DdRole role = dd_position_get_role (slot->shift->position);
  Person *best = NULL;
  int best_key[N_KEYS + 1];
  guint n_role = 0, n_present = 0;

  for (guint i = 0; i < gen->n_people; i++)
    {
      Person *person = &gen->people[i];
      int key[N_KEYS + 1];
      int cmp = 0;

      if (!person->active || (person->roles & role) == 0)
        continue;
      n_role++;

      if (is_away (person, slot->shift->start_ms, slot->shift->end_ms))
        continue;
      n_present++;

      if (!is_free (gen, person, slot->shift->start_ms, slot->shift->end_ms))
        continue;

      person_key (person, slot, key);
      key[N_KEYS] = (int) (g_rand_int (gen->rand) >> 1);

      if (best != NULL)
        {
          for (guint k = 0; k <= N_KEYS && cmp == 0; k++)
            cmp = key[k] < best_key[k] ? -1 : key[k] > best_key[k];
        }

      if (best == NULL || cmp < 0)
        {
          best = person;
          memcpy (best_key, key, sizeof key);
        }
    }

  if (best == NULL)
    {
      if (n_role == 0)
        *reason = DD_UNFILLED_REASON_NO_STAFF;
      else if (n_present == 0)
        *reason = DD_UNFILLED_REASON_UNAVAILABLE;
      else
        *reason = DD_UNFILLED_REASON_REST_RULE;
      return NULL;
    }

  add_busy (gen, best, slot->shift->start_ms, slot->shift->end_ms);
  count_shift (best, slot->shift, slot->night);

  return best;
}

static void
remove_busy (Person *person,
             gint64  start,
             gint64  end)
{
  for (guint i = 0; i < person->busy->len; i++)
    {
      const Span *span = &g_array_index (person->busy, Span, i);

      if (span->start == start && span->end == end)
        {
          g_array_remove_index (person->busy, i);
          return;
        }
    }

  g_assert_not_reached ();
}

static void
uncount_shift (Person        *person,
               const DdShift *shift,
               gboolean       night)
{
  person->total--;
  if (night)
    person->night--;
  if (shift->day_kind == DD_DAY_KIND_WEEKEND)
    person->weekend--;
  if (shift->day_kind == DD_DAY_KIND_HOLIDAY)
    person->holiday--;
}

static int
category_count (const Person *person,
                guint         category)
{
  switch (category)
    {
    case 0: return person->holiday;
    case 1: return person->weekend;
    case 2: return person->night;
    default: return person->total;
    }
}

static gboolean
slot_has_category (const Slot *slot,
                   guint       category)
{
  switch (category)
    {
    case 0: return slot->holiday;
    case 1: return slot->weekend;
    case 2: return slot->night;
    default: return TRUE;
    }
}

/* Whether moving @slot from @from to @to keeps the spread of each of the
 * slot's categories among @role's people within what it was or its bound. */
static gboolean
move_keeps_categories (Generator  *gen,
                       DdRole      role,
                       const Slot *slot,
                       Person     *from,
                       Person     *to)
{
  static const int bounds[3] = { 1, 2, 2 };   /* holiday, weekend, night */

  for (guint c = 0; c < 3; c++)
    {
      int lo_before = G_MAXINT, hi_before = G_MININT, lo_after = G_MAXINT, hi_after = G_MININT;

      if (!slot_has_category (slot, c))
        continue;

      for (guint i = 0; i < gen->n_people; i++)
        {
          Person *person = &gen->people[i];
          int value;

          if (!person->active || (person->roles & role) == 0)
            continue;

          value = category_count (person, c);
          lo_before = MIN (lo_before, value);
          hi_before = MAX (hi_before, value);
          value += person == to ? 1 : person == from ? -1 : 0;
          lo_after = MIN (lo_after, value);
          hi_after = MAX (hi_after, value);
        }

      if (hi_after - lo_after > MAX (hi_before - lo_before, bounds[c]))
        return FALSE;
    }

  return TRUE;
}

/* One move of a generated shift from a most-loaded to a least-loaded person
 * of @role, lawful and keeping the other counts in bounds. */
static gboolean
rebalance_once (Generator *gen,
                GArray    *fills,
                DdRole     role)
{
  int lo = G_MAXINT, hi = G_MININT;

  for (guint i = 0; i < gen->n_people; i++)
    {
      Person *person = &gen->people[i];

      if (!person->active || (person->roles & role) == 0)
        continue;
      lo = MIN (lo, person->total);
      hi = MAX (hi, person->total);
    }

  if (lo == G_MAXINT || hi - lo <= 1)
    return FALSE;

  for (guint i = 0; i < fills->len; i++)
    {
      Fill *fill = &g_array_index (fills, Fill, i);
      const DdShift *shift = fill->slot->shift;

      if (fill->person->total != hi || dd_position_get_role (shift->position) != role)
        continue;

      for (guint k = 0; k < gen->n_people; k++)
        {
          Person *to = &gen->people[k];

          if (to->total != lo || !to->active || (to->roles & role) == 0 ||
              is_away (to, shift->start_ms, shift->end_ms) ||
              !is_free (gen, to, shift->start_ms, shift->end_ms) ||
              !move_keeps_categories (gen, role, fill->slot, fill->person, to))
            continue;

          remove_busy (fill->person, shift->start_ms, shift->end_ms);
          uncount_shift (fill->person, shift, fill->slot->night);
          add_busy (gen, to, shift->start_ms, shift->end_ms);
          count_shift (to, shift, fill->slot->night);
          fill->person = to;

          return TRUE;
        }
    }

  return FALSE;
}

/* Spread (max - min) of @category among @role's people, with @a and @b's
 * counts changed by @da and @db. */
static int
category_spread (Generator *gen,
                 DdRole     role,
                 guint      category,
                 Person    *a,
                 int        da,
                 Person    *b,
                 int        db)
{
  int lo = G_MAXINT, hi = G_MININT;

  for (guint i = 0; i < gen->n_people; i++)
    {
      Person *person = &gen->people[i];
      int value;

      if (!person->active || (person->roles & role) == 0)
        continue;

      value = category_count (person, category) + (person == a ? da : 0) + (person == b ? db : 0);
      lo = MIN (lo, value);
      hi = MAX (hi, value);
    }

  return lo == G_MAXINT ? 0 : hi - lo;
}

/* One swap of a generated shift of @category (holiday 0, weekend 1, night 2)
 * held by a person with most of them for a generated shift without it held
 * by a person with fewest: totals stay, the spread shrinks, the other
 * spreads stay in bounds, both people stay lawful. */
static gboolean
swap_once (Generator *gen,
           GArray    *fills,
           DdRole     role,
           guint      category)
{
  static const int bounds[3] = { 1, 2, 2 };
  int spread = category_spread (gen, role, category, NULL, 0, NULL, 0);
  int lo = G_MAXINT, hi = G_MININT;

  if (spread <= bounds[category])
    return FALSE;

  for (guint i = 0; i < gen->n_people; i++)
    {
      Person *person = &gen->people[i];

      if (!person->active || (person->roles & role) == 0)
        continue;
      lo = MIN (lo, category_count (person, category));
      hi = MAX (hi, category_count (person, category));
    }

  for (guint i = 0; i < fills->len; i++)
    {
      Fill *f1 = &g_array_index (fills, Fill, i);
      Person *high = f1->person;

      if (dd_position_get_role (f1->slot->shift->position) != role ||
          !slot_has_category (f1->slot, category))
        continue;

      for (guint j = 0; j < fills->len; j++)
        {
          Fill *f2 = &g_array_index (fills, Fill, j);
          Person *low = f2->person;
          const DdShift *s1 = f1->slot->shift;
          const DdShift *s2 = f2->slot->shift;
          gboolean ok = TRUE;

          if (low == high || dd_position_get_role (s2->position) != role ||
              slot_has_category (f2->slot, category) ||
              category_count (high, category) != hi || category_count (low, category) != lo ||
              !low->active || !high->active ||
              (low->roles & role) == 0 || (high->roles & role) == 0)
            continue;

          /* the spreads after the swap */
          for (guint c = 0; c < 3 && ok; c++)
            {
              int d = (slot_has_category (f1->slot, c) ? 1 : 0) - (slot_has_category (f2->slot, c) ? 1 : 0);
              int after = category_spread (gen, role, c, high, -d, low, d);

              if (c == category ? after > spread
                                : after > MAX (bounds[c], category_spread (gen, role, c, NULL, 0, NULL, 0)))
                ok = FALSE;
            }
          if (!ok || is_away (low, s1->start_ms, s1->end_ms) || is_away (high, s2->start_ms, s2->end_ms))
            continue;

          remove_busy (high, s1->start_ms, s1->end_ms);
          remove_busy (low, s2->start_ms, s2->end_ms);
          if (is_free (gen, low, s1->start_ms, s1->end_ms) && is_free (gen, high, s2->start_ms, s2->end_ms))
            {
              uncount_shift (high, s1, f1->slot->night);
              uncount_shift (low, s2, f2->slot->night);
              add_busy (gen, low, s1->start_ms, s1->end_ms);
              add_busy (gen, high, s2->start_ms, s2->end_ms);
              count_shift (low, s1, f1->slot->night);
              count_shift (high, s2, f2->slot->night);
              f1->person = low;
              f2->person = high;
              return TRUE;
            }
          add_busy (gen, high, s1->start_ms, s1->end_ms);
          add_busy (gen, low, s2->start_ms, s2->end_ms);
        }
    }

  return FALSE;
}

/* The greedy fill keeps totals within one of each other unless the rest rule
 * or an absence stood in the way of the least-loaded person at some point;
 * even them out afterwards where a lawful move exists. */
static void
rebalance (Generator *gen,
           GArray    *fills)
{
  static const DdRole roles[] = { DD_ROLE_LEADER, DD_ROLE_OFFICER };

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      guint guard = fills->len + 1;

      while (guard-- > 0 && rebalance_once (gen, fills, roles[r]))
        ;

      for (guint c = 0; c < 3; c++)
        {
          guard = fills->len + 1;
          while (guard-- > 0 && swap_once (gen, fills, roles[r], c))
            ;
        }
    }
}

static void
generator_init (Generator *gen,
                DdRoster  *roster,
                GPtrArray *history,
                guint64    seed)
{
  g_autoptr(GPtrArray) staff = g_ptr_array_sized_new (roster->staff->len);
  guint32 seed_words[2] = { (guint32) (seed & 0xffffffffu), (guint32) (seed >> 32) };

  /* borrowed: the roster owns the staff */
  for (guint i = 0; i < roster->staff->len; i++)
    g_ptr_array_add (staff, g_ptr_array_index (roster->staff, i));
  g_ptr_array_sort (staff, compare_staff_by_id);

  gen->roster = roster;
  gen->n_people = staff->len;
  gen->people = g_new0 (Person, MAX (staff->len, 1));
  gen->person_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gen->rest_ms = (gint64) roster->min_rest_hours * 60 * DD_MS_PER_MINUTE;
  gen->max_span_ms = 0;
  gen->rand = g_rand_new_with_seed_array (seed_words, G_N_ELEMENTS (seed_words));

  for (guint i = 0; i < staff->len; i++)
    {
      DdStaff *member = g_ptr_array_index (staff, i);
      Person *person = &gen->people[i];

      person->id = dd_staff_get_id (member);
      person->roles = dd_staff_get_roles (member);
      person->active = dd_staff_get_active (member);
      person->busy = g_array_new (FALSE, FALSE, sizeof (Span));
      person->away = g_array_new (FALSE, FALSE, sizeof (Span));
      g_hash_table_insert (gen->person_by_id, (gpointer) person->id, person);
    }

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      const DdStaffLoad *load = g_ptr_array_index (history, i);
      Person *person = g_hash_table_lookup (gen->person_by_id, load->staff_id);

      if (person == NULL)
        continue;

      person->total += (int) load->shifts;
      person->night += (int) load->night_shifts;
      person->weekend += (int) load->weekend_shifts;
      person->holiday += (int) load->holiday_shifts;
    }

  for (guint i = 0; i < roster->absences->len; i++)
    {
      const DdAbsence *absence = g_ptr_array_index (roster->absences, i);
      Person *person = g_hash_table_lookup (gen->person_by_id, absence->staff_id);
      Span span;

      if (person == NULL)
        continue;

      dd_absence_get_span (absence, &span.start, &span.end);
      g_array_append_val (person->away, span);
    }
}

static void
generator_clear (Generator *gen)
{
  for (guint i = 0; i < gen->n_people; i++)
    {
      g_clear_pointer (&gen->people[i].busy, g_array_unref);
      g_clear_pointer (&gen->people[i].away, g_array_unref);
    }

  g_clear_pointer (&gen->people, g_free);
  g_clear_pointer (&gen->person_by_id, g_hash_table_unref);
  g_clear_pointer (&gen->rand, g_rand_free);
}

static DdRosterGeneration *
generate_once (DdRoster    *roster,
               const GDate *first,
               const GDate *last,
               GPtrArray   *history,
               guint64      seed,
               gboolean     holidays_first)
{
  g_autoptr(GHashTable) assigned = NULL;   /* shift id → GHashTable of staff ids */
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GArray) fills = g_array_new (FALSE, FALSE, sizeof (Fill));
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();   /* Slot, left empty */
  DdRosterGeneration *result;
  GPtrArray *shifts;
  Generator gen = { 0 };
  DdUnfilled *pending = NULL;

  g_return_val_if_fail (roster != NULL, NULL);
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);

  generator_init (&gen, roster, history, seed);
  shifts = dd_roster_get_shifts (roster);

  result = g_new0 (DdRosterGeneration, 1);
  result->assignments = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_assignment_free);
  result->unfilled = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_unfilled_free);

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      gen.max_span_ms = MAX (gen.max_span_ms, shift->end_ms - shift->start_ms);
    }

  /* what is already there stays, takes its place and counts */
  assigned = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                    (GDestroyNotify) g_hash_table_unref);
  for (guint i = 0; i < roster->assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (roster->assignments, i);
      const DdShift *shift = g_hash_table_lookup (roster->shift_by_id, assignment->shift_id);
      Person *person = g_hash_table_lookup (gen.person_by_id, assignment->staff_id);
      GHashTable *people;

      if (shift == NULL)
        continue;

      people = g_hash_table_lookup (assigned, shift->id);
      if (people == NULL)
        {
          people = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (assigned, shift->id, people);
        }
      if (!g_hash_table_add (people, assignment->staff_id) || person == NULL)
        continue;

      add_busy (&gen, person, shift->start_ms, shift->end_ms);
      if (dd_roster_date_in_range (&shift->date, first, last))
        count_shift (person, shift, dd_shift_is_night (shift));
    }

  for (guint i = 0; i < gen.n_people; i++)
    g_array_sort (gen.people[i].busy, compare_spans);

  slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);
      GHashTable *people = g_hash_table_lookup (assigned, shift->id);
      guint have = people != NULL ? g_hash_table_size (people) : 0;
      Slot slot;

      if (!dd_roster_date_in_range (&shift->date, first, last) || have >= shift->required)
        continue;

      slot.shift = shift;
      slot.night = dd_shift_is_night (shift);
      slot.weekend = shift->day_kind == DD_DAY_KIND_WEEKEND;
      slot.holiday = shift->day_kind == DD_DAY_KIND_HOLIDAY;
      slot.kind = slot.holiday ? SLOT_HOLIDAY : slot.weekend ? SLOT_WEEKEND : SLOT_OTHER;

      for (guint k = have; k < shift->required; k++)
        g_array_append_val (slots, slot);
    }

  g_array_sort_with_data (slots, compare_slots, GINT_TO_POINTER (holidays_first));

  for (guint i = 0; i < slots->len; i++)
    {
      const Slot *slot = &g_array_index (slots, Slot, i);
      DdUnfilledReason reason;
      Person *person = fill_slot (&gen, slot, &reason);

      if (person != NULL)
        {
          Fill fill = { slot, person };

          g_array_append_val (fills, fill);
        }
      else
        g_ptr_array_add (empty, (gpointer) slot);
    }

  /* even out the totals; a move may free someone for a position left empty,
   * so try those again until nothing changes */
  for (guint round = 0; round < 8; round++)
    {
      guint filled = 0;

      rebalance (&gen, fills);

      for (guint i = 0; i < empty->len; )
        {
          const Slot *slot = g_ptr_array_index (empty, i);
          DdUnfilledReason reason;
          Person *person = fill_slot (&gen, slot, &reason);

          if (person == NULL)
            {
              i++;
              continue;
            }

          {
            Fill fill = { slot, person };

            g_array_append_val (fills, fill);
          }
          g_ptr_array_remove_index (empty, i);
          filled++;
        }

      if (filled == 0)
        break;
    }

  for (guint i = 0; i < empty->len; i++)
    {
      const Slot *slot = g_ptr_array_index (empty, i);
      DdUnfilledReason reason;
      Person *person = fill_slot (&gen, slot, &reason);

      if (person != NULL)
        {
          Fill fill = { slot, person };

          g_array_append_val (fills, fill);
          continue;
        }

      if (pending != NULL && g_str_equal (pending->shift_id, slot->shift->id))
        {
          pending->missing++;
          continue;
        }

      pending = g_new0 (DdUnfilled, 1);
      pending->shift_id = g_strdup (slot->shift->id);
      pending->missing = 1;
      pending->reason = reason;
      pending->detail = describe_unfilled (&gen, slot, reason);
      g_ptr_array_add (result->unfilled, pending);
    }

  for (guint i = 0; i < fills->len; i++)
    {
      const Fill *fill = &g_array_index (fills, Fill, i);

      g_ptr_array_add (result->assignments,
                       dd_assignment_new (fill->slot->shift->id, fill->person->id, FALSE, TRUE));
    }

  g_ptr_array_sort_with_data (result->assignments, compare_assignments, roster);
  g_ptr_array_sort_with_data (result->unfilled, compare_unfilled, roster);
  generator_clear (&gen);

  return result;
}

static guint
count_missing (DdRosterGeneration *generation)
{
  guint missing = 0;

  for (guint i = 0; i < generation->unfilled->len; i++)
    missing += ((DdUnfilled *) g_ptr_array_index (generation->unfilled, i))->missing;

  return missing;
}

DdRosterGeneration *
dd_roster_generate (DdRoster    *roster,
                    const GDate *first,
                    const GDate *last,
                    GPtrArray   *history,
                    guint64      seed)
{
  g_autoptr(DdRosterGeneration) fair = NULL;
  g_autoptr(DdRosterGeneration) plain = NULL;

  g_return_val_if_fail (roster != NULL, NULL);
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);

  /* holidays first balances holiday shifts best; but a holiday block filled
   * ahead of the days around it can leave a small pool no lawful choice on
   * the day before it. Then filling strictly in time order may cover more:
   * coverage comes before fairness. */
  fair = generate_once (roster, first, last, history, seed, TRUE);
  if (fair->unfilled->len == 0)
    return g_steal_pointer (&fair);

  plain = generate_once (roster, first, last, history, seed, FALSE);
  if (count_missing (plain) < count_missing (fair))
    return g_steal_pointer (&plain);

  return g_steal_pointer (&fair);
}
