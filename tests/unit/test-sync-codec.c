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
  g_assert_cmpstr (json_object_get_string_member (object, "record_kind"), ==, "staff");
  g_assert_cmpstr (json_object_get_string_member (object, "record_id"), ==, op.record_id);
  g_assert_cmpint (json_object_get_int_member (object, "hlc"), ==, (gint64) dd_hlc_pack (1782864000000, 3));
  g_assert_false (json_object_has_member (object, "owner_unit"));
  fields = json_object_get_object_member (object, "payload");
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

    op.record_id = "line\nbreak";
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

static void
test_cursor (void)
{
  g_autofree char *cursor = dd_sync_cursor_format ("6f1c2d4e-0000-4000-8000-000000000001", 1001);
  g_autofree char *epoch = NULL;
  gint64 seq = 0;
  const char *bad[] = { "", "1001", "not-an-epoch:5", "6f1c2d4e-0000-4000-8000-000000000001:",
                        "6f1c2d4e-0000-4000-8000-000000000001:-1", "6f1c2d4e-0000-4000-8000-000000000001:x" };

  g_assert_cmpstr (cursor, ==, "6f1c2d4e-0000-4000-8000-000000000001:1001");
  g_assert_true (dd_sync_cursor_parse (cursor, &epoch, &seq));
  g_assert_cmpstr (epoch, ==, "6f1c2d4e-0000-4000-8000-000000000001");
  g_assert_cmpint (seq, ==, 1001);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *e = NULL;

      g_assert_false (dd_sync_cursor_parse (bad[i], &e, &seq));
      g_assert_null (e);
    }
  g_assert_true (dd_sync_record_id_is_valid ("2026"));
  g_assert_false (dd_sync_record_id_is_valid (""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-codec/op-to-json", test_op_to_json);
  g_test_add_func ("/sync-codec/rejects-malformed", test_op_rejects_malformed);
  g_test_add_func ("/sync-codec/cursor", test_cursor);

  return g_test_run ();
}
