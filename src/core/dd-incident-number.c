/* dd-incident-number.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-incident-number.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dd-error.h"
#include "dd-time.h"

static gboolean
is_unit_code (const char *str,
              gsize       len)
{
  if (len == 0 || str[0] == '-' || str[len - 1] == '-')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_islower (str[i]) && !g_ascii_isdigit (str[i]) && str[i] != '-')
        return FALSE;
    }

  return TRUE;
}

char *
dd_incident_number_format (const char  *unit_code,
                           const GDate *date,
                           guint        sequence)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  if (unit_code == NULL || !is_unit_code (unit_code, strlen (unit_code)) ||
      sequence == 0 || sequence > DD_INCIDENT_NUMBER_MAX)
    return NULL;

  return g_strdup_printf ("%s-%04u%02u%02u-%04u", unit_code,
                          (guint) g_date_get_year (date), (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date), sequence);
}

char *
dd_incident_number_format_for_ms (const char *unit_code,
                                  gint64      received_at_ms,
                                  guint       sequence)
{
  GDate date;

  g_date_clear (&date, 1);
  dd_time_beijing_date (received_at_ms, &date);

  return dd_incident_number_format (unit_code, &date, sequence);
}

gboolean
dd_incident_number_parse (const char  *number,
                          char       **unit_code,
                          GDate       *date,
                          guint       *sequence,
                          GError     **error)
{
  const char *seq_dash, *date_dash;
  gsize len;
  guint64 seq, y, m, d;
  char buf[5];

  if (unit_code != NULL)
    *unit_code = NULL;

  if (number == NULL)
    goto invalid;

  len = strlen (number);
  seq_dash = strrchr (number, '-');
  if (seq_dash == NULL || seq_dash == number)
    goto invalid;
  date_dash = seq_dash - 1;
  while (date_dash > number && *date_dash != '-')
    date_dash--;
  if (*date_dash != '-' || seq_dash - date_dash != 9 || number + len - seq_dash != 5)
    goto invalid;
  if (!is_unit_code (number, (gsize) (date_dash - number)))
    goto invalid;

  for (const char *p = date_dash + 1; p < seq_dash; p++)
    {
      if (!g_ascii_isdigit (*p))
        goto invalid;
    }
  for (const char *p = seq_dash + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        goto invalid;
    }

  memcpy (buf, date_dash + 1, 4);
  buf[4] = '\0';
  y = g_ascii_strtoull (buf, NULL, 10);
  memcpy (buf, date_dash + 5, 2);
  buf[2] = '\0';
  m = g_ascii_strtoull (buf, NULL, 10);
  memcpy (buf, date_dash + 7, 2);
  buf[2] = '\0';
  d = g_ascii_strtoull (buf, NULL, 10);
  seq = g_ascii_strtoull (seq_dash + 1, NULL, 10);

  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("“%s”: the date is not a real date"), number);
      return FALSE;
    }
  if (seq == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("“%s”: the sequence number starts at 0001"), number);
      return FALSE;
    }

  if (unit_code != NULL)
    *unit_code = g_strndup (number, (gsize) (date_dash - number));
  if (date != NULL)
    {
      g_date_clear (date, 1);
      g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
    }
  if (sequence != NULL)
    *sequence = (guint) seq;

  return TRUE;

invalid:
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
               _("“%s” is not an incident number (UNITCODE-YYYYMMDD-NNNN)"),
               number != NULL ? number : "");
  return FALSE;
}
