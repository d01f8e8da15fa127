/* dd-store-service.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-store.h"

G_BEGIN_DECLS

/**
 * DdStoreService:
 *
 * Owns a #DdStore on a thread of its own, so the main loop never waits
 * for the disk. Jobs run in the order they were queued; results come back
 * on the thread-default main context of the caller. After each job that
 * wrote, #DdStoreService::changed is emitted there.
 */
#define DD_TYPE_STORE_SERVICE (dd_store_service_get_type ())
G_DECLARE_FINAL_TYPE (DdStoreService, dd_store_service, DD, STORE_SERVICE, GObject)

/* A job: runs on the owner thread with the open store. Return a new
 * object, boxed value or %NULL (set @error on failure). */
typedef gpointer (*DdStoreJobFunc) (DdStore   *store,
                                    gpointer   data,
                                    GError   **error);

/* The database is opened (and migrated) by the first job; if that fails,
 * that job and every later one fail with the same error. @actor (may be
 * %NULL for the user name) is recorded in the audit journal. The service
 * is bound to the thread-default main context it is created in: ::changed
 * is emitted there. Dropping the last reference stops the thread after
 * the queued jobs and closes the database. */
DdStoreService *dd_store_service_new        (const char          *path,
                                             const char          *actor);
const char     *dd_store_service_get_path   (DdStoreService      *self);

/* Generic: @writes says whether ::changed follows a successful run.
 * @result_free frees a result nobody collected; @data_free runs on the
 * caller's context when the task is done. A job whose @cancellable is
 * cancelled before it starts does not run and fails with
 * %G_IO_ERROR_CANCELLED (GTask delivers a cancelled result one main-loop
 * iteration late, so it may arrive after the results of later jobs; all
 * other results arrive in queue order). */
void            dd_store_service_run_async  (DdStoreService      *self,
                                             DdStoreJobFunc       func,
                                             gpointer             data,
                                             GDestroyNotify       data_free,
                                             GDestroyNotify       result_free,
                                             gboolean             writes,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gpointer        dd_store_service_run_finish (DdStoreService      *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Typed jobs. */
void            dd_store_service_get_desk_async         (DdStoreService      *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DdDesk         *dd_store_service_get_desk_finish        (DdStoreService      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

void            dd_store_service_init_desk_async        (DdStoreService      *self,
                                                         const char          *unit_code,
                                                         const char          *unit_name,
                                                         DdRegime             regime,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DdDesk         *dd_store_service_init_desk_finish       (DdStoreService      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

void            dd_store_service_update_desk_async      (DdStoreService      *self,
                                                         const char          *unit_name,
                                                         DdRegime             regime,
                                                         const char          *server_url,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DdDesk         *dd_store_service_update_desk_finish     (DdStoreService      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/**
 * DdDeskStatus:
 * @pending_ops: operations waiting in the sync outbox
 * @last_synced_ms: Unix ms of the last synchronization, 0 if never
 * @n_staff: staff members on record
 *
 * What the Today page shows besides the desk itself.
 */
typedef struct
{
  gint64 pending_ops;
  gint64 last_synced_ms;
  gint64 n_staff;
} DdDeskStatus;

void            dd_store_service_get_status_async       (DdStoreService      *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* Free with g_free(). */
DdDeskStatus   *dd_store_service_get_status_finish      (DdStoreService      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
