/* dd-division.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-enums.h"

G_BEGIN_DECLS

/* A division of the administrative tree (GB/T 2260), read from data. */
#define DD_TYPE_DIVISION (dd_division_get_type ())
G_DECLARE_FINAL_TYPE (DdDivision, dd_division, DD, DIVISION, GObject)

const char *dd_division_get_code        (DdDivision *self);
const char *dd_division_get_name        (DdDivision *self);
DdLevel     dd_division_get_level       (DdDivision *self);
const char *dd_division_get_parent_code (DdDivision *self);
/* TRUE if @query (trimmed, case-folded) is part of the code or the name. */
gboolean    dd_division_matches         (DdDivision *self,
                                         const char *query);

/* All divisions, in file order; a GListModel of DdDivision. */
#define DD_TYPE_DIVISION_TABLE (dd_division_table_get_type ())
G_DECLARE_FINAL_TYPE (DdDivisionTable, dd_division_table, DD, DIVISION_TABLE, GObject)

/* Columns code,name,level,parent_code; every parent must be listed. */
DdDivisionTable *dd_division_table_new_from_bytes (GBytes          *csv,
                                                   GError         **error);
/* The divisions shipped in the resource data/divisions-guizhou.csv. The
 * data is validated by the test suite, so failing to load it is a bug. */
DdDivisionTable *dd_division_table_get_default    (void);
DdDivision      *dd_division_table_lookup         (DdDivisionTable *self,
                                                   const char      *code);
/* "贵州省 贵阳市 南明区": the names from the root down to @code. */
char            *dd_division_table_dup_path       (DdDivisionTable *self,
                                                   const char      *code);

G_END_DECLS
