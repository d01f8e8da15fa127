/* dd-reminders.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-reminders.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "dd-duty-date.h"
#include "dd-roster-store.h"
#include "dd-store-watch.h"
#include "dd-time.h"

/* How many dates the uncovered-positions reminder names. */
#define MAX_DATES 3

struct _DdReminders
{
  GObject             parent_instance;

  DdStoreWatch        watch;
  DdRemindersNowFunc  now_func;
  gpointer            now_data;
  GDestroyNotify      now_destroy;

  guint               n_pending;
  gint64              check_at_ms;
  DdOnCall           *on_call;
  GPtrArray          *problems;
  guint               again : 1;

  gint64              handover_sent_for_ms;
  GDate               uncovered_day;
  char               *uncovered_signature;

  /* NotifyNotification: kept until closed (libnotify 0.8.1 has no autoptr). */
  GPtrArray          *notifications;
  guint               n_sent;
};

enum {
  OPEN_SECTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdReminders, dd_reminders, G_TYPE_OBJECT)

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) dt = dd_time_beijing_from_ms (ms);

  return g_date_time_format (dt, "%H:%M");
}

static char *
format_day (const char *iso_date)
{
  g_autoptr(GDateTime) dt = NULL;
  GDate date;

  g_date_clear (&date, 1);
  if (!dd_duty_date_parse (iso_date, &date))
    return g_strdup (iso_date);

  dt = g_date_time_new (dd_time_zone_beijing (),
                        g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                        0, 0, 0);
  /* Translators: a day in a reminder, in g_date_time_format() syntax;
   * Chinese: "%-m月%-d日" */
  /* xgettext:no-c-format */
  return g_date_time_format (dt, _("%b %-d"));
}

static char *
describe_people (GPtrArray *entries)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const DdOnCallEntry *entry = g_ptr_array_index (entries, i);
      const char *phone = dd_staff_get_phone (entry->staff);

      if (text->len > 0)
        /* Translators: between names in a list */
        g_string_append (text, _(", "));
      g_string_append (text, dd_staff_get_name (entry->staff));
      if (phone != NULL && phone[0] != '\0')
        g_string_append_printf (text, " (%s)", phone);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_notification_closed_cb (NotifyNotification *notification,
                           DdReminders        *self)
{
  g_signal_handlers_disconnect_by_func (notification, on_notification_closed_cb, self);
  g_ptr_array_remove (self->notifications, notification);
}

static void
on_notification_action_cb (NotifyNotification *notification,
                           char               *action,
                           gpointer            user_data)
{
  DdReminders *self = user_data;
  const char *section = g_object_get_data (G_OBJECT (notification), "dd-section");

  g_signal_emit (self, signals[OPEN_SECTION], 0, section);
}

static void
dd_reminders_send (DdReminders     *self,
                   const char      *category,
                   NotifyUrgency    urgency,
                   const char      *summary,
                   const char      *body,
                   const char      *section)
{
  NotifyNotification *notification;
  g_autoptr(GError) error = NULL;

  notification = notify_notification_new (summary, body, APPLICATION_ID);
  notify_notification_set_category (notification, category);
  notify_notification_set_urgency (notification, urgency);
  notify_notification_set_hint (notification, "desktop-entry", g_variant_new_string (APPLICATION_ID));
  g_object_set_data_full (G_OBJECT (notification), "dd-section", g_strdup (section), g_free);
  notify_notification_add_action (notification, "default", _("Open"),
                                  on_notification_action_cb, self, NULL);
  notify_notification_add_action (notification, "open", _("Open"),
                                  on_notification_action_cb, self, NULL);
  g_signal_connect (notification, "closed", G_CALLBACK (on_notification_closed_cb), self);

  if (!notify_notification_show (notification, &error))
    {
      /* No notification server: the window still shows everything. */
      g_debug ("Could not show a notification: %s", error->message);
      g_signal_handlers_disconnect_by_func (notification, on_notification_closed_cb, self);
      notify_notification_clear_actions (notification);
      g_object_unref (notification);
      return;
    }

  g_ptr_array_add (self->notifications, notification);
  self->n_sent++;
}

/* The end of the officer shift running at @now_ms, else of any running shift. */
static gint64
current_shift_end (const DdOnCall *on_call,
                   gint64          now_ms)
{
  gint64 end = 0;

  for (guint i = 0; on_call->officers != NULL && i < on_call->officers->len; i++)
    {
      const DdOnCallEntry *entry = g_ptr_array_index (on_call->officers, i);

      if (entry->shift->end_ms > now_ms && (end == 0 || entry->shift->end_ms < end))
        end = entry->shift->end_ms;
    }

  for (guint i = 0; on_call->uncovered != NULL && i < on_call->uncovered->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (on_call->uncovered, i);

      if (shift->position == DD_POSITION_OFFICER && shift->end_ms > now_ms
          && (end == 0 || shift->end_ms < end))
        end = shift->end_ms;
    }

  if (end == 0 && on_call->until_ms > now_ms)
    end = on_call->until_ms;

  return end;
}

static gint64
next_start (const DdOnCall *on_call,
            gint64          now_ms)
{
  GPtrArray *lists[] = { on_call->next_leaders, on_call->next_officers };
  gint64 start = 0;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      {
        const DdOnCallEntry *entry = g_ptr_array_index (lists[l], i);

        if (entry->shift->start_ms > now_ms && (start == 0 || entry->shift->start_ms < start))
          start = entry->shift->start_ms;
      }

  return start;
}

static gint64
earliest_after (gint64 now_ms,
                gint64 current,
                gint64 candidate)
{
  if (candidate <= now_ms)
    return current;
  if (current == 0 || candidate < current)
    return candidate;
  return current;
}

static gint64
dd_reminders_check_handover (DdReminders *self,
                             gint64       now_ms)
{
  const DdOnCall *on_call = self->on_call;
  gint64 end;
  gint64 remind_at;
  gint64 next_ms = 0;

  if (on_call == NULL)
    return 0;

  end = current_shift_end (on_call, now_ms);
  remind_at = end - DD_REMINDERS_HANDOVER_MINUTES * DD_MS_PER_MINUTE;

  if (end > 0 && now_ms >= remind_at && now_ms < end && self->handover_sent_for_ms != end)
    {
      g_autofree char *summary = NULL;
      g_autofree char *body = NULL;
      g_autofree char *at = format_time (end);
      g_autofree char *next = describe_people (on_call->next_officers);
      int minutes = (int) ((end - now_ms + DD_MS_PER_MINUTE - 1) / DD_MS_PER_MINUTE);

      summary = g_strdup_printf (ngettext ("Handover in %d minute", "Handover in %d minutes", minutes),
                                 minutes);
      if (next[0] != '\0')
        /* Translators: %1$s is a time (17:30), %2$s the people taking over */
        body = g_strdup_printf (_("The duty shift ends at %1$s. Taking over: %2$s."), at, next);
      else
        /* Translators: %s is a time (17:30) */
        body = g_strdup_printf (_("The duty shift ends at %s. Nobody is on the roster for the next shift."),
                                at);

      self->handover_sent_for_ms = end;
      dd_reminders_send (self, "x-duty-desk.handover", NOTIFY_URGENCY_NORMAL, summary, body, "today");
    }

  if (end > 0)
    {
      next_ms = earliest_after (now_ms, next_ms, remind_at);
      next_ms = earliest_after (now_ms, next_ms, end);
    }
  next_ms = earliest_after (now_ms, next_ms, next_start (on_call, now_ms));

  return next_ms;
}

static void
dd_reminders_check_uncovered (DdReminders *self,
                              gint64       now_ms)
{
  g_autoptr(GString) signature = g_string_new (NULL);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) listed = g_string_new (NULL);
  g_autofree char *body = NULL;
  guint count = 0;
  GDate today;

  if (self->problems == NULL)
    return;

  g_date_clear (&today, 1);
  dd_time_beijing_date (now_ms, &today);

  for (guint i = 0; i < self->problems->len; i++)
    {
      const DdRosterProblem *problem = g_ptr_array_index (self->problems, i);
      g_autofree char *date = NULL;

      if (problem->kind != DD_PROBLEM_KIND_UNCOVERED)
        continue;

      count++;
      g_string_append_printf (signature, "%s;", problem->shift_id);
      date = g_strndup (problem->shift_id, 10);
      if (dates->len == 0 || g_strcmp0 (g_ptr_array_index (dates, dates->len - 1), date) != 0)
        g_ptr_array_add (dates, g_steal_pointer (&date));
    }

  if (count == 0)
    {
      g_clear_pointer (&self->uncovered_signature, g_free);
      return;
    }

  /* Once a day, and again when the roster changed what is uncovered. */
  if (g_date_valid (&self->uncovered_day) && g_date_compare (&self->uncovered_day, &today) == 0
      && g_strcmp0 (self->uncovered_signature, signature->str) == 0)
    return;

  self->uncovered_day = today;
  g_free (self->uncovered_signature);
  self->uncovered_signature = g_strdup (signature->str);

  for (guint i = 0; i < dates->len && i < MAX_DATES; i++)
    {
      g_autofree char *day = format_day (g_ptr_array_index (dates, i));

      if (i > 0)
        g_string_append (listed, _(", "));
      g_string_append (listed, day);
    }
  if (dates->len > MAX_DATES)
    g_string_append (listed, "…");

  /* Translators: %1$u is a count, %2$s the first dates */
  body = g_strdup_printf (ngettext ("%1$u position has nobody on duty. First: %2$s",
                                    "%1$u positions have nobody on duty. First: %2$s",
                                    count),
                          count, listed->str);
  dd_reminders_send (self, "x-duty-desk.uncovered", NOTIFY_URGENCY_NORMAL,
                     _("Uncovered positions in the next 7 days"), body, "checks");
}

static void dd_reminders_check (gpointer owner);

static void
dd_reminders_job_done (DdReminders *self)
{
  gint64 now_ms;
  gint64 next_ms;
  GDate tomorrow;

  g_assert (self->n_pending > 0);
  if (--self->n_pending > 0)
    return;

  if (!self->watch.started)
    goto out;

  now_ms = dd_reminders_get_now_ms (self);
  next_ms = dd_reminders_check_handover (self, now_ms);
  dd_reminders_check_uncovered (self, now_ms);

  /* The next Beijing midnight: a new day looks a week further. */
  g_date_clear (&tomorrow, 1);
  dd_time_beijing_date (now_ms, &tomorrow);
  g_date_add_days (&tomorrow, 1);
  next_ms = earliest_after (now_ms, next_ms, dd_duty_date_start_ms (&tomorrow));

  dd_store_watch_schedule (&self->watch, now_ms, next_ms);

out:
  g_clear_pointer (&self->on_call, dd_on_call_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  if (self->again && self->watch.started)
    {
      self->again = FALSE;
      dd_reminders_check (self);
    }
}

static void
on_get_on_call_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdReminders) self = user_data;
  g_autoptr(GError) error = NULL;

  self->on_call = dd_store_service_get_on_call_finish (DD_STORE_SERVICE (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Reminders: who is on duty: %s", error->message);

  dd_reminders_job_done (self);
}

static void
on_check_roster_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DdReminders) self = user_data;
  g_autoptr(GError) error = NULL;

  self->problems = dd_store_service_check_roster_finish (DD_STORE_SERVICE (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Reminders: roster check: %s", error->message);

  dd_reminders_job_done (self);
}

static void
dd_reminders_check (gpointer owner)
{
  DdReminders *self = owner;
  gint64 now_ms;
  GDate first;
  GDate last;

  if (!self->watch.started)
    return;

  if (self->n_pending > 0)
    {
      self->again = TRUE;
      return;
    }

  now_ms = dd_reminders_get_now_ms (self);
  self->check_at_ms = now_ms;

  g_date_clear (&first, 1);
  dd_time_beijing_date (now_ms, &first);
  last = first;
  g_date_add_days (&last, DD_REMINDERS_UNCOVERED_DAYS - 1);

  self->n_pending = 2;
  dd_store_service_get_on_call_async (self->watch.service, now_ms, self->watch.cancellable,
                                      on_get_on_call_cb, g_object_ref (self));
  dd_store_service_check_roster_async (self->watch.service, &first, &last, self->watch.cancellable,
                                       on_check_roster_cb, g_object_ref (self));
}

static void
dd_reminders_dispose (GObject *object)
{
  DdReminders *self = DD_REMINDERS (object);

  dd_reminders_stop (self);

  for (guint i = 0; self->notifications != NULL && i < self->notifications->len; i++)
    {
      NotifyNotification *notification = g_ptr_array_index (self->notifications, i);

      g_signal_handlers_disconnect_by_func (notification, on_notification_closed_cb, self);
      notify_notification_clear_actions (notification);
    }
  g_clear_pointer (&self->notifications, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_reminders_parent_class)->dispose (object);
}

static void
dd_reminders_finalize (GObject *object)
{
  DdReminders *self = DD_REMINDERS (object);

  if (self->now_destroy != NULL)
    self->now_destroy (self->now_data);
  dd_store_watch_clear (&self->watch);
  g_clear_pointer (&self->on_call, dd_on_call_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->uncovered_signature, g_free);

  G_OBJECT_CLASS (dd_reminders_parent_class)->finalize (object);
}

static void
dd_reminders_class_init (DdRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_reminders_dispose;
  object_class->finalize = dd_reminders_finalize;

  /**
   * DdReminders::open-section:
   * @section: "today" or "checks"
   *
   * A notification's "Open" action was invoked.
   */
  signals[OPEN_SECTION] =
    g_signal_new ("open-section",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dd_reminders_init (DdReminders *self)
{
  self->notifications = g_ptr_array_new_with_free_func (g_object_unref);
  g_date_clear (&self->uncovered_day, 1);
}

DdReminders *
dd_reminders_new (DdStoreService *service)
{
  DdReminders *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  self = g_object_new (DD_TYPE_REMINDERS, NULL);
  dd_store_watch_init (&self->watch, service, dd_reminders_check, self, "[duty-desk] reminders");

  return self;
}

void
dd_reminders_start (DdReminders *self)
{
  g_return_if_fail (DD_IS_REMINDERS (self));

  if (!dd_store_watch_start (&self->watch))
    return;

  if (!notify_is_initted ())
    notify_init (_("Duty Desk"));

  dd_reminders_check (self);
}

void
dd_reminders_stop (DdReminders *self)
{
  g_return_if_fail (DD_IS_REMINDERS (self));

  if (!dd_store_watch_stop (&self->watch))
    return;

  self->again = FALSE;
}

void
dd_reminders_set_now_func (DdReminders        *self,
                           DdRemindersNowFunc  func,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (DD_IS_REMINDERS (self));

  if (self->now_destroy != NULL)
    self->now_destroy (self->now_data);

  self->now_func = func;
  self->now_data = user_data;
  self->now_destroy = destroy;

  dd_reminders_check (self);
}

gint64
dd_reminders_get_now_ms (DdReminders *self)
{
  g_return_val_if_fail (DD_IS_REMINDERS (self), 0);

  if (self->now_func != NULL)
    return self->now_func (self->now_data);

  return g_get_real_time () / 1000;
}

void
dd_reminders_refresh (DdReminders *self)
{
  g_return_if_fail (DD_IS_REMINDERS (self));

  dd_reminders_check (self);
}

gint64
dd_reminders_get_next_check_ms (DdReminders *self)
{
  g_return_val_if_fail (DD_IS_REMINDERS (self), 0);

  return self->watch.next_ms;
}

guint
dd_reminders_get_n_sent (DdReminders *self)
{
  g_return_val_if_fail (DD_IS_REMINDERS (self), 0);

  return self->n_sent;
}
