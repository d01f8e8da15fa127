/* dd-store-watch.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

/* What the background checkers (DdReminders, DdIncidentAlerts) share:
 * once started, @func is called after every DdStoreService::changed and
 * when the one timeout set with dd_store_watch_schedule() fires. Long
 * waits are cut into pieces of at most 10 minutes, so that a suspended or
 * adjusted clock is noticed. Embedded in its owner, not reference counted;
 * @cancellable is new at each start and cancelled at stop. */
typedef void (*DdStoreWatchFunc) (gpointer owner);

typedef struct
{
  DdStoreService   *service;
  GCancellable     *cancellable;
  DdStoreWatchFunc  func;
  gpointer          owner;
  const char       *name;
  gulong            changed_id;
  guint             timeout_id;
  gint64            next_ms;
  gboolean          started;
} DdStoreWatch;

/* @name names the timeout (a static string). Nothing is called before
 * dd_store_watch_start(). */
void     dd_store_watch_init     (DdStoreWatch     *self,
                                  DdStoreService   *service,
                                  DdStoreWatchFunc  func,
                                  gpointer          owner,
                                  const char       *name);
/* Returns %FALSE if it was started already. */
gboolean dd_store_watch_start    (DdStoreWatch     *self);
/* Returns %FALSE if it was not started. */
gboolean dd_store_watch_stop     (DdStoreWatch     *self);
/* The one timeout, for @at_ms (Unix ms, on the clock that gave @now_ms);
 * 0 for none. Replaces the one set before. */
void     dd_store_watch_schedule (DdStoreWatch     *self,
                                  gint64            now_ms,
                                  gint64            at_ms);
void     dd_store_watch_clear    (DdStoreWatch     *self);

G_END_DECLS
