/* dd-store-directory.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-directory.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dd-directory-private.h"
#include "dd-directory-request.h"
#include "dd-division.h"
#include "dd-error.h"
#include "dd-pinyin.h"
#include "dd-store-private.h"
#include "dd-time.h"
#include "dd-unit-code.h"
#include "dd-uuid.h"

#define DEFAULT_LIMIT 200
/* The search planner (see dd_store_directory_search()): at most this many
 * candidates are taken from the text's index, a sample of this many tells
 * how they pass the filters, and reading a whole row by its rowid costs
 * this many steps of a walk over a covering index. */
#define CANDIDATES_CAP 8192
#define SAMPLE_SIZE 64
#define FETCH_COST 12.0
#define DAY_MS ((gint64) 86400 * 1000)

/* The table of each kind, in DdDirectoryKind order. */
static const char * const kind_tables[] = {
  "dir_contact", "dir_team", "dir_expert", "dir_warehouse", "dir_stock", "dir_plan",
};

static const char *
kind_name (DdDirectoryKind kind)
{
  return dd_directory_kind_to_string (kind);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);

  return text != NULL ? text : "";
}

/* ------------------------------------------------------------------ DdDirectoryEntry */

enum {
  ENTRY_PROP_0,
  ENTRY_PROP_KIND,
  ENTRY_PROP_ID,
  ENTRY_PROP_NAME,
  ENTRY_PROP_SUBTITLE,
  ENTRY_PROP_DIVISION,
  ENTRY_PROP_DIVISION_NAME,
  ENTRY_PROP_PHONES,
  ENTRY_PROP_VERIFIED_AT_MS,
  ENTRY_PROP_VERIFIED_BY,
  ENTRY_PROP_STALE,
  ENTRY_PROP_DISTANCE,
  ENTRY_PROP_SUBTYPE_MATCH,
  ENTRY_N_PROPS
};

struct _DdDirectoryEntry
{
  GObject          parent_instance;

  DdDirectoryKind  kind;
  char            *id;
  char            *name;
  char            *subtitle;
  char            *division;
  char            *division_name;
  char           **phones;
  gint64           verified_at_ms;
  char            *verified_by;
  gboolean         stale;
  int              distance;
  gboolean         subtype_match;

  /* Not properties: what suggestions rank by. */
  char            *field;
  char            *klass;
};

static GParamSpec *entry_properties[ENTRY_N_PROPS];

G_DEFINE_FINAL_TYPE (DdDirectoryEntry, dd_directory_entry, G_TYPE_OBJECT)

static void
dd_directory_entry_finalize (GObject *object)
{
  DdDirectoryEntry *self = (DdDirectoryEntry *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->subtitle);
  g_free (self->division);
  g_free (self->division_name);
  g_strfreev (self->phones);
  g_free (self->verified_by);
  g_free (self->field);
  g_free (self->klass);

  G_OBJECT_CLASS (dd_directory_entry_parent_class)->finalize (object);
}

static void
dd_directory_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DdDirectoryEntry *self = DD_DIRECTORY_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case ENTRY_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case ENTRY_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ENTRY_PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case ENTRY_PROP_DIVISION:
      g_value_set_string (value, self->division);
      break;
    case ENTRY_PROP_DIVISION_NAME:
      g_value_set_string (value, self->division_name);
      break;
    case ENTRY_PROP_PHONES:
      g_value_set_boxed (value, self->phones);
      break;
    case ENTRY_PROP_VERIFIED_AT_MS:
      g_value_set_int64 (value, self->verified_at_ms);
      break;
    case ENTRY_PROP_VERIFIED_BY:
      g_value_set_string (value, self->verified_by);
      break;
    case ENTRY_PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;
    case ENTRY_PROP_DISTANCE:
      g_value_set_int (value, self->distance);
      break;
    case ENTRY_PROP_SUBTYPE_MATCH:
      g_value_set_boolean (value, self->subtype_match);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_directory_entry_class_init (DdDirectoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dd_directory_entry_finalize;
  object_class->get_property = dd_directory_entry_get_property;

  entry_properties[ENTRY_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, DD_TYPE_DIRECTORY_KIND, DD_DIRECTORY_KIND_CONTACT, flags);
  entry_properties[ENTRY_PROP_ID] = g_param_spec_string ("id", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_DIVISION] = g_param_spec_string ("division", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_DIVISION_NAME] =
    g_param_spec_string ("division-name", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_PHONES] = g_param_spec_boxed ("phones", NULL, NULL, G_TYPE_STRV, flags);
  entry_properties[ENTRY_PROP_VERIFIED_AT_MS] =
    g_param_spec_int64 ("verified-at-ms", NULL, NULL, 0, G_MAXINT64, 0, flags);
  entry_properties[ENTRY_PROP_VERIFIED_BY] = g_param_spec_string ("verified-by", NULL, NULL, "", flags);
  entry_properties[ENTRY_PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, TRUE, flags);
  entry_properties[ENTRY_PROP_DISTANCE] = g_param_spec_int ("distance", NULL, NULL, -1, G_MAXINT, -1, flags);
  entry_properties[ENTRY_PROP_SUBTYPE_MATCH] =
    g_param_spec_boolean ("subtype-match", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, ENTRY_N_PROPS, entry_properties);
}

static void
dd_directory_entry_init (DdDirectoryEntry *self)
{
  self->id = g_strdup ("");
  self->name = g_strdup ("");
  self->subtitle = g_strdup ("");
  self->division = g_strdup ("");
  self->division_name = g_strdup ("");
  self->phones = g_new0 (char *, 1);
  self->verified_by = g_strdup ("");
  self->stale = TRUE;
  self->distance = -1;
  self->field = g_strdup ("");
  self->klass = g_strdup ("");
}

DdDirectoryKind
dd_directory_entry_get_kind (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), 0);
  return self->kind;
}

const char *
dd_directory_entry_get_id (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), NULL);
  return self->id;
}

const char *
dd_directory_entry_get_name (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), NULL);
  return self->name;
}

const char *
dd_directory_entry_get_subtitle (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), NULL);
  return self->subtitle;
}

const char *
dd_directory_entry_get_division (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), NULL);
  return self->division;
}

const char *
dd_directory_entry_get_division_name (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), NULL);
  return self->division_name;
}

const char * const *
dd_directory_entry_get_phones (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), NULL);
  return (const char * const *) self->phones;
}

gint64
dd_directory_entry_get_verified_at_ms (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), 0);
  return self->verified_at_ms;
}

const char *
dd_directory_entry_get_verified_by (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), NULL);
  return self->verified_by;
}

gboolean
dd_directory_entry_get_stale (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), FALSE);
  return self->stale;
}

int
dd_directory_entry_get_distance (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), -1);
  return self->distance;
}

gboolean
dd_directory_entry_get_subtype_match (DdDirectoryEntry *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_ENTRY (self), FALSE);
  return self->subtype_match;
}

/* ------------------------------------------------------------------ DdWhereabouts */

enum {
  WB_PROP_0,
  WB_PROP_ID,
  WB_PROP_PERSON,
  WB_PROP_POST,
  WB_PROP_UNIT,
  WB_PROP_FROM,
  WB_PROP_TO,
  WB_PROP_PLACE,
  WB_PROP_STAND_IN,
  WB_PROP_STAND_IN_PHONE,
  WB_PROP_NOTE,
  WB_PROP_STATUS,
  WB_N_PROPS
};

#define WB_N_STRINGS WB_PROP_STATUS

struct _DdWhereabouts
{
  GObject              parent_instance;

  char                *strings[WB_N_STRINGS];   /* indexed by property id */
  DdWhereaboutsStatus  status;
};

static GParamSpec *wb_properties[WB_N_PROPS];

G_DEFINE_FINAL_TYPE (DdWhereabouts, dd_whereabouts, G_TYPE_OBJECT)

static void
dd_whereabouts_finalize (GObject *object)
{
  DdWhereabouts *self = (DdWhereabouts *) object;

  for (guint i = 0; i < WB_N_STRINGS; i++)
    g_free (self->strings[i]);

  G_OBJECT_CLASS (dd_whereabouts_parent_class)->finalize (object);
}

static void
dd_whereabouts_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DdWhereabouts *self = DD_WHEREABOUTS (object);

  if (prop_id > 0 && prop_id < WB_N_STRINGS)
    g_value_set_string (value, self->strings[prop_id]);
  else if (prop_id == WB_PROP_STATUS)
    g_value_set_enum (value, self->status);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
dd_whereabouts_class_init (DdWhereaboutsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const char * const names[WB_N_STRINGS] = {
    NULL, "id", "person", "post", "unit", "from", "to", "place", "stand-in", "stand-in-phone", "note",
  };

  object_class->finalize = dd_whereabouts_finalize;
  object_class->get_property = dd_whereabouts_get_property;

  for (guint i = 1; i < WB_N_STRINGS; i++)
    wb_properties[i] = g_param_spec_string (names[i], NULL, NULL, "", flags);
  wb_properties[WB_PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, DD_TYPE_WHEREABOUTS_STATUS, DD_WHEREABOUTS_IN_OFFICE, flags);

  g_object_class_install_properties (object_class, WB_N_PROPS, wb_properties);
}

static void
dd_whereabouts_init (DdWhereabouts *self)
{
  for (guint i = 1; i < WB_N_STRINGS; i++)
    self->strings[i] = g_strdup ("");
}

static void
wb_set (DdWhereabouts *self,
        guint          prop_id,
        const char    *value)
{
  g_free (self->strings[prop_id]);
  self->strings[prop_id] = g_strstrip (g_strdup (value != NULL ? value : ""));
}

DdWhereabouts *
dd_whereabouts_new (const char          *person,
                    const char          *post,
                    const char          *unit,
                    const char          *from,
                    const char          *to,
                    DdWhereaboutsStatus  status,
                    const char          *place,
                    const char          *stand_in,
                    const char          *stand_in_phone,
                    const char          *note)
{
  DdWhereabouts *self = g_object_new (DD_TYPE_WHEREABOUTS, NULL);

  wb_set (self, WB_PROP_PERSON, person);
  wb_set (self, WB_PROP_POST, post);
  wb_set (self, WB_PROP_UNIT, unit);
  wb_set (self, WB_PROP_FROM, from);
  wb_set (self, WB_PROP_TO, to != NULL && to[0] != '\0' ? to : from);
  wb_set (self, WB_PROP_PLACE, place);
  wb_set (self, WB_PROP_STAND_IN, stand_in);
  wb_set (self, WB_PROP_STAND_IN_PHONE, stand_in_phone);
  wb_set (self, WB_PROP_NOTE, note);
  self->status = status;

  return self;
}

#define WB_GETTER(name, prop) \
  const char * \
  dd_whereabouts_get_##name (DdWhereabouts *self) \
  { \
    g_return_val_if_fail (DD_IS_WHEREABOUTS (self), NULL); \
    return self->strings[prop]; \
  }

WB_GETTER (id, WB_PROP_ID)
WB_GETTER (person, WB_PROP_PERSON)
WB_GETTER (post, WB_PROP_POST)
WB_GETTER (unit, WB_PROP_UNIT)
WB_GETTER (from, WB_PROP_FROM)
WB_GETTER (to, WB_PROP_TO)
WB_GETTER (place, WB_PROP_PLACE)
WB_GETTER (stand_in, WB_PROP_STAND_IN)
WB_GETTER (stand_in_phone, WB_PROP_STAND_IN_PHONE)
WB_GETTER (note, WB_PROP_NOTE)

#undef WB_GETTER

DdWhereaboutsStatus
dd_whereabouts_get_status (DdWhereabouts *self)
{
  g_return_val_if_fail (DD_IS_WHEREABOUTS (self), DD_WHEREABOUTS_IN_OFFICE);
  return self->status;
}

/* ------------------------------------------------------------------ boxed helpers */

void
dd_directory_verification_free (DdDirectoryVerification *verification)
{
  if (verification == NULL)
    return;
  g_free (verification->entry_id);
  g_free (verification->verified_by);
  g_free (verification->note);
  g_free (verification);
}

void
dd_directory_details_free (DdDirectoryDetails *details)
{
  if (details == NULL)
    return;
  g_clear_object (&details->entry);
  g_clear_pointer (&details->row, dd_directory_row_free);
  g_clear_pointer (&details->children, g_ptr_array_unref);
  g_clear_pointer (&details->sections, g_ptr_array_unref);
  g_clear_pointer (&details->verifications, g_ptr_array_unref);
  g_free (details->publisher);
  g_free (details->publisher_name);
  g_free (details);
}

void
dd_directory_import_free (DdDirectoryImport *import)
{
  if (import == NULL)
    return;
  g_clear_pointer (&import->sheet, dd_directory_sheet_free);
  g_free (import);
}

void
dd_directory_suggestions_free (DdDirectorySuggestions *suggestions)
{
  if (suggestions == NULL)
    return;
  g_clear_object (&suggestions->teams);
  g_clear_object (&suggestions->experts);
  g_clear_object (&suggestions->warehouses);
  g_clear_object (&suggestions->plans);
  g_free (suggestions);
}

/* ------------------------------------------------------------------ rules and settings */

static const DdDirectoryRules *
get_rules (void)
{
  static DdDirectoryRules *rules;

  if (g_once_init_enter (&rules))
    {
      g_autoptr(GError) error = NULL;
      DdDirectoryRules *loaded = dd_directory_rules_load (&error);

      if (loaded == NULL)
        g_error ("Cannot read the directory rules: %s", error->message);
      g_once_init_leave (&rules, loaded);
    }

  return rules;
}

guint
dd_store_directory_get_stale_days (DdStore  *self,
                                   GError  **error)
{
  sqlite3_stmt *stmt;
  guint days = get_rules ()->stale_days;

  g_return_val_if_fail (DD_IS_STORE (self), 0);

  if (!(stmt = dd_store_prepare (self, "SELECT stale_days FROM dir_settings WHERE id = 1", error)))
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    days = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return days;
}

static gboolean
set_stale_days_row (DdStore        *self,
                    DdHlc           hlc,
                    gint64          now,
                    gpointer        item,
                    DdStoreChange  *change,
                    GError        **error)
{
  guint days = GPOINTER_TO_UINT (item);
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, "UPDATE dir_settings SET stale_days = ?1 WHERE id = 1", error)))
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) days);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  change->action = "directory.stale-days";
  change->entity_kind = "setting";
  change->entity_id = g_strdup ("directory.stale-days");
  change->op = NULL;
  change->payload = g_strdup_printf ("{\"stale_days\":%u}", days);
  return TRUE;
}

gboolean
dd_store_directory_set_stale_days (DdStore  *self,
                                   guint     days,
                                   GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (days < 1 || days > 3660)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("The age after which an entry is stale must be between 1 and 3660 days"));
      return FALSE;
    }

  return dd_store_write (self, set_stale_days_row, GUINT_TO_POINTER (days), error);
}

/* ------------------------------------------------------------------ JSON */

static void
json_append_string (GString    *out,
                    const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
json_append_member (GString    *out,
                    const char *key,
                    const char *value)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  json_append_string (out, key);
  g_string_append_c (out, ':');
  json_append_string (out, value);
}

/* ------------------------------------------------------------------ index rows */

typedef struct
{
  char *name;
  char *subtitle;
  char *division;
  char *phones;     /* "\n"-separated */
  char *field;
  char *klass;
  char *haystack;
} IndexRow;

static void
index_row_clear (IndexRow *row)
{
  g_free (row->name);
  g_free (row->subtitle);
  g_free (row->division);
  g_free (row->phones);
  g_free (row->field);
  g_free (row->klass);
  g_free (row->haystack);
}

static void
join_nonempty (GString    *out,
               const char *separator,
               const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;
  if (out->len > 0)
    g_string_append (out, separator);
  g_string_append (out, value);
}

static char *
digits_only (const char *phone)
{
  GString *s = g_string_new (NULL);

  for (const char *p = phone; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

/* What a list and the search show of an entry, from its cells. */
static void
make_index_row (DdDirectoryKind        kind,
                const DdDirectoryRow  *row,
                const char            *division,
                IndexRow              *out)
{
  const char * const *v = (const char * const *) row->values;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GString) phones = g_string_new (NULL);
  g_autoptr(GString) haystack = g_string_new (NULL);
  g_auto(GStrv) phone_list = NULL;
  DdDivision *d;
  guint n;

  memset (out, 0, sizeof *out);
  out->field = g_strdup ("");
  out->klass = g_strdup ("");

#define V(col) dd_directory_row_get (row, kind, col)
  switch (kind)
    {
    case DD_DIRECTORY_KIND_CONTACT:
      if (V ("name")[0] != '\0')
        {
          out->name = g_strdup (V ("name"));
          join_nonempty (subtitle, " · ", V ("post"));
          join_nonempty (subtitle, " · ", V ("unit"));
        }
      else
        out->name = g_strdup (V ("unit"));
      join_nonempty (phones, "\n", V ("duty_phone"));
      join_nonempty (phones, "\n", V ("office_phone"));
      join_nonempty (phones, "\n", V ("mobile"));
      join_nonempty (phones, "\n", V ("fax"));
      break;

    case DD_DIRECTORY_KIND_TEAM:
      out->name = g_strdup (V ("name"));
      join_nonempty (subtitle, " · ", V ("field"));
      join_nonempty (subtitle, " · ", V ("address"));
      join_nonempty (phones, "\n", V ("phone"));
      g_free (out->field);
      out->field = g_strdup (V ("field"));
      g_free (out->klass);
      out->klass = g_strdup (V ("class"));
      break;

    case DD_DIRECTORY_KIND_EXPERT:
      out->name = g_strdup (V ("name"));
      join_nonempty (subtitle, " · ", V ("title"));
      join_nonempty (subtitle, " · ", V ("unit"));
      join_nonempty (subtitle, " · ", V ("fields"));
      join_nonempty (phones, "\n", V ("phone"));
      join_nonempty (phones, "\n", V ("mobile"));
      g_free (out->field);
      out->field = g_strdup (V ("fields"));
      break;

    case DD_DIRECTORY_KIND_WAREHOUSE:
      out->name = g_strdup (V ("name"));
      join_nonempty (subtitle, " · ", V ("address"));
      join_nonempty (subtitle, " · ", V ("contact"));
      join_nonempty (phones, "\n", V ("phone"));
      break;

    case DD_DIRECTORY_KIND_STOCK:
      out->name = g_strdup (V ("item"));
      join_nonempty (subtitle, " · ", V ("warehouse"));
      if (V ("quantity")[0] != '\0')
        {
          g_autofree char *q = g_strdup_printf ("%s %s", V ("quantity"), V ("unit_of_measure"));
          join_nonempty (subtitle, " · ", g_strstrip (q));
        }
      join_nonempty (subtitle, " · ", V ("category"));
      g_free (out->field);
      out->field = g_strdup (V ("category"));
      break;

    case DD_DIRECTORY_KIND_PLAN:
      out->name = g_strdup (V ("title"));
      join_nonempty (subtitle, " · ", V ("version"));
      join_nonempty (subtitle, " · ", V ("date"));
      g_free (out->field);
      out->field = g_strdup (V ("subtypes"));
      break;

    default:
      g_assert_not_reached ();
    }
#undef V

  out->division = g_strdup (division != NULL ? division : "");
  out->subtitle = g_strdup (subtitle->str);
  out->phones = g_strdup (phones->str);

  /* Every cell, the division's name, and the phones without separators. */
  dd_directory_kind_get_columns (kind, &n);
  for (guint i = 0; i < n; i++)
    join_nonempty (haystack, " ", v[i]);
  d = out->division[0] != '\0' ? dd_division_table_lookup (dd_division_table_get_default (), out->division) : NULL;
  if (d != NULL)
    join_nonempty (haystack, " ", dd_division_get_name (d));
  phone_list = g_strsplit (out->phones, "\n", -1);
  for (guint i = 0; phone_list[i] != NULL; i++)
    {
      g_autofree char *digits = digits_only (phone_list[i]);

      if (g_strcmp0 (digits, phone_list[i]) != 0)
        join_nonempty (haystack, " ", digits);
    }
  out->haystack = g_strdup (haystack->str);
}

static char *
division_of_unit (const char *unit_code)
{
  if (unit_code == NULL || strlen (unit_code) < 6)
    return g_strdup ("");
  return g_strndup (unit_code, 6);
}

/* The division an entry is ranked and filtered by. */
static char *
entry_division (DdDirectoryKind        kind,
                const DdDirectoryRow  *row,
                const char            *warehouse_division)
{
  switch (kind)
    {
    case DD_DIRECTORY_KIND_STOCK:
      return g_strdup (warehouse_division != NULL ? warehouse_division : "");
    case DD_DIRECTORY_KIND_PLAN:
      return division_of_unit (dd_directory_row_get (row, kind, "owner_unit"));
    case DD_DIRECTORY_KIND_WAREHOUSE:
    case DD_DIRECTORY_KIND_TEAM:
      if (dd_directory_row_get (row, kind, "division")[0] == '\0')
        return division_of_unit (dd_directory_row_get (row, kind, "owner_unit"));
      return g_strdup (dd_directory_row_get (row, kind, "division"));
    case DD_DIRECTORY_KIND_CONTACT:
    case DD_DIRECTORY_KIND_EXPERT:
    default:
      return g_strdup (dd_directory_row_get (row, kind, "division"));
    }
}

/* The pinyin initials of the index row @rowid, whose name is @name:
 * dir_index.initials and the pairs of dir_name_initials (see
 * 0010-directory-initials-sections.sql). */
static gboolean
write_initials (DdStore     *self,
                gint64       rowid,
                const char  *name,
                GError     **error)
{
  g_autofree char *initials = dd_pinyin_initials (name);
  g_auto(GStrv) sets = g_strsplit (initials, " ", -1);
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, "UPDATE dir_index SET initials = ?2 WHERE rowid = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  bind_text (stmt, 2, initials);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  if (!(stmt = dd_store_prepare (self, "DELETE FROM dir_name_initials WHERE entry = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  for (guint pos = 0; sets[pos] != NULL && sets[pos + 1] != NULL; pos++)
    for (const char *a = sets[pos]; *a != '\0'; a++)
      for (const char *b = sets[pos + 1]; *b != '\0'; b++)
        {
          char gram[3] = { *a, *b, '\0' };

          if (!(stmt = dd_store_prepare (self,
                                         "INSERT OR IGNORE INTO dir_name_initials (gram, entry, pos)"
                                         " VALUES (?1, ?2, ?3)", error)))
            return FALSE;
          bind_text (stmt, 1, gram);
          sqlite3_bind_int64 (stmt, 2, rowid);
          sqlite3_bind_int (stmt, 3, (int) pos);
          if (!dd_store_step_done (self, stmt, error))
            return FALSE;
        }

  return TRUE;
}

static gboolean
write_index_row (DdStore               *self,
                 DdDirectoryKind        kind,
                 const char            *id,
                 const DdDirectoryRow  *row,
                 const char            *warehouse_division,
                 GError               **error)
{
  static const char sql[] =
    "INSERT INTO dir_index (kind, kind_rank, entry_id, name, subtitle, division, phones, field, class, haystack)"
    " VALUES (?1, ?10, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    " ON CONFLICT (entry_id) DO UPDATE SET name = excluded.name, subtitle = excluded.subtitle,"
    " division = excluded.division, phones = excluded.phones, field = excluded.field,"
    " class = excluded.class, haystack = excluded.haystack"
    " RETURNING rowid";
  g_autofree char *division = entry_division (kind, row, warehouse_division);
  IndexRow ir;
  sqlite3_stmt *stmt;
  gint64 rowid = -1;
  gboolean ok;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  make_index_row (kind, row, division, &ir);
  bind_text (stmt, 1, kind_name (kind));
  bind_text (stmt, 2, id);
  bind_text (stmt, 3, ir.name);
  bind_text (stmt, 4, ir.subtitle);
  bind_text (stmt, 5, ir.division);
  bind_text (stmt, 6, ir.phones);
  bind_text (stmt, 7, ir.field);
  bind_text (stmt, 8, ir.klass);
  bind_text (stmt, 9, ir.haystack);
  sqlite3_bind_int (stmt, 10, (int) kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      rowid = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  ok = rc == SQLITE_DONE && rowid >= 0;
  if (!ok)
    dd_store_set_error (self, error, rc, _("Could not write the directory index"));
  else
    ok = write_initials (self, rowid, ir.name, error);
  index_row_clear (&ir);

  return ok;
}

gboolean
dd_store_directory_index_initials (DdStore  *self,
                                   GError  **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = dd_store_get_handle (self);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!(stmt = dd_store_prepare (self,
                                 "SELECT rowid, name FROM dir_index INDEXED BY dir_index_initials_pending"
                                 " WHERE initials IS NULL", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
      g_ptr_array_add (names, g_strdup (column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not read the directory"));
      return FALSE;
    }
  if (rowids->len == 0)
    return TRUE;

  /* Derived from the names alone: nothing to journal or synchronize. */
  if ((rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK)
    {
      dd_store_set_error (self, error, rc, _("Could not write the directory index"));
      return FALSE;
    }
  for (guint i = 0; i < rowids->len; i++)
    if (!write_initials (self, g_array_index (rowids, gint64, i), g_ptr_array_index (names, i), error))
      {
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
        return FALSE;
      }
  if ((rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
    {
      dd_store_set_error (self, error, rc, _("Could not write the directory index"));
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static DdDirectoryEntry *
entry_from_index (sqlite3_stmt *stmt,
                  gint64        at_ms,
                  guint         stale_days)
{
  /* Columns: kind, entry_id, name, subtitle, division, phones, field, class, verified_at, verified_by */
  DdDirectoryEntry *entry = g_object_new (DD_TYPE_DIRECTORY_ENTRY, NULL);
  DdDirectoryKind kind = DD_DIRECTORY_KIND_CONTACT;
  DdDivision *d;
  const char *phones;

  dd_directory_kind_from_string (column_text (stmt, 0), &kind);
  entry->kind = kind;
  g_free (entry->id);
  entry->id = g_strdup (column_text (stmt, 1));
  g_free (entry->name);
  entry->name = g_strdup (column_text (stmt, 2));
  g_free (entry->division);
  entry->division = g_strdup (column_text (stmt, 4));
  g_free (entry->field);
  entry->field = g_strdup (column_text (stmt, 6));
  g_free (entry->klass);
  entry->klass = g_strdup (column_text (stmt, 7));

  g_free (entry->subtitle);
  if (kind == DD_DIRECTORY_KIND_TEAM)
    {
      DdTeamClass klass;
      g_autoptr(GString) s = g_string_new (NULL);

      if (dd_team_class_from_string (entry->klass, &klass))
        join_nonempty (s, " · ", dd_team_class_to_label (klass));
      join_nonempty (s, " · ", column_text (stmt, 3));
      entry->subtitle = g_strdup (s->str);
    }
  else
    entry->subtitle = g_strdup (column_text (stmt, 3));

  d = entry->division[0] != '\0' ? dd_division_table_lookup (dd_division_table_get_default (), entry->division) : NULL;
  g_free (entry->division_name);
  entry->division_name = g_strdup (d != NULL ? dd_division_get_name (d) : "");

  phones = column_text (stmt, 5);
  g_strfreev (entry->phones);
  entry->phones = phones[0] != '\0' ? g_strsplit (phones, "\n", -1) : g_new0 (char *, 1);

  entry->verified_at_ms = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 8);
  g_free (entry->verified_by);
  entry->verified_by = g_strdup (column_text (stmt, 9));
  entry->stale = dd_directory_is_stale (entry->verified_at_ms, at_ms, stale_days);

  return entry;
}

#define INDEX_COLUMNS \
  "i.kind, i.entry_id, i.name, i.subtitle, i.division, i.phones, i.field, i.class, i.verified_at, i.verified_by"

static DdDirectoryEntry *
lookup_entry (DdStore     *self,
              const char  *id,
              gint64       at_ms,
              guint        stale_days,
              GError     **error)
{
  static const char sql[] = "SELECT " INDEX_COLUMNS " FROM dir_index i WHERE i.entry_id = ?1";
  sqlite3_stmt *stmt;
  DdDirectoryEntry *entry = NULL;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = entry_from_index (stmt, at_ms, stale_days);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                 _("No directory entry has the id “%s”"), id);
  else
    dd_store_set_error (self, error, rc, _("Could not read the directory"));
  sqlite3_reset (stmt);

  return entry;
}

/* ------------------------------------------------------------------ search */

char *
dd_store_division_subtree_json (const char *code)
{
  DdDivisionTable *table = dd_division_table_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (table));
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdDivision) d = g_list_model_get_item (G_LIST_MODEL (table), i);
      const char *up = dd_division_get_code (d);

      while (up != NULL && up[0] != '\0')
        {
          if (g_str_equal (up, code))
            {
              if (out->len > 1)
                g_string_append_c (out, ',');
              json_append_string (out, dd_division_get_code (d));
              break;
            }
          up = dd_division_get_parent_code (dd_division_table_lookup (table, up));
        }
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

static char *
escape_like (const char *text)
{
  GString *s = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

static const char *
kind_order_sql (void)
{
  return "i.kind_rank";
}

/* How a search with a text finds its entries. The text gives the
 * candidates (the trigram index for terms of 3 characters or more, else the
 * name grams of the rarest short term); the filters and the LIKE of the
 * short terms are applied to them in all three plans, so the plan changes
 * the cost, never the results. */
typedef enum
{
  PLAN_SORT,       /* read every candidate row, filter, sort: cost ∝ candidates */
  PLAN_WALK,       /* walk the list order, stop at the limit: cost ∝ entries walked */
  PLAN_DIVISION,   /* seek to the divisions of the filter, then sort: cost ∝ subtree */
} SearchPlan;

typedef struct
{
  GString   *filters;     /* " AND …" over dir_index i */
  GPtrArray *binds;       /* text of ?1 … ?N */
  guint      kinds;       /* the kinds the filters let through */
  guint      division;    /* the bind of the division subtree, 0 for none */
  gboolean   needs_row;   /* a filter reads more than the list indexes hold */
} SearchSql;

static void
bind_all (sqlite3_stmt *stmt,
          GPtrArray    *binds)
{
  guint n = MIN (binds->len, (guint) sqlite3_bind_parameter_count (stmt));

  for (guint i = 0; i < n; i++)
    bind_text (stmt, (int) i + 1, g_ptr_array_index (binds, i));
}

static char *
kind_list_sql (guint kinds)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < DD_DIRECTORY_N_KINDS; k++)
    if (kinds & (1u << k))
      g_string_append_printf (s, "%s%u", s->len > 0 ? ", " : "", k);
  if (s->len == 0)
    g_string_append (s, "-1");
  return g_string_free (s, FALSE);
}

/* One integer of a statement that returns one row. */
static gboolean
query_count (DdStore      *self,
             const char   *sql,
             GPtrArray    *binds,
             gint64       *out,
             GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  bind_all (stmt, binds);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      dd_store_set_error (self, error, rc, _("Could not search the directory"));
      return FALSE;
    }
  return TRUE;
}

/* The SQL of the candidates of a short term: the grams a name containing
 * it has (see 0004-directory-search.sql), ?N being the term. */
static char *
gram_source_sql (const char *term,
                 guint       bind)
{
  if (g_utf8_strlen (term, -1) == 1)
    return g_strdup_printf ("SELECT entry FROM dir_name_gram"
                            " WHERE gram BETWEEN lower (?%u) AND lower (?%u) || char (1114111)", bind, bind);
  return g_strdup_printf ("SELECT entry FROM dir_name_gram WHERE gram = lower (?%u)", bind);
}

/* The SQL of the entries whose name's initials have @term (2 or more
 * ASCII letters) as a run (see 0010-directory-initials-sections.sql):
 * one pair of consecutive initials per bind, from the next bind on. */
static char *
initials_source_sql (const char *term,
                     GPtrArray  *binds)
{
  g_autofree char *lower = g_ascii_strdown (term, -1);
  GString *sql = g_string_new ("SELECT g0.entry FROM dir_name_initials g0");
  guint first = binds->len + 1;
  gsize n = strlen (lower);

  for (gsize j = 0; j + 1 < n; j++)
    g_ptr_array_add (binds, g_strndup (lower + j, 2));
  for (gsize j = 1; j + 1 < n; j++)
    g_string_append_printf (sql, " JOIN dir_name_initials g%" G_GSIZE_FORMAT " ON g%" G_GSIZE_FORMAT ".gram = ?%u"
                            " AND g%" G_GSIZE_FORMAT ".entry = g0.entry AND g%" G_GSIZE_FORMAT ".pos = g0.pos + %"
                            G_GSIZE_FORMAT, j, j, first + (guint) j, j, j, j);
  g_string_append_printf (sql, " WHERE g0.gram = ?%u", first);

  return g_string_free (sql, FALSE);
}

/* Entries per kind, in all and in the division subtree of the filter
 * (from dir_index_stat, kept by triggers). */
static gboolean
read_stats (DdStore    *self,
            SearchSql  *ss,
            double     *n_kind,
            double     *n_subtree,
            GError    **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (ss->division != 0)
    sql = g_strdup_printf ("SELECT kind_rank, sum (entries),"
                           " sum (CASE WHEN division IN (SELECT value FROM json_each (?%u)) THEN entries ELSE 0 END)"
                           " FROM dir_index_stat GROUP BY kind_rank", ss->division);
  else
    sql = g_strdup ("SELECT kind_rank, sum (entries), sum (entries) FROM dir_index_stat GROUP BY kind_rank");
  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  bind_all (stmt, ss->binds);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 k = sqlite3_column_int64 (stmt, 0);

      if (k >= 0 && k < DD_DIRECTORY_N_KINDS)
        {
          n_kind[k] = sqlite3_column_int64 (stmt, 1);
          n_subtree[k] = sqlite3_column_int64 (stmt, 2);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not search the directory"));
      return FALSE;
    }
  return TRUE;
}

/* Without a text, only a division filter needs a choice: seek to the
 * divisions of a small subtree, walk the list order through a large one. */
static gboolean
choose_plan_without_text (DdStore     *self,
                          SearchSql   *ss,
                          guint        limit,
                          SearchPlan  *plan,
                          GError     **error)
{
  double n_kind[DD_DIRECTORY_N_KINDS] = { 0 };
  double n_subtree[DD_DIRECTORY_N_KINDS] = { 0 };
  double in_kinds = 0, in_subtree = 0, walk_cost;

  *plan = PLAN_SORT;
  if (ss->division == 0)
    return TRUE;
  if (!read_stats (self, ss, n_kind, n_subtree, error))
    return FALSE;
  for (guint k = 0; k < DD_DIRECTORY_N_KINDS; k++)
    if (ss->kinds & (1u << k))
      {
        in_kinds += n_kind[k];
        in_subtree += n_subtree[k];
      }
  walk_cost = in_subtree > 0 ? MIN (in_kinds, limit * in_kinds / in_subtree) : in_kinds;
  *plan = in_subtree * (1 + FETCH_COST) < walk_cost + limit * FETCH_COST ? PLAN_DIVISION : PLAN_WALK;
  return TRUE;
}

/* Chooses the plan from the candidates: how many there are, and how a
 * sample of them passes the filters, kind by kind. */
static gboolean
choose_plan (DdStore          *self,
             SearchSql        *ss,
             GArray           *candidates,
             gboolean          all_candidates,
             guint             limit,
             SearchPlan       *plan,
             GError          **error)
{
  g_autoptr(GString) sample = g_string_new ("[");
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  double n_kind[DD_DIRECTORY_N_KINDS] = { 0 };
  double n_subtree[DD_DIRECTORY_N_KINDS] = { 0 };
  double hits[DD_DIRECTORY_N_KINDS] = { 0 };
  double raw[DD_DIRECTORY_N_KINDS] = { 0 };
  guint n_sample = MIN (candidates->len, SAMPLE_SIZE);
  double m = candidates->len;
  double n_hits = 0, n_raw = 0;
  double sort_cost, walk_cost, need;
  int rc;

  /* Evenly spaced candidates, through the same filters. */
  for (guint i = 0; i < n_sample; i++)
    g_string_append_printf (sample, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (candidates, gint64, (guint) ((guint64) i * candidates->len / n_sample)));
  g_string_append_c (sample, ']');
  g_ptr_array_add (ss->binds, g_string_free (g_steal_pointer (&sample), FALSE));
  sql = g_strdup_printf ("SELECT i.kind_rank, count(*), sum (1%s) FROM dir_index i"
                         " WHERE i.rowid IN (SELECT value FROM json_each (?%u)) GROUP BY i.kind_rank",
                         ss->filters->str, ss->binds->len);
  stmt = dd_store_prepare (self, sql, error);
  if (stmt != NULL)
    bind_all (stmt, ss->binds);
  g_ptr_array_remove_index (ss->binds, ss->binds->len - 1);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 k = sqlite3_column_int64 (stmt, 0);

      if (k >= 0 && k < DD_DIRECTORY_N_KINDS)
        {
          raw[k] = sqlite3_column_int64 (stmt, 1) * m / n_sample;
          hits[k] = sqlite3_column_int64 (stmt, 2) * m / n_sample;
          if (ss->kinds & (1u << k))
            n_raw += raw[k];
          n_hits += hits[k];
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not search the directory"));
      return FALSE;
    }

  if (!read_stats (self, ss, n_kind, n_subtree, error))
    return FALSE;

  /* Sorting reads every candidate row; when there are more candidates
   * than were taken, at least that many. */
  sort_cost = m * FETCH_COST;
  if (!all_candidates)
    sort_cost *= 2;

  /* A walk goes through whole kinds until the one where the limit is
   * reached, and through that one as far as its density says; it reads
   * the rows of the candidates it meets when a filter needs more than the
   * index holds. */
  walk_cost = 0;
  need = limit;
  for (guint k = 0; k < DD_DIRECTORY_N_KINDS && need > 0; k++)
    {
      double part;

      if (!(ss->kinds & (1u << k)))
        continue;
      part = hits[k] >= need ? need / hits[k] : 1;
      walk_cost += part * (n_kind[k] + (ss->needs_row ? raw[k] * FETCH_COST : 0));
      need -= MIN (need, hits[k]);
    }

  *plan = sort_cost <= walk_cost ? PLAN_SORT : PLAN_WALK;

  /* A division filter: the entries of the subtree, read from its index,
   * and the rows of the candidates among them. */
  if (ss->division != 0)
    {
      double division_cost = 0, in_kinds = 0;

      for (guint k = 0; k < DD_DIRECTORY_N_KINDS; k++)
        if (ss->kinds & (1u << k))
          {
            division_cost += n_subtree[k];
            in_kinds += n_kind[k];
          }
      if (ss->needs_row && in_kinds > 0)
        division_cost += n_raw * division_cost / in_kinds * FETCH_COST;
      else
        division_cost += n_hits * FETCH_COST;
      if (division_cost < MIN (sort_cost, walk_cost))
        *plan = PLAN_DIVISION;
    }

  return TRUE;
}

GListModel *
dd_store_directory_search (DdStore                 *self,
                           const DdDirectoryQuery  *query,
                           GError                 **error)
{
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) filters = g_string_new (NULL);
  g_autoptr(GString) in_candidates = g_string_new (NULL);
  g_autoptr(GPtrArray) short_terms = g_ptr_array_new ();
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) candidates = NULL;
  g_autofree char *source = NULL;
  g_autofree char *initials_source = NULL;
  g_auto(GStrv) terms = NULL;
  g_autofree char *text = NULL;
  const char *initials_term = NULL;
  SearchSql ss = { 0 };
  SearchPlan plan = PLAN_SORT;
  gboolean all_candidates = TRUE;
  sqlite3_stmt *stmt;
  gint64 at_ms;
  guint stale_days;
  guint limit;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (query->text != NULL && !g_utf8_validate (query->text, -1, NULL))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("The search text is not valid UTF-8"));
      return NULL;
    }

  stale_days = dd_store_directory_get_stale_days (self, error);
  if (stale_days == 0)
    return NULL;
  at_ms = query->at_ms > 0 ? query->at_ms : now_ms ();
  limit = query->limit > 0 ? query->limit : DEFAULT_LIMIT;
  ss.filters = filters;
  ss.binds = binds;
  ss.kinds = (1u << DD_DIRECTORY_N_KINDS) - 1;

  /* Terms of 3 characters or more go to the trigram index; shorter ones
   * are matched as plain substrings. */
  {
    /* Ideographic spaces separate terms too. */
    g_autoptr(GRegex) spaces = g_regex_new ("[\\s\\x{3000}]+", 0, 0, NULL);

    text = g_regex_replace_literal (spaces, query->text != NULL ? query->text : "", -1, 0, " ", 0, NULL);
    g_strstrip (text);
  }
  terms = g_strsplit (text, " ", -1);
  /* A query of one word of ASCII letters may be pinyin initials too:
   * it finds what it finds as text, and the names it spells the
   * initials of ("nmq": 南明区…). */
  if (g_strv_length (terms) == 1 && dd_pinyin_is_initials_term (terms[0]))
    initials_term = terms[0];
  for (guint i = 0; terms[i] != NULL; i++)
    {
      if (terms[i][0] == '\0')
        continue;
      if (g_utf8_strlen (terms[i], -1) >= 3)
        {
          g_autofree char *quoted = NULL;
          GString *q = g_string_new ("\"");

          for (const char *p = terms[i]; *p != '\0'; p++)
            {
              if (*p == '"')
                g_string_append_c (q, '"');
              g_string_append_c (q, *p);
            }
          g_string_append_c (q, '"');
          quoted = g_string_free (q, FALSE);
          join_nonempty (match, " ", quoted);
        }
      else
        g_ptr_array_add (short_terms, terms[i]);
    }
  /* 1–2 characters alone: names only. Next to a longer term: any cell of
   * the entries that term found. */
  for (guint i = 0; i < short_terms->len; i++)
    {
      g_ptr_array_add (binds, escape_like (g_ptr_array_index (short_terms, i)));
      g_string_append_printf (filters, " AND %si.%s LIKE ?%u ESCAPE '\\'",
                              initials_term != NULL ? "(" : "", match->len > 0 ? "haystack" : "name",
                              binds->len);
      ss.needs_row |= match->len > 0;
      if (initials_term != NULL)
        {
          initials_source = initials_source_sql (initials_term, binds);
          g_string_append_printf (filters, " OR i.rowid IN (%s))", initials_source);
        }
    }

  if (query->kinds != 0)
    {
      g_autofree char *kinds = kind_list_sql (query->kinds);

      /* On kind_rank, so that a walk of the list order seeks to the kinds. */
      g_string_append_printf (filters, " AND i.kind_rank IN (%s)", kinds);
      ss.kinds &= query->kinds;
    }

  if (query->division != NULL && query->division[0] != '\0')
    {
      if (dd_division_table_lookup (dd_division_table_get_default (), query->division) == NULL)
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                       _("“%s” is not a known division code"), query->division);
          return NULL;
        }
      g_ptr_array_add (binds, dd_store_division_subtree_json (query->division));
      ss.division = binds->len;
      g_string_append_printf (filters, " AND i.division IN (SELECT value FROM json_each (?%u))", binds->len);
    }

  if (query->field != NULL && query->field[0] != '\0')
    {
      g_ptr_array_add (binds, escape_like (query->field));
      g_string_append_printf (filters, " AND i.kind_rank IN (1, 2) AND i.field LIKE ?%u ESCAPE '\\'",
                              binds->len);
      ss.needs_row = TRUE;
      ss.kinds &= (1u << DD_DIRECTORY_KIND_TEAM) | (1u << DD_DIRECTORY_KIND_EXPERT);
    }

  if (query->team_class != NULL && query->team_class[0] != '\0')
    {
      DdTeamClass klass;

      if (!dd_team_class_from_string (query->team_class, &klass))
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                       _("“%s” is not a team class"), query->team_class);
          return NULL;
        }
      g_ptr_array_add (binds, g_strdup (dd_team_class_to_string (klass)));
      g_string_append_printf (filters, " AND i.kind_rank = 1 AND i.class = ?%u", binds->len);
      ss.needs_row = TRUE;
      ss.kinds &= 1u << DD_DIRECTORY_KIND_TEAM;
    }

  ss.needs_row |= query->stale_only;
  if (query->stale_only)
    g_string_append_printf (filters, " AND (i.verified_at IS NULL OR i.verified_at < %" G_GINT64_FORMAT ")",
                            at_ms - (gint64) stale_days * DAY_MS);

  store = g_list_store_new (DD_TYPE_DIRECTORY_ENTRY);

  /* The candidates: the trigram index, or the grams of the rarest short term. */
  if (match->len > 0)
    {
      g_ptr_array_add (binds, g_strdup (match->str));
      source = g_strdup_printf ("SELECT rowid FROM dir_fts WHERE dir_fts MATCH ?%u", binds->len);
      if (initials_term != NULL)
        {
          g_autofree char *text_source = g_steal_pointer (&source);

          initials_source = initials_source_sql (initials_term, binds);
          source = g_strdup_printf ("%s UNION %s", text_source, initials_source);
        }
    }
  else if (short_terms->len > 0)
    {
      const char *rarest = NULL;
      gint64 fewest = G_MAXINT64;

      for (guint i = 0; i < short_terms->len && fewest > 0; i++)
        {
          const char *term = g_ptr_array_index (short_terms, i);
          g_autofree char *term_source = gram_source_sql (term, 1);
          g_autofree char *count_sql = NULL;
          g_autoptr(GPtrArray) term_binds = g_ptr_array_new_with_free_func (g_free);
          gint64 n = 0;

          g_ptr_array_add (term_binds, g_strdup (term));
          count_sql = g_strdup_printf ("SELECT count(*) FROM (%s LIMIT %u)", term_source, CANDIDATES_CAP);
          if (!query_count (self, count_sql, term_binds, &n, error))
            return NULL;
          if (n < fewest)
            {
              fewest = n;
              rarest = term;
            }
        }
      g_ptr_array_add (binds, g_strdup (rarest));
      source = gram_source_sql (rarest, binds->len);
      if (initials_source != NULL)
        {
          g_autofree char *text_source = g_steal_pointer (&source);

          source = g_strdup_printf ("%s UNION %s", text_source, initials_source);
        }
    }

  if (source != NULL)
    {
      g_autofree char *candidates_sql = g_strdup_printf ("%s LIMIT %u", source, CANDIDATES_CAP);

      if (!(stmt = dd_store_prepare (self, candidates_sql, error)))
        return NULL;
      bind_all (stmt, binds);
      candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (candidates, rowid);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          dd_store_set_error (self, error, rc, _("Could not search the directory"));
          return NULL;
        }
      if (candidates->len == 0)
        return G_LIST_MODEL (g_steal_pointer (&store));
      all_candidates = candidates->len < CANDIDATES_CAP;

      if (!choose_plan (self, &ss, candidates, all_candidates, limit, &plan, error))
        return NULL;

      /* Short terms alone match names, which both walks read from their
       * index: there the LIKE is the whole test. */
      if (match->len == 0 && plan != PLAN_SORT)
        ;
      else if (all_candidates)
        {
          /* Taken once: the main query reads them from a JSON array. */
          GString *list = g_string_new ("[");

          for (guint i = 0; i < candidates->len; i++)
            g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                                    g_array_index (candidates, gint64, i));
          g_string_append_c (list, ']');
          g_ptr_array_add (binds, g_string_free (list, FALSE));
          g_string_append_printf (in_candidates, " AND i.rowid IN (SELECT value FROM json_each (?%u))", binds->len);
        }
      else
        g_string_append_printf (in_candidates, " AND i.rowid IN (%s)", source);
    }
  else if (!choose_plan_without_text (self, &ss, limit, &plan, error))
    return NULL;

  switch (plan)
    {
    case PLAN_WALK:
      g_string_append (sql, "SELECT " INDEX_COLUMNS " FROM dir_index i INDEXED BY dir_index_in_order WHERE 1");
      break;
    case PLAN_DIVISION:
      g_string_append (sql, "SELECT " INDEX_COLUMNS " FROM dir_index i INDEXED BY dir_index_by_division WHERE 1");
      break;
    case PLAN_SORT:
    default:
      g_string_append (sql, source != NULL ? "SELECT " INDEX_COLUMNS " FROM dir_index i NOT INDEXED WHERE 1"
                                           : "SELECT " INDEX_COLUMNS " FROM dir_index i WHERE 1");
      break;
    }
  /* The candidates first: they turn most entries of a walk away, for the
   * price of an integer lookup. */
  g_string_append (sql, in_candidates->str);
  g_string_append (sql, filters->str);
  g_string_append_printf (sql, " ORDER BY %s, i.name, i.entry_id LIMIT %u", kind_order_sql (), limit);

  if (!(stmt = dd_store_prepare (self, sql->str, error)))
    return NULL;
  bind_all (stmt, binds);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(DdDirectoryEntry) entry = entry_from_index (stmt, at_ms, stale_days);
      g_list_store_append (store, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not search the directory"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* ------------------------------------------------------------------ reading rows */

static char *
select_columns_sql (DdDirectoryKind kind,
                    const char     *where)
{
  GString *sql = g_string_new ("SELECT ");
  const DdDirectoryColumn *columns;
  guint n;

  columns = dd_directory_kind_get_columns (kind, &n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s\"%s\"", i > 0 ? ", " : "", columns[i].name);
  g_string_append_printf (sql, ", id, ver FROM %s %s", kind_tables[kind], where);
  return g_string_free (sql, FALSE);
}

static DdDirectoryRow *
row_from_stmt (sqlite3_stmt *stmt,
               guint         n_columns)
{
  DdDirectoryRow *row = g_new0 (DdDirectoryRow, 1);

  row->values = g_new0 (char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    row->values[i] = g_strdup (column_text (stmt, (int) i));
  return row;
}

/* ------------------------------------------------------------------ details */

static GPtrArray *
list_entries_where (DdStore     *self,
                    const char  *sql_where,
                    const char  *bind1,
                    const char  *bind2,
                    gint64       at_ms,
                    guint        stale_days,
                    GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " INDEX_COLUMNS " FROM dir_index i %s", sql_where);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  if (bind1 != NULL)
    bind_text (stmt, 1, bind1);
  if (bind2 != NULL)
    bind_text (stmt, 2, bind2);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_index (stmt, at_ms, stale_days));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not read the directory"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

DdDirectoryDetails *
dd_store_directory_get_details (DdStore          *self,
                                DdDirectoryKind   kind,
                                const char       *id,
                                gint64            at_ms,
                                GError          **error)
{
  g_autoptr(DdDirectoryDetails) details = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  guint stale_days;
  guint n_columns;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stale_days = dd_store_directory_get_stale_days (self, error);
  if (stale_days == 0)
    return NULL;
  if (at_ms <= 0)
    at_ms = now_ms ();

  details = g_new0 (DdDirectoryDetails, 1);
  details->entry = lookup_entry (self, id, at_ms, stale_days, error);
  if (details->entry == NULL)
    return NULL;
  if (details->entry->kind != kind)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("No %s has the id “%s”"), kind_name (kind), id);
      return NULL;
    }

  dd_directory_kind_get_columns (kind, &n_columns);
  sql = select_columns_sql (kind, "WHERE id = ?1");
  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    details->row = row_from_stmt (stmt, n_columns);
  sqlite3_reset (stmt);
  if (details->row == NULL)
    {
      dd_store_set_error (self, error, rc, _("Could not read the directory"));
      return NULL;
    }

  /* Children: the people of a unit's own line, the stock of a warehouse. */
  if (kind == DD_DIRECTORY_KIND_CONTACT && dd_directory_row_get (details->row, kind, "name")[0] == '\0')
    details->children = list_entries_where (self,
                                            "JOIN dir_contact c ON c.id = i.entry_id"
                                            " WHERE c.unit = ?1 AND c.division = ?2 AND c.name != ''"
                                            " ORDER BY c.rowid",
                                            dd_directory_row_get (details->row, kind, "unit"),
                                            dd_directory_row_get (details->row, kind, "division"),
                                            at_ms, stale_days, error);
  else if (kind == DD_DIRECTORY_KIND_WAREHOUSE)
    details->children = list_entries_where (self,
                                            "JOIN dir_stock s ON s.id = i.entry_id"
                                            " WHERE s.warehouse_id = ?1 ORDER BY s.item",
                                            id, NULL, at_ms, stale_days, error);
  else
    details->children = g_ptr_array_new_with_free_func (g_object_unref);
  if (details->children == NULL)
    return NULL;

  /* A plan's sections, as its "sections" cell holds them (checked when
   * written: a cell that does not read is shown as no sections). */
  if (kind == DD_DIRECTORY_KIND_PLAN)
    details->sections = dd_directory_sections_parse (dd_directory_row_get (details->row, kind, "sections"), NULL);
  if (details->sections == NULL)
    details->sections = g_ptr_array_new_with_free_func (g_free);

  details->publisher = dd_store_directory_get_publisher (self, kind, id, error);
  if (details->publisher == NULL)
    return NULL;
  details->publisher_name = dd_store_directory_unit_name (details->publisher);
  {
    g_autoptr(DdDesk) desk = dd_store_get_desk (self, NULL);

    details->own = desk == NULL || g_str_equal (details->publisher, dd_desk_get_unit_code (desk));
  }
  details->verifications = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_directory_verification_free);
  if (!(stmt = dd_store_prepare (self,
                                 "SELECT verified_at, verified_by, note FROM dir_verification"
                                 " WHERE entry_id = ?1 ORDER BY verified_at DESC, seq DESC", error)))
    return NULL;
  bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdDirectoryVerification *v = g_new0 (DdDirectoryVerification, 1);

      v->kind = kind;
      v->entry_id = g_strdup (id);
      v->verified_at_ms = sqlite3_column_int64 (stmt, 0);
      v->verified_by = g_strdup (column_text (stmt, 1));
      v->note = g_strdup (column_text (stmt, 2));
      g_ptr_array_add (details->verifications, v);
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&details);
}

/* ------------------------------------------------------------------ verify */

typedef struct
{
  DdDirectoryVerification *v;
} VerifyItem;

static gboolean
verify_row (DdStore        *self,
            DdHlc           hlc,
            gint64          now,
            gpointer        item,
            DdStoreChange  *change,
            GError        **error)
{
  static const char insert_sql[] =
    "INSERT INTO dir_verification (id, kind, entry_id, verified_at, verified_by, note, publisher, hlc, created_at)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, unit_code, ?7, ?8 FROM desk WHERE id = 1";
  static const char index_sql[] =
    "UPDATE dir_index SET verified_at = ?2, verified_by = ?3"
    " WHERE entry_id = ?1 AND (verified_at IS NULL OR verified_at <= ?2)";
  VerifyItem *vi = item;
  DdDirectoryVerification *v = vi->v;
  g_autofree char *id = dd_uuid7_new (now);
  g_autoptr(GString) payload = g_string_new ("{");
  g_autofree char *at_text = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, insert_sql, error)))
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, kind_name (v->kind));
  bind_text (stmt, 3, v->entry_id);
  sqlite3_bind_int64 (stmt, 4, v->verified_at_ms);
  bind_text (stmt, 5, v->verified_by);
  bind_text (stmt, 6, v->note);
  sqlite3_bind_int64 (stmt, 7, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (dd_store_get_handle (self)) == 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED,
                   _("The desk has not been set up yet"));
      return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, index_sql, error)))
    return FALSE;
  bind_text (stmt, 1, v->entry_id);
  sqlite3_bind_int64 (stmt, 2, v->verified_at_ms);
  bind_text (stmt, 3, v->verified_by);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  json_append_member (payload, "id", id);
  json_append_member (payload, "kind", kind_name (v->kind));
  json_append_member (payload, "entry_id", v->entry_id);
  at_text = g_strdup_printf ("%" G_GINT64_FORMAT, v->verified_at_ms);
  g_string_append_printf (payload, ",\"verified_at\":%s", at_text);
  json_append_member (payload, "verified_by", v->verified_by);
  json_append_member (payload, "note", v->note);
  g_string_append_printf (payload, ",\"hlc\":%" G_GUINT64_FORMAT "}", (guint64) hlc);

  change->action = "directory.verify";
  change->entity_kind = "verification";
  change->entity_id = g_strdup (id);
  change->op = "append";
  change->payload = g_strdup (payload->str);
  return TRUE;
}

gboolean
dd_store_directory_write_verification (DdStore        *self,
                                       DdHlc           hlc,
                                       gint64          now,
                                       gpointer        verification,
                                       DdStoreChange  *change,
                                       GError        **error)
{
  VerifyItem item = { verification };

  return verify_row (self, hlc, now, &item, change, error);
}

DdDirectoryVerification *
dd_store_directory_verify (DdStore          *self,
                           DdDirectoryKind   kind,
                           const char       *id,
                           gint64            at_ms,
                           const char       *by,
                           const char       *note,
                           GError          **error)
{
  g_autoptr(DdDirectoryVerification) v = NULL;
  g_autoptr(DdDirectoryEntry) entry = NULL;
  VerifyItem item;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!dd_store_check_text (_("verified by"), by, error) ||
      !dd_store_check_text (_("note"), note, error))
    return NULL;

  entry = lookup_entry (self, id, 1, 1, error);
  if (entry == NULL)
    return NULL;
  if (entry->kind != kind)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("No %s has the id “%s”"), kind_name (kind), id);
      return NULL;
    }

  v = g_new0 (DdDirectoryVerification, 1);
  v->kind = kind;
  v->entry_id = g_strdup (id);
  v->verified_at_ms = at_ms > 0 ? at_ms : now_ms ();
  v->verified_by = g_strstrip (g_strdup (by != NULL && by[0] != '\0' ? by : dd_store_get_actor (self)));
  v->note = g_strstrip (g_strdup (note != NULL ? note : ""));
  if (v->verified_by[0] == '\0')
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Who verified the entry is required"));
      return NULL;
    }

  item.v = v;
  if (!dd_store_write (self, verify_row, &item, error))
    return NULL;

  return g_steal_pointer (&v);
}

/* ------------------------------------------------------------------ import */

typedef enum
{
  ITEM_NEW,
  ITEM_CHANGED,
  ITEM_UNCHANGED,
} ItemState;

typedef struct
{
  DdDirectoryKind  kind;
  DdDirectoryRow  *row;             /* borrowed from the sheet */
  ItemState        state;
  char            *id;
  gint64           old_ver;
  DdDirectoryRow  *old_row;
  char            *warehouse_id;    /* stock */
  char            *warehouse_division;
  gboolean         edited;          /* in the window or dutyctl, not imported */
} ImportItem;

static void
import_item_free (ImportItem *item)
{
  g_free (item->id);
  g_clear_pointer (&item->old_row, dd_directory_row_free);
  g_free (item->warehouse_id);
  g_free (item->warehouse_division);
  g_free (item);
}

/* The key of a row: what makes it the same entry as one on record. */
static char *
row_key (DdDirectoryKind        kind,
         const DdDirectoryRow  *row)
{
#define V(col) dd_directory_row_get (row, kind, col)
  switch (kind)
    {
    case DD_DIRECTORY_KIND_CONTACT:
      return g_strjoin ("\x1f", V ("unit"), V ("division"), V ("name"), NULL);
    case DD_DIRECTORY_KIND_TEAM:
    case DD_DIRECTORY_KIND_EXPERT:
    case DD_DIRECTORY_KIND_WAREHOUSE:
      return g_strjoin ("\x1f", V ("name"), V ("division"), NULL);
    case DD_DIRECTORY_KIND_STOCK:
      return g_strjoin ("\x1f", V ("warehouse"), V ("item"), NULL);
    case DD_DIRECTORY_KIND_PLAN:
      return g_strjoin ("\x1f", V ("title"), V ("owner_unit"), NULL);
    default:
      g_assert_not_reached ();
    }
#undef V
}

static const char *
key_where (DdDirectoryKind kind)
{
  switch (kind)
    {
    case DD_DIRECTORY_KIND_CONTACT:
      return "WHERE unit = ?1 AND division = ?2 AND name = ?3";
    case DD_DIRECTORY_KIND_TEAM:
    case DD_DIRECTORY_KIND_EXPERT:
    case DD_DIRECTORY_KIND_WAREHOUSE:
      return "WHERE name = ?1 AND division = ?2";
    case DD_DIRECTORY_KIND_STOCK:
      return "WHERE warehouse_id = ?1 AND item = ?2";
    case DD_DIRECTORY_KIND_PLAN:
      return "WHERE title = ?1 AND owner_unit = ?2";
    default:
      g_assert_not_reached ();
    }
}

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *column,
             char       *message)
{
  DdDirectoryProblem *problem = g_new0 (DdDirectoryProblem, 1);

  problem->line = line;
  problem->column = g_strdup (column);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

static gint
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const DdDirectoryProblem *pa = *(DdDirectoryProblem * const *) a;
  const DdDirectoryProblem *pb = *(DdDirectoryProblem * const *) b;

  return pa->line < pb->line ? -1 : pa->line > pb->line ? 1 : 0;
}

/* Finds the warehouse a stock row names; adds a problem if none or several. */
static gboolean
find_warehouse (DdStore          *self,
                GPtrArray        *problems,
                DdDirectoryRow   *row,
                ImportItem       *item,
                GError          **error)
{
  const char *name = dd_directory_row_get (row, DD_DIRECTORY_KIND_STOCK, "warehouse");
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  if (!(stmt = dd_store_prepare (self, "SELECT id, division FROM dir_warehouse WHERE name = ?1", error)))
    return FALSE;
  bind_text (stmt, 1, name);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ == 0)
        {
          item->warehouse_id = g_strdup (column_text (stmt, 0));
          item->warehouse_division = g_strdup (column_text (stmt, 1));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not read the directory"));
      return FALSE;
    }

  if (n == 0)
    add_problem (problems, row->line, "warehouse",
                 g_strdup_printf (_("No warehouse is named “%s”: import the warehouses first"), name));
  else if (n > 1)
    add_problem (problems, row->line, "warehouse",
                 g_strdup_printf (_("Several warehouses are named “%s”"), name));
  return TRUE;
}

/* Compares every row of @import's sheet with the database: new, changed
 * or unchanged; adds problems for duplicates and unknown warehouses.
 * Returns the items (ImportItem) or %NULL on a database error. */
static GPtrArray *
compare_import (DdStore            *self,
                DdDirectoryImport  *import,
                GError            **error)
{
  DdDirectorySheet *sheet = import->sheet;
  DdDirectoryKind kind = sheet->kind;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) import_item_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *sql = select_columns_sql (kind, key_where (kind));
  g_autoptr(DdDesk) desk = NULL;
  const char *own_unit = NULL;
  guint n_columns;

  dd_directory_kind_get_columns (kind, &n_columns);
  import->n_new = import->n_changed = import->n_unchanged = 0;

  /* A desk not set up yet is refused when the import is written. */
  desk = dd_store_get_desk (self, NULL);
  if (desk != NULL)
    own_unit = dd_desk_get_unit_code (desk);

  for (guint r = 0; r < sheet->rows->len; r++)
    {
      DdDirectoryRow *row = g_ptr_array_index (sheet->rows, r);
      g_autofree char *key = row_key (kind, row);
      ImportItem *item;
      sqlite3_stmt *stmt;
      gpointer other;
      int rc;

      if (g_hash_table_lookup_extended (seen, key, NULL, &other))
        {
          add_problem (sheet->problems, row->line, NULL,
                       g_strdup_printf (_("The same entry as line %u"), GPOINTER_TO_UINT (other)));
          continue;
        }
      g_hash_table_insert (seen, g_strdup (key), GUINT_TO_POINTER (row->line));

      item = g_new0 (ImportItem, 1);
      item->kind = kind;
      item->row = row;
      g_ptr_array_add (items, item);

      if (kind == DD_DIRECTORY_KIND_STOCK)
        {
          if (!find_warehouse (self, sheet->problems, row, item, error))
            return NULL;
          if (item->warehouse_id == NULL)
            continue;
        }

      if (!(stmt = dd_store_prepare (self, sql, error)))
        return NULL;
#define V(col) dd_directory_row_get (row, kind, col)
      switch (kind)
        {
        case DD_DIRECTORY_KIND_CONTACT:
          bind_text (stmt, 1, V ("unit"));
          bind_text (stmt, 2, V ("division"));
          bind_text (stmt, 3, V ("name"));
          break;
        case DD_DIRECTORY_KIND_TEAM:
        case DD_DIRECTORY_KIND_EXPERT:
        case DD_DIRECTORY_KIND_WAREHOUSE:
          bind_text (stmt, 1, V ("name"));
          bind_text (stmt, 2, V ("division"));
          break;
        case DD_DIRECTORY_KIND_STOCK:
          bind_text (stmt, 1, item->warehouse_id);
          bind_text (stmt, 2, V ("item"));
          break;
        case DD_DIRECTORY_KIND_PLAN:
          bind_text (stmt, 1, V ("title"));
          bind_text (stmt, 2, V ("owner_unit"));
          break;
        default:
          g_assert_not_reached ();
        }
#undef V
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          item->old_row = row_from_stmt (stmt, n_columns);
          item->id = g_strdup (column_text (stmt, (int) n_columns));
          item->old_ver = sqlite3_column_int64 (stmt, (int) n_columns + 1);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          dd_store_set_error (self, error, rc, _("Could not read the directory"));
          return NULL;
        }

      if (item->old_row == NULL)
        {
          item->state = ITEM_NEW;
          import->n_new++;
        }
      else if (g_strv_equal ((const char * const *) item->old_row->values,
                             (const char * const *) row->values))
        {
          item->state = ITEM_UNCHANGED;
          import->n_unchanged++;
        }
      else
        {
          g_autofree char *publisher = dd_store_directory_get_publisher (self, kind, item->id, error);

          if (publisher == NULL)
            return NULL;
          if (own_unit != NULL && !g_str_equal (publisher, own_unit))
            {
              g_autofree char *name = dd_store_directory_unit_name (publisher);

              add_problem (sheet->problems, row->line, NULL,
                           /* Translators: %s is a unit, "贵州省" */
                           g_strdup_printf (_("%s publishes this entry: only its desks change it. Send it a "
                                              "change request instead"), name));
              continue;
            }
          item->state = ITEM_CHANGED;
          import->n_changed++;
        }
    }

  g_ptr_array_sort (sheet->problems, compare_problems);
  return g_steal_pointer (&items);
}

static gboolean
import_row (DdStore        *self,
            DdHlc           hlc,
            gint64          now,
            gpointer        data,
            DdStoreChange  *change,
            GError        **error)
{
  ImportItem *item = data;
  DdDirectoryKind kind = item->kind;
  const DdDirectoryColumn *columns;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) payload = g_string_new ("{");
  sqlite3_stmt *stmt;
  guint n;

  columns = dd_directory_kind_get_columns (kind, &n);

  if (item->state == ITEM_NEW)
    {
      item->id = dd_uuid7_new (now);
      g_string_append_printf (sql, "INSERT INTO %s (id", kind_tables[kind]);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, ", \"%s\"", columns[i].name);
      if (kind == DD_DIRECTORY_KIND_STOCK)
        g_string_append (sql, ", warehouse_id");
      g_string_append (sql, ", publisher, ver, hlc, created_at, updated_at) SELECT ?1");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, ", ?%u", i + 2);
      if (kind == DD_DIRECTORY_KIND_STOCK)
        g_string_append_printf (sql, ", ?%u", n + 4);
      g_string_append_printf (sql, ", unit_code, 1, ?%u, ?%u, ?%u FROM desk WHERE id = 1", n + 2, n + 3, n + 3);
    }
  else
    {
      g_string_append_printf (sql, "UPDATE %s SET ver = ver + 1, hlc = ?%u, updated_at = ?%u",
                              kind_tables[kind], n + 2, n + 3);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, ", \"%s\" = ?%u", columns[i].name, i + 2);
      if (kind == DD_DIRECTORY_KIND_STOCK)
        g_string_append_printf (sql, ", warehouse_id = ?%u", n + 4);
      g_string_append (sql, " WHERE id = ?1");
    }

  if (!(stmt = dd_store_prepare (self, sql->str, error)))
    return FALSE;
  bind_text (stmt, 1, item->id);
  for (guint i = 0; i < n; i++)
    bind_text (stmt, (int) i + 2, item->row->values[i]);
  sqlite3_bind_int64 (stmt, (int) n + 2, (gint64) hlc);
  sqlite3_bind_int64 (stmt, (int) n + 3, now);
  if (kind == DD_DIRECTORY_KIND_STOCK)
    bind_text (stmt, (int) n + 4, item->warehouse_id);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (dd_store_get_handle (self)) == 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED,
                   _("The desk has not been set up yet"));
      return FALSE;
    }

  if (!write_index_row (self, kind, item->id, item->row, item->warehouse_division, error))
    return FALSE;

  /* The record (insert) or its changed fields (patch). */
  json_append_member (payload, "id", item->id);
  for (guint i = 0; i < n; i++)
    if (item->state == ITEM_NEW || g_strcmp0 (item->old_row->values[i], item->row->values[i]) != 0)
      json_append_member (payload, columns[i].name, item->row->values[i]);
  if (kind == DD_DIRECTORY_KIND_STOCK &&
      (item->state == ITEM_NEW ||
       g_strcmp0 (dd_directory_row_get (item->old_row, kind, "warehouse"),
                  dd_directory_row_get (item->row, kind, "warehouse")) != 0))
    json_append_member (payload, "warehouse_id", item->warehouse_id);
  g_string_append_printf (payload, ",\"ver\":%" G_GINT64_FORMAT ",\"hlc\":%" G_GUINT64_FORMAT "}",
                          item->state == ITEM_NEW ? 1 : item->old_ver + 1, (guint64) hlc);

  if (item->edited)
    change->action = item->state == ITEM_NEW ? "directory.add" : "directory.edit";
  else
    change->action = item->state == ITEM_NEW ? "directory.add" : "directory.update";
  change->entity_kind = kind_name (kind);
  change->entity_id = g_strdup (item->id);
  change->owner_unit = dd_store_directory_get_publisher (self, kind, item->id, error);
  if (change->owner_unit == NULL)
    return FALSE;
  change->op = item->state == ITEM_NEW ? "insert" : "patch";
  change->base_ver = item->state == ITEM_NEW ? 0 : item->old_ver;
  change->payload = g_strdup (payload->str);
  return TRUE;
}

DdDirectoryImport *
dd_store_directory_preview_import (DdStore          *self,
                                   DdDirectoryKind   kind,
                                   GBytes           *bytes,
                                   GError          **error)
{
  g_autoptr(DdDirectoryImport) import = g_new0 (DdDirectoryImport, 1);
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  import->sheet = dd_directory_sheet_parse (kind, bytes, NULL, error);
  if (import->sheet == NULL)
    return NULL;

  items = compare_import (self, import, error);
  if (items == NULL)
    return NULL;

  return g_steal_pointer (&import);
}

gboolean
dd_store_directory_commit_import (DdStore            *self,
                                  DdDirectoryImport  *import,
                                  GError            **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) writes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DdDesk) desk = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (import != NULL && import->sheet != NULL, FALSE);

  desk = dd_store_get_desk (self, error);
  if (desk == NULL)
    return FALSE;

  if (import->sheet->problems->len == 0)
    {
      items = compare_import (self, import, error);
      if (items == NULL)
        return FALSE;
    }

  if (import->sheet->problems->len > 0)
    {
      DdDirectoryProblem *first = g_ptr_array_index (import->sheet->problems, 0);

      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The file has %u problem; nothing was imported (line %u: %s)",
                                "The file has %u problems; nothing was imported (line %u: %s)",
                                import->sheet->problems->len),
                   import->sheet->problems->len, first->line, first->message);
      return FALSE;
    }

  writes = g_ptr_array_new ();
  for (guint i = 0; i < items->len; i++)
    {
      ImportItem *item = g_ptr_array_index (items, i);

      if (!dd_store_check_text ("row", item->row->values[0], error))
        return FALSE;
      if (item->state != ITEM_UNCHANGED)
        g_ptr_array_add (writes, item);
    }

  if (writes->len == 0)
    return TRUE;

  return dd_store_write_many (self, import_row, writes->pdata, writes->len, error);
}

DdDirectoryImport *
dd_store_directory_import (DdStore          *self,
                           DdDirectoryKind   kind,
                           GBytes           *bytes,
                           GError          **error)
{
  g_autoptr(DdDirectoryImport) import = dd_store_directory_preview_import (self, kind, bytes, error);

  if (import == NULL)
    return NULL;
  if (!dd_store_directory_commit_import (self, import, error))
    {
      if (import->sheet->problems->len > 0)
        return g_steal_pointer (&import);
      return NULL;
    }
  return g_steal_pointer (&import);
}

/* ------------------------------------------------------------------ edit */

void
dd_directory_edit_free (DdDirectoryEdit *edit)
{
  if (edit == NULL)
    return;
  g_clear_pointer (&edit->problems, g_ptr_array_unref);
  g_clear_pointer (&edit->changed, g_ptr_array_unref);
  g_clear_pointer (&edit->verification, dd_directory_verification_free);
  g_clear_pointer (&edit->request, dd_directory_request_free);
  g_free (edit->id);
  g_free (edit);
}

/* One write of an edit: an entry's row, the verification after it, or
 * one more row of the caller's (the answer to a change request). */
typedef struct
{
  ImportItem     *item;
  VerifyItem     *verify;
  DdStoreRowFunc  func;
  gpointer        data;
} EditStep;

static gboolean
edit_step_row (DdStore        *self,
               DdHlc           hlc,
               gint64          now,
               gpointer        data,
               DdStoreChange  *change,
               GError        **error)
{
  EditStep *step = data;

  if (step->item != NULL)
    return import_row (self, hlc, now, step->item, change, error);
  if (step->func != NULL)
    return step->func (self, hlc, now, step->data, change, error);
  return verify_row (self, hlc, now, step->verify, change, error);
}

/* ------------------------------------------------------------------ publishers */

char *
dd_store_directory_get_publisher (DdStore          *self,
                                  DdDirectoryKind   kind,
                                  const char       *id,
                                  GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT publisher FROM %s WHERE id = ?1", kind_tables[kind]);

  return dd_store_query_text (self, sql, id, error);
}

char *
dd_store_directory_unit_name (const char *unit_code)
{
  g_autoptr(DdUnitCode) code = NULL;

  if (unit_code == NULL || unit_code[0] == '\0')
    return g_strdup ("");
  code = dd_unit_code_parse (dd_division_table_get_default (), unit_code, NULL);
  return code != NULL ? dd_unit_code_dup_default_name (code) : g_strdup (unit_code);
}

/* Only the publisher's desks change an entry; another unit's desk asks
 * the publisher with a change request. */
static gboolean
check_publisher (DdStore          *self,
                 DdDirectoryKind   kind,
                 const char       *id,
                 const char       *own_unit,
                 GError          **error)
{
  g_autofree char *publisher = dd_store_directory_get_publisher (self, kind, id, error);
  g_autofree char *name = NULL;

  if (publisher == NULL)
    return FALSE;
  if (g_str_equal (publisher, own_unit))
    return TRUE;

  name = dd_store_directory_unit_name (publisher);
  g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
               /* Translators: %s is a unit, "贵州省" */
               _("%s publishes this entry: only its desks change it. Send it a change request instead"),
               name);
  return FALSE;
}

/* The cells of entry @id of @kind (and its version, and for stock its
 * warehouse id), or %NULL with DD_STORE_ERROR_NOT_FOUND. */
static DdDirectoryRow *
read_row (DdStore          *self,
          DdDirectoryKind   kind,
          const char       *id,
          gint64           *ver,
          GError          **error)
{
  g_autofree char *sql = select_columns_sql (kind, "WHERE id = ?1");
  DdDirectoryRow *row = NULL;
  sqlite3_stmt *stmt;
  guint n;
  int rc;

  dd_directory_kind_get_columns (kind, &n);
  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row = row_from_stmt (stmt, n);
      *ver = sqlite3_column_int64 (stmt, (int) n + 1);
    }
  sqlite3_reset (stmt);
  if (row == NULL && rc == SQLITE_DONE)
    g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                 _("No %s has the id “%s”"), kind_name (kind), id);
  else if (row == NULL)
    dd_store_set_error (self, error, rc, _("Could not read the directory"));
  return row;
}

/* The ids of the entries of @kind matching @where (?1, ?2 bound to @a, @b). */
static GPtrArray *
list_ids (DdStore          *self,
          DdDirectoryKind   kind,
          const char       *where,
          const char       *a,
          const char       *b,
          GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s %s", kind_tables[kind], where);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  bind_text (stmt, 1, a);
  if (b != NULL)
    bind_text (stmt, 2, b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not read the directory"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Adds a problem if another entry than @id has the key of @row. */
static gboolean
check_key (DdStore          *self,
           DdDirectoryKind   kind,
           const char       *id,
           DdDirectoryRow   *row,
           const char       *warehouse_id,
           GPtrArray        *problems,
           GError          **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  const char *a, *b;
  const char *column;

#define V(col) dd_directory_row_get (row, kind, col)
  switch (kind)
    {
    case DD_DIRECTORY_KIND_CONTACT:
      {
        static const char sql[] =
          "SELECT count(*) FROM dir_contact WHERE unit = ?1 AND division = ?2 AND name = ?3 AND id != ?4";
        sqlite3_stmt *stmt = dd_store_prepare (self, sql, error);
        gint64 n = 0;

        if (stmt == NULL)
          return FALSE;
        bind_text (stmt, 1, V ("unit"));
        bind_text (stmt, 2, V ("division"));
        bind_text (stmt, 3, V ("name"));
        bind_text (stmt, 4, id != NULL ? id : "");
        if (sqlite3_step (stmt) == SQLITE_ROW)
          n = sqlite3_column_int64 (stmt, 0);
        sqlite3_reset (stmt);
        if (n > 0)
          add_problem (problems, 0, V ("name")[0] != '\0' ? "name" : "unit",
                       V ("name")[0] != '\0'
                       ? g_strdup_printf (_("%s already has a person named “%s”"), V ("unit"), V ("name"))
                       : g_strdup_printf (_("Another entry is already the own line of %s"), V ("unit")));
        return TRUE;
      }
    case DD_DIRECTORY_KIND_TEAM:
    case DD_DIRECTORY_KIND_EXPERT:
    case DD_DIRECTORY_KIND_WAREHOUSE:
      a = V ("name");
      b = V ("division");
      column = "name";
      break;
    case DD_DIRECTORY_KIND_STOCK:
      a = warehouse_id;
      b = V ("item");
      column = "item";
      break;
    case DD_DIRECTORY_KIND_PLAN:
      a = V ("title");
      b = V ("owner_unit");
      column = "title";
      break;
    default:
      g_assert_not_reached ();
    }
#undef V

  ids = list_ids (self, kind, key_where (kind), a, b, error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) != 0)
      {
        add_problem (problems, 0, column, g_strdup (_("Another entry of this kind has the same name (and division or owner)")));
        break;
      }
  return TRUE;
}

/* "post: 副局长 → 局长; mobile: 139… → 138…", long values shortened. */
static char *
describe_changes (DdDirectoryKind        kind,
                  const DdDirectoryRow  *old_row,
                  const DdDirectoryRow  *row)
{
  const DdDirectoryColumn *columns;
  GString *out = g_string_new (NULL);
  guint n;

  columns = dd_directory_kind_get_columns (kind, &n);
  for (guint i = 0; i < n; i++)
    {
      const char *values[2] = { old_row->values[i], row->values[i] };

      if (g_str_equal (values[0], values[1]))
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: ", columns[i].name);
      for (guint j = 0; j < 2; j++)
        {
          if (j > 0)
            g_string_append (out, " → ");
          if (values[j][0] == '\0')
            g_string_append (out, "—");
          else if (g_utf8_strlen (values[j], -1) > 24)
            {
              g_autofree char *start = g_utf8_substring (values[j], 0, 23);

              g_string_append_printf (out, "%s…", start);
            }
          else
            g_string_append (out, values[j]);
        }
    }

  return g_string_free (out, FALSE);
}

char *
dd_store_directory_describe_changes (DdDirectoryKind     kind,
                                     const char * const *old_values,
                                     const char * const *new_values)
{
  const DdDirectoryRow old_row = { 0, (char **) old_values };
  const DdDirectoryRow row = { 0, (char **) new_values };

  return describe_changes (kind, &old_row, &row);
}

/* A dependent entry to rewrite with @row's new key: @column set to @value
 * (and @column2 to @value2 unless %NULL). */
static gboolean
add_dependents (DdStore          *self,
                DdDirectoryKind   kind,
                GPtrArray        *ids,
                const char       *column,
                const char       *value,
                const char       *column2,
                const char       *value2,
                const char       *warehouse_division,
                GPtrArray        *items,
                GPtrArray        *rows,
                GError          **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      ImportItem *item = g_new0 (ImportItem, 1);
      DdDirectoryRow *row;
      int c;

      g_ptr_array_add (items, item);
      item->kind = kind;
      item->state = ITEM_CHANGED;
      item->edited = TRUE;
      item->id = g_strdup (id);
      item->old_row = read_row (self, kind, id, &item->old_ver, error);
      if (item->old_row == NULL)
        return FALSE;

      row = g_new0 (DdDirectoryRow, 1);
      row->values = g_strdupv (item->old_row->values);
      c = dd_directory_kind_find_column (kind, column);
      g_free (row->values[c]);
      row->values[c] = g_strdup (value);
      if (column2 != NULL)
        {
          c = dd_directory_kind_find_column (kind, column2);
          g_free (row->values[c]);
          row->values[c] = g_strdup (value2);
        }
      g_ptr_array_add (rows, row);
      item->row = row;

      if (kind == DD_DIRECTORY_KIND_STOCK)
        {
          g_autofree char *wid = NULL;

          /* The stock of the warehouse being edited keeps its warehouse. */
          wid = dd_store_query_text (self, "SELECT warehouse_id FROM dir_stock WHERE id = ?1", id, error);
          if (wid == NULL)
            return FALSE;
          item->warehouse_id = g_steal_pointer (&wid);
          item->warehouse_division = g_strdup (warehouse_division);
        }
    }
  return TRUE;
}

DdDirectoryEdit *
dd_store_directory_edit (DdStore             *self,
                         DdDirectoryKind      kind,
                         const char          *id,
                         const char * const  *values,
                         gboolean             verify,
                         const char          *by,
                         const char          *note,
                         GError             **error)
{
  return dd_store_directory_edit_full (self, kind, id, values, verify, by, note, TRUE, NULL, NULL, NULL, NULL, error);
}

DdDirectoryEdit *
dd_store_directory_edit_full (DdStore             *self,
                              DdDirectoryKind      kind,
                              const char          *id,
                              const char * const  *values,
                              gboolean             verify,
                              const char          *by,
                              const char          *note,
                              gboolean             write,
                              char              ***old_values,
                              char              ***new_values,
                              DdStoreRowFunc       extra_func,
                              gpointer             extra,
                              GError             **error)
{
  g_autoptr(DdDirectoryEdit) edit = g_new0 (DdDirectoryEdit, 1);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) import_item_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_directory_row_free);
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DdDirectoryVerification) v = NULL;
  g_autoptr(DdDirectoryRow) row = NULL;
  g_autoptr(DdDesk) desk = NULL;
  const DdDirectoryColumn *columns;
  ImportItem *item;
  VerifyItem verify_item;
  guint n;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) kind < DD_DIRECTORY_N_KINDS, NULL);
  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (id != NULL || !verify, NULL);

  columns = dd_directory_kind_get_columns (kind, &n);
  if (g_strv_length ((char **) values) != n)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("A %s has %u columns, not %u"), kind_name (kind), n, g_strv_length ((char **) values));
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    if (!dd_store_check_text (columns[i].name, values[i], error))
      return NULL;
  if (!dd_store_check_text (_("verified by"), by, error) ||
      !dd_store_check_text (_("note"), note, error))
    return NULL;

  desk = dd_store_get_desk (self, error);
  if (desk == NULL)
    return NULL;

  edit->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_directory_problem_free);
  edit->changed = g_ptr_array_new_with_free_func (g_free);

  row = g_new0 (DdDirectoryRow, 1);
  row->values = g_strdupv ((char **) values);

  item = g_new0 (ImportItem, 1);
  g_ptr_array_add (items, item);
  item->kind = kind;
  item->row = row;
  item->edited = TRUE;
  item->state = id != NULL ? ITEM_CHANGED : ITEM_NEW;
  if (id != NULL)
    {
      item->id = g_strdup (id);
      item->old_row = read_row (self, kind, id, &item->old_ver, error);
      if (item->old_row == NULL)
        return NULL;
      if (write && !check_publisher (self, kind, id, dd_desk_get_unit_code (desk), error))
        return NULL;
    }

  dd_directory_row_check (kind, row, NULL, edit->problems);
  if (kind == DD_DIRECTORY_KIND_STOCK && dd_directory_row_get (row, kind, "warehouse")[0] != '\0' &&
      !find_warehouse (self, edit->problems, row, item, error))
    return NULL;
  if (edit->problems->len == 0 &&
      !check_key (self, kind, id, row, item->warehouse_id, edit->problems, error))
    return NULL;

  if (edit->problems->len > 0)
    {
      DdDirectoryProblem *first = g_ptr_array_index (edit->problems, 0);

      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("Nothing was saved: %s"), first->message);
      return g_steal_pointer (&edit);
    }

  for (guint i = 0; i < n; i++)
    if (item->old_row == NULL || !g_str_equal (item->old_row->values[i], row->values[i]))
      g_ptr_array_add (edit->changed, g_strdup (columns[i].name));

  /* Checked only: the caller writes what it makes of the cells. */
  if (!write)
    {
      if (old_values != NULL)
        *old_values = item->old_row != NULL ? g_strdupv (item->old_row->values) : NULL;
      if (new_values != NULL)
        *new_values = g_strdupv (row->values);
      return g_steal_pointer (&edit);
    }

  /* A unit's own line renamed or moved takes its people along; a
   * warehouse its stock. */
#define OLD(col) dd_directory_row_get (item->old_row, kind, col)
#define NEW(col) dd_directory_row_get (row, kind, col)
  if (item->old_row != NULL && kind == DD_DIRECTORY_KIND_CONTACT && OLD ("name")[0] == '\0' &&
      (!g_str_equal (OLD ("unit"), NEW ("unit")) || !g_str_equal (OLD ("division"), NEW ("division"))))
    {
      g_autoptr(GPtrArray) people = list_ids (self, kind, "WHERE unit = ?1 AND division = ?2 AND name != ''",
                                              OLD ("unit"), OLD ("division"), error);
      guint first = items->len;

      if (people == NULL ||
          !add_dependents (self, kind, people, "unit", NEW ("unit"), "division", NEW ("division"),
                           NULL, items, rows, error))
        return NULL;
      for (guint i = first; i < items->len; i++)
        {
          ImportItem *person = g_ptr_array_index (items, i);

          if (!check_key (self, kind, person->id, person->row, NULL, edit->problems, error))
            return NULL;
        }
      if (edit->problems->len > 0)
        {
          DdDirectoryProblem *first_problem = g_ptr_array_index (edit->problems, 0);

          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                       _("Nothing was saved: %s"), first_problem->message);
          return g_steal_pointer (&edit);
        }
    }
  else if (item->old_row != NULL && kind == DD_DIRECTORY_KIND_WAREHOUSE &&
           (!g_str_equal (OLD ("name"), NEW ("name")) || !g_str_equal (OLD ("division"), NEW ("division"))))
    {
      g_autoptr(GPtrArray) stock = list_ids (self, DD_DIRECTORY_KIND_STOCK, "WHERE warehouse_id = ?1",
                                             id, NULL, error);

      if (stock == NULL ||
          !add_dependents (self, DD_DIRECTORY_KIND_STOCK, stock, "warehouse", NEW ("name"), NULL, NULL,
                           NEW ("division"), items, rows, error))
        return NULL;
    }

  if (verify)
    {
      g_autofree char *changes = item->old_row != NULL ? describe_changes (kind, item->old_row, row) : NULL;
      GString *text = g_string_new (NULL);

      if (changes != NULL && changes[0] != '\0')
        /* Translators: the note of a verification that changed an entry;
         * %s lists the changes, "mobile: 139… → 138…; post: …" */
        g_string_append_printf (text, _("Corrected %s"), changes);
      if (note != NULL)
        {
          g_autofree char *trimmed = g_strstrip (g_strdup (note));

          if (text->len > 0 && trimmed[0] != '\0')
            g_string_append (text, " — ");
          g_string_append (text, trimmed);
        }

      v = g_new0 (DdDirectoryVerification, 1);
      v->kind = kind;
      v->entry_id = g_strdup (id);
      v->verified_at_ms = now_ms ();
      v->verified_by = g_strstrip (g_strdup (by != NULL && by[0] != '\0' ? by : dd_store_get_actor (self)));
      v->note = g_string_free (text, FALSE);
      if (v->verified_by[0] == '\0')
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Who verified the entry is required"));
          return NULL;
        }
      verify_item.v = v;
    }
#undef OLD
#undef NEW

  for (guint i = 0; i < items->len; i++)
    {
      ImportItem *it = g_ptr_array_index (items, i);
      EditStep *step;

      if (it->state == ITEM_CHANGED && g_strv_equal ((const char * const *) it->old_row->values,
                                                     (const char * const *) it->row->values))
        continue;
      step = g_new0 (EditStep, 1);
      step->item = it;
      g_ptr_array_add (steps, step);
    }
  if (v != NULL)
    {
      EditStep *step = g_new0 (EditStep, 1);

      step->verify = &verify_item;
      g_ptr_array_add (steps, step);
    }
  if (extra_func != NULL)
    {
      EditStep *step = g_new0 (EditStep, 1);

      step->func = extra_func;
      step->data = extra;
      g_ptr_array_add (steps, step);
    }

  if (steps->len > 0 && !dd_store_write_many (self, edit_step_row, steps->pdata, steps->len, error))
    return NULL;

  edit->id = g_strdup (item->id);
  edit->verification = g_steal_pointer (&v);
  return g_steal_pointer (&edit);
}

typedef struct
{
  DdDirectoryKind  kind;
  const char      *id;
  gint64           ver;
} RemoveItem;

static gboolean
remove_row (DdStore        *self,
            DdHlc           hlc,
            gint64          now,
            gpointer        data,
            DdStoreChange  *change,
            GError        **error)
{
  RemoveItem *item = data;
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", kind_tables[item->kind]);
  sqlite3_stmt *stmt;

  change->owner_unit = dd_store_directory_get_publisher (self, item->kind, item->id, error);
  if (change->owner_unit == NULL)
    return FALSE;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  bind_text (stmt, 1, item->id);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;
  if (!(stmt = dd_store_prepare (self, "DELETE FROM dir_index WHERE entry_id = ?1", error)))
    return FALSE;
  bind_text (stmt, 1, item->id);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  change->action = "directory.remove";
  change->entity_kind = kind_name (item->kind);
  change->entity_id = g_strdup (item->id);
  change->op = "delete";
  change->base_ver = item->ver;
  change->payload = g_strdup_printf ("{\"id\":\"%s\",\"ver\":%" G_GINT64_FORMAT ",\"hlc\":%" G_GUINT64_FORMAT "}",
                                     item->id, item->ver, (guint64) hlc);
  return TRUE;
}

gboolean
dd_store_directory_remove (DdStore          *self,
                           DdDirectoryKind   kind,
                           const char       *id,
                           GError          **error)
{
  return dd_store_directory_remove_full (self, kind, id, NULL, NULL, error);
}

gboolean
dd_store_directory_remove_full (DdStore          *self,
                                DdDirectoryKind   kind,
                                const char       *id,
                                DdStoreRowFunc    extra_func,
                                gpointer          extra,
                                GError          **error)
{
  g_autoptr(DdDirectoryRow) row = NULL;
  g_autoptr(GPtrArray) dependents = NULL;
  g_autoptr(DdDesk) desk = NULL;
  RemoveItem item = { kind, id, 0 };
  DdStoreRow rows[2] = { { remove_row, &item }, { extra_func, extra } };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) kind < DD_DIRECTORY_N_KINDS, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  desk = dd_store_get_desk (self, error);
  if (desk == NULL)
    return FALSE;
  row = read_row (self, kind, id, &item.ver, error);
  if (row == NULL || !check_publisher (self, kind, id, dd_desk_get_unit_code (desk), error))
    return FALSE;

  /* Nothing may be left pointing at it: a unit's people, a warehouse's stock. */
  if (kind == DD_DIRECTORY_KIND_CONTACT && dd_directory_row_get (row, kind, "name")[0] == '\0')
    dependents = list_ids (self, kind, "WHERE unit = ?1 AND division = ?2 AND name != ''",
                           dd_directory_row_get (row, kind, "unit"),
                           dd_directory_row_get (row, kind, "division"), error);
  else if (kind == DD_DIRECTORY_KIND_WAREHOUSE)
    dependents = list_ids (self, DD_DIRECTORY_KIND_STOCK, "WHERE warehouse_id = ?1", id, NULL, error);
  else
    dependents = g_ptr_array_new ();
  if (dependents == NULL)
    return FALSE;
  if (dependents->len > 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   kind == DD_DIRECTORY_KIND_WAREHOUSE
                   ? _("The warehouse still holds stock: remove its stock first")
                   : _("The unit still has people: remove them first"));
      return FALSE;
    }

  return dd_store_write_rows (self, rows, G_N_ELEMENTS (rows), error);
}

/* ------------------------------------------------------------------ export */

static const char *
export_order (DdDirectoryKind kind)
{
  switch (kind)
    {
    case DD_DIRECTORY_KIND_CONTACT:
      return "ORDER BY division, unit, name != '', rowid";
    case DD_DIRECTORY_KIND_STOCK:
      return "ORDER BY warehouse, item";
    case DD_DIRECTORY_KIND_PLAN:
      return "ORDER BY owner_unit, title";
    case DD_DIRECTORY_KIND_TEAM:
    case DD_DIRECTORY_KIND_EXPERT:
    case DD_DIRECTORY_KIND_WAREHOUSE:
    default:
      return "ORDER BY division, name";
    }
}

GBytes *
dd_store_directory_export (DdStore          *self,
                           DdDirectoryKind   kind,
                           GError          **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_directory_row_free);
  sqlite3_stmt *stmt;
  guint n;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) kind < DD_DIRECTORY_N_KINDS, NULL);

  dd_directory_kind_get_columns (kind, &n);
  sql = select_columns_sql (kind, export_order (kind));
  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_stmt (stmt, n));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not read the directory"));
      return NULL;
    }

  return dd_directory_sheet_write (kind, rows);
}

/* ------------------------------------------------------------------ stale */

GListModel *
dd_store_directory_list_stale (DdStore  *self,
                               gint64    at_ms,
                               GError  **error)
{
  g_autofree char *where = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GListStore *store;
  guint stale_days;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  stale_days = dd_store_directory_get_stale_days (self, error);
  if (stale_days == 0)
    return NULL;
  if (at_ms <= 0)
    at_ms = now_ms ();

  where = g_strdup_printf ("WHERE i.kind != 'stock' AND (i.verified_at IS NULL OR i.verified_at < %"
                           G_GINT64_FORMAT ") ORDER BY i.verified_at IS NOT NULL, i.verified_at, %s, i.name",
                           at_ms - (gint64) stale_days * DAY_MS, kind_order_sql ());
  entries = list_entries_where (self, where, NULL, NULL, at_ms, stale_days, error);
  if (entries == NULL)
    return NULL;

  store = g_list_store_new (DD_TYPE_DIRECTORY_ENTRY);
  g_list_store_splice (store, 0, 0, entries->pdata, entries->len);
  return G_LIST_MODEL (store);
}

/* ------------------------------------------------------------------ suggestions */

static gboolean
text_matches_any (const char         *text,
                  const char * const *keywords)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);

  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      g_autofree char *k = g_utf8_strdown (keywords[i], -1);

      if (k[0] != '\0' && strstr (lower, k) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
list_contains (const char *list,
               const char *id)
{
  g_auto(GStrv) items = g_strsplit (list, ";", -1);

  return g_strv_contains ((const char * const *) items, id);
}

static gint
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  DdDirectoryEntry *ea = *(DdDirectoryEntry * const *) a;
  DdDirectoryEntry *eb = *(DdDirectoryEntry * const *) b;

  if (ea->distance != eb->distance)
    return ea->distance < eb->distance ? -1 : 1;
  if (ea->subtype_match != eb->subtype_match)
    return ea->subtype_match ? -1 : 1;
  return g_strcmp0 (ea->name, eb->name);
}

static GListModel *
rank (GPtrArray  *candidates,
      guint       limit)
{
  GListStore *store = g_list_store_new (DD_TYPE_DIRECTORY_ENTRY);

  g_ptr_array_sort (candidates, compare_suggestions);
  g_list_store_splice (store, 0, 0, candidates->pdata, MIN (candidates->len, limit));
  return G_LIST_MODEL (store);
}

DdDirectorySuggestions *
dd_store_directory_suggest (DdStore     *self,
                            const char  *subtype,
                            const char  *division,
                            guint        limit,
                            GError     **error)
{
  g_autoptr(DdDirectorySuggestions) suggestions = g_new0 (DdDirectorySuggestions, 1);
  g_autoptr(GHashTable) stocked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DdDivisionTable *divisions = dd_division_table_get_default ();
  const char * const *keywords;
  gint64 at_ms = now_ms ();
  sqlite3_stmt *stmt;
  guint stale_days;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (dd_taxonomy_lookup (dd_taxonomy_get_default (), subtype) == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("“%s” is not an event sub-type id"), subtype != NULL ? subtype : "");
      return NULL;
    }
  if (division == NULL || dd_division_table_lookup (divisions, division) == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("“%s” is not a known division code"), division != NULL ? division : "");
      return NULL;
    }
  if (limit == 0)
    limit = 10;

  stale_days = dd_store_directory_get_stale_days (self, error);
  if (stale_days == 0)
    return NULL;

  keywords = g_hash_table_lookup (get_rules ()->subtype_fields, subtype);

  /* Warehouses holding stock that matches the sub-type. */
  if (!(stmt = dd_store_prepare (self, "SELECT warehouse_id, item || ' ' || category FROM dir_stock", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (text_matches_any (column_text (stmt, 1), keywords))
      g_hash_table_add (stocked, g_strdup (column_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint k = DD_DIRECTORY_KIND_TEAM; k <= DD_DIRECTORY_KIND_PLAN; k++)
    {
      g_autofree char *where = NULL;
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
      GListModel **out;

      if (k == DD_DIRECTORY_KIND_STOCK)
        continue;

      where = g_strdup_printf ("WHERE i.kind = '%s'", kind_name (k));
      all = list_entries_where (self, where, NULL, NULL, at_ms, stale_days, error);
      if (all == NULL)
        return NULL;

      for (guint i = 0; i < all->len; i++)
        {
          DdDirectoryEntry *e = g_ptr_array_index (all, i);
          gboolean qualifies;
          int distance;

          switch (k)
            {
            case DD_DIRECTORY_KIND_TEAM:
              e->subtype_match = text_matches_any (e->field, keywords);
              qualifies = e->subtype_match || g_str_equal (e->klass, "comprehensive");
              break;
            case DD_DIRECTORY_KIND_EXPERT:
              e->subtype_match = text_matches_any (e->field, keywords);
              qualifies = e->subtype_match;
              break;
            case DD_DIRECTORY_KIND_WAREHOUSE:
              e->subtype_match = g_hash_table_contains (stocked, e->id);
              qualifies = TRUE;
              break;
            case DD_DIRECTORY_KIND_PLAN:
            default:
              e->subtype_match = list_contains (e->field, subtype);
              qualifies = e->subtype_match;
              break;
            }
          if (!qualifies)
            continue;

          distance = dd_directory_division_distance (divisions, division, e->division);
          e->distance = distance < 0 ? 1000 : distance;
          g_ptr_array_add (candidates, g_object_ref (e));
        }

      out = k == DD_DIRECTORY_KIND_TEAM ? &suggestions->teams :
            k == DD_DIRECTORY_KIND_EXPERT ? &suggestions->experts :
            k == DD_DIRECTORY_KIND_WAREHOUSE ? &suggestions->warehouses : &suggestions->plans;
      *out = rank (candidates, limit);
    }

  return g_steal_pointer (&suggestions);
}

/* ------------------------------------------------------------------ whereabouts */

static gboolean
valid_date (const char *text)
{
  GDate date;
  guint64 y, m, d;
  g_auto(GStrv) parts = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  parts = g_strsplit (text, "-", -1);
  if (g_strv_length (parts) != 3 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1900, 2999, &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &d, NULL))
    return FALSE;
  g_date_clear (&date, 1);
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gboolean
add_whereabouts_row (DdStore        *self,
                     DdHlc           hlc,
                     gint64          now,
                     gpointer        item,
                     DdStoreChange  *change,
                     GError        **error)
{
  static const char sql[] =
    "INSERT INTO dir_whereabouts (id, person, post, unit, date_from, date_to, status, place,"
    " stand_in, stand_in_phone, note, publisher, ver, hlc, created_at, updated_at)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, unit_code, 1, ?12, ?13, ?13"
    " FROM desk WHERE id = 1";
  DdWhereabouts *w = item;
  g_autoptr(GString) payload = g_string_new ("{");
  static const char * const keys[WB_N_STRINGS] = {
    NULL, "id", "person", "post", "unit", "from", "to", "place", "stand_in", "stand_in_phone", "note",
  };
  sqlite3_stmt *stmt;

  wb_set (w, WB_PROP_ID, NULL);
  g_free (w->strings[WB_PROP_ID]);
  w->strings[WB_PROP_ID] = dd_uuid7_new (now);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  bind_text (stmt, 1, w->strings[WB_PROP_ID]);
  bind_text (stmt, 2, w->strings[WB_PROP_PERSON]);
  bind_text (stmt, 3, w->strings[WB_PROP_POST]);
  bind_text (stmt, 4, w->strings[WB_PROP_UNIT]);
  bind_text (stmt, 5, w->strings[WB_PROP_FROM]);
  bind_text (stmt, 6, w->strings[WB_PROP_TO]);
  bind_text (stmt, 7, dd_whereabouts_status_to_string (w->status));
  bind_text (stmt, 8, w->strings[WB_PROP_PLACE]);
  bind_text (stmt, 9, w->strings[WB_PROP_STAND_IN]);
  bind_text (stmt, 10, w->strings[WB_PROP_STAND_IN_PHONE]);
  bind_text (stmt, 11, w->strings[WB_PROP_NOTE]);
  sqlite3_bind_int64 (stmt, 12, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 13, now);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (dd_store_get_handle (self)) == 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED,
                   _("The desk has not been set up yet"));
      return FALSE;
    }

  for (guint i = 1; i < WB_N_STRINGS; i++)
    json_append_member (payload, keys[i], w->strings[i]);
  json_append_member (payload, "status", dd_whereabouts_status_to_string (w->status));
  g_string_append_printf (payload, ",\"ver\":1,\"hlc\":%" G_GUINT64_FORMAT "}", (guint64) hlc);

  change->action = "whereabouts.add";
  change->entity_kind = "whereabouts";
  change->entity_id = g_strdup (w->strings[WB_PROP_ID]);
  change->op = "insert";
  change->payload = g_strdup (payload->str);
  return TRUE;
}

DdWhereabouts *
dd_store_directory_add_whereabouts (DdStore        *self,
                                    DdWhereabouts  *whereabouts,
                                    GError        **error)
{
  g_autoptr(DdWhereabouts) copy = NULL;
  DdWhereabouts *w = whereabouts;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (DD_IS_WHEREABOUTS (whereabouts), NULL);

  for (guint i = 1; i < WB_N_STRINGS; i++)
    if (!dd_store_check_text (g_param_spec_get_name (wb_properties[i]), w->strings[i], error))
      return NULL;

  if (w->strings[WB_PROP_ID][0] != '\0')
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("This whereabouts record has been saved already"));
      return NULL;
    }
  if (w->strings[WB_PROP_PERSON][0] == '\0')
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Whose whereabouts is required"));
      return NULL;
    }
  if (!valid_date (w->strings[WB_PROP_FROM]) || !valid_date (w->strings[WB_PROP_TO]))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("Dates must be given as YYYY-MM-DD"));
      return NULL;
    }
  if (strcmp (w->strings[WB_PROP_TO], w->strings[WB_PROP_FROM]) < 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("The last day comes before the first"));
      return NULL;
    }
  if (w->strings[WB_PROP_UNIT][0] != '\0')
    {
      g_autoptr(DdUnitCode) code = dd_unit_code_parse (dd_division_table_get_default (),
                                                       w->strings[WB_PROP_UNIT], error);
      if (code == NULL)
        return NULL;
    }

  copy = dd_whereabouts_new (w->strings[WB_PROP_PERSON], w->strings[WB_PROP_POST],
                             w->strings[WB_PROP_UNIT], w->strings[WB_PROP_FROM],
                             w->strings[WB_PROP_TO], w->status, w->strings[WB_PROP_PLACE],
                             w->strings[WB_PROP_STAND_IN], w->strings[WB_PROP_STAND_IN_PHONE],
                             w->strings[WB_PROP_NOTE]);
  if (!dd_store_write (self, add_whereabouts_row, copy, error))
    return NULL;

  return g_steal_pointer (&copy);
}

GListModel *
dd_store_directory_list_whereabouts (DdStore     *self,
                                     const char  *date,
                                     GError     **error)
{
  static const char sql[] =
    "SELECT id, person, post, unit, date_from, date_to, place, stand_in, stand_in_phone, note, status"
    " FROM dir_whereabouts w WHERE date_from <= ?1 AND date_to >= ?1"
    " AND NOT EXISTS (SELECT 1 FROM dir_whereabouts n WHERE n.person = w.person AND n.unit = w.unit"
    "   AND n.date_from <= ?1 AND n.date_to >= ?1 AND n.hlc > w.hlc)"
    " ORDER BY person, id";
  static const char leaders_sql[] =
    "SELECT s.name, s.unit FROM staff s WHERE s.is_leader = 1 AND s.active = 1"
    " AND NOT EXISTS (SELECT 1 FROM dir_whereabouts w WHERE w.person = s.name"
    "   AND w.date_from <= ?1 AND w.date_to >= ?1)"
    " ORDER BY s.name";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!valid_date (date))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Dates must be given as YYYY-MM-DD"));
      return NULL;
    }

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  bind_text (stmt, 1, date);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdWhereabouts *w = g_object_new (DD_TYPE_WHEREABOUTS, NULL);
      DdWhereaboutsStatus status = DD_WHEREABOUTS_IN_OFFICE;

      for (guint i = 1; i < WB_N_STRINGS; i++)
        wb_set (w, i, column_text (stmt, (int) i - 1));
      dd_whereabouts_status_from_string (column_text (stmt, 10), &status);
      w->status = status;
      g_ptr_array_add (list, w);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not read the whereabouts"));
      return NULL;
    }

  if (!(stmt = dd_store_prepare (self, leaders_sql, error)))
    return NULL;
  bind_text (stmt, 1, date);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdWhereabouts *w = dd_whereabouts_new (column_text (stmt, 0), NULL, NULL, date, date,
                                             DD_WHEREABOUTS_IN_OFFICE, NULL, NULL, NULL, NULL);
      g_ptr_array_add (list, w);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not read the whereabouts"));
      return NULL;
    }

  store = g_list_store_new (DD_TYPE_WHEREABOUTS);
  g_list_store_splice (store, 0, 0, list->pdata, list->len);
  return G_LIST_MODEL (store);
}

/* ------------------------------------------------------------------ private */

gboolean
dd_store_directory_set_plan_sections (DdStore             *self,
                                      const char          *plan_id,
                                      const char * const  *sections,
                                      GError             **error)
{
  g_autoptr(DdDirectoryRow) row = NULL;
  g_autoptr(DdDirectoryEdit) edit = NULL;
  int column = dd_directory_kind_find_column (DD_DIRECTORY_KIND_PLAN, "sections");
  gint64 ver;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (plan_id != NULL && sections != NULL, FALSE);

  for (guint i = 0; sections[i] != NULL; i++)
    if (!dd_store_check_text ("section", sections[i], error))
      return FALSE;

  row = read_row (self, DD_DIRECTORY_KIND_PLAN, plan_id, &ver, error);
  if (row == NULL)
    return FALSE;
  g_free (row->values[column]);
  row->values[column] = dd_directory_sections_format (sections);

  edit = dd_store_directory_edit (self, DD_DIRECTORY_KIND_PLAN, plan_id, (const char * const *) row->values,
                                  FALSE, NULL, NULL, error);
  return edit != NULL && edit->problems->len == 0;
}

/* ------------------------------------------------------------------ pulled records */

gboolean
dd_store_directory_apply_pulled (DdStore     *self,
                                 const char  *kind_text,
                                 const char  *id,
                                 const char  *fields,
                                 const char  *publisher,
                                 gint64       ver,
                                 gint64       hlc,
                                 GError     **error)
{
  const DdDirectoryColumn *columns;
  DdDirectoryKind kind;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(DdDirectoryRow) row = NULL;
  g_autofree char *select_sql = NULL;
  g_autofree char *warehouse_division = NULL;
  sqlite3_stmt *stmt;
  guint n;
  int rc;

  if (!dd_directory_kind_from_string (kind_text, &kind))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("Unknown directory kind “%s”"), kind_text);
      return FALSE;
    }
  columns = dd_directory_kind_get_columns (kind, &n);

  /* Every column from the record's fields, "" for a missing one. */
  g_string_append_printf (sql, "INSERT INTO %s (id", kind_tables[kind]);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, ", \"%s\"", columns[i].name);
  if (kind == DD_DIRECTORY_KIND_STOCK)
    g_string_append (sql, ", warehouse_id");
  g_string_append (sql, ", publisher, ver, hlc, created_at, updated_at) VALUES (?1");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, ", coalesce (CAST (json_extract (?2, '$.\"%s\"') AS TEXT), '')",
                            columns[i].name);
  if (kind == DD_DIRECTORY_KIND_STOCK)
    g_string_append (sql, ", json_extract (?2, '$.warehouse_id')");
  g_string_append (sql, ", ?3, ?4, ?5, ?6, ?6) ON CONFLICT (id) DO UPDATE SET");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, " \"%s\" = excluded.\"%s\",", columns[i].name, columns[i].name);
  g_string_append (sql, " publisher = excluded.publisher, ver = excluded.ver, hlc = excluded.hlc,"
                        " updated_at = max (excluded.updated_at, created_at)");

  if (!(stmt = dd_store_prepare (self, sql->str, error)))
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, fields);
  bind_text (stmt, 3, publisher);
  sqlite3_bind_int64 (stmt, 4, ver);
  sqlite3_bind_int64 (stmt, 5, hlc);
  sqlite3_bind_int64 (stmt, 6, now_ms ());
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  /* The search index, from the row as stored. */
  select_sql = select_columns_sql (kind, "WHERE id = ?1");
  if (!(stmt = dd_store_prepare (self, select_sql, error)))
    return FALSE;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    row = row_from_stmt (stmt, n);
  sqlite3_reset (stmt);
  if (row == NULL)
    {
      dd_store_set_error (self, error, rc, select_sql);
      return FALSE;
    }
  if (kind == DD_DIRECTORY_KIND_STOCK)
    {
      g_autoptr(GError) local_error = NULL;

      warehouse_division = dd_store_query_text (self,
                                                "SELECT i.division FROM dir_stock s JOIN dir_index i"
                                                " ON i.entry_id = s.warehouse_id WHERE s.id = ?1",
                                                id, &local_error);
      if (warehouse_division == NULL && !g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  /* A plan's sections are its "sections" column, applied with the others. */
  return write_index_row (self, kind, id, row, warehouse_division, error);
}

gboolean
dd_store_directory_apply_pulled_verification (DdStore     *self,
                                              const char  *id,
                                              const char  *fields,
                                              const char  *publisher,
                                              gint64       hlc,
                                              GError     **error)
{
  static const char insert_sql[] =
    "INSERT OR IGNORE INTO dir_verification (id, kind, entry_id, verified_at, verified_by, note,"
    " publisher, hlc, created_at) VALUES (?1, json_extract (?2, '$.kind'),"
    " json_extract (?2, '$.entry_id'), json_extract (?2, '$.verified_at'),"
    " json_extract (?2, '$.verified_by'), coalesce (json_extract (?2, '$.note'), ''), ?3, ?4, ?5)";
  static const char index_sql[] =
    "UPDATE dir_index SET verified_at = json_extract (?1, '$.verified_at'),"
    " verified_by = json_extract (?1, '$.verified_by')"
    " WHERE entry_id = json_extract (?1, '$.entry_id')"
    " AND (verified_at IS NULL OR verified_at <= json_extract (?1, '$.verified_at'))";
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, insert_sql, error)))
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, fields);
  bind_text (stmt, 3, publisher);
  sqlite3_bind_int64 (stmt, 4, hlc);
  sqlite3_bind_int64 (stmt, 5, now_ms ());
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (dd_store_get_handle (self)) == 0)
    return TRUE;
  if (!(stmt = dd_store_prepare (self, index_sql, error)))
    return FALSE;
  bind_text (stmt, 1, fields);
  return dd_store_step_done (self, stmt, error);
}

/* ------------------------------------------------------------------ async */

typedef struct
{
  DdDirectoryKind  kind;
  char            *id;
  char            *text;
  char            *division;
  char            *field;
  char            *team_class;
  char            *by;
  char            *note;
  gint64           at_ms;
  guint            kinds;
  guint            limit;
  gboolean         stale_only;
  GFile           *file;
  GObject         *object;
  DdDirectoryImport *import;
  char           **values;
  gboolean         verify;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->id);
  g_free (job->text);
  g_free (job->division);
  g_free (job->field);
  g_free (job->team_class);
  g_free (job->by);
  g_free (job->note);
  g_clear_object (&job->file);
  g_clear_object (&job->object);
  g_strfreev (job->values);
  g_free (job);
}

static gpointer
search_job (DdStore   *store,
            gpointer   data,
            GError   **error)
{
  Job *job = data;
  DdDirectoryQuery query = {
    job->text, job->kinds, job->division, job->field, job->team_class,
    job->stale_only, job->limit, job->at_ms,
  };

  return dd_store_directory_search (store, &query, error);
}

void
dd_store_service_directory_search_async (DdStoreService         *service,
                                         const DdDirectoryQuery *query,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (query != NULL);

  job->text = g_strdup (query->text);
  job->kinds = query->kinds;
  job->division = g_strdup (query->division);
  job->field = g_strdup (query->field);
  job->team_class = g_strdup (query->team_class);
  job->stale_only = query->stale_only;
  job->limit = query->limit;
  job->at_ms = query->at_ms;
  dd_store_service_run_async (service, search_job, job, job_free, g_object_unref, FALSE,
                              cancellable, callback, user_data);
}

GListModel *
dd_store_service_directory_search_finish (DdStoreService  *service,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
details_job (DdStore   *store,
             gpointer   data,
             GError   **error)
{
  Job *job = data;

  return dd_store_directory_get_details (store, job->kind, job->id, 0, error);
}

void
dd_store_service_directory_get_details_async (DdStoreService      *service,
                                              DdDirectoryKind      kind,
                                              const char          *id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->id = g_strdup (id);
  dd_store_service_run_async (service, details_job, job, job_free,
                              (GDestroyNotify) dd_directory_details_free, FALSE,
                              cancellable, callback, user_data);
}

DdDirectoryDetails *
dd_store_service_directory_get_details_finish (DdStoreService  *service,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
verify_job (DdStore   *store,
            gpointer   data,
            GError   **error)
{
  Job *job = data;

  return dd_store_directory_verify (store, job->kind, job->id, job->at_ms, job->by, job->note, error);
}

void
dd_store_service_directory_verify_async (DdStoreService      *service,
                                         DdDirectoryKind      kind,
                                         const char          *id,
                                         gint64               at_ms,
                                         const char          *by,
                                         const char          *note,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->id = g_strdup (id);
  job->at_ms = at_ms;
  job->by = g_strdup (by);
  job->note = g_strdup (note);
  dd_store_service_run_async (service, verify_job, job, job_free,
                              (GDestroyNotify) dd_directory_verification_free, TRUE,
                              cancellable, callback, user_data);
}

DdDirectoryVerification *
dd_store_service_directory_verify_finish (DdStoreService  *service,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
edit_job (DdStore   *store,
          gpointer   data,
          GError   **error)
{
  Job *job = data;
  g_autoptr(GError) local_error = NULL;
  DdDirectoryEdit *edit;

  edit = dd_store_directory_edit (store, job->kind, job->id, (const char * const *) job->values,
                                  job->verify, job->by, job->note, &local_error);
  if (edit == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return edit;
}

void
dd_store_service_directory_edit_async (DdStoreService      *service,
                                       DdDirectoryKind      kind,
                                       const char          *id,
                                       const char * const  *values,
                                       gboolean             verify,
                                       const char          *by,
                                       const char          *note,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (values != NULL);

  job->kind = kind;
  job->id = g_strdup (id);
  job->values = g_strdupv ((char **) values);
  job->verify = verify;
  job->by = g_strdup (by);
  job->note = g_strdup (note);
  dd_store_service_run_async (service, edit_job, job, job_free,
                              (GDestroyNotify) dd_directory_edit_free, TRUE,
                              cancellable, callback, user_data);
}

DdDirectoryEdit *
dd_store_service_directory_edit_finish (DdStoreService  *service,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
remove_job (DdStore   *store,
            gpointer   data,
            GError   **error)
{
  Job *job = data;

  if (!dd_store_directory_remove (store, job->kind, job->id, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

void
dd_store_service_directory_remove_async (DdStoreService      *service,
                                         DdDirectoryKind      kind,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->id = g_strdup (id);
  dd_store_service_run_async (service, remove_job, job, job_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_directory_remove_finish (DdStoreService  *service,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return dd_store_service_run_finish (service, result, error) != NULL;
}

static gpointer
preview_job (DdStore   *store,
             gpointer   data,
             GError   **error)
{
  Job *job = data;
  g_autoptr(GBytes) bytes = g_file_load_bytes (job->file, NULL, NULL, error);

  if (bytes == NULL)
    return NULL;
  return dd_store_directory_preview_import (store, job->kind, bytes, error);
}

void
dd_store_service_directory_preview_import_async (DdStoreService      *service,
                                                 DdDirectoryKind      kind,
                                                 GFile               *file,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (G_IS_FILE (file));

  job->kind = kind;
  job->file = g_object_ref (file);
  dd_store_service_run_async (service, preview_job, job, job_free,
                              (GDestroyNotify) dd_directory_import_free, FALSE,
                              cancellable, callback, user_data);
}

DdDirectoryImport *
dd_store_service_directory_preview_import_finish (DdStoreService  *service,
                                                  GAsyncResult    *result,
                                                  GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
commit_job (DdStore   *store,
            gpointer   data,
            GError   **error)
{
  Job *job = data;

  /* The import belongs to the caller, who keeps it alive until the task
   * completes; only this thread touches it meanwhile. */
  if (!dd_store_directory_commit_import (store, job->import, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

void
dd_store_service_directory_commit_import_async (DdStoreService      *service,
                                                DdDirectoryImport   *import,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (import != NULL);

  job->import = import;
  dd_store_service_run_async (service, commit_job, job, job_free, NULL, TRUE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_directory_commit_import_finish (DdStoreService  *service,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  return dd_store_service_run_finish (service, result, error) != NULL;
}

static gpointer
export_job (DdStore   *store,
            gpointer   data,
            GError   **error)
{
  Job *job = data;
  g_autoptr(GBytes) bytes = dd_store_directory_export (store, job->kind, error);

  if (bytes == NULL)
    return NULL;
  if (!g_file_replace_contents (job->file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

void
dd_store_service_directory_export_async (DdStoreService      *service,
                                         DdDirectoryKind      kind,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (G_IS_FILE (file));

  job->kind = kind;
  job->file = g_object_ref (file);
  dd_store_service_run_async (service, export_job, job, job_free, NULL, FALSE,
                              cancellable, callback, user_data);
}

gboolean
dd_store_service_directory_export_finish (DdStoreService  *service,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return dd_store_service_run_finish (service, result, error) != NULL;
}

static gpointer
stale_job (DdStore   *store,
           gpointer   data,
           GError   **error)
{
  return dd_store_directory_list_stale (store, 0, error);
}

void
dd_store_service_directory_list_stale_async (DdStoreService      *service,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  dd_store_service_run_async (service, stale_job, NULL, NULL, g_object_unref, FALSE,
                              cancellable, callback, user_data);
}

GListModel *
dd_store_service_directory_list_stale_finish (DdStoreService  *service,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
suggest_job (DdStore   *store,
             gpointer   data,
             GError   **error)
{
  Job *job = data;

  return dd_store_directory_suggest (store, job->text, job->division, job->limit, error);
}

void
dd_store_service_directory_suggest_async (DdStoreService      *service,
                                          const char          *subtype,
                                          const char          *division,
                                          guint                limit,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->text = g_strdup (subtype);
  job->division = g_strdup (division);
  job->limit = limit;
  dd_store_service_run_async (service, suggest_job, job, job_free,
                              (GDestroyNotify) dd_directory_suggestions_free, FALSE,
                              cancellable, callback, user_data);
}

DdDirectorySuggestions *
dd_store_service_directory_suggest_finish (DdStoreService  *service,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
add_whereabouts_job (DdStore   *store,
                     gpointer   data,
                     GError   **error)
{
  Job *job = data;

  return dd_store_directory_add_whereabouts (store, DD_WHEREABOUTS (job->object), error);
}

void
dd_store_service_directory_add_whereabouts_async (DdStoreService      *service,
                                                  DdWhereabouts       *whereabouts,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (DD_IS_WHEREABOUTS (whereabouts));

  job->object = g_object_ref (G_OBJECT (whereabouts));
  dd_store_service_run_async (service, add_whereabouts_job, job, job_free, g_object_unref, TRUE,
                              cancellable, callback, user_data);
}

DdWhereabouts *
dd_store_service_directory_add_whereabouts_finish (DdStoreService  *service,
                                                   GAsyncResult    *result,
                                                   GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
list_whereabouts_job (DdStore   *store,
                      gpointer   data,
                      GError   **error)
{
  Job *job = data;

  if (job->text == NULL)
    {
      GDate date;
      char buf[16];

      dd_time_beijing_date (now_ms (), &date);
      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &date);
      job->text = g_strdup (buf);
    }
  return dd_store_directory_list_whereabouts (store, job->text, error);
}

void
dd_store_service_directory_list_whereabouts_async (DdStoreService      *service,
                                                   const char          *date,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->text = g_strdup (date);
  dd_store_service_run_async (service, list_whereabouts_job, job, job_free, g_object_unref, FALSE,
                              cancellable, callback, user_data);
}

GListModel *
dd_store_service_directory_list_whereabouts_finish (DdStoreService  *service,
                                                    GAsyncResult    *result,
                                                    GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}
