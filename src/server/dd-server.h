/* dd-server.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DD_SERVER_DEFAULT_MAX_BODY (1024 * 1024)
#define DD_SERVER_TOKEN_LIFETIME   3600

#define DD_TYPE_SERVER (dd_server_get_type ())
G_DECLARE_FINAL_TYPE (DdServer, dd_server, DD, SERVER, GObject)

/* Connects to PostgreSQL (the schema must be current) and loads the token
 * key: a pool of 4 connections and a 30 s timeout. */
DdServer *dd_server_new               (const char  *conninfo,
                                       GError     **error);
/* @pool_size connections, each with a worker thread; @timeout seconds
 * (0: none) bound a client's stalls, a statement, and the wait for a
 * free connection. */
DdServer *dd_server_new_full          (const char  *conninfo,
                                       guint        pool_size,
                                       guint        timeout,
                                       GError     **error);
/* Serves HTTPS with this PEM certificate (chain) and key; before listening. */
gboolean  dd_server_set_tls_files     (DdServer    *self,
                                       const char  *cert_file,
                                       const char  *key_file,
                                       GError     **error);
/* Listens on "HOST:PORT" (an IP address or "localhost"; port 0 picks a free one). */
gboolean  dd_server_listen            (DdServer    *self,
                                       const char  *listen,
                                       GError     **error);
/* The port listened on, or 0. */
guint     dd_server_get_port          (DdServer    *self);
void      dd_server_set_max_body_size (DdServer    *self,
                                       gsize        max_body);
/* One JSON log line per request on stderr (default %TRUE). */
void      dd_server_set_log_requests  (DdServer    *self,
                                       gboolean     log_requests);
/* Checks an access token at @now (Unix seconds): its signature, its expiry,
 * and that its desk exists and is not revoked (DD_SERVER_ERROR_UNAUTHORIZED,
 * DD_SERVER_ERROR_REVOKED, DD_SERVER_ERROR_DATABASE). */
gboolean  dd_server_check_token       (DdServer    *self,
                                       const char  *token,
                                       gint64       now,
                                       char       **desk_id,
                                       char       **unit,
                                       GError     **error);
/* Graceful shutdown: stops accepting connections, answers held pulls
 * with an empty page (the same cursor), and completes once every request
 * read has been answered and written (push batches run to commit). */
void      dd_server_drain_async       (DdServer             *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean  dd_server_drain_finish      (DdServer             *self,
                                       GAsyncResult         *result,
                                       GError              **error);
/* Requests read and not yet answered and written. */
guint     dd_server_get_in_flight     (DdServer    *self);
/* Waits for the running requests, then closes every connection. */
void      dd_server_shutdown          (DdServer    *self);

G_END_DECLS
