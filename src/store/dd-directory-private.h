/* dd-directory-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-directory.h"

G_BEGIN_DECLS

/* Replaces a plan's structured sections (@sections: heading and body
 * alternating, %NULL-terminated); a "patch" of the plan. For the demo
 * and, later, the plan editor. */
gboolean dd_store_directory_set_plan_sections (DdStore             *self,
                                               const char          *plan_id,
                                               const char * const  *sections,
                                               GError             **error);

/* Computes the pinyin initials of the index rows that have none yet
 * (those written before migration 0009). Called when the store opens. */
gboolean dd_store_directory_index_initials    (DdStore             *self,
                                               GError             **error);

/* Fills the demo desk's directories (南明区 and its neighbours), some of
 * them stale at @now_ms. Used by dd_store_fill_demo(). */
gboolean dd_store_directory_fill_demo         (DdStore             *self,
                                               gint64               now_ms,
                                               GError             **error);

/* Sync (dd-store-sync-apply.c), inside its transaction: writes a pulled
 * entry of @kind ("contact" … "plan"), published by @publisher, from the
 * record's fields (JSON text) into its table, its plan sections and the
 * search index. */
gboolean dd_store_directory_apply_pulled      (DdStore             *self,
                                               const char          *kind,
                                               const char          *id,
                                               const char          *fields,
                                               const char          *publisher,
                                               gint64               ver,
                                               gint64               hlc,
                                               GError             **error);
/* The same for a pulled verification (append-only). */
gboolean dd_store_directory_apply_pulled_verification (DdStore     *self,
                                                       const char  *id,
                                                       const char  *fields,
                                                       const char  *publisher,
                                                       gint64       hlc,
                                                       GError     **error);

G_END_DECLS
