/* dd-directory-requests-window.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

/* The change requests to directory entries: those other units sent this
 * desk's unit, waiting for its answer (each cell as the requester saw it,
 * as asked and as it is now, side by side; Accept, or Decline with a
 * reason), and those this desk sent or answered, with their answers.
 * Follows the store: what sync brings shows up at once. */
#define DD_TYPE_DIRECTORY_REQUESTS_WINDOW (dd_directory_requests_window_get_type ())
G_DECLARE_FINAL_TYPE (DdDirectoryRequestsWindow, dd_directory_requests_window, DD, DIRECTORY_REQUESTS_WINDOW,
                      AdwWindow)

/* @answerer: who answers, as recorded (%NULL for the service's actor). */
GtkWidget *dd_directory_requests_window_new        (DdStoreService            *service,
                                                    const char                *answerer);
/* Whether the list is loaded and no answer is being written (for tests). */
gboolean   dd_directory_requests_window_get_ready  (DdDirectoryRequestsWindow *self);

G_END_DECLS
