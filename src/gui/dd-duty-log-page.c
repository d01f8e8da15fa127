/* dd-duty-log-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-duty-log-page.h"

#include <glib/gi18n.h>

#include "dd-checks-page.h"
#include "dd-duty-date.h"
#include "dd-duty-log-store.h"
#include "dd-gui-util.h"
#include "dd-receipt-badge.h"
#include "dd-reporting-ui.h"
#include "dd-roster-store.h"

struct _DdDutyLogPage
{
  AdwBin          parent_instance;

  DdStoreService *service;
  GCancellable   *cancellable;
  gint64          now_override_ms;
  guint           status_source;
  guint           loading : 1;
  guint           loaded : 1;
  guint           dirty : 1;
  guint           adding : 1;

  DdIncidentRules *rules;
  GPtrArray      *entries;      /* DdLogEntry, oldest first */
  GPtrArray      *instructions; /* DdInstruction */
  GPtrArray      *incidents;    /* DdIncidentSummary, open */
  GHashTable     *numbers;      /* incident id → number */
  DdOnCall       *on_call;
  gint64          day_start;
  char           *pending_kind;  /* duty-log.show-item once loaded */
  char           *pending_id;

  /* Template widgets */
  GtkLabel       *shift_label;
  GtkLabel       *error_label;
  GtkEntry       *log_entry;
  GtkDropDown    *incident_dropdown;
  GtkButton      *add_button;
  GtkStack       *log_stack;
  GtkListBox     *log_list;
  GtkStack       *instructions_stack;
  GtkListBox     *instruction_list;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdDutyLogPage, dd_duty_log_page, ADW_TYPE_BIN)

/* What the page shows, read in one job on the store's thread. */
typedef struct
{
  gint64           at;
  DdIncidentRules *rules;
  gint64           day_start;
  gint64           day_end;
  GPtrArray       *entries;
  GPtrArray       *instructions;
  GPtrArray       *incidents;
  GHashTable      *numbers;
  DdOnCall        *on_call;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->rules, dd_incident_rules_unref);
  g_clear_pointer (&snapshot->entries, g_ptr_array_unref);
  g_clear_pointer (&snapshot->instructions, g_ptr_array_unref);
  g_clear_pointer (&snapshot->incidents, g_ptr_array_unref);
  g_clear_pointer (&snapshot->numbers, g_hash_table_unref);
  g_clear_pointer (&snapshot->on_call, dd_on_call_free);
  g_free (snapshot);
}

static void dd_duty_log_page_reload (DdDutyLogPage *self);
static void dd_duty_log_page_show_instructions (DdDutyLogPage *self);
static void dd_duty_log_page_show_pending (DdDutyLogPage *self);

static gint64
dd_duty_log_page_now_ms (DdDutyLogPage *self)
{
  if (self->now_override_ms != 0)
    return self->now_override_ms;

  return g_get_real_time () / 1000;
}

/* The duty day of @at, the log entries since its start, the instructions
 * open at @at or done since then, the open incidents (and the numbers of
 * the incidents the entries name), and who is on duty. */
static gpointer
load_snapshot_job (DdStore   *store,
                   gpointer   data,
                   GError   **error)
{
  Snapshot *request = data;
  g_autoptr(GPtrArray) all = NULL;
  Snapshot *snapshot;
  DdIncidentFilter filter = { TRUE, NULL, NULL, 0 };
  guint minute = 0;
  GDate day;

  /* A desk without shift templates cuts its days at midnight. */
  if (!dd_store_get_handover_minute (store, &minute, NULL))
    minute = 0;
  g_date_clear (&day, 1);
  dd_duty_day_of (request->at, minute, &day);

  snapshot = g_new0 (Snapshot, 1);
  snapshot->at = request->at;
  dd_duty_day_bounds (&day, minute, &snapshot->day_start, &snapshot->day_end);
  snapshot->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!(snapshot->entries = dd_store_list_log_entries (store, snapshot->day_start, 0, error)) ||
      !(all = dd_store_list_instructions (store, FALSE, 0, error)) ||
      !(snapshot->incidents = dd_store_list_incidents (store, &filter, error)))
    {
      snapshot_free (snapshot);
      return NULL;
    }

  snapshot->instructions = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_instruction_free);
  for (guint i = 0; i < all->len; i++)
    {
      DdInstruction *instruction = g_ptr_array_index (all, i);

      if (instruction->done_at == 0 || instruction->done_at >= snapshot->day_start)
        g_ptr_array_add (snapshot->instructions, dd_instruction_copy (instruction));
    }

  for (guint i = 0; i < snapshot->incidents->len; i++)
    {
      DdIncidentSummary *incident = g_ptr_array_index (snapshot->incidents, i);

      g_hash_table_insert (snapshot->numbers,
                           g_strdup (dd_incident_summary_get_id (incident)),
                           g_strdup (dd_incident_summary_get_number (incident)));
    }

  /* Closed incidents named by an entry or an instruction. */
  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *records = pass == 0 ? snapshot->entries : snapshot->instructions;

      for (guint i = 0; i < records->len; i++)
        {
          const char *id = pass == 0
            ? ((DdLogEntry *) g_ptr_array_index (records, i))->incident_id
            : ((DdInstruction *) g_ptr_array_index (records, i))->incident_id;
          g_autoptr(DdIncidentDetail) detail = NULL;

          if (id == NULL || g_hash_table_contains (snapshot->numbers, id) || request->rules == NULL)
            continue;
          detail = dd_store_get_incident (store, request->rules, id, request->at, NULL);
          if (detail != NULL && detail->summary != NULL)
            g_hash_table_insert (snapshot->numbers, g_strdup (id),
                                 g_strdup (dd_incident_summary_get_number (detail->summary)));
        }
    }

  /* Who writes the log: the roster may not know. */
  snapshot->on_call = dd_store_get_on_call (store, request->at, NULL);

  return snapshot;
}

static const char *
incident_number (DdDutyLogPage *self,
                 const char    *id)
{
  const char *number;

  if (id == NULL)
    return NULL;

  number = self->numbers != NULL ? g_hash_table_lookup (self->numbers, id) : NULL;

  return number != NULL ? number : id;
}

static char *
dup_author (DdDutyLogPage *self)
{
  const char *name = dd_gui_on_call_officer_name (self->on_call, FALSE);

  return name != NULL ? g_strdup (name) : dd_checks_page_dup_default_marker ();
}

static GtkWidget *
create_entry_row (DdDutyLogPage    *self,
                  const DdLogEntry *entry)
{
  g_autofree char *when = dd_gui_format_time_near (entry->at, dd_duty_log_page_now_ms (self));
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *number = incident_number (self, entry->incident_id);
  GtkWidget *row;
  GtkWidget *time_label;

  if (number != NULL)
    /* Translators: the incident a log entry concerns; %s is its number */
    g_string_append_printf (subtitle, _("Incident %s"), number);
  if (entry->author != NULL)
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      /* Translators: who wrote a log entry */
      g_string_append_printf (subtitle, _("by %s"), entry->author);
    }

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "duty-log-entry-row");
  g_object_set_data_full (G_OBJECT (row), "dd-item-id", g_strdup (entry->id), g_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  time_label = gtk_label_new (when);
  gtk_widget_set_name (time_label, "duty-log-entry-time");
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_widget_set_valign (time_label, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), time_label);

  /* how far it has got on its way to the provincial server */
  if (self->service != NULL)
    {
      GtkWidget *badge = dd_receipt_badge_new ();

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      dd_receipt_badge_set_record (DD_RECEIPT_BADGE (badge), dd_receipt_tracker_get_for_service (self->service),
                                   "log_entry", entry->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }

  return row;
}

static void
dd_duty_log_page_show_entries (DdDutyLogPage *self)
{
  dd_gui_list_box_remove_all (self->log_list);

  /* Newest first. */
  for (guint i = self->entries != NULL ? self->entries->len : 0; i > 0; i--)
    gtk_list_box_append (self->log_list, create_entry_row (self, g_ptr_array_index (self->entries, i - 1)));

  gtk_stack_set_visible_child_name (self->log_stack,
                                    self->entries != NULL && self->entries->len > 0 ? "list" : "empty");
}

static void
dd_duty_log_page_show_incidents (DdDutyLogPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *selected_id = NULL;
  guint selected = gtk_drop_down_get_selected (self->incident_dropdown);
  guint position = 0;
  GPtrArray *old = g_object_get_data (G_OBJECT (self->incident_dropdown), "dd-incident-ids");

  if (old != NULL && selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= old->len)
    selected_id = g_ptr_array_index (old, selected - 1);

  /* Translators: the log entry concerns no incident */
  gtk_string_list_append (labels, _("No incident"));
  for (guint i = 0; self->incidents != NULL && i < self->incidents->len; i++)
    {
      DdIncidentSummary *incident = g_ptr_array_index (self->incidents, i);

      gtk_string_list_append (labels, dd_incident_summary_get_number (incident));
      if (g_strcmp0 (selected_id, dd_incident_summary_get_id (incident)) == 0)
        position = i + 1;
    }

  gtk_drop_down_set_model (self->incident_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->incident_dropdown, position);

  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; self->incidents != NULL && i < self->incidents->len; i++)
      g_ptr_array_add (ids, g_strdup (dd_incident_summary_get_id (g_ptr_array_index (self->incidents, i))));
    g_object_set_data_full (G_OBJECT (self->incident_dropdown), "dd-incident-ids",
                            g_steal_pointer (&ids), (GDestroyNotify) g_ptr_array_unref);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->incident_dropdown),
                          self->incidents != NULL && self->incidents->len > 0);
}

static const char *
selected_incident_id (DdDutyLogPage *self)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (self->incident_dropdown), "dd-incident-ids");
  guint selected = gtk_drop_down_get_selected (self->incident_dropdown);

  if (ids == NULL || selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > ids->len)
    return NULL;

  return g_ptr_array_index (ids, selected - 1);
}

static void
on_complete_instruction_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(DdDutyLogPage) self = user_data;
  g_autoptr(DdInstruction) done = NULL;
  g_autoptr(GError) error = NULL;

  done = dd_store_service_complete_instruction_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (done == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Not marked done: %s"), error->message);
      dd_gui_add_toast (GTK_WIDGET (self), message);
      return;
    }

  dd_gui_add_toast (GTK_WIDGET (self), _("The instruction is marked done"));
}

static void
on_reason_row_changed_cb (GtkEditable      *editable,
                          AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (dialog, "done", text[0] != '\0');
}

static void
on_done_dialog_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            DdDutyLogPage    *self)
{
  GtkEditable *reason_row = g_object_get_data (G_OBJECT (dialog), "dd-reason");
  const char *id = g_object_get_data (G_OBJECT (dialog), "dd-instruction-id");
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "done") || self->service == NULL)
    return;

  reason = g_strstrip (g_strdup (gtk_editable_get_text (reason_row)));
  dd_store_service_complete_instruction_async (self->service, id, dd_duty_log_page_now_ms (self),
                                               reason[0] != '\0' ? reason : NULL,
                                               self->cancellable,
                                               on_complete_instruction_cb, g_object_ref (self));
}

static void
on_done_button_clicked_cb (GtkButton     *button,
                           DdDutyLogPage *self)
{
  const DdInstruction *instruction = g_object_get_data (G_OBJECT (button), "dd-instruction");
  gboolean late = dd_instruction_done_is_late (instruction, dd_duty_log_page_now_ms (self));
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *reason;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Mark the Instruction Done?"), instruction->text);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "done", _("_Mark Done"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "done",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "done");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  reason = adw_entry_row_new ();
  gtk_widget_set_name (reason, "duty-log-done-reason");
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (reason), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason),
                                 late ? _("_Reason for the delay (required)") : _("_Note (optional)"));
  gtk_list_box_append (GTK_LIST_BOX (list), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  if (late)
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("The feedback is late: say why before marking it done."));
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "done", FALSE);
      g_signal_connect_object (reason, "changed", G_CALLBACK (on_reason_row_changed_cb), dialog, 0);
    }

  g_object_set_data (G_OBJECT (dialog), "dd-reason", reason);
  g_object_set_data_full (G_OBJECT (dialog), "dd-instruction-id", g_strdup (instruction->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_done_dialog_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
}

static GtkWidget *
create_instruction_row (DdDutyLogPage       *self,
                        const DdInstruction *instruction,
                        gint64               now_ms,
                        gint64              *next_change)
{
  DdReportingRules *reporting = self->rules != NULL ? dd_incident_rules_get_reporting (self->rules) : NULL;
  DdClockStatus status;
  g_autofree char *issued = dd_gui_format_time_near (instruction->issued_at, now_ms);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *done_label = NULL;
  const char *number = incident_number (self, instruction->incident_id);
  gint64 change = 0;
  GtkWidget *row;
  GtkWidget *status_label;

  status = dd_instruction_status_at (instruction, reporting, now_ms, &change);
  if (change > now_ms && (*next_change == 0 || change < *next_change))
    *next_change = change;

  /* Translators: %1$s is the leader, %2$s when the instruction was given */
  g_string_append_printf (subtitle, _("%1$s at %2$s"), instruction->issued_by, issued);
  if (instruction->feedback_due != 0)
    {
      g_autofree char *due = dd_gui_format_time_near (instruction->feedback_due, now_ms);

      g_string_append (subtitle, " · ");
      /* Translators: %s is when feedback on an instruction is due */
      g_string_append_printf (subtitle, _("feedback due %s"), due);
    }
  if (instruction->done_at != 0)
    {
      g_autofree char *done = dd_gui_format_time_near (instruction->done_at, now_ms);

      g_string_append (subtitle, " · ");
      /* Translators: %s is when an instruction was done */
      g_string_append_printf (subtitle, _("done %s"), done);
    }
  if (number != NULL)
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("Incident %s"), number);
    }

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "duty-log-instruction");
  g_object_set_data_full (G_OBJECT (row), "dd-item-id", g_strdup (instruction->id), g_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), instruction->text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  status_label = gtk_label_new (dd_gui_instruction_status_label (status));
  gtk_widget_set_name (status_label, "duty-log-instruction-status");
  gtk_widget_set_valign (status_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status_label, "heading");
  dd_gui_style_clock_status (status_label, status);
  g_object_set_data (G_OBJECT (status_label), "dd-status", GINT_TO_POINTER (status));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status_label);

  if (instruction->done_at == 0)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Mark _Done…"));

      /* Translators: %s is the instruction's text */
      done_label = g_strdup_printf (_("Mark done: %s"), instruction->text);
      gtk_widget_set_name (button, "duty-log-instruction-done");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, done_label,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "dd-instruction",
                              dd_instruction_copy (instruction), (GDestroyNotify) dd_instruction_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_done_button_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static gboolean
on_status_timeout_cb (gpointer user_data)
{
  DdDutyLogPage *self = user_data;

  self->status_source = 0;
  dd_duty_log_page_show_instructions (self);

  return G_SOURCE_REMOVE;
}

static void
dd_duty_log_page_show_instructions (DdDutyLogPage *self)
{
  gint64 now_ms = dd_duty_log_page_now_ms (self);
  gint64 next_change = 0;

  g_clear_handle_id (&self->status_source, g_source_remove);
  dd_gui_list_box_remove_all (self->instruction_list);

  for (guint i = 0; self->instructions != NULL && i < self->instructions->len; i++)
    gtk_list_box_append (self->instruction_list,
                         create_instruction_row (self, g_ptr_array_index (self->instructions, i),
                                                 now_ms, &next_change));

  gtk_stack_set_visible_child_name (self->instructions_stack,
                                    self->instructions != NULL && self->instructions->len > 0
                                    ? "list" : "empty");

  /* Statuses change by themselves (due soon, overdue): show them then. */
  if (next_change > now_ms && self->now_override_ms == 0)
    self->status_source = g_timeout_add_seconds ((guint) MIN ((next_change - now_ms) / 1000 + 1, 3600),
                                                 on_status_timeout_cb, self);
}

/* The row of the item a duty-log.show-item asked for, once the page is
 * loaded: focused (and so scrolled to), or a toast when this duty day
 * does not list it. */
static void
dd_duty_log_page_show_pending (DdDutyLogPage *self)
{
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  GtkWidget *list;

  if (self->pending_id == NULL || !self->loaded || self->loading)
    return;

  kind = g_steal_pointer (&self->pending_kind);
  id = g_steal_pointer (&self->pending_id);
  list = GTK_WIDGET (g_str_equal (kind, "instruction") ? self->instruction_list : self->log_list);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "dd-item-id"), id) == 0)
      {
        GtkRoot *root = gtk_widget_get_root (row);

        gtk_widget_grab_focus (row);
        /* Shown as a keyboard focus would be: the row stands out. */
        if (GTK_IS_WINDOW (root))
          gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
        return;
      }

  dd_gui_add_toast (GTK_WIDGET (self), g_str_equal (kind, "instruction")
                                       ? _("The instruction is not listed in this duty day")
                                       : _("The log entry is not in this duty day"));
}

static void
on_load_snapshot_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DdDutyLogPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *snapshot;

  snapshot = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;

  if (snapshot == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Could not read the duty log: %s"), error->message);
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else
    {
      g_autofree char *since = dd_gui_format_instant (snapshot->day_start);
      g_autofree char *text = NULL;

      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      g_clear_pointer (&self->entries, g_ptr_array_unref);
      g_clear_pointer (&self->instructions, g_ptr_array_unref);
      g_clear_pointer (&self->incidents, g_ptr_array_unref);
      g_clear_pointer (&self->numbers, g_hash_table_unref);
      g_clear_pointer (&self->on_call, dd_on_call_free);
      self->entries = g_steal_pointer (&snapshot->entries);
      self->instructions = g_steal_pointer (&snapshot->instructions);
      self->incidents = g_steal_pointer (&snapshot->incidents);
      self->numbers = g_steal_pointer (&snapshot->numbers);
      self->on_call = g_steal_pointer (&snapshot->on_call);
      self->day_start = snapshot->day_start;

      /* Translators: %s is when the duty day started (the handover) */
      text = g_strdup_printf (_("This duty day, since %s"), since);
      gtk_label_set_text (self->shift_label, text);

      dd_duty_log_page_show_entries (self);
      dd_duty_log_page_show_instructions (self);
      dd_duty_log_page_show_incidents (self);
      snapshot_free (snapshot);
    }

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  dd_duty_log_page_show_pending (self);

  if (self->dirty)
    dd_duty_log_page_reload (self);
}

static void
dd_duty_log_page_reload (DdDutyLogPage *self)
{
  g_autoptr(GError) error = NULL;
  Snapshot *request;

  if (self->service == NULL)
    return;

  /* Only what is seen is loaded; a change while hidden waits for the map. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->loading)
    {
      self->dirty = TRUE;
      return;
    }

  if (self->rules == NULL)
    self->rules = dd_reporting_ui_load_rules ();

  self->dirty = FALSE;
  self->loading = TRUE;
  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  request = g_new0 (Snapshot, 1);
  request->at = dd_duty_log_page_now_ms (self);
  request->rules = self->rules != NULL ? dd_incident_rules_ref (self->rules) : NULL;
  dd_store_service_run_async (self->service, load_snapshot_job,
                              request, (GDestroyNotify) snapshot_free,
                              (GDestroyNotify) snapshot_free, FALSE,
                              self->cancellable, on_load_snapshot_cb, g_object_ref (self));
}

static void
on_add_log_entry_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DdDutyLogPage) self = user_data;
  g_autoptr(DdLogEntry) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = dd_store_service_add_log_entry_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->adding = FALSE;
  gtk_editable_set_editable (GTK_EDITABLE (self->log_entry), TRUE);

  if (saved == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason; what was typed stays in the entry */
      message = g_strdup_printf (_("Not logged: %s"), error->message);
      dd_gui_add_toast (GTK_WIDGET (self), message);
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->log_entry), "");
      gtk_drop_down_set_selected (self->incident_dropdown, 0);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->log_entry));
}

static void
dd_duty_log_page_add_entry (DdDutyLogPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->log_entry))));
  g_autoptr(DdLogEntry) entry = NULL;

  if (text[0] == '\0' || self->service == NULL || self->adding)
    return;

  entry = dd_log_entry_new (NULL, dd_duty_log_page_now_ms (self), text);
  entry->incident_id = g_strdup (selected_incident_id (self));
  entry->author = dup_author (self);

  self->adding = TRUE;
  gtk_editable_set_editable (GTK_EDITABLE (self->log_entry), FALSE);
  dd_store_service_add_log_entry_async (self->service, entry, self->cancellable,
                                        on_add_log_entry_cb, g_object_ref (self));
}

static void
on_log_entry_activate_cb (GtkEntry      *entry,
                          DdDutyLogPage *self)
{
  dd_duty_log_page_add_entry (self);
}

static void
on_log_entry_changed_cb (GtkEditable   *editable,
                         DdDutyLogPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), text[0] != '\0');
}

static void
on_add_button_clicked_cb (GtkButton     *button,
                          DdDutyLogPage *self)
{
  dd_duty_log_page_add_entry (self);
}

static void
on_add_instruction_button_clicked_cb (GtkButton     *button,
                                      DdDutyLogPage *self)
{
  dd_duty_log_page_add_instruction (self);
}

static void
on_handover_button_clicked_cb (GtkButton     *button,
                               DdDutyLogPage *self)
{
  dd_duty_log_page_open_handover (self);
}

/* duty-log.show-item ((kind, id)): kind "log" or "instruction". */
static void
show_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DdDutyLogPage *self = DD_DUTY_LOG_PAGE (widget);
  const char *kind;
  const char *id;

  g_variant_get (parameter, "(&s&s)", &kind, &id);
  g_free (self->pending_kind);
  g_free (self->pending_id);
  self->pending_kind = g_strdup (kind);
  self->pending_id = g_strdup (id);

  if (self->loaded && !self->loading && !self->dirty)
    dd_duty_log_page_show_pending (self);
  else if (gtk_widget_get_mapped (widget))
    dd_duty_log_page_reload (self);
}

static void
on_service_changed_cb (DdStoreService *service,
                       DdDutyLogPage  *self)
{
  dd_duty_log_page_reload (self);
}

static void
on_map_cb (GtkWidget     *widget,
           DdDutyLogPage *self)
{
  if (self->dirty || !self->loaded)
    dd_duty_log_page_reload (self);
}

static void
dd_duty_log_page_set_service (DdDutyLogPage  *self,
                              DdStoreService *service)
{
  if (self->service == service)
    return;

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  g_set_object (&self->service, service);

  if (self->service != NULL)
    g_signal_connect_object (self->service, "changed",
                             G_CALLBACK (on_service_changed_cb), self, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
  self->loaded = FALSE;
  dd_duty_log_page_reload (self);
}

static void
dd_duty_log_page_dispose (GObject *object)
{
  DdDutyLogPage *self = DD_DUTY_LOG_PAGE (object);

  g_clear_handle_id (&self->status_source, g_source_remove);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);
  g_clear_object (&self->service);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_DUTY_LOG_PAGE);

  G_OBJECT_CLASS (dd_duty_log_page_parent_class)->dispose (object);
}

static void
dd_duty_log_page_finalize (GObject *object)
{
  DdDutyLogPage *self = DD_DUTY_LOG_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->instructions, g_ptr_array_unref);
  g_clear_pointer (&self->incidents, g_ptr_array_unref);
  g_clear_pointer (&self->numbers, g_hash_table_unref);
  g_clear_pointer (&self->on_call, dd_on_call_free);
  g_clear_pointer (&self->pending_kind, g_free);
  g_clear_pointer (&self->pending_id, g_free);

  G_OBJECT_CLASS (dd_duty_log_page_parent_class)->finalize (object);
}

static void
dd_duty_log_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DdDutyLogPage *self = DD_DUTY_LOG_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, dd_duty_log_page_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_duty_log_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DdDutyLogPage *self = DD_DUTY_LOG_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_duty_log_page_set_service (self, g_value_get_object (value));
      break;

    case PROP_CANCELLABLE:
      if (g_set_object (&self->cancellable, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_duty_log_page_class_init (DdDutyLogPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_duty_log_page_dispose;
  object_class->finalize = dd_duty_log_page_finalize;
  object_class->get_property = dd_duty_log_page_get_property;
  object_class->set_property = dd_duty_log_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-duty-log-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdDutyLogPage, shift_label);
  gtk_widget_class_bind_template_child (widget_class, DdDutyLogPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DdDutyLogPage, log_entry);
  gtk_widget_class_bind_template_child (widget_class, DdDutyLogPage, incident_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdDutyLogPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, DdDutyLogPage, log_stack);
  gtk_widget_class_bind_template_child (widget_class, DdDutyLogPage, log_list);
  gtk_widget_class_bind_template_child (widget_class, DdDutyLogPage, instructions_stack);
  gtk_widget_class_bind_template_child (widget_class, DdDutyLogPage, instruction_list);
  gtk_widget_class_bind_template_callback (widget_class, on_log_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_log_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_instruction_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_handover_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "duty-log.show-item", "(ss)", show_item_action);
}

static void
dd_duty_log_page_init (DdDutyLogPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), self);
  dd_duty_log_page_show_incidents (self);
}

GtkWidget *
dd_duty_log_page_new (void)
{
  return g_object_new (DD_TYPE_DUTY_LOG_PAGE, NULL);
}

void
dd_duty_log_page_set_now_override (DdDutyLogPage *self,
                                   gint64         now_ms)
{
  g_return_if_fail (DD_IS_DUTY_LOG_PAGE (self));

  self->now_override_ms = now_ms;
  dd_duty_log_page_reload (self);
}

gint64
dd_duty_log_page_get_now_override (DdDutyLogPage *self)
{
  g_return_val_if_fail (DD_IS_DUTY_LOG_PAGE (self), 0);

  return self->now_override_ms;
}

gboolean
dd_duty_log_page_get_loaded (DdDutyLogPage *self)
{
  g_return_val_if_fail (DD_IS_DUTY_LOG_PAGE (self), FALSE);

  return self->loaded && !self->loading;
}

guint
dd_duty_log_page_get_n_entries (DdDutyLogPage *self)
{
  g_return_val_if_fail (DD_IS_DUTY_LOG_PAGE (self), 0);

  return self->entries != NULL ? self->entries->len : 0;
}

DdInstructionWindow *
dd_duty_log_page_add_instruction (DdDutyLogPage *self)
{
  DdInstructionWindow *window;
  GtkRoot *root;

  g_return_val_if_fail (DD_IS_DUTY_LOG_PAGE (self), NULL);
  g_return_val_if_fail (self->service != NULL, NULL);

  window = dd_instruction_window_new (self->service, self->incidents, dd_duty_log_page_now_ms (self));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

DdHandoverWindow *
dd_duty_log_page_open_handover (DdDutyLogPage *self)
{
  DdHandoverWindow *window;
  GtkRoot *root;

  g_return_val_if_fail (DD_IS_DUTY_LOG_PAGE (self), NULL);
  g_return_val_if_fail (self->service != NULL, NULL);

  window = dd_handover_window_new (self->service, self->now_override_ms);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));

  return window;
}
