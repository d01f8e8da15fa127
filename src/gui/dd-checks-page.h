/* dd-checks-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-roster-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The Checks section (查岗): every problem of a month's roster, by kind, the
 * month's marks (checked, submitted, version) and, after a change since
 * submission, what differs from the submitted version. Activating a problem
 * activates "win.show-roster-day" with the shift's duty day. It loads when
 * it is mapped and again on DdStoreService::changed. */
#define DD_TYPE_CHECKS_PAGE (dd_checks_page_get_type ())
G_DECLARE_FINAL_TYPE (DdChecksPage, dd_checks_page, DD, CHECKS_PAGE, AdwBin)

GtkWidget *dd_checks_page_new            (void);
void       dd_checks_page_set_month      (DdChecksPage     *self,
                                          guint             year,
                                          guint             month);
guint      dd_checks_page_get_year       (DdChecksPage     *self);
guint      dd_checks_page_get_month      (DdChecksPage     *self);
/* Whether the last load of the shown month has completed. */
gboolean   dd_checks_page_get_loaded     (DdChecksPage     *self);
/* Problems of the shown month (every kind). */
guint      dd_checks_page_get_n_problems (DdChecksPage     *self);
/* Asks for confirmation, then marks the month (the buttons do this). */
void       dd_checks_page_mark           (DdChecksPage     *self,
                                          DdRosterMarkKind  kind);

/* The name a mark records by default: the OS user's real name, else the
 * login name. */
char      *dd_checks_page_dup_default_marker (void);

G_END_DECLS
