/* dd-today-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-today-page.h"

#include <glib/gi18n.h>

#include "dd-regime.h"
#include "dd-time.h"

struct _DdTodayPage
{
  AdwBin          parent_instance;

  DdStoreService *service;
  GCancellable   *cancellable;
  DdDesk         *desk;
  GDate           date;
  guint           clock_source;
  guint           n_pending;
  guint           reload_again : 1;

  /* Template widgets */
  GtkLabel       *unit_name_label;
  GtkLabel       *unit_detail_label;
  GtkLabel       *time_label;
  GtkLabel       *date_label;
  GtkLabel       *regime_label;
  GtkLabel       *base_regime_label;
  AdwActionRow   *staff_row;
  GtkLabel       *staff_label;
  GtkLabel       *sync_label;
  GtkLabel       *pending_label;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_DESK,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdTodayPage, dd_today_page, ADW_TYPE_BIN)

static const char * const weekdays[] = {
  N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
  N_("Friday"), N_("Saturday"), N_("Sunday"),
};

static gboolean on_clock_tick_cb (gpointer user_data);

static void
dd_today_page_update_regime (DdTodayPage *self)
{
  DdRegime base;
  DdRegime today;

  if (self->desk == NULL || !g_date_valid (&self->date))
    {
      gtk_label_set_text (self->regime_label, "");
      gtk_label_set_text (self->base_regime_label, "");
      return;
    }

  base = dd_desk_get_regime (self->desk);
  today = dd_regime_for_date (base, &self->date);

  if (today == DD_REGIME_NONE)
    gtk_label_set_text (self->regime_label, _("No duty today"));
  else
    gtk_label_set_text (self->regime_label, dd_regime_get_label (today));
  gtk_label_set_text (self->base_regime_label, dd_regime_get_label (base));
}

static void
dd_today_page_update_clock (DdTodayPage *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  gint64 now_ms;
  GDate today;

  now_ms = g_get_real_time () / 1000;
  now = dd_time_beijing_from_ms (now_ms);

  time = g_date_time_format (now, "%H:%M:%S");
  gtk_label_set_text (self->time_label, time);

  g_date_clear (&today, 1);
  dd_time_beijing_date (now_ms, &today);
  if (!g_date_valid (&self->date) || g_date_compare (&today, &self->date) != 0)
    {
      self->date = today;

      /* Translators: the date on the Today page, without the weekday, in
       * g_date_time_format() syntax; Chinese: "%Y年%-m月%-d日" */
      /* xgettext:no-c-format */
      date = g_date_time_format (now, _("%B %-d, %Y"));
      /* Translators: %1$s is the date, %2$s the weekday; Chinese: "%1$s %2$s" */
      text = g_strdup_printf (_("%2$s, %1$s"),
                              date,
                              _(weekdays[g_date_time_get_day_of_week (now) - 1]));
      gtk_label_set_text (self->date_label, text);

      dd_today_page_update_regime (self);
    }
}

static void
dd_today_page_schedule_tick (DdTodayPage *self)
{
  gint64 now_ms = g_get_real_time () / 1000;

  /* Tick just after each full second, so the seconds never skip. */
  self->clock_source = g_timeout_add ((guint) (1000 - now_ms % 1000) + 5, on_clock_tick_cb, self);
  g_source_set_name_by_id (self->clock_source, "[duty-desk] today clock");
}

static gboolean
on_clock_tick_cb (gpointer user_data)
{
  DdTodayPage *self = user_data;

  dd_today_page_update_clock (self);
  dd_today_page_schedule_tick (self);

  return G_SOURCE_REMOVE;
}

static void
dd_today_page_show_desk (DdTodayPage *self)
{
  g_autofree char *detail = NULL;

  if (self->desk == NULL)
    {
      gtk_label_set_text (self->unit_name_label, "");
      gtk_label_set_text (self->unit_detail_label, "");
    }
  else
    {
      /* Translators: the unit code and its level, e.g. "520102 · County" */
      detail = g_strdup_printf (_("%s · %s"),
                                dd_desk_get_unit_code (self->desk),
                                dd_level_get_label (dd_desk_get_level (self->desk)));
      gtk_label_set_text (self->unit_name_label, dd_desk_get_unit_name (self->desk));
      gtk_label_set_text (self->unit_detail_label, detail);
    }

  dd_today_page_update_regime (self);
}

static void
dd_today_page_show_status (DdTodayPage        *self,
                           const DdDeskStatus *status)
{
  g_autofree char *pending = NULL;
  g_autofree char *staff = NULL;

  if (status->last_synced_ms <= 0)
    {
      gtk_label_set_text (self->sync_label, _("Never synchronized"));
    }
  else
    {
      g_autoptr(GDateTime) when = dd_time_beijing_from_ms (status->last_synced_ms);
      /* Translators: the time of the last synchronization, in
       * g_date_time_format() syntax; Chinese: "%Y年%-m月%-d日 %H:%M" */
      /* xgettext:no-c-format */
      g_autofree char *text = g_date_time_format (when, _("%Y-%m-%d %H:%M"));

      gtk_label_set_text (self->sync_label, text);
    }

  pending = g_strdup_printf ("%" G_GINT64_FORMAT, status->pending_ops);
  gtk_label_set_text (self->pending_label, pending);

  /* Rosters arrive with a later version; until then say so. */
  adw_action_row_set_subtitle (self->staff_row, _("No roster for today yet"));
  staff = g_strdup_printf (ngettext ("%d member on record", "%d members on record",
                                     (gulong) CLAMP (status->n_staff, 0, G_MAXINT)),
                           (int) CLAMP (status->n_staff, 0, G_MAXINT));
  gtk_label_set_text (self->staff_label, staff);
}

static void
dd_today_page_job_done (DdTodayPage *self);

static void
on_get_desk_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DdTodayPage *self = user_data;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  desk = dd_store_service_get_desk_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (desk != NULL)
    {
      if (g_set_object (&self->desk, desk))
        {
          dd_today_page_show_desk (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK]);
        }
    }
  else
    {
      g_warning ("Could not read the desk: %s", error->message);
    }

  dd_today_page_job_done (self);
}

static void
on_get_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DdTodayPage *self = user_data;
  g_autofree DdDeskStatus *status = NULL;
  g_autoptr(GError) error = NULL;

  status = dd_store_service_get_status_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (status != NULL)
    dd_today_page_show_status (self, status);
  else
    g_warning ("Could not read the desk status: %s", error->message);

  dd_today_page_job_done (self);
}

static void
dd_today_page_reload (DdTodayPage *self)
{
  if (self->service == NULL || self->desk == NULL)
    return;

  /* One reload at a time; changes during it start another afterwards. */
  if (self->n_pending > 0)
    {
      self->reload_again = TRUE;
      return;
    }

  self->n_pending = 2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  dd_store_service_get_desk_async (self->service, self->cancellable, on_get_desk_cb, self);
  dd_store_service_get_status_async (self->service, self->cancellable, on_get_status_cb, self);
}

static void
dd_today_page_job_done (DdTodayPage *self)
{
  g_assert (self->n_pending > 0);

  if (--self->n_pending > 0)
    return;

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      dd_today_page_reload (self);
      return;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
on_service_changed_cb (DdStoreService *service,
                       DdTodayPage    *self)
{
  dd_today_page_reload (self);
}

static void
dd_today_page_set_service (DdTodayPage    *self,
                           DdStoreService *service)
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
  dd_today_page_reload (self);
}

static void
dd_today_page_dispose (GObject *object)
{
  DdTodayPage *self = DD_TODAY_PAGE (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_TODAY_PAGE);

  G_OBJECT_CLASS (dd_today_page_parent_class)->dispose (object);
}

static void
dd_today_page_finalize (GObject *object)
{
  DdTodayPage *self = DD_TODAY_PAGE (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (dd_today_page_parent_class)->finalize (object);
}

static void
dd_today_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DdTodayPage *self = DD_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_DESK:
      g_value_set_object (value, self->desk);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, dd_today_page_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_today_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DdTodayPage *self = DD_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_today_page_set_service (self, g_value_get_object (value));
      break;

    case PROP_CANCELLABLE:
      if (g_set_object (&self->cancellable, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_DESK:
      dd_today_page_set_desk (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_today_page_class_init (DdTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_today_page_dispose;
  object_class->finalize = dd_today_page_finalize;
  object_class->get_property = dd_today_page_get_property;
  object_class->set_property = dd_today_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL,
                         DD_TYPE_DESK,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, unit_name_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, unit_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, regime_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, base_regime_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, staff_row);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, staff_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, sync_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, pending_label);
}

static void
dd_today_page_init (DdTodayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->date, 1);
  dd_today_page_update_clock (self);
  dd_today_page_schedule_tick (self);
}

GtkWidget *
dd_today_page_new (void)
{
  return g_object_new (DD_TYPE_TODAY_PAGE, NULL);
}

DdDesk *
dd_today_page_get_desk (DdTodayPage *self)
{
  g_return_val_if_fail (DD_IS_TODAY_PAGE (self), NULL);

  return self->desk;
}

void
dd_today_page_set_desk (DdTodayPage *self,
                        DdDesk      *desk)
{
  g_return_if_fail (DD_IS_TODAY_PAGE (self));
  g_return_if_fail (desk == NULL || DD_IS_DESK (desk));

  if (g_set_object (&self->desk, desk))
    {
      dd_today_page_show_desk (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK]);
    }

  dd_today_page_reload (self);
}

gboolean
dd_today_page_get_loaded (DdTodayPage *self)
{
  g_return_val_if_fail (DD_IS_TODAY_PAGE (self), FALSE);

  return self->desk != NULL && self->n_pending == 0;
}
