/* dd-text-document.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "dd-report-common.h"

G_BEGIN_DECLS

/* Plain text as printed: a title centred in bold on the first page, then
 * the body wrapped to the page width, its lines running on over as many
 * pages as needed (a line never splits); each page has a footer
 * "Page N of M". A report draft on paper or in a PDF.
 *
 * Units are points, as for #DdRosterDocument: paginate with a print
 * context's width and height and zero margins, and draw each page on its
 * cairo_t. Uses pango's default cairo font map of the calling thread. */
#define DD_TYPE_TEXT_DOCUMENT (dd_text_document_get_type ())
G_DECLARE_FINAL_TYPE (DdTextDocument, dd_text_document, DD, TEXT_DOCUMENT, GObject)

DdTextDocument *dd_text_document_new             (const char             *title,
                                                  const char             *body);
/* The first line that is not blank is the title; the rest, without the
 * blank lines that follow the title, is the body. */
DdTextDocument *dd_text_document_new_from_text   (const char             *text);

const char     *dd_text_document_get_title       (DdTextDocument         *self);
const char     *dd_text_document_get_body        (DdTextDocument         *self);
/* The font family list, "Noto Sans CJK SC, WenQuanYi Micro Hei, sans"
 * unless set. Takes effect at the next paginate(). */
void            dd_text_document_set_font_family (DdTextDocument         *self,
                                                  const char             *family);

/* Lays the text out on pages of @page_width × @page_height points with
 * @margins (%NULL: DD_REPORT_DEFAULT_MARGIN all round). Returns the number
 * of pages, at least 1; 0 with @error set when a page cannot hold the
 * title, a line of the body and the footer. */
guint           dd_text_document_paginate        (DdTextDocument         *self,
                                                  double                  page_width,
                                                  double                  page_height,
                                                  const DdReportMargins  *margins,
                                                  GError                **error);
/* Pages of the last paginate(), 0 before. */
guint           dd_text_document_get_n_pages     (DdTextDocument         *self);
/* Lines of the wrapped body of the last paginate(). */
guint           dd_text_document_get_n_lines     (DdTextDocument         *self);
/* The first body line on @page and how many there are. */
void            dd_text_document_get_page_lines  (DdTextDocument         *self,
                                                  guint                   page,
                                                  guint                  *first_line,
                                                  guint                  *n_lines);
/* Draws @page (from 0) of the last paginate() on @cr, whose user space is
 * in points with the page's top left corner at the origin. */
void            dd_text_document_draw_page       (DdTextDocument         *self,
                                                  cairo_t                *cr,
                                                  guint                   page);
/* Paginates for A4 portrait with the default margins and writes every
 * page to a PDF file at @path. */
gboolean        dd_text_document_write_pdf       (DdTextDocument         *self,
                                                  const char             *path,
                                                  GError                **error);

G_END_DECLS
