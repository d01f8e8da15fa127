/* dd-csv.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DdCsvRow:
 * @line: the 1-based line of the file where the row starts
 * @fields: (array zero-terminated=1): the row's cells, UTF-8
 */
typedef struct
{
  guint   line;
  char  **fields;
} DdCsvRow;

void dd_csv_row_free (DdCsvRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdCsvRow, dd_csv_row_free)

/* Text of a spreadsheet export as UTF-8: UTF-8 with or without a byte-order
 * mark, or GB18030 (what Chinese Excel writes). @encoding is set to "UTF-8"
 * or "GB18030". */
char      *dd_csv_decode (GBytes       *bytes,
                          const char  **encoding,
                          GError      **error);

/* RFC 4180 records: quoted cells may hold commas, quotes ("") and line
 * breaks; CRLF or LF. Blank lines are skipped. Returns DdCsvRow elements. */
GPtrArray *dd_csv_parse  (const char   *utf8,
                          GError      **error);

/* Appends @field to @out, quoted if it needs to be. */
void       dd_csv_append_field (GString    *out,
                                const char *field);

G_END_DECLS
