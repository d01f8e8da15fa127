/* dd-clock-banner.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

/**
 * DdClockBanner:
 *
 * A banner at the top of the main view with the most urgent running
 * reporting clock: "520102-20261130-0001 · report to the province ·
 * 00:09:41 left" (a warning once due soon), "… · overdue by 00:02:03" (an
 * error), and an "Open" button (win.show-incident with the incident's id).
 * Hidden (the revealer closed) while no clock runs.
 *
 * The clocks come from the database (through the service, again after
 * every DdStoreService::changed); a one-second timer only redraws the
 * countdown while a clock is shown. AdwBanner needs libadwaita 1.3.
 */
#define DD_TYPE_CLOCK_BANNER (dd_clock_banner_get_type ())
G_DECLARE_FINAL_TYPE (DdClockBanner, dd_clock_banner, DD, CLOCK_BANNER, GtkWidget)

/* Loads the clocks again now. */
void        dd_clock_banner_refresh         (DdClockBanner *self);
/* The incident shown, or %NULL while hidden. */
const char *dd_clock_banner_get_incident_id (DdClockBanner *self);
/* The text shown ("" while hidden). */
const char *dd_clock_banner_get_text        (DdClockBanner *self);

G_END_DECLS
