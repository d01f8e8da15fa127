/* dd-sync-client.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "dd-incident-store.h"
#include "dd-store-service.h"
#include "dd-sync-secret.h"

G_BEGIN_DECLS

#define DD_SYNC_ERROR (dd_sync_error_quark ())

/**
 * DdSyncError:
 * @DD_SYNC_ERROR_NETWORK: the server cannot be reached (retry later)
 * @DD_SYNC_ERROR_SERVER: the server answered with an error; the message has
 *   its code and sentence
 * @DD_SYNC_ERROR_REVOKED: the desk has been revoked
 * @DD_SYNC_ERROR_SECRET: the desk secret cannot be read or written
 * @DD_SYNC_ERROR_ENROLMENT_REFUSED: the server refused the enrolment code
 *   (unknown, used, expired, or for another unit than the desk's)
 */
typedef enum
{
  DD_SYNC_ERROR_NETWORK,
  DD_SYNC_ERROR_SERVER,
  DD_SYNC_ERROR_REVOKED,
  DD_SYNC_ERROR_SECRET,
  DD_SYNC_ERROR_ENROLMENT_REFUSED,
} DdSyncError;

GQuark dd_sync_error_quark (void);

/* A desk whose clock differs from the server's by more gets a warning. */
#define DD_SYNC_CLOCK_WARNING_MS ((gint64) 60 * 1000)

#define DD_TYPE_SYNC_CLIENT (dd_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (DdSyncClient, dd_sync_client, DD, SYNC_CLIENT, GObject)

/* Syncs the desk of @service; @rules derive pulled incidents. */
DdSyncClient *dd_sync_client_new          (DdStoreService       *service,
                                           DdIncidentRules      *rules);
/* One round: pushes every pending op, then pulls every page. The result
 * is a JSON object: {"pushed": {status: n}, "rejected": [...],
 * "pulled": [...], "rebased": n, "resync": bool, "clock_skew_ms": n,
 * "clock_warning": bool}. */
void          dd_sync_client_sync_async   (DdSyncClient         *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
JsonNode     *dd_sync_client_sync_finish  (DdSyncClient         *self,
                                           GAsyncResult         *result,
                                           GError              **error);
/* Ops per push batch and changes per pull page (1..500; default 500, the
 * most a batch may hold). */
void          dd_sync_client_set_batch_size (DdSyncClient       *self,
                                             guint               batch_size);
/* Rounds for ever while online, each ending in a long poll of @wait
 * seconds; backs off (jittered, up to a minute) while the server cannot be
 * reached. Ends when @cancellable is cancelled, or on a revoked desk.
 * ::round-done is emitted after each round with its JSON report. */
void          dd_sync_client_run_async    (DdSyncClient         *self,
                                           guint                 wait,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      dd_sync_client_run_finish   (DdSyncClient         *self,
                                           GAsyncResult         *result,
                                           GError              **error);
/* A running run goes on at once: a backoff ends, a held poll is answered
 * early (its round ends as usual), or the next pull does not wait. For new
 * local writes and the network coming back. ::round-failed is emitted
 * when a run backs off. */
void          dd_sync_client_wake         (DdSyncClient         *self);

/* Enrols the desk of @store (its unit) with the server at @server_url
 * using a one-time @code; keeps the desk secret as dd-sync-secret.h says
 * (the keyring, else a file readable only by the user next to the
 * database at @db_path). */
gboolean      dd_sync_enrol               (DdStore              *store,
                                           const char           *db_path,
                                           const char           *server_url,
                                           const char           *code,
                                           const char           *ca_file,
                                           GError              **error);

G_END_DECLS
