/* dd-rules-loader.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-grading.h"
#include "dd-reporting.h"

G_BEGIN_DECLS

/* Rule files are JSON (data/rules/grading.json, reporting.json); src/core builds its rule objects
 * from GVariant. This turns a JSON document into the a{sv} tree core reads:
 * objects a{sv} (member order kept), arrays av, integers x, other numbers d,
 * strings s, booleans b. null is refused. Errors (%DD_CORE_ERROR_PARSE) give
 * the line of a syntax error or the path of a null. */
GVariant         *dd_rules_json_to_variant           (GBytes      *json,
                                                      GError     **error);

/* @origin names the file in error messages ("grading.json: schemes…"). */
DdGradingRules   *dd_grading_rules_load_from_bytes   (GBytes      *json,
                                                      const char  *origin,
                                                      GError     **error);
DdReportingRules *dd_reporting_rules_load_from_bytes (GBytes      *json,
                                                      const char  *origin,
                                                      GError     **error);

/* The shipped rules, from the resources data/rules/grading.json and
 * data/rules/reporting.json (validated by the test suite). */
DdGradingRules   *dd_grading_rules_load_default      (GError     **error);
DdReportingRules *dd_reporting_rules_load_default    (GError     **error);

G_END_DECLS
