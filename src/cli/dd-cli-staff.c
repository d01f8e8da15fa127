/* dd-cli-staff.c: dutyctl staff add|list|import
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "dd-cli-private.h"
#include "dd-csv.h"
#include "dd-staff-csv.h"

typedef struct
{
  const char       *name;
  DdCliCommandFunc  func;
  const char       *description;
} DdCliSubcommand;

static int staff_add    (DdCli  *cli,
                         int     argc,
                         char  **argv);
static int staff_list   (DdCli  *cli,
                         int     argc,
                         char  **argv);
static int staff_import (DdCli  *cli,
                         int     argc,
                         char  **argv);

static const DdCliSubcommand subcommands[] = {
  { "add",    staff_add,    N_("Add a member of the duty staff") },
  { "list",   staff_list,   N_("List the duty staff") },
  { "import", staff_import, N_("Import staff from a CSV sheet (name,role,phone,unit), all or nothing") },
};

static void
print_staff_help (void)
{
  g_print ("%s\n  dutyctl [--db %s] staff %s [%s…]\n\n", _("Usage:"), _("PATH"), _("COMMAND"), _("OPTION"));
  g_print ("%s\n\n", _("Manage the desk’s duty staff."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_print ("  %-8s %s\n", subcommands[i].name, _(subcommands[i].description));
  g_print ("\n%s\n", _("Run “dutyctl staff COMMAND --help” for the options of a command."));
}

/* The desk must exist before staff can be read or written. */
static DdStore *
open_desk_store (DdCli   *cli,
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

static void
print_member (DdStaff *staff)
{
  const char *phone = dd_staff_get_phone (staff);
  const char *unit = dd_staff_get_unit (staff);

  g_print ("%s\t%s\t%s\t%s\t%s%s\n",
           dd_staff_get_id (staff),
           dd_staff_get_name (staff),
           dd_role_get_label (dd_staff_get_roles (staff)),
           phone != NULL ? phone : "",
           unit != NULL ? unit : "",
           dd_staff_get_active (staff) ? "" : _("\t(inactive)"));
}

static int
staff_add (DdCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdStaff) staff = NULL;
  g_autoptr(DdStaff) saved = NULL;
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *unit = NULL;
  DdRole roles = DD_ROLE_NONE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("The member’s name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_FILENAME, &role,
      N_("What the member may be on duty as: leader, officer or both"), N_("ROLE") },
    { "phone", 0, 0, G_OPTION_ARG_FILENAME, &phone, N_("A phone number"), N_("PHONE") },
    { "unit", 0, 0, G_OPTION_ARG_FILENAME, &unit, N_("The member’s own unit or office"), N_("UNIT") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "staff add", NULL,
                                       _("Add a member of the duty staff and print it with its new id."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (name == NULL)
    return dd_cli_usage_error (cli, _("--name NAME is required"));
  if (role == NULL)
    return dd_cli_usage_error (cli, _("--role ROLE is required"));

  if (!dd_cli_check_text ("--name", &name, &error) ||
      !dd_cli_check_text ("--role", &role, &error) ||
      !dd_cli_check_text ("--phone", &phone, &error) ||
      !dd_cli_check_text ("--unit", &unit, &error))
    return dd_cli_report_error (cli, error);

  if (!dd_role_from_string (role, &roles) || roles == DD_ROLE_NONE)
    return dd_cli_usage_error (cli, _("unknown role “%s”: use leader, officer or both"), role);

  staff = dd_staff_new (NULL, name, roles, phone, unit, TRUE);
  if (!dd_staff_validate (staff, &error))
    return dd_cli_report_error (cli, error);

  store = open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  saved = dd_store_add_staff (store, staff, &error);
  if (saved == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      dd_cli_build_staff (builder, saved);
      root = json_builder_get_root (builder);
      dd_cli_print_json (root);
    }
  else
    {
      g_print (_("Added %s (%s) with id %s.\n"),
               dd_staff_get_name (saved),
               dd_role_get_label (dd_staff_get_roles (saved)),
               dd_staff_get_id (saved));
    }

  return DD_CLI_EXIT_OK;
}

static int
staff_list (DdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) staff = NULL;

  context = dd_cli_option_context_new (cli, "staff list", NULL,
                                       _("List the duty staff by name: id, name, roles, phone, unit."),
                                       NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  staff = dd_store_list_staff (store, &error);
  if (staff == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "staff");
      json_builder_begin_array (builder);
      for (guint i = 0; i < staff->len; i++)
        dd_cli_build_staff (builder, g_ptr_array_index (staff, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dd_cli_print_json (root);
    }
  else if (staff->len == 0)
    {
      g_print ("%s\n", _("No staff yet: add them with “dutyctl staff add” or “dutyctl staff import”."));
    }
  else
    {
      for (guint i = 0; i < staff->len; i++)
        print_member (g_ptr_array_index (staff, i));
    }

  return DD_CLI_EXIT_OK;
}

/* The line number a "line N: reason" problem names, or 0. */
static guint64
problem_line (const char *problem)
{
  for (const char *p = problem; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        return g_ascii_strtoull (p, NULL, 10);
    }

  return 0;
}

static void
print_problems_json (const char   *file,
                     const GError *error,
                     GPtrArray    *problems)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, file);
  json_builder_set_member_name (builder, "imported");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "error");
  if (error != NULL)
    json_builder_add_string_value (builder, error->message);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);
      guint64 line = problem_line (problem);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      if (line > 0)
        json_builder_add_int_value (builder, (gint64) line);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, problem);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  dd_cli_print_json (root);
}

static int
staff_import (DdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *file_display = NULL;
  const char *encoding = NULL;
  const char *file;
  gsize length = 0;

  context = dd_cli_option_context_new (cli, "staff import", _("FILE.csv"),
                                       _("Import duty staff from a CSV sheet with the header name,role,phone,unit "
                                         "(UTF-8 with or without BOM, or GB18030 as Chinese Excel writes it). "
                                         "If any row is bad, nothing is imported and every bad row is reported with its line number."),
                                       NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc < 2)
    return dd_cli_usage_error (cli, _("which file? Give the CSV file to import"));
  if (argc > 2)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[2]);

  file = argv[1];
  file_display = g_filename_display_name (file);

  if (!g_file_get_contents (file, &contents, &length, &error))
    return dd_cli_report_error (cli, error);

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

  /* Only to tell which encoding was read; dd_staff_csv_read() decodes. */
  decoded = dd_csv_decode (bytes, &encoding, NULL);

  staff = dd_staff_csv_read (bytes, &problems, &error);
  if (staff == NULL)
    {
      if (problems != NULL && problems->len > 0)
        {
          for (guint i = 0; i < problems->len; i++)
            dd_cli_printerr ("%s: %s", file_display, (const char *) g_ptr_array_index (problems, i));
          /* The summary: "3 rows are invalid; nothing was imported" */
          if (error != NULL)
            dd_cli_printerr ("%s: %s", file_display, error->message);
          if (cli->json)
            print_problems_json (file_display, error, problems);
          return DD_CLI_EXIT_USAGE;
        }

      dd_cli_printerr ("%s: %s", file_display, error != NULL ? error->message : _("cannot be read"));
      if (cli->json)
        print_problems_json (file_display, error, NULL);
      return dd_cli_exit_code_for_error (error);
    }

  if (staff->len == 0)
    return dd_cli_usage_error (cli, _("%s has no staff rows; nothing was imported"), file_display);

  store = open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  saved = dd_store_add_staff_many (store, staff, &error);
  if (saved == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, file_display);
      json_builder_set_member_name (builder, "encoding");
      if (encoding != NULL)
        json_builder_add_string_value (builder, encoding);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "imported");
      json_builder_add_int_value (builder, saved->len);
      json_builder_set_member_name (builder, "staff");
      json_builder_begin_array (builder);
      for (guint i = 0; i < saved->len; i++)
        dd_cli_build_staff (builder, g_ptr_array_index (saved, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dd_cli_print_json (root);
    }
  else
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Imported %u staff member from %s (%s).\n",
                            "Imported %u staff members from %s (%s).\n",
                            saved->len),
               saved->len, file_display, encoding != NULL ? encoding : "UTF-8");
    }

  return DD_CLI_EXIT_OK;
}

int
dd_cli_cmd_staff (DdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *shown = NULL;

  if (argc < 2)
    {
      g_free (cli->command);
      cli->command = g_strdup ("staff");
      return dd_cli_usage_error (cli, _("which staff command? Use add, list or import"));
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_staff_help ();
      return DD_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (argv[1], subcommands[i].name))
        return subcommands[i].func (cli, argc - 1, argv + 1);
    }

  g_free (cli->command);
  cli->command = g_strdup ("staff");
  shown = g_utf8_make_valid (argv[1], -1);

  return dd_cli_usage_error (cli, _("unknown staff command “%s”"), shown);
}
