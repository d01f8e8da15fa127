/* dd-duty-log-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-handover-window.h"
#include "dd-instruction-window.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The Duty Log section (值班日志): the log entries of the current duty day
 * (from the desk's handover time), newest first, with an entry to add one
 * (Enter adds it; optionally linked to an open incident); the leaders'
 * instructions (领导批示) that are open or were done in the duty day,
 * with their status (pending, due soon, overdue, done, done late), "Add
 * Instruction…" and "Mark Done…"; and "Hand Over…", which opens the
 * handover (DdHandoverWindow). It loads when it is mapped and again on
 * DdStoreService::changed. The widget action "duty-log.show-item"
 * ((kind, id): "log" or "instruction") focuses that row once loaded. */
#define DD_TYPE_DUTY_LOG_PAGE (dd_duty_log_page_get_type ())
G_DECLARE_FINAL_TYPE (DdDutyLogPage, dd_duty_log_page, DD, DUTY_LOG_PAGE, AdwBin)

GtkWidget           *dd_duty_log_page_new               (void);
/* For tests and screenshots: the page as at @now_ms (Unix ms) instead of
 * the clock; 0 for the clock. */
void                 dd_duty_log_page_set_now_override  (DdDutyLogPage *self,
                                                         gint64         now_ms);
gint64               dd_duty_log_page_get_now_override  (DdDutyLogPage *self);
/* Whether the last load has completed. */
gboolean             dd_duty_log_page_get_loaded        (DdDutyLogPage *self);
guint                dd_duty_log_page_get_n_entries     (DdDutyLogPage *self);
/* Opens the form of a new instruction (the "Add Instruction…" button). */
DdInstructionWindow *dd_duty_log_page_add_instruction   (DdDutyLogPage *self);
/* Opens the handover (the "Hand Over…" button). */
DdHandoverWindow    *dd_duty_log_page_open_handover     (DdDutyLogPage *self);

G_END_DECLS
