/* dd-reporting.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-reporting.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-error.h"
#include "dd-rules-private.h"

#define MAX_LIMIT_MINUTES (7 * 24 * 60)
#define MAX_REPEAT_SECONDS (24 * 60 * 60)

struct _DdReportingRules
{
  gatomicrefcount  ref_count;
  GPtrArray       *steps;          /* DdReportingStep */
  double           warn_fraction;
  gint64           warn_max_ms;
  gint64           repeat_due_soon_ms;
  gint64           repeat_overdue_ms;
};

G_DEFINE_BOXED_TYPE (DdReportingRules, dd_reporting_rules, dd_reporting_rules_ref, dd_reporting_rules_unref)

typedef struct
{
  DdReportClock         *clock;
  const DdReportingStep *rule;
} Running;

static void
step_free (DdReportingStep *step)
{
  g_free (step->id);
  g_free (step->title);
  g_free (step->recipient);
  g_free (step->source);
  g_free (step);
}

static gboolean
is_rule_name (const char *str)
{
  if (str == NULL || *str == '\0' || strlen (str) > 64)
    return FALSE;

  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
        return FALSE;
    }

  return TRUE;
}

/* Reads a list of enum names into a bit mask. */
static gboolean
read_mask (GVariant     *dict,
           const char   *path,
           const char   *member,
           gboolean      required,
           gboolean    (*from_string) (const char *, int *),
           const char   *what,
           guint        *mask,
           GError      **error)
{
  g_auto(GStrv) names = NULL;

  *mask = 0;

  if (!dd_rules_get_strv (dict, path, member, required, &names, error))
    return FALSE;
  if (names == NULL)
    return TRUE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      int value;

      if (!from_string (names[i], &value) || (strcmp (what, "grade") == 0 && value == DD_GRADE_NONE))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       /* Translators: "steps[0].grades[1]: unknown grade “V”" */
                       _("%s.%s[%u]: unknown %s “%s”"), path, member, i, what, names[i]);
          return FALSE;
        }
      *mask |= 1u << value;
    }

  if (required && *mask == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.%s: the list is empty"), path, member);
      return FALSE;
    }

  return TRUE;
}

static gboolean
level_from_string (const char *str,
                   int        *value)
{
  DdLevel level;

  if (!dd_level_from_string (str, &level))
    return FALSE;
  *value = level;
  return TRUE;
}

static gboolean
grade_from_string (const char *str,
                   int        *value)
{
  DdGrade grade;

  if (!dd_grade_from_string (str, &grade))
    return FALSE;
  *value = grade;
  return TRUE;
}

static gboolean
channel_from_string (const char *str,
                     int        *value)
{
  DdReportChannel channel;

  if (!dd_report_channel_from_string (str, &channel))
    return FALSE;
  *value = channel;
  return TRUE;
}

static DdReportingStep *
parse_step (GVariant    *dict,
            const char  *path,
            GError     **error)
{
  static const char * const members[] = {
    "id", "title", "levels", "grades", "limit_minutes", "recipient", "channels",
    "local", "enabled", "source", "note", NULL
  };
  DdReportingStep *step;
  double minutes;

  if (!dd_rules_is_dict (dict))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE, _("%s: an object is expected"), path);
      return NULL;
    }
  if (!dd_rules_check_members (dict, path, members, error))
    return NULL;

  step = g_new0 (DdReportingStep, 1);

  if (!dd_rules_get_string (dict, path, "id", TRUE, &step->id, error) ||
      !dd_rules_get_string (dict, path, "title", FALSE, &step->title, error) ||
      !read_mask (dict, path, "levels", TRUE, level_from_string, "level", &step->levels, error) ||
      !read_mask (dict, path, "grades", TRUE, grade_from_string, "grade", &step->grades, error) ||
      !dd_rules_get_number (dict, path, "limit_minutes", TRUE, &minutes, NULL, error) ||
      !dd_rules_get_string (dict, path, "recipient", TRUE, &step->recipient, error) ||
      !read_mask (dict, path, "channels", FALSE, channel_from_string, "channel", &step->channels, error) ||
      !dd_rules_get_bool (dict, path, "local", FALSE, &step->local, error) ||
      !dd_rules_get_bool (dict, path, "enabled", !step->local, &step->enabled, error) ||
      !dd_rules_get_string (dict, path, "source", TRUE, &step->source, error))
    goto fail;

  if (!is_rule_name (step->id))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.id: “%s” is not a name of a-z, 0-9 and _"), path, step->id);
      goto fail;
    }
  if (minutes < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.limit_minutes: %g is negative"), path, minutes);
      goto fail;
    }
  if (minutes < 1 || minutes > MAX_LIMIT_MINUTES || floor (minutes) != minutes)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.limit_minutes: %g is not a whole number of minutes from 1 to %d"),
                   path, minutes, MAX_LIMIT_MINUTES);
      goto fail;
    }
  step->limit_ms = (gint64) minutes * DD_MS_PER_MINUTE;

  if (g_strstrip (step->recipient)[0] == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.recipient: the recipient is empty"), path);
      goto fail;
    }
  if (g_strstrip (step->source)[0] == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.source: the source must be cited"), path);
      goto fail;
    }

  return step;

fail:
  step_free (step);
  return NULL;
}

/* "alerts": { "repeat_due_soon_seconds": 300, "repeat_overdue_seconds": 120 } */
static gboolean
read_alerts_repeat (GVariant    *alerts,
                    const char  *member,
                    gint64      *repeat_ms,
                    GError     **error)
{
  double seconds;

  if (!dd_rules_get_number (alerts, "alerts", member, TRUE, &seconds, NULL, error))
    return FALSE;

  if (seconds < 1 || seconds > MAX_REPEAT_SECONDS || floor (seconds) != seconds)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("alerts.%s: %g is not a whole number of seconds from 1 to %d"),
                   member, seconds, MAX_REPEAT_SECONDS);
      return FALSE;
    }

  *repeat_ms = (gint64) seconds * 1000;

  return TRUE;
}

DdReportingRules *
dd_reporting_rules_new_from_variant (GVariant  *rules,
                                     GError   **error)
{
  static const char * const members[] = {
    "format", "title", "note", "sources", "due_soon", "alerts", "steps", NULL
  };
  static const char * const due_soon_members[] = { "fraction", "max_minutes", "note", NULL };
  static const char * const alerts_members[] = {
    "repeat_due_soon_seconds", "repeat_overdue_seconds", "note", NULL
  };
  g_autoptr(DdReportingRules) self = NULL;
  g_autoptr(GVariant) sources = NULL;
  g_autoptr(GVariant) due_soon = NULL;
  g_autoptr(GVariant) alerts = NULL;
  g_autoptr(GVariant) steps = NULL;
  double format, fraction, max_minutes;
  gint64 repeat_due_soon_ms = 0;
  gint64 repeat_overdue_ms = 0;
  gsize n;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dd_rules_is_dict (rules))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("The reporting rules must be an object"));
      return NULL;
    }
  if (!dd_rules_check_members (rules, "", members, error) ||
      !dd_rules_get_number (rules, "", "format", TRUE, &format, NULL, error) ||
      !dd_rules_get_array (rules, "", "sources", TRUE, &sources, error) ||
      !dd_rules_get_dict (rules, "", "due_soon", TRUE, &due_soon, error) ||
      !dd_rules_check_members (due_soon, "due_soon", due_soon_members, error) ||
      !dd_rules_get_number (due_soon, "due_soon", "fraction", TRUE, &fraction, NULL, error) ||
      !dd_rules_get_number (due_soon, "due_soon", "max_minutes", TRUE, &max_minutes, NULL, error) ||
      !dd_rules_get_dict (rules, "", "alerts", FALSE, &alerts, error) ||
      !dd_rules_get_array (rules, "", "steps", TRUE, &steps, error))
    return NULL;

  if (alerts != NULL &&
      (!dd_rules_check_members (alerts, "alerts", alerts_members, error) ||
       !read_alerts_repeat (alerts, "repeat_due_soon_seconds", &repeat_due_soon_ms, error) ||
       !read_alerts_repeat (alerts, "repeat_overdue_seconds", &repeat_overdue_ms, error)))
    return NULL;

  if (format != 1)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("format: version %g is not supported (1 is)"), format);
      return NULL;
    }
  if (g_variant_n_children (sources) == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("sources: at least one source must be cited"));
      return NULL;
    }
  if (fraction <= 0 || fraction >= 1)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("due_soon.fraction: %g is not between 0 and 1"), fraction);
      return NULL;
    }
  if (max_minutes <= 0 || max_minutes > MAX_LIMIT_MINUTES)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("due_soon.max_minutes: %g is not a positive number of minutes"), max_minutes);
      return NULL;
    }

  self = g_new0 (DdReportingRules, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->warn_fraction = fraction;
  self->warn_max_ms = (gint64) (max_minutes * DD_MS_PER_MINUTE);
  self->repeat_due_soon_ms = repeat_due_soon_ms;
  self->repeat_overdue_ms = repeat_overdue_ms;

  n = g_variant_n_children (steps);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = dd_rules_child (steps, i);
      g_autofree char *path = g_strdup_printf ("steps[%" G_GSIZE_FORMAT "]", i);
      DdReportingStep *step = parse_step (child, path, error);

      if (step == NULL)
        return NULL;

      for (guint j = 0; j < self->steps->len && step->enabled; j++)
        {
          DdReportingStep *other = g_ptr_array_index (self->steps, j);

          if (other->enabled && g_str_equal (other->id, step->id) &&
              (other->levels & step->levels) != 0 && (other->grades & step->grades) != 0)
            {
              g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("%s: the step “%s” already has a rule for one of these levels and grades (steps[%u])"),
                           path, step->id, j);
              step_free (step);
              return NULL;
            }
        }
      g_ptr_array_add (self->steps, step);
    }

  return g_steal_pointer (&self);
}

DdReportingRules *
dd_reporting_rules_ref (DdReportingRules *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
dd_reporting_rules_unref (DdReportingRules *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_ptr_array_unref (self->steps);
  g_free (self);
}

guint
dd_reporting_rules_get_n_steps (DdReportingRules *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->steps->len;
}

const DdReportingStep *
dd_reporting_rules_get_step (DdReportingRules *self,
                             guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, index);
}

gint64
dd_reporting_rules_get_warning_ms (DdReportingRules *self,
                                   gint64            limit_ms)
{
  gint64 part;

  g_return_val_if_fail (self != NULL, 0);

  part = (gint64) floor ((double) limit_ms * self->warn_fraction);

  return MIN (part, self->warn_max_ms);
}

gint64
dd_reporting_rules_get_repeat_ms (DdReportingRules *self,
                                  DdClockStatus     status)
{
  g_return_val_if_fail (self != NULL, 0);

  switch (status)
    {
    case DD_CLOCK_STATUS_DUE_SOON:
      return self->repeat_due_soon_ms;

    case DD_CLOCK_STATUS_OVERDUE:
      return self->repeat_overdue_ms;

    case DD_CLOCK_STATUS_PENDING:
    case DD_CLOCK_STATUS_MET:
    case DD_CLOCK_STATUS_LATE:
    case DD_CLOCK_STATUS_CANCELLED:
    default:
      return 0;
    }
}

void
dd_report_clock_free (DdReportClock *clock)
{
  if (clock == NULL)
    return;

  g_free (clock->id);
  g_free (clock->incident_id);
  g_free (clock->step);
  g_free (clock->title);
  g_free (clock->recipient);
  g_free (clock->started_by);
  g_free (clock->met_by);
  g_free (clock->late_reason);
  g_free (clock->cancelled_by);
  g_free (clock);
}

DdClockStatus
dd_clock_status_at (gint64  due_at,
                    gint64  warn_at,
                    gint64  done_at,
                    gint64  cancelled_at,
                    gint64  at,
                    gint64 *next_change_at)
{
  DdClockStatus status;
  gint64 next = G_MAXINT64;

  if (done_at != 0 && done_at <= at)
    status = done_at <= due_at ? DD_CLOCK_STATUS_MET : DD_CLOCK_STATUS_LATE;
  else if (cancelled_at != 0)
    status = DD_CLOCK_STATUS_CANCELLED;
  else if (at > due_at)
    status = DD_CLOCK_STATUS_OVERDUE;
  else if (at >= warn_at)
    {
      status = DD_CLOCK_STATUS_DUE_SOON;
      next = due_at + 1;
    }
  else
    {
      status = DD_CLOCK_STATUS_PENDING;
      next = warn_at;
    }

  if (next_change_at != NULL)
    *next_change_at = next;

  return status;
}

void
dd_reporting_result_free (DdReportingResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->clocks, g_ptr_array_unref);
  g_free (result);
}

static gboolean
clock_is_open (const DdReportClock *clock)
{
  return clock->status == DD_CLOCK_STATUS_PENDING ||
         clock->status == DD_CLOCK_STATUS_DUE_SOON ||
         clock->status == DD_CLOCK_STATUS_OVERDUE;
}

gboolean
dd_reporting_result_has_running (DdReportingResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);

  for (guint i = 0; i < result->clocks->len; i++)
    {
      if (clock_is_open (g_ptr_array_index (result->clocks, i)))
        return TRUE;
    }

  return FALSE;
}

DdReportClock *
dd_reporting_result_find (DdReportingResult *result,
                          const char        *step)
{
  DdReportClock *last = NULL;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (step != NULL, NULL);

  for (guint i = 0; i < result->clocks->len; i++)
    {
      DdReportClock *clock = g_ptr_array_index (result->clocks, i);

      if (!g_str_equal (clock->step, step))
        continue;
      if (clock_is_open (clock))
        return clock;
      last = clock;
    }

  return last;
}

static gboolean
report_matches (const DdIncidentEvent *report,
                const char            *recipient,
                guint                  channels)
{
  g_autofree char *to = g_strstrip (g_strdup (report->report_to));

  if (!g_str_equal (to, recipient))
    return FALSE;

  return channels == 0 || (channels & (1u << report->report_channel)) != 0;
}

gboolean
dd_reporting_result_report_is_late (DdReportingResult *result,
                                    const char        *to,
                                    DdReportChannel    channel)
{
  g_autofree char *recipient = NULL;

  g_return_val_if_fail (result != NULL, FALSE);

  if (to == NULL)
    return FALSE;

  recipient = g_strstrip (g_strdup (to));
  for (guint i = 0; i < result->clocks->len; i++)
    {
      DdReportClock *clock = g_ptr_array_index (result->clocks, i);

      if (clock->status == DD_CLOCK_STATUS_OVERDUE &&
          g_str_equal (clock->recipient, recipient) &&
          (clock->channels == 0 || (clock->channels & (1u << channel)) != 0))
        return TRUE;
    }

  return FALSE;
}

/* The first report meeting @clock made from its start up to @until. */
static const DdIncidentEvent *
find_report (DdIncidentState     *state,
             const DdReportClock *clock,
             gint64               until)
{
  for (guint i = 0; i < state->reports->len; i++)
    {
      const DdIncidentEvent *report = g_ptr_array_index (state->reports, i);

      if (report->received_at > until)
        break;
      if (report->received_at < clock->started_at)
        continue;
      if (report_matches (report, clock->recipient, clock->channels))
        return report;
    }

  return NULL;
}

static gboolean
rule_applies (const DdReportingStep *rule,
              DdLevel                level,
              DdGrade                grade)
{
  return rule->enabled && grade != DD_GRADE_NONE &&
         (rule->levels & (1u << level)) != 0 && (rule->grades & (1u << grade)) != 0;
}

static void
start_clock (DdReportingRules      *rules,
             GArray                *running,
             DdIncidentState       *state,
             const DdReportingStep *rule,
             DdGrade                grade,
             gint64                 started_at,
             const char            *started_by)
{
  DdReportClock *clock = g_new0 (DdReportClock, 1);
  Running r = { clock, rule };

  clock->id = g_strdup_printf ("%s/%s", started_by, rule->id);
  clock->incident_id = g_strdup (state->incident_id);
  clock->step = g_strdup (rule->id);
  clock->title = g_strdup (rule->title);
  clock->recipient = g_strdup (rule->recipient);
  clock->channels = rule->channels;
  clock->grade = grade;
  clock->limit_ms = rule->limit_ms;
  clock->started_at = started_at;
  clock->started_by = g_strdup (started_by);
  clock->due_at = started_at + rule->limit_ms;
  clock->warn_at = clock->due_at - dd_reporting_rules_get_warning_ms (rules, rule->limit_ms);
  g_array_append_val (running, r);
}

DdReportingResult *
dd_reporting_compute (DdReportingRules *rules,
                      DdLevel           level,
                      DdIncidentState  *state,
                      gint64            at)
{
  g_autoptr(GArray) running = g_array_new (FALSE, FALSE, sizeof (Running));
  DdReportingResult *result;
  DdGrade grade = DD_GRADE_NONE;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (state != NULL, NULL);

  for (guint i = 0; i < state->history->len; i++)
    {
      const DdIncidentHistoryEntry *entry = g_ptr_array_index (state->history, i);
      const DdIncidentEvent *event = entry->event;
      DdGrade new_grade = entry->effective_grade;
      gint64 t = event->received_at;

      if (t > at)
        break;

      if (new_grade == grade)
        continue;

      if (dd_grade_is_more_serious (new_grade, grade))
        {
          for (guint s = 0; s < rules->steps->len; s++)
            {
              const DdReportingStep *rule = g_ptr_array_index (rules->steps, s);

              if (rule_applies (rule, level, new_grade))
                start_clock (rules, running, state, rule, new_grade, t, event->id);
            }
        }
      else
        {
          /* downgrade: cancel what is no longer required and not yet met */
          for (guint c = 0; c < running->len; c++)
            {
              Running *r = &g_array_index (running, Running, c);

              if (r->clock->cancelled_at != 0 || rule_applies (r->rule, level, new_grade))
                continue;
              if (find_report (state, r->clock, t) != NULL)
                continue;
              r->clock->cancelled_at = t;
              r->clock->cancelled_by = g_strdup (event->id);
            }

          /* start what the lower grade requires and nothing covers */
          for (guint s = 0; s < rules->steps->len; s++)
            {
              const DdReportingStep *rule = g_ptr_array_index (rules->steps, s);
              gboolean covered = FALSE;
              const DdIncidentHistoryEntry *since = entry;

              if (!rule_applies (rule, level, new_grade))
                continue;
              for (guint c = 0; c < running->len && !covered; c++)
                {
                  Running *r = &g_array_index (running, Running, c);

                  covered = r->clock->cancelled_at == 0 && g_str_equal (r->clock->step, rule->id);
                }
              if (covered)
                continue;

              /* when the incident reached @new_grade without falling below since */
              for (guint k = i; k-- > 0;)
                {
                  const DdIncidentHistoryEntry *earlier = g_ptr_array_index (state->history, k);

                  if (earlier->effective_grade == DD_GRADE_NONE ||
                      dd_grade_is_more_serious (new_grade, earlier->effective_grade))
                    break;
                  since = earlier;
                }
              start_clock (rules, running, state, rule, new_grade,
                           since->event->received_at, since->event->id);
            }
        }

      grade = new_grade;
    }

  result = g_new0 (DdReportingResult, 1);
  result->at = at;
  result->clocks = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_report_clock_free);
  result->next_change_at = G_MAXINT64;

  for (guint c = 0; c < running->len; c++)
    {
      DdReportClock *clock = g_array_index (running, Running, c).clock;
      gint64 until = clock->cancelled_at != 0 ? MIN (clock->cancelled_at, at) : at;
      const DdIncidentEvent *report = find_report (state, clock, until);

      if (report != NULL)
        {
          clock->met_at = report->received_at;
          clock->met_by = g_strdup (report->id);
        }
      clock->status = dd_clock_status_at (clock->due_at, clock->warn_at, clock->met_at,
                                          report != NULL ? 0 : clock->cancelled_at, at,
                                          &clock->next_change_at);
      if (clock->status == DD_CLOCK_STATUS_LATE)
        clock->late_reason = g_strdup (report->reason);

      result->next_change_at = MIN (result->next_change_at, clock->next_change_at);
      g_ptr_array_add (result->clocks, clock);
    }

  return result;
}

const char *
dd_recipient_get_label (const char *recipient)
{
  if (g_strcmp0 (recipient, DD_RECIPIENT_PROVINCE) == 0)
    return _("the province");
  if (g_strcmp0 (recipient, DD_RECIPIENT_PREFECTURE) == 0)
    return _("the prefecture");
  if (g_strcmp0 (recipient, DD_RECIPIENT_STATE_COUNCIL) == 0)
    return _("the State Council");
  return recipient;
}
