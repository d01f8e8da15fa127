/* dd-taxonomy.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The grading scheme of sub-types that have no public numeric thresholds. */
#define DD_GRADING_SCHEME_MANUAL "manual"

/* A sub-type of sudden event (data/taxonomy.csv). Immutable. */
#define DD_TYPE_SUBTYPE (dd_subtype_get_type ())
G_DECLARE_FINAL_TYPE (DdSubtype, dd_subtype, DD, SUBTYPE, GObject)

/* "natural.geological" */
const char *dd_subtype_get_id          (DdSubtype *self);
/* "natural" */
const char *dd_subtype_get_category    (DdSubtype *self);
/* "自然灾害" */
const char *dd_subtype_get_category_zh (DdSubtype *self);
/* "地质灾害" */
const char *dd_subtype_get_name_zh     (DdSubtype *self);
/* "Geological disaster" */
const char *dd_subtype_get_name_en     (DdSubtype *self);
/* The name in the user's language: Chinese when the first language the
 * user asks for is Chinese, English otherwise. */
const char *dd_subtype_get_name        (DdSubtype *self);
/* The grading scheme: "geological", or "manual" */
const char *dd_subtype_get_scheme      (DdSubtype *self);
gboolean    dd_subtype_is_manual       (DdSubtype *self);

/* The sub-types, in file order: a GListModel of DdSubtype. */
#define DD_TYPE_TAXONOMY (dd_taxonomy_get_type ())
G_DECLARE_FINAL_TYPE (DdTaxonomy, dd_taxonomy, DD, TAXONOMY, GObject)

/* Header id,category,category_zh,subtype_zh,subtype_en,grading; ids of
 * a-z, 0-9, '_' and '.' unique; no empty cells; the scheme "manual" or a
 * name of a-z, 0-9 and '_'. Errors name the line. */
DdTaxonomy *dd_taxonomy_new_from_bytes (GBytes      *csv,
                                        GError     **error);
/* The shipped taxonomy (resource data/taxonomy.csv); validated by the
 * test suite, so failing to read it is a bug. Owned by the library. */
DdTaxonomy *dd_taxonomy_get_default    (void);
/* %NULL if @id is unknown. */
DdSubtype  *dd_taxonomy_lookup         (DdTaxonomy  *self,
                                        const char  *id);
/* The name of the sub-type @id in the user's language (see
 * dd_subtype_get_name()); @id itself if unknown, "" for %NULL. */
const char *dd_taxonomy_get_name       (DdTaxonomy  *self,
                                        const char  *id);
/* The distinct grading schemes named (without "manual"), in file order. */
GStrv       dd_taxonomy_dup_schemes    (DdTaxonomy  *self);

G_END_DECLS
