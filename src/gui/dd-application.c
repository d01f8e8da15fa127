/* dd-application.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-application.h"

#include <glib/gi18n.h>

#include "dd-incident-alerts.h"
#include "dd-reminders.h"
#include "dd-reporting-ui.h"
#include "dd-window.h"

/* Seconds a pull waits for news: a grade I/II report logged below comes
 * through at once while the desk is online. */
#define SYNC_WAIT_SECONDS 30

struct _DdApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  DdStoreService *service;
  DdReminders    *reminders;
  DdIncidentAlerts *alerts;
  DdSyncService  *sync;
};

G_DEFINE_FINAL_TYPE (DdApplication, dd_application, ADW_TYPE_APPLICATION)

static void
dd_application_quit_now (DdApplication *self)
{
  GList *windows;

  /* Close (not just destroy) the windows, so they save their state and
   * cancel their work. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);

  g_application_quit (G_APPLICATION (self));
}

static gboolean
on_quit_idle_cb (gpointer user_data)
{
  dd_application_quit_now (DD_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_quit_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DdApplication    *self)
{
  /* Once the dialog is gone: it is transient for the windows closed. */
  if (g_strcmp0 (response, "quit") == 0)
    g_idle_add_full (G_PRIORITY_LOW, on_quit_idle_cb, g_object_ref (self), g_object_unref);
}

/* app.quit (Ctrl+Q): while a reporting clock runs, quitting stops its
 * alerts, so the officer confirms it first. */
static void
dd_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  DdApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n_running;

  n_running = self->alerts != NULL ? dd_incident_alerts_get_n_running (self->alerts) : 0;
  if (n_running == 0 || window == NULL)
    {
      dd_application_quit_now (self);
      return;
    }

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u reporting clock is running. Its alerts stop until Duty Desk is started again.",
                                       "%u reporting clocks are running. Their alerts stop until Duty Desk is started again.",
                                       n_running),
                          n_running);
  dialog = adw_message_dialog_new (window, _("Quit Duty Desk?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Running"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_quit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dd_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  DdApplication *self = user_data;
  static const char *developers[] = { "The Duty Desk authors", NULL };
  g_autofree char *comments = NULL;
  GtkWindow *about;

  comments = g_strdup_printf ("%s\n%s",
                              "值班台 · Duty Desk",
                              _("The desktop application of an emergency duty desk: "
                                "the watch, calls and incidents, rosters and reports."));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Duty Desk"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Duty Desk authors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", comments,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Duty Desk authors",
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static void
dd_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  DdApplication *self = user_data;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (DD_IS_WINDOW (window))
    dd_window_show_preferences (DD_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", dd_application_quit_action },
  { "about", dd_application_about_action },
  { "preferences", dd_application_preferences_action },
};

static void
on_reminders_open_section_cb (DdReminders   *reminders,
                              const char    *section,
                              DdApplication *self)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (DD_IS_WINDOW (window))
    dd_window_set_section (DD_WINDOW (window), section);
}

/* An alert's "Open" or "Reported…": the window on that incident. */
static void
on_alerts_open_incident_cb (DdIncidentAlerts *alerts,
                            const char       *incident_id,
                            const char       *step,
                            gboolean          record_report,
                            DdApplication    *self)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!DD_IS_WINDOW (window) || incident_id == NULL)
    return;

  if (record_report)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.record-report", "(ss)", incident_id, step);
  else
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-incident", "s", incident_id);
}

/* The last window closed while reporting clocks run: the alerts hold the
 * application, and say that it keeps running. */
static void
on_window_removed_cb (GtkApplication *application,
                      GtkWindow      *window,
                      DdApplication  *self)
{
  if (gtk_application_get_windows (application) == NULL && self->alerts != NULL)
    dd_incident_alerts_show_background_notice (self->alerts);
}

static gint
dd_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  DdApplication *self = DD_APPLICATION (application);
  const char *db = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("duty-desk %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    {
      g_free (self->db_path);
      self->db_path = g_canonicalize_filename (db, NULL);
      /* A desk database named on the command line gets a process of its
       * own rather than a window in an instance showing another database. */
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (dd_application_parent_class)->handle_local_options (application, options);
}

static void
dd_application_startup (GApplication *application)
{
  DdApplication *self = DD_APPLICATION (application);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *preferences_accels[] = { "<Primary>comma", NULL };
  static const char *close_accels[] = { "<Primary>w", NULL };
  static const char *new_call_accels[] = { "<Control>n", NULL };

  G_APPLICATION_CLASS (dd_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-call", new_call_accels);

  /* Light or dark as the system prefers. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  if (self->db_path == NULL)
    self->db_path = dd_store_dup_default_path ();
  self->service = dd_store_service_new (self->db_path, "duty-desk");

  /* Handover and uncovered-position reminders, timed from the roster. */
  self->reminders = dd_reminders_new (self->service);
  g_signal_connect_object (self->reminders, "open-section",
                           G_CALLBACK (on_reminders_open_section_cb), self, 0);
  dd_reminders_start (self->reminders);

  /* Reporting-clock alerts; they hold the application while a clock runs. */
  self->alerts = dd_incident_alerts_new (self->service, NULL, G_APPLICATION (self));
  g_signal_connect_object (self->alerts, "open-incident",
                           G_CALLBACK (on_alerts_open_incident_cb), self, 0);
  g_signal_connect (self, "window-removed", G_CALLBACK (on_window_removed_cb), self);
  dd_incident_alerts_start (self->alerts);

  /* Sync while the application runs (an enrolled desk). */
  {
    g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();

    self->sync = dd_sync_service_new (self->service, rules, SYNC_WAIT_SECONDS);
    dd_sync_service_start (self->sync);
  }
}

static void
dd_application_activate (GApplication *application)
{
  DdApplication *self = DD_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (dd_window_new (self, self->service));
  if (self->alerts != NULL)
    dd_incident_alerts_withdraw_background_notice (self->alerts);

  gtk_window_present (window);
}

static void
dd_application_shutdown (GApplication *application)
{
  DdApplication *self = DD_APPLICATION (application);

  G_APPLICATION_CLASS (dd_application_parent_class)->shutdown (application);

  if (self->reminders != NULL)
    dd_reminders_stop (self->reminders);
  g_clear_object (&self->reminders);
  if (self->alerts != NULL)
    dd_incident_alerts_stop (self->alerts);
  g_clear_object (&self->alerts);
  if (self->sync != NULL)
    dd_sync_service_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->service);
}

static void
dd_application_finalize (GObject *object)
{
  DdApplication *self = DD_APPLICATION (object);

  g_clear_object (&self->reminders);
  g_clear_object (&self->alerts);
  g_clear_object (&self->sync);
  g_clear_object (&self->service);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (dd_application_parent_class)->finalize (object);
}

static void
dd_application_class_init (DdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dd_application_finalize;

  app_class->handle_local_options = dd_application_handle_local_options;
  app_class->startup = dd_application_startup;
  app_class->activate = dd_application_activate;
  app_class->shutdown = dd_application_shutdown;
}

static void
dd_application_init (DdApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("The desk database to open (default: $DUTY_DESK_DB, else the user data folder)"),
      N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Duty Desk: the emergency duty desk."));
}

DdApplication *
dd_application_new (void)
{
  return g_object_new (DD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

DdStoreService *
dd_application_get_service (DdApplication *self)
{
  g_return_val_if_fail (DD_IS_APPLICATION (self), NULL);

  return self->service;
}

DdSyncService *
dd_application_get_sync_service (DdApplication *self)
{
  g_return_val_if_fail (DD_IS_APPLICATION (self), NULL);

  return self->sync;
}
