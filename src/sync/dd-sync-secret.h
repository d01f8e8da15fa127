/* dd-sync-secret.h: where the desk secret is kept
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The desk secret goes to the Secret Service (libsecret: GNOME Keyring,
 * KWallet…) when one answers on the session bus with its default
 * collection unlocked, so that asking for it never waits for a password
 * prompt; else to a file readable only by the user beside the database
 * (dd_sync_secret_path()). DUTY_DESK_SECRET_STORE=file or =libsecret
 * decides instead (libsecret then fails rather than fall back). The
 * choice is recorded in sync_state.secret_store and read back from the
 * same place. */
#define DD_SYNC_SECRET_FILE      "file"
#define DD_SYNC_SECRET_LIBSECRET "libsecret"

/* Where the desk secret of the database at @db_path is kept as a file. */
char     *dd_sync_secret_path        (const char           *db_path);
/* Stores @secret of desk @desk_id; returns where (a static string), or
 * %NULL with @error. Blocking: for dutyctl enrol. */
const char *dd_sync_secret_save      (const char           *db_path,
                                      const char           *desk_id,
                                      const char           *secret,
                                      GError              **error);
/* Reads the secret back from @store (DD_SYNC_SECRET_*); fails with
 * DD_SYNC_ERROR_SECRET. */
void      dd_sync_secret_load_async  (const char           *store,
                                      const char           *db_path,
                                      const char           *desk_id,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
char     *dd_sync_secret_load_finish (GAsyncResult         *result,
                                      GError              **error);
/* Forgets the secret (after a failed enrolment). */
void      dd_sync_secret_forget      (const char           *store,
                                      const char           *db_path,
                                      const char           *desk_id);

G_END_DECLS
