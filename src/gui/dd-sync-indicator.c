/* dd-sync-indicator.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-sync-indicator.h"

#include <glib/gi18n.h>

#include "dd-conflicts-window.h"
#include "dd-time.h"

/* Within this long of the last round, "Synced just now". */
#define JUST_NOW_MS ((gint64) 90 * 1000)

struct _DdSyncIndicator
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkImage      *icon;
  GtkLabel      *label;
  GtkPopover    *popover;
  GtkLabel      *status_label;
  GtkLabel      *details_label;
  GtkButton     *conflicts_button;

  DdSyncService *sync_service;
  gulong         notify_id;
};

enum {
  PROP_0,
  PROP_SYNC_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdSyncIndicator, dd_sync_indicator, GTK_TYPE_WIDGET)

/* "HH:MM" Beijing time of @ms. */
static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) when = dd_time_beijing_from_ms (ms);

  return g_date_time_format (when, "%H:%M");
}

static char *
status_text (DdSyncService *service,
             gint64         now_ms)
{
  gint64 pending = dd_sync_service_get_n_pending (service);

  switch (dd_sync_service_get_status (service))
    {
    case DD_SYNC_STATUS_NOT_ENROLLED:
      return g_strdup (_("Not enrolled"));
    case DD_SYNC_STATUS_CONNECTING:
      /* a round asked for after it has been online or offline before */
      if (dd_sync_service_get_offline_since_ms (service) > 0 || dd_sync_service_get_last_synced_ms (service) > 0)
        return g_strdup (_("Syncing…"));
      return g_strdup (_("Connecting…"));
    case DD_SYNC_STATUS_OFFLINE:
      {
        g_autofree char *since = format_time (dd_sync_service_get_offline_since_ms (service));

        /* Translators: %s is a time, "14:05" */
        return g_strdup_printf (_("Offline since %s"), since);
      }
    case DD_SYNC_STATUS_STOPPED:
      return g_strdup (_("Sync stopped"));
    case DD_SYNC_STATUS_ONLINE:
    default:
      if (pending > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld waiting",
                                             "%lld waiting", pending), (long long) pending);
      if (now_ms - dd_sync_service_get_last_synced_ms (service) < JUST_NOW_MS)
        return g_strdup (_("Synced just now"));
      {
        g_autofree char *at = format_time (dd_sync_service_get_last_synced_ms (service));

        /* Translators: %s is a time, "14:05" */
        return g_strdup_printf (_("Synced at %s"), at);
      }
    }
}

static void
update (DdSyncIndicator *self)
{
  DdSyncService *service = self->sync_service;
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *status = NULL;
  gint64 conflicts, parked, pending, skew_s;
  DdSyncStatus state;
  const char *error;
  const char *icon = "emblem-synchronizing-symbolic";

  if (service == NULL || dd_sync_service_get_status (service) == DD_SYNC_STATUS_NOT_ENROLLED)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  state = dd_sync_service_get_status (service);
  status = status_text (service, g_get_real_time () / 1000);
  conflicts = dd_sync_service_get_n_conflicts (service);
  parked = dd_sync_service_get_n_parked (service);
  pending = dd_sync_service_get_n_pending (service);
  skew_s = dd_sync_service_get_clock_skew_ms (service) / 1000;
  error = dd_sync_service_get_last_error (service);

  text = g_string_new (status);
  if (dd_sync_service_get_clock_warning (service))
    {
      g_string_append (text, " · ");
      /* Translators: the desk's clock and the server's differ by %s seconds */
      g_string_append_printf (text, _("clock differs by %lld s"), (long long) ABS (skew_s));
      icon = "dialog-warning-symbolic";
    }
  if (conflicts > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%lld conflict",
                                                 "%lld conflicts", conflicts), (long long) conflicts);
      icon = "dialog-warning-symbolic";
    }
  if (state == DD_SYNC_STATUS_OFFLINE)
    icon = "network-offline-symbolic";
  else if (state == DD_SYNC_STATUS_STOPPED)
    icon = "dialog-error-symbolic";

  gtk_label_set_text (self->label, text->str);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->status_label, status);

  g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE,
                                                "%lld change waits to be sent.",
                                                "%lld changes wait to be sent.", pending),
                          (long long) pending);
  if (parked > 0)
    {
      g_string_append_c (details, '\n');
      g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE,
                                                    "%lld change was refused by the server and is parked.",
                                                    "%lld changes were refused by the server and are parked.",
                                                    parked), (long long) parked);
    }
  if (conflicts > 0)
    {
      g_string_append_c (details, '\n');
      g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE,
                                                    "%lld conflict to look at.",
                                                    "%lld conflicts to look at.", conflicts),
                              (long long) conflicts);
    }
  if (dd_sync_service_get_clock_warning (service))
    {
      g_string_append_c (details, '\n');
      g_string_append_printf (details, _("This computer’s clock differs from the server’s by %lld s: set the time right."),
                              (long long) ABS (skew_s));
    }
  if (error != NULL && *error != '\0' && state != DD_SYNC_STATUS_ONLINE)
    {
      g_string_append_c (details, '\n');
      g_string_append (details, error);
    }
  gtk_label_set_text (self->details_label, details->str);
}

static void
on_sync_service_notify_cb (DdSyncService   *service,
                           GParamSpec      *pspec,
                           DdSyncIndicator *self)
{
  update (self);
}

static void
on_sync_now_button_clicked_cb (GtkButton       *button,
                               DdSyncIndicator *self)
{
  if (self->sync_service != NULL)
    dd_sync_service_sync_now (self->sync_service);
}

static void
on_conflicts_button_clicked_cb (GtkButton       *button,
                                DdSyncIndicator *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window;

  gtk_popover_popdown (self->popover);
  if (self->sync_service == NULL)
    return;
  window = dd_conflicts_window_new (self->sync_service);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
}

static void
dd_sync_indicator_dispose (GObject *object)
{
  DdSyncIndicator *self = DD_SYNC_INDICATOR (object);

  dd_sync_indicator_set_sync_service (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (dd_sync_indicator_parent_class)->dispose (object);
}

static void
dd_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DdSyncIndicator *self = DD_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SYNC_SERVICE:
      g_value_set_object (value, self->sync_service);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DdSyncIndicator *self = DD_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SYNC_SERVICE:
      dd_sync_indicator_set_sync_service (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_sync_indicator_class_init (DdSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_sync_indicator_dispose;
  object_class->get_property = dd_sync_indicator_get_property;
  object_class->set_property = dd_sync_indicator_set_property;

  properties[PROP_SYNC_SERVICE] =
    g_param_spec_object ("sync-service", NULL, NULL, DD_TYPE_SYNC_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, DdSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, DdSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, DdSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, DdSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, DdSyncIndicator, status_label);
  gtk_widget_class_bind_template_child (widget_class, DdSyncIndicator, details_label);
  gtk_widget_class_bind_template_child (widget_class, DdSyncIndicator, conflicts_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sync_now_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_conflicts_button_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ddsyncindicator");
}

static void
dd_sync_indicator_init (DdSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dd_sync_indicator_new (DdSyncService *sync_service)
{
  return g_object_new (DD_TYPE_SYNC_INDICATOR, "sync-service", sync_service, NULL);
}

DdSyncService *
dd_sync_indicator_get_sync_service (DdSyncIndicator *self)
{
  g_return_val_if_fail (DD_IS_SYNC_INDICATOR (self), NULL);

  return self->sync_service;
}

void
dd_sync_indicator_set_sync_service (DdSyncIndicator *self,
                                    DdSyncService   *sync_service)
{
  g_return_if_fail (DD_IS_SYNC_INDICATOR (self));
  g_return_if_fail (sync_service == NULL || DD_IS_SYNC_SERVICE (sync_service));

  if (self->sync_service == sync_service)
    return;
  if (self->sync_service != NULL)
    g_clear_signal_handler (&self->notify_id, self->sync_service);
  g_set_object (&self->sync_service, sync_service);
  if (sync_service != NULL)
    self->notify_id = g_signal_connect (sync_service, "notify", G_CALLBACK (on_sync_service_notify_cb), self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_SERVICE]);
}

const char *
dd_sync_indicator_get_text (DdSyncIndicator *self)
{
  g_return_val_if_fail (DD_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_text (self->label);
}
