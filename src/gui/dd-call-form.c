/* dd-call-form.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-call-form.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dd-facts.h"
#include "dd-grading.h"
#include "dd-gui-util.h"
#include "dd-incident.h"
#include "dd-reporting.h"
#include "dd-reporting-ui.h"
#include "dd-roster-store.h"
#include "dd-rules-loader.h"
#include "dd-staff.h"
#include "dd-taxonomy.h"
#include "dd-time.h"

#define DRAFT_GROUP "call"
#define DRAFT_DEBOUNCE_MS 400

struct _DdCallForm
{
  AdwWindow          parent_instance;

  DdStoreService    *service;
  GCancellable      *cancellable;
  DdLevel            level;
  char              *draft_path;
  GKeyFile          *offered_draft;
  DdGradingRules    *grading_rules;
  DdReportingRules  *reporting_rules;
  guint              draft_timeout_id;
  guint              dirty : 1;
  guint              loading : 1;
  guint              officer_edited : 1;
  guint              finished : 1;
  guint              saving : 1;
  char              *officer_id;
  char              *officer_name;
  char              *summary_text;
  char              *follow_up_id;     /* the incident to select once listed */
  GPtrArray         *open_incident_ids;
  GtkStringList     *open_incidents;

  /* Template widgets */
  GtkRevealer       *draft_revealer;
  GtkLabel          *draft_label;
  GtkEntry          *received_entry;
  GtkDropDown       *channel_dropdown;
  GtkEntry          *caller_entry;
  GtkEntry          *unit_entry;
  GtkEntry          *phone_entry;
  GtkTextView       *summary_view;
  GtkToggleButton   *new_incident_toggle;
  GtkToggleButton   *follow_up_toggle;
  GtkToggleButton   *non_incident_toggle;
  GtkLabel          *subtype_row_label;
  GtkDropDown       *subtype_dropdown;
  GtkDropDown       *incident_dropdown;
  GtkDropDown       *reason_dropdown;
  GtkLabel          *location_row_label;
  GtkLabel          *facts_row_label;
  GtkEntry          *location_entry;
  GtkGrid           *facts_grid;
  GtkEntry          *officer_entry;
  GtkLabel          *grade_label;
  GtkLabel          *basis_label;
  GtkLabel          *deadline_label;
  GtkLabel          *error_label;

  GtkEntry          *fact_entries[5];
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_LEVEL,
  PROP_DRAFT_PATH,
  PROP_DRAFT_OFFERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdCallForm, dd_call_form, ADW_TYPE_WINDOW)

/* How a call came in, in the spoken order of the picker. */
static const struct {
  const char *id;
  const char *label;
} channels[] = {
  { "phone", N_("Phone") },
  { "fax", N_("Fax") },
  { "sms", N_("SMS") },
  { "system", N_("Information system") },
  { "online_media", N_("Online media") },
  { "lower_level", N_("Report from a lower level") },
  { "walk_in", N_("Walk-in") },
};

/* The casualty facts the officer hears first. */
static const DdFact form_facts[] = {
  DD_FACT_DEATHS,
  DD_FACT_MISSING,
  DD_FACT_INJURED,
  DD_FACT_SERIOUS_INJURIES,
  DD_FACT_TRAPPED,
};

G_STATIC_ASSERT (G_N_ELEMENTS (form_facts) == 5);

static char *
dup_summary (DdCallForm *self)
{
  return dd_gui_text_view_dup_text (self->summary_view);
}

static DdSubtype *
get_subtype (DdCallForm *self)
{
  return gtk_drop_down_get_selected_item (self->subtype_dropdown);
}

static DdCallDisposition
get_disposition (DdCallForm *self)
{
  if (gtk_toggle_button_get_active (self->follow_up_toggle))
    return DD_CALL_DISPOSITION_FOLLOW_UP;
  if (gtk_toggle_button_get_active (self->non_incident_toggle))
    return DD_CALL_DISPOSITION_NON_INCIDENT;
  return DD_CALL_DISPOSITION_NEW_INCIDENT;
}

/* The incident a follow-up adds to, or %NULL. */
static const char *
get_follow_up_id (DdCallForm *self)
{
  guint selected = gtk_drop_down_get_selected (self->incident_dropdown);

  if (self->open_incident_ids == NULL || selected >= self->open_incident_ids->len)
    return NULL;

  return g_ptr_array_index (self->open_incident_ids, selected);
}

/* The reasons in the order of the picker: DD_NON_INCIDENT_ENQUIRY first. */
static DdNonIncidentReason
get_non_incident_reason (DdCallForm *self)
{
  guint selected = gtk_drop_down_get_selected (self->reason_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected > DD_NON_INCIDENT_TEST_CALL - DD_NON_INCIDENT_ENQUIRY)
    return DD_NON_INCIDENT_ENQUIRY;

  return (DdNonIncidentReason) (DD_NON_INCIDENT_ENQUIRY + selected);
}

static void
select_follow_up (DdCallForm *self,
                  const char *incident_id)
{
  for (guint i = 0; self->open_incident_ids != NULL && i < self->open_incident_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->open_incident_ids, i), incident_id) == 0)
      {
        gtk_drop_down_set_selected (self->incident_dropdown, i);
        return;
      }
}

/* One row per field: what the call is decides which show. */
static void
update_disposition (DdCallForm *self)
{
  DdCallDisposition disposition = get_disposition (self);
  gboolean incident = disposition != DD_CALL_DISPOSITION_NON_INCIDENT;
  GtkWidget *picker;

  gtk_widget_set_visible (GTK_WIDGET (self->subtype_dropdown), disposition == DD_CALL_DISPOSITION_NEW_INCIDENT);
  gtk_widget_set_visible (GTK_WIDGET (self->incident_dropdown), disposition == DD_CALL_DISPOSITION_FOLLOW_UP);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_dropdown), !incident);
  gtk_widget_set_visible (GTK_WIDGET (self->location_row_label), incident);
  gtk_widget_set_visible (GTK_WIDGET (self->location_entry), incident);
  gtk_widget_set_visible (GTK_WIDGET (self->facts_row_label), incident);
  gtk_widget_set_visible (GTK_WIDGET (self->facts_grid), incident);

  switch (disposition)
    {
    case DD_CALL_DISPOSITION_FOLLOW_UP:
      gtk_label_set_text_with_mnemonic (self->subtype_row_label, _("_Which Incident"));
      picker = GTK_WIDGET (self->incident_dropdown);
      break;

    case DD_CALL_DISPOSITION_NON_INCIDENT:
      gtk_label_set_text_with_mnemonic (self->subtype_row_label, _("_Kind of Call"));
      picker = GTK_WIDGET (self->reason_dropdown);
      break;

    case DD_CALL_DISPOSITION_NEW_INCIDENT:
    default:
      gtk_label_set_text_with_mnemonic (self->subtype_row_label, _("Sub-_type"));
      picker = GTK_WIDGET (self->subtype_dropdown);
      break;
    }
  gtk_label_set_mnemonic_widget (self->subtype_row_label, picker);
}

/* The facts typed so far; unparsable ones are left out. */
static void
collect_facts (DdCallForm *self,
               DdFacts    *facts)
{
  dd_facts_clear (facts);

  for (guint i = 0; i < G_N_ELEMENTS (form_facts); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->fact_entries[i]));
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (*stripped != '\0')
        dd_facts_set_from_string (facts, form_facts[i], stripped, NULL);
    }
}

/* The first deadline the grade starts: "Report to the province by 14:32 — 20 minutes". */
static char *
dup_deadline_text (DdCallForm *self,
                   DdGrade     grade,
                   gint64      received_at)
{
  const DdReportingStep *first = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *limit_text = NULL;

  if (self->reporting_rules == NULL || grade == DD_GRADE_NONE)
    return NULL;

  for (guint i = 0; i < dd_reporting_rules_get_n_steps (self->reporting_rules); i++)
    {
      const DdReportingStep *step = dd_reporting_rules_get_step (self->reporting_rules, i);

      if (!step->enabled ||
          (step->levels & (1u << self->level)) == 0 ||
          (step->grades & (1u << grade)) == 0)
        continue;

      if (first == NULL || step->limit_ms < first->limit_ms)
        first = step;
    }

  if (first == NULL)
    return NULL;

  due = dd_time_beijing_from_ms (received_at + first->limit_ms);
  due_text = g_date_time_format (due, "%H:%M");
  limit_text = dd_reporting_ui_format_limit (first->limit_ms);

  /* Translators: "Report to the province by 14:32 — 20 minutes" */
  return g_strdup_printf (_("Report to %s by %s — %s"),
                          dd_recipient_get_label (first->recipient), due_text, limit_text);
}

static void
update_preview (DdCallForm *self)
{
  DdSubtype *subtype = get_subtype (self);
  g_autoptr(DdGradeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basis = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *grade_text = NULL;
  DdFacts facts = DD_FACTS_INIT;
  gint64 received_at;

  collect_facts (self, &facts);

  if (get_disposition (self) != DD_CALL_DISPOSITION_NEW_INCIDENT)
    {
      gtk_label_set_text (self->grade_label,
                          get_disposition (self) == DD_CALL_DISPOSITION_FOLLOW_UP
                            ? _("The incident is regraded with the facts given")
                            : _("Recorded as a call only: no incident, no reporting deadline"));
      gtk_widget_set_visible (GTK_WIDGET (self->basis_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->deadline_label), FALSE);
      return;
    }

  if (subtype == NULL || self->grading_rules == NULL)
    {
      gtk_label_set_text (self->grade_label, _("Choose a sub-type to see the grade"));
      gtk_label_set_text (self->basis_label, "");
      gtk_label_set_text (self->deadline_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->basis_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->deadline_label), FALSE);
      return;
    }

  result = dd_grade_compute (self->grading_rules, dd_subtype_get_scheme (subtype), &facts, &error);
  if (result == NULL)
    {
      gtk_label_set_text (self->grade_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->basis_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->deadline_label), FALSE);
      return;
    }

  if (result->manual_required)
    {
      gtk_label_set_text (self->grade_label, _("No numeric thresholds: the officer sets the grade"));
      gtk_widget_set_visible (GTK_WIDGET (self->basis_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->deadline_label), FALSE);
      return;
    }

  /* Translators: %s is a grade, "Grade III (larger)" */
  grade_text = g_strdup_printf (_("Grade: %s"), dd_grade_get_label (result->grade));
  gtk_label_set_text (self->grade_label, grade_text);

  basis = dd_grade_result_dup_text (result);
  gtk_label_set_text (self->basis_label, basis);
  gtk_widget_set_visible (GTK_WIDGET (self->basis_label), basis != NULL && *basis != '\0');

  if (!dd_time_parse_minutes (gtk_editable_get_text (GTK_EDITABLE (self->received_entry)), &received_at))
    received_at = g_get_real_time () / 1000;
  deadline = dup_deadline_text (self, result->grade, received_at);
  gtk_label_set_text (self->deadline_label, deadline != NULL ? deadline : "");
  gtk_widget_set_visible (GTK_WIDGET (self->deadline_label), deadline != NULL);
}

/* ------------------------------------------------------------------ drafts */

static GKeyFile *
dd_call_form_to_key_file (DdCallForm *self)
{
  GKeyFile *key_file = g_key_file_new ();
  g_autofree char *summary = dup_summary (self);
  DdSubtype *subtype = get_subtype (self);
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);

  g_key_file_set_int64 (key_file, DRAFT_GROUP, "saved-at", g_get_real_time () / 1000);
  g_key_file_set_string (key_file, DRAFT_GROUP, "received",
                         gtk_editable_get_text (GTK_EDITABLE (self->received_entry)));
  if (channel < G_N_ELEMENTS (channels))
    g_key_file_set_string (key_file, DRAFT_GROUP, "channel", channels[channel].id);
  g_key_file_set_string (key_file, DRAFT_GROUP, "caller",
                         gtk_editable_get_text (GTK_EDITABLE (self->caller_entry)));
  g_key_file_set_string (key_file, DRAFT_GROUP, "unit",
                         gtk_editable_get_text (GTK_EDITABLE (self->unit_entry)));
  g_key_file_set_string (key_file, DRAFT_GROUP, "phone",
                         gtk_editable_get_text (GTK_EDITABLE (self->phone_entry)));
  g_key_file_set_string (key_file, DRAFT_GROUP, "summary", summary);
  g_key_file_set_string (key_file, DRAFT_GROUP, "disposition",
                         dd_call_disposition_to_string (get_disposition (self)));
  if (get_follow_up_id (self) != NULL)
    g_key_file_set_string (key_file, DRAFT_GROUP, "incident", get_follow_up_id (self));
  g_key_file_set_string (key_file, DRAFT_GROUP, "reason",
                         dd_non_incident_reason_to_string (get_non_incident_reason (self)));
  if (subtype != NULL)
    g_key_file_set_string (key_file, DRAFT_GROUP, "subtype", dd_subtype_get_id (subtype));
  g_key_file_set_string (key_file, DRAFT_GROUP, "location",
                         gtk_editable_get_text (GTK_EDITABLE (self->location_entry)));
  for (guint i = 0; i < G_N_ELEMENTS (form_facts); i++)
    g_key_file_set_string (key_file, DRAFT_GROUP, dd_fact_to_string (form_facts[i]),
                           gtk_editable_get_text (GTK_EDITABLE (self->fact_entries[i])));
  g_key_file_set_string (key_file, DRAFT_GROUP, "officer",
                         gtk_editable_get_text (GTK_EDITABLE (self->officer_entry)));

  return key_file;
}

static void
dd_call_form_write_draft (DdCallForm *self)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  if (!self->dirty || self->finished || self->draft_path == NULL)
    return;
  self->dirty = FALSE;

  if (!dd_call_form_has_input (self))
    {
      g_unlink (self->draft_path);
      return;
    }

  dir = g_path_get_dirname (self->draft_path);
  g_mkdir_with_parents (dir, 0700);

  key_file = dd_call_form_to_key_file (self);
  data = g_key_file_to_data (key_file, &length, NULL);
  /* Atomic: a crash leaves the previous draft or this one, never half. */
  if (!g_file_set_contents_full (self->draft_path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &error))
    g_warning ("Could not keep the call draft: %s", error->message);
}

static void
dd_call_form_delete_draft (DdCallForm *self)
{
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  self->dirty = FALSE;
  if (self->draft_path != NULL)
    g_unlink (self->draft_path);
}

static gboolean
on_draft_timeout_cb (gpointer user_data)
{
  DdCallForm *self = user_data;

  self->draft_timeout_id = 0;
  dd_call_form_write_draft (self);

  return G_SOURCE_REMOVE;
}

static void
dd_call_form_changed (DdCallForm *self)
{
  if (self->loading)
    return;

  update_preview (self);

  if (self->finished)
    return;

  self->dirty = TRUE;
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  self->draft_timeout_id = g_timeout_add (DRAFT_DEBOUNCE_MS, on_draft_timeout_cb, self);
}

static void
set_entry (GtkEntry   *entry,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
}

static void
dd_call_form_load_key_file (DdCallForm *self,
                            GKeyFile   *key_file)
{
  g_autofree char *received = g_key_file_get_string (key_file, DRAFT_GROUP, "received", NULL);
  g_autofree char *channel = g_key_file_get_string (key_file, DRAFT_GROUP, "channel", NULL);
  g_autofree char *caller = g_key_file_get_string (key_file, DRAFT_GROUP, "caller", NULL);
  g_autofree char *unit = g_key_file_get_string (key_file, DRAFT_GROUP, "unit", NULL);
  g_autofree char *phone = g_key_file_get_string (key_file, DRAFT_GROUP, "phone", NULL);
  g_autofree char *summary = g_key_file_get_string (key_file, DRAFT_GROUP, "summary", NULL);
  g_autofree char *subtype = g_key_file_get_string (key_file, DRAFT_GROUP, "subtype", NULL);
  g_autofree char *location = g_key_file_get_string (key_file, DRAFT_GROUP, "location", NULL);
  g_autofree char *officer = g_key_file_get_string (key_file, DRAFT_GROUP, "officer", NULL);
  g_autofree char *disposition_str = g_key_file_get_string (key_file, DRAFT_GROUP, "disposition", NULL);
  g_autofree char *incident = g_key_file_get_string (key_file, DRAFT_GROUP, "incident", NULL);
  g_autofree char *reason_str = g_key_file_get_string (key_file, DRAFT_GROUP, "reason", NULL);
  DdCallDisposition disposition = DD_CALL_DISPOSITION_NEW_INCIDENT;
  DdNonIncidentReason reason = DD_NON_INCIDENT_ENQUIRY;

  self->loading = TRUE;

  dd_call_disposition_from_string (disposition_str, &disposition);
  if (disposition == DD_CALL_DISPOSITION_FOLLOW_UP)
    gtk_toggle_button_set_active (self->follow_up_toggle, TRUE);
  else if (disposition == DD_CALL_DISPOSITION_NON_INCIDENT)
    gtk_toggle_button_set_active (self->non_incident_toggle, TRUE);
  else
    gtk_toggle_button_set_active (self->new_incident_toggle, TRUE);
  if (incident != NULL)
    {
      g_free (self->follow_up_id);
      self->follow_up_id = g_steal_pointer (&incident);
      select_follow_up (self, self->follow_up_id);
    }
  if (dd_non_incident_reason_from_string (reason_str, &reason) && reason != DD_NON_INCIDENT_NONE)
    gtk_drop_down_set_selected (self->reason_dropdown, reason - DD_NON_INCIDENT_ENQUIRY);

  if (received != NULL && *received != '\0')
    set_entry (self->received_entry, received);
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_strcmp0 (channels[i].id, channel) == 0)
      gtk_drop_down_set_selected (self->channel_dropdown, i);
  set_entry (self->caller_entry, caller);
  set_entry (self->unit_entry, unit);
  set_entry (self->phone_entry, phone);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->summary_view),
                            summary != NULL ? summary : "", -1);
  dd_gui_subtype_dropdown_select (self->subtype_dropdown, subtype);
  set_entry (self->location_entry, location);
  for (guint i = 0; i < G_N_ELEMENTS (form_facts); i++)
    {
      g_autofree char *value = g_key_file_get_string (key_file, DRAFT_GROUP,
                                                      dd_fact_to_string (form_facts[i]), NULL);
      set_entry (self->fact_entries[i], value);
    }
  if (officer != NULL && *officer != '\0')
    {
      set_entry (self->officer_entry, officer);
      self->officer_edited = TRUE;
    }

  self->loading = FALSE;
  update_preview (self);
}

static void
dd_call_form_offer_draft (DdCallForm *self)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GDateTime) saved = NULL;
  g_autofree char *saved_text = NULL;
  g_autofree char *message = NULL;
  gint64 saved_at;

  if (self->draft_path == NULL ||
      !g_key_file_load_from_file (key_file, self->draft_path, G_KEY_FILE_NONE, NULL) ||
      !g_key_file_has_group (key_file, DRAFT_GROUP))
    return;

  saved_at = g_key_file_get_int64 (key_file, DRAFT_GROUP, "saved-at", NULL);
  saved = dd_time_beijing_from_ms (saved_at);
  saved_text = g_date_time_format (saved, "%Y-%m-%d %H:%M:%S");
  /* Translators: %s is when the draft was last written */
  message = g_strdup_printf (_("An unsaved call from %s was kept."), saved_text);
  gtk_label_set_text (self->draft_label, message);

  self->offered_draft = g_steal_pointer (&key_file);
  gtk_revealer_set_reveal_child (self->draft_revealer, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_OFFERED]);
}

static void
dd_call_form_withdraw_offer (DdCallForm *self)
{
  if (self->offered_draft == NULL)
    return;

  g_clear_pointer (&self->offered_draft, g_key_file_unref);
  gtk_revealer_set_reveal_child (self->draft_revealer, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_OFFERED]);
}

/* ------------------------------------------------------------------ saving */

static void
dd_call_form_save (DdCallForm *self)
{
  g_autofree char *summary = dup_summary (self);
  g_autofree char *stripped = g_strstrip (g_strdup (summary));
  gint64 received_at;

  if (!dd_time_parse_minutes (gtk_editable_get_text (GTK_EDITABLE (self->received_entry)), &received_at))
    {
      dd_label_show_message (self->error_label, _("The received time is not a time (YYYY-MM-DD HH:MM)"));
      gtk_widget_grab_focus (GTK_WIDGET (self->received_entry));
      return;
    }

  if (*stripped == '\0')
    {
      dd_label_show_message (self->error_label, _("Write what the caller said in the summary"));
      gtk_widget_grab_focus (GTK_WIDGET (self->summary_view));
      return;
    }

  if (get_disposition (self) == DD_CALL_DISPOSITION_FOLLOW_UP && get_follow_up_id (self) == NULL)
    {
      dd_label_show_message (self->error_label, _("Choose the open incident this call adds to"));
      gtk_widget_grab_focus (GTK_WIDGET (self->incident_dropdown));
      return;
    }

  if (get_disposition (self) == DD_CALL_DISPOSITION_NEW_INCIDENT && get_subtype (self) == NULL)
    {
      dd_label_show_message (self->error_label, _("Choose the sub-type of the incident"));
      gtk_widget_grab_focus (GTK_WIDGET (self->subtype_dropdown));
      return;
    }

  if (self->saving)
    return;

  dd_label_show_message (self->error_label, NULL);
  /* Keep what was typed until the store has it. */
  dd_call_form_write_draft (self);

  self->saving = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call-form.save", FALSE);
  g_signal_emit (self, signals[SUBMIT], 0);
}

/* ------------------------------------------------------------------ callbacks */

static void
on_field_changed_cb (DdCallForm *self)
{
  dd_call_form_changed (self);
}

static void
on_disposition_changed_cb (DdCallForm *self)
{
  update_disposition (self);
  dd_call_form_changed (self);
}

static void
on_officer_changed_cb (GtkEditable *editable,
                       DdCallForm  *self)
{
  if (!self->loading)
    self->officer_edited = TRUE;
  dd_call_form_changed (self);
}

/* The focus leaving a field writes the draft at once. */
static void
on_focus_widget_cb (DdCallForm *self)
{
  if (self->dirty)
    dd_call_form_write_draft (self);
}

static void
on_get_on_call_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DdCallForm *self = user_data;
  g_autoptr(DdOnCall) on_call = NULL;

  on_call = dd_store_service_get_on_call_finish (DD_STORE_SERVICE (object), result, NULL);
  if (on_call == NULL || on_call->officers == NULL || on_call->officers->len == 0)
    return;

  if (!self->officer_edited)
    {
      DdOnCallEntry *entry = g_ptr_array_index (on_call->officers, 0);

      g_free (self->officer_id);
      self->officer_id = g_strdup (dd_staff_get_id (entry->staff));
      g_free (self->officer_name);
      self->officer_name = g_strdup (dd_staff_get_name (entry->staff));
      self->loading = TRUE;
      set_entry (self->officer_entry, self->officer_name);
      self->loading = FALSE;
    }
}

static void
on_draft_restore_button_clicked_cb (GtkButton  *button,
                                    DdCallForm *self)
{
  dd_call_form_restore_draft (self);
}

static void
on_draft_discard_button_clicked_cb (GtkButton  *button,
                                    DdCallForm *self)
{
  dd_call_form_withdraw_offer (self);
  if (!dd_call_form_has_input (self))
    dd_call_form_delete_draft (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->summary_view));
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        DdCallForm       *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      dd_call_form_delete_draft (self);
      self->finished = TRUE;
      /* Not from inside the response: the dialog is transient for us. */
      dd_window_destroy_soon (GTK_WINDOW (self));
    }
}

static void
dd_call_form_ask_discard (DdCallForm *self)
{
  AdwMessageDialog *dialog;

  if (!dd_call_form_has_input (self))
    {
      self->finished = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  dialog = dd_gui_discard_dialog_new (GTK_WINDOW (self), _("Discard This Call?"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_cancel_button_clicked_cb (GtkButton  *button,
                             DdCallForm *self)
{
  dd_call_form_ask_discard (self);
}

static gboolean
dd_call_form_escape (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  dd_call_form_ask_discard (DD_CALL_FORM (widget));
  return TRUE;
}

static void
dd_call_form_save_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  dd_call_form_save (DD_CALL_FORM (widget));
}

/* ------------------------------------------------------------------ vfuncs */

static gboolean
dd_call_form_close_request (GtkWindow *window)
{
  DdCallForm *self = DD_CALL_FORM (window);

  /* Closed without saving: whatever was typed stays in the draft. */
  if (!self->finished)
    dd_call_form_write_draft (self);
  self->finished = TRUE;
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (dd_call_form_parent_class)->close_request (window);
}

static void
on_list_open_incidents_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  DdCallForm *self = user_data;
  g_autoptr(GPtrArray) incidents = NULL;
  g_autoptr(GError) error = NULL;

  incidents = dd_store_service_list_incidents_finish (DD_STORE_SERVICE (object), result, &error);
  if (incidents == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dd_label_show_message (self->error_label, error->message);
      return;
    }

  self->loading = TRUE;
  for (guint i = 0; i < incidents->len; i++)
    {
      DdIncidentSummary *summary = g_ptr_array_index (incidents, i);
      g_autofree char *label = NULL;

      /* Translators: an open incident to add a call to: number · sub-type */
      label = g_strdup_printf (_("%1$s · %2$s"), dd_incident_summary_get_number (summary),
                               dd_taxonomy_get_name (dd_taxonomy_get_default (),
                                                     dd_incident_summary_get_subtype (summary)));
      gtk_string_list_append (self->open_incidents, label);
      g_ptr_array_add (self->open_incident_ids, g_strdup (dd_incident_summary_get_id (summary)));
    }
  gtk_drop_down_set_selected (self->incident_dropdown, GTK_INVALID_LIST_POSITION);
  if (self->follow_up_id != NULL)
    select_follow_up (self, self->follow_up_id);
  self->loading = FALSE;
}

static void
dd_call_form_constructed (GObject *object)
{
  DdCallForm *self = DD_CALL_FORM (object);

  G_OBJECT_CLASS (dd_call_form_parent_class)->constructed (object);

  if (self->service != NULL)
    {
      DdIncidentFilter filter = { .open_only = TRUE };

      dd_store_service_get_on_call_async (self->service, g_get_real_time () / 1000,
                                          self->cancellable, on_get_on_call_cb, self);
      dd_store_service_list_incidents_async (self->service, &filter,
                                             self->cancellable, on_list_open_incidents_cb, self);
    }

  update_disposition (self);
  dd_call_form_offer_draft (self);
  update_preview (self);
}

static void
dd_call_form_dispose (GObject *object)
{
  DdCallForm *self = DD_CALL_FORM (object);

  /* Destroyed without saving (the window's owner went away): keep the draft. */
  if (!self->finished)
    dd_call_form_write_draft (self);
  self->finished = TRUE;
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CALL_FORM);

  G_OBJECT_CLASS (dd_call_form_parent_class)->dispose (object);
}

static void
dd_call_form_finalize (GObject *object)
{
  DdCallForm *self = DD_CALL_FORM (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->draft_path, g_free);
  g_clear_pointer (&self->officer_id, g_free);
  g_clear_pointer (&self->officer_name, g_free);
  g_clear_pointer (&self->follow_up_id, g_free);
  g_clear_pointer (&self->open_incident_ids, g_ptr_array_unref);
  g_clear_object (&self->open_incidents);
  g_clear_pointer (&self->summary_text, g_free);
  g_clear_pointer (&self->offered_draft, g_key_file_unref);
  g_clear_pointer (&self->grading_rules, dd_grading_rules_unref);
  g_clear_pointer (&self->reporting_rules, dd_reporting_rules_unref);

  G_OBJECT_CLASS (dd_call_form_parent_class)->finalize (object);
}

static void
dd_call_form_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DdCallForm *self = DD_CALL_FORM (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_LEVEL:
      g_value_set_int (value, self->level);
      break;

    case PROP_DRAFT_PATH:
      g_value_set_string (value, self->draft_path);
      break;

    case PROP_DRAFT_OFFERED:
      g_value_set_boolean (value, dd_call_form_get_draft_offered (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_call_form_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DdCallForm *self = DD_CALL_FORM (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    case PROP_LEVEL:
      self->level = g_value_get_int (value);
      break;

    case PROP_DRAFT_PATH:
      self->draft_path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_call_form_class_init (DdCallFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = dd_call_form_constructed;
  object_class->dispose = dd_call_form_dispose;
  object_class->finalize = dd_call_form_finalize;
  object_class->get_property = dd_call_form_get_property;
  object_class->set_property = dd_call_form_set_property;

  window_class->close_request = dd_call_form_close_request;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LEVEL] =
    g_param_spec_int ("level", NULL, NULL,
                      DD_LEVEL_PROVINCE, DD_LEVEL_DEPARTMENT, DD_LEVEL_PREFECTURE,
                      (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DRAFT_PATH] =
    g_param_spec_string ("draft-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DRAFT_OFFERED] =
    g_param_spec_boolean ("draft-offered", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdCallForm::submit:
   *
   * The officer asked to save a complete call. The owner takes it with
   * dd_call_form_build_call(), saves it asynchronously, then calls
   * dd_call_form_saved() or dd_call_form_save_failed().
   */
  signals[SUBMIT] =
    g_signal_new ("submit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-call-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, draft_revealer);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, draft_label);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, received_entry);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, caller_entry);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, unit_entry);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, summary_view);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, new_incident_toggle);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, follow_up_toggle);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, non_incident_toggle);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, subtype_row_label);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, subtype_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, incident_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, location_row_label);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, facts_row_label);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, location_entry);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, officer_entry);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, grade_label);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, basis_label);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, deadline_label);
  gtk_widget_class_bind_template_child (widget_class, DdCallForm, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_draft_restore_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_draft_discard_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "call-form.save", NULL, dd_call_form_save_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, dd_call_form_escape, NULL);
}

static void
dd_call_form_init (DdCallForm *self)
{
  g_autoptr(GtkStringList) channel_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) reason_list = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->level = DD_LEVEL_PREFECTURE;

  self->grading_rules = dd_grading_rules_load_default (&error);
  if (self->grading_rules == NULL)
    g_critical ("The shipped grading rules do not load: %s", error->message);
  g_clear_error (&error);
  self->reporting_rules = dd_reporting_rules_load_default (&error);
  if (self->reporting_rules == NULL)
    g_critical ("The shipped reporting rules do not load: %s", error->message);

  self->loading = TRUE;

  now = dd_time_format_minutes (g_get_real_time () / 1000);
  gtk_editable_set_text (GTK_EDITABLE (self->received_entry), now);

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    gtk_string_list_append (channel_list, _(channels[i].label));
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (channel_list));
  gtk_drop_down_set_selected (self->channel_dropdown, 0);

  dd_gui_subtype_dropdown_init (self->subtype_dropdown);

  for (DdNonIncidentReason reason = DD_NON_INCIDENT_ENQUIRY; reason <= DD_NON_INCIDENT_TEST_CALL; reason++)
    gtk_string_list_append (reason_list, dd_non_incident_reason_get_label (reason));
  gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (reason_list));
  self->open_incidents = gtk_string_list_new (NULL);
  self->open_incident_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_drop_down_set_model (self->incident_dropdown, G_LIST_MODEL (self->open_incidents));
  gtk_drop_down_set_selected (self->incident_dropdown, GTK_INVALID_LIST_POSITION);

  for (guint i = 0; i < G_N_ELEMENTS (form_facts); i++)
    {
      GtkWidget *label;
      GtkWidget *entry = dd_gui_fact_entry_new (form_facts[i], &label);

      gtk_grid_attach (self->facts_grid, label, i, 0, 1, 1);
      gtk_grid_attach (self->facts_grid, entry, i, 1, 1, 1);
      self->fact_entries[i] = GTK_ENTRY (entry);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_field_changed_cb), self);
    }

  /* Tab follows the spoken order of a report: the facts' labels come
   * first in the grid, so put every entry after them in order. */
  for (guint i = 0; i < G_N_ELEMENTS (form_facts); i++)
    gtk_widget_insert_before (GTK_WIDGET (self->fact_entries[i]), GTK_WIDGET (self->facts_grid), NULL);

  g_signal_connect_swapped (self->received_entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->channel_dropdown, "notify::selected", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->caller_entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->unit_entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->phone_entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->summary_view), "changed",
                            G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->subtype_dropdown, "notify::selected", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->incident_dropdown, "notify::selected", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->reason_dropdown, "notify::selected", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->new_incident_toggle, "notify::active", G_CALLBACK (on_disposition_changed_cb), self);
  g_signal_connect_swapped (self->follow_up_toggle, "notify::active", G_CALLBACK (on_disposition_changed_cb), self);
  g_signal_connect_swapped (self->non_incident_toggle, "notify::active", G_CALLBACK (on_disposition_changed_cb), self);
  g_signal_connect_swapped (self->location_entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect (self->officer_entry, "changed", G_CALLBACK (on_officer_changed_cb), self);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (on_focus_widget_cb), NULL);

  /* Ctrl+Enter saves even from inside the summary (captured before the
   * text view sees the key). */
  dd_gui_add_save_shortcut (GTK_WIDGET (self), "call-form.save");

  self->loading = FALSE;

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->summary_view));
}

/* ------------------------------------------------------------------ public */

char *
dd_call_form_dup_default_draft_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "duty-desk", "call-draft.ini", NULL);
}

DdCallForm *
dd_call_form_new (DdStoreService *service,
                  DdLevel         level,
                  const char     *draft_path)
{
  g_return_val_if_fail (service == NULL || DD_IS_STORE_SERVICE (service), NULL);

  return g_object_new (DD_TYPE_CALL_FORM,
                       "service", service,
                       "level", (int) level,
                       "draft-path", draft_path,
                       NULL);
}

const char *
dd_call_form_get_draft_path (DdCallForm *self)
{
  g_return_val_if_fail (DD_IS_CALL_FORM (self), NULL);

  return self->draft_path;
}

gboolean
dd_call_form_get_draft_offered (DdCallForm *self)
{
  g_return_val_if_fail (DD_IS_CALL_FORM (self), FALSE);

  return self->offered_draft != NULL;
}

void
dd_call_form_restore_draft (DdCallForm *self)
{
  g_autoptr(GKeyFile) key_file = NULL;

  g_return_if_fail (DD_IS_CALL_FORM (self));

  if (self->offered_draft == NULL)
    return;

  key_file = g_key_file_ref (self->offered_draft);
  dd_call_form_withdraw_offer (self);
  dd_call_form_load_key_file (self, key_file);
  gtk_widget_grab_focus (GTK_WIDGET (self->summary_view));
}

void
dd_call_form_flush_draft (DdCallForm *self)
{
  g_return_if_fail (DD_IS_CALL_FORM (self));

  dd_call_form_write_draft (self);
}

gboolean
dd_call_form_has_input (DdCallForm *self)
{
  g_autofree char *summary = NULL;
  GtkEntry *entries[] = {
    self->caller_entry, self->unit_entry, self->phone_entry, self->location_entry,
  };

  g_return_val_if_fail (DD_IS_CALL_FORM (self), FALSE);

  summary = dup_summary (self);
  if (*summary != '\0' || get_subtype (self) != NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (entries[i])) != '\0')
      return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (form_facts); i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (self->fact_entries[i])) != '\0')
      return TRUE;

  return FALSE;
}

/* The call as typed: @call's strings are owned by the form and valid
 * until the form changes; @event is the new incident's log event. */
void
dd_call_form_build_call (DdCallForm       *self,
                         DdCallInput      *call,
                         DdIncidentEvent **event)
{
  DdSubtype *subtype;
  const char *officer;
  const char *location;
  DdIncidentEvent *log;
  guint channel;

  g_return_if_fail (DD_IS_CALL_FORM (self));
  g_return_if_fail (call != NULL);
  g_return_if_fail (event != NULL);

  g_free (self->summary_text);
  self->summary_text = g_strstrip (dup_summary (self));

  memset (call, 0, sizeof *call);
  if (!dd_time_parse_minutes (gtk_editable_get_text (GTK_EDITABLE (self->received_entry)),
                              &call->received_at))
    call->received_at = 0;
  channel = gtk_drop_down_get_selected (self->channel_dropdown);
  call->channel = channel < DD_N_CALL_CHANNELS ? (DdCallChannel) channel : DD_CALL_CHANNEL_PHONE;
  call->caller_name = gtk_editable_get_text (GTK_EDITABLE (self->caller_entry));
  call->caller_unit = gtk_editable_get_text (GTK_EDITABLE (self->unit_entry));
  call->caller_phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_entry));
  call->summary = self->summary_text;
  officer = gtk_editable_get_text (GTK_EDITABLE (self->officer_entry));
  /* The on-duty officer's staff id while the name is theirs. */
  call->officer_id = g_strcmp0 (officer, self->officer_name) == 0 ? self->officer_id : NULL;
  call->disposition = get_disposition (self);
  call->non_incident_reason = DD_NON_INCIDENT_NONE;

  if (call->disposition == DD_CALL_DISPOSITION_NON_INCIDENT)
    {
      call->non_incident_reason = get_non_incident_reason (self);
      *event = NULL;
      return;
    }

  if (call->disposition == DD_CALL_DISPOSITION_FOLLOW_UP)
    {
      call->incident_id = get_follow_up_id (self);
      log = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_UPDATE, call->received_at);
      log->note = g_strdup (self->summary_text);
    }
  else
    {
      log = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_LOG, call->received_at);
      subtype = get_subtype (self);
      log->subtype = g_strdup (subtype != NULL ? dd_subtype_get_id (subtype) : NULL);
    }
  log->recorded_by = *officer != '\0' ? g_strdup (officer) : NULL;
  collect_facts (self, &log->facts);
  location = gtk_editable_get_text (GTK_EDITABLE (self->location_entry));
  if (*location != '\0')
    dd_incident_event_set_text (log, DD_INCIDENT_TEXT_LOCATION, location);
  /* A follow-up's summary is new information, not a new description. */
  if (call->disposition == DD_CALL_DISPOSITION_NEW_INCIDENT)
    dd_incident_event_set_text (log, DD_INCIDENT_TEXT_DESCRIPTION, self->summary_text);

  *event = log;
}

/* The call is saved: the draft goes, the form closes. */
void
dd_call_form_saved (DdCallForm *self)
{
  g_return_if_fail (DD_IS_CALL_FORM (self));

  self->saving = FALSE;
  dd_call_form_delete_draft (self);
  self->finished = TRUE;
  dd_window_destroy_soon (GTK_WINDOW (self));
}

/* The call could not be saved: the form stays, with the draft. */
void
dd_call_form_save_failed (DdCallForm *self,
                          const char *message)
{
  g_return_if_fail (DD_IS_CALL_FORM (self));

  self->saving = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call-form.save", TRUE);
  dd_label_show_message (self->error_label, message);
}

/* A follow-up call on @incident_id (an open incident): the form shows it
 * chosen, the sub-type gives way to it. */
void
dd_call_form_set_follow_up (DdCallForm *self,
                            const char *incident_id)
{
  g_return_if_fail (DD_IS_CALL_FORM (self));
  g_return_if_fail (incident_id != NULL);

  g_free (self->follow_up_id);
  self->follow_up_id = g_strdup (incident_id);
  gtk_toggle_button_set_active (self->follow_up_toggle, TRUE);
  select_follow_up (self, incident_id);
}
