/* test-sync-codec.c: outbox operations on the wire
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-error.h"
#include "dd-sync-codec.h"

static DdSyncOp
sample_op (void)
{
  DdSyncOp op = {
    .op_id = "019a3c1e-8c00-7000-8000-000000000001",
    .desk_seq = 7,
    .op = "insert",
    .record_kind = "staff",
    .record_id = "019a3c1e-8c00-7000-8000-0000000000aa",
    .base_ver = 0,
    .hlc = dd_hlc_pack (1782864000000, 3),
    .payload = "{\"name\":\"张三\",\"roles\":[\"leader\"]}",
  };

  return op;
}

static void
test_op_to_json (void)
{
  DdSyncOp op = sample_op ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dd_sync_op_to_json (&op, &error);
  JsonObject *object;
  JsonObject *fields;

  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "op_id"), ==, op.op_id);
  g_assert_cmpint (json_object_get_int_member (object, "desk_seq"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (object, "op"), ==, "insert");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "staff");
  g_assert_cmpstr (json_object_get_string_member (object, "hlc"), ==, "1782864000000.00003");
  fields = json_object_get_object_member (object, "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, "张三");
}

static void
test_op_rejects_malformed (void)
{
  const char *payloads[] = { "[1,2]", "not json", "" };

  {
    DdSyncOp op = sample_op ();
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;

    op.op = "upsert";
    node = dd_sync_op_to_json (&op, &error);
    g_assert_null (node);
    g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  }

  {
    DdSyncOp op = sample_op ();
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;

    op.record_id = "staff-1";
    node = dd_sync_op_to_json (&op, &error);
    g_assert_null (node);
    g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  }

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      DdSyncOp op = sample_op ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      op.payload = payloads[i];
      node = dd_sync_op_to_json (&op, &error);
      g_assert_null (node);
      g_assert_nonnull (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-codec/op-to-json", test_op_to_json);
  g_test_add_func ("/sync-codec/rejects-malformed", test_op_rejects_malformed);

  return g_test_run ();
}
