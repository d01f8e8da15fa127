/* dd-directory-csv.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-directory-kind.h"
#include "dd-division.h"

G_BEGIN_DECLS

/**
 * DdDirectoryColumn:
 * @name: the English column name ("duty_phone")
 * @aliases: (array zero-terminated=1): other names accepted in a header,
 *   the Chinese ones a user would write ("值班电话")
 * @required: the cell must not be empty
 *
 * One CSV column of a directory kind.
 */
typedef struct
{
  const char         *name;
  const char * const *aliases;
  gboolean            required;
} DdDirectoryColumn;

/* The columns of @kind in export order; @n_columns is set. */
const DdDirectoryColumn *dd_directory_kind_get_columns (DdDirectoryKind  kind,
                                                        guint           *n_columns);
/* The index of column @name (English) of @kind, or -1. */
int                      dd_directory_kind_find_column (DdDirectoryKind  kind,
                                                        const char      *name);

/**
 * DdDirectoryProblem:
 * @line: the 1-based line of the file (0 for the file as a whole)
 * @column: the English column name, or %NULL for the whole row
 * @message: what is wrong, translated
 */
typedef struct
{
  guint  line;
  char  *column;
  char  *message;
} DdDirectoryProblem;

void dd_directory_problem_free (DdDirectoryProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectoryProblem, dd_directory_problem_free)

/**
 * DdDirectoryRow:
 * @line: the 1-based line of the file where the row starts
 * @values: (array zero-terminated=1): one trimmed cell per column of the
 *   kind, in the order of dd_directory_kind_get_columns() ("" if empty)
 *
 * A valid row of an import, its cells normalised: division codes and
 * unit codes as given, numbers as written, dates as YYYY-MM-DD, class
 * and level as machine names, lists (fields, subtypes) ";"-separated
 * without blanks.
 */
typedef struct
{
  guint   line;
  char  **values;
} DdDirectoryRow;

void dd_directory_row_free (DdDirectoryRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectoryRow, dd_directory_row_free)
/* The cell of column @name (English), "" if empty. */
const char *dd_directory_row_get (const DdDirectoryRow *row,
                                  DdDirectoryKind       kind,
                                  const char           *name);

/* Trims, checks and normalises the cells of @row (one per column of
 * @kind) as an import does: required cells, division and unit codes,
 * numbers, dates, class, level, sub-types, sections. Adds every problem
 * (line @row->line, by column) to @problems; TRUE if there was none.
 * @divisions %NULL uses the default table. */
gboolean    dd_directory_row_check (DdDirectoryKind   kind,
                                    DdDirectoryRow   *row,
                                    DdDivisionTable  *divisions,
                                    GPtrArray        *problems);

/* A plan's "sections" cell: "heading|body" pairs separated by "||" (a
 * section without a body is just "heading"); "\|" is a "|" and "\\" a
 * "\" in the text; headings and bodies are trimmed, CR LF becomes LF.
 * Returns heading and body alternating (empty for an empty cell), or
 * %NULL with %DD_CORE_ERROR_PARSE for a section without a heading or
 * with more than one "|". */
GPtrArray  *dd_directory_sections_parse  (const char          *cell,
                                          GError             **error);
/* The cell of @sections (heading and body alternating, %NULL-terminated):
 * what dd_directory_sections_parse() reads back unchanged. */
char       *dd_directory_sections_format (const char * const  *sections);

/**
 * DdDirectorySheet:
 * @kind: what the file holds
 * @encoding: "UTF-8" or "GB18030"
 * @rows: (element-type DdDirectoryRow): the valid rows, in file order
 * @problems: (element-type DdDirectoryProblem): every problem found, by
 *   line; a sheet with problems must not be imported
 *
 * A parsed and validated CSV file of one kind.
 */
typedef struct
{
  DdDirectoryKind  kind;
  char            *encoding;
  GPtrArray       *rows;
  GPtrArray       *problems;
} DdDirectorySheet;

void dd_directory_sheet_free (DdDirectorySheet *sheet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectorySheet, dd_directory_sheet_free)

/* Decodes (UTF-8 with or without BOM, or GB18030), parses and validates
 * every row of @bytes: the header names columns in any order (English or
 * Chinese names; unknown columns are problems), required cells, known
 * division codes, owner_unit a unit code, numbers, dates, team class,
 * plan level and taxonomy ids. Fails (with %DD_CORE_ERROR) only if the
 * file cannot be read as text; everything else is a problem in the
 * sheet. @divisions %NULL uses the default table. */
DdDirectorySheet *dd_directory_sheet_parse  (DdDirectoryKind   kind,
                                             GBytes           *bytes,
                                             DdDivisionTable  *divisions,
                                             GError          **error);

/* A CSV file of @rows (each with one value per column of @kind) in the
 * export format: UTF-8 with a BOM, CRLF, the English header. */
GBytes           *dd_directory_sheet_write  (DdDirectoryKind   kind,
                                             GPtrArray        *rows);

G_END_DECLS
