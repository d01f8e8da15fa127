/* dd-receipt-badge.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dd-receipt-tracker.h"

G_BEGIN_DECLS

/* A small icon saying how far a record's changes have got on their way to
 * the provincial server; its tooltip and accessible label say it in
 * words (dd_receipt_describe()). Follows the record through a
 * #DdReceiptTracker. */
#define DD_TYPE_RECEIPT_BADGE (dd_receipt_badge_get_type ())
G_DECLARE_FINAL_TYPE (DdReceiptBadge, dd_receipt_badge, DD, RECEIPT_BADGE, GtkWidget)

GtkWidget  *dd_receipt_badge_new        (void);
/* Shows the receipt of @record_kind @record_id from @tracker, or nothing
 * (@record_kind %NULL: a list row unbound). */
void        dd_receipt_badge_set_record (DdReceiptBadge   *self,
                                         DdReceiptTracker *tracker,
                                         const char       *record_kind,
                                         const char       *record_id);
/* What it says now ("" before the receipt is loaded). */
const char *dd_receipt_badge_get_text   (DdReceiptBadge   *self);

G_END_DECLS
