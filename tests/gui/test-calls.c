/* test-calls.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call intake form and the Calls & Incidents section, on real
 * temporary files and databases, under Xvfb.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "dd-call-form.h"
#include "dd-calls-page.h"
#include "dd-directory.h"
#include "dd-incident-store.h"
#include "dd-incident-view.h"
#include "dd-paged-model.h"
#include "dd-report-dialog.h"
#include "dd-report-draft-window.h"
#include "dd-store.h"
#include "dd-store-service.h"
#include "dd-reporting-ui.h"
#include "dd-taxonomy.h"
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
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/gui/calls/form-tab-order", test_form_tab_order);
  ADD ("/gui/calls/form-grade-preview", test_form_grade_preview);
  ADD ("/gui/calls/form-draft", test_form_draft);
  ADD ("/gui/calls/save-shows-incident", test_save_shows_incident);
  ADD ("/gui/calls/follow-up-and-non-incident", test_follow_up_and_non_incident);
  ADD ("/gui/calls/incident-view", test_incident_view);
  ADD ("/gui/calls/orders-and-calls-list", test_orders_and_calls_list);
  g_test_add_func ("/gui/calls/format-countdown", test_format_countdown);

#undef ADD

  return g_test_run ();
}
