/* dd-sync-service.c: the desk's sync, running while the application does
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-sync-service.h"

#include <glib/gi18n.h>

#include "dd-sync-store.h"

/* A write is pushed this long after the last of a burst. */
#define PUSH_DELAY_MS 200
/* Parked ops the server called retryable go again after this long. */
#define RETRY_PARKED_US ((gint64) 10 * 60 * G_USEC_PER_SEC)

struct _DdSyncService
{
  GObject          parent_instance;

  DdStoreService  *service;
  DdSyncClient    *client;
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;     /* the run and the store jobs; new at each start */
  guint            wait;
  guint            push_timer;
  gulong           changed_id;
  gulong           network_id;
  gboolean         started;
  gboolean         running;
  gint64           last_retry_us;

  DdSyncStatus     status;
  gint64           n_pending;
  gint64           n_parked;
  gint64           n_conflicts;
  gint64           clock_skew_ms;
  gint64           last_synced_ms;
  gint64           offline_since_ms;
  char            *last_error;
};

enum {
  PROP_0,
  PROP_STATUS,
  PROP_N_PENDING,
  PROP_N_PARKED,
  PROP_N_CONFLICTS,
  PROP_CLOCK_SKEW_MS,
  PROP_LAST_SYNCED_MS,
  PROP_OFFLINE_SINCE_MS,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RECEIPTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (DdSyncStatus, dd_sync_status,
                    G_DEFINE_ENUM_VALUE (DD_SYNC_STATUS_NOT_ENROLLED, "not-enrolled"),
                    G_DEFINE_ENUM_VALUE (DD_SYNC_STATUS_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (DD_SYNC_STATUS_ONLINE, "online"),
                    G_DEFINE_ENUM_VALUE (DD_SYNC_STATUS_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (DD_SYNC_STATUS_STOPPED, "stopped"))

G_DEFINE_FINAL_TYPE (DdSyncService, dd_sync_service, G_TYPE_OBJECT)

static void start_run (DdSyncService *self);

/* The result of a job queued on the store service; the service may be
 * gone from the caller by then. */
static gpointer
run_finish (GAsyncResult  *result,
            GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);

  return dd_store_service_run_finish (DD_STORE_SERVICE (source), result, error);
}

static void
set_int (DdSyncService *self,
         gint64        *field,
         gint64         value,
         guint          prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_status (DdSyncService *self,
            DdSyncStatus   status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_last_error (DdSyncService *self,
                const char    *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* ---------------------------------------------------------------- store jobs */

static gpointer
state_job (DdStore   *store,
           gpointer   data,
           GError   **error)
{
  return dd_store_get_sync_state (store, error);
}

static gpointer
retry_job (DdStore   *store,
           gpointer   data,
           GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  guint n = dd_store_sync_retry_parked (store, NULL, g_get_real_time () / 1000 - RETRY_PARKED_US / 1000,
                                        &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return GUINT_TO_POINTER (n + 1);
}

typedef struct
{
  char     *id;
  char     *resolution;
  char     *value;
  gboolean  flag;
} JobData;

static void
job_data_free (JobData *data)
{
  g_free (data->id);
  g_free (data->resolution);
  g_free (data->value);
  g_free (data);
}

static JobData *
job_data_new (const char *id,
              const char *resolution,
              const char *value,
              gboolean    flag)
{
  JobData *data = g_new0 (JobData, 1);

  data->id = g_strdup (id);
  data->resolution = g_strdup (resolution);
  data->value = g_strdup (value);
  data->flag = flag;
  return data;
}

static gpointer
list_conflicts_job (DdStore   *store,
                    gpointer   data,
                    GError   **error)
{
  g_autofree char *text = dd_store_sync_list_conflicts (store, ((JobData *) data)->flag, error);

  return text != NULL ? json_from_string (text, error) : NULL;
}

static gpointer
list_parked_job (DdStore   *store,
                 gpointer   data,
                 GError   **error)
{
  g_autofree char *text = dd_store_sync_list_parked (store, error);

  return text != NULL ? json_from_string (text, error) : NULL;
}

static gpointer
resolve_job (DdStore   *store,
             gpointer   data,
             GError   **error)
{
  JobData *job = data;

  if (!dd_store_sync_resolve_conflict (store, job->id, job->resolution, job->value, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static gpointer
settle_parked_job (DdStore   *store,
                   gpointer   data,
                   GError   **error)
{
  JobData *job = data;
  g_autoptr(GError) local_error = NULL;

  if (job->flag)
    {
      dd_store_sync_retry_parked (store, job->id, 0, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  else if (!dd_store_sync_drop_parked (store, job->id, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

/* ---------------------------------------------------------------- callbacks */

static void
on_state_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  DdSyncService *self = user_data;
  g_autoptr(DdSyncState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;
  if (state == NULL)
    {
      if (g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
        set_status (self, DD_SYNC_STATUS_NOT_ENROLLED);
      else
        {
          set_last_error (self, error->message);
          set_status (self, DD_SYNC_STATUS_STOPPED);
        }
      goto out;
    }
  set_int (self, &self->n_pending, state->n_pending, PROP_N_PENDING);
  set_int (self, &self->n_parked, state->n_parked, PROP_N_PARKED);
  set_int (self, &self->n_conflicts, state->n_conflicts, PROP_N_CONFLICTS);
  set_int (self, &self->clock_skew_ms, state->clock_skew_ms, PROP_CLOCK_SKEW_MS);
  if (self->last_synced_ms == 0)
    set_int (self, &self->last_synced_ms, MAX (state->last_pull_at, state->last_push_at),
             PROP_LAST_SYNCED_MS);

  if (self->started && !self->running && self->status != DD_SYNC_STATUS_STOPPED)
    start_run (self);
  /* a write waits to go up: end the held poll so that it does */
  else if (self->running && state->n_pushable > 0)
    dd_sync_client_wake (self->client);

out:
  g_object_unref (self);
}

static void
refresh (DdSyncService *self)
{
  dd_store_service_run_async (self->service, state_job, NULL, NULL, (GDestroyNotify) dd_sync_state_free,
                              FALSE, self->cancellable, on_state_cb, g_object_ref (self));
}

static gboolean
on_push_timer_cb (gpointer user_data)
{
  DdSyncService *self = user_data;

  self->push_timer = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_service_changed_cb (DdStoreService *service,
                       DdSyncService  *self)
{
  /* a burst of writes makes one push */
  g_clear_handle_id (&self->push_timer, g_source_remove);
  self->push_timer = g_timeout_add (PUSH_DELAY_MS, on_push_timer_cb, self);
}

static void
on_retried_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not put parked ops back in the queue: %s", error->message);
}

static void
on_client_round_done_cb (DdSyncClient  *client,
                         JsonNode      *report,
                         DdSyncService *self)
{
  JsonObject *object = json_node_get_object (report);
  gint64 now_us = g_get_real_time ();

  set_int (self, &self->clock_skew_ms, json_object_get_int_member_with_default (object, "clock_skew_ms", 0),
           PROP_CLOCK_SKEW_MS);
  set_int (self, &self->last_synced_ms, now_us / 1000, PROP_LAST_SYNCED_MS);
  set_int (self, &self->offline_since_ms, 0, PROP_OFFLINE_SINCE_MS);
  set_last_error (self, NULL);
  set_status (self, DD_SYNC_STATUS_ONLINE);

  /* now and then, what the server may take now (a parent that came since) */
  if (now_us - self->last_retry_us > RETRY_PARKED_US && self->n_parked > 0)
    {
      self->last_retry_us = now_us;
      dd_store_service_run_async (self->service, retry_job, NULL, NULL, NULL, TRUE,
                                  self->cancellable, on_retried_cb, NULL);
    }
  refresh (self);
}

static void
on_client_receipts_changed_cb (DdSyncClient  *client,
                               DdSyncService *self)
{
  g_signal_emit (self, signals[RECEIPTS_CHANGED], 0);
}

static void
on_client_round_failed_cb (DdSyncClient  *client,
                           const GError  *error,
                           guint          backoff,
                           DdSyncService *self)
{
  if (self->offline_since_ms == 0)
    set_int (self, &self->offline_since_ms, g_get_real_time () / 1000, PROP_OFFLINE_SINCE_MS);
  set_last_error (self, error->message);
  set_status (self, DD_SYNC_STATUS_OFFLINE);
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DdSyncService *self = user_data;
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  if (!dd_sync_client_run_finish (DD_SYNC_CLIENT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
        set_status (self, DD_SYNC_STATUS_NOT_ENROLLED);
      else
        {
          set_last_error (self, error->message);
          set_status (self, DD_SYNC_STATUS_STOPPED);
        }
    }
  g_object_unref (self);
}

static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       DdSyncService   *self)
{
  /* back online: a round now rather than at the end of the backoff */
  if (available && self->running)
    {
      self->last_retry_us = 0;
      if (self->status == DD_SYNC_STATUS_OFFLINE)
        set_status (self, DD_SYNC_STATUS_CONNECTING);
      dd_sync_client_wake (self->client);
    }
}

static void
start_run (DdSyncService *self)
{
  self->running = TRUE;
  if (self->status != DD_SYNC_STATUS_OFFLINE)
    set_status (self, DD_SYNC_STATUS_CONNECTING);
  dd_sync_client_run_async (self->client, self->wait, self->cancellable, on_run_done_cb,
                            g_object_ref (self));
}

/* ---------------------------------------------------------------- vfuncs */

static void
dd_sync_service_dispose (GObject *object)
{
  DdSyncService *self = DD_SYNC_SERVICE (object);

  dd_sync_service_stop (self);
  g_clear_signal_handler (&self->network_id, self->monitor);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->monitor);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (dd_sync_service_parent_class)->dispose (object);
}

static void
dd_sync_service_finalize (GObject *object)
{
  DdSyncService *self = DD_SYNC_SERVICE (object);

  g_free (self->last_error);

  G_OBJECT_CLASS (dd_sync_service_parent_class)->finalize (object);
}

static void
dd_sync_service_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DdSyncService *self = DD_SYNC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_N_PENDING:
      g_value_set_int64 (value, self->n_pending);
      break;
    case PROP_N_PARKED:
      g_value_set_int64 (value, self->n_parked);
      break;
    case PROP_N_CONFLICTS:
      g_value_set_int64 (value, self->n_conflicts);
      break;
    case PROP_CLOCK_SKEW_MS:
      g_value_set_int64 (value, self->clock_skew_ms);
      break;
    case PROP_LAST_SYNCED_MS:
      g_value_set_int64 (value, self->last_synced_ms);
      break;
    case PROP_OFFLINE_SINCE_MS:
      g_value_set_int64 (value, self->offline_since_ms);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
count_pspec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
dd_sync_service_class_init (DdSyncServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_sync_service_dispose;
  object_class->finalize = dd_sync_service_finalize;
  object_class->get_property = dd_sync_service_get_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, DD_TYPE_SYNC_STATUS, DD_SYNC_STATUS_NOT_ENROLLED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] = count_pspec ("n-pending");
  properties[PROP_N_PARKED] = count_pspec ("n-parked");
  properties[PROP_N_CONFLICTS] = count_pspec ("n-conflicts");
  properties[PROP_CLOCK_SKEW_MS] =
    g_param_spec_int64 ("clock-skew-ms", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED_MS] = count_pspec ("last-synced-ms");
  properties[PROP_OFFLINE_SINCE_MS] = count_pspec ("offline-since-ms");
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdSyncService::receipts-changed:
   *
   * Emitted when outbox ops changed state on their way to the server (a
   * batch sent, answered, or queued again): the receipts of the records
   * shown may have changed (dd_store_sync_get_receipt()). Local writes
   * are told by #DdStoreService::changed.
   */
  signals[RECEIPTS_CHANGED] = g_signal_new ("receipts-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dd_sync_service_init (DdSyncService *self)
{
}

/* ---------------------------------------------------------------- public */

DdSyncService *
dd_sync_service_new (DdStoreService  *service,
                     DdIncidentRules *rules,
                     guint            wait)
{
  DdSyncService *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  self = g_object_new (DD_TYPE_SYNC_SERVICE, NULL);
  self->service = g_object_ref (service);
  self->client = dd_sync_client_new (service, rules);
  self->wait = wait;
  g_signal_connect (self->client, "round-done", G_CALLBACK (on_client_round_done_cb), self);
  g_signal_connect (self->client, "round-failed", G_CALLBACK (on_client_round_failed_cb), self);
  g_signal_connect (self->client, "receipts-changed", G_CALLBACK (on_client_receipts_changed_cb), self);
  return self;
}

void
dd_sync_service_start (DdSyncService *self)
{
  g_return_if_fail (DD_IS_SYNC_SERVICE (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  self->changed_id = g_signal_connect (self->service, "changed", G_CALLBACK (on_service_changed_cb), self);
  if (self->monitor == NULL)
    {
      self->monitor = g_object_ref (g_network_monitor_get_default ());
      self->network_id = g_signal_connect (self->monitor, "network-changed",
                                           G_CALLBACK (on_network_changed_cb), self);
    }
  /* enrolled? then the run starts */
  refresh (self);
}

void
dd_sync_service_stop (DdSyncService *self)
{
  g_return_if_fail (DD_IS_SYNC_SERVICE (self));

  if (!self->started)
    return;
  self->started = FALSE;
  g_clear_signal_handler (&self->changed_id, self->service);
  g_clear_handle_id (&self->push_timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

void
dd_sync_service_sync_now (DdSyncService *self)
{
  g_return_if_fail (DD_IS_SYNC_SERVICE (self));

  if (!self->started)
    {
      dd_sync_service_start (self);
      return;
    }
  if (self->running)
    {
      /* asked for while offline: syncing until the round says otherwise */
      if (self->status == DD_SYNC_STATUS_OFFLINE)
        set_status (self, DD_SYNC_STATUS_CONNECTING);
      dd_sync_client_wake (self->client);
    }
  else
    {
      /* stopped or not enrolled before: look again */
      if (self->status == DD_SYNC_STATUS_STOPPED)
        set_status (self, DD_SYNC_STATUS_CONNECTING);
      refresh (self);
    }
}

DdSyncStatus
dd_sync_service_get_status (DdSyncService *self)
{
  g_return_val_if_fail (DD_IS_SYNC_SERVICE (self), DD_SYNC_STATUS_NOT_ENROLLED);

  return self->status;
}

gint64
dd_sync_service_get_n_pending (DdSyncService *self)
{
  g_return_val_if_fail (DD_IS_SYNC_SERVICE (self), 0);

  return self->n_pending;
}

gint64
dd_sync_service_get_n_parked (DdSyncService *self)
{
  g_return_val_if_fail (DD_IS_SYNC_SERVICE (self), 0);

  return self->n_parked;
}

gint64
dd_sync_service_get_n_conflicts (DdSyncService *self)
{
  g_return_val_if_fail (DD_IS_SYNC_SERVICE (self), 0);

  return self->n_conflicts;
}

gint64
dd_sync_service_get_clock_skew_ms (DdSyncService *self)
{
  g_return_val_if_fail (DD_IS_SYNC_SERVICE (self), 0);

  return self->clock_skew_ms;
}

gboolean
dd_sync_service_get_clock_warning (DdSyncService *self)
{
  g_return_val_if_fail (DD_IS_SYNC_SERVICE (self), FALSE);

  return ABS (self->clock_skew_ms) > DD_SYNC_CLOCK_WARNING_MS;
}

gint64
dd_sync_service_get_last_synced_ms (DdSyncService *self)
{
  g_return_val_if_fail (DD_IS_SYNC_SERVICE (self), 0);

  return self->last_synced_ms;
}

gint64
dd_sync_service_get_offline_since_ms (DdSyncService *self)
{
  g_return_val_if_fail (DD_IS_SYNC_SERVICE (self), 0);

  return self->offline_since_ms;
}

const char *
dd_sync_service_get_last_error (DdSyncService *self)
{
  g_return_val_if_fail (DD_IS_SYNC_SERVICE (self), NULL);

  return self->last_error;
}

void
dd_sync_service_list_conflicts_async (DdSyncService       *self,
                                      gboolean             open_only,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (DD_IS_SYNC_SERVICE (self));

  dd_store_service_run_async (self->service, list_conflicts_job, job_data_new (NULL, NULL, NULL, open_only),
                              (GDestroyNotify) job_data_free, (GDestroyNotify) json_node_unref, FALSE,
                              cancellable, callback, user_data);
}

JsonNode *
dd_sync_service_list_conflicts_finish (DdSyncService  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  return run_finish (result, error);
}

void
dd_sync_service_resolve_async (DdSyncService       *self,
                               const char          *conflict_id,
                               const char          *resolution,
                               const char          *value,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (DD_IS_SYNC_SERVICE (self));

  /* a write: ::changed pushes it */
  dd_store_service_run_async (self->service, resolve_job, job_data_new (conflict_id, resolution, value, FALSE),
                              (GDestroyNotify) job_data_free, NULL, TRUE, cancellable, callback, user_data);
}

gboolean
dd_sync_service_resolve_finish (DdSyncService  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  return run_finish (result, error) != NULL;
}

void
dd_sync_service_list_parked_async (DdSyncService       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (DD_IS_SYNC_SERVICE (self));

  dd_store_service_run_async (self->service, list_parked_job, NULL, NULL, (GDestroyNotify) json_node_unref,
                              FALSE, cancellable, callback, user_data);
}

JsonNode *
dd_sync_service_list_parked_finish (DdSyncService  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return run_finish (result, error);
}

void
dd_sync_service_settle_parked_async (DdSyncService       *self,
                                     const char          *op_id,
                                     gboolean             retry,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (DD_IS_SYNC_SERVICE (self));

  dd_store_service_run_async (self->service, settle_parked_job, job_data_new (op_id, NULL, NULL, retry),
                              (GDestroyNotify) job_data_free, NULL, TRUE, cancellable, callback, user_data);
}

gboolean
dd_sync_service_settle_parked_finish (DdSyncService  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return run_finish (result, error) != NULL;
}
