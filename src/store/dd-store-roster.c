/* dd-store-roster.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-roster-store.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-duty-defaults.h"
#include "dd-enums.h"
#include "dd-error.h"
#include "dd-roster-store-private.h"
#include "dd-store-private.h"
#include "dd-time.h"
#include "dd-uuid.h"

/* Shifts of this many days either side of a range are loaded too. */
#define EDGE_DAYS 2
/* The generator balances against this many days before a range. */
#define HISTORY_DAYS 366
/* dd_store_get_on_call() looks this far ahead for the next shift. */
#define ON_CALL_LOOKAHEAD_DAYS 14

#define OWNER_UNIT_SQL "coalesce ((SELECT unit_code FROM desk WHERE id = 1), '')"

/* ------------------------------------------------------------------ boxed types */

DdRosterSwap *
dd_roster_swap_copy (const DdRosterSwap *swap)
{
  DdRosterSwap *copy;

  g_return_val_if_fail (swap != NULL, NULL);

  copy = g_new0 (DdRosterSwap, 1);
  copy->id = g_strdup (swap->id);
  copy->shift_a = g_strdup (swap->shift_a);
  copy->staff_a = g_strdup (swap->staff_a);
  copy->shift_b = g_strdup (swap->shift_b);
  copy->staff_b = g_strdup (swap->staff_b);
  copy->asked_by = g_strdup (swap->asked_by);
  copy->approved_by = g_strdup (swap->approved_by);
  copy->at_ms = swap->at_ms;

  return copy;
}

void
dd_roster_swap_free (DdRosterSwap *swap)
{
  if (swap == NULL)
    return;

  g_free (swap->id);
  g_free (swap->shift_a);
  g_free (swap->staff_a);
  g_free (swap->shift_b);
  g_free (swap->staff_b);
  g_free (swap->asked_by);
  g_free (swap->approved_by);
  g_free (swap);
}

G_DEFINE_BOXED_TYPE (DdRosterSwap, dd_roster_swap, dd_roster_swap_copy, dd_roster_swap_free)

const char *
dd_roster_mark_kind_to_string (DdRosterMarkKind kind)
{
  return kind == DD_ROSTER_MARK_SUBMITTED ? "submitted" : "checked";
}

gboolean
dd_roster_mark_kind_from_string (const char       *str,
                                 DdRosterMarkKind *kind)
{
  if (g_strcmp0 (str, "checked") == 0)
    *kind = DD_ROSTER_MARK_CHECKED;
  else if (g_strcmp0 (str, "submitted") == 0)
    *kind = DD_ROSTER_MARK_SUBMITTED;
  else
    return FALSE;

  return TRUE;
}

DdRosterMark *
dd_roster_mark_copy (const DdRosterMark *mark)
{
  DdRosterMark *copy;

  g_return_val_if_fail (mark != NULL, NULL);

  copy = g_memdup2 (mark, sizeof *mark);
  copy->id = g_strdup (mark->id);
  copy->by = g_strdup (mark->by);

  return copy;
}

void
dd_roster_mark_free (DdRosterMark *mark)
{
  if (mark == NULL)
    return;

  g_free (mark->id);
  g_free (mark->by);
  g_free (mark);
}

G_DEFINE_BOXED_TYPE (DdRosterMark, dd_roster_mark, dd_roster_mark_copy, dd_roster_mark_free)

DdRosterMonthStatus *
dd_roster_month_status_copy (const DdRosterMonthStatus *status)
{
  DdRosterMonthStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);

  copy = g_memdup2 (status, sizeof *status);
  copy->checked = status->checked != NULL ? dd_roster_mark_copy (status->checked) : NULL;
  copy->submitted = status->submitted != NULL ? dd_roster_mark_copy (status->submitted) : NULL;

  return copy;
}

void
dd_roster_month_status_free (DdRosterMonthStatus *status)
{
  if (status == NULL)
    return;

  g_clear_pointer (&status->checked, dd_roster_mark_free);
  g_clear_pointer (&status->submitted, dd_roster_mark_free);
  g_free (status);
}

G_DEFINE_BOXED_TYPE (DdRosterMonthStatus, dd_roster_month_status,
                     dd_roster_month_status_copy, dd_roster_month_status_free)

DdRosterDiff *
dd_roster_diff_copy (const DdRosterDiff *diff)
{
  DdRosterDiff *copy;

  g_return_val_if_fail (diff != NULL, NULL);

  copy = g_new0 (DdRosterDiff, 1);
  copy->shift_id = g_strdup (diff->shift_id);
  copy->before = g_strdupv (diff->before);
  copy->after = g_strdupv (diff->after);

  return copy;
}

void
dd_roster_diff_free (DdRosterDiff *diff)
{
  if (diff == NULL)
    return;

  g_free (diff->shift_id);
  g_strfreev (diff->before);
  g_strfreev (diff->after);
  g_free (diff);
}

G_DEFINE_BOXED_TYPE (DdRosterDiff, dd_roster_diff, dd_roster_diff_copy, dd_roster_diff_free)

static void
on_call_entry_free (gpointer data)
{
  DdOnCallEntry *entry = data;

  g_clear_object (&entry->staff);
  g_clear_pointer (&entry->shift, dd_shift_free);
  g_free (entry);
}

static DdOnCallEntry *
on_call_entry_copy (const DdOnCallEntry *entry)
{
  DdOnCallEntry *copy = g_new0 (DdOnCallEntry, 1);

  copy->staff = entry->staff != NULL ? g_object_ref (entry->staff) : NULL;
  copy->shift = entry->shift != NULL ? dd_shift_copy (entry->shift) : NULL;

  return copy;
}

static GPtrArray *
on_call_entries_copy (GPtrArray *entries)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (on_call_entry_free);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    g_ptr_array_add (copy, on_call_entry_copy (g_ptr_array_index (entries, i)));

  return copy;
}

static DdOnCall *
dd_on_call_new (gint64 at_ms)
{
  DdOnCall *on_call = g_new0 (DdOnCall, 1);

  on_call->at_ms = at_ms;
  on_call->leaders = g_ptr_array_new_with_free_func (on_call_entry_free);
  on_call->officers = g_ptr_array_new_with_free_func (on_call_entry_free);
  on_call->uncovered = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_shift_free);
  on_call->next_leaders = g_ptr_array_new_with_free_func (on_call_entry_free);
  on_call->next_officers = g_ptr_array_new_with_free_func (on_call_entry_free);

  return on_call;
}

static DdOnCall *
dd_on_call_copy (const DdOnCall *on_call)
{
  DdOnCall *copy = g_new0 (DdOnCall, 1);

  copy->at_ms = on_call->at_ms;
  copy->until_ms = on_call->until_ms;
  copy->leaders = on_call_entries_copy (on_call->leaders);
  copy->officers = on_call_entries_copy (on_call->officers);
  copy->next_leaders = on_call_entries_copy (on_call->next_leaders);
  copy->next_officers = on_call_entries_copy (on_call->next_officers);
  copy->uncovered = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_shift_free);
  for (guint i = 0; on_call->uncovered != NULL && i < on_call->uncovered->len; i++)
    g_ptr_array_add (copy->uncovered, dd_shift_copy (g_ptr_array_index (on_call->uncovered, i)));

  return copy;
}

void
dd_on_call_free (DdOnCall *on_call)
{
  if (on_call == NULL)
    return;

  g_clear_pointer (&on_call->leaders, g_ptr_array_unref);
  g_clear_pointer (&on_call->officers, g_ptr_array_unref);
  g_clear_pointer (&on_call->uncovered, g_ptr_array_unref);
  g_clear_pointer (&on_call->next_leaders, g_ptr_array_unref);
  g_clear_pointer (&on_call->next_officers, g_ptr_array_unref);
  g_free (on_call);
}

G_DEFINE_BOXED_TYPE (DdOnCall, dd_on_call, dd_on_call_copy, dd_on_call_free)

/* ------------------------------------------------------------------ SQL helpers */

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? (const char *) text : "");
}

static void
bind_date (sqlite3_stmt *stmt,
           int           index,
           const GDate  *date)
{
  g_autofree char *text = NULL;

  if (date == NULL || !g_date_valid (date))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  text = dd_duty_date_to_string (date);
  bind_text (stmt, index, text);
}

static gboolean
column_date (sqlite3_stmt *stmt,
             int           column,
             GDate        *date)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  g_date_clear (date, 1);

  return text != NULL && dd_duty_date_parse (text, date);
}

/* Runs a cached statement with up to two text bindings that yields one text
 * value; %NULL (and @error) when it yields no row. */
static char *
query_text2 (DdStore     *self,
             const char  *sql,
             const char  *bind1,
             const char  *bind2,
             GError     **error)
{
  sqlite3_stmt *stmt;
  char *result = NULL;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  if (bind1 != NULL)
    bind_text (stmt, 1, bind1);
  if (bind2 != NULL)
    bind_text (stmt, 2, bind2);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = column_dup (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No record found"));
  else
    dd_store_set_error (self, error, rc, sql);

  sqlite3_reset (stmt);

  return result;
}

/* One integer (0 when there is no row); @found tells whether there was one. */
static gboolean
query_int2 (DdStore     *self,
            const char  *sql,
            const char  *bind1,
            const char  *bind2,
            gint64      *out,
            gboolean    *found,
            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  if (bind1 != NULL)
    bind_text (stmt, 1, bind1);
  if (bind2 != NULL)
    bind_text (stmt, 2, bind2);

  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (found != NULL)
    *found = rc == SQLITE_ROW;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }

  return TRUE;
}

static gboolean
step_one (DdStore       *self,
          sqlite3_stmt  *stmt,
          const char    *what,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      dd_store_set_error (self, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

static void
json_append_string (GString    *out,
                    const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str != NULL ? str : ""; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, message);
  g_free (message);

  return FALSE;
}

static gboolean
check_range (const GDate  *first,
             const GDate  *last,
             GError      **error)
{
  if (first == NULL || last == NULL || !g_date_valid (first) || !g_date_valid (last))
    return invalid (error, "%s", _("A date range needs a valid first and last day"));

  if (g_date_compare (first, last) > 0)
    return invalid (error, "%s", _("The first day of the range is after the last"));

  if (g_date_days_between (first, last) > 3 * 366)
    return invalid (error, "%s", _("A date range may span at most three years"));

  return TRUE;
}

/* ------------------------------------------------------------------ the write op */

/* One change of a multi-record transaction: each op writes one record and
 * reports it for the audit journal and the outbox. */
typedef struct _Op Op;

typedef gboolean (*OpFunc) (DdStore        *self,
                            DdHlc           hlc,
                            gint64          now_ms,
                            Op             *op,
                            DdStoreChange  *change,
                            GError        **error);

struct _Op
{
  OpFunc       func;
  /* inputs */
  const char  *s1;
  const char  *s2;
  const char  *s3;
  const char  *s4;
  const char  *s5;
  const char  *s6;
  gint64       i1;
  gint64       i2;
  gint64       i3;
  gpointer     object;
  Op          *inner;
  /* outputs */
  char        *new_id;
  gint64       affected;
};

static gboolean
op_row (DdStore        *self,
        DdHlc           hlc,
        gint64          now_ms,
        gpointer        item,
        DdStoreChange  *change,
        GError        **error)
{
  Op *op = item;

  return op->func (self, hlc, now_ms, op, change, error);
}

static Op *
op_new (OpFunc func)
{
  Op *op = g_new0 (Op, 1);

  op->func = func;

  return op;
}

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->new_id);
  g_free (op);
}

/* Runs @ops (Op) in one write transaction. */
static gboolean
write_ops (DdStore    *self,
           GPtrArray  *ops,
           GError    **error)
{
  if (ops->len == 0)
    return TRUE;

  return dd_store_write_many (self, op_row, ops->pdata, ops->len, error);
}

static gboolean
write_op (DdStore  *self,
          Op       *op,
          GError  **error)
{
  gpointer item = op;

  return dd_store_write_many (self, op_row, &item, 1, error);
}

static void
set_change (DdStoreChange *change,
            const char    *action,
            const char    *kind,
            const char    *id,
            const char    *op,
            gint64         base_ver,
            char          *payload)
{
  change->action = action;
  change->entity_kind = kind;
  change->entity_id = g_strdup (id);
  change->op = op;
  change->base_ver = base_ver;
  change->payload = payload;
}

/* ------------------------------------------------------------------ seeding */

static const char schedule_payload_sql[] =
  "SELECT json_object ('year', year, 'notice', notice, 'source', source,"
  " 'blocks', json (blocks), 'workdays', json (workdays), 'owner_unit', owner_unit,"
  " 'ver', ver, 'hlc', hlc) FROM holiday_schedule WHERE year = ?1";

static char *
schedule_blocks_json (DdHolidaySchedule *schedule)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < dd_holiday_schedule_get_n_blocks (schedule); i++)
    {
      const DdHolidayBlock *block = dd_holiday_schedule_get_block (schedule, i);
      g_autofree char *first = dd_duty_date_to_string (&block->first);
      g_autofree char *last = dd_duty_date_to_string (&block->last);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"first\":");
      json_append_string (out, first);
      g_string_append (out, ",\"last\":");
      json_append_string (out, last);
      g_string_append (out, ",\"name\":");
      json_append_string (out, block->name);
      g_string_append_c (out, '}');
    }

  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

static char *
schedule_workdays_json (DdHolidaySchedule *schedule)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < dd_holiday_schedule_get_n_workdays (schedule); i++)
    {
      g_autofree char *day = dd_duty_date_to_string (dd_holiday_schedule_get_workday (schedule, i));

      if (i > 0)
        g_string_append_c (out, ',');
      json_append_string (out, day);
    }

  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

/* s1: source; object: the schedule; i1: whether to synchronize. */
static gboolean
save_schedule_op (DdStore        *self,
                  DdHlc           hlc,
                  gint64          now_ms,
                  Op             *op,
                  DdStoreChange  *change,
                  GError        **error)
{
  static const char sql[] =
    "INSERT INTO holiday_schedule (year, notice, source, blocks, workdays, owner_unit, ver, hlc,"
    " created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, " OWNER_UNIT_SQL ", 1, ?6, ?7, ?7)"
    " ON CONFLICT (year) DO UPDATE SET notice = excluded.notice, source = excluded.source,"
    " blocks = excluded.blocks, workdays = excluded.workdays, ver = ver + 1, hlc = excluded.hlc,"
    " updated_at = max (excluded.updated_at, created_at)";
  DdHolidaySchedule *schedule = op->object;
  g_autofree char *blocks = schedule_blocks_json (schedule);
  g_autofree char *workdays = schedule_workdays_json (schedule);
  g_autofree char *year = g_strdup_printf ("%u", dd_holiday_schedule_get_year (schedule));
  sqlite3_stmt *stmt;
  gint64 old_ver = 0;
  gboolean found = FALSE;
  char *payload;

  if (!query_int2 (self, "SELECT ver FROM holiday_schedule WHERE year = ?1", year, NULL,
                   &old_ver, &found, error))
    return FALSE;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int (stmt, 1, (int) dd_holiday_schedule_get_year (schedule));
  bind_text (stmt, 2, dd_holiday_schedule_get_notice (schedule));
  bind_text (stmt, 3, op->s1);
  bind_text (stmt, 4, blocks);
  bind_text (stmt, 5, workdays);
  sqlite3_bind_int64 (stmt, 6, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 7, now_ms);

  if (!step_one (self, stmt, _("Could not save the holiday schedule"), error))
    return FALSE;

  if (!(payload = query_text2 (self, schedule_payload_sql, year, NULL, error)))
    return FALSE;

  set_change (change,
              op->i1 == 0 ? "holiday_schedule.seed" : (found ? "holiday_schedule.replace" : "holiday_schedule.import"),
              "holiday_schedule", year,
              op->i1 == 0 ? NULL : (found ? "patch" : "insert"),
              found ? old_ver : 0, payload);

  return TRUE;
}

static const char template_payload_sql[] =
  "SELECT json_object ('id', id, 'name', name, 'position', position, 'regime', regime,"
  " 'start', printf ('%02d:%02d', start_minute / 60, start_minute % 60),"
  " 'end', printf ('%02d:%02d', end_minute / 60, end_minute % 60),"
  " 'required', required, 'sort_key', sort_key, 'owner_unit', owner_unit, 'ver', ver, 'hlc', hlc)"
  " FROM shift_template WHERE id = ?1";

/* object: the template; i1: whether to synchronize; i2: sort key for a new one. */
static gboolean
save_template_op (DdStore        *self,
                  DdHlc           hlc,
                  gint64          now_ms,
                  Op             *op,
                  DdStoreChange  *change,
                  GError        **error)
{
  static const char sql[] =
    "INSERT INTO shift_template (id, name, position, regime, start_minute, end_minute, required,"
    " sort_key, owner_unit, ver, hlc, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " coalesce (?8, (SELECT coalesce (max (sort_key), 0) + 1 FROM shift_template)),"
    " " OWNER_UNIT_SQL ", 1, ?9, ?10, ?10)"
    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position,"
    " regime = excluded.regime, start_minute = excluded.start_minute,"
    " end_minute = excluded.end_minute, required = excluded.required, ver = ver + 1,"
    " hlc = excluded.hlc, updated_at = max (excluded.updated_at, created_at)";
  DdShiftTemplate *template = op->object;
  const char *id = dd_shift_template_get_id (template);
  sqlite3_stmt *stmt;
  gint64 old_ver = 0;
  gboolean found = FALSE;
  char *payload;

  if (!query_int2 (self, "SELECT ver FROM shift_template WHERE id = ?1", id, NULL,
                   &old_ver, &found, error))
    return FALSE;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  bind_text (stmt, 1, id);
  bind_text (stmt, 2, dd_shift_template_get_name (template));
  bind_text (stmt, 3, dd_position_to_string (dd_shift_template_get_position (template)));
  bind_text (stmt, 4, dd_regime_to_string (dd_shift_template_get_regime (template)));
  sqlite3_bind_int (stmt, 5, (int) dd_shift_template_get_start_minute (template));
  sqlite3_bind_int (stmt, 6, (int) dd_shift_template_get_end_minute (template));
  sqlite3_bind_int (stmt, 7, (int) dd_shift_template_get_required (template));
  if (op->i2 > 0)
    sqlite3_bind_int64 (stmt, 8, op->i2);
  sqlite3_bind_int64 (stmt, 9, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 10, now_ms);

  if (!step_one (self, stmt, _("Could not save the shift template"), error))
    return FALSE;

  if (!(payload = query_text2 (self, template_payload_sql, id, NULL, error)))
    return FALSE;

  set_change (change,
              op->i1 == 0 ? "shift_template.seed" : (found ? "shift_template.update" : "shift_template.add"),
              "shift_template", id,
              op->i1 == 0 ? NULL : (found ? "patch" : "insert"),
              found ? old_ver : 0, payload);

  return TRUE;
}

/* s1: key; s2: value; i1: whether to synchronize. */
static gboolean
save_setting_op (DdStore        *self,
                 DdHlc           hlc,
                 gint64          now_ms,
                 Op             *op,
                 DdStoreChange  *change,
                 GError        **error)
{
  static const char sql[] =
    "INSERT INTO duty_setting (key, value, owner_unit, ver, hlc, created_at, updated_at)"
    " VALUES (?1, ?2, " OWNER_UNIT_SQL ", 1, ?3, ?4, ?4)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value, ver = ver + 1, hlc = excluded.hlc,"
    " updated_at = max (excluded.updated_at, created_at)";
  static const char payload_sql[] =
    "SELECT json_object ('key', key, 'value', value, 'owner_unit', owner_unit, 'ver', ver, 'hlc', hlc)"
    " FROM duty_setting WHERE key = ?1";
  sqlite3_stmt *stmt;
  g_autofree char *old_value = NULL;
  gint64 old_ver = 0;
  gboolean found = FALSE;
  char *payload;

  if (!query_int2 (self, "SELECT ver FROM duty_setting WHERE key = ?1", op->s1, NULL,
                   &old_ver, &found, error))
    return FALSE;

  if (found)
    {
      old_value = query_text2 (self, "SELECT value FROM duty_setting WHERE key = ?1", op->s1, NULL, error);
      if (old_value == NULL)
        return FALSE;
      /* Unchanged: nothing to write. */
      if (g_strcmp0 (old_value, op->s2) == 0)
        return TRUE;
    }

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  bind_text (stmt, 1, op->s1);
  bind_text (stmt, 2, op->s2);
  sqlite3_bind_int64 (stmt, 3, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 4, now_ms);

  if (!step_one (self, stmt, _("Could not save the setting"), error))
    return FALSE;

  if (!(payload = query_text2 (self, payload_sql, op->s1, NULL, error)))
    return FALSE;

  set_change (change, op->i1 == 0 ? "setting.seed" : "setting.update", "setting", op->s1,
              op->i1 == 0 ? NULL : (found ? "patch" : "insert"), found ? old_ver : 0, payload);

  return TRUE;
}

/* i1 (out): 1 if this op claimed the seed, 0 if another writer had. */
static gboolean
claim_seed_op (DdStore        *self,
               DdHlc           hlc,
               gint64          now_ms,
               Op             *op,
               DdStoreChange  *change,
               GError        **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, "INSERT OR IGNORE INTO duty_seed (id, seeded_at) VALUES (1, ?1)", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now_ms);
  if (!step_one (self, stmt, _("Could not save"), error))
    return FALSE;

  op->affected = sqlite3_changes (dd_store_get_handle (self));
  if (op->affected == 0)
    return TRUE;

  set_change (change, "roster.seed", "setting", "seed", NULL, 0,
              g_strdup ("{\"source\":\"shipped defaults\"}"));

  return TRUE;
}

static gboolean
seed_guard_op (DdStore        *self,
               DdHlc           hlc,
               gint64          now_ms,
               Op             *op,
               DdStoreChange  *change,
               GError        **error)
{
  Op *claim = op->object;
  Op *inner = op->inner;

  /* Someone else seeded in between: skip. */
  if (claim->affected == 0)
    return TRUE;

  return inner->func (self, hlc, now_ms, inner, change, error);
}

/* Copies the shipped defaults into the records, once per database. */
static gboolean
ensure_seeded (DdStore  *self,
               GError  **error)
{
  g_autoptr(DdDutyDefaults) defaults = NULL;
  g_autoptr(GPtrArray) schedules = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) inner_ops = NULL;
  g_autofree char *rest = NULL;
  Op *claim;
  gint64 seeded = 0;
  gboolean found = FALSE;

  if (!query_int2 (self, "SELECT 1 FROM duty_seed WHERE id = 1", NULL, NULL, &seeded, &found, error))
    return FALSE;
  if (found)
    return TRUE;

  defaults = dd_duty_defaults_load (error);
  if (defaults == NULL)
    return FALSE;

  schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_holiday_schedule_unref);
  for (guint i = 0; i < defaults->holiday_years->len; i++)
    {
      guint year = g_array_index (defaults->holiday_years, guint, i);
      DdHolidaySchedule *schedule = dd_holiday_schedule_load_resource (year, error);

      if (schedule == NULL)
        return FALSE;
      g_ptr_array_add (schedules, schedule);
    }

  ops = g_ptr_array_new_with_free_func (op_free);
  inner_ops = g_ptr_array_new_with_free_func (op_free);

  claim = op_new (claim_seed_op);
  g_ptr_array_add (ops, claim);

  for (guint i = 0; i < schedules->len; i++)
    {
      Op *inner = op_new (save_schedule_op);

      inner->object = g_ptr_array_index (schedules, i);
      inner->s1 = "shipped";
      g_ptr_array_add (inner_ops, inner);
    }

  for (guint i = 0; i < defaults->templates->len; i++)
    {
      Op *inner = op_new (save_template_op);

      inner->object = g_ptr_array_index (defaults->templates, i);
      inner->i2 = (gint64) i + 1;
      g_ptr_array_add (inner_ops, inner);
    }

  rest = g_strdup_printf ("%u", defaults->min_rest_hours);
  {
    Op *inner = op_new (save_setting_op);

    inner->s1 = "min_rest_hours";
    inner->s2 = rest;
    g_ptr_array_add (inner_ops, inner);
  }

  for (guint i = 0; i < inner_ops->len; i++)
    {
      Op *guard = op_new (seed_guard_op);

      guard->object = claim;
      guard->inner = g_ptr_array_index (inner_ops, i);
      g_ptr_array_add (ops, guard);
    }

  return write_ops (self, ops, error);
}

/* ------------------------------------------------------------------ settings */

guint
dd_store_get_min_rest_hours (DdStore  *self,
                             GError  **error)
{
  g_autofree char *value = NULL;
  guint64 hours = 12;

  g_return_val_if_fail (DD_IS_STORE (self), 12);

  if (!ensure_seeded (self, error))
    return 12;

  value = query_text2 (self, "SELECT value FROM duty_setting WHERE key = 'min_rest_hours'",
                       NULL, NULL, NULL);
  if (value != NULL && !g_ascii_string_to_unsigned (value, 10, 0, 48, &hours, NULL))
    hours = 12;

  return (guint) hours;
}

gboolean
dd_store_set_min_rest_hours (DdStore  *self,
                             guint     hours,
                             GError  **error)
{
  g_autofree char *value = NULL;
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (hours > 48)
    return invalid (error, "%s", _("The rest between shifts must be 0 to 48 hours"));

  if (!ensure_seeded (self, error))
    return FALSE;

  value = g_strdup_printf ("%u", hours);
  op.func = save_setting_op;
  op.s1 = "min_rest_hours";
  op.s2 = value;
  op.i1 = 1;

  return write_op (self, &op, error);
}

/* ------------------------------------------------------------------ calendar */

static DdHolidaySchedule *
read_schedule (DdStore     *self,
               guint        year,
               const char  *notice,
               GError     **error)
{
  static const char blocks_sql[] =
    "SELECT json_extract (b.value, '$.first'), json_extract (b.value, '$.last'),"
    " json_extract (b.value, '$.name') FROM holiday_schedule AS s, json_each (s.blocks) AS b"
    " WHERE s.year = ?1 ORDER BY b.key";
  static const char workdays_sql[] =
    "SELECT w.value FROM holiday_schedule AS s, json_each (s.workdays) AS w"
    " WHERE s.year = ?1 ORDER BY w.key";
  g_autoptr(DdHolidaySchedule) schedule = dd_holiday_schedule_new (year, notice);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, blocks_sql, error)))
    return NULL;

  sqlite3_bind_int (stmt, 1, (int) year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      GDate first, last;

      if (!column_date (stmt, 0, &first) || !column_date (stmt, 1, &last) ||
          !dd_holiday_schedule_add_block (schedule, &first, &last,
                                          (const char *) sqlite3_column_text (stmt, 2),
                                          &local_error))
        {
          sqlite3_reset (stmt);
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                       _("The stored holiday schedule of %u is damaged: %s"), year,
                       local_error != NULL ? local_error->message : _("a bad date"));
          return NULL;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, blocks_sql);
      return NULL;
    }

  if (!(stmt = dd_store_prepare (self, workdays_sql, error)))
    return NULL;

  sqlite3_bind_int (stmt, 1, (int) year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      GDate day;

      if (!column_date (stmt, 0, &day) ||
          !dd_holiday_schedule_add_workday (schedule, &day, &local_error))
        {
          sqlite3_reset (stmt);
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                       _("The stored holiday schedule of %u is damaged: %s"), year,
                       local_error != NULL ? local_error->message : _("a bad date"));
          return NULL;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, workdays_sql);
      return NULL;
    }

  return g_steal_pointer (&schedule);
}

static GPtrArray *
list_schedules (DdStore  *self,
                GError  **error)
{
  static const char sql[] = "SELECT year, notice FROM holiday_schedule ORDER BY year";
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  /* Read the list first: read_schedule() uses other cached statements. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (years, g_strdup_printf ("%d", sqlite3_column_int (stmt, 0)));
      g_ptr_array_add (years, column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return NULL;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_holiday_schedule_unref);
  for (guint i = 0; i + 1 < years->len; i += 2)
    {
      guint year = (guint) g_ascii_strtoull (g_ptr_array_index (years, i), NULL, 10);
      DdHolidaySchedule *schedule = read_schedule (self, year, g_ptr_array_index (years, i + 1), error);

      if (schedule == NULL)
        return NULL;
      g_ptr_array_add (result, schedule);
    }

  return g_steal_pointer (&result);
}

GPtrArray *
dd_store_list_holiday_schedules (DdStore  *self,
                                 GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!ensure_seeded (self, error))
    return NULL;

  return list_schedules (self, error);
}

static DdImportantPeriod *
period_from_row (sqlite3_stmt *stmt)
{
  return dd_important_period_new ((const char *) sqlite3_column_text (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  sqlite3_column_int64 (stmt, 2),
                                  sqlite3_column_int64 (stmt, 3),
                                  (guint) sqlite3_column_int (stmt, 4));
}

static GPtrArray *
list_periods (DdStore  *self,
              GError  **error)
{
  static const char sql[] =
    "SELECT id, name, start_ms, end_ms, leaders FROM important_period ORDER BY start_ms, id";
  g_autoptr(GPtrArray) result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_important_period_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, period_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return NULL;
    }

  return g_steal_pointer (&result);
}

static DdDutyCalendar *
load_calendar (DdStore  *self,
               GError  **error)
{
  static const char flood_sql[] = "SELECT year, first, last FROM flood_season ORDER BY year";
  g_autoptr(DdDutyDefaults) defaults = NULL;
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(GPtrArray) schedules = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  sqlite3_stmt *stmt;
  int rc;

  defaults = dd_duty_defaults_load (error);
  if (defaults == NULL)
    return NULL;

  calendar = dd_duty_calendar_new ();
  dd_duty_calendar_set_default_flood_season (calendar,
                                             defaults->flood_first_month,
                                             defaults->flood_first_day,
                                             defaults->flood_last_month,
                                             defaults->flood_last_day);

  schedules = list_schedules (self, error);
  if (schedules == NULL)
    return NULL;

  for (guint i = 0; i < schedules->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!dd_duty_calendar_add_schedule (calendar, g_ptr_array_index (schedules, i), &local_error))
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT,
                       _("The stored holiday schedules do not fit together: %s"),
                       local_error->message);
          return NULL;
        }
    }

  if (!(stmt = dd_store_prepare (self, flood_sql, error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDate first, last;

      if (column_date (stmt, 1, &first) && column_date (stmt, 2, &last))
        dd_duty_calendar_set_flood_season (calendar, (guint) sqlite3_column_int (stmt, 0),
                                           &first, &last, NULL);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, flood_sql);
      return NULL;
    }

  periods = list_periods (self, error);
  if (periods == NULL)
    return NULL;

  for (guint i = 0; i < periods->len; i++)
    dd_duty_calendar_add_period (calendar, g_ptr_array_index (periods, i), NULL);

  return g_steal_pointer (&calendar);
}

DdDutyCalendar *
dd_store_load_calendar (DdStore  *self,
                        GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!ensure_seeded (self, error))
    return NULL;

  return load_calendar (self, error);
}

gboolean
dd_store_save_holiday_schedule (DdStore            *self,
                                DdHolidaySchedule  *schedule,
                                const char         *source,
                                GError            **error)
{
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(GError) local_error = NULL;
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!dd_store_check_text (_("source"), source, error) ||
      !dd_store_check_text (_("notice"), dd_holiday_schedule_get_notice (schedule), error))
    return FALSE;

  if (!ensure_seeded (self, error))
    return FALSE;

  /* It must fit with the neighbouring years. */
  calendar = load_calendar (self, error);
  if (calendar == NULL)
    return FALSE;

  if (!dd_duty_calendar_add_schedule (calendar, schedule, &local_error))
    return invalid (error, "%s", local_error->message);

  op.func = save_schedule_op;
  op.object = schedule;
  op.s1 = source != NULL ? source : "import";
  op.i1 = 1;

  return write_op (self, &op, error);
}

char *
dd_store_dup_holiday_schedule_source (DdStore  *self,
                                      guint     year,
                                      GError  **error)
{
  g_autofree char *key = g_strdup_printf ("%u", year);
  g_autoptr(GError) local_error = NULL;
  char *source;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!ensure_seeded (self, error))
    return NULL;

  source = query_text2 (self, "SELECT source FROM holiday_schedule WHERE year = ?1", key, NULL,
                        &local_error);
  if (source == NULL && !g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));

  return source;
}

/* s1: table; s2: key column; s3: key; s4: kind; s5: action. i1 (out): found. */
static gboolean
delete_record_op (DdStore        *self,
                  DdHlc           hlc,
                  gint64          now_ms,
                  Op             *op,
                  DdStoreChange  *change,
                  GError        **error)
{
  g_autofree char *select_sql = g_strdup_printf ("SELECT ver FROM %s WHERE %s = ?1", op->s1, op->s2);
  g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM %s WHERE %s = ?1", op->s1, op->s2);
  g_autofree char *payload = NULL;
  GString *json;
  sqlite3_stmt *stmt;
  gint64 ver = 0;
  gboolean found = FALSE;

  if (!query_int2 (self, select_sql, op->s3, NULL, &ver, &found, error))
    return FALSE;

  if (!found)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("There is no record %s"), op->s3);
      return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, delete_sql, error)))
    return FALSE;

  bind_text (stmt, 1, op->s3);
  if (!step_one (self, stmt, _("Could not delete"), error))
    return FALSE;

  op->affected = 1;

  json = g_string_new ("{\"id\":");
  json_append_string (json, op->s3);
  g_string_append_printf (json, ",\"ver\":%" G_GINT64_FORMAT "}", ver);

  set_change (change, op->s5, op->s4, op->s3, "delete", ver, g_string_free (json, FALSE));

  return TRUE;
}

gboolean
dd_store_delete_holiday_schedule (DdStore  *self,
                                  guint     year,
                                  GError  **error)
{
  g_autofree char *key = g_strdup_printf ("%u", year);
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!ensure_seeded (self, error))
    return FALSE;

  op.func = delete_record_op;
  op.s1 = "holiday_schedule";
  op.s2 = "year";
  op.s3 = key;
  op.s4 = "holiday_schedule";
  op.s5 = "holiday_schedule.delete";

  return write_op (self, &op, error);
}

/* i1: year; s1, s2: first and last. */
static gboolean
set_flood_op (DdStore        *self,
              DdHlc           hlc,
              gint64          now_ms,
              Op             *op,
              DdStoreChange  *change,
              GError        **error)
{
  static const char sql[] =
    "INSERT INTO flood_season (year, first, last, owner_unit, ver, hlc, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, " OWNER_UNIT_SQL ", 1, ?4, ?5, ?5)"
    " ON CONFLICT (year) DO UPDATE SET first = excluded.first, last = excluded.last,"
    " ver = ver + 1, hlc = excluded.hlc, updated_at = max (excluded.updated_at, created_at)";
  static const char payload_sql[] =
    "SELECT json_object ('year', year, 'first', first, 'last', last, 'owner_unit', owner_unit,"
    " 'ver', ver, 'hlc', hlc) FROM flood_season WHERE year = ?1";
  g_autofree char *year = g_strdup_printf ("%" G_GINT64_FORMAT, op->i1);
  sqlite3_stmt *stmt;
  gint64 old_ver = 0;
  gboolean found = FALSE;
  char *payload;

  if (!query_int2 (self, "SELECT ver FROM flood_season WHERE year = ?1", year, NULL,
                   &old_ver, &found, error))
    return FALSE;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op->i1);
  bind_text (stmt, 2, op->s1);
  bind_text (stmt, 3, op->s2);
  sqlite3_bind_int64 (stmt, 4, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 5, now_ms);

  if (!step_one (self, stmt, _("Could not save the flood season"), error))
    return FALSE;

  if (!(payload = query_text2 (self, payload_sql, year, NULL, error)))
    return FALSE;

  set_change (change, "flood_season.set", "flood_season", year,
              found ? "patch" : "insert", found ? old_ver : 0, payload);

  return TRUE;
}

gboolean
dd_store_set_flood_season (DdStore      *self,
                           guint         year,
                           const GDate  *first,
                           const GDate  *last,
                           GError      **error)
{
  g_autoptr(DdDutyCalendar) calendar = dd_duty_calendar_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (first == NULL || last == NULL || !g_date_valid (first) || !g_date_valid (last))
    return invalid (error, "%s", _("The flood season needs a valid first and last day"));

  if (!dd_duty_calendar_set_flood_season (calendar, year, first, last, &local_error))
    return invalid (error, "%s", local_error->message);

  if (!ensure_seeded (self, error))
    return FALSE;

  first_text = dd_duty_date_to_string (first);
  last_text = dd_duty_date_to_string (last);

  op.func = set_flood_op;
  op.i1 = year;
  op.s1 = first_text;
  op.s2 = last_text;

  return write_op (self, &op, error);
}

gboolean
dd_store_reset_flood_season (DdStore  *self,
                             guint     year,
                             GError  **error)
{
  g_autofree char *key = g_strdup_printf ("%u", year);
  g_autoptr(GError) local_error = NULL;
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!ensure_seeded (self, error))
    return FALSE;

  op.func = delete_record_op;
  op.s1 = "flood_season";
  op.s2 = "year";
  op.s3 = key;
  op.s4 = "flood_season";
  op.s5 = "flood_season.reset";

  /* Already the default: nothing to do. */
  if (!write_op (self, &op, &local_error))
    {
      if (g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ periods */

static const char period_payload_sql[] =
  "SELECT json_object ('id', id, 'name', name, 'start_ms', start_ms, 'end_ms', end_ms,"
  " 'leaders', leaders, 'owner_unit', owner_unit, 'ver', ver, 'hlc', hlc)"
  " FROM important_period WHERE id = ?1";

/* object: the period (with its id); i1: 1 for an update. */
static gboolean
save_period_op (DdStore        *self,
                DdHlc           hlc,
                gint64          now_ms,
                Op             *op,
                DdStoreChange  *change,
                GError        **error)
{
  static const char insert_sql[] =
    "INSERT INTO important_period (id, name, start_ms, end_ms, leaders, owner_unit, ver, hlc,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, " OWNER_UNIT_SQL ", 1, ?6, ?7, ?7)";
  static const char update_sql[] =
    "UPDATE important_period SET name = ?2, start_ms = ?3, end_ms = ?4, leaders = ?5,"
    " ver = ver + 1, hlc = ?6, updated_at = max (?7, created_at) WHERE id = ?1";
  DdImportantPeriod *period = op->object;
  const char *id = dd_important_period_get_id (period);
  sqlite3_stmt *stmt;
  gint64 old_ver = 0;
  gboolean found = FALSE;
  char *payload;

  if (!query_int2 (self, "SELECT ver FROM important_period WHERE id = ?1", id, NULL,
                   &old_ver, &found, error))
    return FALSE;

  if (op->i1 && !found)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("There is no important period %s"), id);
      return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, op->i1 ? update_sql : insert_sql, error)))
    return FALSE;

  bind_text (stmt, 1, id);
  bind_text (stmt, 2, dd_important_period_get_name (period));
  sqlite3_bind_int64 (stmt, 3, dd_important_period_get_start_ms (period));
  sqlite3_bind_int64 (stmt, 4, dd_important_period_get_end_ms (period));
  sqlite3_bind_int (stmt, 5, (int) dd_important_period_get_leaders (period));
  sqlite3_bind_int64 (stmt, 6, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 7, now_ms);

  if (!step_one (self, stmt, _("Could not save the important period"), error))
    return FALSE;

  if (!(payload = query_text2 (self, period_payload_sql, id, NULL, error)))
    return FALSE;

  set_change (change, op->i1 ? "period.update" : "period.add", "period", id,
              op->i1 ? "patch" : "insert", op->i1 ? old_ver : 0, payload);

  return TRUE;
}

static gboolean
check_period (DdImportantPeriod  *period,
              GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!dd_store_check_text (_("name"), dd_important_period_get_name (period), error))
    return FALSE;

  if (!dd_important_period_validate (period, &local_error))
    return invalid (error, "%s", local_error->message);

  return TRUE;
}

DdImportantPeriod *
dd_store_add_period (DdStore     *self,
                     const char  *name,
                     gint64       start_ms,
                     gint64       end_ms,
                     guint        leaders,
                     GError     **error)
{
  g_autoptr(DdImportantPeriod) period = NULL;
  g_autofree char *id = NULL;
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!dd_store_check_text (_("name"), name, error))
    return NULL;

  id = dd_uuid7_new (g_get_real_time () / 1000);
  period = dd_important_period_new (id, name != NULL ? name : "", start_ms, end_ms, leaders);
  if (!check_period (period, error))
    return NULL;

  if (!ensure_seeded (self, error))
    return NULL;

  op.func = save_period_op;
  op.object = period;

  if (!write_op (self, &op, error))
    return NULL;

  return g_steal_pointer (&period);
}

gboolean
dd_store_update_period (DdStore            *self,
                        DdImportantPeriod  *period,
                        GError            **error)
{
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (period != NULL, FALSE);

  if (!check_period (period, error))
    return FALSE;

  if (!ensure_seeded (self, error))
    return FALSE;

  op.func = save_period_op;
  op.object = period;
  op.i1 = 1;

  return write_op (self, &op, error);
}

gboolean
dd_store_delete_period (DdStore     *self,
                        const char  *id,
                        GError     **error)
{
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (id == NULL || !dd_store_check_text (_("id"), id, error))
    return invalid (error, "%s", _("No period id given"));

  if (!ensure_seeded (self, error))
    return FALSE;

  op.func = delete_record_op;
  op.s1 = "important_period";
  op.s2 = "id";
  op.s3 = id;
  op.s4 = "period";
  op.s5 = "period.delete";

  return write_op (self, &op, error);
}

GPtrArray *
dd_store_list_periods (DdStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!ensure_seeded (self, error))
    return NULL;

  return list_periods (self, error);
}

/* ------------------------------------------------------------------ shift templates */

static GPtrArray *
list_templates (DdStore  *self,
                GError  **error)
{
  static const char sql[] =
    "SELECT id, name, position, regime, start_minute, end_minute, required FROM shift_template"
    " ORDER BY sort_key, id";
  g_autoptr(GPtrArray) result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_shift_template_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdPosition position = DD_POSITION_OFFICER;
      DdRegime regime = DD_REGIME_7X24;

      dd_position_from_string ((const char *) sqlite3_column_text (stmt, 2), &position);
      dd_regime_from_string ((const char *) sqlite3_column_text (stmt, 3), &regime);

      g_ptr_array_add (result,
                       dd_shift_template_new ((const char *) sqlite3_column_text (stmt, 0),
                                              (const char *) sqlite3_column_text (stmt, 1),
                                              position, regime,
                                              (guint) sqlite3_column_int (stmt, 4),
                                              (guint) sqlite3_column_int (stmt, 5),
                                              (guint) sqlite3_column_int (stmt, 6)));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return NULL;
    }

  return g_steal_pointer (&result);
}

GPtrArray *
dd_store_list_shift_templates (DdStore  *self,
                               GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!ensure_seeded (self, error))
    return NULL;

  return list_templates (self, error);
}

gboolean
dd_store_save_shift_template (DdStore          *self,
                              DdShiftTemplate  *template_,
                              GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (template_ != NULL, FALSE);

  if (!dd_store_check_text (_("name"), dd_shift_template_get_name (template_), error) ||
      !dd_store_check_text (_("id"), dd_shift_template_get_id (template_), error))
    return FALSE;

  if (!dd_shift_template_validate (template_, &local_error))
    return invalid (error, "%s", local_error->message);

  if (!ensure_seeded (self, error))
    return FALSE;

  op.func = save_template_op;
  op.object = template_;
  op.i1 = 1;

  return write_op (self, &op, error);
}

gboolean
dd_store_delete_shift_template (DdStore     *self,
                                const char  *id,
                                GError     **error)
{
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (id == NULL || !g_utf8_validate (id, -1, NULL))
    return invalid (error, "%s", _("No template id given"));

  if (!ensure_seeded (self, error))
    return FALSE;

  op.func = delete_record_op;
  op.s1 = "shift_template";
  op.s2 = "id";
  op.s3 = id;
  op.s4 = "shift_template";
  op.s5 = "shift_template.delete";

  return write_op (self, &op, error);
}

/* ------------------------------------------------------------------ absences */

static gboolean
staff_exists (DdStore     *self,
              const char  *staff_id,
              gboolean    *exists,
              GError     **error)
{
  gint64 one = 0;

  return query_int2 (self, "SELECT 1 FROM staff WHERE id = ?1", staff_id, NULL, &one, exists, error);
}

/* object: the absence; new_id (out). */
static gboolean
add_absence_op (DdStore        *self,
                DdHlc           hlc,
                gint64          now_ms,
                Op             *op,
                DdStoreChange  *change,
                GError        **error)
{
  static const char sql[] =
    "INSERT INTO absence (id, staff_id, kind, first, last, reason, owner_unit, ver, hlc,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " OWNER_UNIT_SQL ", 1, ?7, ?8, ?8)";
  static const char payload_sql[] =
    "SELECT json_object ('id', id, 'staff_id', staff_id, 'kind', kind, 'first', first,"
    " 'last', last, 'reason', reason, 'owner_unit', owner_unit, 'ver', ver, 'hlc', hlc)"
    " FROM absence WHERE id = ?1";
  const DdAbsence *absence = op->object;
  sqlite3_stmt *stmt;
  char *payload;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  op->new_id = dd_uuid7_new (now_ms);

  bind_text (stmt, 1, op->new_id);
  bind_text (stmt, 2, absence->staff_id);
  bind_text (stmt, 3, dd_absence_kind_to_string (absence->kind));
  bind_date (stmt, 4, &absence->first);
  bind_date (stmt, 5, &absence->last);
  bind_text (stmt, 6, absence->reason != NULL ? absence->reason : "");
  sqlite3_bind_int64 (stmt, 7, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 8, now_ms);

  if (!step_one (self, stmt, _("Could not save the absence"), error))
    return FALSE;

  if (!(payload = query_text2 (self, payload_sql, op->new_id, NULL, error)))
    return FALSE;

  set_change (change, "absence.add", "absence", op->new_id, "insert", 0, payload);

  return TRUE;
}

DdAbsence *
dd_store_add_absence (DdStore          *self,
                      const DdAbsence  *absence,
                      GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean exists = FALSE;
  Op op = { 0 };
  DdAbsence *result;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (absence != NULL, NULL);

  if (!dd_store_check_text (_("reason"), absence->reason, error) ||
      !dd_store_check_text (_("staff id"), absence->staff_id, error))
    return NULL;

  if (!dd_absence_validate (absence, &local_error))
    {
      invalid (error, "%s", local_error->message);
      return NULL;
    }

  if (g_date_days_between (&absence->first, &absence->last) > 3 * 366)
    {
      invalid (error, "%s", _("An absence may last at most three years"));
      return NULL;
    }

  if (!staff_exists (self, absence->staff_id, &exists, error))
    return NULL;

  if (!exists)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("There is no staff member %s"), absence->staff_id);
      return NULL;
    }

  if (!ensure_seeded (self, error))
    return NULL;

  op.func = add_absence_op;
  op.object = (gpointer) absence;

  if (!write_op (self, &op, error))
    {
      g_free (op.new_id);
      return NULL;
    }

  result = dd_absence_new (op.new_id, absence->staff_id, absence->kind, &absence->first,
                           &absence->last, absence->reason);
  g_free (op.new_id);

  return result;
}

gboolean
dd_store_delete_absence (DdStore     *self,
                         const char  *id,
                         GError     **error)
{
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (id == NULL || !g_utf8_validate (id, -1, NULL))
    return invalid (error, "%s", _("No absence id given"));

  op.func = delete_record_op;
  op.s1 = "absence";
  op.s2 = "id";
  op.s3 = id;
  op.s4 = "absence";
  op.s5 = "absence.delete";

  return write_op (self, &op, error);
}

static GPtrArray *
list_absences (DdStore      *self,
               const GDate  *first,
               const GDate  *last,
               GError      **error)
{
  static const char sql[] =
    "SELECT id, staff_id, kind, first, last, reason FROM absence"
    " WHERE (?1 IS NULL OR last >= ?1) AND (?2 IS NULL OR first <= ?2)"
    " ORDER BY first, staff_id, id";
  g_autoptr(GPtrArray) result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  bind_date (stmt, 1, first);
  bind_date (stmt, 2, last);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_absence_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdAbsenceKind kind = DD_ABSENCE_KIND_LEAVE;
      const char *reason = (const char *) sqlite3_column_text (stmt, 5);
      GDate day_first, day_last;

      dd_absence_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind);
      if (!column_date (stmt, 3, &day_first) || !column_date (stmt, 4, &day_last))
        continue;

      g_ptr_array_add (result,
                       dd_absence_new ((const char *) sqlite3_column_text (stmt, 0),
                                       (const char *) sqlite3_column_text (stmt, 1),
                                       kind, &day_first, &day_last,
                                       reason != NULL && reason[0] != '\0' ? reason : NULL));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return NULL;
    }

  return g_steal_pointer (&result);
}

GPtrArray *
dd_store_list_absences (DdStore      *self,
                        const GDate  *first,
                        const GDate  *last,
                        GError      **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  return list_absences (self, first, last, error);
}

/* ------------------------------------------------------------------ rosters */

static gboolean
get_base_regime (DdStore   *self,
                 DdRegime  *regime,
                 GError   **error)
{
  g_autoptr(DdDesk) desk = dd_store_get_desk (self, error);

  if (desk == NULL)
    return FALSE;

  *regime = dd_desk_get_regime (desk);

  return TRUE;
}

static gboolean
add_assignments (DdStore      *self,
                 DdRoster     *roster,
                 const GDate  *first,
                 const GDate  *last,
                 GError      **error)
{
  static const char sql[] =
    "SELECT shift_id, staff_id, locked, generated FROM roster_assignment"
    " WHERE duty_date BETWEEN ?1 AND ?2 ORDER BY duty_date, shift_id, staff_id";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  bind_date (stmt, 1, first);
  bind_date (stmt, 2, last);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(DdAssignment) assignment = NULL;

      assignment = dd_assignment_new ((const char *) sqlite3_column_text (stmt, 0),
                                      (const char *) sqlite3_column_text (stmt, 1),
                                      sqlite3_column_int (stmt, 2) != 0,
                                      sqlite3_column_int (stmt, 3) != 0);
      dd_roster_add_assignment (roster, assignment);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }

  return TRUE;
}

/* Everything from @first to @last, with the edges widened by @edge days. */
static DdRoster *
load_roster (DdStore      *self,
             const GDate  *first,
             const GDate  *last,
             guint         edge,
             GError      **error)
{
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) absences = NULL;
  g_autoptr(DdRoster) roster = NULL;
  GDate wide_first = *first;
  GDate wide_last = *last;
  DdRegime base = DD_REGIME_7X24;
  guint rest;

  if (!get_base_regime (self, &base, error))
    return NULL;

  {
    g_autoptr(GError) local_error = NULL;

    rest = dd_store_get_min_rest_hours (self, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }

  calendar = load_calendar (self, error);
  if (calendar == NULL)
    return NULL;

  templates = list_templates (self, error);
  if (templates == NULL)
    return NULL;

  staff = dd_store_list_staff (self, error);
  if (staff == NULL)
    return NULL;

  g_date_subtract_days (&wide_first, edge);
  g_date_add_days (&wide_last, edge);

  absences = list_absences (self, &wide_first, &wide_last, error);
  if (absences == NULL)
    return NULL;

  roster = dd_roster_new (rest);
  shifts = dd_shift_expand (calendar, templates, base, &wide_first, &wide_last);
  dd_roster_add_shifts (roster, shifts);

  for (guint i = 0; i < staff->len; i++)
    dd_roster_add_staff (roster, g_ptr_array_index (staff, i));
  for (guint i = 0; i < absences->len; i++)
    dd_roster_add_absence (roster, g_ptr_array_index (absences, i));

  if (!add_assignments (self, roster, &wide_first, &wide_last, error))
    return NULL;

  return g_steal_pointer (&roster);
}

DdRoster *
dd_store_load_roster (DdStore      *self,
                      const GDate  *first,
                      const GDate  *last,
                      GError      **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!check_range (first, last, error) || !ensure_seeded (self, error))
    return NULL;

  return load_roster (self, first, last, EDGE_DAYS, error);
}

static const char assignment_payload_sql[] =
  "SELECT json_object ('shift_id', shift_id, 'staff_id', staff_id, 'duty_date', duty_date,"
  " 'template_id', template_id,"
  " 'locked', json (CASE locked WHEN 1 THEN 'true' ELSE 'false' END),"
  " 'generated', json (CASE generated WHEN 1 THEN 'true' ELSE 'false' END),"
  " 'owner_unit', owner_unit, 'ver', ver, 'hlc', hlc)"
  " FROM roster_assignment WHERE shift_id = ?1 AND staff_id = ?2";

static char *
assignment_record_id (const char *shift_id,
                      const char *staff_id)
{
  return g_strconcat (shift_id, "/", staff_id, NULL);
}

/* Splits "YYYY-MM-DD/TEMPLATE". */
static gboolean
split_shift_id (const char  *shift_id,
                GDate       *date,
                char       **template_id)
{
  const char *slash;
  g_autofree char *day = NULL;

  if (shift_id == NULL || (slash = strchr (shift_id, '/')) == NULL || slash - shift_id != 10 ||
      slash[1] == '\0' || strchr (slash + 1, '/') != NULL)
    return FALSE;

  day = g_strndup (shift_id, 10);
  if (!dd_duty_date_parse (day, date))
    return FALSE;

  if (template_id != NULL)
    *template_id = g_strdup (slash + 1);

  return TRUE;
}

/* s1: shift id; s2: staff id; i1: locked; i2: generated; s3: action. */
static gboolean
insert_assignment_op (DdStore        *self,
                      DdHlc           hlc,
                      gint64          now_ms,
                      Op             *op,
                      DdStoreChange  *change,
                      GError        **error)
{
  static const char sql[] =
    "INSERT INTO roster_assignment (shift_id, staff_id, duty_date, template_id, locked, generated,"
    " owner_unit, ver, hlc, created_at, updated_at)"
    " VALUES (?1, ?2, substr (?1, 1, 10), substr (?1, 12), ?3, ?4, " OWNER_UNIT_SQL ", 1, ?5, ?6, ?6)";
  g_autofree char *record_id = assignment_record_id (op->s1, op->s2);
  sqlite3_stmt *stmt;
  char *payload;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  bind_text (stmt, 1, op->s1);
  bind_text (stmt, 2, op->s2);
  sqlite3_bind_int (stmt, 3, op->i1 ? 1 : 0);
  sqlite3_bind_int (stmt, 4, op->i2 ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 6, now_ms);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                     _("%s is already on shift %s, or the person is unknown"), op->s2, op->s1);
      else
        dd_store_set_error (self, error, rc, _("Could not save the assignment"));
      return FALSE;
    }

  if (!(payload = query_text2 (self, assignment_payload_sql, op->s1, op->s2, error)))
    return FALSE;

  set_change (change, op->s3 != NULL ? op->s3 : "assignment.add", "assignment", record_id,
              "insert", 0, payload);

  return TRUE;
}

/* s1: shift id; s2: staff id; s3: action. */
static gboolean
delete_assignment_op (DdStore        *self,
                      DdHlc           hlc,
                      gint64          now_ms,
                      Op             *op,
                      DdStoreChange  *change,
                      GError        **error)
{
  static const char select_sql[] =
    "SELECT ver FROM roster_assignment WHERE shift_id = ?1 AND staff_id = ?2";
  static const char sql[] = "DELETE FROM roster_assignment WHERE shift_id = ?1 AND staff_id = ?2";
  g_autofree char *record_id = assignment_record_id (op->s1, op->s2);
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;
  GString *json;
  gint64 ver = 0;
  gboolean found = FALSE;

  if (!query_int2 (self, select_sql, op->s1, op->s2, &ver, &found, error))
    return FALSE;

  if (!found)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("%s is not on shift %s"), op->s2, op->s1);
      return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  bind_text (stmt, 1, op->s1);
  bind_text (stmt, 2, op->s2);
  if (!step_one (self, stmt, _("Could not delete the assignment"), error))
    return FALSE;

  json = g_string_new ("{\"shift_id\":");
  json_append_string (json, op->s1);
  g_string_append (json, ",\"staff_id\":");
  json_append_string (json, op->s2);
  g_string_append_printf (json, ",\"ver\":%" G_GINT64_FORMAT "}", ver);

  set_change (change, op->s3 != NULL ? op->s3 : "assignment.remove", "assignment", record_id,
              "delete", ver, g_string_free (json, FALSE));

  return TRUE;
}

/* s1: shift id; s2: staff id; i1: locked. affected (out). */
static gboolean
lock_assignment_op (DdStore        *self,
                    DdHlc           hlc,
                    gint64          now_ms,
                    Op             *op,
                    DdStoreChange  *change,
                    GError        **error)
{
  static const char select_sql[] =
    "SELECT ver FROM roster_assignment WHERE shift_id = ?1 AND staff_id = ?2 AND locked <> ?3";
  static const char sql[] =
    "UPDATE roster_assignment SET locked = ?3, ver = ver + 1, hlc = ?4,"
    " updated_at = max (?5, created_at) WHERE shift_id = ?1 AND staff_id = ?2";
  g_autofree char *record_id = assignment_record_id (op->s1, op->s2);
  sqlite3_stmt *stmt;
  gint64 ver = 0;
  int rc;

  if (!(stmt = dd_store_prepare (self, select_sql, error)))
    return FALSE;

  bind_text (stmt, 1, op->s1);
  bind_text (stmt, 2, op->s2);
  sqlite3_bind_int (stmt, 3, op->i1 ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ver = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;  /* already so */
  if (rc != SQLITE_ROW)
    {
      dd_store_set_error (self, error, rc, select_sql);
      return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  bind_text (stmt, 1, op->s1);
  bind_text (stmt, 2, op->s2);
  sqlite3_bind_int (stmt, 3, op->i1 ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 5, now_ms);
  if (!step_one (self, stmt, _("Could not save the assignment"), error))
    return FALSE;

  op->affected = 1;

  set_change (change, op->i1 ? "assignment.lock" : "assignment.unlock", "assignment", record_id,
              "patch", ver,
              g_strdup (op->i1 ? "{\"locked\":true}" : "{\"locked\":false}"));

  return TRUE;
}

DdRosterGeneration *
dd_store_generate_roster (DdStore      *self,
                          const GDate  *first,
                          const GDate  *last,
                          guint64       seed,
                          GError      **error)
{
  g_autoptr(DdRoster) roster = NULL;
  g_autoptr(DdRoster) past = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(DdRosterGeneration) generation = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  GDate history_first, history_last;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!check_range (first, last, error) || !ensure_seeded (self, error))
    return NULL;

  roster = load_roster (self, first, last, EDGE_DAYS, error);
  if (roster == NULL)
    return NULL;

  history_first = *first;
  g_date_subtract_days (&history_first, HISTORY_DAYS);
  history_last = *first;
  g_date_subtract_days (&history_last, 1);

  past = load_roster (self, &history_first, &history_last, 0, error);
  if (past == NULL)
    return NULL;

  history = dd_roster_compute_loads (past, &history_first, &history_last);
  generation = dd_roster_generate (roster, first, last, history, seed);

  ops = g_ptr_array_new_with_free_func (op_free);
  for (guint i = 0; i < generation->assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (generation->assignments, i);
      Op *op = op_new (insert_assignment_op);

      op->s1 = assignment->shift_id;
      op->s2 = assignment->staff_id;
      op->i1 = FALSE;
      op->i2 = TRUE;
      op->s3 = "assignment.generate";
      g_ptr_array_add (ops, op);
    }

  if (!write_ops (self, ops, error))
    return NULL;

  return g_steal_pointer (&generation);
}

gint64
dd_store_clear_generated (DdStore      *self,
                          const GDate  *first,
                          const GDate  *last,
                          GError      **error)
{
  static const char sql[] =
    "SELECT shift_id, staff_id FROM roster_assignment"
    " WHERE duty_date BETWEEN ?1 AND ?2 AND generated = 1 AND locked = 0"
    " ORDER BY duty_date, shift_id, staff_id";
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ops = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), -1);

  if (!check_range (first, last, error))
    return -1;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return -1;

  bind_date (stmt, 1, first);
  bind_date (stmt, 2, last);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (keys, column_dup (stmt, 0));
      g_ptr_array_add (keys, column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return -1;
    }

  ops = g_ptr_array_new_with_free_func (op_free);
  for (guint i = 0; i + 1 < keys->len; i += 2)
    {
      Op *op = op_new (delete_assignment_op);

      op->s1 = g_ptr_array_index (keys, i);
      op->s2 = g_ptr_array_index (keys, i + 1);
      op->s3 = "assignment.clear";
      g_ptr_array_add (ops, op);
    }

  if (!write_ops (self, ops, error))
    return -1;

  return ops->len;
}

/* The shift with @shift_id of the calendar as it stands, or an error. */
static DdRoster *
load_roster_for_shift (DdStore        *self,
                       const char     *shift_id,
                       const DdShift **shift,
                       GError        **error)
{
  g_autoptr(DdRoster) roster = NULL;
  GDate date;

  if (!split_shift_id (shift_id, &date, NULL))
    {
      invalid (error, _("“%s” is not a shift id (YYYY-MM-DD/TEMPLATE)"), shift_id != NULL ? shift_id : "");
      return NULL;
    }

  roster = load_roster (self, &date, &date, EDGE_DAYS, error);
  if (roster == NULL)
    return NULL;

  *shift = dd_roster_lookup_shift (roster, shift_id);
  if (*shift == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("There is no shift %s in the duty calendar"), shift_id);
      return NULL;
    }

  return g_steal_pointer (&roster);
}

static guint
count_on_shift (DdRoster    *roster,
                const char  *shift_id,
                const char  *staff_id,
                gboolean    *present)
{
  GPtrArray *assignments = dd_roster_get_assignments (roster);
  guint n = 0;

  if (present != NULL)
    *present = FALSE;

  for (guint i = 0; i < assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (assignments, i);

      if (g_strcmp0 (assignment->shift_id, shift_id) != 0)
        continue;
      n++;
      if (present != NULL && g_strcmp0 (assignment->staff_id, staff_id) == 0)
        *present = TRUE;
    }

  return n;
}

static gboolean
find_assignment (DdRoster            *roster,
                 const char          *shift_id,
                 const char          *staff_id,
                 const DdAssignment **out)
{
  GPtrArray *assignments = dd_roster_get_assignments (roster);

  for (guint i = 0; i < assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (assignments, i);

      if (g_strcmp0 (assignment->shift_id, shift_id) == 0 &&
          g_strcmp0 (assignment->staff_id, staff_id) == 0)
        {
          if (out != NULL)
            *out = assignment;
          return TRUE;
        }
    }

  return FALSE;
}

/* The problems of @roster about @shift_ids or @staff_id near them. */
static GPtrArray *
problems_about (DdStore      *self,
                const char  **shift_ids,
                const char  **staff_ids,
                GError      **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_roster_problem_free);

  for (guint s = 0; shift_ids[s] != NULL; s++)
    {
      g_autoptr(DdRoster) roster = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      GDate date, first, last;

      if (!split_shift_id (shift_ids[s], &date, NULL))
        continue;

      first = date;
      last = date;
      g_date_subtract_days (&first, 1);
      g_date_add_days (&last, 1);

      roster = load_roster (self, &first, &last, EDGE_DAYS, error);
      if (roster == NULL)
        return NULL;

      problems = dd_roster_check (roster, &first, &last);
      for (guint i = 0; i < problems->len; i++)
        {
          const DdRosterProblem *problem = g_ptr_array_index (problems, i);
          gboolean relevant = g_strcmp0 (problem->shift_id, shift_ids[s]) == 0;
          gboolean duplicate = FALSE;

          for (guint p = 0; !relevant && staff_ids[p] != NULL; p++)
            relevant = g_strcmp0 (problem->staff_id, staff_ids[p]) == 0;

          for (guint j = 0; relevant && j < result->len; j++)
            {
              const DdRosterProblem *seen = g_ptr_array_index (result, j);

              duplicate = duplicate ||
                          (seen->kind == problem->kind &&
                           g_strcmp0 (seen->shift_id, problem->shift_id) == 0 &&
                           g_strcmp0 (seen->staff_id, problem->staff_id) == 0);
            }

          if (relevant && !duplicate)
            g_ptr_array_add (result, dd_roster_problem_copy (problem));
        }
    }

  return g_steal_pointer (&result);
}

GPtrArray *
dd_store_assign (DdStore     *self,
                 const char  *shift_id,
                 const char  *staff_id,
                 const char  *replace_staff_id,
                 gboolean     locked,
                 GError     **error)
{
  g_autoptr(DdRoster) roster = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  const DdShift *shift = NULL;
  const char *shift_ids[2] = { shift_id, NULL };
  const char *staff_ids[3] = { staff_id, replace_staff_id, NULL };
  gboolean present = FALSE;
  gboolean replace_present = FALSE;
  guint n;
  Op *op;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (staff_id == NULL || staff_id[0] == '\0' || !g_utf8_validate (staff_id, -1, NULL))
    {
      invalid (error, "%s", _("No staff member given"));
      return NULL;
    }

  if (!ensure_seeded (self, error))
    return NULL;

  roster = load_roster_for_shift (self, shift_id, &shift, error);
  if (roster == NULL)
    return NULL;

  if (dd_roster_lookup_staff (roster, staff_id) == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("There is no staff member %s"), staff_id);
      return NULL;
    }

  n = count_on_shift (roster, shift_id, staff_id, &present);
  if (present)
    {
      invalid (error, _("%s is already on shift %s"),
               dd_staff_get_name (dd_roster_lookup_staff (roster, staff_id)), shift_id);
      return NULL;
    }

  if (replace_staff_id != NULL)
    {
      count_on_shift (roster, shift_id, replace_staff_id, &replace_present);
      if (!replace_present)
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                       _("%s is not on shift %s"), replace_staff_id, shift_id);
          return NULL;
        }
      n--;
    }

  if (n >= shift->required)
    {
      invalid (error, ngettext ("Shift %s needs %u person and has as many; unassign someone first",
                                "Shift %s needs %u people and has as many; unassign someone first",
                                shift->required),
               shift_id, shift->required);
      return NULL;
    }

  ops = g_ptr_array_new_with_free_func (op_free);

  if (replace_staff_id != NULL)
    {
      op = op_new (delete_assignment_op);
      op->s1 = shift_id;
      op->s2 = replace_staff_id;
      op->s3 = "assignment.replace";
      g_ptr_array_add (ops, op);
    }

  op = op_new (insert_assignment_op);
  op->s1 = shift_id;
  op->s2 = staff_id;
  op->i1 = locked;
  op->i2 = FALSE;
  op->s3 = "assignment.assign";
  g_ptr_array_add (ops, op);

  if (!write_ops (self, ops, error))
    return NULL;

  return problems_about (self, shift_ids, staff_ids, error);
}

gboolean
dd_store_unassign (DdStore     *self,
                   const char  *shift_id,
                   const char  *staff_id,
                   GError     **error)
{
  GDate date;
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);

  if (!split_shift_id (shift_id, &date, NULL))
    return invalid (error, _("“%s” is not a shift id (YYYY-MM-DD/TEMPLATE)"),
                    shift_id != NULL ? shift_id : "");

  if (staff_id == NULL || !g_utf8_validate (staff_id, -1, NULL))
    return invalid (error, "%s", _("No staff member given"));

  op.func = delete_assignment_op;
  op.s1 = shift_id;
  op.s2 = staff_id;
  op.s3 = "assignment.unassign";

  return write_op (self, &op, error);
}

gint64
dd_store_set_locked (DdStore     *self,
                     const char  *shift_id,
                     const char  *staff_id,
                     gboolean     locked,
                     GError     **error)
{
  static const char sql[] =
    "SELECT staff_id FROM roster_assignment WHERE shift_id = ?1 AND (?2 IS NULL OR staff_id = ?2)"
    " ORDER BY staff_id";
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ops = NULL;
  sqlite3_stmt *stmt;
  gint64 changed = 0;
  GDate date;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), -1);

  if (!split_shift_id (shift_id, &date, NULL))
    {
      invalid (error, _("“%s” is not a shift id (YYYY-MM-DD/TEMPLATE)"), shift_id != NULL ? shift_id : "");
      return -1;
    }

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return -1;

  bind_text (stmt, 1, shift_id);
  bind_text (stmt, 2, staff_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (people, column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return -1;
    }

  if (people->len == 0)
    {
      if (staff_id != NULL)
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                     _("%s is not on shift %s"), staff_id, shift_id);
      else
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                     _("No one is on shift %s"), shift_id);
      return -1;
    }

  ops = g_ptr_array_new_with_free_func (op_free);
  for (guint i = 0; i < people->len; i++)
    {
      Op *op = op_new (lock_assignment_op);

      op->s1 = shift_id;
      op->s2 = g_ptr_array_index (people, i);
      op->i1 = locked;
      g_ptr_array_add (ops, op);
    }

  if (!write_ops (self, ops, error))
    return -1;

  for (guint i = 0; i < ops->len; i++)
    changed += ((Op *) g_ptr_array_index (ops, i))->affected;

  return changed;
}

/* object: the DdRosterSwap (id filled in here). */
static gboolean
append_swap_op (DdStore        *self,
                DdHlc           hlc,
                gint64          now_ms,
                Op             *op,
                DdStoreChange  *change,
                GError        **error)
{
  static const char sql[] =
    "INSERT INTO roster_swap (id, shift_a, staff_a, shift_b, staff_b, asked_by, approved_by,"
    " owner_unit, hlc, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " OWNER_UNIT_SQL ", ?8, ?9)";
  static const char payload_sql[] =
    "SELECT json_object ('id', id, 'shift_a', shift_a, 'staff_a', staff_a, 'shift_b', shift_b,"
    " 'staff_b', staff_b, 'asked_by', asked_by, 'approved_by', approved_by,"
    " 'owner_unit', owner_unit, 'hlc', hlc, 'at', created_at) FROM roster_swap WHERE id = ?1";
  DdRosterSwap *swap = op->object;
  sqlite3_stmt *stmt;
  char *payload;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  swap->id = dd_uuid7_new (now_ms);
  swap->at_ms = now_ms;

  bind_text (stmt, 1, swap->id);
  bind_text (stmt, 2, swap->shift_a);
  bind_text (stmt, 3, swap->staff_a);
  bind_text (stmt, 4, swap->shift_b);
  bind_text (stmt, 5, swap->staff_b);
  bind_text (stmt, 6, swap->asked_by);
  bind_text (stmt, 7, swap->approved_by);
  sqlite3_bind_int64 (stmt, 8, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 9, now_ms);

  if (!step_one (self, stmt, _("Could not save the swap"), error))
    return FALSE;

  if (!(payload = query_text2 (self, payload_sql, swap->id, NULL, error)))
    return FALSE;

  set_change (change, "swap.record", "swap", swap->id, "append", 0, payload);

  return TRUE;
}

static gboolean
check_person_text (const char  *what,
                   const char  *text,
                   GError     **error)
{
  g_autofree char *stripped = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return invalid (error, _("Say who %s"), what);

  stripped = g_strstrip (g_strdup (text));
  if (stripped[0] == '\0')
    return invalid (error, _("Say who %s"), what);

  return TRUE;
}

DdRosterSwap *
dd_store_swap (DdStore     *self,
               const char  *shift_a,
               const char  *staff_a,
               const char  *shift_b,
               const char  *staff_b,
               const char  *asked_by,
               const char  *approved_by,
               GError     **error)
{
  g_autoptr(DdRoster) roster_a = NULL;
  g_autoptr(DdRoster) roster_b = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(DdRosterSwap) swap = NULL;
  const DdShift *shift = NULL;
  const DdAssignment *assignment_a = NULL;
  const DdAssignment *assignment_b = NULL;
  gboolean locked_a, locked_b;
  Op *op;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!check_person_text (_("asked for the swap"), asked_by, error) ||
      !check_person_text (_("approved the swap"), approved_by, error))
    return NULL;

  if (staff_a == NULL || staff_b == NULL || !g_utf8_validate (staff_a, -1, NULL) ||
      !g_utf8_validate (staff_b, -1, NULL))
    {
      invalid (error, "%s", _("A swap needs two people"));
      return NULL;
    }

  if (g_strcmp0 (shift_a, shift_b) == 0 || g_strcmp0 (staff_a, staff_b) == 0)
    {
      invalid (error, "%s", _("A swap needs two different shifts and two different people"));
      return NULL;
    }

  if (!ensure_seeded (self, error))
    return NULL;

  roster_a = load_roster_for_shift (self, shift_a, &shift, error);
  if (roster_a == NULL)
    return NULL;
  roster_b = load_roster_for_shift (self, shift_b, &shift, error);
  if (roster_b == NULL)
    return NULL;

  if (!find_assignment (roster_a, shift_a, staff_a, &assignment_a))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("%s is not on shift %s"), staff_a, shift_a);
      return NULL;
    }
  if (!find_assignment (roster_b, shift_b, staff_b, &assignment_b))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("%s is not on shift %s"), staff_b, shift_b);
      return NULL;
    }
  if (find_assignment (roster_a, shift_a, staff_b, NULL) ||
      find_assignment (roster_b, shift_b, staff_a, NULL))
    {
      invalid (error, "%s", _("One of the two is already on the other’s shift"));
      return NULL;
    }

  locked_a = assignment_a->locked;
  locked_b = assignment_b->locked;

  swap = g_new0 (DdRosterSwap, 1);
  swap->shift_a = g_strdup (shift_a);
  swap->staff_a = g_strdup (staff_a);
  swap->shift_b = g_strdup (shift_b);
  swap->staff_b = g_strdup (staff_b);
  swap->asked_by = g_strstrip (g_strdup (asked_by));
  swap->approved_by = g_strstrip (g_strdup (approved_by));

  ops = g_ptr_array_new_with_free_func (op_free);

  op = op_new (delete_assignment_op);
  op->s1 = shift_a;
  op->s2 = staff_a;
  op->s3 = "assignment.swap";
  g_ptr_array_add (ops, op);

  op = op_new (delete_assignment_op);
  op->s1 = shift_b;
  op->s2 = staff_b;
  op->s3 = "assignment.swap";
  g_ptr_array_add (ops, op);

  op = op_new (insert_assignment_op);
  op->s1 = shift_a;
  op->s2 = staff_b;
  op->i1 = locked_a;
  op->s3 = "assignment.swap";
  g_ptr_array_add (ops, op);

  op = op_new (insert_assignment_op);
  op->s1 = shift_b;
  op->s2 = staff_a;
  op->i1 = locked_b;
  op->s3 = "assignment.swap";
  g_ptr_array_add (ops, op);

  op = op_new (append_swap_op);
  op->object = swap;
  g_ptr_array_add (ops, op);

  if (!write_ops (self, ops, error))
    return NULL;

  return g_steal_pointer (&swap);
}

GPtrArray *
dd_store_list_swaps (DdStore      *self,
                     const GDate  *first,
                     const GDate  *last,
                     GError      **error)
{
  static const char sql[] =
    "SELECT id, shift_a, staff_a, shift_b, staff_b, asked_by, approved_by, created_at"
    " FROM roster_swap"
    " WHERE ((?1 IS NULL OR substr (shift_a, 1, 10) >= ?1) AND (?2 IS NULL OR substr (shift_a, 1, 10) <= ?2))"
    " OR ((?1 IS NULL OR substr (shift_b, 1, 10) >= ?1) AND (?2 IS NULL OR substr (shift_b, 1, 10) <= ?2))"
    " ORDER BY created_at, id";
  g_autoptr(GPtrArray) result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  bind_date (stmt, 1, first);
  bind_date (stmt, 2, last);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_roster_swap_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DdRosterSwap *swap = g_new0 (DdRosterSwap, 1);

      swap->id = column_dup (stmt, 0);
      swap->shift_a = column_dup (stmt, 1);
      swap->staff_a = column_dup (stmt, 2);
      swap->shift_b = column_dup (stmt, 3);
      swap->staff_b = column_dup (stmt, 4);
      swap->asked_by = column_dup (stmt, 5);
      swap->approved_by = column_dup (stmt, 6);
      swap->at_ms = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (result, swap);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return NULL;
    }

  return g_steal_pointer (&result);
}

GPtrArray *
dd_store_check_roster (DdStore      *self,
                       const GDate  *first,
                       const GDate  *last,
                       GError      **error)
{
  g_autoptr(DdRoster) roster = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!check_range (first, last, error) || !ensure_seeded (self, error))
    return NULL;

  roster = load_roster (self, first, last, EDGE_DAYS, error);
  if (roster == NULL)
    return NULL;

  return dd_roster_check (roster, first, last);
}

GPtrArray *
dd_store_roster_stats (DdStore      *self,
                       const GDate  *first,
                       const GDate  *last,
                       GError      **error)
{
  g_autoptr(DdRoster) roster = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!check_range (first, last, error) || !ensure_seeded (self, error))
    return NULL;

  roster = load_roster (self, first, last, 0, error);
  if (roster == NULL)
    return NULL;

  return dd_roster_compute_loads (roster, first, last);
}

static void
add_entries (GPtrArray      *entries,
             DdRoster       *roster,
             const DdShift  *shift)
{
  GPtrArray *assignments = dd_roster_get_assignments (roster);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  for (guint i = 0; i < assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (assignments, i);
      DdStaff *staff;
      DdOnCallEntry *entry;

      if (g_strcmp0 (assignment->shift_id, shift->id) != 0)
        continue;

      staff = dd_roster_lookup_staff (roster, assignment->staff_id);
      if (staff == NULL)
        continue;

      entry = g_new0 (DdOnCallEntry, 1);
      entry->staff = g_object_ref (staff);
      entry->shift = dd_shift_copy (shift);
      g_ptr_array_add (entries, entry);
    }
}

static guint
people_on (DdRoster      *roster,
           const DdShift *shift)
{
  return count_on_shift (roster, shift->id, NULL, NULL);
}

DdOnCall *
dd_store_get_on_call (DdStore  *self,
                      gint64    at_ms,
                      GError  **error)
{
  g_autoptr(DdRoster) roster = NULL;
  g_autoptr(DdOnCall) on_call = NULL;
  GPtrArray *shifts;
  GDate first, last;
  guint minute;
  gint64 next_leader_ms = G_MAXINT64;
  gint64 next_officer_ms = G_MAXINT64;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!ensure_seeded (self, error))
    return NULL;

  dd_duty_date_from_ms (at_ms, &first, &minute);
  last = first;
  g_date_subtract_days (&first, 1);
  g_date_add_days (&last, ON_CALL_LOOKAHEAD_DAYS);

  roster = load_roster (self, &first, &last, 0, error);
  if (roster == NULL)
    return NULL;

  on_call = dd_on_call_new (at_ms);
  shifts = dd_roster_get_shifts (roster);

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      if (shift->start_ms <= at_ms && at_ms < shift->end_ms)
        {
          add_entries (shift->position == DD_POSITION_LEADER ? on_call->leaders : on_call->officers,
                       roster, shift);
          if (people_on (roster, shift) < shift->required)
            g_ptr_array_add (on_call->uncovered, dd_shift_copy (shift));
          if (on_call->until_ms == 0 || shift->end_ms < on_call->until_ms)
            on_call->until_ms = shift->end_ms;
        }
      else if (shift->start_ms > at_ms)
        {
          if (shift->position == DD_POSITION_LEADER && shift->start_ms < next_leader_ms)
            next_leader_ms = shift->start_ms;
          if (shift->position == DD_POSITION_OFFICER && shift->start_ms < next_officer_ms)
            next_officer_ms = shift->start_ms;
        }
    }

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      if (shift->position == DD_POSITION_LEADER && shift->start_ms == next_leader_ms)
        add_entries (on_call->next_leaders, roster, shift);
      else if (shift->position == DD_POSITION_OFFICER && shift->start_ms == next_officer_ms)
        add_entries (on_call->next_officers, roster, shift);
    }

  return g_steal_pointer (&on_call);
}

/* ------------------------------------------------------------------ marks */

static gboolean
check_month (guint     year,
             guint     month,
             GError  **error)
{
  if (year < 1900 || year > 9999 || month < 1 || month > 12)
    return invalid (error, "%s", _("Give a month as YYYY-MM"));

  return TRUE;
}

static char *
month_key (guint year,
           guint month)
{
  return g_strdup_printf ("%04u-%02u", year, month);
}

/* The month's assignments as JSON, sorted: [{"shift_id","staff_id"}]. */
static char *
month_snapshot (DdStore     *self,
                const char  *month,
                GError     **error)
{
  static const char sql[] =
    "SELECT coalesce (json_group_array (json_object ('shift_id', shift_id, 'staff_id', staff_id)), '[]')"
    " FROM (SELECT shift_id, staff_id FROM roster_assignment"
    " WHERE duty_date BETWEEN ?1 || '-01' AND ?1 || '-31' ORDER BY shift_id, staff_id)";

  return query_text2 (self, sql, month, NULL, error);
}

typedef struct
{
  gboolean  found;
  char     *id;
  char     *by;
  gint64    at_ms;
  gint64    version;
  char     *snapshot;
} MarkRow;

static void
mark_row_clear (MarkRow *row)
{
  g_clear_pointer (&row->id, g_free);
  g_clear_pointer (&row->by, g_free);
  g_clear_pointer (&row->snapshot, g_free);
  row->found = FALSE;
}

/* The last mark of @month (of @kind, or any when @kind is NULL). */
static gboolean
last_mark (DdStore     *self,
           const char  *month,
           const char  *kind,
           MarkRow     *row,
           GError     **error)
{
  static const char sql[] =
    "SELECT id, marked_by, created_at, version, snapshot FROM roster_mark"
    " WHERE month = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY rowid DESC LIMIT 1";
  sqlite3_stmt *stmt;
  int rc;

  mark_row_clear (row);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  bind_text (stmt, 1, month);
  bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->found = TRUE;
      row->id = column_dup (stmt, 0);
      row->by = column_dup (stmt, 1);
      row->at_ms = sqlite3_column_int64 (stmt, 2);
      row->version = sqlite3_column_int64 (stmt, 3);
      row->snapshot = column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return FALSE;
    }

  return TRUE;
}

/* The version of @month's roster as it is now; @snapshot (out) its snapshot. */
static gboolean
current_version (DdStore     *self,
                 const char  *month,
                 gint64      *version,
                 char       **snapshot,
                 GError     **error)
{
  MarkRow last = { 0 };
  g_autofree char *current = NULL;

  if (!(current = month_snapshot (self, month, error)))
    return FALSE;

  if (!last_mark (self, month, NULL, &last, error))
    return FALSE;

  if (!last.found)
    *version = 1;
  else if (g_strcmp0 (last.snapshot, current) == 0)
    *version = last.version;
  else
    *version = last.version + 1;

  mark_row_clear (&last);

  if (snapshot != NULL)
    *snapshot = g_steal_pointer (&current);

  return TRUE;
}

/* s1: month; s2: kind; s3: by; s4: snapshot; i1: version; new_id (out), i2 (out): at. */
static gboolean
append_mark_op (DdStore        *self,
                DdHlc           hlc,
                gint64          now_ms,
                Op             *op,
                DdStoreChange  *change,
                GError        **error)
{
  static const char sql[] =
    "INSERT INTO roster_mark (id, month, kind, marked_by, version, snapshot, owner_unit, hlc,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " OWNER_UNIT_SQL ", ?7, ?8)";
  static const char payload_sql[] =
    "SELECT json_object ('id', id, 'month', month, 'kind', kind, 'by', marked_by,"
    " 'version', version, 'snapshot', json (snapshot), 'owner_unit', owner_unit, 'hlc', hlc,"
    " 'at', created_at) FROM roster_mark WHERE id = ?1";
  static const char detail_sql[] =
    "SELECT json_object ('id', id, 'month', month, 'kind', kind, 'by', marked_by,"
    " 'version', version, 'assignments', json_array_length (snapshot)) FROM roster_mark WHERE id = ?1";
  sqlite3_stmt *stmt;
  char *payload;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  op->new_id = dd_uuid7_new (now_ms);
  op->i2 = now_ms;

  bind_text (stmt, 1, op->new_id);
  bind_text (stmt, 2, op->s1);
  bind_text (stmt, 3, op->s2);
  bind_text (stmt, 4, op->s3);
  sqlite3_bind_int64 (stmt, 5, op->i1);
  bind_text (stmt, 6, op->s4);
  sqlite3_bind_int64 (stmt, 7, (gint64) hlc);
  sqlite3_bind_int64 (stmt, 8, now_ms);

  if (!step_one (self, stmt, _("Could not save the roster mark"), error))
    return FALSE;

  if (!(payload = query_text2 (self, payload_sql, op->new_id, NULL, error)))
    return FALSE;

  set_change (change, g_strcmp0 (op->s2, "submitted") == 0 ? "roster.submit" : "roster.check",
              "roster_mark", op->new_id, "append", 0, payload);
  change->detail = query_text2 (self, detail_sql, op->new_id, NULL, error);

  return change->detail != NULL;
}

DdRosterMark *
dd_store_mark_roster_month (DdStore           *self,
                            guint              year,
                            guint              month,
                            DdRosterMarkKind   kind,
                            const char        *by,
                            GError           **error)
{
  g_autofree char *key = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *who = NULL;
  gint64 version = 1;
  DdRosterMark *mark;
  Op op = { 0 };

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!check_month (year, month, error))
    return NULL;

  who = g_strdup (by != NULL ? by : dd_store_get_actor (self));
  if (!check_person_text (_("marked the roster"), who, error))
    return NULL;
  g_strstrip (who);

  if (!ensure_seeded (self, error))
    return NULL;

  key = month_key (year, month);

  /* BEGIN IMMEDIATE comes after this read: another writer may slip in,
   * which at worst records an older version number; acceptable for marks. */
  if (!current_version (self, key, &version, &snapshot, error))
    return NULL;

  op.func = append_mark_op;
  op.s1 = key;
  op.s2 = dd_roster_mark_kind_to_string (kind);
  op.s3 = who;
  op.s4 = snapshot;
  op.i1 = version;

  if (!write_op (self, &op, error))
    {
      g_free (op.new_id);
      return NULL;
    }

  mark = g_new0 (DdRosterMark, 1);
  mark->id = op.new_id;
  mark->year = year;
  mark->month = month;
  mark->kind = kind;
  mark->by = g_steal_pointer (&who);
  mark->at_ms = op.i2;
  mark->version = (guint) version;

  return mark;
}

static DdRosterMark *
mark_from_row (MarkRow          *row,
               guint             year,
               guint             month,
               DdRosterMarkKind  kind)
{
  DdRosterMark *mark;

  if (!row->found)
    return NULL;

  mark = g_new0 (DdRosterMark, 1);
  mark->id = g_strdup (row->id);
  mark->year = year;
  mark->month = month;
  mark->kind = kind;
  mark->by = g_strdup (row->by);
  mark->at_ms = row->at_ms;
  mark->version = (guint) row->version;

  return mark;
}

DdRosterMonthStatus *
dd_store_get_roster_month_status (DdStore  *self,
                                  guint     year,
                                  guint     month,
                                  GError  **error)
{
  g_autoptr(DdRosterMonthStatus) status = NULL;
  g_autofree char *key = NULL;
  g_autofree char *snapshot = NULL;
  MarkRow checked = { 0 };
  MarkRow submitted = { 0 };
  gint64 version = 1;
  gboolean ok;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!check_month (year, month, error))
    return NULL;

  key = month_key (year, month);

  if (!current_version (self, key, &version, &snapshot, error))
    return NULL;

  ok = last_mark (self, key, "checked", &checked, error) &&
       last_mark (self, key, "submitted", &submitted, error);

  if (ok)
    {
      status = g_new0 (DdRosterMonthStatus, 1);
      status->year = year;
      status->month = month;
      status->version = (guint) version;
      status->checked = mark_from_row (&checked, year, month, DD_ROSTER_MARK_CHECKED);
      status->submitted = mark_from_row (&submitted, year, month, DD_ROSTER_MARK_SUBMITTED);
      status->changed_since_submitted = submitted.found && g_strcmp0 (submitted.snapshot, snapshot) != 0;
    }

  mark_row_clear (&checked);
  mark_row_clear (&submitted);

  return g_steal_pointer (&status);
}

/* shift id → GPtrArray of staff ids, from a snapshot. */
static GHashTable *
snapshot_by_shift (DdStore     *self,
                   const char  *snapshot,
                   GError     **error)
{
  static const char sql[] =
    "SELECT json_extract (value, '$.shift_id'), json_extract (value, '$.staff_id')"
    " FROM json_each (?1) ORDER BY 1, 2";
  g_autoptr(GHashTable) table = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  bind_text (stmt, 1, snapshot);

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *shift_id = column_dup (stmt, 0);
      GPtrArray *people = g_hash_table_lookup (table, shift_id);

      if (people == NULL)
        {
          people = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (table, g_strdup (shift_id), people);
        }
      g_ptr_array_add (people, column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return NULL;
    }

  return g_steal_pointer (&table);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
people_strv (GPtrArray *people)
{
  GStrv result = g_new0 (char *, (people != NULL ? people->len : 0) + 1);

  for (guint i = 0; people != NULL && i < people->len; i++)
    result[i] = g_strdup (g_ptr_array_index (people, i));

  return result;
}

static gboolean
same_people (GPtrArray *a,
             GPtrArray *b)
{
  guint na = a != NULL ? a->len : 0;
  guint nb = b != NULL ? b->len : 0;

  if (na != nb)
    return FALSE;

  for (guint i = 0; i < na; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;

  return TRUE;
}

GPtrArray *
dd_store_diff_roster_month (DdStore  *self,
                            guint     year,
                            guint     month,
                            GError  **error)
{
  g_autofree char *key = NULL;
  g_autofree char *current = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GPtrArray) shift_ids = NULL;
  g_autoptr(GPtrArray) result = NULL;
  MarkRow submitted = { 0 };
  GHashTableIter iter;
  gpointer shift_id;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!check_month (year, month, error))
    return NULL;

  key = month_key (year, month);

  if (!last_mark (self, key, "submitted", &submitted, error))
    return NULL;

  if (!submitted.found)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                   _("The roster of %s has not been submitted"), key);
      return NULL;
    }

  current = month_snapshot (self, key, error);
  before = current != NULL ? snapshot_by_shift (self, submitted.snapshot, error) : NULL;
  after = before != NULL ? snapshot_by_shift (self, current, error) : NULL;
  mark_row_clear (&submitted);

  if (after == NULL)
    return NULL;

  shift_ids = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &shift_id, NULL))
    g_ptr_array_add (shift_ids, shift_id);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &shift_id, NULL))
    if (!g_hash_table_contains (before, shift_id))
      g_ptr_array_add (shift_ids, shift_id);

  g_ptr_array_sort (shift_ids, compare_strings);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_roster_diff_free);
  for (guint i = 0; i < shift_ids->len; i++)
    {
      const char *id = g_ptr_array_index (shift_ids, i);
      GPtrArray *was = g_hash_table_lookup (before, id);
      GPtrArray *now = g_hash_table_lookup (after, id);
      DdRosterDiff *diff;

      if (same_people (was, now))
        continue;

      diff = g_new0 (DdRosterDiff, 1);
      diff->shift_id = g_strdup (id);
      diff->before = people_strv (was);
      diff->after = people_strv (now);
      g_ptr_array_add (result, diff);
    }

  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------ demo */

gboolean
dd_store_roster_fill_demo (DdStore  *self,
                           gint64    now_ms,
                           guint32   seed,
                           GError  **error)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(DdRosterGeneration) generation = NULL;
  GDate first, last, leave_first, leave_last;
  guint month, year;

  staff = dd_store_list_staff (self, error);
  if (staff == NULL)
    return FALSE;

  dd_time_beijing_date (now_ms, &first);
  g_date_set_day (&first, 1);
  month = g_date_get_month (&first);
  year = g_date_get_year (&first);
  month = month == 12 ? 1 : month + 1;
  year = month == 1 ? year + 1 : year;
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year),
                  (GDateMonth) month, (GDateYear) year);

  /* A week of leave, mid next month, for an officer picked by the seed. */
  for (guint i = 0; i < staff->len; i++)
    {
      DdStaff *member = g_ptr_array_index (staff, (i + seed) % staff->len);
      g_autoptr(DdAbsence) absence = NULL;
      g_autoptr(DdAbsence) saved = NULL;

      if (dd_staff_get_roles (member) != DD_ROLE_OFFICER || !dd_staff_get_active (member))
        continue;

      g_date_clear (&leave_first, 1);
      g_date_set_dmy (&leave_first, 10, (GDateMonth) month, (GDateYear) year);
      leave_last = leave_first;
      g_date_add_days (&leave_last, 6);
      absence = dd_absence_new (NULL, dd_staff_get_id (member), DD_ABSENCE_KIND_LEAVE,
                                &leave_first, &leave_last, _("Annual leave"));
      saved = dd_store_add_absence (self, absence, error);
      if (saved == NULL)
        return FALSE;
      break;
    }

  generation = dd_store_generate_roster (self, &first, &last, seed, error);

  return generation != NULL;
}
