/* dd-cli-export.c: dutyctl roster export (CSV, iCalendar, PDF)
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-cli-roster.h"

#include <stdlib.h>

#include <glib/gi18n.h>
#include <libical/ical.h>

#include "dd-csv.h"
#include "dd-duty-date.h"
#include "dd-roster-document.h"

static const char * const weekdays[] = {
  NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
  N_("Saturday"), N_("Sunday"),
};

static void
csv_row (GString     *out,
         const char **fields,
         guint        n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      dd_csv_append_field (out, fields[i] != NULL ? fields[i] : "");
    }
  g_string_append (out, "\r\n");
}

/* UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF; one row
 * per person on a shift, one row with no person for an empty shift. */
static char *
roster_to_csv (DdRoster    *roster,
               const GDate *first,
               const GDate *last,
               gsize       *length)
{
  GString *out = g_string_new ("\xEF\xBB\xBF");
  GPtrArray *shifts = dd_roster_get_shifts (roster);
  GPtrArray *assignments = dd_roster_get_assignments (roster);
  const char *header[] = {
    _("Date"), _("Weekday"), _("Shift"), _("Position"), _("Start"), _("End"),
    _("Staff ID"), _("Name"), _("Phone"), _("Locked"),
  };

  csv_row (out, header, G_N_ELEMENTS (header));

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);
      g_autofree char *date = NULL;
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      guint n = 0;

      if (g_date_compare (&shift->date, first) < 0 || g_date_compare (&shift->date, last) > 0)
        continue;

      date = dd_duty_date_to_string (&shift->date);
      start = dd_cli_format_ms (shift->start_ms);
      end = dd_cli_format_ms (shift->end_ms);

      for (guint j = 0; j <= assignments->len; j++)
        {
          const DdAssignment *assignment = j < assignments->len ? g_ptr_array_index (assignments, j) : NULL;
          DdStaff *staff = NULL;
          const char *fields[10];

          if (assignment != NULL && g_strcmp0 (assignment->shift_id, shift->id) != 0)
            continue;
          if (assignment == NULL && n > 0)
            break;

          if (assignment != NULL)
            {
              staff = dd_roster_lookup_staff (roster, assignment->staff_id);
              n++;
            }

          fields[0] = date;
          fields[1] = _(weekdays[g_date_get_weekday (&shift->date)]);
          fields[2] = shift->id;
          fields[3] = dd_position_get_label (shift->position);
          fields[4] = start;
          fields[5] = end;
          fields[6] = assignment != NULL ? assignment->staff_id : "";
          fields[7] = staff != NULL ? dd_staff_get_name (staff) : "";
          fields[8] = staff != NULL && dd_staff_get_phone (staff) != NULL ? dd_staff_get_phone (staff) : "";
          fields[9] = assignment != NULL && assignment->locked ? "1" : "";
          csv_row (out, fields, G_N_ELEMENTS (fields));
        }
    }

  *length = out->len;

  return g_string_free (out, FALSE);
}

static struct icaltimetype
ical_time (gint64 unix_ms)
{
  return icaltime_from_timet_with_zone ((time_t) (unix_ms / 1000), 0, icaltimezone_get_utc_timezone ());
}

/* iCalendar (RFC 5545) through libical: one VEVENT per shift, in UTC, with
 * each person on it as an ATTENDEE (urn:uuid:STAFF-ID, CN=name). */
static char *
roster_to_ics (DdRoster    *roster,
               DdDesk      *desk,
               const GDate *first,
               const GDate *last,
               gsize       *length)
{
  GPtrArray *shifts = dd_roster_get_shifts (roster);
  GPtrArray *assignments = dd_roster_get_assignments (roster);
  icalcomponent *calendar;
  char *ical_text;
  char *result;

  calendar = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Duty Desk//dutyctl " PACKAGE_VERSION "//EN"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);
      g_autofree char *uid = NULL;
      g_autofree char *description = NULL;
      g_autoptr(GString) summary = NULL;
      icalcomponent *event;

      if (g_date_compare (&shift->date, first) < 0 || g_date_compare (&shift->date, last) > 0)
        continue;

      uid = g_strdup_printf ("%s@%s.dutydesk", shift->id, dd_desk_get_unit_code (desk));
      description = dd_shift_describe (shift);
      summary = g_string_new (dd_position_get_label (shift->position));

      event = icalcomponent_new (ICAL_VEVENT_COMPONENT);
      icalcomponent_add_property (event, icalproperty_new_uid (uid));
      icalcomponent_add_property (event, icalproperty_new_dtstamp (ical_time (g_get_real_time () / 1000)));
      icalcomponent_add_property (event, icalproperty_new_dtstart (ical_time (shift->start_ms)));
      icalcomponent_add_property (event, icalproperty_new_dtend (ical_time (shift->end_ms)));
      icalcomponent_add_property (event, icalproperty_new_description (description));
      icalcomponent_add_property (event, icalproperty_new_categories (dd_position_to_string (shift->position)));

      for (guint j = 0; j < assignments->len; j++)
        {
          const DdAssignment *assignment = g_ptr_array_index (assignments, j);
          DdStaff *staff;
          g_autofree char *address = NULL;
          icalproperty *attendee;

          if (g_strcmp0 (assignment->shift_id, shift->id) != 0)
            continue;

          staff = dd_roster_lookup_staff (roster, assignment->staff_id);
          address = g_strconcat ("urn:uuid:", assignment->staff_id, NULL);
          attendee = icalproperty_new_attendee (address);
          if (staff != NULL)
            {
              icalproperty_add_parameter (attendee, icalparameter_new_cn (dd_staff_get_name (staff)));
              g_string_append_printf (summary, " %s", dd_staff_get_name (staff));
            }
          icalproperty_add_parameter (attendee, icalparameter_new_role (shift->position == DD_POSITION_LEADER
                                                                         ? ICAL_ROLE_CHAIR
                                                                         : ICAL_ROLE_REQPARTICIPANT));
          icalcomponent_add_property (event, attendee);
        }

      icalcomponent_add_property (event, icalproperty_new_summary (summary->str));
      icalcomponent_add_component (calendar, event);
    }

  ical_text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);

  result = g_strdup (ical_text);
  free (ical_text);
  *length = strlen (result);

  return result;
}

int
dd_cli_roster_export (DdCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdRoster) roster = NULL;
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GDate first, last;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("First duty day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Last duty day (included)"), N_("DATE") },
    { "format", 0, 0, G_OPTION_ARG_FILENAME, &format, N_("csv, ics or pdf"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("FILE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster export", NULL,
                                       _("Export the roster of a range: CSV (UTF-8, opens in Excel), iCalendar (one event per shift) or PDF (as printed)."),
                                       entries, FALSE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!dd_cli_parse_range (from, to, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (format == NULL || (g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "ics") != 0 &&
                         g_strcmp0 (format, "pdf") != 0))
    return dd_cli_usage_error (cli, _("--format must be csv, ics or pdf"));
  if (output == NULL)
    return dd_cli_usage_error (cli, _("-o FILE is required"));

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  desk = dd_cli_get_desk (store, &error);
  if (desk == NULL)
    return dd_cli_report_error (cli, error);

  calendar = dd_store_load_calendar (store, &error);
  if (calendar == NULL)
    return dd_cli_report_error (cli, error);
  dd_cli_warn_unloaded_years (calendar, &first, &last);

  roster = dd_store_load_roster (store, &first, &last, &error);
  if (roster == NULL)
    return dd_cli_report_duty_error (cli, error);

  if (g_strcmp0 (format, "pdf") == 0)
    {
      g_autoptr(DdRosterDocument) document = NULL;

      document = dd_roster_document_new (roster, calendar, dd_desk_get_unit_name (desk), &first, &last);
      if (!dd_roster_document_write_pdf (document, output, &error))
        return dd_cli_report_error (cli, error);
    }
  else
    {
      if (g_strcmp0 (format, "csv") == 0)
        contents = roster_to_csv (roster, &first, &last, &length);
      else
        contents = roster_to_ics (roster, desk, &first, &last, &length);

      if (!g_file_set_contents (output, contents, (gssize) length, &error))
        return dd_cli_report_error (cli, error);
    }

  g_print (_("Wrote %s.\n"), output);

  return DD_CLI_EXIT_OK;
}
