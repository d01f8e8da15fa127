/* dd-duty-calendar.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-duty-calendar.h"

#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-error.h"

/* ------------------------------------------------------------------ periods */

struct _DdImportantPeriod
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *name;
  gint64           start_ms;
  gint64           end_ms;
  guint            leaders;
};

G_DEFINE_BOXED_TYPE (DdImportantPeriod, dd_important_period,
                     dd_important_period_ref, dd_important_period_unref)

DdImportantPeriod *
dd_important_period_new (const char *id,
                         const char *name,
                         gint64      start_ms,
                         gint64      end_ms,
                         guint       leaders)
{
  DdImportantPeriod *self = g_new0 (DdImportantPeriod, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->id = g_strdup (id != NULL ? id : "");
  self->name = g_strdup (name != NULL ? name : "");
  self->start_ms = start_ms;
  self->end_ms = end_ms;
  self->leaders = leaders;

  return self;
}

DdImportantPeriod *
dd_important_period_new_for_dates (const char  *id,
                                   const char  *name,
                                   const GDate *first,
                                   const GDate *last,
                                   guint        leaders)
{
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);

  return dd_important_period_new (id, name,
                                  dd_duty_date_start_ms (first),
                                  dd_duty_date_time_ms (last, DD_MINUTES_PER_DAY),
                                  leaders);
}

DdImportantPeriod *
dd_important_period_ref (DdImportantPeriod *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
dd_important_period_unref (DdImportantPeriod *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->id);
      g_free (self->name);
      g_free (self);
    }
}

const char *
dd_important_period_get_id (DdImportantPeriod *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

const char *
dd_important_period_get_name (DdImportantPeriod *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

gint64
dd_important_period_get_start_ms (DdImportantPeriod *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->start_ms;
}

gint64
dd_important_period_get_end_ms (DdImportantPeriod *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->end_ms;
}

guint
dd_important_period_get_leaders (DdImportantPeriod *self)
{
  g_return_val_if_fail (self != NULL, 1);

  return self->leaders;
}

gboolean
dd_important_period_get_dates (DdImportantPeriod *self,
                               GDate             *first,
                               GDate             *last)
{
  GDate start_day, end_day;
  guint start_minute, end_minute;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->end_ms <= self->start_ms)
    return FALSE;

  dd_duty_date_from_ms (self->start_ms, &start_day, &start_minute);
  dd_duty_date_from_ms (self->end_ms, &end_day, &end_minute);

  if (start_minute != 0 || end_minute != 0 ||
      self->start_ms % DD_MS_PER_MINUTE != 0 || self->end_ms % DD_MS_PER_MINUTE != 0)
    return FALSE;

  g_date_subtract_days (&end_day, 1);

  if (first != NULL)
    *first = start_day;
  if (last != NULL)
    *last = end_day;

  return TRUE;
}

gboolean
dd_important_period_touches_date (DdImportantPeriod *self,
                                  const GDate       *date)
{
  gint64 day_start;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  day_start = dd_duty_date_start_ms (date);

  return self->start_ms < day_start + DD_MS_PER_DAY && self->end_ms > day_start;
}

gboolean
dd_important_period_validate (DdImportantPeriod  *self,
                              GError            **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->id[0] == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("An important period needs an id"));
      return FALSE;
    }

  name = g_strstrip (g_strdup (self->name));
  if (!g_utf8_validate (name, -1, NULL) || name[0] == '\0' || g_utf8_strlen (name, -1) > 128)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("An important period needs a name of at most 128 characters"));
      return FALSE;
    }

  if (self->end_ms <= self->start_ms)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The important period “%s” ends before it starts"), name);
      return FALSE;
    }

  if (self->leaders < 1 || self->leaders > 2)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The important period “%s” must have 1 or 2 leaders on duty"), name);
      return FALSE;
    }

  return TRUE;
}

static int
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  DdImportantPeriod *pa = *(DdImportantPeriod * const *) a;
  DdImportantPeriod *pb = *(DdImportantPeriod * const *) b;

  if (pa->start_ms != pb->start_ms)
    return pa->start_ms < pb->start_ms ? -1 : 1;

  return g_strcmp0 (pa->id, pb->id);
}

/* ------------------------------------------------------------------ days */

void
dd_duty_day_free (DdDutyDay *day)
{
  if (day == NULL)
    return;

  g_free (day->holiday);
  g_clear_pointer (&day->periods, g_ptr_array_unref);
  g_free (day);
}

/* ------------------------------------------------------------------ calendar */

typedef struct
{
  GDate first;
  GDate last;
} FloodSeason;

struct _DdDutyCalendar
{
  GObject     parent_instance;

  GHashTable *schedules;       /* year → DdHolidaySchedule */
  GHashTable *flood_seasons;   /* year → FloodSeason */
  GPtrArray  *periods;         /* DdImportantPeriod, by start */

  GDateMonth  default_first_month;
  GDateDay    default_first_day;
  GDateMonth  default_last_month;
  GDateDay    default_last_day;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdDutyCalendar, dd_duty_calendar, G_TYPE_OBJECT)

static void
emit_changed (DdDutyCalendar *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Clamps 02-29 in a common year to 02-28. */
static void
set_month_day (GDate      *date,
               guint       year,
               GDateMonth  month,
               GDateDay    day)
{
  g_date_clear (date, 1);
  if (!g_date_valid_dmy (day, month, (GDateYear) year))
    day = g_date_get_days_in_month (month, (GDateYear) year);
  g_date_set_dmy (date, day, month, (GDateYear) year);
}

static void
dd_duty_calendar_finalize (GObject *object)
{
  DdDutyCalendar *self = (DdDutyCalendar *) object;

  g_clear_pointer (&self->schedules, g_hash_table_unref);
  g_clear_pointer (&self->flood_seasons, g_hash_table_unref);
  g_clear_pointer (&self->periods, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_duty_calendar_parent_class)->finalize (object);
}

static void
dd_duty_calendar_class_init (DdDutyCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_duty_calendar_finalize;

  /**
   * DdDutyCalendar::changed:
   *
   * A schedule, flood season or period was added, replaced or removed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
dd_duty_calendar_init (DdDutyCalendar *self)
{
  self->schedules = g_hash_table_new_full (NULL, NULL, NULL,
                                           (GDestroyNotify) dd_holiday_schedule_unref);
  self->flood_seasons = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->periods = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_important_period_unref);
}

DdDutyCalendar *
dd_duty_calendar_new (void)
{
  return g_object_new (DD_TYPE_DUTY_CALENDAR, NULL);
}

DdDutyCalendar *
dd_duty_calendar_new_from_defaults (const DdDutyDefaults  *defaults,
                                    GError               **error)
{
  g_autoptr(DdDutyCalendar) self = NULL;

  g_return_val_if_fail (defaults != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = dd_duty_calendar_new ();
  dd_duty_calendar_set_default_flood_season (self,
                                             defaults->flood_first_month,
                                             defaults->flood_first_day,
                                             defaults->flood_last_month,
                                             defaults->flood_last_day);

  for (guint i = 0; i < defaults->holiday_years->len; i++)
    {
      guint year = g_array_index (defaults->holiday_years, guint, i);
      g_autoptr(DdHolidaySchedule) schedule = dd_holiday_schedule_load_resource (year, error);

      if (schedule == NULL || !dd_duty_calendar_add_schedule (self, schedule, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

DdDutyCalendar *
dd_duty_calendar_new_default (GError **error)
{
  g_autoptr(DdDutyDefaults) defaults = dd_duty_defaults_load (error);

  if (defaults == NULL)
    return NULL;

  return dd_duty_calendar_new_from_defaults (defaults, error);
}

static gboolean
set_conflict_error (DdHolidaySchedule  *schedule,
                    DdHolidaySchedule  *other,
                    const GDate        *day,
                    GError            **error)
{
  g_autofree char *str = dd_duty_date_to_string (day);

  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
               _("The schedules of %u and %u disagree about %s"),
               dd_holiday_schedule_get_year (schedule),
               dd_holiday_schedule_get_year (other), str);

  return TRUE;
}

/* Whether @schedule and @other (another year's) both speak about a day. */
static gboolean
schedules_conflict (DdHolidaySchedule  *schedule,
                    DdHolidaySchedule  *other,
                    GError            **error)
{
  guint n_blocks = dd_holiday_schedule_get_n_blocks (schedule);
  guint n_work = dd_holiday_schedule_get_n_workdays (schedule);

  for (guint i = 0; i < n_blocks; i++)
    {
      const DdHolidayBlock *block = dd_holiday_schedule_get_block (schedule, i);
      GDate day = block->first;

      for (; g_date_compare (&day, &block->last) <= 0; g_date_add_days (&day, 1))
        {
          if (dd_holiday_schedule_lookup (other, &day, NULL, NULL))
            return set_conflict_error (schedule, other, &day, error);
        }
    }

  for (guint i = 0; i < n_work; i++)
    {
      const GDate *day = dd_holiday_schedule_get_workday (schedule, i);

      if (dd_holiday_schedule_lookup (other, day, NULL, NULL))
        return set_conflict_error (schedule, other, day, error);
    }

  return FALSE;
}

gboolean
dd_duty_calendar_add_schedule (DdDutyCalendar     *self,
                               DdHolidaySchedule  *schedule,
                               GError            **error)
{
  guint year;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), FALSE);
  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  year = dd_holiday_schedule_get_year (schedule);

  for (int delta = -1; delta <= 1; delta += 2)
    {
      DdHolidaySchedule *other = g_hash_table_lookup (self->schedules,
                                                      GUINT_TO_POINTER (year + delta));

      if (other != NULL && schedules_conflict (schedule, other, error))
        return FALSE;
    }

  g_hash_table_replace (self->schedules, GUINT_TO_POINTER (year),
                        dd_holiday_schedule_ref (schedule));
  emit_changed (self);

  return TRUE;
}

gboolean
dd_duty_calendar_remove_schedule (DdDutyCalendar *self,
                                  guint           year)
{
  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), FALSE);

  if (!g_hash_table_remove (self->schedules, GUINT_TO_POINTER (year)))
    return FALSE;

  emit_changed (self);

  return TRUE;
}

DdHolidaySchedule *
dd_duty_calendar_get_schedule (DdDutyCalendar *self,
                               guint           year)
{
  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), NULL);

  return g_hash_table_lookup (self->schedules, GUINT_TO_POINTER (year));
}

gboolean
dd_duty_calendar_has_schedule (DdDutyCalendar *self,
                               guint           year)
{
  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), FALSE);

  return g_hash_table_contains (self->schedules, GUINT_TO_POINTER (year));
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a;
  guint ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub;
}

GArray *
dd_duty_calendar_list_schedule_years (DdDutyCalendar *self)
{
  GArray *years;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), NULL);

  years = g_array_new (FALSE, FALSE, sizeof (guint));
  g_hash_table_iter_init (&iter, self->schedules);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint year = GPOINTER_TO_UINT (key);
      g_array_append_val (years, year);
    }
  g_array_sort (years, compare_uint);

  return years;
}

void
dd_duty_calendar_set_default_flood_season (DdDutyCalendar *self,
                                           GDateMonth      first_month,
                                           GDateDay        first_day,
                                           GDateMonth      last_month,
                                           GDateDay        last_day)
{
  g_return_if_fail (DD_IS_DUTY_CALENDAR (self));
  g_return_if_fail (first_month == 0 || (g_date_valid_month (first_month) && g_date_valid_month (last_month)));

  self->default_first_month = first_month;
  self->default_first_day = first_day;
  self->default_last_month = last_month;
  self->default_last_day = last_day;
  emit_changed (self);
}

gboolean
dd_duty_calendar_set_flood_season (DdDutyCalendar  *self,
                                   guint            year,
                                   const GDate     *first,
                                   const GDate     *last,
                                   GError         **error)
{
  FloodSeason *season;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), FALSE);
  g_return_val_if_fail (first != NULL && g_date_valid (first), FALSE);
  g_return_val_if_fail (last != NULL && g_date_valid (last), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_date_get_year (first) != year || g_date_get_year (last) != year)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The main flood season of %u must lie within %u"), year, year);
      return FALSE;
    }

  if (g_date_compare (first, last) > 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The main flood season of %u ends before it starts"), year);
      return FALSE;
    }

  season = g_new0 (FloodSeason, 1);
  season->first = *first;
  season->last = *last;
  g_hash_table_replace (self->flood_seasons, GUINT_TO_POINTER (year), season);
  emit_changed (self);

  return TRUE;
}

void
dd_duty_calendar_reset_flood_season (DdDutyCalendar *self,
                                     guint           year)
{
  g_return_if_fail (DD_IS_DUTY_CALENDAR (self));

  if (g_hash_table_remove (self->flood_seasons, GUINT_TO_POINTER (year)))
    emit_changed (self);
}

gboolean
dd_duty_calendar_get_flood_season (DdDutyCalendar *self,
                                   guint           year,
                                   GDate          *first,
                                   GDate          *last,
                                   gboolean       *is_default)
{
  FloodSeason *season;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), FALSE);

  season = g_hash_table_lookup (self->flood_seasons, GUINT_TO_POINTER (year));
  if (season != NULL)
    {
      if (first != NULL)
        *first = season->first;
      if (last != NULL)
        *last = season->last;
      if (is_default != NULL)
        *is_default = FALSE;
      return TRUE;
    }

  if (self->default_first_month == 0 || year < 1 || year > 9999)
    return FALSE;

  if (first != NULL)
    set_month_day (first, year, self->default_first_month, self->default_first_day);
  if (last != NULL)
    set_month_day (last, year, self->default_last_month, self->default_last_day);
  if (is_default != NULL)
    *is_default = TRUE;

  return TRUE;
}

gboolean
dd_duty_calendar_add_period (DdDutyCalendar     *self,
                             DdImportantPeriod  *period,
                             GError            **error)
{
  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), FALSE);
  g_return_val_if_fail (period != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dd_important_period_validate (period, error))
    return FALSE;

  for (guint i = 0; i < self->periods->len; i++)
    {
      DdImportantPeriod *other = g_ptr_array_index (self->periods, i);

      if (g_str_equal (other->id, period->id))
        {
          g_ptr_array_remove_index (self->periods, i);
          break;
        }
    }

  g_ptr_array_add (self->periods, dd_important_period_ref (period));
  g_ptr_array_sort (self->periods, compare_periods);
  emit_changed (self);

  return TRUE;
}

gboolean
dd_duty_calendar_remove_period (DdDutyCalendar *self,
                                const char     *id)
{
  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < self->periods->len; i++)
    {
      DdImportantPeriod *period = g_ptr_array_index (self->periods, i);

      if (g_str_equal (period->id, id))
        {
          g_ptr_array_remove_index (self->periods, i);
          emit_changed (self);
          return TRUE;
        }
    }

  return FALSE;
}

GPtrArray *
dd_duty_calendar_list_periods (DdDutyCalendar *self)
{
  GPtrArray *periods;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), NULL);

  periods = g_ptr_array_new_full (self->periods->len, (GDestroyNotify) dd_important_period_unref);
  for (guint i = 0; i < self->periods->len; i++)
    g_ptr_array_add (periods, dd_important_period_ref (g_ptr_array_index (self->periods, i)));

  return periods;
}

GPtrArray *
dd_duty_calendar_list_periods_on (DdDutyCalendar *self,
                                  const GDate    *date)
{
  GPtrArray *periods;
  gint64 day_start, day_end;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  periods = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_important_period_unref);
  day_start = dd_duty_date_start_ms (date);
  day_end = day_start + DD_MS_PER_DAY;

  for (guint i = 0; i < self->periods->len; i++)
    {
      DdImportantPeriod *period = g_ptr_array_index (self->periods, i);

      if (period->start_ms >= day_end)
        break;
      if (period->end_ms > day_start)
        g_ptr_array_add (periods, dd_important_period_ref (period));
    }

  return periods;
}

DdDayKind
dd_duty_calendar_get_day_kind (DdDutyCalendar  *self,
                               const GDate     *date,
                               const char     **holiday_name)
{
  guint year;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), DD_DAY_KIND_WORKDAY);
  g_return_val_if_fail (date != NULL && g_date_valid (date), DD_DAY_KIND_WORKDAY);

  if (holiday_name != NULL)
    *holiday_name = NULL;

  year = g_date_get_year (date);

  /* the year's own schedule first, then a block or adjusted working day
   * that a neighbouring year's schedule reaches over the new year */
  for (int delta = 0; delta <= 2; delta++)
    {
      guint y = delta == 0 ? year : delta == 1 ? year + 1 : year - 1;
      DdHolidaySchedule *schedule = g_hash_table_lookup (self->schedules, GUINT_TO_POINTER (y));
      DdDayKind kind;

      if (schedule != NULL && dd_holiday_schedule_lookup (schedule, date, &kind, holiday_name))
        return kind;
    }

  return dd_duty_date_is_weekend (date) ? DD_DAY_KIND_WEEKEND : DD_DAY_KIND_WORKDAY;
}

gboolean
dd_duty_calendar_in_flood_season (DdDutyCalendar *self,
                                  const GDate    *date)
{
  GDate first, last;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (!dd_duty_calendar_get_flood_season (self, g_date_get_year (date), &first, &last, NULL))
    return FALSE;

  return g_date_compare (date, &first) >= 0 && g_date_compare (date, &last) <= 0;
}

static void
periods_on (DdDutyCalendar *self,
            const GDate    *date,
            gboolean       *any,
            guint          *leaders)
{
  gint64 day_start = dd_duty_date_start_ms (date);
  gint64 day_end = day_start + DD_MS_PER_DAY;

  *any = FALSE;
  *leaders = 1;

  for (guint i = 0; i < self->periods->len; i++)
    {
      DdImportantPeriod *period = g_ptr_array_index (self->periods, i);

      if (period->start_ms >= day_end)
        break;
      if (period->end_ms > day_start)
        {
          *any = TRUE;
          *leaders = MAX (*leaders, period->leaders);
        }
    }
}

guint
dd_duty_calendar_get_leaders (DdDutyCalendar *self,
                              const GDate    *date)
{
  gboolean any;
  guint leaders;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), 1);
  g_return_val_if_fail (date != NULL && g_date_valid (date), 1);

  periods_on (self, date, &any, &leaders);

  return leaders;
}

static DdRegime
regime_for (DdRegime  base,
            DdDayKind kind,
            gboolean  flood_season,
            gboolean  in_period)
{
  if (base == DD_REGIME_7X24 || kind == DD_DAY_KIND_HOLIDAY || flood_season || in_period)
    return DD_REGIME_7X24;

  if (kind == DD_DAY_KIND_WORKDAY || kind == DD_DAY_KIND_ADJUSTED_WORKDAY)
    return DD_REGIME_5X8;

  return DD_REGIME_NONE;
}

DdRegime
dd_duty_calendar_get_regime (DdDutyCalendar *self,
                             DdRegime        base,
                             const GDate    *date)
{
  gboolean any;
  guint leaders;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), DD_REGIME_NONE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), DD_REGIME_NONE);
  g_return_val_if_fail (base == DD_REGIME_5X8 || base == DD_REGIME_7X24, DD_REGIME_NONE);

  periods_on (self, date, &any, &leaders);

  return regime_for (base,
                     dd_duty_calendar_get_day_kind (self, date, NULL),
                     dd_duty_calendar_in_flood_season (self, date),
                     any);
}

DdDutyDay *
dd_duty_calendar_get_day (DdDutyCalendar *self,
                          DdRegime        base,
                          const GDate    *date)
{
  DdDutyDay *day;
  const char *holiday = NULL;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (base == DD_REGIME_5X8 || base == DD_REGIME_7X24, NULL);

  day = g_new0 (DdDutyDay, 1);
  day->date = *date;
  day->kind = dd_duty_calendar_get_day_kind (self, date, &holiday);
  day->holiday = g_strdup (holiday);
  day->flood_season = dd_duty_calendar_in_flood_season (self, date);
  day->schedule_loaded = dd_duty_calendar_has_schedule (self, g_date_get_year (date));
  day->periods = dd_duty_calendar_list_periods_on (self, date);
  day->leaders = 1;
  for (guint i = 0; i < day->periods->len; i++)
    day->leaders = MAX (day->leaders, dd_important_period_get_leaders (g_ptr_array_index (day->periods, i)));
  day->regime = regime_for (base, day->kind, day->flood_season, day->periods->len > 0);

  return day;
}
