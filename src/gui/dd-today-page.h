/* dd-today-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

/* The Today section: the desk, today's regime, Beijing time, sync state,
 * pending outbox operations and today's duty staff. */
#define DD_TYPE_TODAY_PAGE (dd_today_page_get_type ())
G_DECLARE_FINAL_TYPE (DdTodayPage, dd_today_page, DD, TODAY_PAGE, AdwBin)

GtkWidget *dd_today_page_new      (void);
DdDesk    *dd_today_page_get_desk (DdTodayPage *self);
/* Shows @desk at once and reloads the rest through the service. */
void       dd_today_page_set_desk (DdTodayPage *self,
                                   DdDesk      *desk);
/* Whether the last reload has completed. */
gboolean   dd_today_page_get_loaded (DdTodayPage *self);

G_END_DECLS
