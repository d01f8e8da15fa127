/* dd-directory-kind.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-division.h"
#include "dd-taxonomy.h"

G_BEGIN_DECLS

/**
 * DdDirectoryKind:
 * @DD_DIRECTORY_KIND_CONTACT: a unit's own line (duty phone, fax) or a person of a unit
 * @DD_DIRECTORY_KIND_TEAM: a rescue team (应急救援队伍)
 * @DD_DIRECTORY_KIND_EXPERT: an expert (专家)
 * @DD_DIRECTORY_KIND_WAREHOUSE: a material reserve warehouse (应急物资储备库)
 * @DD_DIRECTORY_KIND_STOCK: an item held in a warehouse
 * @DD_DIRECTORY_KIND_PLAN: an emergency plan (应急预案)
 *
 * The kinds of directory entries. The machine names ("contact", "team",
 * "expert", "warehouse", "stock", "plan") are also the sync record kinds.
 */
typedef enum
{
  DD_DIRECTORY_KIND_CONTACT,
  DD_DIRECTORY_KIND_TEAM,
  DD_DIRECTORY_KIND_EXPERT,
  DD_DIRECTORY_KIND_WAREHOUSE,
  DD_DIRECTORY_KIND_STOCK,
  DD_DIRECTORY_KIND_PLAN,
} DdDirectoryKind;

#define DD_DIRECTORY_N_KINDS 6

#define DD_TYPE_DIRECTORY_KIND (dd_directory_kind_get_type ())
GType       dd_directory_kind_get_type    (void) G_GNUC_CONST;

/* "contact", "team", … */
const char *dd_directory_kind_to_string   (DdDirectoryKind  kind);
/* Accepts the machine name or its plural ("contacts", "stock"), any case. */
gboolean    dd_directory_kind_from_string (const char      *str,
                                           DdDirectoryKind *kind);
/* Translated, for people: "Contacts", "Rescue teams", … */
const char *dd_directory_kind_to_label    (DdDirectoryKind  kind);

/**
 * DdTeamClass:
 * @DD_TEAM_CLASS_COMPREHENSIVE: comprehensive (综合)
 * @DD_TEAM_CLASS_PROFESSIONAL: professional (专业), with a field
 * @DD_TEAM_CLASS_EXPERT: expert team (专家队伍)
 * @DD_TEAM_CLASS_VOLUNTEER: volunteer (志愿者)
 */
typedef enum
{
  DD_TEAM_CLASS_COMPREHENSIVE,
  DD_TEAM_CLASS_PROFESSIONAL,
  DD_TEAM_CLASS_EXPERT,
  DD_TEAM_CLASS_VOLUNTEER,
} DdTeamClass;

#define DD_TYPE_TEAM_CLASS (dd_team_class_get_type ())
GType       dd_team_class_get_type        (void) G_GNUC_CONST;
const char *dd_team_class_to_string       (DdTeamClass      klass);
/* The machine name or the Chinese name (综合, 专业, 专家, 专家队伍, 志愿者). */
gboolean    dd_team_class_from_string     (const char      *str,
                                           DdTeamClass     *klass);
const char *dd_team_class_to_label        (DdTeamClass      klass);

/**
 * DdWhereaboutsStatus:
 * @DD_WHEREABOUTS_IN_OFFICE: in office (在岗)
 * @DD_WHEREABOUTS_TRAVELLING: travelling on business (出差)
 * @DD_WHEREABOUTS_ON_LEAVE: on leave (休假/请假)
 * @DD_WHEREABOUTS_MEETING: at a meeting or study away from the office (开会/学习)
 *
 * Where a leader is on a day.
 */
typedef enum
{
  DD_WHEREABOUTS_IN_OFFICE,
  DD_WHEREABOUTS_TRAVELLING,
  DD_WHEREABOUTS_ON_LEAVE,
  DD_WHEREABOUTS_MEETING,
} DdWhereaboutsStatus;

#define DD_TYPE_WHEREABOUTS_STATUS (dd_whereabouts_status_get_type ())
GType       dd_whereabouts_status_get_type    (void) G_GNUC_CONST;
/* "in_office", "travelling", "on_leave", "meeting" */
const char *dd_whereabouts_status_to_string   (DdWhereaboutsStatus  status);
/* The machine name or the Chinese name (在岗, 出差, 休假, 请假, 开会, 学习). */
gboolean    dd_whereabouts_status_from_string (const char          *str,
                                               DdWhereaboutsStatus *status);
const char *dd_whereabouts_status_to_label    (DdWhereaboutsStatus  status);

/* ---- freshness ---- */

/**
 * DdDirectoryRules:
 * @stale_days: an entry whose last verification is older than this many
 *   days is stale
 * @subtype_fields: (element-type utf8 GStrv): taxonomy id → keywords that
 *   match a team's or expert's field or a stock item's category
 *
 * The configurable defaults of the directories, as shipped in the
 * [Directory] and [Directory Fields] groups of the resource
 * data/rules/duty-defaults.ini.
 */
typedef struct
{
  guint       stale_days;
  GHashTable *subtype_fields;
} DdDirectoryRules;

DdDirectoryRules *dd_directory_rules_load  (GError          **error);
DdDirectoryRules *dd_directory_rules_parse (const char       *text,
                                            GError          **error);
void              dd_directory_rules_free  (DdDirectoryRules *rules);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdDirectoryRules, dd_directory_rules_free)

/* TRUE if an entry last verified at @verified_ms (Unix ms; 0 = never) is
 * stale at @now_ms: never verified, or verified more than @stale_days
 * days before @now_ms (exactly @stale_days days before is not stale). */
gboolean    dd_directory_is_stale         (gint64           verified_ms,
                                           gint64           now_ms,
                                           guint            stale_days);

/* ---- suggestion ranking ---- */

/* The distance from @division up to @entry_division in the division
 * tree: 0 if the same, 1 if @entry_division is @division's parent, 2 its
 * grandparent…; for an entry in another branch, 100 + the number of
 * steps from @division up to the closest common ancestor (a neighbour
 * county is 101). -1 if a code is unknown. */
int         dd_directory_division_distance (DdDivisionTable *divisions,
                                            const char      *division,
                                            const char      *entry_division);

G_END_DECLS
