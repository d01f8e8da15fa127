/* dd-reporting-ui.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-reporting-ui.h"

#include <glib/gi18n.h>

#include "dd-rules-loader.h"
#include "dd-taxonomy.h"

static gboolean
clock_is_running (const DdReportClock *clock)
{
  return clock->status == DD_CLOCK_STATUS_PENDING ||
         clock->status == DD_CLOCK_STATUS_DUE_SOON ||
         clock->status == DD_CLOCK_STATUS_OVERDUE;
}

static int
compare_running (gconstpointer a,
                 gconstpointer b)
{
  const DdRunningClock *x = *(const DdRunningClock * const *) a;
  const DdRunningClock *y = *(const DdRunningClock * const *) b;

  if (x->clock->due_at != y->clock->due_at)
    return x->clock->due_at < y->clock->due_at ? -1 : 1;

  return g_strcmp0 (x->clock->id, y->clock->id);
}

DdIncidentRules *
dd_reporting_ui_load_rules (void)
{
  g_autoptr(DdGradingRules) grading = NULL;
  g_autoptr(DdReportingRules) reporting = NULL;
  g_autoptr(GError) error = NULL;

  grading = dd_grading_rules_load_default (&error);
  if (grading == NULL)
    g_critical ("The shipped grading rules do not load: %s", error->message);
  g_clear_error (&error);
  reporting = dd_reporting_rules_load_default (&error);
  if (reporting == NULL)
    g_critical ("The shipped reporting rules do not load: %s", error->message);

  return dd_incident_rules_new (grading, dd_taxonomy_get_default (), reporting);
}

GPtrArray *
dd_reporting_ui_collect_running (GPtrArray *details,
                                 gint64    *next_change_at)
{
  GPtrArray *running = g_ptr_array_new_with_free_func (g_free);
  gint64 next = G_MAXINT64;

  for (guint i = 0; details != NULL && i < details->len; i++)
    {
      DdIncidentDetail *detail = g_ptr_array_index (details, i);

      for (guint j = 0; detail->reporting != NULL && j < detail->reporting->clocks->len; j++)
        {
          DdReportClock *clock = g_ptr_array_index (detail->reporting->clocks, j);
          DdRunningClock *entry;

          if (!clock_is_running (clock))
            continue;

          entry = g_new0 (DdRunningClock, 1);
          entry->detail = detail;
          entry->clock = clock;
          g_ptr_array_add (running, entry);
          next = MIN (next, clock->next_change_at);
        }
    }

  g_ptr_array_sort (running, compare_running);
  if (next_change_at != NULL)
    *next_change_at = next;

  return running;
}

char *
dd_reporting_ui_format_countdown (gint64 due_at,
                                  gint64 now_ms)
{
  gint64 left_s;

  if (due_at <= 0)
    return g_strdup ("");

  if (now_ms > due_at)
    {
      gint64 over_min = (now_ms - due_at) / 60000;

      /* Translators: a reporting deadline passed this many minutes ago */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "overdue %d min", "overdue %d min", over_min),
                              (int) over_min);
    }

  left_s = (due_at - now_ms + 999) / 1000;
  if (left_s >= 3600)
    /* Translators: time left to a reporting deadline, h:mm:ss */
    return g_strdup_printf (_("%d:%02d:%02d left"),
                            (int) (left_s / 3600), (int) (left_s / 60 % 60), (int) (left_s % 60));

  /* Translators: time left to a reporting deadline, mm:ss */
  return g_strdup_printf (_("%02d:%02d left"), (int) (left_s / 60), (int) (left_s % 60));
}

char *
dd_reporting_ui_format_duration (gint64   ms,
                                 gboolean round_up)
{
  gint64 s = MAX (ms, 0);

  s = round_up ? (s + 999) / 1000 : s / 1000;

  return g_strdup_printf ("%02d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
}

char *
dd_reporting_ui_format_limit (gint64 limit_ms)
{
  gint64 minutes = limit_ms / 60000;

  if (minutes >= 60 && minutes % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", minutes / 60),
                            (int) (minutes / 60));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes),
                          (int) minutes);
}
