/* dd-setup-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

/* First start: choose the unit from the division list, its name and base
 * regime, and initialise the desk. Emits ::desk-created with the DdDesk. */
#define DD_TYPE_SETUP_PAGE (dd_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (DdSetupPage, dd_setup_page, DD, SETUP_PAGE, AdwBin)

GtkWidget  *dd_setup_page_new              (void);
/* The unit code the form describes, or %NULL while it is not valid. */
const char *dd_setup_page_get_unit_code    (DdSetupPage *self);
gboolean    dd_setup_page_get_valid        (DdSetupPage *self);

G_END_DECLS
