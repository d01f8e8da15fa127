/* dd-today-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-today-page.h"

#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-gui-util.h"
#include "dd-regime.h"
#include "dd-roster-store.h"
#include "dd-time.h"
#include "dd-whereabouts-group.h"

/* Waits for the next shift boundary are cut into pieces of at most this. */
#define MAX_BOUNDARY_WAIT_MS (10 * DD_MS_PER_MINUTE)

struct _DdTodayPage
{
  AdwBin          parent_instance;

  DdStoreService *service;
  GCancellable   *cancellable;
  DdDesk         *desk;
  DdDutyCalendar *calendar;
  DdOnCall       *on_call;
  GDate           date;
  gint64          now_override_ms;
  guint           clock_source;
  guint           boundary_source;
  guint           n_pending;
  guint           reload_again : 1;

  /* Template widgets */
  GtkLabel       *unit_name_label;
  GtkLabel       *unit_detail_label;
  GtkLabel       *time_label;
  GtkLabel       *date_label;
  AdwActionRow   *regime_row;
  GtkLabel       *regime_label;
  AdwActionRow   *schedule_row;
  GtkLabel       *base_regime_label;
  AdwActionRow   *staff_row;
  GtkLabel       *staff_label;
  GtkLabel       *sync_label;
  GtkLabel       *pending_label;
  AdwPreferencesGroup *oncall_group;
  GtkListBox     *oncall_list;
  GtkLabel       *until_label;
  AdwPreferencesGroup *next_group;
  GtkListBox     *next_list;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_DESK,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdTodayPage, dd_today_page, ADW_TYPE_BIN)

static const char * const weekdays[] = {
  N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
  N_("Friday"), N_("Saturday"), N_("Sunday"),
};

static gboolean on_clock_tick_cb (gpointer user_data);
static void     dd_today_page_reload (DdTodayPage *self);

static gint64
dd_today_page_now_ms (DdTodayPage *self)
{
  if (self->now_override_ms != 0)
    return self->now_override_ms;

  return g_get_real_time () / 1000;
}

/* What makes today special: the holiday, an adjusted working day, the
 * flood season, important periods. */
static char *
describe_day (const DdDutyDay *day)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (day->kind == DD_DAY_KIND_HOLIDAY && day->holiday != NULL)
    /* Translators: %s is the holiday's name, e.g. 春节 */
    g_ptr_array_add (parts, g_strdup_printf (_("Holiday: %s"), day->holiday));
  else if (day->kind == DD_DAY_KIND_HOLIDAY || day->kind == DD_DAY_KIND_ADJUSTED_WORKDAY)
    g_ptr_array_add (parts, g_strdup (dd_day_kind_get_label (day->kind)));

  if (day->flood_season)
    g_ptr_array_add (parts, g_strdup (_("Main flood season")));

  for (guint i = 0; day->periods != NULL && i < day->periods->len; i++)
    {
      DdImportantPeriod *period = g_ptr_array_index (day->periods, i);

      if (dd_important_period_get_leaders (period) == 2)
        /* Translators: %s is the name of an important period with two leaders on duty */
        g_ptr_array_add (parts, g_strdup_printf (_("Important period: %s (two leaders)"),
                                                 dd_important_period_get_name (period)));
      else
        /* Translators: %s is the name of an important period */
        g_ptr_array_add (parts, g_strdup_printf (_("Important period: %s"),
                                                 dd_important_period_get_name (period)));
    }

  g_ptr_array_add (parts, NULL);
  /* Translators: between the facts about a day */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static void
dd_today_page_update_regime (DdTodayPage *self)
{
  DdRegime base;
  DdRegime today;
  g_autoptr(DdDutyDay) day = NULL;
  g_autofree char *about = NULL;

  if (self->desk == NULL || !g_date_valid (&self->date))
    {
      gtk_label_set_text (self->regime_label, "");
      gtk_label_set_text (self->base_regime_label, "");
      adw_action_row_set_subtitle (self->regime_row, "");
      gtk_widget_set_visible (GTK_WIDGET (self->schedule_row), FALSE);
      return;
    }

  base = dd_desk_get_regime (self->desk);
  if (self->calendar != NULL)
    {
      day = dd_duty_calendar_get_day (self->calendar, base, &self->date);
      today = day->regime;
      about = describe_day (day);
    }
  else
    {
      /* Until the desk's calendar is read. */
      today = dd_regime_for_date (base, &self->date);
    }

  if (today == DD_REGIME_NONE)
    gtk_label_set_text (self->regime_label, _("No duty today"));
  else
    gtk_label_set_text (self->regime_label, dd_regime_get_label (today));
  gtk_label_set_text (self->base_regime_label, dd_regime_get_label (base));
  adw_action_row_set_subtitle (self->regime_row, about != NULL ? about : "");

  if (day != NULL && !day->schedule_loaded)
    {
      g_autofree char *title = NULL;

      /* Translators: %u is a year */
      title = g_strdup_printf (_("The %u holiday schedule is not loaded"),
                               (guint) g_date_get_year (&self->date));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->schedule_row), title);
      gtk_widget_set_visible (GTK_WIDGET (self->schedule_row), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->schedule_row), FALSE);
    }
}

static void
dd_today_page_update_clock (DdTodayPage *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  gint64 now_ms;
  GDate today;

  now_ms = dd_today_page_now_ms (self);
  now = dd_time_beijing_from_ms (now_ms);

  time = g_date_time_format (now, "%H:%M:%S");
  gtk_label_set_text (self->time_label, time);

  g_date_clear (&today, 1);
  dd_time_beijing_date (now_ms, &today);
  if (!g_date_valid (&self->date) || g_date_compare (&today, &self->date) != 0)
    {
      self->date = today;

      /* Translators: the date on the Today page, without the weekday, in
       * g_date_time_format() syntax; Chinese: "%Y年%-m月%-d日" */
      /* xgettext:no-c-format */
      date = g_date_time_format (now, _("%B %-d, %Y"));
      /* Translators: %1$s is the date, %2$s the weekday; Chinese: "%1$s %2$s" */
      text = g_strdup_printf (_("%2$s, %1$s"),
                              date,
                              _(weekdays[g_date_time_get_day_of_week (now) - 1]));
      gtk_label_set_text (self->date_label, text);

      dd_today_page_update_regime (self);
      /* A new Beijing day: new shifts, maybe a new regime. */
      dd_today_page_reload (self);
    }
}

static void
dd_today_page_schedule_tick (DdTodayPage *self)
{
  gint64 now_ms = g_get_real_time () / 1000;

  /* Tick just after each full second, so the seconds never skip. */
  self->clock_source = g_timeout_add ((guint) (1000 - now_ms % 1000) + 5, on_clock_tick_cb, self);
  g_source_set_name_by_id (self->clock_source, "[duty-desk] today clock");
}

static gboolean
on_clock_tick_cb (gpointer user_data)
{
  DdTodayPage *self = user_data;

  dd_today_page_update_clock (self);
  dd_today_page_schedule_tick (self);

  return G_SOURCE_REMOVE;
}

static void
dd_today_page_show_desk (DdTodayPage *self)
{
  g_autofree char *detail = NULL;

  if (self->desk == NULL)
    {
      gtk_label_set_text (self->unit_name_label, "");
      gtk_label_set_text (self->unit_detail_label, "");
    }
  else
    {
      /* Translators: the unit code and its level, e.g. "520102 · County" */
      detail = g_strdup_printf (_("%s · %s"),
                                dd_desk_get_unit_code (self->desk),
                                dd_level_get_label (dd_desk_get_level (self->desk)));
      gtk_label_set_text (self->unit_name_label, dd_desk_get_unit_name (self->desk));
      gtk_label_set_text (self->unit_detail_label, detail);
    }

  dd_today_page_update_regime (self);
}

static void
dd_today_page_show_status (DdTodayPage        *self,
                           const DdDeskStatus *status)
{
  g_autofree char *pending = NULL;
  g_autofree char *staff = NULL;

  if (status->last_synced_ms <= 0)
    {
      gtk_label_set_text (self->sync_label, _("Never synchronized"));
    }
  else
    {
      g_autoptr(GDateTime) when = dd_time_beijing_from_ms (status->last_synced_ms);
      /* Translators: the time of the last synchronization, in
       * g_date_time_format() syntax; Chinese: "%Y年%-m月%-d日 %H:%M" */
      /* xgettext:no-c-format */
      g_autofree char *text = g_date_time_format (when, _("%Y-%m-%d %H:%M"));

      gtk_label_set_text (self->sync_label, text);
    }

  pending = g_strdup_printf ("%" G_GINT64_FORMAT, status->pending_ops);
  gtk_label_set_text (self->pending_label, pending);

  staff = g_strdup_printf (ngettext ("%d member on record", "%d members on record",
                                     (gulong) CLAMP (status->n_staff, 0, G_MAXINT)),
                           (int) CLAMP (status->n_staff, 0, G_MAXINT));
  gtk_label_set_text (self->staff_label, staff);
}

static void
on_copy_button_clicked_cb (GtkButton   *button,
                           DdTodayPage *self)
{
  const char *phone = g_object_get_data (G_OBJECT (button), "dd-phone");

  if (phone == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), phone);
  dd_gui_add_toast (GTK_WIDGET (self), _("Copied"));
}

static GtkWidget *
create_person_row (DdTodayPage         *self,
                   const DdOnCallEntry *entry,
                   gboolean             next,
                   gint64               now_ms)
{
  g_autofree char *start = dd_gui_format_time_near (entry->shift->start_ms, now_ms);
  g_autofree char *end = dd_gui_format_time_near (entry->shift->end_ms, now_ms);
  g_autofree char *subtitle = NULL;
  const char *phone = dd_staff_get_phone (entry->staff);
  GtkWidget *row;

  if (next)
    /* Translators: %1$s is a position (Duty officer), %2$s when the shift starts */
    subtitle = g_strdup_printf (_("%1$s from %2$s"),
                                dd_position_get_label (entry->shift->position), start);
  else
    /* Translators: %1$s is a position (Duty officer), %2$s and %3$s the shift's start and end */
    subtitle = g_strdup_printf (_("%1$s, %2$s – %3$s"),
                                dd_position_get_label (entry->shift->position), start, end);

  row = adw_action_row_new ();
  gtk_widget_set_name (row, next ? "today-next-person" : "today-oncall-person");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dd_staff_get_name (entry->staff));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row),
                                entry->shift->position == DD_POSITION_LEADER
                                ? "avatar-default-symbolic" : "system-users-symbolic");

  if (phone != NULL && phone[0] != '\0')
    {
      g_autofree char *copy_label = NULL;
      GtkWidget *label = gtk_label_new (phone);
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

      gtk_widget_set_name (label, "today-phone");
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

      /* Translators: %s is a person's name */
      copy_label = g_strdup_printf (_("Copy the phone number of %s"), dd_staff_get_name (entry->staff));
      gtk_widget_set_name (button, "today-copy-phone");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Copy phone number"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label,
                                      -1);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "dd-phone", g_strdup (phone), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_copy_button_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static GtkWidget *
create_uncovered_row (const DdShift *shift,
                      gint64         now_ms)
{
  g_autofree char *start = dd_gui_format_time_near (shift->start_ms, now_ms);
  g_autofree char *end = dd_gui_format_time_near (shift->end_ms, now_ms);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  subtitle = g_strdup_printf (_("%1$s, %2$s – %3$s"), dd_position_get_label (shift->position), start, end);
  gtk_widget_set_name (row, "today-oncall-uncovered");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nobody on duty"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-warning-symbolic");
  gtk_widget_add_css_class (row, "warning");

  return row;
}

static gboolean
on_boundary_cb (gpointer user_data)
{
  DdTodayPage *self = user_data;

  self->boundary_source = 0;
  dd_today_page_reload (self);

  return G_SOURCE_REMOVE;
}

/* The next moment who is on duty changes: a running shift ends or the next
 * one starts. */
static gint64
next_boundary (const DdOnCall *on_call,
               gint64          now_ms)
{
  GPtrArray *lists[] = { on_call->next_leaders, on_call->next_officers };
  gint64 next = on_call->until_ms > now_ms ? on_call->until_ms : 0;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      {
        const DdOnCallEntry *entry = g_ptr_array_index (lists[l], i);

        if (entry->shift->start_ms > now_ms && (next == 0 || entry->shift->start_ms < next))
          next = entry->shift->start_ms;
      }

  return next;
}

static void
dd_today_page_show_on_call (DdTodayPage *self)
{
  const DdOnCall *on_call = self->on_call;
  gint64 now_ms = dd_today_page_now_ms (self);
  guint n_next = 0;
  gint64 boundary;

  dd_gui_list_box_remove_all (self->oncall_list);
  dd_gui_list_box_remove_all (self->next_list);
  g_clear_handle_id (&self->boundary_source, g_source_remove);

  if (on_call == NULL)
    {
      gtk_label_set_text (self->until_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->next_group), FALSE);
      return;
    }

  for (guint i = 0; on_call->leaders != NULL && i < on_call->leaders->len; i++)
    gtk_list_box_append (self->oncall_list,
                         create_person_row (self, g_ptr_array_index (on_call->leaders, i), FALSE, now_ms));
  for (guint i = 0; on_call->officers != NULL && i < on_call->officers->len; i++)
    gtk_list_box_append (self->oncall_list,
                         create_person_row (self, g_ptr_array_index (on_call->officers, i), FALSE, now_ms));
  for (guint i = 0; on_call->uncovered != NULL && i < on_call->uncovered->len; i++)
    gtk_list_box_append (self->oncall_list,
                         create_uncovered_row (g_ptr_array_index (on_call->uncovered, i), now_ms));

  if (on_call->until_ms > 0)
    {
      g_autofree char *until = dd_gui_format_time_near (on_call->until_ms, now_ms);

      gtk_label_set_text (self->until_label, until);
    }
  else
    {
      gtk_label_set_text (self->until_label, _("No shift now"));
    }

  for (guint i = 0; on_call->next_leaders != NULL && i < on_call->next_leaders->len; i++, n_next++)
    gtk_list_box_append (self->next_list,
                         create_person_row (self, g_ptr_array_index (on_call->next_leaders, i), TRUE, now_ms));
  for (guint i = 0; on_call->next_officers != NULL && i < on_call->next_officers->len; i++, n_next++)
    gtk_list_box_append (self->next_list,
                         create_person_row (self, g_ptr_array_index (on_call->next_officers, i), TRUE, now_ms));
  gtk_widget_set_visible (GTK_WIDGET (self->next_group), n_next > 0);

  /* Refresh at the next handover (a fixed instant never moves on). */
  boundary = next_boundary (on_call, now_ms);
  if (boundary > 0 && self->now_override_ms == 0)
    {
      gint64 wait_ms = CLAMP (boundary - now_ms + 1000, 0, MAX_BOUNDARY_WAIT_MS);

      self->boundary_source = g_timeout_add ((guint) wait_ms, on_boundary_cb, self);
      g_source_set_name_by_id (self->boundary_source, "[duty-desk] today shift boundary");
    }
}

static void
dd_today_page_job_done (DdTodayPage *self);

static void
on_load_calendar_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DdTodayPage *self = user_data;
  g_autoptr(DdDutyCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;

  calendar = dd_store_service_load_calendar_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (calendar != NULL)
    {
      g_set_object (&self->calendar, calendar);
      dd_today_page_update_regime (self);
    }
  else
    {
      g_debug ("Could not read the duty calendar: %s", error->message);
    }

  dd_today_page_job_done (self);
}

static void
on_get_on_call_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DdTodayPage *self = user_data;
  g_autoptr(GError) error = NULL;
  DdOnCall *on_call;

  on_call = dd_store_service_get_on_call_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (on_call == NULL)
    g_debug ("Could not read who is on duty: %s", error->message);

  g_clear_pointer (&self->on_call, dd_on_call_free);
  self->on_call = on_call;
  dd_today_page_show_on_call (self);

  dd_today_page_job_done (self);
}

static void
on_get_desk_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DdTodayPage *self = user_data;
  g_autoptr(DdDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  desk = dd_store_service_get_desk_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (desk != NULL)
    {
      if (g_set_object (&self->desk, desk))
        {
          dd_today_page_show_desk (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK]);
        }
    }
  else
    {
      g_warning ("Could not read the desk: %s", error->message);
    }

  dd_today_page_job_done (self);
}

static void
on_get_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DdTodayPage *self = user_data;
  g_autofree DdDeskStatus *status = NULL;
  g_autoptr(GError) error = NULL;

  status = dd_store_service_get_status_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (status != NULL)
    dd_today_page_show_status (self, status);
  else
    g_warning ("Could not read the desk status: %s", error->message);

  dd_today_page_job_done (self);
}

static void
dd_today_page_reload (DdTodayPage *self)
{
  if (self->service == NULL || self->desk == NULL)
    return;

  /* One reload at a time; changes during it start another afterwards. */
  if (self->n_pending > 0)
    {
      self->reload_again = TRUE;
      return;
    }

  self->n_pending = 4;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  dd_store_service_get_desk_async (self->service, self->cancellable, on_get_desk_cb, self);
  dd_store_service_get_status_async (self->service, self->cancellable, on_get_status_cb, self);
  dd_store_service_load_calendar_async (self->service, self->cancellable, on_load_calendar_cb, self);
  dd_store_service_get_on_call_async (self->service, dd_today_page_now_ms (self), self->cancellable,
                                      on_get_on_call_cb, self);
}

static void
dd_today_page_job_done (DdTodayPage *self)
{
  g_assert (self->n_pending > 0);

  if (--self->n_pending > 0)
    return;

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      dd_today_page_reload (self);
      return;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
on_service_changed_cb (DdStoreService *service,
                       DdTodayPage    *self)
{
  dd_today_page_reload (self);
}

static void
dd_today_page_set_service (DdTodayPage    *self,
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
  dd_today_page_reload (self);
}

static void
dd_today_page_dispose (GObject *object)
{
  DdTodayPage *self = DD_TODAY_PAGE (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->boundary_source, g_source_remove);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_TODAY_PAGE);

  G_OBJECT_CLASS (dd_today_page_parent_class)->dispose (object);
}

static void
dd_today_page_finalize (GObject *object)
{
  DdTodayPage *self = DD_TODAY_PAGE (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->on_call, dd_on_call_free);

  G_OBJECT_CLASS (dd_today_page_parent_class)->finalize (object);
}

static void
dd_today_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DdTodayPage *self = DD_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_DESK:
      g_value_set_object (value, self->desk);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, dd_today_page_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_today_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DdTodayPage *self = DD_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_today_page_set_service (self, g_value_get_object (value));
      break;

    case PROP_CANCELLABLE:
      if (g_set_object (&self->cancellable, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_DESK:
      dd_today_page_set_desk (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_today_page_class_init (DdTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_today_page_dispose;
  object_class->finalize = dd_today_page_finalize;
  object_class->get_property = dd_today_page_get_property;
  object_class->set_property = dd_today_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL,
                         DD_TYPE_DESK,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-today-page.ui");

  /* The template holds a DdWhereaboutsGroup. */
  g_type_ensure (DD_TYPE_WHEREABOUTS_GROUP);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, unit_name_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, unit_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, regime_row);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, regime_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, base_regime_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, staff_row);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, staff_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, sync_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, oncall_group);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, oncall_list);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, until_label);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, next_group);
  gtk_widget_class_bind_template_child (widget_class, DdTodayPage, next_list);
}

static void
dd_today_page_init (DdTodayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->date, 1);
  dd_today_page_update_clock (self);
  dd_today_page_schedule_tick (self);
}

GtkWidget *
dd_today_page_new (void)
{
  return g_object_new (DD_TYPE_TODAY_PAGE, NULL);
}

DdDesk *
dd_today_page_get_desk (DdTodayPage *self)
{
  g_return_val_if_fail (DD_IS_TODAY_PAGE (self), NULL);

  return self->desk;
}

void
dd_today_page_set_desk (DdTodayPage *self,
                        DdDesk      *desk)
{
  g_return_if_fail (DD_IS_TODAY_PAGE (self));
  g_return_if_fail (desk == NULL || DD_IS_DESK (desk));

  if (g_set_object (&self->desk, desk))
    {
      dd_today_page_show_desk (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK]);
    }

  dd_today_page_reload (self);
}

gboolean
dd_today_page_get_loaded (DdTodayPage *self)
{
  g_return_val_if_fail (DD_IS_TODAY_PAGE (self), FALSE);

  return self->desk != NULL && self->n_pending == 0;
}

void
dd_today_page_set_now_override (DdTodayPage *self,
                                gint64       now_ms)
{
  g_return_if_fail (DD_IS_TODAY_PAGE (self));

  self->now_override_ms = now_ms;
  g_date_clear (&self->date, 1);
  dd_today_page_update_clock (self);
  dd_today_page_reload (self);
}

gint64
dd_today_page_get_now_override (DdTodayPage *self)
{
  g_return_val_if_fail (DD_IS_TODAY_PAGE (self), 0);

  return self->now_override_ms;
}
