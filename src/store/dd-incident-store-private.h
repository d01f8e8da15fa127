/* dd-incident-store-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-incident-store.h"

G_BEGIN_DECLS

/* For bulk writers (the demo): records @n_calls non-incident calls in one
 * transaction through the write helper, each with its audit entry and
 * outbox operation, as dd_store_log_call() would one by one. The input is
 * checked as dd_store_log_call() checks it; nothing is written on error. */
gboolean dd_store_log_non_incident_calls (DdStore            *self,
                                          const DdCallInput  *calls,
                                          guint               n_calls,
                                          GError            **error);

G_END_DECLS
