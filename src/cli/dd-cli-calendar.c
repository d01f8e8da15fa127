/* dd-cli-calendar.c: dutyctl calendar, period, leave and template
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-cli-roster.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-error.h"
#include "dd-time.h"

/* ------------------------------------------------------------------ helpers */

int
dd_cli_run_subcommand (DdCli                     *cli,
                       const char                *command,
                       const char                *summary,
                       const DdCliDutySubcommand *subcommands,
                       guint                      n_subcommands,
                       int                        argc,
                       char                     **argv)
{
  gboolean help = argc < 2 || g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0;

  if (!help)
    {
      for (guint i = 0; i < n_subcommands; i++)
        if (g_strcmp0 (subcommands[i].name, argv[1]) == 0)
          return subcommands[i].func (cli, argc - 1, argv + 1);

      g_free (cli->command);
      cli->command = g_strdup (command);
      return dd_cli_usage_error (cli, _("unknown command “%s %s”"), command, argv[1]);
    }

  g_print ("%s\n  dutyctl [--db %s] %s %s [%s…]\n\n", _("Usage:"), _("PATH"), command,
           _("COMMAND"), _("OPTION"));
  g_print ("%s\n\n", summary);
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < n_subcommands; i++)
    g_print ("  %-10s %s\n", subcommands[i].name, _(subcommands[i].description));
  g_print ("\n");
  g_print (_("Run “dutyctl %s COMMAND --help” for the options of a command."), command);
  g_print ("\n");

  return argc < 2 ? DD_CLI_EXIT_USAGE : DD_CLI_EXIT_OK;
}

gboolean
dd_cli_parse_date (const char  *option,
                   const char  *text,
                   GDate       *date,
                   GError     **error)
{
  if (text == NULL || !dd_duty_date_parse (text, date))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s needs a date as YYYY-MM-DD, not “%s”"), option, text != NULL ? text : "");
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_cli_parse_range (const char  *from,
                    const char  *to,
                    GDate       *first,
                    GDate       *last,
                    GError     **error)
{
  if (from == NULL || to == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--from DATE and --to DATE are required"));
      return FALSE;
    }

  if (!dd_cli_parse_date ("--from", from, first, error) ||
      !dd_cli_parse_date ("--to", to, last, error))
    return FALSE;

  if (g_date_compare (first, last) > 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--from is after --to"));
      return FALSE;
    }

  if (g_date_days_between (first, last) > 3 * 366)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("a date range may span at most three years"));
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_cli_parse_datetime (const char  *option,
                       const char  *text,
                       gint64      *unix_ms,
                       GError     **error)
{
  g_autoptr(GTimeZone) beijing = dd_time_zone_beijing ();
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *iso = NULL;
  GDate date;

  if (text != NULL && dd_duty_date_parse (text, &date))
    {
      *unix_ms = dd_duty_date_start_ms (&date);
      return TRUE;
    }

  if (text != NULL)
    {
      iso = g_strstrip (g_strdup (text));
      /* "2026-02-15 17:30" as well as "2026-02-15T17:30" */
      if (strlen (iso) > 10 && iso[10] == ' ')
        iso[10] = 'T';
      when = g_date_time_new_from_iso8601 (iso, beijing);

      /* "2026-02-15T17:30" without seconds */
      if (when == NULL && strlen (iso) >= 16 && iso[10] == 'T' && iso[13] == ':' && iso[16] != ':')
        {
          g_autofree char *with_seconds = g_strdup_printf ("%.16s:00%s", iso, iso + 16);

          when = g_date_time_new_from_iso8601 (with_seconds, beijing);
        }
    }

  if (when == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s needs a time as RFC 3339 (2026-02-15T17:30:00+08:00; Beijing time without an offset), not “%s”"),
                   option, text != NULL ? text : "");
      return FALSE;
    }

  *unix_ms = g_date_time_to_unix (when) * 1000 + g_date_time_get_microsecond (when) / 1000;

  return TRUE;
}

gboolean
dd_cli_parse_month (const char  *text,
                    guint       *year,
                    guint       *month,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 y = 0, m = 0;

  if (text != NULL)
    parts = g_strsplit (text, "-", -1);

  if (parts == NULL || g_strv_length (parts) != 2 || strlen (parts[0]) != 4 || strlen (parts[1]) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1900, 9999, &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--month needs a month as YYYY-MM, not “%s”"), text != NULL ? text : "");
      return FALSE;
    }

  *year = (guint) y;
  *month = (guint) m;

  return TRUE;
}

char *
dd_cli_format_ms (gint64 unix_ms)
{
  g_autoptr(GDateTime) when = dd_time_beijing_from_ms (unix_ms);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%S%:z");
}

void
dd_cli_warn_unloaded_years (DdDutyCalendar *calendar,
                            const GDate    *first,
                            const GDate    *last)
{
  for (guint year = g_date_get_year (first); year <= g_date_get_year (last); year++)
    if (!dd_duty_calendar_has_schedule (calendar, year))
      dd_cli_printerr (_("warning: no holiday schedule is loaded for %u: holidays and adjusted working days of that year are not known (import one with “dutyctl calendar import FILE”)"),
                       year);
}

int
dd_cli_report_duty_error (DdCli        *cli,
                          const GError *error)
{
  dd_cli_printerr ("%s", error != NULL ? error->message : _("Unknown error"));

  if (g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
    return DD_CLI_EXIT_USAGE;

  return dd_cli_exit_code_for_error (error);
}

static gboolean
check_texts (GError **error,
             ...) G_GNUC_NULL_TERMINATED;

/* Pairs of (const char *option, char **value), NULL-terminated. */
static gboolean
check_texts (GError **error,
             ...)
{
  va_list args;
  const char *option;
  gboolean ok = TRUE;

  va_start (args, error);
  while (ok && (option = va_arg (args, const char *)) != NULL)
    {
      char **value = va_arg (args, char **);

      ok = dd_cli_check_text (option, value, error);
    }
  va_end (args);

  return ok;
}

typedef gboolean (*RemoveFunc) (DdStore     *store,
                                const char  *id,
                                GError     **error);

/* The "COMMAND remove --id ID" subcommands: checks the arguments, then
 * deletes through @remove. On success @removed_id holds the id, for the
 * caller's message. */
static int
remove_by_id (DdCli       *cli,
              int          argc,
              char       **argv,
              const char  *command,
              const char  *summary,
              const char  *id_description,
              RemoveFunc   remove,
              char       **removed_id)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autofree char *id = NULL;
  const GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_FILENAME, &id, id_description, N_("ID") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, command, NULL, summary, entries, FALSE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (id == NULL)
    return dd_cli_usage_error (cli, _("--id ID is required"));
  if (!check_texts (&error, "--id", &id, NULL))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  if (!remove (store, id, &error))
    return dd_cli_report_duty_error (cli, error);

  *removed_id = g_steal_pointer (&id);

  return DD_CLI_EXIT_OK;
}

static void
add_date (JsonBuilder *builder,
          const char  *member,
          const GDate *date)
{
  g_autofree char *text = dd_duty_date_to_string (date);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       unix_ms)
{
  g_autofree char *text = dd_cli_format_ms (unix_ms);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
print_root (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  dd_cli_print_json (root);
}

/* ------------------------------------------------------------------ calendar */

static int
calendar_import (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) schedules = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *source = NULL;
  g_autofree char *base = NULL;
  gsize length = 0;
  const GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source,
      N_("Where the schedule comes from (default: file:NAME)"), N_("TEXT") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "calendar import", _("FILE"),
                                       _("Import State Council holiday schedules from a file in the format of data/holidays/YEAR.txt; each year's schedule replaces the stored one."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc < 2)
    return dd_cli_usage_error (cli, _("a FILE is required"));
  if (argc > 2)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[2]);

  if (!check_texts (&error, "--source", &source, NULL))
    return dd_cli_report_error (cli, error);

  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    {
      dd_cli_printerr ("%s", error->message);
      return DD_CLI_EXIT_USAGE;
    }

  if (!g_utf8_validate (contents, (gssize) length, NULL))
    {
      dd_cli_printerr (_("%s is not UTF-8 text"), argv[1]);
      return DD_CLI_EXIT_USAGE;
    }

  schedules = dd_holiday_schedule_parse (contents, &error);
  if (schedules == NULL)
    {
      dd_cli_printerr ("%s: %s", argv[1], error->message);
      return DD_CLI_EXIT_USAGE;
    }

  if (schedules->len == 0)
    {
      dd_cli_printerr (_("%s holds no holiday schedule"), argv[1]);
      return DD_CLI_EXIT_USAGE;
    }

  if (source == NULL)
    {
      base = g_path_get_basename (argv[1]);
      source = g_strconcat ("file:", base, NULL);
    }

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  for (guint i = 0; i < schedules->len; i++)
    if (!dd_store_save_holiday_schedule (store, g_ptr_array_index (schedules, i), source, &error))
      return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "imported");
      json_builder_begin_array (builder);
      for (guint i = 0; i < schedules->len; i++)
        {
          DdHolidaySchedule *schedule = g_ptr_array_index (schedules, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "year");
          json_builder_add_int_value (builder, dd_holiday_schedule_get_year (schedule));
          json_builder_set_member_name (builder, "notice");
          json_builder_add_string_value (builder, dd_holiday_schedule_get_notice (schedule));
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, source);
          json_builder_set_member_name (builder, "blocks");
          json_builder_add_int_value (builder, dd_holiday_schedule_get_n_blocks (schedule));
          json_builder_set_member_name (builder, "workdays");
          json_builder_add_int_value (builder, dd_holiday_schedule_get_n_workdays (schedule));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < schedules->len; i++)
        {
          DdHolidaySchedule *schedule = g_ptr_array_index (schedules, i);

          g_print (_("Imported the holiday schedule of %u: %u blocks of days off, %u adjusted working days.\n"),
                   dd_holiday_schedule_get_year (schedule),
                   dd_holiday_schedule_get_n_blocks (schedule),
                   dd_holiday_schedule_get_n_workdays (schedule));
        }
    }

  return DD_CLI_EXIT_OK;
}

static int
calendar_flood_season (DdCli  *cli,
                       int     argc,
                       char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean reset = FALSE;
  int year = 0;
  GDate first, last;
  const GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year"), N_("YEAR") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("First day of the main flood season"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Last day of the main flood season (included)"), N_("DATE") },
    { "reset", 0, 0, G_OPTION_ARG_NONE, &reset, N_("Go back to the default flood season"), NULL },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "calendar flood-season", NULL,
                                       _("Set the main flood season of a year (7x24 duty), or reset it to the default."),
                                       entries, FALSE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (year < 1900 || year > 9999)
    return dd_cli_usage_error (cli, _("--year YEAR is required"));
  if (reset && (from != NULL || to != NULL))
    return dd_cli_usage_error (cli, _("--reset goes without --from and --to"));
  if (!reset && !dd_cli_parse_range (from, to, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  if (reset ? !dd_store_reset_flood_season (store, (guint) year, &error)
            : !dd_store_set_flood_season (store, (guint) year, &first, &last, &error))
    return dd_cli_report_duty_error (cli, error);

  if (reset)
    g_print (_("The main flood season of %d is the default again.\n"), year);
  else
    g_print (_("The main flood season of %d is %s to %s.\n"), year, from, to);

  return DD_CLI_EXIT_OK;
}

static int
calendar_show (DdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GDate first, last, day;
  DdRegime base;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("First day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Last day (included)"), N_("DATE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "calendar", NULL,
                                       _("Show the duty calendar: the kind of each day, its holiday, the desk's regime, the flood season and important periods."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!dd_cli_parse_range (from, to, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  desk = dd_cli_get_desk (store, &error);
  if (desk == NULL)
    return dd_cli_report_error (cli, error);
  base = dd_desk_get_regime (desk);

  calendar = dd_store_load_calendar (store, &error);
  if (calendar == NULL)
    return dd_cli_report_error (cli, error);

  dd_cli_warn_unloaded_years (calendar, &first, &last);

  if (cli->json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "days");
      json_builder_begin_array (builder);
    }

  for (day = first; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      g_autoptr(DdDutyDay) info = dd_duty_calendar_get_day (calendar, base, &day);

      if (cli->json)
        {
          json_builder_begin_object (builder);
          add_date (builder, "date", &info->date);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, dd_day_kind_to_string (info->kind));
          dd_cli_json_add_string (builder, "holiday", info->holiday);
          json_builder_set_member_name (builder, "regime");
          json_builder_add_string_value (builder, dd_regime_to_string (info->regime));
          json_builder_set_member_name (builder, "flood_season");
          json_builder_add_boolean_value (builder, info->flood_season);
          json_builder_set_member_name (builder, "periods");
          json_builder_begin_array (builder);
          for (guint i = 0; info->periods != NULL && i < info->periods->len; i++)
            json_builder_add_string_value (builder,
                                           dd_important_period_get_name (g_ptr_array_index (info->periods, i)));
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "leaders");
          json_builder_add_int_value (builder, info->leaders);
          json_builder_set_member_name (builder, "schedule_loaded");
          json_builder_add_boolean_value (builder, info->schedule_loaded);
          json_builder_end_object (builder);
        }
      else
        {
          g_autofree char *date = dd_duty_date_to_string (&info->date);
          g_autoptr(GString) notes = g_string_new (NULL);

          if (info->holiday != NULL)
            g_string_append_printf (notes, " %s", info->holiday);
          if (info->flood_season)
            g_string_append_printf (notes, " [%s]", _("main flood season"));
          for (guint i = 0; info->periods != NULL && i < info->periods->len; i++)
            g_string_append_printf (notes, " [%s]",
                                    dd_important_period_get_name (g_ptr_array_index (info->periods, i)));
          if (!info->schedule_loaded)
            g_string_append_printf (notes, " (%s)", _("no holiday schedule"));

          g_print ("%s\t%s\t%s%s\n", date, dd_day_kind_get_label (info->kind),
                   dd_regime_get_label (info->regime), notes->str);
        }
    }

  if (cli->json)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }

  return DD_CLI_EXIT_OK;
}

int
dd_cli_cmd_calendar (DdCli  *cli,
                     int     argc,
                     char  **argv)
{
  if (argc >= 2 && g_strcmp0 (argv[1], "import") == 0)
    return calendar_import (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_strcmp0 (argv[1], "flood-season") == 0)
    return calendar_flood_season (cli, argc - 1, argv + 1);

  return calendar_show (cli, argc, argv);
}

/* ------------------------------------------------------------------ period */

static void
build_period (JsonBuilder       *builder,
              DdImportantPeriod *period)
{
  GDate first, last;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, dd_important_period_get_id (period));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, dd_important_period_get_name (period));
  if (dd_important_period_get_dates (period, &first, &last))
    {
      add_date (builder, "from", &first);
      add_date (builder, "to", &last);
    }
  else
    {
      dd_cli_json_add_string (builder, "from", NULL);
      dd_cli_json_add_string (builder, "to", NULL);
    }
  add_time (builder, "start", dd_important_period_get_start_ms (period));
  add_time (builder, "end", dd_important_period_get_end_ms (period));
  json_builder_set_member_name (builder, "leaders");
  json_builder_add_int_value (builder, dd_important_period_get_leaders (period));
  json_builder_end_object (builder);
}

static void
print_period (DdImportantPeriod *period)
{
  g_autofree char *start = dd_cli_format_ms (dd_important_period_get_start_ms (period));
  g_autofree char *end = dd_cli_format_ms (dd_important_period_get_end_ms (period));

  g_print ("%s\t%s\t%s\t%s\t%s\n", dd_important_period_get_id (period),
           dd_important_period_get_name (period), start, end,
           dd_important_period_get_leaders (period) == 2 ? _("two leaders") : _("one leader"));
}

static int
period_add (DdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdImportantPeriod) period = NULL;
  g_autofree char *name = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int leaders = 1;
  GDate first, last, after;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("The period's name"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("First day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Last day (included)"), N_("DATE") },
    { "leaders", 0, 0, G_OPTION_ARG_INT, &leaders, N_("Leaders on duty: 1, or 2 (双带班)"), N_("N") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "period add", NULL,
                                       _("Add an important period: 7x24 duty on its days, with one or two leaders."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (name == NULL)
    return dd_cli_usage_error (cli, _("--name NAME is required"));
  if (leaders != 1 && leaders != 2)
    return dd_cli_usage_error (cli, _("--leaders must be 1 or 2"));
  if (!dd_cli_parse_range (from, to, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (!check_texts (&error, "--name", &name, NULL))
    return dd_cli_report_error (cli, error);

  after = last;
  g_date_add_days (&after, 1);

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  period = dd_store_add_period (store, name, dd_duty_date_start_ms (&first),
                                dd_duty_date_start_ms (&after), (guint) leaders, &error);
  if (period == NULL)
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_period (builder, period);
      print_root (builder);
    }
  else
    {
      g_print (_("Added the important period %s with id %s.\n"),
               dd_important_period_get_name (period), dd_important_period_get_id (period));
    }

  return DD_CLI_EXIT_OK;
}

static int
period_list (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) periods = NULL;

  context = dd_cli_option_context_new (cli, "period list", NULL,
                                       _("List the important periods by start."), NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  periods = dd_store_list_periods (store, &error);
  if (periods == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "periods");
      json_builder_begin_array (builder);
      for (guint i = 0; i < periods->len; i++)
        build_period (builder, g_ptr_array_index (periods, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < periods->len; i++)
        print_period (g_ptr_array_index (periods, i));
    }

  return DD_CLI_EXIT_OK;
}

static int
period_remove (DdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *id = NULL;
  int status;

  status = remove_by_id (cli, argc, argv, "period remove", _("Remove an important period."), N_("The period's id"),
                         dd_store_delete_period, &id);
  if (status == DD_CLI_EXIT_OK)
    g_print (_("Removed the important period %s.\n"), id);

  return status;
}

static const DdCliDutySubcommand period_subcommands[] = {
  { "add",    period_add,    N_("Add an important period") },
  { "list",   period_list,   N_("List the important periods") },
  { "remove", period_remove, N_("Remove an important period") },
};

int
dd_cli_cmd_period (DdCli  *cli,
                   int     argc,
                   char  **argv)
{
  return dd_cli_run_subcommand (cli, "period", _("Manage important periods (重要时段)."),
                                period_subcommands, G_N_ELEMENTS (period_subcommands), argc, argv);
}

/* ------------------------------------------------------------------ leave */

static void
build_absence (JsonBuilder     *builder,
               const DdAbsence *absence,
               DdStore         *store,
               GHashTable      *names)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, absence->id);
  json_builder_set_member_name (builder, "staff_id");
  json_builder_add_string_value (builder, absence->staff_id);
  dd_cli_json_add_string (builder, "name", names != NULL ? g_hash_table_lookup (names, absence->staff_id) : NULL);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, dd_absence_kind_to_string (absence->kind));
  add_date (builder, "from", &absence->first);
  add_date (builder, "to", &absence->last);
  dd_cli_json_add_string (builder, "reason", absence->reason);
  json_builder_end_object (builder);
}

/* staff id → name */
static GHashTable *
staff_names (DdStore  *store,
             GError  **error)
{
  g_autoptr(GPtrArray) staff = dd_store_list_staff (store, error);
  GHashTable *names;

  if (staff == NULL)
    return NULL;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < staff->len; i++)
    g_hash_table_insert (names, g_strdup (dd_staff_get_id (g_ptr_array_index (staff, i))),
                         g_strdup (dd_staff_get_name (g_ptr_array_index (staff, i))));

  return names;
}

static int
leave_add (DdCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdAbsence) absence = NULL;
  g_autoptr(DdAbsence) saved = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *staff = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *kind_text = NULL;
  DdAbsenceKind kind = DD_ABSENCE_KIND_LEAVE;
  GDate first, last;
  const GOptionEntry entries[] = {
    { "staff", 0, 0, G_OPTION_ARG_FILENAME, &staff, N_("The staff member's id"), N_("ID") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("First day away"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Last day away (included)"), N_("DATE") },
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why, in a few words"), N_("TEXT") },
    { "kind", 0, 0, G_OPTION_ARG_FILENAME, &kind_text,
      N_("leave (default), business_trip or training"), N_("KIND") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "leave add", NULL,
                                       _("Record that a staff member is unavailable for duty on whole days."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (staff == NULL)
    return dd_cli_usage_error (cli, _("--staff ID is required"));
  if (!dd_cli_parse_range (from, to, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (kind_text != NULL && !dd_absence_kind_from_string (kind_text, &kind))
    return dd_cli_usage_error (cli, _("unknown kind “%s”: use leave, business_trip or training"), kind_text);
  if (!check_texts (&error, "--staff", &staff, "--reason", &reason, NULL))
    return dd_cli_report_error (cli, error);

  absence = dd_absence_new (NULL, staff, kind, &first, &last, reason);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  saved = dd_store_add_absence (store, absence, &error);
  if (saved == NULL)
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      names = staff_names (store, NULL);
      build_absence (builder, saved, store, names);
      print_root (builder);
    }
  else
    {
      g_print (_("Recorded the absence with id %s.\n"), saved->id);
    }

  return DD_CLI_EXIT_OK;
}

static int
leave_list (DdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) absences = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *staff = NULL;
  GDate first, last;
  gboolean has_first = FALSE, has_last = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Only absences on or after this day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Only absences on or before this day"), N_("DATE") },
    { "staff", 0, 0, G_OPTION_ARG_FILENAME, &staff, N_("Only this staff member's"), N_("ID") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "leave list", NULL,
                                       _("List leave, business trips and training by first day."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (from != NULL && !(has_first = dd_cli_parse_date ("--from", from, &first, &error)))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (to != NULL && !(has_last = dd_cli_parse_date ("--to", to, &last, &error)))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (!check_texts (&error, "--staff", &staff, NULL))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  absences = dd_store_list_absences (store, has_first ? &first : NULL, has_last ? &last : NULL, &error);
  if (absences == NULL)
    return dd_cli_report_error (cli, error);

  names = staff_names (store, &error);
  if (names == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "absences");
      json_builder_begin_array (builder);
      for (guint i = 0; i < absences->len; i++)
        {
          const DdAbsence *absence = g_ptr_array_index (absences, i);

          if (staff == NULL || g_strcmp0 (staff, absence->staff_id) == 0)
            build_absence (builder, absence, store, names);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < absences->len; i++)
        {
          const DdAbsence *absence = g_ptr_array_index (absences, i);
          g_autofree char *first_text = dd_duty_date_to_string (&absence->first);
          g_autofree char *last_text = dd_duty_date_to_string (&absence->last);
          const char *name = g_hash_table_lookup (names, absence->staff_id);

          if (staff != NULL && g_strcmp0 (staff, absence->staff_id) != 0)
            continue;

          g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", absence->id, name != NULL ? name : absence->staff_id,
                   dd_absence_kind_get_label (absence->kind), first_text, last_text,
                   absence->reason != NULL ? absence->reason : "");
        }
    }

  return DD_CLI_EXIT_OK;
}

static int
leave_remove (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *id = NULL;
  int status;

  status = remove_by_id (cli, argc, argv, "leave remove", _("Remove a recorded absence."), N_("The absence's id"),
                         dd_store_delete_absence, &id);
  if (status == DD_CLI_EXIT_OK)
    g_print (_("Removed the absence %s.\n"), id);

  return status;
}

static const DdCliDutySubcommand leave_subcommands[] = {
  { "add",    leave_add,    N_("Record leave, a business trip or training") },
  { "list",   leave_list,   N_("List recorded absences") },
  { "remove", leave_remove, N_("Remove a recorded absence") },
};

int
dd_cli_cmd_leave (DdCli  *cli,
                  int     argc,
                  char  **argv)
{
  return dd_cli_run_subcommand (cli, "leave", _("Manage when staff are unavailable for duty."),
                                leave_subcommands, G_N_ELEMENTS (leave_subcommands), argc, argv);
}

/* ------------------------------------------------------------------ template */

static void
build_template (JsonBuilder     *builder,
                DdShiftTemplate *template)
{
  g_autofree char *start = dd_duty_time_of_day_to_string (dd_shift_template_get_start_minute (template));
  g_autofree char *end = dd_duty_time_of_day_to_string (dd_shift_template_get_end_minute (template));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, dd_shift_template_get_id (template));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, dd_shift_template_get_name (template));
  json_builder_set_member_name (builder, "position");
  json_builder_add_string_value (builder, dd_position_to_string (dd_shift_template_get_position (template)));
  json_builder_set_member_name (builder, "regime");
  json_builder_add_string_value (builder, dd_regime_to_string (dd_shift_template_get_regime (template)));
  json_builder_set_member_name (builder, "start");
  json_builder_add_string_value (builder, start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_string_value (builder, end);
  json_builder_set_member_name (builder, "required");
  json_builder_add_int_value (builder, dd_shift_template_get_required (template));
  json_builder_end_object (builder);
}

static int
template_list (DdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) templates = NULL;

  context = dd_cli_option_context_new (cli, "template list", NULL,
                                       _("List the desk's shift templates."), NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  templates = dd_store_list_shift_templates (store, &error);
  if (templates == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "templates");
      json_builder_begin_array (builder);
      for (guint i = 0; i < templates->len; i++)
        build_template (builder, g_ptr_array_index (templates, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < templates->len; i++)
        {
          DdShiftTemplate *template = g_ptr_array_index (templates, i);
          g_autofree char *start = dd_duty_time_of_day_to_string (dd_shift_template_get_start_minute (template));
          g_autofree char *end = dd_duty_time_of_day_to_string (dd_shift_template_get_end_minute (template));

          g_print ("%s\t%s\t%s\t%s\t%s–%s\t%u\n", dd_shift_template_get_id (template),
                   dd_shift_template_get_name (template),
                   dd_position_get_label (dd_shift_template_get_position (template)),
                   dd_regime_get_label (dd_shift_template_get_regime (template)),
                   start, end, dd_shift_template_get_required (template));
        }
    }

  return DD_CLI_EXIT_OK;
}

static int
template_set (DdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(DdShiftTemplate) template = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *position_text = NULL;
  g_autofree char *regime_text = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  DdShiftTemplate *old = NULL;
  DdPosition position = DD_POSITION_OFFICER;
  DdRegime regime = DD_REGIME_7X24;
  guint start = 0, end = 0;
  int required = -1;
  const GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_FILENAME, &id, N_("The template's id (a-z, 0-9, _ and -)"), N_("ID") },
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("Its name"), N_("NAME") },
    { "position", 0, 0, G_OPTION_ARG_FILENAME, &position_text, N_("leader or officer"), N_("POSITION") },
    { "regime", 0, 0, G_OPTION_ARG_FILENAME, &regime_text, N_("The days it applies to: 7x24 or 5x8"), N_("REGIME") },
    { "start", 0, 0, G_OPTION_ARG_FILENAME, &start_text, N_("Start, Beijing time"), N_("HH:MM") },
    { "end", 0, 0, G_OPTION_ARG_FILENAME, &end_text, N_("End (at or before the start: the next day)"), N_("HH:MM") },
    { "required", 0, 0, G_OPTION_ARG_INT, &required, N_("People per shift, 1 to 9"), N_("N") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "template set", NULL,
                                       _("Add a shift template, or change the given fields of an existing one."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (id == NULL)
    return dd_cli_usage_error (cli, _("--id ID is required"));
  if (!check_texts (&error, "--id", &id, "--name", &name, NULL))
    return dd_cli_report_error (cli, error);
  if (position_text != NULL && !dd_position_from_string (position_text, &position))
    return dd_cli_usage_error (cli, _("unknown position “%s”: use leader or officer"), position_text);
  if (regime_text != NULL && (!dd_regime_from_string (regime_text, &regime) || regime == DD_REGIME_NONE))
    return dd_cli_usage_error (cli, _("unknown regime “%s”: use 7x24 or 5x8"), regime_text);
  if (start_text != NULL && !dd_duty_time_of_day_parse (start_text, &start))
    return dd_cli_usage_error (cli, _("--start needs a time as HH:MM, not “%s”"), start_text);
  if (end_text != NULL && !dd_duty_time_of_day_parse (end_text, &end))
    return dd_cli_usage_error (cli, _("--end needs a time as HH:MM, not “%s”"), end_text);
  if (required != -1 && (required < 1 || required > 9))
    return dd_cli_usage_error (cli, _("--required must be 1 to 9"));

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  templates = dd_store_list_shift_templates (store, &error);
  if (templates == NULL)
    return dd_cli_report_error (cli, error);

  for (guint i = 0; i < templates->len; i++)
    if (g_strcmp0 (dd_shift_template_get_id (g_ptr_array_index (templates, i)), id) == 0)
      old = g_ptr_array_index (templates, i);

  if (old == NULL && (name == NULL || position_text == NULL || regime_text == NULL ||
                      start_text == NULL || end_text == NULL))
    return dd_cli_usage_error (cli, _("a new template needs --name, --position, --regime, --start and --end"));

  template = dd_shift_template_new (id,
                                    name != NULL ? name : dd_shift_template_get_name (old),
                                    position_text != NULL ? position : dd_shift_template_get_position (old),
                                    regime_text != NULL ? regime : dd_shift_template_get_regime (old),
                                    start_text != NULL ? start : dd_shift_template_get_start_minute (old),
                                    end_text != NULL ? end : dd_shift_template_get_end_minute (old),
                                    required != -1 ? (guint) required
                                                   : (old != NULL ? dd_shift_template_get_required (old) : 1));

  if (!dd_store_save_shift_template (store, template, &error))
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_template (builder, template);
      print_root (builder);
    }
  else
    {
      g_print (old != NULL ? _("Changed the shift template %s.\n") : _("Added the shift template %s.\n"), id);
    }

  return DD_CLI_EXIT_OK;
}

static int
template_remove (DdCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *id = NULL;
  int status;

  status = remove_by_id (cli, argc, argv, "template remove", _("Remove a shift template."), N_("The template's id"),
                         dd_store_delete_shift_template, &id);
  if (status == DD_CLI_EXIT_OK)
    g_print (_("Removed the shift template %s.\n"), id);

  return status;
}

static const DdCliDutySubcommand template_subcommands[] = {
  { "list",   template_list,   N_("List the shift templates") },
  { "set",    template_set,    N_("Add or change a shift template") },
  { "remove", template_remove, N_("Remove a shift template") },
};

int
dd_cli_cmd_template (DdCli  *cli,
                     int     argc,
                     char  **argv)
{
  return dd_cli_run_subcommand (cli, "template", _("Manage the desk's shift templates."),
                                template_subcommands, G_N_ELEMENTS (template_subcommands), argc, argv);
}
