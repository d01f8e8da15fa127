/* dd-store-demo.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-store.h"
#include "dd-roster-store-private.h"
#include "dd-store-private.h"

#include "dd-directory-private.h"

#include "dd-uuid.h"

/* The demo desk: the government duty office of 南明区, Guiyang, staffed
 * around the clock. Names, roles, phones and units come from the seed. */
#define DEMO_UNIT_CODE   "520102"
#define DEMO_UNIT_NAME   "南明区人民政府总值班室"
#define DEMO_N_STAFF     40
#define DEMO_LARGE_ROWS  1000000
#define DEMO_BATCH_ROWS  50000

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
  "徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "高", "林",
  "龙", "杜", "田", "韦", "潘", "蒙", "石", "吕", "袁", "冉",
  "雷", "谢", "唐", "邓", "冯", "曾", "彭", "宋", "熊", "敖",
};

static const char * const given[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
  "勇", "艳", "杰", "涛", "明", "超", "秀", "霞", "平", "刚",
  "桂", "英", "华", "建", "国", "文", "红", "梅", "鑫", "婷",
  "雪", "晨", "宇", "浩", "琳", "颖", "思", "佳", "欣", "黔",
  "松", "柏", "兰", "蓉", "彬", "筑", "阳", "贵", "庆", "林",
};

static const char * const units[] = {
  "区政府办公室",
  "区应急管理局",
  "区公安分局",
  "区消防救援大队",
  "区卫生健康局",
  "区水务管理局",
  "区住房城乡建设局",
  "区交通运输局",
  "区自然资源局",
  "区气象局",
  "花果园街道办事处",
  "兴关路街道办事处",
};

static const char * const mobile_prefixes[] = {
  "139", "138", "137", "136", "135", "158", "159", "188", "187", "182",
  "133", "153", "180", "189", "130", "131", "155", "185", "186", "177",
};

/* What a duty desk writes down in a shift, for the large demo journal. */
static const char * const notes[] = {
  "交班：夜间无重大情况，各类值守正常",
  "接区应急管理局通报：辖区气象预警已解除",
  "查岗：各街道值班人员在岗在位",
  "接群众来电反映道路积水，已转区住房城乡建设局处置",
  "收到市政府总值班室通知，已传达带班领导",
  "接花果园街道报告：小区停电已恢复供电",
  "防汛值守：各监测点水位正常",
  "接区公安分局通报：交通事故现场已处置完毕",
  "节假日值班表已报市政府总值班室",
  "接报：商铺冒烟，消防救援大队已到场，无人员伤亡",
};

static char *
make_name (GRand      *rand,
           GHashTable *used)
{
  for (;;)
    {
      GString *name = g_string_new (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))]);

      g_string_append (name, given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
      if (g_rand_int_range (rand, 0, 3) != 0)
        g_string_append (name, given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);

      if (!g_hash_table_contains (used, name->str))
        {
          g_hash_table_add (used, g_strdup (name->str));
          return g_string_free (name, FALSE);
        }

      g_string_free (name, TRUE);
    }
}

static char *
make_phone (GRand *rand)
{
  /* Mostly mobiles; some desk phones on the Guiyang (0851) exchange. */
  if (g_rand_int_range (rand, 0, 5) == 0)
    return g_strdup_printf ("0851-%04d%04d",
                            g_rand_int_range (rand, 8500, 8700),
                            g_rand_int_range (rand, 0, 10000));

  return g_strdup_printf ("%s%04d%04d",
                          mobile_prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (mobile_prefixes))],
                          g_rand_int_range (rand, 0, 10000),
                          g_rand_int_range (rand, 0, 10000));
}

static GPtrArray *
make_staff (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *staff = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < DEMO_N_STAFF; i++)
    {
      g_autofree char *name = make_name (rand, used);
      g_autofree char *phone = make_phone (rand);
      const char *unit;
      DdRole roles;
      gboolean active;

      /* About one in seven leads only, one in seven does both. */
      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0:
          roles = DD_ROLE_LEADER;
          unit = units[0];
          break;

        case 1:
          roles = DD_ROLE_BOTH;
          unit = units[g_rand_int_range (rand, 0, 2)];
          break;

        default:
          roles = DD_ROLE_OFFICER;
          unit = units[g_rand_int_range (rand, 0, G_N_ELEMENTS (units))];
          break;
        }

      active = g_rand_int_range (rand, 0, 20) != 0;

      g_ptr_array_add (staff, dd_staff_new (NULL, name, roles, phone, unit, active));
    }

  return staff;
}

static char *
json_note (DdStore     *store,
           const char  *text,
           GError     **error)
{
  sqlite3_stmt *stmt;
  char *json = NULL;
  int rc;

  if (!(stmt = dd_store_prepare (store, "SELECT json_object ('text', ?1)", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    dd_store_set_error (store, error, rc, "json_object");
  sqlite3_reset (stmt);

  return json;
}

/* Appends journal rows until the journal holds @target entries, in a few
 * large transactions. */
static gboolean
fill_journal (DdStore  *store,
              gint64    target,
              GError  **error)
{
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  gint64 n;

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      char *json = json_note (store, notes[i], error);

      if (json == NULL)
        return FALSE;
      g_ptr_array_add (details, json);
    }

  n = dd_store_count_audit_entries (store, error);
  if (n < 0)
    return FALSE;

  while (n < target)
    {
      gint64 batch_end = MIN (target, n + DEMO_BATCH_ROWS);
      gint64 now_ms = g_get_real_time () / 1000;

      if (!dd_store_begin (store, error))
        return FALSE;

      for (; n < batch_end; n++)
        {
          g_autofree char *id = dd_uuid7_new (now_ms);

          if (!dd_store_append_audit (store, now_ms, "duty.note", "note", id,
                                      g_ptr_array_index (details, n % details->len),
                                      error))
            {
              dd_store_rollback (store);
              return FALSE;
            }
        }

      if (!dd_store_commit (store, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
dd_store_fill_demo (DdStore     *self,
                    DdDemoSize   size,
                    guint32      seed,
                    GError     **error)
{
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) saved = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (size == DD_DEMO_SIZE_SMALL || size == DD_DEMO_SIZE_LARGE, FALSE);

  desk = dd_store_init_desk_full (self, DEMO_UNIT_CODE, DEMO_UNIT_NAME, DD_REGIME_7X24,
                                  FALSE, TRUE, error);
  if (desk == NULL)
    return FALSE;

  staff = make_staff (seed);
  saved = dd_store_add_staff_many (self, staff, error);
  if (saved == NULL)
    return FALSE;

  if (!dd_store_directory_fill_demo (self, g_get_real_time () / 1000, error))
    return FALSE;

  if (!dd_store_roster_fill_demo (self, g_get_real_time () / 1000, seed, error))
    return FALSE;

  if (size == DD_DEMO_SIZE_LARGE && !fill_journal (self, DEMO_LARGE_ROWS, error))
    return FALSE;

  return TRUE;
}
