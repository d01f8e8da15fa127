/* dd-staff.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dd-enum-types.h"
#include "dd-error.h"
#include "dd-staff.h"

/* A person's name is short; the unit is free text copied from the
 * desk's own lists, so only absurd lengths are refused. */
#define NAME_MAX_CHARS  64
#define PHONE_MAX_CHARS 32
#define UNIT_MAX_CHARS  10000

struct _DdStaff
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  DdRole    roles;
  char     *phone;
  char     *unit;
  gboolean  active;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ROLES,
  PROP_PHONE,
  PROP_UNIT,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdStaff, dd_staff, G_TYPE_OBJECT)

static gboolean
is_blank (const char *str)
{
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_phone (const char *str)
{
  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && strchr (" +-()", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
dd_staff_finalize (GObject *object)
{
  DdStaff *self = (DdStaff *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (dd_staff_parent_class)->finalize (object);
}

static void
dd_staff_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DdStaff *self = DD_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ROLES:
      g_value_set_flags (value, self->roles);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_staff_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  DdStaff *self = DD_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_ROLES:
      self->roles = g_value_get_flags (value);
      break;

    case PROP_PHONE:
      self->phone = g_value_dup_string (value);
      break;

    case PROP_UNIT:
      self->unit = g_value_dup_string (value);
      break;

    case PROP_ACTIVE:
      self->active = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_staff_class_init (DdStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_staff_finalize;
  object_class->get_property = dd_staff_get_property;
  object_class->set_property = dd_staff_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLES] =
    g_param_spec_flags ("roles", NULL, NULL,
                        DD_TYPE_ROLE, DD_ROLE_NONE,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_staff_init (DdStaff *self)
{
}

DdStaff *
dd_staff_new (const char *id,
              const char *name,
              DdRole      roles,
              const char *phone,
              const char *unit,
              gboolean    active)
{
  return g_object_new (DD_TYPE_STAFF,
                       "id", id,
                       "name", name != NULL ? name : "",
                       "roles", roles,
                       "phone", phone != NULL ? phone : "",
                       "unit", unit != NULL ? unit : "",
                       "active", active,
                       NULL);
}

const char *
dd_staff_get_id (DdStaff *self)
{
  g_return_val_if_fail (DD_IS_STAFF (self), NULL);

  return self->id;
}

const char *
dd_staff_get_name (DdStaff *self)
{
  g_return_val_if_fail (DD_IS_STAFF (self), NULL);

  return self->name;
}

DdRole
dd_staff_get_roles (DdStaff *self)
{
  g_return_val_if_fail (DD_IS_STAFF (self), DD_ROLE_NONE);

  return self->roles;
}

const char *
dd_staff_get_phone (DdStaff *self)
{
  g_return_val_if_fail (DD_IS_STAFF (self), NULL);

  return self->phone;
}

const char *
dd_staff_get_unit (DdStaff *self)
{
  g_return_val_if_fail (DD_IS_STAFF (self), NULL);

  return self->unit;
}

gboolean
dd_staff_get_active (DdStaff *self)
{
  g_return_val_if_fail (DD_IS_STAFF (self), FALSE);

  return self->active;
}

gboolean
dd_staff_validate (DdStaff  *self,
                   GError  **error)
{
  g_return_val_if_fail (DD_IS_STAFF (self), FALSE);

  if (!g_utf8_validate (self->name, -1, NULL) ||
      !g_utf8_validate (self->phone, -1, NULL) ||
      !g_utf8_validate (self->unit, -1, NULL))
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_ENCODING,
                           _("The text is not valid UTF-8"));
      return FALSE;
    }

  if (is_blank (self->name))
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("The name is empty"));
      return FALSE;
    }

  if (g_utf8_strlen (self->name, -1) > NAME_MAX_CHARS)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The name is longer than %d characters"), NAME_MAX_CHARS);
      return FALSE;
    }

  if ((self->roles & DD_ROLE_BOTH) == 0 || (self->roles & ~DD_ROLE_BOTH) != 0)
    {
      g_set_error_literal (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                           _("The role must be leader, officer or both"));
      return FALSE;
    }

  if (!is_phone (self->phone) || strlen (self->phone) > PHONE_MAX_CHARS)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("“%s” is not a phone number: use digits, spaces and + - ( )"),
                   self->phone);
      return FALSE;
    }

  if (g_utf8_strlen (self->unit, -1) > UNIT_MAX_CHARS)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The unit is longer than %d characters"), UNIT_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}
