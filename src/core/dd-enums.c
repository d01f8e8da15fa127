/* dd-enums.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-enums.h"

typedef struct
{
  int         value;
  const char *nick;
  const char *label;
} EnumInfo;

static const EnumInfo levels[] = {
  { DD_LEVEL_PROVINCE,   "province",   N_("Province") },
  { DD_LEVEL_PREFECTURE, "prefecture", N_("Prefecture") },
  { DD_LEVEL_COUNTY,     "county",     N_("County") },
  { DD_LEVEL_DEPARTMENT, "department", N_("Department") },
};

static const EnumInfo regimes[] = {
  { DD_REGIME_NONE, "none", N_("No duty") },
  { DD_REGIME_5X8,  "5x8",  N_("5×8 (office hours)") },
  { DD_REGIME_7X24, "7x24", N_("7×24 (around the clock)") },
};

static const EnumInfo roles[] = {
  { DD_ROLE_LEADER,  "leader",  N_("Leader on duty") },
  { DD_ROLE_OFFICER, "officer", N_("Duty officer") },
  { DD_ROLE_BOTH,    "both",    N_("Leader and officer") },
};

static const EnumInfo day_kinds[] = {
  { DD_DAY_KIND_WORKDAY,          "workday",          N_("Workday") },
  { DD_DAY_KIND_WEEKEND,          "weekend",          N_("Weekend") },
  { DD_DAY_KIND_HOLIDAY,          "holiday",          N_("Holiday") },
  { DD_DAY_KIND_ADJUSTED_WORKDAY, "adjusted_workday", N_("Adjusted workday") },
};

static const EnumInfo positions[] = {
  { DD_POSITION_LEADER,  "leader",  N_("Leader on duty") },
  { DD_POSITION_OFFICER, "officer", N_("Duty officer") },
};

static const EnumInfo absence_kinds[] = {
  { DD_ABSENCE_KIND_LEAVE,         "leave",         N_("Leave") },
  { DD_ABSENCE_KIND_BUSINESS_TRIP, "business_trip", N_("Business trip") },
  { DD_ABSENCE_KIND_TRAINING,      "training",      N_("Training") },
};

static const EnumInfo problem_kinds[] = {
  { DD_PROBLEM_KIND_UNCOVERED,      "uncovered",      N_("Uncovered") },
  { DD_PROBLEM_KIND_DOUBLE_BOOKED,  "double_booked",  N_("Double-booked") },
  { DD_PROBLEM_KIND_REST_VIOLATION, "rest_violation", N_("Too little rest") },
  { DD_PROBLEM_KIND_UNAVAILABLE,    "unavailable",    N_("Unavailable") },
  { DD_PROBLEM_KIND_ROLE_MISMATCH,  "role_mismatch",  N_("Wrong role") },
  { DD_PROBLEM_KIND_INACTIVE,       "inactive",       N_("Inactive") },
};

static const EnumInfo unfilled_reasons[] = {
  { DD_UNFILLED_REASON_NO_STAFF,    "no_staff",    N_("No one has the role") },
  { DD_UNFILLED_REASON_UNAVAILABLE, "unavailable", N_("Everyone eligible is unavailable") },
  { DD_UNFILLED_REASON_REST_RULE,   "rest_rule",   N_("Everyone available would break the rest rule") },
};

/* ------------------------------------------------------------------ incidents */

static const EnumInfo grades[] = {
  { DD_GRADE_NONE, "none", N_("Not graded") },
  /* Translators: the grade of a sudden event: 特别重大（Ⅰ级） */
  { DD_GRADE_I,    "I",    N_("Grade I (particularly serious)") },
  /* Translators: 重大（Ⅱ级） */
  { DD_GRADE_II,   "II",   N_("Grade II (major)") },
  /* Translators: 较大（Ⅲ级） */
  { DD_GRADE_III,  "III",  N_("Grade III (larger)") },
  /* Translators: 一般（Ⅳ级） */
  { DD_GRADE_IV,   "IV",   N_("Grade IV (ordinary)") },
};

static const EnumInfo facts[] = {
  { DD_FACT_DEATHS,              "deaths",              N_("Deaths") },
  { DD_FACT_MISSING,             "missing",             N_("Missing") },
  { DD_FACT_INJURED,             "injured",             N_("Injured") },
  { DD_FACT_SERIOUS_INJURIES,    "serious_injuries",    N_("Serious injuries") },
  { DD_FACT_TRAPPED,             "trapped",             N_("Trapped") },
  { DD_FACT_EVACUATED,           "evacuated",           N_("Evacuated") },
  { DD_FACT_THREATENED,          "threatened",          N_("Under threat") },
  { DD_FACT_LOSS_YUAN,           "loss_yuan",           N_("Direct loss (yuan)") },
  { DD_FACT_POTENTIAL_LOSS_YUAN, "potential_loss_yuan", N_("Potential loss (yuan)") },
  { DD_FACT_AREA_HA,             "area_ha",             N_("Area burned (ha)") },
  { DD_FACT_MAGNITUDE,           "magnitude",           N_("Magnitude") },
  { DD_FACT_DENSITY,             "density",             N_("Population density") },
};

static const EnumInfo densities[] = {
  { DD_POPULATION_DENSITY_UNKNOWN,      "unknown",      N_("Not given") },
  { DD_POPULATION_DENSITY_FAIRLY_DENSE, "fairly_dense", N_("Fairly dense") },
  { DD_POPULATION_DENSITY_DENSE,        "dense",        N_("Dense") },
};

static const EnumInfo incident_statuses[] = {
  { DD_INCIDENT_STATUS_OPEN,   "open",   N_("Open") },
  { DD_INCIDENT_STATUS_CLOSED, "closed", N_("Closed") },
};

static const EnumInfo incident_event_kinds[] = {
  { DD_INCIDENT_EVENT_KIND_LOG,     "log",     N_("Logged") },
  { DD_INCIDENT_EVENT_KIND_UPDATE,  "update",  N_("New information") },
  { DD_INCIDENT_EVENT_KIND_REGRADE, "regrade", N_("Grade set by officer") },
  { DD_INCIDENT_EVENT_KIND_REPORT,  "report",  N_("Report made") },
  { DD_INCIDENT_EVENT_KIND_CLOSE,   "close",   N_("Closed") },
  { DD_INCIDENT_EVENT_KIND_REOPEN,  "reopen",  N_("Reopened") },
};

static const EnumInfo incident_texts[] = {
  { DD_INCIDENT_TEXT_DESCRIPTION, "description", N_("Description") },
  { DD_INCIDENT_TEXT_LOCATION,    "location",    N_("Location") },
  { DD_INCIDENT_TEXT_DIVISION,    "division",    N_("Division") },
  { DD_INCIDENT_TEXT_SOURCE,      "source",      N_("Source of information") },
  { DD_INCIDENT_TEXT_SCOPE,       "scope",       N_("Scope of impact") },
  { DD_INCIDENT_TEXT_TREND,       "trend",       N_("Trend") },
  { DD_INCIDENT_TEXT_MEASURES,    "measures",    N_("Measures taken") },
  { DD_INCIDENT_TEXT_LEADERS,     "leaders",     N_("Leaders on scene") },
};

static const EnumInfo clock_statuses[] = {
  { DD_CLOCK_STATUS_PENDING,   "pending",   N_("Pending") },
  { DD_CLOCK_STATUS_DUE_SOON,  "due_soon",  N_("Due soon") },
  { DD_CLOCK_STATUS_OVERDUE,   "overdue",   N_("Overdue") },
  { DD_CLOCK_STATUS_MET,       "met",       N_("Reported in time") },
  { DD_CLOCK_STATUS_LATE,      "late",      N_("Reported late") },
  { DD_CLOCK_STATUS_CANCELLED, "cancelled", N_("No longer required") },
};

static const EnumInfo report_kinds[] = {
  { DD_REPORT_KIND_INITIAL,  "initial",  N_("Initial report") },
  { DD_REPORT_KIND_FOLLOWUP, "followup", N_("Follow-up report") },
  { DD_REPORT_KIND_FINAL,    "final",    N_("Final report") },
};

static const EnumInfo report_channels[] = {
  { DD_REPORT_CHANNEL_PHONE,   "phone",   N_("Phone") },
  { DD_REPORT_CHANNEL_WRITTEN, "written", N_("Written") },
  { DD_REPORT_CHANNEL_SYSTEM,  "system",  N_("Information system") },
};

/* The words a desk writes in a staff sheet, besides the machine names. */
static const struct {
  const char *word;
  DdRole      roles;
} role_words[] = {
  { "领导",     DD_ROLE_LEADER },
  { "带班领导", DD_ROLE_LEADER },
  { "值班领导", DD_ROLE_LEADER },
  { "值班员",   DD_ROLE_OFFICER },
  { "值班人员", DD_ROLE_OFFICER },
  { "工作人员", DD_ROLE_OFFICER },
  { "两者",     DD_ROLE_BOTH },
  { "兼任",     DD_ROLE_BOTH },
};

static const EnumInfo *
find_by_value (const EnumInfo *table,
               gsize           n,
               int             value)
{
  for (gsize i = 0; i < n; i++)
    {
      if (table[i].value == value)
        return &table[i];
    }

  return NULL;
}

static const EnumInfo *
find_by_nick (const EnumInfo *table,
              gsize           n,
              const char     *nick)
{
  if (nick == NULL)
    return NULL;

  for (gsize i = 0; i < n; i++)
    {
      if (g_ascii_strcasecmp (table[i].nick, nick) == 0)
        return &table[i];
    }

  return NULL;
}

const char *
dd_level_to_string (DdLevel level)
{
  const EnumInfo *info = find_by_value (levels, G_N_ELEMENTS (levels), level);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_level_from_string (const char *str,
                      DdLevel    *level)
{
  const EnumInfo *info = find_by_nick (levels, G_N_ELEMENTS (levels), str);

  if (info == NULL)
    return FALSE;

  if (level != NULL)
    *level = info->value;

  return TRUE;
}

const char *
dd_level_get_label (DdLevel level)
{
  const EnumInfo *info = find_by_value (levels, G_N_ELEMENTS (levels), level);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_regime_to_string (DdRegime regime)
{
  const EnumInfo *info = find_by_value (regimes, G_N_ELEMENTS (regimes), regime);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_regime_from_string (const char *str,
                       DdRegime   *regime)
{
  const EnumInfo *info = find_by_nick (regimes, G_N_ELEMENTS (regimes), str);

  if (info == NULL)
    return FALSE;

  if (regime != NULL)
    *regime = info->value;

  return TRUE;
}

const char *
dd_regime_get_label (DdRegime regime)
{
  const EnumInfo *info = find_by_value (regimes, G_N_ELEMENTS (regimes), regime);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_role_to_string (DdRole roles_)
{
  const EnumInfo *info = find_by_value (roles, G_N_ELEMENTS (roles), roles_);

  return info != NULL ? info->nick : NULL;
}

gboolean
dd_role_from_string (const char *str,
                     DdRole     *out_roles)
{
  const EnumInfo *info;
  g_autofree char *word = NULL;

  if (str == NULL)
    return FALSE;

  word = g_strstrip (g_strdup (str));
  info = find_by_nick (roles, G_N_ELEMENTS (roles), word);
  if (info != NULL)
    {
      if (out_roles != NULL)
        *out_roles = info->value;
      return TRUE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (role_words); i++)
    {
      if (g_str_equal (role_words[i].word, word))
        {
          if (out_roles != NULL)
            *out_roles = role_words[i].roles;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
dd_role_get_label (DdRole roles_)
{
  const EnumInfo *info = find_by_value (roles, G_N_ELEMENTS (roles), roles_);

  return info != NULL ? _(info->label) : NULL;
}

const char *
dd_day_kind_to_string (DdDayKind kind)
{
  const EnumInfo *info = find_by_value (day_kinds, G_N_ELEMENTS (day_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_day_kind_from_string (const char *str,
                         DdDayKind  *kind)
{
  const EnumInfo *info = find_by_nick (day_kinds, G_N_ELEMENTS (day_kinds), str);

  if (info == NULL)
    return FALSE;

  if (kind != NULL)
    *kind = info->value;

  return TRUE;
}

const char *
dd_day_kind_get_label (DdDayKind kind)
{
  const EnumInfo *info = find_by_value (day_kinds, G_N_ELEMENTS (day_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_position_to_string (DdPosition position)
{
  const EnumInfo *info = find_by_value (positions, G_N_ELEMENTS (positions), position);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_position_from_string (const char *str,
                         DdPosition *position)
{
  const EnumInfo *info = find_by_nick (positions, G_N_ELEMENTS (positions), str);

  if (info == NULL)
    return FALSE;

  if (position != NULL)
    *position = info->value;

  return TRUE;
}

const char *
dd_position_get_label (DdPosition position)
{
  const EnumInfo *info = find_by_value (positions, G_N_ELEMENTS (positions), position);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

DdRole
dd_position_get_role (DdPosition position)
{
  return position == DD_POSITION_LEADER ? DD_ROLE_LEADER : DD_ROLE_OFFICER;
}

const char *
dd_absence_kind_to_string (DdAbsenceKind kind)
{
  const EnumInfo *info = find_by_value (absence_kinds, G_N_ELEMENTS (absence_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_absence_kind_from_string (const char    *str,
                             DdAbsenceKind *kind)
{
  const EnumInfo *info = find_by_nick (absence_kinds, G_N_ELEMENTS (absence_kinds), str);

  if (info == NULL)
    return FALSE;

  if (kind != NULL)
    *kind = info->value;

  return TRUE;
}

const char *
dd_absence_kind_get_label (DdAbsenceKind kind)
{
  const EnumInfo *info = find_by_value (absence_kinds, G_N_ELEMENTS (absence_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_problem_kind_to_string (DdProblemKind kind)
{
  const EnumInfo *info = find_by_value (problem_kinds, G_N_ELEMENTS (problem_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_problem_kind_from_string (const char    *str,
                             DdProblemKind *kind)
{
  const EnumInfo *info = find_by_nick (problem_kinds, G_N_ELEMENTS (problem_kinds), str);

  if (info == NULL)
    return FALSE;

  if (kind != NULL)
    *kind = info->value;

  return TRUE;
}

const char *
dd_problem_kind_get_label (DdProblemKind kind)
{
  const EnumInfo *info = find_by_value (problem_kinds, G_N_ELEMENTS (problem_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_unfilled_reason_to_string (DdUnfilledReason reason)
{
  const EnumInfo *info = find_by_value (unfilled_reasons, G_N_ELEMENTS (unfilled_reasons), reason);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_unfilled_reason_from_string (const char       *str,
                                DdUnfilledReason *reason)
{
  const EnumInfo *info = find_by_nick (unfilled_reasons, G_N_ELEMENTS (unfilled_reasons), str);

  if (info == NULL)
    return FALSE;

  if (reason != NULL)
    *reason = info->value;

  return TRUE;
}

const char *
dd_unfilled_reason_get_label (DdUnfilledReason reason)
{
  const EnumInfo *info = find_by_value (unfilled_reasons, G_N_ELEMENTS (unfilled_reasons), reason);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_grade_to_string (DdGrade grade)
{
  const EnumInfo *info = find_by_value (grades, G_N_ELEMENTS (grades), grade);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_grade_from_string (const char *str,
                      DdGrade    *grade)
{
  static const struct {
    const char *word;
    DdGrade     grade;
  } grade_words[] = {
    { "1", DD_GRADE_I }, { "2", DD_GRADE_II }, { "3", DD_GRADE_III }, { "4", DD_GRADE_IV },
    { "Ⅰ", DD_GRADE_I }, { "Ⅱ", DD_GRADE_II }, { "Ⅲ", DD_GRADE_III }, { "Ⅳ", DD_GRADE_IV },
  };
  const EnumInfo *info = find_by_nick (grades, G_N_ELEMENTS (grades), str);

  if (info != NULL)
    {
      if (grade != NULL)
        *grade = info->value;
      return TRUE;
    }

  for (gsize i = 0; str != NULL && i < G_N_ELEMENTS (grade_words); i++)
    {
      if (g_str_equal (grade_words[i].word, str))
        {
          if (grade != NULL)
            *grade = grade_words[i].grade;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
dd_grade_get_label (DdGrade grade)
{
  const EnumInfo *info = find_by_value (grades, G_N_ELEMENTS (grades), grade);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_fact_to_string (DdFact fact)
{
  const EnumInfo *info = find_by_value (facts, G_N_ELEMENTS (facts), fact);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_fact_from_string (const char *str,
                     DdFact     *fact)
{
  const EnumInfo *info = find_by_nick (facts, G_N_ELEMENTS (facts), str);

  if (info == NULL)
    return FALSE;

  if (fact != NULL)
    *fact = info->value;

  return TRUE;
}

const char *
dd_fact_get_label (DdFact fact)
{
  const EnumInfo *info = find_by_value (facts, G_N_ELEMENTS (facts), fact);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_population_density_to_string (DdPopulationDensity density)
{
  const EnumInfo *info = find_by_value (densities, G_N_ELEMENTS (densities), density);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_population_density_from_string (const char          *str,
                                   DdPopulationDensity *density)
{
  const EnumInfo *info = find_by_nick (densities, G_N_ELEMENTS (densities), str);

  if (info == NULL)
    return FALSE;

  if (density != NULL)
    *density = info->value;

  return TRUE;
}

const char *
dd_population_density_get_label (DdPopulationDensity density)
{
  const EnumInfo *info = find_by_value (densities, G_N_ELEMENTS (densities), density);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_incident_status_to_string (DdIncidentStatus status)
{
  const EnumInfo *info = find_by_value (incident_statuses, G_N_ELEMENTS (incident_statuses), status);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_incident_status_from_string (const char       *str,
                                DdIncidentStatus *status)
{
  const EnumInfo *info = find_by_nick (incident_statuses, G_N_ELEMENTS (incident_statuses), str);

  if (info == NULL)
    return FALSE;

  if (status != NULL)
    *status = info->value;

  return TRUE;
}

const char *
dd_incident_status_get_label (DdIncidentStatus status)
{
  const EnumInfo *info = find_by_value (incident_statuses, G_N_ELEMENTS (incident_statuses), status);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_incident_event_kind_to_string (DdIncidentEventKind kind)
{
  const EnumInfo *info = find_by_value (incident_event_kinds, G_N_ELEMENTS (incident_event_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_incident_event_kind_from_string (const char          *str,
                                    DdIncidentEventKind *kind)
{
  const EnumInfo *info = find_by_nick (incident_event_kinds, G_N_ELEMENTS (incident_event_kinds), str);

  if (info == NULL)
    return FALSE;

  if (kind != NULL)
    *kind = info->value;

  return TRUE;
}

const char *
dd_incident_event_kind_get_label (DdIncidentEventKind kind)
{
  const EnumInfo *info = find_by_value (incident_event_kinds, G_N_ELEMENTS (incident_event_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_incident_text_to_string (DdIncidentText text)
{
  const EnumInfo *info = find_by_value (incident_texts, G_N_ELEMENTS (incident_texts), text);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_incident_text_from_string (const char     *str,
                              DdIncidentText *text)
{
  const EnumInfo *info = find_by_nick (incident_texts, G_N_ELEMENTS (incident_texts), str);

  if (info == NULL)
    return FALSE;

  if (text != NULL)
    *text = info->value;

  return TRUE;
}

const char *
dd_incident_text_get_label (DdIncidentText text)
{
  const EnumInfo *info = find_by_value (incident_texts, G_N_ELEMENTS (incident_texts), text);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_clock_status_to_string (DdClockStatus status)
{
  const EnumInfo *info = find_by_value (clock_statuses, G_N_ELEMENTS (clock_statuses), status);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_clock_status_from_string (const char    *str,
                             DdClockStatus *status)
{
  const EnumInfo *info = find_by_nick (clock_statuses, G_N_ELEMENTS (clock_statuses), str);

  if (info == NULL)
    return FALSE;

  if (status != NULL)
    *status = info->value;

  return TRUE;
}

const char *
dd_clock_status_get_label (DdClockStatus status)
{
  const EnumInfo *info = find_by_value (clock_statuses, G_N_ELEMENTS (clock_statuses), status);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_report_kind_to_string (DdReportKind kind)
{
  const EnumInfo *info = find_by_value (report_kinds, G_N_ELEMENTS (report_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_report_kind_from_string (const char   *str,
                            DdReportKind *kind)
{
  const EnumInfo *info = find_by_nick (report_kinds, G_N_ELEMENTS (report_kinds), str);

  if (info == NULL)
    return FALSE;

  if (kind != NULL)
    *kind = info->value;

  return TRUE;
}

const char *
dd_report_kind_get_label (DdReportKind kind)
{
  const EnumInfo *info = find_by_value (report_kinds, G_N_ELEMENTS (report_kinds), kind);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}

const char *
dd_report_channel_to_string (DdReportChannel channel)
{
  const EnumInfo *info = find_by_value (report_channels, G_N_ELEMENTS (report_channels), channel);

  g_return_val_if_fail (info != NULL, NULL);

  return info->nick;
}

gboolean
dd_report_channel_from_string (const char      *str,
                               DdReportChannel *channel)
{
  const EnumInfo *info = find_by_nick (report_channels, G_N_ELEMENTS (report_channels), str);

  if (info == NULL)
    return FALSE;

  if (channel != NULL)
    *channel = info->value;

  return TRUE;
}

const char *
dd_report_channel_get_label (DdReportChannel channel)
{
  const EnumInfo *info = find_by_value (report_channels, G_N_ELEMENTS (report_channels), channel);

  g_return_val_if_fail (info != NULL, NULL);

  return _(info->label);
}
