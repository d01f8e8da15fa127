/* dd-day-editor.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-day-editor.h"

#include <glib/gi18n.h>

#include "dd-time.h"

struct _DdDayEditor
{
  AdwWindow       parent_instance;

  DdStoreService *service;
  GCancellable   *cancellable;
  GDate           date;
  DdDutyCalendar *calendar;
  DdRoster       *roster;
  DdRegime        base;
  guint           n_pending;

  /* The swap being asked for */
  char           *swap_shift;
  char           *swap_staff;
  GPtrArray      *swap_candidates;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkWidget       *shifts_box;
  GtkWidget       *empty_page;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_N_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdDayEditor, dd_day_editor, ADW_TYPE_WINDOW)

static const char * const weekdays[] = {
  N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
  N_("Friday"), N_("Saturday"), N_("Sunday"),
};

/* A person on a shift that a swap may exchange with. */
typedef struct
{
  char *shift_id;
  char *staff_id;
} SwapCandidate;

static void
swap_candidate_free (SwapCandidate *candidate)
{
  g_free (candidate->shift_id);
  g_free (candidate->staff_id);
  g_free (candidate);
}

static void
dd_day_editor_toast (DdDayEditor *self,
                     const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
dd_day_editor_begin (DdDayEditor *self)
{
  self->n_pending++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

/* Returns %FALSE when the window is gone or the job was cancelled. */
static gboolean
dd_day_editor_end (DdDayEditor  *self,
                   const GError *error)
{
  g_assert (self->n_pending > 0);
  self->n_pending--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  if (error != NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason a roster change failed */
      message = g_strdup_printf (_("Could not change the roster: %s"), error->message);
      dd_day_editor_toast (self, message);
      return FALSE;
    }

  return TRUE;
}

static const char *
staff_name (DdDayEditor *self,
            const char  *staff_id)
{
  DdStaff *staff = self->roster != NULL ? dd_roster_lookup_staff (self->roster, staff_id) : NULL;

  return staff != NULL ? dd_staff_get_name (staff) : staff_id;
}

static gboolean
day_has_night_shift (DdDayEditor *self,
                     const GDate *date)
{
  GPtrArray *shifts = dd_roster_get_shifts (self->roster);

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      if (g_date_compare (&shift->date, date) == 0 &&
          shift->position == DD_POSITION_OFFICER && dd_shift_is_night (shift))
        return TRUE;
    }

  return FALSE;
}

static const char *
shift_title (DdDayEditor   *self,
             const DdShift *shift)
{
  if (shift->position == DD_POSITION_LEADER)
    return _("Leader on duty");
  if (dd_shift_is_night (shift))
    return _("Night officer");
  if (day_has_night_shift (self, &shift->date))
    return _("Day officer");
  return _("Duty officer");
}

static char *
shift_times (const DdShift *shift)
{
  g_autoptr(GDateTime) start = dd_time_beijing_from_ms (shift->start_ms);
  g_autoptr(GDateTime) end = dd_time_beijing_from_ms (shift->end_ms);
  g_autofree char *from = g_date_time_format (start, "%H:%M");
  g_autofree char *to = g_date_time_format (end, "%H:%M");

  if (g_date_time_get_day_of_year (start) != g_date_time_get_day_of_year (end))
    /* Translators: a shift's hours ending the next day, e.g. "17:30 – 08:30 next day" */
    return g_strdup_printf (_("%s – %s next day"), from, to);

  /* Translators: a shift's hours, e.g. "08:30 – 17:30" */
  return g_strdup_printf (_("%s – %s"), from, to);
}

/* "Oct 3 · Night officer · 李四" */
static char *
describe_candidate (DdDayEditor   *self,
                    const DdShift *shift,
                    const char    *staff_id)
{
  g_autofree char *date = NULL;

  /* Translators: a short date in the swap list: month and day; Chinese: "%-m月%-d日" */
  date = g_strdup_printf (_("%2$u/%1$u"), g_date_get_day (&shift->date), g_date_get_month (&shift->date));

  /* Translators: a shift to swap with: the date, the shift and the person */
  return g_strdup_printf (_("%s · %s · %s"), date, shift_title (self, shift), staff_name (self, staff_id));
}

static void
on_unassign_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdDayEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  dd_store_service_unassign_finish (DD_STORE_SERVICE (object), result, &error);
  if (dd_day_editor_end (self, error))
    dd_day_editor_toast (self, _("Removed from the shift"));
}

static void
on_unassign_clicked_cb (GtkButton   *button,
                        DdDayEditor *self)
{
  const char *shift_id = g_object_get_data (G_OBJECT (button), "shift-id");
  const char *staff_id = g_object_get_data (G_OBJECT (button), "staff-id");

  dd_day_editor_begin (self);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  dd_store_service_unassign_async (self->service, shift_id, staff_id, self->cancellable,
                                   on_unassign_cb, g_object_ref (self));
}

static void
on_set_locked_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DdDayEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  dd_store_service_set_locked_finish (DD_STORE_SERVICE (object), result, &error);
  dd_day_editor_end (self, error);
}

static void
on_lock_toggled_cb (GtkToggleButton *button,
                    DdDayEditor     *self)
{
  const char *shift_id = g_object_get_data (G_OBJECT (button), "shift-id");
  const char *staff_id = g_object_get_data (G_OBJECT (button), "staff-id");
  gboolean locked = gtk_toggle_button_get_active (button);

  gtk_button_set_icon_name (GTK_BUTTON (button),
                            locked ? "changes-prevent-symbolic" : "changes-allow-symbolic");
  dd_day_editor_begin (self);
  dd_store_service_set_locked_async (self->service, shift_id, staff_id, locked, self->cancellable,
                                     on_set_locked_cb, g_object_ref (self));
}

static void
on_assign_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DdDayEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  problems = dd_store_service_assign_finish (DD_STORE_SERVICE (object), result, &error);
  if (!dd_day_editor_end (self, error))
    return;

  if (problems != NULL && problems->len > 0)
    {
      const DdRosterProblem *problem = g_ptr_array_index (problems, 0);
      g_autofree char *message = NULL;

      /* Translators: %s says which rule the new assignment breaks */
      message = g_strdup_printf (_("Assigned, but: %s"), problem->detail);
      dd_day_editor_toast (self, message);
    }
  else
    {
      dd_day_editor_toast (self, _("Assigned"));
    }
}

static void
on_assign_clicked_cb (GtkButton   *button,
                      DdDayEditor *self)
{
  GtkDropDown *drop_down = g_object_get_data (G_OBJECT (button), "drop-down");
  const char *shift_id = g_object_get_data (G_OBJECT (button), "shift-id");
  DdStaff *staff = gtk_drop_down_get_selected_item (drop_down);

  if (staff == NULL)
    return;

  dd_day_editor_begin (self);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  dd_store_service_assign_async (self->service, shift_id, dd_staff_get_id (staff), NULL, FALSE,
                                 self->cancellable, on_assign_cb, g_object_ref (self));
}

static void
on_drop_down_selected_cb (GtkDropDown *drop_down,
                          GParamSpec  *pspec,
                          GtkWidget   *button)
{
  gtk_widget_set_sensitive (button, gtk_drop_down_get_selected_item (drop_down) != NULL);
}

static void
on_swap_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DdDayEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdRosterSwap) swap = NULL;

  swap = dd_store_service_swap_finish (DD_STORE_SERVICE (object), result, &error);
  if (dd_day_editor_end (self, error))
    dd_day_editor_toast (self, _("Shifts swapped"));
}

static void
update_swap_response (AdwMessageDialog *dialog)
{
  GtkEditable *asked = g_object_get_data (G_OBJECT (dialog), "asked-by");
  GtkEditable *approved = g_object_get_data (G_OBJECT (dialog), "approved-by");
  GtkDropDown *with = g_object_get_data (G_OBJECT (dialog), "with");
  g_autofree char *asked_text = g_strstrip (g_strdup (gtk_editable_get_text (asked)));
  g_autofree char *approved_text = g_strstrip (g_strdup (gtk_editable_get_text (approved)));

  adw_message_dialog_set_response_enabled (dialog, "swap",
                                           *asked_text != '\0' && *approved_text != '\0' &&
                                           gtk_drop_down_get_selected (with) != GTK_INVALID_LIST_POSITION);
}

static void
on_swap_entry_changed_cb (GtkEditable      *editable,
                          AdwMessageDialog *dialog)
{
  update_swap_response (dialog);
}

static void
on_swap_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DdDayEditor      *self)
{
  GtkEditable *asked = g_object_get_data (G_OBJECT (dialog), "asked-by");
  GtkEditable *approved = g_object_get_data (G_OBJECT (dialog), "approved-by");
  GtkDropDown *with = g_object_get_data (G_OBJECT (dialog), "with");
  g_autofree char *asked_text = NULL;
  g_autofree char *approved_text = NULL;
  const SwapCandidate *candidate;
  guint position;

  if (!g_str_equal (response, "swap") || self->swap_candidates == NULL)
    return;

  position = gtk_drop_down_get_selected (with);
  if (position >= self->swap_candidates->len)
    return;

  candidate = g_ptr_array_index (self->swap_candidates, position);
  asked_text = g_strstrip (g_strdup (gtk_editable_get_text (asked)));
  approved_text = g_strstrip (g_strdup (gtk_editable_get_text (approved)));

  dd_day_editor_begin (self);
  dd_store_service_swap_async (self->service,
                               self->swap_shift, self->swap_staff,
                               candidate->shift_id, candidate->staff_id,
                               asked_text, approved_text,
                               self->cancellable, on_swap_cb, g_object_ref (self));
}

static void
on_swap_clicked_cb (GtkButton   *button,
                    DdDayEditor *self)
{
  const char *shift_id = g_object_get_data (G_OBJECT (button), "shift-id");
  const char *staff_id = g_object_get_data (G_OBJECT (button), "staff-id");
  const DdShift *shift = dd_roster_lookup_shift (self->roster, shift_id);
  GPtrArray *assignments = dd_roster_get_assignments (self->roster);
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *with;
  GtkWidget *list;
  GtkWidget *asked;
  GtkWidget *approved;

  if (shift == NULL)
    return;

  /* People on other shifts of the same position, in time order. */
  g_clear_pointer (&self->swap_candidates, g_ptr_array_unref);
  self->swap_candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) swap_candidate_free);
  g_free (self->swap_shift);
  g_free (self->swap_staff);
  self->swap_shift = g_strdup (shift_id);
  self->swap_staff = g_strdup (staff_id);

  {
    GPtrArray *shifts = dd_roster_get_shifts (self->roster);

    for (guint i = 0; i < shifts->len; i++)
      {
        const DdShift *other = g_ptr_array_index (shifts, i);

        if (other->position != shift->position || g_str_equal (other->id, shift_id))
          continue;

        for (guint j = 0; j < assignments->len; j++)
          {
            const DdAssignment *assignment = g_ptr_array_index (assignments, j);
            SwapCandidate *candidate;
            g_autofree char *label = NULL;

            if (!g_str_equal (assignment->shift_id, other->id) ||
                g_str_equal (assignment->staff_id, staff_id))
              continue;

            candidate = g_new0 (SwapCandidate, 1);
            candidate->shift_id = g_strdup (other->id);
            candidate->staff_id = g_strdup (assignment->staff_id);
            g_ptr_array_add (self->swap_candidates, candidate);

            label = describe_candidate (self, other, assignment->staff_id);
            gtk_string_list_append (strings, label);
          }
      }
  }

  /* Translators: %1$s is a person, %2$s their shift */
  body = g_strdup_printf (_("Swap %1$s's shift (%2$s) with another person's. Both keep a record of who asked and who approved."),
                          staff_name (self, staff_id), shift_title (self, shift));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Swap Shifts"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "swap", _("_Swap"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "swap",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);

  with = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (strings)), NULL);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (with),
                                   FALSE);
  gtk_widget_set_name (with, "swap-with");
  gtk_widget_set_valign (with, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (with),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Swap with"),
                                  -1);
  {
    GtkWidget *row = adw_action_row_new ();

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Swap with"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), with);
    gtk_list_box_append (GTK_LIST_BOX (list), row);
  }

  asked = adw_entry_row_new ();
  gtk_widget_set_name (asked, "swap-asked-by");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (asked), _("Asked by"));
  gtk_list_box_append (GTK_LIST_BOX (list), asked);

  approved = adw_entry_row_new ();
  gtk_widget_set_name (approved, "swap-approved-by");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (approved), _("Approved by"));
  gtk_list_box_append (GTK_LIST_BOX (list), approved);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_object_set_data (G_OBJECT (dialog), "asked-by", asked);
  g_object_set_data (G_OBJECT (dialog), "approved-by", approved);
  g_object_set_data (G_OBJECT (dialog), "with", with);
  g_signal_connect_object (asked, "changed", G_CALLBACK (on_swap_entry_changed_cb), dialog, 0);
  g_signal_connect_object (approved, "changed", G_CALLBACK (on_swap_entry_changed_cb), dialog, 0);
  g_signal_connect_object (with, "notify::selected", G_CALLBACK (update_swap_response), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_swap_response_cb), self, 0);
  update_swap_response (ADW_MESSAGE_DIALOG (dialog));

  if (self->swap_candidates->len == 0)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("Nobody else in the shown weeks holds a shift of this kind to swap with."));

  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
is_absent (DdDayEditor *self,
           const char  *staff_id,
           const GDate *date)
{
  GPtrArray *absences = dd_roster_get_absences (self->roster);

  for (guint i = 0; i < absences->len; i++)
    {
      const DdAbsence *absence = g_ptr_array_index (absences, i);

      if (g_str_equal (absence->staff_id, staff_id) &&
          g_date_compare (&absence->first, date) <= 0 &&
          g_date_compare (date, &absence->last) <= 0)
        return TRUE;
    }

  return FALSE;
}

/* Active people with the position's role, not away that day and not on the
 * shift already. */
static GListModel *
eligible_staff (DdDayEditor   *self,
                const DdShift *shift)
{
  GListStore *store = g_list_store_new (DD_TYPE_STAFF);
  GPtrArray *staff = dd_roster_get_staff (self->roster);
  GPtrArray *assignments = dd_roster_get_assignments (self->roster);
  DdRole role = dd_position_get_role (shift->position);

  for (guint i = 0; i < staff->len; i++)
    {
      DdStaff *person = g_ptr_array_index (staff, i);
      gboolean on_shift = FALSE;

      if (!dd_staff_get_active (person) || (dd_staff_get_roles (person) & role) == 0)
        continue;
      if (is_absent (self, dd_staff_get_id (person), &shift->date))
        continue;

      for (guint j = 0; j < assignments->len && !on_shift; j++)
        {
          const DdAssignment *assignment = g_ptr_array_index (assignments, j);

          on_shift = g_str_equal (assignment->shift_id, shift->id) &&
                     g_str_equal (assignment->staff_id, dd_staff_get_id (person));
        }
      if (!on_shift)
        g_list_store_append (store, person);
    }

  return G_LIST_MODEL (store);
}

static GtkWidget *
make_icon_button (const char *icon_name,
                  const char *name,
                  const char *tooltip,
                  const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  return button;
}

static void
set_ids (gpointer    object,
         const char *shift_id,
         const char *staff_id)
{
  g_object_set_data_full (G_OBJECT (object), "shift-id", g_strdup (shift_id), g_free);
  if (staff_id != NULL)
    g_object_set_data_full (G_OBJECT (object), "staff-id", g_strdup (staff_id), g_free);
}

static GtkWidget *
dd_day_editor_make_person_row (DdDayEditor        *self,
                               const DdShift      *shift,
                               const DdAssignment *assignment)
{
  DdStaff *staff = dd_roster_lookup_staff (self->roster, assignment->staff_id);
  const char *name = staff_name (self, assignment->staff_id);
  const char *phone = staff != NULL ? dd_staff_get_phone (staff) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *a11y = NULL;
  const char *how;
  GtkWidget *row;
  GtkWidget *button;

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "day-editor-person");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);

  if (assignment->locked)
    how = _("Locked");
  else if (assignment->generated)
    how = _("Generated");
  else
    how = _("Set by hand");
  if (phone != NULL && *phone != '\0')
    /* Translators: a person's phone and how they came to be on the shift */
    subtitle = g_strdup_printf (_("%s · %s"), phone, how);
  else
    subtitle = g_strdup (how);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* Lock */
  button = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (button),
                            assignment->locked ? "changes-prevent-symbolic" : "changes-allow-symbolic");
  gtk_widget_set_name (button, "day-editor-lock");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Locked: generation keeps it"));
  /* Translators: %s is a person's name */
  a11y = g_strdup_printf (_("Lock %s on this shift"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), assignment->locked);
  set_ids (button, shift->id, assignment->staff_id);
  g_signal_connect (button, "toggled", G_CALLBACK (on_lock_toggled_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_clear_pointer (&a11y, g_free);

  /* Swap */
  /* Translators: %s is a person's name */
  a11y = g_strdup_printf (_("Swap %s’s shift…"), name);
  button = make_icon_button ("media-playlist-shuffle-symbolic", "day-editor-swap",
                             _("Swap with someone else’s shift…"), a11y);
  set_ids (button, shift->id, assignment->staff_id);
  g_signal_connect (button, "clicked", G_CALLBACK (on_swap_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_clear_pointer (&a11y, g_free);

  /* Remove */
  /* Translators: %s is a person's name */
  a11y = g_strdup_printf (_("Remove %s from this shift"), name);
  button = make_icon_button ("list-remove-symbolic", "day-editor-unassign",
                             _("Remove from this shift"), a11y);
  set_ids (button, shift->id, assignment->staff_id);
  g_signal_connect (button, "clicked", G_CALLBACK (on_unassign_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static GtkWidget *
dd_day_editor_make_empty_row (DdDayEditor   *self,
                              const DdShift *shift,
                              guint          missing)
{
  g_autoptr(GtkExpression) expression = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *a11y = NULL;
  GListModel *model;
  GtkWidget *row;
  GtkWidget *drop_down;
  GtkWidget *button;

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "day-editor-empty-position");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Empty position"));
  /* Translators: how many people a shift still lacks */
  subtitle = g_strdup_printf (ngettext ("%u more person needed", "%u more people needed", missing),
                              missing);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "empty-position");

  model = eligible_staff (self, shift);
  expression = gtk_property_expression_new (DD_TYPE_STAFF, NULL, "name");
  drop_down = gtk_drop_down_new (model, gtk_expression_ref (expression));
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);
  gtk_widget_set_name (drop_down, "day-editor-staff");
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  /* Translators: %s is the shift, e.g. "Night officer" */
  a11y = g_strdup_printf (_("Person for %s"), shift_title (self, shift));
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);

  button = gtk_button_new_with_mnemonic (_("_Assign"));
  gtk_widget_set_name (button, "day-editor-assign");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_sensitive (button, gtk_drop_down_get_selected_item (GTK_DROP_DOWN (drop_down)) != NULL);
  set_ids (button, shift->id, NULL);
  g_object_set_data (G_OBJECT (button), "drop-down", drop_down);
  g_signal_connect (button, "clicked", G_CALLBACK (on_assign_clicked_cb), self);
  g_signal_connect_object (drop_down, "notify::selected", G_CALLBACK (on_drop_down_selected_cb),
                           button, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  if (g_list_model_get_n_items (model) == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Nobody eligible is available"));

  return row;
}

static void
dd_day_editor_rebuild (DdDayEditor *self)
{
  g_autofree char *long_date = NULL;
  g_autofree char *date_text = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GPtrArray *shifts;
  GPtrArray *assignments;
  GtkWidget *child;
  guint n_shifts = 0;

  /* Drop the groups; keep the empty page. */
  child = gtk_widget_get_first_child (self->shifts_box);
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != self->empty_page)
        gtk_box_remove (GTK_BOX (self->shifts_box), child);
      child = next;
    }

  dt = g_date_time_new_local (g_date_get_year (&self->date), g_date_get_month (&self->date),
                              g_date_get_day (&self->date), 12, 0, 0);
  /* Translators: the date on the Today page, without the weekday, in
   * g_date_time_format() syntax; Chinese: "%Y年%-m月%-d日" */
  /* xgettext:no-c-format */
  date_text = g_date_time_format (dt, _("%B %-d, %Y"));
  /* Translators: %1$s is the date, %2$s the weekday; Chinese: "%1$s %2$s" */
  long_date = g_strdup_printf (_("%2$s, %1$s"), date_text,
                               _(weekdays[g_date_get_weekday (&self->date) - 1]));
  adw_window_title_set_title (self->window_title, long_date);
  gtk_window_set_title (GTK_WINDOW (self), long_date);

  if (self->calendar != NULL)
    {
      g_autoptr(DdDutyDay) day = dd_duty_calendar_get_day (self->calendar, self->base, &self->date);

      if (day->kind == DD_DAY_KIND_HOLIDAY && day->holiday != NULL)
        g_string_append (subtitle, day->holiday);
      else
        g_string_append (subtitle, dd_day_kind_get_label (day->kind));
      if (day->regime != DD_REGIME_NONE)
        g_string_append_printf (subtitle, " · %s", dd_regime_get_label (day->regime));
      for (guint i = 0; day->periods != NULL && i < day->periods->len; i++)
        g_string_append_printf (subtitle, " · %s",
                                dd_important_period_get_name (g_ptr_array_index (day->periods, i)));
    }
  adw_window_title_set_subtitle (self->window_title, subtitle->str);

  if (self->roster == NULL)
    return;

  shifts = dd_roster_get_shifts (self->roster);
  assignments = dd_roster_get_assignments (self->roster);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < shifts->len; i++)
      {
        const DdShift *shift = g_ptr_array_index (shifts, i);
        g_autofree char *times = NULL;
        g_autofree char *description = NULL;
        GtkWidget *group;
        guint n = 0;

        if (g_date_compare (&shift->date, &self->date) != 0)
          continue;
        /* Leaders first, then officers by start. */
        if ((pass == 0) != (shift->position == DD_POSITION_LEADER))
          continue;

        n_shifts++;
        group = adw_preferences_group_new ();
        gtk_widget_set_name (group, shift->id);
        adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), shift_title (self, shift));
        times = shift_times (shift);
        description = g_strdup_printf (ngettext ("%s · %u person", "%s · %u people", shift->required),
                                       times, shift->required);
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

        for (guint j = 0; j < assignments->len; j++)
          {
            const DdAssignment *assignment = g_ptr_array_index (assignments, j);

            if (!g_str_equal (assignment->shift_id, shift->id))
              continue;
            n++;
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                       dd_day_editor_make_person_row (self, shift, assignment));
          }

        if (n < shift->required)
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                     dd_day_editor_make_empty_row (self, shift, shift->required - n));

        gtk_box_append (GTK_BOX (self->shifts_box), group);
      }

  gtk_widget_set_visible (self->empty_page, n_shifts == 0);
}

static void
dd_day_editor_dispose (GObject *object)
{
  DdDayEditor *self = DD_DAY_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_DAY_EDITOR);

  G_OBJECT_CLASS (dd_day_editor_parent_class)->dispose (object);
}

static void
dd_day_editor_finalize (GObject *object)
{
  DdDayEditor *self = DD_DAY_EDITOR (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->roster, dd_roster_unref);
  g_clear_pointer (&self->swap_candidates, g_ptr_array_unref);
  g_clear_pointer (&self->swap_shift, g_free);
  g_clear_pointer (&self->swap_staff, g_free);

  G_OBJECT_CLASS (dd_day_editor_parent_class)->finalize (object);
}

static void
dd_day_editor_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DdDayEditor *self = DD_DAY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_day_editor_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DdDayEditor *self = DD_DAY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    case PROP_CANCELLABLE:
      self->cancellable = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_day_editor_class_init (DdDayEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_day_editor_dispose;
  object_class->finalize = dd_day_editor_finalize;
  object_class->get_property = dd_day_editor_get_property;
  object_class->set_property = dd_day_editor_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-day-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DdDayEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, DdDayEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DdDayEditor, shifts_box);
  gtk_widget_class_bind_template_child (widget_class, DdDayEditor, empty_page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dd_day_editor_init (DdDayEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->date, 1);
  self->base = DD_REGIME_7X24;
}

DdDayEditor *
dd_day_editor_new (DdStoreService *service,
                   GCancellable   *cancellable,
                   const GDate    *date)
{
  DdDayEditor *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  self = g_object_new (DD_TYPE_DAY_EDITOR,
                       "service", service,
                       "cancellable", cancellable,
                       NULL);
  self->date = *date;
  dd_day_editor_rebuild (self);

  return self;
}

void
dd_day_editor_get_date (DdDayEditor *self,
                        GDate       *date)
{
  g_return_if_fail (DD_IS_DAY_EDITOR (self));

  *date = self->date;
}

void
dd_day_editor_set_data (DdDayEditor    *self,
                        DdDutyCalendar *calendar,
                        DdRoster       *roster,
                        DdRegime        base)
{
  g_return_if_fail (DD_IS_DAY_EDITOR (self));

  g_set_object (&self->calendar, calendar);
  if (self->roster != roster)
    {
      g_clear_pointer (&self->roster, dd_roster_unref);
      if (roster != NULL)
        self->roster = dd_roster_ref (roster);
    }
  self->base = base;

  dd_day_editor_rebuild (self);
}

guint
dd_day_editor_get_n_pending (DdDayEditor *self)
{
  g_return_val_if_fail (DD_IS_DAY_EDITOR (self), 0);

  return self->n_pending;
}
