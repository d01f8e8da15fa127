/* dd-store-roster-service.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The asynchronous face of dd-roster-store.h: each job runs the
 * synchronous function on DdStoreService's thread; keep each wrapper a
 * thin pass-through. */

#include "config.h"

#include "dd-roster-store.h"

/* Everything any job needs; each job uses some fields. */
typedef struct
{
  DdHolidaySchedule   *schedule;
  char                *source;
  guint                year;
  GDate                first;
  gboolean             has_first;
  GDate                last;
  gboolean             has_last;
  char                *name;
  gint64               start_ms;
  gint64               end_ms;
  guint                leaders;
  DdImportantPeriod   *period;
  char                *id;
  DdShiftTemplate     *template_;
  DdAbsence           *absence;
  guint64              seed;
  char                *shift_id;
  char                *staff_id;
  char                *replace_staff_id;
  gboolean             locked;
  char                *shift_a;
  char                *staff_a;
  char                *shift_b;
  char                *staff_b;
  char                *asked_by;
  char                *approved_by;
  gint64               at_ms;
  guint                month;
  DdRosterMarkKind     kind;
  char                *by;
} JobData;

static void
job_data_free (gpointer data)
{
  JobData *d = data;

  g_clear_pointer (&d->schedule, dd_holiday_schedule_unref);
  g_free (d->source);
  g_free (d->name);
  g_clear_pointer (&d->period, dd_important_period_unref);
  g_free (d->id);
  g_clear_pointer (&d->template_, dd_shift_template_unref);
  g_clear_pointer (&d->absence, dd_absence_free);
  g_free (d->shift_id);
  g_free (d->staff_id);
  g_free (d->replace_staff_id);
  g_free (d->shift_a);
  g_free (d->staff_a);
  g_free (d->shift_b);
  g_free (d->staff_b);
  g_free (d->asked_by);
  g_free (d->approved_by);
  g_free (d->by);
  g_free (d);
}

/* Job data for a date range; either end may be unset. */
static JobData *
job_data_new_for_range (const GDate *first,
                        const GDate *last)
{
  JobData *d = g_new0 (JobData, 1);

  if (first != NULL && g_date_valid (first))
    {
      d->first = *first;
      d->has_first = TRUE;
    }
  if (last != NULL && g_date_valid (last))
    {
      d->last = *last;
      d->has_last = TRUE;
    }

  return d;
}

/* A non-NULL result for jobs whose result is only success. */
#define JOB_OK GUINT_TO_POINTER (1)

/* ---- load_calendar */

static gpointer
load_calendar_job (DdStore  *store,
                   gpointer  data,
                   GError  **error)
{
  return dd_store_load_calendar (store, error);
}

void
dd_store_service_load_calendar_async (DdStoreService      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  dd_store_service_run_async (self, load_calendar_job, NULL, NULL, g_object_unref, FALSE,
                              cancellable, callback, user_data);
}

DdDutyCalendar *
dd_store_service_load_calendar_finish (DdStoreService  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- save_holiday_schedule */

static gpointer
save_holiday_schedule_job (DdStore  *store,
                           gpointer  data,
                           GError  **error)
{
  JobData *d = data;

  return (dd_store_save_holiday_schedule (store, d->schedule, d->source, error)) ? JOB_OK : NULL;
}

void
dd_store_service_save_holiday_schedule_async (DdStoreService      *self,
                                              DdHolidaySchedule   *schedule,
                                              const char          *source,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->schedule = dd_holiday_schedule_ref (schedule);
  d->source = g_strdup (source);

  dd_store_service_run_async (self, save_holiday_schedule_job, d, job_data_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_save_holiday_schedule_finish (DdStoreService  *self,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  return dd_store_service_run_finish (self, result, error) != NULL;
}

/* ---- set_flood_season */

static gpointer
set_flood_season_job (DdStore  *store,
                      gpointer  data,
                      GError  **error)
{
  JobData *d = data;

  return ((d->has_first && d->has_last) ? dd_store_set_flood_season (store, d->year, &d->first, &d->last, error) : dd_store_reset_flood_season (store, d->year, error)) ? JOB_OK : NULL;
}

void
dd_store_service_set_flood_season_async (DdStoreService      *self,
                                         guint                year,
                                         const GDate         *first,
                                         const GDate         *last,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->year = year;
  if (first != NULL && g_date_valid (first))
    {
      d->first = *first;
      d->has_first = TRUE;
    }
  if (last != NULL && g_date_valid (last))
    {
      d->last = *last;
      d->has_last = TRUE;
    }

  dd_store_service_run_async (self, set_flood_season_job, d, job_data_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_set_flood_season_finish (DdStoreService  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return dd_store_service_run_finish (self, result, error) != NULL;
}

/* ---- list_periods */

static gpointer
list_periods_job (DdStore  *store,
                  gpointer  data,
                  GError  **error)
{
  return dd_store_list_periods (store, error);
}

void
dd_store_service_list_periods_async (DdStoreService      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  dd_store_service_run_async (self, list_periods_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref, FALSE,
                              cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_list_periods_finish (DdStoreService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- add_period */

static gpointer
add_period_job (DdStore  *store,
                gpointer  data,
                GError  **error)
{
  JobData *d = data;

  return dd_store_add_period (store, d->name, d->start_ms, d->end_ms, d->leaders, error);
}

void
dd_store_service_add_period_async (DdStoreService      *self,
                                   const char          *name,
                                   gint64               start_ms,
                                   gint64               end_ms,
                                   guint                leaders,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->name = g_strdup (name);
  d->start_ms = start_ms;
  d->end_ms = end_ms;
  d->leaders = leaders;

  dd_store_service_run_async (self, add_period_job, d, job_data_free, (GDestroyNotify) dd_important_period_unref, TRUE,
                              cancellable, callback, user_data);
}

DdImportantPeriod *
dd_store_service_add_period_finish (DdStoreService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- update_period */

static gpointer
update_period_job (DdStore  *store,
                   gpointer  data,
                   GError  **error)
{
  JobData *d = data;

  return (dd_store_update_period (store, d->period, error)) ? JOB_OK : NULL;
}

void
dd_store_service_update_period_async (DdStoreService      *self,
                                      DdImportantPeriod   *period,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->period = dd_important_period_ref (period);

  dd_store_service_run_async (self, update_period_job, d, job_data_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_update_period_finish (DdStoreService  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return dd_store_service_run_finish (self, result, error) != NULL;
}

/* ---- delete_period */

static gpointer
delete_period_job (DdStore  *store,
                   gpointer  data,
                   GError  **error)
{
  JobData *d = data;

  return (dd_store_delete_period (store, d->id, error)) ? JOB_OK : NULL;
}

void
dd_store_service_delete_period_async (DdStoreService      *self,
                                      const char          *id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->id = g_strdup (id);

  dd_store_service_run_async (self, delete_period_job, d, job_data_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_delete_period_finish (DdStoreService  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return dd_store_service_run_finish (self, result, error) != NULL;
}

/* ---- list_shift_templates */

static gpointer
list_shift_templates_job (DdStore  *store,
                          gpointer  data,
                          GError  **error)
{
  return dd_store_list_shift_templates (store, error);
}

void
dd_store_service_list_shift_templates_async (DdStoreService      *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  dd_store_service_run_async (self, list_shift_templates_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref, FALSE,
                              cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_list_shift_templates_finish (DdStoreService  *self,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- save_shift_template */

static gpointer
save_shift_template_job (DdStore  *store,
                         gpointer  data,
                         GError  **error)
{
  JobData *d = data;

  return (dd_store_save_shift_template (store, d->template_, error)) ? JOB_OK : NULL;
}

void
dd_store_service_save_shift_template_async (DdStoreService      *self,
                                            DdShiftTemplate     *template_,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->template_ = dd_shift_template_ref (template_);

  dd_store_service_run_async (self, save_shift_template_job, d, job_data_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_save_shift_template_finish (DdStoreService  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  return dd_store_service_run_finish (self, result, error) != NULL;
}

/* ---- delete_shift_template */

static gpointer
delete_shift_template_job (DdStore  *store,
                           gpointer  data,
                           GError  **error)
{
  JobData *d = data;

  return (dd_store_delete_shift_template (store, d->id, error)) ? JOB_OK : NULL;
}

void
dd_store_service_delete_shift_template_async (DdStoreService      *self,
                                              const char          *id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->id = g_strdup (id);

  dd_store_service_run_async (self, delete_shift_template_job, d, job_data_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_delete_shift_template_finish (DdStoreService  *self,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  return dd_store_service_run_finish (self, result, error) != NULL;
}

/* ---- list_absences */

static gpointer
list_absences_job (DdStore  *store,
                   gpointer  data,
                   GError  **error)
{
  JobData *d = data;

  return dd_store_list_absences (store, d->has_first ? &d->first : NULL, d->has_last ? &d->last : NULL, error);
}

void
dd_store_service_list_absences_async (DdStoreService      *self,
                                      const GDate         *first,
                                      const GDate         *last,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  JobData *d = job_data_new_for_range (first, last);

  dd_store_service_run_async (self, list_absences_job, d, job_data_free, (GDestroyNotify) g_ptr_array_unref, FALSE,
                              cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_list_absences_finish (DdStoreService  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- add_absence */

static gpointer
add_absence_job (DdStore  *store,
                 gpointer  data,
                 GError  **error)
{
  JobData *d = data;

  return dd_store_add_absence (store, d->absence, error);
}

void
dd_store_service_add_absence_async (DdStoreService      *self,
                                    const DdAbsence     *absence,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->absence = dd_absence_copy (absence);

  dd_store_service_run_async (self, add_absence_job, d, job_data_free, (GDestroyNotify) dd_absence_free, TRUE,
                              cancellable, callback, user_data);
}

DdAbsence *
dd_store_service_add_absence_finish (DdStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- delete_absence */

static gpointer
delete_absence_job (DdStore  *store,
                    gpointer  data,
                    GError  **error)
{
  JobData *d = data;

  return (dd_store_delete_absence (store, d->id, error)) ? JOB_OK : NULL;
}

void
dd_store_service_delete_absence_async (DdStoreService      *self,
                                       const char          *id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->id = g_strdup (id);

  dd_store_service_run_async (self, delete_absence_job, d, job_data_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_delete_absence_finish (DdStoreService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return dd_store_service_run_finish (self, result, error) != NULL;
}

/* ---- load_roster */

static gpointer
load_roster_job (DdStore  *store,
                 gpointer  data,
                 GError  **error)
{
  JobData *d = data;

  return dd_store_load_roster (store, &d->first, &d->last, error);
}

void
dd_store_service_load_roster_async (DdStoreService      *self,
                                    const GDate         *first,
                                    const GDate         *last,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  JobData *d = job_data_new_for_range (first, last);

  dd_store_service_run_async (self, load_roster_job, d, job_data_free, (GDestroyNotify) dd_roster_unref, FALSE,
                              cancellable, callback, user_data);
}

DdRoster *
dd_store_service_load_roster_finish (DdStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- generate_roster */

static gpointer
generate_roster_job (DdStore  *store,
                     gpointer  data,
                     GError  **error)
{
  JobData *d = data;

  return dd_store_generate_roster (store, &d->first, &d->last, d->seed, error);
}

void
dd_store_service_generate_roster_async (DdStoreService      *self,
                                        const GDate         *first,
                                        const GDate         *last,
                                        guint64              seed,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  JobData *d = job_data_new_for_range (first, last);
  d->seed = seed;

  dd_store_service_run_async (self, generate_roster_job, d, job_data_free, (GDestroyNotify) dd_roster_generation_free, TRUE,
                              cancellable, callback, user_data);
}

DdRosterGeneration *
dd_store_service_generate_roster_finish (DdStoreService  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- assign */

static gpointer
assign_job (DdStore  *store,
            gpointer  data,
            GError  **error)
{
  JobData *d = data;

  return dd_store_assign (store, d->shift_id, d->staff_id, d->replace_staff_id, d->locked, error);
}

void
dd_store_service_assign_async (DdStoreService      *self,
                               const char          *shift_id,
                               const char          *staff_id,
                               const char          *replace_staff_id,
                               gboolean             locked,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->shift_id = g_strdup (shift_id);
  d->staff_id = g_strdup (staff_id);
  d->replace_staff_id = g_strdup (replace_staff_id);
  d->locked = locked;

  dd_store_service_run_async (self, assign_job, d, job_data_free, (GDestroyNotify) g_ptr_array_unref, TRUE,
                              cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_assign_finish (DdStoreService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- unassign */

static gpointer
unassign_job (DdStore  *store,
              gpointer  data,
              GError  **error)
{
  JobData *d = data;

  return (dd_store_unassign (store, d->shift_id, d->staff_id, error)) ? JOB_OK : NULL;
}

void
dd_store_service_unassign_async (DdStoreService      *self,
                                 const char          *shift_id,
                                 const char          *staff_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->shift_id = g_strdup (shift_id);
  d->staff_id = g_strdup (staff_id);

  dd_store_service_run_async (self, unassign_job, d, job_data_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_unassign_finish (DdStoreService  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return dd_store_service_run_finish (self, result, error) != NULL;
}

/* ---- set_locked */

static gpointer
set_locked_job (DdStore  *store,
                gpointer  data,
                GError  **error)
{
  JobData *d = data;

  return (dd_store_set_locked (store, d->shift_id, d->staff_id, d->locked, error) >= 0) ? JOB_OK : NULL;
}

void
dd_store_service_set_locked_async (DdStoreService      *self,
                                   const char          *shift_id,
                                   const char          *staff_id,
                                   gboolean             locked,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->shift_id = g_strdup (shift_id);
  d->staff_id = g_strdup (staff_id);
  d->locked = locked;

  dd_store_service_run_async (self, set_locked_job, d, job_data_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_set_locked_finish (DdStoreService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return dd_store_service_run_finish (self, result, error) != NULL;
}

/* ---- swap */

static gpointer
swap_job (DdStore  *store,
          gpointer  data,
          GError  **error)
{
  JobData *d = data;

  return dd_store_swap (store, d->shift_a, d->staff_a, d->shift_b, d->staff_b, d->asked_by, d->approved_by, error);
}

void
dd_store_service_swap_async (DdStoreService      *self,
                             const char          *shift_a,
                             const char          *staff_a,
                             const char          *shift_b,
                             const char          *staff_b,
                             const char          *asked_by,
                             const char          *approved_by,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->shift_a = g_strdup (shift_a);
  d->staff_a = g_strdup (staff_a);
  d->shift_b = g_strdup (shift_b);
  d->staff_b = g_strdup (staff_b);
  d->asked_by = g_strdup (asked_by);
  d->approved_by = g_strdup (approved_by);

  dd_store_service_run_async (self, swap_job, d, job_data_free, (GDestroyNotify) dd_roster_swap_free, TRUE,
                              cancellable, callback, user_data);
}

DdRosterSwap *
dd_store_service_swap_finish (DdStoreService  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- check_roster */

static gpointer
check_roster_job (DdStore  *store,
                  gpointer  data,
                  GError  **error)
{
  JobData *d = data;

  return dd_store_check_roster (store, &d->first, &d->last, error);
}

void
dd_store_service_check_roster_async (DdStoreService      *self,
                                     const GDate         *first,
                                     const GDate         *last,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JobData *d = job_data_new_for_range (first, last);

  dd_store_service_run_async (self, check_roster_job, d, job_data_free, (GDestroyNotify) g_ptr_array_unref, FALSE,
                              cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_check_roster_finish (DdStoreService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- roster_stats */

static gpointer
roster_stats_job (DdStore  *store,
                  gpointer  data,
                  GError  **error)
{
  JobData *d = data;

  return dd_store_roster_stats (store, &d->first, &d->last, error);
}

void
dd_store_service_roster_stats_async (DdStoreService      *self,
                                     const GDate         *first,
                                     const GDate         *last,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JobData *d = job_data_new_for_range (first, last);

  dd_store_service_run_async (self, roster_stats_job, d, job_data_free, (GDestroyNotify) g_ptr_array_unref, FALSE,
                              cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_roster_stats_finish (DdStoreService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- get_on_call */

static gpointer
get_on_call_job (DdStore  *store,
                 gpointer  data,
                 GError  **error)
{
  JobData *d = data;

  return dd_store_get_on_call (store, d->at_ms, error);
}

void
dd_store_service_get_on_call_async (DdStoreService      *self,
                                    gint64               at_ms,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->at_ms = at_ms;

  dd_store_service_run_async (self, get_on_call_job, d, job_data_free, (GDestroyNotify) dd_on_call_free, FALSE,
                              cancellable, callback, user_data);
}

DdOnCall *
dd_store_service_get_on_call_finish (DdStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- mark_roster_month */

static gpointer
mark_roster_month_job (DdStore  *store,
                       gpointer  data,
                       GError  **error)
{
  JobData *d = data;

  return dd_store_mark_roster_month (store, d->year, d->month, d->kind, d->by, error);
}

void
dd_store_service_mark_roster_month_async (DdStoreService      *self,
                                          guint                year,
                                          guint                month,
                                          DdRosterMarkKind     kind,
                                          const char          *by,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->year = year;
  d->month = month;
  d->kind = kind;
  d->by = g_strdup (by);

  dd_store_service_run_async (self, mark_roster_month_job, d, job_data_free, (GDestroyNotify) dd_roster_mark_free, TRUE,
                              cancellable, callback, user_data);
}

DdRosterMark *
dd_store_service_mark_roster_month_finish (DdStoreService  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- get_roster_month_status */

static gpointer
get_roster_month_status_job (DdStore  *store,
                             gpointer  data,
                             GError  **error)
{
  JobData *d = data;

  return dd_store_get_roster_month_status (store, d->year, d->month, error);
}

void
dd_store_service_get_roster_month_status_async (DdStoreService      *self,
                                                guint                year,
                                                guint                month,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->year = year;
  d->month = month;

  dd_store_service_run_async (self, get_roster_month_status_job, d, job_data_free, (GDestroyNotify) dd_roster_month_status_free, FALSE,
                              cancellable, callback, user_data);
}

DdRosterMonthStatus *
dd_store_service_get_roster_month_status_finish (DdStoreService  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

/* ---- diff_roster_month */

static gpointer
diff_roster_month_job (DdStore  *store,
                       gpointer  data,
                       GError  **error)
{
  JobData *d = data;

  return dd_store_diff_roster_month (store, d->year, d->month, error);
}

void
dd_store_service_diff_roster_month_async (DdStoreService      *self,
                                          guint                year,
                                          guint                month,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  JobData *d = g_new0 (JobData, 1);

  d->year = year;
  d->month = month;

  dd_store_service_run_async (self, diff_roster_month_job, d, job_data_free, (GDestroyNotify) g_ptr_array_unref, FALSE,
                              cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_diff_roster_month_finish (DdStoreService  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}
