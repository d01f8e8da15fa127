/* dd-cli-duty-log.c: dutyctl log, instruction, call, handover, daily-report
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-cli-incident.h"

#include <glib/gi18n.h>

#include "dd-cli-roster.h"
#include "dd-duty-date.h"
#include "dd-duty-defaults.h"
#include "dd-duty-document.h"
#include "dd-duty-log-store.h"

/* ---------------------------------------------------------------- helpers */

static void
print_root (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  dd_cli_print_json (root);
}

/* --at or now. */
static gboolean
parse_at (const char  *text,
          gint64      *at,
          GError     **error)
{
  if (text == NULL)
    {
      *at = g_get_real_time () / 1000;
      return TRUE;
    }

  return dd_cli_parse_datetime ("--at", text, at, error);
}

static void
build_log_entry (JsonBuilder      *builder,
                 const DdLogEntry *entry)
{
  json_builder_begin_object (builder);
  dd_cli_json_add_string (builder, "id", entry->id);
  dd_cli_json_add_time (builder, "at", entry->at);
  dd_cli_json_add_string (builder, "text", entry->text);
  dd_cli_json_add_string (builder, "incident_id", entry->incident_id);
  dd_cli_json_add_string (builder, "author", entry->author);
  json_builder_end_object (builder);
}

static void
build_instruction (JsonBuilder         *builder,
                   const DdInstruction *instruction,
                   DdReportingRules    *rules,
                   gint64               at)
{
  DdClockStatus status = dd_instruction_status_at (instruction, rules, at, NULL);

  json_builder_begin_object (builder);
  dd_cli_json_add_string (builder, "id", instruction->id);
  dd_cli_json_add_string (builder, "text", instruction->text);
  dd_cli_json_add_string (builder, "by", instruction->issued_by);
  dd_cli_json_add_time (builder, "at", instruction->issued_at);
  dd_cli_json_add_string (builder, "incident_id", instruction->incident_id);
  dd_cli_json_add_time (builder, "feedback_due", instruction->feedback_due);
  dd_cli_json_add_string (builder, "status", dd_clock_status_to_string (status));
  dd_cli_json_add_time (builder, "done_at", instruction->done_at);
  dd_cli_json_add_string (builder, "reason", instruction->done_reason);
  json_builder_end_object (builder);
}

static void
build_item (JsonBuilder          *builder,
            const DdHandoverItem *item)
{
  json_builder_begin_object (builder);
  dd_cli_json_add_string (builder, "id", item->id);
  dd_cli_json_add_string (builder, "kind", dd_handover_item_kind_to_string (item->kind));
  dd_cli_json_add_string (builder, "ref_id", item->ref_id);
  dd_cli_json_add_string (builder, "title", item->title);
  dd_cli_json_add_string (builder, "detail", item->detail);
  dd_cli_json_add_time (builder, "due", item->due_at);
  dd_cli_json_add_string (builder, "status", dd_clock_status_to_string (item->status));
  json_builder_set_member_name (builder, "acknowledged");
  json_builder_add_boolean_value (builder, item->acked_at != 0);
  dd_cli_json_add_string (builder, "acked_by", item->acked_by);
  dd_cli_json_add_time (builder, "acked_at", item->acked_at);
  json_builder_end_object (builder);
}

static void
build_items (JsonBuilder *builder,
             GPtrArray   *items)
{
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    build_item (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);
}

static void
print_item_text (const DdHandoverItem *item)
{
  g_print ("%s\t%s\t%s\t%s\n", item->id, dd_clock_status_get_label (item->status),
           item->title != NULL ? item->title : "",
           item->acked_by != NULL ? item->acked_by : _("not acknowledged"));
}

/* The store of the desk and the rules, or an exit status. */
static int
open_with_rules (DdCli             *cli,
                 DdStore          **store,
                 DdIncidentRules  **rules)
{
  g_autoptr(GError) error = NULL;

  if (rules != NULL && !(*rules = dd_cli_load_incident_rules (&error)))
    return dd_cli_report_error (cli, error);
  if (!(*store = dd_cli_open_desk_store (cli, &error)))
    return dd_cli_report_error (cli, error);

  return DD_CLI_EXIT_OK;
}

static gboolean
check_no_argument (DdCli  *cli,
                   int     argc,
                   char  **argv,
                   int    *status)
{
  if (argc > 1)
    {
      *status = dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------- log */

static int
log_add (DdCli  *cli,
         int     argc,
         char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdLogEntry) entry = NULL;
  g_autoptr(DdLogEntry) saved = NULL;
  g_autofree char *text = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *by = NULL;
  gint64 at = 0;
  int status = DD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("What happened"), N_("TEXT") },
    { "incident", 0, 0, G_OPTION_ARG_STRING, &incident, N_("The incident it concerns (id or number)"), N_("ID") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When (default: now)"), N_("DATETIME") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who writes it"), N_("NAME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "log add", NULL,
                                       _("Write an entry in the duty log."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!check_no_argument (cli, argc, argv, &status))
    return status;
  if (text == NULL)
    return dd_cli_usage_error (cli, _("--text is required"));
  if (!parse_at (at_text, &at, &error) || !dd_cli_check_text ("--text", &text, &error) ||
      !dd_cli_check_text ("--incident", &incident, &error) || !dd_cli_check_text ("--by", &by, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, NULL)) != DD_CLI_EXIT_OK)
    return status;

  entry = dd_log_entry_new (NULL, at, text);
  entry->incident_id = g_strdup (incident);
  entry->author = g_strdup (by);
  if (!(saved = dd_store_add_log_entry (store, entry, &error)))
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_log_entry (builder, saved);
      print_root (builder);
    }
  else
    g_print ("%s\n", saved->id);

  return DD_CLI_EXIT_OK;
}

static int
log_list (DdCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) entries_found = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  GDate first, last;
  gint64 from = 0, to = 0;
  guint minute;
  int status = DD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First duty day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last duty day"), N_("DATE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "log list", NULL,
                                       _("List the duty log, oldest first; duty days are cut at the handover time."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!check_no_argument (cli, argc, argv, &status))
    return status;
  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  if ((from_text != NULL || to_text != NULL) && !dd_cli_parse_range (from_text, to_text, &first, &last, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, NULL)) != DD_CLI_EXIT_OK)
    return status;
  if (g_date_valid (&first))
    {
      if (!dd_store_get_handover_minute (store, &minute, &error))
        return dd_cli_report_error (cli, error);
      dd_duty_day_bounds (&first, minute, &from, NULL);
      dd_duty_day_bounds (&last, minute, NULL, &to);
    }
  if (!(entries_found = dd_store_list_log_entries (store, from, to, &error)))
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "entries");
      json_builder_begin_array (builder);
      for (guint i = 0; i < entries_found->len; i++)
        build_log_entry (builder, g_ptr_array_index (entries_found, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < entries_found->len; i++)
        {
          const DdLogEntry *entry = g_ptr_array_index (entries_found, i);
          g_autofree char *when = dd_cli_format_ms (entry->at);

          g_print ("%s\t%s\n", when, entry->text);
        }
    }

  return DD_CLI_EXIT_OK;
}

static const DdCliDutySubcommand log_subcommands[] = {
  { "add",  log_add,  N_("Write an entry in the duty log") },
  { "list", log_list, N_("List the duty log") },
};

int
dd_cli_cmd_log (DdCli  *cli,
                int     argc,
                char  **argv)
{
  return dd_cli_run_subcommand (cli, "log", _("Write and list the duty log."),
                                log_subcommands, G_N_ELEMENTS (log_subcommands), argc, argv);
}

/* ----------------------------------------------------------- instruction */

static int
print_instruction (DdCli               *cli,
                   const DdInstruction *instruction,
                   DdIncidentRules     *rules,
                   gint64               at)
{
  DdReportingRules *reporting = dd_incident_rules_get_reporting (rules);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_instruction (builder, instruction, reporting, at);
      print_root (builder);
    }
  else
    g_print ("%s\t%s\n", instruction->id,
             dd_clock_status_get_label (dd_instruction_status_at (instruction, reporting, at, NULL)));

  return DD_CLI_EXIT_OK;
}

static int
instruction_add (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdInstruction) instruction = NULL;
  g_autoptr(DdInstruction) saved = NULL;
  g_autofree char *text = NULL;
  g_autofree char *by = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *due_text = NULL;
  gint64 at = 0, due = 0;
  int status = DD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("What the leader instructed"), N_("TEXT") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("The leader"), N_("NAME") },
    { "incident", 0, 0, G_OPTION_ARG_STRING, &incident, N_("The incident it concerns (id or number)"), N_("ID") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When it was given (default: now)"), N_("DATETIME") },
    { "feedback-due", 0, 0, G_OPTION_ARG_STRING, &due_text, N_("When feedback is due"), N_("DATETIME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "instruction add", NULL,
                                       _("Record a leader's instruction."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!check_no_argument (cli, argc, argv, &status))
    return status;
  if (text == NULL || by == NULL)
    return dd_cli_usage_error (cli, _("--text and --by are required"));
  if (!parse_at (at_text, &at, &error) ||
      (due_text != NULL && !dd_cli_parse_datetime ("--feedback-due", due_text, &due, &error)) ||
      !dd_cli_check_text ("--text", &text, &error) || !dd_cli_check_text ("--by", &by, &error) ||
      !dd_cli_check_text ("--incident", &incident, &error))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (due_text != NULL && due <= at)
    return dd_cli_usage_error (cli, _("--feedback-due must be after the instruction was given"));

  if ((status = open_with_rules (cli, &store, &rules)) != DD_CLI_EXIT_OK)
    return status;

  instruction = dd_instruction_new (NULL, text, by, at);
  instruction->incident_id = g_strdup (incident);
  instruction->feedback_due = due;
  if (!(saved = dd_store_add_instruction (store, instruction, &error)))
    return dd_cli_report_duty_error (cli, error);

  return print_instruction (cli, saved, rules, at);
}

static int
instruction_done (DdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdInstruction) done = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *reason = NULL;
  gint64 at = 0;
  int status;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When it was done (default: now)"), N_("DATETIME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it was done late"), N_("TEXT") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "instruction done", "ID",
                                       _("Mark a leader's instruction done (fed back)."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one instruction id"));
  if (!parse_at (at_text, &at, &error) || !dd_cli_check_text ("--reason", &reason, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, &rules)) != DD_CLI_EXIT_OK)
    return status;
  if (!(done = dd_store_complete_instruction (store, argv[1], at, reason, &error)))
    return dd_cli_report_duty_error (cli, error);

  return print_instruction (cli, done, rules, at);
}

static int
instruction_list (DdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(GPtrArray) instructions = NULL;
  g_autofree char *at_text = NULL;
  gboolean open_only = FALSE;
  gint64 at = 0;
  int status = DD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only those not done"), NULL },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("Statuses at this time (default: now)"), N_("DATETIME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "instruction list", NULL,
                                       _("List leader instructions with their status."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!check_no_argument (cli, argc, argv, &status))
    return status;
  if (!parse_at (at_text, &at, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, &rules)) != DD_CLI_EXIT_OK)
    return status;
  if (!(instructions = dd_store_list_instructions (store, open_only, at, &error)))
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "instructions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < instructions->len; i++)
        build_instruction (builder, g_ptr_array_index (instructions, i),
                           dd_incident_rules_get_reporting (rules), at);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < instructions->len; i++)
        {
          const DdInstruction *instruction = g_ptr_array_index (instructions, i);
          DdClockStatus s = dd_instruction_status_at (instruction, dd_incident_rules_get_reporting (rules), at, NULL);

          g_print ("%s\t%s\t%s\t%s\n", instruction->id, dd_clock_status_get_label (s),
                   instruction->issued_by, instruction->text);
        }
    }

  return DD_CLI_EXIT_OK;
}

static const DdCliDutySubcommand instruction_subcommands[] = {
  { "add",  instruction_add,  N_("Record a leader's instruction") },
  { "done", instruction_done, N_("Mark an instruction done") },
  { "list", instruction_list, N_("List instructions with their status") },
};

int
dd_cli_cmd_instruction (DdCli  *cli,
                        int     argc,
                        char  **argv)
{
  return dd_cli_run_subcommand (cli, "instruction", _("Record leader instructions and track them to done."),
                                instruction_subcommands, G_N_ELEMENTS (instruction_subcommands), argc, argv);
}

/* ------------------------------------------------------------------ call */

static int
call_callback_common (DdCli    *cli,
                      int       argc,
                      char    **argv,
                      gboolean  done)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *at_text = NULL;
  gint64 due = 0, at = 0;
  gboolean ok;
  int status;
  const GOptionEntry request_entries[] = {
    { "due", 0, 0, G_OPTION_ARG_STRING, &due_text, N_("When the call-back is due"), N_("DATETIME") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When it was asked for (default: now)"), N_("DATETIME") },
    { NULL }
  };
  const GOptionEntry done_entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When the call-back was made (default: now)"), N_("DATETIME") },
    { NULL }
  };

  context = done ? dd_cli_option_context_new (cli, "call callback-done", "ID",
                                              _("Record the call-back of a call."), done_entries, TRUE)
                 : dd_cli_option_context_new (cli, "call callback", "ID",
                                              _("Mark a call for a call-back."), request_entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one call id"));
  if (!done && due_text == NULL)
    return dd_cli_usage_error (cli, _("--due is required"));
  if (!parse_at (at_text, &at, &error) ||
      (!done && !dd_cli_parse_datetime ("--due", due_text, &due, &error)))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, NULL)) != DD_CLI_EXIT_OK)
    return status;
  ok = done ? dd_store_complete_callback (store, argv[1], at, &error)
            : dd_store_request_callback (store, argv[1], due, at, &error);
  if (!ok)
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      dd_cli_json_add_string (builder, "call_id", argv[1]);
      dd_cli_json_add_time (builder, done ? "done_at" : "due", done ? at : due);
      json_builder_end_object (builder);
      print_root (builder);
    }

  return DD_CLI_EXIT_OK;
}

static int
call_callback (DdCli  *cli,
               int     argc,
               char  **argv)
{
  return call_callback_common (cli, argc, argv, FALSE);
}

static int
call_callback_done (DdCli  *cli,
                    int     argc,
                    char  **argv)
{
  return call_callback_common (cli, argc, argv, TRUE);
}

static const DdCliDutySubcommand call_subcommands[] = {
  { "callback",      call_callback,      N_("Mark a call for a call-back with a due time") },
  { "callback-done", call_callback_done, N_("Record the call-back made") },
};

int
dd_cli_cmd_call (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  return dd_cli_run_subcommand (cli, "call", _("Mark calls for a call-back and the call-back made."),
                                call_subcommands, G_N_ELEMENTS (call_subcommands), argc, argv);
}

/* -------------------------------------------------------------- handover */

/* The handover commands' shared option: --at. */
static int
handover_show (DdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *at_text = NULL;
  gint64 at = 0;
  guint unacked = 0;
  int status = DD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("At this time (default: now)"), N_("DATETIME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "handover show", NULL,
                                       _("Show what is open to hand over, and what is acknowledged."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!check_no_argument (cli, argc, argv, &status))
    return status;
  if (!parse_at (at_text, &at, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, &rules)) != DD_CLI_EXIT_OK)
    return status;
  if (!(items = dd_store_list_handover_items (store, rules, at, &error)))
    return dd_cli_report_error (cli, error);
  for (guint i = 0; i < items->len; i++)
    unacked += ((const DdHandoverItem *) g_ptr_array_index (items, i))->acked_at == 0;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      dd_cli_json_add_time (builder, "at", at);
      build_items (builder, items);
      json_builder_set_member_name (builder, "unacknowledged");
      json_builder_add_int_value (builder, unacked);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < items->len; i++)
        print_item_text (g_ptr_array_index (items, i));
    }

  return DD_CLI_EXIT_OK;
}

static int
handover_ack (DdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdHandoverItem) item = NULL;
  g_autofree char *item_id = NULL;
  g_autofree char *by = NULL;
  g_autofree char *at_text = NULL;
  gint64 at = 0;
  int status = DD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "item", 0, 0, G_OPTION_ARG_STRING, &item_id, N_("The item (as handover show lists it)"), N_("ID") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("The incoming officer"), N_("NAME") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When (default: now)"), N_("DATETIME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "handover ack", NULL,
                                       _("Acknowledge a handover item as the incoming officer."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!check_no_argument (cli, argc, argv, &status))
    return status;
  if (item_id == NULL || by == NULL)
    return dd_cli_usage_error (cli, _("--item and --by are required"));
  if (!parse_at (at_text, &at, &error) || !dd_cli_check_text ("--by", &by, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, &rules)) != DD_CLI_EXIT_OK)
    return status;
  if (!(item = dd_store_ack_handover_item (store, rules, item_id, by, at, &error)))
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_item (builder, item);
      print_root (builder);
    }
  else
    print_item_text (item);

  return DD_CLI_EXIT_OK;
}

static void
build_handover (JsonBuilder      *builder,
                const DdHandover *handover)
{
  json_builder_begin_object (builder);
  dd_cli_json_add_string (builder, "id", handover->id);
  dd_cli_json_add_string (builder, "outgoing", handover->outgoing);
  dd_cli_json_add_string (builder, "incoming", handover->incoming);
  dd_cli_json_add_time (builder, "signed_at", handover->signed_at);
  dd_cli_json_add_string (builder, "note", handover->note);
  build_items (builder, handover->items);
  json_builder_end_object (builder);
}

static int
handover_sign (DdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdHandover) handover = NULL;
  g_autofree char *outgoing = NULL;
  g_autofree char *incoming = NULL;
  g_autofree char *note = NULL;
  g_autofree char *at_text = NULL;
  gint64 at = 0;
  int status = DD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "outgoing", 0, 0, G_OPTION_ARG_STRING, &outgoing, N_("The officer handing over"), N_("NAME") },
    { "incoming", 0, 0, G_OPTION_ARG_STRING, &incoming, N_("The officer taking over"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Handover notes"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When (default: now)"), N_("DATETIME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "handover sign", NULL,
                                       _("Sign the handover; every item must be acknowledged first."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!check_no_argument (cli, argc, argv, &status))
    return status;
  if (outgoing == NULL || incoming == NULL)
    return dd_cli_usage_error (cli, _("--outgoing and --incoming are required"));
  if (!parse_at (at_text, &at, &error) || !dd_cli_check_text ("--outgoing", &outgoing, &error) ||
      !dd_cli_check_text ("--incoming", &incoming, &error) || !dd_cli_check_text ("--note", &note, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, &rules)) != DD_CLI_EXIT_OK)
    return status;
  if (!(handover = dd_store_sign_handover (store, rules, outgoing, incoming, note, at, &error)))
    return dd_cli_report_duty_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_handover (builder, handover);
      print_root (builder);
    }
  else
    g_print ("%s\n", handover->id);

  return DD_CLI_EXIT_OK;
}

/* Writes @document to @output, or reports the error. */
static int
write_document (DdCli          *cli,
                DdDutyDocument *document,
                const char     *output)
{
  g_autoptr(GError) error = NULL;

  if (!dd_duty_document_write_pdf (document, output, &error))
    return dd_cli_report_error (cli, error);

  return DD_CLI_EXIT_OK;
}

static int
handover_print (DdCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdDutyDefaults) defaults = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(DdDutyDocument) document = NULL;
  g_autofree char *output = NULL;
  g_autofree char *at_text = NULL;
  gint64 at = 0;
  int status = DD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write"), N_("FILE") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("At this time (default: now)"), N_("DATETIME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "handover print", NULL,
                                       _("Print the handover record to sign as a PDF file."), entries, FALSE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!check_no_argument (cli, argc, argv, &status))
    return status;
  if (output == NULL)
    return dd_cli_usage_error (cli, _("-o FILE is required"));
  if (!parse_at (at_text, &at, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, &rules)) != DD_CLI_EXIT_OK)
    return status;
  if (!(defaults = dd_duty_defaults_load (&error)) || !(desk = dd_cli_get_desk (store, &error)) ||
      !(items = dd_store_list_handover_items (store, rules, at, &error)))
    return dd_cli_report_error (cli, error);

  document = dd_duty_document_new_handover (defaults->handover_title, dd_desk_get_unit_name (desk),
                                            items, NULL, at);

  return write_document (cli, document, output);
}

static const DdCliDutySubcommand handover_subcommands[] = {
  { "show",  handover_show,  N_("Show the items to hand over") },
  { "ack",   handover_ack,   N_("Acknowledge an item as the incoming officer") },
  { "sign",  handover_sign,  N_("Sign the handover (both officers)") },
  { "print", handover_print, N_("Print the handover record (PDF)") },
};

int
dd_cli_cmd_handover (DdCli  *cli,
                     int     argc,
                     char  **argv)
{
  return dd_cli_run_subcommand (cli, "handover", _("Show, acknowledge, sign and print the handover."),
                                handover_subcommands, G_N_ELEMENTS (handover_subcommands), argc, argv);
}

/* ---------------------------------------------------------- daily report */

static void
build_counts (JsonBuilder *builder,
              const char  *member,
              GPtrArray   *counts,
              gboolean     by_grade)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  for (guint i = 0; i < counts->len; i++)
    {
      const DdDailyCount *count = g_ptr_array_index (counts, i);

      json_builder_set_member_name (builder, count->key);
      if (!by_grade)
        {
          json_builder_add_int_value (builder, count->total);
          continue;
        }
      json_builder_begin_object (builder);
      for (guint g = 0; g < G_N_ELEMENTS (count->counts); g++)
        {
          json_builder_set_member_name (builder, dd_grade_to_string ((DdGrade) g));
          json_builder_add_int_value (builder, count->counts[g]);
        }
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, count->total);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
build_daily_report (JsonBuilder   *builder,
                    DdDailyReport *report)
{
  g_autofree char *day = dd_duty_date_to_string (&report->day);

  json_builder_begin_object (builder);
  dd_cli_json_add_string (builder, "date", day);
  dd_cli_json_add_time (builder, "from", report->from);
  dd_cli_json_add_time (builder, "to", report->to);
  dd_cli_json_add_time (builder, "at", report->at);
  json_builder_set_member_name (builder, "calls");
  json_builder_add_int_value (builder, report->n_calls);
  build_counts (builder, "calls_by_channel", report->channels, FALSE);
  json_builder_set_member_name (builder, "incidents");
  json_builder_add_int_value (builder, report->n_incidents);
  build_counts (builder, "incidents_by_category", report->categories, TRUE);

  json_builder_set_member_name (builder, "reports");
  json_builder_begin_object (builder);
  for (guint k = 0; k < G_N_ELEMENTS (report->n_reports); k++)
    {
      json_builder_set_member_name (builder, dd_report_kind_to_string ((DdReportKind) k));
      json_builder_add_int_value (builder, report->n_reports[k]);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "deadlines");
  json_builder_begin_object (builder);
  for (guint s = 0; s < G_N_ELEMENTS (report->n_clocks); s++)
    {
      json_builder_set_member_name (builder, dd_clock_status_to_string ((DdClockStatus) s));
      json_builder_add_int_value (builder, report->n_clocks[s]);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "instructions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->instructions->len; i++)
    {
      const DdInstruction *instruction = g_ptr_array_index (report->instructions, i);

      json_builder_begin_object (builder);
      dd_cli_json_add_string (builder, "id", instruction->id);
      dd_cli_json_add_string (builder, "text", instruction->text);
      dd_cli_json_add_string (builder, "status",
                              dd_clock_status_to_string (g_array_index (report->instruction_status, guint, i)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "handovers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->handovers->len; i++)
    build_handover (builder, g_ptr_array_index (report->handovers, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

int
dd_cli_cmd_daily_report (DdCli  *cli,
                         int     argc,
                         char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdDailyReport) report = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *output = NULL;
  GDate day;
  gint64 at = 0;
  int status = DD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("The duty day"), N_("DATE") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("Statuses at this time (default: now, at most the day's end)"), N_("DATETIME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report as a PDF file"), N_("FILE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "daily-report", NULL,
                                       _("The daily duty report of a duty day, cut at the handover time."),
                                       entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;
  if (!check_no_argument (cli, argc, argv, &status))
    return status;
  if (date_text == NULL)
    return dd_cli_usage_error (cli, _("--date is required"));
  if (!dd_cli_parse_date ("--date", date_text, &day, &error) || !parse_at (at_text, &at, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if ((status = open_with_rules (cli, &store, &rules)) != DD_CLI_EXIT_OK)
    return status;
  if (!(report = dd_store_build_daily_report (store, rules, &day, at, &error)))
    return dd_cli_report_error (cli, error);

  if (output != NULL)
    {
      g_autoptr(DdDutyDefaults) defaults = dd_duty_defaults_load (&error);
      g_autoptr(DdDutyDocument) document = NULL;

      if (defaults == NULL)
        return dd_cli_report_error (cli, error);
      document = dd_duty_document_new_daily_report (defaults->daily_report_title, report);
      if ((status = write_document (cli, document, output)) != DD_CLI_EXIT_OK)
        return status;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_daily_report (builder, report);
      print_root (builder);
    }
  else if (output == NULL)
    {
      g_autoptr(DdDutyDocument) document = dd_duty_document_new_daily_report ("", report);
      g_autofree char *text = dd_duty_document_dup_text (document);

      g_print ("%s", text);
    }

  return DD_CLI_EXIT_OK;
}
