/* pdf-text.h: the PDF files the report tests write: a temporary folder
 * for one and reading it back
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>

typedef struct
{
  char *dir;
  char *pdf;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dd-report-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->pdf = g_build_filename (fixture->dir, "document.pdf", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_remove (fixture->pdf);
  g_assert_no_errno (g_rmdir (fixture->dir));
  g_free (fixture->pdf);
  g_free (fixture->dir);
}


/* The text of @path (page @page from 1, or 0 for all) through pdftotext. */
static char *
pdf_text (const char *path,
          guint       page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *first = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  char *out = NULL;

  if (pdftotext == NULL)
    g_error ("pdftotext is not installed (package poppler-utils)");

  g_ptr_array_add (argv, g_steal_pointer (&pdftotext));
  g_ptr_array_add (argv, g_strdup ("-q"));
  g_ptr_array_add (argv, g_strdup ("-enc"));
  g_ptr_array_add (argv, g_strdup ("UTF-8"));
  if (page > 0)
    {
      g_ptr_array_add (argv, g_strdup ("-f"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", page));
      g_ptr_array_add (argv, g_strdup ("-l"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", page));
    }
  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, g_strdup ("-"));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (out);

  return out;
}

/* @text without white space, so that a name wrapped inside a cell reads whole. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
