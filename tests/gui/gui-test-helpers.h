/* gui-test-helpers.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the widget tests: finding widgets, opening and closing the
 * real window, and screenshots (include after roster-fixture.h, which
 * gives WAIT_UNTIL and drain_main_context()).
 */

#pragma once

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "dd-store-service.h"
#include "dd-window.h"

static char *screenshot_dir;

static inline GtkWidget *
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

static inline GtkWidget *
get_widget (GtkWidget  *root,
            const char *name)
{
  GtkWidget *widget = find_widget (root, name);

  if (widget == NULL)
    g_error ("No widget named %s", name);

  return widget;
}

static inline GtkWidget *
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

/* The direct children of @list named @name. */
static inline GPtrArray *
rows_named (GtkWidget  *list,
            const char *name)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
      g_ptr_array_add (rows, child);

  return rows;
}

static inline guint
count_rows (GtkWidget  *list,
            const char *name)
{
  g_autoptr(GPtrArray) rows = rows_named (list, name);

  return rows->len;
}

static inline const char *
row_title (GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static inline const char *
row_subtitle (GtkWidget *row)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  return subtitle != NULL ? subtitle : "";
}

static inline DdWindow *
open_window (DdStoreService *service)
{
  DdWindow *window = dd_window_new (NULL, service);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (dd_window_get_view (window), "main") == 0);

  return window;
}

static inline void
close_window (DdWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_context ();
  g_assert_finalize_object (window);
}

static inline void
finalize_service (DdStoreService *service)
{
  drain_main_context ();
  g_assert_finalize_object (service);
}

static inline gboolean
on_frame_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* Renders @widget's window to dir/NAME[-zh_CN].png after a few frames. */
static inline void
screenshot (GtkWidget  *widget,
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

  /* Let transitions and lazily sized rows settle. */
  tick = gtk_widget_add_tick_callback (window, on_frame_tick_cb, &frames, NULL);
  WAIT_UNTIL (frames >= 30);
  gtk_widget_remove_tick_callback (window, tick);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
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

/* g_test_init(), the translations, GTK and libadwaita, and where the
 * screenshots go (beside the test program). "PROGRAM [-p PATH…] LANGUAGE
 * LOCALEDIR" runs in another language with the translations of that
 * folder. %FALSE without a display: a GUI test then fails, never skips. */
static inline gboolean
gui_test_init (int    *argc,
               char ***argv)
{
  const char *localedir = g_getenv ("DUTY_DESK_LOCALEDIR");

  g_test_init (argc, argv, NULL);
  if (*argc >= 3)
    {
      g_setenv ("LANGUAGE", (*argv)[1], TRUE);
      localedir = (*argv)[2];
    }
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!gtk_init_check ())
    {
      g_printerr ("Cannot open a display: run under xvfb-run\n");
      return FALSE;
    }
  adw_init ();
  screenshot_dir = g_path_get_dirname ((*argv)[0]);
  return TRUE;
}
