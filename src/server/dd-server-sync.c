/* dd-server-sync.c: applying push batches and reading pull pages
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dd-hlc.h"
#include "dd-server-private.h"
#include "dd-sync-codec.h"
#include "dd-uuid.h"

/* Ops stamped further ahead of the server's clock are flagged. */
#define FUTURE_LIMIT_MS ((gint64) 5 * 60 * 1000)

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

typedef struct
{
  DdServerDb         *db;
  const char         *desk_id;
  const char         *unit;
  GHashTable         *kinds;      /* kind → Kind */
  GHashTable         *paths;      /* unit → GStrv, root first */
  GHashTable         *rejected;   /* "kind id" of rejected ops */
  gint64              last_seq;
  DdHlc               hlc;
  gint64              now_ms;
  gboolean            wrote;
  DdServerPushCounts *counts;
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

static void
add_ack (JsonBuilder *acks,
         const char  *op_id,
         const char  *status,
         gint64       server_seq,
         gint64       ver)
{
  json_builder_begin_object (acks);
  json_builder_set_member_name (acks, "op_id");
  json_builder_add_string_value (acks, op_id);
  json_builder_set_member_name (acks, "status");
  json_builder_add_string_value (acks, status);
  if (server_seq > 0)
    {
      json_builder_set_member_name (acks, "server_seq");
      json_builder_add_int_value (acks, server_seq);
      json_builder_set_member_name (acks, "ver");
      json_builder_add_int_value (acks, ver);
    }
}

static void
reject (Push        *push,
        JsonBuilder *acks,
        const Op    *op,
        const char  *reason,
        gboolean     retryable,
        const char  *detail)
{
  add_ack (acks, op->op_id, "rejected", 0, 0);
  json_builder_set_member_name (acks, "reason");
  json_builder_add_string_value (acks, reason);
  json_builder_set_member_name (acks, "retryable");
  json_builder_add_boolean_value (acks, retryable);
  json_builder_set_member_name (acks, "detail");
  json_builder_add_string_value (acks, detail);
  json_builder_end_object (acks);
  g_hash_table_add (push->rejected, g_strconcat (op->kind, " ", op->record_id, NULL));
  push->counts->rejected++;
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
               const char **why,
               GError     **error)
{
  const char *params[2];
  g_autoptr(PGresult) rows = NULL;

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
      params[0] = kind->parent_kind;
      params[1] = json_node_get_string (parent);
    }
  else if (op->owner_unit != NULL)
    return g_strdup (op->owner_unit);
  else if (member_is (op->payload, "owner_unit", G_TYPE_STRING) &&
           *json_object_get_string_member (op->payload, "owner_unit") != '\0')
    return g_strdup (json_object_get_string_member (op->payload, "owner_unit"));
  else if (g_str_equal (op->op, "insert") || g_str_equal (op->op, "append"))
    return g_strdup (push->unit);
  else
    {
      params[0] = op->kind;
      params[1] = op->record_id;
    }

  rows = dd_server_db_exec (push->db, "record_owner", 2, params, error);
  if (rows == NULL)
    return NULL;
  if (PQntuples (rows) == 1)
    return g_strdup (PQgetvalue (rows, 0, 0));
  if (kind->parent_kind != NULL)
    *why = "The parent record is not known to the server.";
  else
    return g_strdup (push->unit);
  return NULL;
}

static gboolean
insert_conflicts (Push       *push,
                  const Op   *op,
                  const char *owner,
                  gint64      seq,
                  GPtrArray  *conflicts,
                  JsonBuilder *acks,
                  GError    **error)
{
  g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);

  json_builder_set_member_name (acks, "conflicts");
  json_builder_begin_array (acks);
  for (guint i = 0; i < conflicts->len; i++)
    {
      Conflict *conflict = conflicts->pdata[i];
      g_autofree char *id = dd_uuid7_new (push->now_ms);
      g_autofree char *winner_hlc = g_strdup_printf ("%" G_GINT64_FORMAT, conflict->winner_hlc);
      g_autofree char *loser_hlc = g_strdup_printf ("%" G_GINT64_FORMAT, conflict->loser_hlc);
      g_autoptr(PGresult) done = NULL;
      g_autoptr(JsonNode) mine = NULL;
      g_autoptr(JsonNode) theirs = NULL;
      const char *params[12] = {
        id, op->kind, owner, op->record_id, conflict->field, conflict->winner_value,
        conflict->loser_value, conflict->winner_desk, conflict->loser_desk, winner_hlc,
        loser_hlc, seq_text,
      };

      done = dd_server_db_exec (push->db, "conflict_insert", 12, params, error);
      if (done == NULL)
        return FALSE;

      mine = json_from_string (conflict->mine_won ? conflict->winner_value : conflict->loser_value, NULL);
      theirs = json_from_string (conflict->mine_won ? conflict->loser_value : conflict->winner_value, NULL);
      json_builder_begin_object (acks);
      json_builder_set_member_name (acks, "id");
      json_builder_add_string_value (acks, id);
      json_builder_set_member_name (acks, "field");
      json_builder_add_string_value (acks, conflict->field);
      json_builder_set_member_name (acks, "mine");
      json_builder_add_value (acks, g_steal_pointer (&mine));
      json_builder_set_member_name (acks, "theirs");
      json_builder_add_value (acks, g_steal_pointer (&theirs));
      json_builder_set_member_name (acks, "winner");
      json_builder_add_string_value (acks, conflict->mine_won ? "mine" : "theirs");
      json_builder_set_member_name (acks, "other_desk");
      json_builder_add_string_value (acks, conflict->mine_won ? conflict->loser_desk : conflict->winner_desk);
      json_builder_end_object (acks);
    }
  json_builder_end_array (acks);
  return TRUE;
}

/* Applies one op inside the push transaction and adds its ack. */
static gboolean
apply_op (Push         *push,
          const Op     *op,
          JsonBuilder  *acks,
          GError      **error)
{
  g_autoptr(PGresult) dup = NULL;
  g_autoptr(PGresult) record = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) stamps = NULL;
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (conflict_free);
  g_autofree char *key = g_strconcat (op->kind, " ", op->record_id, NULL);
  g_autofree char *owner = NULL;
  g_autofree char *seq_text = NULL;
  g_autofree char *ver_text = NULL;
  g_autofree char *hlc_text = NULL;
  g_autofree char *desk_seq_text = NULL;
  g_autofree char *payload_text = NULL;
  g_autofree char *fields_text = NULL;
  g_autofree char *stamps_text = NULL;
  const char *params[14];
  const char *why = NULL;
  const Kind *kind;
  gboolean exists, deleted = FALSE, flagged = FALSE;
  gboolean append_only;
  gint64 ver = 0, hlc, seq;

  params[0] = push->desk_id;
  params[1] = op->op_id;
  dup = dd_server_db_exec (push->db, "change_by_op", 2, params, error);
  if (dup == NULL)
    return FALSE;
  if (PQntuples (dup) > 0)
    {
      add_ack (acks, op->op_id, "duplicate", g_ascii_strtoll (PQgetvalue (dup, 0, 0), NULL, 10),
               g_ascii_strtoll (PQgetvalue (dup, 0, 1), NULL, 10));
      json_builder_end_object (acks);
      push->counts->duplicate++;
      return TRUE;
    }

  kind = g_hash_table_lookup (push->kinds, op->kind);
  if (kind == NULL)
    {
      reject (push, acks, op, "unknown_kind", FALSE, "The server does not know this record kind.");
      return TRUE;
    }
  if (g_hash_table_contains (push->rejected, key))
    {
      reject (push, acks, op, "parked", TRUE, "An earlier op of the same record was rejected.");
      return TRUE;
    }

  owner = resolve_owner (push, op, kind, &why, error);
  if (owner == NULL && why == NULL)
    return FALSE;
  if (owner == NULL)
    {
      reject (push, acks, op, "invalid", TRUE, why);
      return TRUE;
    }
  if (!may_write (push, op, kind, owner, &why, error))
    return FALSE;
  if (why != NULL)
    {
      reject (push, acks, op, "out_of_scope", FALSE, why);
      return TRUE;
    }

  append_only = g_str_equal (kind->policy, "append_only");
  if (append_only && (g_str_equal (op->op, "patch") || g_str_equal (op->op, "delete")))
    {
      reject (push, acks, op, "invalid", FALSE, "Records of this kind are append-only.");
      return TRUE;
    }

  params[0] = op->kind;
  params[1] = owner;
  params[2] = op->record_id;
  record = dd_server_db_exec (push->db, "record_lock", 3, params, error);
  if (record == NULL)
    return FALSE;
  exists = PQntuples (record) > 0;

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

  if (exists && append_only)
    {
      /* the same row appended again under another op id */
      g_autoptr(PGresult) first = dd_server_db_exec (push->db, "change_by_record", 3, params, error);

      if (first == NULL)
        return FALSE;
      add_ack (acks, op->op_id, "duplicate",
               PQntuples (first) > 0 ? g_ascii_strtoll (PQgetvalue (first, 0, 0), NULL, 10) : 0,
               PQntuples (first) > 0 ? g_ascii_strtoll (PQgetvalue (first, 0, 1), NULL, 10) : 1);
      json_builder_end_object (acks);
      push->counts->duplicate++;
      return TRUE;
    }

  if (exists)
    {
      g_autoptr(JsonNode) fields_node = json_from_string (PQgetvalue (record, 0, 2), error);
      g_autoptr(JsonNode) stamps_node = json_from_string (PQgetvalue (record, 0, 3), error);

      if (fields_node == NULL || stamps_node == NULL)
        return FALSE;
      fields = json_object_ref (json_node_get_object (fields_node));
      stamps = json_object_ref (json_node_get_object (stamps_node));
      ver = g_ascii_strtoll (PQgetvalue (record, 0, 0), NULL, 10);
      deleted = g_str_equal (PQgetvalue (record, 0, 4), "t");
    }

  if (!exists && (g_str_equal (op->op, "patch") || g_str_equal (op->op, "delete")))
    {
      reject (push, acks, op, "invalid", TRUE, "The server has no such record.");
      return TRUE;
    }
  if (exists && deleted)
    {
      reject (push, acks, op, "invalid", FALSE, "The record has been deleted.");
      return TRUE;
    }
  if (exists && g_str_equal (kind->policy, "single_writer") &&
      (g_str_equal (op->op, "patch") || g_str_equal (op->op, "delete")) && op->base_ver != ver)
    {
      g_autofree char *detail = g_strdup_printf ("The record is at version %" G_GINT64_FORMAT
                                                 ", the op was made on version %" G_GINT64_FORMAT ".",
                                                 ver, op->base_ver);

      reject (push, acks, op, "stale_base", FALSE, detail);
      return TRUE;
    }

  if (!exists)
    {
      fields = json_object_new ();
      stamps = json_object_new ();
    }
  ver++;
  if (g_str_equal (op->op, "delete"))
    deleted = TRUE;
  else
    merge_fields (push, kind, op, hlc, g_str_equal (op->op, "insert") ? 0 : op->base_ver, ver,
                  fields, stamps, conflicts);

  seq = ++push->last_seq;
  push->wrote = TRUE;
  seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  ver_text = g_strdup_printf ("%" G_GINT64_FORMAT, ver);
  hlc_text = g_strdup_printf ("%" G_GINT64_FORMAT, hlc);
  desk_seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, op->desk_seq);
  payload_text = object_text (op->payload);
  fields_text = object_text (fields);
  stamps_text = object_text (stamps);

  params[0] = op->kind;
  params[1] = owner;
  params[2] = op->record_id;
  params[3] = ver_text;
  params[4] = hlc_text;
  params[5] = fields_text;
  params[6] = stamps_text;
  params[7] = deleted ? "true" : "false";
  params[8] = seq_text;
  {
    g_autoptr(PGresult) put = dd_server_db_exec (push->db, "record_put", 9, params, error);

    if (put == NULL)
      return FALSE;
  }

  params[0] = seq_text;
  params[1] = push->desk_id;
  params[2] = op->op_id;
  params[3] = desk_seq_text;
  params[4] = op->op;
  params[5] = op->kind;
  params[6] = op->record_id;
  params[7] = owner;
  params[8] = ver_text;
  params[9] = hlc_text;
  params[10] = payload_text;
  params[11] = flagged ? "true" : "false";
  params[12] = fields_text;
  params[13] = deleted ? "true" : "false";
  {
    g_autoptr(PGresult) change = dd_server_db_exec (push->db, "change_insert", 14, params, error);

    if (change == NULL)
      return FALSE;
  }

  add_ack (acks, op->op_id, conflicts->len > 0 ? "conflict_recorded" : "applied", seq, ver);
  if (flagged)
    {
      json_builder_set_member_name (acks, "flagged");
      json_builder_add_boolean_value (acks, TRUE);
    }
  if (conflicts->len > 0)
    {
      if (!insert_conflicts (push, op, owner, seq, conflicts, acks, error))
        return FALSE;
      push->counts->conflict_recorded++;
    }
  else
    push->counts->applied++;
  json_builder_end_object (acks);
  return TRUE;
}

static char *
format_time_ms (gint64 unix_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_ms / 1000);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
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
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, kind_free);
  g_autoptr(GHashTable) paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_strfreev);
  g_autoptr(GHashTable) rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonBuilder) answer = json_builder_new ();
  g_autoptr(PGresult) lock = NULL;
  g_autoptr(PGresult) seq = NULL;
  g_autoptr(PGresult) health = NULL;
  g_autofree Op *ops = NULL;
  g_autofree char *now_text = NULL;
  const char *params[2];
  JsonArray *array;
  Push push = { 0 };
  guint n_ops;

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
  for (guint i = 0; i < n_ops; i++)
    {
      if (!parse_op (json_array_get_element (array, i), i, &ops[i], error))
        return NULL;
      if (i > 0 && ops[i].desk_seq <= ops[i - 1].desk_seq)
        {
          invalid (error, i, "“desk_seq” must increase within a batch");
          return NULL;
        }
    }

  push.db = db;
  push.desk_id = desk_id;
  push.unit = unit;
  push.kinds = kinds;
  push.paths = paths;
  push.rejected = rejected;
  push.counts = counts;
  push.now_ms = g_get_real_time () / 1000;

  if (!dd_server_db_begin (db, error))
    return NULL;
  params[0] = desk_id;
  lock = dd_server_db_exec (db, "push_lock", 1, params, error);
  if (lock == NULL)
    goto failed;
  if (!g_str_equal (PQgetvalue (lock, 0, 0), "t"))
    {
      dd_server_db_rollback (db);
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_BUSY,
                           "Another push of this desk is running.");
      return NULL;
    }
  /* Held to commit: every push after this one takes higher numbers and
   * commits later, so no reader can skip a change. */
  seq = dd_server_db_exec (db, "seq_lock", 0, NULL, error);
  if (seq == NULL || !load_kinds (&push, error))
    goto failed;
  push.last_seq = g_ascii_strtoll (PQgetvalue (seq, 0, 0), NULL, 10);
  push.hlc = (DdHlc) g_ascii_strtoll (PQgetvalue (seq, 0, 1), NULL, 10);
  if (json_object_has_member (request, "hlc") &&
      dd_hlc_get_ms ((DdHlc) json_object_get_int_member (request, "hlc")) <= push.now_ms + FUTURE_LIMIT_MS)
    push.hlc = dd_hlc_receive (push.hlc, (DdHlc) json_object_get_int_member (request, "hlc"), push.now_ms);
  else
    push.hlc = dd_hlc_tick (push.hlc, push.now_ms);

  json_builder_begin_object (answer);
  json_builder_set_member_name (answer, "acks");
  json_builder_begin_array (answer);
  for (guint i = 0; i < n_ops; i++)
    if (!apply_op (&push, &ops[i], answer, error))
      goto failed;
  json_builder_end_array (answer);

  {
    g_autofree char *last_text = g_strdup_printf ("%" G_GINT64_FORMAT, push.last_seq);
    g_autofree char *hlc_text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) push.hlc);
    g_autoptr(PGresult) set = NULL;
    g_autoptr(PGresult) notified = NULL;

    params[0] = last_text;
    params[1] = hlc_text;
    set = dd_server_db_exec (db, "seq_set", 2, params, error);
    if (set == NULL)
      goto failed;
    if (push.wrote)
      {
        notified = dd_server_db_exec (db, "notify", 1, params, error);
        if (notified == NULL)
          goto failed;
      }
  }
  if (!dd_server_db_commit (db, error))
    return NULL;

  health = dd_server_db_exec (db, "health", 0, NULL, error);
  if (health == NULL)
    return NULL;
  now_text = format_time_ms (push.now_ms);
  json_builder_set_member_name (answer, "server_epoch");
  json_builder_add_string_value (answer, PQgetvalue (health, 0, 1));
  json_builder_set_member_name (answer, "server_time");
  json_builder_add_string_value (answer, now_text);
  json_builder_set_member_name (answer, "hlc");
  json_builder_add_int_value (answer, (gint64) push.hlc);
  json_builder_end_object (answer);
  if (last_seq != NULL)
    *last_seq = push.wrote ? push.last_seq : 0;
  return json_builder_get_root (answer);

failed:
  dd_server_db_rollback (db);
  return NULL;
}

/* ---------------------------------------------------------------- pull */

static void
add_conflicts (JsonBuilder *builder,
               PGresult    *conflicts,
               int         *row,
               const char  *seq)
{
  gboolean open = FALSE;

  while (*row < PQntuples (conflicts) && g_str_equal (PQgetvalue (conflicts, *row, 0), seq))
    {
      static const char * const names[] = {
        NULL, "id", "record_kind", "owner_unit", "record_id", "field", "winner_value",
        "loser_value", "winner_desk", "loser_desk", "winner_hlc", "loser_hlc",
      };

      if (!open)
        {
          json_builder_set_member_name (builder, "conflicts");
          json_builder_begin_array (builder);
          open = TRUE;
        }
      json_builder_begin_object (builder);
      for (guint c = 1; c < G_N_ELEMENTS (names); c++)
        {
          const char *value = PQgetvalue (conflicts, *row, (int) c);

          json_builder_set_member_name (builder, names[c]);
          if (c == 6 || c == 7)
            json_builder_add_value (builder, json_from_string (value, NULL));
          else if (c >= 10)
            json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
          else
            json_builder_add_string_value (builder, value);
        }
      json_builder_end_object (builder);
      (*row)++;
    }
  if (open)
    json_builder_end_array (builder);
}

JsonNode *
dd_server_pull (DdServerDb   *db,
                const char   *unit,
                const char   *cursor,
                guint         limit,
                guint        *n_changes,
                char        **epoch_out,
                GError      **error)
{
  g_autoptr(PGresult) last = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(PGresult) conflicts = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) seqs = g_string_new ("{");
  g_autofree char *after_text = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *cursor_out = NULL;
  g_autofree char *cursor_epoch = NULL;
  g_autofree char *now_text = NULL;
  const char *epoch;
  const char *params[4];
  gint64 after = 0, until;
  int n, conflict_row = 0;

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
    }

  after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  limit_text = g_strdup_printf ("%u", limit);
  params[0] = unit;
  params[1] = after_text;
  params[2] = PQgetvalue (last, 0, 0);
  params[3] = limit_text;
  rows = dd_server_db_exec (db, "pull", 4, params, error);
  if (rows == NULL)
    return NULL;
  n = PQntuples (rows);
  for (int i = 0; i < n; i++)
    g_string_append_printf (seqs, "%s%s", i > 0 ? "," : "", PQgetvalue (rows, i, 0));
  g_string_append_c (seqs, '}');
  if (n > 0)
    {
      params[0] = seqs->str;
      conflicts = dd_server_db_exec (db, "conflicts_in", 1, params, error);
      if (conflicts == NULL)
        return NULL;
    }

  /* a full page stops at its last change; else every change up to the
   * snapshot has been examined */
  cursor_out = dd_sync_cursor_format (epoch, (guint) n == limit
                                             ? g_ascii_strtoll (PQgetvalue (rows, n - 1, 0), NULL, 10)
                                             : until);
  now_text = format_time_ms (g_get_real_time () / 1000);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_string_value (builder, cursor_out);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, (guint) n == limit);
  json_builder_set_member_name (builder, "hlc");
  json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (last, 0, 1), NULL, 10));
  json_builder_set_member_name (builder, "server_epoch");
  json_builder_add_string_value (builder, epoch);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_string_value (builder, now_text);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (int i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server_seq");
      json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (rows, i, 0), NULL, 10));
      json_builder_set_member_name (builder, "record_kind");
      json_builder_add_string_value (builder, PQgetvalue (rows, i, 1));
      json_builder_set_member_name (builder, "record_id");
      json_builder_add_string_value (builder, PQgetvalue (rows, i, 2));
      json_builder_set_member_name (builder, "owner_unit");
      json_builder_add_string_value (builder, PQgetvalue (rows, i, 3));
      json_builder_set_member_name (builder, "op");
      json_builder_add_string_value (builder, PQgetvalue (rows, i, 4));
      json_builder_set_member_name (builder, "ver");
      json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (rows, i, 5), NULL, 10));
      json_builder_set_member_name (builder, "hlc");
      json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (rows, i, 6), NULL, 10));
      json_builder_set_member_name (builder, "desk_id");
      json_builder_add_string_value (builder, PQgetvalue (rows, i, 7));
      json_builder_set_member_name (builder, "fields");
      json_builder_add_value (builder, json_from_string (PQgetvalue (rows, i, 8), NULL));
      json_builder_set_member_name (builder, "deleted");
      json_builder_add_boolean_value (builder, g_str_equal (PQgetvalue (rows, i, 9), "t"));
      if (g_str_equal (PQgetvalue (rows, i, 10), "t"))
        {
          json_builder_set_member_name (builder, "flagged");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (conflicts != NULL)
        add_conflicts (builder, conflicts, &conflict_row, PQgetvalue (rows, i, 0));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (n_changes != NULL)
    *n_changes = (guint) n;
  return json_builder_get_root (builder);
}
