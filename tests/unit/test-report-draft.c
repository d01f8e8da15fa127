/* test-report-draft.c: 初报 / 续报 / 终报 drafts from an incident
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dd-duty-date.h"
#include "dd-error.h"
#include "dd-incident.h"
#include "dd-report-draft.h"
#include "dd-rules-loader.h"

#define INCIDENT "0190a1b2-0000-7000-8000-000000000003"

static const char * const elements[] = {
  "接报时间：", "事发时间：", "地点：", "信息来源：", "事件性质：", "影响范围：", "伤亡和损失：",
  "发展趋势：", "已采取措施：", "领导到位情况：", "报告单位：", "值班人员：", "带班领导：",
};

/* 2026-02-15 10:20 Beijing time + @minutes */
static gint64
t (gint64 minutes)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 15, 2, 2026);

  return dd_duty_date_time_ms (&date, 10 * 60 + 20) + minutes * 60000;
}

static DdIncidentEvent *
add (GPtrArray           *events,
     const char          *id,
     DdIncidentEventKind  kind,
     gint64               minutes)
{
  DdIncidentEvent *event = dd_incident_event_new (id, INCIDENT, kind, t (minutes));

  g_ptr_array_add (events, event);

  return event;
}

static DdIncidentState *
derive (GPtrArray *events)
{
  g_autoptr(DdGradingRules) rules = dd_grading_rules_load_default (NULL);
  g_autoptr(GError) error = NULL;
  DdIncidentState *state = dd_incident_derive (rules, dd_taxonomy_get_default (), events, &error);

  g_assert_no_error (error);

  return state;
}

static DdReportTemplate *
template_default (void)
{
  g_autoptr(GError) error = NULL;
  DdReportTemplate *template = dd_report_template_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (template);

  return template;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("the draft does not contain “%s”:\n%s", needle, text);
}

static GPtrArray *
landslide_events (void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_incident_event_free);
  DdIncidentEvent *e;

  e = add (events, "e1", DD_INCIDENT_EVENT_KIND_LOG, 0);
  e->subtype = g_strdup ("natural.geological");
  e->note = g_strdup ("某村发生山体滑坡，掩埋民房3户");
  e->occurred_at = t (-35);
  dd_facts_set (&e->facts, DD_FACT_DEATHS, 3);
  dd_facts_set (&e->facts, DD_FACT_MISSING, 2);
  dd_facts_set (&e->facts, DD_FACT_LOSS_YUAN, 1250000);
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_LOCATION, "某镇某村");
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_SOURCE, "县应急局值班室电话报告");
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_SCOPE, "受影响群众约200人");
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_TREND, "山体仍有滑动迹象");
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_MEASURES, "已疏散周边群众，救援队伍赶赴现场");
  dd_incident_event_set_text (e, DD_INCIDENT_TEXT_LEADERS, "县长已赶赴现场指挥");

  return events;
}

static const DdReportDraftInfo info = {
  .unit_name = "南明区人民政府办公室",
  .officer = "张三",
  .leader = "李四",
  .number = "520102-20260215-0001",
  .division_path = "贵州省贵阳市南明区",
  .report_at = 0,
};

static void
test_initial (void)
{
  g_autoptr(DdReportTemplate) template = template_default ();
  g_autoptr(GPtrArray) events = landslide_events ();
  g_autoptr(DdIncidentState) state = derive (events);
  g_autoptr(DdReportDraft) draft = NULL;
  DdReportDraftInfo with_time = info;

  with_time.report_at = t (15);
  draft = dd_report_draft_render (template, state, dd_taxonomy_get_default (),
                                  DD_REPORT_KIND_INITIAL, &with_time);
  g_test_message ("%s", draft->text);

  g_assert_cmpint (draft->kind, ==, DD_REPORT_KIND_INITIAL);
  g_assert_cmpuint (draft->ordinal, ==, 0);
  g_assert_cmpstr (draft->title, ==, "关于贵州省贵阳市南明区某镇某村发生地质灾害的初报");
  g_assert_true (g_str_has_prefix (draft->text, draft->title));

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    assert_contains (draft->text, elements[i]);

  assert_contains (draft->text, "接报时间：2026年2月15日10时20分");
  assert_contains (draft->text, "事发时间：2026年2月15日09时45分");
  assert_contains (draft->text, "地点：贵州省贵阳市南明区某镇某村");
  assert_contains (draft->text, "信息来源：县应急局值班室电话报告");
  assert_contains (draft->text, "事件性质：自然灾害，地质灾害，初步判定为较大（Ⅲ级）");
  assert_contains (draft->text, "基本情况：某村发生山体滑坡，掩埋民房3户");
  assert_contains (draft->text, "影响范围：受影响群众约200人");
  assert_contains (draft->text, "伤亡和损失：死亡3人，失踪2人，直接经济损失约125万元");
  assert_contains (draft->text, "发展趋势：山体仍有滑动迹象");
  assert_contains (draft->text, "已采取措施：已疏散周边群众，救援队伍赶赴现场");
  assert_contains (draft->text, "领导到位情况：县长已赶赴现场指挥");
  assert_contains (draft->text, "报告单位：南明区人民政府办公室");
  assert_contains (draft->text, "值班人员：张三");
  assert_contains (draft->text, "带班领导：李四");
  assert_contains (draft->text, "报告时间：2026年2月15日10时35分");
  assert_contains (draft->text, "编号：520102-20260215-0001");
  g_assert_null (strstr (draft->text, "{{"));
}

static void
test_followups_and_final (void)
{
  g_autoptr(DdReportTemplate) template = template_default ();
  g_autoptr(GPtrArray) events = landslide_events ();
  g_autoptr(DdIncidentState) first = NULL;
  g_autoptr(DdIncidentState) second = NULL;
  g_autoptr(DdReportDraft) followup1 = NULL;
  g_autoptr(DdReportDraft) followup2 = NULL;
  g_autoptr(DdReportDraft) final = NULL;
  DdIncidentEvent *e;

  e = add (events, "r1", DD_INCIDENT_EVENT_KIND_REPORT, 15);
  e->report_kind = DD_REPORT_KIND_INITIAL;
  e->report_to = g_strdup ("province");
  e = add (events, "u1", DD_INCIDENT_EVENT_KIND_UPDATE, 60);
  e->note = g_strdup ("搜救出1名被困群众");
  dd_facts_set (&e->facts, DD_FACT_MISSING, 1);

  first = derive (events);
  followup1 = dd_report_draft_render (template, first, dd_taxonomy_get_default (),
                                      DD_REPORT_KIND_FOLLOWUP, &info);
  g_test_message ("%s", followup1->text);
  g_assert_cmpuint (followup1->ordinal, ==, 1);
  g_assert_cmpstr (followup1->title, ==, "关于贵州省贵阳市南明区某镇某村发生地质灾害的续报一");
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    assert_contains (followup1->text, elements[i]);
  /* only what is new since the last report */
  assert_contains (followup1->text, "新进展：搜救出1名被困群众");
  g_assert_null (strstr (followup1->text, "掩埋民房"));
  assert_contains (followup1->text, "死亡3人，失踪1人");
  /* no report time given: the element shows it is to be filled */
  assert_contains (followup1->text, "报告时间：（待核实）");

  e = add (events, "r2", DD_INCIDENT_EVENT_KIND_REPORT, 70);
  e->report_kind = DD_REPORT_KIND_FOLLOWUP;
  e->report_to = g_strdup ("province");
  e = add (events, "u2", DD_INCIDENT_EVENT_KIND_UPDATE, 300);
  e->note = g_strdup ("搜救工作结束，失踪人员全部找到");
  dd_facts_set (&e->facts, DD_FACT_MISSING, 0);
  dd_facts_set (&e->facts, DD_FACT_DEATHS, 4);

  second = derive (events);
  followup2 = dd_report_draft_render (template, second, dd_taxonomy_get_default (),
                                      DD_REPORT_KIND_FOLLOWUP, &info);
  g_assert_cmpuint (followup2->ordinal, ==, 2);
  g_assert_true (g_str_has_suffix (followup2->title, "的续报二"));

  final = dd_report_draft_render (template, second, dd_taxonomy_get_default (),
                                  DD_REPORT_KIND_FINAL, &info);
  g_test_message ("%s", final->text);
  g_assert_true (g_str_has_suffix (final->title, "的终报"));
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    assert_contains (final->text, elements[i]);
  assert_contains (final->text, "处置结果：搜救工作结束，失踪人员全部找到");
  assert_contains (final->text, "死亡4人，失踪0人");
}

static void
test_empty_elements (void)
{
  g_autoptr(DdReportTemplate) template = template_default ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_incident_event_free);
  g_autoptr(DdIncidentState) state = NULL;
  g_autoptr(DdReportDraft) draft = NULL;
  DdIncidentEvent *e;

  e = add (events, "e1", DD_INCIDENT_EVENT_KIND_LOG, 0);
  e->subtype = g_strdup ("social.mass_incident");
  state = derive (events);
  draft = dd_report_draft_render (template, state, dd_taxonomy_get_default (),
                                  DD_REPORT_KIND_INITIAL, NULL);
  g_test_message ("%s", draft->text);
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    assert_contains (draft->text, elements[i]);
  assert_contains (draft->text, "事发时间：（待核实）");
  assert_contains (draft->text, "伤亡和损失：暂无人员伤亡和财产损失报告");
  assert_contains (draft->text, "事件性质：社会安全事件，群体性事件，等级待定");
  assert_contains (draft->text, "带班领导：（待核实）");
}

static void
test_template_errors (void)
{
  struct {
    const char *text;
    const char *needle;
  } cases[] = {
    { "%empty x\n=== initial ===\n{{titel}}\n", "Line 3: unknown placeholder “{{titel}}”" },
    { "%colour red\n", "Line 1: unknown directive “%colour”" },
    { "%fact casualties {}人\n", "Line 1: unknown fact “casualties”" },
    { "%grade V 五级\n", "Line 1: unknown grade “V”" },
    { "=== interim ===\n", "Line 1: unknown section “interim”" },
    { "%grade none a\n%grade I a\n%grade II a\n%grade III a\n%grade IV a\n"
      "%kind initial 初报\n%kind followup 续报\n%kind final 终报\n"
      "=== initial ===\nx\n=== final ===\ny\n", "no section or %kind for “followup”" },
    { "just text\n", "Line 1: a directive" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DdReportTemplate) template = dd_report_template_new_from_text (cases[i].text, &error);

      g_assert_null (template);
      g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
      g_test_message ("%s", error->message);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("“%s” does not contain “%s”", error->message, cases[i].needle);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report-draft/initial", test_initial);
  g_test_add_func ("/report-draft/followups-and-final", test_followups_and_final);
  g_test_add_func ("/report-draft/empty-elements", test_empty_elements);
  g_test_add_func ("/report-draft/template-errors", test_template_errors);

  return g_test_run ();
}
