/* dd-cli-desk.c: dutyctl init, dutyctl info
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-cli-private.h"
#include "dd-division.h"
#include "dd-unit-code.h"

static int
print_desk (DdCli   *cli,
            DdStore *store,
            DdDesk  *desk)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      dd_cli_build_desk (builder, store, desk);
      root = json_builder_get_root (builder);
      dd_cli_print_json (root);
    }
  else
    {
      dd_cli_print_desk (store, desk);
    }

  return DD_CLI_EXIT_OK;
}

int
dd_cli_cmd_init (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdUnitCode) unit_code = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  g_autofree char *regime_str = NULL;
  gboolean force = FALSE;
  DdRegime regime = DD_REGIME_7X24;
  const GOptionEntry entries[] = {
    { "unit-code", 0, 0, G_OPTION_ARG_FILENAME, &code,
      N_("The unit: a division code (520102) or one with a department suffix (520102-yjj)"),
      N_("CODE") },
    { "unit-name", 0, 0, G_OPTION_ARG_FILENAME, &name,
      N_("The unit’s name (default: the division’s name)"), N_("NAME") },
    { "regime", 0, 0, G_OPTION_ARG_FILENAME, &regime_str,
      N_("The base duty regime: 7x24 or 5x8 (default: 7x24)"), N_("REGIME") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Replace the identity of a desk that has one already"), NULL },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "init", NULL,
                                       _("Give the database its desk identity: the unit it serves and its base duty regime. "
                                         "Creates the database if it does not exist."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (code == NULL || *code == '\0')
    return dd_cli_usage_error (cli, _("--unit-code CODE is required"));

  if (!dd_cli_check_text ("--unit-code", &code, &error) ||
      !dd_cli_check_text ("--unit-name", &name, &error))
    return dd_cli_report_error (cli, error);

  if (name != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (name));

      if (*stripped == '\0')
        return dd_cli_usage_error (cli, _("--unit-name must not be blank"));
    }

  if (regime_str != NULL &&
      (!dd_regime_from_string (regime_str, &regime) || regime == DD_REGIME_NONE))
    return dd_cli_usage_error (cli, _("unknown regime “%s”: use 7x24 or 5x8"), regime_str);

  unit_code = dd_unit_code_parse (dd_division_table_get_default (), code, &error);
  if (unit_code == NULL)
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_store (cli, TRUE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  desk = dd_store_init_desk (store, unit_code->code, name, regime, force, &error);
  if (desk == NULL)
    {
      int status;

      if (g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_ALREADY_INITIALISED))
        {
          g_autoptr(DdDesk) existing = dd_store_get_desk (store, NULL);

          if (existing != NULL)
            dd_cli_printerr (_("%s already has a desk (%s, %s): use --force to replace its identity"),
                             dd_store_get_path (store),
                             dd_desk_get_unit_code (existing),
                             dd_desk_get_unit_name (existing));
          else
            dd_cli_printerr (_("%s already has a desk: use --force to replace its identity"),
                             dd_store_get_path (store));
          status = DD_CLI_EXIT_FAILURE;
        }
      else
        {
          status = dd_cli_report_error (cli, error);
        }

      dd_cli_discard_new_store (cli, &store);
      return status;
    }

  if (!cli->json)
    g_print (_("Initialised the desk of %s (%s).\n"),
             dd_desk_get_unit_name (desk), dd_desk_get_unit_code (desk));

  return print_desk (cli, store, desk);
}

int
dd_cli_cmd_info (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;

  context = dd_cli_option_context_new (cli, "info", NULL,
                                       _("Show the desk’s identity: unit, level, base regime, client epoch and schema version."),
                                       NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  desk = dd_cli_get_desk (store, &error);
  if (desk == NULL)
    return dd_cli_report_error (cli, error);

  return print_desk (cli, store, desk);
}
