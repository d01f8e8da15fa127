/* dd-taxonomy.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-taxonomy.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dd-csv.h"
#include "dd-error.h"

#define TAXONOMY_RESOURCE RESOURCE_BASE_PATH "/data/taxonomy.csv"

struct _DdSubtype
{
  GObject  parent_instance;

  char    *id;
  char    *category;
  char    *category_zh;
  char    *name_zh;
  char    *name_en;
  char    *scheme;
};

struct _DdTaxonomy
{
  GObject     parent_instance;

  GPtrArray  *subtypes;
  GHashTable *by_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE (DdSubtype, dd_subtype, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE_WITH_CODE (DdTaxonomy, dd_taxonomy, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static gboolean
is_name (const char *str,
         const char *extra)
{
  if (str == NULL || *str == '\0' || strlen (str) > 64)
    return FALSE;

  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && strchr (extra, *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

static GType
list_model_get_item_type (GListModel *model)
{
  return DD_TYPE_SUBTYPE;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return DD_TAXONOMY (model)->subtypes->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  DdTaxonomy *self = DD_TAXONOMY (model);

  if (position >= self->subtypes->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->subtypes, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
dd_subtype_finalize (GObject *object)
{
  DdSubtype *self = DD_SUBTYPE (object);

  g_free (self->id);
  g_free (self->category);
  g_free (self->category_zh);
  g_free (self->name_zh);
  g_free (self->name_en);
  g_free (self->scheme);

  G_OBJECT_CLASS (dd_subtype_parent_class)->finalize (object);
}

static void
dd_subtype_class_init (DdSubtypeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dd_subtype_finalize;
}

static void
dd_subtype_init (DdSubtype *self)
{
}

static void
dd_taxonomy_finalize (GObject *object)
{
  DdTaxonomy *self = DD_TAXONOMY (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->subtypes, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_taxonomy_parent_class)->finalize (object);
}

static void
dd_taxonomy_class_init (DdTaxonomyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dd_taxonomy_finalize;
}

static void
dd_taxonomy_init (DdTaxonomy *self)
{
  self->subtypes = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

const char *
dd_subtype_get_id (DdSubtype *self)
{
  g_return_val_if_fail (DD_IS_SUBTYPE (self), NULL);

  return self->id;
}

const char *
dd_subtype_get_category (DdSubtype *self)
{
  g_return_val_if_fail (DD_IS_SUBTYPE (self), NULL);

  return self->category;
}

const char *
dd_subtype_get_category_zh (DdSubtype *self)
{
  g_return_val_if_fail (DD_IS_SUBTYPE (self), NULL);

  return self->category_zh;
}

const char *
dd_subtype_get_name_zh (DdSubtype *self)
{
  g_return_val_if_fail (DD_IS_SUBTYPE (self), NULL);

  return self->name_zh;
}

const char *
dd_subtype_get_name_en (DdSubtype *self)
{
  g_return_val_if_fail (DD_IS_SUBTYPE (self), NULL);

  return self->name_en;
}

const char *
dd_subtype_get_name (DdSubtype *self)
{
  const char * const *languages = g_get_language_names ();

  g_return_val_if_fail (DD_IS_SUBTYPE (self), NULL);

  return languages[0] != NULL && g_str_has_prefix (languages[0], "zh") ? self->name_zh : self->name_en;
}

const char *
dd_subtype_get_scheme (DdSubtype *self)
{
  g_return_val_if_fail (DD_IS_SUBTYPE (self), NULL);

  return self->scheme;
}

gboolean
dd_subtype_is_manual (DdSubtype *self)
{
  g_return_val_if_fail (DD_IS_SUBTYPE (self), TRUE);

  return g_str_equal (self->scheme, DD_GRADING_SCHEME_MANUAL);
}

DdTaxonomy *
dd_taxonomy_new_from_bytes (GBytes  *csv,
                            GError **error)
{
  static const char * const header[] = {
    "id", "category", "category_zh", "subtype_zh", "subtype_en", "grading",
  };
  g_autoptr(DdTaxonomy) self = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  DdCsvRow *first;

  g_return_val_if_fail (csv != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = dd_csv_decode (csv, NULL, error);
  if (text == NULL)
    return NULL;
  rows = dd_csv_parse (text, error);
  if (rows == NULL)
    return NULL;

  if (rows->len == 0)
    goto bad_header;
  first = g_ptr_array_index (rows, 0);
  if (g_strv_length (first->fields) != G_N_ELEMENTS (header))
    goto bad_header;
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    {
      if (!g_str_equal (g_strstrip (first->fields[i]), header[i]))
        goto bad_header;
    }

  self = g_object_new (DD_TYPE_TAXONOMY, NULL);

  for (guint r = 1; r < rows->len; r++)
    {
      DdCsvRow *row = g_ptr_array_index (rows, r);
      DdSubtype *subtype;

      if (g_strv_length (row->fields) != G_N_ELEMENTS (header))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: expected %u columns"), row->line, (guint) G_N_ELEMENTS (header));
          return NULL;
        }
      for (guint i = 0; i < G_N_ELEMENTS (header); i++)
        {
          g_strstrip (row->fields[i]);
          if (row->fields[i][0] == '\0')
            {
              g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                           _("Line %u: the column %s is empty"), row->line, header[i]);
              return NULL;
            }
        }
      if (!is_name (row->fields[0], "_."))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: “%s” is not a sub-type id"), row->line, row->fields[0]);
          return NULL;
        }
      if (g_hash_table_contains (self->by_id, row->fields[0]))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("Line %u: sub-type %s is listed twice"), row->line, row->fields[0]);
          return NULL;
        }
      if (!is_name (row->fields[5], "_"))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: “%s” is not a grading scheme name"), row->line, row->fields[5]);
          return NULL;
        }

      subtype = g_object_new (DD_TYPE_SUBTYPE, NULL);
      subtype->id = g_strdup (row->fields[0]);
      subtype->category = g_strdup (row->fields[1]);
      subtype->category_zh = g_strdup (row->fields[2]);
      subtype->name_zh = g_strdup (row->fields[3]);
      subtype->name_en = g_strdup (row->fields[4]);
      subtype->scheme = g_strdup (row->fields[5]);
      g_ptr_array_add (self->subtypes, subtype);
      g_hash_table_insert (self->by_id, subtype->id, subtype);
    }

  if (self->subtypes->len == 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The taxonomy lists no sub-types"));
      return NULL;
    }

  return g_steal_pointer (&self);

bad_header:
  g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
               _("The taxonomy must start with the header id,category,category_zh,subtype_zh,subtype_en,grading"));
  return NULL;
}

DdTaxonomy *
dd_taxonomy_get_default (void)
{
  static DdTaxonomy *taxonomy;

  if (g_once_init_enter (&taxonomy))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      DdTaxonomy *t;

      bytes = g_resources_lookup_data (TAXONOMY_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        g_error ("Cannot read the taxonomy %s: %s", TAXONOMY_RESOURCE, error->message);
      t = dd_taxonomy_new_from_bytes (bytes, &error);
      if (t == NULL)
        g_error ("The taxonomy %s is invalid: %s", TAXONOMY_RESOURCE, error->message);

      g_once_init_leave (&taxonomy, t);
    }

  return taxonomy;
}

DdSubtype *
dd_taxonomy_lookup (DdTaxonomy *self,
                    const char *id)
{
  g_return_val_if_fail (DD_IS_TAXONOMY (self), NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, id);
}

const char *
dd_taxonomy_get_name (DdTaxonomy *self,
                      const char *id)
{
  DdSubtype *subtype;

  g_return_val_if_fail (DD_IS_TAXONOMY (self), NULL);

  if (id == NULL)
    return "";

  subtype = dd_taxonomy_lookup (self, id);
  return subtype != NULL ? dd_subtype_get_name (subtype) : id;
}

GStrv
dd_taxonomy_dup_schemes (DdTaxonomy *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (DD_IS_TAXONOMY (self), NULL);

  for (guint i = 0; i < self->subtypes->len; i++)
    {
      DdSubtype *subtype = g_ptr_array_index (self->subtypes, i);

      if (dd_subtype_is_manual (subtype) || !g_hash_table_add (seen, subtype->scheme))
        continue;
      g_strv_builder_add (builder, subtype->scheme);
    }

  return g_strv_builder_end (builder);
}
