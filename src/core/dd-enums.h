/* dd-enums.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DdLevel:
 * @DD_LEVEL_PROVINCE: the provincial government (省)
 * @DD_LEVEL_PREFECTURE: a prefecture-level city or autonomous prefecture (市州)
 * @DD_LEVEL_COUNTY: a county, district or county-level city (县区市)
 * @DD_LEVEL_DEPARTMENT: a department of one of the above (部门)
 *
 * The level of a unit in the government tree.
 */
typedef enum
{
  DD_LEVEL_PROVINCE,
  DD_LEVEL_PREFECTURE,
  DD_LEVEL_COUNTY,
  DD_LEVEL_DEPARTMENT,
} DdLevel;

/**
 * DdRegime:
 * @DD_REGIME_NONE: no duty that day (a 5x8 desk's ordinary weekend)
 * @DD_REGIME_5X8: office hours on working days
 * @DD_REGIME_7X24: staffed around the clock
 *
 * A duty regime: the desk's base regime, or the regime of one day.
 */
typedef enum
{
  DD_REGIME_NONE,
  DD_REGIME_5X8,
  DD_REGIME_7X24,
} DdRegime;

/**
 * DdRole:
 * @DD_ROLE_NONE: no role
 * @DD_ROLE_LEADER: may be the leader on duty (带班领导)
 * @DD_ROLE_OFFICER: may be a duty officer (值班员)
 *
 * What a staff member may be put on duty as.
 */
typedef enum /*< flags >*/
{
  DD_ROLE_NONE    = 0,
  DD_ROLE_LEADER  = 1 << 0,
  DD_ROLE_OFFICER = 1 << 1,
} DdRole;

#define DD_ROLE_BOTH (DD_ROLE_LEADER | DD_ROLE_OFFICER)

/* Stable machine names, as stored and as on the wire and command line. */
const char *dd_level_to_string   (DdLevel      level);
gboolean    dd_level_from_string (const char  *str,
                                  DdLevel     *level);
const char *dd_level_get_label   (DdLevel      level);

const char *dd_regime_to_string   (DdRegime     regime);
gboolean    dd_regime_from_string (const char  *str,
                                   DdRegime    *regime);
const char *dd_regime_get_label   (DdRegime     regime);

/* "leader", "officer", "both"; also accepts the Chinese words a desk writes in a sheet. */
const char *dd_role_to_string     (DdRole       roles);
gboolean    dd_role_from_string   (const char  *str,
                                   DdRole      *roles);
const char *dd_role_get_label     (DdRole       roles);

G_END_DECLS
