/* dd-store-directory-request.c: change requests to a directory entry's
 * publisher, and their answers
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-directory-request.h"

#include <glib/gi18n.h>

#include "dd-directory-private.h"
#include "dd-store-private.h"
#include "dd-uuid.h"

void
dd_directory_request_free (DdDirectoryRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->id);
  g_free (request->entry_id);
  g_free (request->entry_name);
  g_clear_pointer (&request->changes, g_ptr_array_unref);
  g_free (request->note);
  g_free (request->publisher);
  g_free (request->publisher_name);
  g_free (request->requester);
  g_free (request->requester_name);
  g_free (request->requested_by);
  g_free (request->answered_by);
  g_free (request->reason);
  g_free (request);
}

static void
change_free (DdDirectoryRequestChange *change)
{
  g_free (change->column);
  g_free (change->seen);
  g_free (change->asked);
  g_free (change->current);
  g_free (change);
}

const char *
dd_directory_request_state_to_string (DdDirectoryRequestState state)
{
  switch (state)
    {
    case DD_DIRECTORY_REQUEST_ACCEPTED:
      return "accepted";
    case DD_DIRECTORY_REQUEST_DECLINED:
      return "declined";
    case DD_DIRECTORY_REQUEST_PENDING:
    default:
      return "pending";
    }
}

static char *
own_unit (DdStore  *self,
          GError  **error)
{
  g_autoptr(DdDesk) desk = dd_store_get_desk (self, error);

  return desk != NULL ? g_strdup (dd_desk_get_unit_code (desk)) : NULL;
}

/* ------------------------------------------------------------------ reading */

/* Two desks of the publisher may answer one request while offline; both
 * answers stay on record. An acceptance decides, since its edit went out;
 * otherwise the first decline. */
#define REQUEST_SELECT \
  "SELECT r.id, r.kind, r.entry_id, r.entry_name, r.action, r.changes, r.note, r.publisher," \
  " r.requester, r.requested_by, r.requested_at, a.decision, a.answered_by, a.answered_at, a.reason" \
  " FROM dir_request r LEFT JOIN dir_request_answer a ON a.id =" \
  "  (SELECT id FROM dir_request_answer WHERE request_id = r.id" \
  "   ORDER BY decision = 'accepted' DESC, answered_at, id LIMIT 1)" \
  " WHERE ?1 IN (r.publisher, r.requester)"

static DdDirectoryRequest *
request_from_stmt (DdStore       *self,
                   sqlite3_stmt  *stmt,
                   const char    *own,
                   GError       **error)
{
  g_autoptr(DdDirectoryRequest) request = g_new0 (DdDirectoryRequest, 1);
  static const char changes_sql[] =
    "SELECT coalesce (value ->> 0, ''), coalesce (value ->> 1, ''), coalesce (value ->> 2, '')"
    " FROM json_each (?1) WHERE json_type (value) = 'array'";
  g_autoptr(DdDirectoryDetails) details = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *changes;
  const char *decision;
  int rc;

  request->id = dd_store_column_dup (stmt, 0);
  if (!dd_directory_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &request->kind))
    request->kind = DD_DIRECTORY_KIND_CONTACT;
  request->entry_id = dd_store_column_dup (stmt, 2);
  request->entry_name = dd_store_column_dup (stmt, 3);
  request->removal = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "remove") == 0;
  request->note = dd_store_column_dup (stmt, 6);
  request->publisher = dd_store_column_dup (stmt, 7);
  request->publisher_name = dd_store_directory_unit_name (request->publisher);
  request->requester = dd_store_column_dup (stmt, 8);
  request->requester_name = dd_store_directory_unit_name (request->requester);
  request->requested_by = dd_store_column_dup (stmt, 9);
  request->requested_at_ms = sqlite3_column_int64 (stmt, 10);
  request->incoming = g_str_equal (request->publisher, own);
  decision = (const char *) sqlite3_column_text (stmt, 11);
  if (decision == NULL)
    request->state = DD_DIRECTORY_REQUEST_PENDING;
  else
    {
      request->state = g_str_equal (decision, "accepted") ? DD_DIRECTORY_REQUEST_ACCEPTED
                                                          : DD_DIRECTORY_REQUEST_DECLINED;
      request->answered_by = dd_store_column_dup (stmt, 12);
      request->answered_at_ms = sqlite3_column_int64 (stmt, 13);
      request->reason = dd_store_column_dup (stmt, 14);
    }

  /* The entry as it is now, for "seen / asked / now" side by side. */
  details = dd_store_directory_get_details (self, request->kind, request->entry_id, 0, &local_error);
  if (details == NULL && !g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  request->entry_exists = details != NULL;

  request->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  if (!(changes = dd_store_prepare (self, changes_sql, error)))
    return NULL;
  dd_store_bind_text (changes, 1, (const char *) sqlite3_column_text (stmt, 5));
  while ((rc = sqlite3_step (changes)) == SQLITE_ROW)
    {
      DdDirectoryRequestChange *change = g_new0 (DdDirectoryRequestChange, 1);
      int column;

      change->column = dd_store_column_dup (changes, 0);
      change->seen = dd_store_column_dup (changes, 1);
      change->asked = dd_store_column_dup (changes, 2);
      column = details != NULL ? dd_directory_kind_find_column (request->kind, change->column) : -1;
      change->current = g_strdup (column >= 0 ? details->row->values[column] : "");
      g_ptr_array_add (request->changes, change);
    }
  sqlite3_reset (changes);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, changes_sql);
      return NULL;
    }

  return g_steal_pointer (&request);
}

static GPtrArray *
list_requests (DdStore     *self,
               const char  *where,
               const char  *request_id,
               GError     **error)
{
  g_autofree char *own = own_unit (self, error);
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (own == NULL)
    return NULL;

  /* Those waiting for this desk's answer first, then newest first. */
  sql = g_strconcat (REQUEST_SELECT, where,
                     " ORDER BY (a.id IS NULL AND r.publisher = ?1) DESC, r.requested_at DESC, r.seq DESC",
                     NULL);
  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  dd_store_bind_text (stmt, 1, own);
  if (request_id != NULL)
    dd_store_bind_text (stmt, 2, request_id);

  requests = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_directory_request_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(DdDirectoryRequest) request = request_from_stmt (self, stmt, own, error);

      if (request == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (requests, g_steal_pointer (&request));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, _("Could not read the change requests"));
      return NULL;
    }
  return g_steal_pointer (&requests);
}

DdDirectoryRequest *
dd_store_directory_get_request (DdStore     *self,
                                const char  *request_id,
                                GError     **error)
{
  g_autoptr(GPtrArray) requests = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  requests = list_requests (self, " AND r.id = ?2", request_id, error);
  if (requests == NULL)
    return NULL;
  if (requests->len == 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("No change request has the id “%s”"), request_id);
      return NULL;
    }
  return g_ptr_array_steal_index (requests, 0);
}

GPtrArray *
dd_store_directory_list_requests (DdStore   *self,
                                  gboolean   pending_only,
                                  GError   **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return list_requests (self, pending_only ? " AND a.id IS NULL" : "", NULL, error);
}

gint64
dd_store_directory_count_waiting_requests (DdStore  *self,
                                           GError  **error)
{
  static const char sql[] =
    "SELECT count(*) FROM dir_request r JOIN desk d ON d.id = 1 AND r.publisher = d.unit_code"
    " WHERE NOT EXISTS (SELECT 1 FROM dir_request_answer a WHERE a.request_id = r.id)";
  g_autofree char *count = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), -1);

  count = dd_store_query_text (self, sql, NULL, error);
  return count != NULL ? g_ascii_strtoll (count, NULL, 10) : -1;
}

/* ------------------------------------------------------------------ writing */

typedef struct
{
  DdDirectoryKind  kind;
  const char      *entry_id;
  const char      *entry_name;
  gboolean         removal;
  const char      *changes;      /* JSON text */
  const char      *note;
  const char      *publisher;
  const char      *requested_by;
  char            *id;           /* out */
} RequestItem;

static gboolean
request_row (DdStore        *self,
             DdHlc           hlc,
             gint64          now,
             gpointer        data,
             DdStoreChange  *change,
             GError        **error)
{
  static const char sql[] =
    "INSERT INTO dir_request (id, kind, entry_id, entry_name, action, changes, note, publisher, requester,"
    " requested_by, requested_at, hlc, created_at)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, unit_code, ?9, ?10, ?11, ?10 FROM desk WHERE id = 1"
    " RETURNING json_object ('id', id, 'kind', kind, 'entry_id', entry_id, 'entry_name', entry_name,"
    " 'action', action, 'changes', json (changes), 'note', note, 'publisher', publisher,"
    " 'requester', requester, 'requested_by', requested_by, 'requested_at', requested_at, 'hlc', hlc)";
  RequestItem *item = data;
  sqlite3_stmt *stmt;
  int rc;

  item->id = dd_uuid7_new (now);
  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, item->id);
  dd_store_bind_text (stmt, 2, dd_directory_kind_to_string (item->kind));
  dd_store_bind_text (stmt, 3, item->entry_id);
  dd_store_bind_text (stmt, 4, item->entry_name);
  dd_store_bind_text (stmt, 5, item->removal ? "remove" : "change");
  dd_store_bind_text (stmt, 6, item->changes);
  dd_store_bind_text (stmt, 7, item->note);
  dd_store_bind_text (stmt, 8, item->publisher);
  dd_store_bind_text (stmt, 9, item->requested_by);
  sqlite3_bind_int64 (stmt, 10, now);
  sqlite3_bind_int64 (stmt, 11, (gint64) hlc);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    change->payload = dd_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_INITIALISED, _("The desk has not been set up yet"));
      else
        dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }

  change->action = "directory.request";
  change->entity_kind = "directory_request";
  change->entity_id = g_strdup (item->id);
  change->op = "insert";
  change->detail = g_strdup_printf ("%s %s", item->removal ? "remove" : "change", item->entry_id);
  return TRUE;
}

typedef struct
{
  const char *request_id;
  const char *requester;
  gboolean    accept;
  const char *reason;
  const char *answered_by;
} AnswerItem;

static gboolean
answer_row (DdStore        *self,
            DdHlc           hlc,
            gint64          now,
            gpointer        data,
            DdStoreChange  *change,
            GError        **error)
{
  static const char sql[] =
    "INSERT INTO dir_request_answer (id, request_id, decision, reason, publisher, answered_by, answered_at,"
    " hlc, created_at) SELECT ?1, ?2, ?3, ?4, unit_code, ?5, ?6, ?7, ?6 FROM desk WHERE id = 1"
    " RETURNING json_object ('id', id, 'request_id', request_id, 'decision', decision, 'reason', reason,"
    " 'requester', ?8, 'answered_by', answered_by, 'answered_at', answered_at, 'hlc', hlc)";
  AnswerItem *item = data;
  g_autofree char *id = dd_uuid7_new (now);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, id);
  dd_store_bind_text (stmt, 2, item->request_id);
  dd_store_bind_text (stmt, 3, item->accept ? "accepted" : "declined");
  dd_store_bind_text (stmt, 4, item->reason);
  dd_store_bind_text (stmt, 5, item->answered_by);
  sqlite3_bind_int64 (stmt, 6, now);
  sqlite3_bind_int64 (stmt, 7, (gint64) hlc);
  dd_store_bind_text (stmt, 8, item->requester);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    change->payload = dd_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }

  change->action = item->accept ? "directory.request-accept" : "directory.request-decline";
  change->entity_kind = "directory_answer";
  change->entity_id = g_steal_pointer (&id);
  change->op = "insert";
  change->detail = g_strdup (item->request_id);
  return TRUE;
}

/* [[column, old, new], …] for the cells that differ, as JSON text. */
static char *
changes_json (DdStore             *self,
              DdDirectoryKind      kind,
              const char * const  *old_values,
              const char * const  *new_values,
              GError             **error)
{
  static const char sql[] = "SELECT json_array (?1, ?2, ?3)";
  g_autoptr(GString) out = g_string_new ("[");
  const DdDirectoryColumn *columns;
  guint n;

  columns = dd_directory_kind_get_columns (kind, &n);
  for (guint i = 0; new_values != NULL && i < n; i++)
    {
      g_autofree char *triple = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (g_str_equal (old_values[i], new_values[i]))
        continue;
      if (!(stmt = dd_store_prepare (self, sql, error)))
        return NULL;
      dd_store_bind_text (stmt, 1, columns[i].name);
      dd_store_bind_text (stmt, 2, old_values[i]);
      dd_store_bind_text (stmt, 3, new_values[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        triple = dd_store_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (triple == NULL)
        {
          dd_store_set_error (self, error, rc, sql);
          return NULL;
        }
      if (out->len > 1)
        g_string_append_c (out, ',');
      g_string_append (out, triple);
    }
  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

DdDirectoryEdit *
dd_store_directory_request_change (DdStore             *self,
                                   DdDirectoryKind      kind,
                                   const char          *id,
                                   const char * const  *values,
                                   gboolean             verify,
                                   const char          *by,
                                   const char          *note,
                                   GError             **error)
{
  g_autoptr(DdDirectoryEdit) edit = NULL;
  g_autoptr(DdDirectoryDetails) details = NULL;
  g_autoptr(DdDirectoryVerification) v = NULL;
  g_auto(GStrv) old_values = NULL;
  g_auto(GStrv) new_values = NULL;
  g_autofree char *own = NULL;
  g_autofree char *who = NULL;
  g_autofree char *why = NULL;
  g_autofree char *changes = NULL;
  RequestItem item = { 0 };
  DdStoreRow rows[2] = { { 0 } };
  gboolean written;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) kind < DD_DIRECTORY_N_KINDS, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!dd_store_check_text (_("requested by"), by, error) || !dd_store_check_text (_("note"), note, error))
    return NULL;
  if (!(own = own_unit (self, error)))
    return NULL;
  details = dd_store_directory_get_details (self, kind, id, 0, error);
  if (details == NULL)
    return NULL;
  if (details->own)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("This desk’s unit publishes the entry: change it directly, no request is needed"));
      return NULL;
    }

  if (values != NULL)
    {
      edit = dd_store_directory_edit_full (self, kind, id, values, FALSE, NULL, NULL, FALSE,
                                           &old_values, &new_values, NULL, NULL, error);
      /* On problems the edit carries them, with the error set. */
      if (edit == NULL || edit->problems->len > 0)
        return g_steal_pointer (&edit);
      if (edit->changed->len == 0)
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                       _("Nothing to ask for: every cell is as the entry has it"));
          return NULL;
        }
    }
  else
    {
      edit = g_new0 (DdDirectoryEdit, 1);
      edit->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_directory_problem_free);
      edit->changed = g_ptr_array_new_with_free_func (g_free);
      edit->id = g_strdup (id);
      old_values = g_strdupv (details->row->values);
    }

  who = g_strstrip (g_strdup (by != NULL && by[0] != '\0' ? by : dd_store_get_actor (self)));
  if (who[0] == '\0')
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Who asks for the change is required"));
      return NULL;
    }
  why = g_strstrip (g_strdup (note != NULL ? note : ""));

  item.kind = kind;
  item.entry_id = id;
  item.entry_name = dd_directory_entry_get_name (details->entry);
  item.removal = values == NULL;
  changes = changes_json (self, kind, (const char * const *) old_values, (const char * const *) new_values, error);
  if (changes == NULL)
    return NULL;
  item.changes = changes;
  item.note = why;
  item.publisher = details->publisher;
  item.requested_by = who;

  if (verify)
    {
      g_autofree char *described = values != NULL
        ? dd_store_directory_describe_changes (kind, (const char * const *) old_values,
                                               (const char * const *) new_values)
        : NULL;
      GString *text = g_string_new (NULL);

      if (described != NULL)
        /* Translators: the note of a verification that found an entry of
         * another unit wrong; %1$s the unit asked, %2$s the changes */
        g_string_append_printf (text, _("Asked %1$s to correct %2$s"), details->publisher_name, described);
      else
        /* Translators: %s is the unit asked */
        g_string_append_printf (text, _("Asked %s to remove the entry"), details->publisher_name);
      if (why[0] != '\0')
        g_string_append_printf (text, " — %s", why);

      v = g_new0 (DdDirectoryVerification, 1);
      v->kind = kind;
      v->entry_id = g_strdup (id);
      v->verified_at_ms = g_get_real_time () / 1000;
      v->verified_by = g_strdup (who);
      v->note = g_string_free (text, FALSE);
    }

  /* The verification (of a correction) first, then the request. */
  rows[0].func = v != NULL ? dd_store_directory_write_verification : NULL;
  rows[0].item = v;
  rows[1].func = request_row;
  rows[1].item = &item;
  written = dd_store_write_rows (self, rows, G_N_ELEMENTS (rows), error);
  if (written)
    edit->request = dd_store_directory_get_request (self, item.id, error);
  g_free (item.id);
  if (edit->request == NULL)
    return NULL;

  if (edit->id == NULL)
    edit->id = g_strdup (id);
  edit->verification = g_steal_pointer (&v);
  return g_steal_pointer (&edit);
}

DdDirectoryRequest *
dd_store_directory_answer_request (DdStore     *self,
                                   const char  *request_id,
                                   gboolean     accept,
                                   const char  *reason,
                                   const char  *by,
                                   GError     **error)
{
  g_autoptr(DdDirectoryRequest) request = NULL;
  g_autofree char *who = NULL;
  g_autofree char *why = NULL;
  AnswerItem item = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  if (!dd_store_check_text (_("reason"), reason, error) || !dd_store_check_text (_("answered by"), by, error))
    return NULL;
  request = dd_store_directory_get_request (self, request_id, error);
  if (request == NULL)
    return NULL;
  if (!request->incoming)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   /* Translators: %s is a unit, "贵州省" */
                   _("The request is for %s to answer, not this desk"), request->publisher_name);
      return NULL;
    }
  if (request->state != DD_DIRECTORY_REQUEST_PENDING)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   request->state == DD_DIRECTORY_REQUEST_ACCEPTED
                   /* Translators: %s is who answered */
                   ? _("The request was already accepted by %s")
                   : _("The request was already declined by %s"),
                   request->answered_by);
      return NULL;
    }

  who = g_strstrip (g_strdup (by != NULL && by[0] != '\0' ? by : dd_store_get_actor (self)));
  why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (who[0] == '\0')
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Who answers the request is required"));
      return NULL;
    }
  if (!accept && why[0] == '\0')
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("Say why the request is declined: the requesting desk sees the reason"));
      return NULL;
    }

  item.request_id = request->id;
  item.requester = request->requester;
  item.accept = accept;
  item.reason = why;
  item.answered_by = who;

  if (!accept)
    {
      if (!dd_store_write (self, answer_row, &item, error))
        return NULL;
    }
  else if (!request->entry_exists)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("The entry is no longer in the directory: decline the request"));
      return NULL;
    }
  else if (request->removal)
    {
      if (!dd_store_directory_remove_full (self, request->kind, request->entry_id, answer_row, &item, error))
        return NULL;
    }
  else
    {
      g_autoptr(DdDirectoryDetails) details = NULL;
      g_autoptr(DdDirectoryEdit) edit = NULL;
      g_auto(GStrv) values = NULL;

      /* The asked cells on the entry as it is now: what changed since
       * the request keeps its value. */
      details = dd_store_directory_get_details (self, request->kind, request->entry_id, 0, error);
      if (details == NULL)
        return NULL;
      values = g_strdupv (details->row->values);
      for (guint i = 0; i < request->changes->len; i++)
        {
          DdDirectoryRequestChange *change = g_ptr_array_index (request->changes, i);
          int column = dd_directory_kind_find_column (request->kind, change->column);

          if (column < 0)
            continue;
          g_free (values[column]);
          values[column] = g_strdup (change->asked);
        }
      edit = dd_store_directory_edit_full (self, request->kind, request->entry_id, (const char * const *) values,
                                           FALSE, NULL, NULL, TRUE, NULL, NULL, answer_row, &item, error);
      if (edit == NULL || edit->problems->len > 0)
        return NULL;
    }

  return dd_store_directory_get_request (self, request_id, error);
}

/* ------------------------------------------------------------------ pulled */

/* Runs @sql, an INSERT OR IGNORE of a pulled request or answer with ?1
 * its id, ?2 its fields (JSON text), ?3 its owner, ?4 its stamp and ?5
 * now; it inserts nothing unless this desk's unit is concerned. */
static gboolean
insert_pulled (DdStore     *self,
               const char  *sql,
               const char  *id,
               const char  *fields,
               const char  *owner,
               gint64       hlc,
               GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  dd_store_bind_text (stmt, 1, id);
  dd_store_bind_text (stmt, 2, fields);
  dd_store_bind_text (stmt, 3, owner);
  sqlite3_bind_int64 (stmt, 4, hlc);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / 1000);
  return dd_store_step_done (self, stmt, error);
}

gboolean
dd_store_directory_apply_pulled_request (DdStore     *self,
                                         const char  *id,
                                         const char  *fields,
                                         const char  *owner,
                                         gint64       hlc,
                                         GError     **error)
{
  /* Kept by the desks of the two units concerned; a request travels
   * down the publisher's subtree or up the requester's path, and the
   * desks in between have nothing to do with it. */
  static const char sql[] =
    "INSERT OR IGNORE INTO dir_request (id, kind, entry_id, entry_name, action, changes, note, publisher,"
    " requester, requested_by, requested_at, hlc, created_at)"
    " SELECT ?1, json_extract (?2, '$.kind'), json_extract (?2, '$.entry_id'),"
    " coalesce (json_extract (?2, '$.entry_name'), ''), json_extract (?2, '$.action'),"
    " coalesce (json_extract (?2, '$.changes'), '[]'), coalesce (json_extract (?2, '$.note'), ''),"
    " json_extract (?2, '$.publisher'), ?3, json_extract (?2, '$.requested_by'),"
    " json_extract (?2, '$.requested_at'), ?4, ?5"
    " FROM desk WHERE id = 1 AND unit_code IN (?3, json_extract (?2, '$.publisher'))";

  return insert_pulled (self, sql, id, fields, owner, hlc, error);
}

gboolean
dd_store_directory_apply_pulled_answer (DdStore     *self,
                                        const char  *id,
                                        const char  *fields,
                                        const char  *owner,
                                        gint64       hlc,
                                        GError     **error)
{
  static const char sql[] =
    "INSERT OR IGNORE INTO dir_request_answer (id, request_id, decision, reason, publisher, answered_by,"
    " answered_at, hlc, created_at)"
    " SELECT ?1, json_extract (?2, '$.request_id'), json_extract (?2, '$.decision'),"
    " coalesce (json_extract (?2, '$.reason'), ''), ?3, json_extract (?2, '$.answered_by'),"
    " json_extract (?2, '$.answered_at'), ?4, ?5"
    " FROM desk WHERE id = 1 AND unit_code IN (?3, json_extract (?2, '$.requester'))";

  return insert_pulled (self, sql, id, fields, owner, hlc, error);
}

/* ------------------------------------------------------------------ async */

typedef struct
{
  DdDirectoryKind   kind;
  char             *id;
  char            **values;
  gboolean          flag;     /* verify, accept or pending only */
  char             *text;     /* reason */
  char             *by;
  char             *note;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->id);
  g_strfreev (job->values);
  g_free (job->text);
  g_free (job->by);
  g_free (job->note);
  g_free (job);
}

static gpointer
request_change_job (DdStore   *store,
                    gpointer   data,
                    GError   **error)
{
  Job *job = data;
  g_autoptr(GError) local_error = NULL;
  DdDirectoryEdit *edit;

  edit = dd_store_directory_request_change (store, job->kind, job->id, (const char * const *) job->values,
                                            job->flag, job->by, job->note, &local_error);
  /* Problems with the cells come back with the edit, without an error. */
  if (edit == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return edit;
}

void
dd_store_service_directory_request_change_async (DdStoreService      *service,
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

  job->kind = kind;
  job->id = g_strdup (id);
  job->values = g_strdupv ((char **) values);
  job->flag = verify;
  job->by = g_strdup (by);
  job->note = g_strdup (note);
  dd_store_service_run_async (service, request_change_job, job, job_free,
                              (GDestroyNotify) dd_directory_edit_free, TRUE,
                              cancellable, callback, user_data);
}

DdDirectoryEdit *
dd_store_service_directory_request_change_finish (DdStoreService  *service,
                                                  GAsyncResult    *result,
                                                  GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
answer_job (DdStore   *store,
            gpointer   data,
            GError   **error)
{
  Job *job = data;

  return dd_store_directory_answer_request (store, job->id, job->flag, job->text, job->by, error);
}

void
dd_store_service_directory_answer_request_async (DdStoreService      *service,
                                                 const char          *request_id,
                                                 gboolean             accept,
                                                 const char          *reason,
                                                 const char          *by,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->id = g_strdup (request_id);
  job->flag = accept;
  job->text = g_strdup (reason);
  job->by = g_strdup (by);
  dd_store_service_run_async (service, answer_job, job, job_free,
                              (GDestroyNotify) dd_directory_request_free, TRUE,
                              cancellable, callback, user_data);
}

DdDirectoryRequest *
dd_store_service_directory_answer_request_finish (DdStoreService  *service,
                                                  GAsyncResult    *result,
                                                  GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
list_job (DdStore   *store,
          gpointer   data,
          GError   **error)
{
  Job *job = data;

  return dd_store_directory_list_requests (store, job->flag, error);
}

void
dd_store_service_directory_list_requests_async (DdStoreService      *service,
                                                gboolean             pending_only,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->flag = pending_only;
  dd_store_service_run_async (service, list_job, job, job_free,
                              (GDestroyNotify) g_ptr_array_unref, FALSE,
                              cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_directory_list_requests_finish (DdStoreService  *service,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
count_job (DdStore   *store,
           gpointer   data,
           GError   **error)
{
  gint64 count = dd_store_directory_count_waiting_requests (store, error);

  return count >= 0 ? g_memdup2 (&count, sizeof count) : NULL;
}

void
dd_store_service_directory_count_waiting_requests_async (DdStoreService      *service,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data)
{
  dd_store_service_run_async (service, count_job, NULL, NULL, g_free, FALSE, cancellable, callback, user_data);
}

gint64
dd_store_service_directory_count_waiting_requests_finish (DdStoreService  *service,
                                                          GAsyncResult    *result,
                                                          GError         **error)
{
  g_autofree gint64 *count = dd_store_service_run_finish (service, result, error);

  return count != NULL ? *count : -1;
}
