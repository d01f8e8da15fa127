/* dd-division.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-csv.h"
#include "dd-division.h"
#include "dd-enum-types.h"
#include "dd-error.h"

#define DEFAULT_DIVISIONS_RESOURCE RESOURCE_BASE_PATH "/data/divisions-guizhou.csv"

/* ------------------------------------------------------------ DdDivision */

struct _DdDivision
{
  GObject  parent_instance;

  char    *code;
  char    *name;
  DdLevel  level;
  char    *parent_code;
  char    *folded;      /* code and name, case-folded, for matching */
};

enum {
  DIV_PROP_0,
  DIV_PROP_CODE,
  DIV_PROP_NAME,
  DIV_PROP_LEVEL,
  DIV_PROP_PARENT_CODE,
  DIV_N_PROPS
};

static GParamSpec *division_properties[DIV_N_PROPS];

G_DEFINE_FINAL_TYPE (DdDivision, dd_division, G_TYPE_OBJECT)

static void
dd_division_finalize (GObject *object)
{
  DdDivision *self = (DdDivision *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->parent_code, g_free);
  g_clear_pointer (&self->folded, g_free);

  G_OBJECT_CLASS (dd_division_parent_class)->finalize (object);
}

static void
dd_division_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DdDivision *self = DD_DIVISION (object);

  switch (prop_id)
    {
    case DIV_PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case DIV_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case DIV_PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;

    case DIV_PROP_PARENT_CODE:
      g_value_set_string (value, self->parent_code);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_division_class_init (DdDivisionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_division_finalize;
  object_class->get_property = dd_division_get_property;

  division_properties[DIV_PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  division_properties[DIV_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  division_properties[DIV_PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL,
                       DD_TYPE_LEVEL, DD_LEVEL_COUNTY,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  division_properties[DIV_PROP_PARENT_CODE] =
    g_param_spec_string ("parent-code", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, DIV_N_PROPS, division_properties);
}

static void
dd_division_init (DdDivision *self)
{
}

static DdDivision *
dd_division_new (const char *code,
                 const char *name,
                 DdLevel     level,
                 const char *parent_code)
{
  DdDivision *self = g_object_new (DD_TYPE_DIVISION, NULL);
  g_autofree char *both = g_strconcat (code, " ", name, NULL);

  self->code = g_strdup (code);
  self->name = g_strdup (name);
  self->level = level;
  self->parent_code = (parent_code != NULL && *parent_code != '\0') ? g_strdup (parent_code) : NULL;
  self->folded = g_utf8_casefold (both, -1);

  return self;
}

const char *
dd_division_get_code (DdDivision *self)
{
  g_return_val_if_fail (DD_IS_DIVISION (self), NULL);

  return self->code;
}

const char *
dd_division_get_name (DdDivision *self)
{
  g_return_val_if_fail (DD_IS_DIVISION (self), NULL);

  return self->name;
}

DdLevel
dd_division_get_level (DdDivision *self)
{
  g_return_val_if_fail (DD_IS_DIVISION (self), DD_LEVEL_COUNTY);

  return self->level;
}

const char *
dd_division_get_parent_code (DdDivision *self)
{
  g_return_val_if_fail (DD_IS_DIVISION (self), NULL);

  return self->parent_code;
}

gboolean
dd_division_matches (DdDivision *self,
                     const char *query)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (DD_IS_DIVISION (self), FALSE);

  if (query == NULL)
    return TRUE;

  trimmed = g_strstrip (g_strdup (query));
  if (*trimmed == '\0')
    return TRUE;

  folded = g_utf8_casefold (trimmed, -1);

  return strstr (self->folded, folded) != NULL;
}

/* ------------------------------------------------------- DdDivisionTable */

struct _DdDivisionTable
{
  GObject     parent_instance;

  GPtrArray  *divisions;  /* DdDivision, file order */
  GHashTable *by_code;    /* code → DdDivision (borrowed) */
};

static void dd_division_table_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DdDivisionTable, dd_division_table, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      dd_division_table_list_model_init))

static gboolean
is_division_code (const char *code)
{
  if (strlen (code) != 6)
    return FALSE;

  for (guint i = 0; i < 6; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_rows (DdDivisionTable  *self,
           GPtrArray        *rows,
           GError          **error)
{
  static const char * const header[] = { "code", "name", "level", "parent_code" };
  DdCsvRow *first;

  if (rows->len == 0)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                           _("The division list is empty"));
      return FALSE;
    }

  first = g_ptr_array_index (rows, 0);
  if (g_strv_length (first->fields) != G_N_ELEMENTS (header))
    goto bad_header;
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    {
      if (!g_str_equal (first->fields[i], header[i]))
        goto bad_header;
    }

  for (guint i = 1; i < rows->len; i++)
    {
      DdCsvRow *row = g_ptr_array_index (rows, i);
      DdLevel level;
      DdDivision *division;

      if (g_strv_length (row->fields) != G_N_ELEMENTS (header))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: expected %u columns"), row->line, (guint) G_N_ELEMENTS (header));
          return FALSE;
        }

      if (!is_division_code (row->fields[0]))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: “%s” is not a six-digit division code"), row->line, row->fields[0]);
          return FALSE;
        }

      if (g_hash_table_contains (self->by_code, row->fields[0]))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: division %s is listed twice"), row->line, row->fields[0]);
          return FALSE;
        }

      if (*row->fields[1] == '\0')
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: the name is empty"), row->line);
          return FALSE;
        }

      if (!dd_level_from_string (row->fields[2], &level) || level == DD_LEVEL_DEPARTMENT)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: “%s” is not a division level"), row->line, row->fields[2]);
          return FALSE;
        }

      if ((level == DD_LEVEL_PROVINCE) != (*row->fields[3] == '\0'))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Line %u: only a province has no parent"), row->line);
          return FALSE;
        }

      division = dd_division_new (row->fields[0], row->fields[1], level, row->fields[3]);
      g_ptr_array_add (self->divisions, division);
      g_hash_table_insert (self->by_code, division->code, division);
    }

  for (guint i = 0; i < self->divisions->len; i++)
    {
      DdDivision *division = g_ptr_array_index (self->divisions, i);
      DdDivision *parent;

      if (division->parent_code == NULL)
        continue;

      parent = g_hash_table_lookup (self->by_code, division->parent_code);
      if (parent == NULL || parent->level >= division->level)
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("Division %s: its parent %s is not a higher division in the list"),
                       division->code, division->parent_code);
          return FALSE;
        }
    }

  return TRUE;

bad_header:
  g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                       _("The division list must start with the header code,name,level,parent_code"));
  return FALSE;
}

static GType
dd_division_table_get_item_type (GListModel *model)
{
  return DD_TYPE_DIVISION;
}

static guint
dd_division_table_get_n_items (GListModel *model)
{
  return DD_DIVISION_TABLE (model)->divisions->len;
}

static gpointer
dd_division_table_get_item (GListModel *model,
                            guint       position)
{
  DdDivisionTable *self = DD_DIVISION_TABLE (model);

  if (position >= self->divisions->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->divisions, position));
}

static void
dd_division_table_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dd_division_table_get_item_type;
  iface->get_n_items = dd_division_table_get_n_items;
  iface->get_item = dd_division_table_get_item;
}

static void
dd_division_table_finalize (GObject *object)
{
  DdDivisionTable *self = (DdDivisionTable *)object;

  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->divisions, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_division_table_parent_class)->finalize (object);
}

static void
dd_division_table_class_init (DdDivisionTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_division_table_finalize;
}

static void
dd_division_table_init (DdDivisionTable *self)
{
  self->divisions = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
}

DdDivisionTable *
dd_division_table_new_from_bytes (GBytes  *csv,
                                  GError **error)
{
  g_autoptr(DdDivisionTable) self = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (csv != NULL, NULL);

  text = dd_csv_decode (csv, NULL, error);
  if (text == NULL)
    return NULL;

  rows = dd_csv_parse (text, error);
  if (rows == NULL)
    return NULL;

  self = g_object_new (DD_TYPE_DIVISION_TABLE, NULL);
  if (!load_rows (self, rows, error))
    return NULL;

  return g_steal_pointer (&self);
}

DdDivisionTable *
dd_division_table_get_default (void)
{
  static DdDivisionTable *table;

  if (g_once_init_enter (&table))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      DdDivisionTable *loaded;

      bytes = g_resources_lookup_data (DEFAULT_DIVISIONS_RESOURCE, 0, &error);
      if (bytes == NULL)
        g_error ("Cannot read the division list %s: %s", DEFAULT_DIVISIONS_RESOURCE, error->message);

      loaded = dd_division_table_new_from_bytes (bytes, &error);
      if (loaded == NULL)
        g_error ("The division list %s is invalid: %s", DEFAULT_DIVISIONS_RESOURCE, error->message);

      g_once_init_leave (&table, loaded);
    }

  return table;
}

DdDivision *
dd_division_table_lookup (DdDivisionTable *self,
                          const char      *code)
{
  g_return_val_if_fail (DD_IS_DIVISION_TABLE (self), NULL);

  if (code == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_code, code);
}

char *
dd_division_table_dup_path (DdDivisionTable *self,
                            const char      *code)
{
  g_autoptr(GPtrArray) names = NULL;
  DdDivision *division;
  GString *path;

  g_return_val_if_fail (DD_IS_DIVISION_TABLE (self), NULL);

  names = g_ptr_array_new ();
  for (division = dd_division_table_lookup (self, code);
       division != NULL;
       division = dd_division_table_lookup (self, division->parent_code))
    g_ptr_array_insert (names, 0, division->name);

  if (names->len == 0)
    return NULL;

  path = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append_c (path, ' ');
      g_string_append (path, g_ptr_array_index (names, i));
    }

  return g_string_free (path, FALSE);
}
