/* test-calls.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call intake form and the Calls & Incidents section, on real
 * temporary files and databases, under Xvfb.
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "dd-call-form.h"
#include "dd-calls-page.h"
#include "dd-directory.h"
#include "dd-duty-date.h"
#include "dd-duty-log-store.h"
#include "dd-incident-store.h"
#include "dd-incident-view.h"
#include "dd-paged-model.h"
#include "dd-report-dialog.h"
#include "dd-report-draft-window.h"
#include "dd-store.h"
#include "dd-store-service.h"
#include "dd-reporting-ui.h"
#include "dd-taxonomy.h"
#include "dd-time.h"
#include "dd-window.h"

/* Generous: the test fails, rather than hangs, if a condition never holds. */
#define WAIT_TIMEOUT_S 30

typedef struct
{
  char *dir;
  char *draft_path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("duty-desk-calls-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->draft_path = g_build_filename (fixture->dir, "state", "call-draft.ini", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->draft_path);
  g_free (fixture->dir);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @cond holds; fails after the timeout. */
#define WAIT_UNTIL(cond) \
  G_STMT_START { \
    gboolean timed_out_ = FALSE; \
    guint timeout_id_ = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_timeout_cb, &timed_out_); \
    while (!(cond) && !timed_out_) \
      g_main_context_iteration (NULL, TRUE); \
    if (!timed_out_) \
      g_source_remove (timeout_id_); \
    if (!(cond)) \
      g_error ("Timed out waiting for: %s", #cond); \
  } G_STMT_END

static GtkWidget *
find_widget (GtkWidget  *root,
             const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_in_form (DdCallForm *form,
              const char *name)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (form), name);

  g_assert_nonnull (widget);
  return widget;
}

/* The name of the form field holding the focus: the focus widget or its
 * nearest named ancestor among @names. */
static const char *
focused_field (DdCallForm         *form,
               const char * const *names)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (form));

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (g_strv_contains (names, gtk_widget_get_name (w)))
      return gtk_widget_get_name (w);

  return NULL;
}

static DdCallForm *
present_form (const char *draft_path)
{
  DdCallForm *form = dd_call_form_new (NULL, DD_LEVEL_PREFECTURE, draft_path);

  gtk_window_present (GTK_WINDOW (form));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (form)));

  return form;
}

static char *
text_view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
read_draft (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static gboolean
draft_contains (const char *path,
                const char *text)
{
  g_autofree char *contents = read_draft (path);

  return contents != NULL && strstr (contents, text) != NULL;
}

/* The focus starts in the summary; Tab goes through the fields in the
 * spoken order of a report and Shift+Tab comes back. */
static void
test_form_tab_order (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const order[] = {
    "received", "channel", "caller", "unit", "phone", "summary", "subtype",
    "location", "deaths", "missing", "injured", "serious_injuries", "trapped",
    "officer", NULL,
  };
  DdCallForm *form = present_form (fixture->draft_path);

  WAIT_UNTIL (g_strcmp0 (focused_field (form, order), "summary") == 0);

  gtk_widget_grab_focus (find_in_form (form, "received"));
  g_assert_cmpstr (focused_field (form, order), ==, "received");

  for (guint i = 1; order[i] != NULL; i++)
    {
      g_signal_emit_by_name (form, "move-focus", GTK_DIR_TAB_FORWARD);
      g_assert_cmpstr (focused_field (form, order), ==, order[i]);
    }

  for (guint i = g_strv_length ((char **) order) - 1; i > 0; i--)
    {
      g_signal_emit_by_name (form, "move-focus", GTK_DIR_TAB_BACKWARD);
      g_assert_cmpstr (focused_field (form, order), ==, order[i - 1]);
    }

  gtk_window_destroy (GTK_WINDOW (form));
}

static guint
subtype_position (const char *id)
{
  GListModel *taxonomy = G_LIST_MODEL (dd_taxonomy_get_default ());

  for (guint i = 0; i < g_list_model_get_n_items (taxonomy); i++)
    {
      g_autoptr(DdSubtype) subtype = g_list_model_get_item (taxonomy, i);

      if (g_str_equal (dd_subtype_get_id (subtype), id))
        return i;
    }

  g_assert_not_reached ();
}

/* The grade and the reporting deadline follow the facts as they are typed. */
static void
test_form_grade_preview (Fixture       *fixture,
                         gconstpointer  data)
{
  DdCallForm *form = present_form (fixture->draft_path);
  GtkLabel *grade = GTK_LABEL (find_in_form (form, "grade-preview"));
  GtkLabel *basis = GTK_LABEL (find_in_form (form, "basis-preview"));
  GtkLabel *deadline = GTK_LABEL (find_in_form (form, "deadline-preview"));
  GtkEditable *deaths = GTK_EDITABLE (find_in_form (form, "deaths"));

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (deadline)));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_in_form (form, "subtype")),
                              subtype_position ("accident.production_safety"));
  g_assert_nonnull (strstr (gtk_label_get_text (grade), "IV"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (deadline)));

  gtk_editable_set_text (deaths, "3");
  g_assert_nonnull (strstr (gtk_label_get_text (grade), "III"));
  g_assert_nonnull (strstr (gtk_label_get_text (basis), "3"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (deadline)));
  g_assert_nonnull (strstr (gtk_label_get_text (deadline), "Report to the province by"));
  g_assert_nonnull (strstr (gtk_label_get_text (deadline), "2 hours"));

  gtk_editable_set_text (deaths, "10");
  g_assert_nonnull (strstr (gtk_label_get_text (grade), "II"));
  g_assert_null (strstr (gtk_label_get_text (grade), "III"));
  g_assert_nonnull (strstr (gtk_label_get_text (deadline), "20 minutes"));

  gtk_window_destroy (GTK_WINDOW (form));
}

/* What is typed reaches the draft file within moments; a form destroyed
 * without saving leaves it, and the next form offers it back. */
static void
test_form_draft (Fixture       *fixture,
                 gconstpointer  data)
{
  DdCallForm *form = present_form (fixture->draft_path);
  GtkWidget *summary = find_in_form (form, "summary");
  gint64 started;

  g_assert_false (dd_call_form_get_draft_offered (form));
  g_assert_false (g_file_test (fixture->draft_path, G_FILE_TEST_EXISTS));

  started = g_get_monotonic_time ();
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (summary)),
                            "山体滑坡，3人被困", -1);
  WAIT_UNTIL (draft_contains (fixture->draft_path, "山体滑坡，3人被困"));
  /* Written on a short debounce, not only at close. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);

  gtk_editable_set_text (GTK_EDITABLE (find_in_form (form, "caller")), "Wang Wei");
  gtk_editable_set_text (GTK_EDITABLE (find_in_form (form, "trapped")), "3");
  WAIT_UNTIL (draft_contains (fixture->draft_path, "Wang Wei"));
  WAIT_UNTIL (draft_contains (fixture->draft_path, "trapped=3"));

  gtk_window_destroy (GTK_WINDOW (form));
  g_assert_true (g_file_test (fixture->draft_path, G_FILE_TEST_EXISTS));

  form = present_form (fixture->draft_path);
  g_assert_true (dd_call_form_get_draft_offered (form));
  summary = find_in_form (form, "summary");
  {
    g_autofree char *empty = text_view_text (summary);
    g_assert_cmpstr (empty, ==, "");
  }

  dd_call_form_restore_draft (form);
  g_assert_false (dd_call_form_get_draft_offered (form));
  {
    g_autofree char *restored = text_view_text (summary);
    g_assert_cmpstr (restored, ==, "山体滑坡，3人被困");
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in_form (form, "caller"))), ==, "Wang Wei");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in_form (form, "trapped"))), ==, "3");

  /* Saved (as the owner confirms): the draft is gone. */
  {
    gpointer weak = form;

    g_object_add_weak_pointer (G_OBJECT (form), &weak);
    dd_call_form_saved (form);
    g_assert_false (g_file_test (fixture->draft_path, G_FILE_TEST_EXISTS));
    WAIT_UNTIL (weak == NULL);
  }

  form = present_form (fixture->draft_path);
  g_assert_false (dd_call_form_get_draft_offered (form));
  gtk_window_destroy (GTK_WINDOW (form));
}

static GtkWidget *
find_label_ending (GtkWidget  *root,
                   const char *suffix)
{
  if (GTK_IS_LABEL (root) && g_str_has_suffix (gtk_label_get_text (GTK_LABEL (root)), suffix))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_ending (child, suffix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Ctrl+Enter (also in the summary: captured) is bound to saving. */
static gboolean
form_binds_ctrl_enter (DdCallForm *form)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (form));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) != GTK_PHASE_CAPTURE)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (strstr (trigger, "<Control>Return") != NULL &&
              GTK_IS_NAMED_ACTION (action) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "call-form.save"))
            return TRUE;
        }
    }

  return FALSE;
}

/* Ctrl+N from the window opens the form; saving logs the call as a new
 * incident, which shows in the list with its running reporting clock. */
static void
test_save_shows_incident (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "desk.db", NULL);
  g_autoptr(DdStoreService) service = NULL;
  g_autoptr(GError) error = NULL;
  DdWindow *window;
  DdCallsPage *page;
  DdCallForm *form;
  GListModel *model;
  GtkWidget *countdown;

  {
    g_autoptr(DdStore) store = dd_store_open (db, &error);
    g_autoptr(DdDesk) desk = NULL;

    g_assert_no_error (error);
    desk = dd_store_init_desk (store, "520102", "南明区值班室", DD_REGIME_7X24, FALSE, &error);
    g_assert_no_error (error);
  }

  service = dd_store_service_new (db, "test");
  window = dd_window_new (NULL, service);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (dd_window_get_view (window), "main") == 0);

  page = DD_CALLS_PAGE (find_widget (GTK_WIDGET (window), "calls-page"));
  g_assert_nonnull (page);
  dd_calls_page_set_draft_path (page, fixture->draft_path);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-call", NULL));
  g_assert_cmpstr (dd_window_get_section (window), ==, "calls");
  form = DD_CALL_FORM (dd_calls_page_get_call_form (page));
  g_assert_nonnull (form);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (form)));
  g_assert_true (gtk_widget_has_focus (find_in_form (form, "summary")));
  g_assert_true (form_binds_ctrl_enter (form));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_in_form (form, "summary"))),
                            "煤矿透水，3人死亡", -1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_in_form (form, "subtype")),
                              subtype_position ("accident.production_safety"));
  gtk_editable_set_text (GTK_EDITABLE (find_in_form (form, "deaths")), "3");
  WAIT_UNTIL (g_file_test (fixture->draft_path, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "call-form.save", NULL));
  WAIT_UNTIL (dd_calls_page_get_call_form (page) == NULL);
  g_assert_false (g_file_test (fixture->draft_path, G_FILE_TEST_EXISTS));

  model = dd_calls_page_get_model (page);
  WAIT_UNTIL (g_list_model_get_n_items (model) == 1 &&
              dd_paged_model_is_loaded (DD_PAGED_MODEL (model), 0));
  {
    g_autoptr(DdIncidentSummary) incident = g_list_model_get_item (model, 0);

    g_assert_true (g_str_has_prefix (dd_incident_summary_get_number (incident), "520102-"));
    g_assert_cmpint (dd_incident_summary_get_grade (incident), ==, DD_GRADE_III);
    g_assert_cmpint (dd_incident_summary_get_next_due_at (incident), >, g_get_real_time () / 1000);
  }

  countdown = NULL;
  WAIT_UNTIL ((countdown = find_label_ending (GTK_WIDGET (page), " left")) != NULL);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (countdown)), "1:59:") ||
                 g_str_has_prefix (gtk_label_get_text (GTK_LABEL (countdown)), "2:00:"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A desk at 520102 with one grade III incident logged five minutes ago
 * and a mine rescue team in the directory; returns the incident's id. */
static char *
make_desk_with_incident (const char *db)
{
  static const char teams_csv[] =
    "name,class,field,owner_unit,division,phone\n"
    "南明区矿山救护队,professional,矿山救援,520102,520102,0851-85551234\n";
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdIncidentEvent) log = NULL;
  g_autoptr(DdCall) call = NULL;
  g_autoptr(DdDirectoryImport) import = NULL;
  g_autoptr(GBytes) teams = g_bytes_new_static (teams_csv, strlen (teams_csv));
  g_autoptr(GError) error = NULL;
  DdCallInput input = { 0, };

  store = dd_store_open (db, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", "南明区值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  input.received_at = g_get_real_time () / 1000 - 5 * 60000;
  input.channel = DD_CALL_CHANNEL_PHONE;
  input.summary = "煤矿透水，3人死亡";
  input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
  log = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, input.received_at);
  log->subtype = g_strdup ("accident.production_safety");
  dd_facts_set_from_string (&log->facts, DD_FACT_DEATHS, "3", NULL);
  call = dd_store_log_call (store, rules, &input, log, &error);
  g_assert_no_error (error);

  import = dd_store_directory_import (store, DD_DIRECTORY_KIND_TEAM, teams, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->sheet->problems->len, ==, 0);
  g_clear_pointer (&import, dd_directory_import_free);

  return g_strdup (dd_call_get_incident_id (call));
}

static DdIncidentDetail *
read_incident (const char *db,
               const char *id)
{
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DdIncidentDetail *detail;

  store = dd_store_open (db, &error);
  g_assert_no_error (error);
  detail = dd_store_get_incident (store, rules, id, 0, &error);
  g_assert_no_error (error);

  return detail;
}

static gint64
count_calls (const char *db)
{
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n;

  store = dd_store_open (db, &error);
  g_assert_no_error (error);
  n = dd_store_count_calls (store, &error);
  g_assert_no_error (error);

  return n;
}

static DdCallsPage *
open_calls_page (DdStoreService *service,
                 Fixture        *fixture,
                 DdWindow      **window_out)
{
  DdWindow *window = dd_window_new (NULL, service);
  DdCallsPage *page;

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (dd_window_get_view (window), "main") == 0);
  page = DD_CALLS_PAGE (find_widget (GTK_WIDGET (window), "calls-page"));
  g_assert_nonnull (page);
  dd_calls_page_set_draft_path (page, fixture->draft_path);
  dd_window_set_section (window, "calls");
  *window_out = window;

  return page;
}

static void
set_summary (DdCallForm *form,
             const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_in_form (form, "summary"))),
                            text, -1);
}

/* A follow-up call adds its facts to the open incident (which is
 * regraded); a call that is not an incident is kept as a call only. */
static void
test_follow_up_and_non_incident (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "desk.db", NULL);
  g_autofree char *incident_id = make_desk_with_incident (db);
  g_autoptr(DdStoreService) service = dd_store_service_new (db, "test");
  g_autoptr(DdIncidentDetail) detail = NULL;
  DdWindow *window;
  DdCallsPage *page = open_calls_page (service, fixture, &window);
  DdCallForm *form;
  GtkDropDown *incidents;

  /* Follow-up: the sub-type gives way to the choice of incident. */
  dd_calls_page_new_call (page);
  form = DD_CALL_FORM (dd_calls_page_get_call_form (page));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (form)));
  gtk_widget_activate (find_in_form (form, "follow-up"));
  incidents = GTK_DROP_DOWN (find_in_form (form, "follow-up-incident"));
  /* A button activates after its press animation. */
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (incidents)));
  g_assert_false (gtk_widget_get_visible (find_in_form (form, "subtype")));
  WAIT_UNTIL (g_list_model_get_n_items (gtk_drop_down_get_model (incidents)) == 1);

  /* No incident chosen: refused, nothing written. */
  set_summary (form, "续报：死亡人数升至10人");
  gtk_editable_set_text (GTK_EDITABLE (find_in_form (form, "deaths")), "10");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "call-form.save", NULL));
  g_assert_true (gtk_widget_get_visible (find_in_form (form, "form-error")));
  g_assert_cmpint (count_calls (db), ==, 1);

  gtk_drop_down_set_selected (incidents, 0);
  WAIT_UNTIL (draft_contains (fixture->draft_path, incident_id));
  g_assert_true (draft_contains (fixture->draft_path, "disposition=follow_up"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "call-form.save", NULL));
  WAIT_UNTIL (dd_calls_page_get_call_form (page) == NULL);

  g_assert_cmpint (count_calls (db), ==, 2);
  detail = read_incident (db, incident_id);
  g_assert_cmpint (detail->state->effective_grade, ==, DD_GRADE_II);
  g_assert_cmpuint (detail->state->history->len, ==, 2);
  g_clear_pointer (&detail, dd_incident_detail_free);

  /* Not an incident: a wrong number, kept as a call. */
  dd_calls_page_new_call (page);
  form = DD_CALL_FORM (dd_calls_page_get_call_form (page));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (form)));
  gtk_widget_activate (find_in_form (form, "non-incident"));
  WAIT_UNTIL (gtk_widget_get_visible (find_in_form (form, "non-incident-reason")));
  g_assert_false (gtk_widget_get_visible (find_in_form (form, "subtype")));
  g_assert_false (gtk_widget_get_visible (find_in_form (form, "location")));
  g_assert_true (gtk_widget_get_visible (find_in_form (form, "non-incident-reason")));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_in_form (form, "non-incident-reason")),
                              DD_NON_INCIDENT_WRONG_NUMBER - DD_NON_INCIDENT_ENQUIRY);
  set_summary (form, "打错电话");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "call-form.save", NULL));
  WAIT_UNTIL (dd_calls_page_get_call_form (page) == NULL);
  g_assert_cmpint (count_calls (db), ==, 3);
  {
    g_autoptr(DdStore) store = dd_store_open (db, NULL);
    g_autoptr(GPtrArray) calls = dd_store_fetch_calls (store, 0, 1, NULL);
    DdCall *last = g_ptr_array_index (calls, 0);

    g_assert_cmpint (dd_call_get_disposition (last), ==, DD_CALL_DISPOSITION_NON_INCIDENT);
    g_assert_cmpint (dd_call_get_non_incident_reason (last), ==, DD_NON_INCIDENT_WRONG_NUMBER);
    g_assert_true (dd_call_get_incident_id (last) == NULL || *dd_call_get_incident_id (last) == '\0');
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static AdwMessageDialog *
find_message_dialog (const char *heading_prefix)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading_prefix))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
n_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;

  return n;
}

static GtkWidget *
find_row_with_title_prefix (GtkWidget  *list,
                            const char *prefix)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) &&
        strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), prefix) != NULL)
      return row;

  return NULL;
}

/* Selecting an incident shows it; changing its grade, logging a contact
 * from the suggestions, closing and reopening each append an event. */
static void
test_incident_view (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "desk.db", NULL);
  g_autofree char *incident_id = make_desk_with_incident (db);
  g_autoptr(DdStoreService) service = dd_store_service_new (db, "test");
  g_autoptr(DdIncidentDetail) detail = NULL;
  DdWindow *window;
  DdCallsPage *page = open_calls_page (service, fixture, &window);
  DdIncidentView *view = DD_INCIDENT_VIEW (find_widget (GTK_WIDGET (page), "incident-view"));
  GtkWidget *history = find_widget (GTK_WIDGET (view), "incident-history");
  GtkWidget *clocks = find_widget (GTK_WIDGET (view), "incident-clocks");
  GtkWidget *suggestions = find_widget (GTK_WIDGET (view), "incident-suggestions");
  GListModel *model = dd_calls_page_get_model (page);
  AdwMessageDialog *dialog;
  GtkWidget *contact;

  WAIT_UNTIL (g_list_model_get_n_items (model) == 1 &&
              dd_paged_model_is_loaded (DD_PAGED_MODEL (model), 0));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (gtk_column_view_get_model (
                                     GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), "incidents")))),
                                   0, TRUE);
  WAIT_UNTIL (dd_incident_view_get_detail (view) != NULL);
  g_assert_cmpstr (dd_incident_view_get_incident_id (view), ==, incident_id);
  g_assert_cmpuint (n_rows (history), ==, 1);
  g_assert_nonnull (find_widget (clocks, "report_province"));
  g_assert_nonnull (find_widget_of_type (clocks, GTK_TYPE_BUTTON));
  WAIT_UNTIL (find_row_with_title_prefix (suggestions, "南明区矿山救护队") != NULL);

  /* Change the grade: the reason is required. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "incident.change-grade", NULL));
  WAIT_UNTIL ((dialog = find_message_dialog ("Change Grade")) != NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "change"));
  {
    GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
    GtkWidget *dropdown = gtk_widget_get_first_child (extra);
    GtkWidget *reason = gtk_widget_get_next_sibling (dropdown);

    gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);   /* Grade II */
    gtk_editable_set_text (GTK_EDITABLE (reason), "社会影响大");
  }
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "change"));
  adw_message_dialog_response (dialog, "change");
  WAIT_UNTIL (n_rows (history) == 2);
  detail = read_incident (db, incident_id);
  g_assert_cmpint (detail->state->override_grade, ==, DD_GRADE_II);
  g_assert_cmpstr (detail->state->override_reason, ==, "社会影响大");
  g_assert_cmpint (detail->state->computed->grade, ==, DD_GRADE_III);
  g_clear_pointer (&detail, dd_incident_detail_free);

  /* One click logs the contact made, in the history. */
  WAIT_UNTIL ((contact = find_row_with_title_prefix (suggestions, "南明区矿山救护队")) != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "incident.log-contact", "s",
                                             gtk_widget_get_name (contact)));
  WAIT_UNTIL (n_rows (history) == 3);
  detail = read_incident (db, incident_id);
  {
    DdIncidentHistoryEntry *last = g_ptr_array_index (detail->state->history, 2);

    g_assert_nonnull (strstr (last->event->note, "南明区矿山救护队"));
    g_assert_nonnull (strstr (last->event->note, "0851-85551234"));
  }
  g_clear_pointer (&detail, dd_incident_detail_free);

  /* Record Report… and the drafts open their windows on this incident. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "incident.record-report", "s", "report_province"));
  WAIT_UNTIL (find_toplevel (DD_TYPE_REPORT_DIALOG) != NULL);
  gtk_window_destroy (find_toplevel (DD_TYPE_REPORT_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "incident.draft", "s", "initial"));
  WAIT_UNTIL (find_toplevel (DD_TYPE_REPORT_DRAFT_WINDOW) != NULL);
  gtk_window_destroy (find_toplevel (DD_TYPE_REPORT_DRAFT_WINDOW));

  /* Close (confirmed), then reopen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "incident.close", NULL));
  WAIT_UNTIL ((dialog = find_message_dialog ("Close Incident")) != NULL);
  adw_message_dialog_response (dialog, "close");
  WAIT_UNTIL (n_rows (history) == 4);
  detail = read_incident (db, incident_id);
  g_assert_cmpint (detail->state->status, ==, DD_INCIDENT_STATUS_CLOSED);
  g_clear_pointer (&detail, dd_incident_detail_free);
  /* Closed: no clock asks for a report any more. */
  g_assert_null (find_widget_of_type (clocks, GTK_TYPE_BUTTON));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "incident.reopen", NULL));
  WAIT_UNTIL (n_rows (history) == 5);
  detail = read_incident (db, incident_id);
  g_assert_cmpint (detail->state->status, ==, DD_INCIDENT_STATUS_OPEN);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
first_row_is (GListModel *model,
              const char *id)
{
  g_autoptr(DdIncidentSummary) first = NULL;

  if (g_list_model_get_n_items (model) == 0 || !dd_paged_model_is_loaded (DD_PAGED_MODEL (model), 0))
    return FALSE;

  first = g_list_model_get_item (model, 0);
  return g_strcmp0 (dd_incident_summary_get_id (first), id) == 0;
}

/* The sort menu reorders the incidents; the Calls list shows every call
 * with what became of it. */
static void
test_orders_and_calls_list (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "desk.db", NULL);
  g_autofree char *older = make_desk_with_incident (db);   /* grade III, 5 min ago */
  g_autofree char *newer = NULL;
  g_autoptr(DdStoreService) service = NULL;
  GtkColumnView *calls_view;
  GListModel *calls;
  DdWindow *window;
  DdCallsPage *page;

  {
    g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
    g_autoptr(DdStore) store = dd_store_open (db, NULL);
    g_autoptr(DdIncidentEvent) log = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, 0);
    g_autoptr(DdCall) call = NULL;
    g_autoptr(DdCall) wrong = NULL;
    g_autoptr(GError) error = NULL;
    DdCallInput input = { 0, };

    input.channel = DD_CALL_CHANNEL_FAX;
    input.summary = "仓库起火，无人员伤亡";
    input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
    log->subtype = g_strdup ("accident.production_safety");
    call = dd_store_log_call (store, rules, &input, log, &error);
    g_assert_no_error (error);
    newer = g_strdup (dd_call_get_incident_id (call));

    input.channel = DD_CALL_CHANNEL_PHONE;
    input.summary = "打错了";
    input.disposition = DD_CALL_DISPOSITION_NON_INCIDENT;
    input.non_incident_reason = DD_NON_INCIDENT_WRONG_NUMBER;
    wrong = dd_store_log_call (store, rules, &input, NULL, &error);
    g_assert_no_error (error);
  }

  service = dd_store_service_new (db, "test");
  page = open_calls_page (service, fixture, &window);

  WAIT_UNTIL (first_row_is (dd_calls_page_get_model (page), newer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "calls.incident-order", "s", "grade"));
  WAIT_UNTIL (first_row_is (dd_calls_page_get_model (page), older));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "calls.incident-order", "s", "received-desc"));
  WAIT_UNTIL (first_row_is (dd_calls_page_get_model (page), newer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "calls.incident-order", "s", "received"));
  WAIT_UNTIL (first_row_is (dd_calls_page_get_model (page), older));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_widget (GTK_WIDGET (page), "calls-toggle")), TRUE);
  calls_view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), "calls"));
  calls = G_LIST_MODEL (gtk_column_view_get_model (calls_view));
  WAIT_UNTIL (g_list_model_get_n_items (calls) == 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "calls.call-order", "s", "disposition"));
  calls = G_LIST_MODEL (gtk_column_view_get_model (calls_view));
  WAIT_UNTIL (g_list_model_get_n_items (calls) == 3 &&
              dd_paged_model_is_loaded (DD_PAGED_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (calls))), 0));
  {
    g_autoptr(DdCall) last = g_list_model_get_item (calls, 2);

    g_assert_cmpint (dd_call_get_disposition (last), ==, DD_CALL_DISPOSITION_NON_INCIDENT);
  }

  /* Choosing a call of an incident shows the incident. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (calls), 0);
  WAIT_UNTIL (dd_incident_view_get_detail (DD_INCIDENT_VIEW (find_widget (GTK_WIDGET (page), "incident-view"))) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------ search */

static char *screenshot_dir;

static gboolean
on_frame_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
find_label_starting (GtkWidget  *root,
                     const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_starting (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

#define MINUTE_MS G_GINT64_CONSTANT (60000)
#define DAY_MS (24 * 60 * MINUTE_MS)

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* A new incident of @subtype about @division, received at @received_at,
 * with @deaths (-1: not given); returns its call. */
static DdCall *
log_incident_at (DdStore         *store,
                 DdIncidentRules *rules,
                 gint64           received_at,
                 const char      *subtype,
                 const char      *summary,
                 const char      *division,
                 int              deaths)
{
  g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, received_at);
  g_autoptr(GError) error = NULL;
  DdCallInput input = { 0, };
  DdCall *call;

  input.received_at = received_at;
  input.channel = DD_CALL_CHANNEL_PHONE;
  input.summary = summary;
  input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
  event->subtype = g_strdup (subtype);
  if (deaths >= 0)
    dd_facts_set (&event->facts, DD_FACT_DEATHS, deaths);
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DIVISION, division);
  dd_incident_event_set_text (event, DD_INCIDENT_TEXT_DESCRIPTION, summary);
  call = dd_store_log_call (store, rules, &input, event, &error);
  g_assert_no_error (error);

  return call;
}

static void
add_event (DdStore             *store,
           DdIncidentRules     *rules,
           const char          *incident_id,
           DdIncidentEventKind  kind,
           gint64               at,
           DdGrade              grade)
{
  g_autoptr(DdIncidentEvent) event = dd_incident_event_new (NULL, incident_id, kind, at);
  g_autoptr(DdIncidentSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  if (kind == DD_INCIDENT_EVENT_KIND_REGRADE)
    {
      event->grade = grade;
      event->reason = g_strdup ("社会影响大");
    }
  summary = dd_store_add_incident_event (store, rules, event, &error);
  g_assert_no_error (error);
}

static DdStore *
open_new_desk (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = NULL;
  DdStore *store = dd_store_open (db, &error);

  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", "南明区值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  return store;
}

static char *
beijing_day (gint64 ms)
{
  GDate day;

  g_date_clear (&day, 1);
  dd_time_beijing_date (ms, &day);
  return dd_duty_date_to_string (&day);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The incidents the hits of @model belong to, sorted, one string. */
static char *
hit_incidents (GListModel *model)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DdSearchHit) hit = g_list_model_get_item (model, i);
      const char *id = dd_search_hit_get_incident_id (hit);

      if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, (gpointer) g_intern_string (id));
    }
  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", (const char *) g_ptr_array_index (ids, i));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
join_sorted (const char *first,
             ...)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *id = first; id != NULL; id = va_arg (args, const char *))
    g_ptr_array_add (ids, (gpointer) id);
  va_end (args);
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);

  return g_strjoinv (" ", (char **) ids->pdata);
}

/* Whether the search is done and its hits belong to exactly @expected. */
static gboolean
hits_are (DdCallsPage *page,
          const char  *expected)
{
  g_autofree char *got = NULL;

  if (dd_calls_page_get_search_pending (page))
    return FALSE;

  got = hit_incidents (dd_calls_page_get_search_results (page));
  return g_str_equal (got, expected);
}

/* Whether the list @model (not being filtered) holds just the item @id. */
static gboolean
list_is (DdCallsPage *page,
         GListModel  *model,
         const char  *id)
{
  g_autoptr(GObject) item = NULL;
  const char *item_id;

  if (dd_calls_page_get_search_pending (page) || g_list_model_get_n_items (model) != 1)
    return FALSE;

  item = g_list_model_get_item (model, 0);
  item_id = DD_IS_CALL (item) ? dd_call_get_id (DD_CALL (item))
                              : dd_incident_summary_get_id (DD_INCIDENT_SUMMARY (item));
  return g_strcmp0 (item_id, id) == 0;
}

/* The position of @suffix's item in a drop-down of strings. */
static guint
dropdown_position (GtkWidget  *dropdown,
                   const char *suffix)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_has_suffix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), suffix))
      return i;

  g_error ("No “%s” in the drop-down", suffix);
}

static void
set_search_text (DdCallsPage *page,
                 const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (page), "calls-search")), text);
}

/* Filters narrow the search: by grade, division (and those below it),
 * status, category and days; without text, the list shown; the bar says
 * which are set and clears them in one click. */
static void
test_search_filters (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "desk.db", NULL);
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdStoreService) service = NULL;
  g_autoptr(DdCall) a = NULL;
  g_autoptr(DdCall) b = NULL;
  g_autoptr(DdCall) c = NULL;
  g_autofree char *all = NULL;
  g_autofree char *ab = NULL;
  g_autofree char *b_day = NULL;
  GtkWidget *grade_i;
  GtkWidget *division;
  GtkWidget *status;
  GtkWidget *category;
  GtkWidget *bar_clear;
  DdWindow *window;
  DdCallsPage *page;
  gint64 now = now_ms ();

  {
    g_autoptr(DdStore) store = open_new_desk (db);

    /* A: grade III in 南明区, open, today; B: set to grade I, a flood in
     * 花溪区 two days ago; C: grade IV in 遵义市, closed, ten days ago. */
    a = log_incident_at (store, rules, now - 5 * MINUTE_MS, "accident.production_safety",
                         "南明区煤矿透水情况", "520102", 3);
    b = log_incident_at (store, rules, now - 2 * DAY_MS, "natural.flood_drought",
                         "花溪区河道洪水情况", "520111", -1);
    add_event (store, rules, dd_call_get_incident_id (b), DD_INCIDENT_EVENT_KIND_REGRADE,
               now - 2 * DAY_MS + MINUTE_MS, DD_GRADE_I);
    c = log_incident_at (store, rules, now - 10 * DAY_MS, "accident.production_safety",
                         "遵义市厂房火灾情况", "520300", 1);
    add_event (store, rules, dd_call_get_incident_id (c), DD_INCIDENT_EVENT_KIND_CLOSE,
               now - 10 * DAY_MS + 60 * MINUTE_MS, DD_GRADE_NONE);
  }
  all = join_sorted (dd_call_get_incident_id (a), dd_call_get_incident_id (b), dd_call_get_incident_id (c), NULL);
  ab = join_sorted (dd_call_get_incident_id (a), dd_call_get_incident_id (b), NULL);
  b_day = beijing_day (now - 2 * DAY_MS);

  service = dd_store_service_new (db, "test");
  page = open_calls_page (service, fixture, &window);
  grade_i = find_widget (GTK_WIDGET (page), "calls-filter-grade-I");
  division = find_widget (GTK_WIDGET (page), "calls-filter-division");
  status = find_widget (GTK_WIDGET (page), "calls-filter-status");
  category = find_widget (GTK_WIDGET (page), "calls-filter-category");
  bar_clear = find_widget (GTK_WIDGET (page), "calls-clear-filters");
  g_assert_nonnull (grade_i);
  g_assert_nonnull (bar_clear);
  WAIT_UNTIL (g_list_model_get_n_items (dd_calls_page_get_model (page)) == 3);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find_widget (GTK_WIDGET (page), "calls-search-bar"))));

  /* The text finds the three; each filter narrows them. */
  set_search_text (page, "情况");
  WAIT_UNTIL (hits_are (page, all));
  g_assert_true (gtk_widget_is_visible (find_widget (GTK_WIDGET (page), "search-results")));
  g_assert_false (gtk_widget_is_visible (find_widget (GTK_WIDGET (page), "incidents")));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (grade_i), TRUE);
  WAIT_UNTIL (hits_are (page, dd_call_get_incident_id (b)));
  g_assert_cmpuint (dd_calls_page_get_n_filters (page), ==, 1);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (find_widget (GTK_WIDGET (page), "calls-search-bar"))));
  g_assert_true (gtk_widget_get_visible (bar_clear));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_widget (GTK_WIDGET (page), "calls-filter-summary"))),
                            "Grade I"));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (find_widget (GTK_WIDGET (page), "calls-filter-button"))),
                   ==, "_Filters (1)");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (grade_i), FALSE);
  WAIT_UNTIL (hits_are (page, all));

  /* 贵阳市 holds 南明区 and 花溪区. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (division), dropdown_position (division, "(520100)"));
  WAIT_UNTIL (hits_are (page, ab));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (division), 0);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), 2);   /* Closed */
  WAIT_UNTIL (hits_are (page, dd_call_get_incident_id (c)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), 1);   /* Open */
  WAIT_UNTIL (hits_are (page, ab));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), 0);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (category), dropdown_position (category, "自然灾害"));
  WAIT_UNTIL (hits_are (page, dd_call_get_incident_id (b)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (category), 0);

  /* Days: B's day only; a day that does not read is not applied. */
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (page), "calls-filter-from")), b_day);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (page), "calls-filter-to")), b_day);
  WAIT_UNTIL (hits_are (page, dd_call_get_incident_id (b)));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (page), "calls-filter-to")), "2026-13-45");
  g_assert_true (gtk_widget_has_css_class (find_widget (GTK_WIDGET (page), "calls-filter-to"), "error"));
  WAIT_UNTIL (hits_are (page, ab));   /* from B's day on */

  /* Clear Filters: every filter off in one click. */
  gtk_widget_activate (bar_clear);
  WAIT_UNTIL (dd_calls_page_get_n_filters (page) == 0);
  WAIT_UNTIL (hits_are (page, all));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (page), "calls-filter-from"))), ==, "");
  g_assert_false (gtk_widget_get_visible (bar_clear));
  g_assert_false (gtk_widget_has_css_class (find_widget (GTK_WIDGET (page), "calls-filter-to"), "error"));

  /* Without text the filters narrow the list shown: the incidents… */
  set_search_text (page, "");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_widget (GTK_WIDGET (page), "calls-filter-grade-III")), TRUE);
  WAIT_UNTIL (list_is (page, dd_calls_page_get_model (page), dd_call_get_incident_id (a)));
  g_assert_true (gtk_widget_is_visible (find_widget (GTK_WIDGET (page), "incidents")));
  g_assert_false (gtk_widget_is_visible (find_widget (GTK_WIDGET (page), "search-results")));
  /* …or the calls. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_widget (GTK_WIDGET (page), "calls-toggle")), TRUE);
  WAIT_UNTIL (list_is (page, dd_calls_page_get_calls_model (page), dd_call_get_id (a)));

  /* Cleared: the whole lists again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "calls.clear-filters", NULL));
  g_assert_cmpuint (dd_calls_page_get_n_filters (page), ==, 0);
  WAIT_UNTIL (DD_IS_PAGED_MODEL (dd_calls_page_get_calls_model (page)) &&
              g_list_model_get_n_items (dd_calls_page_get_calls_model (page)) == 3);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_widget (GTK_WIDGET (page), "incidents-toggle")), TRUE);
  WAIT_UNTIL (DD_IS_PAGED_MODEL (dd_calls_page_get_model (page)) &&
              g_list_model_get_n_items (dd_calls_page_get_model (page)) == 3);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find_widget (GTK_WIDGET (page), "calls-search-bar"))));
  g_assert_false (gtk_widget_get_visible (bar_clear));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The position of the hit of @kind and @id in the results, or -1. */
static int
hit_position (DdCallsPage  *page,
              DdSearchKind  kind,
              const char   *id)
{
  GListModel *model = dd_calls_page_get_search_results (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DdSearchHit) hit = g_list_model_get_item (model, i);

      if (dd_search_hit_get_kind (hit) == kind && g_str_equal (dd_search_hit_get_id (hit), id))
        return (int) i;
    }

  return -1;
}

static void
activate_hit (DdCallsPage  *page,
              DdSearchKind  kind,
              const char   *id)
{
  int position = hit_position (page, kind, id);

  g_assert_cmpint (position, >=, 0);
  g_signal_emit_by_name (find_widget (GTK_WIDGET (page), "search-results"), "activate", (guint) position);
}

/* Whether the focus is in the Duty Log row of item @id. */
static gboolean
focus_in_row_of (DdWindow   *window,
                 const char *id)
{
  for (GtkWidget *w = gtk_root_get_focus (GTK_ROOT (window)); w != NULL; w = gtk_widget_get_parent (w))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (w), "dd-item-id"), id) == 0)
      return TRUE;

  return FALSE;
}

/* As its Close button does: the response, then the dialog closes. */
static void
close_message_dialog (AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The desk of the search screenshots and of the hits of every kind: a
 * flood incident (with its call), a non-incident enquiry, today's log
 * entry and instruction, and a log entry and an instruction of earlier
 * duty days, all about 防汛 (flood control). */
typedef struct
{
  DdCall        *incident_call;
  DdCall        *enquiry;
  DdLogEntry    *entry;
  DdLogEntry    *old_entry;
  DdInstruction *instruction;
  DdInstruction *old_instruction;
} FloodDesk;

static void
flood_desk_clear (FloodDesk *desk)
{
  g_clear_object (&desk->incident_call);
  g_clear_object (&desk->enquiry);
  g_clear_pointer (&desk->entry, dd_log_entry_free);
  g_clear_pointer (&desk->old_entry, dd_log_entry_free);
  g_clear_pointer (&desk->instruction, dd_instruction_free);
  g_clear_pointer (&desk->old_instruction, dd_instruction_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FloodDesk, flood_desk_clear)

static void
make_flood_desk (const char *db,
                 FloodDesk  *desk)
{
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdStore) store = open_new_desk (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdLogEntry) entry = NULL;
  g_autoptr(DdLogEntry) old_entry = NULL;
  g_autoptr(DdInstruction) instruction = NULL;
  g_autoptr(DdInstruction) old_instruction = NULL;
  g_autoptr(DdInstruction) done = NULL;
  g_autoptr(DdCall) other = NULL;
  DdCallInput input = { 0, };
  gint64 now = now_ms ();

  desk->incident_call = log_incident_at (store, rules, now - 30 * MINUTE_MS, "natural.flood_drought",
                                         "花溪区河道水位上涨，防汛形势严峻", "520111", -1);
  add_event (store, rules, dd_call_get_incident_id (desk->incident_call), DD_INCIDENT_EVENT_KIND_REGRADE,
             now - 25 * MINUTE_MS, DD_GRADE_III);
  other = log_incident_at (store, rules, now - 3 * DAY_MS, "accident.production_safety",
                           "南明区煤矿透水，防汛排水泵站受损", "520102", 3);

  input.received_at = now - 10 * MINUTE_MS;
  input.channel = DD_CALL_CHANNEL_PHONE;
  input.caller_name = "张三";
  input.caller_phone = "13800001234";
  input.summary = "咨询防汛物资储备点的位置";
  input.disposition = DD_CALL_DISPOSITION_NON_INCIDENT;
  input.non_incident_reason = DD_NON_INCIDENT_ENQUIRY;
  desk->enquiry = dd_store_log_call (store, rules, &input, NULL, &error);
  g_assert_no_error (error);

  entry = dd_log_entry_new (NULL, 0, "检查防汛值班电话畅通");
  entry->author = g_strdup ("李四");
  desk->entry = dd_store_add_log_entry (store, entry, &error);
  g_assert_no_error (error);
  old_entry = dd_log_entry_new (NULL, now - 3 * DAY_MS, "防汛物资清点完毕");
  old_entry->author = g_strdup ("王五");
  desk->old_entry = dd_store_add_log_entry (store, old_entry, &error);
  g_assert_no_error (error);

  instruction = dd_instruction_new (NULL, "做好防汛准备，随时报告水情", "刘局长", now - 5 * MINUTE_MS);
  instruction->incident_id = g_strdup (dd_call_get_incident_id (desk->incident_call));
  desk->instruction = dd_store_add_instruction (store, instruction, &error);
  g_assert_no_error (error);
  old_instruction = dd_instruction_new (NULL, "核查防汛责任人名单", "刘局长", now - 4 * DAY_MS);
  done = dd_store_add_instruction (store, old_instruction, &error);
  g_assert_no_error (error);
  desk->old_instruction = dd_store_complete_instruction (store, done->id, now - 3 * DAY_MS, NULL, &error);
  g_assert_no_error (error);
}

/* A search lists hits of every kind (incidents, calls that are no
 * incident's, log entries, instructions); activating one opens what it
 * belongs to. */
static void
test_search_every_kind (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "desk.db", NULL);
  g_auto(FloodDesk) desk = { 0, };
  g_autoptr(DdStoreService) service = NULL;
  DdIncidentView *view;
  AdwMessageDialog *dialog;
  DdWindow *window;
  DdCallsPage *page;
  const char *incident_id;

  make_flood_desk (db, &desk);
  incident_id = dd_call_get_incident_id (desk.incident_call);
  service = dd_store_service_new (db, "test");
  page = open_calls_page (service, fixture, &window);
  view = DD_INCIDENT_VIEW (find_widget (GTK_WIDGET (page), "incident-view"));

  set_search_text (page, "防汛");
  WAIT_UNTIL (!dd_calls_page_get_search_pending (page) &&
              hit_position (page, DD_SEARCH_KIND_LOG, desk.old_entry->id) >= 0);
  g_assert_cmpint (hit_position (page, DD_SEARCH_KIND_INCIDENT, incident_id), >=, 0);
  g_assert_cmpint (hit_position (page, DD_SEARCH_KIND_CALL, dd_call_get_id (desk.incident_call)), >=, 0);
  g_assert_cmpint (hit_position (page, DD_SEARCH_KIND_CALL, dd_call_get_id (desk.enquiry)), >=, 0);
  g_assert_cmpint (hit_position (page, DD_SEARCH_KIND_LOG, desk.entry->id), >=, 0);
  g_assert_cmpint (hit_position (page, DD_SEARCH_KIND_INSTRUCTION, desk.instruction->id), >=, 0);
  g_assert_cmpint (hit_position (page, DD_SEARCH_KIND_INSTRUCTION, desk.old_instruction->id), >=, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_widget (GTK_WIDGET (page), "calls-search-status"))),
                   ==, "11 results");

  /* An incident's hit: the incident, in the view; the results stay. */
  activate_hit (page, DD_SEARCH_KIND_INCIDENT, incident_id);
  WAIT_UNTIL (dd_incident_view_get_detail (view) != NULL &&
              g_strcmp0 (dd_incident_view_get_incident_id (view), incident_id) == 0);
  g_assert_cmpuint (g_list_model_get_n_items (dd_calls_page_get_search_results (page)), ==, 11);

  /* A call that is no incident's: its details. */
  activate_hit (page, DD_SEARCH_KIND_CALL, dd_call_get_id (desk.enquiry));
  WAIT_UNTIL ((dialog = find_message_dialog ("Call")) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Enquiry"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "张三"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "咨询防汛物资储备点的位置"));
  close_message_dialog (dialog);

  /* Today's log entry and instruction: their rows in the Duty Log. */
  activate_hit (page, DD_SEARCH_KIND_LOG, desk.entry->id);
  WAIT_UNTIL (g_strcmp0 (dd_window_get_section (window), "duty-log") == 0);
  WAIT_UNTIL (focus_in_row_of (window, desk.entry->id));

  dd_window_set_section (window, "calls");
  activate_hit (page, DD_SEARCH_KIND_INSTRUCTION, desk.instruction->id);
  WAIT_UNTIL (g_strcmp0 (dd_window_get_section (window), "duty-log") == 0);
  WAIT_UNTIL (focus_in_row_of (window, desk.instruction->id));

  /* Of earlier duty days (the Duty Log lists the current one): details. */
  dd_window_set_section (window, "calls");
  activate_hit (page, DD_SEARCH_KIND_LOG, desk.old_entry->id);
  WAIT_UNTIL ((dialog = find_message_dialog ("Log Entry")) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "王五"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "防汛物资清点完毕"));
  close_message_dialog (dialog);
  g_assert_cmpstr (dd_window_get_section (window), ==, "calls");

  activate_hit (page, DD_SEARCH_KIND_INSTRUCTION, desk.old_instruction->id);
  WAIT_UNTIL ((dialog = find_message_dialog ("Leader Instruction")) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "刘局长"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Done "));
  close_message_dialog (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The countdown of an incident's next deadline is "due soon" from that
 * clock's warning time by the reporting rules: a quarter of a 20-minute
 * limit (5 minutes), at most 10 minutes of a 2-hour one. */
static void
test_countdown_warning (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "desk.db", NULL);
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdStoreService) service = NULL;
  g_autoptr(DdCall) major = NULL;
  g_autoptr(DdCall) larger = NULL;
  g_autoptr(DdIncidentDetail) major_detail = NULL;
  g_autoptr(DdIncidentDetail) larger_detail = NULL;
  GtkWidget *major_label = NULL;
  GtkWidget *larger_label = NULL;
  DdWindow *window;
  DdCallsPage *page;
  gint64 now = now_ms ();

  {
    g_autoptr(DdStore) store = open_new_desk (db);

    /* Grade II (10 deaths): province within 20 minutes, 7 minutes left;
     * grade III (3 deaths): within 2 hours, 9 minutes left. */
    major = log_incident_at (store, rules, now - 13 * MINUTE_MS, "accident.production_safety",
                             "煤矿瓦斯爆炸，10人死亡", "520102", 10);
    larger = log_incident_at (store, rules, now - 111 * MINUTE_MS, "accident.production_safety",
                              "煤矿透水，3人死亡", "520102", 3);
  }
  major_detail = read_incident (db, dd_call_get_incident_id (major));
  larger_detail = read_incident (db, dd_call_get_incident_id (larger));
  g_assert_cmpint (dd_incident_summary_get_grade (major_detail->summary), ==, DD_GRADE_II);
  g_assert_cmpint (dd_incident_summary_get_grade (larger_detail->summary), ==, DD_GRADE_III);
  {
    DdReportClock *clock = dd_reporting_result_find (major_detail->reporting, "report_province");

    g_assert_cmpint (clock->due_at - clock->warn_at, ==, 5 * MINUTE_MS);
    clock = dd_reporting_result_find (larger_detail->reporting, "report_province");
    g_assert_cmpint (clock->due_at - clock->warn_at, ==, 10 * MINUTE_MS);
  }

  service = dd_store_service_new (db, "test");
  page = open_calls_page (service, fixture, &window);
  WAIT_UNTIL ((major_label = find_label_starting (GTK_WIDGET (page), "06:")) != NULL ||
              (major_label = find_label_starting (GTK_WIDGET (page), "07:")) != NULL);
  WAIT_UNTIL ((larger_label = find_label_starting (GTK_WIDGET (page), "08:")) != NULL ||
              (larger_label = find_label_starting (GTK_WIDGET (page), "09:")) != NULL);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (major_label)), " left"));

  /* Seven minutes before a 20-minute deadline is not yet due soon (a
   * fixed ten minutes said it was); nine before a 2-hour one is. */
  WAIT_UNTIL (!gtk_widget_has_css_class (major_label, "warning"));
  g_assert_true (gtk_widget_has_css_class (larger_label, "warning"));
  g_assert_false (gtk_widget_has_css_class (major_label, "error"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Renders @widget's window, and @popover (nullable) open over it where
 * it is, to dir/NAME[-zh_CN].png once they have drawn a few frames. (A
 * shot of the X screen would draw a popover's shadow black: Xvfb has no
 * compositor.) */
static void
screenshot (GtkWidget  *widget,
            GtkWidget  *popover,
            const char *name)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  const char *language = g_getenv ("LANGUAGE");
  guint frames = 0;
  guint tick;
  int width;
  int height;

  tick = gtk_widget_add_tick_callback (window, on_frame_tick_cb, &frames, NULL);
  WAIT_UNTIL (frames >= 30);
  gtk_widget_remove_tick_callback (window, tick);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);

  if (popover != NULL)
    {
      g_autoptr(GdkPaintable) popover_paintable = gtk_widget_paintable_new (popover);
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
      double window_x, window_y, popover_x, popover_y;

      /* The popup's place on the window's surface, less the margins
       * (shadows) around each widget on its surface. */
      gtk_native_get_surface_transform (GTK_NATIVE (window), &window_x, &window_y);
      gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_x, &popover_y);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (gdk_popup_get_position_x (GDK_POPUP (surface)) + popover_x - window_x,
                                                    gdk_popup_get_position_y (GDK_POPUP (surface)) + popover_y - window_y));
      gdk_paintable_snapshot (popover_paintable, GDK_SNAPSHOT (snapshot),
                              gtk_widget_get_width (popover), gtk_widget_get_height (popover));
      gtk_snapshot_restore (snapshot);
    }

  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (language != NULL && g_str_has_prefix (language, "zh_CN"))
    file = g_strdup_printf ("%s-zh_CN.png", name);
  else
    file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (screenshot_dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}

/* The section searching with a filter set and the filters open, in the
 * language of the run (duty-desk-calls-search[-zh_CN].png). */
static void
test_search_screenshot (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "desk.db", NULL);
  g_auto(FloodDesk) desk = { 0, };
  g_autoptr(DdStoreService) service = NULL;
  g_autofree char *week_ago = NULL;
  GtkWidget *popover;
  DdWindow *window;
  DdCallsPage *page;

  make_flood_desk (db, &desk);
  service = dd_store_service_new (db, "test");
  window = dd_window_new (NULL, service);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (dd_window_get_view (window), "main") == 0);
  dd_window_set_section (window, "calls");
  page = DD_CALLS_PAGE (find_widget (GTK_WIDGET (window), "calls-page"));

  set_search_text (page, "防汛");
  week_ago = beijing_day (now_ms () - 7 * DAY_MS);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (page), "calls-filter-from")), week_ago);
  WAIT_UNTIL (!dd_calls_page_get_search_pending (page) &&
              g_list_model_get_n_items (dd_calls_page_get_search_results (page)) == 11);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (
                                       GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), "search-results")))),
                                     (guint) hit_position (page, DD_SEARCH_KIND_INCIDENT,
                                                           dd_call_get_incident_id (desk.incident_call)));
  WAIT_UNTIL (dd_incident_view_get_detail (DD_INCIDENT_VIEW (find_widget (GTK_WIDGET (page), "incident-view"))) != NULL);
  screenshot (GTK_WIDGET (page), NULL, "duty-desk-calls-search");

  /* Grade III too: the two incidents' hits and the instruction about one. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_widget (GTK_WIDGET (page), "calls-filter-grade-III")), TRUE);
  WAIT_UNTIL (!dd_calls_page_get_search_pending (page) &&
              g_list_model_get_n_items (dd_calls_page_get_search_results (page)) == 7);
  gtk_menu_button_popup (GTK_MENU_BUTTON (find_widget (GTK_WIDGET (page), "calls-filter-button")));
  popover = find_widget (GTK_WIDGET (page), "calls-filter-popover");
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  screenshot (GTK_WIDGET (page), popover, "duty-desk-calls-filters");
  gtk_popover_popdown (GTK_POPOVER (popover));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_format_countdown (void)
{
  g_autofree char *left = dd_calls_page_format_countdown (1000000 + 754 * 1000, 1000000);
  g_autofree char *over = dd_calls_page_format_countdown (1000000, 1000000 + 3 * 60000 + 5000);
  g_autofree char *none = dd_calls_page_format_countdown (0, 1000000);

  g_assert_cmpstr (left, ==, "12:34 left");
  g_assert_cmpstr (over, ==, "overdue 3 min");
  g_assert_cmpstr (none, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("DUTY_DESK_LOCALEDIR");
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* "test-calls [-p PATH…] LANGUAGE LOCALEDIR": the screenshots in
   * another language, with the translations of the build tree. */
  if (argc >= 3)
    {
      g_setenv ("LANGUAGE", argv[1], TRUE);
      localedir = argv[2];
    }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A GUI test that cannot open a display fails; it never skips. */
  if (!gtk_init_check ())
    {
      g_printerr ("Cannot open a display: run under xvfb-run\n");
      return 1;
    }
  adw_init ();

  screenshot_dir = g_path_get_dirname (argv[0]);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/gui/calls/form-tab-order", test_form_tab_order);
  ADD ("/gui/calls/form-grade-preview", test_form_grade_preview);
  ADD ("/gui/calls/form-draft", test_form_draft);
  ADD ("/gui/calls/save-shows-incident", test_save_shows_incident);
  ADD ("/gui/calls/follow-up-and-non-incident", test_follow_up_and_non_incident);
  ADD ("/gui/calls/incident-view", test_incident_view);
  ADD ("/gui/calls/orders-and-calls-list", test_orders_and_calls_list);
  ADD ("/gui/calls/search-filters", test_search_filters);
  ADD ("/gui/calls/search-every-kind", test_search_every_kind);
  ADD ("/gui/calls/countdown-warning", test_countdown_warning);
  ADD ("/gui/calls/screenshots/search", test_search_screenshot);
  g_test_add_func ("/gui/calls/format-countdown", test_format_countdown);

#undef ADD

  ret = g_test_run ();
  g_free (screenshot_dir);

  return ret;
}
