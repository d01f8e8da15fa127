/* dd-text-document.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-text-document.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dd-report-private.h"

/* Sizes in points. */
#define TITLE_SIZE   18.0
#define BODY_SIZE    12.0
#define FOOTER_SIZE   8.0
#define TITLE_GAP    18.0
#define FOOTER_GAP    8.0

typedef struct
{
  double top;        /* from the body layout's top */
  double bottom;
  double baseline;
  double x;
} Line;

struct _DdTextDocument
{
  GObject          parent_instance;

  char            *title;
  char            *body;
  char            *font_family;

  /* the last paginate() */
  PangoContext    *context;
  PangoLayout     *body_layout;
  double           page_width;
  double           page_height;
  DdReportMargins  margins;
  double           title_height;
  GArray          *lines;        /* of Line */
  GArray          *page_starts;  /* of guint: first line of each page */
};

G_DEFINE_FINAL_TYPE (DdTextDocument, dd_text_document, G_TYPE_OBJECT)

static PangoLayout *
make_layout (DdTextDocument *self,
             const char     *text,
             double          size,
             gboolean        bold,
             double          width,
             PangoAlignment  alignment)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  return dd_report_layout_new (self->context, self->font_family, markup, size, bold, width, alignment);
}

static double
content_width (DdTextDocument *self)
{
  return self->page_width - self->margins.left - self->margins.right;
}

/* The top of the body on @page. */
static double
body_top (DdTextDocument *self,
          guint           page)
{
  return self->margins.top + (page == 0 ? self->title_height : 0);
}

static void
collect_lines (DdTextDocument *self)
{
  PangoLayoutIter *iter;

  g_array_set_size (self->lines, 0);
  if (*self->body == '\0')
    return;

  iter = pango_layout_get_iter (self->body_layout);
  do
    {
      PangoRectangle logical;
      Line line;
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line.top = (double) y0 / PANGO_SCALE;
      line.bottom = (double) y1 / PANGO_SCALE;
      line.baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      line.x = (double) logical.x / PANGO_SCALE;
      g_array_append_val (self->lines, line);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
draw_page_cb (gpointer  document,
              cairo_t  *cr,
              guint     page)
{
  dd_text_document_draw_page (document, cr, page);
}

static void
dd_text_document_finalize (GObject *object)
{
  DdTextDocument *self = DD_TEXT_DOCUMENT (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->font_family, g_free);
  g_clear_object (&self->body_layout);
  g_clear_object (&self->context);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->page_starts, g_array_unref);

  G_OBJECT_CLASS (dd_text_document_parent_class)->finalize (object);
}

static void
dd_text_document_class_init (DdTextDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_text_document_finalize;
}

static void
dd_text_document_init (DdTextDocument *self)
{
  self->font_family = g_strdup (DD_REPORT_DEFAULT_FONT_FAMILY);
  self->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  self->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
}

DdTextDocument *
dd_text_document_new (const char *title,
                      const char *body)
{
  DdTextDocument *self;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  self = g_object_new (DD_TYPE_TEXT_DOCUMENT, NULL);
  self->title = g_strdup (title);
  self->body = g_strdup (body);

  return self;
}

DdTextDocument *
dd_text_document_new_from_text (const char *text)
{
  g_autofree char *title = NULL;
  const char *p;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);

  /* skip blank lines before the title */
  p = text;
  for (;;)
    {
      const char *q = p;

      while (*q == ' ' || *q == '\t' || *q == '\r')
        q++;
      if (*q != '\n')
        break;
      p = q + 1;
    }

  end = strchr (p, '\n');
  if (end == NULL)
    end = p + strlen (p);
  title = g_strstrip (g_strndup (p, (gsize) (end - p)));

  /* skip the blank lines after it */
  p = end;
  for (;;)
    {
      const char *q = p;

      if (*q == '\n')
        q++;
      while (*q == ' ' || *q == '\t' || *q == '\r')
        q++;
      if (*q != '\n')
        {
          if (*p == '\n')
            p++;
          break;
        }
      p = q;
    }

  return dd_text_document_new (title, p);
}

const char *
dd_text_document_get_title (DdTextDocument *self)
{
  g_return_val_if_fail (DD_IS_TEXT_DOCUMENT (self), NULL);

  return self->title;
}

const char *
dd_text_document_get_body (DdTextDocument *self)
{
  g_return_val_if_fail (DD_IS_TEXT_DOCUMENT (self), NULL);

  return self->body;
}

void
dd_text_document_set_font_family (DdTextDocument *self,
                                  const char     *family)
{
  g_return_if_fail (DD_IS_TEXT_DOCUMENT (self));
  g_return_if_fail (family != NULL);

  g_free (self->font_family);
  self->font_family = g_strdup (family);
}

guint
dd_text_document_paginate (DdTextDocument         *self,
                           double                  page_width,
                           double                  page_height,
                           const DdReportMargins  *margins,
                           GError                **error)
{
  const DdReportMargins default_margins = {
    DD_REPORT_DEFAULT_MARGIN, DD_REPORT_DEFAULT_MARGIN,
    DD_REPORT_DEFAULT_MARGIN, DD_REPORT_DEFAULT_MARGIN,
  };
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  double footer_height;
  double page_top = 0;
  guint page = 0;
  guint first_line = 0;

  g_return_val_if_fail (DD_IS_TEXT_DOCUMENT (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  self->page_width = page_width;
  self->page_height = page_height;
  self->margins = margins != NULL ? *margins : default_margins;
  g_array_set_size (self->page_starts, 0);
  g_array_set_size (self->lines, 0);

  if (content_width (self) < BODY_SIZE * 4)
    {
      g_set_error_literal (error, DD_REPORT_ERROR, DD_REPORT_ERROR_PAGE_SIZE,
                           _("The page is too narrow for the text"));
      return 0;
    }

  if (self->context == NULL)
    self->context = dd_report_context_new ();

  title = make_layout (self, self->title, TITLE_SIZE, TRUE, content_width (self), PANGO_ALIGN_CENTER);
  self->title_height = ceil (dd_report_layout_height (title)) + TITLE_GAP;
  footer = dd_report_page_number_layout (self->context, self->font_family, FOOTER_SIZE,
                                         98, 99, content_width (self));
  footer_height = ceil (dd_report_layout_height (footer)) + FOOTER_GAP;

  g_clear_object (&self->body_layout);
  self->body_layout = make_layout (self, self->body, BODY_SIZE, FALSE, content_width (self),
                                   PANGO_ALIGN_LEFT);
  collect_lines (self);

  g_array_append_val (self->page_starts, first_line);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const Line *line = &g_array_index (self->lines, Line, i);
      double full = self->page_height - self->margins.top - self->margins.bottom - footer_height;
      double room = self->page_height - self->margins.bottom - footer_height - body_top (self, page);

      if (line->bottom - line->top > full)
        {
          g_array_set_size (self->page_starts, 0);
          g_set_error_literal (error, DD_REPORT_ERROR, DD_REPORT_ERROR_PAGE_SIZE,
                               _("The page is too small for a line of the text"));
          return 0;
        }

      if (line->bottom - page_top <= room)
        continue;

      /* The line starts the next page (the first page may hold only the
       * title when it leaves no room). */
      page++;
      page_top = line->top;
      g_array_append_val (self->page_starts, i);
    }

  return self->page_starts->len;
}

guint
dd_text_document_get_n_pages (DdTextDocument *self)
{
  g_return_val_if_fail (DD_IS_TEXT_DOCUMENT (self), 0);

  return self->page_starts->len;
}

guint
dd_text_document_get_n_lines (DdTextDocument *self)
{
  g_return_val_if_fail (DD_IS_TEXT_DOCUMENT (self), 0);

  return self->lines->len;
}

void
dd_text_document_get_page_lines (DdTextDocument *self,
                                 guint           page,
                                 guint          *first_line,
                                 guint          *n_lines)
{
  guint start, end;

  g_return_if_fail (DD_IS_TEXT_DOCUMENT (self));
  g_return_if_fail (page < self->page_starts->len);

  start = g_array_index (self->page_starts, guint, page);
  end = page + 1 < self->page_starts->len ? g_array_index (self->page_starts, guint, page + 1)
                                          : self->lines->len;
  if (first_line != NULL)
    *first_line = start;
  if (n_lines != NULL)
    *n_lines = end - start;
}

void
dd_text_document_draw_page (DdTextDocument *self,
                            cairo_t        *cr,
                            guint           page)
{
  g_autoptr(PangoLayout) page_number = NULL;
  double width;
  double top;
  guint first, n;

  g_return_if_fail (DD_IS_TEXT_DOCUMENT (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->page_starts->len);

  dd_text_document_get_page_lines (self, page, &first, &n);
  width = content_width (self);

  cairo_save (cr);

  /* Metrics stay those of paginate(): only the target changes. */
  pango_cairo_update_context (cr, self->context);
  pango_layout_context_changed (self->body_layout);

  cairo_set_source_rgb (cr, 0, 0, 0);

  if (page == 0)
    {
      g_autoptr(PangoLayout) title = make_layout (self, self->title, TITLE_SIZE, TRUE, width,
                                                  PANGO_ALIGN_CENTER);

      dd_report_draw_layout (cr, title, self->margins.left, self->margins.top);
    }

  top = body_top (self, page);
  for (guint i = first; i < first + n; i++)
    {
      const Line *line = &g_array_index (self->lines, Line, i);
      const Line *page_first = &g_array_index (self->lines, Line, first);

      cairo_move_to (cr, self->margins.left + line->x, top + line->baseline - page_first->top);
      pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (self->body_layout, (int) i));
    }

  page_number = dd_report_page_number_layout (self->context, self->font_family, FOOTER_SIZE,
                                              page, self->page_starts->len, width);
  dd_report_draw_layout (cr, page_number, self->margins.left,
                         self->page_height - self->margins.bottom - dd_report_layout_height (page_number));

  cairo_restore (cr);
}

gboolean
dd_text_document_write_pdf (DdTextDocument  *self,
                            const char      *path,
                            GError         **error)
{
  guint n_pages;

  g_return_val_if_fail (DD_IS_TEXT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_pages = dd_text_document_paginate (self, DD_REPORT_A4_WIDTH, DD_REPORT_A4_HEIGHT, NULL, error);
  if (n_pages == 0)
    return FALSE;

  return dd_report_write_pdf (path, self->title, n_pages, draw_page_cb, self, error);
}
