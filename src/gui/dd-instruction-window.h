/* dd-instruction-window.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-duty-log-store.h"

G_BEGIN_DECLS

/* The form of a leader's instruction (领导批示): the text, who gave it,
 * when (now by default), the incident it concerns (optional) and when
 * feedback is due (optional). Ctrl+Enter saves, Escape cancels. What is
 * wrong is said next to the form and nothing typed is lost; once saved,
 * ::saved is emitted and the window closes. */
#define DD_TYPE_INSTRUCTION_WINDOW (dd_instruction_window_get_type ())
G_DECLARE_FINAL_TYPE (DdInstructionWindow, dd_instruction_window, DD, INSTRUCTION_WINDOW, AdwWindow)

/* @incidents (element-type DdIncidentSummary) (nullable): the incidents
 * it may be linked to; @now_ms: the default time it was given. */
DdInstructionWindow *dd_instruction_window_new  (DdStoreService      *service,
                                                 GPtrArray           *incidents,
                                                 gint64               now_ms);
/* Checks the form and saves it (Ctrl+Enter and the Save button). */
void                 dd_instruction_window_save (DdInstructionWindow *self);

G_END_DECLS
