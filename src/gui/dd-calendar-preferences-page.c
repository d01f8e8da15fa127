/* dd-calendar-preferences-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-calendar-preferences-page.h"

#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-error.h"
#include "dd-time.h"

struct _DdCalendarPreferencesPage
{
  AdwPreferencesPage  parent_instance;

  DdStoreService     *service;
  GCancellable       *cancellable;
  DdDutyCalendar     *calendar;
  GPtrArray          *staff;      /* DdStaff */
  GPtrArray          *absences;   /* DdAbsence */
  guint               n_pending;
  guint               again : 1;

  /* Template widgets */
  GtkSpinButton      *flood_year_spin;
  AdwActionRow       *flood_current_row;
  AdwEntryRow        *flood_from_row;
  AdwEntryRow        *flood_to_row;
  GtkLabel           *flood_error_label;
  GtkListBox         *period_list;
  AdwEntryRow        *period_name_row;
  AdwEntryRow        *period_from_row;
  AdwEntryRow        *period_to_row;
  GtkSpinButton      *period_leaders_spin;
  GtkLabel           *period_error_label;
  GtkListBox         *absence_list;
  AdwComboRow        *absence_staff_row;
  AdwComboRow        *absence_kind_row;
  AdwEntryRow        *absence_from_row;
  AdwEntryRow        *absence_to_row;
  AdwEntryRow        *absence_reason_row;
  GtkLabel           *absence_error_label;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdCalendarPreferencesPage, dd_calendar_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

static const DdAbsenceKind absence_kinds[] = {
  DD_ABSENCE_KIND_LEAVE, DD_ABSENCE_KIND_BUSINESS_TRIP, DD_ABSENCE_KIND_TRAINING,
};

static void dd_calendar_preferences_page_reload (DdCalendarPreferencesPage *self);

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
add_toast (DdCalendarPreferencesPage *self,
           const char                *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"; @is_date tells which. */
static gboolean
parse_instant (const char *text,
               gint64     *ms,
               gboolean   *is_date)
{
  g_auto(GStrv) parts = NULL;
  GDate date;
  guint minute;

  g_date_clear (&date, 1);
  if (dd_duty_date_parse (text, &date))
    {
      *ms = dd_duty_date_start_ms (&date);
      *is_date = TRUE;
      return TRUE;
    }

  parts = g_strsplit (text, " ", 2);
  if (g_strv_length (parts) == 2
      && dd_duty_date_parse (parts[0], &date)
      && dd_duty_time_of_day_parse (g_strstrip (parts[1]), &minute))
    {
      *ms = dd_duty_date_time_ms (&date, minute);
      *is_date = FALSE;
      return TRUE;
    }

  return FALSE;
}

static char *
describe_period (DdImportantPeriod *period)
{
  g_autofree char *range = NULL;
  GDate first;
  GDate last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  if (dd_important_period_get_dates (period, &first, &last))
    {
      g_autofree char *a = dd_duty_date_to_string (&first);
      g_autofree char *b = dd_duty_date_to_string (&last);

      range = g_strdup_printf ("%s – %s", a, b);
    }
  else
    {
      g_autoptr(GDateTime) start = dd_time_beijing_from_ms (dd_important_period_get_start_ms (period));
      g_autoptr(GDateTime) end = dd_time_beijing_from_ms (dd_important_period_get_end_ms (period));
      g_autofree char *a = g_date_time_format (start, "%Y-%m-%d %H:%M");
      g_autofree char *b = g_date_time_format (end, "%Y-%m-%d %H:%M");

      range = g_strdup_printf ("%s – %s", a, b);
    }

  return g_strdup_printf (ngettext ("%s, %u leader on duty", "%s, %u leaders on duty",
                                    dd_important_period_get_leaders (period)),
                          range, dd_important_period_get_leaders (period));
}

/* ------------------------------------------------------------------ deleting */

typedef void (*DeleteFunc) (DdCalendarPreferencesPage *self,
                            const char                *id);

static void
deleted (DdCalendarPreferencesPage *self,
         gboolean                   ok,
         const GError              *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!ok)
    {
      /* Translators: %s is the reason */
      g_autofree char *message = g_strdup_printf (_("Not deleted: %s"), error->message);

      add_toast (self, message);
      return;
    }

  add_toast (self, _("Deleted"));
}

static void
on_period_deleted_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DdCalendarPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = dd_store_service_delete_period_finish (DD_STORE_SERVICE (object), result, &error);
  deleted (self, ok, error);
}

static void
on_absence_deleted_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DdCalendarPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = dd_store_service_delete_absence_finish (DD_STORE_SERVICE (object), result, &error);
  deleted (self, ok, error);
}

static void
on_delete_dialog_response_cb (AdwMessageDialog          *dialog,
                              const char                *response,
                              DdCalendarPreferencesPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "dd-id");
  const char *what = g_object_get_data (G_OBJECT (dialog), "dd-what");

  if (!g_str_equal (response, "delete") || self->service == NULL)
    return;

  if (g_str_equal (what, "period"))
    dd_store_service_delete_period_async (self->service, id, self->cancellable,
                                          on_period_deleted_cb, g_object_ref (self));
  else
    dd_store_service_delete_absence_async (self->service, id, self->cancellable,
                                           on_absence_deleted_cb, g_object_ref (self));
}

static void
confirm_delete (DdCalendarPreferencesPage *self,
                const char                *what,
                const char                *id,
                const char                *heading,
                const char                *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  gtk_widget_set_name (dialog, "prefs-delete-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dd-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "dd-what", g_strdup (what), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_delete_period_clicked_cb (GtkButton                 *button,
                             DdCalendarPreferencesPage *self)
{
  DdImportantPeriod *period = g_object_get_data (G_OBJECT (button), "dd-period");
  g_autofree char *heading = NULL;

  /* Translators: %s is the name of an important period */
  heading = g_strdup_printf (_("Delete the Period “%s”?"), dd_important_period_get_name (period));
  confirm_delete (self, "period", dd_important_period_get_id (period), heading,
                  _("Its days keep only the regime the calendar gives them otherwise."));
}

static void
on_delete_absence_clicked_cb (GtkButton                 *button,
                              DdCalendarPreferencesPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "dd-absence-id");
  const char *who = g_object_get_data (G_OBJECT (button), "dd-absence-who");
  g_autofree char *heading = NULL;

  /* Translators: %s is a person's name */
  heading = g_strdup_printf (_("Delete the Absence of %s?"), who);
  confirm_delete (self, "absence", id, heading,
                  _("The person counts as available on those days again."));
}

static GtkWidget *
create_delete_button (const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Delete"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  return button;
}

/* ------------------------------------------------------------------ showing */

static const char *
staff_name (DdCalendarPreferencesPage *self,
            const char                *id)
{
  for (guint i = 0; self->staff != NULL && i < self->staff->len; i++)
    if (g_strcmp0 (dd_staff_get_id (g_ptr_array_index (self->staff, i)), id) == 0)
      return dd_staff_get_name (g_ptr_array_index (self->staff, i));

  return id;
}

static void
dd_calendar_preferences_page_show_flood_season (DdCalendarPreferencesPage *self)
{
  guint year = (guint) gtk_spin_button_get_value_as_int (self->flood_year_spin);
  gboolean is_default = FALSE;
  GDate first;
  GDate last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);

  if (self->calendar == NULL)
    return;

  if (dd_duty_calendar_get_flood_season (self->calendar, year, &first, &last, &is_default))
    {
      g_autofree char *a = dd_duty_date_to_string (&first);
      g_autofree char *b = dd_duty_date_to_string (&last);
      g_autofree char *text = NULL;

      if (is_default)
        /* Translators: %1$s and %2$s are dates */
        text = g_strdup_printf (_("%1$s – %2$s (default)"), a, b);
      else
        text = g_strdup_printf ("%s – %s", a, b);
      adw_action_row_set_subtitle (self->flood_current_row, text);
      gtk_editable_set_text (GTK_EDITABLE (self->flood_from_row), a);
      gtk_editable_set_text (GTK_EDITABLE (self->flood_to_row), b);
    }
  else
    {
      adw_action_row_set_subtitle (self->flood_current_row, _("None"));
    }
}

static void
dd_calendar_preferences_page_show_periods (DdCalendarPreferencesPage *self)
{
  g_autoptr(GPtrArray) periods = NULL;

  clear_list_box (self->period_list);
  if (self->calendar == NULL)
    return;

  periods = dd_duty_calendar_list_periods (self->calendar);
  for (guint i = 0; i < periods->len; i++)
    {
      DdImportantPeriod *period = g_ptr_array_index (periods, i);
      g_autofree char *subtitle = describe_period (period);
      g_autofree char *label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;

      /* Translators: %s is the name of an important period */
      label = g_strdup_printf (_("Delete %s"), dd_important_period_get_name (period));
      button = create_delete_button (label);
      gtk_widget_set_name (button, "prefs-period-delete");
      g_object_set_data_full (G_OBJECT (button), "dd-period",
                              dd_important_period_ref (period),
                              (GDestroyNotify) dd_important_period_unref);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_delete_period_clicked_cb), self, 0);

      gtk_widget_set_name (row, "prefs-period");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dd_important_period_get_name (period));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->period_list, row);
    }
}

static void
dd_calendar_preferences_page_show_absences (DdCalendarPreferencesPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; self->staff != NULL && i < self->staff->len; i++)
    gtk_string_list_append (names, dd_staff_get_name (g_ptr_array_index (self->staff, i)));
  adw_combo_row_set_model (self->absence_staff_row, G_LIST_MODEL (names));

  clear_list_box (self->absence_list);
  for (guint i = 0; self->absences != NULL && i < self->absences->len; i++)
    {
      const DdAbsence *absence = g_ptr_array_index (self->absences, i);
      g_autofree char *a = dd_duty_date_to_string (&absence->first);
      g_autofree char *b = dd_duty_date_to_string (&absence->last);
      g_autofree char *subtitle = NULL;
      g_autofree char *label = NULL;
      const char *who = staff_name (self, absence->staff_id);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;

      if (absence->reason != NULL && absence->reason[0] != '\0')
        subtitle = g_strdup_printf ("%s · %s – %s · %s",
                                    dd_absence_kind_get_label (absence->kind), a, b, absence->reason);
      else
        subtitle = g_strdup_printf ("%s · %s – %s", dd_absence_kind_get_label (absence->kind), a, b);

      /* Translators: %s is a person's name */
      label = g_strdup_printf (_("Delete the absence of %s"), who);
      button = create_delete_button (label);
      gtk_widget_set_name (button, "prefs-absence-delete");
      g_object_set_data_full (G_OBJECT (button), "dd-absence-id", g_strdup (absence->id), g_free);
      g_object_set_data_full (G_OBJECT (button), "dd-absence-who", g_strdup (who), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_delete_absence_clicked_cb), self, 0);

      gtk_widget_set_name (row, "prefs-absence");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), who);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->absence_list, row);
    }
}

/* ------------------------------------------------------------------ loading */

static gpointer
list_staff_job (DdStore   *store,
                gpointer   data,
                GError   **error)
{
  return dd_store_list_staff (store, error);
}

static void
dd_calendar_preferences_page_job_done (DdCalendarPreferencesPage *self)
{
  g_assert (self->n_pending > 0);
  if (--self->n_pending > 0)
    return;

  dd_calendar_preferences_page_show_flood_season (self);
  dd_calendar_preferences_page_show_periods (self);
  dd_calendar_preferences_page_show_absences (self);

  if (self->again)
    {
      self->again = FALSE;
      dd_calendar_preferences_page_reload (self);
      return;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
on_load_calendar_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DdCalendarPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  DdDutyCalendar *calendar;

  calendar = dd_store_service_load_calendar_finish (DD_STORE_SERVICE (object), result, &error);
  if (calendar != NULL)
    {
      g_clear_object (&self->calendar);
      self->calendar = calendar;
    }
  dd_calendar_preferences_page_job_done (self);
}

static void
on_list_staff_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DdCalendarPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *staff;

  staff = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  if (staff != NULL)
    {
      g_clear_pointer (&self->staff, g_ptr_array_unref);
      self->staff = staff;
    }
  dd_calendar_preferences_page_job_done (self);
}

static void
on_list_absences_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DdCalendarPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *absences;

  absences = dd_store_service_list_absences_finish (DD_STORE_SERVICE (object), result, &error);
  if (absences != NULL)
    {
      g_clear_pointer (&self->absences, g_ptr_array_unref);
      self->absences = absences;
    }
  dd_calendar_preferences_page_job_done (self);
}

static void
dd_calendar_preferences_page_reload (DdCalendarPreferencesPage *self)
{
  if (self->service == NULL)
    return;

  if (self->n_pending > 0)
    {
      self->again = TRUE;
      return;
    }

  self->n_pending = 3;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  dd_store_service_load_calendar_async (self->service, self->cancellable,
                                        on_load_calendar_cb, g_object_ref (self));
  dd_store_service_run_async (self->service, list_staff_job, NULL, NULL,
                              (GDestroyNotify) g_ptr_array_unref, FALSE,
                              self->cancellable, on_list_staff_cb, g_object_ref (self));
  dd_store_service_list_absences_async (self->service, NULL, NULL, self->cancellable,
                                        on_list_absences_cb, g_object_ref (self));
}

static void
on_service_changed_cb (DdStoreService            *service,
                       DdCalendarPreferencesPage *self)
{
  dd_calendar_preferences_page_reload (self);
}

/* ------------------------------------------------------------------ saving */

static void
saved (DdCalendarPreferencesPage *self,
       gboolean                   ok,
       const GError              *error,
       GtkLabel                  *error_label)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!ok)
    {
      show_error (error_label, error->message);
      return;
    }

  show_error (error_label, NULL);
  add_toast (self, _("Saved"));
}

static void
on_flood_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdCalendarPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = dd_store_service_set_flood_season_finish (DD_STORE_SERVICE (object), result, &error);
  saved (self, ok, error, self->flood_error_label);
}

static void
on_period_added_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DdCalendarPreferencesPage) self = user_data;
  g_autoptr(DdImportantPeriod) period = NULL;
  g_autoptr(GError) error = NULL;

  period = dd_store_service_add_period_finish (DD_STORE_SERVICE (object), result, &error);
  saved (self, period != NULL, error, self->period_error_label);
  if (period != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->period_name_row), "");
}

static void
on_absence_added_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DdCalendarPreferencesPage) self = user_data;
  g_autoptr(DdAbsence) absence = NULL;
  g_autoptr(GError) error = NULL;

  absence = dd_store_service_add_absence_finish (DD_STORE_SERVICE (object), result, &error);
  saved (self, absence != NULL, error, self->absence_error_label);
}

static void
on_flood_save_clicked_cb (GtkButton                 *button,
                          DdCalendarPreferencesPage *self)
{
  guint year = (guint) gtk_spin_button_get_value_as_int (self->flood_year_spin);
  g_autofree char *from = entry_text (self->flood_from_row);
  g_autofree char *to = entry_text (self->flood_to_row);
  GDate first;
  GDate last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);

  if (!dd_duty_date_parse (from, &first) || !dd_duty_date_parse (to, &last))
    {
      show_error (self->flood_error_label, _("Write the dates as YYYY-MM-DD, e.g. 2026-06-01."));
      return;
    }
  if (g_date_get_year (&first) != year || g_date_get_year (&last) != year)
    {
      g_autofree char *message = NULL;

      /* Translators: %u is a year */
      message = g_strdup_printf (_("Both dates must be in %u."), year);
      show_error (self->flood_error_label, message);
      return;
    }
  if (g_date_compare (&last, &first) < 0)
    {
      show_error (self->flood_error_label, _("The last day must not be before the first."));
      return;
    }

  show_error (self->flood_error_label, NULL);
  dd_store_service_set_flood_season_async (self->service, year, &first, &last, self->cancellable,
                                           on_flood_saved_cb, g_object_ref (self));
}

static void
on_flood_reset_clicked_cb (GtkButton                 *button,
                           DdCalendarPreferencesPage *self)
{
  guint year = (guint) gtk_spin_button_get_value_as_int (self->flood_year_spin);

  show_error (self->flood_error_label, NULL);
  dd_store_service_set_flood_season_async (self->service, year, NULL, NULL, self->cancellable,
                                           on_flood_saved_cb, g_object_ref (self));
}

static void
on_flood_year_changed_cb (GtkSpinButton             *spin,
                          DdCalendarPreferencesPage *self)
{
  show_error (self->flood_error_label, NULL);
  dd_calendar_preferences_page_show_flood_season (self);
}

static void
on_period_add_clicked_cb (GtkButton                 *button,
                          DdCalendarPreferencesPage *self)
{
  g_autofree char *name = entry_text (self->period_name_row);
  g_autofree char *from = entry_text (self->period_from_row);
  g_autofree char *to = entry_text (self->period_to_row);
  guint leaders = (guint) gtk_spin_button_get_value_as_int (self->period_leaders_spin);
  g_autoptr(GError) error = NULL;
  gint64 start_ms;
  gint64 end_ms;

  if (!dd_calendar_preferences_parse_period (name, from, to, leaders, &start_ms, &end_ms, &error))
    {
      show_error (self->period_error_label, error->message);
      return;
    }

  show_error (self->period_error_label, NULL);
  dd_store_service_add_period_async (self->service, name, start_ms, end_ms, leaders,
                                     self->cancellable,
                                     on_period_added_cb, g_object_ref (self));
}

static void
on_absence_add_clicked_cb (GtkButton                 *button,
                           DdCalendarPreferencesPage *self)
{
  guint staff_pos = adw_combo_row_get_selected (self->absence_staff_row);
  guint kind_pos = adw_combo_row_get_selected (self->absence_kind_row);
  g_autofree char *from = entry_text (self->absence_from_row);
  g_autofree char *to = entry_text (self->absence_to_row);
  g_autofree char *reason = entry_text (self->absence_reason_row);
  g_autoptr(DdAbsence) absence = NULL;
  g_autoptr(GError) error = NULL;
  GDate first;
  GDate last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);

  if (self->staff == NULL || staff_pos >= self->staff->len)
    {
      show_error (self->absence_error_label, _("Choose a staff member."));
      return;
    }
  if (!dd_duty_date_parse (from, &first) || !dd_duty_date_parse (to, &last))
    {
      show_error (self->absence_error_label, _("Write the dates as YYYY-MM-DD, e.g. 2026-06-01."));
      return;
    }

  absence = dd_absence_new (NULL,
                            dd_staff_get_id (g_ptr_array_index (self->staff, staff_pos)),
                            absence_kinds[MIN (kind_pos, G_N_ELEMENTS (absence_kinds) - 1)],
                            &first, &last,
                            reason[0] != '\0' ? reason : NULL);
  if (!dd_calendar_preferences_check_absence (self->absences, absence, &error))
    {
      show_error (self->absence_error_label, error->message);
      return;
    }

  show_error (self->absence_error_label, NULL);
  dd_store_service_add_absence_async (self->service, absence, self->cancellable,
                                      on_absence_added_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ GObject */

static void
dd_calendar_preferences_page_constructed (GObject *object)
{
  DdCalendarPreferencesPage *self = DD_CALENDAR_PREFERENCES_PAGE (object);

  G_OBJECT_CLASS (dd_calendar_preferences_page_parent_class)->constructed (object);

  g_assert (DD_IS_STORE_SERVICE (self->service));
  g_signal_connect_object (self->service, "changed", G_CALLBACK (on_service_changed_cb), self, 0);
  dd_calendar_preferences_page_reload (self);
}

static void
dd_calendar_preferences_page_dispose (GObject *object)
{
  DdCalendarPreferencesPage *self = DD_CALENDAR_PREFERENCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CALENDAR_PREFERENCES_PAGE);

  G_OBJECT_CLASS (dd_calendar_preferences_page_parent_class)->dispose (object);
}

static void
dd_calendar_preferences_page_finalize (GObject *object)
{
  DdCalendarPreferencesPage *self = DD_CALENDAR_PREFERENCES_PAGE (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_pointer (&self->absences, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_calendar_preferences_page_parent_class)->finalize (object);
}

static void
dd_calendar_preferences_page_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  DdCalendarPreferencesPage *self = DD_CALENDAR_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, dd_calendar_preferences_page_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_calendar_preferences_page_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  DdCalendarPreferencesPage *self = DD_CALENDAR_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_calendar_preferences_page_class_init (DdCalendarPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dd_calendar_preferences_page_constructed;
  object_class->dispose = dd_calendar_preferences_page_dispose;
  object_class->finalize = dd_calendar_preferences_page_finalize;
  object_class->get_property = dd_calendar_preferences_page_get_property;
  object_class->set_property = dd_calendar_preferences_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/dd-calendar-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, flood_year_spin);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, flood_current_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, flood_from_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, flood_to_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, flood_error_label);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, period_list);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, period_name_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, period_from_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, period_to_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, period_leaders_spin);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, period_error_label);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, absence_list);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, absence_staff_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, absence_kind_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, absence_from_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, absence_to_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, absence_reason_row);
  gtk_widget_class_bind_template_child (widget_class, DdCalendarPreferencesPage, absence_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_flood_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_flood_reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_flood_year_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_period_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_absence_add_clicked_cb);
}

static void
dd_calendar_preferences_page_init (DdCalendarPreferencesPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (absence_kinds); i++)
    gtk_string_list_append (kinds, dd_absence_kind_get_label (absence_kinds[i]));
  adw_combo_row_set_model (self->absence_kind_row, G_LIST_MODEL (kinds));

  g_date_clear (&today, 1);
  dd_time_beijing_date (g_get_real_time () / 1000, &today);
  gtk_spin_button_set_value (self->flood_year_spin, g_date_get_year (&today));
}

GtkWidget *
dd_calendar_preferences_page_new (DdStoreService *service)
{
  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  return g_object_new (DD_TYPE_CALENDAR_PREFERENCES_PAGE, "service", service, NULL);
}

gboolean
dd_calendar_preferences_page_get_loaded (DdCalendarPreferencesPage *self)
{
  g_return_val_if_fail (DD_IS_CALENDAR_PREFERENCES_PAGE (self), FALSE);

  return self->n_pending == 0 && self->calendar != NULL;
}

gboolean
dd_calendar_preferences_parse_period (const char  *name,
                                      const char  *from,
                                      const char  *to,
                                      guint        leaders,
                                      gint64      *start_ms,
                                      gint64      *end_ms,
                                      GError     **error)
{
  gboolean from_is_date;
  gboolean to_is_date;

  if (name == NULL || name[strspn (name, " \t")] == '\0')
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID, _("Give the period a name."));
      return FALSE;
    }
  if (from == NULL || !parse_instant (from, start_ms, &from_is_date))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Write the start as YYYY-MM-DD or YYYY-MM-DD HH:MM."));
      return FALSE;
    }
  if (to == NULL || !parse_instant (to, end_ms, &to_is_date))
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("Write the end as YYYY-MM-DD or YYYY-MM-DD HH:MM."));
      return FALSE;
    }

  /* A date as the end includes that whole day. */
  if (to_is_date)
    *end_ms += DD_MS_PER_DAY;

  if (*end_ms <= *start_ms)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID, _("The end must be after the start."));
      return FALSE;
    }
  if (leaders < 1 || leaders > 2)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("An important period has one or two leaders on duty."));
      return FALSE;
    }

  return TRUE;
}

gboolean
dd_calendar_preferences_check_absence (GPtrArray        *existing,
                                       const DdAbsence  *absence,
                                       GError          **error)
{
  if (!g_date_valid (&absence->first) || !g_date_valid (&absence->last)
      || g_date_compare (&absence->last, &absence->first) < 0)
    {
      g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                   _("The last day must not be before the first."));
      return FALSE;
    }

  for (guint i = 0; existing != NULL && i < existing->len; i++)
    {
      const DdAbsence *other = g_ptr_array_index (existing, i);

      if (g_strcmp0 (other->staff_id, absence->staff_id) == 0
          && g_date_compare (&other->first, &absence->last) <= 0
          && g_date_compare (&absence->first, &other->last) <= 0)
        {
          g_autofree char *a = dd_duty_date_to_string (&other->first);
          g_autofree char *b = dd_duty_date_to_string (&other->last);

          /* Translators: %1$s and %2$s are the dates of an absence already recorded */
          g_set_error (error, DD_CORE_ERROR, DD_CORE_ERROR_INVALID,
                       _("This overlaps an absence already recorded from %1$s to %2$s."), a, b);
          return FALSE;
        }
    }

  return dd_absence_validate (absence, error);
}
