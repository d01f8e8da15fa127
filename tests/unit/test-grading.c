/* test-grading.c: taxonomy, facts, grading boundaries of every scheme, rule validation
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dd-enums.h"
#include "dd-error.h"
#include "dd-facts.h"
#include "dd-grading.h"
#include "dd-rules-loader.h"
#include "dd-taxonomy.h"

static DdGradingRules *
default_rules (void)
{
  g_autoptr(GError) error = NULL;
  DdGradingRules *rules = dd_grading_rules_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (rules);

  return rules;
}

static DdGrade
grade_of (DdGradingRules *rules,
          const char     *scheme,
          const DdFacts  *facts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradeResult) result = dd_grade_compute (rules, scheme, facts, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_false (result->manual_required);
  g_assert_cmpuint (result->basis->len, >, 0);

  return result->grade;
}

/* The thresholds of grading.md, written out independently of grading.json. */
typedef struct
{
  const char          *scheme;
  DdFact               fact;
  DdPopulationDensity  density;
  double               thresholds[3];   /* I, II, III */
  double               step;            /* the smallest step of the value */
} Table;

static const Table tables[] = {
  { "production_safety", DD_FACT_DEATHS,           0, { 30, 10, 3 }, 1 },
  { "production_safety", DD_FACT_SERIOUS_INJURIES, 0, { 100, 50, 10 }, 1 },
  { "production_safety", DD_FACT_LOSS_YUAN,        0, { 100000000, 50000000, 10000000 }, 1 },
  { "forest_fire",       DD_FACT_AREA_HA,          0, { 1000, 100, 1 }, 0.01 },
  { "forest_fire",       DD_FACT_DEATHS,           0, { 30, 10, 3 }, 1 },
  { "forest_fire",       DD_FACT_SERIOUS_INJURIES, 0, { 100, 50, 10 }, 1 },
  { "geological",        DD_FACT_DEATHS,           0, { 30, 10, 3 }, 1 },
  { "geological",        DD_FACT_LOSS_YUAN,        0, { 10000000, 5000000, 1000000 }, 1 },
  { "geological",        DD_FACT_THREATENED,       0, { 1000, 500, 100 }, 1 },
  { "geological",        DD_FACT_POTENTIAL_LOSS_YUAN, 0, { 100000000, 50000000, 5000000 }, 1 },
  { "earthquake",        DD_FACT_DEATHS,           0, { 300, 50, 10 }, 1 },
  { "earthquake",        DD_FACT_MISSING,          0, { 300, 50, 10 }, 1 },
  { "earthquake",        DD_FACT_MAGNITUDE, DD_POPULATION_DENSITY_FAIRLY_DENSE, { 7.0, 6.0, 5.0 }, 0.1 },
  { "earthquake",        DD_FACT_MAGNITUDE, DD_POPULATION_DENSITY_DENSE,        { 6.0, 5.0, 4.0 }, 0.1 },
  { "environmental",     DD_FACT_DEATHS,           0, { 30, 10, 3 }, 1 },
  { "environmental",     DD_FACT_SERIOUS_INJURIES, 0, { 100, 50, 10 }, 1 },
  { "environmental",     DD_FACT_EVACUATED,        0, { 50000, 10000, 5000 }, 1 },
  { "environmental",     DD_FACT_LOSS_YUAN,        0, { 100000000, 20000000, 5000000 }, 1 },
};

static void
test_boundaries (void)
{
  g_autoptr(DdGradingRules) rules = default_rules ();
  g_auto(GStrv) schemes = dd_grading_rules_dup_schemes (rules);
  g_autoptr(GHashTable) tested = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      const Table *table = &tables[t];

      g_hash_table_add (tested, (gpointer) table->scheme);
      for (guint g = 0; g < 3; g++)
        {
          DdGrade grade = DD_GRADE_I + g;
          DdFacts at = DD_FACTS_INIT;
          DdFacts below = DD_FACTS_INIT;

          dd_facts_set (&at, table->fact, table->thresholds[g]);
          dd_facts_set (&below, table->fact, table->thresholds[g] - table->step);
          if (table->density != DD_POPULATION_DENSITY_UNKNOWN)
            {
              dd_facts_set_density (&at, table->density);
              dd_facts_set_density (&below, table->density);
            }

          g_test_message ("%s %s %g", table->scheme, dd_fact_to_string (table->fact),
                          table->thresholds[g]);
          /* exactly at the threshold: that grade */
          g_assert_cmpint (grade_of (rules, table->scheme, &at), ==, grade);
          /* one below: the next lower grade (IV below III) */
          g_assert_cmpint (grade_of (rules, table->scheme, &below), ==, grade + 1);
        }
    }

  /* every scheme of grading.json is covered here */
  for (guint i = 0; schemes[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (tested, schemes[i]));
  g_assert_cmpuint (g_strv_length (schemes), ==, 5);
}

static void
test_highest_wins (void)
{
  g_autoptr(DdGradingRules) rules = default_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradeResult) result = NULL;
  DdFacts facts = DD_FACTS_INIT;
  DdGradeBasis *basis;

  dd_facts_set (&facts, DD_FACT_DEATHS, 3);
  dd_facts_set (&facts, DD_FACT_SERIOUS_INJURIES, 50);
  dd_facts_set (&facts, DD_FACT_LOSS_YUAN, 100000000);
  dd_facts_set (&facts, DD_FACT_INJURED, 400);   /* not a criterion */
  result = dd_grade_compute (rules, "production_safety", &facts, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->grade, ==, DD_GRADE_I);
  g_assert_cmpstr (result->scheme, ==, "production_safety");
  g_assert_cmpuint (result->basis->len, ==, 3);

  basis = g_ptr_array_index (result->basis, 0);
  g_assert_cmpstr (basis->criterion, ==, "direct_loss");
  g_assert_cmpint (basis->grade, ==, DD_GRADE_I);
  g_assert_cmpfloat (basis->value, ==, 100000000);
  g_assert_cmpfloat (basis->threshold, ==, 100000000);
  g_assert_cmpuint (basis->facts, ==, 1u << DD_FACT_LOSS_YUAN);
  g_assert_cmpstr (basis->text, ==, "direct loss of 100000000 yuan: meets the grade I (particularly serious) threshold");

  basis = g_ptr_array_index (result->basis, 1);
  g_assert_cmpstr (basis->criterion, ==, "serious_injuries");
  g_assert_cmpint (basis->grade, ==, DD_GRADE_II);
  g_assert_cmpstr (basis->text, ==, "50 serious injuries: meets the grade II (major) threshold");

  basis = g_ptr_array_index (result->basis, 2);
  g_assert_cmpstr (basis->criterion, ==, "deaths");
  g_assert_cmpint (basis->grade, ==, DD_GRADE_III);
  g_assert_cmpfloat (basis->threshold, ==, 3);
  g_assert_cmpstr (basis->text, ==, "3 deaths: meets the grade III (larger) threshold");

  /* geological: the threat (险情) and the disaster (灾情) both apply */
  dd_facts_clear (&facts);
  dd_facts_set (&facts, DD_FACT_DEATHS, 1);
  dd_facts_set (&facts, DD_FACT_THREATENED, 500);
  g_assert_cmpint (grade_of (rules, "geological", &facts), ==, DD_GRADE_II);
}

static void
test_grade_iv_default (void)
{
  g_autoptr(DdGradingRules) rules = default_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradeResult) result = NULL;
  g_autoptr(DdGradeResult) empty = NULL;
  g_autoptr(DdGradeResult) forest = NULL;
  DdFacts facts = DD_FACTS_INIT;
  DdFacts none = DD_FACTS_INIT;
  DdGradeBasis *basis;

  dd_facts_set (&facts, DD_FACT_DEATHS, 2);
  result = dd_grade_compute (rules, "production_safety", &facts, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->grade, ==, DD_GRADE_IV);
  g_assert_cmpuint (result->basis->len, ==, 1);
  basis = g_ptr_array_index (result->basis, 0);
  g_assert_cmpstr (basis->criterion, ==, "below_grade_iii");
  g_assert_cmpint (basis->grade, ==, DD_GRADE_IV);
  g_assert_cmpstr (basis->text, ==, "Below every grade III threshold: grade IV (ordinary)");

  /* no facts at all: a numerically graded sub-type is IV */
  empty = dd_grade_compute (rules, "geological", &none, &error);
  g_assert_no_error (error);
  g_assert_cmpint (empty->grade, ==, DD_GRADE_IV);

  /* forest fire names its own grade IV thresholds: 1-2 deaths */
  dd_facts_clear (&facts);
  dd_facts_set (&facts, DD_FACT_DEATHS, 1);
  forest = dd_grade_compute (rules, "forest_fire", &facts, &error);
  g_assert_no_error (error);
  g_assert_cmpint (forest->grade, ==, DD_GRADE_IV);
  basis = g_ptr_array_index (forest->basis, 0);
  g_assert_cmpstr (basis->criterion, ==, "deaths");
  g_assert_cmpstr (basis->text, ==, "1 death: meets the grade IV (ordinary) threshold");
}

static void
test_earthquake (void)
{
  g_autoptr(DdGradingRules) rules = default_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradeResult) result = NULL;
  g_autoptr(DdGradeResult) assumed = NULL;
  DdFacts facts = DD_FACTS_INIT;
  DdGradeBasis *basis;

  /* missing persons count as dead: 5 + 5 reaches grade III (10) */
  dd_facts_set (&facts, DD_FACT_DEATHS, 5);
  dd_facts_set (&facts, DD_FACT_MISSING, 5);
  result = dd_grade_compute (rules, "earthquake", &facts, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->grade, ==, DD_GRADE_III);
  basis = g_ptr_array_index (result->basis, 0);
  g_assert_cmpstr (basis->criterion, ==, "deaths_incl_missing");
  g_assert_cmpfloat (basis->value, ==, 10);
  g_assert_cmpuint (basis->facts, ==, (1u << DD_FACT_DEATHS) | (1u << DD_FACT_MISSING));
  g_assert_cmpstr (basis->text, ==, "10 dead or missing: meets the grade III (larger) threshold");

  dd_facts_set (&facts, DD_FACT_MISSING, 4);
  g_assert_cmpint (grade_of (rules, "earthquake", &facts), ==, DD_GRADE_IV);
  dd_facts_set (&facts, DD_FACT_DEATHS, 299);
  dd_facts_set (&facts, DD_FACT_MISSING, 1);
  g_assert_cmpint (grade_of (rules, "earthquake", &facts), ==, DD_GRADE_I);

  /* the same magnitude by density: 5.0 is II where dense, III where fairly dense */
  dd_facts_clear (&facts);
  dd_facts_set (&facts, DD_FACT_MAGNITUDE, 5.0);
  dd_facts_set_density (&facts, DD_POPULATION_DENSITY_DENSE);
  g_assert_cmpint (grade_of (rules, "earthquake", &facts), ==, DD_GRADE_II);
  dd_facts_set_density (&facts, DD_POPULATION_DENSITY_FAIRLY_DENSE);
  g_assert_cmpint (grade_of (rules, "earthquake", &facts), ==, DD_GRADE_III);

  /* without a density the fairly dense table applies, and the basis says so */
  dd_facts_set_density (&facts, DD_POPULATION_DENSITY_UNKNOWN);
  dd_facts_set (&facts, DD_FACT_MAGNITUDE, 7.1);
  assumed = dd_grade_compute (rules, "earthquake", &facts, &error);
  g_assert_no_error (error);
  g_assert_cmpint (assumed->grade, ==, DD_GRADE_I);
  basis = g_ptr_array_index (assumed->basis, 0);
  g_assert_cmpstr (basis->criterion, ==, "magnitude_fairly_dense");
  g_assert_true (basis->density_assumed);
  g_assert_nonnull (strstr (basis->text, "magnitude 7.1 (population density not given"));

  /* casualties and magnitude together: highest wins */
  dd_facts_set (&facts, DD_FACT_MAGNITUDE, 4.5);
  dd_facts_set_density (&facts, DD_POPULATION_DENSITY_DENSE);
  dd_facts_set (&facts, DD_FACT_DEATHS, 60);
  g_assert_cmpint (grade_of (rules, "earthquake", &facts), ==, DD_GRADE_II);
}

static void
test_manual (void)
{
  g_autoptr(DdGradingRules) rules = default_rules ();
  DdTaxonomy *taxonomy = dd_taxonomy_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradeResult) result = NULL;
  g_autoptr(DdGradeResult) numeric = NULL;
  g_autoptr(DdGradeResult) unknown = NULL;
  g_autoptr(DdGradeResult) bad_subtype = NULL;
  DdFacts facts = DD_FACTS_INIT;

  dd_facts_set (&facts, DD_FACT_DEATHS, 40);
  result = dd_grade_compute_for_subtype (rules, taxonomy, "social.mass_incident", &facts, &error);
  g_assert_no_error (error);
  g_assert_true (result->manual_required);
  g_assert_cmpint (result->grade, ==, DD_GRADE_NONE);
  g_assert_cmpstr (result->scheme, ==, "manual");
  g_assert_cmpuint (result->basis->len, ==, 0);

  numeric = dd_grade_compute_for_subtype (rules, taxonomy, "accident.road_traffic", &facts, &error);
  g_assert_no_error (error);
  g_assert_false (numeric->manual_required);
  g_assert_cmpint (numeric->grade, ==, DD_GRADE_I);

  unknown = dd_grade_compute (rules, "tsunami", &facts, &error);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND);
  g_assert_null (unknown);
  g_assert_nonnull (strstr (error->message, "tsunami"));
  g_clear_error (&error);

  bad_subtype = dd_grade_compute_for_subtype (rules, taxonomy, "natural.volcano", &facts, &error);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND);
  g_assert_null (bad_subtype);
}

static void
test_taxonomy (void)
{
  DdTaxonomy *taxonomy = dd_taxonomy_get_default ();
  g_autoptr(DdGradingRules) rules = default_rules ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) schemes = dd_taxonomy_dup_schemes (taxonomy);
  DdSubtype *subtype;
  g_autoptr(GBytes) bad_bytes = NULL;
  g_autoptr(GBytes) dup_bytes = NULL;
  g_autoptr(GBytes) scheme_bytes = NULL;
  g_autoptr(DdTaxonomy) bad = NULL;
  g_autoptr(DdTaxonomy) dup = NULL;
  g_autoptr(DdTaxonomy) other = NULL;
  const char *header = "id,category,category_zh,subtype_zh,subtype_en,grading\n";
  g_autofree char *dup_csv = NULL;
  g_autofree char *scheme_csv = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (taxonomy)), ==, 26);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (taxonomy)) == DD_TYPE_SUBTYPE);

  subtype = dd_taxonomy_lookup (taxonomy, "natural.earthquake");
  g_assert_nonnull (subtype);
  g_assert_cmpstr (dd_subtype_get_scheme (subtype), ==, "earthquake");
  g_assert_cmpstr (dd_subtype_get_category (subtype), ==, "natural");
  g_assert_cmpstr (dd_subtype_get_category_zh (subtype), ==, "自然灾害");
  g_assert_cmpstr (dd_subtype_get_name_zh (subtype), ==, "地震灾害");
  g_assert_cmpstr (dd_subtype_get_name_en (subtype), ==, "Earthquake disaster");
  g_assert_false (dd_subtype_is_manual (subtype));
  g_assert_true (dd_subtype_is_manual (dd_taxonomy_lookup (taxonomy, "health.infectious_disease")));
  g_assert_null (dd_taxonomy_lookup (taxonomy, "natural.volcano"));

  g_assert_cmpuint (g_strv_length (schemes), ==, 5);

  /* every scheme the taxonomy names has a table */
  g_assert_true (dd_grading_rules_check_taxonomy (rules, taxonomy, &error));
  g_assert_no_error (error);

  scheme_csv = g_strconcat (header, "natural.x,natural,自然灾害,某灾害,Some disaster,earthquak\n", NULL);
  scheme_bytes = g_bytes_new (scheme_csv, strlen (scheme_csv));
  other = dd_taxonomy_new_from_bytes (scheme_bytes, &error);
  g_assert_no_error (error);
  g_assert_false (dd_grading_rules_check_taxonomy (rules, other, &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“earthquak”"));
  g_assert_nonnull (strstr (error->message, "natural.x"));
  g_clear_error (&error);

  bad_bytes = g_bytes_new_static ("id,category\n", 12);
  bad = dd_taxonomy_new_from_bytes (bad_bytes, &error);
  g_assert_null (bad);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
  g_clear_error (&error);

  dup_csv = g_strconcat (header, "a.b,a,甲,乙,B,manual\na.b,a,甲,丙,C,manual\n", NULL);
  dup_bytes = g_bytes_new (dup_csv, strlen (dup_csv));
  dup = dd_taxonomy_new_from_bytes (dup_bytes, &error);
  g_assert_null (dup);
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Line 3"));
}

static void
test_facts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autofree char *magnitude = NULL;
  DdFacts facts = DD_FACTS_INIT;
  DdFacts copy = DD_FACTS_INIT;
  DdFacts update = DD_FACTS_INIT;
  double value = -1;

  g_assert_true (dd_facts_is_empty (&facts));
  g_assert_false (dd_facts_get (&facts, DD_FACT_DEATHS, &value));
  g_assert_cmpfloat (value, ==, -1);

  g_assert_true (dd_facts_set_from_string (&facts, DD_FACT_DEATHS, " 3 ", &error));
  g_assert_true (dd_facts_set_from_string (&facts, DD_FACT_MAGNITUDE, "5.5", &error));
  g_assert_true (dd_facts_set_from_string (&facts, DD_FACT_DENSITY, "fairly_dense", &error));
  g_assert_true (dd_facts_set_from_string (&facts, DD_FACT_AREA_HA, "0.5", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (dd_facts_get_value (&facts, DD_FACT_DEATHS), ==, 3);
  g_assert_cmpint (dd_facts_get_density (&facts), ==, DD_POPULATION_DENSITY_FAIRLY_DENSE);
  magnitude = dd_facts_format_value (&facts, DD_FACT_MAGNITUDE);
  g_assert_cmpstr (magnitude, ==, "5.5");

  g_assert_false (dd_facts_set_from_string (&facts, DD_FACT_DEATHS, "-1", &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "deaths"));
  g_clear_error (&error);
  g_assert_false (dd_facts_set_from_string (&facts, DD_FACT_INJURED, "2.5", &error));
  g_clear_error (&error);
  g_assert_false (dd_facts_set_from_string (&facts, DD_FACT_MAGNITUDE, "11", &error));
  g_assert_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dd_facts_set_from_string (&facts, DD_FACT_DENSITY, "sparse", &error));
  g_clear_error (&error);
  /* failures leave the facts as they were */
  g_assert_cmpfloat (dd_facts_get_value (&facts, DD_FACT_DEATHS), ==, 3);
  g_assert_false (dd_facts_has (&facts, DD_FACT_INJURED));

  /* a fact gives the new total, not an increment */
  dd_facts_set (&update, DD_FACT_DEATHS, 5);
  dd_facts_merge (&facts, &update);
  g_assert_cmpfloat (dd_facts_get_value (&facts, DD_FACT_DEATHS), ==, 5);
  g_assert_cmpfloat (dd_facts_get_value (&facts, DD_FACT_MAGNITUDE), ==, 5.5);

  dd_facts_set (&update, DD_FACT_SERIOUS_INJURIES, -2);
  g_assert_false (dd_facts_validate (&update, &error));
  g_assert_nonnull (strstr (error->message, "serious_injuries"));
  g_clear_error (&error);

  variant = g_variant_ref_sink (dd_facts_to_variant (&facts));
  g_assert_true (dd_facts_from_variant (variant, &copy, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (copy.known, ==, facts.known);
  for (guint i = 0; i < DD_N_FACTS; i++)
    g_assert_cmpfloat (copy.values[i], ==, facts.values[i]);
}

/* ---- rule validation ---- */

static const char *valid_rules =
  "{\"format\": 1, \"sources\": [{\"id\": \"x\"}],"
  " \"schemes\": {\"s\": {\"source\": \"test\", \"criteria\": ["
  "   {\"id\": \"deaths\", \"facts\": [\"deaths\"], \"thresholds\": {\"I\": 30, \"II\": 10, \"III\": 3}}]}}}";

static void
expect_rules_error (const char *json,
                    const char *needle)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) rules = dd_grading_rules_load_from_bytes (bytes, "grading.json", &error);

  g_assert_null (rules);
  g_assert_nonnull (error);
  g_assert_true (error->domain == DD_CORE_ERROR);
  g_test_message ("%s", error->message);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, needle);
  g_assert_true (g_str_has_prefix (error->message, "grading.json: "));
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  GString *s = g_string_new (text);

  g_assert_nonnull (strstr (text, from));
  g_string_replace (s, from, to, 1);

  return g_string_free (s, FALSE);
}

static void
test_rule_validation (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (valid_rules, strlen (valid_rules));
  g_autoptr(GError) error = NULL;
  g_autoptr(DdGradingRules) rules = dd_grading_rules_load_from_bytes (bytes, "grading.json", &error);
  struct {
    const char *from;
    const char *to;
    const char *needle;
  } cases[] = {
    /* bad grade */
    { "\"III\": 3}", "\"III\": 3, \"V\": 1}",
      "schemes.s.criteria[0].thresholds.V: unknown grade “V”" },
    /* negative threshold */
    { "\"III\": 3", "\"III\": -3", "schemes.s.criteria[0].thresholds.III: the threshold -3 is negative" },
    /* thresholds not decreasing */
    { "\"II\": 10", "\"II\": 40", "schemes.s.criteria[0].thresholds.II: the threshold 40 must be below" },
    /* missing members */
    { ", \"criteria\": [", ", \"criterion\": [", "schemes.s: unknown member “criterion”" },
    { "\"source\": \"test\", ", "", "schemes.s: the member “source” is missing" },
    { "\"I\": 30, ", "", "schemes.s.criteria[0].thresholds: the member “I” is missing" },
    { "\"format\": 1, ", "", "the member “format” is missing" },
    { "\"sources\": [{\"id\": \"x\"}]", "\"sources\": []", "sources: at least one source" },
    /* unknown fact, wrong types */
    { "[\"deaths\"]", "[\"dead\"]", "schemes.s.criteria[0].facts[0]: unknown fact “dead”" },
    { "\"I\": 30", "\"I\": \"30\"", "schemes.s.criteria[0].thresholds.I: a number is expected" },
    { "\"facts\": [\"deaths\"]", "\"facts\": [\"deaths\"], \"density\": \"dense\"",
      "only a magnitude criterion depends on the population density" },
    { "\"s\": {", "\"Bad-Name\": {", "is not a scheme name" },
    { "\"format\": 1", "\"format\": 2", "format: version 2 is not supported" },
    { "\"format\": 1", "\"format\": null", "format: null is not allowed" },
    { "{\"format\"", "{{\"format\"", "Not valid JSON" },
  };

  g_assert_no_error (error);
  g_assert_nonnull (rules);
  g_assert_true (dd_grading_rules_has_scheme (rules, "s"));
  g_assert_cmpstr (dd_grading_rules_get_source (rules, "s"), ==, "test");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = replace (valid_rules, cases[i].from, cases[i].to);

      expect_rules_error (json, cases[i].needle);
    }

  /* the default rules name their sources */
  {
    g_autoptr(DdGradingRules) defaults = default_rules ();
    g_auto(GStrv) names = dd_grading_rules_dup_schemes (defaults);

    for (guint i = 0; names[i] != NULL; i++)
      g_assert_nonnull (dd_grading_rules_get_source (defaults, names[i]));
  }
}

static void
test_grade_enum (void)
{
  DdGrade grade;

  g_assert_cmpstr (dd_grade_to_string (DD_GRADE_III), ==, "III");
  g_assert_true (dd_grade_from_string ("ii", &grade));
  g_assert_cmpint (grade, ==, DD_GRADE_II);
  g_assert_true (dd_grade_from_string ("Ⅳ", &grade));
  g_assert_cmpint (grade, ==, DD_GRADE_IV);
  g_assert_true (dd_grade_from_string ("1", &grade));
  g_assert_cmpint (grade, ==, DD_GRADE_I);
  g_assert_false (dd_grade_from_string ("V", &grade));
  g_assert_cmpstr (dd_grade_get_label (DD_GRADE_III), ==, "Grade III (larger)");
  g_assert_true (dd_grade_is_more_serious (DD_GRADE_I, DD_GRADE_II));
  g_assert_true (dd_grade_is_more_serious (DD_GRADE_IV, DD_GRADE_NONE));
  g_assert_false (dd_grade_is_more_serious (DD_GRADE_NONE, DD_GRADE_IV));
  g_assert_false (dd_grade_is_more_serious (DD_GRADE_III, DD_GRADE_III));

  for (guint f = 0; f < DD_N_FACTS; f++)
    {
      DdFact back;

      g_assert_true (dd_fact_from_string (dd_fact_to_string (f), &back));
      g_assert_cmpint (back, ==, f);
      g_assert_nonnull (dd_fact_get_label (f));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/grading/boundaries", test_boundaries);
  g_test_add_func ("/grading/highest-wins", test_highest_wins);
  g_test_add_func ("/grading/grade-iv-default", test_grade_iv_default);
  g_test_add_func ("/grading/earthquake", test_earthquake);
  g_test_add_func ("/grading/manual", test_manual);
  g_test_add_func ("/grading/rule-validation", test_rule_validation);
  g_test_add_func ("/grading/enums", test_grade_enum);
  g_test_add_func ("/taxonomy/default", test_taxonomy);
  g_test_add_func ("/facts/values", test_facts);

  return g_test_run ();
}
