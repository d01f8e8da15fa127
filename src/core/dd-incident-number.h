/* dd-incident-number.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An incident number, unique per desk and assigned offline:
 * UNITCODE-YYYYMMDD-NNNN, e.g. "520102-yjj-20260215-0007": the desk's unit
 * code, the Beijing date the incident was received, and the desk's
 * sequence number of that day (1 to 9999; the store assigns it). */

#define DD_INCIDENT_NUMBER_MAX 9999

/* %NULL if @unit_code is empty or has characters other than a-z, 0-9 and
 * '-', or @sequence is 0 or above DD_INCIDENT_NUMBER_MAX. */
char     *dd_incident_number_format         (const char  *unit_code,
                                             const GDate *date,
                                             guint        sequence);
/* The same with the Beijing date of @received_at_ms. */
char     *dd_incident_number_format_for_ms  (const char  *unit_code,
                                             gint64       received_at_ms,
                                             guint        sequence);
/* Splits a number; each output may be %NULL. Errors (%DD_CORE_ERROR_PARSE)
 * say what is wrong. */
gboolean  dd_incident_number_parse          (const char  *number,
                                             char       **unit_code,
                                             GDate       *date,
                                             guint       *sequence,
                                             GError     **error);

G_END_DECLS
