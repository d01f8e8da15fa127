/* test-divisions.c: the division list and unit codes
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-division.h"
#include "dd-error.h"
#include "dd-unit-code.h"

static void
test_default_table (void)
{
  DdDivisionTable *table = dd_division_table_get_default ();
  GListModel *model = G_LIST_MODEL (table);
  g_autoptr(DdDivision) first = NULL;
  g_autofree char *path = NULL;
  DdDivision *nanming;
  guint counts[3] = { 0, };

  g_assert_cmpuint (g_list_model_get_item_type (model), ==, DD_TYPE_DIVISION);
  /* the province, 9 prefectures and 88 counties */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 98);
  for (guint i = 0; i < 98; i++)
    {
      g_autoptr(DdDivision) division = g_list_model_get_item (model, i);
      counts[dd_division_get_level (division)]++;
    }
  g_assert_cmpuint (counts[DD_LEVEL_PROVINCE], ==, 1);
  g_assert_cmpuint (counts[DD_LEVEL_PREFECTURE], ==, 9);
  g_assert_cmpuint (counts[DD_LEVEL_COUNTY], ==, 88);
  g_assert_null (g_list_model_get_item (model, 98));

  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (dd_division_get_code (first), ==, "520000");
  g_assert_null (dd_division_get_parent_code (first));

  nanming = dd_division_table_lookup (table, "520102");
  g_assert_nonnull (nanming);
  g_assert_cmpstr (dd_division_get_name (nanming), ==, "南明区");
  g_assert_cmpint (dd_division_get_level (nanming), ==, DD_LEVEL_COUNTY);
  g_assert_cmpstr (dd_division_get_parent_code (nanming), ==, "520100");
  g_assert_null (dd_division_table_lookup (table, "110000"));

  path = dd_division_table_dup_path (table, "520102");
  g_assert_cmpstr (path, ==, "贵州省 贵阳市 南明区");
  g_assert_null (dd_division_table_dup_path (table, "999999"));

  g_assert_true (dd_division_table_get_default () == table);
}

static void
test_matches (void)
{
  DdDivision *qdn = dd_division_table_lookup (dd_division_table_get_default (), "522600");

  g_assert_true (dd_division_matches (qdn, "黔东南"));
  g_assert_true (dd_division_matches (qdn, "  苗族 "));
  g_assert_true (dd_division_matches (qdn, "5226"));
  g_assert_true (dd_division_matches (qdn, ""));
  g_assert_true (dd_division_matches (qdn, NULL));
  g_assert_false (dd_division_matches (qdn, "黔南布依"));
  g_assert_false (dd_division_matches (qdn, "5227"));
}

static void
assert_table_error (const char *csv,
                    const char *message_part)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDivisionTable) table = dd_division_table_new_from_bytes (bytes, &error);

  if (table != NULL)
    g_error ("a division list was accepted: %s", csv);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
}

static void
test_invalid_tables (void)
{
  const char *header = "code,name,level,parent_code\n";
  g_autofree char *dup = g_strconcat (header, "520000,贵州省,province,\n520000,again,province,\n", NULL);
  g_autofree char *orphan = g_strconcat (header, "520000,贵州省,province,\n520102,南明区,county,520100\n", NULL);
  g_autofree char *level = g_strconcat (header, "520000,贵州省,state,\n", NULL);
  g_autofree char *code = g_strconcat (header, "52000,贵州省,province,\n", NULL);
  g_autofree char *upward = g_strconcat (header, "520000,贵州省,province,\n520100,贵阳市,prefecture,520102\n520102,南明区,county,520100\n", NULL);

  assert_table_error ("", "empty");
  assert_table_error ("id,name\n", "header");
  assert_table_error (dup, "520000");
  assert_table_error (orphan, "520100");
  assert_table_error (level, "state");
  assert_table_error (code, "52000");
  assert_table_error (upward, "520102");
}

static void
test_unit_codes (void)
{
  DdDivisionTable *table = dd_division_table_get_default ();
  const struct {
    const char *code;
    DdLevel     level;
    const char *department;
    const char *name;
  } good[] = {
    { "520000", DD_LEVEL_PROVINCE, NULL, "贵州省" },
    { "522700", DD_LEVEL_PREFECTURE, NULL, "黔南布依族苗族自治州" },
    { "520102", DD_LEVEL_COUNTY, NULL, "南明区" },
    { "520102-yjj", DD_LEVEL_DEPARTMENT, "yjj", "南明区 yjj" },
    { "520000-sl2", DD_LEVEL_DEPARTMENT, "sl2", "贵州省 sl2" },
  };
  const char *bad[] = { "", "5201", "110101", "520102-", "520102-YJJ", "520102-y j", "520102-yjj-x",
                        "520102-abcdefghijklmnopq", "５２０１０２", " 520102" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdUnitCode) unit = dd_unit_code_parse (table, good[i].code, &error);
      g_autofree char *name = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (unit->code, ==, good[i].code);
      g_assert_cmpint (unit->level, ==, good[i].level);
      g_assert_cmpstr (unit->department, ==, good[i].department);
      name = dd_unit_code_dup_default_name (unit);
      g_assert_cmpstr (name, ==, good[i].name);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdUnitCode) unit = dd_unit_code_parse (table, bad[i], &error);

      g_assert_null (unit);
      g_assert_nonnull (error);
      g_assert_true (error->domain == DD_CORE_ERROR);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/divisions/default-table", test_default_table);
  g_test_add_func ("/divisions/matches", test_matches);
  g_test_add_func ("/divisions/invalid-tables", test_invalid_tables);
  g_test_add_func ("/unit-code/parse", test_unit_codes);

  return g_test_run ();
}
