/* dd-whereabouts-group.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-directory.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The leaders' whereabouts today (in office, travelling, on leave, at a
 * meeting) and who stands in for them, for the Today page. Reloads when
 * the service reports a change. */
#define DD_TYPE_WHEREABOUTS_GROUP (dd_whereabouts_group_get_type ())
G_DECLARE_FINAL_TYPE (DdWhereaboutsGroup, dd_whereabouts_group, DD, WHEREABOUTS_GROUP, AdwPreferencesGroup)

GtkWidget  *dd_whereabouts_group_new        (void);
/* The whereabouts shown (a GListModel of #DdWhereabouts), or %NULL
 * before the first load. */
GListModel *dd_whereabouts_group_get_model  (DdWhereaboutsGroup *self);
/* Whether the last reload has completed. */
gboolean    dd_whereabouts_group_get_loaded (DdWhereaboutsGroup *self);

G_END_DECLS
