/* dd-facts.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"

G_BEGIN_DECLS

/**
 * DdFacts:
 * @known: the facts given, one bit (1 << #DdFact) each
 * @values: the value of each given fact, indexed by #DdFact; counts and
 *   amounts are whole numbers, the density is a #DdPopulationDensity
 *
 * The facts of an incident that grading uses, each one optional. A plain
 * value: copy it with `=`, no memory of its own. A fact gives the total as
 * now known, never an increment.
 */
typedef struct
{
  guint   known;
  double  values[DD_N_FACTS];
} DdFacts;

#define DD_FACTS_INIT { 0, { 0 } }

void      dd_facts_clear        (DdFacts       *facts);
gboolean  dd_facts_has          (const DdFacts *facts,
                                 DdFact         fact);
/* %FALSE (and @value untouched) when the fact is not given. */
gboolean  dd_facts_get          (const DdFacts *facts,
                                 DdFact         fact,
                                 double        *value);
/* 0 when not given. */
double    dd_facts_get_value    (const DdFacts *facts,
                                 DdFact         fact);
void      dd_facts_set          (DdFacts       *facts,
                                 DdFact         fact,
                                 double         value);
void      dd_facts_unset        (DdFacts       *facts,
                                 DdFact         fact);
DdPopulationDensity dd_facts_get_density (const DdFacts *facts);
void      dd_facts_set_density  (DdFacts       *facts,
                                 DdPopulationDensity density);
gboolean  dd_facts_is_empty     (const DdFacts *facts);
/* Every fact given in @update replaces the one in @facts. */
void      dd_facts_merge        (DdFacts       *facts,
                                 const DdFacts *update);
/* Counts (people) and amounts (yuan) are whole numbers from 0 to 10^15;
 * the area is 0 to 10^8 ha; the magnitude -2 to 10; the density one of
 * #DdPopulationDensity. The message names the fact. */
gboolean  dd_facts_validate     (const DdFacts *facts,
                                 GError       **error);
/* Parses a command-line or form value for @fact: a whole number for
 * counts and amounts, a decimal for the area and the magnitude, a
 * density name for the density; then validates it. */
gboolean  dd_facts_set_from_string (DdFacts    *facts,
                                    DdFact      fact,
                                    const char *str,
                                    GError    **error);
/* "3", "1.5", "dense": the value as text, %NULL if not given. */
char     *dd_facts_format_value (const DdFacts *facts,
                                 DdFact         fact);

/* The given facts as an a{sv} keyed by the machine names: counts and
 * amounts as int64 ("x"), area and magnitude as double ("d"), the density
 * as its name ("s"). For storage and the wire. */
GVariant *dd_facts_to_variant   (const DdFacts *facts);
/* The reverse; numbers of any numeric type are accepted. Unknown keys
 * are an error. Validates. */
gboolean  dd_facts_from_variant (GVariant      *variant,
                                 DdFacts       *facts,
                                 GError       **error);

G_END_DECLS
