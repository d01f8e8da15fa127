/* test-gui.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real widgets on real temporary databases, under Xvfb.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <adwaita.h>

#include "dd-division.h"
#include "dd-preferences-window.h"
#include "dd-roster-page.h"
#include "dd-setup-page.h"
#include "dd-store.h"
#include "dd-store-service.h"
#include "dd-today-page.h"
#include "dd-window.h"

/* Generous: the test fails, rather than hangs, if a condition never holds. */
#define WAIT_TIMEOUT_S 30

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("duty-desk-gui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);
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
  g_free (fixture->path);
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

/* Lets queued work (idle callbacks, finished jobs) run. */
static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

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
get_widget (GtkWidget  *root,
            const char *name)
{
  GtkWidget *widget = find_widget (root, name);

  if (widget == NULL)
    g_error ("No widget named %s", name);

  return widget;
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (get_widget (root, name)));
}

static void
init_desk (const char *path,
           const char *code,
           const char *name,
           DdRegime    regime)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;

  store = dd_store_open (path, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, code, name, regime, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (desk);
}

static DdWindow *
open_window (DdStoreService *service)
{
  DdWindow *window = dd_window_new (NULL, service);

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (dd_window_get_view (window), "loading") != 0);

  return window;
}

static void
close_window (DdWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_context ();
  g_assert_finalize_object (window);
}

static void
finalize_service (DdStoreService *service)
{
  /* Jobs cancelled with the window still complete on the owner thread. */
  drain_main_context ();
  g_assert_finalize_object (service);
}

static void
test_window_fresh_db_shows_setup (Fixture       *fixture,
                                  gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdWindow *window = open_window (service);

  g_assert_cmpstr (dd_window_get_view (window), ==, "setup");
  g_assert_true (gtk_widget_get_visible (get_widget (GTK_WIDGET (window), "setup-search")));
  /* Nothing chosen yet, so Start cannot be pressed. */
  g_assert_false (gtk_widget_get_sensitive (get_widget (GTK_WIDGET (window), "setup-start")));

  close_window (window);
  finalize_service (service);
}

static void
test_window_setup_completes (Fixture       *fixture,
                             gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdWindow *window = open_window (service);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *search;
  GtkListView *list;
  GtkSelectionModel *model;
  GtkWidget *name_row;
  GtkWidget *start;
  DdTodayPage *today;
  const char *unit_name = "南明区人民政府值班室 'quoted' \"name\"";
  guint position = G_MAXUINT;

  g_assert_cmpstr (dd_window_get_view (window), ==, "setup");

  /* Search as a person types it. */
  search = get_widget (root, "setup-search");
  list = GTK_LIST_VIEW (get_widget (root, "setup-divisions"));
  model = gtk_list_view_get_model (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 90);
  gtk_editable_set_text (GTK_EDITABLE (search), "520102");
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "南明");
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) >= 1 &&
              g_list_model_get_n_items (G_LIST_MODEL (model)) < 10);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(DdDivision) division = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_str_equal (dd_division_get_code (division), "520102"))
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_assert_true (gtk_selection_model_select_item (model, position, TRUE));

  /* The unit code and the default name follow the selection. */
  name_row = get_widget (root, "setup-unit-name");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (get_widget (root, "setup-unit-code"))),
                   ==, "520102");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "南明区");

  gtk_editable_set_text (GTK_EDITABLE (name_row), unit_name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (root, "setup-regime")), 1);

  start = get_widget (root, "setup-start");
  g_assert_true (gtk_widget_get_sensitive (start));
  g_assert_true (gtk_widget_activate (start));

  WAIT_UNTIL (g_strcmp0 (dd_window_get_view (window), "main") == 0);
  g_assert_cmpstr (dd_window_get_section (window), ==, "today");

  today = DD_TODAY_PAGE (find_widget_of_type (root, DD_TYPE_TODAY_PAGE));
  WAIT_UNTIL (dd_today_page_get_loaded (today));
  g_assert_cmpstr (label_text (root, "today-unit-name"), ==, unit_name);
  g_assert_true (g_str_has_prefix (label_text (root, "today-unit-detail"), "520102"));
  g_assert_cmpstr (label_text (root, "today-sync"), ==, "Never synchronized");
  g_assert_cmpstr (label_text (root, "today-base-regime"), ==, dd_regime_get_label (DD_REGIME_5X8));
  g_assert_cmpstr (label_text (root, "today-staff"), ==, "0 members on record");
  g_assert_true (g_ascii_isdigit (label_text (root, "today-pending")[0]));
  g_assert_nonnull (strstr (label_text (root, "today-time"), ":"));

  /* Sections switch through the action that Alt+1…6 trigger. */
  g_assert_true (gtk_widget_activate_action (root, "win.show-section", "s", "roster"));
  g_assert_cmpstr (dd_window_get_section (window), ==, "roster");
  g_assert_true (gtk_widget_is_drawable (get_widget (root, "roster-page")));
  g_assert_true (gtk_widget_activate_action (root, "win.show-section", "s", "today"));
  g_assert_cmpstr (dd_window_get_section (window), ==, "today");

  close_window (window);

  /* The desk is saved: the next start goes straight to Today. */
  window = open_window (service);
  g_assert_cmpstr (dd_window_get_view (window), ==, "main");
  today = DD_TODAY_PAGE (find_widget_of_type (GTK_WIDGET (window), DD_TYPE_TODAY_PAGE));
  WAIT_UNTIL (dd_today_page_get_loaded (today));
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "today-unit-name"), ==, unit_name);
  close_window (window);

  finalize_service (service);
}

static void
on_update_desk_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DdDesk **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dd_store_service_update_desk_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_today_follows_changes (Fixture       *fixture,
                            gconstpointer  data)
{
  DdStoreService *service;
  DdWindow *window;
  g_autoptr(DdDesk) updated = NULL;

  init_desk (fixture->path, "520000", NULL, DD_REGIME_7X24);
  service = dd_store_service_new (fixture->path, "test");
  window = open_window (service);
  g_assert_cmpstr (dd_window_get_view (window), ==, "main");
  WAIT_UNTIL (g_strcmp0 (label_text (GTK_WIDGET (window), "today-unit-name"), "贵州省") == 0);
  g_assert_cmpstr (label_text (GTK_WIDGET (window), "today-regime"), ==,
                   dd_regime_get_label (DD_REGIME_7X24));

  /* Another writer through the service: the page refreshes on ::changed. */
  dd_store_service_update_desk_async (service, "贵州省应急值守中心", DD_REGIME_7X24, "",
                                      NULL, on_update_desk_cb, &updated);
  WAIT_UNTIL (updated != NULL);
  WAIT_UNTIL (g_strcmp0 (label_text (GTK_WIDGET (window), "today-unit-name"), "贵州省应急值守中心") == 0);

  close_window (window);
  finalize_service (service);
}

/* The sidebar row named @name. */
static GtkListBoxRow *
sidebar_row (GtkWidget  *sidebar,
             const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (sidebar);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        return GTK_LIST_BOX_ROW (row);
    }

  g_error ("No sidebar row named %s", name);
  return NULL;
}

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *frame_clock,
            gpointer       user_data)
{
  guint *n_frames = user_data;

  (*n_frames)++;
  return G_SOURCE_CONTINUE;
}

/* Lets @n_frames more frames of @window go by (layout, paint, and the
 * focus fix-ups GtkWindow does after a paint). */
static void
wait_frames (GtkWidget *window,
             guint      n_frames)
{
  guint n = 0;
  guint tick_id = gtk_widget_add_tick_callback (window, on_tick_cb, &n, NULL);

  WAIT_UNTIL (n >= n_frames);
  gtk_widget_remove_tick_callback (window, tick_id);
  drain_main_context ();
}

/* Alt+N with the focus in the section list: the section shows, its row is
 * selected, and the focus stays on the row the person left it on. The
 * Roster page is wide: it must fit beside the list in the default window,
 * and where it does not (a narrower window), the leaflet folds onto it with
 * the focus in the page — not on the next, hidden, row, whose selection
 * would show the wrong section. */
static void
test_window_section_shortcut_keeps_focus (Fixture       *fixture,
                                          gconstpointer  data)
{
  const char * const sections[] = { "roster", "checks", "directory", "roster" };
  DdStoreService *service;
  DdWindow *window;
  GtkWidget *root;
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkListBoxRow *today_row;
  DdRosterPage *roster;
  GtkWidget *focus;
  int sidebar_width = 0;
  int roster_width = 0;
  int today_width = 0;

  init_desk (fixture->path, "520102", NULL, DD_REGIME_7X24);
  service = dd_store_service_new (fixture->path, "test");
  window = open_window (service);
  root = GTK_WIDGET (window);
  g_assert_cmpstr (dd_window_get_view (window), ==, "main");
  WAIT_UNTIL (dd_today_page_get_loaded (DD_TODAY_PAGE (find_widget_of_type (root, DD_TYPE_TODAY_PAGE))));

  leaflet = ADW_LEAFLET (find_widget_of_type (root, ADW_TYPE_LEAFLET));
  sidebar = get_widget (root, "sidebar");
  roster = DD_ROSTER_PAGE (find_widget_of_type (root, DD_TYPE_ROSTER_PAGE));
  today_row = sidebar_row (sidebar, "today");
  WAIT_UNTIL (dd_roster_page_get_loaded (roster));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_assert_true (gtk_widget_activate_action (root, "win.show-section", "s", "today"));
      g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (today_row)));
      wait_frames (root, 3);
      g_assert_false (adw_leaflet_get_folded (leaflet));
      g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (today_row));

      /* As the Alt+N binding does: the action on the window. */
      g_assert_true (gtk_widget_activate_action (root, "win.show-section", "s", sections[i]));
      wait_frames (root, 5);

      g_assert_cmpstr (dd_window_get_section (window), ==, sections[i]);
      g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (sidebar)) ==
                     sidebar_row (sidebar, sections[i]));
      g_assert_false (adw_leaflet_get_folded (leaflet));
      g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (today_row));
    }

  /* A window wide enough for Today beside the list, not for the Roster. */
  gtk_widget_measure (get_widget (root, "sidebar-box"), GTK_ORIENTATION_HORIZONTAL, -1,
                      &sidebar_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (roster), GTK_ORIENTATION_HORIZONTAL, -1,
                      &roster_width, NULL, NULL, NULL);
  gtk_widget_measure (find_widget_of_type (root, DD_TYPE_TODAY_PAGE), GTK_ORIENTATION_HORIZONTAL, -1,
                      &today_width, NULL, NULL, NULL);
  g_assert_cmpint (today_width + 40, <, roster_width);
  g_assert_true (gtk_widget_activate_action (root, "win.show-section", "s", "today"));
  gtk_window_set_default_size (GTK_WINDOW (window), sidebar_width + roster_width - 20, 720);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (today_row)));
  wait_frames (root, 3);
  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (today_row));

  g_assert_true (gtk_widget_activate_action (root, "win.show-section", "s", "roster"));
  WAIT_UNTIL (adw_leaflet_get_folded (leaflet));
  wait_frames (root, 5);

  g_assert_cmpstr (dd_window_get_section (window), ==, "roster");
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (sidebar)) ==
                 sidebar_row (sidebar, "roster"));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_false (gtk_widget_is_ancestor (sidebar, adw_leaflet_get_visible_child (leaflet)));
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (roster)));

  close_window (window);
  finalize_service (service);
}

static void
test_window_too_new_db_shows_error (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pragma = NULL;
  DdStoreService *service;
  DdStore *store;
  DdWindow *window;
  AdwStatusPage *page;
  sqlite3 *db = NULL;

  /* A real database, then stamped as written by a newer version. */
  store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  pragma = g_strdup_printf ("PRAGMA user_version = %d", dd_store_get_latest_schema_version () + 1);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  service = dd_store_service_new (fixture->path, "test");
  window = open_window (service);
  g_assert_cmpstr (dd_window_get_view (window), ==, "error");
  page = ADW_STATUS_PAGE (get_widget (GTK_WIDGET (window), "error-page"));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (page)));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "newer"));

  close_window (window);
  finalize_service (service);
}

static void
test_setup_page_validation (Fixture       *fixture,
                            gconstpointer  data)
{
  DdSetupPage *page = g_object_ref_sink (DD_SETUP_PAGE (dd_setup_page_new ()));
  GtkWidget *root = GTK_WIDGET (page);
  GtkSelectionModel *model;
  GtkWidget *suffix;
  GtkWidget *name;
  GtkWidget *error_label;

  model = gtk_list_view_get_model (GTK_LIST_VIEW (get_widget (root, "setup-divisions")));
  suffix = get_widget (root, "setup-suffix");
  name = get_widget (root, "setup-unit-name");
  error_label = get_widget (root, "setup-error");

  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, "setup-search")), "520102");
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 1);
  gtk_selection_model_select_item (model, 0, TRUE);
  g_assert_true (dd_setup_page_get_valid (page));
  g_assert_cmpstr (dd_setup_page_get_unit_code (page), ==, "520102");

  /* A bad department suffix: the reason is shown and Start is off. */
  gtk_editable_set_text (GTK_EDITABLE (suffix), "Bad!");
  g_assert_false (dd_setup_page_get_valid (page));
  g_assert_null (dd_setup_page_get_unit_code (page));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_false (gtk_widget_get_sensitive (get_widget (root, "setup-start")));

  /* A good one: the code and the default name follow. */
  gtk_editable_set_text (GTK_EDITABLE (suffix), "yjj");
  g_assert_true (dd_setup_page_get_valid (page));
  g_assert_cmpstr (dd_setup_page_get_unit_code (page), ==, "520102-yjj");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "南明区 yjj");

  /* A name of the user's own stays when the unit changes. */
  gtk_editable_set_text (GTK_EDITABLE (name), "应急局值班室");
  gtk_editable_set_text (GTK_EDITABLE (suffix), "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "应急局值班室");
  g_assert_cmpstr (dd_setup_page_get_unit_code (page), ==, "520102");

  /* A blank name cannot be saved. */
  gtk_editable_set_text (GTK_EDITABLE (name), "   ");
  g_assert_false (dd_setup_page_get_valid (page));
  g_assert_true (gtk_widget_get_visible (error_label));

  /* No match: the list is empty and says so. */
  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, "setup-search")), "no such place");
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0);
  g_assert_true (gtk_widget_get_visible (get_widget (root, "setup-empty")));
  g_assert_false (dd_setup_page_get_valid (page));

  g_assert_finalize_object (page);
}

static void
test_preferences_server_url (void)
{
  const char *good[] = { "", "http://10.0.0.1:8080", "https://duty.example.gov.cn/api", NULL };
  const char *bad[] = { "ftp://example.org", "example.org", "https://", "http:///x", "not a url", NULL };

  for (guint i = 0; good[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dd_preferences_validate_server_url (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dd_preferences_validate_server_url (bad[i], &error));
      g_assert_nonnull (error);
    }
}

static DdDesk *
get_desk_now (DdStoreService *service)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (dd_store_service_get_path (service), &error);
  DdDesk *desk;

  g_assert_no_error (error);
  desk = dd_store_get_desk (store, &error);
  g_assert_no_error (error);

  return desk;
}

/* The desk the preferences window shows (borrowed), or %NULL. */
static DdDesk *
prefs_desk (DdPreferencesWindow *prefs)
{
  DdDesk *desk = NULL;

  g_object_get (prefs, "desk", &desk, NULL);
  if (desk != NULL)
    g_object_unref (desk);

  return desk;
}

static void
test_preferences_saves (Fixture       *fixture,
                        gconstpointer  data)
{
  DdStoreService *service;
  DdPreferencesWindow *prefs;
  GtkWidget *root;
  GtkWidget *server;
  g_autoptr(DdDesk) before = NULL;
  g_autoptr(DdDesk) after = NULL;

  init_desk (fixture->path, "520102", "南明区值班室", DD_REGIME_7X24);
  service = dd_store_service_new (fixture->path, "test");
  prefs = dd_preferences_window_new (service);
  root = GTK_WIDGET (prefs);
  gtk_window_present (GTK_WINDOW (prefs));

  WAIT_UNTIL (prefs_desk (prefs) != NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (get_widget (root, "prefs-unit-code"))),
                   ==, "520102");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (root, "prefs-unit-name"))),
                   ==, "南明区值班室");

  /* A bad server address is refused and saves nothing. */
  server = get_widget (root, "prefs-server");
  gtk_editable_set_text (GTK_EDITABLE (server), "ftp://example.org");
  g_signal_emit_by_name (server, "apply");
  g_assert_true (gtk_widget_get_visible (get_widget (root, "prefs-server-error")));
  g_assert_true (gtk_widget_has_css_class (server, "error"));
  drain_main_context ();
  before = get_desk_now (service);
  g_assert_cmpstr (dd_desk_get_server_url (before), ==, "");

  /* A good one is saved, and the regime with it. */
  gtk_editable_set_text (GTK_EDITABLE (server), "https://duty.example.gov.cn");
  g_assert_false (gtk_widget_get_visible (get_widget (root, "prefs-server-error")));
  g_signal_emit_by_name (server, "apply");
  WAIT_UNTIL (g_strcmp0 (dd_desk_get_server_url (prefs_desk (prefs)), "https://duty.example.gov.cn") == 0);

  adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (root, "prefs-regime")), 1);
  WAIT_UNTIL (dd_desk_get_regime (prefs_desk (prefs)) == DD_REGIME_5X8);

  gtk_editable_set_text (GTK_EDITABLE (get_widget (root, "prefs-unit-name")), "南明区应急值守");
  g_signal_emit_by_name (get_widget (root, "prefs-unit-name"), "apply");
  WAIT_UNTIL (g_strcmp0 (dd_desk_get_unit_name (prefs_desk (prefs)), "南明区应急值守") == 0);

  after = get_desk_now (service);
  g_assert_cmpstr (dd_desk_get_unit_name (after), ==, "南明区应急值守");
  g_assert_cmpint (dd_desk_get_regime (after), ==, DD_REGIME_5X8);
  g_assert_cmpstr (dd_desk_get_server_url (after), ==, "https://duty.example.gov.cn");

  g_object_ref (prefs);
  gtk_window_destroy (GTK_WINDOW (prefs));
  drain_main_context ();
  g_assert_finalize_object (prefs);
  finalize_service (service);
}

static void
test_window_size_remembered (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.dutydesk.DutyDesk");
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdWindow *window;
  int width = 0;
  int height = 0;

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");

  window = open_window (service);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 720);

  /* Closing saves the size... */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  drain_main_context ();
  g_assert_finalize_object (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 800);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* ...and the next window opens with it. */
  window = open_window (service);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 600);
  close_window (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  finalize_service (service);
}

static void
test_window_folds_when_narrow (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.dutydesk.DutyDesk");
  DdStoreService *service;
  DdWindow *window;
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;

  init_desk (fixture->path, "520100", NULL, DD_REGIME_7X24);
  g_settings_set_int (settings, "window-width", 400);
  service = dd_store_service_new (fixture->path, "test");
  window = open_window (service);
  g_settings_reset (settings, "window-width");
  g_assert_cmpstr (dd_window_get_view (window), ==, "main");

  leaflet = ADW_LEAFLET (find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET));
  WAIT_UNTIL (adw_leaflet_get_folded (leaflet));

  /* Folded, a section replaces the list; Back returns to it. */
  sidebar = get_widget (GTK_WIDGET (window), "sidebar");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "checks"));
  g_assert_false (gtk_widget_is_ancestor (sidebar, adw_leaflet_get_visible_child (leaflet)));
  g_assert_true (adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK));
  g_assert_true (gtk_widget_is_ancestor (sidebar, adw_leaflet_get_visible_child (leaflet)));

  /* Wide again: both side by side. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  WAIT_UNTIL (!adw_leaflet_get_folded (leaflet));

  close_window (window);
  finalize_service (service);
}

static void
test_resources (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GBytes) css = NULL;
  GObject *overlay;

  /* GtkApplication picks these up from the resource base path. */
  builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));

  css = g_resources_lookup_data (RESOURCE_BASE_PATH "/style.css", 0, NULL);
  g_assert_nonnull (css);
}

static DdPreferencesWindow *
find_preferences_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (DD_IS_PREFERENCES_WINDOW (window))
        return DD_PREFERENCES_WINDOW (window);
    }

  return NULL;
}

static void
test_window_preferences (Fixture       *fixture,
                         gconstpointer  data)
{
  DdStoreService *service = dd_store_service_new (fixture->path, "test");
  DdWindow *window = open_window (service);
  DdPreferencesWindow *prefs;

  /* Before the desk is set up there is nothing to edit. */
  g_assert_cmpstr (dd_window_get_view (window), ==, "setup");
  dd_window_show_preferences (window);
  g_assert_null (find_preferences_window ());
  close_window (window);

  init_desk (fixture->path, "520300", NULL, DD_REGIME_5X8);
  window = open_window (service);
  g_assert_cmpstr (dd_window_get_view (window), ==, "main");
  dd_window_show_preferences (window);
  prefs = find_preferences_window ();
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));
  WAIT_UNTIL (prefs_desk (prefs) != NULL);
  g_assert_cmpstr (dd_desk_get_unit_code (prefs_desk (prefs)), ==, "520300");

  g_object_ref (prefs);
  gtk_window_destroy (GTK_WINDOW (prefs));
  drain_main_context ();
  g_assert_finalize_object (prefs);
  close_window (window);
  finalize_service (service);
}

int
main (int   argc,
      char *argv[])
{
  /* The assertions read English labels; this process needs no AT-SPI bus. */
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* A GUI test that cannot open a display fails; it never skips. */
  if (!gtk_init_check ())
    {
      g_printerr ("Cannot open a display: run under xvfb-run\n");
      return 1;
    }
  adw_init ();

  g_test_add ("/gui/window/fresh-db-shows-setup", Fixture, NULL,
              fixture_setup, test_window_fresh_db_shows_setup, fixture_teardown);
  g_test_add ("/gui/window/setup-completes", Fixture, NULL,
              fixture_setup, test_window_setup_completes, fixture_teardown);
  g_test_add ("/gui/window/too-new-db-shows-error", Fixture, NULL,
              fixture_setup, test_window_too_new_db_shows_error, fixture_teardown);
  g_test_add ("/gui/window/size-remembered", Fixture, NULL,
              fixture_setup, test_window_size_remembered, fixture_teardown);
  g_test_add ("/gui/window/section-shortcut-keeps-focus", Fixture, NULL,
              fixture_setup, test_window_section_shortcut_keeps_focus, fixture_teardown);
  g_test_add ("/gui/window/folds-when-narrow", Fixture, NULL,
              fixture_setup, test_window_folds_when_narrow, fixture_teardown);
  g_test_add ("/gui/today/follows-changes", Fixture, NULL,
              fixture_setup, test_today_follows_changes, fixture_teardown);
  g_test_add ("/gui/setup-page/validation", Fixture, NULL,
              fixture_setup, test_setup_page_validation, fixture_teardown);
  g_test_add ("/gui/window/preferences", Fixture, NULL,
              fixture_setup, test_window_preferences, fixture_teardown);
  g_test_add_func ("/gui/resources", test_resources);
  g_test_add_func ("/gui/preferences/server-url", test_preferences_server_url);
  g_test_add ("/gui/preferences/saves", Fixture, NULL,
              fixture_setup, test_preferences_saves, fixture_teardown);

  return g_test_run ();
}
