/* dd-cli-private.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "dd-cli.h"
#include "dd-store.h"

G_BEGIN_DECLS

/* Shared state of one dutyctl run, filled by the global options and the
 * command's own options. */
typedef struct
{
  /* --db given before the command, or %NULL */
  char     *db_path;
  /* --db given after the command, or %NULL; wins over @db_path */
  char     *command_db_path;
  /* --json */
  gboolean  json;
  /* "init", "staff add", …: for messages */
  char     *command;
  /* dd_cli_open_store() created the database file in this run */
  gboolean  created;
} DdCli;

typedef int (*DdCliCommandFunc) (DdCli  *cli,
                                 int     argc,
                                 char  **argv);

/* The commands, one file each (dd-cli-<area>.c). @argv[0] is the
 * command's name; every command validates all of its arguments before it
 * opens the database. */
int         dd_cli_cmd_init          (DdCli        *cli,
                                      int           argc,
                                      char        **argv);
int         dd_cli_cmd_info          (DdCli        *cli,
                                      int           argc,
                                      char        **argv);
int         dd_cli_cmd_staff         (DdCli        *cli,
                                      int           argc,
                                      char        **argv);
int         dd_cli_cmd_backup        (DdCli        *cli,
                                      int           argc,
                                      char        **argv);
int         dd_cli_cmd_restore       (DdCli        *cli,
                                      int           argc,
                                      char        **argv);
int         dd_cli_cmd_audit         (DdCli        *cli,
                                      int           argc,
                                      char        **argv);
int         dd_cli_cmd_demo          (DdCli        *cli,
                                      int           argc,
                                      char        **argv);
int         dd_cli_cmd_directory     (DdCli        *cli,
                                      int           argc,
                                      char        **argv);

/* ---- helpers (dd-cli.c) ---- */

/* A GOptionContext for a command, with --db (and --json if @with_json)
 * already added; @summary is shown by --help. */
GOptionContext *dd_cli_option_context_new (DdCli            *cli,
                                           const char       *command,
                                           const char       *parameter_string,
                                           const char       *summary,
                                           const GOptionEntry *entries,
                                           gboolean          with_json);
/* Parses @argv in place. On a usage error prints it and returns
 * %FALSE; --help exits the process with 0. */
gboolean    dd_cli_parse_options     (DdCli          *cli,
                                      GOptionContext *context,
                                      int            *argc,
                                      char         ***argv);

/* Prints "dutyctl: MESSAGE" on stderr, one line. */
void        dd_cli_printerr          (const char   *format,
                                      ...) G_GNUC_PRINTF (1, 2);
/* Prints a usage error and a hint to --help; returns DD_CLI_EXIT_USAGE. */
int         dd_cli_usage_error       (DdCli        *cli,
                                      const char   *format,
                                      ...) G_GNUC_PRINTF (2, 3);
/* Prints @error and returns the exit code it deserves. */
int         dd_cli_report_error      (DdCli        *cli,
                                      const GError *error);
/* DD_CLI_EXIT_USAGE for invalid input, else DD_CLI_EXIT_FAILURE. */
int         dd_cli_exit_code_for_error (const GError *error);

/* Makes sure the text given for @what (an option such as "--name") is
 * UTF-8, converting it from the locale's charset where that is not UTF-8.
 * %NULL is fine. Fails with an encoding error, which is invalid input. */
gboolean    dd_cli_check_text        (const char   *what,
                                      char        **value,
                                      GError      **error);

/* The database path: --db, else $DUTY_DESK_DB, else the default. */
char       *dd_cli_dup_db_path       (DdCli        *cli);
/* Opens the database with the actor "dutyctl". Unless @may_create, a
 * missing file is reported as a desk that does not exist yet, and is not
 * created. */
DdStore    *dd_cli_open_store        (DdCli        *cli,
                                      gboolean      may_create,
                                      GError      **error);
/* After a failed command that may create the database: closes @store
 * and, if this run created the file, removes it again, so that a refused
 * command leaves nothing behind. */
void        dd_cli_discard_new_store (DdCli        *cli,
                                      DdStore     **store);
/* The desk, or an error telling to run "dutyctl init". */
DdDesk     *dd_cli_get_desk          (DdStore      *store,
                                      GError      **error);
/* The store of a desk that has been set up (never creates the file). */
DdStore    *dd_cli_open_desk_store   (DdCli        *cli,
                                      GError      **error);

/* Adds @member with @value, or null when @value is %NULL. */
void        dd_cli_json_add_string   (JsonBuilder  *builder,
                                      const char   *member,
                                      const char   *value);
/* Prints @node as the one JSON value of the run on stdout. */
void        dd_cli_print_json        (JsonNode     *node);
/* Desk and staff as JSON objects, as `info` and `staff list` show them. */
void        dd_cli_build_desk        (JsonBuilder  *builder,
                                      DdStore      *store,
                                      DdDesk       *desk);
void        dd_cli_build_staff       (JsonBuilder  *builder,
                                      DdStaff      *staff);
/* Human-readable desk, as `info` and `init` show it. */
void        dd_cli_print_desk        (DdStore      *store,
                                      DdDesk       *desk);

G_END_DECLS
