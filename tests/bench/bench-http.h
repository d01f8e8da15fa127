/* bench-http.h: what the sync benchmarks share: a duty-desk-server
 * started on a loopback port and HTTP calls to it with libsoup.
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

extern const char  *conninfo;     /* DD_PG_CONNINFO */
extern const char  *server_path;
extern SoupSession *session;
extern guint        port;

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  gboolean     done;
  gint64       sent_at;
  gint64       done_at;
  guint        index;     /* the caller's; kept by call_start() */
} Call;

int         compare_doubles    (const void         *a,
                                const void         *b);
/* Sends @method @path (with a bearer @token and a JSON @body when not
 * %NULL); ->done is set when answered. */
void        call_start         (Call               *call,
                                const char         *method,
                                const char         *path,
                                const char         *token,
                                const char         *body);
/* The answer object of a finished call; exits on anything but 200. */
JsonObject *call_take          (Call               *call);
/* call_take() once the call is answered. */
JsonObject *call_finish        (Call               *call);
/* The output of `duty-desk-server --database CONNINFO ARGS…`. */
char       *run_admin          (const char * const *args);
/* Migrates the database, imports @csv, serves on a loopback port (set in
 * port) with its request log in @log (/dev/null when %NULL). */
GSubprocess *bench_start_server (const char         *csv,
                                 const char         *log);
