/* dd-store-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "dd-hlc.h"
#include "dd-incident-store.h"
#include "dd-store.h"

G_BEGIN_DECLS

/* PRAGMA application_id of every Duty Desk database: "DDSK". Migration
 * 0001 sets the same number. */
#define DD_STORE_APPLICATION_ID 0x4444534B

/**
 * DdStoreChange:
 * @action: the audit action, e.g. "staff.add"
 * @entity_kind: the record kind, e.g. "staff"
 * @entity_id: the record's id
 * @op: the outbox operation ("insert", "patch", "append", "delete"), or
 *   %NULL for a change that is journalled but not synchronized
 * @base_ver: the version a patch applies to, 0 for none
 * @payload: the record or its changed fields as JSON text
 * @detail: the audit detail as JSON text, %NULL to use @payload
 *
 * What a row function reports about the record it wrote. The strings are
 * owned by the change and freed by the write helper.
 */
typedef struct
{
  const char *action;
  const char *entity_kind;
  char       *entity_id;
  const char *op;
  gint64      base_ver;
  char       *payload;
  char       *detail;
  /* the record's owner, sent with its op, when the payload's
   * "owner_unit" is not (see migration 0012); %NULL otherwise */
  char       *owner_unit;
} DdStoreChange;

/* Writes one domain row inside the write transaction; @hlc is the stamp
 * of this change, @now_ms the wall time. Fills @change. */
typedef gboolean (*DdStoreRowFunc) (DdStore        *self,
                                    DdHlc           hlc,
                                    gint64          now_ms,
                                    gpointer        item,
                                    DdStoreChange  *change,
                                    GError        **error);

/* The one write path: BEGIN IMMEDIATE; for each of @items: tick the
 * clock, run @row_func, append the audit entry and (if change->op) the
 * outbox operation; save the clock; COMMIT. ROLLBACK on any error. */
gboolean      dd_store_write_many      (DdStore         *self,
                                        DdStoreRowFunc   row_func,
                                        gpointer        *items,
                                        guint            n_items,
                                        GError         **error);
gboolean      dd_store_write           (DdStore         *self,
                                        DdStoreRowFunc   row_func,
                                        gpointer         item,
                                        GError         **error);

/* Rows of different kinds written in one transaction, in order; a row
 * without a function is skipped. */
typedef struct
{
  DdStoreRowFunc  func;
  gpointer        item;
} DdStoreRow;

gboolean      dd_store_write_rows      (DdStore           *self,
                                        const DdStoreRow  *rows,
                                        guint              n_rows,
                                        GError           **error);

/* Lower-level pieces for bulk writers (the demo): inside
 * dd_store_begin()/dd_store_commit() append journal entries directly. */
gboolean      dd_store_begin           (DdStore         *self,
                                        GError         **error);
gboolean      dd_store_begin_repeatable (DdStore        *self,
                                        GError         **error);
gboolean      dd_store_commit          (DdStore         *self,
                                        GError         **error);
void          dd_store_rollback        (DdStore         *self);
gboolean      dd_store_append_audit    (DdStore         *self,
                                        gint64           at_ms,
                                        const char      *action,
                                        const char      *entity_kind,
                                        const char      *entity_id,
                                        const char      *detail,
                                        GError         **error);

/* Inside dd_store_begin()/dd_store_commit(): merges a stamp received from
 * the server into the clock saved at commit. */
void          dd_store_receive_hlc     (DdStore         *self,
                                        DdHlc            remote);
/* Derives incident @id again from its stored events (pulled ones too)
 * and writes what its row shows. @write_sql %NULL updates the row; else
 * it is run instead with the row's values: ?1 id, ?2 subtype, ?3
 * occurred_at, ?4 location, ?5 division, ?6 description, ?7 grade, ?8
 * computed_grade, ?9 manual_required, ?10 status, ?11 closed_at, ?12
 * next_due_at, ?13 the time now (updated_at), ?14 @hlc. */
gboolean      dd_store_refresh_incident (DdStore        *self,
                                        DdIncidentRules *rules,
                                        const char      *id,
                                        DdHlc            hlc,
                                        const char      *write_sql,
                                        GError         **error);

/* The search text of an incident event stored as @body (a printed
 * DdIncidentEvent), as the store indexes it. */
char         *dd_store_incident_event_text (const char   *body,
                                        GError         **error);

/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt *dd_store_prepare         (DdStore         *self,
                                        const char      *sql,
                                        GError         **error);
sqlite3      *dd_store_get_handle      (DdStore         *self);
void          dd_store_set_error       (DdStore         *self,
                                        GError         **error,
                                        int              rc,
                                        const char      *what);
/* Binds @text (%NULL: SQL NULL), copied. */
void          dd_store_bind_text       (sqlite3_stmt    *stmt,
                                        int              index,
                                        const char      *text);
/* A text column as a new string ("" for NULL). */
char         *dd_store_column_dup      (sqlite3_stmt    *stmt,
                                        int              column);
/* One text value of @sql (?1 bound to @bind unless %NULL);
 * DD_STORE_ERROR_NOT_FOUND when there is no row. */
char         *dd_store_query_text      (DdStore         *self,
                                        const char      *sql,
                                        const char      *bind,
                                        GError         **error);
/* Runs a statement that returns no rows (or ignores them). */
gboolean      dd_store_step_done       (DdStore         *self,
                                        sqlite3_stmt    *stmt,
                                        GError         **error);
/* Makes one value of the current row of a statement. */
typedef gpointer (*DdStoreRowMaker) (sqlite3_stmt *stmt);
/* Steps @stmt (bound) to the end and resets it, collecting what
 * @row_func makes of each row. */
GPtrArray    *dd_store_collect_rows    (DdStore         *self,
                                        sqlite3_stmt    *stmt,
                                        DdStoreRowMaker  row_func,
                                        GDestroyNotify   free_func,
                                        GError         **error);
/* TRUE if @str is valid UTF-8, else sets DD_STORE_ERROR_INVALID. */
gboolean      dd_store_check_text      (const char      *field,
                                        const char      *str,
                                        GError         **error);

/* A JSON array of the codes of @code's division and every division below
 * it (from the shipped division table), for `IN (SELECT value FROM
 * json_each (?))`. */
char         *dd_store_division_subtree_json (const char *code);

/* dd_store_search_filtered() reads the documents a filter leaves first,
 * through the filter's indexes and before any text index, when they are
 * fewer than this (by default DD_STORE_SEARCH_FILTER_FIRST; tests set a
 * smaller number to try both ways on fewer documents). */
#define DD_STORE_SEARCH_FILTER_FIRST 10000
guint         dd_store_get_search_filter_first (DdStore *self);
void          dd_store_set_search_filter_first (DdStore *self,
                                                guint    n_documents);

/* dd_store_init_desk(), and marks the desk as a demo desk if @is_demo. */
DdDesk       *dd_store_init_desk_full  (DdStore         *self,
                                        const char      *unit_code,
                                        const char      *unit_name,
                                        DdRegime         regime,
                                        gboolean         force,
                                        gboolean         is_demo,
                                        GError         **error);

G_END_DECLS
