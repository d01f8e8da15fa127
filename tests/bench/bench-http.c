/* bench-http.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-http.h"

const char *conninfo;
const char *server_path;
SoupSession *session;
guint port;

int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *call = user_data;

  call->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &call->error);
  call->done = TRUE;
  call->done_at = g_get_monotonic_time ();
}

void
call_start (Call       *call,
            const char *method,
            const char *path,
            const char *token,
            const char *body)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  guint index = call->index;

  memset (call, 0, sizeof *call);
  call->index = index;
  call->msg = soup_message_new (method, uri);
  if (token != NULL)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (call->msg), "Authorization", header);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);
    }
  call->sent_at = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, call->msg, G_PRIORITY_DEFAULT, NULL, on_done_cb, call);
}

JsonObject *
call_take (Call *call)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (call->error != NULL || soup_message_get_status (call->msg) != 200)
    g_error ("%s: %s %.*s", g_uri_get_path (soup_message_get_uri (call->msg)),
             call->error != NULL ? call->error->message : "",
             call->body != NULL ? (int) g_bytes_get_size (call->body) : 0,
             call->body != NULL ? (const char *) g_bytes_get_data (call->body, NULL) : "");
  if (!json_parser_load_from_data (parser, g_bytes_get_data (call->body, NULL),
                                   (gssize) g_bytes_get_size (call->body), NULL))
    g_error ("not JSON");
  object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->msg);
  call->done = FALSE;
  return object;
}

JsonObject *
call_finish (Call *call)
{
  while (!call->done)
    g_main_context_iteration (NULL, TRUE);
  return call_take (call);
}

char *
run_admin (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (gpointer) server_path);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, (gpointer) conninfo);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error) ||
      g_subprocess_get_exit_status (process) != 0)
    g_error ("duty-desk-server %s failed", args[0]);
  return out;
}

GSubprocess *
bench_start_server (const char *csv,
                    const char *log)
{
  const char * const migrate[] = { "migrate", NULL };
  const char * const import[] = { "unit", "import", csv, NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  g_free (run_admin (migrate));
  g_free (run_admin (import));
  g_subprocess_launcher_set_stderr_file_path (launcher, log != NULL ? log : "/dev/null");
  server = g_subprocess_launcher_spawn (launcher, &error, server_path, "--database", conninfo,
                                        "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  if (line == NULL || sscanf (line, "duty-desk-server: listening on port %u", &port) != 1)
    g_error ("the server did not start");
  return server;
}
