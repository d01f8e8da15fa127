/* dd-holiday-schedule.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"

G_BEGIN_DECLS

/**
 * DdHolidayBlock:
 * @first: the first day off
 * @last: the last day off (included)
 * @name: the holiday's name as published, e.g. "春节"
 *
 * One published block of days off (weekends inside it included).
 */
typedef struct
{
  GDate  first;
  GDate  last;
  char  *name;
} DdHolidayBlock;

/* One year's State Council holiday schedule (放假安排): blocks of days off and
 * adjusted working days (调休上班). A record: a store keeps it as rows
 * (year, notice, blocks, workdays) and the province publishes it downward.
 * Reference counted; do not change a schedule after adding it to a calendar. */
#define DD_TYPE_HOLIDAY_SCHEDULE (dd_holiday_schedule_get_type ())
typedef struct _DdHolidaySchedule DdHolidaySchedule;

GType                  dd_holiday_schedule_get_type       (void) G_GNUC_CONST;

/* @notice: the notice that published the schedule (e.g. "国办发明电〔2024〕12号"), or %NULL */
DdHolidaySchedule     *dd_holiday_schedule_new            (guint               year,
                                                           const char         *notice);
DdHolidaySchedule     *dd_holiday_schedule_ref            (DdHolidaySchedule  *self);
void                   dd_holiday_schedule_unref          (DdHolidaySchedule  *self);

guint                  dd_holiday_schedule_get_year       (DdHolidaySchedule  *self);
/* "" when none was given. */
const char            *dd_holiday_schedule_get_notice     (DdHolidaySchedule  *self);

/* Adds a block of days off. Checks: @first <= @last, at most 31 days, every
 * day within the year before to the year after the schedule's year and at
 * least one day in it, a name, no overlap with another block or an adjusted
 * working day. */
gboolean               dd_holiday_schedule_add_block      (DdHolidaySchedule  *self,
                                                           const GDate        *first,
                                                           const GDate        *last,
                                                           const char         *name,
                                                           GError            **error);
/* Adds an adjusted working day: a Saturday or Sunday within a year of the
 * schedule's year, in no block, not already listed. */
gboolean               dd_holiday_schedule_add_workday    (DdHolidaySchedule  *self,
                                                           const GDate        *date,
                                                           GError            **error);

/* In the order added. */
guint                  dd_holiday_schedule_get_n_blocks   (DdHolidaySchedule  *self);
const DdHolidayBlock  *dd_holiday_schedule_get_block      (DdHolidaySchedule  *self,
                                                           guint               index);
guint                  dd_holiday_schedule_get_n_workdays (DdHolidaySchedule  *self);
const GDate           *dd_holiday_schedule_get_workday    (DdHolidaySchedule  *self,
                                                           guint               index);

/* What the schedule says about @date: %TRUE with @kind set to holiday (and
 * @holiday_name to the block's name) or adjusted_workday; %FALSE when the
 * schedule does not mention it. */
gboolean               dd_holiday_schedule_lookup         (DdHolidaySchedule  *self,
                                                           const GDate        *date,
                                                           DdDayKind          *kind,
                                                           const char        **holiday_name);

/* Parses the text format of data/holidays/YEAR.txt (and of the domain
 * reference holidays-cn.txt):
 *
 *   # comment; "# notice: TEXT" names the notice of the years that follow
 *   2026 OFF  02-15..02-23 春节
 *   2026 WORK 02-14 02-28
 *
 * A date is MM-DD (in the line's year) or YYYY-MM-DD; an OFF range whose end
 * is before its start ends in the next year. Lines of one year may be spread
 * over the file. Errors (%DD_CORE_ERROR_PARSE for the form,
 * %DD_CORE_ERROR_INVALID for the rules above) name the line. Returns the
 * schedules (DdHolidaySchedule), in the order their years first appear. */
GPtrArray             *dd_holiday_schedule_parse          (const char         *text,
                                                           GError            **error);
/* The shipped schedule of @year from the resource data/holidays/YEAR.txt;
 * %DD_CORE_ERROR_NOT_FOUND when none is shipped. */
DdHolidaySchedule     *dd_holiday_schedule_load_resource  (guint               year,
                                                           GError            **error);
/* The schedule in the text format, parseable by dd_holiday_schedule_parse(). */
char                  *dd_holiday_schedule_to_text        (DdHolidaySchedule  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdHolidaySchedule, dd_holiday_schedule_unref)

G_END_DECLS
