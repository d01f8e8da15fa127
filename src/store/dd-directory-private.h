/* dd-directory-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-directory.h"
#include "dd-store-private.h"

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

/* The unit that publishes entry @id of @kind (%DD_STORE_ERROR_NOT_FOUND
 * if there is none), and a unit's name for people ("贵州省"). */
char     *dd_store_directory_get_publisher    (DdStore             *self,
                                               DdDirectoryKind      kind,
                                               const char          *id,
                                               GError             **error);
char     *dd_store_directory_unit_name        (const char          *unit_code);

/* dd_store_directory_edit() with more: without @write only checks the
 * cells (nothing written; @old_values and @new_values, if given, receive
 * the entry's cells and the normalised new ones); with @extra_func one
 * more row written in the same transaction, after the entry's (the
 * answer to a change request). Refuses an entry another unit publishes
 * only when it writes. */
DdDirectoryEdit *dd_store_directory_edit_full (DdStore             *self,
                                               DdDirectoryKind      kind,
                                               const char          *id,
                                               const char * const  *values,
                                               gboolean             verify,
                                               const char          *by,
                                               const char          *note,
                                               gboolean             write,
                                               char              ***old_values,
                                               char              ***new_values,
                                               DdStoreRowFunc       extra_func,
                                               gpointer             extra,
                                               GError             **error);
/* dd_store_directory_remove() with one more row in its transaction. */
gboolean  dd_store_directory_remove_full      (DdStore             *self,
                                               DdDirectoryKind      kind,
                                               const char          *id,
                                               DdStoreRowFunc       extra_func,
                                               gpointer             extra,
                                               GError             **error);
/* A #DdStoreRowFunc writing @verification (a #DdDirectoryVerification)
 * as dd_store_directory_verify() does. */
gboolean  dd_store_directory_write_verification (DdStore           *self,
                                                 DdHlc              hlc,
                                                 gint64             now,
                                                 gpointer           verification,
                                                 DdStoreChange     *change,
                                                 GError           **error);
/* "post: 副局长 → 局长; mobile: 139… → 138…" */
char     *dd_store_directory_describe_changes (DdDirectoryKind     kind,
                                               const char * const *old_values,
                                               const char * const *new_values);

/* Sync: a pulled change request or answer (append-only), kept if this
 * desk's unit sent it or must answer it. */
gboolean  dd_store_directory_apply_pulled_request (DdStore         *self,
                                                   const char      *id,
                                                   const char      *fields,
                                                   const char      *owner,
                                                   gint64           hlc,
                                                   GError         **error);
gboolean  dd_store_directory_apply_pulled_answer  (DdStore         *self,
                                                   const char      *id,
                                                   const char      *fields,
                                                   const char      *owner,
                                                   gint64           hlc,
                                                   GError         **error);

G_END_DECLS
