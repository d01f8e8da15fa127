/* test-checks.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Checks section and the Today page's "on duty now" on a real desk
 * database with a planted roster, in the real window under Xvfb. Writes
 * screenshots next to the test program (with a "-zh_CN" suffix when run
 * with LANGUAGE=zh_CN).
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "dd-calendar-preferences-page.h"
#include "dd-checks-page.h"
#include "dd-preferences-window.h"
#include "dd-shifts-preferences-page.h"
#include "dd-store-service.h"
#include "dd-today-page.h"
#include "dd-window.h"

#include "roster-fixture.h"
#include "gui-test-helpers.h"

static DdChecksPage *
show_checks (DdWindow *window)
{
  DdChecksPage *page;

  dd_window_set_section (window, "checks");
  page = DD_CHECKS_PAGE (find_widget_of_type (GTK_WIDGET (window), DD_TYPE_CHECKS_PAGE));
  g_assert_nonnull (page);
  dd_checks_page_set_month (page, 2026, 3);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)) && dd_checks_page_get_loaded (page));

  return page;
}

static void
test_checks_lists_every_kind (RosterFixture *fixture,
                              gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdWindow *window = open_window (service);
  DdChecksPage *page = show_checks (window);
  GtkWidget *list = get_widget (GTK_WIDGET (page), "checks-problems");
  GtkDropDown *filter = GTK_DROP_DOWN (get_widget (GTK_WIDGET (page), "checks-kind-filter"));
  g_autoptr(GPtrArray) rows = rows_named (list, "checks-problem");
  gboolean seen[DD_PROBLEM_KIND_INACTIVE + 1] = { FALSE, };
  GtkWidget *mismatch = NULL;
  guint visible = 0;

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (GTK_WIDGET (page), "checks-month"))), !=, "");
  g_assert_cmpuint (rows->len, ==, dd_checks_page_get_n_problems (page));
  g_assert_cmpuint (rows->len, >, 6);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      DdProblemKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dd-problem-kind"));

      seen[kind] = TRUE;
      /* The sentence, naming the shift. */
      g_assert_nonnull (strstr (row_subtitle (row), "2026-03-"));
    }
  for (guint k = 0; k <= DD_PROBLEM_KIND_INACTIVE; k++)
    if (!seen[k])
      g_error ("No problem of kind %s in the Checks page", dd_problem_kind_to_string (k));

  /* The people behind each planted problem are named. */
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      DdProblemKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dd-problem-kind"));

      if (kind == DD_PROBLEM_KIND_ROLE_MISMATCH)
        g_assert_nonnull (strstr (row_title (row), "孙磊"));
      else if (kind == DD_PROBLEM_KIND_UNAVAILABLE)
        g_assert_nonnull (strstr (row_title (row), "刘洋"));
      else if (kind == DD_PROBLEM_KIND_INACTIVE)
        g_assert_nonnull (strstr (row_title (row), "周红"));
      else if (kind == DD_PROBLEM_KIND_DOUBLE_BOOKED)
        g_assert_nonnull (strstr (row_title (row), "赵强"));
    }

  screenshot (GTK_WIDGET (page), "duty-desk-checks");

  /* Filter by kind: only the role mismatch is left. */
  gtk_drop_down_set_selected (filter, 1 + DD_PROBLEM_KIND_ROLE_MISMATCH);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (gtk_widget_get_child_visible (row))
        {
          visible++;
          mismatch = row;
        }
    }
  g_assert_cmpuint (visible, ==, 1);
  g_assert_nonnull (strstr (row_title (mismatch), "孙磊"));
  g_assert_nonnull (strstr (row_subtitle (mismatch), "2026-03-15"));

  /* Activating it shows the day in the Roster section. */
  g_assert_true (gtk_widget_activate (mismatch));
  WAIT_UNTIL (g_strcmp0 (dd_window_get_section (window), "roster") == 0);

  close_window (window);
  finalize_service (service);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
mark_through_dialog (DdChecksPage *page,
                     const char   *button,
                     const char   *who)
{
  g_autofree char *count = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate (get_widget (GTK_WIDGET (page), button)));
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);

  /* It says what is marked and how many problems there are. */
  count = g_strdup_printf ("%u problems", dd_checks_page_get_n_problems (page));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), count));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "version"));

  /* The name defaults to the OS user's; a blank one cannot be marked. */
  gtk_editable_set_text (GTK_EDITABLE (get_widget (GTK_WIDGET (dialog), "checks-marker")), "  ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "mark"));
  gtk_editable_set_text (GTK_EDITABLE (get_widget (GTK_WIDGET (dialog), "checks-marker")), who);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "mark"));

  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "mark");
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
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
test_checks_mark_and_diff (RosterFixture *fixture,
                           gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdWindow *window = open_window (service);
  DdChecksPage *page = show_checks (window);
  GtkWidget *root = GTK_WIDGET (page);
  GtkWidget *checked_row = get_widget (root, "checks-checked");
  GtkWidget *submitted_row = get_widget (root, "checks-submitted");
  GtkWidget *diff_group = get_widget (root, "checks-diff-group");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) diff_rows = NULL;
  g_autofree char *default_marker = dd_checks_page_dup_default_marker ();

  g_assert_cmpstr (default_marker, !=, "");
  g_assert_cmpstr (row_subtitle (checked_row), ==, "Not yet");
  g_assert_cmpstr (row_subtitle (submitted_row), ==, "Not yet");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (root, "checks-version"))), ==, "1");

  mark_through_dialog (page, "checks-mark-checked", "值班长 Tester");
  WAIT_UNTIL (strstr (row_subtitle (checked_row), "值班长 Tester") != NULL);
  g_assert_nonnull (strstr (row_subtitle (checked_row), "version 1"));
  g_assert_cmpstr (row_subtitle (submitted_row), ==, "Not yet");

  mark_through_dialog (page, "checks-mark-submitted", "Supervisor Wu");
  WAIT_UNTIL (strstr (row_subtitle (submitted_row), "Supervisor Wu") != NULL);
  g_assert_false (gtk_widget_get_visible (diff_group));

  /* A change after submission: a new version and the difference. */
  dd_store_service_assign_async (service, "2026-03-03/leader_7x24", fixture->leader, NULL, FALSE,
                                 NULL, on_assign_cb, &problems);
  WAIT_UNTIL (problems != NULL);
  WAIT_UNTIL (gtk_widget_get_visible (diff_group) && dd_checks_page_get_loaded (page));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (root, "checks-version"))), ==, "2");
  g_assert_nonnull (strstr (row_subtitle (submitted_row), "changed since"));

  diff_rows = rows_named (get_widget (root, "checks-diff-list"), "checks-diff");
  g_assert_cmpuint (diff_rows->len, ==, 1);
  g_assert_true (g_str_has_prefix (row_title (g_ptr_array_index (diff_rows, 0)), "2026-03-03"));
  g_assert_cmpstr (row_subtitle (g_ptr_array_index (diff_rows, 0)), ==, "nobody → 王建国");

  close_window (window);
  finalize_service (service);
}

static gboolean
list_has_title (GtkWidget  *list,
                const char *name,
                const char *title)
{
  g_autoptr(GPtrArray) rows = rows_named (list, name);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (row_title (g_ptr_array_index (rows, i)), title) == 0)
      return TRUE;

  return FALSE;
}

static char *
clipboard_text (GtkWidget *widget)
{
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (widget));
  g_auto(GValue) value = G_VALUE_INIT;

  if (content == NULL)
    return NULL;

  g_value_init (&value, G_TYPE_STRING);
  if (!gdk_content_provider_get_value (content, &value, NULL))
    return NULL;

  return g_value_dup_string (&value);
}

static void
test_today_on_call (RosterFixture *fixture,
                    gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdWindow *window = open_window (service);
  DdTodayPage *today = DD_TODAY_PAGE (find_widget_of_type (GTK_WIDGET (window), DD_TYPE_TODAY_PAGE));
  GtkWidget *root = GTK_WIDGET (today);
  GtkWidget *oncall = get_widget (root, "today-oncall");
  GtkWidget *next = get_widget (root, "today-next");
  g_autoptr(GPtrArray) people = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *copy;

  g_assert_nonnull (today);
  dd_window_set_section (window, "today");

  /* Monday 2 March 2026, 10:00 Beijing time. */
  dd_today_page_set_now_override (today, roster_fixture_ms ("2026-03-02", 10, 0));
  WAIT_UNTIL (dd_today_page_get_loaded (today) && count_rows (oncall, "today-oncall-person") == 2);

  g_assert_true (list_has_title (oncall, "today-oncall-person", "王建国"));
  g_assert_true (list_has_title (oncall, "today-oncall-person", "李明"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (root, "today-until"))), ==, "17:30");
  g_assert_true (gtk_widget_get_visible (get_widget (root, "today-next-group")));
  g_assert_true (list_has_title (next, "today-next-person", "张伟"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (root, "today-regime"))), ==,
                   dd_regime_get_label (DD_REGIME_7X24));
  g_assert_false (gtk_widget_get_visible (get_widget (root, "today-schedule-missing")));

  /* The phone numbers are shown and copy to the clipboard. */
  people = rows_named (oncall, "today-oncall-person");
  for (guint i = 0; i < people->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (people, i);

      if (g_strcmp0 (row_title (row), "李明") == 0)
        {
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (row, "today-phone"))), ==,
                           "13800000002");
          copy = get_widget (row, "today-copy-phone");
          g_assert_true (gtk_widget_activate (copy));
          WAIT_UNTIL ((copied = clipboard_text (copy)) != NULL);
          g_assert_cmpstr (copied, ==, "13800000002");
        }
    }
  g_assert_nonnull (copied);

  screenshot (root, "duty-desk-today-oncall");

  /* 18:00: the night officer is on, and the leader until 08:30 tomorrow. */
  dd_today_page_set_now_override (today, roster_fixture_ms ("2026-03-02", 18, 0));
  WAIT_UNTIL (dd_today_page_get_loaded (today) && list_has_title (oncall, "today-oncall-person", "张伟"));
  g_assert_false (list_has_title (oncall, "today-oncall-person", "李明"));
  g_assert_true (list_has_title (oncall, "today-oncall-person", "王建国"));

  /* The next day nobody is on the leader shift: it says so. */
  dd_today_page_set_now_override (today, roster_fixture_ms ("2026-03-03", 10, 0));
  WAIT_UNTIL (dd_today_page_get_loaded (today) && count_rows (oncall, "today-oncall-uncovered") >= 1);
  g_assert_cmpuint (count_rows (oncall, "today-oncall-person"), ==, 0);

  /* A holiday names itself. */
  dd_today_page_set_now_override (today, roster_fixture_ms ("2026-02-17", 10, 0));
  WAIT_UNTIL (dd_today_page_get_loaded (today) &&
              strstr (row_subtitle (get_widget (root, "today-regime-row")), "春节") != NULL);

  /* A year without a holiday schedule is flagged. */
  dd_today_page_set_now_override (today, roster_fixture_ms ("2031-03-03", 10, 0));
  WAIT_UNTIL (dd_today_page_get_loaded (today) &&
              gtk_widget_get_visible (get_widget (root, "today-schedule-missing")));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (get_widget (root, "today-schedule-missing"))),
                            "2031"));

  close_window (window);
  finalize_service (service);
}

static void
test_preferences_calendar_validation (RosterFixture *fixture,
                                      gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdPreferencesWindow *prefs = dd_preferences_window_new (service);
  GtkWidget *root = GTK_WIDGET (prefs);
  DdCalendarPreferencesPage *page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) existing = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_absence_free);
  g_autoptr(DdAbsence) overlapping = NULL;
  g_autoptr(DdShiftTemplate) template_ = dd_shift_template_new ("officer_day", "Day", DD_POSITION_OFFICER,
                                                                DD_REGIME_7X24, 510, 1050, 1);
  g_autoptr(DdShiftTemplate) edited = NULL;
  GDate first = roster_fixture_date ("2026-03-11");
  GDate last = roster_fixture_date ("2026-03-14");
  GDate leave_first = roster_fixture_date ("2026-03-10");
  GDate leave_last = roster_fixture_date ("2026-03-12");
  gint64 start_ms;
  gint64 end_ms;

  /* The rules behind the inline errors. */
  g_assert_false (dd_calendar_preferences_parse_period ("两会", "2026-03-10", "2026-03-05", 2,
                                                        &start_ms, &end_ms, &error));
  g_assert_cmpstr (error->message, ==, "The end must be after the start.");
  g_clear_error (&error);
  g_assert_false (dd_calendar_preferences_parse_period ("两会", "2026-03-04", "2026-03-11", 3,
                                                        &start_ms, &end_ms, &error));
  g_assert_cmpstr (error->message, ==, "An important period has one or two leaders on duty.");
  g_clear_error (&error);
  g_assert_false (dd_calendar_preferences_parse_period ("  ", "2026-03-04", "2026-03-11", 1,
                                                        &start_ms, &end_ms, &error));
  g_clear_error (&error);
  g_assert_true (dd_calendar_preferences_parse_period ("两会", "2026-03-04", "2026-03-11", 2,
                                                       &start_ms, &end_ms, &error));
  g_assert_no_error (error);
  g_assert_cmpint (start_ms, ==, roster_fixture_ms ("2026-03-04", 0, 0));
  g_assert_cmpint (end_ms, ==, roster_fixture_ms ("2026-03-12", 0, 0));
  g_assert_true (dd_calendar_preferences_parse_period ("汛情会商", "2026-06-01 20:00", "2026-06-02 08:00", 1,
                                                       &start_ms, &end_ms, &error));
  g_assert_cmpint (end_ms - start_ms, ==, 12 * 3600 * 1000);

  g_ptr_array_add (existing, dd_absence_new ("a1", fixture->on_leave, DD_ABSENCE_KIND_LEAVE,
                                             &leave_first, &leave_last, NULL));
  overlapping = dd_absence_new (NULL, fixture->on_leave, DD_ABSENCE_KIND_TRAINING, &first, &last, NULL);
  g_assert_false (dd_calendar_preferences_check_absence (existing, overlapping, &error));
  g_assert_nonnull (strstr (error->message, "2026-03-10"));
  g_clear_error (&error);

  edited = dd_shifts_preferences_edit_template (template_, "25:00", "17:30", 1, &error);
  g_assert_null (edited);
  g_clear_error (&error);
  edited = dd_shifts_preferences_edit_template (template_, "08:00", "18:00", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dd_shift_template_get_required (edited), ==, 2);

  /* Through the widgets: an end before the start shows the error and
   * saves nothing. */
  gtk_window_present (GTK_WINDOW (prefs));
  page = DD_CALENDAR_PREFERENCES_PAGE (find_widget_of_type (root, DD_TYPE_CALENDAR_PREFERENCES_PAGE));
  g_assert_nonnull (page);
  g_assert_nonnull (find_widget_of_type (root, DD_TYPE_SHIFTS_PREFERENCES_PAGE));
  WAIT_UNTIL (dd_calendar_preferences_page_get_loaded (page));
  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, "prefs-period-name")), "两会");
  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, "prefs-period-from")), "2026-03-10");
  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, "prefs-period-to")), "2026-03-05");
  g_signal_emit_by_name (get_widget (root, "prefs-period-add"), "clicked");
  g_assert_true (gtk_widget_get_visible (get_widget (root, "prefs-period-error")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (root, "prefs-period-error"))), ==,
                   "The end must be after the start.");
  g_assert_cmpuint (count_rows (get_widget (root, "prefs-periods"), "prefs-period"), ==, 0);

  /* A good one is saved and listed. */
  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, "prefs-period-to")), "2026-03-11");
  g_signal_emit_by_name (get_widget (root, "prefs-period-add"), "clicked");
  WAIT_UNTIL (count_rows (get_widget (root, "prefs-periods"), "prefs-period") == 1);
  g_assert_false (gtk_widget_get_visible (get_widget (root, "prefs-period-error")));

  /* Overlapping leave is refused inline; the planted leave is listed. */
  WAIT_UNTIL (count_rows (get_widget (root, "prefs-absences"), "prefs-absence") == 1);
  for (guint i = 0; i < 8; i++)
    {
      adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (root, "prefs-absence-staff")), i);
      if (g_strcmp0 (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (get_widget (root, "prefs-absence-staff")))),
                     "刘洋") == 0)
        break;
    }
  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, "prefs-absence-from")), "2026-03-11");
  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, "prefs-absence-to")), "2026-03-14");
  g_signal_emit_by_name (get_widget (root, "prefs-absence-add"), "clicked");
  g_assert_true (gtk_widget_get_visible (get_widget (root, "prefs-absence-error")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get_widget (root, "prefs-absence-error"))),
                            "overlaps"));
  g_assert_cmpuint (count_rows (get_widget (root, "prefs-absences"), "prefs-absence"), ==, 1);

  g_object_ref (prefs);
  gtk_window_destroy (GTK_WINDOW (prefs));
  drain_main_context ();
  g_object_unref (prefs);
  finalize_service (service);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* "PROGRAM [-p PATH…] LANGUAGE LOCALEDIR": the screenshots in another
   * language */
  if (!gui_test_init (&argc, &argv))
    return 1;

  g_test_add ("/gui/roster-views/checks-every-kind", RosterFixture, NULL,
              roster_fixture_setup, test_checks_lists_every_kind, roster_fixture_teardown);
  g_test_add ("/gui/roster-marks/checks-mark-and-diff", RosterFixture, NULL,
              roster_fixture_setup, test_checks_mark_and_diff, roster_fixture_teardown);
  g_test_add ("/gui/roster-marks/preferences-validation", RosterFixture, NULL,
              roster_fixture_setup, test_preferences_calendar_validation, roster_fixture_teardown);
  g_test_add ("/gui/roster-views/today-on-call", RosterFixture, NULL,
              roster_fixture_setup, test_today_on_call, roster_fixture_teardown);

  ret = g_test_run ();
  g_free (screenshot_dir);

  return ret;
}
