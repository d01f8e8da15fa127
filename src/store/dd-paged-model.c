/* dd-paged-model.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-paged-model.h"

#define DEFAULT_PAGE_SIZE 100

struct _DdPagedModel
{
  GObject           parent_instance;

  DdStoreService   *service;
  GType             item_type;
  DdPagedCountFunc  count_func;
  DdPagedFetchFunc  fetch_func;
  DdPagedFetchOrderedFunc fetch_ordered_func;
  guint             order;
  guint             page_size;

  guint             n_items;
  /* Bumped by every reload: answers for an older generation are dropped. */
  guint             generation;
  /* page index → GPtrArray of items */
  GHashTable       *pages;
  /* page index → PageLoad, while its fetch runs */
  GHashTable       *loading;
};

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void dd_paged_model_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdPagedModel, dd_paged_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      dd_paged_model_list_model_iface_init))

typedef struct
{
  DdPagedCountFunc count_func;
  guint            generation;
} CountJob;

typedef struct
{
  DdPagedFetchFunc fetch_func;
  DdPagedFetchOrderedFunc fetch_ordered_func;
  guint            order;
  guint            offset;
  guint            limit;
  guint            generation;
  guint            page;
} FetchJob;

/* The callers waiting for one page. */
typedef struct
{
  GPtrArray *waiters;
} PageLoad;

static void
page_load_free (gpointer data)
{
  PageLoad *load = data;

  g_ptr_array_unref (load->waiters);
  g_free (load);
}

static gpointer
count_job (DdStore  *store,
           gpointer  data,
           GError  **error)
{
  CountJob *job = data;
  g_autoptr(GError) local_error = NULL;
  gint64 *count = g_new (gint64, 1);

  *count = job->count_func (store, &local_error);
  if (local_error != NULL)
    {
      g_free (count);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return count;
}

static gpointer
fetch_job (DdStore  *store,
           gpointer  data,
           GError  **error)
{
  FetchJob *job = data;

  if (job->fetch_ordered_func != NULL)
    return job->fetch_ordered_func (store, job->order, job->offset, job->limit, error);

  return job->fetch_func (store, job->offset, job->limit, error);
}

static void
set_n_items (DdPagedModel *self,
             guint         n_items)
{
  guint removed = self->n_items;

  g_hash_table_remove_all (self->pages);
  self->n_items = n_items;

  if (removed > 0 || n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, n_items);
  if (removed != n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
on_fetch_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DdPagedModel) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  FetchJob *job = g_task_get_task_data (G_TASK (result));
  PageLoad *load;
  GPtrArray *waiters;
  gboolean current;

  items = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  current = job->generation == self->generation;

  load = current ? g_hash_table_lookup (self->loading, GUINT_TO_POINTER (job->page)) : NULL;
  waiters = load != NULL ? g_ptr_array_ref (load->waiters) : NULL;
  if (load != NULL)
    g_hash_table_remove (self->loading, GUINT_TO_POINTER (job->page));

  if (current && items != NULL)
    {
      guint start = job->offset;
      guint n_page;

      g_hash_table_insert (self->pages, GUINT_TO_POINTER (job->page), g_ptr_array_ref (items));

      if (start < self->n_items)
        {
          n_page = MIN (self->page_size, self->n_items - start);
          g_list_model_items_changed (G_LIST_MODEL (self), start, n_page, n_page);
        }
    }

  if (waiters == NULL)
    return;

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      guint position = GPOINTER_TO_UINT (g_task_get_task_data (task));

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else if (position >= self->n_items)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("There is no item at position %u"), position);
      else
        g_task_return_boolean (task, TRUE);
    }

  g_ptr_array_unref (waiters);
}

/* Starts loading @page unless it is loaded or loading; returns its load,
 * or %NULL if it is loaded. */
static PageLoad *
request_page (DdPagedModel *self,
              guint         page)
{
  PageLoad *load;
  FetchJob *job;

  if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
    return NULL;

  load = g_hash_table_lookup (self->loading, GUINT_TO_POINTER (page));
  if (load != NULL)
    return load;

  load = g_new0 (PageLoad, 1);
  load->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_insert (self->loading, GUINT_TO_POINTER (page), load);

  job = g_new0 (FetchJob, 1);
  job->fetch_func = self->fetch_func;
  job->fetch_ordered_func = self->fetch_ordered_func;
  job->order = self->order;
  job->page = page;
  job->offset = page * self->page_size;
  job->limit = self->page_size;
  job->generation = self->generation;

  dd_store_service_run_async (self->service, fetch_job, job, g_free,
                              (GDestroyNotify) g_ptr_array_unref, FALSE,
                              NULL, on_fetch_done_cb, g_object_ref (self));

  return load;
}

static void
on_count_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DdPagedModel *self = g_task_get_source_object (task);
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autofree gint64 *count = NULL;
  g_autoptr(GError) error = NULL;

  count = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);

  if (count == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (generation == self->generation)
    set_n_items (self, (guint) CLAMP (*count, 0, G_MAXUINT));

  g_task_return_boolean (task, TRUE);
}

/* The pages being loaded belong to a count that no longer holds: their
 * waiters are told so, and their answers will be dropped. */
static void
fail_loading (DdPagedModel *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->loading);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PageLoad *load = value;

      for (guint i = 0; i < load->waiters->len; i++)
        g_task_return_new_error (g_ptr_array_index (load->waiters, i),
                                 G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The list was reloaded"));
    }

  g_hash_table_remove_all (self->loading);
}

static void
start_count (DdPagedModel        *self,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  CountJob *job;

  self->generation++;
  fail_loading (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_paged_model_reload_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (self->generation), NULL);

  job = g_new0 (CountJob, 1);
  job->count_func = self->count_func;
  job->generation = self->generation;

  dd_store_service_run_async (self->service, count_job, job, g_free, g_free, FALSE,
                              cancellable, on_count_done_cb, task);
}

static GType
dd_paged_model_get_item_type (GListModel *model)
{
  return DD_PAGED_MODEL (model)->item_type;
}

static guint
dd_paged_model_get_n_items (GListModel *model)
{
  return DD_PAGED_MODEL (model)->n_items;
}

static gpointer
dd_paged_model_get_item (GListModel *model,
                         guint       position)
{
  DdPagedModel *self = DD_PAGED_MODEL (model);
  GPtrArray *page;
  guint index;

  if (position >= self->n_items)
    return NULL;

  index = position / self->page_size;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page != NULL && position % self->page_size < page->len)
    return g_object_ref (g_ptr_array_index (page, position % self->page_size));

  if (page == NULL)
    request_page (self, index);

  return g_object_new (self->item_type, NULL);
}

static void
dd_paged_model_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dd_paged_model_get_item_type;
  iface->get_n_items = dd_paged_model_get_n_items;
  iface->get_item = dd_paged_model_get_item;
}

static void
dd_paged_model_dispose (GObject *object)
{
  DdPagedModel *self = (DdPagedModel *) object;

  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->loading);

  G_OBJECT_CLASS (dd_paged_model_parent_class)->dispose (object);
}

static void
dd_paged_model_finalize (GObject *object)
{
  DdPagedModel *self = (DdPagedModel *) object;

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->loading, g_hash_table_unref);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (dd_paged_model_parent_class)->finalize (object);
}

static void
dd_paged_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DdPagedModel *self = DD_PAGED_MODEL (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_paged_model_class_init (DdPagedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_paged_model_dispose;
  object_class->finalize = dd_paged_model_finalize;
  object_class->get_property = dd_paged_model_get_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_paged_model_init (DdPagedModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->loading = g_hash_table_new_full (NULL, NULL, NULL, page_load_free);
}

/**
 * dd_paged_model_new:
 * @service: the service that runs the queries
 * @item_type: the type of the items @fetch_func returns
 * @count_func: counts the rows, on the store thread
 * @fetch_func: returns the rows from @offset, on the store thread
 * @page_size: rows per page (0 for the default)
 *
 * Starts counting at once; the model has no items until the count
 * arrives, then emits ::items-changed.
 */
DdPagedModel *
dd_paged_model_new (DdStoreService   *service,
                    GType             item_type,
                    DdPagedCountFunc  count_func,
                    DdPagedFetchFunc  fetch_func,
                    guint             page_size)
{
  DdPagedModel *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (count_func != NULL, NULL);
  g_return_val_if_fail (fetch_func != NULL, NULL);

  self = g_object_new (DD_TYPE_PAGED_MODEL, NULL);
  self->service = g_object_ref (service);
  self->item_type = item_type;
  self->count_func = count_func;
  self->fetch_func = fetch_func;
  self->page_size = page_size > 0 ? page_size : DEFAULT_PAGE_SIZE;

  start_count (self, NULL, NULL, NULL);

  return self;
}

/**
 * dd_paged_model_new_ordered:
 * @service: the service that runs the queries
 * @item_type: the type of the items @fetch_func returns
 * @count_func: counts the rows, on the store thread
 * @fetch_func: returns the rows from @offset in @order, on the store thread
 * @order: passed to @fetch_func (its meaning is the function's: a sort
 *   key and direction); a model keeps its order, a new order is a new model
 * @page_size: rows per page (0 for the default)
 *
 * As dd_paged_model_new(), for a list the user can sort.
 */
DdPagedModel *
dd_paged_model_new_ordered (DdStoreService          *service,
                            GType                    item_type,
                            DdPagedCountFunc         count_func,
                            DdPagedFetchOrderedFunc  fetch_func,
                            guint                    order,
                            guint                    page_size)
{
  DdPagedModel *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (count_func != NULL, NULL);
  g_return_val_if_fail (fetch_func != NULL, NULL);

  self = g_object_new (DD_TYPE_PAGED_MODEL, NULL);
  self->service = g_object_ref (service);
  self->item_type = item_type;
  self->count_func = count_func;
  self->fetch_ordered_func = fetch_func;
  self->order = order;
  self->page_size = page_size > 0 ? page_size : DEFAULT_PAGE_SIZE;

  start_count (self, NULL, NULL, NULL);

  return self;
}

void
dd_paged_model_reload_async (DdPagedModel        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DD_IS_PAGED_MODEL (self));

  start_count (self, cancellable, callback, user_data);
}

gboolean
dd_paged_model_reload_finish (DdPagedModel  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (DD_IS_PAGED_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dd_paged_model_is_loaded (DdPagedModel *self,
                          guint         position)
{
  GPtrArray *page;

  g_return_val_if_fail (DD_IS_PAGED_MODEL (self), FALSE);

  if (position >= self->n_items)
    return FALSE;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (position / self->page_size));

  return page != NULL && position % self->page_size < page->len;
}

/**
 * dd_paged_model_load_async:
 *
 * Loads the page that holds @position. Positions may be asked for before
 * the count has arrived: jobs run in order, so the count comes first.
 */
void
dd_paged_model_load_async (DdPagedModel        *self,
                           guint                position,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PageLoad *load;

  g_return_if_fail (DD_IS_PAGED_MODEL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dd_paged_model_load_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (position), NULL);

  load = request_page (self, position / self->page_size);
  if (load == NULL)
    {
      if (position < self->n_items)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("There is no item at position %u"), position);
      return;
    }

  g_ptr_array_add (load->waiters, g_steal_pointer (&task));
}

gboolean
dd_paged_model_load_finish (DdPagedModel  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (DD_IS_PAGED_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
