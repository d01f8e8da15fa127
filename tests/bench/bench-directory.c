/* bench-directory.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The directory search benchmark (meson test --benchmark --suite store):
 * a desk with 100,000 directory entries (contacts, teams, experts, stock;
 * built once through the import path, untimed), then many searches as the
 * Directory section makes them: Chinese substrings of names, units and
 * fields, phone fragments, 1–2 character queries, filters. Measures each
 * search through dd_store_directory_search() (results built as GObjects),
 * and the yardstick: the same queries as a plain LIKE '%…%' scan over the
 * same table with bare sqlite3. Prints p50 and p95 of both and the ratio.
 * Target: p95 < 20 ms.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dd-directory.h"
#include "dd-store.h"

#define N_CONTACTS 50000
#define N_TEAMS    20000
#define N_EXPERTS  20000
#define N_STOCK    10000
#define ROUNDS     5

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "罗", "高", "林", "龙", "杜", "田", "韦", "潘", "蒙", "石", "吕", "袁", "冉",
};
static const char * const given[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
  "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "红", "梅", "鑫", "婷",
};
static const char * const departments[] = {
  "应急管理局", "公安分局", "消防救援大队", "卫生健康局", "水务管理局", "住房城乡建设局",
  "交通运输局", "自然资源局", "气象局", "生态环境分局", "林业局", "人民医院", "街道办事处",
  "供电局", "燃气公司", "通信分公司",
};
static const char * const posts[] = { "局长", "副局长", "主任", "副主任", "科长", "值班员", "队长" };
static const char * const fields[] = {
  "地质灾害;山体滑坡", "危险化学品", "森林火灾;扑火", "水域救援", "矿山救护", "医疗救治",
  "工程抢险", "防汛抗旱", "地震搜救", "电力抢修", "通信保障", "环境监测",
};
static const char * const items[] = {
  "帐篷", "折叠床", "棉被", "编织袋", "救生衣", "发电机", "冲锋舟", "防化服", "应急灯", "铁锹",
};
static const char * const queries[] = {
  "应急管理局", "山体滑坡", "危险化学品", "消防救援", "自然资源", "卫生健康", "南明区", "云岩区",
  "花溪区", "森林火灾", "水域救援", "矿山救护", "人民医院", "街道办事处", "冲锋舟", "发电机",
  "0851-85", "85812", "13908", "139085", "1398501", "5550123", "王伟", "李明", "张", "滑坡",
  "防化服", "救生衣", "工程抢险", "副局长", "值班员", "通信分公司", "燃气", "供电局",
  "陈静", "刘强", "杨帆", "地震搜救", "环境监测", "电力抢修",
};

/* Pinyin initials (issue 6: "nmq" finds 南明区…), measured on their own. */
static const char * const initials_queries[] = {
  "nmq", "yjglj", "ww", "lm", "zjg", "xfjy", "rmyy", "gdj", "wzy", "sw", "hxq", "ldh",
};

static DdDivisionTable *divisions;
static GPtrArray *counties;

static const char *
pick_county (GRand *rand)
{
  return g_ptr_array_index (counties, g_rand_int_range (rand, 0, (gint32) counties->len));
}

static const char *
county_name (const char *code)
{
  return dd_division_get_name (dd_division_table_lookup (divisions, code));
}

static char *
phone (GRand *rand)
{
  return g_strdup_printf ("0851-%08d", g_rand_int_range (rand, 10000000, 99999999));
}

static char *
mobile (GRand *rand)
{
  return g_strdup_printf ("139%08d", g_rand_int_range (rand, 0, 99999999));
}

static char *
person (GRand *rand)
{
  return g_strdup_printf ("%s%s%s", surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                          given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
                          g_rand_boolean (rand) ? given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))] : "");
}

static void
import_or_die (DdStore         *store,
               DdDirectoryKind  kind,
               GString         *csv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (csv->str, csv->len);
  g_autoptr(DdDirectoryImport) import = dd_store_directory_import (store, kind, bytes, &error);

  if (import == NULL || error != NULL)
    g_error ("Import of %s failed: %s", dd_directory_kind_to_string (kind),
             error != NULL ? error->message : "?");
}

static void
build (DdStore *store)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(GString) csv = g_string_new (NULL);

  g_string_assign (csv, "unit,division,name,post,office_phone,mobile,duty_phone,fax,note\n");
  for (guint i = 0; i < N_CONTACTS; i++)
    {
      const char *county = pick_county (rand);
      g_autofree char *name = person (rand);
      g_autofree char *office = phone (rand);
      g_autofree char *mob = mobile (rand);

      g_string_append_printf (csv, "%s%s%u,%s,%s%u,%s,%s,%s,,,\n",
                              county_name (county), departments[i % G_N_ELEMENTS (departments)], i / 64,
                              county, name, i, posts[i % G_N_ELEMENTS (posts)], office, mob);
    }
  import_or_die (store, DD_DIRECTORY_KIND_CONTACT, csv);

  g_string_assign (csv, "name,class,field,registration,owner_unit,division,address,lat,lon,headcount,equipment,contact,phone\n");
  for (guint i = 0; i < N_TEAMS; i++)
    {
      const char *county = pick_county (rand);
      g_autofree char *contact = person (rand);
      g_autofree char *tel = mobile (rand);

      g_string_append_printf (csv, "%s%s救援队%u,professional,%s,GZ-%u,%s,%s,%s某路%u号,,,%u,,%s,%s\n",
                              county_name (county), fields[i % G_N_ELEMENTS (fields)], i,
                              fields[i % G_N_ELEMENTS (fields)], i, county, county, county_name (county),
                              i % 300, 10 + i % 90, contact, tel);
    }
  import_or_die (store, DD_DIRECTORY_KIND_TEAM, csv);

  g_string_assign (csv, "name,fields,unit,title,phone,mobile,division\n");
  for (guint i = 0; i < N_EXPERTS; i++)
    {
      const char *county = pick_county (rand);
      g_autofree char *name = person (rand);
      g_autofree char *office = phone (rand);
      g_autofree char *mob = mobile (rand);

      g_string_append_printf (csv, "%s%u,%s,%s%s,高级工程师,%s,%s,%s\n", name, i,
                              fields[i % G_N_ELEMENTS (fields)], county_name (county),
                              departments[i % G_N_ELEMENTS (departments)], office, mob, county);
    }
  import_or_die (store, DD_DIRECTORY_KIND_EXPERT, csv);

  g_string_assign (csv, "name,owner_unit,division,address,lat,lon,level,contact,phone\n");
  for (guint i = 0; i < counties->len; i++)
    g_string_append_printf (csv, "%s应急物资储备库,%s,%s,,,,county,,0851-8%07u\n",
                            county_name (g_ptr_array_index (counties, i)),
                            (const char *) g_ptr_array_index (counties, i),
                            (const char *) g_ptr_array_index (counties, i), i);
  import_or_die (store, DD_DIRECTORY_KIND_WAREHOUSE, csv);

  g_string_assign (csv, "warehouse,item,category,quantity,unit_of_measure,updated\n");
  for (guint i = 0; i < N_STOCK; i++)
    g_string_append_printf (csv, "%s应急物资储备库,%s%u,生活类,%u,件,2026-01-01\n",
                            county_name (g_ptr_array_index (counties, i % counties->len)),
                            items[i % G_N_ELEMENTS (items)], i / counties->len, i % 1000);
  import_or_die (store, DD_DIRECTORY_KIND_STOCK, csv);
}

/* CPU time of this thread, in ms: what a search costs, whatever else the
 * machine is doing. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
percentile (GArray *ms,
            double  p)
{
  g_array_sort (ms, compare_doubles);
  return g_array_index (ms, double, MIN (ms->len - 1, (guint) (p * ms->len)));
}

static char *
like_pattern (const char *text)
{
  return g_strdup_printf ("%%%s%%", text);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dd-bench-directory-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ours_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n_entries = 0;
  gint64 t0;
  double p50, p95, y50, y95;

  g_assert_no_error (error);
  path = g_build_filename (dir, "desk.db", NULL);

  divisions = dd_division_table_get_default ();
  counties = g_ptr_array_new ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (divisions)); i++)
    {
      g_autoptr(DdDivision) d = g_list_model_get_item (G_LIST_MODEL (divisions), i);

      if (dd_division_get_level (d) == DD_LEVEL_COUNTY)
        g_ptr_array_add (counties, (gpointer) dd_division_get_code (d));
    }

  store = dd_store_open (path, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  t0 = g_get_monotonic_time ();
  build (store);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM dir_index", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n_entries = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  printf ("built %" G_GINT64_FORMAT " directory entries in %.1f s (untimed)\n",
          n_entries, (g_get_monotonic_time () - t0) / 1e6);

  /* The yardstick: the same table, a plain substring scan, same order and limit. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT kind, entry_id, name, subtitle, division, phones, verified_at"
                                       " FROM dir_index WHERE haystack LIKE ?1"
                                       " ORDER BY CASE kind WHEN 'contact' THEN 0 WHEN 'team' THEN 1"
                                       " WHEN 'expert' THEN 2 WHEN 'warehouse' THEN 3 WHEN 'stock' THEN 4"
                                       " ELSE 5 END, name, entry_id LIMIT 200", -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint round = 0; round < ROUNDS; round++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        DdDirectoryQuery query = { 0 };
        g_autoptr(GListModel) results = NULL;
        g_autofree char *pattern = like_pattern (queries[q]);
        double ms;
        double c0, c1;
        double ms_ours_last;
        guint n_bare = 0;

        query.text = queries[q];
        /* Every fourth query filters, as the window's kind and division filters do. */
        if (q % 4 == 1)
          query.kinds = 1u << DD_DIRECTORY_KIND_TEAM;
        if (q % 4 == 2)
          query.division = "520100";

        c0 = cpu_ms ();
        t0 = g_get_monotonic_time ();
        results = dd_store_directory_search (store, &query, &error);
        ms = (g_get_monotonic_time () - t0) / 1000.0;
        c1 = cpu_ms () - c0;
        g_array_append_val (ours_cpu, c1);
        g_assert_no_error (error);
        g_array_append_val (ours, ms);
        ms_ours_last = c1;

        c0 = cpu_ms ();
        t0 = g_get_monotonic_time ();
        sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          n_bare++;
        sqlite3_reset (stmt);
        ms = (g_get_monotonic_time () - t0) / 1000.0;
        c1 = cpu_ms () - c0;
        g_array_append_val (bare_cpu, c1);
        g_array_append_val (bare, ms);

        if (g_getenv ("DD_BENCH_VERBOSE") != NULL && round == 0)
          printf ("  %-12s %7.2f ms  (LIKE %7.2f ms) %u\n", queries[q], ms_ours_last, ms, n_bare);
        if (round == 0 && q < 3)
          printf ("  “%s”: %u results (LIKE scan: %u)\n", queries[q],
                  g_list_model_get_n_items (results), n_bare);
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  {
    g_autoptr(GArray) initials = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint round = 0; round < ROUNDS; round++)
      for (guint q = 0; q < G_N_ELEMENTS (initials_queries); q++)
        {
          DdDirectoryQuery query = { 0 };
          g_autoptr(GListModel) results = NULL;
          double ms;

          query.text = initials_queries[q];
          if (q % 4 == 2)
            query.division = "520100";
          t0 = g_get_monotonic_time ();
          results = dd_store_directory_search (store, &query, &error);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          g_assert_no_error (error);
          g_array_append_val (initials, ms);
          if (round == 0 && q < 2)
            printf ("  “%s” (pinyin initials): %u results\n", initials_queries[q],
                    g_list_model_get_n_items (results));
        }
    printf ("pinyin initials, %u queries: p50 %.2f ms, p95 %.2f ms\n", initials->len,
            percentile (initials, 0.50), percentile (initials, 0.95));
  }

  p50 = percentile (ours, 0.50);
  p95 = percentile (ours, 0.95);
  y50 = percentile (bare, 0.50);
  y95 = percentile (bare, 0.95);
  printf ("directory search over %" G_GINT64_FORMAT " entries, %u queries:\n", n_entries, ours->len);
  printf ("  dd_store_directory_search (FTS5 trigram): p50 %.2f ms, p95 %.2f ms (target p95 < 20 ms)\n", p50, p95);
  printf ("  yardstick, bare sqlite3 LIKE '%%…%%' scan:  p50 %.2f ms, p95 %.2f ms\n", y50, y95);
  printf ("  ratio search/yardstick: p50 %.2f, p95 %.2f\n", p50 / y50, p95 / y95);
  p50 = percentile (ours_cpu, 0.50);
  p95 = percentile (ours_cpu, 0.95);
  y50 = percentile (bare_cpu, 0.50);
  y95 = percentile (bare_cpu, 0.95);
  printf ("  CPU time (thread): search p50 %.2f ms, p95 %.2f ms; yardstick p50 %.2f ms, p95 %.2f ms;"
          " ratio p50 %.2f, p95 %.2f\n", p50, p95, y50, y95, p50 / y50, p95 / y95);

  g_clear_object (&store);
  if (g_getenv ("DD_BENCH_KEEP") != NULL)
    return 0;
  {
    const char * const suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *f = g_strconcat (path, suffixes[i], NULL);
        g_unlink (f);
      }
    g_rmdir (dir);
  }
  g_ptr_array_unref (counties);

  return 0;
}
