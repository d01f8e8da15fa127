/* dd-whereabouts-group.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-whereabouts-group.h"

#include <glib/gi18n.h>

struct _DdWhereaboutsGroup
{
  AdwPreferencesGroup  parent_instance;

  DdStoreService      *service;
  GCancellable        *cancellable;
  GCancellable        *load_cancellable;
  GListModel          *model;
  guint                loaded : 1;

  /* Template widgets */
  GtkListBox          *list_box;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdWhereaboutsGroup, dd_whereabouts_group, ADW_TYPE_PREFERENCES_GROUP)

static const char *
status_css_class (DdWhereaboutsStatus status)
{
  switch (status)
    {
    case DD_WHEREABOUTS_IN_OFFICE:
      return "success";
    case DD_WHEREABOUTS_ON_LEAVE:
      return "warning";
    case DD_WHEREABOUTS_TRAVELLING:
    case DD_WHEREABOUTS_MEETING:
    default:
      return "accent";
    }
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  DdWhereabouts *whereabouts = item;
  DdWhereaboutsStatus status = dd_whereabouts_get_status (whereabouts);
  const char *post = dd_whereabouts_get_post (whereabouts);
  const char *place = dd_whereabouts_get_place (whereabouts);
  const char *stand_in = dd_whereabouts_get_stand_in (whereabouts);
  const char *stand_in_phone = dd_whereabouts_get_stand_in_phone (whereabouts);
  const char *to = dd_whereabouts_get_to (whereabouts);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  GString *text = g_string_new (post);
  GtkWidget *row;
  GtkWidget *badge;

  if (status != DD_WHEREABOUTS_IN_OFFICE)
    {
      if (*place != '\0')
        g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", place);
      if (*to != '\0')
        {
          /* Translators: %s is the last day (YYYY-MM-DD) of an absence */
          g_autofree char *until = g_strdup_printf (_("until %s"), to);

          g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", until);
        }
    }

  if (*stand_in != '\0')
    {
      g_autofree char *line = NULL;

      if (*stand_in_phone != '\0')
        /* Translators: %1$s is who stands in for a leader, %2$s their phone */
        line = g_strdup_printf (_("Stand-in: %1$s, %2$s"), stand_in, stand_in_phone);
      else
        /* Translators: %s is who stands in for a leader */
        line = g_strdup_printf (_("Stand-in: %s"), stand_in);

      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
    }

  subtitle = g_string_free (text, FALSE);

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "whereabouts-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dd_whereabouts_get_person (whereabouts));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "avatar-default-symbolic");

  badge = gtk_label_new (dd_whereabouts_status_to_label (status));
  gtk_widget_set_name (badge, "whereabouts-status");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "dd-status-badge");
  gtk_widget_add_css_class (badge, status_css_class (status));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);

  /* Translators: accessible name of a whereabouts row: person, status, details */
  accessible = g_strdup_printf (_("%1$s, %2$s. %3$s"),
                                dd_whereabouts_get_person (whereabouts),
                                dd_whereabouts_status_to_label (status),
                                subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

static void
on_list_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DdWhereaboutsGroup *self = user_data;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;

  model = dd_store_service_directory_list_whereabouts_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);

  if (model == NULL)
    {
      /* An unreadable database is the window's to report (its error view). */
      g_debug ("Could not read the leaders’ whereabouts: %s", error->message);
      model = G_LIST_MODEL (g_list_store_new (DD_TYPE_WHEREABOUTS));
    }

  g_set_object (&self->model, model);
  gtk_list_box_bind_model (self->list_box, self->model, create_row_cb, self, NULL);

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
dd_whereabouts_group_reload (DdWhereaboutsGroup *self)
{
  if (self->service == NULL)
    return;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  dd_store_service_directory_list_whereabouts_async (self->service, NULL, self->load_cancellable,
                                                     on_list_cb, self);
}

static void
on_service_changed_cb (DdStoreService     *service,
                       DdWhereaboutsGroup *self)
{
  dd_whereabouts_group_reload (self);
}

static void
on_cancellable_cancelled_cb (GCancellable       *cancellable,
                             DdWhereaboutsGroup *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
}

static void
dd_whereabouts_group_set_service (DdWhereaboutsGroup *self,
                                  DdStoreService     *service)
{
  if (self->service == service)
    return;

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  g_set_object (&self->service, service);

  if (self->service != NULL)
    g_signal_connect_object (self->service, "changed",
                             G_CALLBACK (on_service_changed_cb), self, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
  dd_whereabouts_group_reload (self);
}

static void
dd_whereabouts_group_set_cancellable (DdWhereaboutsGroup *self,
                                      GCancellable       *cancellable)
{
  if (self->cancellable == cancellable)
    return;

  if (self->cancellable != NULL)
    g_signal_handlers_disconnect_by_func (self->cancellable, on_cancellable_cancelled_cb, self);

  g_set_object (&self->cancellable, cancellable);

  if (self->cancellable != NULL)
    g_signal_connect_object (self->cancellable, "cancelled",
                             G_CALLBACK (on_cancellable_cancelled_cb), self, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANCELLABLE]);
}

static void
dd_whereabouts_group_dispose (GObject *object)
{
  DdWhereaboutsGroup *self = DD_WHEREABOUTS_GROUP (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);
  if (self->cancellable != NULL)
    g_signal_handlers_disconnect_by_func (self->cancellable, on_cancellable_cancelled_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_WHEREABOUTS_GROUP);

  G_OBJECT_CLASS (dd_whereabouts_group_parent_class)->dispose (object);
}

static void
dd_whereabouts_group_finalize (GObject *object)
{
  DdWhereaboutsGroup *self = DD_WHEREABOUTS_GROUP (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (dd_whereabouts_group_parent_class)->finalize (object);
}

static void
dd_whereabouts_group_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DdWhereaboutsGroup *self = DD_WHEREABOUTS_GROUP (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_whereabouts_group_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DdWhereaboutsGroup *self = DD_WHEREABOUTS_GROUP (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_whereabouts_group_set_service (self, g_value_get_object (value));
      break;

    case PROP_CANCELLABLE:
      dd_whereabouts_group_set_cancellable (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_whereabouts_group_class_init (DdWhereaboutsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_whereabouts_group_dispose;
  object_class->finalize = dd_whereabouts_group_finalize;
  object_class->get_property = dd_whereabouts_group_get_property;
  object_class->set_property = dd_whereabouts_group_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-whereabouts-group.ui");
  gtk_widget_class_bind_template_child (widget_class, DdWhereaboutsGroup, list_box);
}

static void
dd_whereabouts_group_init (DdWhereaboutsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dd_whereabouts_group_new (void)
{
  return g_object_new (DD_TYPE_WHEREABOUTS_GROUP, NULL);
}

GListModel *
dd_whereabouts_group_get_model (DdWhereaboutsGroup *self)
{
  g_return_val_if_fail (DD_IS_WHEREABOUTS_GROUP (self), NULL);

  return self->model;
}

gboolean
dd_whereabouts_group_get_loaded (DdWhereaboutsGroup *self)
{
  g_return_val_if_fail (DD_IS_WHEREABOUTS_GROUP (self), FALSE);

  return self->loaded;
}
