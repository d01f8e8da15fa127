/* test-incident-editor.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The incident editor ("Update Incident") opened from the incident view,
 * on a real temporary desk, under Xvfb.
 */

#include "config.h"

#include <adwaita.h>

#include "dd-division.h"
#include "dd-incident-editor.h"
#include "dd-incident-store.h"
#include "dd-incident-view.h"
#include "dd-reporting-ui.h"
#include "dd-store.h"
#include "dd-store-service.h"
#include "dd-taxonomy.h"
#include "dd-time.h"

#define WAIT_TIMEOUT_S 30
#include "gui-test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *incident_id;
  gint64 occurred_at;
} Fixture;

/* A desk at 520102 with one incident logged five minutes ago: 3 dead,
 * its place, division and scope given. */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdIncidentEvent) log = NULL;
  g_autoptr(DdCall) call = NULL;
  g_autoptr(GError) error = NULL;
  DdCallInput input = { 0, };

  fixture->dir = g_dir_make_tmp ("duty-desk-editor-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "desk.db", NULL);

  store = dd_store_open (fixture->db, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", "南明区值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  input.received_at = (g_get_real_time () / 60000000 - 5) * 60000;
  input.channel = DD_CALL_CHANNEL_PHONE;
  input.summary = "煤矿透水，3人死亡";
  input.disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
  log = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, input.received_at);
  log->subtype = g_strdup ("accident.production_safety");
  fixture->occurred_at = input.received_at - 30 * 60000;
  log->occurred_at = fixture->occurred_at;
  dd_facts_set_from_string (&log->facts, DD_FACT_DEATHS, "3", NULL);
  dd_incident_event_set_text (log, DD_INCIDENT_TEXT_DESCRIPTION, "煤矿透水，3人死亡");
  dd_incident_event_set_text (log, DD_INCIDENT_TEXT_LOCATION, "南明区某煤矿");
  dd_incident_event_set_text (log, DD_INCIDENT_TEXT_DIVISION, "520102");
  dd_incident_event_set_text (log, DD_INCIDENT_TEXT_SCOPE, "井下作业面");
  call = dd_store_log_call (store, rules, &input, log, &error);
  g_assert_no_error (error);
  fixture->incident_id = g_strdup (dd_call_get_incident_id (call));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->incident_id);
  g_free (fixture->db);
  g_free (fixture->dir);
}

static DdIncidentDetail *
read_incident (Fixture *fixture)
{
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DdIncidentDetail *detail;

  store = dd_store_open (fixture->db, &error);
  g_assert_no_error (error);
  detail = dd_store_get_incident (store, rules, fixture->incident_id, 0, &error);
  g_assert_no_error (error);

  return detail;
}

static guint
n_events (Fixture *fixture)
{
  g_autoptr(DdIncidentDetail) detail = read_incident (fixture);

  return detail->state->history->len;
}

static GtkWidget *
field (DdIncidentEditor *editor,
       const char       *name)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (editor), name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
entry_text (DdIncidentEditor *editor,
            const char       *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (field (editor, name)));
}

static void
set_entry (DdIncidentEditor *editor,
           const char       *name,
           const char       *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field (editor, name)), text);
}

static char *
view_text (DdIncidentEditor *editor,
           const char       *name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field (editor, name)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_view (DdIncidentEditor *editor,
          const char       *name,
          const char       *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field (editor, name))), text, -1);
}

static const char *
error_text (DdIncidentEditor *editor)
{
  GtkWidget *label = field (editor, "form-error");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static DdIncidentEditor *
open_editor (DdIncidentView *view)
{
  DdIncidentEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "incident.edit", NULL));
  WAIT_UNTIL (find_toplevel (DD_TYPE_INCIDENT_EDITOR) != NULL);
  editor = DD_INCIDENT_EDITOR (find_toplevel (DD_TYPE_INCIDENT_EDITOR));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (editor)));

  return editor;
}

/* The editor opens filled with the incident as known; unchanged, a bad
 * time or a cleared fact are refused and write nothing; a save appends
 * one UPDATE event with only what changed, and the view's history shows
 * it; Escape after an edit asks before anything is lost. */
static void
test_update_incident (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DdStoreService) service = dd_store_service_new (fixture->db, "test");
  g_autoptr(DdIncidentRules) rules = dd_reporting_ui_load_rules ();
  g_autoptr(DdIncidentDetail) detail = NULL;
  g_autofree char *occurred = dd_time_format_minutes (fixture->occurred_at);
  g_autofree char *scope = NULL;
  g_autofree char *description = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  DdIncidentView *view = g_object_new (DD_TYPE_INCIDENT_VIEW, NULL);
  DdIncidentEditor *editor;
  GtkWidget *history;
  DdDivision *division;
  DdSubtype *subtype;
  const DdIncidentEvent *event;
  AdwMessageDialog *dialog;

  dd_incident_view_set_rules (view, rules);
  g_object_set (view, "service", service, "officer", "李四", NULL);
  dd_incident_view_set_incident_id (view, fixture->incident_id);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  WAIT_UNTIL (dd_incident_view_get_detail (view) != NULL);
  history = find_widget (GTK_WIDGET (view), "incident-history");
  g_assert_nonnull (history);
  g_assert_cmpuint (count_children (history), ==, 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (view), "incident-edit"));

  /* Filled with what is known; received now. */
  editor = open_editor (view);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == window);
  g_assert_cmpstr (entry_text (editor, "deaths"), ==, "3");
  g_assert_cmpstr (entry_text (editor, "injured"), ==, "");
  g_assert_cmpstr (entry_text (editor, "location"), ==, "南明区某煤矿");
  g_assert_cmpstr (entry_text (editor, "occurred"), ==, occurred);
  g_assert_cmpstr (entry_text (editor, "source"), ==, "");
  g_assert_cmpuint (strlen (entry_text (editor, "received")), ==, strlen ("2026-01-01 00:00"));
  scope = view_text (editor, "scope");
  g_assert_cmpstr (scope, ==, "井下作业面");
  description = view_text (editor, "description");
  g_assert_cmpstr (description, ==, "煤矿透水，3人死亡");
  division = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (field (editor, "division")));
  g_assert_nonnull (division);
  g_assert_cmpstr (dd_division_get_code (division), ==, "520102");
  subtype = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (field (editor, "subtype")));
  g_assert_nonnull (subtype);
  g_assert_cmpstr (dd_subtype_get_id (subtype), ==, "accident.production_safety");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (field (editor, "density"))), ==, 0);
  g_assert_false (dd_incident_editor_get_edited (editor));

  /* Nothing changed: refused, nothing written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "incident-editor.save", NULL));
  g_assert_nonnull (error_text (editor));
  g_assert_nonnull (strstr (error_text (editor), "Nothing has changed"));
  g_assert_cmpuint (n_events (fixture), ==, 1);

  /* A bad occurred time: refused with its message, nothing written. */
  set_entry (editor, "occurred", "2026-13-40 25:61");
  g_assert_true (dd_incident_editor_get_edited (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "incident-editor.save", NULL));
  g_assert_nonnull (strstr (error_text (editor), "occurred time"));
  g_assert_nonnull (strstr (error_text (editor), "YYYY-MM-DD HH:MM"));
  g_assert_cmpuint (n_events (fixture), ==, 1);
  set_entry (editor, "occurred", occurred);

  /* A bad received time too. */
  set_entry (editor, "received", "yesterday");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "incident-editor.save", NULL));
  g_assert_nonnull (strstr (error_text (editor), "received time"));
  g_assert_cmpuint (n_events (fixture), ==, 1);
  {
    g_autofree char *now = dd_time_format_minutes (g_get_real_time () / 1000);

    set_entry (editor, "received", now);
  }

  /* A fact given before cannot be emptied; a fact must be a number. */
  set_entry (editor, "deaths", "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "incident-editor.save", NULL));
  g_assert_nonnull (strstr (error_text (editor), "cannot be left empty"));
  set_entry (editor, "deaths", "many");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "incident-editor.save", NULL));
  g_assert_nonnull (error_text (editor));
  g_assert_cmpuint (n_events (fixture), ==, 1);

  /* Save the changes: one UPDATE event with only them. */
  set_entry (editor, "deaths", "5");
  set_entry (editor, "trapped", "2");
  set_entry (editor, "location", "南明区某煤矿");   /* unchanged */
  set_entry (editor, "source", "矿方调度室电话");
  set_view (editor, "trend", "水位仍在上涨");
  set_view (editor, "measures", "抽排水，组织救援");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field (editor, "density")), DD_POPULATION_DENSITY_DENSE);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "incident-editor.save", NULL));
  WAIT_UNTIL (editor == NULL);
  WAIT_UNTIL (count_children (history) == 2);
  {
    /* Newest first: the update, with what it gave. */
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_first_child (history)));

    g_assert_nonnull (strstr (subtitle, "水位仍在上涨"));
    g_assert_nonnull (strstr (subtitle, "5"));
  }

  detail = read_incident (fixture);
  g_assert_cmpuint (detail->state->history->len, ==, 2);
  event = ((DdIncidentHistoryEntry *) g_ptr_array_index (detail->state->history, 1))->event;
  g_assert_cmpint (event->kind, ==, DD_INCIDENT_EVENT_KIND_UPDATE);
  g_assert_cmpstr (event->recorded_by, ==, "李四");
  g_assert_cmpuint (event->facts.known, ==,
                    (1u << DD_FACT_DEATHS) | (1u << DD_FACT_TRAPPED) | (1u << DD_FACT_DENSITY));
  g_assert_cmpfloat (dd_facts_get_value (&event->facts, DD_FACT_DEATHS), ==, 5);
  g_assert_cmpfloat (dd_facts_get_value (&event->facts, DD_FACT_TRAPPED), ==, 2);
  g_assert_cmpint (dd_facts_get_density (&event->facts), ==, DD_POPULATION_DENSITY_DENSE);
  g_assert_cmpstr (event->texts[DD_INCIDENT_TEXT_TREND], ==, "水位仍在上涨");
  g_assert_cmpstr (event->texts[DD_INCIDENT_TEXT_MEASURES], ==, "抽排水，组织救援");
  g_assert_cmpstr (event->texts[DD_INCIDENT_TEXT_SOURCE], ==, "矿方调度室电话");
  g_assert_null (event->texts[DD_INCIDENT_TEXT_LOCATION]);
  g_assert_null (event->texts[DD_INCIDENT_TEXT_DIVISION]);
  g_assert_null (event->texts[DD_INCIDENT_TEXT_SCOPE]);
  g_assert_null (event->texts[DD_INCIDENT_TEXT_DESCRIPTION]);
  g_assert_null (event->texts[DD_INCIDENT_TEXT_LEADERS]);
  g_assert_null (event->subtype);
  g_assert_cmpint (event->occurred_at, ==, 0);
  g_assert_cmpstr (dd_incident_state_get_text (detail->state, DD_INCIDENT_TEXT_SCOPE), ==, "井下作业面");
  g_clear_pointer (&detail, dd_incident_detail_free);

  /* Reopened, it shows the new values; the occurred time and division
   * change alone. */
  WAIT_UNTIL (dd_incident_view_get_detail (view) != NULL &&
              dd_incident_view_get_detail (view)->state->history->len == 2);
  editor = open_editor (view);
  g_assert_cmpstr (entry_text (editor, "deaths"), ==, "5");
  g_assert_cmpstr (entry_text (editor, "source"), ==, "矿方调度室电话");
  set_entry (editor, "occurred", "2026-01-02 03:04");
  {
    GListModel *divisions = gtk_drop_down_get_model (GTK_DROP_DOWN (field (editor, "division")));

    for (guint i = 0; i < g_list_model_get_n_items (divisions); i++)
      {
        g_autoptr(DdDivision) item = g_list_model_get_item (divisions, i);

        if (g_strcmp0 (dd_division_get_code (item), "520111") == 0)
          gtk_drop_down_set_selected (GTK_DROP_DOWN (field (editor, "division")), i);
      }
  }
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "incident-editor.save", NULL));
  WAIT_UNTIL (editor == NULL);
  WAIT_UNTIL (count_children (history) == 3);
  detail = read_incident (fixture);
  event = ((DdIncidentHistoryEntry *) g_ptr_array_index (detail->state->history, 2))->event;
  g_assert_cmpuint (event->facts.known, ==, 0);
  g_assert_cmpstr (event->texts[DD_INCIDENT_TEXT_DIVISION], ==, "520111");
  g_assert_null (event->texts[DD_INCIDENT_TEXT_SOURCE]);
  {
    gint64 expected;

    g_assert_true (dd_time_parse_minutes ("2026-01-02 03:04", &expected));
    g_assert_cmpint (event->occurred_at, ==, expected);
    g_assert_cmpint (detail->state->occurred_at, ==, expected);
  }
  g_clear_pointer (&detail, dd_incident_detail_free);

  /* Escape (closing) after an edit asks; discarding writes nothing. */
  WAIT_UNTIL (dd_incident_view_get_detail (view) != NULL &&
              dd_incident_view_get_detail (view)->state->history->len == 3);
  editor = open_editor (view);
  set_view (editor, "leaders", "副市长到场");
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  gtk_window_close (GTK_WINDOW (editor));
  WAIT_UNTIL ((dialog = find_message_dialog ("Discard")) != NULL);
  g_assert_nonnull (editor);
  adw_message_dialog_response (dialog, "cancel");
  g_assert_nonnull (editor);
  gtk_window_close (GTK_WINDOW (editor));
  WAIT_UNTIL ((dialog = find_message_dialog ("Discard")) != NULL);
  adw_message_dialog_response (dialog, "discard");
  WAIT_UNTIL (editor == NULL);
  g_assert_cmpuint (n_events (fixture), ==, 3);

  /* Unedited, it closes at once. */
  editor = open_editor (view);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  gtk_window_close (GTK_WINDOW (editor));
  WAIT_UNTIL (editor == NULL);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/incident-editor/update", Fixture, NULL,
              fixture_setup, test_update_incident, fixture_teardown);

  return g_test_run ();
}
