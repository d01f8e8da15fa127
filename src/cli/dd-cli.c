/* dd-cli.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-cli.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dd-cli-private.h"
#include "dd-cli-roster.h"
#include "dd-cli-incident.h"
#include "dd-error.h"

typedef struct
{
  const char       *name;
  DdCliCommandFunc  func;
  const char       *description;
} DdCliCommand;

static const DdCliCommand commands[] = {
  { "init",    dd_cli_cmd_init,    N_("Give the database its desk identity") },
  { "info",    dd_cli_cmd_info,    N_("Show the desk’s identity") },
  { "staff",   dd_cli_cmd_staff,   N_("Add, list and import duty staff") },
  { "backup",  dd_cli_cmd_backup,  N_("Copy the database to a backup file") },
  { "restore", dd_cli_cmd_restore, N_("Replace the database with a backup") },
  { "audit",   dd_cli_cmd_audit,   N_("Verify the audit journal") },
  { "demo",    dd_cli_cmd_demo,    N_("Create a demo desk database") },
  { "calendar", dd_cli_cmd_calendar, N_("Show the duty calendar; import holiday schedules") },
  { "period",  dd_cli_cmd_period,  N_("Manage important periods") },
  { "leave",   dd_cli_cmd_leave,   N_("Record leave, business trips and training") },
  { "template", dd_cli_cmd_template, N_("Manage the shift templates") },
  { "roster",  dd_cli_cmd_roster,  N_("Generate, check, edit, submit and export rosters") },
  { "oncall",  dd_cli_cmd_oncall,  N_("Who is on duty now, and who is next") },
  { "directory", dd_cli_cmd_directory, N_("Contacts, teams, experts, reserves and plans") },
  { "grade",   dd_cli_cmd_grade,   N_("Grade an incident from its facts") },
  { "incident", dd_cli_cmd_incident, N_("Log, grade, report and list incidents") },
  { "search",  dd_cli_cmd_search,  N_("Search calls, incidents, events, log entries and instructions") },
  { "log",     dd_cli_cmd_log,     N_("Write and list the duty log") },
  { "instruction", dd_cli_cmd_instruction, N_("Record leader instructions and track them to done") },
  { "call",    dd_cli_cmd_call,    N_("Mark calls for a call-back and the call-back made") },
  { "handover", dd_cli_cmd_handover, N_("Show, acknowledge, sign and print the handover") },
  { "daily-report", dd_cli_cmd_daily_report, N_("The daily duty report of a duty day") },
  { "enrol",   dd_cli_cmd_enrol,   N_("Enrol the desk with the provincial server") },
  { "sync",    dd_cli_cmd_sync,    N_("Push and pull changes; show the sync status and the parked ops") },
  { "conflicts", dd_cli_cmd_conflicts, N_("List and settle the conflicts sync recorded") },
};

static void
dd_cli_clear (DdCli *cli)
{
  g_clear_pointer (&cli->db_path, g_free);
  g_clear_pointer (&cli->command_db_path, g_free);
  g_clear_pointer (&cli->command, g_free);
}

/* Columns a terminal gives @text: CJK characters take two. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  return width;
}

static void
append_option (GString    *help,
               const char *option,
               const char *description)
{
  guint width = display_width (option);

  g_string_append_printf (help, "  %s", option);
  for (guint i = width; i < 14; i++)
    g_string_append_c (help, ' ');
  g_string_append_printf (help, " %s\n", description);
}

static void
print_help (void)
{
  g_autofree char *db_option = NULL;

  GString *help = g_string_new (NULL);

  g_string_append_printf (help, "%s\n  dutyctl [--db %s] %s [%s…]\n\n",
                          _("Usage:"), _("PATH"), _("COMMAND"), _("OPTION"));
  g_string_append_printf (help, "%s\n\n", _("Administer a Duty Desk database."));
  g_string_append_printf (help, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (help, "  %-10s %s\n", commands[i].name, _(commands[i].description));
  g_string_append_printf (help, "\n%s\n", _("Options:"));
  db_option = g_strdup_printf ("--db %s", _("PATH"));
  append_option (help, db_option,
                 _("The database file (default: $DUTY_DESK_DB, else ~/.local/share/duty-desk/desk.db)"));
  append_option (help, "--version", _("Show the version and exit"));
  append_option (help, "-h, --help", _("Show this help and exit"));
  g_string_append_c (help, '\n');
  g_string_append_printf (help, "%s\n", _("Run “dutyctl COMMAND --help” for the options of a command."));
  g_string_append_printf (help, "%s\n",
                          _("Exit status: 0 on success, 1 on a failure, 2 on bad usage or invalid input."));

  g_print ("%s", help->str);
  g_string_free (help, TRUE);
}

static const DdCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

static char *
one_line (const char *message)
{
  char *line = g_utf8_make_valid (message != NULL ? message : "", -1);

  g_strstrip (line);
  for (char *p = line; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r')
        *p = ' ';
    }

  return line;
}

void
dd_cli_printerr (const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  line = one_line (message);
  g_printerr ("dutyctl: %s\n", line);
}

int
dd_cli_usage_error (DdCli      *cli,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  g_autofree char *hint = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (cli != NULL && cli->command != NULL)
    hint = g_strdup_printf ("dutyctl %s --help", cli->command);
  else
    hint = g_strdup ("dutyctl --help");

  /* TRANSLATORS: a usage error, then the command that explains the usage */
  dd_cli_printerr (_("%s (see “%s”)"), message, hint);

  return DD_CLI_EXIT_USAGE;
}

int
dd_cli_exit_code_for_error (const GError *error)
{
  if (error == NULL)
    return DD_CLI_EXIT_FAILURE;

  if (error->domain == G_OPTION_ERROR ||
      error->domain == DD_CORE_ERROR ||
      error->domain == G_CONVERT_ERROR)
    return DD_CLI_EXIT_USAGE;

  if (g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID))
    return DD_CLI_EXIT_USAGE;

  return DD_CLI_EXIT_FAILURE;
}

int
dd_cli_report_error (DdCli        *cli,
                     const GError *error)
{
  dd_cli_printerr ("%s", error != NULL ? error->message : _("Unknown error"));

  return dd_cli_exit_code_for_error (error);
}

gboolean
dd_cli_check_text (const char  *what,
                   char       **value,
                   GError     **error)
{
  const char *charset = NULL;
  char *converted;

  g_return_val_if_fail (value != NULL, FALSE);

  if (*value == NULL || g_utf8_validate (*value, -1, NULL))
    return TRUE;

  /* In a UTF-8 locale, bytes that are not UTF-8 are a mistake; elsewhere
   * the text is in the locale's charset. */
  if (!g_get_charset (&charset))
    {
      converted = g_locale_to_utf8 (*value, -1, NULL, NULL, NULL);
      if (converted != NULL)
        {
          g_free (*value);
          *value = converted;
          return TRUE;
        }
    }

  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
               _("the text given for %s is not valid UTF-8"), what);
  return FALSE;
}

GOptionContext *
dd_cli_option_context_new (DdCli              *cli,
                           const char         *command,
                           const char         *parameter_string,
                           const char         *summary,
                           const GOptionEntry *entries,
                           gboolean            with_json)
{
  g_autofree char *prgname = NULL;
  GOptionContext *context;
  const GOptionEntry common_entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli->command_db_path,
      N_("The database file (default: $DUTY_DESK_DB, else ~/.local/share/duty-desk/desk.db)"),
      N_("PATH") },
    { NULL }
  };
  const GOptionEntry json_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Write the result as JSON on standard output"), NULL },
    { NULL }
  };

  g_free (cli->command);
  cli->command = g_strdup (command);

  /* The usage line of --help names the command. */
  prgname = g_strdup_printf ("dutyctl %s", command);
  g_set_prgname (prgname);

  context = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (with_json)
    g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);

  return context;
}

gboolean
dd_cli_parse_options (DdCli           *cli,
                      GOptionContext  *context,
                      int             *argc,
                      char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      dd_cli_usage_error (cli, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

char *
dd_cli_dup_db_path (DdCli *cli)
{
  const char *env;

  if (cli->command_db_path != NULL && *cli->command_db_path != '\0')
    return g_strdup (cli->command_db_path);
  if (cli->db_path != NULL && *cli->db_path != '\0')
    return g_strdup (cli->db_path);

  env = g_getenv ("DUTY_DESK_DB");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return dd_store_dup_default_path ();
}

DdStore *
dd_cli_open_store (DdCli     *cli,
                   gboolean   may_create,
                   GError   **error)
{
  g_autofree char *path = dd_cli_dup_db_path (cli);
  g_autoptr(DdStore) store = NULL;

  if (!may_create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED,
                   _("%s: there is no desk database here yet: run “dutyctl init --unit-code CODE” first"),
                   path);
      return NULL;
    }

  cli->created = !g_file_test (path, G_FILE_TEST_EXISTS);

  store = dd_store_open (path, error);
  if (store == NULL)
    {
      if (cli->created)
        dd_cli_discard_new_store (cli, &store);
      return NULL;
    }

  dd_store_set_actor (store, "dutyctl");

  return g_steal_pointer (&store);
}

void
dd_cli_discard_new_store (DdCli    *cli,
                          DdStore **store)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *path = NULL;

  if (store != NULL)
    g_clear_object (store);

  if (!cli->created)
    return;

  path = dd_cli_dup_db_path (cli);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }

  cli->created = FALSE;
}

DdDesk *
dd_cli_get_desk (DdStore  *store,
                 GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  DdDesk *desk;

  desk = dd_store_get_desk (store, &local_error);
  if (desk != NULL)
    return desk;

  if (g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED))
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED,
                 _("%s: this database has no desk yet: run “dutyctl init --unit-code CODE” first"),
                 dd_store_get_path (store));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return NULL;
}

DdStore *
dd_cli_open_desk_store (DdCli   *cli,
                        GError **error)
{
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;

  store = dd_cli_open_store (cli, FALSE, error);
  if (store == NULL)
    return NULL;

  desk = dd_cli_get_desk (store, error);
  if (desk == NULL)
    return NULL;

  return g_steal_pointer (&store);
}

void
dd_cli_json_add_string (JsonBuilder *builder,
                        const char  *member,
                        const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
dd_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length = 0;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);

  /* JSON is UTF-8 whatever the locale: no charset conversion. */
  fwrite (text, 1, length, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
dd_cli_build_desk (JsonBuilder *builder,
                   DdStore     *store,
                   DdDesk      *desk)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "unit_code");
  json_builder_add_string_value (builder, dd_desk_get_unit_code (desk));
  json_builder_set_member_name (builder, "unit_name");
  json_builder_add_string_value (builder, dd_desk_get_unit_name (desk));
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, dd_level_to_string (dd_desk_get_level (desk)));
  json_builder_set_member_name (builder, "regime");
  json_builder_add_string_value (builder, dd_regime_to_string (dd_desk_get_regime (desk)));
  json_builder_set_member_name (builder, "client_epoch");
  json_builder_add_string_value (builder, dd_desk_get_client_epoch (desk));
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, dd_store_get_schema_version (store));
  json_builder_end_object (builder);
}

void
dd_cli_build_staff (JsonBuilder *builder,
                    DdStaff     *staff)
{
  DdRole roles = dd_staff_get_roles (staff);
  const char *phone = dd_staff_get_phone (staff);
  const char *unit = dd_staff_get_unit (staff);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, dd_staff_get_id (staff));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, dd_staff_get_name (staff));
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  if (roles & DD_ROLE_LEADER)
    json_builder_add_string_value (builder, "leader");
  if (roles & DD_ROLE_OFFICER)
    json_builder_add_string_value (builder, "officer");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, phone != NULL ? phone : "");
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, unit != NULL ? unit : "");
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, dd_staff_get_active (staff));
  json_builder_end_object (builder);
}

void
dd_cli_print_desk (DdStore *store,
                   DdDesk  *desk)
{
  DdLevel level = dd_desk_get_level (desk);
  DdRegime regime = dd_desk_get_regime (desk);

  g_print ("%s: %s\n", _("Unit code"), dd_desk_get_unit_code (desk));
  g_print ("%s: %s\n", _("Unit name"), dd_desk_get_unit_name (desk));
  g_print ("%s: %s [%s]\n", _("Level"), dd_level_get_label (level), dd_level_to_string (level));
  g_print ("%s: %s [%s]\n", _("Base regime"), dd_regime_get_label (regime), dd_regime_to_string (regime));
  g_print ("%s: %s\n", _("Client epoch"), dd_desk_get_client_epoch (desk));
  g_print ("%s: %d\n", _("Schema version"), dd_store_get_schema_version (store));
  g_print ("%s: %s\n", _("Database"), dd_store_get_path (store));
}

int
dd_cli_run (int    argc,
            char **argv)
{
  DdCli cli = { 0 };
  const DdCliCommand *command;
  int i;
  int status;

  g_set_prgname ("dutyctl");

  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--"))
        {
          i++;
          break;
        }
      if (arg[0] != '-')
        break;

      if (g_str_equal (arg, "--version"))
        {
          g_print ("dutyctl %s\n", PACKAGE_VERSION);
          dd_cli_clear (&cli);
          return DD_CLI_EXIT_OK;
        }
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help ();
          dd_cli_clear (&cli);
          return DD_CLI_EXIT_OK;
        }
      else if (g_str_equal (arg, "--db"))
        {
          if (i + 1 >= argc)
            {
              dd_cli_clear (&cli);
              return dd_cli_usage_error (NULL, _("--db needs a PATH"));
            }
          g_free (cli.db_path);
          cli.db_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          g_free (cli.db_path);
          cli.db_path = g_strdup (arg + strlen ("--db="));
        }
      else
        {
          g_autofree char *shown = g_utf8_make_valid (arg, -1);

          dd_cli_clear (&cli);
          return dd_cli_usage_error (NULL, _("unknown option %s"), shown);
        }
    }

  if (i >= argc)
    {
      dd_cli_clear (&cli);
      return dd_cli_usage_error (NULL, _("no command given"));
    }

  /* "dutyctl help [COMMAND]" */
  if (g_str_equal (argv[i], "help"))
    {
      if (i + 1 < argc && find_command (argv[i + 1]) != NULL)
        {
          char *help_argv[] = { argv[i + 1], (char *) "--help", NULL };

          command = find_command (argv[i + 1]);
          status = command->func (&cli, 2, help_argv);
          dd_cli_clear (&cli);
          return status;
        }

      print_help ();
      dd_cli_clear (&cli);
      return DD_CLI_EXIT_OK;
    }

  command = find_command (argv[i]);
  if (command == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (argv[i], -1);

      dd_cli_clear (&cli);
      return dd_cli_usage_error (NULL, _("unknown command “%s”"), shown);
    }

  status = command->func (&cli, argc - i, argv + i);
  dd_cli_clear (&cli);

  return status;
}
