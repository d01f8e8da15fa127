/* dd-sync-service.h: the desk's sync, running while the application does
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "dd-sync-client.h"

G_BEGIN_DECLS

/**
 * DdSyncStatus:
 * @DD_SYNC_STATUS_NOT_ENROLLED: the desk is not enrolled with a server
 * @DD_SYNC_STATUS_CONNECTING: the first round is running, or a round asked
 *   for while offline (dd_sync_service_sync_now(), the network back)
 * @DD_SYNC_STATUS_ONLINE: the last round went through
 * @DD_SYNC_STATUS_OFFLINE: the server cannot be reached (or refused for
 *   now); rounds are tried again with backoff
 * @DD_SYNC_STATUS_STOPPED: sync stopped (a revoked desk, an unreadable
 *   secret, a database error): see #DdSyncService:last-error
 */
typedef enum
{
  DD_SYNC_STATUS_NOT_ENROLLED,
  DD_SYNC_STATUS_CONNECTING,
  DD_SYNC_STATUS_ONLINE,
  DD_SYNC_STATUS_OFFLINE,
  DD_SYNC_STATUS_STOPPED,
} DdSyncStatus;

GType dd_sync_status_get_type (void) G_GNUC_CONST;
#define DD_TYPE_SYNC_STATUS (dd_sync_status_get_type ())

#define DD_TYPE_SYNC_SERVICE (dd_sync_service_get_type ())
G_DECLARE_FINAL_TYPE (DdSyncService, dd_sync_service, DD, SYNC_SERVICE, GObject)

/* Syncs the desk of @service while started: a round at once, then long
 * polls of @wait seconds; a push soon after every local write; backoff
 * while offline, and a round at once when the network comes back. */
DdSyncService *dd_sync_service_new                   (DdStoreService       *service,
                                                      DdIncidentRules      *rules,
                                                      guint                 wait);
void           dd_sync_service_start                 (DdSyncService        *self);
void           dd_sync_service_stop                  (DdSyncService        *self);
/* A round now (starting again after a stop, or a desk enrolled since). */
void           dd_sync_service_sync_now              (DdSyncService        *self);

DdSyncStatus   dd_sync_service_get_status            (DdSyncService        *self);
gint64         dd_sync_service_get_n_pending         (DdSyncService        *self);
gint64         dd_sync_service_get_n_parked          (DdSyncService        *self);
gint64         dd_sync_service_get_n_conflicts       (DdSyncService        *self);
gint64         dd_sync_service_get_clock_skew_ms     (DdSyncService        *self);
gboolean       dd_sync_service_get_clock_warning     (DdSyncService        *self);
/* Unix ms of the last round that went through, 0 for none. */
gint64         dd_sync_service_get_last_synced_ms    (DdSyncService        *self);
/* Unix ms of the first failed round since the last good one, 0 if online. */
gint64         dd_sync_service_get_offline_since_ms  (DdSyncService        *self);
const char    *dd_sync_service_get_last_error        (DdSyncService        *self);

/* The conflicts (JSON array, see dd_store_sync_list_conflicts()). The
 * _finish functions may be given %NULL for @self (a caller gone). */
void           dd_sync_service_list_conflicts_async  (DdSyncService        *self,
                                                      gboolean              open_only,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonNode      *dd_sync_service_list_conflicts_finish (DdSyncService        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
/* dd_store_sync_resolve_conflict(), then a push. */
void           dd_sync_service_resolve_async         (DdSyncService        *self,
                                                      const char           *conflict_id,
                                                      const char           *resolution,
                                                      const char           *value,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       dd_sync_service_resolve_finish        (DdSyncService        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
/* The parked ops (JSON array, see dd_store_sync_list_parked()). */
void           dd_sync_service_list_parked_async     (DdSyncService        *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonNode      *dd_sync_service_list_parked_finish    (DdSyncService        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
/* Puts the parked ops of @op_id's record back in the queue (@retry), or
 * drops @op_id (the audit journal keeps it). */
void           dd_sync_service_settle_parked_async   (DdSyncService        *self,
                                                      const char           *op_id,
                                                      gboolean              retry,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       dd_sync_service_settle_parked_finish  (DdSyncService        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
