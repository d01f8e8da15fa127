/* dd-uuid.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A UUIDv7 (RFC 9562) for @unix_ms, lower-case canonical text. Ids made
 * by one process in the same millisecond still sort in creation order. */
char     *dd_uuid7_new              (gint64      unix_ms);
gboolean  dd_uuid_is_valid          (const char *str);
gint64    dd_uuid7_get_unix_ms      (const char *uuid7);

G_END_DECLS
