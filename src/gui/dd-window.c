/* dd-window.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-window.h"

#include <glib/gi18n.h>

#include "dd-application.h"
#include "dd-calls-page.h"
#include "dd-checks-page.h"
#include "dd-clock-banner.h"
#include "dd-daily-report-page.h"
#include "dd-directory-page.h"
#include "dd-duty-log-page.h"
#include "dd-preferences-window.h"
#include "dd-roster-page.h"
#include "dd-setup-page.h"
#include "dd-receipt-tracker.h"
#include "dd-sync-indicator.h"
#include "dd-today-page.h"

/* One schema whatever the profile (see RESOURCE_BASE_PATH). */
#define DD_SETTINGS_SCHEMA_ID "io.github.dutydesk.DutyDesk"

struct _DdWindow
{
  AdwApplicationWindow  parent_instance;

  DdStoreService       *service;
  GCancellable         *cancellable;
  GSettings            *settings;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *view_stack;
  GtkSpinner           *loading_spinner;
  DdSetupPage          *setup_page;
  DdSyncIndicator      *sync_indicator;
  AdwStatusPage        *error_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_box;
  GtkWidget            *content_box;
  GtkListBox           *sidebar;
  AdwWindowTitle       *content_title;
  DdClockBanner        *clock_banner;
  GtkStack             *content_stack;
  DdTodayPage          *today_page;
  DdCallsPage          *calls_page;
  DdRosterPage         *roster_page;
  DdDirectoryPage      *directory_page;
  DdChecksPage         *checks_page;
  DdDutyLogPage        *duty_log_page;
  DdDailyReportPage    *daily_report_page;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_VIEW,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdWindow, dd_window, ADW_TYPE_APPLICATION_WINDOW)

/* Alt+1 … Alt+7. The Duty Log, listed after Calls & Incidents, came
 * last: Alt+7, so that the older shortcuts keep their sections. */
static const char * const sections[] = {
  "today", "calls", "roster", "directory", "checks", "statistics", "duty-log",
};

static void
dd_window_set_view (DdWindow   *self,
                    const char *view)
{
  if (g_strcmp0 (view, gtk_stack_get_visible_child_name (self->view_stack)) == 0)
    return;

  gtk_stack_set_visible_child_name (self->view_stack, view);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (view, "loading"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
dd_window_show_error (DdWindow     *self,
                      const GError *error)
{
  g_autofree char *message = NULL;
  g_autofree char *where = NULL;
  g_autofree char *description = NULL;

  message = g_markup_escape_text (error->message, -1);
  /* Translators: %s is the path of the database file */
  where = g_strdup_printf (_("Database: %s"), dd_store_service_get_path (self->service));
  description = g_strdup_printf ("%s\n\n<small>%s</small>", message, where);
  adw_status_page_set_description (self->error_page, description);
  dd_window_set_view (self, "error");
}

static void
dd_window_show_desk (DdWindow *self,
                     DdDesk   *desk)
{
  GtkListBoxRow *row;

  dd_today_page_set_desk (self->today_page, desk);
  dd_calls_page_set_desk (self->calls_page, desk);
  dd_window_set_view (self, "main");

  /* Keyboard users start in the section list. */
  row = gtk_list_box_get_selected_row (self->sidebar);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
on_get_desk_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DdWindow *self = user_data;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  desk = dd_store_service_get_desk_finish (DD_STORE_SERVICE (object), result, &error);

  /* The window may be gone: it cancels its work when it closes. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (desk != NULL)
    dd_window_show_desk (self, desk);
  else if (g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED))
    dd_window_set_view (self, "setup");
  else
    dd_window_show_error (self, error);
}

static void
dd_window_load (DdWindow *self)
{
  dd_window_set_view (self, "loading");
  dd_store_service_get_desk_async (self->service, self->cancellable, on_get_desk_cb, self);
}

static void
on_setup_page_desk_created_cb (DdSetupPage *page,
                               DdDesk      *desk,
                               DdWindow    *self)
{
  dd_window_set_section (self, "today");
  dd_window_show_desk (self, desk);
  dd_window_add_toast (self, _("The duty desk is set up"));
}

static void
on_sidebar_row_selected_cb (GtkListBox    *list_box,
                            GtkListBoxRow *row,
                            DdWindow      *self)
{
  if (row == NULL)
    return;

  gtk_stack_set_visible_child_name (self->content_stack, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
on_sidebar_row_activated_cb (GtkListBox    *list_box,
                             GtkListBoxRow *row,
                             DdWindow      *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

/* Folding onto the content hides the section list. AdwLeaflet moves the
 * keyboard focus out of a child only when its visible child changes, and
 * the content is already the visible child after a section was shown
 * (Alt+1…7, a row activated), so a section too wide for the window (or a
 * narrower window) folds the leaflet with the focus still on a hidden row.
 * GtkWindow then moves that focus at the next frame with a Tab from the
 * window, which in a GtkListBox goes to the next row — and the browse
 * selection shows that row's section instead. Take the focus into the
 * shown section first. */
static void
on_leaflet_folded_cb (AdwLeaflet *leaflet,
                      GParamSpec *pspec,
                      DdWindow   *self)
{
  GtkWidget *focus;
  GtkWidget *page;

  if (!adw_leaflet_get_folded (leaflet) ||
      adw_leaflet_get_visible_child (leaflet) != self->content_box)
    return;

  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus == NULL || !gtk_widget_is_ancestor (focus, self->sidebar_box))
    return;

  page = gtk_stack_get_visible_child (self->content_stack);
  if (page == NULL || !gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD))
    gtk_widget_child_focus (self->content_box, GTK_DIR_TAB_FORWARD);
}

static void
on_back_button_clicked_cb (GtkButton *button,
                           DdWindow  *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_content_stack_visible_child_cb (GtkStack   *stack,
                                   GParamSpec *pspec,
                                   DdWindow   *self)
{
  const char *name = gtk_stack_get_visible_child_name (stack);
  GtkWidget *child = gtk_stack_get_visible_child (stack);
  GtkStackPage *page;

  if (child == NULL)
    return;

  page = gtk_stack_get_page (stack, child);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        {
          if (gtk_list_box_get_selected_row (self->sidebar) != GTK_LIST_BOX_ROW (row))
            gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
          break;
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

static void
dd_window_show_section_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  dd_window_set_section (DD_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

/* win.show-roster-day ("YYYY-MM-DD"): the Roster section on that day. */
static void
dd_window_show_roster_day_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  DdWindow *self = DD_WINDOW (user_data);
  GtkWidget *roster;

  dd_window_set_section (self, "roster");

  /* The Roster page shows the day if it knows how (a "roster.show-day"
   * widget action); otherwise the section alone is shown. */
  roster = gtk_stack_get_child_by_name (self->content_stack, "roster");
  if (roster != NULL)
    gtk_widget_activate_action_variant (roster, "roster.show-day", parameter);
}

/* win.new-call (Ctrl+N): the call form, from anywhere in the main view. */
static void
dd_window_new_call_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  DdWindow *self = DD_WINDOW (user_data);

  if (g_strcmp0 (dd_window_get_view (self), "main") != 0)
    return;

  dd_window_set_section (self, "calls");
  dd_calls_page_new_call (self->calls_page);
}

/* win.show-incident (incident id): the Calls section on that incident, and
 * win.record-report ((incident id, step)): the same, ready to record the
 * report that meets the step (a reporting alert's "Reported…"). The Calls
 * page selects the incident and opens its report form if it knows how
 * (widget actions "calls.show-incident" and "calls.record-report", same
 * parameters); otherwise the section alone is shown. */
static void
dd_window_show_incident_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  DdWindow *self = DD_WINDOW (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  g_autofree char *page_action = g_strconcat ("calls.", name, NULL);

  dd_window_set_section (self, "calls");
  gtk_widget_activate_action_variant (GTK_WIDGET (self->calls_page), page_action, parameter);
}

/* win.show-duty-log-item ((kind, id)): the Duty Log section, the log
 * entry (kind "log") or leader instruction ("instruction") focused if
 * the section lists it (widget action "duty-log.show-item"). */
static void
dd_window_show_duty_log_item_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  DdWindow *self = DD_WINDOW (user_data);

  dd_window_set_section (self, "duty-log");
  gtk_widget_activate_action_variant (GTK_WIDGET (self->duty_log_page), "duty-log.show-item", parameter);
}

static const GActionEntry win_actions[] = {
  { "show-section", dd_window_show_section_action, "s" },
  { "show-roster-day", dd_window_show_roster_day_action, "s" },
  { "new-call", dd_window_new_call_action },
  { "show-incident", dd_window_show_incident_action, "s" },
  { "record-report", dd_window_show_incident_action, "(ss)" },
  { "show-duty-log-item", dd_window_show_duty_log_item_action, "(ss)" },
};

static gboolean
dd_window_close_request (GtkWindow *window)
{
  DdWindow *self = DD_WINDOW (window);
  int width = 0;
  int height = 0;

  g_cancellable_cancel (self->cancellable);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (dd_window_parent_class)->close_request (window);
}

static void
dd_window_constructed (GObject *object)
{
  DdWindow *self = DD_WINDOW (object);

  G_OBJECT_CLASS (dd_window_parent_class)->constructed (object);

  g_assert (DD_IS_STORE_SERVICE (self->service));

  /* the application's sync, if this window belongs to one */
  if (DD_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    {
      DdSyncService *sync = dd_application_get_sync_service (
        DD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));

      dd_sync_indicator_set_sync_service (self->sync_indicator, sync);
      /* the records' receipts follow its rounds */
      dd_receipt_tracker_set_sync_service (dd_receipt_tracker_get_for_service (self->service), sync);
    }

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_object_set (self->setup_page,
                "service", self->service,
                "cancellable", self->cancellable,
                NULL);
  g_object_set (self->today_page,
                "service", self->service,
                "cancellable", self->cancellable,
                NULL);
  g_object_set (self->roster_page,
                "service", self->service,
                "cancellable", self->cancellable,
                NULL);
  g_object_set (self->calls_page,
                "service", self->service,
                "cancellable", self->cancellable,
                NULL);
  g_object_set (self->checks_page,
                "service", self->service,
                "cancellable", self->cancellable,
                NULL);
  g_object_set (self->directory_page,
                "service", self->service,
                "cancellable", self->cancellable,
                NULL);
  g_object_set (self->duty_log_page,
                "service", self->service,
                "cancellable", self->cancellable,
                NULL);
  g_object_set (self->daily_report_page,
                "service", self->service,
                "cancellable", self->cancellable,
                NULL);
  g_object_set (self->clock_banner,
                "service", self->service,
                "cancellable", self->cancellable,
                NULL);

  dd_window_load (self);
}

static void
dd_window_dispose (GObject *object)
{
  DdWindow *self = DD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_WINDOW);

  G_OBJECT_CLASS (dd_window_parent_class)->dispose (object);
}

static void
dd_window_finalize (GObject *object)
{
  DdWindow *self = DD_WINDOW (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dd_window_parent_class)->finalize (object);
}

static void
dd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DdWindow *self = DD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_VIEW:
      g_value_set_string (value, dd_window_get_view (self));
      break;

    case PROP_SECTION:
      g_value_set_string (value, dd_window_get_section (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  DdWindow *self = DD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    case PROP_SECTION:
      dd_window_set_section (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_window_class_init (DdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = dd_window_constructed;
  object_class->dispose = dd_window_dispose;
  object_class->finalize = dd_window_finalize;
  object_class->get_property = dd_window_get_property;
  object_class->set_property = dd_window_set_property;

  window_class->close_request = dd_window_close_request;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL,
                         "loading",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL,
                         "today",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DD_TYPE_SETUP_PAGE);
  g_type_ensure (DD_TYPE_TODAY_PAGE);
  g_type_ensure (DD_TYPE_CALLS_PAGE);
  g_type_ensure (DD_TYPE_ROSTER_PAGE);
  g_type_ensure (DD_TYPE_CHECKS_PAGE);
  g_type_ensure (DD_TYPE_DIRECTORY_PAGE);
  g_type_ensure (DD_TYPE_CLOCK_BANNER);
  g_type_ensure (DD_TYPE_DUTY_LOG_PAGE);
  g_type_ensure (DD_TYPE_DAILY_REPORT_PAGE);
  g_type_ensure (DD_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, clock_banner);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, calls_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, roster_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, directory_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, checks_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, duty_log_page);
  gtk_widget_class_bind_template_child (widget_class, DdWindow, daily_report_page);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_page_desk_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_content_stack_visible_child_cb);

  /* Alt+1 … Alt+7 switch sections. */
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                           "win.show-section", "s", sections[i]);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, GDK_ALT_MASK,
                                           "win.show-section", "s", sections[i]);
    }
}

static void
dd_window_init (DdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (DD_SETTINGS_SCHEMA_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   win_actions, G_N_ELEMENTS (win_actions),
                                   self);

  if (DEVELOPMENT_PROFILE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  on_content_stack_visible_child_cb (self->content_stack, NULL, self);
}

DdWindow *
dd_window_new (gpointer        application,
               DdStoreService *service)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  return g_object_new (DD_TYPE_WINDOW,
                       "application", application,
                       "service", service,
                       NULL);
}

DdStoreService *
dd_window_get_service (DdWindow *self)
{
  g_return_val_if_fail (DD_IS_WINDOW (self), NULL);

  return self->service;
}

const char *
dd_window_get_view (DdWindow *self)
{
  g_return_val_if_fail (DD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->view_stack);
}

const char *
dd_window_get_section (DdWindow *self)
{
  g_return_val_if_fail (DD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

void
dd_window_set_section (DdWindow   *self,
                       const char *section)
{
  g_return_if_fail (DD_IS_WINDOW (self));
  g_return_if_fail (section != NULL);

  if (gtk_stack_get_child_by_name (self->content_stack, section) == NULL)
    {
      g_warning ("No section named “%s”", section);
      return;
    }

  gtk_stack_set_visible_child_name (self->content_stack, section);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

void
dd_window_show_preferences (DdWindow *self)
{
  DdPreferencesWindow *preferences;

  g_return_if_fail (DD_IS_WINDOW (self));

  if (g_strcmp0 (dd_window_get_view (self), "main") != 0)
    {
      dd_window_add_toast (self, _("Set up the duty desk first"));
      return;
    }

  preferences = dd_preferences_window_new (self->service);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

void
dd_window_add_toast (DdWindow   *self,
                     const char *message)
{
  g_return_if_fail (DD_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}
