/* dd-incident.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-incident.h"

#include <glib/gi18n.h>

#include "dd-error.h"
#include "dd-rules-private.h"

G_DEFINE_BOXED_TYPE (DdIncidentEvent, dd_incident_event, dd_incident_event_copy, dd_incident_event_free)

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;

  for (; *str != '\0'; str++)
    {
      if (!g_ascii_isspace (*str))
        return FALSE;
    }

  return TRUE;
}

DdIncidentEvent *
dd_incident_event_new (const char          *id,
                       const char          *incident_id,
                       DdIncidentEventKind  kind,
                       gint64               received_at)
{
  DdIncidentEvent *event = g_new0 (DdIncidentEvent, 1);

  event->id = g_strdup (id);
  event->incident_id = g_strdup (incident_id);
  event->kind = kind;
  event->received_at = received_at;

  return event;
}

DdIncidentEvent *
dd_incident_event_copy (const DdIncidentEvent *event)
{
  DdIncidentEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->id = g_strdup (event->id);
  copy->incident_id = g_strdup (event->incident_id);
  copy->recorded_by = g_strdup (event->recorded_by);
  copy->note = g_strdup (event->note);
  copy->subtype = g_strdup (event->subtype);
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    copy->texts[i] = g_strdup (event->texts[i]);
  copy->reason = g_strdup (event->reason);
  copy->report_to = g_strdup (event->report_to);
  copy->report_content = g_strdup (event->report_content);

  return copy;
}

void
dd_incident_event_free (DdIncidentEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->id);
  g_free (event->incident_id);
  g_free (event->recorded_by);
  g_free (event->note);
  g_free (event->subtype);
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    g_free (event->texts[i]);
  g_free (event->reason);
  g_free (event->report_to);
  g_free (event->report_content);
  g_free (event);
}

void
dd_incident_event_set_text (DdIncidentEvent *event,
                            DdIncidentText   which,
                            const char      *text)
{
  g_return_if_fail (event != NULL);
  g_return_if_fail ((guint) which < DD_N_INCIDENT_TEXTS);

  g_free (event->texts[which]);
  event->texts[which] = g_strdup (text);
}

gboolean
dd_incident_event_validate (const DdIncidentEvent  *event,
                            GError                **error)
{
  const char *strings[] = {
    event->id, event->incident_id, event->recorded_by, event->note, event->subtype,
    event->reason, event->report_to, event->report_content,
  };

  g_return_val_if_fail (event != NULL, FALSE);

  if (is_blank (event->id) || is_blank (event->incident_id))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("An incident event needs an id and the incident’s id"));
      return FALSE;
    }
  if (event->received_at <= 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Event %s: the received time is missing"), event->id);
      return FALSE;
    }
  if (event->occurred_at < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Event %s: the occurred time is invalid"), event->id);
      return FALSE;
    }
  if ((guint) event->kind > DD_INCIDENT_EVENT_KIND_REOPEN ||
      (guint) event->grade > DD_GRADE_IV ||
      (guint) event->report_kind > DD_REPORT_KIND_FINAL ||
      (guint) event->report_channel > DD_REPORT_CHANNEL_SYSTEM)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Event %s: a kind, grade or channel is out of range"), event->id);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      if (strings[i] != NULL && !g_utf8_validate (strings[i], -1, NULL))
        goto bad_utf8;
    }
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    {
      if (event->texts[i] != NULL && !g_utf8_validate (event->texts[i], -1, NULL))
        goto bad_utf8;
    }

  if (!dd_facts_validate (&event->facts, error))
    {
      g_prefix_error (error, _("Event %s: "), event->id);
      return FALSE;
    }

  switch (event->kind)
    {
    case DD_INCIDENT_EVENT_KIND_LOG:
      if (is_blank (event->subtype))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("Event %s: an incident is logged with its sub-type"), event->id);
          return FALSE;
        }
      break;

    case DD_INCIDENT_EVENT_KIND_REGRADE:
      if (is_blank (event->reason))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("Event %s: setting the grade needs a reason"), event->id);
          return FALSE;
        }
      break;

    case DD_INCIDENT_EVENT_KIND_REPORT:
      if (is_blank (event->report_to))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("Event %s: a report needs its recipient"), event->id);
          return FALSE;
        }
      break;

    case DD_INCIDENT_EVENT_KIND_UPDATE:
    case DD_INCIDENT_EVENT_KIND_CLOSE:
    case DD_INCIDENT_EVENT_KIND_REOPEN:
    default:
      break;
    }

  return TRUE;

bad_utf8:
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
               _("Event %s: a text is not valid UTF-8"), event->id);
  return FALSE;
}

static void
add_string (GVariantBuilder *builder,
            const char      *key,
            const char      *value)
{
  if (value != NULL)
    g_variant_builder_add (builder, "{sv}", key, g_variant_new_string (value));
}

GVariant *
dd_incident_event_to_variant (const DdIncidentEvent *event)
{
  GVariantBuilder builder;
  GVariantBuilder texts;
  gboolean any_text = FALSE;

  g_return_val_if_fail (event != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  add_string (&builder, "id", event->id);
  add_string (&builder, "incident_id", event->incident_id);
  add_string (&builder, "kind", dd_incident_event_kind_to_string (event->kind));
  g_variant_builder_add (&builder, "{sv}", "received_at", g_variant_new_int64 (event->received_at));
  add_string (&builder, "recorded_by", event->recorded_by);
  add_string (&builder, "note", event->note);
  add_string (&builder, "subtype", event->subtype);
  if (event->occurred_at != 0)
    g_variant_builder_add (&builder, "{sv}", "occurred_at", g_variant_new_int64 (event->occurred_at));
  if (!dd_facts_is_empty (&event->facts))
    g_variant_builder_add (&builder, "{sv}", "facts", dd_facts_to_variant (&event->facts));

  g_variant_builder_init (&texts, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    {
      if (event->texts[i] == NULL)
        continue;
      add_string (&texts, dd_incident_text_to_string (i), event->texts[i]);
      any_text = TRUE;
    }
  if (any_text)
    g_variant_builder_add (&builder, "{sv}", "texts", g_variant_builder_end (&texts));
  else
    g_variant_builder_clear (&texts);

  if (event->kind == DD_INCIDENT_EVENT_KIND_REGRADE)
    add_string (&builder, "grade", dd_grade_to_string (event->grade));
  add_string (&builder, "reason", event->reason);
  if (event->kind == DD_INCIDENT_EVENT_KIND_REPORT)
    {
      add_string (&builder, "report_kind", dd_report_kind_to_string (event->report_kind));
      add_string (&builder, "report_channel", dd_report_channel_to_string (event->report_channel));
    }
  add_string (&builder, "report_to", event->report_to);
  add_string (&builder, "report_content", event->report_content);

  return g_variant_builder_end (&builder);
}

static gboolean
get_time (GVariant    *dict,
          const char  *member,
          gint64      *value,
          GError     **error)
{
  double number;
  gboolean present;

  if (!dd_rules_get_number (dict, "event", member, FALSE, &number, &present, error))
    return FALSE;
  *value = present ? (gint64) number : 0;

  return TRUE;
}

DdIncidentEvent *
dd_incident_event_new_from_variant (GVariant  *variant,
                                    GError   **error)
{
  static const char * const members[] = {
    "id", "incident_id", "kind", "received_at", "recorded_by", "note", "subtype",
    "occurred_at", "facts", "texts", "grade", "reason", "report_kind", "report_channel",
    "report_to", "report_content", NULL
  };
  g_autoptr(DdIncidentEvent) event = g_new0 (DdIncidentEvent, 1);
  g_autofree char *kind = NULL;
  g_autofree char *grade = NULL;
  g_autofree char *report_kind = NULL;
  g_autofree char *channel = NULL;
  g_autoptr(GVariant) facts = NULL;
  g_autoptr(GVariant) texts = NULL;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!dd_rules_is_dict (variant))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE, _("event: an object is expected"));
      return NULL;
    }

  if (!dd_rules_check_members (variant, "event", members, error) ||
      !dd_rules_get_string (variant, "event", "id", TRUE, &event->id, error) ||
      !dd_rules_get_string (variant, "event", "incident_id", TRUE, &event->incident_id, error) ||
      !dd_rules_get_string (variant, "event", "kind", TRUE, &kind, error) ||
      !get_time (variant, "received_at", &event->received_at, error) ||
      !dd_rules_get_string (variant, "event", "recorded_by", FALSE, &event->recorded_by, error) ||
      !dd_rules_get_string (variant, "event", "note", FALSE, &event->note, error) ||
      !dd_rules_get_string (variant, "event", "subtype", FALSE, &event->subtype, error) ||
      !get_time (variant, "occurred_at", &event->occurred_at, error) ||
      !dd_rules_get_dict (variant, "event", "facts", FALSE, &facts, error) ||
      !dd_rules_get_dict (variant, "event", "texts", FALSE, &texts, error) ||
      !dd_rules_get_string (variant, "event", "grade", FALSE, &grade, error) ||
      !dd_rules_get_string (variant, "event", "reason", FALSE, &event->reason, error) ||
      !dd_rules_get_string (variant, "event", "report_kind", FALSE, &report_kind, error) ||
      !dd_rules_get_string (variant, "event", "report_channel", FALSE, &channel, error) ||
      !dd_rules_get_string (variant, "event", "report_to", FALSE, &event->report_to, error) ||
      !dd_rules_get_string (variant, "event", "report_content", FALSE, &event->report_content, error))
    return NULL;

  if (!dd_incident_event_kind_from_string (kind, &event->kind))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("event.kind: unknown kind “%s”"), kind);
      return NULL;
    }
  if (grade != NULL && !dd_grade_from_string (grade, &event->grade))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("event.grade: unknown grade “%s”"), grade);
      return NULL;
    }
  if (report_kind != NULL && !dd_report_kind_from_string (report_kind, &event->report_kind))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("event.report_kind: unknown kind “%s”"), report_kind);
      return NULL;
    }
  if (channel != NULL && !dd_report_channel_from_string (channel, &event->report_channel))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("event.report_channel: unknown channel “%s”"), channel);
      return NULL;
    }
  if (facts != NULL && !dd_facts_from_variant (facts, &event->facts, error))
    {
      g_prefix_error (error, "event.facts: ");
      return NULL;
    }
  if (texts != NULL)
    {
      GVariantIter iter;
      const char *key;
      GVariant *value;

      g_variant_iter_init (&iter, texts);
      while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
        {
          DdIncidentText which;

          if (!dd_incident_text_from_string (key, &which) ||
              !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
            {
              g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                           _("event.texts.%s: unknown text element or not a string"), key);
              g_variant_unref (value);
              return NULL;
            }
          dd_incident_event_set_text (event, which, g_variant_get_string (value, NULL));
        }
    }

  if (!dd_incident_event_validate (event, error))
    return NULL;

  return g_steal_pointer (&event);
}

static void
history_entry_free (DdIncidentHistoryEntry *entry)
{
  dd_incident_event_free (entry->event);
  g_free (entry);
}

void
dd_incident_state_free (DdIncidentState *state)
{
  if (state == NULL)
    return;

  g_free (state->incident_id);
  g_free (state->subtype);
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    g_free (state->texts[i]);
  g_clear_pointer (&state->computed, dd_grade_result_free);
  g_free (state->override_reason);
  g_clear_pointer (&state->reports, g_ptr_array_unref);
  g_clear_pointer (&state->history, g_ptr_array_unref);
  g_free (state);
}

const char *
dd_incident_state_get_text (DdIncidentState *state,
                            DdIncidentText   which)
{
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail ((guint) which < DD_N_INCIDENT_TEXTS, NULL);

  return state->texts[which];
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const DdIncidentHistoryEntry *ea = *(DdIncidentHistoryEntry **) a;
  const DdIncidentHistoryEntry *eb = *(DdIncidentHistoryEntry **) b;

  if (ea->event->received_at < eb->event->received_at)
    return -1;
  if (ea->event->received_at > eb->event->received_at)
    return 1;

  /* a log event comes first at the same instant */
  if (ea->event->kind == DD_INCIDENT_EVENT_KIND_LOG && eb->event->kind != DD_INCIDENT_EVENT_KIND_LOG)
    return -1;
  if (eb->event->kind == DD_INCIDENT_EVENT_KIND_LOG && ea->event->kind != DD_INCIDENT_EVENT_KIND_LOG)
    return 1;

  /* then by id (UUIDv7: the order they were made in), not by the order
   * a desk happened to receive them, so every desk derives the same */
  return g_strcmp0 (ea->event->id, eb->event->id);
}

DdIncidentState *
dd_incident_derive (DdGradingRules  *rules,
                    DdTaxonomy      *taxonomy,
                    GPtrArray       *events,
                    GError         **error)
{
  g_autoptr(DdIncidentState) state = NULL;
  g_autoptr(GHashTable) ids = NULL;
  DdGrade previous = DD_GRADE_NONE;
  guint n_logs = 0;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (DD_IS_TAXONOMY (taxonomy), NULL);
  g_return_val_if_fail (events != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  state = g_new0 (DdIncidentState, 1);
  state->history = g_ptr_array_new_with_free_func ((GDestroyNotify) history_entry_free);
  state->reports = g_ptr_array_new ();
  ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < events->len; i++)
    {
      const DdIncidentEvent *event = g_ptr_array_index (events, i);
      DdIncidentHistoryEntry *entry;

      if (!dd_incident_event_validate (event, error))
        return NULL;

      if (state->incident_id == NULL)
        state->incident_id = g_strdup (event->incident_id);
      else if (!g_str_equal (state->incident_id, event->incident_id))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("Event %s belongs to incident %s, not %s"),
                       event->id, event->incident_id, state->incident_id);
          return NULL;
        }

      if (event->subtype != NULL && dd_taxonomy_lookup (taxonomy, event->subtype) == NULL)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND,
                       _("Event %s: unknown sub-type “%s”"), event->id, event->subtype);
          return NULL;
        }

      if (event->kind == DD_INCIDENT_EVENT_KIND_LOG)
        n_logs++;

      entry = g_new0 (DdIncidentHistoryEntry, 1);
      entry->event = dd_incident_event_copy (event);
      g_ptr_array_add (state->history, entry);
      if (!g_hash_table_add (ids, entry->event->id))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("Event %s is given twice"), event->id);
          return NULL;
        }
    }

  if (n_logs != 1)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   n_logs == 0 ? _("The incident has no log event")
                               : _("The incident has more than one log event"));
      return NULL;
    }

  g_ptr_array_sort (state->history, compare_entries);

  for (guint i = 0; i < state->history->len; i++)
    {
      DdIncidentHistoryEntry *entry = g_ptr_array_index (state->history, i);
      DdIncidentEvent *event = entry->event;
      gboolean regrade = FALSE;

      if (i == 0 && event->kind != DD_INCIDENT_EVENT_KIND_LOG)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("Event %s is earlier than the incident was logged"), event->id);
          return NULL;
        }

      if (event->kind == DD_INCIDENT_EVENT_KIND_LOG)
        state->received_at = event->received_at;

      if (event->subtype != NULL && g_strcmp0 (state->subtype, event->subtype) != 0)
        {
          g_free (state->subtype);
          state->subtype = g_strdup (event->subtype);
          regrade = TRUE;
        }
      if (event->occurred_at != 0)
        state->occurred_at = event->occurred_at;

      for (guint f = 0; f < DD_N_FACTS; f++)
        {
          double value;

          if (!dd_facts_get (&event->facts, f, &value))
            continue;
          if (!dd_facts_has (&state->facts, f) || state->facts.values[f] != value)
            {
              entry->facts_changed |= 1u << f;
              regrade = TRUE;
            }
          dd_facts_set (&state->facts, f, value);
        }

      for (guint t = 0; t < DD_N_INCIDENT_TEXTS; t++)
        {
          if (event->texts[t] == NULL)
            continue;
          g_free (state->texts[t]);
          state->texts[t] = g_strdup (event->texts[t]);
        }

      switch (event->kind)
        {
        case DD_INCIDENT_EVENT_KIND_REGRADE:
          state->override_grade = event->grade;
          g_free (state->override_reason);
          state->override_reason = event->grade != DD_GRADE_NONE ? g_strdup (event->reason) : NULL;
          state->override_at = event->grade != DD_GRADE_NONE ? event->received_at : 0;
          break;

        case DD_INCIDENT_EVENT_KIND_REPORT:
          g_ptr_array_add (state->reports, event);
          if (event->report_kind == DD_REPORT_KIND_FOLLOWUP)
            state->n_followups++;
          break;

        case DD_INCIDENT_EVENT_KIND_CLOSE:
          if (state->status != DD_INCIDENT_STATUS_CLOSED)
            {
              state->status = DD_INCIDENT_STATUS_CLOSED;
              state->closed_at = event->received_at;
            }
          break;

        case DD_INCIDENT_EVENT_KIND_REOPEN:
          state->status = DD_INCIDENT_STATUS_OPEN;
          state->closed_at = 0;
          break;

        case DD_INCIDENT_EVENT_KIND_LOG:
        case DD_INCIDENT_EVENT_KIND_UPDATE:
        default:
          break;
        }

      if (regrade || state->computed == NULL)
        {
          DdGradeResult *computed = dd_grade_compute_for_subtype (rules, taxonomy, state->subtype,
                                                                  &state->facts, error);

          if (computed == NULL)
            {
              g_prefix_error (error, _("Event %s: "), event->id);
              return NULL;
            }
          g_clear_pointer (&state->computed, dd_grade_result_free);
          state->computed = computed;
        }

      entry->computed_grade = state->computed->grade;
      state->effective_grade = state->override_grade != DD_GRADE_NONE
                               ? state->override_grade : state->computed->grade;
      entry->effective_grade = state->effective_grade;
      entry->grade_changed = entry->effective_grade != previous;
      previous = entry->effective_grade;
    }

  return g_steal_pointer (&state);
}
