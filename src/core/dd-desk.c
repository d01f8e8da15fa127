/* dd-desk.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-desk.h"
#include "dd-enum-types.h"

struct _DdDesk
{
  GObject   parent_instance;

  char     *unit_code;
  char     *unit_name;
  DdLevel   level;
  DdRegime  regime;
  char     *client_epoch;
  char     *server_url;
};

enum {
  PROP_0,
  PROP_UNIT_CODE,
  PROP_UNIT_NAME,
  PROP_LEVEL,
  PROP_REGIME,
  PROP_CLIENT_EPOCH,
  PROP_SERVER_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdDesk, dd_desk, G_TYPE_OBJECT)

static void
dd_desk_finalize (GObject *object)
{
  DdDesk *self = (DdDesk *)object;

  g_clear_pointer (&self->unit_code, g_free);
  g_clear_pointer (&self->unit_name, g_free);
  g_clear_pointer (&self->client_epoch, g_free);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (dd_desk_parent_class)->finalize (object);
}

static void
dd_desk_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  DdDesk *self = DD_DESK (object);

  switch (prop_id)
    {
    case PROP_UNIT_CODE:
      g_value_set_string (value, self->unit_code);
      break;

    case PROP_UNIT_NAME:
      g_value_set_string (value, self->unit_name);
      break;

    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;

    case PROP_REGIME:
      g_value_set_enum (value, self->regime);
      break;

    case PROP_CLIENT_EPOCH:
      g_value_set_string (value, self->client_epoch);
      break;

    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_desk_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  DdDesk *self = DD_DESK (object);

  switch (prop_id)
    {
    case PROP_UNIT_CODE:
      self->unit_code = g_value_dup_string (value);
      break;

    case PROP_UNIT_NAME:
      self->unit_name = g_value_dup_string (value);
      break;

    case PROP_LEVEL:
      self->level = g_value_get_enum (value);
      break;

    case PROP_REGIME:
      self->regime = g_value_get_enum (value);
      break;

    case PROP_CLIENT_EPOCH:
      self->client_epoch = g_value_dup_string (value);
      break;

    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_desk_class_init (DdDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_desk_finalize;
  object_class->get_property = dd_desk_get_property;
  object_class->set_property = dd_desk_set_property;

  properties[PROP_UNIT_CODE] =
    g_param_spec_string ("unit-code", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNIT_NAME] =
    g_param_spec_string ("unit-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL,
                       DD_TYPE_LEVEL, DD_LEVEL_COUNTY,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REGIME] =
    g_param_spec_enum ("regime", NULL, NULL,
                       DD_TYPE_REGIME, DD_REGIME_7X24,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLIENT_EPOCH] =
    g_param_spec_string ("client-epoch", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dd_desk_init (DdDesk *self)
{
}

DdDesk *
dd_desk_new (const char *unit_code,
             const char *unit_name,
             DdLevel     level,
             DdRegime    regime,
             const char *client_epoch,
             const char *server_url)
{
  return g_object_new (DD_TYPE_DESK,
                       "unit-code", unit_code,
                       "unit-name", unit_name,
                       "level", level,
                       "regime", regime,
                       "client-epoch", client_epoch,
                       "server-url", server_url != NULL ? server_url : "",
                       NULL);
}

const char *
dd_desk_get_unit_code (DdDesk *self)
{
  g_return_val_if_fail (DD_IS_DESK (self), NULL);

  return self->unit_code;
}

const char *
dd_desk_get_unit_name (DdDesk *self)
{
  g_return_val_if_fail (DD_IS_DESK (self), NULL);

  return self->unit_name;
}

DdLevel
dd_desk_get_level (DdDesk *self)
{
  g_return_val_if_fail (DD_IS_DESK (self), DD_LEVEL_COUNTY);

  return self->level;
}

DdRegime
dd_desk_get_regime (DdDesk *self)
{
  g_return_val_if_fail (DD_IS_DESK (self), DD_REGIME_NONE);

  return self->regime;
}

const char *
dd_desk_get_client_epoch (DdDesk *self)
{
  g_return_val_if_fail (DD_IS_DESK (self), NULL);

  return self->client_epoch;
}

const char *
dd_desk_get_server_url (DdDesk *self)
{
  g_return_val_if_fail (DD_IS_DESK (self), NULL);

  return self->server_url;
}
