/* dd-csv.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-csv.h"
#include "dd-error.h"

void
dd_csv_row_free (DdCsvRow *row)
{
  if (row == NULL)
    return;

  g_strfreev (row->fields);
  g_free (row);
}

char *
dd_csv_decode (GBytes      *bytes,
               const char **encoding,
               GError     **error)
{
  const char *data;
  gsize len;
  g_autoptr(GError) local_error = NULL;
  char *utf8;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      if (encoding != NULL)
        *encoding = "UTF-8";
      return g_strdup ("");
    }

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
      if (!g_utf8_validate_len (data, len, NULL))
        {
          g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
                               _("The file starts as UTF-8 but holds invalid UTF-8 text"));
          return NULL;
        }
    }

  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
                           _("The file is not a text file"));
      return NULL;
    }

  if (g_utf8_validate_len (data, len, NULL))
    {
      if (encoding != NULL)
        *encoding = "UTF-8";
      return g_strndup (data, len);
    }

  /* Not UTF-8: a Chinese spreadsheet program writes GB18030 (of which
   * GBK and GB2312 are subsets). */
  utf8 = g_convert (data, len, "UTF-8", "GB18030", NULL, NULL, &local_error);
  if (utf8 == NULL)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
                           _("The file is neither UTF-8 nor GB18030 text"));
      return NULL;
    }

  if (encoding != NULL)
    *encoding = "GB18030";

  return utf8;
}

GPtrArray *
dd_csv_parse (const char  *utf8,
              GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = NULL;
  const char *p = utf8;
  guint line = 1;
  guint row_line = 1;
  gboolean row_has_content = FALSE;

  g_return_val_if_fail (utf8 != NULL, NULL);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_csv_row_free);
  fields = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);

  for (;;)
    {
      char c = *p;

      if (c == '"' && field->len == 0)
        {
          guint quote_line = line;

          /* A quoted cell: runs to the next lone quote. */
          p++;
          for (;;)
            {
              if (*p == '\0')
                {
                  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                               _("Line %u: a quoted cell is not closed"), quote_line);
                  return NULL;
                }
              if (*p == '"')
                {
                  if (p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (*p == '\n')
                line++;
              g_string_append_c (field, *p);
              p++;
            }

          row_has_content = TRUE;

          if (*p != ',' && *p != '\n' && *p != '\r' && *p != '\0')
            {
              g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                           _("Line %u: text follows a quoted cell"), line);
              return NULL;
            }
          continue;
        }

      if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          row_has_content = TRUE;
          p++;
          continue;
        }

      if (c == '\r' || c == '\n' || c == '\0')
        {
          if (row_has_content || field->len > 0)
            {
              DdCsvRow *row = g_new0 (DdCsvRow, 1);

              g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
              g_ptr_array_add (fields, NULL);
              row->line = row_line;
              row->fields = (char **) g_ptr_array_steal (fields, NULL);
              g_ptr_array_add (rows, row);
              g_clear_pointer (&fields, g_ptr_array_unref);
              fields = g_ptr_array_new_with_free_func (g_free);
              field = g_string_new (NULL);
            }
          else
            {
              g_string_truncate (field, 0);
            }

          row_has_content = FALSE;

          if (c == '\0')
            break;
          if (c == '\r' && p[1] == '\n')
            p++;
          p++;
          line++;
          row_line = line;
          continue;
        }

      g_string_append_c (field, c);
      p++;
    }

  return g_steal_pointer (&rows);
}

void
dd_csv_append_field (GString    *out,
                     const char *field)
{
  g_return_if_fail (out != NULL);

  if (field == NULL)
    return;

  if (strpbrk (field, ",\"\r\n") == NULL &&
      field[0] != ' ' && (field[0] == '\0' || field[strlen (field) - 1] != ' '))
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
