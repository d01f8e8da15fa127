/* dd-duty-calendar.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-duty-defaults.h"
#include "dd-enums.h"
#include "dd-holiday-schedule.h"

G_BEGIN_DECLS

/* An important period (重要时段): a named range of Beijing time in which every
 * desk keeps 7x24 duty, with one or two leaders on duty (双带班). A record
 * with an id; immutable, reference counted. */
#define DD_TYPE_IMPORTANT_PERIOD (dd_important_period_get_type ())
typedef struct _DdImportantPeriod DdImportantPeriod;

GType              dd_important_period_get_type      (void) G_GNUC_CONST;

/* From @start_ms (included) to @end_ms (excluded), Unix ms. */
DdImportantPeriod *dd_important_period_new           (const char         *id,
                                                      const char         *name,
                                                      gint64              start_ms,
                                                      gint64              end_ms,
                                                      guint               leaders);
/* Whole Beijing days, @first to @last, both included. */
DdImportantPeriod *dd_important_period_new_for_dates (const char         *id,
                                                      const char         *name,
                                                      const GDate        *first,
                                                      const GDate        *last,
                                                      guint               leaders);
DdImportantPeriod *dd_important_period_ref           (DdImportantPeriod  *self);
void               dd_important_period_unref         (DdImportantPeriod  *self);

const char        *dd_important_period_get_id        (DdImportantPeriod  *self);
const char        *dd_important_period_get_name      (DdImportantPeriod  *self);
gint64             dd_important_period_get_start_ms  (DdImportantPeriod  *self);
gint64             dd_important_period_get_end_ms    (DdImportantPeriod  *self);
/* 1 or 2 */
guint              dd_important_period_get_leaders   (DdImportantPeriod  *self);
/* %TRUE when the period is whole Beijing days; sets @first and @last (both
 * included), as a command line shows them. */
gboolean           dd_important_period_get_dates     (DdImportantPeriod  *self,
                                                      GDate              *first,
                                                      GDate              *last);
/* Whether any moment of the Beijing day @date is in the period. */
gboolean           dd_important_period_touches_date  (DdImportantPeriod  *self,
                                                      const GDate        *date);
/* An id, a name (not blank, at most 128 characters, UTF-8), start before
 * end, 1 or 2 leaders. */
gboolean           dd_important_period_validate      (DdImportantPeriod  *self,
                                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdImportantPeriod, dd_important_period_unref)

/**
 * DdDutyDay:
 * @date: the Beijing day
 * @kind: workday, weekend, holiday or adjusted working day
 * @holiday: the holiday's name on a holiday, else %NULL
 * @regime: the regime of the day for the desk asked about
 * @flood_season: whether the day is in the main flood season
 * @schedule_loaded: whether the holiday schedule of the day's year is loaded;
 *   when it is not, @kind only knows weekends
 * @leaders: leaders on duty that day: 2 when an important period that day
 *   asks for two, else 1
 * @periods: (element-type DdImportantPeriod): the important periods that day
 *
 * Everything the calendar knows about one day (`dutyctl calendar --json`).
 */
typedef struct
{
  GDate      date;
  DdDayKind  kind;
  char      *holiday;
  DdRegime   regime;
  gboolean   flood_season;
  gboolean   schedule_loaded;
  guint      leaders;
  GPtrArray *periods;
} DdDutyDay;

void dd_duty_day_free (DdDutyDay *day);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDutyDay, dd_duty_day_free)

/* The duty calendar: holiday schedules by year, the main flood season of
 * each year and important periods. It holds records only — whatever a store
 * loads, a file imports or the province publishes — and answers questions
 * about days. Nothing here reads the clock. Emits "changed" when a record is
 * added, replaced or removed. */
#define DD_TYPE_DUTY_CALENDAR (dd_duty_calendar_get_type ())
G_DECLARE_FINAL_TYPE (DdDutyCalendar, dd_duty_calendar, DD, DUTY_CALENDAR, GObject)

/* Empty: no schedule, no flood season, no period. */
DdDutyCalendar    *dd_duty_calendar_new                       (void);
/* The shipped schedules of @defaults' years and its default flood season. */
DdDutyCalendar    *dd_duty_calendar_new_from_defaults         (const DdDutyDefaults *defaults,
                                                               GError              **error);
/* dd_duty_calendar_new_from_defaults() with the shipped defaults. */
DdDutyCalendar    *dd_duty_calendar_new_default               (GError              **error);

/* Adds @schedule, replacing the year's schedule if there is one. Fails when
 * a day is a day off in one year's schedule and an adjusted working day (or
 * another block) in the neighbouring year's. */
gboolean           dd_duty_calendar_add_schedule              (DdDutyCalendar       *self,
                                                               DdHolidaySchedule    *schedule,
                                                               GError              **error);
gboolean           dd_duty_calendar_remove_schedule           (DdDutyCalendar       *self,
                                                               guint                 year);
/* (nullable) (transfer none) */
DdHolidaySchedule *dd_duty_calendar_get_schedule              (DdDutyCalendar       *self,
                                                               guint                 year);
gboolean           dd_duty_calendar_has_schedule              (DdDutyCalendar       *self,
                                                               guint                 year);
/* The years with a schedule, ascending. */
GArray            *dd_duty_calendar_list_schedule_years       (DdDutyCalendar       *self);

/* The main flood season every year has unless set otherwise; 0 months for none. */
void               dd_duty_calendar_set_default_flood_season  (DdDutyCalendar       *self,
                                                               GDateMonth            first_month,
                                                               GDateDay              first_day,
                                                               GDateMonth            last_month,
                                                               GDateDay              last_day);
/* The main flood season of @year, @first to @last included, both in @year. */
gboolean           dd_duty_calendar_set_flood_season          (DdDutyCalendar       *self,
                                                               guint                 year,
                                                               const GDate          *first,
                                                               const GDate          *last,
                                                               GError              **error);
/* Back to the default for @year. */
void               dd_duty_calendar_reset_flood_season        (DdDutyCalendar       *self,
                                                               guint                 year);
/* The flood season of @year; %FALSE when it has none. @is_default tells
 * whether it is the default rather than a per-year record. */
gboolean           dd_duty_calendar_get_flood_season          (DdDutyCalendar       *self,
                                                               guint                 year,
                                                               GDate                *first,
                                                               GDate                *last,
                                                               gboolean             *is_default);

/* Adds @period (validated), replacing one with the same id. */
gboolean           dd_duty_calendar_add_period                (DdDutyCalendar       *self,
                                                               DdImportantPeriod    *period,
                                                               GError              **error);
gboolean           dd_duty_calendar_remove_period             (DdDutyCalendar       *self,
                                                               const char           *id);
/* (element-type DdImportantPeriod) (transfer container): every period, by start. */
GPtrArray         *dd_duty_calendar_list_periods              (DdDutyCalendar       *self);
/* (element-type DdImportantPeriod) (transfer container): the periods touching @date, by start. */
GPtrArray         *dd_duty_calendar_list_periods_on           (DdDutyCalendar       *self,
                                                               const GDate          *date);

/* Kind of @date; @holiday_name (transfer none) is set on holidays. */
DdDayKind          dd_duty_calendar_get_day_kind              (DdDutyCalendar       *self,
                                                               const GDate          *date,
                                                               const char          **holiday_name);
gboolean           dd_duty_calendar_in_flood_season           (DdDutyCalendar       *self,
                                                               const GDate          *date);
/* 2 when a period touching @date asks for two leaders, else 1. */
guint              dd_duty_calendar_get_leaders               (DdDutyCalendar       *self,
                                                               const GDate          *date);
/* 7x24 when @base is 7x24, or @date is a holiday, in the main flood season or
 * in an important period; otherwise 5x8 on workdays and adjusted working
 * days; otherwise none. */
DdRegime           dd_duty_calendar_get_regime                (DdDutyCalendar       *self,
                                                               DdRegime              base,
                                                               const GDate          *date);
DdDutyDay         *dd_duty_calendar_get_day                   (DdDutyCalendar       *self,
                                                               DdRegime              base,
                                                               const GDate          *date);

G_END_DECLS
