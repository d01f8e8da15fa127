/* test-ids.c: UUIDv7, hybrid logical clock and audit-hash tests
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-audit-hash.h"
#include "dd-hlc.h"
#include "dd-time.h"
#include "dd-uuid.h"

/* 2026-07-01T00:00:00Z */
#define T0 G_GINT64_CONSTANT (1782864000000)

static void
test_uuid7_layout (void)
{
  g_autofree char *id = dd_uuid7_new (T0);

  g_assert_true (dd_uuid_is_valid (id));
  g_assert_cmpuint (strlen (id), ==, 36);
  /* version nibble 7, variant bits 10 */
  g_assert_cmpint (id[14], ==, '7');
  g_assert_nonnull (strchr ("89ab", id[19]));
  g_assert_cmpint (dd_uuid7_get_unix_ms (id), ==, T0);
  for (const char *p = id; *p; p++)
    g_assert_true (*p == '-' || g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
}

static void
test_uuid7_ordered_within_ms (void)
{
  g_autofree char *prev = dd_uuid7_new (T0 + 1000);

  /* 10,000 ids in one millisecond overflow the 12-bit counter at least
   * once: they must still sort in creation order. */
  for (guint i = 0; i < 10000; i++)
    {
      char *next = dd_uuid7_new (T0 + 1000);

      g_assert_cmpstr (prev, <, next);
      g_free (prev);
      prev = next;
    }

  /* A clock that steps back never makes an id that sorts earlier. */
  {
    g_autofree char *back = dd_uuid7_new (T0);
    g_assert_cmpstr (prev, <, back);
  }
}

static void
test_uuid_invalid (void)
{
  g_assert_false (dd_uuid_is_valid (NULL));
  g_assert_false (dd_uuid_is_valid (""));
  g_assert_false (dd_uuid_is_valid ("0190b6e2-7c00-7abc-8def"));
  g_assert_false (dd_uuid_is_valid ("0190b6e2-7c00-7abc-8def-0123456789ag"));
}

static void
test_hlc_tick (void)
{
  DdHlc a = dd_hlc_tick (0, T0);
  DdHlc b = dd_hlc_tick (a, T0);
  DdHlc c = dd_hlc_tick (b, T0 - 5000);  /* the wall clock went back */
  DdHlc d = dd_hlc_tick (c, T0 + 1);

  g_assert_cmpint (dd_hlc_get_ms (a), ==, T0);
  g_assert_cmpuint (dd_hlc_get_counter (a), ==, 0);
  g_assert_cmpuint (b, >, a);
  g_assert_cmpuint (dd_hlc_get_counter (b), ==, 1);
  g_assert_cmpuint (c, >, b);
  g_assert_cmpint (dd_hlc_get_ms (c), ==, T0);
  g_assert_cmpuint (d, ==, dd_hlc_pack (T0 + 1, 0));
}

static void
test_hlc_counter_overflow (void)
{
  DdHlc full = dd_hlc_pack (T0, DD_HLC_COUNTER_MAX);
  DdHlc next = dd_hlc_tick (full, T0);

  g_assert_cmpuint (next, >, full);
  g_assert_cmpint (dd_hlc_get_ms (next), ==, T0 + 1);
  g_assert_cmpuint (dd_hlc_get_counter (next), ==, 0);
}

static void
test_hlc_receive (void)
{
  DdHlc local = dd_hlc_pack (T0, 3);
  DdHlc remote = dd_hlc_pack (T0 + 60000, 7);   /* a server a minute ahead */
  DdHlc merged = dd_hlc_receive (local, remote, T0 + 10);
  DdHlc later;
  g_autofree char *text = NULL;

  g_assert_cmpuint (merged, >, remote);
  g_assert_cmpuint (merged, ==, dd_hlc_pack (T0 + 60000, 8));

  /* Once the wall clock passes the merged stamp, it takes over again. */
  later = dd_hlc_receive (merged, dd_hlc_pack (T0, 0), T0 + 120000);
  g_assert_cmpuint (later, ==, dd_hlc_pack (T0 + 120000, 0));

  text = dd_hlc_to_string (dd_hlc_pack (T0, 42));
  g_assert_cmpstr (text, ==, "1782864000000.00042");
}

static void
test_audit_hash (void)
{
  DdAuditContent content = {
    .seq = 1, .at_ms = T0, .actor = "dutyctl", .action = "staff.add",
    .entity_kind = "staff", .entity_id = "0190b6e2-7c00-7abc-8def-0123456789ab",
    .detail = "{\"name\":\"张三\"}",
  };
  DdAuditContent shifted = content;
  g_autofree char *h1 = dd_audit_hash (DD_AUDIT_GENESIS_HASH, &content);
  g_autofree char *h2 = dd_audit_hash (DD_AUDIT_GENESIS_HASH, &content);
  g_autofree char *h3 = NULL;
  g_autofree char *h4 = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *encoded =
    "64:" DD_AUDIT_GENESIS_HASH "\n"
    "1:1\n"
    "13:1782864000000\n"
    "7:dutyctl\n"
    "9:staff.add\n"
    "5:staff\n"
    "36:0190b6e2-7c00-7abc-8def-0123456789ab\n"
    "17:{\"name\":\"张三\"}\n";

  /* The documented encoding: each field length-prefixed, in order. */
  g_checksum_update (checksum, (const guchar *) encoded, -1);
  expected = g_strdup (g_checksum_get_string (checksum));
  g_assert_cmpstr (h1, ==, expected);
  g_assert_cmpstr (h1, ==, h2);
  g_assert_cmpuint (strlen (h1), ==, 64);

  /* Moving a boundary between two fields changes the hash. */
  shifted.action = "staff.adds";
  shifted.entity_kind = "taff";
  h3 = dd_audit_hash (DD_AUDIT_GENESIS_HASH, &shifted);
  g_assert_cmpstr (h1, !=, h3);

  /* The previous hash is part of the input. */
  h4 = dd_audit_hash (h1, &content);
  g_assert_cmpstr (h1, !=, h4);
}

/* Forms show and take Beijing wall time to the minute. */
static void
test_time_minutes (void)
{
  g_autofree char *text = NULL;
  gint64 ms = 42;

  /* 2026-07-01 10:05 +08:00 */
  g_assert_true (dd_time_parse_minutes ("2026-07-01 10:05", &ms));
  g_assert_cmpint (ms, ==, G_GINT64_CONSTANT (1782871500000));
  g_assert_true (dd_time_parse_minutes ("  2026-07-01 10:05:30 ", &ms));
  g_assert_cmpint (ms, ==, G_GINT64_CONSTANT (1782871530000));
  text = dd_time_format_minutes (G_GINT64_CONSTANT (1782871530000));
  g_assert_cmpstr (text, ==, "2026-07-01 10:05");

  ms = 42;
  g_assert_false (dd_time_parse_minutes ("", &ms));
  g_assert_false (dd_time_parse_minutes ("yesterday", &ms));
  g_assert_false (dd_time_parse_minutes ("2026-07-01", &ms));
  g_assert_false (dd_time_parse_minutes ("2026-02-30 10:00", &ms));
  g_assert_false (dd_time_parse_minutes ("2026-07-01 25:00", &ms));
  g_assert_false (dd_time_parse_minutes ("2026-07-01 10:05 tomorrow", &ms));
  g_assert_false (dd_time_parse_minutes ("2026-07-01 10:05:61", &ms));
  g_assert_false (dd_time_parse_minutes (NULL, &ms));
  g_assert_cmpint (ms, ==, 42);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uuid7/layout", test_uuid7_layout);
  g_test_add_func ("/uuid7/ordered-within-ms", test_uuid7_ordered_within_ms);
  g_test_add_func ("/uuid/invalid", test_uuid_invalid);
  g_test_add_func ("/hlc/tick", test_hlc_tick);
  g_test_add_func ("/hlc/counter-overflow", test_hlc_counter_overflow);
  g_test_add_func ("/hlc/receive", test_hlc_receive);
  g_test_add_func ("/audit/hash", test_audit_hash);
  g_test_add_func ("/time/minutes", test_time_minutes);

  return g_test_run ();
}
