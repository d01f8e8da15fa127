/* dd-directory-import-window.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-directory-import-window.h"

#include <glib/gi18n.h>

#include "dd-directory-page.h"

/* One parsed row as a list item: points into the window's preview. */
#define DD_TYPE_IMPORT_ROW_ITEM (dd_import_row_item_get_type ())
G_DECLARE_FINAL_TYPE (DdImportRowItem, dd_import_row_item, DD, IMPORT_ROW_ITEM, GObject)

struct _DdImportRowItem
{
  GObject               parent_instance;
  const DdDirectoryRow *row;
};

G_DEFINE_FINAL_TYPE (DdImportRowItem, dd_import_row_item, G_TYPE_OBJECT)

static void
dd_import_row_item_class_init (DdImportRowItemClass *klass)
{
}

static void
dd_import_row_item_init (DdImportRowItem *self)
{
}

struct _DdDirectoryImportWindow
{
  AdwWindow          parent_instance;

  DdStoreService    *service;
  GFile             *file;
  GCancellable      *cancellable;
  DdDirectoryImport *import;
  DdDirectoryKind    kind;
  guint              loaded : 1;
  guint              committing : 1;

  /* Template widgets */
  AdwWindowTitle    *window_title;
  GtkButton         *import_button;
  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  GtkImage          *summary_icon;
  GtkLabel          *summary_label;
  GtkWidget         *problems_scroll;
  GtkListBox        *problems_list;
  GtkColumnView     *rows_view;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_KIND,
  PROP_FILE,
  PROP_LOADED,
  PROP_CAN_IMPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdDirectoryImportWindow, dd_directory_import_window, ADW_TYPE_WINDOW)

static void
set_summary (DdDirectoryImportWindow *self,
             const char              *icon_name,
             const char              *css_class,
             const char              *text)
{
  GtkWidget *icon = GTK_WIDGET (self->summary_icon);

  gtk_image_set_from_icon_name (self->summary_icon, icon_name);
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_add_css_class (icon, css_class);
  gtk_label_set_text (self->summary_label, text);
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_list_item_set_child (list_item, label);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  DdImportRowItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "dd-column"));

  if (column < 0)
    {
      g_autofree char *line = g_strdup_printf ("%u", item->row->line);

      gtk_label_set_text (label, line);
      gtk_widget_add_css_class (GTK_WIDGET (label), "numeric");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      const char *value = item->row->values[column];

      gtk_label_set_text (label, value != NULL ? value : "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), value);
    }
}

static GtkColumnViewColumn *
column_new (const char *title,
            int         column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "dd-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), NULL);

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);

  return view_column;
}

static void
dd_directory_import_window_setup_columns (DdDirectoryImportWindow *self)
{
  const DdDirectoryColumn *columns;
  guint n_columns = 0;
  g_autoptr(GtkColumnViewColumn) line = NULL;

  line = column_new (_("Line"), -1);
  gtk_column_view_append_column (self->rows_view, line);

  columns = dd_directory_kind_get_columns (self->kind, &n_columns);
  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = NULL;

      column = column_new (dd_directory_column_get_label (columns[i].name), (int) i);
      if (i == 0)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->rows_view, column);
    }
}

static void
dd_directory_import_window_show_preview (DdDirectoryImportWindow *self)
{
  DdDirectorySheet *sheet = self->import->sheet;
  g_autoptr(GListStore) items = g_list_store_new (DD_TYPE_IMPORT_ROW_ITEM);
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *summary = NULL;
  guint n_problems = sheet->problems->len;
  guint n_rows = sheet->rows->len;

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(DdImportRowItem) item = g_object_new (DD_TYPE_IMPORT_ROW_ITEM, NULL);

      item->row = g_ptr_array_index (sheet->rows, i);
      g_list_store_append (items, item);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&items)));
  gtk_column_view_set_model (self->rows_view, GTK_SELECTION_MODEL (selection));

  for (guint i = 0; i < n_problems; i++)
    {
      DdDirectoryProblem *problem = g_ptr_array_index (sheet->problems, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      if (problem->line > 0)
        /* Translators: %u is a line number of the imported file */
        title = g_strdup_printf (_("Line %u"), problem->line);
      else
        title = g_strdup (_("The whole file"));

      if (problem->column != NULL && *problem->column != '\0')
        /* Translators: %1$s is a column name, %2$s what is wrong with it */
        subtitle = g_strdup_printf (_("%1$s: %2$s"),
                                    dd_directory_column_get_label (problem->column),
                                    problem->message);
      else
        subtitle = g_strdup (problem->message);

      gtk_widget_set_name (row, "import-problem");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->problems_list, row);
    }
  gtk_widget_set_visible (self->problems_scroll, n_problems > 0);

  if (n_problems > 0)
    {
      summary = g_strdup_printf (ngettext ("The file has %u problem. Fix it and choose the file again: nothing is imported until the whole file is right.",
                                           "The file has %u problems. Fix them and choose the file again: nothing is imported until the whole file is right.",
                                           n_problems),
                                 n_problems);
      set_summary (self, "dialog-warning-symbolic", "warning", summary);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button),
                                   _("The file has problems: nothing can be imported"));
    }
  else if (n_rows == 0)
    {
      set_summary (self, "dialog-information-symbolic", "warning", _("The file holds no rows to import."));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button), _("There is nothing to import"));
    }
  else
    {
      /* Translators: the import preview; %1$u rows, of which %2$u new,
       * %3$u changed and %4$u unchanged */
      summary = g_strdup_printf (ngettext ("%1$u row: %2$u new, %3$u changed, %4$u unchanged. Nothing is written until you press Import.",
                                           "%1$u rows: %2$u new, %3$u changed, %4$u unchanged. Nothing is written until you press Import.",
                                           n_rows),
                                 n_rows, self->import->n_new, self->import->n_changed, self->import->n_unchanged);
      set_summary (self, "emblem-ok-symbolic", "success", summary);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button),
                                   _("Write all the rows in one go"));
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            dd_directory_import_window_get_can_import (self));
  gtk_stack_set_visible_child_name (self->stack, "preview");
}

static void
dd_directory_import_window_set_loaded (DdDirectoryImportWindow *self)
{
  self->loaded = TRUE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_IMPORT]);
}

static void
on_preview_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DdDirectoryImportWindow *self = user_data;
  g_autoptr(DdDirectoryImport) import = NULL;
  g_autoptr(GError) error = NULL;

  import = dd_store_service_directory_preview_import_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (import == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      self->import = g_steal_pointer (&import);
      dd_directory_import_window_show_preview (self);
    }

  dd_directory_import_window_set_loaded (self);
}

static void
on_commit_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DdDirectoryImportWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  /* Never cancelled: the window stays until the commit is done. */
  self->committing = FALSE;

  if (!dd_store_service_directory_commit_import_finish (DD_STORE_SERVICE (object), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Nothing was imported: %s"), error->message);

      set_summary (self, "dialog-error-symbolic", "error", text);
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_IMPORT]);
      g_object_unref (self);
      return;
    }

  g_signal_emit (self, signals[IMPORTED], 0, self->import->n_new, self->import->n_changed);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
on_import_button_clicked_cb (GtkButton               *button,
                             DdDirectoryImportWindow *self)
{
  if (!dd_directory_import_window_get_can_import (self))
    return;

  self->committing = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_IMPORT]);

  /* The preview must live until the job is done: hold the window. */
  dd_store_service_directory_commit_import_async (self->service, self->import, NULL,
                                                  on_commit_cb, g_object_ref (self));
}

static gboolean
dd_directory_import_window_close_request (GtkWindow *window)
{
  DdDirectoryImportWindow *self = DD_DIRECTORY_IMPORT_WINDOW (window);

  /* All or nothing is being written: wait for it. */
  if (self->committing)
    return TRUE;

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (dd_directory_import_window_parent_class)->close_request (window);
}

static void
dd_directory_import_window_constructed (GObject *object)
{
  DdDirectoryImportWindow *self = DD_DIRECTORY_IMPORT_WINDOW (object);
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  G_OBJECT_CLASS (dd_directory_import_window_parent_class)->constructed (object);

  g_assert (DD_IS_STORE_SERVICE (self->service));
  g_assert (G_IS_FILE (self->file));

  /* Translators: the import window's title; %s is a kind, e.g. "Experts" */
  title = g_strdup_printf (_("Import %s"), dd_directory_kind_to_label (self->kind));
  name = g_file_get_basename (self->file);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, name);
  gtk_window_set_title (GTK_WINDOW (self), title);

  dd_directory_import_window_setup_columns (self);

  dd_store_service_directory_preview_import_async (self->service, self->kind, self->file,
                                                   self->cancellable, on_preview_cb, self);
}

static void
dd_directory_import_window_dispose (GObject *object)
{
  DdDirectoryImportWindow *self = DD_DIRECTORY_IMPORT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_DIRECTORY_IMPORT_WINDOW);

  G_OBJECT_CLASS (dd_directory_import_window_parent_class)->dispose (object);
}

static void
dd_directory_import_window_finalize (GObject *object)
{
  DdDirectoryImportWindow *self = DD_DIRECTORY_IMPORT_WINDOW (object);

  g_clear_object (&self->service);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->import, dd_directory_import_free);

  G_OBJECT_CLASS (dd_directory_import_window_parent_class)->finalize (object);
}

static void
dd_directory_import_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  DdDirectoryImportWindow *self = DD_DIRECTORY_IMPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_CAN_IMPORT:
      g_value_set_boolean (value, dd_directory_import_window_get_can_import (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_directory_import_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  DdDirectoryImportWindow *self = DD_DIRECTORY_IMPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_directory_import_window_class_init (DdDirectoryImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = dd_directory_import_window_constructed;
  object_class->dispose = dd_directory_import_window_dispose;
  object_class->finalize = dd_directory_import_window_finalize;
  object_class->get_property = dd_directory_import_window_get_property;
  object_class->set_property = dd_directory_import_window_set_property;

  window_class->close_request = dd_directory_import_window_close_request;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DD_TYPE_DIRECTORY_KIND,
                       DD_DIRECTORY_KIND_CONTACT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CAN_IMPORT] =
    g_param_spec_boolean ("can-import", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdDirectoryImportWindow::imported:
   * @n_new: entries added
   * @n_changed: entries changed
   *
   * The rows were written.
   */
  signals[IMPORTED] =
    g_signal_new ("imported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-directory-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, problems_scroll);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryImportWindow, rows_view);
  gtk_widget_class_bind_template_callback (widget_class, on_import_button_clicked_cb);
}

static void
dd_directory_import_window_init (DdDirectoryImportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button), _("Reading the file…"));
}

DdDirectoryImportWindow *
dd_directory_import_window_new (DdStoreService  *service,
                                DdDirectoryKind  kind,
                                GFile           *file)
{
  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (DD_TYPE_DIRECTORY_IMPORT_WINDOW,
                       "service", service,
                       "kind", kind,
                       "file", file,
                       NULL);
}

DdDirectoryKind
dd_directory_import_window_get_kind (DdDirectoryImportWindow *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_IMPORT_WINDOW (self), DD_DIRECTORY_KIND_CONTACT);

  return self->kind;
}

gboolean
dd_directory_import_window_get_loaded (DdDirectoryImportWindow *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_IMPORT_WINDOW (self), FALSE);

  return self->loaded;
}

gboolean
dd_directory_import_window_get_can_import (DdDirectoryImportWindow *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_IMPORT_WINDOW (self), FALSE);

  return self->import != NULL &&
         !self->committing &&
         self->import->sheet->problems->len == 0 &&
         self->import->sheet->rows->len > 0;
}

DdDirectoryImport *
dd_directory_import_window_get_import (DdDirectoryImportWindow *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_IMPORT_WINDOW (self), NULL);

  return self->import;
}
