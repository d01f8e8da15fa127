/* dd-incident-alerts.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dd-incident-store.h"

G_BEGIN_DECLS

/**
 * DdIncidentAlerts:
 *
 * Critical desktop notifications (libnotify) for the reporting clocks of
 * open incidents: one when a step becomes due soon and one when it becomes
 * overdue ("Report incident 520102-20261130-0001 to the province by 18:06
 * — 9 minutes left"), shown again as often as the reporting rules'
 * "alerts" say while the step stays due soon or overdue, and withdrawn
 * once it is handled (met, late or cancelled: a report was recorded, or
 * the incident closed). One notification per incident and step: a repeat
 * replaces it. Actions: "Open" and "Reported…" emit ::open-incident.
 *
 * The state always comes from the database: on start, after every
 * DdStoreService::changed and when one timeout (set for the earliest
 * status change or repeat) fires, the running clocks are loaded again
 * through the service. Nothing is kept that a restart would lose.
 *
 * While any clock runs (pending, due soon or overdue) the application
 * given is held (g_application_hold()), so closing the window does not
 * stop the alerts; it is released when none runs. Owned by DdApplication;
 * nothing here reaches for the application singleton.
 */
#define DD_TYPE_INCIDENT_ALERTS (dd_incident_alerts_get_type ())
G_DECLARE_FINAL_TYPE (DdIncidentAlerts, dd_incident_alerts, DD, INCIDENT_ALERTS, GObject)

/* @rules: (nullable): the rules clocks and repeats are computed with
 * (%NULL: the shipped ones). @application: (nullable): held while a clock
 * runs. */
DdIncidentAlerts *dd_incident_alerts_new                  (DdStoreService   *service,
                                                           DdIncidentRules  *rules,
                                                           GApplication     *application);
/* Starts loading (and follows DdStoreService::changed); until then nothing
 * is sent. Calls notify_init() if needed. */
void              dd_incident_alerts_start                (DdIncidentAlerts *self);
/* Stops; releases the application; alerts already shown stay. */
void              dd_incident_alerts_stop                 (DdIncidentAlerts *self);
/* Loads the clocks again now. */
void              dd_incident_alerts_refresh              (DdIncidentAlerts *self);
/* The clocks running at the last load ("n-running", notified). */
guint             dd_incident_alerts_get_n_running        (DdIncidentAlerts *self);
/* Whether the application is held ("holding", notified). */
gboolean          dd_incident_alerts_get_holding          (DdIncidentAlerts *self);
/* Alerts shown so far (repeats included). */
guint             dd_incident_alerts_get_n_sent           (DdIncidentAlerts *self);
/* Arrival alerts shown so far: grade I or II incidents of another unit
 * that a pull brought ("Grade II incident from 520102: …", critical, with
 * Open emitting ::open-incident with no step). */
guint             dd_incident_alerts_get_n_arrivals       (DdIncidentAlerts *self);
/* When the next load is due (Unix ms), 0 if none. */
gint64            dd_incident_alerts_get_next_check_ms    (DdIncidentAlerts *self);
/* Tells (a notification of normal urgency, replaced by the next one) that
 * the application keeps running in the background for its running
 * clocks: call when the last window closed. Withdrawn when no clock runs
 * or by dd_incident_alerts_withdraw_background_notice(). Does nothing
 * without running clocks. */
void              dd_incident_alerts_show_background_notice     (DdIncidentAlerts *self);
void              dd_incident_alerts_withdraw_background_notice (DdIncidentAlerts *self);

G_END_DECLS
