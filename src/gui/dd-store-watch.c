/* dd-store-watch.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-store-watch.h"

#include <string.h>

#include "dd-duty-date.h"

#define MAX_WAIT_MS (10 * DD_MS_PER_MINUTE)

static gboolean
on_timeout_cb (gpointer user_data)
{
  DdStoreWatch *self = user_data;

  self->timeout_id = 0;
  self->next_ms = 0;
  self->func (self->owner);

  return G_SOURCE_REMOVE;
}

static void
on_service_changed_cb (DdStoreService *service,
                       DdStoreWatch   *self)
{
  self->func (self->owner);
}

void
dd_store_watch_init (DdStoreWatch     *self,
                     DdStoreService   *service,
                     DdStoreWatchFunc  func,
                     gpointer          owner,
                     const char       *name)
{
  g_return_if_fail (DD_IS_STORE_SERVICE (service));

  memset (self, 0, sizeof (*self));
  self->service = g_object_ref (service);
  self->func = func;
  self->owner = owner;
  self->name = name;
}

gboolean
dd_store_watch_start (DdStoreWatch *self)
{
  if (self->started)
    return FALSE;

  self->started = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->changed_id = g_signal_connect (self->service, "changed",
                                       G_CALLBACK (on_service_changed_cb), self);

  return TRUE;
}

gboolean
dd_store_watch_stop (DdStoreWatch *self)
{
  if (!self->started)
    return FALSE;

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->service);
  dd_store_watch_schedule (self, 0, 0);

  return TRUE;
}

void
dd_store_watch_schedule (DdStoreWatch *self,
                         gint64        now_ms,
                         gint64        at_ms)
{
  gint64 wait_ms;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->next_ms = at_ms;
  if (at_ms <= 0)
    return;

  wait_ms = CLAMP (at_ms - now_ms, 0, MAX_WAIT_MS);
  self->timeout_id = g_timeout_add ((guint) wait_ms, on_timeout_cb, self);
  g_source_set_name_by_id (self->timeout_id, self->name);
}

void
dd_store_watch_clear (DdStoreWatch *self)
{
  dd_store_watch_stop (self);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
}
