/* notify-mock.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the notification tests: python3-dbusmock's notification_daemon
 * template on the test's session bus (run under dbus-run-session). Its
 * calls are read back through the mock's MethodCalled signal: every
 * Notify (with the id the daemon gave it) and every CloseNotification.
 */

#pragma once

#include <gio/gio.h>

#include "roster-fixture.h"

#define NOTIFY_MOCK_NAME  "org.freedesktop.Notifications"
#define NOTIFY_MOCK_PATH  "/org/freedesktop/Notifications"
#define NOTIFY_MOCK_IFACE "org.freedesktop.DBus.Mock"

typedef gint64 (*NotifyMockNowFunc) (gpointer user_data);

typedef struct
{
  char    *summary;
  char    *body;
  GStrv    actions;
  guint32  id;          /* as the daemon numbers them: from 1 */
  guint32  replaces_id;
  guchar   urgency;     /* the "urgency" hint, 1 (normal) if none */
  gint64   at_ms;       /* on the test's clock when it arrived, if one is set */
} MockNotification;

typedef struct
{
  GDBusConnection   *bus;
  GSubprocess       *process;
  GPtrArray         *notifications;  /* MockNotification, in arrival order */
  GArray            *closed;         /* guint32 ids given to CloseNotification */
  guint              subscription;
  guint32            last_id;
  gboolean           up;
  NotifyMockNowFunc  now;
  gpointer           now_data;
} NotifyMock;

static inline void
notify_mock_notification_free (MockNotification *notification)
{
  g_free (notification->summary);
  g_free (notification->body);
  g_strfreev (notification->actions);
  g_free (notification);
}

static inline void
notify_mock_on_method_called_cb (GDBusConnection *connection,
                                 const char      *sender,
                                 const char      *path,
                                 const char      *interface,
                                 const char      *signal,
                                 GVariant        *parameters,
                                 gpointer         user_data)
{
  NotifyMock *mock = user_data;
  g_autoptr(GVariant) args = NULL;
  const char *method;

  g_variant_get (parameters, "(&s@av)", &method, &args);

  if (g_str_equal (method, "CloseNotification"))
    {
      g_autoptr(GVariant) id = NULL;
      guint32 value;

      g_variant_get_child (args, 0, "v", &id);
      value = (guint32) g_variant_get_int32 (id);
      g_array_append_val (mock->closed, value);
      g_test_message ("CloseNotification: %u", value);
    }
  else if (g_str_equal (method, "Notify"))
    {
      g_autoptr(GVariant) replaces = NULL;
      g_autoptr(GVariant) summary = NULL;
      g_autoptr(GVariant) body = NULL;
      g_autoptr(GVariant) actions = NULL;
      g_autoptr(GVariant) hints = NULL;
      g_autoptr(GVariant) urgency = NULL;
      MockNotification *notification = g_new0 (MockNotification, 1);

      /* Notify (app_name, replaces_id, app_icon, summary, body, actions, hints, timeout) */
      g_variant_get_child (args, 1, "v", &replaces);
      g_variant_get_child (args, 3, "v", &summary);
      g_variant_get_child (args, 4, "v", &body);
      g_variant_get_child (args, 5, "v", &actions);
      g_variant_get_child (args, 6, "v", &hints);

      notification->summary = g_variant_dup_string (summary, NULL);
      notification->body = g_variant_dup_string (body, NULL);
      notification->actions = g_variant_dup_strv (actions, NULL);
      notification->replaces_id = g_variant_get_uint32 (replaces);
      notification->id = notification->replaces_id != 0 ? notification->replaces_id : ++mock->last_id;
      urgency = g_variant_lookup_value (hints, "urgency", G_VARIANT_TYPE_BYTE);
      notification->urgency = urgency != NULL ? g_variant_get_byte (urgency) : 1;
      notification->at_ms = mock->now != NULL ? mock->now (mock->now_data) : 0;
      g_ptr_array_add (mock->notifications, notification);
      g_test_message ("Notify %u (replaces %u): %s | %s", notification->id,
                      notification->replaces_id, notification->summary, notification->body);
    }
}

static inline void
notify_mock_on_name_appeared_cb (GDBusConnection *connection,
                                 const char      *name,
                                 const char      *owner,
                                 gpointer         user_data)
{
  ((NotifyMock *) user_data)->up = TRUE;
}

static inline void
notify_mock_start (NotifyMock *mock)
{
  g_autoptr(GError) error = NULL;
  guint watch;

  mock->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  mock->notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) notify_mock_notification_free);
  mock->closed = g_array_new (FALSE, FALSE, sizeof (guint32));

  mock->subscription =
    g_dbus_connection_signal_subscribe (mock->bus, NULL, NOTIFY_MOCK_IFACE, "MethodCalled",
                                        NOTIFY_MOCK_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        notify_mock_on_method_called_cb, mock, NULL);

  /* Its log on stdout would be taken for TAP. */
  mock->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                    "/usr/bin/python3", "-m", "dbusmock", "--session",
                                    "--template", "notification_daemon", NULL);
  g_assert_no_error (error);

  watch = g_bus_watch_name_on_connection (mock->bus, NOTIFY_MOCK_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          notify_mock_on_name_appeared_cb, NULL, mock, NULL);
  WAIT_UNTIL (mock->up);
  g_bus_unwatch_name (watch);
}

static inline void
notify_mock_stop (NotifyMock *mock)
{
  g_dbus_connection_signal_unsubscribe (mock->bus, mock->subscription);
  g_subprocess_force_exit (mock->process);
  g_subprocess_wait (mock->process, NULL, NULL);
  g_clear_object (&mock->process);
  g_clear_pointer (&mock->notifications, g_ptr_array_unref);
  g_clear_pointer (&mock->closed, g_array_unref);
  g_clear_object (&mock->bus);
}

/* The first notification whose summary contains @text, or %NULL. */
static inline MockNotification *
notify_mock_find (NotifyMock *mock,
                  const char *text)
{
  for (guint i = 0; i < mock->notifications->len; i++)
    {
      MockNotification *notification = g_ptr_array_index (mock->notifications, i);

      if (strstr (notification->summary, text) != NULL)
        return notification;
    }

  return NULL;
}

/* How many notifications have a summary containing @text. */
static inline guint
notify_mock_count (NotifyMock *mock,
                   const char *text)
{
  guint n = 0;

  for (guint i = 0; i < mock->notifications->len; i++)
    if (strstr (((MockNotification *) g_ptr_array_index (mock->notifications, i))->summary, text) != NULL)
      n++;

  return n;
}

static inline MockNotification *
notify_mock_last (NotifyMock *mock)
{
  if (mock->notifications->len == 0)
    return NULL;

  return g_ptr_array_index (mock->notifications, mock->notifications->len - 1);
}

static inline gboolean
notify_mock_was_closed (NotifyMock *mock,
                        guint32     id)
{
  for (guint i = 0; i < mock->closed->len; i++)
    if (g_array_index (mock->closed, guint32, i) == id)
      return TRUE;

  return FALSE;
}

/* As if the user invoked @action of notification @id. */
static inline void
notify_mock_invoke_action (NotifyMock *mock,
                           guint32     id,
                           const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (mock->bus, NOTIFY_MOCK_NAME, NOTIFY_MOCK_PATH,
                                       NOTIFY_MOCK_IFACE, "EmitSignal",
                                       g_variant_new ("(sss@av)", "org.freedesktop.Notifications",
                                                      "ActionInvoked", "us",
                                                      g_variant_new_parsed ("[<%u>, <%s>]", id, action)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}
