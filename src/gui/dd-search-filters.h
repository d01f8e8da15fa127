/* dd-search-filters.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dd-incident-store.h"

G_BEGIN_DECLS

/* The fields of a search's filters: the first and last day, grades I–IV,
 * category, division and status, with their categories and divisions
 * from the default taxonomy and division table. Emits ::changed when the
 * filters chosen change (a day half typed counts as none). */
#define DD_TYPE_SEARCH_FILTERS (dd_search_filters_get_type ())
G_DECLARE_FINAL_TYPE (DdSearchFilters, dd_search_filters, DD, SEARCH_FILTERS, GtkWidget)

GtkWidget *dd_search_filters_new        (void);
/* Fills @filter with the filters chosen; its days and strings belong to
 * @self and last until they change. FALSE while a day typed does not
 * read (it is left out of @filter). */
gboolean   dd_search_filters_get_filter (DdSearchFilters *self,
                                         DdSearchFilter  *filter);
/* How many of the filters (days, grade, category, division, status) are set. */
guint      dd_search_filters_count      (DdSearchFilters *self);
/* The filters set, e.g. "2026-03-01 – 2026-03-05 · Grade I, II · 南明区". */
char      *dd_search_filters_describe   (DdSearchFilters *self);
/* Every filter off; ::changed once. */
void       dd_search_filters_clear      (DdSearchFilters *self);

G_END_DECLS
