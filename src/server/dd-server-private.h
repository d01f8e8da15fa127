/* dd-server-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "dd-server-db.h"

G_BEGIN_DECLS

/* @n_bytes random bytes from the kernel, as lower-case hex. */
char     *dd_server_random_hex          (gsize        n_bytes);
/* A one-time enrolment code, "XXXX-XXXX-XXXX" (about 60 bits). */
char     *dd_server_new_enrol_code      (void);
/* SHA-256 hex of the code, upper-cased with dashes and spaces removed. */
char     *dd_server_hash_enrol_code     (const char  *code);
char     *dd_server_sha256              (const char  *text);

/* The administration commands; they print their result on stdout. */
gboolean  dd_server_unit_import         (DdServerDb  *db,
                                         const char  *path,
                                         guint       *n_units,
                                         GError     **error);
gboolean  dd_server_unit_add            (DdServerDb  *db,
                                         const char  *code,
                                         const char  *name,
                                         const char  *parent,
                                         GError     **error);
gboolean  dd_server_enrol_code          (DdServerDb  *db,
                                         const char  *unit,
                                         const char  *expires,
                                         gboolean     json,
                                         GError     **error);
gboolean  dd_server_desk_list           (DdServerDb  *db,
                                         gboolean     json,
                                         GError     **error);
gboolean  dd_server_desk_revoke         (DdServerDb  *db,
                                         const char  *id,
                                         GError     **error);

/* Purges the tombstones every active desk (not revoked, seen within
 * @active_days) has pulled past, with their change log and conflicts;
 * prints what it did. */
gboolean  dd_server_purge               (DdServerDb  *db,
                                         guint        active_days,
                                         gboolean     json,
                                         GError     **error);

/* For the fault tests: the process _exit()s with
 * DD_SERVER_FAILPOINT_STATUS at failpoint @name ("before-commit" and
 * "after-commit" of a push batch, "mid-pull-page" while a pull page of
 * at least one change is built). %FALSE for an unknown name. */
#define DD_SERVER_FAILPOINT_STATUS 86
gboolean  dd_server_set_failpoint       (const char  *name);

/* Acks given by push, for /metrics. */
typedef struct
{
  guint64 applied;
  guint64 duplicate;
  guint64 conflict_recorded;
  guint64 rejected;
} DdServerPushCounts;

/* Applies a push batch of @desk_id (of @unit) in one transaction and
 * returns the 200 answer; @last_seq is set to the last server sequence it
 * took (0 if it wrote nothing). Errors: DD_SERVER_ERROR_INVALID,
 * _PROTOCOL, _OUT_OF_SCOPE, _BUSY, _DATABASE. */
JsonNode *dd_server_push                (DdServerDb          *db,
                                         const char          *desk_id,
                                         const char          *unit,
                                         JsonObject          *request,
                                         DdServerPushCounts  *counts,
                                         gint64              *last_seq,
                                         GError             **error);
/* One page of changes @unit may read after @cursor (%NULL: from the
 * start); @epoch is set to the server epoch even on failure. With
 * @desk_id, records that the desk has every change up to @cursor (the
 * purge horizon follows it). Errors: DD_SERVER_ERROR_INVALID, _RESYNC
 * (another epoch, ahead of the server, or behind the purge horizon),
 * _DATABASE. */
char     *dd_server_pull                (DdServerDb          *db,
                                         const char          *desk_id,
                                         const char          *unit,
                                         const char          *cursor,
                                         guint                limit,
                                         guint               *n_changes,
                                         char               **next_cursor,
                                         char               **epoch,
                                         GError             **error);

G_END_DECLS
