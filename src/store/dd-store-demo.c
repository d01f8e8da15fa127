/* dd-store-demo.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-store.h"
#include "dd-incident-store-private.h"
#include "dd-roster-store-private.h"
#include "dd-store-private.h"

#include "dd-directory-private.h"

#include "dd-uuid.h"

/* The demo desk: the government duty office of 南明区, Guiyang, staffed
 * around the clock. Names, roles, phones and units come from the seed. */
#define DEMO_UNIT_CODE   "520102"
#define DEMO_UNIT_NAME   "南明区人民政府总值班室"
#define DEMO_N_STAFF     40
#define DEMO_LARGE_CALLS 1000000
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

/* What callers to the duty office say, for the large demo's calls. */
static const char * const call_places[] = {
  "花果园", "兴关路", "沙冲路", "太慈桥", "油榨街", "中华南路", "遵义路", "二戈寨",
  "湘雅村", "后巢乡", "云关乡", "小碧乡", "青山路", "市府路", "新华路", "宝山南路",
};

static const char * const call_topics[] = {
  "群众反映道路积水", "群众咨询防汛预警信息", "居民反映小区停电", "群众报告路灯损坏",
  "群众咨询天气情况", "居民反映燃气异味", "群众报告树木倒伏", "居民反映夜间施工噪音",
  "群众咨询节假日值班安排", "群众报告交通拥堵", "居民反映供水中断", "群众报告山体落石",
  "商户反映占道经营", "群众咨询疫苗接种点", "群众反映井盖缺失", "居民反映电梯故障",
};

static const char * const call_tails[] = {
  "，已转相关部门处置", "，已告知办理渠道", "，已记录待核实", "，来电人要求回电",
  "，已通知所在街道", "",
};

static const char * const call_units[] = {
  "", "", "", "花果园街道办事处", "兴关路街道办事处", "区城管局", "区供电局",
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

/* The large demo's calls: @n_calls over the year before @now_ms, oldest
 * first, in a few large transactions through the write helper (each call
 * with its audit entry and outbox operation, indexed for the search by
 * the same triggers as every call). */
static gboolean
fill_calls (DdStore  *store,
            guint     n_calls,
            gint64    now_ms,
            guint32   seed,
            GError  **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree DdCallInput *batch = g_new0 (DdCallInput, DEMO_BATCH_ROWS);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  gint64 step = (gint64) 365 * 24 * 3600 * 1000 / MAX (n_calls, 1);
  guint done = 0;

  while (done < n_calls)
    {
      guint n = MIN (DEMO_BATCH_ROWS, n_calls - done);

      g_ptr_array_set_size (strings, 0);
      for (guint i = 0; i < n; i++)
        {
          DdCallInput *call = &batch[i];
          guint kind = g_rand_int_range (rand, 0, 20);
          char *summary;
          char *phone = make_phone (rand);

          if (kind == 0)
            {
              summary = g_strdup ("来电人拨错号码");
              call->non_incident_reason = DD_NON_INCIDENT_WRONG_NUMBER;
            }
          else if (kind == 1)
            {
              summary = g_strdup ("上级值班室测试来电，线路正常");
              call->non_incident_reason = DD_NON_INCIDENT_TEST_CALL;
            }
          else
            {
              summary = g_strconcat (call_places[g_rand_int_range (rand, 0, G_N_ELEMENTS (call_places))],
                                     call_topics[g_rand_int_range (rand, 0, G_N_ELEMENTS (call_topics))],
                                     call_tails[g_rand_int_range (rand, 0, G_N_ELEMENTS (call_tails))],
                                     NULL);
              call->non_incident_reason = DD_NON_INCIDENT_ENQUIRY;
            }
          g_ptr_array_add (strings, summary);
          g_ptr_array_add (strings, phone);

          call->received_at = now_ms - (gint64) (n_calls - done - i) * step;
          call->channel = g_rand_int_range (rand, 0, 10) == 0 ? DD_CALL_CHANNEL_SMS : DD_CALL_CHANNEL_PHONE;
          call->caller_phone = phone;
          call->caller_unit = call_units[g_rand_int_range (rand, 0, G_N_ELEMENTS (call_units))];
          call->summary = summary;
          call->disposition = DD_CALL_DISPOSITION_NON_INCIDENT;
        }

      if (!dd_store_log_non_incident_calls (store, batch, n, error))
        return FALSE;
      done += n;
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

  if (size == DD_DEMO_SIZE_LARGE &&
      !fill_calls (self, DEMO_LARGE_CALLS, g_get_real_time () / 1000, seed, error))
    return FALSE;

  return TRUE;
}
