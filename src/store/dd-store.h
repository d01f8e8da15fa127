/* dd-store.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-desk.h"
#include "dd-staff.h"

G_BEGIN_DECLS

#define DD_STORE_ERROR (dd_store_error_quark ())

/**
 * DdStoreError:
 * @DD_STORE_ERROR_FAILED: SQLite reported an error; the message has it
 * @DD_STORE_ERROR_TOO_NEW: the file was written by a newer Duty Desk
 * @DD_STORE_ERROR_NOT_INITIALISED: the desk has no identity yet
 * @DD_STORE_ERROR_ALREADY_INITIALISED: the desk has an identity already
 * @DD_STORE_ERROR_INVALID: invalid input; nothing was written
 * @DD_STORE_ERROR_NOT_FOUND: no record with that id
 * @DD_STORE_ERROR_CORRUPT: an integrity check failed
 * @DD_STORE_ERROR_NOT_A_DATABASE: the file is not a Duty Desk database
 */
typedef enum
{
  DD_STORE_ERROR_FAILED,
  DD_STORE_ERROR_TOO_NEW,
  DD_STORE_ERROR_NOT_INITIALISED,
  DD_STORE_ERROR_ALREADY_INITIALISED,
  DD_STORE_ERROR_INVALID,
  DD_STORE_ERROR_NOT_FOUND,
  DD_STORE_ERROR_CORRUPT,
  DD_STORE_ERROR_NOT_A_DATABASE,
} DdStoreError;

GQuark dd_store_error_quark (void);

/**
 * DdAuditReport:
 * @ok: %TRUE if the chain is intact
 * @n_entries: entries checked
 * @bad_seq: the first entry found edited, missing or out of place (0 if @ok)
 * @problem: what is wrong with it, for people (%NULL if @ok)
 */
typedef struct
{
  gboolean  ok;
  gint64    n_entries;
  gint64    bad_seq;
  char     *problem;
} DdAuditReport;

void dd_audit_report_free (DdAuditReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdAuditReport, dd_audit_report_free)

/* One entry of the audit journal, for lists. Read-only properties "seq",
 * "at-ms" (gint64), "actor", "action", "entity-kind", "entity-id" and
 * "detail" (JSON text); an entry made with g_object_new() and no
 * properties is DdPagedModel's placeholder (seq 0, empty strings). */
#define DD_TYPE_AUDIT_ENTRY (dd_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (DdAuditEntry, dd_audit_entry, DD, AUDIT_ENTRY, GObject)

gint64      dd_audit_entry_get_seq         (DdAuditEntry *self);
gint64      dd_audit_entry_get_at_ms       (DdAuditEntry *self);
const char *dd_audit_entry_get_actor       (DdAuditEntry *self);
const char *dd_audit_entry_get_action      (DdAuditEntry *self);
const char *dd_audit_entry_get_entity_kind (DdAuditEntry *self);
const char *dd_audit_entry_get_entity_id   (DdAuditEntry *self);
const char *dd_audit_entry_get_detail      (DdAuditEntry *self);

/**
 * DdStore:
 *
 * The desk's database: one SQLite file, opened by one owner. Not
 * thread-safe; the GUI reaches it through #DdStoreService. Every write
 * of a domain record appends its audit-journal entry and its sync
 * outbox operation in the same transaction, and ticks the persisted
 * hybrid logical clock. Text is stored exactly as given; text that is
 * not valid UTF-8 is refused with %DD_STORE_ERROR_INVALID and nothing
 * is written.
 */
#define DD_TYPE_STORE (dd_store_get_type ())
G_DECLARE_FINAL_TYPE (DdStore, dd_store, DD, STORE, GObject)

/* $DUTY_DESK_DB if set, else $XDG_DATA_HOME/duty-desk/desk.db. */
char          *dd_store_dup_default_path        (void);
/* The schema version this build writes. */
int            dd_store_get_latest_schema_version (void);

/* Opens or creates @path (and its folder), applies WAL, foreign keys,
 * synchronous=FULL and a busy timeout, and migrates it to the latest
 * schema. A database from a newer version fails with
 * %DD_STORE_ERROR_TOO_NEW and is left untouched. */
DdStore       *dd_store_open                    (const char    *path,
                                                 GError       **error);
const char    *dd_store_get_path                (DdStore       *self);
int            dd_store_get_schema_version      (DdStore       *self);

/* Who is recorded in the audit journal for the writes that follow
 * ("dutyctl", "duty-desk", a user name); %NULL or the default is the
 * user name. */
void           dd_store_set_actor               (DdStore       *self,
                                                 const char    *actor);
const char    *dd_store_get_actor               (DdStore       *self);

/* ---- desk identity ---- */
/* %NULL with %DD_STORE_ERROR_NOT_INITIALISED before dd_store_init_desk(). */
DdDesk        *dd_store_get_desk                (DdStore       *self,
                                                 GError       **error);
/* @unit_code must be a known division code, or one with a department
 * suffix; @unit_name %NULL takes the default name. Refused with
 * %DD_STORE_ERROR_ALREADY_INITIALISED unless @force. */
DdDesk        *dd_store_init_desk               (DdStore       *self,
                                                 const char    *unit_code,
                                                 const char    *unit_name,
                                                 DdRegime       regime,
                                                 gboolean       force,
                                                 GError       **error);
/* Changes the unit name, base regime and server address (the unit code
 * is fixed); %NULL leaves @unit_name or @server_url as it is. "" clears
 * the server address; otherwise it must be an http:// or https:// URL.
 * Writes one "patch" of the changed fields, or nothing if none changed. */
DdDesk        *dd_store_update_desk             (DdStore       *self,
                                                 const char    *unit_name,
                                                 DdRegime       regime,
                                                 const char    *server_url,
                                                 GError       **error);
/* Unix ms of the last completed synchronization, or 0 if never. */
gint64         dd_store_get_last_synced_ms      (DdStore       *self,
                                                 GError       **error);

/* ---- staff ---- */
/* Validates, assigns a UUIDv7 and saves; returns the saved member.
 * @staff must not have an id yet (%DD_STORE_ERROR_INVALID); the desk
 * must be set up (%DD_STORE_ERROR_NOT_INITIALISED). */
DdStaff       *dd_store_add_staff               (DdStore       *self,
                                                 DdStaff       *staff,
                                                 GError       **error);
/* Saves all of @staff (DdStaff without ids) in one transaction, or
 * nothing. Returns the saved members. */
GPtrArray     *dd_store_add_staff_many          (DdStore       *self,
                                                 GPtrArray     *staff,
                                                 GError       **error);
/* How many members are on record. */
gint64         dd_store_count_staff             (DdStore       *self,
                                                 GError       **error);
/* Every member, by name. */
GPtrArray     *dd_store_list_staff              (DdStore       *self,
                                                 GError       **error);

/* ---- sync outbox ---- */
/* Operations not yet acknowledged by the provincial server. */
gint64         dd_store_count_pending_ops       (DdStore       *self,
                                                 GError       **error);

/* ---- audit journal ---- */
/* The number of positions of the journal: its last seq (seq is dense
 * from 1 in an intact journal), read without a scan. */
gint64         dd_store_count_audit_entries     (DdStore       *self,
                                                 GError       **error);
/* Entries in journal order, from position @offset (0-based: the entry
 * with seq @offset + 1), fast at any offset. */
GPtrArray     *dd_store_list_audit_entries      (DdStore       *self,
                                                 guint          offset,
                                                 guint          limit,
                                                 GError       **error);
/* Walks the whole chain; FALSE only if it could not be read. */
DdAuditReport *dd_store_verify_audit            (DdStore       *self,
                                                 GError       **error);

/* ---- backup and restore ---- */
/* An online backup (SQLite backup API) to @dest, a self-contained file
 * that must not exist yet (%DD_STORE_ERROR_INVALID if it does). */
gboolean       dd_store_backup                  (DdStore       *self,
                                                 const char    *dest,
                                                 GError       **error);
/* Replaces this database with the backup @src, after the backup passed
 * PRAGMA integrity_check (%DD_STORE_ERROR_CORRUPT) and is a Duty Desk
 * database (%DD_STORE_ERROR_NOT_A_DATABASE) this version can read
 * (%DD_STORE_ERROR_TOO_NEW). The backup is migrated, the restored desk
 * gets a new client epoch (journalled as "desk.restore"), and the clock
 * never goes back. On any error the database is unchanged. */
gboolean       dd_store_restore                 (DdStore       *self,
                                                 const char    *src,
                                                 GError       **error);

/* ---- demo data ---- */
typedef enum
{
  DD_DEMO_SIZE_SMALL,
  DD_DEMO_SIZE_LARGE,
} DdDemoSize;

/* Fills a new, empty database with a realistic, reproducible demo desk
 * (the same @seed gives the same records): a county desk, its staff, and
 * for %DD_DEMO_SIZE_LARGE 1,000,000 calls of the past year (so at least
 * 1,000,000 journal rows), written in bulk through the write helper. Refused with
 * %DD_STORE_ERROR_ALREADY_INITIALISED on a database that holds a desk. */
gboolean       dd_store_fill_demo               (DdStore       *self,
                                                 DdDemoSize     size,
                                                 guint32        seed,
                                                 GError       **error);
/* TRUE if this database was made by dd_store_fill_demo(). */
gboolean       dd_store_is_demo                 (DdStore       *self);

G_END_DECLS
