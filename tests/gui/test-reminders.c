/* test-reminders.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DdReminders sends real libnotify notifications to python3-dbusmock's
 * notification_daemon template on the test's session bus (run under
 * dbus-run-session); the calls are read back through the mock's
 * MethodCalled signal. The clock is injected: it starts just before the
 * moment a reminder is due and runs at real speed, so the reminders'
 * own timeout has to fire for the handover reminder to appear.
 */

#include "config.h"

#include <gio/gio.h>

#include "dd-reminders.h"
#include "dd-store-service.h"

#include "roster-fixture.h"

#define MOCK_NAME  "org.freedesktop.Notifications"
#define MOCK_PATH  "/org/freedesktop/Notifications"
#define MOCK_IFACE "org.freedesktop.DBus.Mock"

typedef struct
{
  char *summary;
  char *body;
  GStrv actions;
  gint64 at_ms;   /* on the reminders' clock when it arrived */
} Notification;

typedef struct
{
  GDBusConnection *bus;
  GSubprocess     *mock;
  GPtrArray       *notifications;
  DdReminders     *reminders;
  guint            subscription;
  gboolean         mock_up;
  gint64           base_ms;
  gint64           started_us;
} Mock;

static void
notification_free (Notification *notification)
{
  g_free (notification->summary);
  g_free (notification->body);
  g_strfreev (notification->actions);
  g_free (notification);
}

static void
on_method_called_cb (GDBusConnection *connection,
                     const char      *sender,
                     const char      *path,
                     const char      *interface,
                     const char      *signal,
                     GVariant        *parameters,
                     gpointer         user_data)
{
  Mock *mock = user_data;
  g_autoptr(GVariant) args = NULL;
  g_autoptr(GVariant) summary = NULL;
  g_autoptr(GVariant) body = NULL;
  g_autoptr(GVariant) actions = NULL;
  const char *method;
  Notification *notification;

  g_variant_get (parameters, "(&s@av)", &method, &args);
  if (!g_str_equal (method, "Notify"))
    return;

  /* Notify (app_name, replaces_id, app_icon, summary, body, actions, hints, timeout) */
  g_variant_get_child (args, 3, "v", &summary);
  g_variant_get_child (args, 4, "v", &body);
  g_variant_get_child (args, 5, "v", &actions);

  notification = g_new0 (Notification, 1);
  notification->summary = g_variant_dup_string (summary, NULL);
  notification->body = g_variant_dup_string (body, NULL);
  notification->actions = g_variant_dup_strv (actions, NULL);
  notification->at_ms = mock->reminders != NULL ? dd_reminders_get_now_ms (mock->reminders) : 0;
  g_ptr_array_add (mock->notifications, notification);
  g_test_message ("Notify: %s | %s", notification->summary, notification->body);
}

static void
on_name_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *owner,
                     gpointer         user_data)
{
  Mock *mock = user_data;

  mock->mock_up = TRUE;
}

static void
mock_start (Mock *mock)
{
  g_autoptr(GError) error = NULL;
  guint watch;

  mock->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  mock->notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_free);

  mock->subscription =
    g_dbus_connection_signal_subscribe (mock->bus, NULL, MOCK_IFACE, "MethodCalled", MOCK_PATH,
                                        NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_method_called_cb, mock, NULL);

  /* Its log on stdout would be taken for TAP. */
  mock->mock = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                 "/usr/bin/python3", "-m", "dbusmock", "--session",
                                 "--template", "notification_daemon", NULL);
  g_assert_no_error (error);

  watch = g_bus_watch_name_on_connection (mock->bus, MOCK_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          on_name_appeared_cb, NULL, mock, NULL);
  WAIT_UNTIL (mock->mock_up);
  g_bus_unwatch_name (watch);
}

static void
mock_stop (Mock *mock)
{
  g_dbus_connection_signal_unsubscribe (mock->bus, mock->subscription);
  g_subprocess_force_exit (mock->mock);
  g_subprocess_wait (mock->mock, NULL, NULL);
  g_clear_object (&mock->mock);
  g_clear_pointer (&mock->notifications, g_ptr_array_unref);
  g_clear_object (&mock->bus);
}

static Notification *
find_notification (Mock       *mock,
                   const char *summary)
{
  for (guint i = 0; i < mock->notifications->len; i++)
    {
      Notification *notification = g_ptr_array_index (mock->notifications, i);

      if (g_str_equal (notification->summary, summary))
        return notification;
    }

  return NULL;
}

static guint
count_notifications (Mock       *mock,
                     const char *summary)
{
  guint n = 0;

  for (guint i = 0; i < mock->notifications->len; i++)
    if (g_str_equal (((Notification *) g_ptr_array_index (mock->notifications, i))->summary, summary))
      n++;

  return n;
}

/* The injected clock: from @base_ms at the start, at real speed. */
static gint64
test_now (gpointer user_data)
{
  Mock *mock = user_data;

  return mock->base_ms + (g_get_monotonic_time () - mock->started_us) / 1000;
}

static guint
count_uncovered (const char *path,
                 const char *from,
                 const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (path, &error);
  g_autoptr(GPtrArray) problems = NULL;
  GDate first = roster_fixture_date (from);
  GDate last = roster_fixture_date (to);
  guint n = 0;

  g_assert_no_error (error);
  problems = dd_store_check_roster (store, &first, &last, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < problems->len; i++)
    if (((DdRosterProblem *) g_ptr_array_index (problems, i))->kind == DD_PROBLEM_KIND_UNCOVERED)
      n++;

  return n;
}

static void
on_open_section_cb (DdReminders *reminders,
                    const char  *section,
                    char       **opened)
{
  g_free (*opened);
  *opened = g_strdup (section);
}

static void
on_assign_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GPtrArray **problems = user_data;
  g_autoptr(GError) error = NULL;

  *problems = dd_store_service_assign_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
}

static void
invoke_action (Mock       *mock,
               guint32     id,
               const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (mock->bus, MOCK_NAME, MOCK_PATH, MOCK_IFACE, "EmitSignal",
                                       g_variant_new ("(sss@av)", "org.freedesktop.Notifications",
                                                      "ActionInvoked", "us",
                                                      g_variant_new_parsed ("[<%u>, <%s>]", id, action)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
test_reminders_notify (RosterFixture *fixture,
                       gconstpointer  data)
{
  Mock mock = { NULL, };
  DdStoreService *service;
  Notification *uncovered;
  Notification *handover;
  g_autoptr(GPtrArray) assigned = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *fewer_text = NULL;
  g_autofree char *opened = NULL;
  gint64 shift_end = roster_fixture_ms ("2026-03-02", 17, 30);
  gint64 remind_at = shift_end - DD_REMINDERS_HANDOVER_MINUTES * DD_MS_PER_MINUTE;
  guint n_uncovered = count_uncovered (fixture->path, "2026-03-02", "2026-03-08");

  g_assert_cmpuint (n_uncovered, >, 1);
  mock_start (&mock);

  service = dd_store_service_new (fixture->path, "test");
  mock.reminders = dd_reminders_new (service);
  g_signal_connect (mock.reminders, "open-section", G_CALLBACK (on_open_section_cb), &opened);

  /* Two seconds before the handover reminder is due. */
  mock.base_ms = remind_at - 2000;
  mock.started_us = g_get_monotonic_time ();
  dd_reminders_set_now_func (mock.reminders, test_now, &mock, NULL);
  dd_reminders_start (mock.reminders);

  /* First the week's uncovered positions, with their count and first date. */
  WAIT_UNTIL ((uncovered = find_notification (&mock, "Uncovered positions in the next 7 days")) != NULL);
  count_text = g_strdup_printf ("%u positions have nobody on duty", n_uncovered);
  g_assert_nonnull (strstr (uncovered->body, count_text));
  g_assert_nonnull (strstr (uncovered->body, "Mar 3"));
  g_assert_true (g_strv_contains ((const char * const *) uncovered->actions, "open"));

  /* Not the handover yet: it waits for its moment. */
  WAIT_UNTIL (dd_reminders_get_next_check_ms (mock.reminders) != 0);
  g_assert_cmpint (dd_reminders_get_next_check_ms (mock.reminders), ==, remind_at);
  g_assert_null (find_notification (&mock, "Handover in 15 minutes"));

  /* The reminders' own timeout sends it 15 minutes before 17:30. */
  WAIT_UNTIL ((handover = find_notification (&mock, "Handover in 15 minutes")) != NULL);
  g_assert_cmpint (handover->at_ms, >=, remind_at);
  g_assert_cmpint (handover->at_ms, <, remind_at + 60 * 1000);
  g_assert_nonnull (strstr (handover->body, "17:30"));
  g_assert_nonnull (strstr (handover->body, "张伟"));
  g_assert_nonnull (strstr (handover->body, "13800000003"));
  g_assert_cmpuint (mock.notifications->len, ==, 2);
  g_assert_cmpuint (dd_reminders_get_n_sent (mock.reminders), ==, 2);

  /* "Open" on the handover reminder asks for the Today section (the mock
   * numbers notifications from 1: the uncovered one is 1, this one 2). */
  invoke_action (&mock, 2, "open");
  WAIT_UNTIL (opened != NULL);
  g_assert_cmpstr (opened, ==, "today");

  /* A roster change that fills a position: a new, smaller count. */
  dd_store_service_assign_async (service, "2026-03-03/leader_7x24", fixture->leader, NULL, FALSE,
                                 NULL, on_assign_cb, &assigned);
  WAIT_UNTIL (assigned != NULL);
  WAIT_UNTIL (count_notifications (&mock, "Uncovered positions in the next 7 days") == 2);
  fewer_text = g_strdup_printf ("%u positions have nobody on duty", n_uncovered - 1);
  g_assert_nonnull (strstr (((Notification *) g_ptr_array_index (mock.notifications,
                                                                  mock.notifications->len - 1))->body,
                            fewer_text));
  /* Still one handover reminder for that shift. */
  g_assert_cmpuint (count_notifications (&mock, "Handover in 15 minutes"), ==, 1);

  dd_reminders_stop (mock.reminders);
  g_assert_finalize_object (g_steal_pointer (&mock.reminders));
  drain_main_context ();
  g_assert_finalize_object (service);
  mock_stop (&mock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("No session bus: run under dbus-run-session\n");
      return 1;
    }

  g_test_add ("/gui/reminders/notify", RosterFixture, NULL,
              roster_fixture_setup, test_reminders_notify, roster_fixture_teardown);

  return g_test_run ();
}
