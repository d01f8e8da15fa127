/* dd-sync-codec.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-error.h"
#include "dd-sync-codec.h"
#include "dd-uuid.h"

static gboolean
is_known_op (const char *op)
{
  static const char * const ops[] = { "insert", "patch", "append", "delete" };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      if (g_strcmp0 (ops[i], op) == 0)
        return TRUE;
    }

  return FALSE;
}

JsonNode *
dd_sync_op_to_json (const DdSyncOp  *op,
                    GError         **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *hlc = NULL;

  g_return_val_if_fail (op != NULL, NULL);

  if (!is_known_op (op->op))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("“%s” is not a sync operation"), op->op ? op->op : "");
      return NULL;
    }

  if (!dd_uuid_is_valid (op->op_id) || !dd_uuid_is_valid (op->record_id))
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("A sync operation needs valid operation and record ids"));
      return NULL;
    }

  if (op->payload == NULL || *op->payload == '\0')
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("A sync operation needs a payload"));
      return NULL;
    }

  payload = json_from_string (op->payload, error);
  if (payload == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (payload))
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("A sync operation’s payload must be a JSON object"));
      return NULL;
    }

  hlc = dd_hlc_to_string (op->hlc);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op_id");
  json_builder_add_string_value (builder, op->op_id);
  json_builder_set_member_name (builder, "desk_seq");
  json_builder_add_int_value (builder, op->desk_seq);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, op->op);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, op->record_kind);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, op->record_id);
  json_builder_set_member_name (builder, "base_ver");
  json_builder_add_int_value (builder, op->base_ver);
  json_builder_set_member_name (builder, "hlc");
  json_builder_add_string_value (builder, hlc);
  json_builder_set_member_name (builder, "fields");
  json_builder_add_value (builder, g_steal_pointer (&payload));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
