/* dd-window.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

#define DD_TYPE_WINDOW (dd_window_get_type ())
G_DECLARE_FINAL_TYPE (DdWindow, dd_window, DD, WINDOW, AdwApplicationWindow)

/* @application may be %NULL (tests). */
DdWindow       *dd_window_new              (gpointer        application,
                                            DdStoreService *service);
DdStoreService *dd_window_get_service      (DdWindow       *self);
/* "loading", "setup", "main" or "error"; notified as the "view" property. */
const char     *dd_window_get_view         (DdWindow       *self);
/* The section shown in the main view: "today", "calls", "duty-log",
 * "roster", "directory", "checks" or "statistics" (the daily report). */
const char     *dd_window_get_section      (DdWindow       *self);
void            dd_window_set_section      (DdWindow       *self,
                                            const char     *section);
void            dd_window_show_preferences (DdWindow       *self);
void            dd_window_add_toast        (DdWindow       *self,
                                            const char     *message);

G_END_DECLS
