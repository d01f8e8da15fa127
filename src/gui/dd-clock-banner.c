/* dd-clock-banner.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-clock-banner.h"

#include <glib/gi18n.h>

#include "dd-incident-store.h"
#include "dd-reporting-ui.h"

struct _DdClockBanner
{
  GtkWidget        parent_instance;

  DdStoreService  *service;
  GCancellable    *cancellable;
  GCancellable    *load_cancellable;
  DdIncidentRules *rules;
  gulong           changed_id;
  guint            tick_id;

  /* The most urgent running clock (copied from the last load). */
  char            *incident_id;
  char            *number;
  char            *recipient;
  gint64           warn_at;
  gint64           due_at;

  /* Template widgets */
  GtkRevealer     *revealer;
  GtkBox          *box;
  GtkLabel        *label;
  GtkLabel        *more_label;
  GtkButton       *open_button;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdClockBanner, dd_clock_banner, GTK_TYPE_WIDGET)

static void
set_css_class (GtkWidget  *widget,
               const char *css_class,
               gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

/* The countdown at this second; the style follows the clock's status,
 * derived from its warning and due times like dd_reporting_compute(). */
static void
dd_clock_banner_update_text (DdClockBanner *self)
{
  gint64 now = g_get_real_time () / 1000;
  const char *to = dd_recipient_get_label (self->recipient);
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;
  gboolean overdue = now > self->due_at;

  if (overdue)
    {
      duration = dd_reporting_ui_format_duration (now - self->due_at, FALSE);
      /* Translators: "520102-20261130-0001 · report to the province · overdue by 00:02:03" */
      text = g_strdup_printf (_("%1$s · report to %2$s · overdue by %3$s"), self->number, to, duration);
    }
  else
    {
      duration = dd_reporting_ui_format_duration (self->due_at - now, TRUE);
      /* Translators: "520102-20261130-0001 · report to the province · 00:09:41 left" */
      text = g_strdup_printf (_("%1$s · report to %2$s · %3$s left"), self->number, to, duration);
    }

  gtk_label_set_text (self->label, text);
  set_css_class (GTK_WIDGET (self->box), "error", overdue);
  set_css_class (GTK_WIDGET (self->box), "warning", !overdue && now >= self->warn_at);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  dd_clock_banner_update_text (DD_CLOCK_BANNER (user_data));

  return G_SOURCE_CONTINUE;
}

static void
dd_clock_banner_show (DdClockBanner *self,
                      GPtrArray     *running)
{
  const DdRunningClock *first = running->len > 0 ? g_ptr_array_index (running, 0) : NULL;

  g_clear_pointer (&self->incident_id, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->recipient, g_free);

  if (first == NULL)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      gtk_label_set_text (self->label, "");
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  self->incident_id = g_strdup (first->clock->incident_id);
  self->number = g_strdup (dd_incident_summary_get_number (first->detail->summary));
  self->recipient = g_strdup (first->clock->recipient);
  self->warn_at = first->clock->warn_at;
  self->due_at = first->clock->due_at;
  /* The target first: win.show-incident takes the incident's id. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->open_button),
                                          g_variant_new_string (self->incident_id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->open_button), "win.show-incident");

  if (running->len > 1)
    {
      g_autofree char *more = NULL;
      guint n = running->len - 1;

      /* Translators: other reporting clocks running besides the one shown */
      more = g_strdup_printf (ngettext ("%u more running", "%u more running", n), n);
      gtk_label_set_text (self->more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), running->len > 1);

  dd_clock_banner_update_text (self);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  if (self->tick_id == 0)
    {
      self->tick_id = g_timeout_add_seconds (1, on_tick_cb, self);
      g_source_set_name_by_id (self->tick_id, "[duty-desk] clock banner");
    }
}

static void
on_list_clocks_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DdClockBanner *self = user_data;
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GPtrArray) running = NULL;
  g_autoptr(GError) error = NULL;

  details = dd_store_service_list_incident_clocks_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (details == NULL)
    g_debug ("Clock banner: reporting clocks: %s", error->message);

  running = dd_reporting_ui_collect_running (details, NULL);
  dd_clock_banner_show (self, running);
}

static void
on_service_changed_cb (DdClockBanner *self)
{
  dd_clock_banner_refresh (self);
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_clock_banner_dispose (GObject *object)
{
  DdClockBanner *self = DD_CLOCK_BANNER (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->changed_id != 0)
    g_clear_signal_handler (&self->changed_id, self->service);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CLOCK_BANNER);

  G_OBJECT_CLASS (dd_clock_banner_parent_class)->dispose (object);
}

static void
dd_clock_banner_finalize (GObject *object)
{
  DdClockBanner *self = DD_CLOCK_BANNER (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->incident_id, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->recipient, g_free);

  G_OBJECT_CLASS (dd_clock_banner_parent_class)->finalize (object);
}

static void
dd_clock_banner_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DdClockBanner *self = DD_CLOCK_BANNER (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_clock_banner_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DdClockBanner *self = DD_CLOCK_BANNER (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      if (g_value_get_object (value) == NULL || g_value_get_object (value) == (gpointer) self->service)
        break;
      g_assert (self->service == NULL);
      self->service = g_value_dup_object (value);
      self->changed_id = g_signal_connect_swapped (self->service, "changed",
                                                   G_CALLBACK (on_service_changed_cb), self);
      dd_clock_banner_refresh (self);
      g_object_notify_by_pspec (object, properties[PROP_SERVICE]);
      break;

    case PROP_CANCELLABLE:
      if (g_value_get_object (value) != NULL && g_set_object (&self->cancellable, g_value_get_object (value)))
        g_object_notify_by_pspec (object, properties[PROP_CANCELLABLE]);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_clock_banner_class_init (DdClockBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_clock_banner_dispose;
  object_class->finalize = dd_clock_banner_finalize;
  object_class->get_property = dd_clock_banner_get_property;
  object_class->set_property = dd_clock_banner_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The window's: cancelled when it closes. */
  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
  gtk_widget_class_set_css_name (widget_class, "clockbanner");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-clock-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, DdClockBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, DdClockBanner, box);
  gtk_widget_class_bind_template_child (widget_class, DdClockBanner, label);
  gtk_widget_class_bind_template_child (widget_class, DdClockBanner, more_label);
  gtk_widget_class_bind_template_child (widget_class, DdClockBanner, open_button);
}

static void
dd_clock_banner_init (DdClockBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rules = dd_reporting_ui_load_rules ();
}

/* ------------------------------------------------------------------ public */

void
dd_clock_banner_refresh (DdClockBanner *self)
{
  g_return_if_fail (DD_IS_CLOCK_BANNER (self));

  /* Nothing more once the window closed. */
  if (self->service == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  /* Only the latest load counts (dispose cancels it). */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  dd_store_service_list_incident_clocks_async (self->service, self->rules, 0, FALSE,
                                               self->load_cancellable, on_list_clocks_cb, self);
}

const char *
dd_clock_banner_get_incident_id (DdClockBanner *self)
{
  g_return_val_if_fail (DD_IS_CLOCK_BANNER (self), NULL);

  return self->incident_id;
}

const char *
dd_clock_banner_get_text (DdClockBanner *self)
{
  g_return_val_if_fail (DD_IS_CLOCK_BANNER (self), NULL);

  return gtk_label_get_text (self->label);
}
