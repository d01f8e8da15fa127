/* test-csv.c: spreadsheet text decoding and RFC 4180 parsing
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-csv.h"
#include "dd-error.h"

static DdCsvRow *
row_at (GPtrArray *rows,
        guint      i)
{
  g_assert_cmpuint (i, <, rows->len);
  return g_ptr_array_index (rows, i);
}

static void
test_parse_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = dd_csv_parse ("name,role\r\n张三,leader\r\n\r\n李四,officer", &error);
  DdCsvRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  row = row_at (rows, 0);
  g_assert_cmpuint (row->line, ==, 1);
  g_assert_cmpstrv (row->fields, ((const char *[]) { "name", "role", NULL }));
  row = row_at (rows, 2);
  g_assert_cmpuint (row->line, ==, 4);   /* the blank line 3 is skipped, not renumbered */
  g_assert_cmpstrv (row->fields, ((const char *[]) { "李四", "officer", NULL }));
}

static void
test_parse_quoted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = dd_csv_parse ("a,\"b,\"\"c\"\"\",\"multi\nline\"\nnext,,\n", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstrv (row_at (rows, 0)->fields, ((const char *[]) { "a", "b,\"c\"", "multi\nline", NULL }));
  /* the second record starts on line 3: the quoted line break counts */
  g_assert_cmpuint (row_at (rows, 1)->line, ==, 3);
  g_assert_cmpstrv (row_at (rows, 1)->fields, ((const char *[]) { "next", "", "", NULL }));
}

static void
test_parse_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  rows = dd_csv_parse ("a,b\nc,\"open", &error);
  g_assert_null (rows);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "2"));
  g_clear_error (&error);

  rows = dd_csv_parse ("\"quoted\"tail,b\n", &error);
  g_assert_null (rows);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
}

static void
test_decode (void)
{
  const char *text = "姓名,角色\n张三,领导\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *gb = NULL;
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", text, NULL);
  gsize gb_len = 0;
  const char *encoding = NULL;

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
    g_autofree char *out = dd_csv_decode (bytes, &encoding, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, text);
    g_assert_cmpstr (encoding, ==, "UTF-8");
  }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (bom, strlen (bom));
    g_autofree char *out = dd_csv_decode (bytes, &encoding, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, text);
    g_assert_cmpstr (encoding, ==, "UTF-8");
  }

  gb = g_convert (text, -1, "GB18030", "UTF-8", NULL, &gb_len, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate_len (gb, gb_len, NULL));
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (gb, gb_len);
    g_autofree char *out = dd_csv_decode (bytes, &encoding, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, text);
    g_assert_cmpstr (encoding, ==, "GB18030");
  }

  {
    static const char binary[] = { 'a', '\0', 'b' };
    g_autoptr(GBytes) bytes = g_bytes_new_static (binary, sizeof binary);
    g_autofree char *out = dd_csv_decode (bytes, NULL, &error);
    g_assert_null (out);
    g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING);
    g_clear_error (&error);
  }

  {
    static const char bad_bom[] = "\xef\xbb\xbf" "a,\xff\xfe";
    g_autoptr(GBytes) bytes = g_bytes_new_static (bad_bom, strlen (bad_bom));
    g_autofree char *out = dd_csv_decode (bytes, NULL, &error);
    g_assert_null (out);
    g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING);
  }
}

static void
test_write_round_trip (void)
{
  const char *cells[] = { "plain", "with,comma", "with \"quote\"", "line\nbreak", " padded ", "", "中文", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; cells[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      dd_csv_append_field (out, cells[i]);
    }
  g_string_append (out, "\r\n");

  rows = dd_csv_parse (out->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstrv (row_at (rows, 0)->fields, cells);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/parse/plain", test_parse_plain);
  g_test_add_func ("/csv/parse/quoted", test_parse_quoted);
  g_test_add_func ("/csv/parse/errors", test_parse_errors);
  g_test_add_func ("/csv/decode", test_decode);
  g_test_add_func ("/csv/write-round-trip", test_write_round_trip);

  return g_test_run ();
}
