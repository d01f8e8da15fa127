/* dd-report-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "dd-report-common.h"

G_BEGIN_DECLS

/* Helpers of the documents in src/report. */

#define DD_REPORT_DEFAULT_FONT_FAMILY "Noto Sans CJK SC, WenQuanYi Micro Hei, sans"

typedef void (*DdReportDrawPageFunc) (gpointer  document,
                                      cairo_t  *cr,
                                      guint     page);

/* A pango context on the default cairo font map of the calling thread with
 * device independent metrics (72 dpi, no hinting, unrounded positions):
 * what a document measures is what it draws, on paper, in a PDF or in a
 * print preview. */
PangoContext *dd_report_context_new        (void);
/* A layout of @markup in @font_family at @size points, wrapped at @width
 * points (not wrapped when @width <= 0). */
PangoLayout  *dd_report_layout_new         (PangoContext     *context,
                                            const char       *font_family,
                                            const char       *markup,
                                            double            size,
                                            gboolean          bold,
                                            double            width,
                                            PangoAlignment    alignment);
/* "Page N of M", centred in @width. */
PangoLayout  *dd_report_page_number_layout (PangoContext     *context,
                                            const char       *font_family,
                                            double            size,
                                            guint             page,
                                            guint             n_pages,
                                            double            width);
double        dd_report_layout_height      (PangoLayout      *layout);
double        dd_report_layout_width       (PangoLayout      *layout);
void          dd_report_draw_layout        (cairo_t          *cr,
                                            PangoLayout      *layout,
                                            double            x,
                                            double            y);
/* Draws @n_pages pages of @document on an A4 PDF at @path. */
gboolean      dd_report_write_pdf          (const char            *path,
                                            const char            *title,
                                            guint                  n_pages,
                                            DdReportDrawPageFunc   draw_page,
                                            gpointer               document,
                                            GError               **error);

G_END_DECLS
