/* dd-roster-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-roster-page.h"

#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-gui-util.h"
#include "dd-roster-document.h"
#include "dd-time.h"

/* ------------------------------------------------------------------ rows */

/* One shift (and, in the person view, one person on it) as a row of the
 * week and person lists. */
#define DD_TYPE_ROSTER_ROW (dd_roster_row_get_type ())
G_DECLARE_FINAL_TYPE (DdRosterRow, dd_roster_row, DD, ROSTER_ROW, GObject)

struct _DdRosterRow
{
  GObject  parent_instance;

  char    *date;
  char    *shift;
  char    *times;
  char    *people;
  char    *state;
};

G_DEFINE_FINAL_TYPE (DdRosterRow, dd_roster_row, G_TYPE_OBJECT)

static void
dd_roster_row_finalize (GObject *object)
{
  DdRosterRow *self = DD_ROSTER_ROW (object);

  g_free (self->date);
  g_free (self->shift);
  g_free (self->times);
  g_free (self->people);
  g_free (self->state);

  G_OBJECT_CLASS (dd_roster_row_parent_class)->finalize (object);
}

static void
dd_roster_row_class_init (DdRosterRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dd_roster_row_finalize;
}

static void
dd_roster_row_init (DdRosterRow *self)
{
}

/* ------------------------------------------------------------------ page */

struct _DdRosterPage
{
  AdwBin               parent_instance;

  DdStoreService      *service;
  GCancellable        *cancellable;
  guint                year;
  guint                month;
  GDate                today;

  /* What the last reload brought */
  DdDesk              *desk;
  DdDutyCalendar      *calendar;
  DdRoster            *roster;
  DdRosterMonthStatus *status;
  GPtrArray           *problems;
  char                *load_error;

  /* The reload in flight */
  guint                n_pending;
  guint                reload_again : 1;
  guint                generating : 1;

  /* The last generation, for Undo and the unfilled list */
  GPtrArray           *generated;
  GPtrArray           *unfilled;

  DdDayEditor         *editor;
  GListStore          *week_rows;
  GListStore          *person_rows;
  GListStore          *staff;
  char                *person_id;
  GActionMap          *window_actions;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkRevealer         *schedule_revealer;
  GtkLabel            *schedule_label;
  GtkRevealer         *unfilled_revealer;
  GtkLabel            *unfilled_label;
  GtkLabel            *month_title;
  GtkLabel            *status_label;
  GtkWidget           *changed_label;
  GtkButton           *problems_button;
  AdwViewStack        *view_stack;
  DdMonthGrid         *month_grid;
  GtkLabel            *week_label;
  GtkColumnView       *week_view;
  GtkDropDown         *person_drop_down;
  GtkLabel            *person_summary;
  GtkColumnView       *person_view;
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

G_DEFINE_FINAL_TYPE (DdRosterPage, dd_roster_page, ADW_TYPE_BIN)

static const char * const weekday_abbrevs[] = {
  NC_("weekday abbreviation", "Mon"), NC_("weekday abbreviation", "Tue"),
  NC_("weekday abbreviation", "Wed"), NC_("weekday abbreviation", "Thu"),
  NC_("weekday abbreviation", "Fri"), NC_("weekday abbreviation", "Sat"),
  NC_("weekday abbreviation", "Sun"),
};

static void dd_roster_page_reload (DdRosterPage *self);

static void
month_range (guint  year,
             guint  month,
             GDate *first,
             GDate *last)
{
  g_date_clear (first, 1);
  g_date_clear (last, 1);
  g_date_set_dmy (first, 1, month, year);
  g_date_set_dmy (last, g_date_get_days_in_month (month, year), month, year);
}

static void
dd_roster_page_toast (DdRosterPage *self,
                      const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static char *
format_times (const DdShift *shift)
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

/* "Mon 10/5" */
static char *
format_short_date (const GDate *date)
{
  /* Translators: a weekday and a short date in the week and person lists:
   * %1$s the weekday, %2$u the month, %3$u the day; Chinese: "%2$u月%3$u日 %1$s" */
  return g_strdup_printf (_("%1$s %2$u/%3$u"),
                          g_dpgettext2 (NULL, "weekday abbreviation",
                                        weekday_abbrevs[g_date_get_weekday (date) - 1]),
                          g_date_get_month (date), g_date_get_day (date));
}

static gboolean
roster_day_has_night (DdRoster    *roster,
                      const GDate *date)
{
  GPtrArray *shifts = dd_roster_get_shifts (roster);

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
shift_title (DdRoster      *roster,
             const DdShift *shift)
{
  if (shift->position == DD_POSITION_LEADER)
    return _("Leader on duty");
  if (dd_shift_is_night (shift))
    return _("Night officer");
  if (roster_day_has_night (roster, &shift->date))
    return _("Day officer");
  return _("Duty officer");
}

static void
dd_roster_page_update_header (DdRosterPage *self)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) status = g_string_new (NULL);

  dt = g_date_time_new_local (self->year, self->month, 1, 12, 0, 0);
  /* Translators: the month shown in the roster, in g_date_time_format()
   * syntax; Chinese: "%Y年%-m月" */
  /* xgettext:no-c-format */
  title = g_date_time_format (dt, _("%B %Y"));
  gtk_label_set_text (self->month_title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->month_grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);

  if (self->load_error != NULL)
    {
      gtk_label_set_text (self->status_label, self->load_error);
      gtk_widget_set_visible (self->changed_label, FALSE);
    }
  else if (self->status != NULL)
    {
      /* Translators: the version of the month's roster */
      g_string_append_printf (status, _("Version %u"), self->status->version);

      if (self->status->checked != NULL)
        {
          g_autoptr(GDateTime) when = dd_time_beijing_from_ms (self->status->checked->at_ms);
          /* xgettext:no-c-format */
          g_autofree char *at = g_date_time_format (when, _("%Y-%m-%d %H:%M"));

          g_string_append (status, " · ");
          /* Translators: %1$s is who checked the roster, %2$s when */
          g_string_append_printf (status, _("Checked by %1$s on %2$s"),
                                  self->status->checked->by, at);
        }
      else
        {
          g_string_append (status, " · ");
          g_string_append (status, _("Not checked"));
        }

      if (self->status->submitted != NULL)
        {
          g_autoptr(GDateTime) when = dd_time_beijing_from_ms (self->status->submitted->at_ms);
          /* xgettext:no-c-format */
          g_autofree char *at = g_date_time_format (when, _("%Y-%m-%d %H:%M"));

          g_string_append (status, " · ");
          /* Translators: %1$u is the submitted version, %2$s when */
          g_string_append_printf (status, _("Version %1$u submitted on %2$s"),
                                  self->status->submitted->version, at);
        }
      else
        {
          g_string_append (status, " · ");
          g_string_append (status, _("Not submitted"));
        }

      gtk_label_set_text (self->status_label, status->str);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), status->str);
      gtk_widget_set_visible (self->changed_label, self->status->changed_since_submitted);
    }
  else
    {
      gtk_label_set_text (self->status_label, "");
      gtk_widget_set_visible (self->changed_label, FALSE);
    }

  if (self->problems != NULL)
    {
      g_autofree char *label = NULL;

      if (self->problems->len == 0)
        label = g_strdup (_("No Problems"));
      else
        /* Translators: the button that leads to the roster checks */
        label = g_strdup_printf (ngettext ("%u Problem", "%u Problems", self->problems->len),
                                 self->problems->len);
      gtk_button_set_label (self->problems_button, label);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_button), TRUE);
      if (self->problems->len > 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->problems_button), "has-problems");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->problems_button), "has-problems");
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->problems_button), FALSE);
    }

  if (self->calendar != NULL && !dd_duty_calendar_has_schedule (self->calendar, self->year))
    {
      g_autofree char *text = NULL;

      /* Translators: %u is a year */
      text = g_strdup_printf (_("No holiday schedule for %u: holidays are not known; import one with dutyctl calendar import"),
                              self->year);
      gtk_label_set_text (self->schedule_label, text);
      gtk_revealer_set_reveal_child (self->schedule_revealer, TRUE);
    }
  else
    {
      gtk_revealer_set_reveal_child (self->schedule_revealer, FALSE);
    }
}

/* The names on @shift, joined. */
static char *
shift_people (DdRoster      *roster,
              const DdShift *shift,
              guint         *n_out)
{
  GPtrArray *assignments = dd_roster_get_assignments (roster);
  g_autoptr(GString) names = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (assignments, i);
      DdStaff *staff;

      if (!g_str_equal (assignment->shift_id, shift->id))
        continue;

      staff = dd_roster_lookup_staff (roster, assignment->staff_id);
      if (n > 0)
        /* Translators: between names of people on one shift */
        g_string_append (names, _(", "));
      g_string_append (names, staff != NULL ? dd_staff_get_name (staff) : assignment->staff_id);
      n++;
    }

  if (n_out != NULL)
    *n_out = n;

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
dd_roster_page_update_week (DdRosterPage *self)
{
  GDate focus;
  GDate first;
  GDate last;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  GPtrArray *shifts;

  g_list_store_remove_all (self->week_rows);

  dd_month_grid_get_focus_date (self->month_grid, &focus);
  if (!g_date_valid (&focus))
    return;

  first = focus;
  g_date_subtract_days (&first, g_date_get_weekday (&first) - G_DATE_MONDAY);
  last = first;
  g_date_add_days (&last, 6);

  from = format_short_date (&first);
  to = format_short_date (&last);
  /* Translators: the week shown, e.g. "Mon 10/5 – Sun 10/11" */
  text = g_strdup_printf (_("%s – %s"), from, to);
  gtk_label_set_text (self->week_label, text);

  if (self->roster == NULL)
    return;

  shifts = dd_roster_get_shifts (self->roster);
  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);
      g_autoptr(DdRosterRow) row = NULL;
      guint n = 0;

      if (g_date_compare (&shift->date, &first) < 0 || g_date_compare (&shift->date, &last) > 0)
        continue;

      row = g_object_new (DD_TYPE_ROSTER_ROW, NULL);
      row->date = format_short_date (&shift->date);
      row->shift = g_strdup (shift_title (self->roster, shift));
      row->times = format_times (shift);
      row->people = shift_people (self->roster, shift, &n);
      if (n < shift->required)
        /* Translators: a shift lacking people in the week list */
        row->state = g_strdup_printf (ngettext ("%u uncovered", "%u uncovered", shift->required - n),
                                      shift->required - n);
      else
        row->state = g_strdup ("");
      g_list_store_append (self->week_rows, row);
    }
}

static void
dd_roster_page_update_person (DdRosterPage *self)
{
  DdStaff *person = gtk_drop_down_get_selected_item (self->person_drop_down);
  GPtrArray *shifts;
  GPtrArray *assignments;
  GDate first;
  GDate last;
  guint n_shifts = 0;
  guint n_nights = 0;
  gint64 minutes = 0;
  g_autofree char *summary = NULL;

  g_list_store_remove_all (self->person_rows);

  if (person == NULL || self->roster == NULL)
    {
      gtk_label_set_text (self->person_summary, "");
      return;
    }

  g_free (self->person_id);
  self->person_id = g_strdup (dd_staff_get_id (person));

  month_range (self->year, self->month, &first, &last);
  shifts = dd_roster_get_shifts (self->roster);
  assignments = dd_roster_get_assignments (self->roster);

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      if (g_date_compare (&shift->date, &first) < 0 || g_date_compare (&shift->date, &last) > 0)
        continue;

      for (guint j = 0; j < assignments->len; j++)
        {
          const DdAssignment *assignment = g_ptr_array_index (assignments, j);
          g_autoptr(DdRosterRow) row = NULL;

          if (!g_str_equal (assignment->shift_id, shift->id) ||
              !g_str_equal (assignment->staff_id, dd_staff_get_id (person)))
            continue;

          row = g_object_new (DD_TYPE_ROSTER_ROW, NULL);
          row->date = format_short_date (&shift->date);
          row->shift = g_strdup (shift_title (self->roster, shift));
          row->times = format_times (shift);
          row->people = shift_people (self->roster, shift, NULL);
          if (assignment->locked)
            row->state = g_strdup (_("Locked"));
          else if (assignment->generated)
            row->state = g_strdup (_("Generated"));
          else
            row->state = g_strdup (_("Set by hand"));
          g_list_store_append (self->person_rows, row);

          n_shifts++;
          if (dd_shift_is_night (shift))
            n_nights++;
          minutes += dd_shift_get_minutes (shift);
        }
    }

  /* Translators: a person's month: shifts, of which nights, and hours */
  summary = g_strdup_printf (ngettext ("%u shift this month (%u at night), %.1f hours",
                                       "%u shifts this month (%u at night), %.1f hours", n_shifts),
                             n_shifts, n_nights, minutes / 60.0);
  gtk_label_set_text (self->person_summary, summary);
}

static void
dd_roster_page_update_staff (DdRosterPage *self)
{
  GPtrArray *staff;
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n = 0;

  if (self->roster == NULL)
    return;

  staff = dd_roster_get_staff (self->roster);

  g_signal_handlers_block_matched (self->person_drop_down, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_list_store_remove_all (self->staff);
  for (guint i = 0; i < staff->len; i++)
    {
      DdStaff *person = g_ptr_array_index (staff, i);

      if (!dd_staff_get_active (person))
        continue;
      if (g_strcmp0 (dd_staff_get_id (person), self->person_id) == 0)
        selected = n;
      g_list_store_append (self->staff, person);
      n++;
    }
  if (selected == GTK_INVALID_LIST_POSITION && n > 0)
    selected = 0;
  gtk_drop_down_set_selected (self->person_drop_down, selected);
  g_signal_handlers_unblock_matched (self->person_drop_down, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
dd_roster_page_apply (DdRosterPage *self)
{
  DdRegime base = self->desk != NULL ? dd_desk_get_regime (self->desk) : DD_REGIME_7X24;

  dd_month_grid_set_data (self->month_grid, self->calendar, self->roster, base, &self->today);
  if (self->editor != NULL)
    dd_day_editor_set_data (self->editor, self->calendar, self->roster, base);

  dd_roster_page_update_header (self);
  dd_roster_page_update_staff (self);
  dd_roster_page_update_week (self);
  dd_roster_page_update_person (self);
}

static void
dd_roster_page_set_actions_enabled (DdRosterPage *self)
{
  gboolean ready = self->roster != NULL && self->calendar != NULL && !self->generating;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.generate", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.print", ready);

  if (self->window_actions != NULL)
    {
      GAction *action;

      action = g_action_map_lookup_action (self->window_actions, "roster-generate");
      if (G_IS_SIMPLE_ACTION (action))
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), ready);
      action = g_action_map_lookup_action (self->window_actions, "roster-print");
      if (G_IS_SIMPLE_ACTION (action))
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), ready);
    }
}

static void
dd_roster_page_job_done (DdRosterPage *self)
{
  g_assert (self->n_pending > 0);

  if (--self->n_pending > 0)
    return;

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      dd_roster_page_reload (self);
      return;
    }

  dd_roster_page_apply (self);
  dd_roster_page_set_actions_enabled (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* Records the first failure of a reload for the header. */
static void
dd_roster_page_load_failed (DdRosterPage *self,
                            const GError *error)
{
  if (self->load_error == NULL)
    /* Translators: %s is why the roster could not be read */
    self->load_error = g_strdup_printf (_("Could not read the roster: %s"), error->message);
}

static void
on_get_desk_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DdRosterPage *self = user_data;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  desk = dd_store_service_get_desk_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (desk != NULL)
    g_set_object (&self->desk, desk);
  else
    dd_roster_page_load_failed (self, error);

  dd_roster_page_job_done (self);
}

static void
on_load_calendar_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DdRosterPage *self = user_data;
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;

  calendar = dd_store_service_load_calendar_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (calendar != NULL)
    g_set_object (&self->calendar, calendar);
  else
    dd_roster_page_load_failed (self, error);

  dd_roster_page_job_done (self);
}

static void
on_load_roster_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DdRosterPage *self = user_data;
  g_autoptr(GError) error = NULL;
  DdRoster *roster;

  roster = dd_store_service_load_roster_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (roster != NULL)
    {
      g_clear_pointer (&self->roster, dd_roster_unref);
      self->roster = roster;
    }
  else
    {
      dd_roster_page_load_failed (self, error);
    }

  dd_roster_page_job_done (self);
}

static void
on_get_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DdRosterPage *self = user_data;
  g_autoptr(GError) error = NULL;
  DdRosterMonthStatus *status;

  status = dd_store_service_get_roster_month_status_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->status, dd_roster_month_status_free);
  if (status != NULL)
    self->status = status;
  else
    dd_roster_page_load_failed (self, error);

  dd_roster_page_job_done (self);
}

static void
on_check_roster_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DdRosterPage *self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  problems = dd_store_service_check_roster_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (problems != NULL)
    self->problems = problems;
  else
    dd_roster_page_load_failed (self, error);

  dd_roster_page_job_done (self);
}

static void
dd_roster_page_reload (DdRosterPage *self)
{
  GDate first;
  GDate last;
  GDate month_first;
  GDate month_last;

  if (self->service == NULL || self->year == 0)
    return;

  if (self->n_pending > 0)
    {
      self->reload_again = TRUE;
      return;
    }

  dd_time_beijing_date (g_get_real_time () / 1000, &self->today);
  g_clear_pointer (&self->load_error, g_free);

  dd_month_grid_get_range (self->month_grid, &first, &last);
  month_range (self->year, self->month, &month_first, &month_last);

  self->n_pending = 5;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  dd_store_service_get_desk_async (self->service, self->cancellable, on_get_desk_cb, self);
  dd_store_service_load_calendar_async (self->service, self->cancellable, on_load_calendar_cb, self);
  dd_store_service_load_roster_async (self->service, &first, &last, self->cancellable,
                                      on_load_roster_cb, self);
  dd_store_service_get_roster_month_status_async (self->service, self->year, self->month,
                                                  self->cancellable, on_get_status_cb, self);
  dd_store_service_check_roster_async (self->service, &month_first, &month_last,
                                       self->cancellable, on_check_roster_cb, self);
}

/* ------------------------------------------------------------------ generate */

static void
on_unfilled_details_clicked_cb (GtkButton    *button,
                                DdRosterPage *self)
{
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *scrolled;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->unfilled == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Positions Left Empty"),
                                   _("Nobody could lawfully fill these positions. Assign someone by hand, or change leave or the rest rule."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));

  list = gtk_list_box_new ();
  gtk_widget_set_name (list, "roster-unfilled-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  for (guint i = 0; i < self->unfilled->len; i++)
    {
      const DdUnfilled *unfilled = g_ptr_array_index (self->unfilled, i);
      const DdShift *shift = self->roster != NULL ? dd_roster_lookup_shift (self->roster, unfilled->shift_id) : NULL;
      g_autofree char *title = shift != NULL ? dd_shift_describe (shift) : g_strdup (unfilled->shift_id);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), unfilled->detail);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_unfilled_dismiss_clicked_cb (GtkButton    *button,
                                DdRosterPage *self)
{
  gtk_revealer_set_reveal_child (self->unfilled_revealer, FALSE);
}

static void
on_generate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DdRosterPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdRosterGeneration) generation = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;
  guint n_filled;
  guint n_unfilled = 0;

  generation = dd_store_service_generate_roster_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->generating = FALSE;
  dd_roster_page_set_actions_enabled (self);

  if (generation == NULL)
    {
      /* Translators: %s is why the roster could not be generated */
      message = g_strdup_printf (_("Could not generate the roster: %s"), error->message);
      dd_roster_page_toast (self, message);
      return;
    }

  g_clear_pointer (&self->generated, g_ptr_array_unref);
  self->generated = g_ptr_array_ref (generation->assignments);
  g_clear_pointer (&self->unfilled, g_ptr_array_unref);
  self->unfilled = g_ptr_array_ref (generation->unfilled);

  for (guint i = 0; i < generation->unfilled->len; i++)
    n_unfilled += ((const DdUnfilled *) g_ptr_array_index (generation->unfilled, i))->missing;
  n_filled = generation->assignments->len;

  if (n_unfilled > 0)
    {
      g_autofree char *banner = NULL;

      /* Translators: %u positions the generator could not fill */
      banner = g_strdup_printf (ngettext ("%u position could not be filled lawfully",
                                          "%u positions could not be filled lawfully", n_unfilled),
                                n_unfilled);
      gtk_label_set_text (self->unfilled_label, banner);
      gtk_revealer_set_reveal_child (self->unfilled_revealer, TRUE);
      /* Translators: after generating: %1$u filled, %2$u left empty */
      message = g_strdup_printf (ngettext ("Filled %1$u position, %2$u left empty",
                                           "Filled %1$u positions, %2$u left empty", n_filled),
                                 n_filled, n_unfilled);
    }
  else
    {
      gtk_revealer_set_reveal_child (self->unfilled_revealer, FALSE);
      if (n_filled == 0)
        message = g_strdup (_("Every position was already filled"));
      else
        /* Translators: after generating */
        message = g_strdup_printf (ngettext ("Filled %u position", "Filled %u positions", n_filled),
                                   n_filled);
    }

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 10);
  if (n_filled > 0)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "roster.undo-generate");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
dd_roster_page_generate_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  DdRosterPage *self = DD_ROSTER_PAGE (widget);
  GDate first;
  GDate last;

  if (self->service == NULL || self->generating)
    return;

  self->generating = TRUE;
  dd_roster_page_set_actions_enabled (self);
  month_range (self->year, self->month, &first, &last);
  /* The same month and data give the same roster. */
  dd_store_service_generate_roster_async (self->service, &first, &last,
                                          (guint64) self->year * 100 + self->month,
                                          self->cancellable, on_generate_cb, self);
}

/* Undo: takes off exactly the people the last generation put on. */
static gpointer
undo_generation_job (DdStore   *store,
                     gpointer   data,
                     GError   **error)
{
  GPtrArray *assignments = data;
  guint *removed = g_new0 (guint, 1);

  for (guint i = 0; i < assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (assignments, i);
      g_autoptr(GError) local_error = NULL;

      if (dd_store_unassign (store, assignment->shift_id, assignment->staff_id, &local_error))
        (*removed)++;
      else if (!g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          g_free (removed);
          return NULL;
        }
    }

  return removed;
}

static void
on_undo_generation_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  DdRosterPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *removed = NULL;
  g_autofree char *message = NULL;

  removed = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (removed == NULL)
    /* Translators: %s is why undoing the generation failed */
    message = g_strdup_printf (_("Could not undo the generation: %s"), error->message);
  else
    /* Translators: after undoing a generation */
    message = g_strdup_printf (ngettext ("Removed %u generated assignment",
                                         "Removed %u generated assignments", *removed),
                               *removed);
  dd_roster_page_toast (self, message);
}

static void
dd_roster_page_undo_generate_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  DdRosterPage *self = DD_ROSTER_PAGE (widget);
  GPtrArray *assignments;

  if (self->service == NULL || self->generated == NULL)
    return;

  assignments = g_steal_pointer (&self->generated);
  g_clear_pointer (&self->unfilled, g_ptr_array_unref);
  gtk_revealer_set_reveal_child (self->unfilled_revealer, FALSE);

  dd_store_service_run_async (self->service, undo_generation_job,
                              assignments, (GDestroyNotify) g_ptr_array_unref,
                              g_free, TRUE,
                              self->cancellable, on_undo_generation_cb, self);
}

/* ------------------------------------------------------------------ print */

static void
dd_roster_page_print_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  DdRosterPage *self = DD_ROSTER_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (dd_roster_page_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is why printing failed */
      message = g_strdup_printf (_("Could not print the roster: %s"), error->message);
      dd_roster_page_toast (self, message);
    }
}

static gboolean
on_print_shortcut_cb (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  /* Ctrl+P belongs to the roster only while it is shown. */
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  return gtk_widget_activate_action (widget, "roster.print", NULL);
}

/* roster.show-day ("YYYY-MM-DD", from win.show-roster-day): the month
 * grid on that day, with its editor open. */
static void
dd_roster_page_show_day_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  DdRosterPage *self = DD_ROSTER_PAGE (widget);
  GDate date;

  g_date_clear (&date, 1);
  if (!dd_duty_date_parse (g_variant_get_string (parameter, NULL), &date))
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "month");
  dd_month_grid_set_focus_date (self->month_grid, &date, TRUE);
  dd_roster_page_open_day (self, &date);
}

/* ------------------------------------------------------------------ callbacks */

static void
on_previous_clicked_cb (GtkButton    *button,
                        DdRosterPage *self)
{
  GDate date;

  dd_month_grid_get_focus_date (self->month_grid, &date);
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "week") == 0)
    g_date_subtract_days (&date, 7);
  else
    g_date_subtract_months (&date, 1);
  dd_month_grid_set_focus_date (self->month_grid, &date, FALSE);
  dd_roster_page_update_week (self);
}

static void
on_next_clicked_cb (GtkButton    *button,
                    DdRosterPage *self)
{
  GDate date;

  dd_month_grid_get_focus_date (self->month_grid, &date);
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "week") == 0)
    g_date_add_days (&date, 7);
  else
    g_date_add_months (&date, 1);
  dd_month_grid_set_focus_date (self->month_grid, &date, FALSE);
  dd_roster_page_update_week (self);
}

static void
on_today_clicked_cb (GtkButton    *button,
                     DdRosterPage *self)
{
  gboolean month_view;

  dd_time_beijing_date (g_get_real_time () / 1000, &self->today);
  month_view = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "month") == 0;
  /* The keyboard goes on with today's cell. */
  dd_month_grid_set_focus_date (self->month_grid, &self->today, month_view);
  dd_roster_page_update_week (self);
}

static void
on_problems_clicked_cb (GtkButton    *button,
                        DdRosterPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "checks");
}

static void
on_month_grid_month_cb (DdMonthGrid  *grid,
                        GParamSpec   *pspec,
                        DdRosterPage *self)
{
  guint year = dd_month_grid_get_year (grid);
  guint month = dd_month_grid_get_month (grid);

  if (year == self->year && month == self->month)
    return;

  self->year = year;
  self->month = month;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTH]);

  dd_roster_page_update_header (self);
  dd_roster_page_reload (self);
}

static void
on_month_grid_day_activated_cb (DdMonthGrid  *grid,
                                const GDate  *date,
                                DdRosterPage *self)
{
  dd_roster_page_open_day (self, date);
}

static void
on_view_stack_visible_child_cb (AdwViewStack *stack,
                                GParamSpec   *pspec,
                                DdRosterPage *self)
{
  dd_roster_page_update_week (self);
}

static void
on_person_selected_cb (GtkDropDown  *drop_down,
                       GParamSpec   *pspec,
                       DdRosterPage *self)
{
  dd_roster_page_update_person (self);
}

static void
on_editor_destroy_cb (GtkWidget    *editor,
                      DdRosterPage *self)
{
  if (self->editor == DD_DAY_EDITOR (editor))
    self->editor = NULL;
}

static void
on_service_changed_cb (DdStoreService *service,
                       DdRosterPage   *self)
{
  dd_roster_page_reload (self);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  DdRosterRow *row = gtk_list_item_get_item (item);
  const char *text = G_STRUCT_MEMBER (char *, row, GPOINTER_TO_SIZE (user_data));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  if (GPOINTER_TO_SIZE (user_data) == G_STRUCT_OFFSET (DdRosterRow, state) &&
      text != NULL && *text != '\0')
    gtk_widget_add_css_class (label, "roster-row-state");
}

static void
add_column (GtkColumnView *view,
            const char    *title,
            gsize          offset,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GSIZE_TO_POINTER (offset));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (view, column);
  g_object_unref (column);
}

/* ------------------------------------------------------------------ vfuncs */

static void
on_window_generate_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (user_data), "roster.generate", NULL);
}

static void
on_window_print_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (user_data), "roster.print", NULL);
}

static void
dd_roster_page_root (GtkWidget *widget)
{
  DdRosterPage *self = DD_ROSTER_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (dd_roster_page_parent_class)->root (widget);

  /* win.roster-generate and win.roster-print, for the window's menus. */
  root = gtk_widget_get_root (widget);
  if (G_IS_ACTION_MAP (root))
    {
      const GActionEntry entries[] = {
        { "roster-generate", on_window_generate_cb },
        { "roster-print", on_window_print_cb },
      };

      self->window_actions = G_ACTION_MAP (root);
      g_action_map_add_action_entries (self->window_actions, entries, G_N_ELEMENTS (entries), self);
      dd_roster_page_set_actions_enabled (self);
    }
}

static void
dd_roster_page_unroot (GtkWidget *widget)
{
  DdRosterPage *self = DD_ROSTER_PAGE (widget);

  if (self->window_actions != NULL)
    {
      g_action_map_remove_action (self->window_actions, "roster-generate");
      g_action_map_remove_action (self->window_actions, "roster-print");
      self->window_actions = NULL;
    }

  GTK_WIDGET_CLASS (dd_roster_page_parent_class)->unroot (widget);
}

static void
dd_roster_page_set_service (DdRosterPage   *self,
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
  dd_roster_page_reload (self);
}

static void
dd_roster_page_dispose (GObject *object)
{
  DdRosterPage *self = DD_ROSTER_PAGE (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);
  if (self->editor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->editor, on_editor_destroy_cb, self);
      gtk_window_destroy (GTK_WINDOW (self->editor));
      self->editor = NULL;
    }

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_ROSTER_PAGE);

  G_OBJECT_CLASS (dd_roster_page_parent_class)->dispose (object);
}

static void
dd_roster_page_finalize (GObject *object)
{
  DdRosterPage *self = DD_ROSTER_PAGE (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->roster, dd_roster_unref);
  g_clear_pointer (&self->status, dd_roster_month_status_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->generated, g_ptr_array_unref);
  g_clear_pointer (&self->unfilled, g_ptr_array_unref);
  g_clear_object (&self->week_rows);
  g_clear_object (&self->person_rows);
  g_clear_object (&self->staff);
  g_clear_pointer (&self->person_id, g_free);

  G_OBJECT_CLASS (dd_roster_page_parent_class)->finalize (object);
}

static void
dd_roster_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DdRosterPage *self = DD_ROSTER_PAGE (object);

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
      g_value_set_boolean (value, dd_roster_page_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_roster_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DdRosterPage *self = DD_ROSTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_roster_page_set_service (self, g_value_get_object (value));
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
dd_roster_page_class_init (DdRosterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_roster_page_dispose;
  object_class->finalize = dd_roster_page_finalize;
  object_class->get_property = dd_roster_page_get_property;
  object_class->set_property = dd_roster_page_set_property;

  widget_class->root = dd_roster_page_root;
  widget_class->unroot = dd_roster_page_unroot;

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
                       0, 9999, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MONTH] =
    g_param_spec_uint ("month", NULL, NULL,
                       0, 12, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DD_TYPE_MONTH_GRID);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-roster-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, schedule_revealer);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, schedule_label);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, unfilled_revealer);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, unfilled_label);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, month_title);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, changed_label);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, problems_button);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, month_grid);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, week_label);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, week_view);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, person_drop_down);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, person_summary);
  gtk_widget_class_bind_template_child (widget_class, DdRosterPage, person_view);
  gtk_widget_class_bind_template_callback (widget_class, on_unfilled_details_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unfilled_dismiss_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_today_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_problems_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_month_grid_month_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_month_grid_day_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_person_selected_cb);

  gtk_widget_class_install_action (widget_class, "roster.generate", NULL, dd_roster_page_generate_action);
  gtk_widget_class_install_action (widget_class, "roster.print", NULL, dd_roster_page_print_action);
  gtk_widget_class_install_action (widget_class, "roster.undo-generate", NULL,
                                   dd_roster_page_undo_generate_action);
  gtk_widget_class_install_action (widget_class, "roster.show-day", "s", dd_roster_page_show_day_action);
}

static void
dd_roster_page_init (DdRosterPage *self)
{
  g_autoptr(GtkExpression) expression = NULL;
  GtkEventController *shortcuts;
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->today, 1);

  self->week_rows = g_list_store_new (DD_TYPE_ROSTER_ROW);
  self->person_rows = g_list_store_new (DD_TYPE_ROSTER_ROW);
  self->staff = g_list_store_new (DD_TYPE_STAFF);

  gtk_column_view_set_model (self->week_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->week_rows)))));
  add_column (self->week_view, _("Date"), G_STRUCT_OFFSET (DdRosterRow, date), FALSE);
  add_column (self->week_view, _("Shift"), G_STRUCT_OFFSET (DdRosterRow, shift), FALSE);
  add_column (self->week_view, _("Hours"), G_STRUCT_OFFSET (DdRosterRow, times), FALSE);
  add_column (self->week_view, _("On Duty"), G_STRUCT_OFFSET (DdRosterRow, people), TRUE);
  add_column (self->week_view, _("State"), G_STRUCT_OFFSET (DdRosterRow, state), FALSE);

  gtk_column_view_set_model (self->person_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->person_rows)))));
  add_column (self->person_view, _("Date"), G_STRUCT_OFFSET (DdRosterRow, date), FALSE);
  add_column (self->person_view, _("Shift"), G_STRUCT_OFFSET (DdRosterRow, shift), FALSE);
  add_column (self->person_view, _("Hours"), G_STRUCT_OFFSET (DdRosterRow, times), FALSE);
  add_column (self->person_view, _("On Duty"), G_STRUCT_OFFSET (DdRosterRow, people), TRUE);
  add_column (self->person_view, _("State"), G_STRUCT_OFFSET (DdRosterRow, state), FALSE);

  expression = gtk_property_expression_new (DD_TYPE_STAFF, NULL, "name");
  gtk_drop_down_set_expression (self->person_drop_down, expression);
  gtk_drop_down_set_model (self->person_drop_down, G_LIST_MODEL (self->staff));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_p, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_print_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_view_stack_visible_child_cb), self, 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.generate", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.print", FALSE);

  g_date_clear (&today, 1);
  dd_time_beijing_date (g_get_real_time () / 1000, &today);
  dd_roster_page_set_month (self, g_date_get_year (&today), g_date_get_month (&today));
}

/* ------------------------------------------------------------------ public */

GtkWidget *
dd_roster_page_new (void)
{
  return g_object_new (DD_TYPE_ROSTER_PAGE, NULL);
}

guint
dd_roster_page_get_year (DdRosterPage *self)
{
  g_return_val_if_fail (DD_IS_ROSTER_PAGE (self), 0);

  return self->year;
}

guint
dd_roster_page_get_month (DdRosterPage *self)
{
  g_return_val_if_fail (DD_IS_ROSTER_PAGE (self), 0);

  return self->month;
}

void
dd_roster_page_set_month (DdRosterPage *self,
                          guint         year,
                          guint         month)
{
  GDate focus;

  g_return_if_fail (DD_IS_ROSTER_PAGE (self));
  g_return_if_fail (month >= 1 && month <= 12);

  g_date_clear (&focus, 1);
  dd_month_grid_get_focus_date (self->month_grid, &focus);
  if (!g_date_valid (&focus) || g_date_get_year (&focus) != year || g_date_get_month (&focus) != month)
    g_date_set_dmy (&focus, 1, month, year);

  /* The grid notifies the month; on_month_grid_month_cb reloads. */
  dd_month_grid_set_focus_date (self->month_grid, &focus, FALSE);
}

gboolean
dd_roster_page_get_loaded (DdRosterPage *self)
{
  g_return_val_if_fail (DD_IS_ROSTER_PAGE (self), FALSE);

  return self->roster != NULL && self->n_pending == 0;
}

DdMonthGrid *
dd_roster_page_get_month_grid (DdRosterPage *self)
{
  g_return_val_if_fail (DD_IS_ROSTER_PAGE (self), NULL);

  return self->month_grid;
}

int
dd_roster_page_get_n_problems (DdRosterPage *self)
{
  g_return_val_if_fail (DD_IS_ROSTER_PAGE (self), -1);

  return self->problems != NULL ? (int) self->problems->len : -1;
}

DdDayEditor *
dd_roster_page_open_day (DdRosterPage *self,
                         const GDate  *date)
{
  GtkRoot *root;

  g_return_val_if_fail (DD_IS_ROSTER_PAGE (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  if (self->service == NULL)
    return NULL;

  if (self->editor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->editor, on_editor_destroy_cb, self);
      gtk_window_destroy (GTK_WINDOW (self->editor));
      self->editor = NULL;
    }

  self->editor = dd_day_editor_new (self->service, self->cancellable, date);
  g_signal_connect (self->editor, "destroy", G_CALLBACK (on_editor_destroy_cb), self);
  dd_day_editor_set_data (self->editor, self->calendar, self->roster,
                          self->desk != NULL ? dd_desk_get_regime (self->desk) : DD_REGIME_7X24);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self->editor), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (self->editor));

  return self->editor;
}

DdDayEditor *
dd_roster_page_get_day_editor (DdRosterPage *self)
{
  g_return_val_if_fail (DD_IS_ROSTER_PAGE (self), NULL);

  return self->editor;
}

GtkPrintOperationResult
dd_roster_page_print (DdRosterPage             *self,
                      GtkPrintOperationAction   action,
                      const char               *export_path,
                      GError                  **error)
{
  g_autoptr(DdRosterDocument) document = NULL;

  g_return_val_if_fail (DD_IS_ROSTER_PAGE (self), GTK_PRINT_OPERATION_RESULT_ERROR);
  g_return_val_if_fail (action != GTK_PRINT_OPERATION_ACTION_EXPORT || export_path != NULL,
                        GTK_PRINT_OPERATION_RESULT_ERROR);

  if (self->roster == NULL || self->calendar == NULL)
    {
      g_set_error_literal (error, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                           _("The roster is not loaded yet"));
      return GTK_PRINT_OPERATION_RESULT_ERROR;
    }

  document = dd_roster_document_new_for_month (self->roster, self->calendar,
                                               self->desk != NULL ? dd_desk_get_unit_name (self->desk) : "",
                                               self->year, self->month);

  return dd_gui_print_document (document, dd_roster_document_get_title (document),
                                (DdGuiPaginateFunc) dd_roster_document_paginate,
                                (DdGuiDrawPageFunc) dd_roster_document_draw_page,
                                GTK_WIDGET (self), action, export_path, error);
}
