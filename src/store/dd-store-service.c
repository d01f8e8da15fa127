/* dd-store-service.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-store-service.h"

struct _DdStoreService
{
  GObject       parent_instance;

  char         *path;
  char         *actor;
  GMainContext *main_context;
  GAsyncQueue  *queue;
  GThread      *thread;

  /* Owned by the thread. */
  DdStore      *store;
  GError       *open_error;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_ACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdStoreService, dd_store_service, G_TYPE_OBJECT)

typedef struct
{
  DdStoreJobFunc  func;
  gpointer        data;
  GDestroyNotify  result_free;
  gboolean        writes;
  gboolean        quit;
  GTask          *task;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_free (job);
}

/* A finished job, handed back to the caller's context. Every use of the
 * task happens there, so its last reference (and with it possibly the
 * last reference to the service) is never dropped on the store thread. */
typedef struct
{
  GTask          *task;
  gpointer        result;
  GDestroyNotify  result_free;
  GError         *error;
  gboolean        writes;
} Completion;

static gboolean
emit_changed_cb (gpointer user_data)
{
  DdStoreService *self = user_data;

  g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

static gboolean
complete_job_cb (gpointer user_data)
{
  Completion *completion = user_data;
  g_autoptr(GTask) task = completion->task;
  DdStoreService *self = g_task_get_source_object (task);
  g_autoptr(DdStoreService) keep = g_object_ref (self);

  if (completion->error != NULL)
    g_task_return_error (task, completion->error);
  else
    g_task_return_pointer (task, completion->result, completion->result_free);

  /* After the result, on the context the service was made in. */
  if (completion->writes && completion->error == NULL)
    {
      if (self->main_context == g_task_get_context (task))
        g_signal_emit (self, signals[CHANGED], 0);
      else
        g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT,
                                    emit_changed_cb, g_object_ref (self), g_object_unref);
    }

  g_free (completion);

  return G_SOURCE_REMOVE;
}

static void
run_job (DdStoreService *self,
         Job            *job)
{
  Completion *completion = g_new0 (Completion, 1);
  GCancellable *cancellable = g_task_get_cancellable (job->task);
  GSource *source;

  completion->task = g_steal_pointer (&job->task);
  completion->result_free = job->result_free;

  if (g_cancellable_is_cancelled (cancellable))
    {
      /* Cancelled before it started: it does not run. */
      g_cancellable_set_error_if_cancelled (cancellable, &completion->error);
    }
  else
    {
      if (self->store == NULL && self->open_error == NULL)
        {
          self->store = dd_store_open (self->path, &self->open_error);
          if (self->store != NULL && self->actor != NULL)
            dd_store_set_actor (self->store, self->actor);
        }

      if (self->open_error != NULL)
        completion->error = g_error_copy (self->open_error);
      else
        completion->result = job->func (self->store, job->data, &completion->error);

      if (completion->error != NULL && completion->result != NULL)
        {
          if (job->result_free != NULL)
            job->result_free (completion->result);
          completion->result = NULL;
        }

      completion->writes = job->writes;
    }

  /* Always through an idle source: g_main_context_invoke() could run the
   * callback right here on the store thread. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, complete_job_cb, completion, NULL);
  g_source_set_static_name (source, "[dd-store-service] complete job");
  g_source_attach (source, g_task_get_context (completion->task));
  g_source_unref (source);
}

static gpointer
service_thread (gpointer data)
{
  DdStoreService *self = data;

  for (;;)
    {
      Job *job = g_async_queue_pop (self->queue);
      gboolean quit = job->quit;

      if (!quit)
        run_job (self, job);

      job_free (job);

      if (quit)
        break;
    }

  g_clear_object (&self->store);
  g_clear_error (&self->open_error);

  return NULL;
}

static void
dd_store_service_stop (DdStoreService *self)
{
  Job *job;

  if (self->thread == NULL)
    return;

  job = g_new0 (Job, 1);
  job->quit = TRUE;
  g_async_queue_push (self->queue, job);

  g_thread_join (g_steal_pointer (&self->thread));
}

static void
dd_store_service_dispose (GObject *object)
{
  DdStoreService *self = (DdStoreService *) object;

  dd_store_service_stop (self);

  G_OBJECT_CLASS (dd_store_service_parent_class)->dispose (object);
}

static void
dd_store_service_finalize (GObject *object)
{
  DdStoreService *self = (DdStoreService *) object;

  dd_store_service_stop (self);

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (dd_store_service_parent_class)->finalize (object);
}

static void
dd_store_service_constructed (GObject *object)
{
  DdStoreService *self = (DdStoreService *) object;

  G_OBJECT_CLASS (dd_store_service_parent_class)->constructed (object);

  self->thread = g_thread_new ("dd-store", service_thread, self);
}

static void
dd_store_service_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DdStoreService *self = DD_STORE_SERVICE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_store_service_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DdStoreService *self = DD_STORE_SERVICE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_ACTOR:
      self->actor = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_store_service_class_init (DdStoreServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dd_store_service_constructed;
  object_class->dispose = dd_store_service_dispose;
  object_class->finalize = dd_store_service_finalize;
  object_class->get_property = dd_store_service_get_property;
  object_class->set_property = dd_store_service_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] =
    g_param_spec_string ("actor", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdStoreService::changed:
   *
   * Emitted on the main context the service was made in, after a job
   * that wrote to the database succeeded.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
dd_store_service_init (DdStoreService *self)
{
  self->main_context = g_main_context_ref_thread_default ();
  self->queue = g_async_queue_new ();
}

DdStoreService *
dd_store_service_new (const char *path,
                      const char *actor)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (DD_TYPE_STORE_SERVICE,
                       "path", path,
                       "actor", actor,
                       NULL);
}

const char *
dd_store_service_get_path (DdStoreService *self)
{
  g_return_val_if_fail (DD_IS_STORE_SERVICE (self), NULL);

  return self->path;
}

void
dd_store_service_run_async (DdStoreService      *self,
                            DdStoreJobFunc       func,
                            gpointer             data,
                            GDestroyNotify       data_free,
                            GDestroyNotify       result_free,
                            gboolean             writes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DD_IS_STORE_SERVICE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->result_free = result_free;
  job->writes = writes;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, dd_store_service_run_async);
  g_task_set_task_data (job->task, data, data_free);

  g_async_queue_push (self->queue, job);
}

gpointer
dd_store_service_run_finish (DdStoreService  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (DD_IS_STORE_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ typed jobs */

static gpointer
get_desk_job (DdStore  *store,
              gpointer  data,
              GError  **error)
{
  return dd_store_get_desk (store, error);
}

void
dd_store_service_get_desk_async (DdStoreService      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  dd_store_service_run_async (self, get_desk_job, NULL, NULL, g_object_unref, FALSE,
                              cancellable, callback, user_data);
}

DdDesk *
dd_store_service_get_desk_finish (DdStoreService  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

typedef struct
{
  char     *unit_code;
  char     *unit_name;
  char     *server_url;
  DdRegime  regime;
} DeskData;

static void
desk_data_free (gpointer data)
{
  DeskData *desk = data;

  g_free (desk->unit_code);
  g_free (desk->unit_name);
  g_free (desk->server_url);
  g_free (desk);
}

static gpointer
init_desk_job (DdStore  *store,
               gpointer  data,
               GError  **error)
{
  DeskData *desk = data;

  return dd_store_init_desk (store, desk->unit_code, desk->unit_name, desk->regime, FALSE, error);
}

void
dd_store_service_init_desk_async (DdStoreService      *self,
                                  const char          *unit_code,
                                  const char          *unit_name,
                                  DdRegime             regime,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  DeskData *desk = g_new0 (DeskData, 1);

  desk->unit_code = g_strdup (unit_code);
  desk->unit_name = g_strdup (unit_name);
  desk->regime = regime;

  dd_store_service_run_async (self, init_desk_job, desk, desk_data_free, g_object_unref, TRUE,
                              cancellable, callback, user_data);
}

DdDesk *
dd_store_service_init_desk_finish (DdStoreService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

static gpointer
update_desk_job (DdStore  *store,
                 gpointer  data,
                 GError  **error)
{
  DeskData *desk = data;

  return dd_store_update_desk (store, desk->unit_name, desk->regime, desk->server_url, error);
}

void
dd_store_service_update_desk_async (DdStoreService      *self,
                                    const char          *unit_name,
                                    DdRegime             regime,
                                    const char          *server_url,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  DeskData *desk = g_new0 (DeskData, 1);

  desk->unit_name = g_strdup (unit_name);
  desk->server_url = g_strdup (server_url);
  desk->regime = regime;

  dd_store_service_run_async (self, update_desk_job, desk, desk_data_free, g_object_unref, TRUE,
                              cancellable, callback, user_data);
}

DdDesk *
dd_store_service_update_desk_finish (DdStoreService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}

static gpointer
get_status_job (DdStore  *store,
                gpointer  data,
                GError  **error)
{
  g_autofree DdDeskStatus *status = g_new0 (DdDeskStatus, 1);
  g_autoptr(GError) local_error = NULL;

  status->pending_ops = dd_store_count_pending_ops (store, &local_error);
  if (local_error == NULL)
    status->n_staff = dd_store_count_staff (store, &local_error);
  if (local_error == NULL)
    {
      status->last_synced_ms = dd_store_get_last_synced_ms (store, &local_error);
      /* A desk not set up yet has never synchronized. */
      if (g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED))
        g_clear_error (&local_error);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&status);
}

void
dd_store_service_get_status_async (DdStoreService      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  dd_store_service_run_async (self, get_status_job, NULL, NULL, g_free, FALSE,
                              cancellable, callback, user_data);
}

DdDeskStatus *
dd_store_service_get_status_finish (DdStoreService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return dd_store_service_run_finish (self, result, error);
}
