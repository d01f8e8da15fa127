/* dd-store-directory-demo.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-directory-private.h"

/* The demo desk's directories: 南明区 (520102), its neighbours in 贵阳市
 * and the prefecture and province above it. Invented but realistic
 * entries; some are verified recently, some long ago, some never, so that
 * the verification round has work. */

static const char demo_contacts[] =
  "unit,division,name,post,office_phone,mobile,duty_phone,fax,note\n"
  "南明区人民政府总值班室,520102,,,,,0851-85780110,0851-85780119,24小时值守\n"
  "南明区人民政府总值班室,520102,王建国,副区长（带班领导）,0851-85780101,13908510101,,,\n"
  "南明区应急管理局,520102,,,,,0851-85812345,0851-85812346,\n"
  "南明区应急管理局,520102,李明,局长,0851-85812300,13908510001,,,\n"
  "南明区应急管理局,520102,陈静,副局长,0851-85812301,13908510002,,,分管防汛抗旱\n"
  "南明区消防救援大队,520102,,,,,0851-85950119,,\n"
  "南明区卫生健康局,520102,,,,,0851-85561120,0851-85561121,\n"
  "南明区自然资源局,520102,杨帆,副局长,0851-85533210,13985012345,,,地质灾害防治\n"
  "云岩区应急管理局,520103,,,,,0851-86812345,0851-86812346,\n"
  "云岩区应急管理局,520103,赵磊,局长,0851-86812300,13908520001,,,\n"
  "花溪区人民政府总值班室,520111,,,,,0851-83850110,,\n"
  "观山湖区应急管理局,520115,,,,,0851-84812345,,\n"
  "贵阳市人民政府总值班室,520100,,,,,0851-87987110,0851-87987119,\n"
  "贵阳市应急管理局,520100,周涛,副局长,0851-87981230,13809851230,,,\n"
  "贵州省人民政府总值班室,520000,,,,,0851-86891110,0851-86891119,\n";

static const char demo_teams[] =
  "name,class,field,registration,owner_unit,division,address,lat,lon,headcount,equipment,contact,phone\n"
  "南明区综合应急救援大队,comprehensive,综合救援,GZ-520102-001,520102-yjj,520102,南明区花果园大街88号,26.5600,106.7010,60,抢险车2台;冲锋舟4艘;生命探测仪1台,刘强,13985010001\n"
  "南明区地质灾害应急抢险队,professional,地质灾害;滑坡;工程抢险,GZ-520102-002,520102-zrzyj,520102,南明区市南路12号,26.5540,106.7120,30,挖掘机2台;无人机2架,杨帆,13985012345\n"
  "南明区蓝天救援队,volunteer,水域救援;山地搜救,GZ-520102-V01,520102,520102,南明区油榨街9号,,,45,救生艇2艘,吴敏,13885090001\n"
  "云岩区危化品应急救援队,professional,危险化学品;化工,GZ-520103-003,520103-yjj,520103,云岩区黔灵东路5号,26.6010,106.7090,25,防化服20套;侦检仪3台,赵磊,13908520001\n"
  "花溪区森林消防专业队,professional,森林火灾;扑火,GZ-520111-004,520111-lyj,520111,花溪区青岩镇,26.3320,106.6870,40,风力灭火机20台,罗勇,13985110004\n"
  "贵阳市矿山救护队,professional,矿山救护;煤矿,GZ-520100-005,520100-yjj,520100,白云区艳山红镇,26.6780,106.6390,50,氧气呼吸器40台,何军,13809851005\n"
  "贵阳市地质灾害应急救援中心,professional,地质灾害;崩塌;泥石流,GZ-520100-006,520100-zrzyj,520100,观山湖区林城西路,26.6460,106.6290,35,探地雷达1台,黄磊,13809851006\n"
  "贵州省应急救援总队,comprehensive,综合救援,GZ-520000-001,520000-yjt,520000,贵阳市观山湖区,26.6470,106.6270,200,重型工程机械,潘明,0851-86891199\n";

static const char demo_experts[] =
  "name,fields,unit,title,phone,mobile,division\n"
  "石磊,地质灾害;岩土工程,贵州省地质环境监测院,正高级工程师,0851-85801234,13908500011,520000\n"
  "田芳,地质灾害;滑坡,贵阳市自然资源局,高级工程师,0851-87988123,13985100022,520100\n"
  "龙海,地质灾害;水文地质,南明区自然资源局,工程师,0851-85533211,13985012346,520102\n"
  "韦丽,危险化学品;环境监测,云岩区生态环境分局,高级工程师,0851-86823456,13908520033,520103\n"
  "蒙刚,矿山救护;煤矿安全,贵阳市应急管理局,正高级工程师,0851-87981231,13809851231,520100\n"
  "潘婷,医疗救治;急救,南明区人民医院,主任医师,0851-85561199,13885090044,520102\n"
  "冉超,森林火灾;气象,花溪区林业局,高级工程师,0851-83851122,13985110055,520111\n";

static const char demo_warehouses[] =
  "name,owner_unit,division,address,lat,lon,level,contact,phone\n"
  "南明区应急物资储备库,520102-yjj,520102,南明区二戈街3号,26.5500,106.7200,county,吴杰,0851-85812399\n"
  "云岩区应急物资储备库,520103-yjj,520103,云岩区盐务街10号,26.5900,106.7100,county,韦勇,0851-86812399\n"
  "贵阳市应急物资储备库,520100-yjj,520100,白云区沙文镇,26.7100,106.6400,prefecture,冯华,0851-87981299\n"
  "贵州省应急物资储备库,520000-yjt,520000,龙里县谷脚镇,26.4800,106.8800,province,曾文,0851-86891299\n";

static const char demo_stock[] =
  "warehouse,item,category,quantity,unit_of_measure,updated\n"
  "南明区应急物资储备库,帐篷,生活类,200,顶,2026-03-01\n"
  "南明区应急物资储备库,折叠床,生活类,500,张,2026-03-01\n"
  "南明区应急物资储备库,编织袋,防汛抢险,20000,条,2026-04-10\n"
  "南明区应急物资储备库,救生衣,防汛抢险,300,件,2026-04-10\n"
  "云岩区应急物资储备库,防化服,危化品处置,50,套,2026-02-15\n"
  "贵阳市应急物资储备库,发电机,工程抢险,20,台,2026-01-20\n"
  "贵阳市应急物资储备库,冲锋舟,防汛抢险,30,艘,2026-01-20\n"
  "贵州省应急物资储备库,棉被,生活类,10000,床,2025-12-01\n";

static const char demo_plans[] =
  "title,level,subtypes,owner_unit,version,date,file\n"
  "南明区突发地质灾害应急预案,county,natural.geological,520102,2024版,2024-05-20,预案/南明区突发地质灾害应急预案.pdf\n"
  "南明区防汛抗旱应急预案,county,natural.flood_drought;natural.meteorological,520102,2025版,2025-04-15,预案/南明区防汛抗旱应急预案.pdf\n"
  "南明区突发事件总体应急预案,county,natural.geological;natural.flood_drought;accident.fire;health.infectious_disease,520102,2023版,2023-09-01,\n"
  "贵阳市突发地质灾害应急预案,prefecture,natural.geological,520100,2023版,2023-06-30,\n"
  "贵阳市危险化学品事故应急预案,prefecture,accident.production_safety;accident.environmental,520100,2024版,2024-03-12,\n"
  "贵州省突发地质灾害应急预案,province,natural.geological,520000,2022版,2022-07-01,\n";

static const char * const plan_sections[] = {
  "组织体系", "区人民政府设立区地质灾害应急指挥部，区长任指挥长，区自然资源局承担办公室日常工作。",
  "分级与响应", "地质灾害险情和灾情分为特大型（Ⅰ级）、大型（Ⅱ级）、中型（Ⅲ级）、小型（Ⅳ级）四级，对应启动相应级别应急响应。",
  "响应措施", "接报后30分钟内上报区人民政府总值班室；组织转移受威胁群众；专业队伍开展排险；设置警戒区。",
  "联系方式", "区地质灾害应急指挥部办公室：0851-85533210；区人民政府总值班室：0851-85780110。",
  NULL,
};

static gboolean
import_text (DdStore          *self,
             DdDirectoryKind   kind,
             const char       *text,
             GError          **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DdDirectoryImport) import = dd_store_directory_import (self, kind, bytes, error);

  if (import == NULL)
    return FALSE;
  if (import->sheet->problems->len > 0)
    g_error ("The demo %s sheet is invalid", dd_directory_kind_to_string (kind));
  return TRUE;
}

gboolean
dd_store_directory_fill_demo (DdStore  *self,
                              gint64    now_ms,
                              GError  **error)
{
  static const DdDirectoryKind order[] = {
    DD_DIRECTORY_KIND_CONTACT, DD_DIRECTORY_KIND_TEAM, DD_DIRECTORY_KIND_EXPERT,
    DD_DIRECTORY_KIND_WAREHOUSE, DD_DIRECTORY_KIND_STOCK, DD_DIRECTORY_KIND_PLAN,
  };
  const char * const texts[] = {
    demo_contacts, demo_teams, demo_experts, demo_warehouses, demo_stock, demo_plans,
  };
  /* Days before now of each entry's last verification, in list order;
   * 0 = never verified. Entries past the list are verified 10 days ago. */
  static const int ages[] = { 3, 12, 95, 0, 40, 200, 7, 0, 60, 120, 1, 30, 91, 0, 15 };
  g_autoptr(GListModel) all = NULL;
  DdDirectoryQuery query = { 0 };
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (!import_text (self, order[i], texts[i], error))
      return FALSE;

  query.limit = 10000;
  all = dd_store_directory_search (self, &query, error);
  if (all == NULL)
    return FALSE;

  n = g_list_model_get_n_items (all);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (all, i);
      g_autoptr(DdDirectoryVerification) v = NULL;
      int age = ages[i % G_N_ELEMENTS (ages)];

      if (dd_directory_entry_get_kind (entry) == DD_DIRECTORY_KIND_PLAN &&
          g_str_equal (dd_directory_entry_get_name (entry), "南明区突发地质灾害应急预案") &&
          !dd_store_directory_set_plan_sections (self, dd_directory_entry_get_id (entry), plan_sections, error))
        return FALSE;

      if (age == 0)
        continue;
      v = dd_store_directory_verify (self, dd_directory_entry_get_kind (entry), dd_directory_entry_get_id (entry),
                                     now_ms - (gint64) age * 86400 * 1000, "值班员", "电话核实", error);
      if (v == NULL)
        return FALSE;
    }

  {
    g_autoptr(DdWhereabouts) w1 = NULL;
    g_autoptr(DdWhereabouts) w2 = NULL;
    g_autoptr(DdWhereabouts) s1 = NULL;
    g_autoptr(DdWhereabouts) s2 = NULL;
    g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (now_ms / 1000 + 8 * 3600);
    g_autoptr(GDateTime) later = g_date_time_add_days (today, 2);
    g_autofree char *from = g_date_time_format (today, "%Y-%m-%d");
    g_autofree char *to = g_date_time_format (later, "%Y-%m-%d");

    w1 = dd_whereabouts_new ("李明", "区应急管理局局长", "520102-yjj", from, to, DD_WHEREABOUTS_TRAVELLING,
                             "北京（参加全国应急管理培训）", "陈静", "13908510002", NULL);
    w2 = dd_whereabouts_new ("赵磊", "云岩区应急管理局局长", "520103-yjj", from, from, DD_WHEREABOUTS_ON_LEAVE,
                             NULL, "孙伟", "13908520002", "病假");
    s1 = dd_store_directory_add_whereabouts (self, w1, error);
    if (s1 == NULL)
      return FALSE;
    s2 = dd_store_directory_add_whereabouts (self, w2, error);
    if (s2 == NULL)
      return FALSE;
  }

  return TRUE;
}
