/* dd-paged-model.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-store-service.h"

G_BEGIN_DECLS

/**
 * DdPagedModel:
 *
 * A GListModel over a table that can grow without bound. It counts the
 * rows once, then loads pages of rows through a #DdStoreService only
 * when a position is asked for. Until its page arrives, a position holds
 * a placeholder item (a new object of the item type, with default
 * properties); when the page arrives the positions are replaced with
 * ::items-changed.
 */
#define DD_TYPE_PAGED_MODEL (dd_paged_model_get_type ())
G_DECLARE_FINAL_TYPE (DdPagedModel, dd_paged_model, DD, PAGED_MODEL, GObject)

typedef gint64     (*DdPagedCountFunc) (DdStore  *store,
                                        GError  **error);
typedef GPtrArray *(*DdPagedFetchFunc) (DdStore  *store,
                                        guint     offset,
                                        guint     limit,
                                        GError  **error);

typedef GPtrArray *(*DdPagedFetchOrderedFunc) (DdStore  *store,
                                               guint     order,
                                               guint     offset,
                                               guint     limit,
                                               GError  **error);

DdPagedModel *dd_paged_model_new          (DdStoreService      *service,
                                           GType                item_type,
                                           DdPagedCountFunc     count_func,
                                           DdPagedFetchFunc     fetch_func,
                                           guint                page_size);
DdPagedModel *dd_paged_model_new_ordered  (DdStoreService          *service,
                                           GType                    item_type,
                                           DdPagedCountFunc         count_func,
                                           DdPagedFetchOrderedFunc  fetch_func,
                                           guint                    order,
                                           guint                    page_size);
/* Counts again and drops every loaded page. */
void          dd_paged_model_reload_async  (DdPagedModel        *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      dd_paged_model_reload_finish (DdPagedModel        *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Whether the item at @position is loaded, not a placeholder. */
gboolean      dd_paged_model_is_loaded     (DdPagedModel        *self,
                                            guint                position);
/* Completes when the page holding @position is loaded. */
void          dd_paged_model_load_async    (DdPagedModel        *self,
                                            guint                position,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      dd_paged_model_load_finish   (DdPagedModel        *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
