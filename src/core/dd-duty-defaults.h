/* dd-duty-defaults.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DdDutyDefaults:
 * @flood_first_month: first month of the main flood season (0 for none)
 * @flood_first_day: its first day
 * @flood_last_month: last month of the main flood season
 * @flood_last_day: its last day (included)
 * @min_rest_hours: least rest between two of a person's shifts
 * @holiday_years: (element-type guint): years with a shipped holiday schedule
 * @templates: (element-type DdShiftTemplate): the default shift templates
 * @handover_title: the title of the printed handover record (交接班记录)
 * @daily_report_title: the title of the printed daily duty report (值班日报)
 *
 * The configurable defaults of duty work, as shipped in the resource
 * data/rules/duty-defaults.ini. A desk copies them into its own records,
 * which it may then edit.
 */
typedef struct
{
  GDateMonth  flood_first_month;
  GDateDay    flood_first_day;
  GDateMonth  flood_last_month;
  GDateDay    flood_last_day;
  guint       min_rest_hours;
  GArray     *holiday_years;
  GPtrArray  *templates;
  char       *handover_title;
  char       *daily_report_title;
} DdDutyDefaults;

/* The shipped defaults. */
DdDutyDefaults *dd_duty_defaults_load  (GError         **error);
/* Defaults from the text of a key file in the form of duty-defaults.ini. */
DdDutyDefaults *dd_duty_defaults_parse (const char      *text,
                                        GError         **error);
void            dd_duty_defaults_free  (DdDutyDefaults  *defaults);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDutyDefaults, dd_duty_defaults_free)

G_END_DECLS
