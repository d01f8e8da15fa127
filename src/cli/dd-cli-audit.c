/* dd-cli-audit.c: dutyctl audit verify
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-cli-private.h"

static void
print_audit_help (void)
{
  g_print ("%s\n  dutyctl [--db %s] audit verify [--json]\n\n", _("Usage:"), _("PATH"));
  g_print ("%s\n\n", _("Check the desk’s audit journal."));
  g_print ("%s\n", _("Commands:"));
  g_print ("  %-8s %s\n", "verify", _("Walk the hash chain of the audit journal and name the first bad entry"));
  g_print ("\n%s\n", _("Run “dutyctl audit verify --help” for its options."));
}

static int
audit_verify (DdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdAuditReport) report = NULL;

  context = dd_cli_option_context_new (cli, "audit verify", NULL,
                                       _("Walk the hash chain of the audit journal. Exits with 0 if it is intact, "
                                         "and with 1 naming the first entry that was edited, deleted or moved."),
                                       NULL, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = dd_cli_open_store (cli, FALSE, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  report = dd_store_verify_audit (store, &error);
  if (report == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, report->ok);
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, report->n_entries);
      json_builder_set_member_name (builder, "bad_seq");
      if (report->ok)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, report->bad_seq);
      json_builder_set_member_name (builder, "problem");
      if (report->ok || report->problem == NULL)
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, report->problem);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      dd_cli_print_json (root);
    }
  else if (report->ok)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "The audit journal is intact: %lld entry checked.\n",
                            "The audit journal is intact: %lld entries checked.\n",
                            (gulong) report->n_entries),
               (long long) report->n_entries);
    }

  if (!report->ok)
    {
      dd_cli_printerr (_("the audit journal is damaged at entry %lld: %s"),
                       (long long) report->bad_seq,
                       report->problem != NULL ? report->problem : _("it does not match the chain"));
      return DD_CLI_EXIT_FAILURE;
    }

  return DD_CLI_EXIT_OK;
}

int
dd_cli_cmd_audit (DdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *shown = NULL;

  if (argc < 2)
    {
      g_free (cli->command);
      cli->command = g_strdup ("audit");
      return dd_cli_usage_error (cli, _("which audit command? Use verify"));
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_audit_help ();
      return DD_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "verify"))
    return audit_verify (cli, argc - 1, argv + 1);

  g_free (cli->command);
  cli->command = g_strdup ("audit");
  shown = g_utf8_make_valid (argv[1], -1);

  return dd_cli_usage_error (cli, _("unknown audit command “%s”"), shown);
}
