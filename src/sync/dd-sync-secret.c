/* dd-sync-secret.c: the desk secret in the Secret Service or a 0600 file
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-sync-secret.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "dd-sync-client.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.dutydesk.DutyDesk.DeskSecret", SECRET_SCHEMA_NONE,
    {
      { "desk_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

char *
dd_sync_secret_path (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autofree char *name = g_strconcat (base, ".desk-secret", NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
save_file (const char  *db_path,
           const char  *secret,
           GError     **error)
{
  g_autofree char *path = dd_sync_secret_path (db_path);

  if (!g_file_set_contents_full (path, secret, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  /* the mode of a file that existed before */
  if (g_chmod (path, 0600) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A Secret Service with an unlocked default collection: storing in it
 * needs no prompt. */
static gboolean
keyring_ready (GError **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, error);
  if (service == NULL)
    return FALSE;
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, error);
  if (collection == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, DD_SYNC_ERROR, DD_SYNC_ERROR_SECRET,
                             _("The keyring has no default collection"));
      return FALSE;
    }
  if (secret_collection_get_locked (collection))
    {
      g_set_error_literal (error, DD_SYNC_ERROR, DD_SYNC_ERROR_SECRET, _("The keyring is locked"));
      return FALSE;
    }
  return TRUE;
}

const char *
dd_sync_secret_save (const char  *db_path,
                     const char  *desk_id,
                     const char  *secret,
                     GError     **error)
{
  const char *wanted = g_getenv ("DUTY_DESK_SECRET_STORE");
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;

  if (g_strcmp0 (wanted, DD_SYNC_SECRET_FILE) == 0)
    return save_file (db_path, secret, error) ? DD_SYNC_SECRET_FILE : NULL;

  label = g_strdup_printf (_("Duty Desk desk secret (%s)"), db_path);
  if (keyring_ready (&local_error) &&
      secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret, NULL,
                                  &local_error, "desk_id", desk_id, "database", db_path, NULL))
    return DD_SYNC_SECRET_LIBSECRET;

  if (g_strcmp0 (wanted, DD_SYNC_SECRET_LIBSECRET) == 0)
    {
      g_set_error (error, DD_SYNC_ERROR, DD_SYNC_ERROR_SECRET,
                   _("Cannot keep the desk secret in the keyring: %s"), local_error->message);
      return NULL;
    }
  g_debug ("No keyring for the desk secret (%s): using a file", local_error->message);
  return save_file (db_path, secret, error) ? DD_SYNC_SECRET_FILE : NULL;
}

static void
on_lookup_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (secret == NULL)
    {
      if (error == NULL)
        g_task_return_new_error (task, DD_SYNC_ERROR, DD_SYNC_ERROR_SECRET, "%s",
                                 _("The desk secret is not in the keyring"));
      else
        g_task_return_new_error (task, DD_SYNC_ERROR, DD_SYNC_ERROR_SECRET,
                                 _("Cannot read the desk secret from the keyring: %s"), error->message);
      return;
    }
  g_task_return_pointer (task, g_strstrip (secret), g_free);
}

void
dd_sync_secret_load_async (const char          *store,
                           const char          *db_path,
                           const char          *desk_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *secret = NULL;

  g_task_set_source_tag (task, dd_sync_secret_load_async);
  if (g_strcmp0 (store, DD_SYNC_SECRET_LIBSECRET) == 0)
    {
      secret_password_lookup (get_schema (), cancellable, on_lookup_cb, g_steal_pointer (&task),
                              "desk_id", desk_id, NULL);
      return;
    }
  path = dd_sync_secret_path (db_path);
  if (!g_file_get_contents (path, &secret, NULL, &error))
    {
      g_task_return_new_error (task, DD_SYNC_ERROR, DD_SYNC_ERROR_SECRET,
                               _("Cannot read the desk secret: %s"), error->message);
      return;
    }
  g_task_return_pointer (task, g_strstrip (secret), g_free);
}

char *
dd_sync_secret_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dd_sync_secret_forget (const char *store,
                       const char *db_path,
                       const char *desk_id)
{
  if (g_strcmp0 (store, DD_SYNC_SECRET_LIBSECRET) == 0)
    secret_password_clear_sync (get_schema (), NULL, NULL, "desk_id", desk_id, NULL);
  else
    {
      g_autofree char *path = dd_sync_secret_path (db_path);

      g_unlink (path);
    }
}
