/* test-roster.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Roster section's real widgets (month grid, day editor, week and
 * person lists, Generate with Undo, printing to PDF) on a temporary
 * database set up through the store, under Xvfb.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "dd-day-editor.h"
#include "dd-duty-date.h"
#include "dd-month-grid.h"
#include "dd-roster-page.h"
#include "dd-roster-store.h"
#include "dd-store.h"
#include "dd-store-service.h"

#define WAIT_TIMEOUT_S 30

typedef struct
{
  char      *dir;
  char      *path;
  GPtrArray *names;
} Fixture;

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

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

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
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

static GDate
make_date (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (dd_duty_date_parse (iso, &date));
  return date;
}

/* A 7x24 desk with 4 leaders and 8 officers; @generate fills October 2026. */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *leaders[] = { "王建国", "刘志强", "陈红梅", "杨光" };
  const char *officers[] = { "李明", "张伟", "赵丽", "孙磊", "周红", "吴昊", "郑爽", "冯涛" };
  gboolean generate = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(DdStore) store = NULL;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) saved = NULL;

  fixture->dir = g_dir_make_tmp ("duty-desk-roster-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "desk.db", NULL);
  fixture->names = g_ptr_array_new ();

  store = dd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  desk = dd_store_init_desk (store, "520102", "南明区人民政府总值班室", DD_REGIME_7X24, FALSE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (leaders); i++)
    {
      g_autofree char *phone = g_strdup_printf ("1380000%04u", i);

      g_ptr_array_add (staff, dd_staff_new (NULL, leaders[i], DD_ROLE_LEADER, phone, "值班室", TRUE));
      g_ptr_array_add (fixture->names, (gpointer) leaders[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (officers); i++)
    {
      g_autofree char *phone = g_strdup_printf ("1390000%04u", i);

      g_ptr_array_add (staff, dd_staff_new (NULL, officers[i], DD_ROLE_OFFICER, phone, "值班室", TRUE));
      g_ptr_array_add (fixture->names, (gpointer) officers[i]);
    }
  saved = dd_store_add_staff_many (store, staff, &error);
  g_assert_no_error (error);

  if (generate)
    {
      GDate first = make_date ("2026-10-01");
      GDate last = make_date ("2026-10-31");
      g_autoptr(DdRosterGeneration) generation = dd_store_generate_roster (store, &first, &last, 7, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (generation->assignments->len, ==, 31 * 3);
      g_assert_cmpuint (generation->unfilled->len, ==, 0);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_ptr_array_unref (fixture->names);
}

typedef struct
{
  DdStoreService *service;
  GCancellable   *cancellable;
  GtkWindow      *window;
  DdRosterPage   *page;
  DdMonthGrid    *grid;
} Shown;

static void
show_page (Shown      *shown,
           Fixture    *fixture,
           guint       year,
           guint       month)
{
  shown->service = dd_store_service_new (fixture->path, "test");
  shown->cancellable = g_cancellable_new ();
  shown->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (shown->window, 1100, 760);
  shown->page = DD_ROSTER_PAGE (dd_roster_page_new ());
  gtk_window_set_child (shown->window, GTK_WIDGET (shown->page));
  g_object_set (shown->page,
                "service", shown->service,
                "cancellable", shown->cancellable,
                NULL);
  dd_roster_page_set_month (shown->page, year, month);
  gtk_window_present (shown->window);
  shown->grid = dd_roster_page_get_month_grid (shown->page);
  WAIT_UNTIL (dd_roster_page_get_loaded (shown->page) &&
              dd_roster_page_get_year (shown->page) == year &&
              dd_roster_page_get_month (shown->page) == month);
}

static void
hide_page (Shown *shown)
{
  g_cancellable_cancel (shown->cancellable);
  g_object_ref (shown->window);
  gtk_window_destroy (shown->window);
  drain_main_context ();
  g_assert_finalize_object (shown->window);
  drain_main_context ();
  g_assert_finalize_object (shown->service);
  g_clear_object (&shown->cancellable);
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

/* Every label text under @root, joined by newlines. */
static void
collect_labels (GtkWidget *root,
                GString   *out)
{
  if (GTK_IS_LABEL (root))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
cell_text (DdMonthGrid *grid,
           const char  *iso)
{
  GDate date = make_date (iso);
  GString *out = g_string_new (NULL);

  collect_labels (dd_month_grid_get_day_widget (grid, &date), out);
  return g_string_free (out, FALSE);
}

static GtkWidget *
focused_widget (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }

  return handled;
}

static void
test_month_grid_kinds_and_names (Fixture       *fixture,
                                 gconstpointer  data)
{
  Shown shown = { NULL, };
  GDate oct1 = make_date ("2026-10-01");
  GDate oct10 = make_date ("2026-10-10");
  GDate oct11 = make_date ("2026-10-11");
  GDate oct14 = make_date ("2026-10-14");
  g_autofree char *text1 = NULL;
  g_autofree char *text10 = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  GtkWidget *cell;
  const char *description;

  show_page (&shown, fixture, 2026, 10);

  /* 国庆节: a holiday with its name; 10-10 an adjusted working day;
   * 10-11 an ordinary Sunday; 10-14 a workday. */
  cell = dd_month_grid_get_day_widget (shown.grid, &oct1);
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (cell, "holiday"));
  g_assert_false (gtk_widget_has_css_class (cell, "adjusted-workday"));
  text1 = cell_text (shown.grid, "2026-10-01");
  g_assert_nonnull (strstr (text1, "国庆节"));
  g_assert_true (g_str_has_prefix (text1, "1\n"));

  cell = dd_month_grid_get_day_widget (shown.grid, &oct10);
  g_assert_true (gtk_widget_has_css_class (cell, "adjusted-workday"));
  g_assert_false (gtk_widget_has_css_class (cell, "holiday"));
  text10 = cell_text (shown.grid, "2026-10-10");
  g_assert_null (strstr (text10, "国庆节"));
  g_assert_true (gtk_widget_has_css_class (dd_month_grid_get_day_widget (shown.grid, &oct11), "weekend"));
  cell = dd_month_grid_get_day_widget (shown.grid, &oct14);
  g_assert_false (gtk_widget_has_css_class (cell, "holiday"));
  g_assert_false (gtk_widget_has_css_class (cell, "weekend"));

  /* Days outside the month are not cells of it. */
  {
    GDate sep30 = make_date ("2026-09-30");
    g_assert_null (dd_month_grid_get_day_widget (shown.grid, &sep30));
  }

  /* Every day is covered (leader, day and night officer), the names show
   * and the spoken description says who is on duty. */
  for (guint day = 1; day <= 31; day++)
    {
      g_autofree char *iso = g_strdup_printf ("2026-10-%02u", day);
      g_autofree char *text = cell_text (shown.grid, iso);
      GDate date = make_date (iso);
      guint n_names = 0;

      g_assert_cmpuint (dd_month_grid_get_day_uncovered (shown.grid, &date), ==, 0);
      description = dd_month_grid_get_day_description (shown.grid, &date);
      for (guint i = 0; i < fixture->names->len; i++)
        {
          const char *name = g_ptr_array_index (fixture->names, i);

          if (strstr (text, name) != NULL)
            {
              n_names++;
              g_assert_nonnull (strstr (description, name));
            }
        }
      g_assert_cmpuint (n_names, ==, 3);
      g_string_append (all, text);
    }
  for (guint i = 0; i < fixture->names->len; i++)
    g_assert_nonnull (strstr (all->str, g_ptr_array_index (fixture->names, i)));

  description = dd_month_grid_get_day_description (shown.grid, &oct1);
  g_assert_nonnull (strstr (description, "October 1, 2026"));
  g_assert_nonnull (strstr (description, "国庆节"));
  g_assert_nonnull (strstr (description, "Leader on duty"));
  g_assert_nonnull (strstr (description, "Night officer"));

  /* The header: the month, its status and the check count. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_widget (GTK_WIDGET (shown.page), "roster-month-title"))),
                   ==, "October 2026");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_widget (GTK_WIDGET (shown.page), "roster-status"))),
                            "Version 1"));
  g_assert_cmpint (dd_roster_page_get_n_problems (shown.page), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (
    find_widget (GTK_WIDGET (shown.page), "roster-schedule-banner"), GTK_TYPE_REVEALER))));

  hide_page (&shown);
}

static void
test_month_grid_keyboard (Fixture       *fixture,
                          gconstpointer  data)
{
  Shown shown = { NULL, };
  GDate oct1 = make_date ("2026-10-01");
  GDate oct2 = make_date ("2026-10-02");
  GDate oct9 = make_date ("2026-10-09");
  GDate oct31 = make_date ("2026-10-31");
  GDate date;
  DdDayEditor *editor;

  show_page (&shown, fixture, 2026, 10);

  dd_month_grid_set_focus_date (shown.grid, &oct1, TRUE);
  g_assert_true (focused_widget (GTK_WIDGET (shown.grid)) == dd_month_grid_get_day_widget (shown.grid, &oct1));

  g_assert_true (press_key (GTK_WIDGET (shown.grid), GDK_KEY_Right));
  g_assert_true (focused_widget (GTK_WIDGET (shown.grid)) == dd_month_grid_get_day_widget (shown.grid, &oct2));
  g_assert_true (press_key (GTK_WIDGET (shown.grid), GDK_KEY_Down));
  g_assert_true (focused_widget (GTK_WIDGET (shown.grid)) == dd_month_grid_get_day_widget (shown.grid, &oct9));
  g_assert_true (press_key (GTK_WIDGET (shown.grid), GDK_KEY_Left));
  g_assert_true (press_key (GTK_WIDGET (shown.grid), GDK_KEY_Up));
  g_assert_true (focused_widget (GTK_WIDGET (shown.grid)) == dd_month_grid_get_day_widget (shown.grid, &oct1));
  g_assert_true (press_key (GTK_WIDGET (shown.grid), GDK_KEY_End));
  g_assert_true (focused_widget (GTK_WIDGET (shown.grid)) == dd_month_grid_get_day_widget (shown.grid, &oct31));
  dd_month_grid_get_focus_date (shown.grid, &date);
  g_assert_cmpint (g_date_compare (&date, &oct31), ==, 0);

  /* Enter on the focused day opens its editor. */
  /* (GtkButton shows itself pressed for a moment before "clicked".) */
  g_assert_true (gtk_widget_activate (focused_widget (GTK_WIDGET (shown.grid))));
  WAIT_UNTIL (dd_roster_page_get_day_editor (shown.page) != NULL);
  editor = dd_roster_page_get_day_editor (shown.page);
  dd_day_editor_get_date (editor, &date);
  g_assert_cmpint (g_date_compare (&date, &oct31), ==, 0);
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_null (dd_roster_page_get_day_editor (shown.page));

  /* Past the end of the month: November is shown and loaded. */
  dd_month_grid_set_focus_date (shown.grid, &oct31, TRUE);
  g_assert_true (press_key (GTK_WIDGET (shown.grid), GDK_KEY_Right));
  g_assert_cmpuint (dd_month_grid_get_month (shown.grid), ==, 11);
  WAIT_UNTIL (dd_roster_page_get_month (shown.page) == 11 && dd_roster_page_get_loaded (shown.page));
  date = make_date ("2026-11-01");
  g_assert_true (focused_widget (GTK_WIDGET (shown.grid)) == dd_month_grid_get_day_widget (shown.grid, &date));
  /* November was not generated: every day lacks its three people. */
  g_assert_cmpuint (dd_month_grid_get_day_uncovered (shown.grid, &date), ==, 3);
  g_assert_cmpint (dd_roster_page_get_n_problems (shown.page), ==, 30 * 3);

  g_assert_true (press_key (GTK_WIDGET (shown.grid), GDK_KEY_Page_Up));
  g_assert_cmpuint (dd_month_grid_get_month (shown.grid), ==, 10);

  hide_page (&shown);
}

static DdDayEditor *
open_day (Shown      *shown,
          const char *iso)
{
  GDate date = make_date (iso);
  GtkWidget *cell = dd_month_grid_get_day_widget (shown->grid, &date);

  /* Clicking a day opens it. */
  g_signal_emit_by_name (cell, "clicked");
  g_assert_nonnull (dd_roster_page_get_day_editor (shown->page));
  return dd_roster_page_get_day_editor (shown->page);
}

static void
test_editor_unassign_assign (Fixture       *fixture,
                             gconstpointer  data)
{
  Shown shown = { NULL, };
  GDate oct3 = make_date ("2026-10-03");
  DdDayEditor *editor;
  GtkWidget *group;
  GtkWidget *button;
  GtkWidget *person;
  GtkDropDown *drop_down;
  DdStaff *chosen;
  g_autofree char *removed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  show_page (&shown, fixture, 2026, 10);
  editor = open_day (&shown, "2026-10-03");
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);

  /* The night officer of 3 October leaves the shift. */
  group = find_widget (GTK_WIDGET (editor), "2026-10-03/officer_night");
  g_assert_nonnull (group);
  person = find_widget (group, "day-editor-person");
  removed = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (person)));
  before = cell_text (shown.grid, "2026-10-03");
  g_assert_nonnull (strstr (before, removed));

  button = find_widget (group, "day-editor-unassign");
  g_assert_true (gtk_widget_activate (button));
  WAIT_UNTIL (dd_month_grid_get_day_uncovered (shown.grid, &oct3) == 1);
  WAIT_UNTIL (dd_roster_page_get_loaded (shown.page) && dd_roster_page_get_n_problems (shown.page) == 1);
  after = cell_text (shown.grid, "2026-10-03");
  g_assert_nonnull (strstr (after, "1 uncovered"));
  g_assert_true (gtk_widget_has_css_class (dd_month_grid_get_day_widget (shown.grid, &oct3), "uncovered"));
  g_assert_nonnull (strstr (dd_month_grid_get_day_description (shown.grid, &oct3), "1 position uncovered"));

  /* The editor follows: the shift now has an empty position to fill. */
  WAIT_UNTIL (find_widget (find_widget (GTK_WIDGET (editor), "2026-10-03/officer_night"), "day-editor-staff") != NULL);
  group = find_widget (GTK_WIDGET (editor), "2026-10-03/officer_night");
  drop_down = GTK_DROP_DOWN (find_widget (group, "day-editor-staff"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (drop_down)), >, 0);
  /* Only officers are offered for an officer's shift. */
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (drop_down)); i++)
    {
      g_autoptr(DdStaff) staff = g_list_model_get_item (gtk_drop_down_get_model (drop_down), i);

      g_assert_true (dd_staff_get_roles (staff) & DD_ROLE_OFFICER);
    }
  gtk_drop_down_set_selected (drop_down, g_list_model_get_n_items (gtk_drop_down_get_model (drop_down)) - 1);
  chosen = gtk_drop_down_get_selected_item (drop_down);
  g_assert_nonnull (chosen);
  {
    g_autofree char *name = g_strdup (dd_staff_get_name (chosen));

    button = find_widget (group, "day-editor-assign");
    g_assert_true (gtk_widget_get_sensitive (button));
    g_assert_true (gtk_widget_activate (button));
    WAIT_UNTIL (dd_month_grid_get_day_uncovered (shown.grid, &oct3) == 0);
    WAIT_UNTIL (dd_roster_page_get_loaded (shown.page));
    g_clear_pointer (&after, g_free);
    after = cell_text (shown.grid, "2026-10-03");
    g_assert_nonnull (strstr (after, name));
    g_assert_nonnull (strstr (dd_month_grid_get_day_description (shown.grid, &oct3), name));
  }

  /* Lock through the editor; the person view says so. */
  WAIT_UNTIL (dd_day_editor_get_n_pending (editor) == 0);
  group = find_widget (GTK_WIDGET (editor), "2026-10-03/leader_7x24");
  button = find_widget (group, "day-editor-lock");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  WAIT_UNTIL (dd_day_editor_get_n_pending (editor) == 0);
  WAIT_UNTIL (dd_roster_page_get_loaded (shown.page));
  group = find_widget (GTK_WIDGET (editor), "2026-10-03/leader_7x24");
  person = find_widget (group, "day-editor-person");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (person)), !=, NULL);
  WAIT_UNTIL (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_widget (find_widget (GTK_WIDGET (editor), "2026-10-03/leader_7x24"), "day-editor-person"))), "Locked") != NULL);

  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_null (editor);
  hide_page (&shown);
}

static void
test_week_and_person (Fixture       *fixture,
                      gconstpointer  data)
{
  Shown shown = { NULL, };
  GDate oct7 = make_date ("2026-10-07");
  GtkColumnView *week;
  GtkColumnView *person;
  GtkDropDown *who;
  GListModel *model;
  guint total = 0;

  show_page (&shown, fixture, 2026, 10);
  dd_month_grid_set_focus_date (shown.grid, &oct7, FALSE);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (shown.grid), ADW_TYPE_VIEW_STACK)), "week");
  /* In the week view the arrows move by a week. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (shown.page), "roster-next"), "clicked");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_widget (GTK_WIDGET (shown.page), "roster-week-label"))),
                   ==, "Mon 10/12 – Sun 10/18");
  g_signal_emit_by_name (find_widget (GTK_WIDGET (shown.page), "roster-previous"), "clicked");

  /* Monday 5 to Sunday 11 October: three shifts a day. */
  week = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (shown.page), "roster-week-view"));
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (week))) == 21);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_widget (GTK_WIDGET (shown.page), "roster-week-label"))),
                   ==, "Mon 10/5 – Sun 10/11");

  /* Each person's October adds up to the month's 93 shifts. */
  who = GTK_DROP_DOWN (find_widget (GTK_WIDGET (shown.page), "roster-person"));
  person = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (shown.page), "roster-person-view"));
  model = gtk_drop_down_get_model (who);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, fixture->names->len);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      gtk_drop_down_set_selected (who, i);
      total += g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (person)));
    }
  g_assert_cmpuint (total, ==, 31 * 3);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_widget (GTK_WIDGET (shown.page), "roster-person-summary"))),
                            "this month"));

  hide_page (&shown);
}

static void
test_generate_and_undo (Fixture       *fixture,
                        gconstpointer  data)
{
  Shown shown = { NULL, };
  GDate oct5 = make_date ("2026-10-05");

  show_page (&shown, fixture, 2026, 10);
  g_assert_cmpuint (dd_month_grid_get_day_uncovered (shown.grid, &oct5), ==, 3);
  g_assert_cmpint (dd_roster_page_get_n_problems (shown.page), ==, 31 * 3);

  /* A hand-made assignment before generating: Undo must keep it. */
  {
    DdDayEditor *editor = open_day (&shown, "2026-10-05");
    GtkWidget *group = find_widget (GTK_WIDGET (editor), "2026-10-05/officer_day");
    GtkDropDown *drop_down = GTK_DROP_DOWN (find_widget (group, "day-editor-staff"));

    gtk_drop_down_set_selected (drop_down, 0);
    g_assert_true (gtk_widget_activate (find_widget (group, "day-editor-assign")));
    WAIT_UNTIL (dd_month_grid_get_day_uncovered (shown.grid, &oct5) == 2);
    WAIT_UNTIL (dd_day_editor_get_n_pending (editor) == 0);
    gtk_window_destroy (GTK_WINDOW (editor));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shown.page), "roster.generate", NULL));
  WAIT_UNTIL (dd_roster_page_get_n_problems (shown.page) == 0);
  for (guint day = 1; day <= 31; day++)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, day, 10, 2026);
      g_assert_cmpuint (dd_month_grid_get_day_uncovered (shown.grid, &date), ==, 0);
    }

  /* Undo takes off exactly what the generation put on. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shown.page), "roster.undo-generate", NULL));
  WAIT_UNTIL (dd_roster_page_get_n_problems (shown.page) == 31 * 3 - 1);
  WAIT_UNTIL (dd_roster_page_get_loaded (shown.page));
  g_assert_cmpuint (dd_month_grid_get_day_uncovered (shown.grid, &oct5), ==, 2);

  hide_page (&shown);
}

static void
test_print_to_pdf (Fixture       *fixture,
                   gconstpointer  data)
{
  Shown shown = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "roster.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  show_page (&shown, fixture, 2026, 10);
  g_assert_cmpint (dd_roster_page_print (shown.page, GTK_PRINT_OPERATION_ACTION_EXPORT, pdf, &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  hide_page (&shown);
}

static void
test_no_schedule_banner (Fixture       *fixture,
                         gconstpointer  data)
{
  Shown shown = { NULL, };
  GtkWidget *label;

  show_page (&shown, fixture, 2027, 1);
  label = find_widget (GTK_WIDGET (shown.page), "roster-schedule-banner");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER))));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "2027"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "dutyctl calendar import"));

  /* Back to a year with a schedule: the banner goes. */
  dd_roster_page_set_month (shown.page, 2026, 12);
  WAIT_UNTIL (dd_roster_page_get_loaded (shown.page) && dd_roster_page_get_year (shown.page) == 2026);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER))));

  hide_page (&shown);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, data, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (data), fixture_setup, func, fixture_teardown)

  ADD ("/gui/roster/month-grid", TRUE, test_month_grid_kinds_and_names);
  ADD ("/gui/roster/keyboard", TRUE, test_month_grid_keyboard);
  ADD ("/gui/roster/edit", TRUE, test_editor_unassign_assign);
  ADD ("/gui/roster/week-person", TRUE, test_week_and_person);
  ADD ("/gui/roster/generate-undo", FALSE, test_generate_and_undo);
  ADD ("/gui/roster/print-pdf", TRUE, test_print_to_pdf);
  ADD ("/gui/roster/no-schedule", FALSE, test_no_schedule_banner);

#undef ADD

  return g_test_run ();
}
