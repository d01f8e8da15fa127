/* test-text-document.c: plain text with a title on pages, checked through
 * its PDF
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "dd-text-document.h"
#include "pdf-text.h"

#define TITLE "关于花溪区发生山体滑坡的初报"

/* @n numbered lines ("第N行…"), the last without a newline. */
static char *
numbered_lines (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "%s第%u行：现场情况正在核实。", i > 1 ? "\n" : "", i);

  return g_string_free (text, FALSE);
}

static void
test_from_text (void)
{
  g_autoptr(DdTextDocument) document = NULL;
  g_autoptr(DdTextDocument) bare = NULL;

  document = dd_text_document_new_from_text ("\n  " TITLE "  \n\n\n编号：1\n\n地点：花溪区\n");
  g_assert_cmpstr (dd_text_document_get_title (document), ==, TITLE);
  g_assert_cmpstr (dd_text_document_get_body (document), ==, "编号：1\n\n地点：花溪区\n");

  bare = dd_text_document_new_from_text (TITLE);
  g_assert_cmpstr (dd_text_document_get_title (bare), ==, TITLE);
  g_assert_cmpstr (dd_text_document_get_body (bare), ==, "");
  g_assert_cmpuint (dd_text_document_paginate (bare, DD_REPORT_A4_WIDTH, DD_REPORT_A4_HEIGHT,
                                               NULL, NULL), ==, 1);
  g_assert_cmpuint (dd_text_document_get_n_lines (bare), ==, 0);
}

/* A long text runs over several pages; the title is on the first page
 * only, every line is printed once, in order, and every page is numbered. */
static void
test_long_text (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *body = numbered_lines (150);
  g_autoptr(DdTextDocument) document = dd_text_document_new (TITLE, body);
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *squeezed = NULL;
  guint n_pages;
  guint expected_first = 0;
  guint first, n, n_second;
  const char *p;

  g_assert_true (dd_text_document_write_pdf (document, fixture->pdf, &error));
  g_assert_no_error (error);
  n_pages = dd_text_document_get_n_pages (document);
  /* 150 lines of 12 points do not fit on one or two A4 pages */
  g_assert_cmpuint (n_pages, >=, 3);
  g_assert_cmpuint (dd_text_document_get_n_lines (document), ==, 150);

  for (guint page = 0; page < n_pages; page++)
    {
      dd_text_document_get_page_lines (document, page, &first, &n);
      g_assert_cmpuint (first, ==, expected_first);
      g_assert_cmpuint (n, >, 0);
      expected_first += n;
    }
  g_assert_cmpuint (expected_first, ==, 150);

  /* the title takes room on the first page only */
  dd_text_document_get_page_lines (document, 0, NULL, &n);
  dd_text_document_get_page_lines (document, 1, NULL, &n_second);
  g_assert_cmpuint (n, <, n_second);

  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = pdf_text (fixture->pdf, page);
      g_autofree char *flat = squeeze (text);
      g_autofree char *number = g_strdup_printf ("Page%uof%u", page, n_pages);

      g_assert_true ((strstr (flat, TITLE) != NULL) == (page == 1));
      g_assert_nonnull (strstr (flat, number));
    }

  all = pdf_text (fixture->pdf, 0);
  squeezed = squeeze (all);
  p = squeezed;
  for (guint i = 1; i <= 150; i++)
    {
      g_autofree char *line = g_strdup_printf ("第%u行：", i);
      const char *found = strstr (p, line);

      g_assert_nonnull (found);
      p = found + strlen (line);
    }

  /* paginating again for another page gives another count */
  g_assert_cmpuint (dd_text_document_paginate (document, DD_REPORT_A4_HEIGHT, DD_REPORT_A4_WIDTH,
                                               NULL, NULL), >, n_pages);
}

/* A long paragraph wraps at the page width instead of running off it. */
static void
test_wraps (void)
{
  GString *paragraph = g_string_new (NULL);
  g_autoptr(DdTextDocument) document = NULL;
  g_autofree char *body = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append (paragraph, "已组织力量开展搜救。");
  body = g_string_free (paragraph, FALSE);
  document = dd_text_document_new (TITLE, body);

  g_assert_cmpuint (dd_text_document_paginate (document, DD_REPORT_A4_WIDTH, DD_REPORT_A4_HEIGHT,
                                               NULL, NULL), ==, 1);
  g_assert_cmpuint (dd_text_document_get_n_lines (document), >, 5);
}

static void
test_page_too_small (void)
{
  g_autoptr(DdTextDocument) document = dd_text_document_new (TITLE, "正文");
  g_autoptr(GError) error = NULL;
  DdReportMargins margins = { 10, 10, 10, 10 };

  g_assert_cmpuint (dd_text_document_paginate (document, 200, 30, &margins, &error), ==, 0);
  g_assert_error (error, DD_REPORT_ERROR, DD_REPORT_ERROR_PAGE_SIZE);
  g_assert_cmpuint (dd_text_document_get_n_pages (document), ==, 0);
  g_clear_error (&error);

  g_assert_cmpuint (dd_text_document_paginate (document, 30, 400, &margins, &error), ==, 0);
  g_assert_error (error, DD_REPORT_ERROR, DD_REPORT_ERROR_PAGE_SIZE);
}

static void
test_write_error (void)
{
  g_autoptr(DdTextDocument) document = dd_text_document_new (TITLE, "正文");
  g_autoptr(GError) error = NULL;

  g_assert_false (dd_text_document_write_pdf (document, "/nonexistent/dir/draft.pdf", &error));
  g_assert_error (error, DD_REPORT_ERROR, DD_REPORT_ERROR_WRITE);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/text-document/from-text", test_from_text);
  g_test_add ("/report/text-document/long-text", Fixture, NULL,
              fixture_set_up, test_long_text, fixture_tear_down);
  g_test_add_func ("/report/text-document/wraps", test_wraps);
  g_test_add_func ("/report/text-document/page-too-small", test_page_too_small);
  g_test_add_func ("/report/text-document/write-error", test_write_error);

  ret = g_test_run ();

  /* drop pango's and cairo's caches so that valgrind sees only real leaks */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();

  return ret;
}
