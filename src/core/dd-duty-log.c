/* dd-duty-log.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-duty-log.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-error.h"
#include "dd-shift-template.h"

/* ----------------------------------------------------------------- helpers */

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  for (; *str != '\0'; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

/* Valid UTF-8 (or %NULL when not @required), not blank when @required. */
static gboolean
check_text (const char  *field,
            const char  *text,
            gboolean     required,
            GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
                   _("%s: the text is not valid UTF-8"), field);
      return FALSE;
    }
  if (required && is_blank (text))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID, _("%s: the text is empty"), field);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_time (const char  *field,
            gint64       at,
            GError     **error)
{
  if (at <= 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID, _("%s: no time given"), field);
      return FALSE;
    }

  return TRUE;
}

static int
compare_due (gint64 a,
             gint64 b)
{
  if (a == b)
    return 0;
  if (a == 0)
    return 1;
  if (b == 0)
    return -1;
  return a < b ? -1 : 1;
}

/* ------------------------------------------------------------- log entries */

DdLogEntry *
dd_log_entry_new (const char *id,
                  gint64      at,
                  const char *text)
{
  DdLogEntry *entry = g_new0 (DdLogEntry, 1);

  entry->id = g_strdup (id);
  entry->at = at;
  entry->text = g_strdup (text);

  return entry;
}

DdLogEntry *
dd_log_entry_copy (const DdLogEntry *entry)
{
  DdLogEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = dd_log_entry_new (entry->id, entry->at, entry->text);
  copy->incident_id = g_strdup (entry->incident_id);
  copy->author = g_strdup (entry->author);

  return copy;
}

void
dd_log_entry_free (DdLogEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_free (entry->text);
  g_free (entry->incident_id);
  g_free (entry->author);
  g_free (entry);
}

G_DEFINE_BOXED_TYPE (DdLogEntry, dd_log_entry, dd_log_entry_copy, dd_log_entry_free)

gboolean
dd_log_entry_validate (const DdLogEntry  *entry,
                       GError           **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  return check_time ("at", entry->at, error) &&
         check_text ("text", entry->text, TRUE, error) &&
         check_text ("incident", entry->incident_id, FALSE, error) &&
         check_text ("author", entry->author, FALSE, error);
}

/* ------------------------------------------------------------ instructions */

DdInstruction *
dd_instruction_new (const char *id,
                    const char *text,
                    const char *issued_by,
                    gint64      issued_at)
{
  DdInstruction *instruction = g_new0 (DdInstruction, 1);

  instruction->id = g_strdup (id);
  instruction->text = g_strdup (text);
  instruction->issued_by = g_strdup (issued_by);
  instruction->issued_at = issued_at;

  return instruction;
}

DdInstruction *
dd_instruction_copy (const DdInstruction *instruction)
{
  DdInstruction *copy;

  g_return_val_if_fail (instruction != NULL, NULL);

  copy = dd_instruction_new (instruction->id, instruction->text, instruction->issued_by,
                             instruction->issued_at);
  copy->incident_id = g_strdup (instruction->incident_id);
  copy->feedback_due = instruction->feedback_due;
  copy->done_at = instruction->done_at;
  copy->done_reason = g_strdup (instruction->done_reason);

  return copy;
}

void
dd_instruction_free (DdInstruction *instruction)
{
  if (instruction == NULL)
    return;

  g_free (instruction->id);
  g_free (instruction->text);
  g_free (instruction->issued_by);
  g_free (instruction->incident_id);
  g_free (instruction->done_reason);
  g_free (instruction);
}

G_DEFINE_BOXED_TYPE (DdInstruction, dd_instruction, dd_instruction_copy, dd_instruction_free)

gboolean
dd_instruction_validate (const DdInstruction  *instruction,
                         GError              **error)
{
  g_return_val_if_fail (instruction != NULL, FALSE);

  if (!check_text ("text", instruction->text, TRUE, error) ||
      !check_text ("by", instruction->issued_by, TRUE, error) ||
      !check_text ("incident", instruction->incident_id, FALSE, error) ||
      !check_text ("reason", instruction->done_reason, FALSE, error) ||
      !check_time ("at", instruction->issued_at, error))
    return FALSE;

  if (instruction->feedback_due != 0 && instruction->feedback_due <= instruction->issued_at)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("The feedback is due before the instruction was given"));
      return FALSE;
    }
  if (instruction->done_at != 0 && instruction->done_at < instruction->issued_at)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("An instruction cannot be done before it was given"));
      return FALSE;
    }

  return TRUE;
}

DdClockStatus
dd_instruction_status_at (const DdInstruction *instruction,
                          DdReportingRules    *rules,
                          gint64               at,
                          gint64              *next_change_at)
{
  gint64 due, warn;

  g_return_val_if_fail (instruction != NULL, DD_CLOCK_STATUS_PENDING);
  g_return_val_if_fail (rules != NULL, DD_CLOCK_STATUS_PENDING);

  if (instruction->feedback_due != 0)
    {
      due = instruction->feedback_due;
      warn = due - dd_reporting_rules_get_warning_ms (rules, due - instruction->issued_at);
    }
  else
    due = warn = G_MAXINT64;

  return dd_clock_status_at (due, warn, instruction->done_at, 0, at, next_change_at);
}

gboolean
dd_instruction_done_is_late (const DdInstruction *instruction,
                             gint64               at)
{
  g_return_val_if_fail (instruction != NULL, FALSE);

  return instruction->feedback_due != 0 && at > instruction->feedback_due;
}

/* ---------------------------------------------------------------- callbacks */

DdCallback *
dd_callback_new (const char *call_id,
                 gint64      due_at)
{
  DdCallback *callback = g_new0 (DdCallback, 1);

  callback->call_id = g_strdup (call_id);
  callback->due_at = due_at;

  return callback;
}

DdCallback *
dd_callback_copy (const DdCallback *callback)
{
  DdCallback *copy;

  g_return_val_if_fail (callback != NULL, NULL);

  copy = dd_callback_new (callback->call_id, callback->due_at);
  copy->summary = g_strdup (callback->summary);
  copy->caller = g_strdup (callback->caller);
  copy->done_at = callback->done_at;

  return copy;
}

void
dd_callback_free (DdCallback *callback)
{
  if (callback == NULL)
    return;

  g_free (callback->call_id);
  g_free (callback->summary);
  g_free (callback->caller);
  g_free (callback);
}

G_DEFINE_BOXED_TYPE (DdCallback, dd_callback, dd_callback_copy, dd_callback_free)

/* ----------------------------------------------------------------- handover */

static const char * const item_kind_names[] = {
  "incident", "instruction", "callback", "unsynced",
};

const char *
dd_handover_item_kind_to_string (DdHandoverItemKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (item_kind_names), NULL);

  return item_kind_names[kind];
}

gboolean
dd_handover_item_kind_from_string (const char         *str,
                                   DdHandoverItemKind *kind)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (item_kind_names); i++)
    {
      if (g_str_equal (str, item_kind_names[i]))
        {
          *kind = (DdHandoverItemKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
dd_handover_item_kind_get_label (DdHandoverItemKind kind)
{
  switch (kind)
    {
    case DD_HANDOVER_ITEM_INCIDENT:
      return _("Incident");
    case DD_HANDOVER_ITEM_INSTRUCTION:
      return _("Instruction");
    case DD_HANDOVER_ITEM_CALLBACK:
      return _("Call-back");
    case DD_HANDOVER_ITEM_UNSYNCED:
      return _("Not synchronized");
    default:
      g_return_val_if_reached (NULL);
    }
}

static DdHandoverItem *
item_new (DdHandoverItemKind  kind,
          const char         *ref_id,
          gint64              due_at,
          DdClockStatus       status)
{
  DdHandoverItem *item = g_new0 (DdHandoverItem, 1);

  item->kind = kind;
  item->ref_id = g_strdup (ref_id);
  item->id = ref_id != NULL ? g_strdup_printf ("%s:%s", item_kind_names[kind], ref_id)
                            : g_strdup (item_kind_names[kind]);
  item->due_at = due_at;
  item->status = status;

  return item;
}

DdHandoverItem *
dd_handover_item_copy (const DdHandoverItem *item)
{
  DdHandoverItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new0 (DdHandoverItem, 1);
  copy->id = g_strdup (item->id);
  copy->kind = item->kind;
  copy->ref_id = g_strdup (item->ref_id);
  copy->title = g_strdup (item->title);
  copy->detail = g_strdup (item->detail);
  copy->due_at = item->due_at;
  copy->status = item->status;
  copy->acked_by = g_strdup (item->acked_by);
  copy->acked_at = item->acked_at;

  return copy;
}

void
dd_handover_item_free (DdHandoverItem *item)
{
  if (item == NULL)
    return;

  g_free (item->id);
  g_free (item->ref_id);
  g_free (item->title);
  g_free (item->detail);
  g_free (item->acked_by);
  g_free (item);
}

G_DEFINE_BOXED_TYPE (DdHandoverItem, dd_handover_item, dd_handover_item_copy, dd_handover_item_free)

void
dd_handover_incident_free (DdHandoverIncident *incident)
{
  if (incident == NULL)
    return;

  g_free (incident->id);
  g_free (incident->number);
  g_free (incident->description);
  g_clear_pointer (&incident->reporting, dd_reporting_result_free);
  g_free (incident);
}

DdHandoverSnapshot *
dd_handover_snapshot_new (gint64 at)
{
  DdHandoverSnapshot *snapshot = g_new0 (DdHandoverSnapshot, 1);

  snapshot->at = at;
  snapshot->incidents = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_handover_incident_free);
  snapshot->instructions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_instruction_free);
  snapshot->callbacks = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_callback_free);

  return snapshot;
}

void
dd_handover_snapshot_free (DdHandoverSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_ptr_array_unref (snapshot->incidents);
  g_ptr_array_unref (snapshot->instructions);
  g_ptr_array_unref (snapshot->callbacks);
  g_free (snapshot);
}

static gboolean
status_is_running (DdClockStatus status)
{
  return status == DD_CLOCK_STATUS_PENDING ||
         status == DD_CLOCK_STATUS_DUE_SOON ||
         status == DD_CLOCK_STATUS_OVERDUE;
}

static char *
format_time (gint64 at)
{
  GDate date;
  guint minute;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  dd_duty_date_from_ms (at, &date, &minute);
  day = dd_duty_date_to_string (&date);
  time = dd_duty_time_of_day_to_string (minute);

  return g_strdup_printf ("%s %s", day, time);
}

static DdHandoverItem *
incident_item (const DdHandoverIncident *incident)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  DdHandoverItem *item;
  gint64 due = 0;
  DdClockStatus status = DD_CLOCK_STATUS_PENDING;
  gboolean running = FALSE;

  for (guint i = 0; incident->reporting != NULL && i < incident->reporting->clocks->len; i++)
    {
      const DdReportClock *clock = g_ptr_array_index (incident->reporting->clocks, i);
      g_autofree char *when = NULL;

      if (!status_is_running (clock->status))
        continue;
      running = TRUE;
      if (due == 0 || clock->due_at < due)
        {
          due = clock->due_at;
          status = clock->status;
        }
      when = format_time (clock->due_at);
      if (detail->len > 0)
        g_string_append (detail, "; ");
      /* Translators: a running reporting deadline in a handover item:
       * the step, its due time and its status */
      g_string_append_printf (detail, _("%s due %s (%s)"),
                              clock->title != NULL ? clock->title : clock->step,
                              when, dd_clock_status_get_label (clock->status));
    }

  if (!running && !incident->open)
    return NULL;
  if (!running)
    g_string_append (detail, _("Open: follow-up reports continue"));

  item = item_new (DD_HANDOVER_ITEM_INCIDENT, incident->id, due, status);
  item->title = incident->description != NULL && *incident->description != '\0'
                ? g_strdup_printf ("%s %s", incident->number, incident->description)
                : g_strdup (incident->number);
  item->detail = g_string_free (g_steal_pointer (&detail), FALSE);

  return item;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const DdHandoverItem *ia = *(const DdHandoverItem * const *) a;
  const DdHandoverItem *ib = *(const DdHandoverItem * const *) b;
  int c;

  if (ia->kind != ib->kind)
    return ia->kind < ib->kind ? -1 : 1;
  if ((c = compare_due (ia->due_at, ib->due_at)) != 0)
    return c;

  return strcmp (ia->id, ib->id);
}

GPtrArray *
dd_handover_items (const DdHandoverSnapshot *snapshot,
                   DdReportingRules         *rules)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_handover_item_free);

  g_return_val_if_fail (snapshot != NULL, items);
  g_return_val_if_fail (rules != NULL, items);

  for (guint i = 0; i < snapshot->incidents->len; i++)
    {
      DdHandoverItem *item = incident_item (g_ptr_array_index (snapshot->incidents, i));

      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  for (guint i = 0; i < snapshot->instructions->len; i++)
    {
      const DdInstruction *instruction = g_ptr_array_index (snapshot->instructions, i);
      DdClockStatus status = dd_instruction_status_at (instruction, rules, snapshot->at, NULL);
      DdHandoverItem *item;

      if (!status_is_running (status) || instruction->issued_at > snapshot->at)
        continue;
      item = item_new (DD_HANDOVER_ITEM_INSTRUCTION, instruction->id, instruction->feedback_due, status);
      item->title = g_strdup (instruction->text);
      /* Translators: who gave a leader's instruction, in a handover item */
      item->detail = g_strdup_printf (_("Instructed by %s"), instruction->issued_by);
      g_ptr_array_add (items, item);
    }

  for (guint i = 0; i < snapshot->callbacks->len; i++)
    {
      const DdCallback *callback = g_ptr_array_index (snapshot->callbacks, i);
      DdHandoverItem *item;

      if (callback->done_at != 0 && callback->done_at <= snapshot->at)
        continue;
      item = item_new (DD_HANDOVER_ITEM_CALLBACK, callback->call_id, callback->due_at,
                       dd_clock_status_at (callback->due_at, callback->due_at, 0, 0,
                                           snapshot->at, NULL));
      item->title = g_strdup (callback->summary);
      item->detail = g_strdup (callback->caller);
      g_ptr_array_add (items, item);
    }

  if (snapshot->n_unsynced > 0)
    {
      DdHandoverItem *item = item_new (DD_HANDOVER_ITEM_UNSYNCED, NULL, 0, DD_CLOCK_STATUS_PENDING);

      item->title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld record not yet synchronized",
                                                  "%lld records not yet synchronized",
                                                  (gulong) snapshot->n_unsynced),
                                     (long long) snapshot->n_unsynced);
      g_ptr_array_add (items, item);
    }

  g_ptr_array_sort (items, compare_items);

  return items;
}

DdHandoverItem *
dd_handover_items_find (GPtrArray  *items,
                        const char *id)
{
  g_return_val_if_fail (items != NULL, NULL);

  for (guint i = 0; id != NULL && i < items->len; i++)
    {
      DdHandoverItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->id, id))
        return item;
    }

  return NULL;
}

DdHandover *
dd_handover_new (void)
{
  DdHandover *handover = g_new0 (DdHandover, 1);

  handover->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_handover_item_free);

  return handover;
}

DdHandover *
dd_handover_copy (const DdHandover *handover)
{
  DdHandover *copy;

  g_return_val_if_fail (handover != NULL, NULL);

  copy = dd_handover_new ();
  copy->id = g_strdup (handover->id);
  copy->outgoing = g_strdup (handover->outgoing);
  copy->incoming = g_strdup (handover->incoming);
  copy->signed_at = handover->signed_at;
  copy->note = g_strdup (handover->note);
  for (guint i = 0; i < handover->items->len; i++)
    g_ptr_array_add (copy->items, dd_handover_item_copy (g_ptr_array_index (handover->items, i)));

  return copy;
}

void
dd_handover_free (DdHandover *handover)
{
  if (handover == NULL)
    return;

  g_free (handover->id);
  g_free (handover->outgoing);
  g_free (handover->incoming);
  g_free (handover->note);
  g_ptr_array_unref (handover->items);
  g_free (handover);
}

G_DEFINE_BOXED_TYPE (DdHandover, dd_handover, dd_handover_copy, dd_handover_free)

/* ----------------------------------------------------------------- duty day */

gboolean
dd_duty_day_handover_minute (GPtrArray  *templates,
                             DdRegime    regime,
                             guint      *minute,
                             GError    **error)
{
  /* best of: leader of @regime, any of @regime, any */
  DdShiftTemplate *best[3] = { NULL, NULL, NULL };

  g_return_val_if_fail (templates != NULL, FALSE);
  g_return_val_if_fail (minute != NULL, FALSE);

  for (guint i = 0; i < templates->len; i++)
    {
      DdShiftTemplate *template_ = g_ptr_array_index (templates, i);
      guint start = dd_shift_template_get_start_minute (template_);
      gboolean of_regime = dd_shift_template_get_regime (template_) == regime;
      gboolean leader = dd_shift_template_get_position (template_) == DD_POSITION_LEADER;

      for (guint k = 0; k < G_N_ELEMENTS (best); k++)
        {
          if ((k == 0 && !(of_regime && leader)) || (k == 1 && !of_regime))
            continue;
          if (best[k] == NULL || start < dd_shift_template_get_start_minute (best[k]))
            best[k] = template_;
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (best); k++)
    {
      if (best[k] != NULL)
        {
          *minute = dd_shift_template_get_start_minute (best[k]);
          return TRUE;
        }
    }

  g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND,
                       _("No shift template: the handover time is not known"));
  return FALSE;
}

void
dd_duty_day_bounds (const GDate *day,
                    guint        handover_minute,
                    gint64      *start,
                    gint64      *end)
{
  g_return_if_fail (day != NULL && g_date_valid (day));

  if (start != NULL)
    *start = dd_duty_date_time_ms (day, handover_minute);
  if (end != NULL)
    *end = dd_duty_date_time_ms (day, handover_minute + DD_MINUTES_PER_DAY);
}

void
dd_duty_day_of (gint64  at,
                guint   handover_minute,
                GDate  *day)
{
  guint minute;

  g_return_if_fail (day != NULL);

  dd_duty_date_from_ms (at, day, &minute);
  if (minute < handover_minute)
    g_date_subtract_days (day, 1);
}

/* ------------------------------------------------------------- daily report */

static void
daily_count_free (DdDailyCount *count)
{
  g_free (count->key);
  g_free (count->label);
  g_free (count);
}

static void
daily_incident_free (DdDailyIncident *incident)
{
  g_free (incident->id);
  g_free (incident->number);
  g_free (incident->subtype);
  g_free (incident->category);
  g_free (incident->description);
  g_free (incident);
}

static void
daily_clock_free (DdDailyClock *clock)
{
  g_free (clock->number);
  g_free (clock->step);
  g_free (clock->title);
  g_free (clock->recipient);
  g_free (clock->late_reason);
  g_free (clock);
}

DdDailyReport *
dd_daily_report_new (const GDate *day,
                     guint        handover_minute,
                     gint64       at)
{
  DdDailyReport *report;

  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  report = g_new0 (DdDailyReport, 1);
  report->day = *day;
  dd_duty_day_bounds (day, handover_minute, &report->from, &report->to);
  report->at = MIN (at, report->to);
  report->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) daily_count_free);
  report->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) daily_count_free);
  report->incidents = g_ptr_array_new_with_free_func ((GDestroyNotify) daily_incident_free);
  report->clocks = g_ptr_array_new_with_free_func ((GDestroyNotify) daily_clock_free);
  report->instructions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_instruction_free);
  report->instruction_status = g_array_new (FALSE, FALSE, sizeof (guint));
  report->handovers = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_handover_free);

  return report;
}

static DdDailyReport *
dd_daily_report_copy (DdDailyReport *report)
{
  /* A report is handed over, never shared: copying is a programming error. */
  g_return_val_if_reached (NULL);
  (void) report;
}

void
dd_daily_report_free (DdDailyReport *report)
{
  if (report == NULL)
    return;

  g_free (report->unit_name);
  g_ptr_array_unref (report->channels);
  g_ptr_array_unref (report->categories);
  g_ptr_array_unref (report->incidents);
  g_ptr_array_unref (report->clocks);
  g_ptr_array_unref (report->instructions);
  g_array_unref (report->instruction_status);
  g_ptr_array_unref (report->handovers);
  g_free (report);
}

G_DEFINE_BOXED_TYPE (DdDailyReport, dd_daily_report, dd_daily_report_copy, dd_daily_report_free)

static gboolean
in_day (DdDailyReport *report,
        gint64         at)
{
  return at >= report->from && at < report->to;
}

/* The count of @key in @counts, added (with @label) if missing. */
static DdDailyCount *
lookup_count (GPtrArray  *counts,
              const char *key,
              const char *label)
{
  DdDailyCount *count;

  for (guint i = 0; i < counts->len; i++)
    {
      count = g_ptr_array_index (counts, i);
      if (g_str_equal (count->key, key))
        return count;
    }

  count = g_new0 (DdDailyCount, 1);
  count->key = g_strdup (key);
  count->label = g_strdup (label != NULL ? label : key);
  g_ptr_array_add (counts, count);

  return count;
}

void
dd_daily_report_add_channel (DdDailyReport *report,
                             const char    *key,
                             const char    *label)
{
  g_return_if_fail (report != NULL);
  g_return_if_fail (key != NULL);

  lookup_count (report->channels, key, label);
}

gboolean
dd_daily_report_add_call (DdDailyReport *report,
                          gint64         received_at,
                          const char    *channel,
                          const char    *label)
{
  DdDailyCount *count;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);

  if (!in_day (report, received_at))
    return FALSE;

  count = lookup_count (report->channels, channel, label);
  count->counts[0]++;
  count->total++;
  report->n_calls++;

  return TRUE;
}

void
dd_daily_report_add_incident (DdDailyReport     *report,
                              DdTaxonomy        *taxonomy,
                              const char        *number,
                              DdIncidentState   *state,
                              DdReportingResult *reporting)
{
  g_return_if_fail (report != NULL);
  g_return_if_fail (state != NULL);

  if (in_day (report, state->received_at))
    {
      DdSubtype *subtype = taxonomy != NULL ? dd_taxonomy_lookup (taxonomy, state->subtype) : NULL;
      const char *category = subtype != NULL ? dd_subtype_get_category (subtype) : "other";
      const char *label = subtype != NULL ? dd_subtype_get_category_zh (subtype) : NULL;
      DdDailyCount *count = lookup_count (report->categories, category, label);
      DdDailyIncident *incident = g_new0 (DdDailyIncident, 1);
      const char *description = dd_incident_state_get_text (state, DD_INCIDENT_TEXT_DESCRIPTION);

      count->counts[state->effective_grade]++;
      count->total++;
      report->n_incidents++;

      if (description == NULL && state->history->len > 0)
        description = ((const DdIncidentHistoryEntry *) g_ptr_array_index (state->history, 0))->event->note;

      incident->id = g_strdup (state->incident_id);
      incident->number = g_strdup (number);
      incident->subtype = g_strdup (subtype != NULL ? dd_subtype_get_name_zh (subtype) : state->subtype);
      incident->category = g_strdup (category);
      incident->grade = state->effective_grade;
      incident->received_at = state->received_at;
      incident->description = g_strdup (description);
      incident->status = state->closed_at != 0 && state->closed_at <= report->at
                         ? state->status : DD_INCIDENT_STATUS_OPEN;
      g_ptr_array_add (report->incidents, incident);
    }

  for (guint i = 0; i < state->reports->len; i++)
    {
      const DdIncidentEvent *event = g_ptr_array_index (state->reports, i);

      if (in_day (report, event->received_at) && event->received_at <= report->at)
        report->n_reports[event->report_kind]++;
    }

  for (guint i = 0; reporting != NULL && i < reporting->clocks->len; i++)
    {
      const DdReportClock *clock = g_ptr_array_index (reporting->clocks, i);
      DdDailyClock *row;

      if (clock->status == DD_CLOCK_STATUS_CANCELLED)
        continue;
      if (!in_day (report, clock->due_at) && !(clock->met_at != 0 && in_day (report, clock->met_at)) &&
          !(status_is_running (clock->status) && clock->started_at < report->to))
        continue;

      row = g_new0 (DdDailyClock, 1);
      row->number = g_strdup (number);
      row->step = g_strdup (clock->step);
      row->title = g_strdup (clock->title);
      row->recipient = g_strdup (clock->recipient);
      row->due_at = clock->due_at;
      row->met_at = clock->met_at;
      row->status = clock->status;
      row->late_reason = g_strdup (clock->late_reason);
      report->n_clocks[clock->status]++;
      g_ptr_array_add (report->clocks, row);
    }
}

gboolean
dd_daily_report_add_instruction (DdDailyReport       *report,
                                 const DdInstruction *instruction,
                                 DdReportingRules    *rules)
{
  guint status;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (instruction != NULL, FALSE);

  if (instruction->issued_at > report->at)
    return FALSE;

  status = dd_instruction_status_at (instruction, rules, report->at, NULL);
  if (!in_day (report, instruction->issued_at) &&
      !(instruction->done_at != 0 && in_day (report, instruction->done_at)) &&
      !status_is_running (status))
    return FALSE;

  g_ptr_array_add (report->instructions, dd_instruction_copy (instruction));
  g_array_append_val (report->instruction_status, status);

  return TRUE;
}

gboolean
dd_daily_report_add_handover (DdDailyReport    *report,
                              const DdHandover *handover)
{
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (handover != NULL, FALSE);

  if (!in_day (report, handover->signed_at) || handover->signed_at > report->at)
    return FALSE;

  g_ptr_array_add (report->handovers, dd_handover_copy (handover));

  return TRUE;
}

static int
compare_incidents (gconstpointer a,
                   gconstpointer b)
{
  const DdDailyIncident *ia = *(const DdDailyIncident * const *) a;
  const DdDailyIncident *ib = *(const DdDailyIncident * const *) b;

  if (ia->received_at != ib->received_at)
    return ia->received_at < ib->received_at ? -1 : 1;
  return g_strcmp0 (ia->number, ib->number);
}

static int
compare_clocks (gconstpointer a,
                gconstpointer b)
{
  const DdDailyClock *ca = *(const DdDailyClock * const *) a;
  const DdDailyClock *cb = *(const DdDailyClock * const *) b;

  if (ca->due_at != cb->due_at)
    return ca->due_at < cb->due_at ? -1 : 1;
  return g_strcmp0 (ca->number, cb->number);
}

static int
compare_categories (gconstpointer a,
                    gconstpointer b)
{
  const DdDailyCount *ca = *(const DdDailyCount * const *) a;
  const DdDailyCount *cb = *(const DdDailyCount * const *) b;

  return strcmp (ca->key, cb->key);
}

static int
compare_handovers (gconstpointer a,
                   gconstpointer b)
{
  const DdHandover *ha = *(const DdHandover * const *) a;
  const DdHandover *hb = *(const DdHandover * const *) b;

  return ha->signed_at < hb->signed_at ? -1 : ha->signed_at > hb->signed_at;
}

void
dd_daily_report_finish (DdDailyReport *report)
{
  g_return_if_fail (report != NULL);

  g_ptr_array_sort (report->incidents, compare_incidents);
  g_ptr_array_sort (report->clocks, compare_clocks);
  g_ptr_array_sort (report->categories, compare_categories);
  g_ptr_array_sort (report->handovers, compare_handovers);

  /* instructions by issue time, their statuses with them (insertion sort:
   * a day has few) */
  for (guint i = 1; i < report->instructions->len; i++)
    {
      for (guint j = i; j > 0; j--)
        {
          DdInstruction **v = (DdInstruction **) report->instructions->pdata;
          guint *s = (guint *) (void *) report->instruction_status->data;
          DdInstruction *tmp;
          guint tmp_status;

          if (v[j - 1]->issued_at <= v[j]->issued_at)
            break;
          tmp = v[j - 1];
          v[j - 1] = v[j];
          v[j] = tmp;
          tmp_status = s[j - 1];
          s[j - 1] = s[j];
          s[j] = tmp_status;
        }
    }
}
