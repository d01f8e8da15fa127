/* dd-cli-directory.c: dutyctl directory import|export|search|stale|verify|edit|add|remove|
 *   suggest|whereabouts|request|requests|answer
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dd-cli-private.h"
#include "dd-cli-roster.h"
#include "dd-directory.h"
#include "dd-directory-request.h"
#include "dd-time.h"

typedef struct
{
  const char       *name;
  DdCliCommandFunc  func;
  const char       *description;
} Subcommand;

static int dir_import      (DdCli *cli, int argc, char **argv);
static int dir_export      (DdCli *cli, int argc, char **argv);
static int dir_search      (DdCli *cli, int argc, char **argv);
static int dir_stale       (DdCli *cli, int argc, char **argv);
static int dir_verify      (DdCli *cli, int argc, char **argv);
static int dir_edit        (DdCli *cli, int argc, char **argv);
static int dir_add         (DdCli *cli, int argc, char **argv);
static int dir_remove      (DdCli *cli, int argc, char **argv);
static int dir_suggest     (DdCli *cli, int argc, char **argv);
static int dir_whereabouts (DdCli *cli, int argc, char **argv);
static int dir_request     (DdCli *cli, int argc, char **argv);
static int dir_requests    (DdCli *cli, int argc, char **argv);
static int dir_answer      (DdCli *cli, int argc, char **argv);

static int print_request   (DdCli *cli, DdDirectoryRequest *request);

static const Subcommand subcommands[] = {
  { "import",      dir_import,      N_("Import a CSV file of one kind, all or nothing") },
  { "export",      dir_export,      N_("Export one kind to a CSV file (UTF-8 with BOM)") },
  { "search",      dir_search,      N_("Search every directory") },
  { "stale",       dir_stale,       N_("List the entries due for verification") },
  { "verify",      dir_verify,      N_("Record that an entry was confirmed") },
  { "edit",        dir_edit,        N_("Change cells of an entry, checked as an import checks them") },
  { "add",         dir_add,         N_("Add one entry, e.g. a person of a unit") },
  { "remove",      dir_remove,      N_("Remove an entry, e.g. a person who left a unit") },
  { "suggest",     dir_suggest,     N_("Suggest teams, experts, warehouses and plans for an incident") },
  { "whereabouts", dir_whereabouts, N_("Record and list leaders’ whereabouts") },
  { "request",     dir_request,     N_("Ask an entry’s publisher to change or remove it") },
  { "requests",    dir_requests,    N_("List the change requests this desk sent or must answer") },
  { "answer",      dir_answer,      N_("Accept or decline a change request") },
};

static const char kinds_hint[] = "contacts, teams, experts, warehouses, stock, plans";

static void
print_help (void)
{
  g_print ("%s\n  dutyctl [--db %s] directory %s [%s…]\n\n", _("Usage:"), _("PATH"), _("COMMAND"), _("OPTION"));
  g_print ("%s\n\n", _("Units and contacts, rescue teams, experts, material reserves and emergency plans."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_print ("  %-12s %s\n", subcommands[i].name, _(subcommands[i].description));
  g_print ("\n%s\n", _("Run “dutyctl directory COMMAND --help” for the options of a command."));
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (ms <= 0)
    return NULL;
  dt = dd_time_beijing_from_ms (ms);
  return g_date_time_format_iso8601 (dt);
}

static gboolean
parse_kind (DdCli            *cli,
            const char       *text,
            DdDirectoryKind  *kind,
            int              *exit_code)
{
  if (text == NULL)
    {
      *exit_code = dd_cli_usage_error (cli, _("--kind KIND is required (%s)"), kinds_hint);
      return FALSE;
    }
  if (!dd_directory_kind_from_string (text, kind))
    {
      g_autofree char *shown = g_utf8_make_valid (text, -1);
      *exit_code = dd_cli_usage_error (cli, _("unknown kind “%s”: use %s"), shown, kinds_hint);
      return FALSE;
    }
  return TRUE;
}

/* The --kind and the one ID argument of a command on one entry; FALSE
 * with *exit_code set when either is wrong. */
static gboolean
parse_kind_and_id (DdCli            *cli,
                   const char       *kind_text,
                   int               argc,
                   char            **argv,
                   DdDirectoryKind  *kind,
                   int              *exit_code)
{
  if (!parse_kind (cli, kind_text, kind, exit_code))
    return FALSE;
  if (argc < 2)
    *exit_code = dd_cli_usage_error (cli, _("which entry? Give its id"));
  else if (argc > 2)
    *exit_code = dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[2]);
  return argc == 2;
}

static void
build_entry (JsonBuilder      *builder,
             DdDirectoryEntry *entry,
             gboolean          ranked)
{
  const char * const *phones = dd_directory_entry_get_phones (entry);
  g_autofree char *verified = format_time (dd_directory_entry_get_verified_at_ms (entry));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, dd_directory_kind_to_string (dd_directory_entry_get_kind (entry)));
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, dd_directory_entry_get_id (entry));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, dd_directory_entry_get_name (entry));
  json_builder_set_member_name (builder, "subtitle");
  json_builder_add_string_value (builder, dd_directory_entry_get_subtitle (entry));
  json_builder_set_member_name (builder, "division");
  json_builder_add_string_value (builder, dd_directory_entry_get_division (entry));
  json_builder_set_member_name (builder, "division_name");
  json_builder_add_string_value (builder, dd_directory_entry_get_division_name (entry));
  json_builder_set_member_name (builder, "phones");
  json_builder_begin_array (builder);
  for (guint i = 0; phones[i] != NULL; i++)
    json_builder_add_string_value (builder, phones[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "stale");
  json_builder_add_boolean_value (builder, dd_directory_entry_get_stale (entry));
  json_builder_set_member_name (builder, "verified_at");
  if (verified != NULL)
    json_builder_add_string_value (builder, verified);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "verified_by");
  json_builder_add_string_value (builder, dd_directory_entry_get_verified_by (entry));
  if (ranked)
    {
      json_builder_set_member_name (builder, "distance");
      json_builder_add_int_value (builder, dd_directory_entry_get_distance (entry));
      json_builder_set_member_name (builder, "subtype_match");
      json_builder_add_boolean_value (builder, dd_directory_entry_get_subtype_match (entry));
    }
  json_builder_end_object (builder);
}

static void
build_entries (JsonBuilder *builder,
               const char  *member,
               GListModel  *model,
               gboolean     ranked)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (model, i);
      build_entry (builder, entry, ranked);
    }
  json_builder_end_array (builder);
}

static void
print_entry_line (DdDirectoryEntry *entry)
{
  g_autofree char *phones = g_strjoinv (", ", (char **) dd_directory_entry_get_phones (entry));
  g_autofree char *verified = format_time (dd_directory_entry_get_verified_at_ms (entry));

  g_print ("%s\t%s\t%s\t%s\t%s\t%s%s\n",
           dd_directory_kind_to_string (dd_directory_entry_get_kind (entry)),
           dd_directory_entry_get_id (entry),
           dd_directory_entry_get_name (entry),
           dd_directory_entry_get_division_name (entry),
           phones,
           verified != NULL ? verified : _("never verified"),
           dd_directory_entry_get_stale (entry) ? _("\t(stale)") : "");
}

static void
print_json_root (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  dd_cli_print_json (root);
}

/* ------------------------------------------------------------------ import */

static int
dir_import (DdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDirectoryImport) import = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file_display = NULL;
  gboolean dry_run = FALSE;
  DdDirectoryKind kind;
  gsize length = 0;
  int code;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("What the file holds: contacts, teams, experts, warehouses, stock or plans"), N_("KIND") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check the file and report, but write nothing"), NULL },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory import", _("FILE.csv"),
                                       _("Import a CSV file of one kind (UTF-8 with or without BOM, or GB18030; "
                                         "English or Chinese column names in any order). If any row is bad, "
                                         "nothing is imported and every bad row is reported with its line number. "
                                         "Rows with the key of an entry on record update it. Importing is not verifying."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!parse_kind (cli, kind_text, &kind, &code))
    return code;
  if (argc < 2)
    return dd_cli_usage_error (cli, _("which file? Give the CSV file to import"));
  if (argc > 2)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[2]);

  file_display = g_filename_display_name (argv[1]);
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return dd_cli_report_error (cli, error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  import = dd_store_directory_preview_import (store, kind, bytes, &error);
  if (import == NULL)
    {
      dd_cli_printerr ("%s: %s", file_display, error->message);
      return dd_cli_exit_code_for_error (error);
    }

  if (import->sheet->problems->len == 0 && !dry_run &&
      !dd_store_directory_commit_import (store, import, &error) &&
      import->sheet->problems->len == 0)
    return dd_cli_report_error (cli, error);

  if (import->sheet->problems->len > 0)
    {
      GPtrArray *problems = import->sheet->problems;

      for (guint i = 0; i < problems->len; i++)
        {
          DdDirectoryProblem *p = g_ptr_array_index (problems, i);

          if (p->column != NULL)
            dd_cli_printerr (_("%s: line %u: %s: %s"), file_display, p->line, p->column, p->message);
          else
            dd_cli_printerr (_("%s: line %u: %s"), file_display, p->line, p->message);
        }
      dd_cli_printerr (g_dngettext (GETTEXT_PACKAGE,
                                    "%s: %u problem; nothing was imported",
                                    "%s: %u problems; nothing was imported",
                                    problems->len),
                       file_display, problems->len);

      if (cli->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "ok");
          json_builder_add_boolean_value (builder, FALSE);
          json_builder_set_member_name (builder, "file");
          json_builder_add_string_value (builder, file_display);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, dd_directory_kind_to_string (kind));
          json_builder_set_member_name (builder, "imported");
          json_builder_add_int_value (builder, 0);
          json_builder_set_member_name (builder, "problems");
          json_builder_begin_array (builder);
          for (guint i = 0; i < problems->len; i++)
            {
              DdDirectoryProblem *p = g_ptr_array_index (problems, i);

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "line");
              json_builder_add_int_value (builder, p->line);
              json_builder_set_member_name (builder, "column");
              if (p->column != NULL)
                json_builder_add_string_value (builder, p->column);
              else
                json_builder_add_null_value (builder);
              json_builder_set_member_name (builder, "message");
              json_builder_add_string_value (builder, p->message);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          print_json_root (builder);
        }
      return DD_CLI_EXIT_USAGE;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, file_display);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, dd_directory_kind_to_string (kind));
      json_builder_set_member_name (builder, "encoding");
      json_builder_add_string_value (builder, import->sheet->encoding);
      json_builder_set_member_name (builder, "dry_run");
      json_builder_add_boolean_value (builder, dry_run);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, import->sheet->rows->len);
      json_builder_set_member_name (builder, "new");
      json_builder_add_int_value (builder, import->n_new);
      json_builder_set_member_name (builder, "changed");
      json_builder_add_int_value (builder, import->n_changed);
      json_builder_set_member_name (builder, "unchanged");
      json_builder_add_int_value (builder, import->n_unchanged);
      json_builder_set_member_name (builder, "imported");
      json_builder_add_int_value (builder, dry_run ? 0 : import->n_new + import->n_changed);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else
    g_print (_("%s (%s): %u new, %u changed, %u unchanged%s.\n"),
             file_display, import->sheet->encoding, import->n_new, import->n_changed,
             import->n_unchanged, dry_run ? _(" (dry run: nothing written)") : "");

  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ export */

static int
dir_export (DdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *output = NULL;
  DdDirectoryKind kind;
  int code;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("What to export: contacts, teams, experts, warehouses, stock or plans"), N_("KIND") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The CSV file to write (“-” for standard output)"), N_("FILE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory export", NULL,
                                       _("Write every entry of one kind as CSV (UTF-8 with BOM) in the import "
                                         "columns, so that the file imports again unchanged."),
                                       entries, FALSE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!parse_kind (cli, kind_text, &kind, &code))
    return code;
  if (output == NULL)
    return dd_cli_usage_error (cli, _("-o FILE is required"));
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  bytes = dd_store_directory_export (store, kind, &error);
  if (bytes == NULL)
    return dd_cli_report_error (cli, error);

  if (g_str_equal (output, "-"))
    {
      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
      return DD_CLI_EXIT_OK;
    }
  if (!g_file_set_contents (output, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error))
    return dd_cli_report_error (cli, error);

  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ search */

static int
dir_search (DdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *division = NULL;
  g_autofree char *field = NULL;
  g_autofree char *team_class = NULL;
  g_autofree char *text = NULL;
  DdDirectoryQuery query = { 0 };
  gboolean stale_only = FALSE;
  DdDirectoryKind kind;
  int limit = 0;
  int code;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("Only entries of this kind"), N_("KIND") },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("Only entries in this division or below it"), N_("CODE") },
    { "field", 0, 0, G_OPTION_ARG_FILENAME, &field, N_("Only teams and experts of this field"), N_("FIELD") },
    { "class", 0, 0, G_OPTION_ARG_FILENAME, &team_class,
      N_("Only teams of this class (comprehensive, professional, expert, volunteer)"), N_("CLASS") },
    { "stale", 0, 0, G_OPTION_ARG_NONE, &stale_only, N_("Only entries due for verification"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many results (default 200)"), N_("N") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory search", _("[TEXT]"),
                                       _("Search names, units, posts, fields, phones (or parts of them), "
                                         "addresses, items and plan titles across every directory."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (kind_text != NULL && !parse_kind (cli, kind_text, &kind, &code))
    return code;
  if (argc > 2)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[2]);
  if (limit < 0)
    return dd_cli_usage_error (cli, _("--limit must be a positive number"));
  text = g_strdup (argc > 1 ? argv[1] : "");
  if (!dd_cli_check_text ("TEXT", &text, &error) ||
      !dd_cli_check_text ("--field", &field, &error) ||
      !dd_cli_check_text ("--class", &team_class, &error))
    return dd_cli_report_error (cli, error);

  query.text = text;
  query.kinds = kind_text != NULL ? 1u << kind : 0;
  query.division = division;
  query.field = field;
  query.team_class = team_class;
  query.stale_only = stale_only;
  query.limit = (guint) limit;

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  results = dd_store_directory_search (store, &query, &error);
  if (results == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      build_entries (builder, "results", results, FALSE);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else if (g_list_model_get_n_items (results) == 0)
    g_print ("%s\n", _("Nothing found."));
  else
    for (guint i = 0; i < g_list_model_get_n_items (results); i++)
      {
        g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (results, i);
        print_entry_line (entry);
      }

  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ stale */

static int
dir_stale (DdCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GListModel) stale = NULL;
  g_autofree char *at_text = NULL;
  gint64 at_ms = 0;
  guint days;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_("List what is stale at this date or time (YYYY-MM-DD or ISO 8601; default now)"), N_("DATE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory stale", NULL,
                                       _("List the entries never verified or last verified longer ago than the "
                                         "configured age (default 90 days): the verification round."),
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

  days = dd_store_directory_get_stale_days (store, &error);
  stale = days > 0 ? dd_store_directory_list_stale (store, at_ms, &error) : NULL;
  if (stale == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "stale_days");
      json_builder_add_int_value (builder, days);
      build_entries (builder, "stale", stale, FALSE);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else if (g_list_model_get_n_items (stale) == 0)
    g_print ("%s\n", _("Every entry has been verified recently."));
  else
    for (guint i = 0; i < g_list_model_get_n_items (stale); i++)
      {
        g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (stale, i);
        print_entry_line (entry);
      }

  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ verify */

static int
dir_verify (DdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDirectoryVerification) v = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *by = NULL;
  g_autofree char *note = NULL;
  g_autofree char *when = NULL;
  DdDirectoryKind kind;
  gint64 at_ms = 0;
  int code;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("The entry’s kind"), N_("KIND") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_("When it was confirmed (YYYY-MM-DD or ISO 8601; default now)"), N_("TIME") },
    { "by", 0, 0, G_OPTION_ARG_FILENAME, &by, N_("Who confirmed it (default: dutyctl)"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note, N_("What was done"), N_("TEXT") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory verify", _("ID"),
                                       _("Record that an entry was called and confirmed; its last verification "
                                         "becomes this one."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!parse_kind_and_id (cli, kind_text, argc, argv, &kind, &code))
    return code;
  if (at_text != NULL && !dd_cli_parse_datetime ("--at", at_text, &at_ms, &error))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (!dd_cli_check_text ("--by", &by, &error) || !dd_cli_check_text ("--note", &note, &error))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  v = dd_store_directory_verify (store, kind, argv[1], at_ms, by, note, &error);
  if (v == NULL)
    return dd_cli_report_error (cli, error);

  when = format_time (v->verified_at_ms);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, dd_directory_kind_to_string (v->kind));
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, v->entry_id);
      json_builder_set_member_name (builder, "verified_at");
      json_builder_add_string_value (builder, when);
      json_builder_set_member_name (builder, "verified_by");
      json_builder_add_string_value (builder, v->verified_by);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else
    g_print (_("Verified %s at %s by %s.\n"), v->entry_id, when, v->verified_by);

  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ edit, add, remove */

/* Saves entry @id (%NULL: a new one) of @kind with @sets ("column=value")
 * applied to its cells; reports problems by column. */
static int
save_entry (DdCli            *cli,
            DdStore          *store,
            DdDirectoryKind   kind,
            const char       *id,
            char            **sets,
            gboolean          verify,
            const char       *by,
            const char       *note,
            gboolean          request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEdit) edit = NULL;
  g_autoptr(DdDirectoryDetails) details = NULL;
  g_auto(GStrv) values = NULL;
  guint n;

  dd_directory_kind_get_columns (kind, &n);
  if (id != NULL)
    {
      details = dd_store_directory_get_details (store, kind, id, 0, &error);
      if (details == NULL)
        return dd_cli_report_error (cli, error);
      values = g_strdupv (details->row->values);
    }
  else
    {
      values = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        values[i] = g_strdup ("");
    }

  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      const char *eq = strchr (sets[i], '=');
      g_autofree char *column = eq != NULL ? g_strndup (sets[i], eq - sets[i]) : NULL;
      int c = column != NULL ? dd_directory_kind_find_column (kind, g_strstrip (column)) : -1;

      if (eq == NULL)
        return dd_cli_usage_error (cli, _("--set wants COLUMN=VALUE, not “%s”"), sets[i]);
      if (c < 0)
        return dd_cli_usage_error (cli, _("a %s has no column “%s”"), dd_directory_kind_to_string (kind), column);
      g_free (values[c]);
      values[c] = g_strdup (eq + 1);
    }

  if (request)
    edit = dd_store_directory_request_change (store, kind, id, (const char * const *) values, verify, by, note,
                                              &error);
  else
    edit = dd_store_directory_edit (store, kind, id, (const char * const *) values, verify, by, note, &error);
  if (edit == NULL)
    return dd_cli_report_error (cli, error);
  if (edit->problems->len > 0)
    {
      for (guint i = 0; i < edit->problems->len; i++)
        {
          DdDirectoryProblem *p = g_ptr_array_index (edit->problems, i);

          dd_cli_printerr ("%s: %s", p->column != NULL ? p->column : dd_directory_kind_to_string (kind), p->message);
        }
      dd_cli_printerr (g_dngettext (GETTEXT_PACKAGE, "%u problem; nothing was saved",
                                    "%u problems; nothing was saved", edit->problems->len),
                       edit->problems->len);
      return DD_CLI_EXIT_USAGE;
    }

  if (edit->request != NULL)
    return print_request (cli, edit->request);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, dd_directory_kind_to_string (kind));
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, edit->id);
      json_builder_set_member_name (builder, "changed");
      json_builder_begin_array (builder);
      for (guint i = 0; i < edit->changed->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (edit->changed, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "verification_note");
      if (edit->verification != NULL)
        json_builder_add_string_value (builder, edit->verification->note);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else if (id == NULL)
    g_print (_("Added %s.\n"), edit->id);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Saved %s: %u column changed%s.\n",
                          "Saved %s: %u columns changed%s.\n", edit->changed->len),
             edit->id, edit->changed->len, edit->verification != NULL ? _(", and verified") : "");

  return DD_CLI_EXIT_OK;
}

static int
edit_or_add (DdCli       *cli,
             int          argc,
             char       **argv,
             gboolean     add)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_auto(GStrv) sets = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *by = NULL;
  g_autofree char *note = NULL;
  gboolean verify = FALSE;
  DdDirectoryKind kind;
  int code;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("The entry’s kind"), N_("KIND") },
    { "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
      N_("Set a cell, by its CSV column name (repeat for more)"), N_("COLUMN=VALUE") },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      N_("Also record that the entry was called and confirmed, noting what changed"), NULL },
    { "by", 0, 0, G_OPTION_ARG_FILENAME, &by, N_("Who confirmed it (default: dutyctl)"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note, N_("A note for the verification"), N_("TEXT") },
    { NULL }
  };
  GOptionEntry add_entries[] = { entries[0], entries[1], { NULL } };

  if (add)
    context = dd_cli_option_context_new (cli, "directory add", NULL,
                                         _("Add one entry with the given cells (the columns of its CSV "
                                           "import), checked as an import checks them."),
                                         add_entries, TRUE);
  else
    context = dd_cli_option_context_new (cli, "directory edit", _("ID"),
                                         _("Change cells of an entry (the columns of its CSV import), checked as "
                                           "an import checks them; nothing is saved if any is wrong. Renaming a "
                                           "unit's own line moves its people, renaming a warehouse its stock."),
                                         entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (add && !parse_kind (cli, kind_text, &kind, &code))
    return code;
  if (add && argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!add && !parse_kind_and_id (cli, kind_text, argc, argv, &kind, &code))
    return code;
  if (sets == NULL && !verify)
    return dd_cli_usage_error (cli, _("nothing to do: give --set COLUMN=VALUE"));
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    if (!dd_cli_check_text ("--set", &sets[i], &error))
      return dd_cli_report_error (cli, error);
  if (!dd_cli_check_text ("--by", &by, &error) || !dd_cli_check_text ("--note", &note, &error))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  return save_entry (cli, store, kind, add ? NULL : argv[1], sets, verify, by, note, FALSE);
}

static int
dir_edit (DdCli  *cli,
          int     argc,
          char  **argv)
{
  return edit_or_add (cli, argc, argv, FALSE);
}

static int
dir_add (DdCli  *cli,
         int     argc,
         char  **argv)
{
  return edit_or_add (cli, argc, argv, TRUE);
}

static int
dir_remove (DdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autofree char *kind_text = NULL;
  DdDirectoryKind kind;
  int code;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("The entry’s kind"), N_("KIND") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory remove", _("ID"),
                                       _("Remove an entry (its verifications stay on record). A unit with people "
                                         "and a warehouse with stock are refused."),
                                       entries, FALSE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!parse_kind_and_id (cli, kind_text, argc, argv, &kind, &code))
    return code;

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);
  if (!dd_store_directory_remove (store, kind, argv[1], &error))
    return dd_cli_report_error (cli, error);

  g_print (_("Removed %s.\n"), argv[1]);
  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ change requests */

static void
build_request (JsonBuilder        *builder,
               DdDirectoryRequest *request)
{
  g_autofree char *requested_at = format_time (request->requested_at_ms);
  g_autofree char *answered_at = format_time (request->answered_at_ms);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, request->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, dd_directory_kind_to_string (request->kind));
  json_builder_set_member_name (builder, "entry_id");
  json_builder_add_string_value (builder, request->entry_id);
  json_builder_set_member_name (builder, "entry_name");
  json_builder_add_string_value (builder, request->entry_name);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, request->removal ? "remove" : "change");
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < request->changes->len; i++)
    {
      DdDirectoryRequestChange *change = g_ptr_array_index (request->changes, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, change->column);
      json_builder_set_member_name (builder, "seen");
      json_builder_add_string_value (builder, change->seen);
      json_builder_set_member_name (builder, "asked");
      json_builder_add_string_value (builder, change->asked);
      json_builder_set_member_name (builder, "current");
      json_builder_add_string_value (builder, change->current);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, request->note);
  json_builder_set_member_name (builder, "publisher");
  json_builder_add_string_value (builder, request->publisher);
  json_builder_set_member_name (builder, "requester");
  json_builder_add_string_value (builder, request->requester);
  json_builder_set_member_name (builder, "requested_by");
  json_builder_add_string_value (builder, request->requested_by);
  json_builder_set_member_name (builder, "requested_at");
  json_builder_add_string_value (builder, requested_at);
  json_builder_set_member_name (builder, "incoming");
  json_builder_add_boolean_value (builder, request->incoming);
  json_builder_set_member_name (builder, "entry_exists");
  json_builder_add_boolean_value (builder, request->entry_exists);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, dd_directory_request_state_to_string (request->state));
  json_builder_set_member_name (builder, "answered_by");
  if (request->answered_by != NULL)
    json_builder_add_string_value (builder, request->answered_by);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "answered_at");
  if (answered_at != NULL)
    json_builder_add_string_value (builder, answered_at);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "reason");
  if (request->reason != NULL)
    json_builder_add_string_value (builder, request->reason);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
print_request_text (DdDirectoryRequest *request)
{
  const char *state;

  switch (request->state)
    {
    case DD_DIRECTORY_REQUEST_ACCEPTED:
      state = _("accepted");
      break;
    case DD_DIRECTORY_REQUEST_DECLINED:
      state = _("declined");
      break;
    case DD_DIRECTORY_REQUEST_PENDING:
    default:
      state = request->incoming ? _("waiting for this desk") : _("waiting");
      break;
    }

  /* Translators: "<id>  team 省矿山救护队: 南明区 → 贵州省, waiting" */
  g_print (_("%s  %s %s: %s → %s, %s\n"), request->id, dd_directory_kind_to_string (request->kind),
           request->entry_name, request->requester_name, request->publisher_name, state);
  if (request->removal)
    g_print ("    %s\n", _("remove the entry"));
  for (guint i = 0; i < request->changes->len; i++)
    {
      DdDirectoryRequestChange *change = g_ptr_array_index (request->changes, i);

      g_print ("    %s: %s → %s\n", change->column, change->seen[0] != '\0' ? change->seen : "—",
               change->asked[0] != '\0' ? change->asked : "—");
    }
  if (request->note[0] != '\0')
    g_print ("    %s\n", request->note);
  if (request->reason != NULL && request->reason[0] != '\0')
    /* Translators: the reason given with an answer */
    g_print (_("    answer: %s\n"), request->reason);
}

static int
print_request (DdCli              *cli,
               DdDirectoryRequest *request)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_request (builder, request);
      print_json_root (builder);
    }
  else
    print_request_text (request);
  return DD_CLI_EXIT_OK;
}

static int
dir_request (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_auto(GStrv) sets = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *by = NULL;
  g_autofree char *note = NULL;
  gboolean removal = FALSE;
  gboolean verify = FALSE;
  DdDirectoryKind kind;
  int code;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("The entry’s kind"), N_("KIND") },
    { "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
      N_("A cell to change, by its CSV column name (repeat for more)"), N_("COLUMN=VALUE") },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &removal, N_("Ask for the entry to be removed"), NULL },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      N_("Also record that the entry was called, noting what was asked"), NULL },
    { "by", 0, 0, G_OPTION_ARG_FILENAME, &by, N_("Who asks (default: dutyctl)"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note, N_("Why, for the publisher"), N_("TEXT") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory request", _("ID"),
                                       _("Ask the unit that publishes an entry to change cells of it, or to "
                                         "remove it. The entry changes on this desk when the publisher "
                                         "accepts and its edit arrives."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!parse_kind_and_id (cli, kind_text, argc, argv, &kind, &code))
    return code;
  if (sets == NULL && !removal)
    return dd_cli_usage_error (cli, _("nothing to ask for: give --set COLUMN=VALUE or --remove"));
  if (sets != NULL && removal)
    return dd_cli_usage_error (cli, _("--set and --remove do not go together"));
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    if (!dd_cli_check_text ("--set", &sets[i], &error))
      return dd_cli_report_error (cli, error);
  if (!dd_cli_check_text ("--by", &by, &error) || !dd_cli_check_text ("--note", &note, &error))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  if (removal)
    {
      g_autoptr(DdDirectoryEdit) edit = dd_store_directory_request_change (store, kind, argv[1], NULL, verify,
                                                                           by, note, &error);

      if (edit == NULL)
        return dd_cli_report_error (cli, error);
      return print_request (cli, edit->request);
    }
  return save_entry (cli, store, kind, argv[1], sets, verify, by, note, TRUE);
}

static int
dir_requests (DdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  gboolean pending = FALSE;
  const GOptionEntry entries[] = {
    { "pending", 0, 0, G_OPTION_ARG_NONE, &pending, N_("Only those not answered yet"), NULL },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory requests", NULL,
                                       _("List the change requests this desk’s unit sent or must answer, those "
                                         "waiting for its answer first."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);
  requests = dd_store_directory_list_requests (store, pending, &error);
  if (requests == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "requests");
      json_builder_begin_array (builder);
      for (guint i = 0; i < requests->len; i++)
        build_request (builder, g_ptr_array_index (requests, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else if (requests->len == 0)
    g_print ("%s\n", _("No change requests."));
  else
    for (guint i = 0; i < requests->len; i++)
      print_request_text (g_ptr_array_index (requests, i));

  return DD_CLI_EXIT_OK;
}

static int
dir_answer (DdCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDirectoryRequest) request = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *by = NULL;
  gboolean accept = FALSE;
  gboolean decline = FALSE;
  const GOptionEntry entries[] = {
    { "accept", 0, 0, G_OPTION_ARG_NONE, &accept, N_("Make the change asked for"), NULL },
    { "decline", 0, 0, G_OPTION_ARG_NONE, &decline, N_("Refuse it (give --reason)"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why, for the requesting desk"), N_("TEXT") },
    { "by", 0, 0, G_OPTION_ARG_FILENAME, &by, N_("Who answers (default: dutyctl)"), N_("NAME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory answer", _("REQUEST-ID"),
                                       _("Answer a change request to an entry this desk’s unit publishes: "
                                         "accepting changes the entry (only the cells asked for) or removes it, "
                                         "in the same transaction as the answer."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc < 2)
    return dd_cli_usage_error (cli, _("which request? Give its id"));
  if (argc > 2)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[2]);
  if (accept == decline)
    return dd_cli_usage_error (cli, _("give either --accept or --decline"));
  if (!dd_cli_check_text ("--reason", &reason, &error) || !dd_cli_check_text ("--by", &by, &error))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);
  request = dd_store_directory_answer_request (store, argv[1], accept, reason, by, &error);
  if (request == NULL)
    return dd_cli_report_error (cli, error);
  return print_request (cli, request);
}

/* ------------------------------------------------------------------ suggest */

static int
dir_suggest (DdCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDirectorySuggestions) s = NULL;
  g_autofree char *subtype = NULL;
  g_autofree char *division = NULL;
  int limit = 0;
  const GOptionEntry entries[] = {
    { "subtype", 0, 0, G_OPTION_ARG_STRING, &subtype, N_("The incident’s sub-type (e.g. natural.geological)"), N_("ID") },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("Where it happened (division code)"), N_("CODE") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many of each kind (default 10)"), N_("N") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory suggest", NULL,
                                       _("Suggest the teams, experts, warehouses and plans to call for an incident, "
                                         "best first: same division, then up the tree, then neighbours."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (subtype == NULL)
    return dd_cli_usage_error (cli, _("--subtype ID is required"));
  if (division == NULL)
    return dd_cli_usage_error (cli, _("--division CODE is required"));
  if (dd_taxonomy_lookup (dd_taxonomy_get_default (), subtype) == NULL)
    return dd_cli_usage_error (cli, _("unknown sub-type “%s”"), subtype);
  if (limit < 0)
    return dd_cli_usage_error (cli, _("--limit must be a positive number"));

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  s = dd_store_directory_suggest (store, subtype, division, (guint) limit, &error);
  if (s == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      build_entries (builder, "teams", s->teams, TRUE);
      build_entries (builder, "experts", s->experts, TRUE);
      build_entries (builder, "warehouses", s->warehouses, TRUE);
      build_entries (builder, "plans", s->plans, TRUE);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else
    {
      GListModel *lists[] = { s->teams, s->experts, s->warehouses, s->plans };
      DdDirectoryKind kinds[] = { DD_DIRECTORY_KIND_TEAM, DD_DIRECTORY_KIND_EXPERT,
                                  DD_DIRECTORY_KIND_WAREHOUSE, DD_DIRECTORY_KIND_PLAN };

      for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
        {
          g_print ("%s:\n", dd_directory_kind_to_label (kinds[k]));
          for (guint i = 0; i < g_list_model_get_n_items (lists[k]); i++)
            {
              g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (lists[k], i);
              print_entry_line (entry);
            }
        }
    }

  return DD_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ whereabouts */

static void
build_whereabouts (JsonBuilder   *builder,
                   DdWhereabouts *w)
{
  static const char * const props[] = {
    "id", "person", "post", "unit", "from", "to", "place", "stand-in", "stand-in-phone", "note",
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *key = g_strdelimit (g_strdup (props[i]), "-", '_');

      g_object_get (w, props[i], &value, NULL);
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, dd_whereabouts_status_to_string (dd_whereabouts_get_status (w)));
  json_builder_end_object (builder);
}

static int
whereabouts_add (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdWhereabouts) w = NULL;
  g_autoptr(DdWhereabouts) saved = NULL;
  g_autofree char *person = NULL, *post = NULL, *unit = NULL, *from = NULL, *to = NULL;
  g_autofree char *status_text = NULL, *place = NULL, *stand_in = NULL, *stand_in_phone = NULL, *note = NULL;
  DdWhereaboutsStatus status;
  const GOptionEntry entries[] = {
    { "person", 0, 0, G_OPTION_ARG_FILENAME, &person, N_("The leader"), N_("NAME") },
    { "post", 0, 0, G_OPTION_ARG_FILENAME, &post, N_("The leader’s post"), N_("POST") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("The leader’s unit code"), N_("CODE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day (YYYY-MM-DD)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day (default: the first)"), N_("DATE") },
    { "status", 0, 0, G_OPTION_ARG_FILENAME, &status_text,
      N_("in_office, travelling, on_leave or meeting"), N_("STATUS") },
    { "place", 0, 0, G_OPTION_ARG_FILENAME, &place, N_("Where the leader is"), N_("PLACE") },
    { "stand-in", 0, 0, G_OPTION_ARG_FILENAME, &stand_in, N_("Who stands in"), N_("NAME") },
    { "stand-in-phone", 0, 0, G_OPTION_ARG_FILENAME, &stand_in_phone, N_("The stand-in’s phone"), N_("PHONE") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note, N_("A note"), N_("TEXT") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory whereabouts add", NULL,
                                       _("Record where a leader is over some days and who stands in."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (person == NULL)
    return dd_cli_usage_error (cli, _("--person NAME is required"));
  if (from == NULL)
    return dd_cli_usage_error (cli, _("--from DATE is required"));
  if (status_text == NULL)
    return dd_cli_usage_error (cli, _("--status STATUS is required"));
  if (!dd_cli_check_text ("--person", &person, &error) ||
      !dd_cli_check_text ("--post", &post, &error) ||
      !dd_cli_check_text ("--status", &status_text, &error) ||
      !dd_cli_check_text ("--place", &place, &error) ||
      !dd_cli_check_text ("--stand-in", &stand_in, &error) ||
      !dd_cli_check_text ("--stand-in-phone", &stand_in_phone, &error) ||
      !dd_cli_check_text ("--note", &note, &error))
    return dd_cli_report_error (cli, error);
  if (!dd_whereabouts_status_from_string (status_text, &status))
    return dd_cli_usage_error (cli, _("unknown status “%s”: use in_office, travelling, on_leave or meeting"),
                               status_text);

  w = dd_whereabouts_new (person, post, unit, from, to, status, place, stand_in, stand_in_phone, note);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  saved = dd_store_directory_add_whereabouts (store, w, &error);
  if (saved == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_whereabouts (builder, saved);
      print_json_root (builder);
    }
  else
    g_print (_("Recorded: %s, %s, %s to %s (id %s).\n"), dd_whereabouts_get_person (saved),
             dd_whereabouts_status_to_label (dd_whereabouts_get_status (saved)),
             dd_whereabouts_get_from (saved), dd_whereabouts_get_to (saved), dd_whereabouts_get_id (saved));

  return DD_CLI_EXIT_OK;
}

static int
whereabouts_list (DdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autofree char *date = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The day (YYYY-MM-DD; default today)"), N_("DATE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "directory whereabouts list", NULL,
                                       _("List the leaders’ whereabouts on a day: who is in office, travelling "
                                         "or on leave, and who stands in."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (date == NULL)
    {
      GDate today;
      char buf[16];

      dd_time_beijing_date (g_get_real_time () / 1000, &today);
      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &today);
      date = g_strdup (buf);
    }

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  list = dd_store_directory_list_whereabouts (store, date, &error);
  if (list == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, date);
      json_builder_set_member_name (builder, "whereabouts");
      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(DdWhereabouts) w = g_list_model_get_item (list, i);
          build_whereabouts (builder, w);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else
    for (guint i = 0; i < g_list_model_get_n_items (list); i++)
      {
        g_autoptr(DdWhereabouts) w = g_list_model_get_item (list, i);

        g_print ("%s\t%s\t%s\t%s\t%s\n", dd_whereabouts_get_person (w),
                 dd_whereabouts_status_to_label (dd_whereabouts_get_status (w)),
                 dd_whereabouts_get_place (w), dd_whereabouts_get_stand_in (w),
                 dd_whereabouts_get_stand_in_phone (w));
      }

  return DD_CLI_EXIT_OK;
}

static int
dir_whereabouts (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return whereabouts_add (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return whereabouts_list (cli, argc - 1, argv + 1);

  g_free (cli->command);
  cli->command = g_strdup ("directory whereabouts");
  return dd_cli_usage_error (cli, _("which whereabouts command? Use add or list"));
}

int
dd_cli_cmd_directory (DdCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autofree char *shown = NULL;

  if (argc < 2)
    {
      g_free (cli->command);
      cli->command = g_strdup ("directory");
      return dd_cli_usage_error (cli, _("which directory command? Use import, export, search, stale, verify, "
                                        "edit, add, remove, suggest or whereabouts"));
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return DD_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (cli, argc - 1, argv + 1);

  g_free (cli->command);
  cli->command = g_strdup ("directory");
  shown = g_utf8_make_valid (argv[1], -1);
  return dd_cli_usage_error (cli, _("unknown directory command “%s”"), shown);
}
