/* dd-staff-csv.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads a staff sheet: header name,role,phone,unit (the Chinese column
 * names 姓名,角色,电话,单位 are accepted too, in any order), in any encoding
 * dd_csv_decode() accepts. On success returns DdStaff elements without
 * ids. If any row is bad, returns %NULL, sets @error to a summary, and
 * @problems to one "line N: reason" string per bad row. */
GPtrArray *dd_staff_csv_read (GBytes      *bytes,
                              GPtrArray  **problems,
                              GError     **error);

G_END_DECLS
