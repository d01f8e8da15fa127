/* dd-roster-store-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-roster-store.h"

G_BEGIN_DECLS

/* For dd_store_fill_demo(): a week of leave for one officer and a
 * generated roster (seeded with @seed) for the Beijing month of @now_ms
 * and the month after it. */
gboolean dd_store_roster_fill_demo (DdStore  *self,
                                    gint64    now_ms,
                                    guint32   seed,
                                    GError  **error);

G_END_DECLS
