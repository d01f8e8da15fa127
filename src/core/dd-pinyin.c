/* dd-pinyin.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-pinyin.h"

#include <string.h>

#include <gio/gio.h>

#define INITIALS_RESOURCE RESOURCE_BASE_PATH "/data/pinyin/initials.txt"
#define MAX_TERM 16

/* Character → its set of initials, interned ("oq"). */
static GHashTable *
get_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_resources_lookup_data (INITIALS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                                         &error);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      GHashTable *loaded = g_hash_table_new (g_direct_hash, g_direct_equal);

      if (bytes == NULL)
        g_error ("Cannot read %s: %s", INITIALS_RESOURCE, error->message);

      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *tab = strchr (lines[i], '\t');
          const char *letters;

          if (lines[i][0] == '#' || tab == NULL)
            continue;
          lines[i][tab - lines[i]] = '\0';
          letters = g_intern_string (lines[i]);
          for (const char *p = tab + 1; *p != '\0'; p = g_utf8_next_char (p))
            g_hash_table_insert (loaded, GUINT_TO_POINTER (g_utf8_get_char (p)), (gpointer) letters);
        }

      g_once_init_leave (&table, loaded);
    }

  return table;
}

char *
dd_pinyin_initials (const char *text)
{
  GHashTable *table = get_table ();
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *letters = NULL;
      char ascii[2] = { 0 };

      if (c < 0x80)
        {
          if (!g_ascii_isalpha ((char) c))
            continue;
          ascii[0] = g_ascii_tolower ((char) c);
          letters = ascii;
        }
      else
        letters = g_hash_table_lookup (table, GUINT_TO_POINTER (c));

      if (letters == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, letters);
    }

  return g_string_free (out, FALSE);
}

gboolean
dd_pinyin_is_initials_term (const char *term)
{
  gsize n;

  if (term == NULL)
    return FALSE;
  n = strlen (term);
  if (n < 2 || n > MAX_TERM)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalpha (term[i]))
      return FALSE;
  return TRUE;
}

gboolean
dd_pinyin_initials_match (const char *initials,
                          const char *term)
{
  g_auto(GStrv) sets = NULL;
  guint n_sets;
  gsize n;

  g_return_val_if_fail (initials != NULL && term != NULL, FALSE);

  n = strlen (term);
  if (n == 0)
    return FALSE;
  sets = g_strsplit (initials, " ", -1);
  n_sets = g_strv_length (sets);

  for (guint start = 0; start + n <= n_sets; start++)
    {
      gsize j;

      for (j = 0; j < n; j++)
        if (strchr (sets[start + j], g_ascii_tolower (term[j])) == NULL)
          break;
      if (j == n)
        return TRUE;
    }

  return FALSE;
}
