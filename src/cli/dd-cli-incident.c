/* dd-cli-incident.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-cli-incident.h"

#include <glib/gi18n.h>

#include "dd-cli-roster.h"
#include "dd-division.h"
#include "dd-incident-store.h"
#include "dd-report-draft.h"
#include "dd-roster-store.h"
#include "dd-rules-loader.h"
#include "dd-staff.h"
#include "dd-text-document.h"

/* ---------------------------------------------------------------- helpers */

/* The fact flags, in #DdFact order. */
static const char * const fact_options[DD_N_FACTS] = {
  "deaths", "missing", "injured", "serious-injuries", "trapped", "evacuated", "threatened",
  "loss-yuan", "potential-loss-yuan", "area-ha", "magnitude", "density",
};

typedef struct
{
  char *values[DD_N_FACTS];
} FactArgs;

static void
fact_args_clear (FactArgs *args)
{
  for (guint i = 0; i < DD_N_FACTS; i++)
    g_clear_pointer (&args->values[i], g_free);
}

/* @entries (terminated) followed by the fact flags, terminated. */
static GOptionEntry *
with_fact_entries (const GOptionEntry *entries,
                   FactArgs           *args)
{
  GArray *out = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));

  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    g_array_append_val (out, entries[i]);

  for (guint i = 0; i < DD_N_FACTS; i++)
    {
      GOptionEntry entry = { fact_options[i], 0, 0, G_OPTION_ARG_STRING, &args->values[i],
                             N_("A fact: the total as now known"), N_("VALUE") };

      if (i == DD_FACT_DENSITY)
        entry.arg_description = "dense|fairly_dense";
      g_array_append_val (out, entry);
    }

  return (GOptionEntry *) (void *) g_array_free (out, FALSE);
}

static gboolean
parse_facts (FactArgs  *args,
             DdFacts   *facts,
             GError   **error)
{
  for (guint i = 0; i < DD_N_FACTS; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (args->values[i] == NULL)
        continue;
      if (!dd_facts_set_from_string (facts, (DdFact) i, args->values[i], &local_error))
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, "--%s: %s",
                       fact_options[i], local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/* The text flags, in #DdIncidentText order. */
static const struct {
  const char *option;
  const char *description;
  const char *arg;
} text_options[DD_N_INCIDENT_TEXTS] = {
  { "description", N_("What happened"), N_("TEXT") },
  { "location", N_("Where"), N_("TEXT") },
  { "division", N_("The division code of the place"), N_("CODE") },
  { "source", N_("The source of the information"), N_("TEXT") },
  { "scope", N_("The scope of impact"), N_("TEXT") },
  { "trend", N_("The trend"), N_("TEXT") },
  { "measures", N_("The measures taken"), N_("TEXT") },
  { "leaders", N_("The leaders on scene"), N_("TEXT") },
};

typedef struct
{
  char *values[DD_N_INCIDENT_TEXTS];
  char *occurred;
} TextArgs;

static void
text_args_clear (TextArgs *args)
{
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    g_clear_pointer (&args->values[i], g_free);
  g_clear_pointer (&args->occurred, g_free);
}

/* @entries (terminated) followed by --occurred-at and the text flags,
 * terminated. */
static GOptionEntry *
with_text_entries (const GOptionEntry *entries,
                   TextArgs           *args)
{
  GArray *out = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  GOptionEntry occurred = { "occurred-at", 0, 0, G_OPTION_ARG_STRING, &args->occurred,
                            N_("When it occurred"), N_("DATETIME") };

  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    g_array_append_val (out, entries[i]);

  g_array_append_val (out, occurred);
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    {
      GOptionEntry entry = { text_options[i].option, 0, 0, G_OPTION_ARG_STRING, &args->values[i],
                             text_options[i].description, text_options[i].arg };

      g_array_append_val (out, entry);
    }

  return (GOptionEntry *) (void *) g_array_free (out, FALSE);
}

/* Checks the texts (UTF-8, a known division code) and the occurred time,
 * then sets them on @event; nothing is set on error. */
static gboolean
parse_texts (TextArgs         *args,
             DdIncidentEvent  *event,
             GError          **error)
{
  const char *division = args->values[DD_INCIDENT_TEXT_DIVISION];
  gint64 occurred_at = 0;

  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    {
      g_autofree char *option = g_strconcat ("--", text_options[i].option, NULL);

      if (!dd_cli_check_text (option, &args->values[i], error))
        return FALSE;
    }

  if (division != NULL &&
      dd_division_table_lookup (dd_division_table_get_default (), division) == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("--division: “%s” is not a division code of the province"), division);
      return FALSE;
    }

  if (args->occurred != NULL &&
      !dd_cli_parse_datetime ("--occurred-at", args->occurred, &occurred_at, error))
    return FALSE;

  event->occurred_at = occurred_at;
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    if (args->values[i] != NULL)
      dd_incident_event_set_text (event, (DdIncidentText) i, args->values[i]);

  return TRUE;
}

static gboolean
text_args_is_empty (TextArgs *args)
{
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    if (args->values[i] != NULL && *args->values[i] != '\0')
      return FALSE;

  return args->occurred == NULL;
}

DdIncidentRules *
dd_cli_load_incident_rules (GError **error)
{
  g_autoptr(DdGradingRules) grading = dd_grading_rules_load_default (error);
  g_autoptr(DdReportingRules) reporting = NULL;

  if (grading == NULL)
    return NULL;
  if (!(reporting = dd_reporting_rules_load_default (error)))
    return NULL;

  return dd_incident_rules_new (grading, dd_taxonomy_get_default (), reporting);
}

static void
print_root (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  dd_cli_print_json (root);
}

void
dd_cli_json_add_time (JsonBuilder *builder,
                  const char  *member,
                  gint64       unix_ms)
{
  json_builder_set_member_name (builder, member);
  if (unix_ms != 0)
    {
      g_autofree char *text = dd_cli_format_ms (unix_ms);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_grade (JsonBuilder *builder,
           const char  *member,
           DdGrade      grade)
{
  dd_cli_json_add_string (builder, member, grade == DD_GRADE_NONE ? NULL : dd_grade_to_string (grade));
}

static void
build_basis (JsonBuilder   *builder,
             DdGradeResult *result)
{
  json_builder_set_member_name (builder, "basis");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->basis->len; i++)
    {
      const DdGradeBasis *basis = g_ptr_array_index (result->basis, i);

      json_builder_begin_object (builder);
      dd_cli_json_add_string (builder, "criterion", basis->criterion);
      json_builder_set_member_name (builder, "value");
      json_builder_add_double_value (builder, basis->value);
      json_builder_set_member_name (builder, "threshold");
      json_builder_add_double_value (builder, basis->threshold);
      add_grade (builder, "grade", basis->grade);
      json_builder_set_member_name (builder, "density_assumed");
      json_builder_add_boolean_value (builder, basis->density_assumed);
      dd_cli_json_add_string (builder, "text", basis->text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_clock (JsonBuilder       *builder,
             DdIncidentSummary *summary,
             DdReportClock     *clock)
{
  json_builder_begin_object (builder);
  dd_cli_json_add_string (builder, "incident_id", dd_incident_summary_get_id (summary));
  dd_cli_json_add_string (builder, "number", dd_incident_summary_get_number (summary));
  dd_cli_json_add_string (builder, "step", clock->step);
  add_grade (builder, "grade", clock->grade);
  dd_cli_json_add_string (builder, "recipient", clock->recipient);
  dd_cli_json_add_time (builder, "started_at", clock->started_at);
  dd_cli_json_add_time (builder, "due", clock->due_at);
  dd_cli_json_add_string (builder, "status", dd_clock_status_to_string (clock->status));
  dd_cli_json_add_time (builder, "met_at", clock->met_at);
  dd_cli_json_add_string (builder, "late_reason", clock->late_reason);
  json_builder_end_object (builder);
}

static void
build_deadlines (JsonBuilder      *builder,
                 DdIncidentDetail *detail)
{
  json_builder_set_member_name (builder, "deadlines");
  json_builder_begin_array (builder);
  for (guint i = 0; detail->reporting != NULL && i < detail->reporting->clocks->len; i++)
    build_clock (builder, detail->summary, g_ptr_array_index (detail->reporting->clocks, i));
  json_builder_end_array (builder);
}

static void
build_summary_members (JsonBuilder       *builder,
                       DdIncidentSummary *summary)
{
  dd_cli_json_add_string (builder, "id", dd_incident_summary_get_id (summary));
  dd_cli_json_add_string (builder, "number", dd_incident_summary_get_number (summary));
  dd_cli_json_add_string (builder, "subtype", dd_incident_summary_get_subtype (summary));
  dd_cli_json_add_time (builder, "received_at", dd_incident_summary_get_received_at (summary));
  dd_cli_json_add_time (builder, "occurred_at", dd_incident_summary_get_occurred_at (summary));
  dd_cli_json_add_string (builder, "location", dd_incident_summary_get_location (summary));
  dd_cli_json_add_string (builder, "division", dd_incident_summary_get_division (summary));
  dd_cli_json_add_string (builder, "description", dd_incident_summary_get_description (summary));
  add_grade (builder, "grade", dd_incident_summary_get_grade (summary));
  add_grade (builder, "computed_grade", dd_incident_summary_get_computed_grade (summary));
  json_builder_set_member_name (builder, "manual_required");
  json_builder_add_boolean_value (builder, dd_incident_summary_get_manual_required (summary));
  dd_cli_json_add_string (builder, "status", dd_incident_status_to_string (dd_incident_summary_get_status (summary)));
  dd_cli_json_add_time (builder, "closed_at", dd_incident_summary_get_closed_at (summary));
  dd_cli_json_add_time (builder, "next_due", dd_incident_summary_get_next_due_at (summary));
}

static void
build_facts (JsonBuilder   *builder,
             const DdFacts *facts)
{
  json_builder_set_member_name (builder, "facts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < DD_N_FACTS; i++)
    {
      g_autofree char *value = dd_facts_format_value (facts, (DdFact) i);

      if (value == NULL)
        continue;
      json_builder_set_member_name (builder, dd_fact_to_string ((DdFact) i));
      if (i == DD_FACT_DENSITY)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_double_value (builder, dd_facts_get_value (facts, (DdFact) i));
    }
  json_builder_end_object (builder);
}

/* The incident as written commands and `show` print it. */
static void
print_incident (DdIncidentDetail *detail,
                gboolean          full)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  DdIncidentState *state = detail->state;

  json_builder_begin_object (builder);
  build_summary_members (builder, detail->summary);
  build_basis (builder, state->computed);
  build_deadlines (builder, detail);
  if (full)
    {
      build_facts (builder, &state->facts);
      json_builder_set_member_name (builder, "texts");
      json_builder_begin_object (builder);
      for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
        if (state->texts[i] != NULL)
          dd_cli_json_add_string (builder, dd_incident_text_to_string ((DdIncidentText) i), state->texts[i]);
      json_builder_end_object (builder);
      dd_cli_json_add_string (builder, "override_reason", state->override_reason);
      json_builder_set_member_name (builder, "events");
      json_builder_begin_array (builder);
      for (guint i = 0; i < state->history->len; i++)
        {
          const DdIncidentHistoryEntry *entry = g_ptr_array_index (state->history, i);

          json_builder_begin_object (builder);
          dd_cli_json_add_string (builder, "id", entry->event->id);
          dd_cli_json_add_string (builder, "kind", dd_incident_event_kind_to_string (entry->event->kind));
          dd_cli_json_add_time (builder, "received_at", entry->event->received_at);
          dd_cli_json_add_string (builder, "note", entry->event->note);
          add_grade (builder, "grade", entry->effective_grade);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "calls");
      json_builder_begin_array (builder);
      for (guint i = 0; detail->calls != NULL && i < detail->calls->len; i++)
        {
          DdCall *call = g_ptr_array_index (detail->calls, i);

          json_builder_begin_object (builder);
          dd_cli_json_add_string (builder, "id", dd_call_get_id (call));
          dd_cli_json_add_time (builder, "received_at", dd_call_get_received_at (call));
          dd_cli_json_add_string (builder, "channel", dd_call_channel_to_string (dd_call_get_channel (call)));
          dd_cli_json_add_string (builder, "summary", dd_call_get_summary (call));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  print_root (builder);
}

static void
print_incident_text (DdIncidentDetail *detail)
{
  DdIncidentSummary *summary = detail->summary;
  g_autofree char *basis = dd_grade_result_dup_text (detail->state->computed);
  g_autofree char *received = dd_cli_format_ms (dd_incident_summary_get_received_at (summary));

  g_print ("%s\t%s\t%s\n", dd_incident_summary_get_number (summary),
           dd_grade_get_label (dd_incident_summary_get_grade (summary)),
           dd_incident_status_get_label (dd_incident_summary_get_status (summary)));
  g_print (_("Received: %s\n"), received);
  if (basis != NULL && *basis != '\0')
    g_print ("%s\n", basis);
  for (guint i = 0; detail->reporting != NULL && i < detail->reporting->clocks->len; i++)
    {
      const DdReportClock *clock = g_ptr_array_index (detail->reporting->clocks, i);
      g_autofree char *due = dd_cli_format_ms (clock->due_at);

      g_print ("  %s\t%s\t%s\n", clock->step, due, dd_clock_status_get_label (clock->status));
    }
}

/* Writes done: prints the incident with clocks at @at. */
static int
finish_incident (DdCli            *cli,
                 DdStore          *store,
                 DdIncidentRules  *rules,
                 const char       *id,
                 gint64            at,
                 gboolean          full)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentDetail) detail = dd_store_get_incident (store, rules, id, at, &error);

  if (detail == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    print_incident (detail, full);
  else
    print_incident_text (detail);

  return DD_CLI_EXIT_OK;
}

static gboolean
parse_grade (const char  *text,
             DdGrade     *grade,
             GError     **error)
{
  if (!dd_grade_from_string (text, grade) || *grade == DD_GRADE_NONE)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("--grade: expected I, II, III or IV, not “%s”"), text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_texts (char   **values[],
             const char *names[],
             guint    n,
             GError **error)
{
  for (guint i = 0; i < n; i++)
    if (!dd_cli_check_text (names[i], values[i], error))
      return FALSE;

  return TRUE;
}

/* ------------------------------------------------------------------ grade */

int
dd_cli_cmd_grade (DdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) rules = NULL;
  g_autoptr(DdGradeResult) result = NULL;
  g_autofree GOptionEntry *all = NULL;
  g_autofree char *subtype = NULL;
  FactArgs facts_args = { { NULL } };
  DdFacts facts = DD_FACTS_INIT;
  const GOptionEntry entries[] = {
    { "subtype", 0, 0, G_OPTION_ARG_STRING, &subtype, N_("The sub-type (taxonomy id)"), N_("ID") },
    { NULL }
  };
  int status = DD_CLI_EXIT_OK;

  all = with_fact_entries (entries, &facts_args);
  context = dd_cli_option_context_new (cli, "grade", NULL,
                                       _("Grade an incident from its facts."), all, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    {
      fact_args_clear (&facts_args);
      return DD_CLI_EXIT_USAGE;
    }

  if (argc > 1)
    status = dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  else if (subtype == NULL)
    status = dd_cli_usage_error (cli, _("--subtype is required"));
  else if (!parse_facts (&facts_args, &facts, &error))
    status = dd_cli_usage_error (cli, "%s", error->message);
  fact_args_clear (&facts_args);
  if (status != DD_CLI_EXIT_OK)
    return status;

  if (!(rules = dd_grading_rules_load_default (&error)))
    return dd_cli_report_error (cli, error);

  result = dd_grade_compute_for_subtype (rules, dd_taxonomy_get_default (), subtype, &facts, &error);
  if (result == NULL)
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_grade (builder, "grade", result->grade);
      json_builder_set_member_name (builder, "manual_required");
      json_builder_add_boolean_value (builder, result->manual_required);
      dd_cli_json_add_string (builder, "scheme", result->scheme);
      build_basis (builder, result);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      g_autofree char *text = dd_grade_result_dup_text (result);

      g_print ("%s\n", result->manual_required ? _("The officer must set the grade")
                                               : dd_grade_get_label (result->grade));
      if (text != NULL && *text != '\0')
        g_print ("%s\n", text);
    }

  return DD_CLI_EXIT_OK;
}

/* ----------------------------------------------------------- incident log */

static int
incident_log (DdCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autoptr(DdCall) call = NULL;
  g_autofree GOptionEntry *all = NULL;
  g_autofree GOptionEntry *with_texts = NULL;
  g_autofree char *received_text = NULL;
  g_autofree char *subtype = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *channel_text = NULL;
  g_autofree char *caller = NULL;
  g_autofree char *caller_unit = NULL;
  g_autofree char *caller_phone = NULL;
  g_autofree char *grade_text = NULL;
  g_autofree char *reason = NULL;
  FactArgs facts_args = { { NULL } };
  TextArgs text_args = { { NULL } };
  DdFacts facts = DD_FACTS_INIT;
  DdCallInput input = { 0 };
  DdGrade grade = DD_GRADE_NONE;
  gint64 received_at = 0;
  const GOptionEntry entries[] = {
    { "received-at", 0, 0, G_OPTION_ARG_STRING, &received_text, N_("When the information was received"), N_("DATETIME") },
    { "subtype", 0, 0, G_OPTION_ARG_STRING, &subtype, N_("The sub-type (taxonomy id)"), N_("ID") },
    { "summary", 0, 0, G_OPTION_ARG_STRING, &summary, N_("What was reported"), N_("TEXT") },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel_text, N_("How it came in (default: phone)"), N_("CHANNEL") },
    { "caller", 0, 0, G_OPTION_ARG_STRING, &caller, N_("The caller's name"), N_("NAME") },
    { "caller-unit", 0, 0, G_OPTION_ARG_STRING, &caller_unit, N_("The caller's unit"), N_("UNIT") },
    { "caller-phone", 0, 0, G_OPTION_ARG_STRING, &caller_phone, N_("The caller's number"), N_("PHONE") },
    { "grade", 0, 0, G_OPTION_ARG_STRING, &grade_text, N_("The officer's grade"), "I|II|III|IV" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the officer's grade"), N_("TEXT") },
    { NULL }
  };
  char **texts[] = { &summary, &caller, &caller_unit, &caller_phone, &reason };
  const char *text_names[] = { "--summary", "--caller", "--caller-unit", "--caller-phone", "--reason" };
  int status = DD_CLI_EXIT_OK;

  with_texts = with_text_entries (entries, &text_args);
  all = with_fact_entries (with_texts, &facts_args);
  context = dd_cli_option_context_new (cli, "incident log", NULL,
                                       _("Log a call that opens a new incident."), all, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    {
      fact_args_clear (&facts_args);
      text_args_clear (&text_args);
      return DD_CLI_EXIT_USAGE;
    }

  /* The summary is the description unless --description is given. */
  event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
  input.channel = DD_CALL_CHANNEL_PHONE;
  if (argc > 1)
    status = dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  else if (received_text == NULL || subtype == NULL || summary == NULL)
    status = dd_cli_usage_error (cli, _("--received-at, --subtype and --summary are required"));
  else if (!dd_cli_parse_datetime ("--received-at", received_text, &received_at, &error) ||
           !check_texts (texts, text_names, G_N_ELEMENTS (texts), &error) ||
           !parse_texts (&text_args, event, &error) ||
           !parse_facts (&facts_args, &facts, &error) ||
           (grade_text != NULL && !parse_grade (grade_text, &grade, &error)))
    status = dd_cli_usage_error (cli, "%s", error->message);
  else if (channel_text != NULL && !dd_call_channel_from_string (channel_text, &input.channel))
    status = dd_cli_usage_error (cli, _("--channel: unknown channel “%s”"), channel_text);
  else if (dd_taxonomy_lookup (dd_taxonomy_get_default (), subtype) == NULL)
    status = dd_cli_usage_error (cli, _("--subtype: unknown sub-type “%s”"), subtype);
  else if (grade_text != NULL && (reason == NULL || *reason == '\0'))
    status = dd_cli_usage_error (cli, _("--grade needs --reason"));
  fact_args_clear (&facts_args);
  text_args_clear (&text_args);
  if (status != DD_CLI_EXIT_OK)
    return status;

  if (!(rules = dd_cli_load_incident_rules (&error)))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  event->received_at = received_at;
  event->subtype = g_strdup (subtype);
  event->facts = facts;
  if (event->texts[DD_INCIDENT_TEXT_DESCRIPTION] == NULL)
    dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, summary);

  input.received_at = received_at;
  input.caller_name = caller;
  input.caller_unit = caller_unit;
  input.caller_phone = caller_phone;
  input.summary = summary;
  input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;

  call = dd_store_log_call (store, rules, &input, event, &error);
  if (call == NULL)
    return dd_cli_report_error (cli, error);

  if (grade != DD_GRADE_NONE)
    {
      g_autoptr(DdIncidentEvent) regrade = NULL;
      g_autoptr(DdIncidentSummary) summary_after = NULL;

      regrade = dd_incident_event_new (NULL, dd_call_get_incident_id (call),
                                       DD_INCIDENT_EVENT_KIND_REGRADE, received_at);
      regrade->grade = grade;
      regrade->reason = g_strdup (reason);
      summary_after = dd_store_add_incident_event (store, rules, regrade, &error);
      if (summary_after == NULL)
        return dd_cli_report_error (cli, error);
    }

  return finish_incident (cli, store, rules, dd_call_get_incident_id (call), received_at, FALSE);
}

/* ------------------------------------------------ events on an incident */

/* Appends @event and prints the incident with clocks at its time. */
static int
append_event (DdCli           *cli,
              DdIncidentEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdIncidentSummary) summary = NULL;

  if (!(rules = dd_cli_load_incident_rules (&error)))
    return dd_cli_report_error (cli, error);

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  summary = dd_store_add_incident_event (store, rules, event, &error);
  if (summary == NULL)
    return dd_cli_report_error (cli, error);

  return finish_incident (cli, store, rules, dd_incident_summary_get_id (summary),
                          event->received_at, FALSE);
}

static int
incident_update (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autofree GOptionEntry *all = NULL;
  g_autofree GOptionEntry *with_texts = NULL;
  g_autofree char *received_text = NULL;
  g_autofree char *text = NULL;
  FactArgs facts_args = { { NULL } };
  TextArgs text_args = { { NULL } };
  DdFacts facts = DD_FACTS_INIT;
  gint64 received_at = 0;
  const GOptionEntry entries[] = {
    { "received-at", 0, 0, G_OPTION_ARG_STRING, &received_text, N_("When the information was received"), N_("DATETIME") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("The information as received"), N_("TEXT") },
    { NULL }
  };
  int status = DD_CLI_EXIT_OK;

  with_texts = with_text_entries (entries, &text_args);
  all = with_fact_entries (with_texts, &facts_args);
  context = dd_cli_option_context_new (cli, "incident update", "ID",
                                       _("Record new information about an incident."), all, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    {
      fact_args_clear (&facts_args);
      text_args_clear (&text_args);
      return DD_CLI_EXIT_USAGE;
    }

  event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_UPDATE, 0);
  if (argc != 2)
    status = dd_cli_usage_error (cli, _("give one incident id or number"));
  else if (received_text == NULL)
    status = dd_cli_usage_error (cli, _("--received-at is required"));
  else if (!dd_cli_parse_datetime ("--received-at", received_text, &received_at, &error) ||
           !dd_cli_check_text ("--text", &text, &error) ||
           !parse_facts (&facts_args, &facts, &error) ||
           !parse_texts (&text_args, event, &error))
    status = dd_cli_usage_error (cli, "%s", error->message);
  else if (dd_facts_is_empty (&facts) && (text == NULL || *text == '\0') && text_args_is_empty (&text_args))
    status = dd_cli_usage_error (cli, _("give new facts, elements or --text"));
  fact_args_clear (&facts_args);
  text_args_clear (&text_args);
  if (status != DD_CLI_EXIT_OK)
    return status;

  event->incident_id = g_strdup (argv[1]);
  event->received_at = received_at;
  event->facts = facts;
  event->note = g_strdup (text);

  return append_event (cli, event);
}

static int
incident_regrade (DdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autofree char *grade_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *at_text = NULL;
  DdGrade grade = DD_GRADE_NONE;
  gint64 at = g_get_real_time () / 1000;
  const GOptionEntry entries[] = {
    { "grade", 0, 0, G_OPTION_ARG_STRING, &grade_text, N_("The officer's grade"), "I|II|III|IV" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When (default: now)"), N_("DATETIME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "incident regrade", "ID",
                                       _("Set the officer's grade of an incident."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one incident id or number"));
  if (grade_text == NULL || reason == NULL || *reason == '\0')
    return dd_cli_usage_error (cli, _("--grade and --reason are required"));
  if (!parse_grade (grade_text, &grade, &error) ||
      !dd_cli_check_text ("--reason", &reason, &error) ||
      (at_text != NULL && !dd_cli_parse_datetime ("--at", at_text, &at, &error)))
    return dd_cli_usage_error (cli, "%s", error->message);

  event = dd_incident_event_new (NULL, argv[1], DD_INCIDENT_EVENT_KIND_REGRADE, at);
  event->grade = grade;
  event->reason = g_strdup (reason);

  return append_event (cli, event);
}

static int
incident_report (DdCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *to = NULL;
  g_autofree char *channel_text = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *by = NULL;
  g_autofree char *reason = NULL;
  DdReportKind kind;
  DdReportChannel channel;
  gint64 at = 0;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("The report"), "initial|followup|final" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("To whom"), "province|prefecture|state_council|UNIT" },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel_text, N_("How"), "phone|written|system" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When it was made"), N_("DATETIME") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who made it"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it is late"), N_("TEXT") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "incident report", "ID",
                                       _("Record a report made about an incident."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one incident id or number"));
  if (kind_text == NULL || to == NULL || channel_text == NULL || at_text == NULL)
    return dd_cli_usage_error (cli, _("--kind, --to, --channel and --at are required"));
  if (!dd_report_kind_from_string (kind_text, &kind))
    return dd_cli_usage_error (cli, _("--kind: unknown report “%s”"), kind_text);
  if (!dd_report_channel_from_string (channel_text, &channel))
    return dd_cli_usage_error (cli, _("--channel: unknown channel “%s”"), channel_text);
  if (!dd_cli_parse_datetime ("--at", at_text, &at, &error) ||
      !dd_cli_check_text ("--to", &to, &error) ||
      !dd_cli_check_text ("--by", &by, &error) ||
      !dd_cli_check_text ("--reason", &reason, &error))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (*to == '\0')
    return dd_cli_usage_error (cli, _("--to is empty"));

  event = dd_incident_event_new (NULL, argv[1], DD_INCIDENT_EVENT_KIND_REPORT, at);
  event->report_kind = kind;
  event->report_channel = channel;
  event->report_to = g_strdup (to);
  event->recorded_by = g_strdup (by);
  if (reason != NULL && *reason != '\0')
    event->reason = g_strdup (reason);

  return append_event (cli, event);
}

static int
incident_close (DdCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *reason = NULL;
  gint64 at = g_get_real_time () / 1000;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When (default: now)"), N_("DATETIME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "incident close", "ID",
                                       _("Close an incident."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one incident id or number"));
  if ((at_text != NULL && !dd_cli_parse_datetime ("--at", at_text, &at, &error)) ||
      !dd_cli_check_text ("--reason", &reason, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  event = dd_incident_event_new (NULL, argv[1], DD_INCIDENT_EVENT_KIND_CLOSE, at);
  event->reason = g_strdup (reason);

  return append_event (cli, event);
}

/* ------------------------------------------------------------------ reads */

static int
incident_show (DdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autofree char *at_text = NULL;
  gint64 at = g_get_real_time () / 1000;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("Clocks at this instant (default: now)"), N_("DATETIME") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "incident show", "ID",
                                       _("Show an incident, its history and its clocks."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one incident id or number"));
  if (at_text != NULL && !dd_cli_parse_datetime ("--at", at_text, &at, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if (!(rules = dd_cli_load_incident_rules (&error)))
    return dd_cli_report_error (cli, error);
  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  return finish_incident (cli, store, rules, argv[1], at, TRUE);
}

/* --from and --to (either may be %NULL): Beijing dates, the first not
 * after the last. Returns DD_CLI_EXIT_OK or the usage error's status. */
static int
parse_date_range (DdCli      *cli,
                  const char *from_text,
                  const char *to_text,
                  GDate      *from,
                  GDate      *to)
{
  g_autoptr(GError) error = NULL;

  g_date_clear (from, 1);
  g_date_clear (to, 1);
  if ((from_text != NULL && !dd_cli_parse_date ("--from", from_text, from, &error)) ||
      (to_text != NULL && !dd_cli_parse_date ("--to", to_text, to, &error)))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (from_text != NULL && to_text != NULL && g_date_compare (from, to) > 0)
    return dd_cli_usage_error (cli, _("--from is after --to"));

  return DD_CLI_EXIT_OK;
}

static int
incident_list (DdCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) incidents = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean open_only = FALSE;
  int limit = 0;
  int status;
  DdIncidentFilter filter = { 0 };
  GDate from, to;
  const GOptionEntry entries[] = {
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only open incidents"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First date of receipt"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last date of receipt"), N_("DATE") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many"), "N" },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "incident list", NULL,
                                       _("List incidents, newest first."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (limit < 0)
    return dd_cli_usage_error (cli, _("--limit must not be negative"));
  if ((status = parse_date_range (cli, from_text, to_text, &from, &to)) != DD_CLI_EXIT_OK)
    return status;

  filter.open_only = open_only;
  filter.from = from_text != NULL ? &from : NULL;
  filter.to = to_text != NULL ? &to : NULL;
  filter.limit = (guint) limit;

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  if (!(incidents = dd_store_list_incidents (store, &filter, &error)))
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "incidents");
      json_builder_begin_array (builder);
      for (guint i = 0; i < incidents->len; i++)
        {
          json_builder_begin_object (builder);
          build_summary_members (builder, g_ptr_array_index (incidents, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < incidents->len; i++)
        {
          DdIncidentSummary *summary = g_ptr_array_index (incidents, i);

          g_print ("%s\t%s\t%s\t%s\n", dd_incident_summary_get_number (summary),
                   dd_grade_get_label (dd_incident_summary_get_grade (summary)),
                   dd_incident_status_get_label (dd_incident_summary_get_status (summary)),
                   dd_incident_summary_get_description (summary));
        }
    }

  return DD_CLI_EXIT_OK;
}

static int
incident_deadlines (DdCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(GPtrArray) details = NULL;
  g_autofree char *at_text = NULL;
  gboolean include_closed = FALSE;
  gint64 at = g_get_real_time () / 1000;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("Status at this instant (default: now)"), N_("DATETIME") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &include_closed, N_("Closed incidents too"), NULL },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "incident deadlines", NULL,
                                       _("List the reporting deadlines of open incidents."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc > 1)
    return dd_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (at_text != NULL && !dd_cli_parse_datetime ("--at", at_text, &at, &error))
    return dd_cli_usage_error (cli, "%s", error->message);

  if (!(rules = dd_cli_load_incident_rules (&error)))
    return dd_cli_report_error (cli, error);
  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  if (!(details = dd_store_list_incident_clocks (store, rules, at, include_closed, &error)))
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "deadlines");
      json_builder_begin_array (builder);
      for (guint i = 0; i < details->len; i++)
        {
          DdIncidentDetail *detail = g_ptr_array_index (details, i);

          for (guint j = 0; detail->reporting != NULL && j < detail->reporting->clocks->len; j++)
            build_clock (builder, detail->summary, g_ptr_array_index (detail->reporting->clocks, j));
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < details->len; i++)
        {
          DdIncidentDetail *detail = g_ptr_array_index (details, i);

          for (guint j = 0; detail->reporting != NULL && j < detail->reporting->clocks->len; j++)
            {
              const DdReportClock *clock = g_ptr_array_index (detail->reporting->clocks, j);
              g_autofree char *due = dd_cli_format_ms (clock->due_at);

              g_print ("%s\t%s\t%s\t%s\n", dd_incident_summary_get_number (detail->summary),
                       clock->step, due, dd_clock_status_get_label (clock->status));
            }
        }
    }

  return DD_CLI_EXIT_OK;
}

/* The name of the first person of @entries (DdOnCallEntry), or "". */
static const char *
first_on_call_name (GPtrArray *entries)
{
  const DdOnCallEntry *entry;

  if (entries == NULL || entries->len == 0)
    return "";

  entry = g_ptr_array_index (entries, 0);
  return dd_staff_get_name (entry->staff);
}

static int
incident_draft (DdCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdIncidentRules) rules = NULL;
  g_autoptr(DdIncidentDetail) detail = NULL;
  g_autoptr(DdReportTemplate) template = NULL;
  g_autoptr(DdReportDraft) draft = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *output = NULL;
  g_autoptr(DdOnCall) on_call = NULL;
  g_autofree char *division_path = NULL;
  const char *division;
  DdReportDraftInfo info = { 0 };
  DdReportKind kind;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("The report"), "initial|followup|final" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the draft as a PDF (A4) to FILE"), N_("FILE") },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "incident draft", "ID",
                                       _("Print the draft of a report about an incident."), entries, FALSE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one incident id or number"));
  if (kind_text == NULL || !dd_report_kind_from_string (kind_text, &kind))
    return dd_cli_usage_error (cli, _("--kind must be initial, followup or final"));

  if (!(rules = dd_cli_load_incident_rules (&error)) || !(template = dd_report_template_load_default (&error)))
    return dd_cli_report_error (cli, error);
  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL || !(desk = dd_cli_get_desk (store, &error)))
    return dd_cli_report_error (cli, error);
  if (!(detail = dd_store_get_incident (store, rules, argv[1], 0, &error)))
    return dd_cli_report_error (cli, error);

  /* Who is on duty now signs the draft, as in the window. */
  on_call = dd_store_get_on_call (store, g_get_real_time () / 1000, NULL);
  division = dd_incident_state_get_text (detail->state, DD_INCIDENT_TEXT_DIVISION);
  if (division != NULL && *division != '\0')
    division_path = dd_division_table_dup_path (dd_division_table_get_default (), division);

  info.unit_name = dd_desk_get_unit_name (desk);
  info.officer = first_on_call_name (on_call != NULL ? on_call->officers : NULL);
  info.leader = first_on_call_name (on_call != NULL ? on_call->leaders : NULL);
  info.division_path = division_path;
  info.number = dd_incident_summary_get_number (detail->summary);
  info.report_at = 0;

  draft = dd_report_draft_render (template, detail->state, dd_incident_rules_get_taxonomy (rules),
                                  kind, &info);
  if (output != NULL)
    {
      g_autoptr(DdTextDocument) document = dd_text_document_new_from_text (draft->text);

      if (!dd_text_document_write_pdf (document, output, &error))
        return dd_cli_report_error (cli, error);
      g_print (_("Wrote %s.\n"), output);
      return DD_CLI_EXIT_OK;
    }

  g_print ("%s", draft->text);
  if (!g_str_has_suffix (draft->text, "\n"))
    g_print ("\n");

  return DD_CLI_EXIT_OK;
}

static const DdCliDutySubcommand incident_subcommands[] = {
  { "log",       incident_log,       N_("Log a call that opens a new incident") },
  { "update",    incident_update,    N_("Record new information about an incident") },
  { "regrade",   incident_regrade,   N_("Set the officer's grade with a reason") },
  { "report",    incident_report,    N_("Record a report made upward") },
  { "deadlines", incident_deadlines, N_("List the reporting deadlines") },
  { "show",      incident_show,      N_("Show an incident") },
  { "list",      incident_list,      N_("List incidents") },
  { "close",     incident_close,     N_("Close an incident") },
  { "draft",     incident_draft,     N_("Print a report draft") },
};

int
dd_cli_cmd_incident (DdCli  *cli,
                     int     argc,
                     char  **argv)
{
  return dd_cli_run_subcommand (cli, "incident", _("Log, grade, report and list incidents."),
                                incident_subcommands, G_N_ELEMENTS (incident_subcommands), argc, argv);
}

/* ----------------------------------------------------------------- search */

static gboolean
is_category (const char *category)
{
  GListModel *taxonomy = G_LIST_MODEL (dd_taxonomy_get_default ());

  for (guint i = 0; i < g_list_model_get_n_items (taxonomy); i++)
    {
      g_autoptr(DdSubtype) subtype = g_list_model_get_item (taxonomy, i);

      if (g_strcmp0 (dd_subtype_get_category (subtype), category) == 0)
        return TRUE;
    }

  return FALSE;
}

int
dd_cli_cmd_search (DdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *grade_text = NULL;
  g_autofree char *category = NULL;
  g_autofree char *division = NULL;
  g_autofree char *status_text = NULL;
  DdSearchFilter filter = { 0 };
  DdSearchKind kind;
  DdGrade grade;
  DdIncidentStatus incident_status;
  GDate from, to;
  guint kinds = 0;
  int limit = 50;
  int status;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("Only this kind"), "call|incident|event|log|instruction" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many (default: 50)"), "N" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Only hits of this date or later"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Only hits of this date or earlier"), N_("DATE") },
    { "grade", 0, 0, G_OPTION_ARG_STRING, &grade_text, N_("Only about incidents of this grade"), "I|II|III|IV|none" },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category,
      N_("Only about incidents of this category (natural, accident, health, social, other)"), N_("CATEGORY") },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division,
      N_("Only about incidents in this division or below it"), N_("CODE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_text, N_("Only about incidents with this status"), "open|closed" },
    { NULL }
  };

  context = dd_cli_option_context_new (cli, "search", "TEXT",
                                       _("Search calls, incidents, events, log entries and instructions."), entries, TRUE);
  if (!dd_cli_parse_options (cli, context, &argc, &argv))
    return DD_CLI_EXIT_USAGE;

  if (argc != 2)
    return dd_cli_usage_error (cli, _("give one search text"));
  text = g_strdup (argv[1]);
  if (!dd_cli_check_text ("TEXT", &text, &error))
    return dd_cli_usage_error (cli, "%s", error->message);
  if (*g_strstrip (text) == '\0')
    return dd_cli_usage_error (cli, _("the search text is empty"));
  if (limit <= 0)
    return dd_cli_usage_error (cli, _("--limit must be positive"));
  if (kind_text != NULL)
    {
      if (!dd_search_kind_from_string (kind_text, &kind))
        return dd_cli_usage_error (cli, _("--kind: unknown kind “%s”"), kind_text);
      kinds = 1u << kind;
    }

  if ((status = parse_date_range (cli, from_text, to_text, &from, &to)) != DD_CLI_EXIT_OK)
    return status;
  filter.from = from_text != NULL ? &from : NULL;
  filter.to = to_text != NULL ? &to : NULL;

  if (grade_text != NULL)
    {
      if (!dd_grade_from_string (grade_text, &grade))
        return dd_cli_usage_error (cli, _("--grade: unknown grade “%s”: use I, II, III, IV or none"), grade_text);
      filter.grades = 1u << grade;
    }
  if (status_text != NULL)
    {
      if (!dd_incident_status_from_string (status_text, &incident_status))
        return dd_cli_usage_error (cli, _("--status: unknown status “%s”: use open or closed"), status_text);
      filter.statuses = 1u << incident_status;
    }
  if (category != NULL)
    {
      if (!is_category (category))
        return dd_cli_usage_error (cli, _("--category: unknown category “%s”"), category);
      filter.category = category;
    }
  if (division != NULL)
    {
      if (dd_division_table_lookup (dd_division_table_get_default (), division) == NULL)
        return dd_cli_usage_error (cli, _("--division: unknown division code “%s”"), division);
      filter.division = division;
    }

  store = dd_cli_open_desk_store (cli, &error);
  if (store == NULL)
    return dd_cli_report_error (cli, error);

  if (!(hits = dd_store_search_filtered (store, text, kinds, &filter, (guint) limit, &error)))
    return dd_cli_report_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < hits->len; i++)
        {
          DdSearchHit *hit = g_ptr_array_index (hits, i);
          const char *incident_id = dd_search_hit_get_incident_id (hit);

          json_builder_begin_object (builder);
          dd_cli_json_add_string (builder, "kind", dd_search_kind_to_string (dd_search_hit_get_kind (hit)));
          dd_cli_json_add_string (builder, "id", dd_search_hit_get_id (hit));
          dd_cli_json_add_string (builder, "incident_id", *incident_id != '\0' ? incident_id : NULL);
          dd_cli_json_add_string (builder, "text", dd_search_hit_get_text (hit));
          dd_cli_json_add_time (builder, "at", dd_search_hit_get_at (hit));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_root (builder);
    }
  else
    {
      for (guint i = 0; i < hits->len; i++)
        {
          DdSearchHit *hit = g_ptr_array_index (hits, i);
          g_autofree char *at = dd_cli_format_ms (dd_search_hit_get_at (hit));

          g_print ("%s\t%s\t%s\n", dd_search_kind_to_string (dd_search_hit_get_kind (hit)), at,
                   dd_search_hit_get_text (hit));
        }
    }

  return DD_CLI_EXIT_OK;
}
