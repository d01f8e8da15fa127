/* dd-staff-csv.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-csv.h"
#include "dd-error.h"
#include "dd-staff.h"
#include "dd-staff-csv.h"

enum {
  COL_NAME,
  COL_ROLE,
  COL_PHONE,
  COL_UNIT,
  N_COLUMNS
};

/* Column names, in English and as a desk writes them in Chinese. */
static const struct {
  const char *title;
  int         column;
} column_titles[] = {
  { "name",  COL_NAME },
  { "role",  COL_ROLE },
  { "phone", COL_PHONE },
  { "unit",  COL_UNIT },
  { "姓名",  COL_NAME },
  { "角色",  COL_ROLE },
  { "电话",  COL_PHONE },
  { "联系电话", COL_PHONE },
  { "单位",  COL_UNIT },
};

static int
column_for_title (const char *title)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (title));

  for (guint i = 0; i < G_N_ELEMENTS (column_titles); i++)
    {
      if (g_ascii_strcasecmp (column_titles[i].title, trimmed) == 0)
        return column_titles[i].column;
    }

  return -1;
}

static const char *
cell (DdCsvRow   *row,
      const int  *index,
      int         column)
{
  guint n = g_strv_length (row->fields);

  if (index[column] < 0 || (guint) index[column] >= n)
    return "";

  return row->fields[index[column]];
}

GPtrArray *
dd_staff_csv_read (GBytes     *bytes,
                   GPtrArray **problems,
                   GError    **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) bad = NULL;
  g_autofree char *text = NULL;
  int index[N_COLUMNS] = { -1, -1, -1, -1 };
  DdCsvRow *header;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (problems != NULL)
    *problems = NULL;

  text = dd_csv_decode (bytes, NULL, error);
  if (text == NULL)
    return NULL;

  rows = dd_csv_parse (text, error);
  if (rows == NULL)
    return NULL;

  if (rows->len == 0)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                           _("The file is empty: it needs the header name,role,phone,unit"));
      return NULL;
    }

  header = g_ptr_array_index (rows, 0);
  for (guint i = 0; header->fields[i] != NULL; i++)
    {
      int column = column_for_title (header->fields[i]);

      if (column < 0)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: unknown column “%s”; the columns are name,role,phone,unit"),
                       header->line, header->fields[i]);
          return NULL;
        }

      if (index[column] >= 0)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: column “%s” appears twice"), header->line, header->fields[i]);
          return NULL;
        }

      index[column] = i;
    }

  if (index[COL_NAME] < 0 || index[COL_ROLE] < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("Line %u: the columns name and role are required"), header->line);
      return NULL;
    }

  staff = g_ptr_array_new_with_free_func (g_object_unref);
  bad = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; i < rows->len; i++)
    {
      DdCsvRow *row = g_ptr_array_index (rows, i);
      g_autoptr(DdStaff) member = NULL;
      g_autoptr(GError) row_error = NULL;
      g_autofree char *name = NULL;
      g_autofree char *phone = NULL;
      g_autofree char *unit = NULL;
      DdRole roles;

      if (g_strv_length (row->fields) > g_strv_length (header->fields))
        {
          g_ptr_array_add (bad, g_strdup_printf (_("line %u: more cells than columns"), row->line));
          continue;
        }

      if (!dd_role_from_string (cell (row, index, COL_ROLE), &roles))
        {
          g_ptr_array_add (bad, g_strdup_printf (_("line %u: role “%s” is not leader, officer or both"),
                                                 row->line, cell (row, index, COL_ROLE)));
          continue;
        }

      name = g_strstrip (g_strdup (cell (row, index, COL_NAME)));
      phone = g_strstrip (g_strdup (cell (row, index, COL_PHONE)));
      unit = g_strstrip (g_strdup (cell (row, index, COL_UNIT)));

      member = dd_staff_new (NULL, name, roles, phone, unit, TRUE);
      if (!dd_staff_validate (member, &row_error))
        {
          g_ptr_array_add (bad, g_strdup_printf (_("line %u: %s"), row->line, row_error->message));
          continue;
        }

      g_ptr_array_add (staff, g_steal_pointer (&member));
    }

  if (bad->len > 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row is invalid; nothing was imported",
                                "%u rows are invalid; nothing was imported",
                                bad->len),
                   bad->len);
      if (problems != NULL)
        *problems = g_steal_pointer (&bad);
      return NULL;
    }

  if (staff->len == 0)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("The file lists no staff"));
      return NULL;
    }

  return g_steal_pointer (&staff);
}
