/* dd-directory-page.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-directory.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/* The Directory section (通讯录): one search across every kind with
 * filters, the results, the details of an entry with a copy button on
 * every phone number, "Mark verified", the verification round, and CSV
 * import (through a preview) and export. */
#define DD_TYPE_DIRECTORY_PAGE (dd_directory_page_get_type ())
G_DECLARE_FINAL_TYPE (DdDirectoryPage, dd_directory_page, DD, DIRECTORY_PAGE, AdwBin)

GtkWidget        *dd_directory_page_new                (void);
/* The results of the last completed search (a GListModel of
 * #DdDirectoryEntry). */
GListModel       *dd_directory_page_get_results        (DdDirectoryPage *self);
/* The entry shown in the details pane, or %NULL. */
DdDirectoryEntry *dd_directory_page_get_shown_entry    (DdDirectoryPage *self);
/* Whether no search, details or round query is waiting for its result. */
gboolean          dd_directory_page_get_idle           (DdDirectoryPage *self);
/* Shows the details of @entry, as activating its row does. */
void              dd_directory_page_show_entry         (DdDirectoryPage  *self,
                                                        DdDirectoryEntry *entry);
/* Copies @phone to the clipboard and says so in a toast. */
void              dd_directory_page_copy_phone         (DdDirectoryPage *self,
                                                        const char      *phone);
/* Opens the import preview of @file as @kind (what "Import…" does after
 * the file chooser). */
GtkWindow        *dd_directory_page_preview_import     (DdDirectoryPage *self,
                                                        DdDirectoryKind  kind,
                                                        GFile           *file);

/* Opens the editor of @entry (what "Edit…" does); with @verify, as a
 * correction that also records the verification (the round's
 * "Correct"). */
GtkWindow        *dd_directory_page_edit_entry         (DdDirectoryPage  *self,
                                                        DdDirectoryEntry *entry,
                                                        gboolean          verify);
/* Opens the editor of a new person of the unit whose own line is shown
 * (what "Add Person…" does). */
GtkWindow        *dd_directory_page_add_person         (DdDirectoryPage  *self);
/* Opens the change requests window (what "Change Requests" does). */
GtkWindow        *dd_directory_page_open_requests      (DdDirectoryPage  *self);

/* The people-facing, translated name of a directory CSV column
 * ("duty_phone" → "Duty phone"); @name itself if unknown. */
const char       *dd_directory_column_get_label        (const char      *name);

G_END_DECLS
