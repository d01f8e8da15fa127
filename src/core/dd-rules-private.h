/* dd-rules-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reading rule trees: a{sv} dictionaries, arrays of anything (av from JSON),
 * numbers of any numeric type. @path names where the dictionary is
 * ("schemes.earthquake") for the error messages, which then read
 * "schemes.earthquake: the member “criteria” is missing". */

/* The member (unboxed), or %NULL: with an error if @required. */
gboolean  dd_rules_member        (GVariant     *dict,
                                  const char   *path,
                                  const char   *member,
                                  gboolean      required,
                                  GVariant    **value,
                                  GError      **error);
gboolean  dd_rules_get_string    (GVariant     *dict,
                                  const char   *path,
                                  const char   *member,
                                  gboolean      required,
                                  char        **value,
                                  GError      **error);
/* @present may be %NULL when @required. */
gboolean  dd_rules_get_number    (GVariant     *dict,
                                  const char   *path,
                                  const char   *member,
                                  gboolean      required,
                                  double       *value,
                                  gboolean     *present,
                                  GError      **error);
gboolean  dd_rules_get_bool      (GVariant     *dict,
                                  const char   *path,
                                  const char   *member,
                                  gboolean      default_value,
                                  gboolean     *value,
                                  GError      **error);
/* An array (any element type); children read with dd_rules_child(). */
gboolean  dd_rules_get_array     (GVariant     *dict,
                                  const char   *path,
                                  const char   *member,
                                  gboolean      required,
                                  GVariant    **value,
                                  GError      **error);
/* A dictionary a{sv}. */
gboolean  dd_rules_get_dict      (GVariant     *dict,
                                  const char   *path,
                                  const char   *member,
                                  gboolean      required,
                                  GVariant    **value,
                                  GError      **error);
/* Child @i of an array, unboxed. */
GVariant *dd_rules_child         (GVariant     *array,
                                  gsize         i);
gboolean  dd_rules_is_dict       (GVariant     *value);
gboolean  dd_rules_to_number     (GVariant     *value,
                                  double       *number);
/* An array of strings, as a %NULL-terminated vector. */
gboolean  dd_rules_get_strv      (GVariant     *dict,
                                  const char   *path,
                                  const char   *member,
                                  gboolean      required,
                                  GStrv        *value,
                                  GError      **error);
/* Every key of @dict is one of @allowed (%NULL-terminated). */
gboolean  dd_rules_check_members (GVariant     *dict,
                                  const char   *path,
                                  const char * const *allowed,
                                  GError      **error);
/* "path.member" or "member" when @path is empty. */
char     *dd_rules_path          (const char   *path,
                                  const char   *member);

G_END_DECLS
