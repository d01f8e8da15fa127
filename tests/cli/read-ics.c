/* read-ics.c: prints the events of an iCalendar file as libical reads them
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by test-roster.py so that exported rosters are checked by a real
 * iCalendar parser. One line per VEVENT, tab-separated:
 * UID, DTSTART and DTEND as UTC "YYYYMMDDTHHMMSSZ", then "CN|VALUE" of
 * each ATTENDEE. Exits 1 if libical reports an error in the file.
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <libical/ical.h>

static char *
utc_text (struct icaltimetype time)
{
  struct icaltimetype utc = icaltime_convert_to_zone (time, icaltimezone_get_utc_timezone ());

  return g_strdup_printf ("%04d%02d%02dT%02d%02d%02dZ",
                          utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  icalcomponent *calendar;
  int status = 0;

  if (argc != 2)
    {
      g_printerr ("usage: read-ics FILE\n");
      return 2;
    }

  if (!g_file_get_contents (argv[1], &text, NULL, &error))
    {
      g_printerr ("read-ics: %s\n", error->message);
      return 1;
    }

  calendar = icalparser_parse_string (text);
  if (calendar == NULL || icalcomponent_isa (calendar) != ICAL_VCALENDAR_COMPONENT)
    {
      g_printerr ("read-ics: not an iCalendar file\n");
      return 1;
    }

  /* libical records what it could not parse as X-LIC-ERROR properties. */
  if (icalcomponent_count_errors (calendar) > 0)
    {
      g_printerr ("read-ics: %d parse errors\n", icalcomponent_count_errors (calendar));
      status = 1;
    }

  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      g_autofree char *start = utc_text (icalcomponent_get_dtstart (event));
      g_autofree char *end = utc_text (icalcomponent_get_dtend (event));
      GString *line = g_string_new (NULL);

      g_string_append_printf (line, "%s\t%s\t%s", icalcomponent_get_uid (event), start, end);
      for (icalproperty *attendee = icalcomponent_get_first_property (event, ICAL_ATTENDEE_PROPERTY);
           attendee != NULL;
           attendee = icalcomponent_get_next_property (event, ICAL_ATTENDEE_PROPERTY))
        {
          icalparameter *cn = icalproperty_get_first_parameter (attendee, ICAL_CN_PARAMETER);

          g_string_append_printf (line, "\t%s|%s",
                                  cn != NULL ? icalparameter_get_cn (cn) : "",
                                  icalproperty_get_attendee (attendee));
        }
      /* Bytes as they are: g_print() would convert to the C locale. */
      fputs (line->str, stdout);
      fputc ('\n', stdout);
      g_string_free (line, TRUE);
    }

  icalcomponent_free (calendar);

  return status;
}
