/* dd-directory-import-window.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-directory.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The preview of a directory CSV import: every parsed row in a table and
 * every problem with its line number. "Import" commits all the rows or
 * nothing; it stays off, saying why, while the file has problems.
 * Emits ::imported (n_new, n_changed) after a commit, then closes. */
#define DD_TYPE_DIRECTORY_IMPORT_WINDOW (dd_directory_import_window_get_type ())
G_DECLARE_FINAL_TYPE (DdDirectoryImportWindow, dd_directory_import_window, DD, DIRECTORY_IMPORT_WINDOW, AdwWindow)

/* Starts reading and previewing @file at once. */
DdDirectoryImportWindow *dd_directory_import_window_new            (DdStoreService          *service,
                                                                    DdDirectoryKind          kind,
                                                                    GFile                   *file);
DdDirectoryKind          dd_directory_import_window_get_kind       (DdDirectoryImportWindow *self);
/* Whether the preview has arrived (or failed). */
gboolean                 dd_directory_import_window_get_loaded     (DdDirectoryImportWindow *self);
/* Whether the preview can be committed: loaded, rows, and no problems. */
gboolean                 dd_directory_import_window_get_can_import (DdDirectoryImportWindow *self);
/* The preview, or %NULL until it has arrived. */
DdDirectoryImport       *dd_directory_import_window_get_import     (DdDirectoryImportWindow *self);

G_END_DECLS
