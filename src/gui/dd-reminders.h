/* dd-reminders.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

/* Desktop notifications through libnotify, timed from the roster:
 *
 * - "Handover in 15 minutes", 15 minutes before the current officer shift
 *   ends, naming who takes over;
 * - "Uncovered positions in the next 7 days", once a day and after roster
 *   changes, naming how many and the first dates.
 *
 * Each has an "Open" action that emits ::open-section ("today" or
 * "checks"); the application presents its window there. Owned by
 * DdApplication; nothing here reaches for the application. A timeout waits
 * for the next moment that matters; nothing sleeps. */
#define DD_TYPE_REMINDERS (dd_reminders_get_type ())
G_DECLARE_FINAL_TYPE (DdReminders, dd_reminders, DD, REMINDERS, GObject)

/* The clock, in Unix ms. Tests inject one; the default is real time. */
typedef gint64 (*DdRemindersNowFunc) (gpointer user_data);

/* Minutes before the end of an officer shift that the handover reminder shows. */
#define DD_REMINDERS_HANDOVER_MINUTES 15
/* Days ahead (today included) that the uncovered-positions reminder looks at. */
#define DD_REMINDERS_UNCOVERED_DAYS 7

DdReminders *dd_reminders_new               (DdStoreService     *service);
/* Starts checking (and follows DdStoreService::changed); until then nothing
 * is sent. Calls notify_init() with the application name if needed. */
void         dd_reminders_start             (DdReminders        *self);
void         dd_reminders_stop              (DdReminders        *self);
/* For tests: the clock the reminders use (%NULL for real time). Checks again. */
void         dd_reminders_set_now_func      (DdReminders        *self,
                                             DdRemindersNowFunc  func,
                                             gpointer            user_data,
                                             GDestroyNotify      destroy);
gint64       dd_reminders_get_now_ms        (DdReminders        *self);
/* Checks the roster again now. */
void         dd_reminders_refresh           (DdReminders        *self);
/* When the next check is due (Unix ms on the reminders' clock), 0 if none. */
gint64       dd_reminders_get_next_check_ms (DdReminders        *self);
/* Notifications sent so far (all kinds). */
guint        dd_reminders_get_n_sent        (DdReminders        *self);

G_END_DECLS
