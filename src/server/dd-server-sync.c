/* dd-server-sync.c: applying push batches and reading pull pages
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dd-hlc.h"
#include "dd-server-private.h"
#include "dd-sync-codec.h"
#include "dd-uuid.h"

/* Ops stamped further ahead of the server's clock are flagged. */
#define FUTURE_LIMIT_MS ((gint64) 5 * 60 * 1000)
/* Attempts at a batch that met a deadlock or a serialization failure. */
#define PUSH_ATTEMPTS 3

typedef struct
{
  char     *policy;
  char     *parent_kind;
  char     *parent_field;
  GStrv     ancestor_fields;
  gboolean  ancestor_append;
  GStrv     local_fields;
} Kind;

typedef struct
{
  const char *op_id;
  gint64      desk_seq;
  const char *op;
  const char *kind;
  const char *record_id;
  gint64      base_ver;
  gint64      hlc;
  const char *owner_unit;
  JsonObject *payload;
} Op;

/* A record as the batch sees it: read once before its ops apply, changed
 * in memory by them and written back when the batch is numbered. */
typedef struct
{
  char       *kind;
  char       *owner;
  char       *id;
  gint64      ver;
  gint64      hlc;
  JsonObject *fields;
  JsonObject *stamps;
  gboolean    deleted;
  gboolean    fields_shared;  /* a Change of the batch holds @fields */
  gboolean    written;        /* by the batch: in Push.written */
  gint64      last_seq;       /* of the batch's last change to it */
} Record;

/* An op the desk pushed in an earlier batch. */
typedef struct
{
  gint64 server_seq;
  gint64 ver;
} Pushed;

typedef struct
{
  DdServerDb         *db;
  const char         *desk_id;
  const char         *unit;
  GHashTable         *kinds;      /* kind → Kind */
  GHashTable         *paths;      /* unit → GStrv, root first */
  GHashTable         *rejected;   /* "kind id" of rejected ops */
  GHashTable         *pushed;     /* op id → Pushed: ops the desk pushed before */
  GHashTable         *records;    /* record_key () → Record */
  GHashTable         *owners;     /* "kind id" → GPtrArray of its Records */
  GPtrArray          *written;    /* Record: the ones to write at commit */
  JsonArray          *acks;       /* one object per op, in request order */
  char               *epoch;      /* the server epoch the batch was applied in */
  GPtrArray          *changes;    /* Change: the ops to number at commit */
  DdHlc               hlc;
  gint64              now_ms;
  DdServerPushCounts  counts;
} Push;

static void
kind_free (gpointer data)
{
  Kind *kind = data;

  g_free (kind->policy);
  g_free (kind->parent_kind);
  g_free (kind->parent_field);
  g_strfreev (kind->ancestor_fields);
  g_strfreev (kind->local_fields);
  g_free (kind);
}

static void
record_free (gpointer data)
{
  Record *record = data;

  g_free (record->kind);
  g_free (record->owner);
  g_free (record->id);
  g_clear_pointer (&record->fields, json_object_unref);
  g_clear_pointer (&record->stamps, json_object_unref);
  g_free (record);
}

static char *
record_key (const char *kind,
            const char *owner,
            const char *id)
{
  return g_strconcat (kind, " ", owner, " ", id, NULL);
}

static gboolean
invalid (GError     **error,
         guint        index,
         const char  *what)
{
  g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
               "ops[%u]: %s", index, what);
  return FALSE;
}

static gboolean
member_is (JsonObject *object,
           const char *name,
           GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
parse_op (JsonNode  *node,
          guint      index,
          Op        *op,
          GError   **error)
{
  JsonObject *object;
  JsonNode *payload;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, index, "an op must be an object");
  object = json_node_get_object (node);

  if (!member_is (object, "op_id", G_TYPE_STRING) ||
      !dd_uuid_is_valid (json_object_get_string_member (object, "op_id")))
    return invalid (error, index, "“op_id” must be a UUID");
  if (!member_is (object, "desk_seq", G_TYPE_INT64) ||
      json_object_get_int_member (object, "desk_seq") < 1)
    return invalid (error, index, "“desk_seq” must be a positive integer");
  if (!member_is (object, "op", G_TYPE_STRING) ||
      !dd_sync_op_is_known (json_object_get_string_member (object, "op")))
    return invalid (error, index, "“op” must be insert, patch, append or delete");
  if (!member_is (object, "record_kind", G_TYPE_STRING))
    return invalid (error, index, "“record_kind” must be a string");
  if (!member_is (object, "record_id", G_TYPE_STRING) ||
      !dd_sync_record_id_is_valid (json_object_get_string_member (object, "record_id")))
    return invalid (error, index, "“record_id” must be 1 to 128 printable characters");
  if (json_object_has_member (object, "base_ver") &&
      (!member_is (object, "base_ver", G_TYPE_INT64) ||
       json_object_get_int_member (object, "base_ver") < 0))
    return invalid (error, index, "“base_ver” must be an integer ≥ 0");
  if (!member_is (object, "hlc", G_TYPE_INT64) || json_object_get_int_member (object, "hlc") < 0)
    return invalid (error, index, "“hlc” must be an integer ≥ 0");
  if (json_object_has_member (object, "owner_unit") &&
      !member_is (object, "owner_unit", G_TYPE_STRING))
    return invalid (error, index, "“owner_unit” must be a string");
  payload = json_object_get_member (object, "payload");
  if (payload == NULL || !JSON_NODE_HOLDS_OBJECT (payload))
    return invalid (error, index, "“payload” must be an object");

  op->op_id = json_object_get_string_member (object, "op_id");
  op->desk_seq = json_object_get_int_member (object, "desk_seq");
  op->op = json_object_get_string_member (object, "op");
  op->kind = json_object_get_string_member (object, "record_kind");
  op->record_id = json_object_get_string_member (object, "record_id");
  op->base_ver = json_object_get_int_member_with_default (object, "base_ver", 0);
  op->hlc = json_object_get_int_member (object, "hlc");
  op->owner_unit = json_object_get_string_member_with_default (object, "owner_unit", NULL);
  op->payload = json_node_get_object (payload);
  return TRUE;
}

/* A JSON array of strings as a GStrv. */
static GStrv
strv_from_json (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint j = 0; j < json_array_get_length (array); j++)
        g_strv_builder_add (names, json_array_get_string_element (array, j));
    }
  return g_strv_builder_end (names);
}

static gboolean
load_kinds (Push    *push,
            GError **error)
{
  g_autoptr(PGresult) rows = dd_server_db_exec (push->db, "kinds_all", 0, NULL, error);

  if (rows == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (rows); i++)
    {
      Kind *kind = g_new0 (Kind, 1);

      kind->policy = g_strdup (PQgetvalue (rows, i, 1));
      kind->parent_kind = *PQgetvalue (rows, i, 2) ? g_strdup (PQgetvalue (rows, i, 2)) : NULL;
      kind->parent_field = *PQgetvalue (rows, i, 3) ? g_strdup (PQgetvalue (rows, i, 3)) : NULL;
      kind->ancestor_fields = strv_from_json (PQgetvalue (rows, i, 4));
      kind->ancestor_append = g_str_equal (PQgetvalue (rows, i, 5), "t");
      kind->local_fields = strv_from_json (PQgetvalue (rows, i, 6));
      g_hash_table_insert (push->kinds, g_strdup (PQgetvalue (rows, i, 0)), kind);
    }
  return TRUE;
}

/* The units from the root down to @unit; empty for an unknown unit. */
static const char * const *
unit_path (Push        *push,
           const char  *unit,
           GError     **error)
{
  GStrv path = g_hash_table_lookup (push->paths, unit);
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  const char *params[1] = { unit };

  if (path != NULL)
    return (const char * const *) path;
  rows = dd_server_db_exec (push->db, "unit_path", 1, params, error);
  if (rows == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  for (int i = 0; i < PQntuples (rows); i++)
    g_strv_builder_add (builder, PQgetvalue (rows, i, 0));
  path = g_strv_builder_end (builder);
  g_hash_table_insert (push->paths, g_strdup (unit), path);
  return (const char * const *) path;
}

static char *
array_text (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);

  return json_to_string (node, FALSE);
}

/* Appends @text to @out as a JSON string. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Appends `"name":` and @text, a JSON string, to @out. */
static void
append_string_member (GString    *out,
                      const char *name,
                      const char *text)
{
  g_string_append_printf (out, ",\"%s\":", name);
  append_json_string (out, text);
}

/* Appends @node to @out as JSON, as json_to_string () would write it,
 * without building a generator and a copy of the tree around it. */
static void
append_json_node (GString  *out,
                  JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_json_string (out, name);
            g_string_append_c (out, ':');
            append_json_node (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_json_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        append_json_string (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (buffer, sizeof buffer, "%.17g", json_node_get_double (node));
          g_string_append (out, buffer);
          /* a double stays one when read back */
          if (strpbrk (buffer, ".eEn") == NULL)
            g_string_append (out, ".0");
        }
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* Appends `,"name":` and @object to @out. */
static void
append_object_member (GString    *out,
                      const char *name,
                      JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  g_string_append_printf (out, ",\"%s\":", name);
  append_json_node (out, node);
}

/* Which of the batch's ops the desk pushed before, in one query. */
static gboolean
read_pushed (Push      *push,
             const Op  *ops,
             guint      n_ops,
             GError   **error)
{
  g_autoptr(GString) ids = g_string_new ("{");
  g_autoptr(PGresult) rows = NULL;
  const char *params[2];

  for (guint i = 0; i < n_ops; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", ops[i].op_id);
  g_string_append_c (ids, '}');
  params[0] = push->desk_id;
  params[1] = ids->str;
  rows = dd_server_db_exec (push->db, "changes_by_ops", 2, params, error);
  if (rows == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (rows); i++)
    {
      Pushed *pushed = g_new (Pushed, 1);

      pushed->server_seq = g_ascii_strtoll (PQgetvalue (rows, i, 1), NULL, 10);
      pushed->ver = g_ascii_strtoll (PQgetvalue (rows, i, 2), NULL, 10);
      g_hash_table_insert (push->pushed, g_strdup (PQgetvalue (rows, i, 0)), pushed);
    }
  return TRUE;
}

static void
add_record (Push   *push,
            Record *record)
{
  g_autofree char *id_key = g_strconcat (record->kind, " ", record->id, NULL);
  GPtrArray *owners = g_hash_table_lookup (push->owners, id_key);

  if (owners == NULL)
    {
      owners = g_ptr_array_new ();
      g_hash_table_insert (push->owners, g_steal_pointer (&id_key), owners);
    }
  g_ptr_array_add (owners, record);
  g_hash_table_insert (push->records, record_key (record->kind, record->owner, record->id), record);
}

/* Appends [@kind, @id] to @keys, a JSON array being written. */
static void
append_key (GString    *keys,
            const char *kind,
            const char *id)
{
  g_string_append (keys, keys->len > 1 ? ",[" : "[");
  append_json_string (keys, kind);
  g_string_append_c (keys, ',');
  append_json_string (keys, id);
  g_string_append_c (keys, ']');
}

/* Reads, in one query, every record the batch's ops write and every
 * parent record they name, whichever unit owns it. */
static gboolean
read_records (Push      *push,
              const Op  *ops,
              guint      n_ops,
              GError   **error)
{
  g_autoptr(GString) keys = g_string_new ("[");
  g_autoptr(PGresult) rows = NULL;
  const char *params[1];

  for (guint i = 0; i < n_ops; i++)
    {
      const Kind *kind = g_hash_table_lookup (push->kinds, ops[i].kind);

      append_key (keys, ops[i].kind, ops[i].record_id);
      if (kind != NULL && kind->parent_kind != NULL &&
          member_is (ops[i].payload, kind->parent_field, G_TYPE_STRING))
        append_key (keys, kind->parent_kind,
                    json_object_get_string_member (ops[i].payload, kind->parent_field));
    }
  g_string_append_c (keys, ']');
  params[0] = keys->str;
  rows = dd_server_db_exec (push->db, "records_read", 1, params, error);
  if (rows == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (rows); i++)
    {
      g_autoptr(JsonNode) fields = json_from_string (PQgetvalue (rows, i, 5), error);
      g_autoptr(JsonNode) stamps = json_from_string (PQgetvalue (rows, i, 6), error);
      Record *record;

      if (fields == NULL || stamps == NULL)
        return FALSE;
      record = g_new0 (Record, 1);
      record->kind = g_strdup (PQgetvalue (rows, i, 0));
      record->owner = g_strdup (PQgetvalue (rows, i, 1));
      record->id = g_strdup (PQgetvalue (rows, i, 2));
      record->ver = g_ascii_strtoll (PQgetvalue (rows, i, 3), NULL, 10);
      record->hlc = g_ascii_strtoll (PQgetvalue (rows, i, 4), NULL, 10);
      record->fields = json_object_ref (json_node_get_object (fields));
      record->stamps = json_object_ref (json_node_get_object (stamps));
      record->deleted = g_str_equal (PQgetvalue (rows, i, 7), "t");
      add_record (push, record);
    }
  return TRUE;
}

/* Appends the ack of @op_id to the answer; a @server_seq of 0 leaves the
 * sequence to be set when the batch is numbered. */
static JsonObject *
add_ack (Push       *push,
         const char *op_id,
         const char *status,
         gint64      server_seq,
         gint64      ver)
{
  JsonObject *ack = json_object_new ();

  json_object_set_string_member (ack, "op_id", op_id);
  json_object_set_string_member (ack, "status", status);
  if (server_seq > 0)
    {
      json_object_set_int_member (ack, "server_seq", server_seq);
      json_object_set_int_member (ack, "ver", ver);
    }
  json_array_add_object_element (push->acks, ack);
  return ack;
}

static void
add_duplicate (Push       *push,
               const Op   *op,
               gint64      server_seq,
               gint64      ver)
{
  add_ack (push, op->op_id, "duplicate", server_seq, ver);
  push->counts.duplicate++;
}

static void
reject (Push        *push,
        const Op    *op,
        const char  *reason,
        gboolean     retryable,
        const char  *detail)
{
  JsonObject *ack = add_ack (push, op->op_id, "rejected", 0, 0);

  json_object_set_string_member (ack, "reason", reason);
  json_object_set_boolean_member (ack, "retryable", retryable);
  json_object_set_string_member (ack, "detail", detail);
  g_hash_table_add (push->rejected, g_strconcat (op->kind, " ", op->record_id, NULL));
  push->counts.rejected++;
}

static gboolean
is_meta_field (const char *name)
{
  return g_str_equal (name, "ver") || g_str_equal (name, "hlc");
}

/* Fields no desk can change once the record exists. */
static gboolean
is_identity_field (const char *name)
{
  return g_str_equal (name, "id") || g_str_equal (name, "owner_unit");
}

static char *
node_text (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("null");
}

/* Stamps order by HLC, then by desk id. */
static int
compare_stamps (gint64      hlc_a,
                const char *desk_a,
                gint64      hlc_b,
                const char *desk_b)
{
  if (hlc_a != hlc_b)
    return hlc_a < hlc_b ? -1 : 1;
  return g_strcmp0 (desk_a, desk_b);
}

static void
set_stamp (JsonObject *stamps,
           const char *field,
           gint64      hlc,
           const char *desk_id,
           gint64      ver)
{
  JsonObject *stamp = json_object_new ();

  json_object_set_int_member (stamp, "hlc", hlc);
  json_object_set_string_member (stamp, "desk", desk_id);
  json_object_set_int_member (stamp, "ver", ver);
  json_object_set_object_member (stamps, field, stamp);
}

typedef struct
{
  char   *id;
  char   *field;
  char   *winner_value;
  char   *loser_value;
  char   *winner_desk;
  char   *loser_desk;
  gint64  winner_hlc;
  gint64  loser_hlc;
  gboolean mine_won;
} Conflict;

static void
conflict_free (gpointer data)
{
  Conflict *conflict = data;

  g_free (conflict->id);
  g_free (conflict->field);
  g_free (conflict->winner_value);
  g_free (conflict->loser_value);
  g_free (conflict->winner_desk);
  g_free (conflict->loser_desk);
  g_free (conflict);
}

/* Merges the op's fields into @fields field by field (version @ver).
 * A field another desk changed after @base_ver is a concurrent change:
 * the greater (HLC, desk id) wins and the loser goes to @conflicts. */
static void
merge_fields (Push       *push,
              const Kind *kind,
              const Op   *op,
              gint64      hlc,
              gint64      base_ver,
              gint64      ver,
              JsonObject *fields,
              JsonObject *stamps,
              GPtrArray  *conflicts)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, op->payload);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonNode *current = json_object_get_member (fields, name);
      JsonObject *stamp = NULL;
      const char *stamp_desk;
      gint64 stamp_hlc, stamp_ver;

      if (is_meta_field (name))
        continue;
      if (current != NULL && json_node_equal (current, value))
        continue;
      if (current != NULL &&
          (is_identity_field (name) || g_strv_contains ((const char * const *) kind->local_fields, name)))
        continue;

      if (json_object_has_member (stamps, name) &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (stamps, name)))
        stamp = json_object_get_object_member (stamps, name);
      stamp_desk = stamp != NULL ? json_object_get_string_member_with_default (stamp, "desk", "") : "";
      stamp_hlc = stamp != NULL ? json_object_get_int_member_with_default (stamp, "hlc", 0) : 0;
      stamp_ver = stamp != NULL ? json_object_get_int_member_with_default (stamp, "ver", 0) : 0;

      if (current != NULL && stamp != NULL && stamp_ver > base_ver &&
          g_strcmp0 (stamp_desk, push->desk_id) != 0)
        {
          Conflict *conflict = g_new0 (Conflict, 1);

          conflict->field = g_strdup (name);
          conflict->mine_won = compare_stamps (hlc, push->desk_id, stamp_hlc, stamp_desk) > 0;
          if (conflict->mine_won)
            {
              conflict->winner_value = node_text (value);
              conflict->winner_desk = g_strdup (push->desk_id);
              conflict->winner_hlc = hlc;
              conflict->loser_value = node_text (current);
              conflict->loser_desk = g_strdup (stamp_desk);
              conflict->loser_hlc = stamp_hlc;
            }
          else
            {
              conflict->winner_value = node_text (current);
              conflict->winner_desk = g_strdup (stamp_desk);
              conflict->winner_hlc = stamp_hlc;
              conflict->loser_value = node_text (value);
              conflict->loser_desk = g_strdup (push->desk_id);
              conflict->loser_hlc = hlc;
            }
          g_ptr_array_add (conflicts, conflict);
          if (!conflict->mine_won)
            continue;
        }
      json_object_set_member (fields, name, json_node_copy (value));
      set_stamp (stamps, name, hlc, push->desk_id, ver);
    }
}

static char *
object_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* Checks that the desk may write @op on a record owned by @owner. */
static gboolean
may_write (Push        *push,
           const Op    *op,
           const Kind  *kind,
           const char  *owner,
           const char **why,
           GError     **error)
{
  const char * const *path;
  gboolean is_ancestor = FALSE;

  path = unit_path (push, owner, error);
  if (path == NULL)
    return FALSE;
  *why = NULL;
  if (path[0] == NULL)
    {
      *why = "The owner unit is unknown.";
      return TRUE;
    }
  if (g_str_equal (owner, push->unit))
    return TRUE;
  for (guint i = 0; path[i] != NULL; i++)
    if (g_str_equal (path[i], push->unit))
      is_ancestor = TRUE;
  if (!is_ancestor)
    *why = "The record is owned by a unit outside this desk’s subtree.";
  else if (g_str_equal (op->op, "append") && kind->ancestor_append)
    return TRUE;
  else if (g_str_equal (op->op, "patch") && kind->ancestor_fields[0] != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;
      guint n = 0;

      json_object_iter_init (&iter, op->payload);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (is_meta_field (name) || is_identity_field (name))
            continue;
          if (!g_strv_contains ((const char * const *) kind->ancestor_fields, name))
            {
              *why = "An ancestor desk may not set this field of the record.";
              return TRUE;
            }
          n++;
        }
      if (n == 0)
        *why = "An ancestor desk’s patch must set a field it may set.";
    }
  else
    *why = "Only the owner unit writes this record.";
  return TRUE;
}

/* The unit that owns the record @op writes, or %NULL with *why set. */
static char *
resolve_owner (Push        *push,
               const Op    *op,
               const Kind  *kind,
               const char **why)
{
  g_autofree char *id_key = NULL;
  GPtrArray *owners;

  *why = NULL;
  if (kind->parent_kind != NULL)
    {
      JsonNode *parent = json_object_get_member (op->payload, kind->parent_field);

      if (parent == NULL || !JSON_NODE_HOLDS_VALUE (parent) ||
          json_node_get_value_type (parent) != G_TYPE_STRING)
        {
          *why = "The payload does not name the parent record.";
          return NULL;
        }
      id_key = g_strconcat (kind->parent_kind, " ", json_node_get_string (parent), NULL);
    }
  else if (op->owner_unit != NULL)
    return g_strdup (op->owner_unit);
  else if (member_is (op->payload, "owner_unit", G_TYPE_STRING) &&
           *json_object_get_string_member (op->payload, "owner_unit") != '\0')
    return g_strdup (json_object_get_string_member (op->payload, "owner_unit"));
  else if (g_str_equal (op->op, "insert") || g_str_equal (op->op, "append"))
    return g_strdup (push->unit);
  else
    id_key = g_strconcat (op->kind, " ", op->record_id, NULL);

  /* read by read_records (), or written earlier in the batch */
  owners = g_hash_table_lookup (push->owners, id_key);
  if (owners != NULL && owners->len == 1)
    return g_strdup (((Record *) owners->pdata[0])->owner);
  if (kind->parent_kind != NULL)
    *why = "The parent record is not known to the server.";
  else
    return g_strdup (push->unit);
  return NULL;
}

/* Failpoints, for the fault tests only (the hidden --failpoint NAME):
 * the process ends at once, as if killed, at that point. */
static const char * const failpoint_names[] = { "before-commit", "after-commit", "mid-pull-page" };
static char *failpoint;

gboolean
dd_server_set_failpoint (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (failpoint_names); i++)
    if (g_strcmp0 (name, failpoint_names[i]) == 0)
      {
        g_free (failpoint);
        failpoint = g_strdup (name);
        return TRUE;
      }
  return FALSE;
}

static void
failpoint_reached (const char *name)
{
  if (failpoint != NULL && g_str_equal (failpoint, name))
    {
      fprintf (stderr, "duty-desk-server: failpoint %s reached\n", name);
      fflush (stderr);
      _exit (DD_SERVER_FAILPOINT_STATUS);
    }
}

/* An op that wrote a record, numbered when the batch commits. */
typedef struct
{
  const Op   *op;
  JsonObject *ack;        /* in Push.acks */
  Record     *record;     /* in Push.records */
  char       *owner;
  gint64      ver;
  gint64      hlc;
  JsonObject *fields;
  gboolean    deleted;
  gboolean    flagged;
  GPtrArray  *conflicts;  /* Conflict */
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->owner);
  g_clear_pointer (&change->fields, json_object_unref);
  g_clear_pointer (&change->conflicts, g_ptr_array_unref);
  g_free (change);
}

/* The conflicts of an ack, as the desk sees them ("mine" is its value). */
static void
add_ack_conflicts (JsonObject *ack,
                   GPtrArray  *conflicts)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < conflicts->len; i++)
    {
      Conflict *conflict = conflicts->pdata[i];
      JsonObject *object = json_object_new ();
      const char *mine = conflict->mine_won ? conflict->winner_value : conflict->loser_value;
      const char *theirs = conflict->mine_won ? conflict->loser_value : conflict->winner_value;

      json_object_set_string_member (object, "id", conflict->id);
      json_object_set_string_member (object, "field", conflict->field);
      json_object_set_member (object, "mine", json_from_string (mine, NULL));
      json_object_set_member (object, "theirs", json_from_string (theirs, NULL));
      json_object_set_string_member (object, "winner", conflict->mine_won ? "mine" : "theirs");
      json_object_set_string_member (object, "other_desk",
                                     conflict->mine_won ? conflict->loser_desk : conflict->winner_desk);
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (ack, "conflicts", array);
}

/* A deep copy of @object. */
static JsonObject *
object_copy (JsonObject *object)
{
  g_autofree char *text = object_text (object);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (node));
}

/* Applies one op inside the push transaction to the batch's copy of its
 * record and adds its ack; the record is written, and its change numbered
 * and logged, when the batch commits. */
static gboolean
apply_op (Push         *push,
          const Op     *op,
          GError      **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (conflict_free);
  g_autofree char *key = g_strconcat (op->kind, " ", op->record_id, NULL);
  g_autofree char *owner = NULL;
  g_autofree char *owner_key = NULL;
  g_autofree char *op_key = NULL;
  const char *why = NULL;
  const Kind *kind;
  const Pushed *pushed;
  Record *record;
  Change *change;
  gboolean deleted, flagged = FALSE;
  gboolean append_only;
  gint64 ver, hlc;

  op_key = g_ascii_strdown (op->op_id, -1);   /* as PostgreSQL writes a uuid */
  pushed = g_hash_table_lookup (push->pushed, op_key);
  if (pushed != NULL)
    {
      add_duplicate (push, op, pushed->server_seq, pushed->ver);
      return TRUE;
    }

  kind = g_hash_table_lookup (push->kinds, op->kind);
  if (kind == NULL)
    {
      reject (push, op, "unknown_kind", FALSE, "The server does not know this record kind.");
      return TRUE;
    }
  if (g_hash_table_contains (push->rejected, key))
    {
      reject (push, op, "parked", TRUE, "An earlier op of the same record was rejected.");
      return TRUE;
    }

  owner = resolve_owner (push, op, kind, &why);
  if (owner == NULL)
    {
      reject (push, op, "invalid", TRUE, why);
      return TRUE;
    }
  if (!may_write (push, op, kind, owner, &why, error))
    return FALSE;
  if (why != NULL)
    {
      reject (push, op, "out_of_scope", FALSE, why);
      return TRUE;
    }

  append_only = g_str_equal (kind->policy, "append_only");
  if (append_only && (g_str_equal (op->op, "patch") || g_str_equal (op->op, "delete")))
    {
      reject (push, op, "invalid", FALSE, "Records of this kind are append-only.");
      return TRUE;
    }

  owner_key = record_key (op->kind, owner, op->record_id);
  record = g_hash_table_lookup (push->records, owner_key);

  /* Never refused for a wrong clock: far-future stamps are flagged and
   * ordered by when the server received them. */
  if (dd_hlc_get_ms ((DdHlc) op->hlc) > push->now_ms + FUTURE_LIMIT_MS)
    {
      flagged = TRUE;
      push->hlc = dd_hlc_tick (push->hlc, push->now_ms);
      hlc = (gint64) push->hlc;
    }
  else
    {
      push->hlc = dd_hlc_receive (push->hlc, (DdHlc) op->hlc, push->now_ms);
      hlc = op->hlc;
    }

  if (record != NULL && append_only)
    {
      /* the same row appended again under another op id */
      const char *params[3] = { op->kind, owner, op->record_id };
      g_autoptr(PGresult) first = dd_server_db_exec (push->db, "change_by_record", 3, params, error);

      if (first == NULL)
        return FALSE;
      if (PQntuples (first) > 0)
        add_duplicate (push, op, g_ascii_strtoll (PQgetvalue (first, 0, 0), NULL, 10),
                       g_ascii_strtoll (PQgetvalue (first, 0, 1), NULL, 10));
      else
        add_duplicate (push, op, 0, 1);
      return TRUE;
    }

  if (record == NULL && (g_str_equal (op->op, "patch") || g_str_equal (op->op, "delete")))
    {
      reject (push, op, "invalid", TRUE, "The server has no such record.");
      return TRUE;
    }
  if (record != NULL && record->deleted)
    {
      reject (push, op, "invalid", FALSE, "The record has been deleted.");
      return TRUE;
    }
  if (record != NULL && g_str_equal (kind->policy, "single_writer") &&
      (g_str_equal (op->op, "patch") || g_str_equal (op->op, "delete")) && op->base_ver != record->ver)
    {
      g_autofree char *detail = g_strdup_printf ("The record is at version %" G_GINT64_FORMAT
                                                 ", the op was made on version %" G_GINT64_FORMAT ".",
                                                 record->ver, op->base_ver);

      reject (push, op, "stale_base", FALSE, detail);
      return TRUE;
    }

  if (record == NULL)
    {
      record = g_new0 (Record, 1);
      record->kind = g_strdup (op->kind);
      record->owner = g_strdup (owner);
      record->id = g_strdup (op->record_id);
      record->fields = json_object_new ();
      record->stamps = json_object_new ();
      add_record (push, record);
    }
  else if (record->fields_shared)
    {
      /* an earlier change of the batch keeps the state it made */
      JsonObject *fields = object_copy (record->fields);

      json_object_unref (record->fields);
      record->fields = fields;
      record->fields_shared = FALSE;
    }

  ver = record->ver + 1;
  deleted = g_str_equal (op->op, "delete");
  if (!deleted)
    merge_fields (push, kind, op, hlc, g_str_equal (op->op, "insert") ? 0 : op->base_ver, ver,
                  record->fields, record->stamps, conflicts);

  for (guint i = 0; i < conflicts->len; i++)
    {
      Conflict *conflict = conflicts->pdata[i];

      conflict->id = dd_uuid7_new (push->now_ms);
    }

  if (!record->written)
    g_ptr_array_add (push->written, record);
  record->written = TRUE;
  record->ver = ver;
  record->hlc = hlc;
  record->deleted = deleted;
  record->fields_shared = TRUE;

  change = g_new0 (Change, 1);
  change->op = op;
  change->ack = add_ack (push, op->op_id, conflicts->len > 0 ? "conflict_recorded" : "applied", 0, 0);
  change->record = record;
  change->owner = g_steal_pointer (&owner);
  change->ver = ver;
  change->hlc = hlc;
  change->fields = json_object_ref (record->fields);
  change->deleted = deleted;
  change->flagged = flagged;
  change->conflicts = g_steal_pointer (&conflicts);
  g_ptr_array_add (push->changes, change);
  if (flagged)
    json_object_set_boolean_member (change->ack, "flagged", TRUE);
  if (change->conflicts->len > 0)
    {
      add_ack_conflicts (change->ack, change->conflicts);
      push->counts.conflict_recorded++;
    }
  else
    push->counts.applied++;
  return TRUE;
}

static char *
format_time_ms (gint64 unix_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_ms / 1000);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* Takes advisory locks on every record the batch names, in one order
 * shared by every push, so two batches never wait on each other in a
 * cycle; released at commit. */
static gboolean
lock_records (Push      *push,
              const Op  *ops,
              guint      n_ops,
              GError   **error)
{
  g_autoptr(GString) keys = g_string_new ("[");
  g_autoptr(PGresult) locked = NULL;
  const char *params[1];

  for (guint i = 0; i < n_ops; i++)
    {
      g_autofree char *key = g_strconcat (ops[i].kind, " ", ops[i].record_id, NULL);

      g_string_append (keys, i > 0 ? "," : "");
      append_json_string (keys, key);
    }
  g_string_append_c (keys, ']');
  params[0] = keys->str;
  locked = dd_server_db_exec (push->db, "records_lock", 1, params, error);
  return locked != NULL;
}

/* Writes the records the batch changed, in one statement. */
static gboolean
write_records (Push    *push,
               GError **error)
{
  g_autoptr(GString) rows = g_string_new ("[");
  g_autoptr(PGresult) written = NULL;
  const char *params[1];

  for (guint i = 0; i < push->written->len; i++)
    {
      Record *record = push->written->pdata[i];

      g_string_append_printf (rows, "%s{\"ver\":%" G_GINT64_FORMAT ",\"hlc\":%" G_GINT64_FORMAT
                              ",\"last_seq\":%" G_GINT64_FORMAT ",\"deleted\":%s", i > 0 ? "," : "",
                              record->ver, record->hlc, record->last_seq, record->deleted ? "true" : "false");
      append_string_member (rows, "record_kind", record->kind);
      append_string_member (rows, "owner_unit", record->owner);
      append_string_member (rows, "record_id", record->id);
      append_object_member (rows, "fields", record->fields);
      append_object_member (rows, "stamps", record->stamps);
      g_string_append_c (rows, '}');
    }
  g_string_append_c (rows, ']');
  params[0] = rows->str;
  written = dd_server_db_exec (push->db, "records_write", 1, params, error);
  return written != NULL;
}

/* Numbers the batch's changes under the change_seq row lock, logs them
 * with their conflicts, writes the records they changed, and sets the
 * acks' sequence numbers. The lock is
 * held to commit: sequence order is commit order. */
static gboolean
number_changes (Push     *push,
                gint64   *last_seq,
                GError  **error)
{
  g_autoptr(PGresult) seq = NULL;
  g_autoptr(GString) rows = g_string_new ("[");
  g_autoptr(JsonArray) conflict_rows = json_array_new ();
  g_autofree char *last_text = NULL;
  g_autofree char *hlc_text = NULL;
  const char *params[2];
  gint64 first;
  DdHlc hlc;

  seq = dd_server_db_exec (push->db, "seq_lock", 0, NULL, error);
  if (seq == NULL)
    return FALSE;
  first = g_ascii_strtoll (PQgetvalue (seq, 0, 0), NULL, 10);
  hlc = (DdHlc) g_ascii_strtoll (PQgetvalue (seq, 0, 1), NULL, 10);
  /* another process may have moved the clock on since the batch began */
  push->hlc = MAX (push->hlc, hlc);

  for (guint i = 0; i < push->changes->len; i++)
    {
      Change *change = push->changes->pdata[i];
      gint64 number = first + i + 1;

      json_object_set_int_member (change->ack, "server_seq", number);
      json_object_set_int_member (change->ack, "ver", change->ver);
      change->record->last_seq = number;

      g_string_append_printf (rows, "%s{\"server_seq\":%" G_GINT64_FORMAT ",\"desk_seq\":%" G_GINT64_FORMAT
                              ",\"ver\":%" G_GINT64_FORMAT ",\"hlc\":%" G_GINT64_FORMAT
                              ",\"flagged\":%s,\"deleted\":%s", i > 0 ? "," : "", number,
                              change->op->desk_seq, change->ver, change->hlc,
                              change->flagged ? "true" : "false", change->deleted ? "true" : "false");
      append_string_member (rows, "desk_id", push->desk_id);
      append_string_member (rows, "op_id", change->op->op_id);
      append_string_member (rows, "op", change->op->op);
      append_string_member (rows, "record_kind", change->op->kind);
      append_string_member (rows, "record_id", change->op->record_id);
      append_string_member (rows, "owner_unit", change->owner);
      append_object_member (rows, "payload", change->op->payload);
      append_object_member (rows, "state", change->fields);
      g_string_append_c (rows, '}');

      for (guint c = 0; c < change->conflicts->len; c++)
        {
          Conflict *conflict = change->conflicts->pdata[c];
          JsonObject *crow = json_object_new ();

          json_object_set_string_member (crow, "id", conflict->id);
          json_object_set_string_member (crow, "record_kind", change->op->kind);
          json_object_set_string_member (crow, "owner_unit", change->owner);
          json_object_set_string_member (crow, "record_id", change->op->record_id);
          json_object_set_string_member (crow, "field", conflict->field);
          json_object_set_string_member (crow, "winner_value", conflict->winner_value);
          json_object_set_string_member (crow, "loser_value", conflict->loser_value);
          json_object_set_string_member (crow, "winner_desk", conflict->winner_desk);
          json_object_set_string_member (crow, "loser_desk", conflict->loser_desk);
          json_object_set_int_member (crow, "winner_hlc", conflict->winner_hlc);
          json_object_set_int_member (crow, "loser_hlc", conflict->loser_hlc);
          json_object_set_int_member (crow, "server_seq", number);
          json_array_add_object_element (conflict_rows, crow);
        }
    }

  g_string_append_c (rows, ']');
  if (push->changes->len > 0)
    {
      g_autoptr(PGresult) inserted = NULL;

      params[0] = rows->str;
      inserted = dd_server_db_exec (push->db, "changes_insert", 1, params, error);
      if (inserted == NULL)
        return FALSE;
      if (json_array_get_length (conflict_rows) > 0)
        {
          g_autofree char *conflicts_text = array_text (conflict_rows);
          g_autoptr(PGresult) recorded = NULL;

          params[0] = conflicts_text;
          recorded = dd_server_db_exec (push->db, "conflicts_insert", 1, params, error);
          if (recorded == NULL)
            return FALSE;
        }
      if (!write_records (push, error))
        return FALSE;
      last_text = g_strdup_printf ("%" G_GINT64_FORMAT, first + push->changes->len);
    }
  else
    last_text = g_strdup_printf ("%" G_GINT64_FORMAT, first);

  hlc_text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) push->hlc);
  params[0] = last_text;
  params[1] = hlc_text;
  {
    g_autoptr(PGresult) set = dd_server_db_exec (push->db, "seq_set", 2, params, error);
    g_autoptr(PGresult) notified = NULL;

    if (set == NULL)
      return FALSE;
    if (push->changes->len > 0)
      {
        notified = dd_server_db_exec (push->db, "notify", 1, params, error);
        if (notified == NULL)
          return FALSE;
      }
  }
  *last_seq = push->changes->len > 0 ? first + push->changes->len : 0;
  return TRUE;
}

/* One attempt at the batch in one transaction; FALSE after rolling back. */
static gboolean
push_transaction (Push        *push,
                  JsonObject  *request,
                  const Op    *ops,
                  guint        n_ops,
                  gint64      *last_seq,
                  GError     **error)
{
  g_autoptr(PGresult) lock = NULL;
  g_autoptr(PGresult) clock = NULL;
  const char *params[1];

  if (!dd_server_db_begin (push->db, error))
    return FALSE;
  params[0] = push->desk_id;
  lock = dd_server_db_exec (push->db, "push_lock", 1, params, error);
  if (lock == NULL)
    goto failed;
  if (!g_str_equal (PQgetvalue (lock, 0, 0), "t"))
    {
      dd_server_db_rollback (push->db);
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_BUSY,
                           "Another push of this desk is running.");
      return FALSE;
    }
  /* The server's clock as last committed; merged again under the
   * sequence lock at the end. */
  clock = dd_server_db_exec (push->db, "seq_last", 0, NULL, error);
  if (clock == NULL || !lock_records (push, ops, n_ops, error) || !load_kinds (push, error) ||
      !read_pushed (push, ops, n_ops, error) || !read_records (push, ops, n_ops, error))
    goto failed;
  push->hlc = (DdHlc) g_ascii_strtoll (PQgetvalue (clock, 0, 1), NULL, 10);
  g_free (push->epoch);
  push->epoch = g_strdup (PQgetvalue (clock, 0, 2));
  if (json_object_has_member (request, "hlc") &&
      dd_hlc_get_ms ((DdHlc) json_object_get_int_member (request, "hlc")) <= push->now_ms + FUTURE_LIMIT_MS)
    push->hlc = dd_hlc_receive (push->hlc, (DdHlc) json_object_get_int_member (request, "hlc"), push->now_ms);
  else
    push->hlc = dd_hlc_tick (push->hlc, push->now_ms);

  for (guint i = 0; i < n_ops; i++)
    if (!apply_op (push, &ops[i], error))
      goto failed;
  if (!number_changes (push, last_seq, error))
    goto failed;
  failpoint_reached ("before-commit");
  if (!dd_server_db_commit (push->db, error))
    goto failed;
  failpoint_reached ("after-commit");
  return TRUE;

failed:
  dd_server_db_rollback (push->db);
  return FALSE;
}

JsonNode *
dd_server_push (DdServerDb          *db,
                const char          *desk_id,
                const char          *unit,
                JsonObject          *request,
                DdServerPushCounts  *counts,
                gint64              *last_seq,
                GError             **error)
{
  g_autoptr(JsonBuilder) answer = json_builder_new ();
  g_autofree Op *ops = NULL;
  g_autoptr(GHashTable) op_ids = NULL;
  g_autofree char *now_text = NULL;
  JsonArray *array;
  guint n_ops;
  gint64 last = 0;

  if (!member_is (request, "schema_version", G_TYPE_INT64))
    {
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                           "“schema_version” must be an integer.");
      return NULL;
    }
  if (json_object_get_int_member (request, "schema_version") != DD_SYNC_SCHEMA_VERSION)
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_PROTOCOL,
                   "This server speaks schema_version %d.", DD_SYNC_SCHEMA_VERSION);
      return NULL;
    }
  if (!member_is (request, "desk_id", G_TYPE_STRING))
    {
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                           "“desk_id” must be a string.");
      return NULL;
    }
  if (g_strcmp0 (json_object_get_string_member (request, "desk_id"), desk_id) != 0)
    {
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_OUT_OF_SCOPE,
                           "The body names another desk than the token.");
      return NULL;
    }
  if (json_object_has_member (request, "hlc") && !member_is (request, "hlc", G_TYPE_INT64))
    {
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                           "“hlc” must be an integer.");
      return NULL;
    }
  if (!json_object_has_member (request, "ops") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (request, "ops")))
    {
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                           "“ops” must be an array.");
      return NULL;
    }
  array = json_object_get_array_member (request, "ops");
  n_ops = json_array_get_length (array);
  if (n_ops > DD_SYNC_MAX_BATCH)
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                   "A batch holds at most %d ops.", DD_SYNC_MAX_BATCH);
      return NULL;
    }
  ops = g_new0 (Op, MAX (n_ops, 1));
  op_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n_ops; i++)
    {
      if (!parse_op (json_array_get_element (array, i), i, &ops[i], error))
        return NULL;
      if (i > 0 && ops[i].desk_seq <= ops[i - 1].desk_seq)
        {
          invalid (error, i, "“desk_seq” must increase within a batch");
          return NULL;
        }
      if (!g_hash_table_add (op_ids, g_ascii_strdown (ops[i].op_id, -1)))
        {
          invalid (error, i, "“op_id” appears twice in the batch");
          return NULL;
        }
    }

  /* A deadlock or serialization failure leaves nothing behind: the batch
   * runs again from the start. */
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, kind_free);
      g_autoptr(GHashTable) paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_strfreev);
      g_autoptr(GHashTable) rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) pushed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(GHashTable) records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, record_free);
      g_autoptr(GHashTable) owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) g_ptr_array_unref);
      g_autoptr(GPtrArray) written = g_ptr_array_new ();
      g_autoptr(JsonArray) acks = json_array_new ();
      g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (change_free);
      g_autoptr(GError) local_error = NULL;
      Push push = { 0 };
      gboolean applied;
      const char *state;

      push.db = db;
      push.desk_id = desk_id;
      push.unit = unit;
      push.kinds = kinds;
      push.paths = paths;
      push.rejected = rejected;
      push.pushed = pushed;
      push.records = records;
      push.owners = owners;
      push.written = written;
      push.acks = acks;
      push.changes = changes;
      push.now_ms = g_get_real_time () / 1000;

      applied = push_transaction (&push, request, ops, n_ops, &last, &local_error);
      if (applied)
        {
          json_builder_begin_object (answer);
          json_builder_set_member_name (answer, "acks");
          json_builder_add_value (answer, json_node_init_array (json_node_alloc (), acks));
          now_text = format_time_ms (push.now_ms);
          json_builder_set_member_name (answer, "server_time");
          json_builder_add_string_value (answer, now_text);
          json_builder_set_member_name (answer, "hlc");
          json_builder_add_int_value (answer, (gint64) push.hlc);
          json_builder_set_member_name (answer, "server_epoch");
          json_builder_add_string_value (answer, push.epoch);
          if (counts != NULL)
            *counts = push.counts;
        }
      g_free (push.epoch);
      if (applied)
        break;
      state = dd_server_db_get_sqlstate (db);
      if (attempt < PUSH_ATTEMPTS && (g_str_equal (state, "40P01") || g_str_equal (state, "40001")))
        continue;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  json_builder_end_object (answer);
  if (last_seq != NULL)
    *last_seq = last;
  return json_builder_get_root (answer);
}

/* ---------------------------------------------------------------- pull */

/* The conflicts of the change numbered @seq, from the rows of
 * conflicts_in at *@row on. Their values are jsonb text from PostgreSQL,
 * valid JSON as they are. */
static void
append_conflicts (GString    *out,
                  PGresult   *conflicts,
                  int        *row,
                  const char *seq)
{
  static const char * const names[] = {
    NULL, "id", "record_kind", "owner_unit", "record_id", "field", "winner_value",
    "loser_value", "winner_desk", "loser_desk", "winner_hlc", "loser_hlc",
  };
  gboolean open = FALSE;

  while (*row < PQntuples (conflicts) && g_str_equal (PQgetvalue (conflicts, *row, 0), seq))
    {
      g_string_append (out, open ? "},{" : ",\"conflicts\":[{");
      open = TRUE;
      for (guint c = 1; c < G_N_ELEMENTS (names); c++)
        {
          const char *value = PQgetvalue (conflicts, *row, (int) c);

          g_string_append_printf (out, "%s\"%s\":", c > 1 ? "," : "", names[c]);
          if (c == 6 || c == 7 || c >= 10)
            g_string_append (out, value);
          else
            append_json_string (out, value);
        }
      (*row)++;
    }
  if (open)
    g_string_append (out, "}]");
}

/* The sequence numbers (a PostgreSQL array) of the first @limit changes
 * in @unit's scope after @after, up to @until. They are looked for in
 * windows of the sequence that double in width from @limit, so that every
 * query reads at most its window, whatever PostgreSQL believes of the
 * table (right after a burst of pushes it has no statistics of them yet,
 * and would read and sort every change after @after for each page).
 * @last is the last one found. */
static char *
select_changes (DdServerDb  *db,
                const char  *unit,
                gint64       after,
                gint64       until,
                guint        limit,
                guint       *n,
                gint64      *last,
                GError     **error)
{
  g_autoptr(GString) seqs = g_string_new ("{");
  gint64 width = MAX (limit, 1);

  *n = 0;
  while (*n < limit && after < until)
    {
      gint64 to = until - after > width ? after + width : until;
      g_autofree char *after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
      g_autofree char *to_text = g_strdup_printf ("%" G_GINT64_FORMAT, to);
      g_autofree char *limit_text = g_strdup_printf ("%u", limit - *n);
      const char *params[4] = { unit, after_text, to_text, limit_text };
      g_autoptr(PGresult) rows = dd_server_db_exec (db, "pull_seqs", 4, params, error);

      if (rows == NULL)
        return NULL;
      for (int i = 0; i < PQntuples (rows); i++)
        {
          g_string_append_printf (seqs, "%s%s", *n > 0 ? "," : "", PQgetvalue (rows, i, 0));
          *last = g_ascii_strtoll (PQgetvalue (rows, i, 0), NULL, 10);
          (*n)++;
        }
      after = to;
      width *= 2;
    }
  g_string_append_c (seqs, '}');
  return g_string_free (g_steal_pointer (&seqs), FALSE);
}

char *
dd_server_pull (DdServerDb   *db,
                const char   *desk_id,
                const char   *unit,
                const char   *cursor,
                guint         limit,
                guint        *n_changes,
                char        **cursor_out,
                char        **epoch_out,
                GError      **error)
{
  g_autoptr(PGresult) last = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(PGresult) conflicts = NULL;
  g_autoptr(GString) page = NULL;
  g_autofree char *seqs = NULL;
  g_autofree char *next = NULL;
  g_autofree char *cursor_epoch = NULL;
  g_autofree char *now_text = NULL;
  const char *epoch;
  const char *params[2];
  gint64 after = 0, until, last_seq = 0;
  guint n = 0;
  gboolean full;
  int conflict_row = 0;

  last = dd_server_db_exec (db, "seq_last", 0, NULL, error);
  if (last == NULL)
    return NULL;
  until = g_ascii_strtoll (PQgetvalue (last, 0, 0), NULL, 10);
  epoch = PQgetvalue (last, 0, 2);
  if (epoch_out != NULL)
    *epoch_out = g_strdup (epoch);

  if (cursor != NULL)
    {
      if (!dd_sync_cursor_parse (cursor, &cursor_epoch, &after))
        {
          g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                               "“cursor” must be EPOCH:SEQ.");
          return NULL;
        }
      if (g_ascii_strcasecmp (cursor_epoch, epoch) != 0 || after > until)
        {
          g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_RESYNC,
                               "The cursor is from another server epoch: download again.");
          return NULL;
        }
      /* tombstones it has not seen were purged */
      if (after < g_ascii_strtoll (PQgetvalue (last, 0, 3), NULL, 10))
        {
          g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_RESYNC,
                               "The cursor is older than the purge horizon: download again.");
          return NULL;
        }
      if (desk_id != NULL)
        {
          g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
          g_autoptr(PGresult) pulled = NULL;

          params[0] = desk_id;
          params[1] = seq_text;
          pulled = dd_server_db_exec (db, "desk_pulled", 2, params, error);
          if (pulled == NULL)
            return NULL;
        }
    }

  if (!(seqs = select_changes (db, unit, after, until, limit, &n, &last_seq, error)))
    return NULL;
  full = n == limit;
  if (n > 0)
    {
      params[0] = seqs;
      rows = dd_server_db_exec (db, "pull_rows", 1, params, error);
      if (rows == NULL)
        return NULL;
      conflicts = dd_server_db_exec (db, "conflicts_in", 1, params, error);
      if (conflicts == NULL)
        return NULL;
      /* a change purged since it was selected is simply left out */
      n = (guint) PQntuples (rows);
    }

  /* a full page stops at its last change; else every change up to the
   * snapshot has been examined */
  next = dd_sync_cursor_format (epoch, full ? last_seq : until);
  now_text = format_time_ms (g_get_real_time () / 1000);

  /* Written out here rather than through a JsonBuilder: each change's
   * fields are PostgreSQL's jsonb text, which goes in as it is instead of
   * being parsed into a tree and written out again. */
  page = g_string_sized_new (256 + (gsize) n * 512);
  g_string_append (page, "{\"cursor\":");
  append_json_string (page, next);
  g_string_append_printf (page, ",\"more\":%s,\"hlc\":%s", full ? "true" : "false",
                          PQgetvalue (last, 0, 1));
  append_string_member (page, "server_epoch", epoch);
  append_string_member (page, "server_time", now_text);
  g_string_append (page, ",\"changes\":[");
  for (guint i = 0; i < n; i++)
    {
      if (i == n / 2)
        failpoint_reached ("mid-pull-page");
      g_string_append_printf (page, "%s{\"server_seq\":%s", i > 0 ? "," : "", PQgetvalue (rows, i, 0));
      append_string_member (page, "record_kind", PQgetvalue (rows, i, 1));
      append_string_member (page, "record_id", PQgetvalue (rows, i, 2));
      append_string_member (page, "owner_unit", PQgetvalue (rows, i, 3));
      append_string_member (page, "op", PQgetvalue (rows, i, 4));
      g_string_append_printf (page, ",\"ver\":%s,\"hlc\":%s", PQgetvalue (rows, i, 5),
                              PQgetvalue (rows, i, 6));
      append_string_member (page, "desk_id", PQgetvalue (rows, i, 7));
      g_string_append_printf (page, ",\"fields\":%s,\"deleted\":%s", PQgetvalue (rows, i, 8),
                              g_str_equal (PQgetvalue (rows, i, 9), "t") ? "true" : "false");
      if (g_str_equal (PQgetvalue (rows, i, 10), "t"))
        g_string_append (page, ",\"flagged\":true");
      append_conflicts (page, conflicts, &conflict_row, PQgetvalue (rows, i, 0));
      g_string_append_c (page, '}');
    }
  g_string_append (page, "]}");

  if (n_changes != NULL)
    *n_changes = n;
  if (cursor_out != NULL)
    *cursor_out = g_steal_pointer (&next);
  return g_string_free (g_steal_pointer (&page), FALSE);
}
