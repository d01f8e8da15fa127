/* test-directory.c: the directories on real SQLite files
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dd-directory.h"
#include "dd-directory-private.h"
#include "dd-directory-request.h"
#include "dd-error.h"
#include "dd-pinyin.h"
#include "dd-store.h"
#include "dd-store-service.h"

#define DAY_MS ((gint64) 86400 * 1000)
#define WAIT_TIMEOUT_S 60

/* ------------------------------------------------------------------ data */

/* Chinese headers, in an order of their own. */
static const char contacts_zh[] =
  "单位,区划,值班电话,传真,姓名,职务,办公电话,手机,备注\n"
  "南明区应急管理局,520102,0851-85812345,0851-85812346,,,,,\n"
  "南明区应急管理局,520102,,,李明,局长,0851-85812300,13908510001,\n"
  "云岩区应急管理局,520103,0851-86812345,,,,,,\n";

static const char teams_zh[] =
  "队伍名称,类别,专业领域,备案编号,主管单位,区划,驻地,纬度,经度,人数,装备,联系人,联系电话\n"
  "南明区山体滑坡抢险队,专业,地质灾害;山体滑坡,GZ-1,520102-zrzyj,520102,南明区市南路12号,26.55,106.71,30,挖掘机,杨帆,13985012345\n"
  "南明区综合应急救援大队,综合,综合救援,GZ-2,520102-yjj,520102,南明区花果园,26.56,106.70,60,抢险车,刘强,13985010001\n"
  "贵阳市地质灾害应急救援中心,专业,地质灾害,GZ-3,520100,520100,观山湖区,,,35,,黄磊,13809851006\n"
  "云岩区危化品应急救援队,专业,危险化学品,GZ-4,520103,520103,云岩区,,,25,,赵磊,13908520001\n"
  "云岩区地质灾害抢险队,专业,地质灾害,GZ-5,520103,520103,云岩区,,,20,,钱七,13908520009\n"
  "南明区蓝天救援队,志愿者,水域救援,,,520102,,,,45,,吴敏,13885090001\n";

static const char experts_zh[] =
  "姓名,专业领域,工作单位,职称,办公电话,手机,区划\n"
  "石磊,地质灾害、岩土工程,贵州省地质环境监测院,正高级工程师,0851-85801234,13908500011,520000\n"
  "龙海,地质灾害；水文地质,南明区自然资源局,工程师,0851-85533211,13985012346,520102\n"
  "韦丽,危险化学品,云岩区生态环境分局,高级工程师,0851-86823456,13908520033,520103\n";

static const char warehouses_zh[] =
  "仓库名称,主管单位,区划,地址,纬度,经度,级别,联系人,联系电话\n"
  "南明区应急物资储备库,520102-yjj,520102,南明区二戈街3号,26.55,106.72,县级,吴杰,0851-85812399\n"
  "贵阳市应急物资储备库,520100-yjj,520100,白云区沙文镇,26.71,106.64,市级,冯华,0851-87981299\n";

static const char stock_zh[] =
  "仓库,物资名称,物资类别,数量,计量单位,更新日期\n"
  "南明区应急物资储备库,帐篷,生活类,200,顶,2026/3/1\n"
  "贵阳市应急物资储备库,发电机,工程抢险,20,台,2026年1月20日\n";

static const char plans_zh[] =
  "预案名称,预案级别,适用事件,编制单位,版本,发布日期,附件\n"
  "南明区突发地质灾害应急预案,县级,natural.geological,520102,2024版,2024-05-20,预案/地灾.pdf\n"
  "贵阳市突发地质灾害应急预案,市级,natural.geological,520100,2023版,2023-06-30,\n"
  "南明区防汛抗旱应急预案,县级,natural.flood_drought;natural.meteorological,520102,2025版,2025-04-15,\n";

static const struct {
  DdDirectoryKind  kind;
  const char      *text;
  guint            n_rows;
} sheets[] = {
  { DD_DIRECTORY_KIND_CONTACT,   contacts_zh,   3 },
  { DD_DIRECTORY_KIND_TEAM,      teams_zh,      6 },
  { DD_DIRECTORY_KIND_EXPERT,    experts_zh,    3 },
  { DD_DIRECTORY_KIND_WAREHOUSE, warehouses_zh, 2 },
  { DD_DIRECTORY_KIND_STOCK,     stock_zh,      2 },
  { DD_DIRECTORY_KIND_PLAN,      plans_zh,      3 },
};

/* ------------------------------------------------------------------ helpers */

typedef struct
{
  char    *dir;
  char    *path;
  DdStore *store;
} Fixture;

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static DdStore *
open_desk (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (path, &error);
  g_autoptr(DdDesk) desk = NULL;

  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  dd_store_set_actor (store, "test");
  return g_steal_pointer (&store);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dd-directory-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);
  fixture->store = open_desk (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static GBytes *
utf8_bom (const char *text)
{
  g_autofree char *s = g_strconcat ("\xEF\xBB\xBF", text, NULL);
  gsize n = strlen (s);

  return g_bytes_new_take (g_steal_pointer (&s), n);
}

static GBytes *
gb18030 (const char *text)
{
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  char *converted = g_convert (text, -1, "GB18030", "UTF-8", NULL, &n, &error);

  g_assert_no_error (error);
  return g_bytes_new_take (converted, n);
}

static void
import_ok (DdStore         *store,
           DdDirectoryKind  kind,
           GBytes          *bytes,
           guint            n_new)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryImport) import = dd_store_directory_import (store, kind, bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  g_assert_cmpuint (import->sheet->problems->len, ==, 0);
  g_assert_cmpuint (import->n_new, ==, n_new);
}

static void
import_all (DdStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    {
      g_autoptr(GBytes) bytes = utf8_bom (sheets[i].text);
      import_ok (store, sheets[i].kind, bytes, sheets[i].n_rows);
    }
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static GListModel *
search (DdStore    *store,
        const char *text,
        guint       kinds,
        const char *division)
{
  g_autoptr(GError) error = NULL;
  DdDirectoryQuery query = { 0 };
  GListModel *results;

  query.text = text;
  query.kinds = kinds;
  query.division = division;
  results = dd_store_directory_search (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static gboolean
has_name (GListModel *model,
          const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DdDirectoryEntry) e = g_list_model_get_item (model, i);

      if (g_str_equal (dd_directory_entry_get_name (e), name))
        return TRUE;
    }
  return FALSE;
}

static DdDirectoryEntry *
find_one (DdStore    *store,
          const char *text,
          guint       kinds)
{
  g_autoptr(GListModel) results = search (store, text, kinds, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  return g_list_model_get_item (results, 0);
}

/* ------------------------------------------------------------------ core */

static void
test_stale_rule (void)
{
  gint64 t = 1767225600000;   /* 2026-01-01T00:00Z */

  g_assert_true (dd_directory_is_stale (0, t, 90));
  g_assert_false (dd_directory_is_stale (t, t, 90));
  g_assert_false (dd_directory_is_stale (t, t + 90 * DAY_MS, 90));
  g_assert_true (dd_directory_is_stale (t, t + 90 * DAY_MS + 1, 90));
}

static void
test_rules_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryRules) rules = dd_directory_rules_load (&error);
  DdTaxonomy *taxonomy = dd_taxonomy_get_default ();

  g_assert_no_error (error);
  g_assert_cmpuint (rules->stale_days, ==, 90);
  /* Every keyword group names a known sub-type. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, rules->subtype_fields);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_assert_nonnull (dd_taxonomy_lookup (taxonomy, key));
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (taxonomy)), ==, 26);
  g_assert_cmpstr (dd_subtype_get_name_zh (dd_taxonomy_lookup (taxonomy, "natural.geological")), ==, "地质灾害");
  g_assert_null (dd_taxonomy_lookup (taxonomy, "natural.volcano"));

  g_clear_pointer (&rules, dd_directory_rules_free);
  rules = dd_directory_rules_parse ("[Directory]\nstale-days=0\n", &error);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_assert_null (rules);
}

static void
test_division_distance (void)
{
  DdDivisionTable *t = dd_division_table_get_default ();

  g_assert_cmpint (dd_directory_division_distance (t, "520102", "520102"), ==, 0);
  g_assert_cmpint (dd_directory_division_distance (t, "520102", "520100"), ==, 1);
  g_assert_cmpint (dd_directory_division_distance (t, "520102", "520000"), ==, 2);
  g_assert_cmpint (dd_directory_division_distance (t, "520102", "520103"), ==, 101);
  g_assert_cmpint (dd_directory_division_distance (t, "520102", "520302"), >, 101);
  g_assert_cmpint (dd_directory_division_distance (t, "520102", "999999"), ==, -1);
}

static void
test_sheet_problems (void)
{
  static const char bad[] =
    "name,class,field,registration,owner_unit,division,address,lat,lon,headcount,equipment,contact,phone\n"
    "好队,professional,,,520102,520102,,26.5,106.7,10,,,\n"
    ",professional,,,,520102,,,,,,,\n"                    /* line 3: no name */
    "坏队,military,,,,520102,,,,,,,\n"                     /* line 4: class */
    "坏队2,volunteer,,,,999999,,,,,,,\n"                   /* line 5: division */
    "坏队3,volunteer,,,52-x,520102,,abc,,十,,,\n"          /* line 6: owner_unit, lat, headcount */
    "\"多行\n名称\",volunteer,,,,520102,,,,,,,\n"          /* lines 7-8: fine */
    "坏队4,volunteer,,,,520102,,,200,,,,\n";               /* line 9: lon */
  g_autoptr(GBytes) bytes = g_bytes_new_static (bad, strlen (bad));
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectorySheet) sheet = dd_directory_sheet_parse (DD_DIRECTORY_KIND_TEAM, bytes, NULL, &error);
  const guint expected[] = { 3, 4, 5, 6, 6, 6, 9 };

  g_assert_no_error (error);
  g_assert_cmpuint (sheet->rows->len, ==, 2);
  g_assert_cmpuint (sheet->problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      DdDirectoryProblem *p = g_ptr_array_index (sheet->problems, i);
      g_assert_cmpuint (p->line, ==, expected[i]);
    }
}

static void
test_unknown_column (void)
{
  static const char text[] = "姓名,专业领域,血型\n张三,地质,A\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DdDirectorySheet) sheet = dd_directory_sheet_parse (DD_DIRECTORY_KIND_EXPERT, bytes, NULL, NULL);
  DdDirectoryProblem *p;

  g_assert_cmpuint (sheet->problems->len, ==, 1);
  p = g_ptr_array_index (sheet->problems, 0);
  g_assert_cmpuint (p->line, ==, 1);
  g_assert_nonnull (strstr (p->message, "血型"));
}

/* ------------------------------------------------------------------ store */

static void
test_import_utf8_bom (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEntry) team = NULL;
  g_autoptr(DdDirectoryDetails) details = NULL;

  import_all (fixture->store);

  team = find_one (fixture->store, "GZ-1", 1u << DD_DIRECTORY_KIND_TEAM);
  details = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_TEAM,
                                            dd_directory_entry_get_id (team), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dd_directory_row_get (details->row, DD_DIRECTORY_KIND_TEAM, "class"), ==, "professional");
  g_assert_cmpstr (dd_directory_row_get (details->row, DD_DIRECTORY_KIND_TEAM, "headcount"), ==, "30");
  g_assert_cmpstr (dd_directory_entry_get_division_name (team), ==, "南明区");
  g_assert_true (dd_directory_entry_get_stale (team));   /* importing is not verifying */
  g_assert_cmpint (dd_directory_entry_get_verified_at_ms (team), ==, 0);

  /* Normalised cells: lists, dates, levels. */
  {
    g_autoptr(DdDirectoryEntry) e = find_one (fixture->store, "龙海", 1u << DD_DIRECTORY_KIND_EXPERT);
    g_autoptr(DdDirectoryDetails) d = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_EXPERT,
                                                                      dd_directory_entry_get_id (e), 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (dd_directory_row_get (d->row, DD_DIRECTORY_KIND_EXPERT, "fields"), ==, "地质灾害;水文地质");
  }
  {
    g_autoptr(DdDirectoryEntry) e = find_one (fixture->store, "发电机", 1u << DD_DIRECTORY_KIND_STOCK);
    g_autoptr(DdDirectoryDetails) d = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_STOCK,
                                                                      dd_directory_entry_get_id (e), 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (dd_directory_row_get (d->row, DD_DIRECTORY_KIND_STOCK, "updated"), ==, "2026-01-20");
    g_assert_cmpstr (dd_directory_entry_get_division (e), ==, "520100");
  }

  /* A unit's own line lists its people; a warehouse its stock. */
  {
    g_autoptr(GListModel) units = search (fixture->store, "0851-85812345", 0, NULL);
    g_autoptr(DdDirectoryEntry) unit = g_list_model_get_item (units, 0);
    g_autoptr(DdDirectoryDetails) d = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_CONTACT,
                                                                      dd_directory_entry_get_id (unit), 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (dd_directory_entry_get_name (unit), ==, "南明区应急管理局");
    g_assert_cmpuint (d->children->len, ==, 1);
    g_assert_cmpstr (dd_directory_entry_get_name (g_ptr_array_index (d->children, 0)), ==, "李明");
  }

  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_index"), ==, 19);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE op = 'insert' AND record_kind IN"
                              " ('contact','team','expert','warehouse','stock','plan')"), ==, 19);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM audit_journal WHERE action = 'directory.add'"), ==, 19);
}

static void
test_import_gb18030 (Fixture       *fixture,
                     gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    {
      g_autoptr(GBytes) bytes = gb18030 (sheets[i].text);
      g_autoptr(GError) error = NULL;
      g_autoptr(DdDirectoryImport) import = dd_store_directory_preview_import (fixture->store, sheets[i].kind,
                                                                               bytes, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (import->sheet->encoding, ==, "GB18030");
      if (sheets[i].kind != DD_DIRECTORY_KIND_STOCK)
        g_assert_cmpuint (import->sheet->problems->len, ==, 0);
      if (sheets[i].kind == DD_DIRECTORY_KIND_WAREHOUSE)
        {
          /* Stock needs its warehouses on record: commit them first. */
          g_assert_true (dd_store_directory_commit_import (fixture->store, import, &error));
          g_assert_no_error (error);
        }
      else if (sheets[i].kind != DD_DIRECTORY_KIND_STOCK)
        {
          g_assert_true (dd_store_directory_commit_import (fixture->store, import, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (import->n_new, ==, sheets[i].n_rows);
        }
    }
  {
    g_autoptr(GBytes) bytes = gb18030 (stock_zh);
    import_ok (fixture->store, DD_DIRECTORY_KIND_STOCK, bytes, 2);
  }
  {
    g_autoptr(DdDirectoryEntry) e = find_one (fixture->store, "山体滑坡抢险", 0);
    g_assert_cmpstr (dd_directory_entry_get_name (e), ==, "南明区山体滑坡抢险队");
  }
}

static void
test_bad_rows_import_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char text[] =
    "姓名,专业领域,工作单位,职称,办公电话,手机,区划\n"
    "甲,地质,单位,,,,520102\n"
    ",地质,单位,,,,520102\n"          /* 3: no name */
    "乙,地质,单位,,,,123456\n"        /* 4: division */
    "丙,地质,单位,,,,520102\n"
    "甲,地质,另一单位,,,,520102\n";   /* 6: same key as line 2 */
  g_autoptr(GBytes) bytes = utf8_bom (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryImport) import = NULL;
  gint64 audit_before = dd_store_count_audit_entries (fixture->store, NULL);
  gint64 ops_before = dd_store_count_pending_ops (fixture->store, NULL);
  const guint lines[] = { 3, 4, 6 };

  import = dd_store_directory_import (fixture->store, DD_DIRECTORY_KIND_EXPERT, bytes, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_nonnull (import);
  g_assert_cmpuint (import->sheet->problems->len, ==, G_N_ELEMENTS (lines));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    g_assert_cmpuint (((DdDirectoryProblem *) g_ptr_array_index (import->sheet->problems, i))->line, ==, lines[i]);

  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_expert"), ==, 0);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_index"), ==, 0);
  g_assert_cmpint (dd_store_count_audit_entries (fixture->store, NULL), ==, audit_before);
  g_assert_cmpint (dd_store_count_pending_ops (fixture->store, NULL), ==, ops_before);

  /* Stock of an unknown warehouse is a problem of its line too. */
  {
    g_autoptr(GBytes) stock = utf8_bom (stock_zh);
    g_autoptr(DdDirectoryImport) s = NULL;

    g_clear_error (&error);
    s = dd_store_directory_import (fixture->store, DD_DIRECTORY_KIND_STOCK, stock, &error);
    g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
    g_assert_cmpuint (s->sheet->problems->len, ==, 2);
  }
}

static void
test_export_reimports (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autoptr(DdStore) other = open_desk (other_path);

  import_all (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) exported = dd_store_directory_export (fixture->store, sheets[i].kind, &error);
      g_autoptr(GBytes) again = NULL;
      g_autoptr(DdDirectoryImport) same = NULL;

      g_assert_no_error (error);
      g_assert_true (memcmp (g_bytes_get_data (exported, NULL), "\xEF\xBB\xBF", 3) == 0);

      /* Into the same database: nothing changes. */
      same = dd_store_directory_import (fixture->store, sheets[i].kind, exported, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (same->n_unchanged, ==, sheets[i].n_rows);
      g_assert_cmpuint (same->n_new + same->n_changed, ==, 0);

      /* Into another database: the same export. */
      import_ok (other, sheets[i].kind, exported, sheets[i].n_rows);
      again = dd_store_directory_export (other, sheets[i].kind, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (exported, again));
    }
}

static void
test_reimport_changes (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char changed[] =
    "name,fields,unit,title,phone,mobile,division\n"
    "龙海,地质灾害,南明区自然资源局,高级工程师,0851-85533211,13985012346,520102\n";
  g_autoptr(GBytes) first = utf8_bom (experts_zh);
  g_autoptr(GBytes) second = g_bytes_new_static (changed, strlen (changed));
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryImport) import = NULL;

  import_ok (fixture->store, DD_DIRECTORY_KIND_EXPERT, first, 3);
  import = dd_store_directory_import (fixture->store, DD_DIRECTORY_KIND_EXPERT, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->n_changed, ==, 1);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE op = 'patch' AND record_kind = 'expert'"
                              " AND base_ver = 1 AND json_extract (payload, '$.title') = '高级工程师'"
                              " AND json_extract (payload, '$.unit') IS NULL"), ==, 1);
  {
    g_autoptr(GListModel) r = search (fixture->store, "高级工程师", 1u << DD_DIRECTORY_KIND_EXPERT, NULL);
    g_assert_true (has_name (r, "龙海"));
  }
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  import_all (fixture->store);

  /* Chinese substrings: 3+ characters through the trigram index, 1–2 by scan. */
  {
    g_autoptr(GListModel) r = search (fixture->store, "体滑坡", 0, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 1);
    g_assert_true (has_name (r, "南明区山体滑坡抢险队"));
  }
  {
    g_autoptr(GListModel) r = search (fixture->store, "滑坡", 0, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 1);
    g_assert_true (has_name (r, "南明区山体滑坡抢险队"));
  }
  {
    g_autoptr(GListModel) r = search (fixture->store, "坡", 0, NULL);
    g_assert_true (has_name (r, "南明区山体滑坡抢险队"));
  }
  {
    g_autoptr(GListModel) r = search (fixture->store, "帐篷", 0, NULL);
    g_assert_true (has_name (r, "帐篷"));
  }
  /* Phone fragments, with or without the dash. */
  {
    g_autoptr(GListModel) r = search (fixture->store, "85812", 0, NULL);
    g_assert_true (has_name (r, "南明区应急管理局"));
    g_assert_true (has_name (r, "李明"));
  }
  {
    g_autoptr(GListModel) r = search (fixture->store, "085185812300", 0, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 1);
    g_assert_true (has_name (r, "李明"));
  }
  {
    g_autoptr(GListModel) r = search (fixture->store, "1398501", 0, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 3);
  }
  /* Several terms: all must match. */
  {
    g_autoptr(GListModel) r = search (fixture->store, "地质灾害 云岩", 0, NULL);
    g_assert_true (has_name (r, "云岩区地质灾害抢险队"));
    g_assert_false (has_name (r, "南明区山体滑坡抢险队"));
  }
  /* Filters: kind, division (with its subtree), field, class. */
  {
    g_autoptr(GListModel) r = search (fixture->store, "地质灾害", 1u << DD_DIRECTORY_KIND_EXPERT, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 2);
  }
  {
    g_autoptr(GListModel) r = search (fixture->store, "地质灾害", 1u << DD_DIRECTORY_KIND_TEAM, "520103");
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 1);
    g_assert_true (has_name (r, "云岩区地质灾害抢险队"));
  }
  {
    g_autoptr(GListModel) r = search (fixture->store, NULL, 1u << DD_DIRECTORY_KIND_TEAM, "520100");
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 6);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) r = NULL;
    DdDirectoryQuery q = { 0 };

    q.team_class = "volunteer";
    r = dd_store_directory_search (fixture->store, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 1);
    g_assert_true (has_name (r, "南明区蓝天救援队"));
    g_clear_object (&r);

    q.team_class = NULL;
    q.field = "危险化学品";
    r = dd_store_directory_search (fixture->store, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 2);   /* a team and an expert */
    g_clear_object (&r);

    q.field = NULL;
    q.division = "999999";
    r = dd_store_directory_search (fixture->store, &q, &error);
    g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
    g_assert_null (r);
  }
  /* Quotes and FTS syntax are text, not query syntax. */
  {
    g_autoptr(GListModel) r = search (fixture->store, "\"OR\" AND *", 0, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 0);
  }
}

static void
test_suggest (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectorySuggestions) s = NULL;
  g_autoptr(DdDirectoryEntry) t0 = NULL;
  g_autoptr(DdDirectoryEntry) t1 = NULL;
  g_autoptr(DdDirectoryEntry) t2 = NULL;
  g_autoptr(DdDirectoryEntry) t3 = NULL;
  g_autoptr(DdDirectoryEntry) p0 = NULL;
  g_autoptr(DdDirectoryEntry) p1 = NULL;
  g_autoptr(DdDirectoryEntry) e0 = NULL;
  g_autoptr(DdDirectoryEntry) w0 = NULL;

  import_all (fixture->store);

  s = dd_store_directory_suggest (fixture->store, "natural.geological", "520102", 0, &error);
  g_assert_no_error (error);

  /* Teams: same division (matching field first), then the parent, then a neighbour. */
  g_assert_cmpuint (g_list_model_get_n_items (s->teams), ==, 4);
  t0 = g_list_model_get_item (s->teams, 0);
  t1 = g_list_model_get_item (s->teams, 1);
  t2 = g_list_model_get_item (s->teams, 2);
  t3 = g_list_model_get_item (s->teams, 3);
  g_assert_cmpstr (dd_directory_entry_get_name (t0), ==, "南明区山体滑坡抢险队");
  g_assert_true (dd_directory_entry_get_subtype_match (t0));
  g_assert_cmpstr (dd_directory_entry_get_name (t1), ==, "南明区综合应急救援大队");
  g_assert_false (dd_directory_entry_get_subtype_match (t1));
  g_assert_cmpstr (dd_directory_entry_get_name (t2), ==, "贵阳市地质灾害应急救援中心");
  g_assert_cmpint (dd_directory_entry_get_distance (t2), ==, 1);
  g_assert_cmpstr (dd_directory_entry_get_name (t3), ==, "云岩区地质灾害抢险队");
  g_assert_cmpint (dd_directory_entry_get_distance (t3), ==, 101);

  /* Plans covering the sub-type only, the county's first. */
  g_assert_cmpuint (g_list_model_get_n_items (s->plans), ==, 2);
  p0 = g_list_model_get_item (s->plans, 0);
  p1 = g_list_model_get_item (s->plans, 1);
  g_assert_cmpstr (dd_directory_entry_get_name (p0), ==, "南明区突发地质灾害应急预案");
  g_assert_cmpstr (dd_directory_entry_get_name (p1), ==, "贵阳市突发地质灾害应急预案");

  /* Experts whose field matches: the county's, then the province's. */
  g_assert_cmpuint (g_list_model_get_n_items (s->experts), ==, 2);
  e0 = g_list_model_get_item (s->experts, 0);
  g_assert_cmpstr (dd_directory_entry_get_name (e0), ==, "龙海");

  g_assert_cmpuint (g_list_model_get_n_items (s->warehouses), ==, 2);
  w0 = g_list_model_get_item (s->warehouses, 0);
  g_assert_cmpstr (dd_directory_entry_get_name (w0), ==, "南明区应急物资储备库");

  /* From the neighbour's point of view its own team comes first. */
  g_clear_pointer (&s, dd_directory_suggestions_free);
  s = dd_store_directory_suggest (fixture->store, "natural.geological", "520103", 1, &error);
  g_assert_no_error (error);
  g_clear_object (&t0);
  t0 = g_list_model_get_item (s->teams, 0);
  g_assert_cmpuint (g_list_model_get_n_items (s->teams), ==, 1);
  g_assert_cmpstr (dd_directory_entry_get_name (t0), ==, "云岩区地质灾害抢险队");

  g_clear_pointer (&s, dd_directory_suggestions_free);
  s = dd_store_directory_suggest (fixture->store, "natural.volcano", "520103", 1, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (s);
}

static void
test_stale_and_verify (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEntry) team = NULL;
  g_autoptr(DdDirectoryVerification) v = NULL;
  g_autoptr(GListModel) stale = NULL;
  g_autoptr(DdDirectoryDetails) details = NULL;
  gint64 t = 1767225600000;   /* 2026-01-01T00:00Z */
  gint64 audit_before, ops_before;
  g_autoptr(GBytes) bytes = utf8_bom (teams_zh);

  import_ok (fixture->store, DD_DIRECTORY_KIND_TEAM, bytes, 6);
  team = find_one (fixture->store, "GZ-1", 0);

  /* Never verified: stale, even just imported. */
  stale = dd_store_directory_list_stale (fixture->store, t, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (stale), ==, 6);
  g_clear_object (&stale);

  audit_before = dd_store_count_audit_entries (fixture->store, NULL);
  ops_before = dd_store_count_pending_ops (fixture->store, NULL);
  v = dd_store_directory_verify (fixture->store, DD_DIRECTORY_KIND_TEAM, dd_directory_entry_get_id (team),
                                 t, "王值班", "电话核实", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v->verified_by, ==, "王值班");

  /* Recorded in the journal and the outbox. */
  g_assert_cmpint (dd_store_count_audit_entries (fixture->store, NULL), ==, audit_before + 1);
  g_assert_cmpint (dd_store_count_pending_ops (fixture->store, NULL), ==, ops_before + 1);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM audit_journal WHERE action = 'directory.verify'"
                              " AND entity_kind = 'verification'"), ==, 1);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE op = 'append' AND record_kind = 'verification'"
                              " AND json_extract (payload, '$.verified_by') = '王值班'"
                              " AND json_extract (payload, '$.verified_at') = 1767225600000"), ==, 1);
  {
    g_autoptr(DdAuditReport) report = dd_store_verify_audit (fixture->store, &error);
    g_assert_no_error (error);
    g_assert_true (report->ok);
  }

  /* Exactly 90 days later: not stale; one millisecond more: stale. */
  stale = dd_store_directory_list_stale (fixture->store, t + 90 * DAY_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (stale), ==, 5);
  g_clear_object (&stale);
  stale = dd_store_directory_list_stale (fixture->store, t + 90 * DAY_MS + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (stale), ==, 6);
  g_clear_object (&stale);

  details = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_TEAM,
                                            dd_directory_entry_get_id (team), t + 90 * DAY_MS, &error);
  g_assert_no_error (error);
  g_assert_false (dd_directory_entry_get_stale (details->entry));
  g_assert_cmpint (dd_directory_entry_get_verified_at_ms (details->entry), ==, t);
  g_assert_cmpuint (details->verifications->len, ==, 1);

  /* A configured age counts instead of the default. */
  g_assert_true (dd_store_directory_set_stale_days (fixture->store, 30, &error));
  g_assert_no_error (error);
  stale = dd_store_directory_list_stale (fixture->store, t + 31 * DAY_MS, &error);
  g_assert_cmpuint (g_list_model_get_n_items (stale), ==, 6);
  g_clear_object (&stale);

  /* An older verification recorded later does not make it older. */
  g_clear_pointer (&v, dd_directory_verification_free);
  v = dd_store_directory_verify (fixture->store, DD_DIRECTORY_KIND_TEAM, dd_directory_entry_get_id (team),
                                 t - 10 * DAY_MS, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v->verified_by, ==, "test");
  g_clear_pointer (&details, dd_directory_details_free);
  details = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_TEAM,
                                            dd_directory_entry_get_id (team), t, &error);
  g_assert_cmpint (dd_directory_entry_get_verified_at_ms (details->entry), ==, t);
  g_assert_cmpuint (details->verifications->len, ==, 2);

  /* The wrong kind or an unknown id: nothing recorded. */
  g_clear_pointer (&v, dd_directory_verification_free);
  v = dd_store_directory_verify (fixture->store, DD_DIRECTORY_KIND_PLAN, dd_directory_entry_get_id (team),
                                 t, NULL, NULL, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_assert_null (v);
}

static void
test_whereabouts (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdWhereabouts) w = NULL;
  g_autoptr(DdWhereabouts) saved = NULL;
  g_autoptr(DdWhereabouts) later = NULL;
  g_autoptr(DdWhereabouts) bad = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(DdWhereabouts) first = NULL;
  g_autoptr(DdStaff) leader = dd_staff_new (NULL, "王建国", DD_ROLE_LEADER, "139", NULL, TRUE);
  g_autoptr(DdStaff) saved_leader = dd_store_add_staff (fixture->store, leader, &error);

  g_assert_no_error (error);

  w = dd_whereabouts_new ("李明", "局长", "520102-yjj", "2026-07-01", "2026-07-03",
                          DD_WHEREABOUTS_TRAVELLING, "北京", "陈静", "13908510002", NULL);
  saved = dd_store_directory_add_whereabouts (fixture->store, w, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (dd_whereabouts_get_id (saved)), ==, 36);
  /* A later record for the same day wins. */
  later = dd_whereabouts_new ("李明", "局长", "520102-yjj", "2026-07-02", NULL,
                              DD_WHEREABOUTS_IN_OFFICE, NULL, NULL, NULL, "提前返回");
  g_clear_object (&saved);
  saved = dd_store_directory_add_whereabouts (fixture->store, later, &error);
  g_assert_no_error (error);

  list = dd_store_directory_list_whereabouts (fixture->store, "2026-07-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);   /* 李明 travelling, 王建国 in office */
  first = g_list_model_get_item (list, 0);
  g_assert_cmpstr (dd_whereabouts_get_person (first), ==, "李明");
  g_assert_cmpint (dd_whereabouts_get_status (first), ==, DD_WHEREABOUTS_TRAVELLING);
  g_assert_cmpstr (dd_whereabouts_get_stand_in (first), ==, "陈静");
  g_clear_object (&first);
  g_clear_object (&list);

  list = dd_store_directory_list_whereabouts (fixture->store, "2026-07-02", &error);
  first = g_list_model_get_item (list, 0);
  g_assert_cmpint (dd_whereabouts_get_status (first), ==, DD_WHEREABOUTS_IN_OFFICE);
  g_assert_cmpstr (dd_whereabouts_get_note (first), ==, "提前返回");

  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE record_kind = 'whereabouts'"), ==, 2);

  bad = dd_whereabouts_new ("李明", NULL, NULL, "2026-07-05", "2026-07-01",
                            DD_WHEREABOUTS_ON_LEAVE, NULL, NULL, NULL, NULL);
  g_clear_object (&saved);
  saved = dd_store_directory_add_whereabouts (fixture->store, bad, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (saved);
}

static void
test_plan_sections (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const sections[] = { "组织体系", "区指挥部", "响应措施", "转移群众", NULL };
  g_autoptr(GBytes) bytes = utf8_bom (plans_zh);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEntry) plan = NULL;
  g_autoptr(DdDirectoryDetails) d = NULL;

  import_ok (fixture->store, DD_DIRECTORY_KIND_PLAN, bytes, 3);
  plan = find_one (fixture->store, "南明区突发地质", 0);
  g_assert_true (dd_store_directory_set_plan_sections (fixture->store, dd_directory_entry_get_id (plan),
                                                       sections, &error));
  g_assert_no_error (error);
  d = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_PLAN, dd_directory_entry_get_id (plan),
                                      0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->sections->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (d->sections, 2), ==, "响应措施");
  g_assert_cmpstr (dd_directory_row_get (d->row, DD_DIRECTORY_KIND_PLAN, "file"), ==, "预案/地灾.pdf");
}

static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "demo.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) demo = dd_store_open (path, &error);
  g_autoptr(GListModel) stale = NULL;
  g_autoptr(GListModel) all = NULL;

  g_assert_no_error (error);
  g_assert_true (dd_store_fill_demo (demo, DD_DEMO_SIZE_SMALL, 1, &error));
  g_assert_no_error (error);
  all = search (demo, NULL, 0, NULL);
  stale = dd_store_directory_list_stale (demo, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), >, 40);
  g_assert_cmpuint (g_list_model_get_n_items (stale), >, 5);
  g_assert_cmpuint (g_list_model_get_n_items (stale), <, g_list_model_get_n_items (all));
}

/* ------------------------------------------------------------------ edit */

/* The cells of @entry, as the details give them. */
static GStrv
cells_of (DdStore          *store,
          DdDirectoryEntry *entry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryDetails) d = dd_store_directory_get_details (store, dd_directory_entry_get_kind (entry),
                                                                    dd_directory_entry_get_id (entry), 0, &error);

  g_assert_no_error (error);
  return g_strdupv (d->row->values);
}

static void
set_cell (GStrv            values,
          DdDirectoryKind  kind,
          const char      *column,
          const char      *value)
{
  int i = dd_directory_kind_find_column (kind, column);

  g_assert_cmpint (i, >=, 0);
  g_free (values[i]);
  values[i] = g_strdup (value);
}

static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEntry) expert = NULL;
  g_autoptr(DdDirectoryEdit) edit = NULL;
  g_auto(GStrv) values = NULL;
  gint64 audit_before, ops_before;

  import_all (fixture->store);
  expert = find_one (fixture->store, "龙海", 1u << DD_DIRECTORY_KIND_EXPERT);
  values = cells_of (fixture->store, expert);

  /* Bad cells: every problem by column, nothing written. */
  audit_before = dd_store_count_audit_entries (fixture->store, NULL);
  set_cell (values, DD_DIRECTORY_KIND_EXPERT, "division", "999999");
  set_cell (values, DD_DIRECTORY_KIND_EXPERT, "name", " ");
  edit = dd_store_directory_edit (fixture->store, DD_DIRECTORY_KIND_EXPERT, dd_directory_entry_get_id (expert),
                                  (const char * const *) values, FALSE, NULL, NULL, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_nonnull (edit);
  g_assert_cmpuint (edit->problems->len, ==, 2);
  g_assert_cmpstr (((DdDirectoryProblem *) g_ptr_array_index (edit->problems, 0))->column, ==, "name");
  g_assert_cmpstr (((DdDirectoryProblem *) g_ptr_array_index (edit->problems, 1))->column, ==, "division");
  g_assert_cmpint (dd_store_count_audit_entries (fixture->store, NULL), ==, audit_before);
  g_clear_error (&error);
  g_clear_pointer (&edit, dd_directory_edit_free);

  /* Another expert's key: refused. */
  set_cell (values, DD_DIRECTORY_KIND_EXPERT, "name", "韦丽");
  set_cell (values, DD_DIRECTORY_KIND_EXPERT, "division", "520103");
  edit = dd_store_directory_edit (fixture->store, DD_DIRECTORY_KIND_EXPERT, dd_directory_entry_get_id (expert),
                                  (const char * const *) values, FALSE, NULL, NULL, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_cmpuint (edit->problems->len, ==, 1);
  g_clear_error (&error);
  g_clear_pointer (&edit, dd_directory_edit_free);

  /* A good edit, normalised as an import would, patched and journalled. */
  g_strfreev (values);
  values = cells_of (fixture->store, expert);
  set_cell (values, DD_DIRECTORY_KIND_EXPERT, "mobile", "13800000000");
  set_cell (values, DD_DIRECTORY_KIND_EXPERT, "fields", "地质灾害、岩土");
  ops_before = dd_store_count_pending_ops (fixture->store, NULL);
  edit = dd_store_directory_edit (fixture->store, DD_DIRECTORY_KIND_EXPERT, dd_directory_entry_get_id (expert),
                                  (const char * const *) values, TRUE, "王值班", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edit->problems->len, ==, 0);
  g_assert_cmpuint (edit->changed->len, ==, 2);
  g_assert_nonnull (edit->verification);
  g_assert_cmpstr (edit->verification->verified_by, ==, "王值班");
  g_assert_nonnull (strstr (edit->verification->note, "mobile: 13985012346 → 13800000000"));
  g_assert_cmpint (dd_store_count_pending_ops (fixture->store, NULL), ==, ops_before + 2);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE op = 'patch' AND record_kind = 'expert'"
                              " AND base_ver = 1 AND json_extract (payload, '$.mobile') = '13800000000'"
                              " AND json_extract (payload, '$.fields') = '地质灾害;岩土'"
                              " AND json_extract (payload, '$.name') IS NULL"), ==, 1);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM audit_journal WHERE action = 'directory.edit'"), ==, 1);
  {
    g_autoptr(DdDirectoryEntry) again = find_one (fixture->store, "13800000000", 0);
    g_autoptr(DdDirectoryDetails) d = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_EXPERT,
                                                                      dd_directory_entry_get_id (again), 0, &error);
    g_assert_no_error (error);
    g_assert_false (dd_directory_entry_get_stale (again));
    g_assert_cmpstr (dd_directory_row_get (d->row, DD_DIRECTORY_KIND_EXPERT, "fields"), ==, "地质灾害;岩土");
    g_assert_cmpuint (d->verifications->len, ==, 1);
  }
  {
    g_autoptr(DdAuditReport) report = dd_store_verify_audit (fixture->store, &error);
    g_assert_no_error (error);
    g_assert_true (report->ok);
  }
}

static void
test_edit_unit_people (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEntry) unit = NULL;
  g_autoptr(DdDirectoryEdit) added = NULL;
  g_autoptr(DdDirectoryEdit) renamed = NULL;
  g_autoptr(DdDirectoryDetails) d = NULL;
  g_auto(GStrv) values = NULL;
  const char * const person[] = { "南明区应急管理局", "520102", "陈静", "科长", "", "13908510009", "", "", "", NULL };

  import_all (fixture->store);

  /* A person added to the unit. */
  added = dd_store_directory_edit (fixture->store, DD_DIRECTORY_KIND_CONTACT, NULL, person,
                                   FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (added->id), ==, 36);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM audit_journal WHERE action = 'directory.add'"), ==, 20);

  /* The same person again: refused. */
  {
    g_autoptr(DdDirectoryEdit) twice = dd_store_directory_edit (fixture->store, DD_DIRECTORY_KIND_CONTACT, NULL,
                                                                person, FALSE, NULL, NULL, &error);
    g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
    g_assert_cmpuint (twice->problems->len, ==, 1);
    g_clear_error (&error);
  }

  /* Renaming the unit's own line takes its people along. */
  unit = find_one (fixture->store, "0851-85812345", 0);
  values = cells_of (fixture->store, unit);
  set_cell (values, DD_DIRECTORY_KIND_CONTACT, "unit", "南明区应急管理局（新）");
  renamed = dd_store_directory_edit (fixture->store, DD_DIRECTORY_KIND_CONTACT, dd_directory_entry_get_id (unit),
                                     (const char * const *) values, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  d = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_CONTACT,
                                      dd_directory_entry_get_id (unit), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->children->len, ==, 2);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM dir_contact WHERE unit = '南明区应急管理局'"), ==, 0);

  /* A unit with people cannot go; a person can. */
  g_assert_false (dd_store_directory_remove (fixture->store, DD_DIRECTORY_KIND_CONTACT,
                                             dd_directory_entry_get_id (unit), &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (dd_store_directory_remove (fixture->store, DD_DIRECTORY_KIND_CONTACT, added->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE op = 'delete' AND record_kind = 'contact'"),
                   ==, 1);
  {
    g_autoptr(GListModel) r = search (fixture->store, "陈静", 0, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 0);
  }
  g_assert_false (dd_store_directory_remove (fixture->store, DD_DIRECTORY_KIND_CONTACT, added->id, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
}

static void
test_edit_warehouse_stock (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEntry) warehouse = NULL;
  g_autoptr(DdDirectoryEdit) edit = NULL;
  g_autoptr(DdDirectoryEntry) tent = NULL;
  g_auto(GStrv) values = NULL;

  import_all (fixture->store);
  warehouse = find_one (fixture->store, "南明区应急物资储备库", 1u << DD_DIRECTORY_KIND_WAREHOUSE);
  values = cells_of (fixture->store, warehouse);
  set_cell (values, DD_DIRECTORY_KIND_WAREHOUSE, "name", "南明区物资库");
  edit = dd_store_directory_edit (fixture->store, DD_DIRECTORY_KIND_WAREHOUSE,
                                  dd_directory_entry_get_id (warehouse), (const char * const *) values,
                                  FALSE, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Its stock follows, and still exports and re-imports unchanged. */
  tent = find_one (fixture->store, "帐篷", 1u << DD_DIRECTORY_KIND_STOCK);
  g_assert_nonnull (strstr (dd_directory_entry_get_subtitle (tent), "南明区物资库"));
  {
    g_autoptr(GBytes) exported = dd_store_directory_export (fixture->store, DD_DIRECTORY_KIND_STOCK, &error);
    g_autoptr(DdDirectoryImport) same = NULL;

    g_assert_no_error (error);
    same = dd_store_directory_import (fixture->store, DD_DIRECTORY_KIND_STOCK, exported, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (same->n_unchanged, ==, 2);
  }
  g_assert_false (dd_store_directory_remove (fixture->store, DD_DIRECTORY_KIND_WAREHOUSE,
                                             dd_directory_entry_get_id (warehouse), &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
}

/* ------------------------------------------------------------------ pinyin */

static void
test_pinyin_core (void)
{
  g_autofree char *a = dd_pinyin_initials ("南明区应急管理局");
  g_autofree char *b = dd_pinyin_initials ("刘德华");
  g_autofree char *c = dd_pinyin_initials ("GZ-1 长");

  g_assert_cmpstr (a, ==, "n m oq y j g l j");
  g_assert_cmpstr (b, ==, "l d h");
  g_assert_cmpstr (c, ==, "g z cz");
  g_assert_true (dd_pinyin_initials_match (a, "nmq"));
  g_assert_true (dd_pinyin_initials_match (a, "NMO"));
  g_assert_true (dd_pinyin_initials_match (a, "glj"));
  g_assert_false (dd_pinyin_initials_match (a, "nq"));
  g_assert_true (dd_pinyin_is_initials_term ("ldh"));
  g_assert_false (dd_pinyin_is_initials_term ("l"));
  g_assert_false (dd_pinyin_is_initials_term ("ld1"));
}

static void
test_pinyin_search (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char people[] =
    "unit,division,name,post,office_phone,mobile,duty_phone,fax,note\n"
    "南明区应急管理局,520102,刘德华,科员,,13900000001,,,\n"
    "南明区应急管理局,520102,刘大伟,科员,,13900000002,,,\n"
    "南明区应急管理局,520102,长江,科员,,13900000003,,,\n";
  static const char * const terms[] = { "nmq", "NMQ", "ldh", "ld", "cj", "zj", "mq", "qy", "gzjy", "zz", NULL };
  g_autoptr(GBytes) bytes = utf8_bom (people);
  g_autoptr(GError) error = NULL;

  import_all (fixture->store);
  import_ok (fixture->store, DD_DIRECTORY_KIND_CONTACT, bytes, 3);

  {
    g_autoptr(GListModel) r = search (fixture->store, "nmq", 0, NULL);
    g_assert_true (has_name (r, "南明区应急管理局"));
    g_assert_true (has_name (r, "南明区山体滑坡抢险队"));
    g_assert_false (has_name (r, "云岩区地质灾害抢险队"));
  }
  {
    g_autoptr(GListModel) r = search (fixture->store, "ldh", 0, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 1);
    g_assert_true (has_name (r, "刘德华"));
  }
  /* Two letters; a polyphonic character by either reading; filters apply. */
  {
    g_autoptr(GListModel) r = search (fixture->store, "ld", 1u << DD_DIRECTORY_KIND_CONTACT, NULL);
    g_assert_true (has_name (r, "刘德华"));
    g_assert_true (has_name (r, "刘大伟"));
  }
  {
    g_autoptr(GListModel) cj = search (fixture->store, "cj", 0, NULL);
    g_autoptr(GListModel) zj = search (fixture->store, "zj", 0, NULL);
    g_assert_true (has_name (cj, "长江"));
    g_assert_true (has_name (zj, "长江"));
  }
  {
    g_autoptr(GListModel) r = search (fixture->store, "nmq", 0, "520103");
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 0);
  }
  /* Text matches still count: "GZ" is a registration number. */
  {
    g_autoptr(GListModel) r = search (fixture->store, "gz", 1u << DD_DIRECTORY_KIND_TEAM, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (r), ==, 0);   /* names only for 2 characters */
  }

  /* Every result, and only those, against the reference: the text
   * search's results plus the names whose initials match. */
  for (guint t = 0; terms[t] != NULL; t++)
    {
      g_autoptr(GListModel) all = search (fixture->store, NULL, 0, NULL);
      g_autoptr(GListModel) found = search (fixture->store, terms[t], 0, NULL);
      guint expected = 0;

      for (guint i = 0; i < g_list_model_get_n_items (all); i++)
        {
          g_autoptr(DdDirectoryEntry) e = g_list_model_get_item (all, i);
          g_autofree char *initials = dd_pinyin_initials (dd_directory_entry_get_name (e));
          g_autofree char *name_lower = g_utf8_strdown (dd_directory_entry_get_name (e), -1);
          g_autofree char *term_lower = g_ascii_strdown (terms[t], -1);
          gboolean as_text = strlen (terms[t]) < 3 && strstr (name_lower, term_lower) != NULL;

          if (dd_pinyin_initials_match (initials, terms[t]) || as_text)
            {
              expected++;
              g_assert_true (has_name (found, dd_directory_entry_get_name (e)));
            }
        }
      if (strlen (terms[t]) < 3)
        g_assert_cmpuint (g_list_model_get_n_items (found), ==, expected);
      else
        g_assert_cmpuint (g_list_model_get_n_items (found), >=, expected);
    }
  g_assert_no_error (error);
}

static void
test_pinyin_backfill (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  import_all (fixture->store);
  g_clear_object (&fixture->store);

  /* As a database written before migration 0010 is left: no initials. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE dir_index SET initials = NULL; DELETE FROM dir_name_initials",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_name_initials"), ==, 0);

  fixture->store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_index WHERE initials IS NULL"), ==, 0);
  {
    g_autoptr(GListModel) r = search (fixture->store, "nmq", 0, NULL);
    g_assert_true (has_name (r, "南明区应急管理局"));
  }
}

/* ------------------------------------------------------------------ plan sections */

static void
test_sections_cell (void)
{
  static const char cell[] = "组织体系|区指挥部\n下设办公室||分级|Ⅰ级\\|Ⅱ级 || 联系人 ";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sections = dd_directory_sections_parse (cell, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (sections->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (sections, 1), ==, "区指挥部\n下设办公室");
  g_assert_cmpstr (g_ptr_array_index (sections, 3), ==, "Ⅰ级|Ⅱ级");
  g_assert_cmpstr (g_ptr_array_index (sections, 4), ==, "联系人");
  g_assert_cmpstr (g_ptr_array_index (sections, 5), ==, "");
  g_ptr_array_add (sections, NULL);
  again = dd_directory_sections_format ((const char * const *) sections->pdata);
  g_assert_cmpstr (again, ==, "组织体系|区指挥部\n下设办公室||分级|Ⅰ级\\|Ⅱ级||联系人");
  g_clear_pointer (&sections, g_ptr_array_unref);
  sections = dd_directory_sections_parse (again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sections->len, ==, 6);
  g_clear_pointer (&sections, g_ptr_array_unref);

  sections = dd_directory_sections_parse ("|无标题", &error);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
  g_assert_null (sections);
  g_clear_error (&error);
  sections = dd_directory_sections_parse ("标题|正文|多余", &error);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
}

static void
test_sections_import_export (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char plans[] =
    "预案名称,预案级别,编制单位,章节\n"
    "南明区突发地质灾害应急预案,县级,520102,\"组织体系|区指挥部||响应措施|1. 转移群众\r\n2. 设置警戒\"\n";
  static const char bad[] =
    "title,owner_unit,sections\n"
    "甲预案,520102,组织|正文\n"
    "乙预案,520102,|没有标题\n";
  g_autoptr(GBytes) bytes = utf8_bom (plans);
  g_autoptr(GBytes) bad_bytes = utf8_bom (bad);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEntry) plan = NULL;
  g_autoptr(DdDirectoryDetails) d = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(DdDirectoryImport) again = NULL;
  g_autoptr(DdDirectoryImport) refused = NULL;

  import_ok (fixture->store, DD_DIRECTORY_KIND_PLAN, bytes, 1);
  plan = find_one (fixture->store, "南明区突发地质", 0);
  d = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_PLAN, dd_directory_entry_get_id (plan),
                                      0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->sections->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (d->sections, 2), ==, "响应措施");
  g_assert_cmpstr (g_ptr_array_index (d->sections, 3), ==, "1. 转移群众\n2. 设置警戒");

  /* Searchable, exported, and re-imported unchanged. */
  {
    g_autoptr(GListModel) r = search (fixture->store, "设置警戒", 0, NULL);
    g_assert_true (has_name (r, "南明区突发地质灾害应急预案"));
  }
  exported = dd_store_directory_export (fixture->store, DD_DIRECTORY_KIND_PLAN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported), ",sections\r\n"));
  again = dd_store_directory_import (fixture->store, DD_DIRECTORY_KIND_PLAN, exported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->n_unchanged, ==, 1);

  /* A section without a heading: the file is refused, by line. */
  refused = dd_store_directory_import (fixture->store, DD_DIRECTORY_KIND_PLAN, bad_bytes, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_cmpuint (refused->sheet->problems->len, ==, 1);
  g_assert_cmpuint (((DdDirectoryProblem *) g_ptr_array_index (refused->sheet->problems, 0))->line, ==, 3);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_plan"), ==, 1);
}

/* ------------------------------------------------------------------ service */

typedef struct
{
  GMainLoop  *loop;
  GListModel *results;
  GError     *error;
} AsyncData;

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AsyncData *ad = user_data;

  ad->results = dd_store_service_directory_search_finish (DD_STORE_SERVICE (source), result, &ad->error);
  g_main_loop_quit (ad->loop);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for the service");
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ change requests */

#define PROVINCE_TEAM "01a22c00-0000-7000-8000-0000000000aa"

/* A team the province publishes, as a pull brings it. */
static void
pull_province_team (DdStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dd_store_directory_apply_pulled (store, "team", PROVINCE_TEAM,
                                                  "{\"name\":\"贵州省矿山救护总队\",\"class\":\"professional\","
                                                  "\"field\":\"矿山救援\",\"owner_unit\":\"520000-yjt\","
                                                  "\"division\":\"520000\",\"phone\":\"0851-1000\"}",
                                                  "520000", 3, 1, &error));
  g_assert_no_error (error);
}

static void
test_request_change (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEdit) edit = NULL;
  g_autoptr(DdDirectoryDetails) details = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DdDirectoryImport) import = NULL;
  g_auto(GStrv) values = NULL;
  DdDirectoryRequestChange *change;
  gint64 audit_before;

  pull_province_team (fixture->store);
  details = dd_store_directory_get_details (fixture->store, DD_DIRECTORY_KIND_TEAM, PROVINCE_TEAM, 0, &error);
  g_assert_no_error (error);
  g_assert_false (details->own);
  g_assert_cmpstr (details->publisher, ==, "520000");
  g_assert_cmpstr (details->publisher_name, ==, "贵州省");
  values = g_strdupv (details->row->values);
  audit_before = dd_store_count_audit_entries (fixture->store, NULL);

  /* Another unit's entry is not changed, removed or overwritten here. */
  set_cell (values, DD_DIRECTORY_KIND_TEAM, "phone", "0851-2000");
  edit = dd_store_directory_edit (fixture->store, DD_DIRECTORY_KIND_TEAM, PROVINCE_TEAM,
                                  (const char * const *) values, FALSE, NULL, NULL, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "贵州省"));
  g_assert_null (edit);
  g_clear_error (&error);
  g_assert_false (dd_store_directory_remove (fixture->store, DD_DIRECTORY_KIND_TEAM, PROVINCE_TEAM, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bytes = utf8_bom ("name,class,division,phone\n贵州省矿山救护总队,professional,520000,0851-3000\n");
  import = dd_store_directory_import (fixture->store, DD_DIRECTORY_KIND_TEAM, bytes, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_cmpuint (import->sheet->problems->len, ==, 1);
  g_assert_cmpuint (((DdDirectoryProblem *) g_ptr_array_index (import->sheet->problems, 0))->line, ==, 2);
  g_clear_error (&error);
  g_assert_cmpint (dd_store_count_audit_entries (fixture->store, NULL), ==, audit_before);

  /* Asking for what it already has, or with bad cells: nothing written. */
  edit = dd_store_directory_request_change (fixture->store, DD_DIRECTORY_KIND_TEAM, PROVINCE_TEAM,
                                            (const char * const *) details->row->values, FALSE, NULL, NULL, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_null (edit);
  g_clear_error (&error);
  set_cell (values, DD_DIRECTORY_KIND_TEAM, "division", "999999");
  edit = dd_store_directory_request_change (fixture->store, DD_DIRECTORY_KIND_TEAM, PROVINCE_TEAM,
                                            (const char * const *) values, FALSE, NULL, NULL, &error);
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_assert_cmpuint (edit->problems->len, ==, 1);
  g_clear_error (&error);
  g_clear_pointer (&edit, dd_directory_edit_free);
  g_assert_cmpint (dd_store_count_audit_entries (fixture->store, NULL), ==, audit_before);

  /* A correction found on a call: the verification and the request. */
  set_cell (values, DD_DIRECTORY_KIND_TEAM, "division", "520000");
  edit = dd_store_directory_request_change (fixture->store, DD_DIRECTORY_KIND_TEAM, PROVINCE_TEAM,
                                            (const char * const *) values, TRUE, "王值班", " 电话已改 ", &error);
  g_assert_no_error (error);
  g_assert_nonnull (edit->request);
  g_assert_cmpuint (edit->changed->len, ==, 1);
  g_assert_nonnull (strstr (edit->verification->note, "贵州省"));
  g_assert_nonnull (strstr (edit->verification->note, "phone: 0851-1000 → 0851-2000"));
  g_assert_cmpint (edit->request->state, ==, DD_DIRECTORY_REQUEST_PENDING);
  g_assert_false (edit->request->incoming);
  g_assert_cmpstr (edit->request->note, ==, "电话已改");
  g_assert_cmpstr (edit->request->requester, ==, "520102");
  g_assert_cmpuint (edit->request->changes->len, ==, 1);
  change = g_ptr_array_index (edit->request->changes, 0);
  g_assert_cmpstr (change->column, ==, "phone");
  g_assert_cmpstr (change->seen, ==, "0851-1000");
  g_assert_cmpstr (change->asked, ==, "0851-2000");
  g_assert_cmpstr (change->current, ==, "0851-1000");
  /* the entry is as published; the request and the verification go up */
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_team WHERE phone = '0851-1000'"), ==, 1);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE record_kind = 'directory_request'"
                              " AND op = 'insert' AND json_extract (payload, '$.publisher') = '520000'"
                              " AND json_extract (payload, '$.changes[0][2]') = '0851-2000'"), ==, 1);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE record_kind = 'verification'"), ==, 1);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM audit_journal WHERE action = 'directory.request'"), ==, 1);

  /* This desk cannot answer it: the province does. */
  g_assert_null (dd_store_directory_answer_request (fixture->store, edit->request->id, TRUE, NULL, NULL, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dd_store_directory_answer_request (fixture->store, "01a22c00-0000-7000-8000-00000000ffff",
                                                    TRUE, NULL, NULL, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A removal; both listed, newest first. */
  g_clear_pointer (&edit, dd_directory_edit_free);
  edit = dd_store_directory_request_change (fixture->store, DD_DIRECTORY_KIND_TEAM, PROVINCE_TEAM, NULL, FALSE,
                                            NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (edit->request->removal);
  requests = dd_store_directory_list_requests (fixture->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_true (((DdDirectoryRequest *) g_ptr_array_index (requests, 0))->removal);

  /* The province's answer arrives: the request is declined here too. */
  {
    g_autofree char *answer = g_strdup_printf ("{\"request_id\":\"%s\",\"decision\":\"declined\","
                                               "\"reason\":\"队伍仍在编\",\"requester\":\"520102\","
                                               "\"answered_by\":\"省值班员\",\"answered_at\":1796000000000}",
                                               edit->request->id);
    g_autoptr(DdDirectoryRequest) answered = NULL;

    g_assert_true (dd_store_directory_apply_pulled_answer (fixture->store, "01a22c00-0000-7000-8000-0000000000bb",
                                                           answer, "520000", 9, &error));
    g_assert_no_error (error);
    answered = dd_store_directory_get_request (fixture->store, edit->request->id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (answered->state, ==, DD_DIRECTORY_REQUEST_DECLINED);
    g_assert_cmpstr (answered->reason, ==, "队伍仍在编");
    g_assert_cmpstr (answered->answered_by, ==, "省值班员");
  }
  /* Another desk of the province accepted it, later, while offline: its
   * edit went out, so the acceptance decides. */
  {
    g_autofree char *answer = g_strdup_printf ("{\"request_id\":\"%s\",\"decision\":\"accepted\","
                                               "\"reason\":\"\",\"requester\":\"520102\","
                                               "\"answered_by\":\"省值班员二\",\"answered_at\":1796000005000}",
                                               edit->request->id);
    g_autoptr(DdDirectoryRequest) answered = NULL;

    g_assert_true (dd_store_directory_apply_pulled_answer (fixture->store, "01a22c00-0000-7000-8000-0000000000bc",
                                                           answer, "520000", 10, &error));
    g_assert_no_error (error);
    answered = dd_store_directory_get_request (fixture->store, edit->request->id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (answered->state, ==, DD_DIRECTORY_REQUEST_ACCEPTED);
    g_assert_cmpstr (answered->answered_by, ==, "省值班员二");
  }
}

static void
test_answer_request (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDirectoryEntry) expert = NULL;
  g_autoptr(DdDirectoryRequest) answered = NULL;
  g_autofree char *asked = NULL;
  g_autofree char *removal = NULL;
  g_autofree char *stranger = NULL;
  g_auto(GStrv) values = NULL;
  g_autoptr(DdDirectoryEdit) edit = NULL;
  const char *id;
  gint64 audit_before;

  import_all (fixture->store);
  expert = find_one (fixture->store, "龙海", 1u << DD_DIRECTORY_KIND_EXPERT);
  id = dd_directory_entry_get_id (expert);

  /* 云岩区 asks this desk to change its expert's mobile; a request
   * between two other units is not kept here. */
  asked = g_strdup_printf ("{\"kind\":\"expert\",\"entry_id\":\"%s\",\"entry_name\":\"龙海\",\"action\":\"change\","
                           "\"changes\":[[\"mobile\",\"13985012346\",\"13800000001\"]],\"note\":\"\","
                           "\"publisher\":\"520102\",\"requested_by\":\"周平\",\"requested_at\":1796000000000}", id);
  g_assert_true (dd_store_directory_apply_pulled_request (fixture->store, "01a22c00-0000-7000-8000-000000000001",
                                                          asked, "520103", 1, &error));
  removal = g_strdup_printf ("{\"kind\":\"expert\",\"entry_id\":\"%s\",\"entry_name\":\"龙海\",\"action\":\"remove\","
                             "\"changes\":[],\"note\":\"\",\"publisher\":\"520102\",\"requested_by\":\"周平\","
                             "\"requested_at\":1796000001000}", id);
  g_assert_true (dd_store_directory_apply_pulled_request (fixture->store, "01a22c00-0000-7000-8000-000000000002",
                                                          removal, "520103", 2, &error));
  stranger = g_strdup_printf ("{\"kind\":\"expert\",\"entry_id\":\"%s\",\"entry_name\":\"x\",\"action\":\"remove\","
                              "\"changes\":[],\"publisher\":\"520000\",\"requested_by\":\"某\","
                              "\"requested_at\":1796000002000}", id);
  g_assert_true (dd_store_directory_apply_pulled_request (fixture->store, "01a22c00-0000-7000-8000-000000000003",
                                                          stranger, "520201", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_request"), ==, 2);
  g_assert_cmpint (dd_store_directory_count_waiting_requests (fixture->store, &error), ==, 2);
  g_assert_no_error (error);

  /* Meanwhile this desk changed another cell of the entry. */
  values = cells_of (fixture->store, expert);
  set_cell (values, DD_DIRECTORY_KIND_EXPERT, "title", "正高级工程师");
  edit = dd_store_directory_edit (fixture->store, DD_DIRECTORY_KIND_EXPERT, id, (const char * const *) values,
                                  FALSE, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Declining needs a reason. */
  audit_before = dd_store_count_audit_entries (fixture->store, NULL);
  g_assert_null (dd_store_directory_answer_request (fixture->store, "01a22c00-0000-7000-8000-000000000002",
                                                    FALSE, "  ", NULL, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (dd_store_count_audit_entries (fixture->store, NULL), ==, audit_before);

  /* Accepting sets only the cell asked for, with the answer, in one go. */
  answered = dd_store_directory_answer_request (fixture->store, "01a22c00-0000-7000-8000-000000000001", TRUE,
                                                NULL, "王值班", &error);
  g_assert_no_error (error);
  g_assert_cmpint (answered->state, ==, DD_DIRECTORY_REQUEST_ACCEPTED);
  g_assert_cmpstr (answered->answered_by, ==, "王值班");
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_expert WHERE mobile = '13800000001'"
                                             " AND title = '正高级工程师'"), ==, 1);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE record_kind = 'directory_answer'"
                              " AND json_extract (payload, '$.requester') = '520103'"
                              " AND json_extract (payload, '$.decision') = 'accepted'"), ==, 1);
  g_assert_cmpint (query_int (fixture->path,
                              "SELECT count(*) FROM sync_outbox WHERE record_kind = 'expert' AND op = 'patch'"
                              " AND owner_unit = '520102' AND json_extract (payload, '$.mobile') = '13800000001'"),
                   ==, 1);
  g_clear_pointer (&answered, dd_directory_request_free);

  /* Answered once only. */
  g_assert_null (dd_store_directory_answer_request (fixture->store, "01a22c00-0000-7000-8000-000000000001",
                                                    FALSE, "晚了", NULL, &error));
  g_assert_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Accepting the removal removes it. */
  answered = dd_store_directory_answer_request (fixture->store, "01a22c00-0000-7000-8000-000000000002", TRUE,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (answered->entry_exists);
  g_assert_cmpint (dd_store_directory_count_waiting_requests (fixture->store, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM dir_expert WHERE name = '龙海'"), ==, 0);
  {
    g_autoptr(DdAuditReport) report = dd_store_verify_audit (fixture->store, &error);
    g_assert_no_error (error);
    g_assert_true (report->ok);
  }
}

static void
test_service_search (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DdStoreService) service = NULL;
  AsyncData ad = { 0 };
  DdDirectoryQuery query = { 0 };
  guint timeout;

  import_all (fixture->store);
  g_clear_object (&fixture->store);

  service = dd_store_service_new (fixture->path, "test");
  ad.loop = g_main_loop_new (NULL, FALSE);
  query.text = "滑坡";
  dd_store_service_directory_search_async (service, &query, NULL, on_search_done_cb, &ad);
  timeout = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_timeout_cb, NULL);
  g_main_loop_run (ad.loop);
  g_source_remove (timeout);

  g_assert_no_error (ad.error);
  g_assert_cmpuint (g_list_model_get_n_items (ad.results), ==, 1);
  g_assert_true (g_list_model_get_item_type (ad.results) == DD_TYPE_DIRECTORY_ENTRY);
  g_clear_object (&ad.results);
  g_main_loop_unref (ad.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/directory/core/stale-rule", test_stale_rule);
  g_test_add_func ("/directory/core/rules-shipped", test_rules_shipped);
  g_test_add_func ("/directory/core/division-distance", test_division_distance);
  g_test_add_func ("/directory/core/sheet-problems", test_sheet_problems);
  g_test_add_func ("/directory/core/unknown-column", test_unknown_column);
  g_test_add_func ("/directory/core/pinyin", test_pinyin_core);
  g_test_add_func ("/directory/core/sections-cell", test_sections_cell);

#define ADD(name, func) g_test_add ("/directory/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("request/change-and-remove", test_request_change);
  ADD ("request/answer", test_answer_request);
  ADD ("import-utf8-bom", test_import_utf8_bom);
  ADD ("import-gb18030", test_import_gb18030);
  ADD ("bad-rows-import-nothing", test_bad_rows_import_nothing);
  ADD ("export-reimports", test_export_reimports);
  ADD ("reimport-changes", test_reimport_changes);
  ADD ("search", test_search);
  ADD ("suggest", test_suggest);
  ADD ("stale-and-verify", test_stale_and_verify);
  ADD ("whereabouts", test_whereabouts);
  ADD ("plan-sections", test_plan_sections);
  ADD ("demo", test_demo);
  ADD ("edit", test_edit);
  ADD ("edit-unit-people", test_edit_unit_people);
  ADD ("edit-warehouse-stock", test_edit_warehouse_stock);
  ADD ("pinyin-search", test_pinyin_search);
  ADD ("pinyin-backfill", test_pinyin_backfill);
  ADD ("sections-import-export", test_sections_import_export);
  ADD ("service-search", test_service_search);
#undef ADD

  return g_test_run ();
}
