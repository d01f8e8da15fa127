/* dd-report-private.h: what the printed documents share
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

#define DD_REPORT_DEFAULT_FONT_FAMILY "Noto Sans CJK SC, WenQuanYi Micro Hei, sans"

/* A pango context with device independent metrics (72 dpi, no hinting):
 * what paginate() measures is what draw_page() draws, on paper, in a PDF
 * or in a print preview. */
PangoContext *dd_report_context_new   (void);
/* A layout of @markup in @family at @size points; wrapped at @width
 * points when @width > 0. */
PangoLayout  *dd_report_layout_new    (PangoContext    *context,
                                       const char      *family,
                                       const char      *markup,
                                       double           size,
                                       gboolean         bold,
                                       double           width,
                                       PangoAlignment   alignment);
/* Height and width of @layout's logical extents, in points. */
double        dd_report_layout_height (PangoLayout     *layout);
double        dd_report_layout_width  (PangoLayout     *layout);

typedef void (*DdReportDrawPage) (gpointer  document,
                                  cairo_t  *cr,
                                  guint     page);

/* Writes @n_pages pages of A4 portrait drawn by @draw_page to a PDF file. */
gboolean      dd_report_write_pdf     (const char      *path,
                                       const char      *title,
                                       guint            n_pages,
                                       DdReportDrawPage draw_page,
                                       gpointer         document,
                                       GError         **error);

G_END_DECLS
