/* dd-cli-roster.h: dutyctl calendar, period, leave, template, roster, oncall
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dd-cli-private.h"
#include "dd-roster-store.h"

G_BEGIN_DECLS

/* The commands (dd-cli-calendar.c, dd-cli-roster.c). */
int         dd_cli_cmd_calendar         (DdCli        *cli,
                                         int           argc,
                                         char        **argv);
int         dd_cli_cmd_period           (DdCli        *cli,
                                         int           argc,
                                         char        **argv);
int         dd_cli_cmd_leave            (DdCli        *cli,
                                         int           argc,
                                         char        **argv);
int         dd_cli_cmd_template         (DdCli        *cli,
                                         int           argc,
                                         char        **argv);
int         dd_cli_cmd_roster           (DdCli        *cli,
                                         int           argc,
                                         char        **argv);
int         dd_cli_cmd_oncall           (DdCli        *cli,
                                         int           argc,
                                         char        **argv);

/* `roster export` (dd-cli-export.c). */
int         dd_cli_roster_export        (DdCli        *cli,
                                         int           argc,
                                         char        **argv);

/* ---- helpers shared by the duty commands (dd-cli-calendar.c) ---- */

typedef struct
{
  const char       *name;
  DdCliCommandFunc  func;
  const char       *description;
} DdCliDutySubcommand;

/* Runs the subcommand named by @argv[1] of @command, or prints the
 * family's help. */
int         dd_cli_run_subcommand       (DdCli                     *cli,
                                         const char                *command,
                                         const char                *summary,
                                         const DdCliDutySubcommand *subcommands,
                                         guint                      n_subcommands,
                                         int                        argc,
                                         char                     **argv);

/* "YYYY-MM-DD" given for @option; invalid input otherwise. */
gboolean    dd_cli_parse_date           (const char   *option,
                                         const char   *text,
                                         GDate        *date,
                                         GError      **error);
/* --from and --to, both required, from <= to. */
gboolean    dd_cli_parse_range          (const char   *from,
                                         const char   *to,
                                         GDate        *first,
                                         GDate        *last,
                                         GError      **error);
/* RFC 3339; without an offset, Beijing time. "YYYY-MM-DD" is midnight. */
gboolean    dd_cli_parse_datetime       (const char   *option,
                                         const char   *text,
                                         gint64       *unix_ms,
                                         GError      **error);
/* "YYYY-MM" */
gboolean    dd_cli_parse_month          (const char   *text,
                                         guint        *year,
                                         guint        *month,
                                         GError      **error);
/* RFC 3339 in Beijing time: "2026-02-15T17:30:00+08:00". */
char       *dd_cli_format_ms            (gint64        unix_ms);

/* Prints a warning on stderr for each year of @first..@last without a
 * holiday schedule. */
void        dd_cli_warn_unloaded_years  (DdDutyCalendar *calendar,
                                         const GDate    *first,
                                         const GDate    *last);
/* Like dd_cli_report_error(), but an id that names nothing (given on the
 * command line) is invalid input too. */
int         dd_cli_report_duty_error    (DdCli        *cli,
                                         const GError *error);

G_END_DECLS
