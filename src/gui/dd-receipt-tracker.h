/* dd-receipt-tracker.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-store-service.h"
#include "dd-sync-service.h"
#include "dd-sync-store.h"

G_BEGIN_DECLS

/**
 * DdReceiptTracker:
 *
 * The receipts (how far a record's changes have got on their way to the
 * provincial server, dd_store_sync_get_receipt()) of the records the
 * window shows. Widgets watch the records they show and are told through
 * ::changed when one of those receipts changes; the tracker loads the
 * watched receipts again, in one store job, after a local write
 * (#DdStoreService::changed) and when the sync service says ops moved
 * (#DdSyncService::receipts-changed). One per store service.
 */
#define DD_TYPE_RECEIPT_TRACKER (dd_receipt_tracker_get_type ())
G_DECLARE_FINAL_TYPE (DdReceiptTracker, dd_receipt_tracker, DD, RECEIPT_TRACKER, GObject)

/* The tracker of @service, made on first use and kept with it. */
DdReceiptTracker *dd_receipt_tracker_get_for_service (DdStoreService   *service);
/* Follows @sync_service (may be %NULL: local writes only). */
void              dd_receipt_tracker_set_sync_service (DdReceiptTracker *self,
                                                       DdSyncService    *sync_service);
/* Starts (or, counted, stops) following a record: its receipt is loaded
 * soon, then ::changed is emitted for it. */
void              dd_receipt_tracker_watch           (DdReceiptTracker *self,
                                                      const char       *record_kind,
                                                      const char       *record_id);
void              dd_receipt_tracker_unwatch         (DdReceiptTracker *self,
                                                      const char       *record_kind,
                                                      const char       *record_id);
/* The receipt of a watched record as last loaded, %NULL before. */
const DdReceipt  *dd_receipt_tracker_lookup          (DdReceiptTracker *self,
                                                      const char       *record_kind,
                                                      const char       *record_id);

/* What the window says of @receipt: "Accepted by the provincial server at
 * 10:32:05" (Beijing time; the day too when it is not today, by @now_ms),
 * "Queued — will be sent when online", … */
char             *dd_receipt_describe                (const DdReceipt  *receipt,
                                                      gint64            now_ms);
/* A symbolic icon for @receipt's state. */
const char       *dd_receipt_get_icon_name           (const DdReceipt  *receipt);

G_END_DECLS
