/* dd-duty-defaults.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-duty-defaults.h"

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "dd-error.h"
#include "dd-shift-template.h"

#define DEFAULTS_RESOURCE RESOURCE_BASE_PATH "/data/rules/duty-defaults.ini"

/* A document title of [Documents]: present, not blank. */
static gboolean
read_title (GKeyFile    *key_file,
            const char  *key,
            char       **title,
            GError     **error)
{
  *title = g_key_file_get_string (key_file, "Documents", key, error);
  if (*title == NULL)
    return FALSE;
  if (*g_strstrip (*title) == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("[Documents] %s: the title is empty"), key);
      return FALSE;
    }

  return TRUE;
}

/* "MM-DD" */
static gboolean
read_month_day (GKeyFile    *key_file,
                const char  *group,
                const char  *key,
                GDateMonth  *month,
                GDateDay    *day,
                GError     **error)
{
  g_autofree char *value = g_key_file_get_string (key_file, group, key, error);
  guint64 m, d;
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return FALSE;

  parts = g_strsplit (g_strstrip (value), "-", -1);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 31, &d, NULL) ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, 2024))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("[%s] %s: “%s” is not a day of the year (MM-DD)"), group, key, value);
      return FALSE;
    }

  *month = (GDateMonth) m;
  *day = (GDateDay) d;

  return TRUE;
}

DdDutyDefaults *
dd_duty_defaults_parse (const char  *text,
                        GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(DdDutyDefaults) defaults = NULL;
  g_autofree int *years = NULL;
  gsize n_years = 0;
  GError *local_error = NULL;
  int rest;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_load_from_data (key_file, text, (gsize) -1, G_KEY_FILE_KEEP_TRANSLATIONS, error))
    return NULL;

  defaults = g_new0 (DdDutyDefaults, 1);
  defaults->holiday_years = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!read_month_day (key_file, "FloodSeason", "first",
                       &defaults->flood_first_month, &defaults->flood_first_day, error) ||
      !read_month_day (key_file, "FloodSeason", "last",
                       &defaults->flood_last_month, &defaults->flood_last_day, error))
    return NULL;

  rest = g_key_file_get_integer (key_file, "Rules", "min-rest-hours", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (rest < 0 || rest > 72)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("[Rules] min-rest-hours: %d is not between 0 and 72"), rest);
      return NULL;
    }
  defaults->min_rest_hours = (guint) rest;

  years = g_key_file_get_integer_list (key_file, "Holidays", "years", &n_years, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  for (gsize i = 0; i < n_years; i++)
    {
      guint year = (guint) years[i];

      if (years[i] < 1000 || years[i] > 9998)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("[Holidays] years: %d is not a year"), years[i]);
          return NULL;
        }
      g_array_append_val (defaults->holiday_years, year);
    }

  defaults->templates = dd_shift_template_list_from_key_file (key_file, error);
  if (defaults->templates == NULL)
    return NULL;

  if (!read_title (key_file, "handover-title", &defaults->handover_title, error) ||
      !read_title (key_file, "daily-report-title", &defaults->daily_report_title, error))
    return NULL;

  return g_steal_pointer (&defaults);
}

DdDutyDefaults *
dd_duty_defaults_load (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  DdDutyDefaults *defaults;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (DEFAULTS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  defaults = dd_duty_defaults_parse (text, error);
  if (defaults == NULL)
    g_prefix_error (error, "%s: ", DEFAULTS_RESOURCE);

  return defaults;
}

void
dd_duty_defaults_free (DdDutyDefaults *defaults)
{
  if (defaults == NULL)
    return;

  g_clear_pointer (&defaults->holiday_years, g_array_unref);
  g_clear_pointer (&defaults->templates, g_ptr_array_unref);
  g_free (defaults->handover_title);
  g_free (defaults->daily_report_title);
  g_free (defaults);
}
