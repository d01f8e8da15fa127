/* dd-roster-store.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-duty-calendar.h"
#include "dd-holiday-schedule.h"
#include "dd-roster.h"
#include "dd-roster-check.h"
#include "dd-roster-generator.h"
#include "dd-shift-template.h"
#include "dd-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The duty calendar and rosters of the desk, kept as records (migration
 * 0003): holiday schedules, main flood seasons, important periods, shift
 * templates, absences, assignments, swaps, roster marks and the rest rule.
 * Every write goes through the store's write helper (audit entry and
 * outbox operation in one transaction) with the record kinds
 * "holiday_schedule", "flood_season", "period", "shift_template",
 * "absence", "assignment", "swap", "roster_mark" and "setting".
 *
 * The shipped defaults (holiday schedules 2024–2026, shift templates, rest
 * rule; data/holidays, data/rules/duty-defaults.ini) are copied into the
 * records the first time any function here is used on a database
 * (journalled as "roster.seed", not synchronized); afterwards the records
 * alone count.
 *
 * Shifts are not stored: they follow from the calendar, the templates and
 * the desk's base regime (dd_shift_expand()), with stable ids
 * "YYYY-MM-DD/TEMPLATE". Dates are Beijing days; ranges include both ends. */

/* ------------------------------------------------------------------ types */

/**
 * DdRosterSwap:
 * @id: the record's id
 * @shift_a: the first shift
 * @staff_a: who was on @shift_a (and is on @shift_b afterwards)
 * @shift_b: the second shift
 * @staff_b: who was on @shift_b (and is on @shift_a afterwards)
 * @asked_by: who asked for the swap
 * @approved_by: who approved it
 * @at_ms: when it was recorded, Unix ms
 *
 * One swap of two people's shifts; swaps are append-only.
 */
typedef struct
{
  char   *id;
  char   *shift_a;
  char   *staff_a;
  char   *shift_b;
  char   *staff_b;
  char   *asked_by;
  char   *approved_by;
  gint64  at_ms;
} DdRosterSwap;

#define DD_TYPE_ROSTER_SWAP (dd_roster_swap_get_type ())
GType          dd_roster_swap_get_type (void) G_GNUC_CONST;
DdRosterSwap  *dd_roster_swap_copy     (const DdRosterSwap *swap);
void           dd_roster_swap_free     (DdRosterSwap       *swap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdRosterSwap, dd_roster_swap_free)

/**
 * DdRosterMarkKind:
 * @DD_ROSTER_MARK_CHECKED: a supervisor checked the month's roster
 * @DD_ROSTER_MARK_SUBMITTED: the month's roster was submitted upward
 */
typedef enum
{
  DD_ROSTER_MARK_CHECKED,
  DD_ROSTER_MARK_SUBMITTED,
} DdRosterMarkKind;

/* "checked", "submitted" */
const char *dd_roster_mark_kind_to_string   (DdRosterMarkKind  kind);
gboolean    dd_roster_mark_kind_from_string (const char       *str,
                                             DdRosterMarkKind *kind);

/**
 * DdRosterMark:
 * @id: the record's id
 * @year: the month's year
 * @month: the month, 1 to 12
 * @kind: checked or submitted
 * @by: who marked it
 * @at_ms: when, Unix ms
 * @version: the version of the month's roster that was marked (from 1)
 *
 * A mark on a month's roster. Marks are append-only; each keeps a
 * snapshot of the month's assignments (used by
 * dd_store_diff_roster_month()).
 */
typedef struct
{
  char             *id;
  guint             year;
  guint             month;
  DdRosterMarkKind  kind;
  char             *by;
  gint64            at_ms;
  guint             version;
} DdRosterMark;

#define DD_TYPE_ROSTER_MARK (dd_roster_mark_get_type ())
GType          dd_roster_mark_get_type (void) G_GNUC_CONST;
DdRosterMark  *dd_roster_mark_copy     (const DdRosterMark *mark);
void           dd_roster_mark_free     (DdRosterMark       *mark);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdRosterMark, dd_roster_mark_free)

/**
 * DdRosterMonthStatus:
 * @year: the year
 * @month: the month, 1 to 12
 * @version: the version of the roster as it is now: the version of the
 *   last mark if nothing changed since, else one more (1 before any mark)
 * @checked: (nullable): the last "checked" mark
 * @submitted: (nullable): the last "submitted" mark
 * @changed_since_submitted: the roster differs from the submitted one
 *
 * Where a month's roster stands (the window's header, `roster mark`).
 */
typedef struct
{
  guint          year;
  guint          month;
  guint          version;
  DdRosterMark  *checked;
  DdRosterMark  *submitted;
  gboolean       changed_since_submitted;
} DdRosterMonthStatus;

#define DD_TYPE_ROSTER_MONTH_STATUS (dd_roster_month_status_get_type ())
GType                dd_roster_month_status_get_type (void) G_GNUC_CONST;
DdRosterMonthStatus *dd_roster_month_status_copy     (const DdRosterMonthStatus *status);
void                 dd_roster_month_status_free     (DdRosterMonthStatus       *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdRosterMonthStatus, dd_roster_month_status_free)

/**
 * DdRosterDiff:
 * @shift_id: the shift
 * @before: (array zero-terminated=1): staff ids on it in the submitted
 *   version, sorted
 * @after: (array zero-terminated=1): staff ids on it now, sorted
 *
 * One shift whose people differ from the submitted version.
 */
typedef struct
{
  char  *shift_id;
  GStrv  before;
  GStrv  after;
} DdRosterDiff;

#define DD_TYPE_ROSTER_DIFF (dd_roster_diff_get_type ())
GType          dd_roster_diff_get_type (void) G_GNUC_CONST;
DdRosterDiff  *dd_roster_diff_copy     (const DdRosterDiff *diff);
void           dd_roster_diff_free     (DdRosterDiff       *diff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdRosterDiff, dd_roster_diff_free)

/**
 * DdOnCallEntry:
 * @staff: the person
 * @shift: the shift they are on
 */
typedef struct
{
  DdStaff *staff;
  DdShift *shift;
} DdOnCallEntry;

/**
 * DdOnCall:
 * @at_ms: the instant asked about, Unix ms
 * @leaders: (element-type DdOnCallEntry): leaders on duty at @at_ms
 * @officers: (element-type DdOnCallEntry): officers on duty at @at_ms
 * @uncovered: (element-type DdShift): shifts running at @at_ms that lack people
 * @until_ms: when the first of the running shifts ends (0 if none runs)
 * @next_leaders: (element-type DdOnCallEntry): the people of the next
 *   leader shift to start after @at_ms (within 14 days)
 * @next_officers: (element-type DdOnCallEntry): same for officers
 *
 * Who is on duty at an instant, until when, and who is next.
 */
typedef struct
{
  gint64     at_ms;
  GPtrArray *leaders;
  GPtrArray *officers;
  GPtrArray *uncovered;
  gint64     until_ms;
  GPtrArray *next_leaders;
  GPtrArray *next_officers;
} DdOnCall;

#define DD_TYPE_ON_CALL (dd_on_call_get_type ())
GType      dd_on_call_get_type (void) G_GNUC_CONST;
void       dd_on_call_free     (DdOnCall *on_call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdOnCall, dd_on_call_free)

/* ------------------------------------------------------------------ settings */

/* The rest rule: least hours between two of a person's shifts (default 12). */
guint               dd_store_get_min_rest_hours        (DdStore              *self,
                                                        GError              **error);
/* 0 to 48. */
gboolean            dd_store_set_min_rest_hours        (DdStore              *self,
                                                        guint                 hours,
                                                        GError              **error);

/* ------------------------------------------------------------------ calendar */

/* The desk's calendar: every stored holiday schedule, flood season and
 * important period (the default flood season from the shipped defaults). */
DdDutyCalendar     *dd_store_load_calendar             (DdStore              *self,
                                                        GError              **error);
/* (element-type DdHolidaySchedule): the stored schedules, by year. */
GPtrArray          *dd_store_list_holiday_schedules    (DdStore              *self,
                                                        GError              **error);
/* Saves @schedule, replacing the stored schedule of its year. @source says
 * where it came from ("shipped", "file:NAME", "province"); %NULL is
 * "import". Refused (%DD_STORE_ERROR_INVALID) when it conflicts with the
 * neighbouring years' schedules. */
gboolean            dd_store_save_holiday_schedule     (DdStore              *self,
                                                        DdHolidaySchedule    *schedule,
                                                        const char           *source,
                                                        GError              **error);
/* Where the stored schedule of @year came from, or %NULL if none. */
char               *dd_store_dup_holiday_schedule_source (DdStore            *self,
                                                        guint                 year,
                                                        GError              **error);
gboolean            dd_store_delete_holiday_schedule   (DdStore              *self,
                                                        guint                 year,
                                                        GError              **error);

/* The main flood season of @year, @first to @last (both in @year). */
gboolean            dd_store_set_flood_season          (DdStore              *self,
                                                        guint                 year,
                                                        const GDate          *first,
                                                        const GDate          *last,
                                                        GError              **error);
/* Back to the default for @year (deletes the year's record). */
gboolean            dd_store_reset_flood_season        (DdStore              *self,
                                                        guint                 year,
                                                        GError              **error);

/* ------------------------------------------------------------------ periods */

/* A new important period from @start_ms (included) to @end_ms (excluded),
 * 1 or 2 leaders; returns it with its new id. For whole days use
 * dd_duty_date_start_ms() of the first day and of the day after the last. */
DdImportantPeriod  *dd_store_add_period                (DdStore              *self,
                                                        const char           *name,
                                                        gint64                start_ms,
                                                        gint64                end_ms,
                                                        guint                 leaders,
                                                        GError              **error);
/* Replaces the stored period with @period's id (%DD_STORE_ERROR_NOT_FOUND). */
gboolean            dd_store_update_period             (DdStore              *self,
                                                        DdImportantPeriod    *period,
                                                        GError              **error);
gboolean            dd_store_delete_period             (DdStore              *self,
                                                        const char           *id,
                                                        GError              **error);
/* (element-type DdImportantPeriod): by start. */
GPtrArray          *dd_store_list_periods              (DdStore              *self,
                                                        GError              **error);

/* ------------------------------------------------------------------ shift templates */

/* (element-type DdShiftTemplate): the desk's templates, in display order. */
GPtrArray          *dd_store_list_shift_templates      (DdStore              *self,
                                                        GError              **error);
/* Adds @template, or replaces the one with its id (validated). */
gboolean            dd_store_save_shift_template       (DdStore              *self,
                                                        DdShiftTemplate      *template_,
                                                        GError              **error);
gboolean            dd_store_delete_shift_template     (DdStore              *self,
                                                        const char           *id,
                                                        GError              **error);

/* ------------------------------------------------------------------ absences */

/* Saves @absence (its id is ignored) for a known staff member; returns it
 * with its new id. */
DdAbsence          *dd_store_add_absence               (DdStore              *self,
                                                        const DdAbsence      *absence,
                                                        GError              **error);
gboolean            dd_store_delete_absence            (DdStore              *self,
                                                        const char           *id,
                                                        GError              **error);
/* (element-type DdAbsence): absences touching @first..@last (either may be
 * %NULL for no bound), by first day, then staff id. */
GPtrArray          *dd_store_list_absences             (DdStore              *self,
                                                        const GDate          *first,
                                                        const GDate          *last,
                                                        GError              **error);

/* ------------------------------------------------------------------ rosters */

/* The roster of the duty days @first..@last: its shifts (plus those of two
 * days either side, so that rules across the edges hold), their
 * assignments, every staff member, the absences touching those days and
 * the rest rule. The desk must be set up. */
DdRoster           *dd_store_load_roster               (DdStore              *self,
                                                        const GDate          *first,
                                                        const GDate          *last,
                                                        GError              **error);
/* Fills every empty position of @first..@last (dd_roster_generate(),
 * balanced against the year before @first) and saves the new assignments
 * in one transaction. Assignments already there, locked or made by a
 * person are kept. Returns what was added and what stayed empty. */
DdRosterGeneration *dd_store_generate_roster           (DdStore              *self,
                                                        const GDate          *first,
                                                        const GDate          *last,
                                                        guint64               seed,
                                                        GError              **error);
/* Deletes the unlocked generated assignments of @first..@last; returns how
 * many, or -1 on error. */
gint64              dd_store_clear_generated           (DdStore              *self,
                                                        const GDate          *first,
                                                        const GDate          *last,
                                                        GError              **error);

/* Puts @staff_id on @shift_id, made by a person (not generated); with
 * @replace_staff_id, takes that person off the shift in the same
 * transaction. Refused when the shift does not exist, the person is
 * unknown or already on it, or the shift is full. Returns the problems
 * (DdRosterProblem) the shift and the person have afterwards — empty when
 * the change breaks no rule. */
GPtrArray          *dd_store_assign                    (DdStore              *self,
                                                        const char           *shift_id,
                                                        const char           *staff_id,
                                                        const char           *replace_staff_id,
                                                        gboolean              locked,
                                                        GError              **error);
gboolean            dd_store_unassign                  (DdStore              *self,
                                                        const char           *shift_id,
                                                        const char           *staff_id,
                                                        GError              **error);
/* Locks or unlocks @staff_id's assignment on @shift_id, or every
 * assignment of the shift when @staff_id is %NULL; returns how many
 * changed, or -1 on error. */
gint64              dd_store_set_locked                (DdStore              *self,
                                                        const char           *shift_id,
                                                        const char           *staff_id,
                                                        gboolean              locked,
                                                        GError              **error);
/* Swaps @staff_a on @shift_a with @staff_b on @shift_b (both made by a
 * person afterwards, locks kept) and records who asked and who approved.
 * Returns the swap record. */
DdRosterSwap       *dd_store_swap                      (DdStore              *self,
                                                        const char           *shift_a,
                                                        const char           *staff_a,
                                                        const char           *shift_b,
                                                        const char           *staff_b,
                                                        const char           *asked_by,
                                                        const char           *approved_by,
                                                        GError              **error);
/* (element-type DdRosterSwap): swaps touching shifts of @first..@last (either
 * may be %NULL), oldest first. */
GPtrArray          *dd_store_list_swaps                (DdStore              *self,
                                                        const GDate          *first,
                                                        const GDate          *last,
                                                        GError              **error);

/* (element-type DdRosterProblem): dd_roster_check() of @first..@last. */
GPtrArray          *dd_store_check_roster              (DdStore              *self,
                                                        const GDate          *first,
                                                        const GDate          *last,
                                                        GError              **error);
/* (element-type DdStaffLoad): every staff member's load over @first..@last. */
GPtrArray          *dd_store_roster_stats              (DdStore              *self,
                                                        const GDate          *first,
                                                        const GDate          *last,
                                                        GError              **error);
/* Who is on duty at @at_ms, until when, and who is next. */
DdOnCall           *dd_store_get_on_call               (DdStore              *self,
                                                        gint64                at_ms,
                                                        GError              **error);

/* ------------------------------------------------------------------ marks */

/* Marks the roster of @year-@month checked or submitted by @by (%NULL: the
 * store's actor), saving a snapshot of its assignments. */
DdRosterMark       *dd_store_mark_roster_month         (DdStore              *self,
                                                        guint                 year,
                                                        guint                 month,
                                                        DdRosterMarkKind      kind,
                                                        const char           *by,
                                                        GError              **error);
DdRosterMonthStatus *dd_store_get_roster_month_status  (DdStore              *self,
                                                        guint                 year,
                                                        guint                 month,
                                                        GError              **error);
/* (element-type DdRosterDiff): the shifts of the month whose people differ
 * from the last submitted version, by shift id; %DD_STORE_ERROR_NOT_FOUND
 * when the month was never submitted. */
GPtrArray          *dd_store_diff_roster_month         (DdStore              *self,
                                                        guint                 year,
                                                        guint                 month,
                                                        GError              **error);

/* ------------------------------------------------------------------ async (GUI) */

/* Each runs the function above on the service's thread; _finish returns
 * what it returns (transfer full). Writes emit DdStoreService::changed.
 * Dates are copied. For results that are not pointers (gboolean, counts),
 * _finish returns %TRUE / the count and sets @error on failure. */

void                 dd_store_service_load_calendar_async        (DdStoreService       *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DdDutyCalendar      *dd_store_service_load_calendar_finish       (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

void                 dd_store_service_save_holiday_schedule_async (DdStoreService      *self,
                                                                  DdHolidaySchedule    *schedule,
                                                                  const char           *source,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dd_store_service_save_holiday_schedule_finish (DdStoreService     *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* @first and @last %NULL: reset @year's flood season to the default. */
void                 dd_store_service_set_flood_season_async     (DdStoreService       *self,
                                                                  guint                 year,
                                                                  const GDate          *first,
                                                                  const GDate          *last,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dd_store_service_set_flood_season_finish    (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

void                 dd_store_service_list_periods_async         (DdStoreService       *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray           *dd_store_service_list_periods_finish        (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_add_period_async           (DdStoreService       *self,
                                                                  const char           *name,
                                                                  gint64                start_ms,
                                                                  gint64                end_ms,
                                                                  guint                 leaders,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DdImportantPeriod   *dd_store_service_add_period_finish          (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_update_period_async        (DdStoreService       *self,
                                                                  DdImportantPeriod    *period,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dd_store_service_update_period_finish       (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_delete_period_async        (DdStoreService       *self,
                                                                  const char           *id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dd_store_service_delete_period_finish       (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

void                 dd_store_service_list_shift_templates_async (DdStoreService       *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray           *dd_store_service_list_shift_templates_finish (DdStoreService      *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_save_shift_template_async  (DdStoreService       *self,
                                                                  DdShiftTemplate      *template_,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dd_store_service_save_shift_template_finish (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_delete_shift_template_async (DdStoreService      *self,
                                                                  const char           *id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dd_store_service_delete_shift_template_finish (DdStoreService     *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* @first/@last as dd_store_list_absences(). */
void                 dd_store_service_list_absences_async        (DdStoreService       *self,
                                                                  const GDate          *first,
                                                                  const GDate          *last,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray           *dd_store_service_list_absences_finish       (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_add_absence_async          (DdStoreService       *self,
                                                                  const DdAbsence      *absence,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DdAbsence           *dd_store_service_add_absence_finish         (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_delete_absence_async       (DdStoreService       *self,
                                                                  const char           *id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dd_store_service_delete_absence_finish      (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

void                 dd_store_service_load_roster_async          (DdStoreService       *self,
                                                                  const GDate          *first,
                                                                  const GDate          *last,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DdRoster            *dd_store_service_load_roster_finish         (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_generate_roster_async      (DdStoreService       *self,
                                                                  const GDate          *first,
                                                                  const GDate          *last,
                                                                  guint64               seed,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DdRosterGeneration  *dd_store_service_generate_roster_finish     (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
/* (element-type DdRosterProblem): as dd_store_assign(). */
void                 dd_store_service_assign_async               (DdStoreService       *self,
                                                                  const char           *shift_id,
                                                                  const char           *staff_id,
                                                                  const char           *replace_staff_id,
                                                                  gboolean              locked,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray           *dd_store_service_assign_finish              (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_unassign_async             (DdStoreService       *self,
                                                                  const char           *shift_id,
                                                                  const char           *staff_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dd_store_service_unassign_finish            (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_set_locked_async           (DdStoreService       *self,
                                                                  const char           *shift_id,
                                                                  const char           *staff_id,
                                                                  gboolean              locked,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             dd_store_service_set_locked_finish          (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_swap_async                 (DdStoreService       *self,
                                                                  const char           *shift_a,
                                                                  const char           *staff_a,
                                                                  const char           *shift_b,
                                                                  const char           *staff_b,
                                                                  const char           *asked_by,
                                                                  const char           *approved_by,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DdRosterSwap        *dd_store_service_swap_finish                (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

void                 dd_store_service_check_roster_async         (DdStoreService       *self,
                                                                  const GDate          *first,
                                                                  const GDate          *last,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray           *dd_store_service_check_roster_finish        (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_roster_stats_async         (DdStoreService       *self,
                                                                  const GDate          *first,
                                                                  const GDate          *last,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray           *dd_store_service_roster_stats_finish        (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_get_on_call_async          (DdStoreService       *self,
                                                                  gint64                at_ms,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DdOnCall            *dd_store_service_get_on_call_finish         (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

void                 dd_store_service_mark_roster_month_async    (DdStoreService       *self,
                                                                  guint                 year,
                                                                  guint                 month,
                                                                  DdRosterMarkKind      kind,
                                                                  const char           *by,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DdRosterMark        *dd_store_service_mark_roster_month_finish   (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_get_roster_month_status_async (DdStoreService    *self,
                                                                  guint                 year,
                                                                  guint                 month,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DdRosterMonthStatus *dd_store_service_get_roster_month_status_finish (DdStoreService   *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                 dd_store_service_diff_roster_month_async    (DdStoreService       *self,
                                                                  guint                 year,
                                                                  guint                 month,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray           *dd_store_service_diff_roster_month_finish   (DdStoreService       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

G_END_DECLS
