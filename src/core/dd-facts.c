/* dd-facts.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-facts.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "dd-error.h"

#define MAX_WHOLE 1e15

static gboolean
fact_is_whole (DdFact fact)
{
  return fact != DD_FACT_AREA_HA && fact != DD_FACT_MAGNITUDE && fact != DD_FACT_DENSITY;
}

void
dd_facts_clear (DdFacts *facts)
{
  g_return_if_fail (facts != NULL);

  memset (facts, 0, sizeof *facts);
}

gboolean
dd_facts_has (const DdFacts *facts,
              DdFact         fact)
{
  g_return_val_if_fail (facts != NULL, FALSE);
  g_return_val_if_fail ((guint) fact < DD_N_FACTS, FALSE);

  return (facts->known & (1u << fact)) != 0;
}

gboolean
dd_facts_get (const DdFacts *facts,
              DdFact         fact,
              double        *value)
{
  if (!dd_facts_has (facts, fact))
    return FALSE;

  if (value != NULL)
    *value = facts->values[fact];

  return TRUE;
}

double
dd_facts_get_value (const DdFacts *facts,
                    DdFact         fact)
{
  return dd_facts_has (facts, fact) ? facts->values[fact] : 0;
}

void
dd_facts_set (DdFacts *facts,
              DdFact   fact,
              double   value)
{
  g_return_if_fail (facts != NULL);
  g_return_if_fail ((guint) fact < DD_N_FACTS);

  facts->known |= 1u << fact;
  facts->values[fact] = value;
}

void
dd_facts_unset (DdFacts *facts,
                DdFact   fact)
{
  g_return_if_fail (facts != NULL);
  g_return_if_fail ((guint) fact < DD_N_FACTS);

  facts->known &= ~(1u << fact);
  facts->values[fact] = 0;
}

DdPopulationDensity
dd_facts_get_density (const DdFacts *facts)
{
  if (!dd_facts_has (facts, DD_FACT_DENSITY))
    return DD_POPULATION_DENSITY_UNKNOWN;

  return (DdPopulationDensity) (int) facts->values[DD_FACT_DENSITY];
}

void
dd_facts_set_density (DdFacts             *facts,
                      DdPopulationDensity  density)
{
  if (density == DD_POPULATION_DENSITY_UNKNOWN)
    dd_facts_unset (facts, DD_FACT_DENSITY);
  else
    dd_facts_set (facts, DD_FACT_DENSITY, density);
}

gboolean
dd_facts_is_empty (const DdFacts *facts)
{
  g_return_val_if_fail (facts != NULL, TRUE);

  return facts->known == 0;
}

void
dd_facts_merge (DdFacts       *facts,
                const DdFacts *update)
{
  g_return_if_fail (facts != NULL);
  g_return_if_fail (update != NULL);

  for (guint i = 0; i < DD_N_FACTS; i++)
    {
      if (dd_facts_has (update, i))
        dd_facts_set (facts, i, update->values[i]);
    }
}

static gboolean
check_value (DdFact   fact,
             double   value,
             GError **error)
{
  const char *name = dd_fact_to_string (fact);

  if (!isfinite (value))
    goto invalid;

  if (fact == DD_FACT_DENSITY)
    {
      if (value != DD_POPULATION_DENSITY_FAIRLY_DENSE && value != DD_POPULATION_DENSITY_DENSE)
        goto invalid;
      return TRUE;
    }

  if (fact == DD_FACT_MAGNITUDE)
    {
      if (value < -2 || value > 10)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("%s: %g is not a magnitude between -2 and 10"), name, value);
          return FALSE;
        }
      return TRUE;
    }

  if (value < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s: %g is negative"), name, value);
      return FALSE;
    }

  if (fact == DD_FACT_AREA_HA)
    {
      if (value > 1e8)
        goto invalid;
      return TRUE;
    }

  if (value > MAX_WHOLE || floor (value) != value)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("%s: %g is not a whole number"), name, value);
      return FALSE;
    }

  return TRUE;

invalid:
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
               _("%s: the value is out of range"), name);
  return FALSE;
}

gboolean
dd_facts_validate (const DdFacts  *facts,
                   GError        **error)
{
  g_return_val_if_fail (facts != NULL, FALSE);

  if ((facts->known >> DD_N_FACTS) != 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Unknown facts are marked as given"));
      return FALSE;
    }

  for (guint i = 0; i < DD_N_FACTS; i++)
    {
      if (dd_facts_has (facts, i) && !check_value (i, facts->values[i], error))
        return FALSE;
    }

  return TRUE;
}

gboolean
dd_facts_set_from_string (DdFacts     *facts,
                          DdFact       fact,
                          const char  *str,
                          GError     **error)
{
  g_autofree char *text = NULL;
  double value;

  g_return_val_if_fail (facts != NULL, FALSE);
  g_return_val_if_fail ((guint) fact < DD_N_FACTS, FALSE);

  text = g_strstrip (g_strdup (str != NULL ? str : ""));

  if (fact == DD_FACT_DENSITY)
    {
      DdPopulationDensity density;

      if (!dd_population_density_from_string (text, &density) ||
          density == DD_POPULATION_DENSITY_UNKNOWN)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("%s: “%s” is not “dense” or “fairly_dense”"),
                       dd_fact_to_string (fact), text);
          return FALSE;
        }
      dd_facts_set_density (facts, density);
      return TRUE;
    }

  if (fact_is_whole (fact))
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (text, 10, 0, (guint64) MAX_WHOLE, &n, NULL))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("%s: “%s” is not a whole number of at least 0"),
                       dd_fact_to_string (fact), text);
          return FALSE;
        }
      value = (double) n;
    }
  else
    {
      char *end = NULL;

      value = g_ascii_strtod (text, &end);
      if (*text == '\0' || end == NULL || *end != '\0')
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("%s: “%s” is not a number"), dd_fact_to_string (fact), text);
          return FALSE;
        }
    }

  if (!check_value (fact, value, error))
    return FALSE;

  dd_facts_set (facts, fact, value);

  return TRUE;
}

char *
dd_facts_format_value (const DdFacts *facts,
                       DdFact         fact)
{
  double value;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!dd_facts_get (facts, fact, &value))
    return NULL;

  if (fact == DD_FACT_DENSITY)
    return g_strdup (dd_population_density_to_string (dd_facts_get_density (facts)));

  if (fact_is_whole (fact))
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

GVariant *
dd_facts_to_variant (const DdFacts *facts)
{
  GVariantBuilder builder;

  g_return_val_if_fail (facts != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < DD_N_FACTS; i++)
    {
      GVariant *value;

      if (!dd_facts_has (facts, i))
        continue;

      if (i == DD_FACT_DENSITY)
        value = g_variant_new_string (dd_population_density_to_string (dd_facts_get_density (facts)));
      else if (fact_is_whole (i))
        value = g_variant_new_int64 ((gint64) facts->values[i]);
      else
        value = g_variant_new_double (facts->values[i]);

      g_variant_builder_add (&builder, "{sv}", dd_fact_to_string (i), value);
    }

  return g_variant_builder_end (&builder);
}

static gboolean
variant_to_double (GVariant *value,
                   double   *out)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    *out = (double) g_variant_get_int64 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    *out = (double) g_variant_get_uint64 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    *out = g_variant_get_int32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    *out = g_variant_get_uint32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    *out = g_variant_get_double (value);
  else
    return FALSE;

  return TRUE;
}

gboolean
dd_facts_from_variant (GVariant  *variant,
                       DdFacts   *facts,
                       GError   **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;
  DdFacts result = DD_FACTS_INIT;

  g_return_val_if_fail (variant != NULL, FALSE);
  g_return_val_if_fail (facts != NULL, FALSE);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("Facts must be a dictionary, not “%s”"), g_variant_get_type_string (variant));
      return FALSE;
    }

  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      DdFact fact;
      double number;

      if (!dd_fact_from_string (key, &fact))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("“%s” is not a fact"), key);
          g_variant_unref (value);
          return FALSE;
        }

      if (fact == DD_FACT_DENSITY && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          if (!dd_facts_set_from_string (&result, fact, g_variant_get_string (value, NULL), error))
            {
              g_variant_unref (value);
              return FALSE;
            }
          continue;
        }

      if (!variant_to_double (value, &number))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("%s: a number is expected"), key);
          g_variant_unref (value);
          return FALSE;
        }
      dd_facts_set (&result, fact, number);
    }

  if (!dd_facts_validate (&result, error))
    return FALSE;

  *facts = result;

  return TRUE;
}
