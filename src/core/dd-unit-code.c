/* dd-unit-code.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-error.h"
#include "dd-unit-code.h"

#define DEPARTMENT_MAX_LEN 16

static gboolean
is_department_suffix (const char *suffix)
{
  gsize len = strlen (suffix);

  if (len == 0 || len > DEPARTMENT_MAX_LEN)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_islower (suffix[i]) && !g_ascii_isdigit (suffix[i]))
        return FALSE;
    }

  return TRUE;
}

DdUnitCode *
dd_unit_code_parse (DdDivisionTable  *divisions,
                    const char       *code,
                    GError          **error)
{
  g_autofree char *division_code = NULL;
  const char *dash;
  DdDivision *division;
  DdUnitCode *self;

  g_return_val_if_fail (DD_IS_DIVISION_TABLE (divisions), NULL);

  if (code == NULL || *code == '\0')
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("The unit code is empty"));
      return NULL;
    }

  if (!g_utf8_validate (code, -1, NULL))
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
                           _("The unit code is not valid UTF-8"));
      return NULL;
    }

  dash = strchr (code, '-');
  division_code = dash != NULL ? g_strndup (code, dash - code) : g_strdup (code);

  division = dd_division_table_lookup (divisions, division_code);
  if (division == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND,
                   _("“%s” is not a known division code"), division_code);
      return NULL;
    }

  if (dash != NULL && !is_department_suffix (dash + 1))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("“%s” is not a department suffix: use 1 to %d lower-case letters or digits after the dash, as in 520102-yjj"),
                   dash + 1, DEPARTMENT_MAX_LEN);
      return NULL;
    }

  self = g_new0 (DdUnitCode, 1);
  self->code = g_strdup (code);
  self->division = g_object_ref (division);
  self->department = dash != NULL ? g_strdup (dash + 1) : NULL;
  self->level = dash != NULL ? DD_LEVEL_DEPARTMENT : dd_division_get_level (division);

  return self;
}

void
dd_unit_code_free (DdUnitCode *self)
{
  if (self == NULL)
    return;

  g_free (self->code);
  g_clear_object (&self->division);
  g_free (self->department);
  g_free (self);
}

char *
dd_unit_code_dup_default_name (const DdUnitCode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->department == NULL)
    return g_strdup (dd_division_get_name (self->division));

  return g_strdup_printf ("%s %s", dd_division_get_name (self->division), self->department);
}
