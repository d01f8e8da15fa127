/* dd-print.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dd-report-common.h"

G_BEGIN_DECLS

/* A document of src/report as the window prints it. */
typedef guint (*DdPrintPaginateFunc) (gpointer                document,
                                      double                  page_width,
                                      double                  page_height,
                                      const DdReportMargins  *margins,
                                      GError                **error);
typedef void  (*DdPrintDrawPageFunc) (gpointer                document,
                                      cairo_t                *cr,
                                      guint                   page);

/* Runs a GtkPrintOperation (in points, the printer's margins) over
 * @document, kept for as long as it prints; its dialog is transient for
 * @widget's window. With %GTK_PRINT_OPERATION_ACTION_EXPORT it writes a PDF
 * to @export_path; otherwise the dialog runs without blocking. */
GtkPrintOperationResult dd_print_document (GtkWidget                *widget,
                                          GObject                  *document,
                                          const char               *job_name,
                                          DdPrintPaginateFunc       paginate,
                                          DdPrintDrawPageFunc       draw_page,
                                          GtkPrintOperationAction   action,
                                          const char               *export_path,
                                          GError                  **error);

G_END_DECLS
