/* dd-directory-editor.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-directory.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The editor of one directory entry: a field per CSV column of its kind,
 * checked as an import checks them when saved (the problems shown under
 * their fields, nothing saved). Ctrl+Enter saves, Escape cancels. As a
 * correction (from the verification round) saving also records the
 * verification, noting what changed. Emits ::saved (the entry's id) after
 * a save, then closes. An entry another unit publishes is not saved but
 * asked for: a change request to that unit, with a note, and ::requested
 * (the unit's name). */
#define DD_TYPE_DIRECTORY_EDITOR (dd_directory_editor_get_type ())
G_DECLARE_FINAL_TYPE (DdDirectoryEditor, dd_directory_editor, DD, DIRECTORY_EDITOR, AdwWindow)

/* Edits entry @id of @kind (its cells are loaded at once), or with @id
 * %NULL adds one, starting from @values (one per column; %NULL for
 * empty). @verify: a correction, recorded as verified by @verifier. */
DdDirectoryEditor *dd_directory_editor_new       (DdStoreService     *service,
                                                  DdDirectoryKind     kind,
                                                  const char         *id,
                                                  const char * const *values,
                                                  gboolean            verify,
                                                  const char         *verifier);
/* Whether the cells are there to edit and no save is waiting. */
gboolean           dd_directory_editor_get_ready (DdDirectoryEditor  *self);
/* The field of CSV column @column (an AdwEntryRow, or a GtkTextView for
 * a plan's sections), for tests. */
GtkWidget         *dd_directory_editor_get_field (DdDirectoryEditor  *self,
                                                  const char         *column);
/* What Save and Ctrl+Enter do. */
void               dd_directory_editor_save      (DdDirectoryEditor  *self);

G_END_DECLS
