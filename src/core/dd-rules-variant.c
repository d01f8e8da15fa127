/* dd-rules-variant.c: reading rule trees (a{sv}) with messages that name the member
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-rules-private.h"

#include <math.h>
#include <glib/gi18n.h>

#include "dd-error.h"

static GVariant *
unbox (GVariant *value)
{
  while (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *inner = g_variant_get_variant (value);

      g_variant_unref (value);
      value = inner;
    }

  return value;
}

char *
dd_rules_path (const char *path,
               const char *member)
{
  if (path == NULL || *path == '\0')
    return g_strdup (member);

  return g_strconcat (path, ".", member, NULL);
}

gboolean
dd_rules_is_dict (GVariant *value)
{
  return value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT);
}

gboolean
dd_rules_to_number (GVariant *value,
                    double   *number)
{
  double n;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    n = (double) g_variant_get_int64 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    n = (double) g_variant_get_uint64 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    n = g_variant_get_int32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    n = g_variant_get_uint32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT16))
    n = g_variant_get_int16 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT16))
    n = g_variant_get_uint16 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTE))
    n = g_variant_get_byte (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    n = g_variant_get_double (value);
  else
    return FALSE;

  if (!isfinite (n))
    return FALSE;

  *number = n;

  return TRUE;
}

gboolean
dd_rules_member (GVariant    *dict,
                 const char  *path,
                 const char  *member,
                 gboolean     required,
                 GVariant   **value,
                 GError     **error)
{
  GVariant *found;

  *value = NULL;

  if (!dd_rules_is_dict (dict))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("%s: an object is expected"), path != NULL && *path != '\0' ? path : "/");
      return FALSE;
    }

  found = g_variant_lookup_value (dict, member, NULL);
  if (found == NULL)
    {
      if (!required)
        return TRUE;

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("%s: the member “%s” is missing"),
                   path != NULL && *path != '\0' ? path : "/", member);
      return FALSE;
    }

  *value = unbox (found);

  return TRUE;
}

gboolean
dd_rules_get_string (GVariant    *dict,
                     const char  *path,
                     const char  *member,
                     gboolean     required,
                     char       **value,
                     GError     **error)
{
  g_autoptr(GVariant) v = NULL;

  *value = NULL;

  if (!dd_rules_member (dict, path, member, required, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;

  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    {
      g_autofree char *where = dd_rules_path (path, member);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("%s: a string is expected"), where);
      return FALSE;
    }

  *value = g_variant_dup_string (v, NULL);

  return TRUE;
}

gboolean
dd_rules_get_number (GVariant    *dict,
                     const char  *path,
                     const char  *member,
                     gboolean     required,
                     double      *value,
                     gboolean    *present,
                     GError     **error)
{
  g_autoptr(GVariant) v = NULL;

  if (present != NULL)
    *present = FALSE;

  if (!dd_rules_member (dict, path, member, required, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;

  if (!dd_rules_to_number (v, value))
    {
      g_autofree char *where = dd_rules_path (path, member);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("%s: a number is expected"), where);
      return FALSE;
    }

  if (present != NULL)
    *present = TRUE;

  return TRUE;
}

gboolean
dd_rules_get_bool (GVariant    *dict,
                   const char  *path,
                   const char  *member,
                   gboolean     default_value,
                   gboolean    *value,
                   GError     **error)
{
  g_autoptr(GVariant) v = NULL;

  *value = default_value;

  if (!dd_rules_member (dict, path, member, FALSE, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;

  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
    {
      g_autofree char *where = dd_rules_path (path, member);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("%s: true or false is expected"), where);
      return FALSE;
    }

  *value = g_variant_get_boolean (v);

  return TRUE;
}

gboolean
dd_rules_get_array (GVariant    *dict,
                    const char  *path,
                    const char  *member,
                    gboolean     required,
                    GVariant   **value,
                    GError     **error)
{
  g_autoptr(GVariant) v = NULL;

  *value = NULL;

  if (!dd_rules_member (dict, path, member, required, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;

  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_ARRAY) || dd_rules_is_dict (v))
    {
      g_autofree char *where = dd_rules_path (path, member);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("%s: a list is expected"), where);
      return FALSE;
    }

  *value = g_steal_pointer (&v);

  return TRUE;
}

gboolean
dd_rules_get_dict (GVariant    *dict,
                   const char  *path,
                   const char  *member,
                   gboolean     required,
                   GVariant   **value,
                   GError     **error)
{
  g_autoptr(GVariant) v = NULL;

  *value = NULL;

  if (!dd_rules_member (dict, path, member, required, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;

  if (!dd_rules_is_dict (v))
    {
      g_autofree char *where = dd_rules_path (path, member);

      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("%s: an object is expected"), where);
      return FALSE;
    }

  *value = g_steal_pointer (&v);

  return TRUE;
}

GVariant *
dd_rules_child (GVariant *array,
                gsize     i)
{
  return unbox (g_variant_get_child_value (array, i));
}

gboolean
dd_rules_get_strv (GVariant     *dict,
                   const char   *path,
                   const char   *member,
                   gboolean      required,
                   GStrv        *value,
                   GError      **error)
{
  g_autoptr(GVariant) array = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  gsize n;

  *value = NULL;

  if (!dd_rules_get_array (dict, path, member, required, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  builder = g_strv_builder_new ();
  n = g_variant_n_children (array);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = dd_rules_child (array, i);

      if (!g_variant_is_of_type (child, G_VARIANT_TYPE_STRING))
        {
          g_autofree char *where = dd_rules_path (path, member);

          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("%s[%u]: a string is expected"), where, (guint) i);
          return FALSE;
        }
      g_strv_builder_add (builder, g_variant_get_string (child, NULL));
    }

  *value = g_strv_builder_end (builder);

  return TRUE;
}

gboolean
dd_rules_check_members (GVariant            *dict,
                        const char          *path,
                        const char * const  *allowed,
                        GError             **error)
{
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    {
      if (!g_strv_contains (allowed, key))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("%s: unknown member “%s”"),
                       path != NULL && *path != '\0' ? path : "/", key);
          return FALSE;
        }
    }

  return TRUE;
}
