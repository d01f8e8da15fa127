/* dd-print.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-print.h"

typedef struct
{
  GObject             *document;
  DdPrintPaginateFunc  paginate;
  DdPrintDrawPageFunc  draw_page;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  g_object_unref (job->document);
  g_free (job);
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   PrintJob          *job)
{
  DdReportMargins margins = { 0, 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  guint n_pages;

  n_pages = job->paginate (job->document,
                           gtk_print_context_get_width (context),
                           gtk_print_context_get_height (context),
                           &margins, &error);
  if (n_pages == 0)
    {
      g_debug ("Cannot lay the document out: %s", error->message);
      gtk_print_operation_cancel (operation);
      return;
    }

  gtk_print_operation_set_n_pages (operation, (int) n_pages);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 PrintJob          *job)
{
  job->draw_page (job->document, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

GtkPrintOperationResult
dd_print_document (GtkWidget                *widget,
                   GObject                  *document,
                   const char               *job_name,
                   DdPrintPaginateFunc       paginate,
                   DdPrintDrawPageFunc       draw_page,
                   GtkPrintOperationAction   action,
                   const char               *export_path,
                   GError                  **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  PrintJob *job;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), GTK_PRINT_OPERATION_RESULT_ERROR);
  g_return_val_if_fail (G_IS_OBJECT (document), GTK_PRINT_OPERATION_RESULT_ERROR);
  g_return_val_if_fail (action != GTK_PRINT_OPERATION_ACTION_EXPORT || export_path != NULL,
                        GTK_PRINT_OPERATION_RESULT_ERROR);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, FALSE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, job_name);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);

  /* The operation keeps the document for as long as it prints. */
  job = g_new0 (PrintJob, 1);
  job->document = g_object_ref (document);
  job->paginate = paginate;
  job->draw_page = draw_page;
  g_object_set_data_full (G_OBJECT (operation), "dd-print-job", job, print_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), job);
  if (action != GTK_PRINT_OPERATION_ACTION_EXPORT)
    {
      gtk_print_operation_set_allow_async (operation, TRUE);
      /* Kept until "done" when the dialog runs without blocking. */
      g_signal_connect (g_object_ref (operation), "done", G_CALLBACK (g_object_unref), NULL);
    }

  root = gtk_widget_get_root (widget);

  return gtk_print_operation_run (operation, action,
                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                  error);
}
