/* dd-roster.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-roster.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dd-duty-date.h"
#include "dd-error.h"
#include "dd-roster-private.h"
#include "dd-shift-template.h"

G_DEFINE_BOXED_TYPE (DdShift, dd_shift, dd_shift_copy, dd_shift_free)
G_DEFINE_BOXED_TYPE (DdAssignment, dd_assignment, dd_assignment_copy, dd_assignment_free)
G_DEFINE_BOXED_TYPE (DdAbsence, dd_absence, dd_absence_copy, dd_absence_free)
G_DEFINE_BOXED_TYPE (DdStaffLoad, dd_staff_load, dd_staff_load_copy, dd_staff_load_free)
G_DEFINE_BOXED_TYPE (DdRoster, dd_roster, dd_roster_ref, dd_roster_unref)

/* ------------------------------------------------------------------ shifts */

char *
dd_shift_make_id (const GDate *date,
                  const char  *template_id)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (template_id != NULL, NULL);

  return g_strdup_printf ("%04u-%02u-%02u/%s",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date),
                          template_id);
}

DdShift *
dd_shift_new (const GDate *date,
              const char  *template_id,
              DdPosition   position,
              DdRegime     regime,
              DdDayKind    day_kind,
              gint64       start_ms,
              gint64       end_ms,
              guint        required)
{
  DdShift *shift;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (template_id != NULL, NULL);

  shift = g_new0 (DdShift, 1);
  shift->id = dd_shift_make_id (date, template_id);
  shift->date = *date;
  shift->template_id = g_strdup (template_id);
  shift->position = position;
  shift->regime = regime;
  shift->day_kind = day_kind;
  shift->start_ms = start_ms;
  shift->end_ms = end_ms;
  shift->required = required;

  return shift;
}

DdShift *
dd_shift_copy (const DdShift *shift)
{
  DdShift *copy;

  g_return_val_if_fail (shift != NULL, NULL);

  copy = g_memdup2 (shift, sizeof *shift);
  copy->id = g_strdup (shift->id);
  copy->template_id = g_strdup (shift->template_id);

  return copy;
}

void
dd_shift_free (DdShift *shift)
{
  if (shift == NULL)
    return;

  g_free (shift->id);
  g_free (shift->template_id);
  g_free (shift);
}

gboolean
dd_shift_is_night (const DdShift *shift)
{
  GDate start_day;

  g_return_val_if_fail (shift != NULL, FALSE);

  dd_duty_date_from_ms (shift->start_ms, &start_day, NULL);

  return shift->end_ms > dd_duty_date_time_ms (&start_day, DD_MINUTES_PER_DAY);
}

gint64
dd_shift_get_minutes (const DdShift *shift)
{
  g_return_val_if_fail (shift != NULL, 0);

  return (shift->end_ms - shift->start_ms) / DD_MS_PER_MINUTE;
}

char *
dd_shift_describe (const DdShift *shift)
{
  g_autofree char *date = NULL;
  guint start_minute, end_minute;

  g_return_val_if_fail (shift != NULL, NULL);

  date = dd_duty_date_to_string (&shift->date);
  dd_duty_date_from_ms (shift->start_ms, NULL, &start_minute);
  dd_duty_date_from_ms (shift->end_ms, NULL, &end_minute);

  /* Translators: a shift: its duty day, start–end time and position, e.g.
   * "2026-02-15 17:30–08:30 (Duty officer)" */
  return g_strdup_printf (_("%s %02u:%02u–%02u:%02u (%s)"),
                          date,
                          start_minute / 60, start_minute % 60,
                          end_minute / 60, end_minute % 60,
                          dd_position_get_label (shift->position));
}

/* ------------------------------------------------------------------ assignments */

DdAssignment *
dd_assignment_new (const char *shift_id,
                   const char *staff_id,
                   gboolean    locked,
                   gboolean    generated)
{
  DdAssignment *assignment;

  g_return_val_if_fail (shift_id != NULL, NULL);
  g_return_val_if_fail (staff_id != NULL, NULL);

  assignment = g_new0 (DdAssignment, 1);
  assignment->shift_id = g_strdup (shift_id);
  assignment->staff_id = g_strdup (staff_id);
  assignment->locked = !!locked;
  assignment->generated = !!generated;

  return assignment;
}

DdAssignment *
dd_assignment_copy (const DdAssignment *assignment)
{
  g_return_val_if_fail (assignment != NULL, NULL);

  return dd_assignment_new (assignment->shift_id, assignment->staff_id,
                            assignment->locked, assignment->generated);
}

void
dd_assignment_free (DdAssignment *assignment)
{
  if (assignment == NULL)
    return;

  g_free (assignment->shift_id);
  g_free (assignment->staff_id);
  g_free (assignment);
}

/* ------------------------------------------------------------------ absences */

DdAbsence *
dd_absence_new (const char    *id,
                const char    *staff_id,
                DdAbsenceKind  kind,
                const GDate   *first,
                const GDate   *last,
                const char    *reason)
{
  DdAbsence *absence;

  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);

  absence = g_new0 (DdAbsence, 1);
  absence->id = g_strdup (id);
  absence->staff_id = g_strdup (staff_id != NULL ? staff_id : "");
  absence->kind = kind;
  absence->first = *first;
  absence->last = *last;
  absence->reason = g_strdup (reason);

  return absence;
}

DdAbsence *
dd_absence_copy (const DdAbsence *absence)
{
  g_return_val_if_fail (absence != NULL, NULL);

  return dd_absence_new (absence->id, absence->staff_id, absence->kind,
                         &absence->first, &absence->last, absence->reason);
}

void
dd_absence_free (DdAbsence *absence)
{
  if (absence == NULL)
    return;

  g_free (absence->id);
  g_free (absence->staff_id);
  g_free (absence->reason);
  g_free (absence);
}

gboolean
dd_absence_validate (const DdAbsence  *absence,
                     GError          **error)
{
  g_return_val_if_fail (absence != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (absence->staff_id == NULL || absence->staff_id[0] == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("An absence needs a person"));
      return FALSE;
    }

  if (g_date_compare (&absence->first, &absence->last) > 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The absence ends before it starts"));
      return FALSE;
    }

  if (absence->reason != NULL && !g_utf8_validate (absence->reason, -1, NULL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
                   _("The reason for the absence is not valid UTF-8"));
      return FALSE;
    }

  return TRUE;
}

void
dd_absence_get_span (const DdAbsence *absence,
                     gint64          *start_ms,
                     gint64          *end_ms)
{
  *start_ms = dd_duty_date_start_ms (&absence->first);
  *end_ms = dd_duty_date_time_ms (&absence->last, DD_MINUTES_PER_DAY);
}

/* ------------------------------------------------------------------ loads */

DdStaffLoad *
dd_staff_load_new (const char *staff_id)
{
  DdStaffLoad *load;

  g_return_val_if_fail (staff_id != NULL, NULL);

  load = g_new0 (DdStaffLoad, 1);
  load->staff_id = g_strdup (staff_id);

  return load;
}

DdStaffLoad *
dd_staff_load_copy (const DdStaffLoad *load)
{
  DdStaffLoad *copy;

  g_return_val_if_fail (load != NULL, NULL);

  copy = g_memdup2 (load, sizeof *load);
  copy->staff_id = g_strdup (load->staff_id);

  return copy;
}

void
dd_staff_load_free (DdStaffLoad *load)
{
  if (load == NULL)
    return;

  g_free (load->staff_id);
  g_free (load);
}

/* ------------------------------------------------------------------ expansion */

static int
compare_shifts (gconstpointer a,
                gconstpointer b)
{
  const DdShift *sa = *(DdShift * const *) a;
  const DdShift *sb = *(DdShift * const *) b;

  if (sa->start_ms != sb->start_ms)
    return sa->start_ms < sb->start_ms ? -1 : 1;

  return strcmp (sa->id, sb->id);
}

GPtrArray *
dd_shift_expand (DdDutyCalendar *calendar,
                 GPtrArray      *templates,
                 DdRegime        base,
                 const GDate    *first,
                 const GDate    *last)
{
  GPtrArray *shifts;
  GDate day;

  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (calendar), NULL);
  g_return_val_if_fail (templates != NULL, NULL);
  g_return_val_if_fail (base == DD_REGIME_5X8 || base == DD_REGIME_7X24, NULL);
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);

  shifts = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_shift_free);

  for (day = *first; g_date_compare (&day, last) <= 0; g_date_add_days (&day, 1))
    {
      g_autoptr(DdDutyDay) info = dd_duty_calendar_get_day (calendar, base, &day);
      gint64 midnight;

      if (info->regime == DD_REGIME_NONE)
        continue;

      midnight = dd_duty_date_start_ms (&day);

      for (guint i = 0; i < templates->len; i++)
        {
          DdShiftTemplate *template = g_ptr_array_index (templates, i);
          gint64 start_ms, end_ms;
          guint required;

          if (dd_shift_template_get_regime (template) != info->regime)
            continue;

          /* Beijing has no daylight saving: every day is 24 hours */
          start_ms = midnight + dd_shift_template_get_start_minute (template) * DD_MS_PER_MINUTE;
          end_ms = start_ms + dd_shift_template_get_duration_minutes (template) * DD_MS_PER_MINUTE;
          required = dd_shift_template_get_required (template);
          if (dd_shift_template_get_position (template) == DD_POSITION_LEADER)
            required = MAX (required, info->leaders);

          g_ptr_array_add (shifts, dd_shift_new (&day,
                                                 dd_shift_template_get_id (template),
                                                 dd_shift_template_get_position (template),
                                                 info->regime,
                                                 info->kind,
                                                 start_ms, end_ms,
                                                 required));
        }
    }

  g_ptr_array_sort (shifts, compare_shifts);

  return shifts;
}

/* ------------------------------------------------------------------ roster */

gboolean
dd_roster_date_in_range (const GDate *date,
                         const GDate *first,
                         const GDate *last)
{
  if (first != NULL && g_date_compare (date, first) < 0)
    return FALSE;
  if (last != NULL && g_date_compare (date, last) > 0)
    return FALSE;

  return TRUE;
}

DdRoster *
dd_roster_new (guint min_rest_hours)
{
  DdRoster *self = g_new0 (DdRoster, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->min_rest_hours = min_rest_hours;
  self->shifts = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_shift_free);
  self->shift_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->shifts_sorted = TRUE;
  self->assignments = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_assignment_free);
  self->staff = g_ptr_array_new_with_free_func (g_object_unref);
  self->staff_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->absences = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_absence_free);

  return self;
}

DdRoster *
dd_roster_ref (DdRoster *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
dd_roster_unref (DdRoster *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->shift_by_id, g_hash_table_unref);
      g_clear_pointer (&self->shifts, g_ptr_array_unref);
      g_clear_pointer (&self->assignments, g_ptr_array_unref);
      g_clear_pointer (&self->staff_by_id, g_hash_table_unref);
      g_clear_pointer (&self->staff, g_ptr_array_unref);
      g_clear_pointer (&self->absences, g_ptr_array_unref);
      g_free (self);
    }
}

guint
dd_roster_get_min_rest_hours (DdRoster *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->min_rest_hours;
}

void
dd_roster_add_shift (DdRoster      *self,
                     const DdShift *shift)
{
  DdShift *copy;
  DdShift *old;

  g_return_if_fail (self != NULL);
  g_return_if_fail (shift != NULL && shift->id != NULL);

  copy = dd_shift_copy (shift);
  old = g_hash_table_lookup (self->shift_by_id, shift->id);
  if (old != NULL)
    {
      g_hash_table_remove (self->shift_by_id, shift->id);
      g_ptr_array_remove_fast (self->shifts, old);
    }

  g_hash_table_insert (self->shift_by_id, copy->id, copy);
  g_ptr_array_add (self->shifts, copy);
  self->shifts_sorted = FALSE;
}

void
dd_roster_add_shifts (DdRoster  *self,
                      GPtrArray *shifts)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (shifts != NULL);

  for (guint i = 0; i < shifts->len; i++)
    dd_roster_add_shift (self, g_ptr_array_index (shifts, i));
}

void
dd_roster_add_assignment (DdRoster           *self,
                          const DdAssignment *assignment)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (assignment != NULL);

  g_ptr_array_add (self->assignments, dd_assignment_copy (assignment));
}

void
dd_roster_add_staff (DdRoster *self,
                     DdStaff  *staff)
{
  const char *id;

  g_return_if_fail (self != NULL);
  g_return_if_fail (DD_IS_STAFF (staff));

  id = dd_staff_get_id (staff);
  g_return_if_fail (id != NULL);

  if (g_hash_table_contains (self->staff_by_id, id))
    {
      DdStaff *old = g_hash_table_lookup (self->staff_by_id, id);

      g_hash_table_remove (self->staff_by_id, id);
      g_ptr_array_remove (self->staff, old);
    }

  g_ptr_array_add (self->staff, g_object_ref (staff));
  g_hash_table_insert (self->staff_by_id, (gpointer) dd_staff_get_id (staff), staff);
}

void
dd_roster_add_absence (DdRoster        *self,
                       const DdAbsence *absence)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (absence != NULL);

  g_ptr_array_add (self->absences, dd_absence_copy (absence));
}

GPtrArray *
dd_roster_get_shifts (DdRoster *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!self->shifts_sorted)
    {
      g_ptr_array_sort (self->shifts, compare_shifts);
      self->shifts_sorted = TRUE;
    }

  return self->shifts;
}

GPtrArray *
dd_roster_get_assignments (DdRoster *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->assignments;
}

GPtrArray *
dd_roster_get_staff (DdRoster *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->staff;
}

GPtrArray *
dd_roster_get_absences (DdRoster *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->absences;
}

const DdShift *
dd_roster_lookup_shift (DdRoster   *self,
                        const char *shift_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (shift_id != NULL, NULL);

  return g_hash_table_lookup (self->shift_by_id, shift_id);
}

DdStaff *
dd_roster_lookup_staff (DdRoster   *self,
                        const char *staff_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (staff_id != NULL, NULL);

  return g_hash_table_lookup (self->staff_by_id, staff_id);
}

static int
compare_loads (gconstpointer a,
               gconstpointer b)
{
  const DdStaffLoad *la = *(DdStaffLoad * const *) a;
  const DdStaffLoad *lb = *(DdStaffLoad * const *) b;

  return strcmp (la->staff_id, lb->staff_id);
}

GPtrArray *
dd_roster_compute_loads (DdRoster    *self,
                         const GDate *first,
                         const GDate *last)
{
  g_autoptr(GHashTable) by_id = NULL;
  GPtrArray *loads;

  g_return_val_if_fail (self != NULL, NULL);

  loads = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_staff_load_free);
  by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->staff->len; i++)
    {
      DdStaffLoad *load = dd_staff_load_new (dd_staff_get_id (g_ptr_array_index (self->staff, i)));

      g_ptr_array_add (loads, load);
      g_hash_table_insert (by_id, load->staff_id, load);
    }

  for (guint i = 0; i < self->assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (self->assignments, i);
      const DdShift *shift = g_hash_table_lookup (self->shift_by_id, assignment->shift_id);
      DdStaffLoad *load = g_hash_table_lookup (by_id, assignment->staff_id);

      if (shift == NULL || load == NULL || !dd_roster_date_in_range (&shift->date, first, last))
        continue;

      load->shifts++;
      load->minutes += dd_shift_get_minutes (shift);
      if (dd_shift_is_night (shift))
        load->night_shifts++;
      if (shift->day_kind == DD_DAY_KIND_WEEKEND)
        load->weekend_shifts++;
      if (shift->day_kind == DD_DAY_KIND_HOLIDAY)
        load->holiday_shifts++;
    }

  g_ptr_array_sort (loads, compare_loads);

  return loads;
}
