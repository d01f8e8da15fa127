/* dd-sync-codec.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dd-error.h"
#include "dd-sync-codec.h"
#include "dd-uuid.h"

gboolean
dd_sync_op_is_known (const char *op)
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

  g_return_val_if_fail (op != NULL, NULL);

  if (!dd_sync_op_is_known (op->op))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("“%s” is not a sync operation"), op->op ? op->op : "");
      return NULL;
    }

  if (!dd_uuid_is_valid (op->op_id) || !dd_sync_record_id_is_valid (op->record_id))
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

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op_id");
  json_builder_add_string_value (builder, op->op_id);
  json_builder_set_member_name (builder, "desk_seq");
  json_builder_add_int_value (builder, op->desk_seq);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, op->op);
  json_builder_set_member_name (builder, "record_kind");
  json_builder_add_string_value (builder, op->record_kind);
  json_builder_set_member_name (builder, "record_id");
  json_builder_add_string_value (builder, op->record_id);
  json_builder_set_member_name (builder, "base_ver");
  json_builder_add_int_value (builder, op->base_ver);
  json_builder_set_member_name (builder, "hlc");
  json_builder_add_int_value (builder, (gint64) op->hlc);
  if (op->owner_unit != NULL)
    {
      json_builder_set_member_name (builder, "owner_unit");
      json_builder_add_string_value (builder, op->owner_unit);
    }
  json_builder_set_member_name (builder, "payload");
  json_builder_add_value (builder, g_steal_pointer (&payload));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
dd_sync_record_id_is_valid (const char *id)
{
  gsize length;

  if (id == NULL)
    return FALSE;
  length = strlen (id);
  if (length == 0 || length > 128 || !g_utf8_validate (id, -1, NULL))
    return FALSE;
  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
dd_sync_cursor_format (const char *epoch,
                       gint64      seq)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, epoch, seq);
}

gboolean
dd_sync_cursor_parse (const char  *cursor,
                      char       **epoch,
                      gint64      *seq)
{
  const char *colon;
  g_autofree char *epoch_text = NULL;
  guint64 value = 0;

  if (cursor == NULL || (colon = strrchr (cursor, ':')) == NULL)
    return FALSE;
  epoch_text = g_strndup (cursor, colon - cursor);
  if (strlen (epoch_text) != 36 || !g_uuid_string_is_valid (epoch_text) ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *epoch = g_steal_pointer (&epoch_text);
  *seq = (gint64) value;
  return TRUE;
}
