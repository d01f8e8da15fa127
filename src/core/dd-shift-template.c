/* dd-shift-template.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-shift-template.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dd-duty-date.h"
#include "dd-error.h"

#define TEMPLATE_GROUP_PREFIX "Template "
#define MAX_REQUIRED 9

struct _DdShiftTemplate
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *name;
  DdPosition       position;
  DdRegime         regime;
  guint            start_minute;
  guint            end_minute;
  guint            required;
};

G_DEFINE_BOXED_TYPE (DdShiftTemplate, dd_shift_template,
                     dd_shift_template_ref, dd_shift_template_unref)

static gboolean
id_is_valid (const char *id)
{
  gsize len = 0;

  if (id == NULL || id[0] == '\0')
    return FALSE;

  for (const char *p = id; *p != '\0'; p++, len++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_' || *p == '-'))
        return FALSE;
    }

  return len <= 64;
}

DdShiftTemplate *
dd_shift_template_new (const char *id,
                       const char *name,
                       DdPosition  position,
                       DdRegime    regime,
                       guint       start_minute,
                       guint       end_minute,
                       guint       required)
{
  DdShiftTemplate *self;

  self = g_new0 (DdShiftTemplate, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->id = g_strdup (id != NULL ? id : "");
  self->name = g_strdup (name != NULL ? name : "");
  self->position = position;
  self->regime = regime;
  self->start_minute = start_minute;
  self->end_minute = end_minute;
  self->required = required;

  return self;
}

DdShiftTemplate *
dd_shift_template_ref (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
dd_shift_template_unref (DdShiftTemplate *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->id);
      g_free (self->name);
      g_free (self);
    }
}

const char *
dd_shift_template_get_id (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

const char *
dd_shift_template_get_name (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

DdPosition
dd_shift_template_get_position (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, DD_POSITION_OFFICER);

  return self->position;
}

DdRegime
dd_shift_template_get_regime (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, DD_REGIME_NONE);

  return self->regime;
}

guint
dd_shift_template_get_start_minute (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->start_minute;
}

guint
dd_shift_template_get_end_minute (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->end_minute;
}

guint
dd_shift_template_get_required (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->required;
}

gboolean
dd_shift_template_ends_next_day (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->end_minute <= self->start_minute;
}

guint
dd_shift_template_get_duration_minutes (DdShiftTemplate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->end_minute <= self->start_minute)
    return self->end_minute + DD_MINUTES_PER_DAY - self->start_minute;

  return self->end_minute - self->start_minute;
}

gboolean
dd_shift_template_validate (DdShiftTemplate  *self,
                            GError          **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!id_is_valid (self->id))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("“%s” is not a shift template id (use a–z, 0–9, _ and -)"), self->id);
      return FALSE;
    }

  name = g_strstrip (g_strdup (self->name));
  if (!g_utf8_validate (name, -1, NULL) || name[0] == '\0' || g_utf8_strlen (name, -1) > 64)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Shift template “%s” needs a name of at most 64 characters"), self->id);
      return FALSE;
    }

  if (self->position != DD_POSITION_LEADER && self->position != DD_POSITION_OFFICER)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Shift template “%s” has no position"), self->id);
      return FALSE;
    }

  if (self->regime != DD_REGIME_5X8 && self->regime != DD_REGIME_7X24)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Shift template “%s” must be for 5x8 or 7x24 days"), self->id);
      return FALSE;
    }

  if (self->start_minute >= DD_MINUTES_PER_DAY || self->end_minute >= DD_MINUTES_PER_DAY)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Shift template “%s” has a time outside the day"), self->id);
      return FALSE;
    }

  if (self->required < 1 || self->required > MAX_REQUIRED)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Shift template “%s” must need 1 to %d people"), self->id, MAX_REQUIRED);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_time (GKeyFile    *key_file,
           const char  *group,
           const char  *key,
           guint       *minute,
           GError     **error)
{
  g_autofree char *value = g_key_file_get_string (key_file, group, key, error);

  if (value == NULL)
    return FALSE;

  if (!dd_duty_time_of_day_parse (value, minute))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("[%s] %s: “%s” is not a time of day (HH:MM)"), group, key, value);
      return FALSE;
    }

  return TRUE;
}

static DdShiftTemplate *
template_from_group (GKeyFile    *key_file,
                     const char  *group,
                     GError     **error)
{
  g_autoptr(DdShiftTemplate) template = NULL;
  g_autofree char *name = NULL;
  g_autofree char *position_str = NULL;
  g_autofree char *regime_str = NULL;
  const char *id = group + strlen (TEMPLATE_GROUP_PREFIX);
  DdPosition position;
  DdRegime regime;
  guint start, end;
  int required;
  GError *local_error = NULL;

  name = g_key_file_get_locale_string (key_file, group, "name", NULL, error);
  if (name == NULL)
    return NULL;

  position_str = g_key_file_get_string (key_file, group, "position", error);
  if (position_str == NULL)
    return NULL;
  if (!dd_position_from_string (position_str, &position))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("[%s] position: “%s” is neither leader nor officer"), group, position_str);
      return NULL;
    }

  regime_str = g_key_file_get_string (key_file, group, "regime", error);
  if (regime_str == NULL)
    return NULL;
  if (!dd_regime_from_string (regime_str, &regime))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("[%s] regime: “%s” is not a regime"), group, regime_str);
      return NULL;
    }

  if (!read_time (key_file, group, "start", &start, error) ||
      !read_time (key_file, group, "end", &end, error))
    return NULL;

  required = g_key_file_get_integer (key_file, group, "required", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (required < 0)
    required = 0;

  template = dd_shift_template_new (id, name, position, regime, start, end, (guint) required);
  if (!dd_shift_template_validate (template, error))
    return NULL;

  return g_steal_pointer (&template);
}

GPtrArray *
dd_shift_template_list_from_key_file (GKeyFile  *key_file,
                                      GError   **error)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (key_file != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  templates = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_shift_template_unref);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      DdShiftTemplate *template;

      if (!g_str_has_prefix (groups[i], TEMPLATE_GROUP_PREFIX))
        continue;

      template = template_from_group (key_file, groups[i], error);
      if (template == NULL)
        return NULL;

      if (g_hash_table_contains (ids, template->id))
        {
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("Shift template “%s” is defined twice"), template->id);
          dd_shift_template_unref (template);
          return NULL;
        }

      g_hash_table_add (ids, template->id);
      g_ptr_array_add (templates, template);
    }

  return g_steal_pointer (&templates);
}
