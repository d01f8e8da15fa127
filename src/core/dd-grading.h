/* dd-grading.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"
#include "dd-facts.h"
#include "dd-taxonomy.h"

G_BEGIN_DECLS

/* TRUE if @a is a grade and more serious than @b (any grade is more
 * serious than %DD_GRADE_NONE). */
gboolean dd_grade_is_more_serious (DdGrade a,
                                   DdGrade b);

/* The grading rules: one table per scheme of grading.md, shipped as
 * data/rules/grading.json and read by src/sync (dd_grading_rules_load_default()).
 * Immutable, reference counted. */
#define DD_TYPE_GRADING_RULES (dd_grading_rules_get_type ())
typedef struct _DdGradingRules DdGradingRules;

GType           dd_grading_rules_get_type         (void) G_GNUC_CONST;

/* Builds the rules from an a{sv} tree (a JSON document as GVariant:
 * objects a{sv}, lists av, numbers x or d):
 *
 *   { "format": 1, "sources": [ … ],
 *     "schemes": { "production_safety": {
 *         "title": "…", "source": "…",
 *         "assume_density": "fairly_dense",            (optional)
 *         "criteria": [ { "id": "deaths", "facts": ["deaths"],
 *                         "density": "dense",          (magnitude only, optional)
 *                         "thresholds": { "I": 30, "II": 10, "III": 3, "IV": 1 } } ] } } }
 *
 * Checks every member: grades I, II and III required and IV optional,
 * thresholds not negative and decreasing from I to IV, facts known,
 * unique criterion ids, a source per scheme. Errors
 * (%DD_CORE_ERROR_PARSE) name the member, e.g.
 * "schemes.earthquake.criteria[0].thresholds.V: unknown grade “V”". */
DdGradingRules *dd_grading_rules_new_from_variant (GVariant        *rules,
                                                   GError         **error);
DdGradingRules *dd_grading_rules_ref              (DdGradingRules  *self);
void            dd_grading_rules_unref            (DdGradingRules  *self);

gboolean        dd_grading_rules_has_scheme       (DdGradingRules  *self,
                                                   const char      *scheme);
/* The scheme names, in file order. */
GStrv           dd_grading_rules_dup_schemes      (DdGradingRules  *self);
/* The source cited for @scheme, %NULL if unknown. */
const char     *dd_grading_rules_get_source       (DdGradingRules  *self,
                                                   const char      *scheme);
/* Every non-manual scheme that @taxonomy names exists in the rules;
 * %DD_CORE_ERROR_NOT_FOUND names the sub-type and the scheme. */
gboolean        dd_grading_rules_check_taxonomy   (DdGradingRules  *self,
                                                   DdTaxonomy      *taxonomy,
                                                   GError         **error);

/**
 * DdGradeBasis:
 * @criterion: the criterion's id in its scheme ("deaths", "magnitude_dense"),
 *   or "below_grade_iii" for grade IV by default
 * @facts: the facts the value sums (bits 1 << #DdFact); 0 for the default
 * @value: the value compared (the sum of @facts; dead and missing for earthquakes)
 * @threshold: the threshold reached (inclusive lower bound); 0 for the default
 * @grade: the grade the criterion reaches
 * @density_assumed: the magnitude criterion applied with the scheme's
 *   assumed density because none was given
 * @text: a translated sentence, "3 deaths: meets the grade III (larger) threshold"
 *
 * Why an incident has a grade: one criterion reaching one grade.
 */
typedef struct
{
  char     *criterion;
  guint     facts;
  double    value;
  double    threshold;
  DdGrade   grade;
  gboolean  density_assumed;
  char     *text;
} DdGradeBasis;

void           dd_grade_basis_free (DdGradeBasis *basis);

/**
 * DdGradeResult:
 * @grade: the computed grade; %DD_GRADE_NONE when @manual_required
 * @manual_required: the sub-type has no numeric thresholds: the officer
 *   must set the grade (with a reason)
 * @scheme: the scheme used ("manual" for manual sub-types)
 * @basis: (element-type DdGradeBasis): every criterion that reaches a
 *   grade, most serious first (criteria order within a grade); for grade
 *   IV reached by no criterion, one "below_grade_iii" entry; empty when
 *   manual
 *
 * The computed grade of a set of facts.
 */
typedef struct
{
  DdGrade    grade;
  gboolean   manual_required;
  char      *scheme;
  GPtrArray *basis;
} DdGradeResult;

void           dd_grade_result_free     (DdGradeResult *result);
/* The basis sentences, one a line. */
char          *dd_grade_result_dup_text (DdGradeResult *result);

/* Grades @facts by @scheme: thresholds are inclusive lower bounds; the
 * highest grade any criterion reaches wins; below every grade-III
 * threshold the grade is IV. "manual" (or %NULL) gives manual_required.
 * %DD_CORE_ERROR_NOT_FOUND for an unknown scheme; invalid facts are
 * %DD_CORE_ERROR_INVALID. */
DdGradeResult *dd_grade_compute             (DdGradingRules *rules,
                                             const char     *scheme,
                                             const DdFacts  *facts,
                                             GError        **error);
/* The same for a sub-type id of @taxonomy (%DD_CORE_ERROR_NOT_FOUND if unknown). */
DdGradeResult *dd_grade_compute_for_subtype (DdGradingRules *rules,
                                             DdTaxonomy     *taxonomy,
                                             const char     *subtype,
                                             const DdFacts  *facts,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdGradingRules, dd_grading_rules_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdGradeBasis, dd_grade_basis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdGradeResult, dd_grade_result_free)

G_END_DECLS
