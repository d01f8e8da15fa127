/* dd-server-admin.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/random.h>

#include "dd-csv.h"
#include "dd-enums.h"
#include "dd-server-private.h"
#include "dd-uuid.h"

/* No 0/O, 1/I/L: read out over the telephone. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

static void
random_bytes (guint8 *buffer,
              gsize   n_bytes)
{
  gsize done = 0;

  while (done < n_bytes)
    {
      ssize_t n = getrandom (buffer + done, n_bytes - done, 0);

      if (n <= 0)
        g_error ("getrandom failed");
      done += (gsize) n;
    }
}

static gboolean
is_division_code (const char *code)
{
  if (strlen (code) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_department_suffix (const char *suffix)
{
  gsize len = strlen (suffix);

  if (len < 1 || len > 16)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_islower (suffix[i]) || g_ascii_isdigit (suffix[i])))
      return FALSE;
  return TRUE;
}

static gboolean
parse_duration (const char *text,
                gint64     *seconds)
{
  char *end = NULL;
  guint64 value;
  gint64 unit;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (g_str_equal (end, "d"))
    unit = 86400;
  else if (g_str_equal (end, "h"))
    unit = 3600;
  else if (g_str_equal (end, "m"))
    unit = 60;
  else if (g_str_equal (end, "s") || g_str_equal (end, ""))
    unit = 1;
  else
    return FALSE;
  if (value == 0 || value > (guint64) 366 * 86400 / unit)
    return FALSE;
  *seconds = (gint64) value * unit;
  return TRUE;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

char *
dd_server_random_hex (gsize n_bytes)
{
  g_autofree guint8 *buffer = g_malloc (n_bytes);
  GString *out = g_string_sized_new (n_bytes * 2);

  random_bytes (buffer, n_bytes);
  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (out, "%02x", buffer[i]);
  return g_string_free (out, FALSE);
}

char *
dd_server_new_enrol_code (void)
{
  guint8 buffer[12];
  GString *out = g_string_new (NULL);

  random_bytes (buffer, sizeof buffer);
  for (guint i = 0; i < sizeof buffer; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, '-');
      /* 256 is not a multiple of 31: the bias is below 1 %, irrelevant here. */
      g_string_append_c (out, code_alphabet[buffer[i] % (sizeof code_alphabet - 1)]);
    }
  return g_string_free (out, FALSE);
}

char *
dd_server_sha256 (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

char *
dd_server_hash_enrol_code (const char *code)
{
  g_autoptr(GString) normal = g_string_new (NULL);

  for (const char *p = code; *p != '\0'; p++)
    if (*p != '-' && *p != ' ')
      g_string_append_c (normal, g_ascii_toupper (*p));
  return dd_server_sha256 (normal->str);
}

gboolean
dd_server_unit_import (DdServerDb  *db,
                       const char  *path,
                       guint       *n_units,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) known = NULL;
  g_autofree char *text = NULL;
  g_autofree char *joined = NULL;
  gchar *contents = NULL;
  gsize length = 0;
  guint count = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  bytes = g_bytes_new_take (contents, length);
  text = dd_csv_decode (bytes, NULL, error);
  if (text == NULL)
    return FALSE;
  rows = dd_csv_parse (text, error);
  if (rows == NULL)
    return FALSE;

  if (rows->len == 0 ||
      g_strv_length (((DdCsvRow *) rows->pdata[0])->fields) < 4 ||
      g_strcmp0 (((DdCsvRow *) rows->pdata[0])->fields[0], "code") != 0 ||
      g_strcmp0 (((DdCsvRow *) rows->pdata[0])->fields[1], "name") != 0 ||
      g_strcmp0 (((DdCsvRow *) rows->pdata[0])->fields[2], "level") != 0 ||
      g_strcmp0 (((DdCsvRow *) rows->pdata[0])->fields[3], "parent_code") != 0)
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                   _("%s: the first line must be the header code,name,level,parent_code"), path);
      return FALSE;
    }

  known = dd_server_db_exec (db, "unit_codes", 0, NULL, error);
  if (known == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (known); i++)
    g_hash_table_add (existing, g_strdup (PQgetvalue (known, i, 0)));

  /* First pass: every code of the file, so parents may come later. */
  for (guint i = 1; i < rows->len; i++)
    {
      DdCsvRow *row = rows->pdata[i];

      if (g_strv_length (row->fields) >= 1)
        g_hash_table_add (codes, row->fields[0]);
    }

  for (guint i = 1; i < rows->len; i++)
    {
      DdCsvRow *row = rows->pdata[i];
      const char *code, *name, *level_text, *parent;
      DdLevel level;

      if (g_strv_length (row->fields) != 4)
        {
          g_ptr_array_add (problems, g_strdup_printf (_("line %u: expected 4 columns, found %u"),
                                                      row->line, g_strv_length (row->fields)));
          continue;
        }
      code = row->fields[0];
      name = row->fields[1];
      level_text = row->fields[2];
      parent = row->fields[3];

      if (!is_division_code (code))
        g_ptr_array_add (problems, g_strdup_printf (_("line %u: “%s” is not a 6-digit division code"),
                                                    row->line, code));
      else if (name[0] == '\0')
        g_ptr_array_add (problems, g_strdup_printf (_("line %u: the name is empty"), row->line));
      else if (!dd_level_from_string (level_text, &level) || level == DD_LEVEL_DEPARTMENT)
        g_ptr_array_add (problems, g_strdup_printf (_("line %u: unknown level “%s”"),
                                                    row->line, level_text));
      else if (level == DD_LEVEL_PROVINCE && parent[0] != '\0')
        g_ptr_array_add (problems, g_strdup_printf (_("line %u: a province has no parent"), row->line));
      else if (level != DD_LEVEL_PROVINCE && parent[0] == '\0')
        g_ptr_array_add (problems, g_strdup_printf (_("line %u: the parent code is missing"), row->line));
      else if (parent[0] != '\0' && g_str_equal (parent, code))
        g_ptr_array_add (problems, g_strdup_printf (_("line %u: a unit cannot be its own parent"), row->line));
      else if (parent[0] != '\0' && !g_hash_table_contains (codes, parent) &&
               !g_hash_table_contains (existing, parent))
        g_ptr_array_add (problems, g_strdup_printf (_("line %u: unknown parent “%s”"), row->line, parent));
    }

  if (problems->len > 0)
    {
      g_ptr_array_add (problems, NULL);
      joined = g_strjoinv ("\n", (char **) problems->pdata);
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                   _("%s: nothing imported:\n%s"), path, joined);
      return FALSE;
    }

  if (!dd_server_db_begin (db, error))
    return FALSE;
  for (guint i = 1; i < rows->len; i++)
    {
      DdCsvRow *row = rows->pdata[i];
      g_autoptr(PGresult) result = dd_server_db_exec (db, "unit_upsert", 4,
                                                      (const char * const *) row->fields, error);

      if (result == NULL)
        {
          g_prefix_error (error, _("line %u: "), row->line);
          dd_server_db_rollback (db);
          return FALSE;
        }
      count++;
    }
  /* The deferred parent keys are checked here. */
  if (!dd_server_db_commit (db, error))
    return FALSE;

  if (n_units != NULL)
    *n_units = count;
  return TRUE;
}

gboolean
dd_server_unit_add (DdServerDb  *db,
                    const char  *code,
                    const char  *name,
                    const char  *parent,
                    GError     **error)
{
  g_autoptr(PGresult) parent_row = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autofree char *division = NULL;
  const char *dash = code != NULL ? strchr (code, '-') : NULL;
  const char *params[4];

  if (code == NULL || name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                           _("--code and --name are required"));
      return FALSE;
    }
  if (dash == NULL)
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                   _("“%s” is not a department code (DIVISION-suffix); divisions come from “unit import”"),
                   code);
      return FALSE;
    }
  division = g_strndup (code, dash - code);
  if (!is_division_code (division) || !is_department_suffix (dash + 1))
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                   _("“%s” is not a unit code: a 6-digit division code, “-” and 1 to 16 lower-case letters or digits"),
                   code);
      return FALSE;
    }
  if (parent == NULL)
    parent = division;

  params[0] = parent;
  parent_row = dd_server_db_exec (db, "unit_get", 1, params, error);
  if (parent_row == NULL)
    return FALSE;
  if (PQntuples (parent_row) == 0)
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_NOT_FOUND,
                   _("unknown parent unit “%s”"), parent);
      return FALSE;
    }

  params[0] = code;
  params[1] = name;
  params[2] = "department";
  params[3] = parent;
  inserted = dd_server_db_exec (db, "unit_insert", 4, params, error);
  if (inserted == NULL)
    return FALSE;
  if (PQntuples (inserted) == 0)
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                   _("the unit “%s” already exists"), code);
      return FALSE;
    }
  return TRUE;
}

gboolean
dd_server_enrol_code (DdServerDb  *db,
                      const char  *unit,
                      const char  *expires,
                      gboolean     json,
                      GError     **error)
{
  g_autoptr(PGresult) unit_row = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autofree char *code = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *seconds_text = NULL;
  gint64 seconds = 0;
  const char *params[3];

  if (unit == NULL)
    {
      g_set_error_literal (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID, _("--unit is required"));
      return FALSE;
    }
  if (!parse_duration (expires != NULL ? expires : "24h", &seconds))
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                   _("“%s” is not a duration such as 30m, 24h or 7d"), expires);
      return FALSE;
    }

  params[0] = unit;
  unit_row = dd_server_db_exec (db, "unit_get", 1, params, error);
  if (unit_row == NULL)
    return FALSE;
  if (PQntuples (unit_row) == 0)
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_NOT_FOUND, _("unknown unit “%s”"), unit);
      return FALSE;
    }

  code = dd_server_new_enrol_code ();
  hash = dd_server_hash_enrol_code (code);
  seconds_text = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);
  params[0] = hash;
  params[1] = unit;
  params[2] = seconds_text;
  inserted = dd_server_db_exec (db, "code_insert", 3, params, error);
  if (inserted == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, unit);
      json_builder_set_member_name (builder, "expires");
      json_builder_add_string_value (builder, PQgetvalue (inserted, 0, 0));
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      print_json (node);
    }
  else
    {
      /* TRANSLATORS: the one-time code, its unit, and when it expires (UTC) */
      g_print (_("Enrolment code %s for %s, valid until %s (shown once)\n"),
               code, unit, PQgetvalue (inserted, 0, 0));
    }
  return TRUE;
}

gboolean
dd_server_desk_list (DdServerDb  *db,
                     gboolean     json,
                     GError     **error)
{
  g_autoptr(PGresult) rows = dd_server_db_exec (db, "desk_list", 0, NULL, error);
  static const char * const names[] = { "id", "unit", "enrolled_at", "revoked_at", "last_seen" };

  if (rows == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "desks");
      json_builder_begin_array (builder);
      for (int i = 0; i < PQntuples (rows); i++)
        {
          json_builder_begin_object (builder);
          for (int c = 0; c < (int) G_N_ELEMENTS (names); c++)
            {
              json_builder_set_member_name (builder, names[c]);
              if (PQgetisnull (rows, i, c))
                json_builder_add_null_value (builder);
              else
                json_builder_add_string_value (builder, PQgetvalue (rows, i, c));
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      print_json (node);
      return TRUE;
    }

  for (int i = 0; i < PQntuples (rows); i++)
    g_print ("%s\t%s\t%s\t%s\n", PQgetvalue (rows, i, 0), PQgetvalue (rows, i, 1),
             PQgetvalue (rows, i, 2),
             PQgetisnull (rows, i, 3) ? _("active") : PQgetvalue (rows, i, 3));
  return TRUE;
}

gboolean
dd_server_desk_revoke (DdServerDb  *db,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[1] = { id };

  if (id == NULL || !dd_uuid_is_valid (id))
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_INVALID,
                   _("“%s” is not a desk id"), id != NULL ? id : "");
      return FALSE;
    }
  result = dd_server_db_exec (db, "desk_revoke", 1, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, DD_SERVER_ERROR, DD_SERVER_ERROR_NOT_FOUND, _("no desk “%s”"), id);
      return FALSE;
    }
  return TRUE;
}

gboolean
dd_server_purge (DdServerDb  *db,
                 guint        active_days,
                 gboolean     json,
                 GError     **error)
{
  g_autoptr(PGresult) seq = NULL;
  g_autoptr(PGresult) horizon_row = NULL;
  g_autoptr(PGresult) purged = NULL;
  g_autoptr(PGresult) set = NULL;
  g_autofree char *days_text = g_strdup_printf ("%u", active_days);
  g_autofree char *horizon_text = NULL;
  const char *params[1];
  gint64 horizon;
  guint64 n_active;

  if (!dd_server_db_begin (db, error))
    return FALSE;
  /* Pushes number their changes under this row lock: none commits
   * while the horizon is taken. */
  seq = dd_server_db_exec (db, "purge_lock", 0, NULL, error);
  params[0] = days_text;
  if (seq == NULL || (horizon_row = dd_server_db_exec (db, "purge_horizon", 1, params, error)) == NULL)
    goto failed;
  n_active = g_ascii_strtoull (PQgetvalue (horizon_row, 0, 1), NULL, 10);
  /* no active desk: every change so far is past the horizon */
  horizon = n_active > 0 ? g_ascii_strtoll (PQgetvalue (horizon_row, 0, 0), NULL, 10)
                         : g_ascii_strtoll (PQgetvalue (seq, 0, 0), NULL, 10);
  horizon_text = g_strdup_printf ("%" G_GINT64_FORMAT, horizon);
  params[0] = horizon_text;
  if ((purged = dd_server_db_exec (db, "purge_records", 1, params, error)) == NULL)
    goto failed;
  params[0] = PQgetvalue (purged, 0, 2);
  if ((set = dd_server_db_exec (db, "purge_set", 1, params, error)) == NULL ||
      !dd_server_db_commit (db, error))
    goto failed;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "horizon");
      json_builder_add_int_value (builder, horizon);
      json_builder_set_member_name (builder, "active_desks");
      json_builder_add_int_value (builder, (gint64) n_active);
      json_builder_set_member_name (builder, "records");
      json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (purged, 0, 0), NULL, 10));
      json_builder_set_member_name (builder, "changes");
      json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (purged, 0, 1), NULL, 10));
      json_builder_set_member_name (builder, "purged_seq");
      json_builder_add_int_value (builder, g_ascii_strtoll (PQgetvalue (set, 0, 0), NULL, 10));
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      print_json (node);
    }
  else
    g_print (_("Horizon at sequence %s (%s active desks): %s tombstones purged with %s changes\n"),
             horizon_text, PQgetvalue (horizon_row, 0, 1), PQgetvalue (purged, 0, 0),
             PQgetvalue (purged, 0, 1));
  return TRUE;

failed:
  dd_server_db_rollback (db);
  return FALSE;
}
