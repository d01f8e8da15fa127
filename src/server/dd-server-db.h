/* dd-server-db.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define DD_SERVER_ERROR (dd_server_error_quark ())

/**
 * DdServerError:
 * @DD_SERVER_ERROR_INVALID: the input is wrong (a usage error, exit code 2)
 * @DD_SERVER_ERROR_NOT_FOUND: no such unit or desk
 * @DD_SERVER_ERROR_DATABASE: PostgreSQL failed or cannot be reached
 * @DD_SERVER_ERROR_SCHEMA: the database schema is missing or newer than this build
 * @DD_SERVER_ERROR_UNAUTHORIZED: a token is malformed, forged or expired
 * @DD_SERVER_ERROR_REVOKED: the desk has been revoked
 * @DD_SERVER_ERROR_OUT_OF_SCOPE: a request names another desk
 * @DD_SERVER_ERROR_BUSY: another push of the same desk is running
 * @DD_SERVER_ERROR_RESYNC: a pull cursor is from another epoch or ahead
 * @DD_SERVER_ERROR_PROTOCOL: an unsupported protocol schema_version
 */
typedef enum
{
  DD_SERVER_ERROR_INVALID,
  DD_SERVER_ERROR_NOT_FOUND,
  DD_SERVER_ERROR_DATABASE,
  DD_SERVER_ERROR_SCHEMA,
  DD_SERVER_ERROR_UNAUTHORIZED,
  DD_SERVER_ERROR_REVOKED,
  DD_SERVER_ERROR_OUT_OF_SCOPE,
  DD_SERVER_ERROR_BUSY,
  DD_SERVER_ERROR_RESYNC,
  DD_SERVER_ERROR_PROTOCOL,
} DdServerError;

GQuark dd_server_error_quark (void);

/* One PostgreSQL connection with the server's prepared statements. */
typedef struct _DdServerDb DdServerDb;

DdServerDb *dd_server_db_open           (const char  *conninfo,
                                         GError     **error);
void        dd_server_db_free           (DdServerDb  *self);
/* Applies the pending migrations (advisory-locked, one transaction each);
 * @applied is set to how many ran. */
gboolean    dd_server_db_migrate        (DdServerDb  *self,
                                         guint       *applied,
                                         GError     **error);
/* The number of the newest migration built in. */
guint       dd_server_db_latest_version (void);
/* Checks the schema is current and prepares the statements. */
gboolean    dd_server_db_prepare        (DdServerDb  *self,
                                         GError     **error);
/* Runs the prepared statement @name; %NULL with an error on failure.
 * Reconnects once if the connection was lost outside a transaction. */
PGresult   *dd_server_db_exec           (DdServerDb  *self,
                                         const char  *name,
                                         int          n_params,
                                         const char * const *params,
                                         GError     **error);
gboolean    dd_server_db_begin          (DdServerDb  *self,
                                         GError     **error);
gboolean    dd_server_db_commit         (DdServerDb  *self,
                                         GError     **error);
void        dd_server_db_rollback       (DdServerDb  *self);
/* Cancels any statement running longer (0: none), now and after a reconnect. */
gboolean    dd_server_db_set_statement_timeout (DdServerDb  *self,
                                                guint        timeout_ms,
                                                GError     **error);
/* The underlying connection, for LISTEN. */
PGconn     *dd_server_db_get_conn       (DdServerDb  *self);
/* The SQLSTATE of the last failed statement, or "" */
const char *dd_server_db_get_sqlstate   (DdServerDb  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdServerDb, dd_server_db_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
