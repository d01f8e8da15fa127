/* test-directory.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Directory widgets on real temporary databases, filled through the
 * store's import, under Xvfb.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "dd-directory.h"
#include "dd-directory-editor.h"
#include "dd-directory-private.h"
#include "dd-directory-request.h"
#include "dd-directory-requests-window.h"
#include "dd-directory-import-window.h"
#include "dd-directory-page.h"
#include "dd-store.h"
#include "dd-store-service.h"
#include "dd-time.h"
#include "dd-whereabouts-group.h"
#include "roster-fixture.h"
#include "gui-test-helpers.h"

static const char contacts_csv[] =
  "unit,division,name,post,office_phone,mobile,duty_phone,fax,note\n"
  "南明区应急管理局,520102,,,,,0851-85551234,0851-85551235,\n"
  "南明区应急管理局,520102,张建国,局长,0851-85551200,13908510001,,,\n"
  "南明区应急管理局,520102,李晓红,副局长,0851-85551201,13908510002,,,分管安全生产\n"
  "云岩区应急管理局,520103,王志强,局长,0851-86661200,13908520001,,,\n";

static const char teams_csv[] =
  "name,class,field,registration,owner_unit,division,address,lat,lon,headcount,equipment,contact,phone\n"
  "贵阳市矿山救护队,professional,矿山救护,GZ-KS-001,520100,520100,花果园,26.56,106.70,45,呼吸器,陈刚,0851-85550119\n"
  "南明区综合应急救援大队,comprehensive,,,520102,520102,青山路12号,,,60,,刘勇,0851-85557788\n"
  "云岩区危化品救援队,professional,危化品,,520103,520103,,,,20,,周平,0851-86667788\n";

static const char experts_csv[] =
  "name,fields,unit,title,phone,mobile,division\n"
  "赵明,危化品;消防,贵州大学,教授,0851-83620000,13985000001,520102\n";

#define N_ENTRIES 8

typedef struct
{
  char           *dir;
  char           *path;
  DdStoreService *service;
  GtkWindow      *window;
} Fixture;

static void
import_text (DdStore         *store,
             DdDirectoryKind  kind,
             const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(DdDirectoryImport) import = NULL;

  import = dd_store_directory_import (store, kind, bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (import);
  g_assert_cmpuint (import->sheet->problems->len, ==, 0);
}

static DdDirectoryEntry *
find_entry (DdStore    *store,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = NULL;
  DdDirectoryQuery query = { 0 };

  query.text = name;
  results = dd_store_directory_search (store, &query, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (results, i);

      if (g_str_equal (dd_directory_entry_get_name (entry), name))
        return g_steal_pointer (&entry);
    }

  g_error ("No entry named %s", name);
  return NULL;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(DdDirectoryEntry) entry = NULL;
  g_autoptr(DdDirectoryVerification) verification = NULL;

  fixture->dir = g_dir_make_tmp ("duty-desk-directory-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);

  store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", NULL, DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);
  import_text (store, DD_DIRECTORY_KIND_CONTACT, contacts_csv);
  import_text (store, DD_DIRECTORY_KIND_TEAM, teams_csv);
  import_text (store, DD_DIRECTORY_KIND_EXPERT, experts_csv);

  /* One fresh verification: 张建国 is not stale, everybody else is. */
  entry = find_entry (store, "张建国");
  verification = dd_store_directory_verify (store, DD_DIRECTORY_KIND_CONTACT,
                                            dd_directory_entry_get_id (entry),
                                            0, "值班员", "", &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  fixture->service = dd_store_service_new (fixture->path, "test");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      GtkWindow *window = g_object_ref (g_steal_pointer (&fixture->window));

      gtk_window_destroy (window);
      drain_main_context ();
      g_assert_finalize_object (window);
    }

  /* Jobs cancelled with the widgets still complete on the owner thread. */
  drain_main_context ();
  g_assert_finalize_object (fixture->service);

  roster_fixture_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
find_all_widgets (GtkWidget  *root,
                  const char *name,
                  GPtrArray  *found)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all_widgets (child, name, found);
}

/* Activates @widget as a key press would; a button does nothing until it
 * is realized, so wait for it to be on screen first. */
static void
activate (GtkWidget *widget)
{
  WAIT_UNTIL (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_activate (widget));
}

static DdDirectoryPage *
open_page_with (Fixture *fixture,
                guint    n_entries)
{
  DdDirectoryPage *page = DD_DIRECTORY_PAGE (dd_directory_page_new ());

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1100, 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (page));
  g_object_set (page, "service", fixture->service, NULL);
  gtk_window_present (fixture->window);

  WAIT_UNTIL (dd_directory_page_get_idle (page) &&
              g_list_model_get_n_items (dd_directory_page_get_results (page)) == n_entries);

  return page;
}

static DdDirectoryPage *
open_page (Fixture *fixture)
{
  return open_page_with (fixture, N_ENTRIES);
}

static gboolean
results_are (DdDirectoryPage    *page,
             const char * const *names)
{
  GListModel *results = dd_directory_page_get_results (page);
  guint n_items = g_list_model_get_n_items (results);

  if (!dd_directory_page_get_idle (page) || n_items != g_strv_length ((char **) names))
    return FALSE;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (results, i);

      if (!g_strv_contains (names, dd_directory_entry_get_name (entry)))
        return FALSE;
    }

  return TRUE;
}

/* Typing a search (the entry's own delay, then the async store). */
static void
test_search_chinese (Fixture       *fixture,
                     gconstpointer  data)
{
  DdDirectoryPage *page = open_page (fixture);
  GtkWidget *search = get_widget (GTK_WIDGET (page), "directory-search");
  const char * const mine[] = { "贵阳市矿山救护队", NULL };
  const char * const jianguo[] = { "张建国", NULL };
  const char * const phone[] = { "张建国", "李晓红", NULL };

  /* A Chinese substring in the middle of a name (trigram index). */
  gtk_editable_set_text (GTK_EDITABLE (search), "矿山救");
  WAIT_UNTIL (results_are (page, mine));

  /* Two characters: the substring scan. */
  gtk_editable_set_text (GTK_EDITABLE (search), "建国");
  WAIT_UNTIL (results_are (page, jianguo));

  /* A phone fragment. */
  gtk_editable_set_text (GTK_EDITABLE (search), "8555120");
  WAIT_UNTIL (results_are (page, phone));

  /* Nothing: the empty state says so. */
  gtk_editable_set_text (GTK_EDITABLE (search), "不存在的名字");
  WAIT_UNTIL (dd_directory_page_get_idle (page) &&
              g_list_model_get_n_items (dd_directory_page_get_results (page)) == 0);
  g_assert_true (gtk_widget_get_mapped (get_widget (GTK_WIDGET (page), "directory-empty")));

  /* Cleared: everything again. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  WAIT_UNTIL (dd_directory_page_get_idle (page) &&
              g_list_model_get_n_items (dd_directory_page_get_results (page)) == N_ENTRIES);
}

static guint
division_position (DdDirectoryPage *page,
                   const char      *code)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (get_widget (GTK_WIDGET (page), "directory-division")));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (strstr (gtk_string_object_get_string (item), code) != NULL)
        return i;
    }

  g_error ("No division %s in the drop-down", code);
  return 0;
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  DdDirectoryPage *page = open_page (fixture);
  GtkWidget *root = GTK_WIDGET (page);
  GtkDropDown *kind = GTK_DROP_DOWN (get_widget (root, "directory-kind"));
  GtkDropDown *division = GTK_DROP_DOWN (get_widget (root, "directory-division"));
  GtkDropDown *klass = GTK_DROP_DOWN (get_widget (root, "directory-class"));
  GtkWidget *field = get_widget (root, "directory-field");
  const char * const teams[] = { "贵阳市矿山救护队", "南明区综合应急救援大队", "云岩区危化品救援队", NULL };
  const char * const yunyan_team[] = { "云岩区危化品救援队", NULL };
  const char * const yunyan_all[] = { "王志强", "云岩区危化品救援队", NULL };
  const char * const professional[] = { "贵阳市矿山救护队", "云岩区危化品救援队", NULL };
  const char * const experts[] = { "赵明", NULL };

  /* Kind: the position after "All kinds" is the kind. */
  gtk_drop_down_set_selected (kind, 1 + DD_DIRECTORY_KIND_TEAM);
  WAIT_UNTIL (results_are (page, teams));
  /* Field and class apply to teams (and field to experts). */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (gtk_widget_get_parent (field)))));

  gtk_drop_down_set_selected (klass, 1 + DD_TEAM_CLASS_PROFESSIONAL);
  WAIT_UNTIL (results_are (page, professional));
  gtk_drop_down_set_selected (klass, 0);

  /* Division: only entries in it or below it. */
  gtk_drop_down_set_selected (division, division_position (page, "520103"));
  WAIT_UNTIL (results_are (page, yunyan_team));
  gtk_drop_down_set_selected (kind, 0);
  WAIT_UNTIL (results_are (page, yunyan_all));
  gtk_drop_down_set_selected (division, 0);
  WAIT_UNTIL (dd_directory_page_get_idle (page) &&
              g_list_model_get_n_items (dd_directory_page_get_results (page)) == N_ENTRIES);

  /* Field, over teams then experts (typed: the entry waits a moment). */
  gtk_drop_down_set_selected (kind, 1 + DD_DIRECTORY_KIND_TEAM);
  gtk_editable_set_text (GTK_EDITABLE (field), "危化品");
  WAIT_UNTIL (results_are (page, yunyan_team));
  gtk_drop_down_set_selected (kind, 1 + DD_DIRECTORY_KIND_EXPERT);
  WAIT_UNTIL (results_are (page, experts));
}

static GtkWidget *
find_result_row (DdDirectoryPage *page,
                 const char      *name)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_all_widgets (get_widget (GTK_WIDGET (page), "directory-results"), "directory-row", rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkWidget *label = get_widget (row, "directory-row-name");

      if (gtk_widget_get_mapped (row) && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), name))
        return row;
    }

  return NULL;
}

static void
test_stale_badge (Fixture       *fixture,
                  gconstpointer  data)
{
  DdDirectoryPage *page = open_page (fixture);
  GtkWidget *row;

  WAIT_UNTIL (find_result_row (page, "张建国") != NULL && find_result_row (page, "李晓红") != NULL);

  /* Verified today: no badge. */
  row = find_result_row (page, "张建国");
  g_assert_false (gtk_widget_get_visible (get_widget (row, "directory-row-stale")));

  /* Imported, never verified: stale. */
  row = find_result_row (page, "李晓红");
  g_assert_true (gtk_widget_get_visible (get_widget (row, "directory-row-stale")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get_widget (row, "directory-row-meta"))),
                            "0851-85551201"));
}

static void
on_read_text_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  /* Before the button's click lands the clipboard may still be empty. */
  if (*out == NULL)
    *out = g_strdup ("");
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_read_text_cb, &text);
  WAIT_UNTIL (text != NULL);

  return text;
}

/* Reads the clipboard back until it holds @expected (a button's
 * activation clicks it a moment later). */
static gboolean
clipboard_holds (GtkWidget  *widget,
                 const char *expected)
{
  g_autofree char *text = read_clipboard (widget);

  return g_strcmp0 (text, expected) == 0;
}

static gboolean
shows_entry (DdDirectoryPage *page,
             const char      *name)
{
  DdDirectoryEntry *entry = dd_directory_page_get_shown_entry (page);

  return dd_directory_page_get_idle (page) &&
         entry != NULL && g_str_equal (dd_directory_entry_get_name (entry), name);
}

static void
select_result (DdDirectoryPage *page,
               const char      *name)
{
  GListModel *results = dd_directory_page_get_results (page);
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (get_widget (GTK_WIDGET (page), "directory-results")));

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(DdDirectoryEntry) entry = g_list_model_get_item (results, i);

      if (g_str_equal (dd_directory_entry_get_name (entry), name))
        {
          g_assert_true (gtk_selection_model_select_item (selection, i, TRUE));
          WAIT_UNTIL (shows_entry (page, name));
          return;
        }
    }

  g_error ("%s is not among the results", name);
}

static void
test_copy_phone (Fixture       *fixture,
                 gconstpointer  data)
{
  DdDirectoryPage *page = open_page (fixture);
  GtkWidget *details;
  GtkWidget *copy;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  select_result (page, "张建国");
  details = get_widget (GTK_WIDGET (page), "directory-details");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (details, "directory-details-name"))), ==, "张建国");
  g_assert_false (gtk_widget_get_visible (get_widget (details, "directory-details-stale")));

  /* Every phone of the entry has its copy button: office, mobile. */
  find_all_widgets (details, "directory-copy-phone", buttons);
  g_assert_cmpuint (buttons->len, ==, 2);

  copy = g_ptr_array_index (buttons, 0);
  activate (copy);
  WAIT_UNTIL (clipboard_holds (GTK_WIDGET (page), "0851-85551200"));

  copy = g_ptr_array_index (buttons, 1);
  activate (copy);
  WAIT_UNTIL (clipboard_holds (GTK_WIDGET (page), "13908510001"));
}

static void
test_mark_verified (Fixture       *fixture,
                    gconstpointer  data)
{
  DdDirectoryPage *page = open_page (fixture);
  GtkWidget *root = GTK_WIDGET (page);
  GtkWidget *row;

  select_result (page, "李晓红");
  g_assert_true (dd_directory_entry_get_stale (dd_directory_page_get_shown_entry (page)));
  g_assert_true (gtk_widget_get_visible (get_widget (root, "directory-details-stale")));

  activate (get_widget (root, "directory-verify"));

  /* The write reloads the details and the list: no longer stale. */
  WAIT_UNTIL (shows_entry (page, "李晓红") &&
              !dd_directory_entry_get_stale (dd_directory_page_get_shown_entry (page)));
  g_assert_false (gtk_widget_get_visible (get_widget (root, "directory-details-stale")));
  g_assert_cmpstr (dd_directory_entry_get_verified_by (dd_directory_page_get_shown_entry (page)),
                   ==, g_get_real_name () != NULL && !g_str_equal (g_get_real_name (), "Unknown")
                       ? g_get_real_name () : g_get_user_name ());
  WAIT_UNTIL ((row = find_result_row (page, "李晓红")) != NULL &&
              !gtk_widget_get_visible (get_widget (row, "directory-row-stale")));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  return (AdwMessageDialog *) find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static guint
n_round_rows (DdDirectoryPage *page)
{
  GtkListView *view = GTK_LIST_VIEW (get_widget (GTK_WIDGET (page), "directory-round"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view)));
}

/* The one editor window open, once it is. */
static DdDirectoryEditor *
find_editor (void)
{
  DdDirectoryEditor *editor = NULL;

  WAIT_UNTIL ((editor = (DdDirectoryEditor *) find_toplevel (DD_TYPE_DIRECTORY_EDITOR)) != NULL);
  return editor;
}

/* Saves @editor, which closes once the entry is written. */
static void
save_and_wait_closed (DdDirectoryEditor *editor)
{
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  dd_directory_editor_save (editor);
  WAIT_UNTIL (editor == NULL);
}

static guint
count_widgets (GtkWidget  *root,
               const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all_widgets (root, name, found);
  return found->len;
}

static void
test_verification_round (Fixture       *fixture,
                         gconstpointer  data)
{
  DdDirectoryPage *page = open_page (fixture);
  GtkWidget *root = GTK_WIDGET (page);
  g_autoptr(GPtrArray) confirms = g_ptr_array_new ();
  DdDirectoryEditor *editor;
  GtkWidget *field;
  guint n_stale;

  /* Every entry but 张建国 is stale. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (root, "directory-round-button")), TRUE);
  WAIT_UNTIL (dd_directory_page_get_idle (page) && n_round_rows (page) > 0);
  n_stale = n_round_rows (page);
  g_assert_cmpuint (n_stale, ==, N_ENTRIES - 1);
  g_assert_true (gtk_widget_get_mapped (get_widget (root, "directory-round")));

  /* Confirm the first. */
  WAIT_UNTIL ((g_ptr_array_set_size (confirms, 0),
               find_all_widgets (root, "directory-round-confirm", confirms),
               confirms->len > 0));
  activate (g_ptr_array_index (confirms, 0));
  WAIT_UNTIL (dd_directory_page_get_idle (page) && n_round_rows (page) == n_stale - 1);

  /* Correct: the editor opens on the entry; saving changes it and
   * records the verification, noting what changed. */
  g_ptr_array_set_size (confirms, 0);
  find_all_widgets (root, "directory-round-edit", confirms);
  g_assert_cmpuint (confirms->len, >, 0);
  activate (g_ptr_array_index (confirms, 0));
  editor = find_editor ();
  WAIT_UNTIL (dd_directory_editor_get_ready (editor));
  field = dd_directory_editor_get_field (editor, "note");
  gtk_editable_set_text (GTK_EDITABLE (field), "已电话核实");
  save_and_wait_closed (editor);
  WAIT_UNTIL (dd_directory_page_get_idle (page) && n_round_rows (page) == n_stale - 2);
}

static void
test_editor_problems (Fixture       *fixture,
                      gconstpointer  data)
{
  DdDirectoryPage *page = open_page (fixture);
  DdDirectoryEditor *editor;
  GtkWidget *division;
  GtkWidget *error;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  select_result (page, "李晓红");
  activate (get_widget (GTK_WIDGET (page), "directory-edit"));
  editor = find_editor ();
  WAIT_UNTIL (dd_directory_editor_get_ready (editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dd_directory_editor_get_field (editor, "post"))),
                   ==, "副局长");

  /* An unknown division and no unit: said under those fields, nothing saved. */
  division = dd_directory_editor_get_field (editor, "division");
  gtk_editable_set_text (GTK_EDITABLE (division), "999999");
  gtk_editable_set_text (GTK_EDITABLE (dd_directory_editor_get_field (editor, "unit")), "");
  gtk_editable_set_text (GTK_EDITABLE (dd_directory_editor_get_field (editor, "post")), "局长");
  dd_directory_editor_save (editor);
  WAIT_UNTIL (dd_directory_editor_get_ready (editor));
  error = get_widget (GTK_WIDGET (editor), "editor-division-error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_true (gtk_widget_has_css_class (division, "error"));
  g_assert_true (gtk_widget_get_visible (get_widget (GTK_WIDGET (editor), "editor-unit-error")));
  g_assert_false (gtk_widget_get_visible (get_widget (GTK_WIDGET (editor), "editor-post-error")));
  g_assert_true (gtk_widget_get_visible (get_widget (GTK_WIDGET (editor), "editor-message")));

  /* Fixed: saved, and the details show the new post. */
  gtk_editable_set_text (GTK_EDITABLE (division), "520102");
  gtk_editable_set_text (GTK_EDITABLE (dd_directory_editor_get_field (editor, "unit")), "南明区应急管理局");
  save_and_wait_closed (editor);
  WAIT_UNTIL (dd_directory_page_get_idle (page) && shows_entry (page, "李晓红") &&
              g_str_has_prefix (dd_directory_entry_get_subtitle (dd_directory_page_get_shown_entry (page)), "局长"));
}

static void
test_unit_people (Fixture       *fixture,
                  gconstpointer  data)
{
  DdDirectoryPage *page = open_page (fixture);
  GtkWidget *root = GTK_WIDGET (page);
  g_autoptr(GPtrArray) removes = g_ptr_array_new ();
  DdDirectoryEditor *editor;
  AdwMessageDialog *dialog = NULL;

  select_result (page, "南明区应急管理局");
  WAIT_UNTIL (count_widgets (root, "directory-remove-person") == 2);

  /* Add a person: the unit and division are filled in. */
  activate (get_widget (root, "directory-add-person"));
  editor = find_editor ();
  WAIT_UNTIL (dd_directory_editor_get_ready (editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dd_directory_editor_get_field (editor, "unit"))),
                   ==, "南明区应急管理局");
  gtk_editable_set_text (GTK_EDITABLE (dd_directory_editor_get_field (editor, "name")), "陈静");
  gtk_editable_set_text (GTK_EDITABLE (dd_directory_editor_get_field (editor, "mobile")), "13908510009");
  save_and_wait_closed (editor);
  WAIT_UNTIL (dd_directory_page_get_idle (page) && count_widgets (root, "directory-remove-person") == 3);

  /* Remove one, after the confirmation. */
  find_all_widgets (root, "directory-remove-person", removes);
  activate (g_ptr_array_index (removes, 0));
  WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  adw_message_dialog_response (dialog, "remove");
  WAIT_UNTIL (dd_directory_page_get_idle (page) && count_widgets (root, "directory-remove-person") == 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (find_message_dialog () == NULL);
}

static DdDirectoryImportWindow *
open_import (Fixture         *fixture,
             DdDirectoryKind  kind,
             const char      *name,
             const char      *content)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  DdDirectoryImportWindow *window;

  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);

  window = dd_directory_import_window_new (fixture->service, kind, file);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (dd_directory_import_window_get_loaded (window));

  return window;
}

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GListModel **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dd_store_service_directory_search_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
}

static guint
count_matches (Fixture    *fixture,
               const char *text)
{
  g_autoptr(GListModel) results = NULL;
  DdDirectoryQuery query = { 0 };

  query.text = text;
  dd_store_service_directory_search_async (fixture->service, &query, NULL, on_search_cb, &results);
  WAIT_UNTIL (results != NULL);

  return g_list_model_get_n_items (results);
}

static void
close_import (DdDirectoryImportWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_context ();
  g_assert_finalize_object (window);
}

static void
test_import_bad_file (Fixture       *fixture,
                      gconstpointer  data)
{
  DdDirectoryImportWindow *window;
  GtkWidget *root;
  g_autoptr(GPtrArray) problems = g_ptr_array_new ();
  GtkWidget *button;
  gboolean line_3 = FALSE;
  gboolean line_4 = FALSE;

  window = open_import (fixture, DD_DIRECTORY_KIND_EXPERT, "bad.csv",
                        "name,fields,unit,title,phone,mobile,division\n"
                        "钱新,地质,贵州大学,教授,0851-1,139,520102\n"
                        "孙坏,地质,贵州大学,教授,0851-2,139,999999\n"
                        ",地质,贵州大学,教授,0851-3,139,520102\n");
  root = GTK_WIDGET (window);

  /* Every problem with its line; the good row is listed too. */
  g_assert_nonnull (dd_directory_import_window_get_import (window));
  find_all_widgets (root, "import-problem", problems);
  g_assert_cmpuint (problems->len, >=, 2);
  for (guint i = 0; i < problems->len; i++)
    {
      const char *title = adw_preferences_row_get_title (g_ptr_array_index (problems, i));

      line_3 |= g_str_equal (title, "Line 3");
      line_4 |= g_str_equal (title, "Line 4");
    }
  g_assert_true (line_3);
  g_assert_true (line_4);
  g_assert_true (gtk_widget_get_mapped (get_widget (root, "import-problems")));

  /* Import stays off and says why. */
  button = get_widget (root, "import-commit");
  g_assert_false (dd_directory_import_window_get_can_import (window));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get_widget (root, "import-summary"))), "nothing"));
  /* Even a click that got through writes nothing. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (dd_directory_import_window_get_can_import (window));

  /* Nothing was written, not even the good row. */
  drain_main_context ();
  g_assert_cmpuint (count_matches (fixture, "钱新"), ==, 0);

  close_import (window);
}

static void
on_imported_cb (DdDirectoryImportWindow *window,
                guint                    n_new,
                guint                    n_changed,
                gpointer                 user_data)
{
  guint *out = user_data;

  *out = n_new + 100 * n_changed;
}

static void
test_import_good_file (Fixture       *fixture,
                       gconstpointer  data)
{
  DdDirectoryImportWindow *window;
  GtkWidget *button;
  guint imported = 0;
  GtkColumnView *view;

  window = open_import (fixture, DD_DIRECTORY_KIND_EXPERT, "good.csv",
                        "姓名,专业领域,工作单位,职称,电话,手机,行政区划\n"
                        "钱新,地质,贵州大学,教授,0851-1,139,520102\n"
                        "赵明,危化品;消防,贵州大学,研究员,0851-83620000,13985000001,520102\n");
  view = GTK_COLUMN_VIEW (get_widget (GTK_WIDGET (window), "import-rows"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 2);
  g_assert_cmpuint (dd_directory_import_window_get_import (window)->n_new, ==, 1);
  g_assert_cmpuint (dd_directory_import_window_get_import (window)->n_changed, ==, 1);

  /* Previewing wrote nothing. */
  g_assert_cmpuint (count_matches (fixture, "钱新"), ==, 0);

  button = get_widget (GTK_WIDGET (window), "import-commit");
  g_assert_true (dd_directory_import_window_get_can_import (window));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_connect (window, "imported", G_CALLBACK (on_imported_cb), &imported);
  g_object_ref (window);
  activate (button);
  WAIT_UNTIL (imported != 0);
  g_assert_cmpuint (imported, ==, 101);
  g_assert_cmpuint (count_matches (fixture, "钱新"), ==, 1);

  /* It closed itself. */
  drain_main_context ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_context ();
  g_assert_finalize_object (window);
}

static void
on_add_whereabouts_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  DdWhereabouts **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dd_store_service_directory_add_whereabouts_finish (DD_STORE_SERVICE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_whereabouts_group (Fixture       *fixture,
                        gconstpointer  data)
{
  DdWhereaboutsGroup *group = DD_WHEREABOUTS_GROUP (dd_whereabouts_group_new ());
  g_autoptr(DdWhereabouts) record = NULL;
  g_autoptr(DdWhereabouts) saved = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *today = NULL;
  GDate date;
  AdwActionRow *row = NULL;

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (group));
  g_object_set (group, "service", fixture->service, NULL);
  gtk_window_present (fixture->window);
  WAIT_UNTIL (dd_whereabouts_group_get_loaded (group));
  g_assert_true (gtk_widget_get_mapped (get_widget (GTK_WIDGET (group), "whereabouts-empty")) ||
                 g_list_model_get_n_items (dd_whereabouts_group_get_model (group)) > 0);

  g_date_clear (&date, 1);
  dd_time_beijing_date (g_get_real_time () / 1000, &date);
  today = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));

  /* A record through the service: the group follows ::changed. */
  record = dd_whereabouts_new ("张建国", "局长", "520102", today, today,
                               DD_WHEREABOUTS_TRAVELLING, "北京", "李晓红", "13908510002", "");
  dd_store_service_directory_add_whereabouts_async (fixture->service, record, NULL,
                                                    on_add_whereabouts_cb, &saved);
  WAIT_UNTIL (saved != NULL);
  WAIT_UNTIL (dd_whereabouts_group_get_loaded (group) &&
              (g_ptr_array_set_size (rows, 0),
               find_all_widgets (GTK_WIDGET (group), "whereabouts-row", rows),
               rows->len > 0));

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), "张建国"))
      row = g_ptr_array_index (rows, i);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "李晓红"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "13908510002"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "北京"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_widget (GTK_WIDGET (row), "whereabouts-status"))),
                   ==, dd_whereabouts_status_to_label (DD_WHEREABOUTS_TRAVELLING));
}

/* ------------------------------------------------------------------ change requests */

#define PROVINCE_TEAM "01a22c00-0000-7000-8000-000000000001"

/* What a pull brings: a team the province publishes, and requests of
 * 云岩区 about this desk's own team. */
static void
add_pulled (Fixture    *fixture,
            const char *own_team_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (fixture->path, &error);
  g_autofree char *asked = NULL;
  g_autofree char *removal = NULL;

  g_assert_no_error (error);
  g_assert_true (dd_store_directory_apply_pulled (store, "team", PROVINCE_TEAM,
                                                  "{\"name\":\"贵州省森林消防总队\",\"class\":\"professional\","
                                                  "\"field\":\"森林火灾\",\"division\":\"520000\","
                                                  "\"phone\":\"0851-10000000\"}",
                                                  "520000", 1, 1, &error));
  g_assert_no_error (error);

  asked = g_strdup_printf ("{\"kind\":\"team\",\"entry_id\":\"%s\",\"entry_name\":\"南明区综合应急救援大队\","
                           "\"action\":\"change\",\"changes\":[[\"phone\",\"0851-85557788\",\"0851-85559999\"]],"
                           "\"note\":\"值班电话已更换\",\"publisher\":\"520102\",\"requested_by\":\"周平\","
                           "\"requested_at\":1796000000000}", own_team_id);
  g_assert_true (dd_store_directory_apply_pulled_request (store, "01a22c00-0000-7000-8000-000000000002",
                                                          asked, "520103", 2, &error));
  g_assert_no_error (error);
  removal = g_strdup_printf ("{\"kind\":\"team\",\"entry_id\":\"%s\",\"entry_name\":\"南明区综合应急救援大队\","
                             "\"action\":\"remove\",\"changes\":[],\"note\":\"\",\"publisher\":\"520102\","
                             "\"requested_by\":\"周平\",\"requested_at\":1796000001000}", own_team_id);
  g_assert_true (dd_store_directory_apply_pulled_request (store, "01a22c00-0000-7000-8000-000000000003",
                                                          removal, "520103", 3, &error));
  g_assert_no_error (error);
}

static char *
store_text (Fixture    *fixture,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (fixture->path, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = dd_store_query_text (store, sql, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&text);
}

static gboolean
request_state_is (Fixture                 *fixture,
                  const char              *id,
                  DdDirectoryRequestState  state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = dd_store_open (fixture->path, &error);
  g_autoptr(DdDirectoryRequest) request = NULL;

  g_assert_no_error (error);
  request = dd_store_directory_get_request (store, id, &error);
  g_assert_no_error (error);
  return request->state == state;
}

static GtkWidget *
find_in_row (GtkWidget  *root,
             const char *row_name,
             const char *name)
{
  GtkWidget *row = get_widget (root, row_name);

  return get_widget (row, name);
}

static void
test_change_request (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DdDirectoryEntry) own_team = NULL;
  DdDirectoryPage *page;
  DdDirectoryEditor *editor;
  DdDirectoryRequestsWindow *requests;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *edit;
  GtkWidget *reason;
  g_autofree char *phone = NULL;
  g_autofree char *asked = NULL;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DdStore) store = dd_store_open (fixture->path, &error);

    g_assert_no_error (error);
    own_team = find_entry (store, "南明区综合应急救援大队");
  }
  add_pulled (fixture, dd_directory_entry_get_id (own_team));
  page = open_page_with (fixture, N_ENTRIES + 1);

  /* Two requests wait for this desk: the button says so. */
  WAIT_UNTIL (dd_directory_page_get_idle (page) &&
              g_str_has_suffix (adw_button_content_get_label (ADW_BUTTON_CONTENT (
                gtk_button_get_child (GTK_BUTTON (get_widget (GTK_WIDGET (page), "directory-requests-button"))))),
                "(2)"));

  /* The province's team: its publisher is shown, and editing it asks. */
  select_result (page, "贵州省森林消防总队");
  edit = get_widget (GTK_WIDGET (page), "directory-edit");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (edit)), ==, "Request _Change…");
  activate (edit);
  editor = find_editor ();
  WAIT_UNTIL (dd_directory_editor_get_ready (editor));
  g_assert_true (gtk_widget_get_visible (get_widget (GTK_WIDGET (editor), "editor-request-info")));
  gtk_editable_set_text (GTK_EDITABLE (dd_directory_editor_get_field (editor, "phone")), "0851-10000001");
  gtk_editable_set_text (GTK_EDITABLE (get_widget (GTK_WIDGET (editor), "editor-request-note")), "号码已变更");
  screenshot (GTK_WIDGET (editor), "duty-desk-directory-request-editor");
  save_and_wait_closed (editor);

  /* Sent, not changed here. */
  phone = store_text (fixture, "SELECT phone FROM dir_team WHERE id = '" PROVINCE_TEAM "'");
  g_assert_cmpstr (phone, ==, "0851-10000000");
  asked = store_text (fixture, "SELECT changes || ' ' || note || ' ' || publisher FROM dir_request"
                               " WHERE entry_id = '" PROVINCE_TEAM "'");
  g_assert_cmpstr (asked, ==, "[[\"phone\",\"0851-10000000\",\"0851-10000001\"]] 号码已变更 520000");

  /* The window of requests: accept the phone, decline the removal. */
  requests = DD_DIRECTORY_REQUESTS_WINDOW (dd_directory_page_open_requests (page));
  g_object_add_weak_pointer (G_OBJECT (requests), (gpointer *) &requests);
  WAIT_UNTIL (dd_directory_requests_window_get_ready (requests));
  activate (find_in_row (GTK_WIDGET (requests), "01a22c00-0000-7000-8000-000000000002", "requests-accept"));
  WAIT_UNTIL (request_state_is (fixture, "01a22c00-0000-7000-8000-000000000002", DD_DIRECTORY_REQUEST_ACCEPTED));
  g_free (phone);
  phone = store_text (fixture, "SELECT phone FROM dir_team WHERE name = '南明区综合应急救援大队'");
  g_assert_cmpstr (phone, ==, "0851-85559999");

  WAIT_UNTIL (dd_directory_requests_window_get_ready (requests) &&
              find_widget (GTK_WIDGET (requests), "requests-accept") != NULL &&
              find_widget (get_widget (GTK_WIDGET (requests), "01a22c00-0000-7000-8000-000000000002"),
                           "requests-accept") == NULL);
  activate (find_in_row (GTK_WIDGET (requests), "01a22c00-0000-7000-8000-000000000003", "requests-decline"));
  WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "decline"));
  reason = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (reason), "队伍仍在编");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "decline"));
  adw_message_dialog_response (dialog, "decline");
  WAIT_UNTIL (request_state_is (fixture, "01a22c00-0000-7000-8000-000000000003", DD_DIRECTORY_REQUEST_DECLINED));
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (find_message_dialog () == NULL);

  /* Nothing waits any more: no buttons, and the page's button says so. */
  WAIT_UNTIL (dd_directory_requests_window_get_ready (requests) &&
              find_widget (GTK_WIDGET (requests), "requests-accept") == NULL);
  WAIT_UNTIL (dd_directory_page_get_idle (page) &&
              g_str_equal (adw_button_content_get_label (ADW_BUTTON_CONTENT (
                gtk_button_get_child (GTK_BUTTON (get_widget (GTK_WIDGET (page), "directory-requests-button"))))),
                "Change _Requests"));
  gtk_window_destroy (GTK_WINDOW (requests));
  WAIT_UNTIL (requests == NULL);
}

/* ------------------------------------------------------------------ plan files */

static char *apps_dir;   /* XDG_DATA_HOME and XDG_CONFIG_HOME of this process */

/* A desktop application of this test's own opens text files: it marks
 * each file it is given with FILE.opened. */
static void
install_opener (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *applications = g_build_filename (apps_dir, "applications", NULL);
  g_autofree char *desktop = g_build_filename (applications, "dd-test-opener.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (apps_dir, "mimeapps.list", NULL);

  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_file_set_contents (desktop,
                       "[Desktop Entry]\nType=Application\nName=Opener\n"
                       "Exec=sh -c 'touch \"$1.opened\"' sh %f\nMimeType=text/plain;\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps, "[Default Applications]\ntext/plain=dd-test-opener.desktop\n", -1, &error);
  g_assert_no_error (error);
}

static gboolean
has_toast_starting (GtkWidget  *root,
                    const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (root)), prefix))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_toast_starting (child, prefix))
      return TRUE;
  return FALSE;
}

static void
test_plan_file (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = g_build_filename (fixture->dir, "南明区地质灾害预案.txt", NULL);
  g_autofree char *opened = g_strconcat (document, ".opened", NULL);
  g_autofree char *csv = g_strdup_printf ("title,level,owner_unit,file\n"
                                          "南明区地质灾害应急预案,county,520102,%s\n"
                                          "南明区防汛应急预案,county,520102,/nonexistent/防汛预案.txt\n", document);
  DdDirectoryPage *page;

  install_opener ();
  g_file_set_contents (document, "预案正文\n", -1, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DdStore) store = dd_store_open (fixture->path, &error);

    g_assert_no_error (error);
    import_text (store, DD_DIRECTORY_KIND_PLAN, csv);
  }
  page = open_page_with (fixture, N_ENTRIES + 2);

  /* A file that is not there: said so. */
  select_result (page, "南明区防汛应急预案");
  activate (get_widget (GTK_WIDGET (page), "directory-open-file"));
  WAIT_UNTIL (has_toast_starting (GTK_WIDGET (page), "The plan’s file is not on this computer"));

  /* One that is: opened with the application for its type. */
  select_result (page, "南明区地质灾害应急预案");
  activate (get_widget (GTK_WIDGET (page), "directory-open-file"));
  WAIT_UNTIL (g_file_test (opened, G_FILE_TEST_EXISTS));
}

static void
test_column_labels (void)
{
  g_assert_cmpstr (dd_directory_column_get_label ("duty_phone"), ==, "Duty phone");
  g_assert_cmpstr (dd_directory_column_get_label ("no_such_column"), ==, "no_such_column");

  /* Every column of every kind has a name for people. */
  for (guint kind = 0; kind < DD_DIRECTORY_N_KINDS; kind++)
    {
      guint n_columns = 0;
      const DdDirectoryColumn *columns = dd_directory_kind_get_columns (kind, &n_columns);

      for (guint i = 0; i < n_columns; i++)
        g_assert_cmpstr (dd_directory_column_get_label (columns[i].name), !=, columns[i].name);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The assertions read English labels; this process needs no AT-SPI bus. */
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);

  /* Applications (a plan's file opens in one) from a folder of the test's
   * own, made in the default temporary folder with GLib's own name. */
  apps_dir = g_dir_make_tmp (NULL, &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", apps_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", apps_dir, TRUE);
  g_setenv ("XDG_DATA_DIRS", "/usr/share", TRUE);

  /* A GUI test that cannot open a display fails; it never skips. */
  if (!gui_test_init (&argc, &argv))
    return 1;

  g_test_add_func ("/directory/column-labels", test_column_labels);
  g_test_add ("/directory/search/chinese", Fixture, NULL,
              fixture_setup, test_search_chinese, fixture_teardown);
  g_test_add ("/directory/search/filters", Fixture, NULL,
              fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/directory/results/stale-badge", Fixture, NULL,
              fixture_setup, test_stale_badge, fixture_teardown);
  g_test_add ("/directory/details/copy-phone", Fixture, NULL,
              fixture_setup, test_copy_phone, fixture_teardown);
  g_test_add ("/directory/details/mark-verified", Fixture, NULL,
              fixture_setup, test_mark_verified, fixture_teardown);
  g_test_add ("/directory/round/confirm-and-correct", Fixture, NULL,
              fixture_setup, test_verification_round, fixture_teardown);
  g_test_add ("/directory/editor/problems-then-save", Fixture, NULL,
              fixture_setup, test_editor_problems, fixture_teardown);
  g_test_add ("/directory/details/unit-people", Fixture, NULL,
              fixture_setup, test_unit_people, fixture_teardown);
  g_test_add ("/directory/import/bad-file-commits-nothing", Fixture, NULL,
              fixture_setup, test_import_bad_file, fixture_teardown);
  g_test_add ("/directory/import/good-file", Fixture, NULL,
              fixture_setup, test_import_good_file, fixture_teardown);
  g_test_add ("/directory/requests/ask-accept-decline", Fixture, NULL,
              fixture_setup, test_change_request, fixture_teardown);
  g_test_add ("/directory/details/plan-file", Fixture, NULL,
              fixture_setup, test_plan_file, fixture_teardown);
  g_test_add ("/directory/whereabouts/today", Fixture, NULL,
              fixture_setup, test_whereabouts_group, fixture_teardown);

  status = g_test_run ();
  roster_fixture_remove_tree (apps_dir);
  g_free (apps_dir);
  g_free (screenshot_dir);
  return status;
}
