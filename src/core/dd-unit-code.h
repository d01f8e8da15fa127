/* dd-unit-code.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-division.h"

G_BEGIN_DECLS

/**
 * DdUnitCode:
 * @code: the whole code, e.g. "520102" or "520102-yjj"
 * @division: the division it belongs to
 * @department: the department suffix ("yjj"), or %NULL for the
 *   division's own government desk
 * @level: the unit's level: the division's, or %DD_LEVEL_DEPARTMENT
 *
 * A unit code: a known division code, or one followed by "-" and a
 * department suffix of 1 to 16 lower-case ASCII letters or digits.
 */
typedef struct
{
  char       *code;
  DdDivision *division;
  char       *department;
  DdLevel     level;
} DdUnitCode;

DdUnitCode *dd_unit_code_parse (DdDivisionTable *divisions,
                                const char      *code,
                                GError         **error);
void        dd_unit_code_free  (DdUnitCode      *self);
/* The default unit name: the division's name for its own desk, else
 * the division's name and the suffix ("南明区 yjj"). */
char       *dd_unit_code_dup_default_name (const DdUnitCode *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdUnitCode, dd_unit_code_free)

G_END_DECLS
