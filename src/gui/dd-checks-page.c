/* dd-checks-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-checks-page.h"

#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-gui-util.h"
#include "dd-time.h"

struct _DdChecksPage
{
  AdwBin               parent_instance;

  DdStoreService      *service;
  GCancellable        *cancellable;
  guint                year;
  guint                month;
  guint                serial;
  guint                loading : 1;
  guint                loaded : 1;
  guint                dirty : 1;

  GPtrArray           *problems;
  DdRoster            *roster;
  DdRosterMonthStatus *status;
  GPtrArray           *diff;
  guint                counts[DD_PROBLEM_KIND_INACTIVE + 1];

  /* Template widgets */
  GtkLabel            *month_label;
  GtkLabel            *error_label;
  GtkLabel            *version_label;
  AdwActionRow        *checked_row;
  AdwActionRow        *submitted_row;
  GtkButton           *mark_checked_button;
  GtkButton           *mark_submitted_button;
  AdwPreferencesGroup *diff_group;
  GtkListBox          *diff_list;
  GtkDropDown         *kind_filter;
  GtkStack            *problems_stack;
  GtkListBox          *problem_list;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_YEAR,
  PROP_MONTH,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdChecksPage, dd_checks_page, ADW_TYPE_BIN)

#define N_KINDS (DD_PROBLEM_KIND_INACTIVE + 1)

static const char * const kind_icons[N_KINDS] = {
  [DD_PROBLEM_KIND_UNCOVERED] = "dialog-warning-symbolic",
  [DD_PROBLEM_KIND_DOUBLE_BOOKED] = "edit-copy-symbolic",
  [DD_PROBLEM_KIND_REST_VIOLATION] = "alarm-symbolic",
  [DD_PROBLEM_KIND_UNAVAILABLE] = "appointment-missed-symbolic",
  [DD_PROBLEM_KIND_ROLE_MISMATCH] = "system-users-symbolic",
  [DD_PROBLEM_KIND_INACTIVE] = "action-unavailable-symbolic",
};

/* One load of a month: four jobs whose results are applied together. */
typedef struct
{
  DdChecksPage        *self;
  guint                serial;
  guint                pending;
  gboolean             cancelled;
  GPtrArray           *problems;
  DdRoster            *roster;
  DdRosterMonthStatus *status;
  GPtrArray           *diff;
  GError              *error;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->self);
  g_clear_pointer (&load->problems, g_ptr_array_unref);
  g_clear_pointer (&load->roster, dd_roster_unref);
  g_clear_pointer (&load->status, dd_roster_month_status_free);
  g_clear_pointer (&load->diff, g_ptr_array_unref);
  g_clear_error (&load->error);
  g_free (load);
}

static void dd_checks_page_reload (DdChecksPage *self);

static void
month_range (guint  year,
             guint  month,
             GDate *first,
             GDate *last)
{
  g_date_clear (first, 1);
  g_date_clear (last, 1);
  g_date_set_dmy (first, 1, (GDateMonth) month, (GDateYear) year);
  g_date_set_dmy (last,
                  g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year),
                  (GDateMonth) month, (GDateYear) year);
}

static char *
format_month (guint year,
              guint month)
{
  g_autoptr(GDateTime) dt = g_date_time_new (dd_time_zone_beijing (), (int) year, (int) month, 1, 0, 0, 0);

  /* Translators: a month on the Checks page, in g_date_time_format()
   * syntax; Chinese: "%Y年%-m月" */
  /* xgettext:no-c-format */
  return g_date_time_format (dt, _("%B %Y"));
}

static char *
describe_shift (DdChecksPage *self,
                const char   *shift_id)
{
  const DdShift *shift = NULL;

  if (self->roster != NULL)
    shift = dd_roster_lookup_shift (self->roster, shift_id);

  return shift != NULL ? dd_shift_describe (shift) : g_strdup (shift_id);
}

static const char *
staff_name (DdChecksPage *self,
            const char   *staff_id)
{
  DdStaff *staff = NULL;

  if (self->roster != NULL && staff_id != NULL)
    staff = dd_roster_lookup_staff (self->roster, staff_id);

  return staff != NULL ? dd_staff_get_name (staff) : staff_id;
}

static char *
join_names (DdChecksPage *self,
            GStrv         ids)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: between names in a list */
        g_string_append (text, _(", "));
      g_string_append (text, staff_name (self, ids[i]));
    }

  if (text->len == 0)
    /* Translators: a shift with nobody on it */
    g_string_append (text, _("nobody"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
duty_date_of (DdChecksPage *self,
              const char   *shift_id)
{
  const DdShift *shift = NULL;

  if (self->roster != NULL)
    shift = dd_roster_lookup_shift (self->roster, shift_id);
  if (shift != NULL)
    return dd_duty_date_to_string (&shift->date);

  /* Shift ids are "YYYY-MM-DD/TEMPLATE". */
  return g_strndup (shift_id, 10);
}

static GtkWidget *
create_problem_row (DdChecksPage          *self,
                    const DdRosterProblem *problem)
{
  g_autofree char *shift = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *arrow;

  shift = describe_shift (self, problem->shift_id);
  if (problem->staff_id != NULL)
    /* Translators: a problem's title: its kind and the person */
    title = g_strdup_printf (_("%s · %s"),
                             dd_problem_kind_get_label (problem->kind),
                             staff_name (self, problem->staff_id));
  else
    title = g_strdup (dd_problem_kind_get_label (problem->kind));
  /* The sentence usually names the shift already. */
  if (problem->detail != NULL && strstr (problem->detail, shift) != NULL)
    subtitle = g_strdup (problem->detail);
  else
    subtitle = g_strdup_printf ("%s\n%s", shift, problem->detail != NULL ? problem->detail : "");

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "checks-problem");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), kind_icons[problem->kind]);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Show this day in the roster"));

  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show in the roster"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  g_object_set_data (G_OBJECT (row), "dd-problem-kind", GINT_TO_POINTER (problem->kind));
  g_object_set_data_full (G_OBJECT (row), "dd-duty-date",
                          duty_date_of (self, problem->shift_id), g_free);

  return row;
}

static void
dd_checks_page_update_filter_model (DdChecksPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *all = NULL;
  guint selected = gtk_drop_down_get_selected (self->kind_filter);
  guint total = self->problems != NULL ? self->problems->len : 0;

  /* Translators: the kind filter of the Checks page; %u is a count */
  all = g_strdup_printf (_("All kinds (%u)"), total);
  gtk_string_list_append (labels, all);
  for (guint k = 0; k < N_KINDS; k++)
    {
      /* Translators: a problem kind and how many there are, e.g. "Uncovered (3)" */
      g_autofree char *label = g_strdup_printf (_("%s (%u)"),
                                                dd_problem_kind_get_label ((DdProblemKind) k),
                                                self->counts[k]);
      gtk_string_list_append (labels, label);
    }

  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->kind_filter, selected == GTK_INVALID_LIST_POSITION ? 0 : selected);
}

static void
dd_checks_page_update_empty (DdChecksPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_filter);
  guint shown;

  if (self->problems == NULL)
    shown = 0;
  else if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    shown = self->problems->len;
  else
    shown = self->counts[selected - 1];

  gtk_stack_set_visible_child_name (self->problems_stack, shown > 0 ? "list" : "empty");
}

static void
dd_checks_page_show_problems (DdChecksPage *self)
{
  dd_gui_list_box_remove_all (self->problem_list);
  memset (self->counts, 0, sizeof self->counts);

  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    {
      const DdRosterProblem *problem = g_ptr_array_index (self->problems, i);

      if ((guint) problem->kind < N_KINDS)
        {
          self->counts[problem->kind]++;
          gtk_list_box_append (self->problem_list, create_problem_row (self, problem));
        }
    }

  dd_checks_page_update_filter_model (self);
  gtk_list_box_invalidate_filter (self->problem_list);
  dd_checks_page_update_empty (self);
}

static char *
describe_mark (const DdRosterMark *mark)
{
  g_autofree char *when = NULL;

  if (mark == NULL)
    /* Translators: a month's roster not yet checked or submitted */
    return g_strdup (_("Not yet"));

  when = dd_gui_format_instant (mark->at_ms);
  /* Translators: %1$s is who, %2$s when, %3$u the roster's version */
  return g_strdup_printf (_("By %1$s on %2$s (version %3$u)"), mark->by, when, mark->version);
}

static void
dd_checks_page_show_status (DdChecksPage *self)
{
  g_autofree char *version = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *submitted = NULL;
  const DdRosterMonthStatus *status = self->status;

  if (status == NULL)
    {
      gtk_label_set_text (self->version_label, "");
      adw_action_row_set_subtitle (self->checked_row, "");
      adw_action_row_set_subtitle (self->submitted_row, "");
      gtk_widget_set_visible (GTK_WIDGET (self->diff_group), FALSE);
      return;
    }

  version = g_strdup_printf ("%u", status->version);
  gtk_label_set_text (self->version_label, version);

  checked = describe_mark (status->checked);
  adw_action_row_set_subtitle (self->checked_row, checked);

  submitted = describe_mark (status->submitted);
  if (status->submitted != NULL && status->changed_since_submitted)
    {
      g_autofree char *text = submitted;

      /* Translators: %s says who submitted the roster and when */
      submitted = g_strdup_printf (_("%s — changed since"), text);
    }
  adw_action_row_set_subtitle (self->submitted_row, submitted);

  dd_gui_list_box_remove_all (self->diff_list);
  for (guint i = 0; self->diff != NULL && i < self->diff->len; i++)
    {
      const DdRosterDiff *diff = g_ptr_array_index (self->diff, i);
      g_autofree char *shift = describe_shift (self, diff->shift_id);
      g_autofree char *before = join_names (self, diff->before);
      g_autofree char *after = join_names (self, diff->after);
      g_autofree char *change = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: who was on a shift in the submitted roster → who is now */
      change = g_strdup_printf (_("%s → %s"), before, after);
      gtk_widget_set_name (row, "checks-diff");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shift);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), change);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "document-edit-symbolic");
      gtk_list_box_append (self->diff_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->diff_group),
                          status->changed_since_submitted && self->diff != NULL && self->diff->len > 0);
}

static void
load_done (Load *load)
{
  DdChecksPage *self = load->self;

  if (--load->pending > 0)
    return;

  if (!load->cancelled && load->serial == self->serial && self->service != NULL)
    {
      self->loading = FALSE;

      if (load->error != NULL)
        {
          g_autofree char *message = NULL;

          /* Translators: %s is the reason */
          message = g_strdup_printf (_("Could not check the roster: %s"), load->error->message);
          gtk_label_set_text (self->error_label, message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      else
        {
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
        }

      g_clear_pointer (&self->problems, g_ptr_array_unref);
      g_clear_pointer (&self->roster, dd_roster_unref);
      g_clear_pointer (&self->status, dd_roster_month_status_free);
      g_clear_pointer (&self->diff, g_ptr_array_unref);
      self->problems = g_steal_pointer (&load->problems);
      self->roster = g_steal_pointer (&load->roster);
      self->status = g_steal_pointer (&load->status);
      self->diff = g_steal_pointer (&load->diff);

      dd_checks_page_show_status (self);
      dd_checks_page_show_problems (self);

      gtk_widget_set_sensitive (GTK_WIDGET (self->mark_checked_button), load->error == NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->mark_submitted_button), load->error == NULL);

      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

      if (self->dirty)
        dd_checks_page_reload (self);
    }

  load_free (load);
}

static void
load_take_error (Load   *load,
                 GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      load->cancelled = TRUE;
      g_error_free (error);
    }
  else if (load->error == NULL)
    {
      load->error = error;
    }
  else
    {
      g_error_free (error);
    }
}

static void
on_check_roster_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->problems = dd_store_service_check_roster_finish (DD_STORE_SERVICE (object), result, &error);
  if (error != NULL)
    load_take_error (load, error);
  load_done (load);
}

static void
on_load_roster_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->roster = dd_store_service_load_roster_finish (DD_STORE_SERVICE (object), result, &error);
  if (error != NULL)
    load_take_error (load, error);
  load_done (load);
}

static void
on_diff_roster_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->diff = dd_store_service_diff_roster_month_finish (DD_STORE_SERVICE (object), result, &error);
  /* Never submitted after all (a race with another writer): no difference. */
  if (g_error_matches (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
    g_clear_error (&error);
  if (error != NULL)
    load_take_error (load, error);
  load_done (load);
}

static void
on_get_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->status = dd_store_service_get_roster_month_status_finish (DD_STORE_SERVICE (object),
                                                                  result, &error);
  if (error != NULL)
    load_take_error (load, error);

  if (load->status != NULL && load->status->submitted != NULL && !load->cancelled)
    {
      load->pending++;
      dd_store_service_diff_roster_month_async (load->self->service,
                                                load->status->year, load->status->month,
                                                load->self->cancellable,
                                                on_diff_roster_cb, load);
    }

  load_done (load);
}

static void
dd_checks_page_reload (DdChecksPage *self)
{
  GDate first;
  GDate last;
  Load *load;

  if (self->service == NULL || self->year == 0)
    return;

  /* Only what is seen is loaded; a change while hidden waits for the map. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }

  self->dirty = FALSE;
  self->serial++;
  self->loading = TRUE;
  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  month_range (self->year, self->month, &first, &last);

  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->serial = self->serial;
  load->pending = 3;

  dd_store_service_check_roster_async (self->service, &first, &last, self->cancellable,
                                       on_check_roster_cb, load);
  dd_store_service_load_roster_async (self->service, &first, &last, self->cancellable,
                                      on_load_roster_cb, load);
  dd_store_service_get_roster_month_status_async (self->service, self->year, self->month,
                                                  self->cancellable, on_get_status_cb, load);
}

static void
on_service_changed_cb (DdStoreService *service,
                       DdChecksPage   *self)
{
  dd_checks_page_reload (self);
}

static void
on_map_cb (GtkWidget    *widget,
           DdChecksPage *self)
{
  if (self->dirty || !self->loaded)
    dd_checks_page_reload (self);
}

static gboolean
problem_filter_func (GtkListBoxRow *row,
                     gpointer       user_data)
{
  DdChecksPage *self = user_data;
  guint selected = gtk_drop_down_get_selected (self->kind_filter);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return TRUE;

  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dd-problem-kind")) == (int) selected - 1;
}

static void
on_kind_filter_selected_cb (GtkDropDown  *drop_down,
                            GParamSpec   *pspec,
                            DdChecksPage *self)
{
  gtk_list_box_invalidate_filter (self->problem_list);
  dd_checks_page_update_empty (self);
}

static void
on_problem_list_row_activated_cb (GtkListBox    *list,
                                  GtkListBoxRow *row,
                                  DdChecksPage  *self)
{
  const char *date = g_object_get_data (G_OBJECT (row), "dd-duty-date");

  if (date != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-roster-day", "s", date);
}

static void
on_prev_button_clicked_cb (GtkButton    *button,
                           DdChecksPage *self)
{
  if (self->month == 1)
    dd_checks_page_set_month (self, self->year - 1, 12);
  else
    dd_checks_page_set_month (self, self->year, self->month - 1);
}

static void
on_next_button_clicked_cb (GtkButton    *button,
                           DdChecksPage *self)
{
  if (self->month == 12)
    dd_checks_page_set_month (self, self->year + 1, 1);
  else
    dd_checks_page_set_month (self, self->year, self->month + 1);
}

static void
on_this_month_button_clicked_cb (GtkButton    *button,
                                 DdChecksPage *self)
{
  GDate today;

  g_date_clear (&today, 1);
  dd_time_beijing_date (g_get_real_time () / 1000, &today);
  dd_checks_page_set_month (self, g_date_get_year (&today), g_date_get_month (&today));
}

static void
on_mark_roster_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdChecksPage) self = user_data;
  g_autoptr(DdRosterMark) mark = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *month = NULL;

  mark = dd_store_service_mark_roster_month_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (mark == NULL)
    {
      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Not marked: %s"), error->message);
      dd_gui_add_toast (GTK_WIDGET (self), message);
      return;
    }

  month = format_month (mark->year, mark->month);
  if (mark->kind == DD_ROSTER_MARK_SUBMITTED)
    /* Translators: %1$s is a month, %2$u the roster's version */
    message = g_strdup_printf (_("The roster of %1$s is submitted (version %2$u)"), month, mark->version);
  else
    /* Translators: %1$s is a month, %2$u the roster's version */
    message = g_strdup_printf (_("The roster of %1$s is checked (version %2$u)"), month, mark->version);
  dd_gui_add_toast (GTK_WIDGET (self), message);
}

static void
on_marker_row_changed_cb (GtkEditable     *editable,
                          AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (dialog, "mark", text[0] != '\0');
}

static void
on_mark_dialog_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            DdChecksPage     *self)
{
  GtkEditable *marker = g_object_get_data (G_OBJECT (dialog), "dd-marker");
  DdRosterMarkKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "dd-mark-kind"));
  guint year = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "dd-year"));
  guint month = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "dd-month"));
  g_autofree char *by = NULL;

  if (!g_str_equal (response, "mark") || self->service == NULL)
    return;

  by = g_strstrip (g_strdup (gtk_editable_get_text (marker)));
  if (by[0] == '\0')
    return;

  dd_store_service_mark_roster_month_async (self->service, year, month, kind, by,
                                            self->cancellable,
                                            on_mark_roster_cb, g_object_ref (self));
}

static void
on_mark_checked_button_clicked_cb (GtkButton    *button,
                                   DdChecksPage *self)
{
  dd_checks_page_mark (self, DD_ROSTER_MARK_CHECKED);
}

static void
on_mark_submitted_button_clicked_cb (GtkButton    *button,
                                     DdChecksPage *self)
{
  dd_checks_page_mark (self, DD_ROSTER_MARK_SUBMITTED);
}

static void
dd_checks_page_set_service (DdChecksPage   *self,
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
  dd_checks_page_reload (self);
}

static void
dd_checks_page_dispose (GObject *object)
{
  DdChecksPage *self = DD_CHECKS_PAGE (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);
  g_clear_object (&self->service);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CHECKS_PAGE);

  G_OBJECT_CLASS (dd_checks_page_parent_class)->dispose (object);
}

static void
dd_checks_page_finalize (GObject *object)
{
  DdChecksPage *self = DD_CHECKS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->roster, dd_roster_unref);
  g_clear_pointer (&self->status, dd_roster_month_status_free);
  g_clear_pointer (&self->diff, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_checks_page_parent_class)->finalize (object);
}

static void
dd_checks_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DdChecksPage *self = DD_CHECKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_YEAR:
      g_value_set_uint (value, self->year);
      break;

    case PROP_MONTH:
      g_value_set_uint (value, self->month);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, dd_checks_page_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_checks_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DdChecksPage *self = DD_CHECKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_checks_page_set_service (self, g_value_get_object (value));
      break;

    case PROP_CANCELLABLE:
      if (g_set_object (&self->cancellable, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_YEAR:
      dd_checks_page_set_month (self, g_value_get_uint (value), self->month);
      break;

    case PROP_MONTH:
      dd_checks_page_set_month (self, self->year, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_checks_page_class_init (DdChecksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_checks_page_dispose;
  object_class->finalize = dd_checks_page_finalize;
  object_class->get_property = dd_checks_page_get_property;
  object_class->set_property = dd_checks_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_YEAR] =
    g_param_spec_uint ("year", NULL, NULL,
                       1900, 9999, 2026,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MONTH] =
    g_param_spec_uint ("month", NULL, NULL,
                       1, 12, 1,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-checks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, month_label);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, version_label);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, checked_row);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, submitted_row);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, mark_checked_button);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, mark_submitted_button);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, diff_group);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, diff_list);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, problems_stack);
  gtk_widget_class_bind_template_child (widget_class, DdChecksPage, problem_list);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_filter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_prev_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_this_month_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mark_checked_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mark_submitted_button_clicked_cb);
}

static void
dd_checks_page_init (DdChecksPage *self)
{
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->problem_list, problem_filter_func, self, NULL);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), self);

  g_date_clear (&today, 1);
  dd_time_beijing_date (g_get_real_time () / 1000, &today);
  dd_checks_page_set_month (self, g_date_get_year (&today), g_date_get_month (&today));
  dd_checks_page_update_filter_model (self);
}

GtkWidget *
dd_checks_page_new (void)
{
  return g_object_new (DD_TYPE_CHECKS_PAGE, NULL);
}

void
dd_checks_page_set_month (DdChecksPage *self,
                          guint         year,
                          guint         month)
{
  g_autofree char *label = NULL;

  g_return_if_fail (DD_IS_CHECKS_PAGE (self));
  g_return_if_fail (year >= 1900 && year <= 9999);
  g_return_if_fail (month >= 1 && month <= 12);

  if (self->year == year && self->month == month)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->year != year)
    {
      self->year = year;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
    }
  if (self->month != month)
    {
      self->month = month;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTH]);
    }

  label = format_month (year, month);
  gtk_label_set_text (self->month_label, label);

  self->loaded = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  g_object_thaw_notify (G_OBJECT (self));

  dd_checks_page_reload (self);
}

guint
dd_checks_page_get_year (DdChecksPage *self)
{
  g_return_val_if_fail (DD_IS_CHECKS_PAGE (self), 0);

  return self->year;
}

guint
dd_checks_page_get_month (DdChecksPage *self)
{
  g_return_val_if_fail (DD_IS_CHECKS_PAGE (self), 0);

  return self->month;
}

gboolean
dd_checks_page_get_loaded (DdChecksPage *self)
{
  g_return_val_if_fail (DD_IS_CHECKS_PAGE (self), FALSE);

  return self->loaded && !self->loading;
}

guint
dd_checks_page_get_n_problems (DdChecksPage *self)
{
  g_return_val_if_fail (DD_IS_CHECKS_PAGE (self), 0);

  return self->problems != NULL ? self->problems->len : 0;
}

void
dd_checks_page_mark (DdChecksPage     *self,
                     DdRosterMarkKind  kind)
{
  g_autofree char *month = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *what = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *body = NULL;
  g_autofree char *marker_name = NULL;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *marker;
  GtkRoot *root;
  guint n_problems;
  guint version;

  g_return_if_fail (DD_IS_CHECKS_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  month = format_month (self->year, self->month);
  n_problems = dd_checks_page_get_n_problems (self);
  version = self->status != NULL ? self->status->version : 1;

  if (kind == DD_ROSTER_MARK_SUBMITTED)
    {
      heading = g_strdup (_("Mark as Submitted?"));
      /* Translators: %1$s is a month, %2$u the roster's version */
      what = g_strdup_printf (_("The roster of %1$s, version %2$u, will be recorded as submitted upward."),
                              month, version);
    }
  else
    {
      heading = g_strdup (_("Mark as Checked?"));
      /* Translators: %1$s is a month, %2$u the roster's version */
      what = g_strdup_printf (_("The roster of %1$s, version %2$u, will be recorded as checked."),
                              month, version);
    }

  if (n_problems == 0)
    problems = g_strdup (_("The check found no problems."));
  else
    problems = g_strdup_printf (ngettext ("The check found %u problem.",
                                          "The check found %u problems.",
                                          n_problems),
                                n_problems);
  body = g_strdup_printf ("%s\n%s", what, problems);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  gtk_widget_set_name (dialog, "checks-mark-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "mark", kind == DD_ROSTER_MARK_SUBMITTED ? _("_Mark as Submitted")
                                                                             : _("_Mark as Checked"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mark",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "mark");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  marker = adw_entry_row_new ();
  gtk_widget_set_name (marker, "checks-marker");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (marker), _("Marked by"));
  marker_name = dd_checks_page_dup_default_marker ();
  gtk_editable_set_text (GTK_EDITABLE (marker), marker_name);
  gtk_list_box_append (GTK_LIST_BOX (list), marker);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_signal_connect_object (marker, "changed", G_CALLBACK (on_marker_row_changed_cb), dialog, 0);

  g_object_set_data (G_OBJECT (dialog), "dd-marker", marker);
  g_object_set_data (G_OBJECT (dialog), "dd-mark-kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (dialog), "dd-year", GUINT_TO_POINTER (self->year));
  g_object_set_data (G_OBJECT (dialog), "dd-month", GUINT_TO_POINTER (self->month));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_mark_dialog_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

char *
dd_checks_page_dup_default_marker (void)
{
  const char *real = g_get_real_name ();

  if (real != NULL && real[0] != '\0' && g_strcmp0 (real, "Unknown") != 0)
    return g_strdup (real);

  return g_strdup (g_get_user_name ());
}
