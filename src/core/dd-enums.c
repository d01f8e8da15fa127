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
