/* dd-holiday-schedule.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-holiday-schedule.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "dd-duty-date.h"
#include "dd-error.h"

/* A sanity bound that catches typing slips such as 10-01..01-08; the longest
 * published block so far is nine days. */
#define MAX_BLOCK_DAYS 31

struct _DdHolidaySchedule
{
  gatomicrefcount  ref_count;
  guint            year;
  char            *notice;
  GArray          *blocks;    /* DdHolidayBlock */
  GArray          *workdays;  /* GDate */
};

G_DEFINE_BOXED_TYPE (DdHolidaySchedule, dd_holiday_schedule,
                     dd_holiday_schedule_ref, dd_holiday_schedule_unref)

static void
holiday_block_clear (gpointer data)
{
  DdHolidayBlock *block = data;

  g_clear_pointer (&block->name, g_free);
}

static char *
format_date (const GDate *date)
{
  return dd_duty_date_to_string (date);
}

static gboolean
year_in_reach (DdHolidaySchedule *self,
               const GDate       *date)
{
  guint y = g_date_get_year (date);

  return y + 1 >= self->year && y <= self->year + 1;
}

static gboolean
date_in_block (const DdHolidayBlock *block,
               const GDate          *date)
{
  return g_date_compare (date, &block->first) >= 0 && g_date_compare (date, &block->last) <= 0;
}

DdHolidaySchedule *
dd_holiday_schedule_new (guint       year,
                         const char *notice)
{
  DdHolidaySchedule *self;

  g_return_val_if_fail (year >= 1 && year <= 9998, NULL);

  self = g_new0 (DdHolidaySchedule, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->year = year;
  self->notice = g_strdup (notice != NULL ? notice : "");
  self->blocks = g_array_new (FALSE, TRUE, sizeof (DdHolidayBlock));
  g_array_set_clear_func (self->blocks, holiday_block_clear);
  self->workdays = g_array_new (FALSE, TRUE, sizeof (GDate));

  return self;
}

DdHolidaySchedule *
dd_holiday_schedule_ref (DdHolidaySchedule *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
dd_holiday_schedule_unref (DdHolidaySchedule *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->notice, g_free);
      g_clear_pointer (&self->blocks, g_array_unref);
      g_clear_pointer (&self->workdays, g_array_unref);
      g_free (self);
    }
}

guint
dd_holiday_schedule_get_year (DdHolidaySchedule *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->year;
}

const char *
dd_holiday_schedule_get_notice (DdHolidaySchedule *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->notice;
}

gboolean
dd_holiday_schedule_add_block (DdHolidaySchedule  *self,
                               const GDate        *first,
                               const GDate        *last,
                               const char         *name,
                               GError            **error)
{
  DdHolidayBlock block = { 0 };
  g_autofree char *first_str = NULL;
  g_autofree char *last_str = NULL;
  g_autofree char *stripped = NULL;
  gboolean touches_year;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (first != NULL && g_date_valid (first), FALSE);
  g_return_val_if_fail (last != NULL && g_date_valid (last), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  first_str = format_date (first);
  last_str = format_date (last);

  if (g_date_compare (first, last) > 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The days off from %s to %s end before they start"), first_str, last_str);
      return FALSE;
    }

  if (g_date_days_between (first, last) + 1 > MAX_BLOCK_DAYS)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The days off from %s to %s are longer than %d days"),
                   first_str, last_str, MAX_BLOCK_DAYS);
      return FALSE;
    }

  touches_year = g_date_get_year (first) <= self->year && g_date_get_year (last) >= self->year;
  if (!year_in_reach (self, first) || !year_in_reach (self, last) || !touches_year)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The days off from %s to %s are not in %u"), first_str, last_str, self->year);
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (stripped[0] == '\0' || !g_utf8_validate (stripped, -1, NULL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The days off from %s to %s have no holiday name"), first_str, last_str);
      return FALSE;
    }

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const DdHolidayBlock *other = &g_array_index (self->blocks, DdHolidayBlock, i);

      if (g_date_compare (first, &other->last) <= 0 && g_date_compare (&other->first, last) <= 0)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("The days off from %s to %s overlap those of %s"),
                       first_str, last_str, other->name);
          return FALSE;
        }
    }

  for (guint i = 0; i < self->workdays->len; i++)
    {
      const GDate *work = &g_array_index (self->workdays, GDate, i);

      if (g_date_compare (work, first) >= 0 && g_date_compare (work, last) <= 0)
        {
          g_autofree char *work_str = format_date (work);

          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s is both a day off and an adjusted working day"), work_str);
          return FALSE;
        }
    }

  block.first = *first;
  block.last = *last;
  block.name = g_steal_pointer (&stripped);
  g_array_append_val (self->blocks, block);

  return TRUE;
}

gboolean
dd_holiday_schedule_add_workday (DdHolidaySchedule  *self,
                                 const GDate        *date,
                                 GError            **error)
{
  g_autofree char *date_str = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  date_str = format_date (date);

  if (!dd_duty_date_is_weekend (date))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The adjusted working day %s is not a Saturday or Sunday"), date_str);
      return FALSE;
    }

  if (!year_in_reach (self, date))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The adjusted working day %s is not near %u"), date_str, self->year);
      return FALSE;
    }

  for (guint i = 0; i < self->workdays->len; i++)
    {
      if (g_date_compare (&g_array_index (self->workdays, GDate, i), date) == 0)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("The adjusted working day %s is listed twice"), date_str);
          return FALSE;
        }
    }

  for (guint i = 0; i < self->blocks->len; i++)
    {
      if (date_in_block (&g_array_index (self->blocks, DdHolidayBlock, i), date))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s is both a day off and an adjusted working day"), date_str);
          return FALSE;
        }
    }

  g_array_append_val (self->workdays, *date);

  return TRUE;
}

guint
dd_holiday_schedule_get_n_blocks (DdHolidaySchedule *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->blocks->len;
}

const DdHolidayBlock *
dd_holiday_schedule_get_block (DdHolidaySchedule *self,
                               guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->blocks->len, NULL);

  return &g_array_index (self->blocks, DdHolidayBlock, index);
}

guint
dd_holiday_schedule_get_n_workdays (DdHolidaySchedule *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->workdays->len;
}

const GDate *
dd_holiday_schedule_get_workday (DdHolidaySchedule *self,
                                 guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->workdays->len, NULL);

  return &g_array_index (self->workdays, GDate, index);
}

gboolean
dd_holiday_schedule_lookup (DdHolidaySchedule  *self,
                            const GDate        *date,
                            DdDayKind          *kind,
                            const char        **holiday_name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const DdHolidayBlock *block = &g_array_index (self->blocks, DdHolidayBlock, i);

      if (date_in_block (block, date))
        {
          if (kind != NULL)
            *kind = DD_DAY_KIND_HOLIDAY;
          if (holiday_name != NULL)
            *holiday_name = block->name;
          return TRUE;
        }
    }

  for (guint i = 0; i < self->workdays->len; i++)
    {
      if (g_date_compare (&g_array_index (self->workdays, GDate, i), date) == 0)
        {
          if (kind != NULL)
            *kind = DD_DAY_KIND_ADJUSTED_WORKDAY;
          if (holiday_name != NULL)
            *holiday_name = NULL;
          return TRUE;
        }
    }

  return FALSE;
}

/* ------------------------------------------------------------------ parsing */

/* MM-DD in @year, or YYYY-MM-DD. */
static gboolean
parse_day (const char *token,
           guint       year,
           GDate      *date)
{
  g_autofree char *full = NULL;

  if (strlen (token) == 5)
    {
      full = g_strdup_printf ("%04u-%s", year, token);
      return dd_duty_date_parse (full, date);
    }

  return dd_duty_date_parse (token, date);
}

/* MM-DD or YYYY-MM-DD, or FIRST..LAST; a LAST written MM-DD is in FIRST's
 * year, or the next one when it would come before FIRST. */
static gboolean
parse_range (const char *range,
             guint       year,
             GDate      *first,
             GDate      *last)
{
  const char *dots = strstr (range, "..");
  g_autofree char *from = NULL;
  const char *to;

  if (dots == NULL)
    {
      if (!parse_day (range, year, first))
        return FALSE;
      *last = *first;
      return TRUE;
    }

  from = g_strndup (range, dots - range);
  to = dots + 2;

  if (!parse_day (from, year, first))
    return FALSE;

  if (strlen (to) != 5)
    return parse_day (to, year, last);

  if (!parse_day (to, g_date_get_year (first), last))
    return FALSE;
  if (g_date_compare (last, first) < 0)
    return parse_day (to, g_date_get_year (first) + 1, last);

  return TRUE;
}

static gboolean
parse_line (GHashTable  *by_year,
            GPtrArray   *schedules,
            const char  *notice,
            const char  *line,
            GError     **error)
{
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  DdHolidaySchedule *schedule;
  guint64 year;
  const char *kind;

  tokens = g_strsplit_set (line, " \t", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (tokens[i][0] != '\0')
        g_ptr_array_add (words, tokens[i]);
    }

  if (words->len < 3)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("Expected “YEAR OFF MM-DD[..MM-DD] NAME” or “YEAR WORK MM-DD…”"));
      return FALSE;
    }

  if (strlen (g_ptr_array_index (words, 0)) != 4 ||
      !g_ascii_string_to_unsigned (g_ptr_array_index (words, 0), 10, 1000, 9998, &year, NULL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("“%s” is not a year"), (const char *) g_ptr_array_index (words, 0));
      return FALSE;
    }

  schedule = g_hash_table_lookup (by_year, GUINT_TO_POINTER ((guint) year));
  if (schedule == NULL)
    {
      schedule = dd_holiday_schedule_new ((guint) year, notice);
      g_ptr_array_add (schedules, schedule);
      g_hash_table_insert (by_year, GUINT_TO_POINTER ((guint) year), schedule);
    }

  kind = g_ptr_array_index (words, 1);

  if (g_ascii_strcasecmp (kind, "OFF") == 0)
    {
      const char *range = g_ptr_array_index (words, 2);
      g_autoptr(GString) name = g_string_new (NULL);
      GDate first, last;

      if (!parse_range (range, (guint) year, &first, &last))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("“%s” is not a date or a range of dates"), range);
          return FALSE;
        }

      if (words->len < 4)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("The days off %s need the holiday’s name"), range);
          return FALSE;
        }

      for (guint i = 3; i < words->len; i++)
        {
          if (name->len > 0)
            g_string_append_c (name, ' ');
          g_string_append (name, g_ptr_array_index (words, i));
        }

      return dd_holiday_schedule_add_block (schedule, &first, &last, name->str, error);
    }
  else if (g_ascii_strcasecmp (kind, "WORK") == 0)
    {
      for (guint i = 2; i < words->len; i++)
        {
          const char *token = g_ptr_array_index (words, i);
          GDate date;

          if (!parse_day (token, (guint) year, &date))
            {
              g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                           _("“%s” is not a date"), token);
              return FALSE;
            }

          if (!dd_holiday_schedule_add_workday (schedule, &date, error))
            return FALSE;
        }

      return TRUE;
    }

  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
               _("“%s” is neither OFF nor WORK"), kind);

  return FALSE;
}

GPtrArray *
dd_holiday_schedule_parse (const char  *text,
                           GError     **error)
{
  g_autoptr(GPtrArray) schedules = NULL;
  g_autoptr(GHashTable) by_year = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *notice = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
                   _("The holiday schedule is not valid UTF-8"));
      return NULL;
    }

  schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_holiday_schedule_unref);
  by_year = g_hash_table_new (NULL, NULL);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      char *line = g_strstrip (lines[i]);

      /* a byte-order mark at the start of the file */
      if (i == 0 && g_str_has_prefix (line, "\xef\xbb\xbf"))
        line = g_strstrip (line + 3);

      if (line[0] == '\0')
        continue;

      if (line[0] == '#')
        {
          char *comment = g_strstrip (line + 1);

          if (g_ascii_strncasecmp (comment, "notice:", 7) == 0)
            {
              g_free (notice);
              notice = g_strdup (g_strstrip (comment + 7));
            }
          continue;
        }

      if (!parse_line (by_year, schedules, notice, line, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Line %u: "), i + 1);
          return NULL;
        }
    }

  if (schedules->len == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("The file holds no holiday schedule"));
      return NULL;
    }

  return g_steal_pointer (&schedules);
}

DdHolidaySchedule *
dd_holiday_schedule_load_resource (guint    year,
                                   GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) schedules = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_strdup_printf ("%s/data/holidays/%u.txt", RESOURCE_BASE_PATH, year);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND,
                   _("No holiday schedule for %u is shipped"), year);
      return NULL;
    }

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  schedules = dd_holiday_schedule_parse (text, error);
  if (schedules == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  for (guint i = 0; i < schedules->len; i++)
    {
      DdHolidaySchedule *schedule = g_ptr_array_index (schedules, i);

      if (schedule->year == year)
        return dd_holiday_schedule_ref (schedule);
    }

  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND,
               _("No holiday schedule for %u is shipped"), year);

  return NULL;
}

static void
append_day (GString           *out,
            DdHolidaySchedule *self,
            const GDate       *date,
            const GDate       *after)
{
  /* MM-DD where the parser reads it back as the same day */
  if (after == NULL && g_date_get_year (date) == self->year)
    g_string_append_printf (out, "%02u-%02u", (guint) g_date_get_month (date), (guint) g_date_get_day (date));
  else if (after != NULL && g_date_get_year (date) == g_date_get_year (after))
    g_string_append_printf (out, "%02u-%02u", (guint) g_date_get_month (date), (guint) g_date_get_day (date));
  else if (after != NULL && g_date_get_year (date) == g_date_get_year (after) + 1 &&
           (g_date_get_month (date) < g_date_get_month (after) ||
            (g_date_get_month (date) == g_date_get_month (after) && g_date_get_day (date) < g_date_get_day (after))))
    g_string_append_printf (out, "%02u-%02u", (guint) g_date_get_month (date), (guint) g_date_get_day (date));
  else
    {
      g_autofree char *full = dd_duty_date_to_string (date);
      g_string_append (out, full);
    }
}

char *
dd_holiday_schedule_to_text (DdHolidaySchedule *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);

  if (self->notice[0] != '\0')
    g_string_append_printf (out, "# notice: %s\n", self->notice);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const DdHolidayBlock *block = &g_array_index (self->blocks, DdHolidayBlock, i);

      g_string_append_printf (out, "%u OFF  ", self->year);
      append_day (out, self, &block->first, NULL);
      if (g_date_compare (&block->first, &block->last) != 0)
        {
          g_string_append (out, "..");
          append_day (out, self, &block->last, &block->first);
        }
      g_string_append_printf (out, " %s\n", block->name);
    }

  if (self->workdays->len > 0)
    {
      g_string_append_printf (out, "%u WORK", self->year);
      for (guint i = 0; i < self->workdays->len; i++)
        {
          g_string_append_c (out, ' ');
          append_day (out, self, &g_array_index (self->workdays, GDate, i), NULL);
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}
