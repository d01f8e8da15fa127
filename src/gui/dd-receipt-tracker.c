/* dd-receipt-tracker.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-receipt-tracker.h"

#include <glib/gi18n.h>

#include "dd-gui-util.h"
#include "dd-time.h"

#define TRACKER_KEY "dd-receipt-tracker"

struct _DdReceiptTracker
{
  GObject          parent_instance;

  DdStoreService  *service;       /* weak: the service keeps the tracker */
  DdSyncService   *sync_service;
  GHashTable      *watched;       /* "kind\nid" → Watched */
  GCancellable    *cancellable;
  guint            idle_id;
  gboolean         loading;
  gboolean         again;         /* asked for while loading */
};

typedef struct
{
  guint      count;
  DdReceipt *receipt;             /* %NULL until loaded */
} Watched;

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdReceiptTracker, dd_receipt_tracker, G_TYPE_OBJECT)

static void load_soon (DdReceiptTracker *self);

/* ------------------------------------------------------------------ helpers */

static void
watched_free (Watched *watched)
{
  g_clear_pointer (&watched->receipt, dd_receipt_free);
  g_free (watched);
}

static char *
make_key (const char *record_kind,
          const char *record_id)
{
  return g_strconcat (record_kind, "\n", record_id, NULL);
}

static gboolean
receipt_equal (const DdReceipt *a,
               const DdReceipt *b)
{
  return a != NULL && b != NULL && a->state == b->state && a->enrolled == b->enrolled &&
         a->received == b->received && a->sent_at == b->sent_at && a->accepted_at == b->accepted_at &&
         g_strcmp0 (a->reason, b->reason) == 0 && g_strcmp0 (a->detail, b->detail) == 0;
}

static gpointer
fill_job (DdStore   *store,
          gpointer   data,
          GError   **error)
{
  GPtrArray *receipts = data;

  if (!dd_store_sync_fill_receipts (store, receipts, error))
    return NULL;
  return g_ptr_array_ref (receipts);
}

static void
on_filled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DdReceiptTracker) self = user_data;
  g_autoptr(GPtrArray) receipts = NULL;
  g_autoptr(GError) error = NULL;

  self->loading = FALSE;
  receipts = dd_store_service_run_finish (DD_STORE_SERVICE (source), result, &error);
  if (receipts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the receipts of records: %s", error->message);
      return;
    }

  for (guint i = 0; i < receipts->len; i++)
    {
      DdReceipt *receipt = g_ptr_array_index (receipts, i);
      g_autofree char *key = make_key (receipt->record_kind, receipt->record_id);
      Watched *watched = g_hash_table_lookup (self->watched, key);

      /* unwatched meanwhile, or unchanged */
      if (watched == NULL || receipt_equal (watched->receipt, receipt))
        continue;
      g_clear_pointer (&watched->receipt, dd_receipt_free);
      watched->receipt = g_ptr_array_steal_index (receipts, i--);
      g_signal_emit (self, signals[CHANGED], 0, watched->receipt->record_kind, watched->receipt->record_id);
    }

  if (self->again)
    load_soon (self);
}

static gboolean
on_load_idle_cb (gpointer user_data)
{
  DdReceiptTracker *self = user_data;
  g_autoptr(GPtrArray) receipts = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_receipt_free);
  GHashTableIter iter;
  gpointer key;

  self->idle_id = 0;
  self->again = FALSE;
  if (self->service == NULL || g_hash_table_size (self->watched) == 0)
    return G_SOURCE_REMOVE;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\n", 2);

      g_ptr_array_add (receipts, dd_receipt_new (parts[0], parts[1]));
    }
  self->loading = TRUE;
  dd_store_service_run_async (self->service, fill_job, g_ptr_array_ref (receipts),
                              (GDestroyNotify) g_ptr_array_unref, (GDestroyNotify) g_ptr_array_unref,
                              FALSE, self->cancellable, on_filled_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* One job for the watched records, after what asked for it settles. */
static void
load_soon (DdReceiptTracker *self)
{
  if (self->loading)
    self->again = TRUE;
  else if (self->idle_id == 0)
    self->idle_id = g_idle_add (on_load_idle_cb, self);
}

/* ------------------------------------------------------------------ callbacks */

static void
on_service_changed_cb (DdReceiptTracker *self)
{
  load_soon (self);
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_receipt_tracker_dispose (GObject *object)
{
  DdReceiptTracker *self = DD_RECEIPT_TRACKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  dd_receipt_tracker_set_sync_service (self, NULL);
  g_clear_weak_pointer (&self->service);

  G_OBJECT_CLASS (dd_receipt_tracker_parent_class)->dispose (object);
}

static void
dd_receipt_tracker_finalize (GObject *object)
{
  DdReceiptTracker *self = DD_RECEIPT_TRACKER (object);

  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dd_receipt_tracker_parent_class)->finalize (object);
}

static void
dd_receipt_tracker_class_init (DdReceiptTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_receipt_tracker_dispose;
  object_class->finalize = dd_receipt_tracker_finalize;

  /**
   * DdReceiptTracker::changed:
   * @record_kind: the record's kind
   * @record_id: its id
   *
   * The receipt of a watched record was loaded or changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
dd_receipt_tracker_init (DdReceiptTracker *self)
{
  self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) watched_free);
  self->cancellable = g_cancellable_new ();
}

/* ------------------------------------------------------------------ public */

DdReceiptTracker *
dd_receipt_tracker_get_for_service (DdStoreService *service)
{
  DdReceiptTracker *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  if ((self = g_object_get_data (G_OBJECT (service), TRACKER_KEY)) != NULL)
    return self;

  self = g_object_new (DD_TYPE_RECEIPT_TRACKER, NULL);
  g_set_weak_pointer (&self->service, service);
  g_signal_connect_object (service, "changed", G_CALLBACK (on_service_changed_cb), self, G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (service), TRACKER_KEY, self, g_object_unref);
  return self;
}

void
dd_receipt_tracker_set_sync_service (DdReceiptTracker *self,
                                     DdSyncService    *sync_service)
{
  g_return_if_fail (DD_IS_RECEIPT_TRACKER (self));
  g_return_if_fail (sync_service == NULL || DD_IS_SYNC_SERVICE (sync_service));

  if (self->sync_service == sync_service)
    return;
  if (self->sync_service != NULL)
    g_signal_handlers_disconnect_by_data (self->sync_service, self);
  g_set_object (&self->sync_service, sync_service);
  if (sync_service != NULL)
    {
      g_signal_connect_swapped (sync_service, "receipts-changed", G_CALLBACK (on_service_changed_cb), self);
      /* enrolled or not since */
      g_signal_connect_swapped (sync_service, "notify::status", G_CALLBACK (on_service_changed_cb), self);
      load_soon (self);
    }
}

void
dd_receipt_tracker_watch (DdReceiptTracker *self,
                          const char       *record_kind,
                          const char       *record_id)
{
  g_autofree char *key = NULL;
  Watched *watched;

  g_return_if_fail (DD_IS_RECEIPT_TRACKER (self));
  g_return_if_fail (record_kind != NULL && record_id != NULL);

  key = make_key (record_kind, record_id);
  if ((watched = g_hash_table_lookup (self->watched, key)) != NULL)
    {
      watched->count++;
      return;
    }
  watched = g_new0 (Watched, 1);
  watched->count = 1;
  g_hash_table_insert (self->watched, g_steal_pointer (&key), watched);
  load_soon (self);
}

void
dd_receipt_tracker_unwatch (DdReceiptTracker *self,
                            const char       *record_kind,
                            const char       *record_id)
{
  g_autofree char *key = NULL;
  Watched *watched;

  g_return_if_fail (DD_IS_RECEIPT_TRACKER (self));
  g_return_if_fail (record_kind != NULL && record_id != NULL);

  key = make_key (record_kind, record_id);
  watched = g_hash_table_lookup (self->watched, key);
  g_return_if_fail (watched != NULL);
  if (--watched->count == 0)
    g_hash_table_remove (self->watched, key);
}

const DdReceipt *
dd_receipt_tracker_lookup (DdReceiptTracker *self,
                           const char       *record_kind,
                           const char       *record_id)
{
  g_autofree char *key = NULL;
  Watched *watched;

  g_return_val_if_fail (DD_IS_RECEIPT_TRACKER (self), NULL);

  key = make_key (record_kind, record_id);
  watched = g_hash_table_lookup (self->watched, key);
  return watched != NULL ? watched->receipt : NULL;
}

/* The server's reason for refusing, as officers read it. */
static const char *
describe_reason (const DdReceipt *receipt)
{
  if (g_strcmp0 (receipt->reason, "out_of_scope") == 0)
    return _("this desk may not write this record");
  if (g_strcmp0 (receipt->reason, "stale_base") == 0)
    return _("it was changed elsewhere in the meantime");
  if (g_strcmp0 (receipt->reason, "unknown_kind") == 0)
    return _("the server does not keep this kind of record");
  if (g_strcmp0 (receipt->reason, "parked") == 0)
    return _("an earlier change of it was refused");
  if (receipt->detail != NULL && *receipt->detail != '\0')
    return receipt->detail;
  return receipt->reason != NULL ? receipt->reason : "";
}

char *
dd_receipt_describe (const DdReceipt *receipt,
                     gint64           now_ms)
{
  g_autofree char *when = NULL;
  GDate day, today;

  g_return_val_if_fail (receipt != NULL, NULL);

  switch (receipt->state)
    {
    case DD_RECEIPT_STATE_LOCAL:
      if (!receipt->enrolled)
        return g_strdup (_("On this desk only — the desk is not connected to a provincial server"));
      return g_strdup (_("On this desk only — not sent to the provincial server"));

    case DD_RECEIPT_STATE_REJECTED:
      /* Translators: %s is why the server refused, e.g. "this desk may not write this record" */
      return g_strdup_printf (_("Rejected by the provincial server: %s"), describe_reason (receipt));

    case DD_RECEIPT_STATE_PARKED:
      /* Translators: %s is why the server refused for now */
      return g_strdup_printf (_("Parked: %s — it will be tried again"), describe_reason (receipt));

    case DD_RECEIPT_STATE_QUEUED:
      return g_strdup (_("Queued — will be sent when online"));

    case DD_RECEIPT_STATE_SENT:
      return g_strdup (_("Sent, waiting for the server"));

    case DD_RECEIPT_STATE_ACCEPTED:
      if (receipt->received)
        return g_strdup (_("Received from the provincial server"));
      if (receipt->accepted_at <= 0)
        return g_strdup (_("Accepted by the provincial server"));
      g_date_clear (&day, 1);
      g_date_clear (&today, 1);
      dd_time_beijing_date (receipt->accepted_at, &day);
      dd_time_beijing_date (now_ms, &today);
      when = dd_gui_format_ms (receipt->accepted_at,
                               g_date_compare (&day, &today) == 0 ? "%H:%M:%S" : "%Y-%m-%d %H:%M:%S");
      /* Translators: %s is the server's time (Beijing), "10:32:05" or "2026-07-01 10:32:05" */
      return g_strdup_printf (_("Accepted by the provincial server at %s"), when);

    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
dd_receipt_get_icon_name (const DdReceipt *receipt)
{
  g_return_val_if_fail (receipt != NULL, NULL);

  switch (receipt->state)
    {
    case DD_RECEIPT_STATE_LOCAL: return "computer-symbolic";
    case DD_RECEIPT_STATE_REJECTED: return "dialog-error-symbolic";
    case DD_RECEIPT_STATE_PARKED: return "dialog-warning-symbolic";
    case DD_RECEIPT_STATE_QUEUED: return "content-loading-symbolic";
    case DD_RECEIPT_STATE_SENT: return "emblem-synchronizing-symbolic";
    case DD_RECEIPT_STATE_ACCEPTED: return "emblem-ok-symbolic";
    default: g_return_val_if_reached (NULL);
    }
}
