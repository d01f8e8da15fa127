/* dd-handover-window.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-duty-document.h"
#include "dd-duty-log-store.h"

G_BEGIN_DECLS

/* The handover (交接班): what is open now (incidents with running clocks
 * or due follow-ups, pending instructions, awaited call-backs, records not
 * yet synchronized), each acknowledged by the incoming officer (named once
 * at the top: by default the next shift's officer on the roster); the
 * outgoing officer (by default the one on duty now) and notes. "Sign
 * Handover" is enabled once every item is acknowledged and both officers
 * are named, and a hint says what is missing; "Print…" prints the
 * handover record. After signing, ::signed is emitted, a toast is shown
 * in the parent window and the window closes. */
#define DD_TYPE_HANDOVER_WINDOW (dd_handover_window_get_type ())
G_DECLARE_FINAL_TYPE (DdHandoverWindow, dd_handover_window, DD, HANDOVER_WINDOW, AdwWindow)

/* @now_ms: the handover as at this instant (tests); 0 for the clock. */
DdHandoverWindow        *dd_handover_window_new              (DdStoreService          *service,
                                                              gint64                   now_ms);
/* Whether the items have been loaded. */
gboolean                 dd_handover_window_get_loaded       (DdHandoverWindow        *self);
guint                    dd_handover_window_get_n_items      (DdHandoverWindow        *self);
guint                    dd_handover_window_get_n_acknowledged (DdHandoverWindow      *self);
/* Whether "Sign Handover" is enabled. */
gboolean                 dd_handover_window_get_can_sign     (DdHandoverWindow        *self);
/* Signs (the button); does nothing while it cannot. */
void                     dd_handover_window_sign             (DdHandoverWindow        *self);
/* The handover record as it would print now. */
DdDutyDocument          *dd_handover_window_build_document   (DdHandoverWindow        *self);
GtkPrintOperationResult  dd_handover_window_print            (DdHandoverWindow        *self,
                                                              GtkPrintOperationAction  action,
                                                              const char              *export_path,
                                                              GError                 **error);

G_END_DECLS
