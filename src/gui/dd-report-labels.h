/* dd-report-labels.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the forms about incidents name reporting recipients and spans of
 * time in a sentence. */

/* "the province", "the prefecture", "the State Council", or @recipient
 * itself (a unit's name). */
const char *dd_recipient_get_phrase (const char *recipient);
/* "20 minutes", "2 hours": whole hours when the span is a multiple of an
 * hour, else minutes (rounded down). */
char       *dd_format_duration      (gint64      span_ms);

G_END_DECLS
