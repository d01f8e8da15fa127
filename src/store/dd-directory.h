/* dd-directory.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-directory-csv.h"
#include "dd-directory-kind.h"
#include "dd-store.h"
#include "dd-store-service.h"

G_BEGIN_DECLS

/**
 * DdDirectoryEntry:
 *
 * One directory entry as a list shows it: an immutable GObject, suitable
 * for a GListModel. Read-only properties:
 * - "kind" (#DdDirectoryKind), "id" (UUIDv7 text);
 * - "name": the person, team, expert, warehouse, item or plan title (for a
 *   unit's own line, the unit's name);
 * - "subtitle": one line for people, e.g. "副局长 · 南明区应急管理局",
 *   "专业 · 危化品 · 520102", "仓库：南明区应急物资储备库";
 * - "division" (code, "" if none) and "division-name" ("南明区");
 * - "phones" (GStrv, never %NULL: duty phone, office, mobile, fax… in
 *   that order, without blanks);
 * - "verified-at-ms" (gint64 Unix ms of the latest verification, 0 if
 *   never) and "verified-by" ("" if never);
 * - "stale" (gboolean, at the time of the query);
 * - "distance" (int): for suggestions, the division distance of
 *   dd_directory_division_distance(); -1 elsewhere;
 * - "subtype-match" (gboolean): for suggestions, whether the entry
 *   matches the sub-type (rather than only being nearby).
 */
#define DD_TYPE_DIRECTORY_ENTRY (dd_directory_entry_get_type ())
G_DECLARE_FINAL_TYPE (DdDirectoryEntry, dd_directory_entry, DD, DIRECTORY_ENTRY, GObject)

DdDirectoryKind     dd_directory_entry_get_kind           (DdDirectoryEntry *self);
const char         *dd_directory_entry_get_id             (DdDirectoryEntry *self);
const char         *dd_directory_entry_get_name           (DdDirectoryEntry *self);
const char         *dd_directory_entry_get_subtitle       (DdDirectoryEntry *self);
const char         *dd_directory_entry_get_division       (DdDirectoryEntry *self);
const char         *dd_directory_entry_get_division_name  (DdDirectoryEntry *self);
const char * const *dd_directory_entry_get_phones         (DdDirectoryEntry *self);
gint64              dd_directory_entry_get_verified_at_ms (DdDirectoryEntry *self);
const char         *dd_directory_entry_get_verified_by    (DdDirectoryEntry *self);
gboolean            dd_directory_entry_get_stale          (DdDirectoryEntry *self);
int                 dd_directory_entry_get_distance       (DdDirectoryEntry *self);
gboolean            dd_directory_entry_get_subtype_match  (DdDirectoryEntry *self);

/**
 * DdDirectoryQuery:
 * @text: what to look for (trimmed; "" or %NULL lists everything): any
 *   substring of a name, unit, post, field, phone, address, equipment,
 *   item or plan title; 3 characters or more use the FTS5 trigram index,
 *   1–2 characters a plain substring scan
 * @kinds: a bit per #DdDirectoryKind to include (1 << kind); 0 for all
 * @division: a division code: only entries in it or below it; %NULL for all
 * @field: only teams and experts whose field contains this; %NULL for all
 * @team_class: only teams of this class ("professional"); %NULL for all
 * @stale_only: only stale entries
 * @limit: at most this many results (0 for 200)
 * @at_ms: the time "stale" is computed for (Unix ms), 0 for now
 *
 * A search of the directories. Results are ordered by kind, then name.
 */
typedef struct
{
  const char *text;
  guint       kinds;
  const char *division;
  const char *field;
  const char *team_class;
  gboolean    stale_only;
  guint       limit;
  gint64      at_ms;
} DdDirectoryQuery;

/**
 * DdDirectoryVerification:
 * @kind: the entry's kind
 * @entry_id: the entry's id
 * @verified_at_ms: when it was confirmed (Unix ms)
 * @verified_by: who confirmed it
 * @note: what was done ("called, confirmed"), may be ""
 *
 * One recorded verification (append-only).
 */
typedef struct
{
  DdDirectoryKind  kind;
  char            *entry_id;
  gint64           verified_at_ms;
  char            *verified_by;
  char            *note;
} DdDirectoryVerification;

void dd_directory_verification_free (DdDirectoryVerification *verification);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectoryVerification, dd_directory_verification_free)

/**
 * DdDirectoryDetails:
 * @entry: the entry, as a search would list it
 * @row: its cells, one per CSV column of the kind, in the order of
 *   dd_directory_kind_get_columns() (same values as an export)
 * @children: (element-type DdDirectoryEntry): the people of a unit's
 *   own line, or the stock of a warehouse; empty otherwise
 * @sections: (element-type utf8): for plans, heading and body
 *   alternating (organisation, grading and response levels, response
 *   steps, contacts…); empty otherwise
 * @verifications: (element-type DdDirectoryVerification): every
 *   verification of the entry, newest first
 * @publisher: the unit that publishes the entry (its desks write it)
 * @publisher_name: its name ("贵州省")
 * @own: whether this desk's unit is the publisher; other desks send the
 *   publisher a change request (dd_store_directory_request_change())
 *
 * Everything about one entry, for its detail pane.
 */
typedef struct
{
  DdDirectoryEntry *entry;
  DdDirectoryRow   *row;
  GPtrArray        *children;
  GPtrArray        *sections;
  GPtrArray        *verifications;
  char             *publisher;
  char             *publisher_name;
  gboolean          own;
} DdDirectoryDetails;

void dd_directory_details_free (DdDirectoryDetails *details);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectoryDetails, dd_directory_details_free)

/**
 * DdDirectoryImport:
 * @sheet: the parsed file: its valid rows and every problem, by line
 *   (including rows the database refuses, e.g. stock of an unknown
 *   warehouse)
 * @n_new: rows that would add an entry
 * @n_changed: rows that would change an existing entry (same key)
 * @n_unchanged: rows identical to an existing entry
 *
 * An import preview, and after dd_store_directory_commit_import() what
 * was written. An entry's key: contacts (unit, division, name); teams,
 * experts and warehouses (name, division); stock (warehouse, item);
 * plans (title, owner_unit).
 */
typedef struct
{
  DdDirectorySheet *sheet;
  guint             n_new;
  guint             n_changed;
  guint             n_unchanged;
} DdDirectoryImport;

void dd_directory_import_free (DdDirectoryImport *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectoryImport, dd_directory_import_free)

/**
 * DdDirectoryEdit:
 * @problems: (element-type DdDirectoryProblem): what is wrong, by column
 *   (line 0), as an import checks it; nothing was written unless empty
 * @id: the entry's id (a new one for an added entry); %NULL on problems
 * @changed: (element-type utf8): the English names of the columns that
 *   changed (every column of an added entry)
 * @verification: the verification recorded with the edit, or %NULL
 * @request: for dd_store_directory_request_change(), the change request
 *   written (see dd-directory-request.h); %NULL otherwise
 *
 * What dd_store_directory_edit() did.
 */
typedef struct _DdDirectoryRequest DdDirectoryRequest;

typedef struct
{
  GPtrArray               *problems;
  char                    *id;
  GPtrArray               *changed;
  DdDirectoryVerification *verification;
  DdDirectoryRequest      *request;
} DdDirectoryEdit;

void dd_directory_edit_free (DdDirectoryEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectoryEdit, dd_directory_edit_free)

/**
 * DdDirectorySuggestions:
 * @teams: (element-type DdDirectoryEntry): best first
 * @experts: (element-type DdDirectoryEntry): best first
 * @warehouses: (element-type DdDirectoryEntry): best first
 * @plans: (element-type DdDirectoryEntry): best first
 *
 * What to call for an incident of a sub-type in a division: entries
 * matching the sub-type (plans covering it, teams and experts whose field
 * matches, warehouses holding matching stock; comprehensive teams always
 * qualify), nearest first: the same division, then its parent, then
 * further up, then neighbours; then by name.
 */
typedef struct
{
  GListModel *teams;
  GListModel *experts;
  GListModel *warehouses;
  GListModel *plans;
} DdDirectorySuggestions;

void dd_directory_suggestions_free (DdDirectorySuggestions *suggestions);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectorySuggestions, dd_directory_suggestions_free)

/**
 * DdWhereabouts:
 *
 * A leader's whereabouts over a span of days, an immutable GObject.
 * Read-only properties: "id" ("" for a leader with no record, who is
 * taken to be in office), "person", "post", "unit" (unit code), "from"
 * and "to" (YYYY-MM-DD, both included), "status"
 * (#DdWhereaboutsStatus), "place", "stand-in" (who stands in, "" if
 * nobody), "stand-in-phone", "note".
 */
#define DD_TYPE_WHEREABOUTS (dd_whereabouts_get_type ())
G_DECLARE_FINAL_TYPE (DdWhereabouts, dd_whereabouts, DD, WHEREABOUTS, GObject)

/* A new record (no id) to pass to dd_store_directory_add_whereabouts(). */
DdWhereabouts      *dd_whereabouts_new                 (const char          *person,
                                                        const char          *post,
                                                        const char          *unit,
                                                        const char          *from,
                                                        const char          *to,
                                                        DdWhereaboutsStatus  status,
                                                        const char          *place,
                                                        const char          *stand_in,
                                                        const char          *stand_in_phone,
                                                        const char          *note);
const char         *dd_whereabouts_get_id              (DdWhereabouts *self);
const char         *dd_whereabouts_get_person          (DdWhereabouts *self);
const char         *dd_whereabouts_get_post            (DdWhereabouts *self);
const char         *dd_whereabouts_get_unit            (DdWhereabouts *self);
const char         *dd_whereabouts_get_from            (DdWhereabouts *self);
const char         *dd_whereabouts_get_to              (DdWhereabouts *self);
DdWhereaboutsStatus dd_whereabouts_get_status          (DdWhereabouts *self);
const char         *dd_whereabouts_get_place           (DdWhereabouts *self);
const char         *dd_whereabouts_get_stand_in        (DdWhereabouts *self);
const char         *dd_whereabouts_get_stand_in_phone  (DdWhereabouts *self);
const char         *dd_whereabouts_get_note            (DdWhereabouts *self);

/* ---- synchronous API (DdStore owner thread; dutyctl, tests) ---- */

/* Entries matching @query; a GListModel of #DdDirectoryEntry. */
GListModel             *dd_store_directory_search          (DdStore                *self,
                                                            const DdDirectoryQuery *query,
                                                            GError                **error);
/* %DD_STORE_ERROR_NOT_FOUND if there is no such entry. @at_ms as in the query. */
DdDirectoryDetails     *dd_store_directory_get_details     (DdStore                *self,
                                                            DdDirectoryKind         kind,
                                                            const char             *id,
                                                            gint64                  at_ms,
                                                            GError                **error);
/* Records that @id was confirmed at @at_ms (0 for now) by @by (%NULL for
 * the store's actor): an append-only row, its audit entry
 * "directory.verify" and an outbox "append" of record kind
 * "verification", in one transaction. */
DdDirectoryVerification *dd_store_directory_verify         (DdStore                *self,
                                                            DdDirectoryKind         kind,
                                                            const char             *id,
                                                            gint64                  at_ms,
                                                            const char             *by,
                                                            const char             *note,
                                                            GError                **error);

/* Parses and validates @bytes as a CSV file of @kind and compares it with
 * the database; writes nothing. Fails only if the file cannot be read
 * as text. */
DdDirectoryImport      *dd_store_directory_preview_import  (DdStore                *self,
                                                            DdDirectoryKind         kind,
                                                            GBytes                 *bytes,
                                                            GError                **error);
/* Writes a preview's rows in one transaction (each new or changed entry
 * with its audit entry and outbox "insert" or "patch"), or nothing:
 * refused with %DD_STORE_ERROR_INVALID if the sheet has problems (the
 * message names the first). The database is compared again, so @import's
 * counts are updated to what was written. Importing is not verifying. */
gboolean                dd_store_directory_commit_import   (DdStore                *self,
                                                            DdDirectoryImport      *import,
                                                            GError                **error);
/* preview + commit; on problems returns the preview with
 * %DD_STORE_ERROR_INVALID in @error and writes nothing. */
DdDirectoryImport      *dd_store_directory_import          (DdStore                *self,
                                                            DdDirectoryKind         kind,
                                                            GBytes                 *bytes,
                                                            GError                **error);
/* Every entry of @kind as a CSV file in the import columns (UTF-8 with
 * BOM), ordered by key, so that it imports again unchanged. */
GBytes                 *dd_store_directory_export          (DdStore                *self,
                                                            DdDirectoryKind         kind,
                                                            GError                **error);
/* Saves entry @id of @kind with @values (one per CSV column, in the
 * order of dd_directory_kind_get_columns()), or adds a new entry if @id
 * is %NULL. The cells are checked and normalised as an import does, and
 * no other entry may have the same key; on any problem nothing is
 * written and the edit comes back with its problems and
 * %DD_STORE_ERROR_INVALID in @error. Renaming or moving a unit's own line
 * takes its people along, renaming a warehouse its stock. Each changed
 * entry is written with its audit entry ("directory.edit" or
 * "directory.add") and outbox operation; with @verify (only for an
 * existing entry) a verification by @by (%NULL for the store's actor)
 * noting what changed and @note is recorded in the same transaction. */
DdDirectoryEdit        *dd_store_directory_edit            (DdStore                *self,
                                                            DdDirectoryKind         kind,
                                                            const char             *id,
                                                            const char * const     *values,
                                                            gboolean                verify,
                                                            const char             *by,
                                                            const char             *note,
                                                            GError                **error);
/* Removes entry @id (audit "directory.remove", outbox "delete"); its
 * verifications stay. Refused with %DD_STORE_ERROR_INVALID for a unit's
 * own line that still has people and a warehouse that still holds
 * stock. */
gboolean                dd_store_directory_remove          (DdStore                *self,
                                                            DdDirectoryKind         kind,
                                                            const char             *id,
                                                            GError                **error);
/* Stale entries at @at_ms (0 for now) of every kind but stock, oldest
 * verification first (never verified first of all). */
GListModel             *dd_store_directory_list_stale      (DdStore                *self,
                                                            gint64                  at_ms,
                                                            GError                **error);
/* The configured age after which an entry is stale, in days (the
 * shipped default until set). */
guint                   dd_store_directory_get_stale_days  (DdStore                *self,
                                                            GError                **error);
/* Journalled as "directory.stale-days" (local setting, not synchronized). */
gboolean                dd_store_directory_set_stale_days  (DdStore                *self,
                                                            guint                   days,
                                                            GError                **error);
/* Suggestions for an incident of sub-type @subtype (a taxonomy id) in
 * @division; at most @limit (0 for 10) per kind. */
DdDirectorySuggestions *dd_store_directory_suggest         (DdStore                *self,
                                                            const char             *subtype,
                                                            const char             *division,
                                                            guint                   limit,
                                                            GError                **error);
/* Saves a new record (audit "whereabouts.add", outbox "insert" of kind
 * "whereabouts"); returns it with its id. */
DdWhereabouts          *dd_store_directory_add_whereabouts (DdStore                *self,
                                                            DdWhereabouts          *whereabouts,
                                                            GError                **error);
/* The leaders' whereabouts on @date (YYYY-MM-DD): every record covering
 * the day (the latest record wins for a person), then every leader on the
 * staff list with no record (in office); ordered by person. A GListModel
 * of #DdWhereabouts. */
GListModel             *dd_store_directory_list_whereabouts (DdStore               *self,
                                                            const char             *date,
                                                            GError                **error);

/* ---- asynchronous API (the window, through DdStoreService) ---- */

/* The query is copied. */
void                    dd_store_service_directory_search_async         (DdStoreService         *service,
                                                                         const DdDirectoryQuery *query,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
GListModel             *dd_store_service_directory_search_finish        (DdStoreService         *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

void                    dd_store_service_directory_get_details_async    (DdStoreService         *service,
                                                                         DdDirectoryKind         kind,
                                                                         const char             *id,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
DdDirectoryDetails     *dd_store_service_directory_get_details_finish   (DdStoreService         *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

/* @by %NULL for the service's actor; @at_ms 0 for now. */
void                    dd_store_service_directory_verify_async         (DdStoreService         *service,
                                                                         DdDirectoryKind         kind,
                                                                         const char             *id,
                                                                         gint64                  at_ms,
                                                                         const char             *by,
                                                                         const char             *note,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
DdDirectoryVerification *dd_store_service_directory_verify_finish       (DdStoreService         *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

/* dd_store_directory_edit(); @values is copied. On problems the task
 * returns the edit, with its problems, and no error: check
 * edit->problems. */
void                    dd_store_service_directory_edit_async           (DdStoreService         *service,
                                                                         DdDirectoryKind         kind,
                                                                         const char             *id,
                                                                         const char * const     *values,
                                                                         gboolean                verify,
                                                                         const char             *by,
                                                                         const char             *note,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
DdDirectoryEdit        *dd_store_service_directory_edit_finish          (DdStoreService         *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

void                    dd_store_service_directory_remove_async         (DdStoreService         *service,
                                                                         DdDirectoryKind         kind,
                                                                         const char             *id,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
gboolean                dd_store_service_directory_remove_finish        (DdStoreService         *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

/* Reads @file and previews it (writes nothing). */
void                    dd_store_service_directory_preview_import_async (DdStoreService         *service,
                                                                         DdDirectoryKind         kind,
                                                                         GFile                  *file,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
DdDirectoryImport      *dd_store_service_directory_preview_import_finish (DdStoreService        *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

/* Commits a preview; @import is kept alive until done and its counts are
 * updated. Returns TRUE on success. */
void                    dd_store_service_directory_commit_import_async  (DdStoreService         *service,
                                                                         DdDirectoryImport      *import,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
gboolean                dd_store_service_directory_commit_import_finish (DdStoreService         *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

/* Writes the export of @kind to @file (replacing it). */
void                    dd_store_service_directory_export_async         (DdStoreService         *service,
                                                                         DdDirectoryKind         kind,
                                                                         GFile                  *file,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
gboolean                dd_store_service_directory_export_finish        (DdStoreService         *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

void                    dd_store_service_directory_list_stale_async     (DdStoreService         *service,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
GListModel             *dd_store_service_directory_list_stale_finish    (DdStoreService         *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

void                    dd_store_service_directory_suggest_async        (DdStoreService         *service,
                                                                         const char             *subtype,
                                                                         const char             *division,
                                                                         guint                   limit,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
DdDirectorySuggestions *dd_store_service_directory_suggest_finish       (DdStoreService         *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

void                    dd_store_service_directory_add_whereabouts_async (DdStoreService        *service,
                                                                         DdWhereabouts          *whereabouts,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
DdWhereabouts          *dd_store_service_directory_add_whereabouts_finish (DdStoreService       *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

/* @date YYYY-MM-DD, %NULL for today (Beijing time). */
void                    dd_store_service_directory_list_whereabouts_async (DdStoreService       *service,
                                                                         const char             *date,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
GListModel             *dd_store_service_directory_list_whereabouts_finish (DdStoreService      *service,
                                                                         GAsyncResult           *result,
                                                                         GError                **error);

G_END_DECLS
