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

#include "notify-mock.h"
#include "roster-fixture.h"

typedef struct
{
  NotifyMock   notify;
  DdReminders *reminders;
  gint64       base_ms;
  gint64       started_us;
} Mock;

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
test_reminders_notify (RosterFixture *fixture,
                       gconstpointer  data)
{
  Mock mock = { { NULL, }, };
  DdStoreService *service;
  MockNotification *uncovered;
  MockNotification *handover;
  g_autoptr(GPtrArray) assigned = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *fewer_text = NULL;
  g_autofree char *opened = NULL;
  gint64 shift_end = roster_fixture_ms ("2026-03-02", 17, 30);
  gint64 remind_at = shift_end - DD_REMINDERS_HANDOVER_MINUTES * DD_MS_PER_MINUTE;
  guint n_uncovered = count_uncovered (fixture->path, "2026-03-02", "2026-03-08");

  g_assert_cmpuint (n_uncovered, >, 1);
  mock.notify.now = test_now;
  mock.notify.now_data = &mock;
  notify_mock_start (&mock.notify);

  service = dd_store_service_new (fixture->path, "test");
  mock.reminders = dd_reminders_new (service);
  g_signal_connect (mock.reminders, "open-section", G_CALLBACK (on_open_section_cb), &opened);

  /* Two seconds before the handover reminder is due. */
  mock.base_ms = remind_at - 2000;
  mock.started_us = g_get_monotonic_time ();
  dd_reminders_set_now_func (mock.reminders, test_now, &mock, NULL);
  dd_reminders_start (mock.reminders);

  /* First the week's uncovered positions, with their count and first date. */
  WAIT_UNTIL ((uncovered = notify_mock_find (&mock.notify, "Uncovered positions in the next 7 days")) != NULL);
  count_text = g_strdup_printf ("%u positions have nobody on duty", n_uncovered);
  g_assert_nonnull (strstr (uncovered->body, count_text));
  g_assert_nonnull (strstr (uncovered->body, "Mar 3"));
  g_assert_true (g_strv_contains ((const char * const *) uncovered->actions, "open"));

  /* Not the handover yet: it waits for its moment. */
  WAIT_UNTIL (dd_reminders_get_next_check_ms (mock.reminders) != 0);
  g_assert_cmpint (dd_reminders_get_next_check_ms (mock.reminders), ==, remind_at);
  g_assert_null (notify_mock_find (&mock.notify, "Handover in 15 minutes"));

  /* The reminders' own timeout sends it 15 minutes before 17:30. */
  WAIT_UNTIL ((handover = notify_mock_find (&mock.notify, "Handover in 15 minutes")) != NULL);
  g_assert_cmpint (handover->at_ms, >=, remind_at);
  g_assert_cmpint (handover->at_ms, <, remind_at + 60 * 1000);
  g_assert_nonnull (strstr (handover->body, "17:30"));
  g_assert_nonnull (strstr (handover->body, "张伟"));
  g_assert_nonnull (strstr (handover->body, "13800000003"));
  g_assert_cmpuint (mock.notify.notifications->len, ==, 2);
  g_assert_cmpuint (dd_reminders_get_n_sent (mock.reminders), ==, 2);

  /* "Open" on the handover reminder asks for the Today section (the mock
   * numbers notifications from 1: the uncovered one is 1, this one 2). */
  notify_mock_invoke_action (&mock.notify, 2, "open");
  WAIT_UNTIL (opened != NULL);
  g_assert_cmpstr (opened, ==, "today");

  /* A roster change that fills a position: a new, smaller count. */
  dd_store_service_assign_async (service, "2026-03-03/leader_7x24", fixture->leader, NULL, FALSE,
                                 NULL, on_assign_cb, &assigned);
  WAIT_UNTIL (assigned != NULL);
  WAIT_UNTIL (notify_mock_count (&mock.notify, "Uncovered positions in the next 7 days") == 2);
  fewer_text = g_strdup_printf ("%u positions have nobody on duty", n_uncovered - 1);
  g_assert_nonnull (strstr (((MockNotification *) g_ptr_array_index (mock.notify.notifications,
                                                                  mock.notify.notifications->len - 1))->body,
                            fewer_text));
  /* Still one handover reminder for that shift. */
  g_assert_cmpuint (notify_mock_count (&mock.notify, "Handover in 15 minutes"), ==, 1);

  dd_reminders_stop (mock.reminders);
  g_assert_finalize_object (g_steal_pointer (&mock.reminders));
  drain_main_context ();
  g_assert_finalize_object (service);
  notify_mock_stop (&mock.notify);
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
