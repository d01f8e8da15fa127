/* dd-preferences-window.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-preferences-window.h"

#include <glib/gi18n.h>

#include "dd-calendar-preferences-page.h"
#include "dd-error.h"
#include "dd-shifts-preferences-page.h"

struct _DdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  DdStoreService       *service;
  GCancellable         *cancellable;
  DdDesk               *desk;
  guint                 populating : 1;

  /* Template widgets */
  AdwActionRow         *unit_code_row;
  AdwEntryRow          *name_row;
  AdwComboRow          *regime_row;
  AdwEntryRow          *server_row;
  GtkLabel             *server_error_label;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_DESK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdPreferencesWindow, dd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The order of the regime combo row. */
static const DdRegime regimes[] = { DD_REGIME_7X24, DD_REGIME_5X8 };

static void
dd_preferences_window_set_desk (DdPreferencesWindow *self,
                                DdDesk              *desk)
{
  if (!g_set_object (&self->desk, desk))
    return;

  self->populating = TRUE;
  adw_action_row_set_subtitle (self->unit_code_row, dd_desk_get_unit_code (desk));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), dd_desk_get_unit_name (desk));
  adw_combo_row_set_selected (self->regime_row,
                              dd_desk_get_regime (desk) == DD_REGIME_5X8 ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), dd_desk_get_server_url (desk));
  self->populating = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->regime_row), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), TRUE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK]);
}

static void
on_update_desk_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DdPreferencesWindow *self = user_data;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  desk = dd_store_service_update_desk_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (desk == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Not saved: %s"), error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }

  dd_preferences_window_set_desk (self, desk);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved")));
}

static void
dd_preferences_window_save (DdPreferencesWindow *self,
                            const char          *unit_name,
                            DdRegime             regime,
                            const char          *server_url)
{
  if (self->desk == NULL)
    return;

  dd_store_service_update_desk_async (self->service,
                                      unit_name != NULL ? unit_name : dd_desk_get_unit_name (self->desk),
                                      regime,
                                      server_url != NULL ? server_url : dd_desk_get_server_url (self->desk),
                                      self->cancellable,
                                      on_update_desk_cb,
                                      self);
}

static void
on_get_desk_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DdPreferencesWindow *self = user_data;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  desk = dd_store_service_get_desk_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (desk == NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  dd_preferences_window_set_desk (self, desk);
}

static void
on_name_row_apply_cb (AdwEntryRow         *row,
                      DdPreferencesWindow *self)
{
  g_autofree char *name = NULL;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  if (name[0] == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("The unit name must not be empty")));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  dd_preferences_window_save (self, name, dd_desk_get_regime (self->desk), NULL);
}

static void
on_regime_row_selected_cb (AdwComboRow         *row,
                           GParamSpec          *pspec,
                           DdPreferencesWindow *self)
{
  guint pos = adw_combo_row_get_selected (row);

  if (self->populating || self->desk == NULL || pos >= G_N_ELEMENTS (regimes))
    return;

  if (regimes[pos] != dd_desk_get_regime (self->desk))
    dd_preferences_window_save (self, NULL, regimes[pos], NULL);
}

static void
on_server_row_changed_cb (AdwEntryRow         *row,
                          DdPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), FALSE);
}

static void
on_server_row_apply_cb (AdwEntryRow         *row,
                        DdPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  if (!dd_preferences_validate_server_url (url, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_label_set_text (self->server_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), TRUE);
      return;
    }

  dd_preferences_window_save (self, NULL, dd_desk_get_regime (self->desk), url);
}

static gboolean
dd_preferences_window_close_request (GtkWindow *window)
{
  DdPreferencesWindow *self = DD_PREFERENCES_WINDOW (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (dd_preferences_window_parent_class)->close_request (window);
}

static void
dd_preferences_window_constructed (GObject *object)
{
  DdPreferencesWindow *self = DD_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (dd_preferences_window_parent_class)->constructed (object);

  g_assert (DD_IS_STORE_SERVICE (self->service));

  /* The duty calendar and the shifts: pages of their own. */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (dd_calendar_preferences_page_new (self->service)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (dd_shifts_preferences_page_new (self->service)));

  dd_store_service_get_desk_async (self->service, self->cancellable, on_get_desk_cb, self);
}

static void
dd_preferences_window_dispose (GObject *object)
{
  DdPreferencesWindow *self = DD_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (dd_preferences_window_parent_class)->dispose (object);
}

static void
dd_preferences_window_finalize (GObject *object)
{
  DdPreferencesWindow *self = DD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (dd_preferences_window_parent_class)->finalize (object);
}

static void
dd_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DdPreferencesWindow *self = DD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_DESK:
      g_value_set_object (value, self->desk);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DdPreferencesWindow *self = DD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_preferences_window_class_init (DdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = dd_preferences_window_constructed;
  object_class->dispose = dd_preferences_window_dispose;
  object_class->finalize = dd_preferences_window_finalize;
  object_class->get_property = dd_preferences_window_get_property;
  object_class->set_property = dd_preferences_window_set_property;

  window_class->close_request = dd_preferences_window_close_request;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* The desk as last read or saved; %NULL until it is loaded. */
  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL,
                         DD_TYPE_DESK,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, unit_code_row);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, regime_row);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, DdPreferencesWindow, server_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_regime_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_row_apply_cb);
}

static void
dd_preferences_window_init (DdPreferencesWindow *self)
{
  g_autoptr(GtkStringList) regime_labels = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->populating = TRUE;
  regime_labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (regimes); i++)
    gtk_string_list_append (regime_labels, dd_regime_get_label (regimes[i]));
  adw_combo_row_set_model (self->regime_row, G_LIST_MODEL (regime_labels));
  self->populating = FALSE;

  /* Nothing to edit until the desk is read. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->regime_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), FALSE);
}

DdPreferencesWindow *
dd_preferences_window_new (DdStoreService *service)
{
  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  return g_object_new (DD_TYPE_PREFERENCES_WINDOW,
                       "service", service,
                       NULL);
}

gboolean
dd_preferences_validate_server_url (const char  *text,
                                    GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (text == NULL || text[0] == '\0')
    return TRUE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
      || g_uri_get_host (uri) == NULL
      || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The server address must be empty or an http:// or https:// address, "
                     "e.g. https://duty.example.gov.cn"));
      return FALSE;
    }

  return TRUE;
}
