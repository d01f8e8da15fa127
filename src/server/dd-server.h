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

/* Connects to PostgreSQL (the schema must be current) and loads the token key. */
DdServer *dd_server_new               (const char  *conninfo,
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
/* Stops listening and closes every connection. */
void      dd_server_shutdown          (DdServer    *self);

G_END_DECLS
