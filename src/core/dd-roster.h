/* dd-roster.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-duty-calendar.h"
#include "dd-enums.h"
#include "dd-staff.h"

G_BEGIN_DECLS

/**
 * DdShift:
 * @id: "YYYY-MM-DD/TEMPLATE", stable across re-expansion
 * @date: the duty day the shift belongs to (Beijing)
 * @template_id: the shift template it comes from
 * @position: leader or officer
 * @regime: the regime of the duty day
 * @day_kind: the kind of the duty day
 * @start_ms: start, Unix ms
 * @end_ms: end (excluded), Unix ms
 * @required: people needed
 *
 * One shift of one duty day. A plain record: a store keeps it as a row.
 */
typedef struct
{
  char       *id;
  GDate       date;
  char       *template_id;
  DdPosition  position;
  DdRegime    regime;
  DdDayKind   day_kind;
  gint64      start_ms;
  gint64      end_ms;
  guint       required;
} DdShift;

#define DD_TYPE_SHIFT (dd_shift_get_type ())
GType     dd_shift_get_type  (void) G_GNUC_CONST;
DdShift  *dd_shift_new       (const GDate    *date,
                              const char     *template_id,
                              DdPosition      position,
                              DdRegime        regime,
                              DdDayKind       day_kind,
                              gint64          start_ms,
                              gint64          end_ms,
                              guint           required);
DdShift  *dd_shift_copy      (const DdShift  *shift);
void      dd_shift_free      (DdShift        *shift);
/* "YYYY-MM-DD/TEMPLATE" */
char     *dd_shift_make_id   (const GDate    *date,
                              const char     *template_id);
/* A night shift runs past the midnight after its start. */
gboolean  dd_shift_is_night  (const DdShift  *shift);
/* Minutes from start to end. */
gint64    dd_shift_get_minutes (const DdShift *shift);
/* "2026-02-15 17:30–08:30 (Duty officer)", for sentences. */
char     *dd_shift_describe  (const DdShift  *shift);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdShift, dd_shift_free)

/**
 * DdAssignment:
 * @shift_id: the shift
 * @staff_id: the person
 * @locked: a supervisor locked it: nothing but a person may change it
 * @generated: the generator made it (else a person did)
 *
 * A person on a shift.
 */
typedef struct
{
  char     *shift_id;
  char     *staff_id;
  gboolean  locked;
  gboolean  generated;
} DdAssignment;

#define DD_TYPE_ASSIGNMENT (dd_assignment_get_type ())
GType          dd_assignment_get_type (void) G_GNUC_CONST;
DdAssignment  *dd_assignment_new      (const char          *shift_id,
                                       const char          *staff_id,
                                       gboolean             locked,
                                       gboolean             generated);
DdAssignment  *dd_assignment_copy     (const DdAssignment  *assignment);
void           dd_assignment_free     (DdAssignment        *assignment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdAssignment, dd_assignment_free)

/**
 * DdAbsence:
 * @id: the record's id (may be %NULL before it is saved)
 * @staff_id: the person
 * @kind: leave, business trip or training
 * @first: first day away (Beijing)
 * @last: last day away (included)
 * @reason: free text, or %NULL
 *
 * A person unavailable for duty on whole days.
 */
typedef struct
{
  char          *id;
  char          *staff_id;
  DdAbsenceKind  kind;
  GDate          first;
  GDate          last;
  char          *reason;
} DdAbsence;

#define DD_TYPE_ABSENCE (dd_absence_get_type ())
GType       dd_absence_get_type (void) G_GNUC_CONST;
DdAbsence  *dd_absence_new      (const char       *id,
                                 const char       *staff_id,
                                 DdAbsenceKind     kind,
                                 const GDate      *first,
                                 const GDate      *last,
                                 const char       *reason);
DdAbsence  *dd_absence_copy     (const DdAbsence  *absence);
void        dd_absence_free     (DdAbsence        *absence);
/* A person, first <= last. */
gboolean    dd_absence_validate (const DdAbsence  *absence,
                                 GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdAbsence, dd_absence_free)

/**
 * DdStaffLoad:
 * @staff_id: the person
 * @shifts: shifts on duty
 * @minutes: minutes on duty
 * @night_shifts: shifts running past midnight
 * @weekend_shifts: shifts of duty days of kind weekend
 * @holiday_shifts: shifts of duty days of kind holiday
 *
 * How much duty a person did (`dutyctl roster stats`), and the history the
 * generator balances against.
 */
typedef struct
{
  char    *staff_id;
  guint    shifts;
  gint64   minutes;
  guint    night_shifts;
  guint    weekend_shifts;
  guint    holiday_shifts;
} DdStaffLoad;

#define DD_TYPE_STAFF_LOAD (dd_staff_load_get_type ())
GType         dd_staff_load_get_type (void) G_GNUC_CONST;
DdStaffLoad  *dd_staff_load_new      (const char         *staff_id);
DdStaffLoad  *dd_staff_load_copy     (const DdStaffLoad  *load);
void          dd_staff_load_free     (DdStaffLoad        *load);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdStaffLoad, dd_staff_load_free)

/* The shifts of every duty day from @first to @last (included) for a desk of
 * base regime @base (5x8 or 7x24): on each day, one shift per template of the
 * day's regime (none on a day without duty), leader shifts needing as many
 * leaders as the day's important periods ask for (at least the template's
 * count). Sorted by start, then id. (element-type DdShift) */
GPtrArray *dd_shift_expand (DdDutyCalendar *calendar,
                            GPtrArray      *templates,
                            DdRegime        base,
                            const GDate    *first,
                            const GDate    *last);

/* A roster: the shifts, who is on them, the staff and their absences, and the
 * rest rule. Only records, as a store loads them; checked with
 * dd_roster_check() and filled with dd_roster_generate(). Add the shifts
 * just before and after a range too, so that rules across its edges hold. */
#define DD_TYPE_ROSTER (dd_roster_get_type ())
typedef struct _DdRoster DdRoster;

GType      dd_roster_get_type          (void) G_GNUC_CONST;
DdRoster  *dd_roster_new               (guint               min_rest_hours);
DdRoster  *dd_roster_ref               (DdRoster           *self);
void       dd_roster_unref             (DdRoster           *self);

guint      dd_roster_get_min_rest_hours (DdRoster          *self);
/* Each adds a copy (a reference for @staff). A shift with an id already
 * present replaces it. */
void       dd_roster_add_shift         (DdRoster           *self,
                                        const DdShift      *shift);
void       dd_roster_add_shifts        (DdRoster           *self,
                                        GPtrArray          *shifts);
void       dd_roster_add_assignment    (DdRoster           *self,
                                        const DdAssignment *assignment);
void       dd_roster_add_staff         (DdRoster           *self,
                                        DdStaff            *staff);
void       dd_roster_add_absence       (DdRoster           *self,
                                        const DdAbsence    *absence);

/* (transfer none) (element-type DdShift): sorted by start, then id */
GPtrArray *dd_roster_get_shifts        (DdRoster           *self);
/* (transfer none) (element-type DdAssignment): in the order added */
GPtrArray *dd_roster_get_assignments   (DdRoster           *self);
/* (transfer none) (element-type DdStaff): in the order added */
GPtrArray *dd_roster_get_staff         (DdRoster           *self);
/* (transfer none) (element-type DdAbsence) */
GPtrArray *dd_roster_get_absences      (DdRoster           *self);
/* (nullable) (transfer none) */
const DdShift *dd_roster_lookup_shift  (DdRoster           *self,
                                        const char         *shift_id);
/* (nullable) (transfer none) */
DdStaff   *dd_roster_lookup_staff      (DdRoster           *self,
                                        const char         *staff_id);

/* Each person's load over the shifts whose duty day is from @first to @last
 * (either may be %NULL for no bound), one per staff member, by staff id.
 * (element-type DdStaffLoad) */
GPtrArray *dd_roster_compute_loads     (DdRoster           *self,
                                        const GDate        *first,
                                        const GDate        *last);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdRoster, dd_roster_unref)

G_END_DECLS
