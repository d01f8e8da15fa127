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

/* The grading, taxonomy and reporting rules shipped in data/. */
DdIncidentRules *dd_cli_load_incident_rules (GError **error);

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
