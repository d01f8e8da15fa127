/* dd-pinyin.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The pinyin initials of @text, one set per character that has any,
 * space-separated: each set is the sorted first letters of every reading
 * of a Chinese character (区 → "oq", 长 → "cz"), or an ASCII letter itself
 * in lower case. Other characters (digits, punctuation, spaces) are
 * skipped. "南明区" → "n m oq"; "" if @text has none. From the resource
 * data/pinyin/initials.txt (Unicode Unihan readings). */
char     *dd_pinyin_initials        (const char *text);

/* Whether @term (lower or upper case) matches consecutive sets of
 * @initials (as dd_pinyin_initials() returns them): "nmq" matches
 * "n m oq y", "mo" too, "qn" not. */
gboolean  dd_pinyin_initials_match  (const char *initials,
                                     const char *term);

/* Whether @term can be pinyin initials: 2 to 16 ASCII letters. */
gboolean  dd_pinyin_is_initials_term (const char *term);

G_END_DECLS
