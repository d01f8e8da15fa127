/* dd-cli-incident.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-cli-private.h"
#include "dd-incident-store.h"

G_BEGIN_DECLS

/* The commands of calls and incidents (dd-cli-incident.c). */
int dd_cli_cmd_grade    (DdCli  *cli,
                         int     argc,
                         char  **argv);
int dd_cli_cmd_incident (DdCli  *cli,
                         int     argc,
                         char  **argv);
int dd_cli_cmd_search   (DdCli  *cli,
                         int     argc,
                         char  **argv);

/* The commands of the duty log, instructions, call-backs, the handover
 * and the daily report (dd-cli-duty-log.c). */
int dd_cli_cmd_log          (DdCli  *cli,
                             int     argc,
                             char  **argv);
int dd_cli_cmd_instruction  (DdCli  *cli,
                             int     argc,
                             char  **argv);
int dd_cli_cmd_call         (DdCli  *cli,
                             int     argc,
                             char  **argv);
int dd_cli_cmd_handover     (DdCli  *cli,
                             int     argc,
                             char  **argv);
int dd_cli_cmd_daily_report (DdCli  *cli,
                             int     argc,
                             char  **argv);

/* The grading, taxonomy and reporting rules shipped as data. */
DdIncidentRules *dd_cli_load_incident_rules (GError      **error);
/* Adds @member with @unix_ms as RFC 3339 Beijing time, or null for 0. */
void             dd_cli_json_add_time       (JsonBuilder  *builder,
                                             const char   *member,
                                             gint64        unix_ms);

/* Sync with the provincial server (dd-cli-sync.c). */
int dd_cli_cmd_enrol     (DdCli  *cli,
                          int     argc,
                          char  **argv);
int dd_cli_cmd_sync      (DdCli  *cli,
                          int     argc,
                          char  **argv);
int dd_cli_cmd_conflicts (DdCli  *cli,
                          int     argc,
                          char  **argv);

G_END_DECLS
