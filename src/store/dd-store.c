/* dd-store.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dd-store.h"
#include "dd-store-private.h"

#include "dd-audit-hash.h"
#include "dd-directory-private.h"
#include "dd-division.h"
#include "dd-enums.h"
#include "dd-error.h"
#include "dd-unit-code.h"
#include "dd-uuid.h"

#define MIGRATIONS_PATH RESOURCE_BASE_PATH "/store/migrations/"
#define BUSY_TIMEOUT_MS 5000

/* ------------------------------------------------------------------ DdAuditEntry */

struct _DdAuditEntry
{
  GObject  parent_instance;

  gint64   seq;
  gint64   at_ms;
  char    *actor;
  char    *action;
  char    *entity_kind;
  char    *entity_id;
  char    *detail;
};

enum {
  ENTRY_PROP_0,
  ENTRY_PROP_SEQ,
  ENTRY_PROP_AT_MS,
  ENTRY_PROP_ACTOR,
  ENTRY_PROP_ACTION,
  ENTRY_PROP_ENTITY_KIND,
  ENTRY_PROP_ENTITY_ID,
  ENTRY_PROP_DETAIL,
  ENTRY_N_PROPS
};

static GParamSpec *entry_properties[ENTRY_N_PROPS];

G_DEFINE_FINAL_TYPE (DdAuditEntry, dd_audit_entry, G_TYPE_OBJECT)

static void
dd_audit_entry_finalize (GObject *object)
{
  DdAuditEntry *self = (DdAuditEntry *) object;

  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->entity_kind, g_free);
  g_clear_pointer (&self->entity_id, g_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (dd_audit_entry_parent_class)->finalize (object);
}

static void
dd_audit_entry_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DdAuditEntry *self = DD_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;

    case ENTRY_PROP_AT_MS:
      g_value_set_int64 (value, self->at_ms);
      break;

    case ENTRY_PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;

    case ENTRY_PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    case ENTRY_PROP_ENTITY_KIND:
      g_value_set_string (value, self->entity_kind);
      break;

    case ENTRY_PROP_ENTITY_ID:
      g_value_set_string (value, self->entity_id);
      break;

    case ENTRY_PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_audit_entry_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DdAuditEntry *self = DD_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_SEQ:
      self->seq = g_value_get_int64 (value);
      break;

    case ENTRY_PROP_AT_MS:
      self->at_ms = g_value_get_int64 (value);
      break;

    case ENTRY_PROP_ACTOR:
      g_free (self->actor);
      self->actor = g_value_dup_string (value);
      break;

    case ENTRY_PROP_ACTION:
      g_free (self->action);
      self->action = g_value_dup_string (value);
      break;

    case ENTRY_PROP_ENTITY_KIND:
      g_free (self->entity_kind);
      self->entity_kind = g_value_dup_string (value);
      break;

    case ENTRY_PROP_ENTITY_ID:
      g_free (self->entity_id);
      self->entity_id = g_value_dup_string (value);
      break;

    case ENTRY_PROP_DETAIL:
      g_free (self->detail);
      self->detail = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_audit_entry_class_init (DdAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dd_audit_entry_finalize;
  object_class->get_property = dd_audit_entry_get_property;
  object_class->set_property = dd_audit_entry_set_property;

  entry_properties[ENTRY_PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0, flags);
  entry_properties[ENTRY_PROP_AT_MS] =
    g_param_spec_int64 ("at-ms", NULL, NULL, 0, G_MAXINT64, 0, flags);
  entry_properties[ENTRY_PROP_ACTOR] =
    g_param_spec_string ("actor", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_ENTITY_KIND] =
    g_param_spec_string ("entity-kind", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_ENTITY_ID] =
    g_param_spec_string ("entity-id", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, "", flags);

  g_object_class_install_properties (object_class, ENTRY_N_PROPS, entry_properties);
}

static void
dd_audit_entry_init (DdAuditEntry *self)
{
  self->actor = g_strdup ("");
  self->action = g_strdup ("");
  self->entity_kind = g_strdup ("");
  self->entity_id = g_strdup ("");
  self->detail = g_strdup ("");
}

gint64
dd_audit_entry_get_seq (DdAuditEntry *self)
{
  g_return_val_if_fail (DD_IS_AUDIT_ENTRY (self), 0);
  return self->seq;
}

gint64
dd_audit_entry_get_at_ms (DdAuditEntry *self)
{
  g_return_val_if_fail (DD_IS_AUDIT_ENTRY (self), 0);
  return self->at_ms;
}

const char *
dd_audit_entry_get_actor (DdAuditEntry *self)
{
  g_return_val_if_fail (DD_IS_AUDIT_ENTRY (self), NULL);
  return self->actor;
}

const char *
dd_audit_entry_get_action (DdAuditEntry *self)
{
  g_return_val_if_fail (DD_IS_AUDIT_ENTRY (self), NULL);
  return self->action;
}

const char *
dd_audit_entry_get_entity_kind (DdAuditEntry *self)
{
  g_return_val_if_fail (DD_IS_AUDIT_ENTRY (self), NULL);
  return self->entity_kind;
}

const char *
dd_audit_entry_get_entity_id (DdAuditEntry *self)
{
  g_return_val_if_fail (DD_IS_AUDIT_ENTRY (self), NULL);
  return self->entity_id;
}

const char *
dd_audit_entry_get_detail (DdAuditEntry *self)
{
  g_return_val_if_fail (DD_IS_AUDIT_ENTRY (self), NULL);
  return self->detail;
}

void
dd_audit_report_free (DdAuditReport *report)
{
  if (report == NULL)
    return;

  g_free (report->problem);
  g_free (report);
}

/* ------------------------------------------------------------------ DdStore */

struct _DdStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *actor;
  int         schema_version;
  GHashTable *statements;

  /* State of the open write transaction. */
  gboolean    in_tx;
  gboolean    tx_repeatable;   /* committed with synchronous = NORMAL */
  gint64      tx_now_ms;
  DdHlc       tx_hlc;
  gint64      tx_head_seq;
  char       *tx_head_hash;

  guint       search_filter_first;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_ACTOR,
  PROP_SCHEMA_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdStore, dd_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (dd-store-error-quark, dd_store_error)

typedef struct
{
  int     version;
  char   *name;
  GBytes *sql;
} Migration;

static void
migration_free (gpointer data)
{
  Migration *migration = data;

  g_free (migration->name);
  g_bytes_unref (migration->sql);
  g_free (migration);
}

static int
migration_compare (gconstpointer a,
                   gconstpointer b)
{
  const Migration *ma = *(const Migration * const *) a;
  const Migration *mb = *(const Migration * const *) b;

  return ma->version - mb->version;
}

/* The migrations compiled into this build, numbered 1..N with no gap (a
 * build that breaks this is a bug, caught by the tests). */
static GPtrArray *
get_migrations (void)
{
  static GPtrArray *migrations;

  if (g_once_init_enter (&migrations))
    {
      GPtrArray *list = g_ptr_array_new_with_free_func (migration_free);
      g_auto(GStrv) names = NULL;

      names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, NULL);

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          g_autofree char *resource = NULL;
          Migration *migration;
          char *end = NULL;
          guint64 version;

          if (!g_str_has_suffix (names[i], ".sql"))
            continue;

          version = g_ascii_strtoull (names[i], &end, 10);
          if (end != names[i] + 4 || *end != '-' || version == 0)
            g_error ("Migration %s is not named NNNN-name.sql", names[i]);

          resource = g_strconcat (MIGRATIONS_PATH, names[i], NULL);
          migration = g_new0 (Migration, 1);
          migration->version = (int) version;
          migration->name = g_strdup (names[i]);
          migration->sql = g_resources_lookup_data (resource, 0, NULL);
          g_assert (migration->sql != NULL);
          g_ptr_array_add (list, migration);
        }

      g_ptr_array_sort (list, migration_compare);

      /* 1..N with no gap: a database at version v has had every migration
       * up to v, so none may be added below the newest. */
      for (guint i = 0; i < list->len; i++)
        {
          const Migration *migration = g_ptr_array_index (list, i);

          if (migration->version != (int) i + 1)
            g_error ("Migration %s is out of sequence", migration->name);
        }

      if (list->len == 0)
        g_error ("No migrations in %s: is dd_store_resources_dep linked in?", MIGRATIONS_PATH);

      g_once_init_leave (&migrations, list);
    }

  return migrations;
}

static void
set_db_error (GError     **error,
              sqlite3     *db,
              int          rc,
              const char  *what)
{
  int code;
  const char *message;

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      code = DD_STORE_ERROR_NOT_A_DATABASE;
      break;

    case SQLITE_CORRUPT:
      code = DD_STORE_ERROR_CORRUPT;
      break;

    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      code = DD_STORE_ERROR_INVALID;
      break;

    default:
      code = DD_STORE_ERROR_FAILED;
      break;
    }

  message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  g_set_error (error, DD_STORE_ERROR, code, "%s: %s", what, message);
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc;

  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, db, rc, sql);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        {
          *out = 0;
          rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK)
    set_db_error (error, db, rc, sql);

  sqlite3_finalize (stmt);

  return rc == SQLITE_OK;
}

static gboolean
check_file_header (const char  *path,
                   GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  char header[100];
  gsize n_read = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;

      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("Could not read %s: %s"), path, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header,
                                &n_read, NULL, &local_error))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("Could not read %s: %s"), path, local_error->message);
      return FALSE;
    }

  /* An empty file is a new database. */
  if (n_read == 0)
    return TRUE;

  if (n_read < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE,
                   _("%s is not a Duty Desk database"), path);
      return FALSE;
    }

  return TRUE;
}

/* Reads the identity of an open database and refuses anything that is
 * not a Duty Desk database this build can read. Writes nothing. */
static gboolean
check_identity (sqlite3     *db,
                const char  *path,
                gint64      *out_version,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 app_id = 0;
  gint64 version = 0;
  gint64 n_objects = 0;

  if (!query_int (db, "PRAGMA application_id", &app_id, &local_error) ||
      !query_int (db, "PRAGMA user_version", &version, &local_error) ||
      !query_int (db, "SELECT count(*) FROM sqlite_schema", &n_objects, &local_error))
    {
      if (g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE))
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE,
                     _("%s is not a Duty Desk database"), path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (app_id != DD_STORE_APPLICATION_ID &&
      (app_id != 0 || version != 0 || n_objects != 0))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE,
                   _("%s is a database of another application"), path);
      return FALSE;
    }

  if (version > dd_store_get_latest_schema_version ())
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Duty Desk (schema %d; this version reads up to %d)"),
                   path, (int) version, dd_store_get_latest_schema_version ());
      return FALSE;
    }

  *out_version = version;

  return TRUE;
}

/* Applies every migration newer than the database, each in its own
 * transaction together with its PRAGMA user_version. */
static gboolean
migrate (sqlite3     *db,
         GError     **error)
{
  GPtrArray *migrations = get_migrations ();

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *migration = g_ptr_array_index (migrations, i);
      g_autofree char *sql = NULL;
      g_autofree char *set_version = NULL;
      gint64 version = 0;

      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!query_int (db, "PRAGMA user_version", &version, error))
        goto failed;

      if (version >= migration->version)
        {
          if (!exec_sql (db, "COMMIT", error))
            goto failed;
          continue;
        }

      sql = g_strndup (g_bytes_get_data (migration->sql, NULL),
                       g_bytes_get_size (migration->sql));
      set_version = g_strdup_printf ("PRAGMA user_version = %d", migration->version);

      if (!exec_sql (db, sql, error) ||
          !exec_sql (db, set_version, error) ||
          !exec_sql (db, "COMMIT", error))
        {
          g_prefix_error (error, _("Migration %s failed: "), migration->name);
          goto failed;
        }

      continue;

    failed:
      if (!sqlite3_get_autocommit (db))
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
apply_pragmas (sqlite3     *db,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  if (sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);

  if (!wal)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("Could not switch the database to write-ahead logging: %s"),
                   sqlite3_errmsg (db));
      return FALSE;
    }

  /* temp_store: the statement journals (the pages a statement or a
   * savepoint changes inside a transaction, kept to undo it alone) stay
   * in memory instead of spilling to a file in /var/tmp beyond 64 KiB. A
   * pulled page opens a savepoint and several statements with triggers
   * per record, and each wrote its pages there with a system call apiece.
   * Nothing durable lives in them: the write-ahead log is unchanged. Set
   * at open, before any temporary table (changing it later drops them). */
  return exec_sql (db, "PRAGMA foreign_keys = ON", error) &&
         exec_sql (db, "PRAGMA synchronous = FULL", error) &&
         exec_sql (db, "PRAGMA temp_store = MEMORY", error);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
store_close (DdStore *self)
{
  g_hash_table_remove_all (self->statements);

  if (self->db != NULL)
    {
      if (self->in_tx)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }

  self->in_tx = FALSE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? (const char *) text : "");
}

/* Runs a cached statement that yields one text value (e.g. a JSON payload);
 * @bind is bound to ?1 when not %NULL. */
static char *
query_text (DdStore     *self,
            const char  *sql,
            const char  *bind,
            GError     **error)
{
  sqlite3_stmt *stmt;
  char *result = NULL;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  if (bind != NULL)
    bind_text (stmt, 1, bind);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = column_dup (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                 _("No record found"));
  else
    dd_store_set_error (self, error, rc, sql);

  sqlite3_reset (stmt);

  return result;
}

char *
dd_store_query_text (DdStore     *self,
                     const char  *sql,
                     const char  *bind,
                     GError     **error)
{
  return query_text (self, sql, bind, error);
}

GPtrArray *
dd_store_collect_rows (DdStore         *self,
                       sqlite3_stmt    *stmt,
                       DdStoreRowMaker  row_func,
                       GDestroyNotify   free_func,
                       GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_func (stmt));

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sqlite3_sql (stmt));
      return NULL;
    }

  return g_steal_pointer (&rows);
}

static gboolean
query_store_int (DdStore     *self,
                 const char  *sql,
                 gint64      *out,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }

  return TRUE;
}

static void
dd_store_finalize (GObject *object)
{
  DdStore *self = (DdStore *) object;

  store_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->tx_head_hash, g_free);

  G_OBJECT_CLASS (dd_store_parent_class)->finalize (object);
}

static void
dd_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DdStore *self = DD_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;

    case PROP_SCHEMA_VERSION:
      g_value_set_int (value, self->schema_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  DdStore *self = DD_STORE (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      dd_store_set_actor (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_store_class_init (DdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_store_finalize;
  object_class->get_property = dd_store_get_property;
  object_class->set_property = dd_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] =
    g_param_spec_string ("actor", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEMA_VERSION] =
    g_param_spec_int ("schema-version", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_store_init (DdStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->actor = g_strdup (g_get_user_name ());
  self->tx_head_hash = g_strdup (DD_AUDIT_GENESIS_HASH);
  self->search_filter_first = DD_STORE_SEARCH_FILTER_FIRST;
}

/* ------------------------------------------------------------------ private API */

guint
dd_store_get_search_filter_first (DdStore *self)
{
  g_return_val_if_fail (DD_IS_STORE (self), DD_STORE_SEARCH_FILTER_FIRST);

  return self->search_filter_first;
}

void
dd_store_set_search_filter_first (DdStore *self,
                                  guint    n_documents)
{
  g_return_if_fail (DD_IS_STORE (self));
  g_return_if_fail (n_documents > 0);

  self->search_filter_first = n_documents;
}

sqlite3 *
dd_store_get_handle (DdStore *self)
{
  return self->db;
}

void
dd_store_set_error (DdStore     *self,
                    GError     **error,
                    int          rc,
                    const char  *what)
{
  set_db_error (error, self->db, rc, what);
}

sqlite3_stmt *
dd_store_prepare (DdStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, self->db, rc, sql);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

gboolean
dd_store_step_done (DdStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc;

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_db_error (error, self->db, rc, _("Could not save"));
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_store_check_text (const char  *field,
                     const char  *str,
                     GError     **error)
{
  if (str != NULL && !g_utf8_validate (str, -1, NULL))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("The %s is not valid UTF-8 text"), field);
      return FALSE;
    }

  return TRUE;
}

/* Back to waiting for the disk at every commit. */
static void
end_repeatable (DdStore *self)
{
  if (!self->tx_repeatable)
    return;
  self->tx_repeatable = FALSE;
  sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
}

/**
 * dd_store_begin_repeatable:
 *
 * Like dd_store_begin(), for a transaction that costs nothing but doing it
 * again if a power cut loses it: a pulled page with its cursor, or the
 * server's answer to a push (the same ops are pushed again and answered as
 * duplicates). Its commit does not wait for the disk (synchronous =
 * NORMAL). The write-ahead log keeps it in order before every later
 * commit, and a killed process loses nothing committed.
 */
gboolean
dd_store_begin_repeatable (DdStore  *self,
                           GError  **error)
{
  g_return_val_if_fail (!self->in_tx, FALSE);

  if (!exec_sql (self->db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  if (!dd_store_begin (self, error))
    {
      sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
      return FALSE;
    }
  self->tx_repeatable = TRUE;
  return TRUE;
}

gboolean
dd_store_begin (DdStore  *self,
                GError  **error)
{
  static const char sql[] =
    "SELECT c.hlc, h.seq, h.hash FROM clock AS c, audit_head AS h WHERE c.id = 1 AND h.id = 1";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (!self->in_tx, FALSE);

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    goto failed;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                     _("The clock or the audit journal head is missing"));
      else
        set_db_error (error, self->db, rc, sql);
      sqlite3_reset (stmt);
      goto failed;
    }

  self->tx_hlc = (DdHlc) sqlite3_column_int64 (stmt, 0);
  self->tx_head_seq = sqlite3_column_int64 (stmt, 1);
  g_free (self->tx_head_hash);
  self->tx_head_hash = column_dup (stmt, 2);
  self->tx_now_ms = g_get_real_time () / 1000;
  sqlite3_reset (stmt);

  self->in_tx = TRUE;
  self->tx_repeatable = FALSE;

  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
dd_store_commit (DdStore  *self,
                 GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self->in_tx, FALSE);

  if (!(stmt = dd_store_prepare (self, "UPDATE clock SET hlc = ?1 WHERE id = 1", error)))
    goto failed;

  sqlite3_bind_int64 (stmt, 1, (gint64) self->tx_hlc);
  if (!dd_store_step_done (self, stmt, error))
    goto failed;

  if (!exec_sql (self->db, "COMMIT", error))
    goto failed;

  self->in_tx = FALSE;
  end_repeatable (self);

  return TRUE;

failed:
  dd_store_rollback (self);
  return FALSE;
}

void
dd_store_rollback (DdStore *self)
{
  if (!self->in_tx)
    return;

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  self->in_tx = FALSE;
  end_repeatable (self);
}

void
dd_store_receive_hlc (DdStore *self,
                      DdHlc    remote)
{
  g_return_if_fail (self->in_tx);

  self->tx_hlc = dd_hlc_receive (self->tx_hlc, remote, self->tx_now_ms);
}

gboolean
dd_store_append_audit (DdStore     *self,
                       gint64       at_ms,
                       const char  *action,
                       const char  *entity_kind,
                       const char  *entity_id,
                       const char  *detail,
                       GError     **error)
{
  static const char sql[] =
    "INSERT INTO audit_journal (seq, at, actor, action, entity_kind, entity_id, detail, prev_hash, hash) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  DdAuditContent content;
  sqlite3_stmt *stmt;
  char *hash;

  g_return_val_if_fail (self->in_tx, FALSE);

  content.seq = self->tx_head_seq + 1;
  content.at_ms = at_ms;
  content.actor = self->actor;
  content.action = action;
  content.entity_kind = entity_kind != NULL ? entity_kind : "";
  content.entity_id = entity_id != NULL ? entity_id : "";
  content.detail = detail != NULL ? detail : "{}";

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  hash = dd_audit_hash (self->tx_head_hash, &content);

  sqlite3_bind_int64 (stmt, 1, content.seq);
  sqlite3_bind_int64 (stmt, 2, content.at_ms);
  sqlite3_bind_text (stmt, 3, content.actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, content.action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, content.entity_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, content.entity_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, content.detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, self->tx_head_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, hash, -1, SQLITE_STATIC);

  if (!dd_store_step_done (self, stmt, error))
    {
      sqlite3_clear_bindings (stmt);
      g_free (hash);
      return FALSE;
    }

  sqlite3_clear_bindings (stmt);
  self->tx_head_seq = content.seq;
  g_free (self->tx_head_hash);
  self->tx_head_hash = hash;

  return TRUE;
}

static gboolean
append_outbox (DdStore              *self,
               DdHlc                 hlc,
               const DdStoreChange  *change,
               GError              **error)
{
  static const char sql[] =
    "INSERT INTO sync_outbox (op_id, op, record_kind, record_id, base_ver, hlc, payload, created_at,"
    " owner_unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  g_autofree char *op_id = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  op_id = dd_uuid7_new (self->tx_now_ms);

  bind_text (stmt, 1, op_id);
  bind_text (stmt, 2, change->op);
  bind_text (stmt, 3, change->entity_kind);
  bind_text (stmt, 4, change->entity_id);
  if (change->base_ver > 0)
    sqlite3_bind_int64 (stmt, 5, change->base_ver);
  sqlite3_bind_int64 (stmt, 6, (gint64) hlc);
  bind_text (stmt, 7, change->payload != NULL ? change->payload : "{}");
  sqlite3_bind_int64 (stmt, 8, self->tx_now_ms);
  bind_text (stmt, 9, change->owner_unit);

  return dd_store_step_done (self, stmt, error);
}

static void
change_clear (DdStoreChange *change)
{
  g_clear_pointer (&change->entity_id, g_free);
  g_clear_pointer (&change->payload, g_free);
  g_clear_pointer (&change->detail, g_free);
  g_clear_pointer (&change->owner_unit, g_free);
}

/* One change inside an open transaction: tick, row, audit, outbox. */
static gboolean
apply_change (DdStore         *self,
              DdStoreRowFunc   row_func,
              gpointer         item,
              GError         **error)
{
  DdStoreChange change = { 0 };
  gboolean ret = FALSE;
  DdHlc last = self->tx_hlc;
  DdHlc hlc;

  hlc = dd_hlc_tick (last, self->tx_now_ms);
  self->tx_hlc = hlc;

  if (!row_func (self, hlc, self->tx_now_ms, item, &change, error))
    goto out;

  /* The row function found nothing to change: the stamp is not used. */
  if (change.action == NULL)
    {
      self->tx_hlc = last;
      ret = TRUE;
      goto out;
    }

  if (!dd_store_append_audit (self, self->tx_now_ms, change.action, change.entity_kind,
                              change.entity_id,
                              change.detail != NULL ? change.detail : change.payload,
                              error))
    goto out;

  if (change.op != NULL && !append_outbox (self, hlc, &change, error))
    goto out;

  ret = TRUE;

out:
  change_clear (&change);

  return ret;
}

gboolean
dd_store_write_many (DdStore         *self,
                     DdStoreRowFunc   row_func,
                     gpointer        *items,
                     guint            n_items,
                     GError         **error)
{
  g_autofree DdStoreRow *rows = g_new (DdStoreRow, n_items);

  for (guint i = 0; i < n_items; i++)
    rows[i] = (DdStoreRow) { row_func, items[i] };
  return dd_store_write_rows (self, rows, n_items, error);
}

gboolean
dd_store_write (DdStore         *self,
                DdStoreRowFunc   row_func,
                gpointer         item,
                GError         **error)
{
  return dd_store_write_many (self, row_func, &item, 1, error);
}

gboolean
dd_store_write_rows (DdStore           *self,
                     const DdStoreRow  *rows,
                     guint              n_rows,
                     GError           **error)
{
  if (!dd_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_rows; i++)
    {
      if (rows[i].func != NULL && !apply_change (self, rows[i].func, rows[i].item, error))
        {
          dd_store_rollback (self);
          return FALSE;
        }
    }

  return dd_store_commit (self, error);
}

void
dd_store_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *text)
{
  bind_text (stmt, index, text);
}

char *
dd_store_column_dup (sqlite3_stmt *stmt,
                     int           column)
{
  return column_dup (stmt, column);
}

/* ------------------------------------------------------------------ public: open */

char *
dd_store_dup_default_path (void)
{
  const char *env = g_getenv ("DUTY_DESK_DB");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "duty-desk", "desk.db", NULL);
}

int
dd_store_get_latest_schema_version (void)
{
  GPtrArray *migrations = get_migrations ();
  const Migration *last = g_ptr_array_index (migrations, migrations->len - 1);

  return last->version;
}

/* Opens @path as a Duty Desk database without creating it: the checks
 * of dd_store_open() on an existing file. */
static sqlite3 *
open_checked (const char  *path,
              int          flags,
              gint64      *version,
              GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  if (!check_file_header (path, error))
    return NULL;

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, db, rc, path);
      sqlite3_close_v2 (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  if (!check_identity (db, path, version, error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }

  return db;
}

DdStore *
dd_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(DdStore) self = NULL;
  g_autofree char *dir = NULL;
  gint64 version = 0;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (DD_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  self->db = open_checked (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &version, error);
  if (self->db == NULL)
    return NULL;

  if (!apply_pragmas (self->db, error) || !migrate (self->db, error))
    return NULL;

  if (!query_int (self->db, "PRAGMA user_version", &version, error))
    return NULL;

  self->schema_version = (int) version;

  if (!dd_store_directory_index_initials (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
dd_store_get_path (DdStore *self)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return self->path;
}

int
dd_store_get_schema_version (DdStore *self)
{
  g_return_val_if_fail (DD_IS_STORE (self), 0);

  return self->schema_version;
}

void
dd_store_set_actor (DdStore    *self,
                    const char *actor)
{
  g_return_if_fail (DD_IS_STORE (self));

  if (actor == NULL)
    actor = g_get_user_name ();
  if (!g_utf8_validate (actor, -1, NULL))
    actor = "";

  if (g_strcmp0 (self->actor, actor) == 0)
    return;

  g_free (self->actor);
  self->actor = g_strdup (actor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

const char *
dd_store_get_actor (DdStore *self)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return self->actor;
}

/* ------------------------------------------------------------------ desk */

static const char desk_payload_sql[] =
  "SELECT json_object ('unit_code', unit_code, 'unit_name', unit_name, 'level', level,"
  " 'regime', regime, 'client_epoch', client_epoch, 'server_url', server_url,"
  " 'ver', ver, 'hlc', hlc) FROM desk WHERE id = 1";

DdDesk *
dd_store_get_desk (DdStore  *self,
                   GError  **error)
{
  static const char sql[] =
    "SELECT unit_code, unit_name, level, regime, client_epoch, server_url FROM desk WHERE id = 1";
  sqlite3_stmt *stmt;
  DdDesk *desk = NULL;
  DdLevel level = DD_LEVEL_COUNTY;
  DdRegime regime = DD_REGIME_7X24;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (!dd_level_from_string ((const char *) sqlite3_column_text (stmt, 2), &level) ||
          !dd_regime_from_string ((const char *) sqlite3_column_text (stmt, 3), &regime))
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                     _("The desk identity holds an unknown level or regime"));
      else
        desk = dd_desk_new ((const char *) sqlite3_column_text (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1),
                            level,
                            regime,
                            (const char *) sqlite3_column_text (stmt, 4),
                            (const char *) sqlite3_column_text (stmt, 5));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED,
                 _("The desk has not been set up yet"));
  else
    set_db_error (error, self->db, rc, sql);

  sqlite3_reset (stmt);

  return desk;
}

typedef struct
{
  const char *unit_code;
  const char *unit_name;
  const char *level;
  const char *regime;
  gboolean    force;
  gboolean    is_demo;
} InitDesk;

static gboolean
init_desk_row (DdStore        *self,
               DdHlc           hlc,
               gint64          now_ms,
               gpointer        item,
               DdStoreChange  *change,
               GError        **error)
{
  static const char sql[] =
    "INSERT INTO desk (id, unit_code, unit_name, level, regime, client_epoch, server_url,"
    " is_demo, ver, hlc, created_at, updated_at)"
    " VALUES (1, ?1, ?2, ?3, ?4, ?5, '', ?6, 1, ?7, ?8, ?8)"
    " ON CONFLICT (id) DO UPDATE SET unit_code = excluded.unit_code,"
    " unit_name = excluded.unit_name, level = excluded.level, regime = excluded.regime,"
    " client_epoch = excluded.client_epoch, is_demo = excluded.is_demo,"
    " ver = desk.ver + 1, hlc = excluded.hlc, updated_at = excluded.updated_at";
  InitDesk *init = item;
  g_autofree char *epoch = NULL;
  sqlite3_stmt *stmt;
  gint64 old_ver = 0;

  if (!query_store_int (self, "SELECT ver FROM desk WHERE id = 1", &old_ver, error))
    return FALSE;

  if (old_ver > 0 && !init->force)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_ALREADY_INITIALISED,
                   _("The desk has been set up already"));
      return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  epoch = dd_uuid7_new (now_ms);
  bind_text (stmt, 1, init->unit_code);
  bind_text (stmt, 2, init->unit_name);
  bind_text (stmt, 3, init->level);
  bind_text (stmt, 4, init->regime);
  bind_text (stmt, 5, epoch);
  sqlite3_bind_int (stmt, 6, init->is_demo ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 8, now_ms);

  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  change->action = "desk.init";
  change->entity_kind = "desk";
  change->entity_id = g_strdup (init->unit_code);
  change->op = old_ver > 0 ? "patch" : "insert";
  change->base_ver = old_ver;
  change->payload = query_text (self, desk_payload_sql, NULL, error);

  return change->payload != NULL;
}

DdDesk *
dd_store_init_desk_full (DdStore     *self,
                         const char  *unit_code,
                         const char  *unit_name,
                         DdRegime     regime,
                         gboolean     force,
                         gboolean     is_demo,
                         GError     **error)
{
  g_autoptr(DdUnitCode) code = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *default_name = NULL;
  g_autofree char *stripped = NULL;
  InitDesk init = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (unit_code == NULL ||
      !dd_store_check_text (_("unit code"), unit_code, error) ||
      !dd_store_check_text (_("unit name"), unit_name, error))
    {
      if (unit_code == NULL)
        g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                             _("A unit code is required"));
      return NULL;
    }

  code = dd_unit_code_parse (dd_division_table_get_default (), unit_code, &local_error);
  if (code == NULL)
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, local_error->message);
      return NULL;
    }

  if (regime != DD_REGIME_5X8 && regime != DD_REGIME_7X24)
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                           _("The base regime must be 7x24 or 5x8"));
      return NULL;
    }

  if (unit_name == NULL)
    unit_name = default_name = dd_unit_code_dup_default_name (code);

  /* Stripped only to test for blankness: the name is stored as given. */
  stripped = g_strstrip (g_strdup (unit_name));
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                           _("The unit name must not be blank"));
      return NULL;
    }

  init.unit_code = code->code;
  init.unit_name = unit_name;
  init.level = dd_level_to_string (code->level);
  init.regime = dd_regime_to_string (regime);
  init.force = force;
  init.is_demo = is_demo;

  if (!dd_store_write (self, init_desk_row, &init, error))
    return NULL;

  return dd_store_get_desk (self, error);
}

DdDesk *
dd_store_init_desk (DdStore     *self,
                    const char  *unit_code,
                    const char  *unit_name,
                    DdRegime     regime,
                    gboolean     force,
                    GError     **error)
{
  return dd_store_init_desk_full (self, unit_code, unit_name, regime, force, FALSE, error);
}

typedef struct
{
  const char *unit_name;
  const char *regime;
  const char *server_url;
} UpdateDesk;

/* Adds "$.key": value to the JSON object in *json. */
static gboolean
json_set_text (DdStore     *self,
               char       **json,
               const char  *key,
               const char  *value,
               GError     **error)
{
  sqlite3_stmt *stmt;
  char *result = NULL;
  int rc;

  if (!(stmt = dd_store_prepare (self, "SELECT json_set (?1, '$.' || ?2, ?3)", error)))
    return FALSE;

  bind_text (stmt, 1, *json);
  bind_text (stmt, 2, key);
  bind_text (stmt, 3, value);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = column_dup (stmt, 0);
  else
    set_db_error (error, self->db, rc, "json_set");
  sqlite3_reset (stmt);

  if (result == NULL)
    return FALSE;

  g_free (*json);
  *json = result;

  return TRUE;
}

static gboolean
update_desk_row (DdStore        *self,
                 DdHlc           hlc,
                 gint64          now_ms,
                 gpointer        item,
                 DdStoreChange  *change,
                 GError        **error)
{
  static const char select_sql[] =
    "SELECT unit_code, unit_name, regime, server_url, ver FROM desk WHERE id = 1";
  static const char update_sql[] =
    "UPDATE desk SET unit_name = ?1, regime = ?2, server_url = ?3, ver = ver + 1,"
    " hlc = ?4, updated_at = max (?5, created_at) WHERE id = 1";
  UpdateDesk *update = item;
  g_autofree char *unit_code = NULL;
  g_autofree char *unit_name = NULL;
  g_autofree char *regime = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;
  gint64 ver;
  int rc;

  if (!(stmt = dd_store_prepare (self, select_sql, error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED,
                     _("The desk has not been set up yet"));
      else
        set_db_error (error, self->db, rc, select_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }

  unit_code = column_dup (stmt, 0);
  unit_name = column_dup (stmt, 1);
  regime = column_dup (stmt, 2);
  server_url = column_dup (stmt, 3);
  ver = sqlite3_column_int64 (stmt, 4);
  sqlite3_reset (stmt);

  payload = g_strdup ("{}");

  if (update->unit_name != NULL && g_strcmp0 (update->unit_name, unit_name) != 0)
    {
      if (!json_set_text (self, &payload, "unit_name", update->unit_name, error))
        return FALSE;
      g_free (unit_name);
      unit_name = g_strdup (update->unit_name);
    }

  if (g_strcmp0 (update->regime, regime) != 0)
    {
      if (!json_set_text (self, &payload, "regime", update->regime, error))
        return FALSE;
      g_free (regime);
      regime = g_strdup (update->regime);
    }

  if (update->server_url != NULL && g_strcmp0 (update->server_url, server_url) != 0)
    {
      if (!json_set_text (self, &payload, "server_url", update->server_url, error))
        return FALSE;
      g_free (server_url);
      server_url = g_strdup (update->server_url);
    }

  /* Nothing changed: nothing to write. */
  if (g_strcmp0 (payload, "{}") == 0)
    return TRUE;

  if (!(stmt = dd_store_prepare (self, update_sql, error)))
    return FALSE;

  bind_text (stmt, 1, unit_name);
  bind_text (stmt, 2, regime);
  bind_text (stmt, 3, server_url);
  sqlite3_bind_int64 (stmt, 4, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 5, now_ms);

  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  change->action = "desk.update";
  change->entity_kind = "desk";
  change->entity_id = g_steal_pointer (&unit_code);
  change->op = "patch";
  change->base_ver = ver;
  change->payload = g_steal_pointer (&payload);

  return TRUE;
}

static gboolean
is_http_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

DdDesk *
dd_store_update_desk (DdStore     *self,
                      const char  *unit_name,
                      DdRegime     regime,
                      const char  *server_url,
                      GError     **error)
{
  UpdateDesk update = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!dd_store_check_text (_("unit name"), unit_name, error) ||
      !dd_store_check_text (_("server address"), server_url, error))
    return NULL;

  if (unit_name != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (unit_name));

      if (stripped[0] == '\0')
        {
          g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                               _("The unit name must not be blank"));
          return NULL;
        }
    }

  if (regime != DD_REGIME_5X8 && regime != DD_REGIME_7X24)
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                           _("The base regime must be 7x24 or 5x8"));
      return NULL;
    }

  if (server_url != NULL && server_url[0] != '\0' && !is_http_url (server_url))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("“%s” is not an http:// or https:// address"), server_url);
      return NULL;
    }

  update.unit_name = unit_name;
  update.regime = dd_regime_to_string (regime);
  update.server_url = server_url;

  if (!dd_store_write (self, update_desk_row, &update, error))
    return NULL;

  return dd_store_get_desk (self, error);
}

gint64
dd_store_get_last_synced_ms (DdStore  *self,
                             GError  **error)
{
  static const char sql[] = "SELECT coalesce (last_synced_at, 0) FROM desk WHERE id = 1";
  sqlite3_stmt *stmt;
  gint64 result = 0;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), 0);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return 0;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED,
                 _("The desk has not been set up yet"));
  else
    set_db_error (error, self->db, rc, sql);
  sqlite3_reset (stmt);

  return result;
}

gboolean
dd_store_is_demo (DdStore *self)
{
  gint64 is_demo = 0;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!query_store_int (self, "SELECT is_demo FROM desk WHERE id = 1", &is_demo, NULL))
    return FALSE;

  return is_demo != 0;
}

/* ------------------------------------------------------------------ staff */

typedef struct
{
  DdStaff *staff;
  char    *id;
} AddStaff;

static gboolean
add_staff_row (DdStore        *self,
               DdHlc           hlc,
               gint64          now_ms,
               gpointer        item,
               DdStoreChange  *change,
               GError        **error)
{
  static const char sql[] =
    "INSERT INTO staff (id, name, is_leader, is_officer, phone, unit, active, owner_unit,"
    " ver, hlc, created_at, updated_at)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, unit_code, 1, ?8, ?9, ?9 FROM desk WHERE id = 1";
  static const char payload_sql[] =
    "SELECT json_object ('id', id, 'name', name,"
    " 'leader', json (CASE is_leader WHEN 1 THEN 'true' ELSE 'false' END),"
    " 'officer', json (CASE is_officer WHEN 1 THEN 'true' ELSE 'false' END),"
    " 'phone', phone, 'unit', unit,"
    " 'active', json (CASE active WHEN 1 THEN 'true' ELSE 'false' END),"
    " 'owner_unit', owner_unit, 'ver', ver, 'hlc', hlc) FROM staff WHERE id = ?1";
  AddStaff *add = item;
  DdRole roles = dd_staff_get_roles (add->staff);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  add->id = dd_uuid7_new (now_ms);

  bind_text (stmt, 1, add->id);
  bind_text (stmt, 2, dd_staff_get_name (add->staff));
  sqlite3_bind_int (stmt, 3, (roles & DD_ROLE_LEADER) ? 1 : 0);
  sqlite3_bind_int (stmt, 4, (roles & DD_ROLE_OFFICER) ? 1 : 0);
  bind_text (stmt, 5, dd_staff_get_phone (add->staff) != NULL ? dd_staff_get_phone (add->staff) : "");
  bind_text (stmt, 6, dd_staff_get_unit (add->staff) != NULL ? dd_staff_get_unit (add->staff) : "");
  sqlite3_bind_int (stmt, 7, dd_staff_get_active (add->staff) ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 9, now_ms);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db, rc, _("Could not save the staff member"));
      return FALSE;
    }

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED,
                   _("The desk has not been set up yet"));
      return FALSE;
    }

  change->action = "staff.add";
  change->entity_kind = "staff";
  change->entity_id = g_strdup (add->id);
  change->op = "insert";
  change->payload = query_text (self, payload_sql, add->id, error);

  return change->payload != NULL;
}

static gboolean
check_new_staff (DdStaff  *staff,
                 GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!DD_IS_STAFF (staff))
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                           _("Not a staff member"));
      return FALSE;
    }

  if (dd_staff_get_id (staff) != NULL && dd_staff_get_id (staff)[0] != '\0')
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("%s has been saved already"), dd_staff_get_name (staff));
      return FALSE;
    }

  if (!dd_store_check_text (_("name"), dd_staff_get_name (staff), error) ||
      !dd_store_check_text (_("phone"), dd_staff_get_phone (staff), error) ||
      !dd_store_check_text (_("unit"), dd_staff_get_unit (staff), error))
    return FALSE;

  if (!dd_staff_validate (staff, &local_error))
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static DdStaff *
staff_with_id (DdStaff    *staff,
               const char *id)
{
  return dd_staff_new (id,
                       dd_staff_get_name (staff),
                       dd_staff_get_roles (staff),
                       dd_staff_get_phone (staff),
                       dd_staff_get_unit (staff),
                       dd_staff_get_active (staff));
}

DdStaff *
dd_store_add_staff (DdStore  *self,
                    DdStaff  *staff,
                    GError  **error)
{
  g_autofree char *id = NULL;
  AddStaff add = { staff, NULL };
  gboolean ok;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!check_new_staff (staff, error))
    return NULL;

  ok = dd_store_write (self, add_staff_row, &add, error);
  id = g_steal_pointer (&add.id);

  return ok ? staff_with_id (staff, id) : NULL;
}

GPtrArray *
dd_store_add_staff_many (DdStore    *self,
                         GPtrArray  *staff,
                         GError    **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autofree AddStaff *adds = NULL;
  g_autofree gpointer *items = NULL;
  gboolean ok;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (staff != NULL, NULL);

  for (guint i = 0; i < staff->len; i++)
    if (!check_new_staff (g_ptr_array_index (staff, i), error))
      return NULL;

  adds = g_new0 (AddStaff, MAX (staff->len, 1));
  items = g_new0 (gpointer, MAX (staff->len, 1));
  for (guint i = 0; i < staff->len; i++)
    {
      adds[i].staff = g_ptr_array_index (staff, i);
      items[i] = &adds[i];
    }

  ok = dd_store_write_many (self, add_staff_row, items, staff->len, error);

  result = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < staff->len; i++)
    {
      if (ok)
        g_ptr_array_add (result, staff_with_id (adds[i].staff, adds[i].id));
      g_free (adds[i].id);
    }

  return ok ? g_steal_pointer (&result) : NULL;
}

GPtrArray *
dd_store_list_staff (DdStore  *self,
                     GError  **error)
{
  static const char sql[] =
    "SELECT id, name, is_leader, is_officer, phone, unit, active FROM staff ORDER BY name, id";
  g_autoptr(GPtrArray) result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  result = g_ptr_array_new_with_free_func (g_object_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdRole roles = DD_ROLE_NONE;

      if (sqlite3_column_int (stmt, 2))
        roles |= DD_ROLE_LEADER;
      if (sqlite3_column_int (stmt, 3))
        roles |= DD_ROLE_OFFICER;

      g_ptr_array_add (result,
                       dd_staff_new ((const char *) sqlite3_column_text (stmt, 0),
                                     (const char *) sqlite3_column_text (stmt, 1),
                                     roles,
                                     (const char *) sqlite3_column_text (stmt, 4),
                                     (const char *) sqlite3_column_text (stmt, 5),
                                     sqlite3_column_int (stmt, 6) != 0));
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db, rc, sql);
      return NULL;
    }

  return g_steal_pointer (&result);
}

gint64
dd_store_count_staff (DdStore  *self,
                      GError  **error)
{
  gint64 n = 0;

  g_return_val_if_fail (DD_IS_STORE (self), 0);

  query_store_int (self, "SELECT count(*) FROM staff", &n, error);

  return n;
}

/* ------------------------------------------------------------------ outbox */

gint64
dd_store_count_pending_ops (DdStore  *self,
                            GError  **error)
{
  gint64 n = 0;

  g_return_val_if_fail (DD_IS_STORE (self), 0);

  query_store_int (self, "SELECT count(*) FROM sync_outbox WHERE state <> 'acked'", &n, error);

  return n;
}

/* ------------------------------------------------------------------ audit journal */

gint64
dd_store_count_audit_entries (DdStore  *self,
                              GError  **error)
{
  gint64 n = 0;

  g_return_val_if_fail (DD_IS_STORE (self), 0);

  /* seq is dense from 1 (the verifier checks it), so the last seq is the
   * count, read from the end of the index rather than by a full scan. */
  query_store_int (self, "SELECT coalesce (max (seq), 0) FROM audit_journal", &n, error);

  return n;
}

GPtrArray *
dd_store_list_audit_entries (DdStore  *self,
                             guint     offset,
                             guint     limit,
                             GError  **error)
{
  static const char sql[] =
    "SELECT seq, at, actor, action, entity_kind, entity_id, detail FROM audit_journal"
    " WHERE seq > ?1 ORDER BY seq LIMIT ?2";
  g_autoptr(GPtrArray) result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, offset);
  sqlite3_bind_int64 (stmt, 2, limit);

  result = g_ptr_array_new_full (limit, g_object_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result,
                     g_object_new (DD_TYPE_AUDIT_ENTRY,
                                   "seq", sqlite3_column_int64 (stmt, 0),
                                   "at-ms", sqlite3_column_int64 (stmt, 1),
                                   "actor", (const char *) sqlite3_column_text (stmt, 2),
                                   "action", (const char *) sqlite3_column_text (stmt, 3),
                                   "entity-kind", (const char *) sqlite3_column_text (stmt, 4),
                                   "entity-id", (const char *) sqlite3_column_text (stmt, 5),
                                   "detail", (const char *) sqlite3_column_text (stmt, 6),
                                   NULL));

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db, rc, sql);
      return NULL;
    }

  return g_steal_pointer (&result);
}

static void
report_problem (DdAuditReport *report,
                gint64         seq,
                char          *problem)
{
  if (!report->ok)
    {
      g_free (problem);
      return;
    }

  report->ok = FALSE;
  report->bad_seq = seq;
  report->problem = problem;
}

DdAuditReport *
dd_store_verify_audit (DdStore  *self,
                       GError  **error)
{
  static const char sql[] =
    "SELECT seq, at, actor, action, entity_kind, entity_id, detail, prev_hash, hash"
    " FROM audit_journal ORDER BY seq";
  static const char head_sql[] = "SELECT seq, hash FROM audit_head WHERE id = 1";
  g_autoptr(DdAuditReport) report = NULL;
  g_autofree char *prev_hash = g_strdup (DD_AUDIT_GENESIS_HASH);
  g_autofree char *head_hash = NULL;
  sqlite3_stmt *stmt;
  gint64 expected = 1;
  gint64 last_seq = 0;
  gint64 head_seq = 0;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  report = g_new0 (DdAuditReport, 1);
  report->ok = TRUE;

  /* One read transaction, so the head and the entries agree. */
  if (!exec_sql (self->db, "BEGIN", error))
    return NULL;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    goto failed;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *hash = NULL;
      DdAuditContent content;
      const char *stored_prev;
      const char *stored_hash;

      content.seq = sqlite3_column_int64 (stmt, 0);
      content.at_ms = sqlite3_column_int64 (stmt, 1);
      content.actor = (const char *) sqlite3_column_text (stmt, 2);
      content.action = (const char *) sqlite3_column_text (stmt, 3);
      content.entity_kind = (const char *) sqlite3_column_text (stmt, 4);
      content.entity_id = (const char *) sqlite3_column_text (stmt, 5);
      content.detail = (const char *) sqlite3_column_text (stmt, 6);
      stored_prev = (const char *) sqlite3_column_text (stmt, 7);
      stored_hash = (const char *) sqlite3_column_text (stmt, 8);

      report->n_entries++;

      if (report->ok)
        {
          if (content.seq != expected)
            report_problem (report, expected,
                            content.seq == expected + 1
                            ? g_strdup_printf (_("Entry %lld is missing"), (long long) expected)
                            : g_strdup_printf (_("Entries %lld to %lld are missing"),
                                               (long long) expected, (long long) content.seq - 1));
          else if (g_strcmp0 (stored_prev, prev_hash) != 0)
            report_problem (report, content.seq,
                            g_strdup_printf (_("Entry %lld is out of place: it does not follow the entry before it"),
                                             (long long) content.seq));
          else
            {
              hash = dd_audit_hash (prev_hash, &content);
              if (g_strcmp0 (hash, stored_hash) != 0)
                report_problem (report, content.seq,
                                g_strdup_printf (_("Entry %lld was edited: its content does not match its hash"),
                                                 (long long) content.seq));
            }
        }

      g_free (prev_hash);
      prev_hash = g_strdup (stored_hash != NULL ? stored_hash : "");
      expected = content.seq + 1;
      last_seq = content.seq;
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db, rc, sql);
      goto failed;
    }

  if (!(stmt = dd_store_prepare (self, head_sql, error)))
    goto failed;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      head_seq = sqlite3_column_int64 (stmt, 0);
      head_hash = column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    report_problem (report, last_seq + 1, g_strdup (_("The journal head is missing")));
  else if (head_seq > last_seq)
    report_problem (report, last_seq + 1,
                    head_seq == last_seq + 1
                    ? g_strdup_printf (_("Entry %lld is missing: the end of the journal was cut off"),
                                       (long long) last_seq + 1)
                    : g_strdup_printf (_("Entries %lld to %lld are missing: the end of the journal was cut off"),
                                       (long long) last_seq + 1, (long long) head_seq));
  else if (head_seq < last_seq)
    report_problem (report, head_seq + 1,
                    g_strdup_printf (_("Entry %lld is out of place: it was added after the journal head"),
                                     (long long) head_seq + 1));
  else if (g_strcmp0 (head_hash, prev_hash) != 0)
    report_problem (report, last_seq,
                    g_strdup_printf (_("Entry %lld does not match the journal head"), (long long) last_seq));

  exec_sql (self->db, "COMMIT", NULL);

  return g_steal_pointer (&report);

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}

/* ------------------------------------------------------------------ backup and restore */

static gboolean
copy_database (sqlite3     *dest,
               sqlite3     *src,
               GError     **error)
{
  sqlite3_backup *backup;
  int rc;

  backup = sqlite3_backup_init (dest, "main", src, "main");
  if (backup == NULL)
    {
      set_db_error (error, dest, sqlite3_errcode (dest), _("Could not start the copy"));
      return FALSE;
    }

  do
    rc = sqlite3_backup_step (backup, -1);
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      set_db_error (error, NULL, rc, _("Could not copy the database"));
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_store_backup (DdStore     *self,
                 const char  *dest,
                 GError     **error)
{
  sqlite3 *db = NULL;
  gboolean ok = FALSE;
  int fd;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  /* Claim the name, so an existing file is never overwritten. */
  fd = g_open (dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, DD_STORE_ERROR,
                   saved_errno == EEXIST ? DD_STORE_ERROR_INVALID : DD_STORE_ERROR_FAILED,
                   _("Could not create %s: %s"), dest, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (dest, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, db, rc, dest);
      goto out;
    }

  if (!copy_database (db, self->db, error))
    goto out;

  /* A backup is one self-contained file. */
  if (!exec_sql (db, "PRAGMA journal_mode = DELETE", error))
    goto out;

  ok = TRUE;

out:
  sqlite3_close_v2 (db);
  if (!ok)
    g_unlink (dest);

  return ok;
}

static void
remove_database_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (journal);
  g_unlink (path);
}

static gboolean
check_integrity (sqlite3     *db,
                 const char  *path,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0 && problems->len < 500)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                   _("%s is damaged: %s"), path, sqlite3_errstr (rc));
      return FALSE;
    }

  if (problems->len > 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                   _("%s is damaged: %s"), path, problems->str);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  DdHlc       live_hlc;
  const char *source;
} RestoreDesk;

static gboolean
restore_desk_row (DdStore        *self,
                  DdHlc           hlc,
                  gint64          now_ms,
                  gpointer        item,
                  DdStoreChange  *change,
                  GError        **error)
{
  static const char select_sql[] = "SELECT unit_code, client_epoch FROM desk WHERE id = 1";
  static const char update_sql[] =
    "UPDATE desk SET client_epoch = ?1, hlc = ?2, updated_at = max (?3, created_at) WHERE id = 1";
  static const char detail_sql[] =
    "SELECT json_object ('source', ?1, 'old_client_epoch', ?2, 'client_epoch', ?3)";
  RestoreDesk *restore = item;
  g_autofree char *unit_code = NULL;
  g_autofree char *old_epoch = NULL;
  g_autofree char *epoch = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, select_sql, error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      unit_code = column_dup (stmt, 0);
      old_epoch = column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (error, self->db, rc, select_sql);
      return FALSE;
    }

  epoch = dd_uuid7_new (now_ms);

  if (unit_code != NULL)
    {
      if (!(stmt = dd_store_prepare (self, update_sql, error)))
        return FALSE;

      bind_text (stmt, 1, epoch);
      sqlite3_bind_int64 (stmt, 2, (gint64) hlc);
      sqlite3_bind_int64 (stmt, 3, now_ms);
      if (!dd_store_step_done (self, stmt, error))
        return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, detail_sql, error)))
    return FALSE;

  bind_text (stmt, 1, restore->source);
  bind_text (stmt, 2, old_epoch);
  bind_text (stmt, 3, unit_code != NULL ? epoch : NULL);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    change->detail = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      set_db_error (error, self->db, rc, detail_sql);
      return FALSE;
    }

  /* Journalled, not synchronized: the server learns of the new epoch when
   * the desk next registers. */
  change->action = "desk.restore";
  change->entity_kind = "desk";
  change->entity_id = g_strdup (unit_code != NULL ? unit_code : "");
  change->op = NULL;

  return TRUE;
}

static gboolean
restore_prepare (DdStore     *temp,
                 RestoreDesk *restore,
                 GError     **error)
{
  if (!dd_store_begin (temp, error))
    return FALSE;

  /* The restored clock must not go back behind the live one. */
  temp->tx_hlc = MAX (temp->tx_hlc, restore->live_hlc);

  if (!apply_change (temp, restore_desk_row, restore, error))
    {
      dd_store_rollback (temp);
      return FALSE;
    }

  return dd_store_commit (temp, error);
}

gboolean
dd_store_restore (DdStore     *self,
                  const char  *src,
                  GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *temp_path = NULL;
  g_autofree char *source_name = NULL;
  g_autoptr(DdStore) temp = NULL;
  sqlite3 *src_db = NULL;
  sqlite3 *temp_db = NULL;
  RestoreDesk restore = { 0 };
  gboolean ok = FALSE;
  gint64 version = 0;
  gint64 live_hlc = 0;
  int fd;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (src != NULL, FALSE);
  g_return_val_if_fail (!self->in_tx, FALSE);

  if (!g_file_test (src, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("There is no backup file %s"), src);
      return FALSE;
    }

  /* 1. The backup, read-only: a Duty Desk database this build reads,
   *    and intact. */
  src_db = open_checked (src, SQLITE_OPEN_READONLY, &version, error);
  if (src_db == NULL)
    return FALSE;

  if (version < 1)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_A_DATABASE,
                   _("%s is not a Duty Desk backup"), src);
      goto out;
    }

  if (!check_integrity (src_db, src, error))
    goto out;

  /* 2. A working copy beside the database: migrated, new client epoch. */
  dir = g_path_get_dirname (self->path);
  temp_path = g_build_filename (dir, ".desk-restore-XXXXXX", NULL);
  fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_FAILED,
                   _("Could not create a file in %s: %s"), dir, g_strerror (saved_errno));
      g_clear_pointer (&temp_path, g_free);
      goto out;
    }
  close (fd);

  rc = sqlite3_open_v2 (temp_path, &temp_db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, temp_db, rc, temp_path);
      goto out;
    }

  if (!copy_database (temp_db, src_db, error))
    goto out;

  g_clear_pointer (&temp_db, sqlite3_close_v2);
  g_clear_pointer (&src_db, sqlite3_close_v2);

  temp = dd_store_open (temp_path, error);
  if (temp == NULL)
    goto out;

  dd_store_set_actor (temp, self->actor);

  if (!query_store_int (self, "SELECT hlc FROM clock WHERE id = 1", &live_hlc, error))
    goto out;

  source_name = g_path_get_basename (src);
  restore.live_hlc = (DdHlc) live_hlc;
  restore.source = source_name;

  if (!restore_prepare (temp, &restore, error))
    goto out;

  /* 3. Over the live database, in one transaction of the backup API. */
  g_hash_table_remove_all (self->statements);

  if (!copy_database (self->db, temp->db, error))
    goto out;

  if (!query_int (self->db, "PRAGMA user_version", &version, error))
    goto out;

  self->schema_version = (int) version;
  ok = TRUE;

out:
  g_clear_pointer (&temp_db, sqlite3_close_v2);
  g_clear_pointer (&src_db, sqlite3_close_v2);
  g_clear_object (&temp);
  if (temp_path != NULL)
    remove_database_files (temp_path);

  return ok;
}
