/* dd-directory-kind.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-directory-kind.h"

#include <glib/gi18n.h>

#include "dd-error.h"

#define DEFAULTS_RESOURCE RESOURCE_BASE_PATH "/data/rules/duty-defaults.ini"

typedef struct
{
  int         value;
  const char *nick;
  const char *plural;
  const char *label;
} KindInfo;

static const KindInfo kinds[] = {
  { DD_DIRECTORY_KIND_CONTACT,   "contact",   "contacts",   N_("Contacts") },
  { DD_DIRECTORY_KIND_TEAM,      "team",      "teams",      N_("Rescue teams") },
  { DD_DIRECTORY_KIND_EXPERT,    "expert",    "experts",    N_("Experts") },
  { DD_DIRECTORY_KIND_WAREHOUSE, "warehouse", "warehouses", N_("Warehouses") },
  { DD_DIRECTORY_KIND_STOCK,     "stock",     "stocks",     N_("Stock") },
  { DD_DIRECTORY_KIND_PLAN,      "plan",      "plans",      N_("Emergency plans") },
};

typedef struct
{
  int         value;
  const char *nick;
  const char *label;
  const char *words;   /* ";"-separated other names */
} WordInfo;

static const WordInfo team_classes[] = {
  { DD_TEAM_CLASS_COMPREHENSIVE, "comprehensive", N_("Comprehensive"),  "综合;综合性" },
  { DD_TEAM_CLASS_PROFESSIONAL,  "professional",  N_("Professional"),   "专业" },
  { DD_TEAM_CLASS_EXPERT,        "expert",        N_("Expert team"),    "专家;专家队伍" },
  { DD_TEAM_CLASS_VOLUNTEER,     "volunteer",     N_("Volunteer"),      "志愿者;志愿" },
};

static const WordInfo whereabouts_statuses[] = {
  { DD_WHEREABOUTS_IN_OFFICE,  "in_office",  N_("In office"),   "在岗;在单位" },
  { DD_WHEREABOUTS_TRAVELLING, "travelling", N_("Travelling"),  "出差;外出" },
  { DD_WHEREABOUTS_ON_LEAVE,   "on_leave",   N_("On leave"),    "休假;请假" },
  { DD_WHEREABOUTS_MEETING,    "meeting",    N_("At a meeting"), "开会;学习;培训" },
};

G_DEFINE_ENUM_TYPE (DdDirectoryKind, dd_directory_kind,
  G_DEFINE_ENUM_VALUE (DD_DIRECTORY_KIND_CONTACT, "contact"),
  G_DEFINE_ENUM_VALUE (DD_DIRECTORY_KIND_TEAM, "team"),
  G_DEFINE_ENUM_VALUE (DD_DIRECTORY_KIND_EXPERT, "expert"),
  G_DEFINE_ENUM_VALUE (DD_DIRECTORY_KIND_WAREHOUSE, "warehouse"),
  G_DEFINE_ENUM_VALUE (DD_DIRECTORY_KIND_STOCK, "stock"),
  G_DEFINE_ENUM_VALUE (DD_DIRECTORY_KIND_PLAN, "plan"))

G_DEFINE_ENUM_TYPE (DdTeamClass, dd_team_class,
  G_DEFINE_ENUM_VALUE (DD_TEAM_CLASS_COMPREHENSIVE, "comprehensive"),
  G_DEFINE_ENUM_VALUE (DD_TEAM_CLASS_PROFESSIONAL, "professional"),
  G_DEFINE_ENUM_VALUE (DD_TEAM_CLASS_EXPERT, "expert"),
  G_DEFINE_ENUM_VALUE (DD_TEAM_CLASS_VOLUNTEER, "volunteer"))

G_DEFINE_ENUM_TYPE (DdWhereaboutsStatus, dd_whereabouts_status,
  G_DEFINE_ENUM_VALUE (DD_WHEREABOUTS_IN_OFFICE, "in_office"),
  G_DEFINE_ENUM_VALUE (DD_WHEREABOUTS_TRAVELLING, "travelling"),
  G_DEFINE_ENUM_VALUE (DD_WHEREABOUTS_ON_LEAVE, "on_leave"),
  G_DEFINE_ENUM_VALUE (DD_WHEREABOUTS_MEETING, "meeting"))

static gboolean
word_lookup (const WordInfo *table,
             guint           n,
             const char     *str,
             int            *value)
{
  g_autofree char *trimmed = NULL;

  if (str == NULL)
    return FALSE;

  trimmed = g_strstrip (g_ascii_strdown (str, -1));
  for (guint i = 0; i < n; i++)
    {
      g_auto(GStrv) words = NULL;

      if (g_str_equal (trimmed, table[i].nick))
        {
          *value = table[i].value;
          return TRUE;
        }

      words = g_strsplit (table[i].words, ";", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (g_str_equal (trimmed, words[j]))
          {
            *value = table[i].value;
            return TRUE;
          }
    }

  return FALSE;
}

const char *
dd_directory_kind_to_string (DdDirectoryKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  return kinds[kind].nick;
}

gboolean
dd_directory_kind_from_string (const char      *str,
                               DdDirectoryKind *kind)
{
  g_autofree char *lower = NULL;

  if (str == NULL)
    return FALSE;

  lower = g_strstrip (g_ascii_strdown (str, -1));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (lower, kinds[i].nick) || g_str_equal (lower, kinds[i].plural))
      {
        if (kind != NULL)
          *kind = (DdDirectoryKind) kinds[i].value;
        return TRUE;
      }

  return FALSE;
}

const char *
dd_directory_kind_to_label (DdDirectoryKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  return _(kinds[kind].label);
}

const char *
dd_team_class_to_string (DdTeamClass klass)
{
  g_return_val_if_fail ((guint) klass < G_N_ELEMENTS (team_classes), NULL);
  return team_classes[klass].nick;
}

gboolean
dd_team_class_from_string (const char  *str,
                           DdTeamClass *klass)
{
  int value;

  if (!word_lookup (team_classes, G_N_ELEMENTS (team_classes), str, &value))
    return FALSE;
  if (klass != NULL)
    *klass = (DdTeamClass) value;
  return TRUE;
}

const char *
dd_team_class_to_label (DdTeamClass klass)
{
  g_return_val_if_fail ((guint) klass < G_N_ELEMENTS (team_classes), NULL);
  return _(team_classes[klass].label);
}

const char *
dd_whereabouts_status_to_string (DdWhereaboutsStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (whereabouts_statuses), NULL);
  return whereabouts_statuses[status].nick;
}

gboolean
dd_whereabouts_status_from_string (const char          *str,
                                   DdWhereaboutsStatus *status)
{
  int value;

  if (!word_lookup (whereabouts_statuses, G_N_ELEMENTS (whereabouts_statuses), str, &value))
    return FALSE;
  if (status != NULL)
    *status = (DdWhereaboutsStatus) value;
  return TRUE;
}

const char *
dd_whereabouts_status_to_label (DdWhereaboutsStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (whereabouts_statuses), NULL);
  return _(whereabouts_statuses[status].label);
}

/* ------------------------------------------------------------------ rules */

DdDirectoryRules *
dd_directory_rules_parse (const char  *text,
                          GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(DdDirectoryRules) rules = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) keys = NULL;
  gint64 days;

  if (!g_key_file_load_from_data (key_file, text, -1, G_KEY_FILE_NONE, error))
    return NULL;

  rules = g_new0 (DdDirectoryRules, 1);
  rules->subtype_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_strfreev);

  days = g_key_file_get_int64 (key_file, "Directory", "stale-days", &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_PARSE,
                   _("[Directory] stale-days: %s"), local_error->message);
      return NULL;
    }
  if (days < 1 || days > 3660)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("[Directory] stale-days must be between 1 and 3660 days"));
      return NULL;
    }
  rules->stale_days = (guint) days;

  keys = g_key_file_get_keys (key_file, "Directory Fields", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_string (key_file, "Directory Fields", keys[i], NULL);
      g_auto(GStrv) words = g_strsplit (value != NULL ? value : "", ";", -1);
      GPtrArray *kept = g_ptr_array_new ();

      for (guint j = 0; words[j] != NULL; j++)
        {
          g_strstrip (words[j]);
          if (words[j][0] != '\0')
            g_ptr_array_add (kept, g_strdup (words[j]));
        }
      g_ptr_array_add (kept, NULL);
      g_hash_table_replace (rules->subtype_fields, g_strdup (keys[i]),
                            g_ptr_array_free (kept, FALSE));
    }

  return g_steal_pointer (&rules);
}

DdDirectoryRules *
dd_directory_rules_load (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize size;
  DdDirectoryRules *rules;

  bytes = g_resources_lookup_data (DEFAULTS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  text = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
  rules = dd_directory_rules_parse (text, error);
  if (rules == NULL)
    g_prefix_error (error, "%s: ", DEFAULTS_RESOURCE);
  return rules;
}

void
dd_directory_rules_free (DdDirectoryRules *rules)
{
  if (rules == NULL)
    return;
  g_clear_pointer (&rules->subtype_fields, g_hash_table_unref);
  g_free (rules);
}

gboolean
dd_directory_is_stale (gint64 verified_ms,
                       gint64 now_ms,
                       guint  stale_days)
{
  if (verified_ms <= 0)
    return TRUE;
  return now_ms - verified_ms > (gint64) stale_days * 86400 * 1000;
}

/* ------------------------------------------------------------------ ranking */

int
dd_directory_division_distance (DdDivisionTable *divisions,
                                const char      *division,
                                const char      *entry_division)
{
  const char *up;
  int steps = 0;

  g_return_val_if_fail (DD_IS_DIVISION_TABLE (divisions), -1);

  if (division == NULL || entry_division == NULL ||
      dd_division_table_lookup (divisions, division) == NULL ||
      dd_division_table_lookup (divisions, entry_division) == NULL)
    return -1;

  /* Up from @division: is @entry_division an ancestor (or itself)? */
  up = division;
  while (up != NULL && up[0] != '\0')
    {
      DdDivision *d;

      if (g_str_equal (up, entry_division))
        return steps;
      d = dd_division_table_lookup (divisions, up);
      if (d == NULL)
        break;
      up = dd_division_get_parent_code (d);
      steps++;
    }

  /* Another branch: the steps from @division up to the closest ancestor
   * that also holds @entry_division. */
  up = division;
  steps = 0;
  while (up != NULL && up[0] != '\0')
    {
      const char *down = entry_division;

      while (down != NULL && down[0] != '\0')
        {
          DdDivision *d;

          if (g_str_equal (down, up))
            return 100 + steps;
          d = dd_division_table_lookup (divisions, down);
          if (d == NULL)
            break;
          down = dd_division_get_parent_code (d);
        }
      up = dd_division_get_parent_code (dd_division_table_lookup (divisions, up));
      steps++;
    }

  return 1000;
}
