/* test-staff.c: staff members, roles and staff sheets
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-enum-types.h"
#include "dd-enums.h"
#include "dd-error.h"
#include "dd-staff.h"
#include "dd-staff-csv.h"

static void
test_enum_strings (void)
{
  DdLevel level;
  DdRegime regime;
  DdRole roles;

  for (DdLevel l = DD_LEVEL_PROVINCE; l <= DD_LEVEL_DEPARTMENT; l++)
    {
      g_assert_true (dd_level_from_string (dd_level_to_string (l), &level));
      g_assert_cmpint (level, ==, l);
      g_assert_nonnull (dd_level_get_label (l));
    }
  g_assert_false (dd_level_from_string ("township", &level));
  g_assert_false (dd_level_from_string (NULL, &level));

  g_assert_true (dd_regime_from_string ("7x24", &regime));
  g_assert_cmpint (regime, ==, DD_REGIME_7X24);
  g_assert_true (dd_regime_from_string ("5X8", &regime));
  g_assert_cmpint (regime, ==, DD_REGIME_5X8);
  g_assert_false (dd_regime_from_string ("24x7", &regime));
  g_assert_cmpstr (dd_regime_to_string (DD_REGIME_NONE), ==, "none");

  g_assert_true (dd_role_from_string ("both", &roles));
  g_assert_cmpint (roles, ==, DD_ROLE_LEADER | DD_ROLE_OFFICER);
  g_assert_true (dd_role_from_string (" 带班领导 ", &roles));
  g_assert_cmpint (roles, ==, DD_ROLE_LEADER);
  g_assert_true (dd_role_from_string ("值班员", &roles));
  g_assert_cmpint (roles, ==, DD_ROLE_OFFICER);
  g_assert_false (dd_role_from_string ("driver", &roles));
  g_assert_cmpstr (dd_role_to_string (DD_ROLE_OFFICER), ==, "officer");
  g_assert_null (dd_role_to_string (DD_ROLE_NONE));

  /* the generated GTypes know the same nicks */
  {
    g_autoptr(GFlagsClass) klass = g_type_class_ref (DD_TYPE_ROLE);
    g_assert_nonnull (g_flags_get_value_by_nick (klass, "leader"));
  }
}

static void
assert_invalid (DdStaff    *staff,
                DdCoreError code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_staff_validate (staff, &error));
  g_assert_error (error, DD_CORE_ERROR, code);
  g_object_unref (staff);
}

static void
test_validate (void)
{
  g_autoptr(DdStaff) ok = dd_staff_new (NULL, "张三", DD_ROLE_BOTH, "+86 (851) 8555-1234", "南明区应急管理局", TRUE);
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *long_unit = g_strnfill (10000, 'u');
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_staff_validate (ok, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dd_staff_get_name (ok), ==, "张三");
  g_assert_cmpint (dd_staff_get_roles (ok), ==, DD_ROLE_BOTH);
  g_assert_true (dd_staff_get_active (ok));
  g_assert_null (dd_staff_get_id (ok));

  {
    /* free text is kept exactly, quotes and all */
    g_autoptr(DdStaff) odd = dd_staff_new (NULL, "O'Brien \"🚒\"; DROP TABLE staff; --", DD_ROLE_OFFICER, "", long_unit, TRUE);
    g_assert_true (dd_staff_validate (odd, &error));
    g_assert_cmpuint (strlen (dd_staff_get_unit (odd)), ==, 10000);
  }

  assert_invalid (dd_staff_new (NULL, "  \t", DD_ROLE_LEADER, "", "", TRUE), DD_CORE_ERROR_INVALID);
  assert_invalid (dd_staff_new (NULL, long_name, DD_ROLE_LEADER, "", "", TRUE), DD_CORE_ERROR_INVALID);
  assert_invalid (dd_staff_new (NULL, "张三", DD_ROLE_NONE, "", "", TRUE), DD_CORE_ERROR_INVALID);
  assert_invalid (dd_staff_new (NULL, "张三", DD_ROLE_LEADER, "call me", "", TRUE), DD_CORE_ERROR_INVALID);
  assert_invalid (dd_staff_new (NULL, "\xff\xfe", DD_ROLE_LEADER, "", "", TRUE), DD_CORE_ERROR_ENCODING);
}

static GPtrArray *
read_sheet (const char  *text,
            GPtrArray  **problems,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return dd_staff_csv_read (bytes, problems, error);
}

static void
test_csv_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  DdStaff *member;

  staff = read_sheet ("name,role,phone,unit\n张三,leader,13800000001,南明区\n\"李, 四\",officer,,\n王五,both,0851-1234,\n",
                      &problems, &error);
  g_assert_no_error (error);
  g_assert_null (problems);
  g_assert_cmpuint (staff->len, ==, 3);
  member = g_ptr_array_index (staff, 1);
  g_assert_cmpstr (dd_staff_get_name (member), ==, "李, 四");
  g_assert_cmpint (dd_staff_get_roles (member), ==, DD_ROLE_OFFICER);
  g_assert_cmpstr (dd_staff_get_phone (member), ==, "");

  /* Chinese column names, another order, phone and unit left out */
  g_clear_pointer (&staff, g_ptr_array_unref);
  staff = read_sheet ("角色,姓名\n带班领导,赵六\n", &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 1);
  member = g_ptr_array_index (staff, 0);
  g_assert_cmpstr (dd_staff_get_name (member), ==, "赵六");
  g_assert_cmpint (dd_staff_get_roles (member), ==, DD_ROLE_LEADER);
}

static void
test_csv_every_bad_row (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) staff = NULL;

  staff = read_sheet ("name,role,phone,unit\n"
                      "张三,leader,,\n"          /* 2: fine */
                      ",officer,,\n"             /* 3: no name */
                      "李四,driver,,\n"          /* 4: bad role */
                      "王五,both,not-a-phone,\n" /* 5: bad phone */
                      "赵六,officer,,,extra\n",  /* 6: too many cells */
                      &problems, &error);
  g_assert_null (staff);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), "line 3:"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 1), "line 4:"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 2), "line 5:"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 3), "line 6:"));
}

static void
test_csv_bad_files (void)
{
  const char *files[] = {
    "",
    "name,role,phone,unit\n",
    "name,grade\n张三,1\n",
    "name,name,role\n",
    "phone,unit\n123,x\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GPtrArray) staff = read_sheet (files[i], &problems, &error);

      g_assert_null (staff);
      g_assert_nonnull (error);
      g_assert_null (problems);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/enums/strings", test_enum_strings);
  g_test_add_func ("/staff/validate", test_validate);
  g_test_add_func ("/staff/csv/read", test_csv_read);
  g_test_add_func ("/staff/csv/every-bad-row", test_csv_every_bad_row);
  g_test_add_func ("/staff/csv/bad-files", test_csv_bad_files);

  return g_test_run ();
}
