/* dd-incident-alerts.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-incident-alerts.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libnotify/notify.h>

#include "dd-duty-date.h"
#include "dd-reporting-ui.h"
#include "dd-sync-store.h"
#include "dd-store-watch.h"
#include "dd-time.h"

/* The alert of one step of one incident, while it is due soon or overdue. */
typedef struct
{
  NotifyNotification *notification;
  DdClockStatus       status;    /* as last shown */
  gint64              sent_ms;
  gboolean            seen;
} Alert;

struct _DdIncidentAlerts
{
  GObject             parent_instance;

  DdStoreWatch        watch;
  DdIncidentRules    *rules;
  GApplication       *application;   /* weak */

  GHashTable         *alerts;        /* "incident id/step" → Alert */
  GHashTable         *arrivals;      /* incident id → NotifyNotification */
  NotifyNotification *background;
  char               *urgent_incident_id;
  char               *urgent_step;

  guint               n_running;
  guint               n_sent;
  guint               n_arrivals;
  guint               loading : 1;
  guint               again : 1;
  guint               holding : 1;
};

enum {
  PROP_0,
  PROP_N_RUNNING,
  PROP_HOLDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_INCIDENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdIncidentAlerts, dd_incident_alerts, G_TYPE_OBJECT)

static void dd_incident_alerts_load (gpointer owner);

static void on_notification_action_cb (NotifyNotification *notification,
                                       char               *action,
                                       gpointer            user_data);

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) dt = dd_time_beijing_from_ms (ms);

  return g_date_time_format (dt, "%H:%M");
}

/* Whole minutes, rounded up, at least 1. */
static int
minutes_up (gint64 ms)
{
  return (int) MAX (1, (ms + DD_MS_PER_MINUTE - 1) / DD_MS_PER_MINUTE);
}

static void
forget_notification (DdIncidentAlerts   *self,
                     NotifyNotification *notification)
{
  g_signal_handlers_disconnect_by_data (notification, self);
  notify_notification_clear_actions (notification);
  g_object_unref (notification);
}

static void
alert_free (gpointer data)
{
  Alert *alert = data;

  /* Actions were cleared by whoever dropped the alert. */
  g_clear_object (&alert->notification);
  g_free (alert);
}

static NotifyNotification *
new_notification (DdIncidentAlerts *self,
                  const char       *category,
                  NotifyUrgency     urgency,
                  const char       *incident_id,
                  const char       *step,
                  gboolean          can_record)
{
  NotifyNotification *notification = notify_notification_new ("", NULL, APPLICATION_ID);

  notify_notification_set_category (notification, category);
  notify_notification_set_urgency (notification, urgency);
  if (urgency == NOTIFY_URGENCY_CRITICAL)
    notify_notification_set_timeout (notification, NOTIFY_EXPIRES_NEVER);
  notify_notification_set_hint (notification, "desktop-entry", g_variant_new_string (APPLICATION_ID));
  g_object_set_data_full (G_OBJECT (notification), "dd-incident-id", g_strdup (incident_id), g_free);
  g_object_set_data_full (G_OBJECT (notification), "dd-step", g_strdup (step), g_free);
  notify_notification_add_action (notification, "default", _("Open"),
                                  on_notification_action_cb, self, NULL);
  notify_notification_add_action (notification, "open", _("Open"),
                                  on_notification_action_cb, self, NULL);
  if (can_record)
    notify_notification_add_action (notification, "report", _("Reported…"),
                                    on_notification_action_cb, self, NULL);

  return notification;
}

static gboolean
show_notification (NotifyNotification *notification)
{
  g_autoptr(GError) error = NULL;

  if (!notify_notification_show (notification, &error))
    {
      /* No notification server: the window's banner still shows the clock. */
      g_debug ("Could not show a notification: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

static void
close_notification (NotifyNotification *notification)
{
  g_autoptr(GError) error = NULL;

  if (!notify_notification_close (notification, &error))
    g_debug ("Could not close a notification: %s", error->message);
}

/* "Report incident 520102-20261130-0001 to the province by 18:06 — 9
 * minutes left", or "… is overdue by 2 minutes". */
static void
alert_send (DdIncidentAlerts     *self,
            Alert                *alert,
            const DdRunningClock *running,
            gint64                now)
{
  const DdReportClock *clock = running->clock;
  const char *number = dd_incident_summary_get_number (running->detail->summary);
  const char *to = dd_recipient_get_label (clock->recipient);
  g_autofree char *due = format_time (clock->due_at);
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  g_autofree char *due_line = NULL;
  const char *title = clock->title != NULL ? clock->title : "";

  if (clock->status == DD_CLOCK_STATUS_OVERDUE)
    {
      int over = minutes_up (now - clock->due_at);

      /* Translators: %1$s is an incident number (520102-20261130-0001),
       * %2$s a recipient ("the province"), %3$d minutes past the deadline */
      summary = g_strdup_printf (ngettext ("Report of incident %1$s to %2$s is overdue by %3$d minute",
                                           "Report of incident %1$s to %2$s is overdue by %3$d minutes",
                                           over),
                                 number, to, over);
      /* Translators: %s is a time (18:06) */
      due_line = g_strdup_printf (_("It was due at %s."), due);
      body = *title != '\0' ? g_strdup_printf ("%s\n%s", due_line, title) : g_steal_pointer (&due_line);
    }
  else
    {
      int left = minutes_up (clock->due_at - now);

      /* Translators: %1$s is an incident number (520102-20261130-0001),
       * %2$s a recipient ("the province"), %3$s a time (18:06), %4$d the
       * minutes left */
      summary = g_strdup_printf (ngettext ("Report incident %1$s to %2$s by %3$s — %4$d minute left",
                                           "Report incident %1$s to %2$s by %3$s — %4$d minutes left",
                                           left),
                                 number, to, due, left);
      body = g_strdup (title);
    }

  if (alert->notification == NULL)
    alert->notification = new_notification (self, "x-duty-desk.reporting-clock", NOTIFY_URGENCY_CRITICAL,
                                            clock->incident_id, clock->step, TRUE);
  notify_notification_update (alert->notification, summary, body, APPLICATION_ID);

  alert->status = clock->status;
  alert->sent_ms = now;
  if (show_notification (alert->notification))
    self->n_sent++;
}

static void
set_holding (DdIncidentAlerts *self,
             gboolean          holding)
{
  if (self->holding == holding)
    return;

  self->holding = holding;
  if (self->application != NULL)
    {
      if (holding)
        g_application_hold (self->application);
      else
        g_application_release (self->application);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDING]);
}

static void
set_n_running (DdIncidentAlerts *self,
               guint             n_running)
{
  if (self->n_running == n_running)
    return;

  self->n_running = n_running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
}

/* Brings the alerts in line with the clocks loaded (@details). */
static void
dd_incident_alerts_update (DdIncidentAlerts *self,
                           GPtrArray        *details)
{
  DdReportingRules *reporting = dd_incident_rules_get_reporting (self->rules);
  g_autoptr(GPtrArray) running = NULL;
  GHashTableIter iter;
  gpointer value;
  gint64 now = now_ms ();
  gint64 next;

  running = dd_reporting_ui_collect_running (details, &next);

  g_hash_table_iter_init (&iter, self->alerts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((Alert *) value)->seen = FALSE;

  for (guint i = 0; i < running->len; i++)
    {
      const DdRunningClock *entry = g_ptr_array_index (running, i);
      const DdReportClock *clock = entry->clock;
      g_autofree char *key = NULL;
      gint64 repeat_ms;
      Alert *alert;

      if (clock->status != DD_CLOCK_STATUS_DUE_SOON && clock->status != DD_CLOCK_STATUS_OVERDUE)
        continue;

      key = g_strdup_printf ("%s/%s", clock->incident_id, clock->step);
      alert = g_hash_table_lookup (self->alerts, key);
      if (alert == NULL)
        {
          alert = g_new0 (Alert, 1);
          g_hash_table_insert (self->alerts, g_steal_pointer (&key), alert);
        }
      alert->seen = TRUE;

      repeat_ms = reporting != NULL ? dd_reporting_rules_get_repeat_ms (reporting, clock->status) : 0;
      if (alert->sent_ms == 0 || alert->status != clock->status ||
          (repeat_ms > 0 && now >= alert->sent_ms + repeat_ms))
        alert_send (self, alert, entry, now);

      if (repeat_ms > 0)
        next = MIN (next, alert->sent_ms + repeat_ms);
    }

  /* Handled (met, late, cancelled) or closed: withdrawn. */
  g_hash_table_iter_init (&iter, self->alerts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Alert *alert = value;

      if (alert->seen)
        continue;

      if (alert->notification != NULL)
        {
          close_notification (alert->notification);
          notify_notification_clear_actions (alert->notification);
        }
      g_hash_table_iter_remove (&iter);
    }

  g_clear_pointer (&self->urgent_incident_id, g_free);
  g_clear_pointer (&self->urgent_step, g_free);
  if (running->len > 0)
    {
      const DdRunningClock *first = g_ptr_array_index (running, 0);

      self->urgent_incident_id = g_strdup (first->clock->incident_id);
      self->urgent_step = g_strdup (first->clock->step);
    }

  set_n_running (self, running->len);
  set_holding (self, running->len > 0);
  if (running->len == 0)
    dd_incident_alerts_withdraw_background_notice (self);

  dd_store_watch_schedule (&self->watch, now, next != G_MAXINT64 ? next : 0);
}

/* ------------------------------------------------------------------ callbacks */

static void
on_notification_action_cb (NotifyNotification *notification,
                           char               *action,
                           gpointer            user_data)
{
  DdIncidentAlerts *self = user_data;
  const char *incident_id = g_object_get_data (G_OBJECT (notification), "dd-incident-id");
  const char *step = g_object_get_data (G_OBJECT (notification), "dd-step");

  if (incident_id == NULL)
    {
      /* The background notice: the most urgent clock, if one still runs. */
      incident_id = self->urgent_incident_id;
      step = self->urgent_step;
    }

  g_signal_emit (self, signals[OPEN_INCIDENT], 0,
                 incident_id, step, g_str_equal (action, "report"));
}

static void
on_list_clocks_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdIncidentAlerts) self = user_data;
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GError) error = NULL;

  details = dd_store_service_list_incident_clocks_finish (DD_STORE_SERVICE (object), result, &error);
  self->loading = FALSE;

  if (!self->watch.started || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (details != NULL)
    dd_incident_alerts_update (self, details);
  else
    /* No desk yet, or the database cannot be read: the next change tries again. */
    g_debug ("Incident alerts: reporting clocks: %s", error->message);

  if (self->again)
    {
      self->again = FALSE;
      dd_incident_alerts_load (self);
    }
}

/* ------------------------------------------------------------------ arrivals */

static gpointer
take_arrivals_job (DdStore   *store,
                   gpointer   data,
                   GError   **error)
{
  return dd_store_sync_take_arrivals (store, error);
}

/* "Grade II incident from 520102: 南明区山体滑坡": a higher-level desk
 * learns at once of a grade I or II incident that sync brought from
 * below. Open shows it. */
static void
arrival_send (DdIncidentAlerts *self,
              JsonObject       *arrival)
{
  const char *incident_id = json_object_get_string_member (arrival, "incident_id");
  const char *grade = json_object_get_string_member (arrival, "grade");
  NotifyNotification *notification = g_hash_table_lookup (self->arrivals, incident_id);
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;

  if (notification == NULL)
    {
      notification = new_notification (self, "x-duty-desk.incident-arrival", NOTIFY_URGENCY_CRITICAL,
                                       incident_id, NULL, FALSE);
      g_hash_table_insert (self->arrivals, g_strdup (incident_id), notification);
    }
  /* Translators: %1$s is a grade (I or II), %2$s a unit code (520102),
   * %3$s the incident's description */
  summary = g_strdup_printf (_("Grade %1$s incident from %2$s: %3$s"), grade,
                             json_object_get_string_member (arrival, "owner_unit"),
                             json_object_get_string_member (arrival, "summary"));
  /* Translators: %s is an incident number (520102-20261130-0001) */
  body = g_strdup_printf (_("Incident %s arrived by sync."), json_object_get_string_member (arrival, "number"));
  notify_notification_update (notification, summary, body, APPLICATION_ID);
  if (show_notification (notification))
    self->n_arrivals++;
}

static void
on_take_arrivals_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DdIncidentAlerts) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;

  if (text == NULL || !self->watch.started)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Incident alerts: arrivals: %s", error->message);
      return;
    }
  if ((list = json_from_string (text, &error)) == NULL)
    return;
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    arrival_send (self, json_array_get_object_element (array, i));
}

static void
dd_incident_alerts_load (gpointer owner)
{
  DdIncidentAlerts *self = owner;

  if (!self->watch.started)
    return;

  if (self->loading)
    {
      self->again = TRUE;
      return;
    }

  /* what the last pulls brought (nothing written: no ::changed follows) */
  dd_store_service_run_async (self->watch.service, take_arrivals_job, NULL, NULL, g_free, FALSE,
                              self->watch.cancellable, on_take_arrivals_cb, g_object_ref (self));

  self->loading = TRUE;
  dd_store_service_list_incident_clocks_async (self->watch.service, self->rules, now_ms (), FALSE,
                                               self->watch.cancellable, on_list_clocks_cb,
                                               g_object_ref (self));
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_incident_alerts_dispose (GObject *object)
{
  DdIncidentAlerts *self = DD_INCIDENT_ALERTS (object);
  GHashTableIter iter;
  gpointer value;

  dd_incident_alerts_stop (self);

  /* Alerts already shown stay on screen; their actions go with us. */
  if (self->alerts != NULL)
    {
      g_hash_table_iter_init (&iter, self->alerts);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (((Alert *) value)->notification != NULL)
          notify_notification_clear_actions (((Alert *) value)->notification);
    }
  g_clear_pointer (&self->alerts, g_hash_table_unref);
  if (self->arrivals != NULL)
    {
      g_hash_table_iter_init (&iter, self->arrivals);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          g_signal_handlers_disconnect_by_data (value, self);
          notify_notification_clear_actions (value);
        }
    }
  g_clear_pointer (&self->arrivals, g_hash_table_unref);
  if (self->background != NULL)
    forget_notification (self, g_steal_pointer (&self->background));

  G_OBJECT_CLASS (dd_incident_alerts_parent_class)->dispose (object);
}

static void
dd_incident_alerts_finalize (GObject *object)
{
  DdIncidentAlerts *self = DD_INCIDENT_ALERTS (object);

  g_clear_weak_pointer (&self->application);
  dd_store_watch_clear (&self->watch);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->urgent_incident_id, g_free);
  g_clear_pointer (&self->urgent_step, g_free);

  G_OBJECT_CLASS (dd_incident_alerts_parent_class)->finalize (object);
}

static void
dd_incident_alerts_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DdIncidentAlerts *self = DD_INCIDENT_ALERTS (object);

  switch (prop_id)
    {
    case PROP_N_RUNNING:
      g_value_set_uint (value, self->n_running);
      break;

    case PROP_HOLDING:
      g_value_set_boolean (value, self->holding);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_incident_alerts_class_init (DdIncidentAlertsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dd_incident_alerts_dispose;
  object_class->finalize = dd_incident_alerts_finalize;
  object_class->get_property = dd_incident_alerts_get_property;

  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HOLDING] =
    g_param_spec_boolean ("holding", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdIncidentAlerts::open-incident:
   * @incident_id: the incident's id
   * @step: the step ("report_province")
   * @record_report: %TRUE for "Reported…": open the incident ready to
   *   record the report of @step
   *
   * An alert's action was invoked.
   */
  signals[OPEN_INCIDENT] =
    g_signal_new ("open-incident",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
dd_incident_alerts_init (DdIncidentAlerts *self)
{
  self->alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, alert_free);
  self->arrivals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* ------------------------------------------------------------------ public */

DdIncidentAlerts *
dd_incident_alerts_new (DdStoreService  *service,
                        DdIncidentRules *rules,
                        GApplication    *application)
{
  DdIncidentAlerts *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  self = g_object_new (DD_TYPE_INCIDENT_ALERTS, NULL);
  dd_store_watch_init (&self->watch, service, dd_incident_alerts_load, self,
                       "[duty-desk] incident alerts");
  self->rules = rules != NULL ? dd_incident_rules_ref (rules) : dd_reporting_ui_load_rules ();
  g_set_weak_pointer (&self->application, application);

  return self;
}

void
dd_incident_alerts_start (DdIncidentAlerts *self)
{
  g_return_if_fail (DD_IS_INCIDENT_ALERTS (self));

  if (!dd_store_watch_start (&self->watch))
    return;

  if (!notify_is_initted ())
    notify_init (_("Duty Desk"));

  dd_incident_alerts_load (self);
}

void
dd_incident_alerts_stop (DdIncidentAlerts *self)
{
  g_return_if_fail (DD_IS_INCIDENT_ALERTS (self));

  if (!dd_store_watch_stop (&self->watch))
    return;

  self->again = FALSE;
  set_holding (self, FALSE);
}

void
dd_incident_alerts_refresh (DdIncidentAlerts *self)
{
  g_return_if_fail (DD_IS_INCIDENT_ALERTS (self));

  dd_incident_alerts_load (self);
}

guint
dd_incident_alerts_get_n_running (DdIncidentAlerts *self)
{
  g_return_val_if_fail (DD_IS_INCIDENT_ALERTS (self), 0);

  return self->n_running;
}

gboolean
dd_incident_alerts_get_holding (DdIncidentAlerts *self)
{
  g_return_val_if_fail (DD_IS_INCIDENT_ALERTS (self), FALSE);

  return self->holding;
}

guint
dd_incident_alerts_get_n_sent (DdIncidentAlerts *self)
{
  g_return_val_if_fail (DD_IS_INCIDENT_ALERTS (self), 0);

  return self->n_sent;
}

guint
dd_incident_alerts_get_n_arrivals (DdIncidentAlerts *self)
{
  g_return_val_if_fail (DD_IS_INCIDENT_ALERTS (self), 0);

  return self->n_arrivals;
}

gint64
dd_incident_alerts_get_next_check_ms (DdIncidentAlerts *self)
{
  g_return_val_if_fail (DD_IS_INCIDENT_ALERTS (self), 0);

  return self->watch.next_ms;
}

void
dd_incident_alerts_show_background_notice (DdIncidentAlerts *self)
{
  g_autofree char *body = NULL;

  g_return_if_fail (DD_IS_INCIDENT_ALERTS (self));

  if (self->n_running == 0)
    return;

  if (self->background == NULL)
    self->background = new_notification (self, "x-duty-desk.background", NOTIFY_URGENCY_NORMAL,
                                         NULL, NULL, FALSE);

  /* Translators: shown when the window is closed while deadlines run */
  body = g_strdup_printf (ngettext ("%u reporting clock running: its alerts continue "
                                    "until the report is recorded.",
                                    "%u reporting clocks running: their alerts continue "
                                    "until the reports are recorded.",
                                    self->n_running),
                          self->n_running);
  notify_notification_update (self->background, _("Duty Desk keeps running"), body, APPLICATION_ID);
  show_notification (self->background);
}

void
dd_incident_alerts_withdraw_background_notice (DdIncidentAlerts *self)
{
  g_return_if_fail (DD_IS_INCIDENT_ALERTS (self));

  if (self->background == NULL)
    return;

  close_notification (self->background);
  forget_notification (self, g_steal_pointer (&self->background));
}
