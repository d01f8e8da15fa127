/* dd-rules-loader.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-rules-loader.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dd-error.h"

#define GRADING_RESOURCE   RESOURCE_BASE_PATH "/data/rules/grading.json"
#define REPORTING_RESOURCE RESOURCE_BASE_PATH "/data/rules/reporting.json"

static GVariant *
node_to_variant (JsonNode    *node,
                 const char  *path,
                 GError     **error)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        GVariantBuilder builder;

        g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
        for (GList *l = members; l != NULL; l = l->next)
          {
            const char *name = l->data;
            g_autofree char *child_path = *path != '\0' ? g_strconcat (path, ".", name, NULL)
                                                        : g_strdup (name);
            GVariant *child = node_to_variant (json_object_get_member (object, name),
                                               child_path, error);

            if (child == NULL)
              {
                g_variant_builder_clear (&builder);
                return NULL;
              }
            g_variant_builder_add (&builder, "{sv}", name, child);
          }
        return g_variant_builder_end (&builder);
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        GVariantBuilder builder;

        g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *child_path = g_strdup_printf ("%s[%u]", path, i);
            GVariant *child = node_to_variant (json_array_get_element (array, i), child_path, error);

            if (child == NULL)
              {
                g_variant_builder_clear (&builder);
                return NULL;
              }
            g_variant_builder_add (&builder, "v", child);
          }
        return g_variant_builder_end (&builder);
      }

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          return g_variant_new_int64 (json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return g_variant_new_double (json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return g_variant_new_boolean (json_node_get_boolean (node));
        case G_TYPE_STRING:
          return g_variant_new_string (json_node_get_string (node));
        default:
          break;
        }
      G_GNUC_FALLTHROUGH;

    case JSON_NODE_NULL:
    default:
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("%s: null is not allowed"), *path != '\0' ? path : "/");
      return NULL;
    }
}

GVariant *
dd_rules_json_to_variant (GBytes  *json,
                          GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  GVariant *variant;
  gsize size;
  const char *data;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (json, &size);
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) size, &local_error))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("Not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE, _("The document is empty"));
      return NULL;
    }

  variant = node_to_variant (json_parser_get_root (parser), "", error);
  if (variant == NULL)
    return NULL;

  return g_variant_ref_sink (variant);
}

DdGradingRules *
dd_grading_rules_load_from_bytes (GBytes      *json,
                                  const char  *origin,
                                  GError     **error)
{
  g_autoptr(GVariant) variant = dd_rules_json_to_variant (json, error);
  DdGradingRules *rules;

  if (variant == NULL)
    {
      g_prefix_error (error, "%s: ", origin != NULL ? origin : "grading.json");
      return NULL;
    }

  rules = dd_grading_rules_new_from_variant (variant, error);
  if (rules == NULL)
    g_prefix_error (error, "%s: ", origin != NULL ? origin : "grading.json");

  return rules;
}

DdReportingRules *
dd_reporting_rules_load_from_bytes (GBytes      *json,
                                    const char  *origin,
                                    GError     **error)
{
  g_autoptr(GVariant) variant = dd_rules_json_to_variant (json, error);
  DdReportingRules *rules;

  if (variant == NULL)
    {
      g_prefix_error (error, "%s: ", origin != NULL ? origin : "reporting.json");
      return NULL;
    }

  rules = dd_reporting_rules_new_from_variant (variant, error);
  if (rules == NULL)
    g_prefix_error (error, "%s: ", origin != NULL ? origin : "reporting.json");

  return rules;
}

DdGradingRules *
dd_grading_rules_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (GRADING_RESOURCE,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (bytes == NULL)
    return NULL;

  return dd_grading_rules_load_from_bytes (bytes, GRADING_RESOURCE, error);
}

DdReportingRules *
dd_reporting_rules_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (REPORTING_RESOURCE,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (bytes == NULL)
    return NULL;

  return dd_reporting_rules_load_from_bytes (bytes, REPORTING_RESOURCE, error);
}
