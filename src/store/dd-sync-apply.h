/* dd-sync-apply.h: the per-kind handlers that write pulled records
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-store-private.h"

G_BEGIN_DECLS

/* Which pulled records of a kind go into the desk's own table; the others
 * stay in sync_records only. */
typedef enum
{
  DD_SYNC_SCOPE_OWN,            /* the desk's own unit (its other desks) */
  DD_SYNC_SCOPE_OWN_ANCESTORS,  /* and what its ancestors publish downward */
  DD_SYNC_SCOPE_ANY,            /* everything in the desk's scope */
} DdSyncScope;

/* One record as the server has it. */
typedef struct
{
  const char      *record_id;
  const char      *owner_unit;
  const char      *fields;      /* JSON text: the whole record */
  gint64           ver;
  DdHlc            hlc;
  gboolean         deleted;
  DdIncidentRules *rules;       /* to derive incidents; may be %NULL */
  GHashTable      *derive;      /* incident id → DdHlc: events and
                                 * incidents gathered for the page's end
                                 * (dd_sync_finish_page()); %NULL: at once */
} DdSyncRecord;

typedef struct _DdSyncKind DdSyncKind;

typedef gboolean (*DdSyncApplyFunc) (DdStore             *self,
                                     const DdSyncKind    *kind,
                                     const DdSyncRecord  *record,
                                     GError             **error);

/**
 * DdSyncKind:
 * @kind: the record kind, as on the wire
 * @scope: which records of the kind the desk keeps in its table
 * @upsert_sql: writes the whole record: ?1 id, ?2 fields (JSON), ?3 owner
 *   unit, ?4 version, ?5 HLC, ?6 wall time in ms
 * @delete_sql: removes it (same parameters), %NULL if deletions of the
 *   kind are not applied
 * @apply: instead of @upsert_sql, for kinds that need C
 * @after: after @upsert_sql (deriving, indexing)
 */
struct _DdSyncKind
{
  const char      *kind;
  DdSyncScope      scope;
  const char      *upsert_sql;
  const char      *delete_sql;
  DdSyncApplyFunc  apply;
  DdSyncApplyFunc  after;
};

/* %NULL for a kind the desk has no table for. */
const DdSyncKind *dd_sync_kind_lookup   (const char          *kind);
gboolean          dd_sync_kind_in_scope (const DdSyncKind    *kind,
                                         const char          *own_unit,
                                         const char          *owner_unit);
/* Inside a transaction, in a savepoint of its own: writes @record. A
 * record its table refuses (a constraint) is undone alone and described
 * in @problem (else %NULL); other errors fail. */
gboolean          dd_sync_kind_apply    (DdStore             *self,
                                         const DdSyncKind    *kind,
                                         const DdSyncRecord  *record,
                                         char               **problem,
                                         GError             **error);

/* A page that gathers its events and the incidents to derive (see
 * DdSyncRecord) begins with dd_sync_begin_page() and ends, after its
 * records, with dd_sync_finish_page(): the gathered events go in, and
 * each incident of @derive is derived once from its events, their rows
 * written in one statement, with the arrivals the page made. An event the
 * table refuses, or an incident whose events cannot be derived, fails it
 * with DD_STORE_ERROR_INVALID or _NOT_FOUND: the page is then applied
 * again without gathering, which refuses the record at fault alone. */
gboolean dd_sync_begin_page  (DdStore          *self,
                              GError          **error);
gboolean dd_sync_finish_page (DdStore          *self,
                              DdIncidentRules  *rules,
                              GHashTable       *derive,
                              GError          **error);

/* Creates the connection's temporary table sync_arrivals if needed (see
 * dd_store_sync_take_arrivals()). */
gboolean dd_sync_ensure_arrivals (DdStore  *self,
                                  GError  **error);

G_END_DECLS
