/* dd-grading.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-grading.h"

#include <math.h>
#include <glib/gi18n.h>

#include "dd-error.h"
#include "dd-rules-private.h"

#define N_GRADES 5  /* indexed by DdGrade; 0 unused */

typedef struct
{
  char                *id;
  guint                facts;
  DdPopulationDensity  density;
  gboolean             has[N_GRADES];
  double               thresholds[N_GRADES];
} Criterion;

typedef struct
{
  char                *name;
  char                *title;
  char                *source;
  DdPopulationDensity  assume_density;
  GPtrArray           *criteria;
} Scheme;

struct _DdGradingRules
{
  gatomicrefcount  ref_count;
  GPtrArray       *schemes;   /* Scheme, file order */
  GHashTable      *by_name;
};

G_DEFINE_BOXED_TYPE (DdGradingRules, dd_grading_rules, dd_grading_rules_ref, dd_grading_rules_unref)

static const char * const grade_keys[N_GRADES] = { NULL, "I", "II", "III", "IV" };

static void
criterion_free (Criterion *criterion)
{
  g_free (criterion->id);
  g_free (criterion);
}

static void
scheme_free (Scheme *scheme)
{
  g_free (scheme->name);
  g_free (scheme->title);
  g_free (scheme->source);
  g_clear_pointer (&scheme->criteria, g_ptr_array_unref);
  g_free (scheme);
}

static gboolean
is_rule_name (const char *str)
{
  if (str == NULL || *str == '\0' || strlen (str) > 64)
    return FALSE;

  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_sources (GVariant  *rules,
               GError   **error)
{
  g_autoptr(GVariant) sources = NULL;

  if (!dd_rules_get_array (rules, "", "sources", TRUE, &sources, error))
    return FALSE;

  if (g_variant_n_children (sources) == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("sources: at least one source must be cited"));
      return FALSE;
    }

  return TRUE;
}

static Criterion *
parse_criterion (GVariant    *dict,
                 const char  *path,
                 GError     **error)
{
  static const char * const members[] = { "id", "facts", "density", "thresholds", "note", NULL };
  g_autoptr(GVariant) thresholds = NULL;
  g_auto(GStrv) facts = NULL;
  g_autofree char *density = NULL;
  g_autofree char *thresholds_path = dd_rules_path (path, "thresholds");
  Criterion *criterion;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  DdGrade previous = DD_GRADE_NONE;

  if (!dd_rules_is_dict (dict))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE, _("%s: an object is expected"), path);
      return NULL;
    }
  if (!dd_rules_check_members (dict, path, members, error))
    return NULL;

  criterion = g_new0 (Criterion, 1);

  if (!dd_rules_get_string (dict, path, "id", TRUE, &criterion->id, error) ||
      !dd_rules_get_strv (dict, path, "facts", TRUE, &facts, error) ||
      !dd_rules_get_string (dict, path, "density", FALSE, &density, error) ||
      !dd_rules_get_dict (dict, path, "thresholds", TRUE, &thresholds, error))
    goto fail;

  if (!is_rule_name (criterion->id))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.id: “%s” is not a name of a-z, 0-9 and _"), path, criterion->id);
      goto fail;
    }

  if (facts[0] == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.facts: at least one fact is needed"), path);
      goto fail;
    }
  for (guint i = 0; facts[i] != NULL; i++)
    {
      DdFact fact;

      if (!dd_fact_from_string (facts[i], &fact) || fact == DD_FACT_DENSITY)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s.facts[%u]: unknown fact “%s”"), path, i, facts[i]);
          goto fail;
        }
      criterion->facts |= 1u << fact;
    }

  if (density != NULL)
    {
      if (criterion->facts != (1u << DD_FACT_MAGNITUDE))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s.density: only a magnitude criterion depends on the population density"),
                       path);
          goto fail;
        }
      if (!dd_population_density_from_string (density, &criterion->density) ||
          criterion->density == DD_POPULATION_DENSITY_UNKNOWN)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s.density: “%s” is not “dense” or “fairly_dense”"), path, density);
          goto fail;
        }
    }

  g_variant_iter_init (&iter, thresholds);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      DdGrade grade;
      double number;
      g_autoptr(GVariant) inner = NULL;

      if (!dd_grade_from_string (key, &grade) || grade == DD_GRADE_NONE ||
          !g_str_equal (key, grade_keys[grade]))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s.%s: unknown grade “%s” (I, II, III or IV)"), thresholds_path, key, key);
          g_variant_unref (value);
          goto fail;
        }

      inner = g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT)
              ? g_variant_get_variant (value) : g_variant_ref (value);
      if (!dd_rules_to_number (inner, &number))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("%s.%s: a number is expected"), thresholds_path, key);
          g_variant_unref (value);
          goto fail;
        }
      if (number < 0)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s.%s: the threshold %g is negative"), thresholds_path, key, number);
          g_variant_unref (value);
          goto fail;
        }
      criterion->has[grade] = TRUE;
      criterion->thresholds[grade] = number;
    }

  for (DdGrade grade = DD_GRADE_I; grade <= DD_GRADE_IV; grade++)
    {
      if (!criterion->has[grade])
        {
          if (grade == DD_GRADE_IV)
            continue;
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("%s: the member “%s” is missing"), thresholds_path, grade_keys[grade]);
          goto fail;
        }
      if (previous != DD_GRADE_NONE &&
          criterion->thresholds[grade] >= criterion->thresholds[previous])
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s.%s: the threshold %g must be below the grade %s threshold %g"),
                       thresholds_path, grade_keys[grade], criterion->thresholds[grade],
                       grade_keys[previous], criterion->thresholds[previous]);
          goto fail;
        }
      previous = grade;
    }

  return criterion;

fail:
  criterion_free (criterion);
  return NULL;
}

static Scheme *
parse_scheme (const char  *name,
              GVariant    *dict,
              GError     **error)
{
  static const char * const members[] = {
    "title", "source", "note", "assume_density", "criteria", NULL
  };
  g_autofree char *path = g_strconcat ("schemes.", name, NULL);
  g_autofree char *assume = NULL;
  g_autoptr(GVariant) criteria = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  Scheme *scheme;
  gsize n;

  if (!is_rule_name (name) || g_str_equal (name, DD_GRADING_SCHEME_MANUAL))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s: “%s” is not a scheme name (a-z, 0-9 and _, not “manual”)"), path, name);
      return NULL;
    }
  if (!dd_rules_is_dict (dict))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE, _("%s: an object is expected"), path);
      return NULL;
    }
  if (!dd_rules_check_members (dict, path, members, error))
    return NULL;

  scheme = g_new0 (Scheme, 1);
  scheme->name = g_strdup (name);
  scheme->criteria = g_ptr_array_new_with_free_func ((GDestroyNotify) criterion_free);

  if (!dd_rules_get_string (dict, path, "title", FALSE, &scheme->title, error) ||
      !dd_rules_get_string (dict, path, "source", TRUE, &scheme->source, error) ||
      !dd_rules_get_string (dict, path, "assume_density", FALSE, &assume, error) ||
      !dd_rules_get_array (dict, path, "criteria", TRUE, &criteria, error))
    goto fail;

  if (g_strstrip (scheme->source)[0] == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.source: the source must be cited"), path);
      goto fail;
    }

  if (assume != NULL &&
      (!dd_population_density_from_string (assume, &scheme->assume_density) ||
       scheme->assume_density == DD_POPULATION_DENSITY_UNKNOWN))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.assume_density: “%s” is not “dense” or “fairly_dense”"), path, assume);
      goto fail;
    }

  n = g_variant_n_children (criteria);
  if (n == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s.criteria: at least one criterion is needed"), path);
      goto fail;
    }
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = dd_rules_child (criteria, i);
      g_autofree char *child_path = g_strdup_printf ("%s.criteria[%" G_GSIZE_FORMAT "]", path, i);
      Criterion *criterion = parse_criterion (child, child_path, error);

      if (criterion == NULL)
        goto fail;
      g_ptr_array_add (scheme->criteria, criterion);
      if (!g_hash_table_add (ids, criterion->id))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s.id: the criterion “%s” is listed twice"), child_path, criterion->id);
          goto fail;
        }
    }

  return scheme;

fail:
  scheme_free (scheme);
  return NULL;
}

gboolean
dd_grade_is_more_serious (DdGrade a,
                          DdGrade b)
{
  if (a == DD_GRADE_NONE)
    return FALSE;
  if (b == DD_GRADE_NONE)
    return TRUE;

  return a < b;
}

DdGradingRules *
dd_grading_rules_new_from_variant (GVariant  *rules,
                                   GError   **error)
{
  static const char * const members[] = { "format", "title", "sources", "schemes", "note", NULL };
  g_autoptr(DdGradingRules) self = NULL;
  g_autoptr(GVariant) schemes = NULL;
  GVariantIter iter;
  const char *name;
  GVariant *value;
  double format;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dd_rules_is_dict (rules))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("The grading rules must be an object"));
      return NULL;
    }
  if (!dd_rules_check_members (rules, "", members, error) ||
      !dd_rules_get_number (rules, "", "format", TRUE, &format, NULL, error) ||
      !check_sources (rules, error) ||
      !dd_rules_get_dict (rules, "", "schemes", TRUE, &schemes, error))
    return NULL;

  if (format != 1)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("format: version %g is not supported (1 is)"), format);
      return NULL;
    }

  self = g_new0 (DdGradingRules, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->schemes = g_ptr_array_new_with_free_func ((GDestroyNotify) scheme_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  g_variant_iter_init (&iter, schemes);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    {
      Scheme *scheme = parse_scheme (name, value, error);

      if (scheme == NULL)
        {
          g_variant_unref (value);
          return NULL;
        }
      g_ptr_array_add (self->schemes, scheme);
      g_hash_table_insert (self->by_name, scheme->name, scheme);
    }

  if (self->schemes->len == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("schemes: at least one scheme is needed"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

DdGradingRules *
dd_grading_rules_ref (DdGradingRules *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
dd_grading_rules_unref (DdGradingRules *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->schemes);
  g_free (self);
}

gboolean
dd_grading_rules_has_scheme (DdGradingRules *self,
                             const char     *scheme)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return scheme != NULL && g_hash_table_contains (self->by_name, scheme);
}

GStrv
dd_grading_rules_dup_schemes (DdGradingRules *self)
{
  GStrv names;

  g_return_val_if_fail (self != NULL, NULL);

  names = g_new0 (char *, self->schemes->len + 1);
  for (guint i = 0; i < self->schemes->len; i++)
    names[i] = g_strdup (((Scheme *) g_ptr_array_index (self->schemes, i))->name);

  return names;
}

const char *
dd_grading_rules_get_source (DdGradingRules *self,
                             const char     *scheme)
{
  Scheme *s;

  g_return_val_if_fail (self != NULL, NULL);

  s = scheme != NULL ? g_hash_table_lookup (self->by_name, scheme) : NULL;

  return s != NULL ? s->source : NULL;
}

gboolean
dd_grading_rules_check_taxonomy (DdGradingRules  *self,
                                 DdTaxonomy      *taxonomy,
                                 GError         **error)
{
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (DD_IS_TAXONOMY (taxonomy), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (taxonomy));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdSubtype) subtype = g_list_model_get_item (G_LIST_MODEL (taxonomy), i);

      if (dd_subtype_is_manual (subtype))
        continue;
      if (!dd_grading_rules_has_scheme (self, dd_subtype_get_scheme (subtype)))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND,
                       _("Sub-type %s: unknown grading scheme “%s”"),
                       dd_subtype_get_id (subtype), dd_subtype_get_scheme (subtype));
          return FALSE;
        }
    }

  return TRUE;
}

void
dd_grade_basis_free (DdGradeBasis *basis)
{
  if (basis == NULL)
    return;

  g_free (basis->criterion);
  g_free (basis->text);
  g_free (basis);
}

void
dd_grade_result_free (DdGradeResult *result)
{
  if (result == NULL)
    return;

  g_free (result->scheme);
  g_clear_pointer (&result->basis, g_ptr_array_unref);
  g_free (result);
}

char *
dd_grade_result_dup_text (DdGradeResult *result)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->basis->len; i++)
    {
      DdGradeBasis *basis = g_ptr_array_index (result->basis, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, basis->text);
    }

  return g_string_free (text, FALSE);
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (floor (value) == value && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

/* "3 deaths", "magnitude 5.0 in a densely populated area" */
static char *
describe_value (const Criterion *criterion,
                double           value,
                gboolean         assumed)
{
  g_autofree char *number = format_number (value);
  gulong n = value > G_MAXULONG ? G_MAXULONG : (gulong) value;
  guint facts = criterion->facts;

  if (facts == ((1u << DD_FACT_DEATHS) | (1u << DD_FACT_MISSING)))
    /* Translators: a grading fact, e.g. 死亡和失踪%s人 */
    return g_strdup_printf (ngettext ("%s dead or missing", "%s dead or missing", n), number);

  if (facts == (1u << DD_FACT_MAGNITUDE))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      const char *m = g_ascii_formatd (buf, sizeof buf, "%.1f", value);

      if (assumed && criterion->density == DD_POPULATION_DENSITY_DENSE)
        /* Translators: %s is an earthquake magnitude, e.g. 震级%s级（未提供人口密度，按人口密集地区） */
        return g_strdup_printf (_("magnitude %s (population density not given, taken as dense)"), m);
      if (assumed)
        /* Translators: e.g. 震级%s级（未提供人口密度，按人口较密集地区） */
        return g_strdup_printf (_("magnitude %s (population density not given, taken as fairly dense)"), m);
      if (criterion->density == DD_POPULATION_DENSITY_DENSE)
        /* Translators: e.g. 人口密集地区发生%s级地震 */
        return g_strdup_printf (_("magnitude %s in a densely populated area"), m);
      if (criterion->density == DD_POPULATION_DENSITY_FAIRLY_DENSE)
        /* Translators: e.g. 人口较密集地区发生%s级地震 */
        return g_strdup_printf (_("magnitude %s in a fairly densely populated area"), m);
      /* Translators: e.g. 震级%s级 */
      return g_strdup_printf (_("magnitude %s"), m);
    }

  if (facts == (1u << DD_FACT_DEATHS))
    /* Translators: a grading fact, e.g. 死亡%s人 */
    return g_strdup_printf (ngettext ("%s death", "%s deaths", n), number);
  if (facts == (1u << DD_FACT_MISSING))
    /* Translators: e.g. 失踪%s人 */
    return g_strdup_printf (ngettext ("%s person missing", "%s people missing", n), number);
  if (facts == (1u << DD_FACT_INJURED))
    /* Translators: e.g. 受伤%s人 */
    return g_strdup_printf (ngettext ("%s person injured", "%s people injured", n), number);
  if (facts == (1u << DD_FACT_SERIOUS_INJURIES))
    /* Translators: e.g. 重伤（含急性工业中毒）%s人 */
    return g_strdup_printf (ngettext ("%s serious injury", "%s serious injuries", n), number);
  if (facts == (1u << DD_FACT_TRAPPED))
    /* Translators: e.g. 被困%s人 */
    return g_strdup_printf (ngettext ("%s person trapped", "%s people trapped", n), number);
  if (facts == (1u << DD_FACT_EVACUATED))
    /* Translators: e.g. 疏散转移%s人 */
    return g_strdup_printf (ngettext ("%s person evacuated", "%s people evacuated", n), number);
  if (facts == (1u << DD_FACT_THREATENED))
    /* Translators: e.g. 受威胁需转移%s人 */
    return g_strdup_printf (ngettext ("%s person under threat", "%s people under threat", n), number);
  if (facts == (1u << DD_FACT_LOSS_YUAN))
    /* Translators: e.g. 直接经济损失%s元 */
    return g_strdup_printf (_("direct loss of %s yuan"), number);
  if (facts == (1u << DD_FACT_POTENTIAL_LOSS_YUAN))
    /* Translators: e.g. 潜在经济损失%s元 */
    return g_strdup_printf (_("potential loss of %s yuan"), number);
  if (facts == (1u << DD_FACT_AREA_HA))
    /* Translators: e.g. 受害森林面积%s公顷 */
    return g_strdup_printf (_("%s ha burned"), number);

  /* Any other sum of facts: "deaths + missing: 12" */
  {
    GString *names = g_string_new (NULL);

    for (guint i = 0; i < DD_N_FACTS; i++)
      {
        if ((facts & (1u << i)) == 0)
          continue;
        if (names->len > 0)
          g_string_append (names, " + ");
        g_string_append (names, dd_fact_get_label (i));
      }
    g_string_append_printf (names, ": %s", number);
    return g_string_free (names, FALSE);
  }
}

static char *
describe_basis (const char *value_text,
                DdGrade     grade)
{
  switch (grade)
    {
    case DD_GRADE_I:
      /* Translators: %s is a fact such as "3 deaths"; e.g. %s，达到特别重大（Ⅰ级）标准 */
      return g_strdup_printf (_("%s: meets the grade I (particularly serious) threshold"), value_text);
    case DD_GRADE_II:
      /* Translators: e.g. %s，达到重大（Ⅱ级）标准 */
      return g_strdup_printf (_("%s: meets the grade II (major) threshold"), value_text);
    case DD_GRADE_III:
      /* Translators: e.g. %s，达到较大（Ⅲ级）标准 */
      return g_strdup_printf (_("%s: meets the grade III (larger) threshold"), value_text);
    case DD_GRADE_IV:
      /* Translators: e.g. %s，达到一般（Ⅳ级）标准 */
      return g_strdup_printf (_("%s: meets the grade IV (ordinary) threshold"), value_text);
    case DD_GRADE_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

static int
compare_basis (gconstpointer a,
               gconstpointer b)
{
  const DdGradeBasis *ba = *(DdGradeBasis **) a;
  const DdGradeBasis *bb = *(DdGradeBasis **) b;

  return (int) ba->grade - (int) bb->grade;
}

DdGradeResult *
dd_grade_compute (DdGradingRules  *rules,
                  const char      *scheme,
                  const DdFacts   *facts,
                  GError         **error)
{
  g_autoptr(DdGradeResult) result = NULL;
  DdPopulationDensity density;
  Scheme *s;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dd_facts_validate (facts, error))
    return NULL;

  result = g_new0 (DdGradeResult, 1);
  result->basis = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_grade_basis_free);

  if (scheme == NULL || g_str_equal (scheme, DD_GRADING_SCHEME_MANUAL))
    {
      result->scheme = g_strdup (DD_GRADING_SCHEME_MANUAL);
      result->manual_required = TRUE;
      result->grade = DD_GRADE_NONE;
      return g_steal_pointer (&result);
    }

  s = g_hash_table_lookup (rules->by_name, scheme);
  if (s == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND,
                   _("Unknown grading scheme “%s”"), scheme);
      return NULL;
    }

  result->scheme = g_strdup (scheme);
  density = dd_facts_get_density (facts);

  for (guint i = 0; i < s->criteria->len; i++)
    {
      const Criterion *criterion = g_ptr_array_index (s->criteria, i);
      gboolean any = FALSE;
      gboolean assumed = FALSE;
      double value = 0;
      DdGradeBasis *basis;
      g_autofree char *value_text = NULL;

      if (criterion->density != DD_POPULATION_DENSITY_UNKNOWN)
        {
          if (density == DD_POPULATION_DENSITY_UNKNOWN && criterion->density == s->assume_density)
            assumed = TRUE;
          else if (criterion->density != density)
            continue;
        }

      for (guint f = 0; f < DD_N_FACTS; f++)
        {
          if ((criterion->facts & (1u << f)) != 0 && dd_facts_has (facts, f))
            {
              value += facts->values[f];
              any = TRUE;
            }
        }
      if (!any)
        continue;

      for (DdGrade grade = DD_GRADE_I; grade <= DD_GRADE_IV; grade++)
        {
          if (!criterion->has[grade] || value < criterion->thresholds[grade])
            continue;

          basis = g_new0 (DdGradeBasis, 1);
          basis->criterion = g_strdup (criterion->id);
          basis->facts = criterion->facts;
          basis->value = value;
          basis->threshold = criterion->thresholds[grade];
          basis->grade = grade;
          basis->density_assumed = assumed;
          value_text = describe_value (criterion, value, assumed);
          basis->text = describe_basis (value_text, grade);
          g_ptr_array_add (result->basis, basis);
          break;
        }
    }

  /* g_ptr_array_sort() is stable: criteria order is kept within a grade */
  g_ptr_array_sort (result->basis, compare_basis);

  if (result->basis->len > 0)
    result->grade = ((DdGradeBasis *) g_ptr_array_index (result->basis, 0))->grade;
  else
    {
      DdGradeBasis *basis = g_new0 (DdGradeBasis, 1);

      basis->criterion = g_strdup ("below_grade_iii");
      basis->grade = DD_GRADE_IV;
      /* Translators: the basis of grade IV: 未达到较大（Ⅲ级）任一标准，为一般（Ⅳ级） */
      basis->text = g_strdup (_("Below every grade III threshold: grade IV (ordinary)"));
      g_ptr_array_add (result->basis, basis);
      result->grade = DD_GRADE_IV;
    }

  return g_steal_pointer (&result);
}

DdGradeResult *
dd_grade_compute_for_subtype (DdGradingRules  *rules,
                              DdTaxonomy      *taxonomy,
                              const char      *subtype,
                              const DdFacts   *facts,
                              GError         **error)
{
  DdSubtype *s;

  g_return_val_if_fail (DD_IS_TAXONOMY (taxonomy), NULL);

  s = dd_taxonomy_lookup (taxonomy, subtype);
  if (s == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_NOT_FOUND,
                   _("Unknown sub-type “%s”"), subtype != NULL ? subtype : "");
      return NULL;
    }

  return dd_grade_compute (rules, dd_subtype_get_scheme (s), facts, error);
}
