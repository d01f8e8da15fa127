/* dd-cli-roster.c: dutyctl roster … and dutyctl oncall
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-cli-roster.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "dd-duty-date.h"

/* ------------------------------------------------------------------ helpers */

static void
print_root (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  dd_cli_print_json (root);
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

static const char *
staff_name (DdRoster   *roster,
            const char *staff_id)
{
  DdStaff *staff = roster != NULL ? dd_roster_lookup_staff (roster, staff_id) : NULL;

  return staff != NULL ? dd_staff_get_name (staff) : NULL;
}

/* Options every range command has. */
typedef struct
{
  char *from;
  char *to;
} RangeOptions;

static void
range_options_clear (RangeOptions *range)
{
  g_clear_pointer (&range->from, g_free);
  g_clear_pointer (&range->to, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RangeOptions, range_options_clear)

/* Opens the desk and warns about years without a holiday schedule. */
static DdStore *
open_for_range (DdCli        *cli,
                const GDate  *first,
                const GDate  *last,
                GError      **error)
{
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDutyCalendar) calendar = NULL;

  store = dd_cli_open_desk_store (cli, error);
  if (store == NULL)
    return NULL;

  calendar = dd_store_load_calendar (store, error);
  if (calendar == NULL)
    return NULL;

  dd_cli_warn_unloaded_years (calendar, first, last);

  return g_steal_pointer (&store);
}

static void
build_problem (JsonBuilder           *builder,
               const DdRosterProblem *problem)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, dd_problem_kind_to_string (problem->kind));
  dd_cli_json_add_string (builder, "shift_id", problem->shift_id);
  dd_cli_json_add_string (builder, "staff_id", problem->staff_id);
  dd_cli_json_add_string (builder, "detail", problem->detail);
  json_builder_end_object (builder);
}

static void
build_problems (JsonBuilder *builder,
                GPtrArray   *problems)
{
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < problems->len; i++)
    build_problem (builder, g_ptr_array_index (problems, i));
  json_builder_end_array (builder);
}

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const DdRosterProblem *problem = g_ptr_array_index (problems, i);

      g_print ("%s\t%s\t%s\n", dd_problem_kind_get_label (problem->kind),
               problem->shift_id != NULL ? problem->shift_id : "", problem->detail);
    }
}

/* ------------------------------------------------------------------ generate */

static int
roster_generate (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdRosterGeneration) generation = NULL;
  g_autoptr(DdRoster) roster = NULL;
  g_auto(RangeOptions) range = { NULL, NULL };
  g_autofree char *seed_text = NULL;
  guint64 seed = 0;
  GDate first, last;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &range.from, N_("First duty day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &range.to, N_("Last duty day (included)"), N_("DATE") },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &seed_text, N_("Seed: the same seed gives the same roster"), N_("N") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster generate", NULL,
                                       _("Fill every empty position of the range fairly; assignments made by a person or locked are kept."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!dd_cli_parse_range (range.from, range.to, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (seed_text != NULL && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
    return dd_cli_usage_error (cli, _("--seed needs a whole number, not “%s”"), seed_text);

  store = open_for_range (cli, &first, &last, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  generation = dd_store_generate_roster (store, &first, &last, seed, &error);
  if (generation == NULL)
    return dd_cli_report_duty_error (cli, error);

  roster = dd_store_load_roster (store, &first, &last, NULL);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "assigned");
      json_builder_begin_array (builder);
      for (guint i = 0; i < generation->assignments->len; i++)
        {
          const DdAssignment *assignment = g_ptr_array_index (generation->assignments, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "shift_id");
          json_builder_add_string_value (builder, assignment->shift_id);
          json_builder_set_member_name (builder, "staff_id");
          json_builder_add_string_value (builder, assignment->staff_id);
          dd_cli_json_add_string (builder, "name", staff_name (roster, assignment->staff_id));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "unfilled");
      json_builder_begin_array (builder);
      for (guint i = 0; i < generation->unfilled->len; i++)
        {
          const DdUnfilled *unfilled = g_ptr_array_index (generation->unfilled, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "shift_id");
          json_builder_add_string_value (builder, unfilled->shift_id);
          json_builder_set_member_name (builder, "missing");
          json_builder_add_int_value (builder, unfilled->missing);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, dd_unfilled_reason_to_string (unfilled->reason));
          dd_cli_json_add_string (builder, "detail", unfilled->detail);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      g_print (ngettext ("Filled %u position.\n", "Filled %u positions.\n", generation->assignments->len),
               generation->assignments->len);
      for (guint i = 0; i < generation->unfilled->len; i++)
        {
          const DdUnfilled *unfilled = g_ptr_array_index (generation->unfilled, i);

          g_print (_("Left empty: %s: %s\n"), unfilled->shift_id, unfilled->detail);
        }
    }

  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ show */

static int
roster_show (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdRoster) roster = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_auto(RangeOptions) range = { NULL, NULL };
  GPtrArray *shifts;
  GPtrArray *assignments;
  GDate first, last;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &range.from, N_("First duty day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &range.to, N_("Last duty day (included)"), N_("DATE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster show", NULL,
                                       _("Show the shifts of the range and who is on them."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!dd_cli_parse_range (range.from, range.to, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  store = open_for_range (cli, &first, &last, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  roster = dd_store_load_roster (store, &first, &last, &error);
  if (roster == NULL)
    return dd_cli_report_duty_error (cli, error);

  shifts = dd_roster_get_shifts (roster);
  assignments = dd_roster_get_assignments (roster);

  if (cli->json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "shifts");
      json_builder_begin_array (builder);
    }

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);
      g_autofree char *date = NULL;

      if (g_date_compare (&shift->date, &first) < 0 || g_date_compare (&shift->date, &last) > 0)
        continue;

      date = dd_duty_date_to_string (&shift->date);

      if (cli->json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, shift->id);
          json_builder_set_member_name (builder, "date");
          json_builder_add_string_value (builder, date);
          json_builder_set_member_name (builder, "position");
          json_builder_add_string_value (builder, dd_position_to_string (shift->position));
          json_builder_set_member_name (builder, "template");
          json_builder_add_string_value (builder, shift->template_id);
          json_builder_set_member_name (builder, "day_kind");
          json_builder_add_string_value (builder, dd_day_kind_to_string (shift->day_kind));
          add_time (builder, "start", shift->start_ms);
          add_time (builder, "end", shift->end_ms);
          json_builder_set_member_name (builder, "regime");
          json_builder_add_string_value (builder, dd_regime_to_string (shift->regime));
          json_builder_set_member_name (builder, "required");
          json_builder_add_int_value (builder, shift->required);
          json_builder_set_member_name (builder, "assigned");
          json_builder_begin_array (builder);
          for (guint j = 0; j < assignments->len; j++)
            {
              const DdAssignment *assignment = g_ptr_array_index (assignments, j);

              if (g_strcmp0 (assignment->shift_id, shift->id) != 0)
                continue;

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "staff_id");
              json_builder_add_string_value (builder, assignment->staff_id);
              dd_cli_json_add_string (builder, "name", staff_name (roster, assignment->staff_id));
              json_builder_set_member_name (builder, "locked");
              json_builder_add_boolean_value (builder, assignment->locked);
              json_builder_set_member_name (builder, "generated");
              json_builder_add_boolean_value (builder, assignment->generated);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      else
        {
          g_autofree char *description = dd_shift_describe (shift);
          g_autoptr(GString) people = g_string_new (NULL);

          for (guint j = 0; j < assignments->len; j++)
            {
              const DdAssignment *assignment = g_ptr_array_index (assignments, j);
              const char *name;

              if (g_strcmp0 (assignment->shift_id, shift->id) != 0)
                continue;

              name = staff_name (roster, assignment->staff_id);
              g_string_append_printf (people, "%s%s%s", people->len > 0 ? ", " : "",
                                      name != NULL ? name : assignment->staff_id,
                                      assignment->locked ? _(" (locked)") : "");
            }

          g_print ("%s\t%s\t%s\n", shift->id, description,
                   people->len > 0 ? people->str : _("(nobody)"));
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

/* ------------------------------------------------------------------ check, stats */

static int
roster_check (DdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_auto(RangeOptions) range = { NULL, NULL };
  GDate first, last;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &range.from, N_("First duty day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &range.to, N_("Last duty day (included)"), N_("DATE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster check", NULL,
                                       _("List every problem of the range's roster: uncovered shifts, double bookings, too little rest, people on leave, inactive or in the wrong role."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!dd_cli_parse_range (range.from, range.to, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  store = open_for_range (cli, &first, &last, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  problems = dd_store_check_roster (store, &first, &last, &error);
  if (problems == NULL)
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      build_problems (builder, problems);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else if (problems->len == 0)
    g_print ("%s\n", _("No problems."));
  else
    print_problems (problems);

  return DD_CLI_EXIT_OK;
}

static int
roster_stats (DdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) loads = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_auto(RangeOptions) range = { NULL, NULL };
  GDate first, last;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &range.from, N_("First duty day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &range.to, N_("Last duty day (included)"), N_("DATE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster stats", NULL,
                                       _("How much duty each person has in the range: shifts, hours, nights, weekends and holidays."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!dd_cli_parse_range (range.from, range.to, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  store = open_for_range (cli, &first, &last, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  loads = dd_store_roster_stats (store, &first, &last, &error);
  if (loads == NULL)
    return dd_cli_report_duty_error (cli, error);

  staff = dd_store_list_staff (store, &error);
  if (staff == NULL)
    return dd_cli_report_error (cli, error);

  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < staff->len; i++)
    g_hash_table_insert (by_id, (gpointer) dd_staff_get_id (g_ptr_array_index (staff, i)),
                         g_ptr_array_index (staff, i));

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "staff");
      json_builder_begin_array (builder);
      for (guint i = 0; i < loads->len; i++)
        {
          const DdStaffLoad *load = g_ptr_array_index (loads, i);
          DdStaff *member = g_hash_table_lookup (by_id, load->staff_id);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "staff_id");
          json_builder_add_string_value (builder, load->staff_id);
          dd_cli_json_add_string (builder, "name", member != NULL ? dd_staff_get_name (member) : NULL);
          json_builder_set_member_name (builder, "shifts");
          json_builder_add_int_value (builder, load->shifts);
          json_builder_set_member_name (builder, "hours");
          json_builder_add_double_value (builder, (double) load->minutes / 60.0);
          json_builder_set_member_name (builder, "night_shifts");
          json_builder_add_int_value (builder, load->night_shifts);
          json_builder_set_member_name (builder, "weekend_shifts");
          json_builder_add_int_value (builder, load->weekend_shifts);
          json_builder_set_member_name (builder, "holiday_shifts");
          json_builder_add_int_value (builder, load->holiday_shifts);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      g_print ("%s\n", _("Name\tShifts\tHours\tNights\tWeekends\tHolidays"));
      for (guint i = 0; i < loads->len; i++)
        {
          const DdStaffLoad *load = g_ptr_array_index (loads, i);
          DdStaff *member = g_hash_table_lookup (by_id, load->staff_id);

          g_print ("%s\t%u\t%.1f\t%u\t%u\t%u\n",
                   member != NULL ? dd_staff_get_name (member) : load->staff_id,
                   load->shifts, (double) load->minutes / 60.0, load->night_shifts,
                   load->weekend_shifts, load->holiday_shifts);
        }
    }

  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ edits */

static int
roster_assign (DdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *shift = NULL;
  g_autofree char *staff = NULL;
  g_autofree char *replace = NULL;
  gboolean lock = FALSE;
  const GOptionEntry entries[] = {
    { "shift", 0, 0, G_OPTION_ARG_FILENAME, &shift, N_("The shift (YYYY-MM-DD/TEMPLATE)"), N_("ID") },
    { "staff", 0, 0, G_OPTION_ARG_FILENAME, &staff, N_("The staff member to put on it"), N_("ID") },
    { "replace", 0, 0, G_OPTION_ARG_FILENAME, &replace, N_("The staff member to take off it"), N_("ID") },
    { "lock", 0, 0, G_OPTION_ARG_NONE, &lock, N_("Lock the assignment"), NULL },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster assign", NULL,
                                       _("Put a staff member on a shift; prints the problems the shift or the person has afterwards."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (shift == NULL || staff == NULL)
    return dd_cli_usage_error (cli, _("--shift ID and --staff ID are required"));
  if (!dd_cli_check_text ("--shift", &shift, &error) || !dd_cli_check_text ("--staff", &staff, &error) ||
      !dd_cli_check_text ("--replace", &replace, &error))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  problems = dd_store_assign (store, shift, staff, replace, lock, &error);
  if (problems == NULL)
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "shift_id");
      json_builder_add_string_value (builder, shift);
      json_builder_set_member_name (builder, "staff_id");
      json_builder_add_string_value (builder, staff);
      dd_cli_json_add_string (builder, "replaced", replace);
      json_builder_set_member_name (builder, "locked");
      json_builder_add_boolean_value (builder, lock);
      build_problems (builder, problems);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      g_print (_("Put %s on %s.\n"), staff, shift);
      print_problems (problems);
    }

  return DD_CLI_EXIT_OK;
}

static int
roster_unassign (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autofree char *shift = NULL;
  g_autofree char *staff = NULL;
  const GOptionEntry entries[] = {
    { "shift", 0, 0, G_OPTION_ARG_FILENAME, &shift, N_("The shift (YYYY-MM-DD/TEMPLATE)"), N_("ID") },
    { "staff", 0, 0, G_OPTION_ARG_FILENAME, &staff, N_("The staff member to take off it"), N_("ID") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster unassign", NULL,
                                       _("Take a staff member off a shift."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (shift == NULL || staff == NULL)
    return dd_cli_usage_error (cli, _("--shift ID and --staff ID are required"));
  if (!dd_cli_check_text ("--shift", &shift, &error) || !dd_cli_check_text ("--staff", &staff, &error))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  if (!dd_store_unassign (store, shift, staff, &error))
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "shift_id");
      json_builder_add_string_value (builder, shift);
      json_builder_set_member_name (builder, "staff_id");
      json_builder_add_string_value (builder, staff);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    g_print (_("Took %s off %s.\n"), staff, shift);

  return DD_CLI_EXIT_OK;
}

static int
roster_swap (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdRosterSwap) swap = NULL;
  g_autofree char *shift_a = NULL;
  g_autofree char *staff_a = NULL;
  g_autofree char *shift_b = NULL;
  g_autofree char *staff_b = NULL;
  g_autofree char *asked_by = NULL;
  g_autofree char *approved_by = NULL;
  const GOptionEntry entries[] = {
    { "shift-a", 0, 0, G_OPTION_ARG_FILENAME, &shift_a, N_("The first shift"), N_("ID") },
    { "staff-a", 0, 0, G_OPTION_ARG_FILENAME, &staff_a, N_("Who is on the first shift"), N_("ID") },
    { "shift-b", 0, 0, G_OPTION_ARG_FILENAME, &shift_b, N_("The second shift"), N_("ID") },
    { "staff-b", 0, 0, G_OPTION_ARG_FILENAME, &staff_b, N_("Who is on the second shift"), N_("ID") },
    { "asked-by", 0, 0, G_OPTION_ARG_FILENAME, &asked_by, N_("Who asked for the swap"), N_("NAME") },
    { "approved-by", 0, 0, G_OPTION_ARG_FILENAME, &approved_by, N_("Who approved it"), N_("NAME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster swap", NULL,
                                       _("Swap two people's shifts and record who asked and who approved."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (shift_a == NULL || staff_a == NULL || shift_b == NULL || staff_b == NULL)
    return dd_cli_usage_error (cli, _("--shift-a, --staff-a, --shift-b and --staff-b are required"));
  if (asked_by == NULL || approved_by == NULL)
    return dd_cli_usage_error (cli, _("--asked-by NAME and --approved-by NAME are required"));
  if (!dd_cli_check_text ("--shift-a", &shift_a, &error) || !dd_cli_check_text ("--staff-a", &staff_a, &error) ||
      !dd_cli_check_text ("--shift-b", &shift_b, &error) || !dd_cli_check_text ("--staff-b", &staff_b, &error) ||
      !dd_cli_check_text ("--asked-by", &asked_by, &error) ||
      !dd_cli_check_text ("--approved-by", &approved_by, &error))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  swap = dd_store_swap (store, shift_a, staff_a, shift_b, staff_b, asked_by, approved_by, &error);
  if (swap == NULL)
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, swap->id);
      json_builder_set_member_name (builder, "shift_a");
      json_builder_add_string_value (builder, swap->shift_a);
      json_builder_set_member_name (builder, "staff_a");
      json_builder_add_string_value (builder, swap->staff_a);
      json_builder_set_member_name (builder, "shift_b");
      json_builder_add_string_value (builder, swap->shift_b);
      json_builder_set_member_name (builder, "staff_b");
      json_builder_add_string_value (builder, swap->staff_b);
      json_builder_set_member_name (builder, "asked_by");
      json_builder_add_string_value (builder, swap->asked_by);
      json_builder_set_member_name (builder, "approved_by");
      json_builder_add_string_value (builder, swap->approved_by);
      add_time (builder, "at", swap->at_ms);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    g_print (_("Swapped: %s is now on %s, %s on %s.\n"), staff_b, shift_a, staff_a, shift_b);

  return DD_CLI_EXIT_OK;
}

static int
roster_lock (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autofree char *shift = NULL;
  g_autofree char *staff = NULL;
  gboolean unlock = FALSE;
  gint64 changed;
  const GOptionEntry entries[] = {
    { "shift", 0, 0, G_OPTION_ARG_FILENAME, &shift, N_("The shift (YYYY-MM-DD/TEMPLATE)"), N_("ID") },
    { "staff", 0, 0, G_OPTION_ARG_FILENAME, &staff, N_("Only this person's assignment (default: all of the shift)"), N_("ID") },
    { "unlock", 0, 0, G_OPTION_ARG_NONE, &unlock, N_("Unlock instead"), NULL },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster lock", NULL,
                                       _("Lock the assignments of a shift, so that generation never changes them."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (shift == NULL)
    return dd_cli_usage_error (cli, _("--shift ID is required"));
  if (!dd_cli_check_text ("--shift", &shift, &error) || !dd_cli_check_text ("--staff", &staff, &error))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  changed = dd_store_set_locked (store, shift, staff, !unlock, &error);
  if (changed < 0)
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "shift_id");
      json_builder_add_string_value (builder, shift);
      json_builder_set_member_name (builder, "locked");
      json_builder_add_boolean_value (builder, !unlock);
      json_builder_set_member_name (builder, "changed");
      json_builder_add_int_value (builder, changed);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    g_print (ngettext ("%s: %d assignment changed.\n", "%s: %d assignments changed.\n", (gulong) changed),
             shift, (int) changed);

  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ mark, diff */

static void
build_mark (JsonBuilder        *builder,
            const DdRosterMark *mark)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, mark->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, dd_roster_mark_kind_to_string (mark->kind));
  json_builder_set_member_name (builder, "by");
  json_builder_add_string_value (builder, mark->by);
  add_time (builder, "at", mark->at_ms);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, mark->version);
  json_builder_end_object (builder);
}

static int
roster_mark (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdRosterMark) mark = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *by = NULL;
  gboolean checked = FALSE, submitted = FALSE;
  guint year = 0, month = 0;
  const GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_FILENAME, &month_text, N_("The month"), N_("YYYY-MM") },
    { "checked", 0, 0, G_OPTION_ARG_NONE, &checked, N_("Mark it checked"), NULL },
    { "submitted", 0, 0, G_OPTION_ARG_NONE, &submitted, N_("Mark it submitted"), NULL },
    { "by", 0, 0, G_OPTION_ARG_FILENAME, &by, N_("Who (default: the user)"), N_("NAME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster mark", NULL,
                                       _("Mark a month's roster checked or submitted; the roster as it is now is kept as that version."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (checked == submitted)
    return dd_cli_usage_error (cli, _("give one of --checked and --submitted"));
  if (!dd_cli_parse_month (month_text, &year, &month, &error))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (!dd_cli_check_text ("--by", &by, &error))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  mark = dd_store_mark_roster_month (store, year, month,
                                     submitted ? DD_ROSTER_MARK_SUBMITTED : DD_ROSTER_MARK_CHECKED,
                                     by != NULL ? by : g_get_user_name (), &error);
  if (mark == NULL)
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *key = g_strdup_printf ("%04u-%02u", year, month);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "month");
      json_builder_add_string_value (builder, key);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, dd_roster_mark_kind_to_string (mark->kind));
      json_builder_set_member_name (builder, "by");
      json_builder_add_string_value (builder, mark->by);
      add_time (builder, "at", mark->at_ms);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, mark->version);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, mark->id);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      g_print (submitted ? _("The roster of %04u-%02u, version %u, is marked submitted by %s.\n")
                         : _("The roster of %04u-%02u, version %u, is marked checked by %s.\n"),
               year, month, mark->version, mark->by);
    }

  return DD_CLI_EXIT_OK;
}

static void
build_people (JsonBuilder *builder,
              const char  *member,
              GStrv        people,
              GHashTable  *names)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; people != NULL && people[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "staff_id");
      json_builder_add_string_value (builder, people[i]);
      dd_cli_json_add_string (builder, "name", g_hash_table_lookup (names, people[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
people_text (GStrv       people,
             GHashTable *names)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; people != NULL && people[i] != NULL; i++)
    {
      const char *name = g_hash_table_lookup (names, people[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", name != NULL ? name : people[i]);
    }

  if (text->len == 0)
    g_string_append (text, _("(nobody)"));

  return g_string_free (text, FALSE);
}

static int
roster_diff (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) diffs = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(DdRosterMonthStatus) status = NULL;
  g_autofree char *month_text = NULL;
  guint year = 0, month = 0;
  const GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_FILENAME, &month_text, N_("The month"), N_("YYYY-MM") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "roster diff", NULL,
                                       _("Show how a month's roster differs from the version that was submitted."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!dd_cli_parse_month (month_text, &year, &month, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  diffs = dd_store_diff_roster_month (store, year, month, &error);
  if (diffs == NULL)
    return dd_cli_report_error (cli, error);

  status = dd_store_get_roster_month_status (store, year, month, &error);
  if (status == NULL)
    return dd_cli_report_error (cli, error);

  staff = dd_store_list_staff (store, &error);
  if (staff == NULL)
    return dd_cli_report_error (cli, error);

  names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < staff->len; i++)
    g_hash_table_insert (names, (gpointer) dd_staff_get_id (g_ptr_array_index (staff, i)),
                         (gpointer) dd_staff_get_name (g_ptr_array_index (staff, i)));

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *key = g_strdup_printf ("%04u-%02u", year, month);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "month");
      json_builder_add_string_value (builder, key);
      json_builder_set_member_name (builder, "submitted");
      build_mark (builder, status->submitted);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, status->version);
      json_builder_set_member_name (builder, "changed");
      json_builder_add_boolean_value (builder, status->changed_since_submitted);
      json_builder_set_member_name (builder, "changes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < diffs->len; i++)
        {
          const DdRosterDiff *diff = g_ptr_array_index (diffs, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "shift_id");
          json_builder_add_string_value (builder, diff->shift_id);
          build_people (builder, "before", diff->before, names);
          build_people (builder, "after", diff->after, names);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      g_print (_("Submitted version %u; the roster is now version %u.\n"),
               status->submitted->version, status->version);
      if (diffs->len == 0)
        g_print ("%s\n", _("No changes since it was submitted."));
      for (guint i = 0; i < diffs->len; i++)
        {
          const DdRosterDiff *diff = g_ptr_array_index (diffs, i);
          g_autofree char *before = people_text (diff->before, names);
          g_autofree char *after = people_text (diff->after, names);

          g_print ("%s\t%s → %s\n", diff->shift_id, before, after);
        }
    }

  return DD_CLI_EXIT_OK;
}

static const DdCliDutySubcommand roster_subcommands[] = {
  { "generate", roster_generate,      N_("Fill the empty positions of a range fairly") },
  { "show",     roster_show,          N_("Show the shifts of a range and who is on them") },
  { "check",    roster_check,         N_("List the problems of a range's roster") },
  { "stats",    roster_stats,         N_("How much duty each person has") },
  { "assign",   roster_assign,        N_("Put a staff member on a shift") },
  { "unassign", roster_unassign,      N_("Take a staff member off a shift") },
  { "swap",     roster_swap,          N_("Swap two people's shifts") },
  { "lock",     roster_lock,          N_("Lock or unlock the assignments of a shift") },
  { "mark",     roster_mark,          N_("Mark a month's roster checked or submitted") },
  { "diff",     roster_diff,          N_("Show the changes since a month was submitted") },
  { "export",   dd_cli_roster_export, N_("Export a range as CSV, iCalendar or PDF") },
};

int
dd_cli_cmd_roster (DdCli  *cli,
                   int     argc,
                   char  **argv)
{
  return dd_cli_run_subcommand (cli, "roster", _("Build, check and submit duty rosters."),
                                roster_subcommands, G_N_ELEMENTS (roster_subcommands), argc, argv);
}

/* ------------------------------------------------------------------ oncall */

static void
build_entries (JsonBuilder *builder,
               const char  *member,
               GPtrArray   *entries)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const DdOnCallEntry *entry = g_ptr_array_index (entries, i);
      const char *phone = dd_staff_get_phone (entry->staff);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "staff_id");
      json_builder_add_string_value (builder, dd_staff_get_id (entry->staff));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, dd_staff_get_name (entry->staff));
      json_builder_set_member_name (builder, "phone");
      json_builder_add_string_value (builder, phone != NULL ? phone : "");
      json_builder_set_member_name (builder, "shift_id");
      json_builder_add_string_value (builder, entry->shift->id);
      add_time (builder, "start", entry->shift->start_ms);
      add_time (builder, "end", entry->shift->end_ms);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_entries (const char *title,
               GPtrArray  *entries)
{
  g_print ("%s\n", title);
  if (entries->len == 0)
    g_print ("  %s\n", _("(nobody)"));
  for (guint i = 0; i < entries->len; i++)
    {
      const DdOnCallEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *start = dd_cli_format_ms (entry->shift->start_ms);
      g_autofree char *end = dd_cli_format_ms (entry->shift->end_ms);
      const char *phone = dd_staff_get_phone (entry->staff);

      g_print ("  %s\t%s\t%s – %s\n", dd_staff_get_name (entry->staff), phone != NULL ? phone : "",
               start, end);
    }
}

int
dd_cli_cmd_oncall (DdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdOnCall) on_call = NULL;
  g_autofree char *at_text = NULL;
  gint64 at_ms = g_get_real_time () / 1000;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_FILENAME, &at_text,
      N_("The instant (RFC 3339; Beijing time without an offset; default: now)"), N_("DATETIME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "oncall", NULL,
                                       _("Who is on duty now (or at a given time), until when, and who is next."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (at_text != NULL && !dd_cli_parse_datetime ("--at", at_text, &at_ms, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  on_call = dd_store_get_on_call (store, at_ms, &error);
  if (on_call == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_time (builder, "at", on_call->at_ms);
      build_entries (builder, "leaders", on_call->leaders);
      build_entries (builder, "officers", on_call->officers);
      json_builder_set_member_name (builder, "until");
      if (on_call->until_ms > 0)
        {
          g_autofree char *until = dd_cli_format_ms (on_call->until_ms);

          json_builder_add_string_value (builder, until);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "uncovered");
      json_builder_begin_array (builder);
      for (guint i = 0; i < on_call->uncovered->len; i++)
        json_builder_add_string_value (builder, ((DdShift *) g_ptr_array_index (on_call->uncovered, i))->id);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "next");
      json_builder_begin_object (builder);
      build_entries (builder, "leaders", on_call->next_leaders);
      build_entries (builder, "officers", on_call->next_officers);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      g_autofree char *at = dd_cli_format_ms (on_call->at_ms);

      g_print (_("On duty at %s:\n"), at);
      print_entries (_("Leaders:"), on_call->leaders);
      print_entries (_("Officers:"), on_call->officers);
      print_entries (_("Next leaders:"), on_call->next_leaders);
      print_entries (_("Next officers:"), on_call->next_officers);
    }

  return DD_CLI_EXIT_OK;
}
