/* dd-application.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-store-service.h"
#include "dd-sync-service.h"

G_BEGIN_DECLS

#define DD_TYPE_APPLICATION (dd_application_get_type ())
G_DECLARE_FINAL_TYPE (DdApplication, dd_application, DD, APPLICATION, AdwApplication)

DdApplication  *dd_application_new         (void);
/* The service over the desk database; %NULL before the application started. */
DdStoreService *dd_application_get_service (DdApplication *self);
/* The desk's sync; %NULL before the application started. */
DdSyncService  *dd_application_get_sync_service (DdApplication *self);

G_END_DECLS
