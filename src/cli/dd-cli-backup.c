/* dd-cli-backup.c: dutyctl backup, dutyctl restore
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-cli-private.h"

static void
print_result_json (DdStore    *store,
                   const char *file,
                   DdDesk     *desk)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *database = g_filename_display_name (dd_store_get_path (store));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, database);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, file);
  json_builder_set_member_name (builder, "client_epoch");
  if (desk != NULL)
    json_builder_add_string_value (builder, dd_desk_get_client_epoch (desk));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  dd_cli_print_json (root);
}

int
dd_cli_cmd_backup (DdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autofree char *file_display = NULL;
  const char *file;

  context = dd_cli_option_context_new (cli, "backup", _("FILE"),
                                       _("Copy the database to FILE while it is in use (SQLite online backup). "
                                         "FILE must not exist yet."),
                                       NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc < 2)
    return dd_cli_usage_error (cli, _("which file? Give the backup file to write"));
  if (argc > 2)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[2]);

  file = argv[1];
  file_display = g_filename_display_name (file);

  if (g_file_test (file, G_FILE_TEST_EXISTS))
    return dd_cli_usage_error (cli, _("%s already exists: a backup never overwrites a file, choose a new name"),
                               file_display);

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  if (!dd_store_backup (store, file, &error))
    return dd_cli_report_error (cli, error);

  desk = dd_store_get_desk (store, NULL);

  if (cli->json)
    print_result_json (store, file_display, desk);
  else
    g_print (_("Backed up %s to %s.\n"), dd_store_get_path (store), file_display);

  return DD_CLI_EXIT_OK;
}

int
dd_cli_cmd_restore (DdCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autofree char *file_display = NULL;
  const char *file;

  context = dd_cli_option_context_new (cli, "restore", _("FILE"),
                                       _("Replace the database with the backup FILE. The backup is checked first "
                                         "(PRAGMA integrity_check); a damaged file is refused and the database is left as it was. "
                                         "The restored desk gets a new client epoch."),
                                       NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc < 2)
    return dd_cli_usage_error (cli, _("which file? Give the backup file to restore"));
  if (argc > 2)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[2]);

  file = argv[1];
  file_display = g_filename_display_name (file);

  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      dd_cli_printerr (_("%s: no such backup file"), file_display);
      return DD_CLI_EXIT_FAILURE;
    }

  store = dd_cli_open_store (cli, TRUE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  if (!dd_store_restore (store, file, &error))
    {
      int status;

      dd_cli_printerr (_("%s: not restored, the database was left as it was: %s"),
                       file_display, error->message);
      status = dd_cli_exit_code_for_error (error);
      dd_cli_discard_new_store (cli, &store);
      return status;
    }

  desk = dd_store_get_desk (store, NULL);

  if (cli->json)
    {
      print_result_json (store, file_display, desk);
    }
  else
    {
      g_print (_("Restored %s from %s.\n"), dd_store_get_path (store), file_display);
      if (desk != NULL)
        g_print (_("The desk of %s (%s) has the new client epoch %s.\n"),
                 dd_desk_get_unit_name (desk),
                 dd_desk_get_unit_code (desk),
                 dd_desk_get_client_epoch (desk));
    }

  return DD_CLI_EXIT_OK;
}
