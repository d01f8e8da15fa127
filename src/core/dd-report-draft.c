/* dd-report-draft.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-report-draft.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "dd-error.h"
#include "dd-time.h"

#define TEMPLATE_RESOURCE RESOURCE_BASE_PATH "/data/rules/report-draft.txt"
#define N_KINDS 3
#define N_GRADES 5

struct _DdReportTemplate
{
  gatomicrefcount  ref_count;
  char            *empty;
  char            *time_format;
  char            *grades[N_GRADES];
  GPtrArray       *fact_order;      /* DdFact as pointers */
  char            *facts[DD_N_FACTS];
  char            *separator;
  char            *no_facts;
  char            *kinds[N_KINDS];
  GStrv            ordinals;
  char            *sections[N_KINDS];
};

G_DEFINE_BOXED_TYPE (DdReportTemplate, dd_report_template, dd_report_template_ref, dd_report_template_unref)

static const char * const placeholders[] = {
  "title", "kind", "number", "received_at", "occurred_at", "location", "source",
  "category", "subtype", "grade", "description", "new_information", "scope", "casualties",
  "trend", "measures", "leaders", "unit", "officer", "leader", "report_time",
};

static void
set_str (char       **str,
         const char  *value)
{
  g_free (*str);
  *str = g_strdup (value);
}

static gboolean
check_placeholders (const char  *text,
                    guint        line,
                    GError     **error)
{
  const char *p = text;

  while ((p = strstr (p, "{{")) != NULL)
    {
      const char *end = strstr (p, "}}");
      g_autofree char *name = NULL;
      gboolean known = FALSE;

      if (end == NULL)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: “{{” without “}}”"), line);
          return FALSE;
        }
      name = g_strndup (p + 2, (gsize) (end - p - 2));
      for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
        known = known || g_str_equal (name, placeholders[i]);
      if (!known)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: unknown placeholder “{{%s}}”"), line, name);
          return FALSE;
        }
      p = end + 2;
    }

  return TRUE;
}

DdReportTemplate *
dd_report_template_new_from_text (const char  *text,
                                  GError     **error)
{
  g_autoptr(DdReportTemplate) self = NULL;
  g_auto(GStrv) lines = NULL;
  GString *section = NULL;
  int current = -1;
  gboolean ok = FALSE;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
                   _("The report template is not valid UTF-8"));
      return NULL;
    }

  self = g_new0 (DdReportTemplate, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->fact_order = g_ptr_array_new ();

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      guint lineno = i + 1;
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';

      if (g_str_has_prefix (line, "=== ") && g_str_has_suffix (line, " ==="))
        {
          g_autofree char *name = g_strstrip (g_strndup (line + 4, strlen (line) - 8));
          DdReportKind kind;

          if (!dd_report_kind_from_string (name, &kind))
            {
              g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                           _("Line %u: unknown section “%s”"), lineno, name);
              goto out;
            }
          if (section != NULL)
            self->sections[current] = g_strchomp (g_string_free (g_steal_pointer (&section), FALSE));
          if (self->sections[kind] != NULL)
            {
              g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                           _("Line %u: the section “%s” is given twice"), lineno, name);
              goto out;
            }
          current = (int) kind;
          section = g_string_new (NULL);
          continue;
        }

      if (section != NULL)
        {
          if (!check_placeholders (line, lineno, error))
            goto out;
          g_string_append (section, line);
          g_string_append_c (section, '\n');
          continue;
        }

      {
        g_autofree char *stripped = g_strstrip (g_strdup (line));
        g_auto(GStrv) parts = NULL;
        const char *directive;
        const char *arg;

        if (stripped[0] == '\0' || stripped[0] == '#')
          continue;
        if (stripped[0] != '%')
          {
            g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                         _("Line %u: a directive (%%…) or a section (=== … ===) is expected"), lineno);
            goto out;
          }

        parts = g_strsplit (stripped + 1, " ", 2);
        directive = parts[0];
        arg = parts[1] != NULL ? parts[1] : "";

        if (g_str_equal (directive, "empty"))
          set_str (&self->empty, arg);
        else if (g_str_equal (directive, "time"))
          set_str (&self->time_format, arg);
        else if (g_str_equal (directive, "separator"))
          set_str (&self->separator, arg);
        else if (g_str_equal (directive, "no_facts"))
          set_str (&self->no_facts, arg);
        else if (g_str_equal (directive, "ordinals"))
          {
            g_strfreev (self->ordinals);
            self->ordinals = g_strsplit (arg, " ", -1);
          }
        else if (g_str_equal (directive, "grade") || g_str_equal (directive, "fact") ||
                 g_str_equal (directive, "kind"))
          {
            g_auto(GStrv) name_text = g_strsplit (arg, " ", 2);
            const char *name = name_text[0] != NULL ? name_text[0] : "";
            const char *value = name_text[0] != NULL && name_text[1] != NULL ? name_text[1] : "";
            DdGrade grade;
            DdFact fact;
            DdReportKind kind;

            if (g_str_equal (directive, "grade") && dd_grade_from_string (name, &grade) &&
                g_str_equal (name, dd_grade_to_string (grade)))
              set_str (&self->grades[grade], value);
            else if (g_str_equal (directive, "fact") && dd_fact_from_string (name, &fact) &&
                     fact != DD_FACT_DENSITY)
              {
                if (self->facts[fact] == NULL)
                  g_ptr_array_add (self->fact_order, GUINT_TO_POINTER (fact));
                set_str (&self->facts[fact], value);
              }
            else if (g_str_equal (directive, "kind") && dd_report_kind_from_string (name, &kind))
              set_str (&self->kinds[kind], value);
            else
              {
                g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                             _("Line %u: unknown %s “%s”"), lineno, directive, name);
                goto out;
              }
          }
        else
          {
            g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                         _("Line %u: unknown directive “%%%s”"), lineno, directive);
            goto out;
          }
      }
    }

  if (section != NULL)
    self->sections[current] = g_strchomp (g_string_free (g_steal_pointer (&section), FALSE));

  for (guint k = 0; k < N_KINDS; k++)
    {
      if (self->sections[k] == NULL || self->kinds[k] == NULL)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("The report template has no section or %%kind for “%s”"),
                       dd_report_kind_to_string (k));
          goto out;
        }
    }
  for (guint g = 0; g < N_GRADES; g++)
    {
      if (self->grades[g] == NULL)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("The report template has no %%grade for “%s”"), dd_grade_to_string (g));
          goto out;
        }
    }
  if (self->empty == NULL)
    self->empty = g_strdup ("");
  if (self->time_format == NULL)
    self->time_format = g_strdup ("%Y-%m-%d %H:%M");
  if (self->separator == NULL)
    self->separator = g_strdup (", ");
  if (self->no_facts == NULL)
    self->no_facts = g_strdup (self->empty);
  if (self->ordinals == NULL)
    self->ordinals = g_new0 (char *, 1);

  ok = TRUE;

out:
  if (section != NULL)
    g_string_free (section, TRUE);

  return ok ? g_steal_pointer (&self) : NULL;
}

DdReportTemplate *
dd_report_template_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  DdReportTemplate *self;

  bytes = g_resources_lookup_data (TEMPLATE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  self = dd_report_template_new_from_text (text, error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", TEMPLATE_RESOURCE);

  return self;
}

DdReportTemplate *
dd_report_template_ref (DdReportTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
dd_report_template_unref (DdReportTemplate *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->empty);
  g_free (self->time_format);
  for (guint i = 0; i < N_GRADES; i++)
    g_free (self->grades[i]);
  g_ptr_array_unref (self->fact_order);
  for (guint i = 0; i < DD_N_FACTS; i++)
    g_free (self->facts[i]);
  g_free (self->separator);
  g_free (self->no_facts);
  for (guint i = 0; i < N_KINDS; i++)
    {
      g_free (self->kinds[i]);
      g_free (self->sections[i]);
    }
  g_strfreev (self->ordinals);
  g_free (self);
}

void
dd_report_draft_free (DdReportDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->title);
  g_free (draft->text);
  g_free (draft);
}

static char *
format_time (DdReportTemplate *self,
             gint64            ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (ms <= 0)
    return NULL;

  dt = dd_time_beijing_from_ms (ms);

  return g_date_time_format (dt, self->time_format);
}

/* @decimals: 1 always shows one decimal (magnitudes); otherwise whole
 * numbers show none and others up to @decimals, trailing zeros trimmed. */
static char *
format_plain (double value,
              int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  char *end;

  if (decimals == 1)
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", value));
  if (floor (value) == value && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  g_snprintf (format, sizeof format, "%%.%df", MAX (decimals, 2));
  g_ascii_formatd (buf, sizeof buf, format, value);
  end = buf + strlen (buf) - 1;
  while (end > buf && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';

  return g_strdup (buf);
}

static char *
render_fact (const char *pattern,
             DdFact      fact,
             double      value)
{
  g_autofree char *plain = NULL;
  g_autofree char *wan = NULL;
  GString *out = g_string_new (pattern);

  if (fact == DD_FACT_MAGNITUDE)
    plain = format_plain (value, 1);
  else if (fact == DD_FACT_AREA_HA)
    plain = format_plain (value, 2);
  else
    plain = format_plain (value, 0);
  wan = format_plain (value / 10000.0, 2);

  g_string_replace (out, "{wan}", wan, 0);
  g_string_replace (out, "{}", plain, 0);

  return g_string_free (out, FALSE);
}

static char *
render_facts (DdReportTemplate *self,
              const DdFacts    *facts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < self->fact_order->len; i++)
    {
      DdFact fact = GPOINTER_TO_UINT (g_ptr_array_index (self->fact_order, i));
      double value;
      g_autofree char *text = NULL;

      if (!dd_facts_get (facts, fact, &value))
        continue;
      text = render_fact (self->facts[fact], fact, value);
      if (out->len > 0)
        g_string_append (out, self->separator);
      g_string_append (out, text);
    }

  if (out->len == 0)
    g_string_append (out, self->no_facts);

  return g_string_free (out, FALSE);
}

/* The notes of the events after the last report (for a follow-up or the
 * final report), or of every event (initial). */
static char *
render_new_information (DdReportTemplate *self,
                        DdIncidentState  *state)
{
  GString *out = g_string_new (NULL);
  guint start = 0;

  for (guint i = 0; i < state->history->len; i++)
    {
      DdIncidentHistoryEntry *entry = g_ptr_array_index (state->history, i);

      if (entry->event->kind == DD_INCIDENT_EVENT_KIND_REPORT)
        start = i + 1;
    }

  for (guint i = start; i < state->history->len; i++)
    {
      DdIncidentHistoryEntry *entry = g_ptr_array_index (state->history, i);
      const char *note = entry->event->note;

      if (entry->event->kind == DD_INCIDENT_EVENT_KIND_REPORT || note == NULL || *note == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, self->separator);
      g_string_append (out, note);
    }

  return g_string_free (out, FALSE);
}

static const char *
or_empty (DdReportTemplate *self,
          const char       *value)
{
  return value != NULL && *value != '\0' ? value : self->empty;
}

DdReportDraft *
dd_report_draft_render (DdReportTemplate        *self,
                        DdIncidentState         *state,
                        DdTaxonomy              *taxonomy,
                        DdReportKind             kind,
                        const DdReportDraftInfo *info)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  DdReportDraftInfo no_info = { NULL, NULL, NULL, NULL, NULL, 0 };
  DdSubtype *subtype;
  DdReportDraft *draft;
  GString *text;
  g_autofree char *location = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *description = NULL;
  const char *location_text;
  const char *p;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (DD_IS_TAXONOMY (taxonomy), NULL);
  g_return_val_if_fail ((guint) kind < N_KINDS, NULL);

  if (info == NULL)
    info = &no_info;

  draft = g_new0 (DdReportDraft, 1);
  draft->kind = kind;
  if (kind == DD_REPORT_KIND_FOLLOWUP)
    draft->ordinal = state->n_followups + 1;

  {
    g_autofree char *ordinal = NULL;
    GString *name = g_string_new (self->kinds[kind]);

    if (draft->ordinal > 0 && draft->ordinal <= g_strv_length (self->ordinals))
      ordinal = g_strdup (self->ordinals[draft->ordinal - 1]);
    else
      ordinal = g_strdup_printf ("%u", draft->ordinal);
    g_string_replace (name, "{n}", ordinal, 0);
    kind_name = g_string_free (name, FALSE);
  }

  subtype = dd_taxonomy_lookup (taxonomy, state->subtype);
  location_text = dd_incident_state_get_text (state, DD_INCIDENT_TEXT_LOCATION);
  location = g_strconcat (info->division_path != NULL ? info->division_path : "",
                          location_text != NULL ? location_text : "", NULL);
  description = g_strdup (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_DESCRIPTION));
  if (description == NULL && state->history->len > 0)
    description = g_strdup (((DdIncidentHistoryEntry *) g_ptr_array_index (state->history, 0))->event->note);

  g_hash_table_insert (values, (char *) "kind", g_strdup (kind_name));
  g_hash_table_insert (values, (char *) "number", g_strdup (info->number));
  g_hash_table_insert (values, (char *) "received_at", format_time (self, state->received_at));
  g_hash_table_insert (values, (char *) "occurred_at", format_time (self, state->occurred_at));
  g_hash_table_insert (values, (char *) "location", g_strdup (location));
  g_hash_table_insert (values, (char *) "source",
                       g_strdup (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_SOURCE)));
  g_hash_table_insert (values, (char *) "category",
                       g_strdup (subtype != NULL ? dd_subtype_get_category_zh (subtype) : NULL));
  g_hash_table_insert (values, (char *) "subtype",
                       g_strdup (subtype != NULL ? dd_subtype_get_name_zh (subtype) : NULL));
  g_hash_table_insert (values, (char *) "grade", g_strdup (self->grades[state->effective_grade]));
  g_hash_table_insert (values, (char *) "description", g_steal_pointer (&description));
  g_hash_table_insert (values, (char *) "new_information", render_new_information (self, state));
  g_hash_table_insert (values, (char *) "scope",
                       g_strdup (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_SCOPE)));
  g_hash_table_insert (values, (char *) "casualties", render_facts (self, &state->facts));
  g_hash_table_insert (values, (char *) "trend",
                       g_strdup (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_TREND)));
  g_hash_table_insert (values, (char *) "measures",
                       g_strdup (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_MEASURES)));
  g_hash_table_insert (values, (char *) "leaders",
                       g_strdup (dd_incident_state_get_text (state, DD_INCIDENT_TEXT_LEADERS)));
  g_hash_table_insert (values, (char *) "unit", g_strdup (info->unit_name));
  g_hash_table_insert (values, (char *) "officer", g_strdup (info->officer));
  g_hash_table_insert (values, (char *) "leader", g_strdup (info->leader));
  g_hash_table_insert (values, (char *) "report_time", format_time (self, info->report_at));

  text = g_string_new (NULL);
  p = self->sections[kind];
  while (*p != '\0')
    {
      const char *open = strstr (p, "{{");
      const char *close;
      g_autofree char *name = NULL;

      if (open == NULL)
        {
          g_string_append (text, p);
          break;
        }
      close = strstr (open, "}}");
      g_string_append_len (text, p, open - p);
      name = g_strndup (open + 2, (gsize) (close - open - 2));
      if (g_str_equal (name, "title"))
        g_string_append (text, "{{title}}");
      else
        g_string_append (text, or_empty (self, g_hash_table_lookup (values, name)));
      p = close + 2;
    }

  /* the title is the first line; {{title}} elsewhere repeats it */
  {
    const char *nl = strchr (text->str, '\n');

    draft->title = nl != NULL ? g_strndup (text->str, (gsize) (nl - text->str)) : g_strdup (text->str);
    g_string_replace (text, "{{title}}", draft->title, 0);
  }
  g_string_append_c (text, '\n');
  draft->text = g_string_free (text, FALSE);

  return draft;
}
