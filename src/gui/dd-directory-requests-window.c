/* dd-directory-requests-window.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-directory-requests-window.h"

#include <glib/gi18n.h>

#include "dd-directory-page.h"
#include "dd-directory-request.h"
#include "dd-time.h"

struct _DdDirectoryRequestsWindow
{
  AdwWindow            parent_instance;

  DdStoreService      *service;
  GCancellable        *cancellable;
  GCancellable        *load_cancellable;
  char                *answerer;
  GPtrArray           *rows;          /* the rows added to the groups */
  guint                loaded : 1;
  guint                answering : 1;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwPreferencesGroup *incoming_group;
  AdwPreferencesGroup *other_group;
};

G_DEFINE_FINAL_TYPE (DdDirectoryRequestsWindow, dd_directory_requests_window, ADW_TYPE_WINDOW)

static void dd_directory_requests_window_load (DdDirectoryRequestsWindow *self);

static void
add_toast (DdDirectoryRequestsWindow *self,
           const char                *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static const char *
or_dash (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : "—";
}

/* "Waiting", "Accepted by 王五", "Declined by 王五: 预案仍有效" */
static char *
dup_state_text (DdDirectoryRequest *request)
{
  switch (request->state)
    {
    case DD_DIRECTORY_REQUEST_ACCEPTED:
      /* Translators: %s is who answered */
      return g_strdup_printf (_("Accepted by %s"), request->answered_by);
    case DD_DIRECTORY_REQUEST_DECLINED:
      /* Translators: %1$s is who answered, %2$s the reason */
      return g_strdup_printf (_("Declined by %1$s: %2$s"), request->answered_by, request->reason);
    case DD_DIRECTORY_REQUEST_PENDING:
    default:
      return g_strdup (request->incoming ? _("Waiting for your answer") : _("Waiting for an answer"));
    }
}

/* ------------------------------------------------------------------ answers */

static void
on_answered_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DdDirectoryRequestsWindow *self = user_data;
  g_autoptr(DdDirectoryRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  request = dd_store_service_directory_answer_request_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->answering = FALSE;
  if (request == NULL)
    add_toast (self, error->message);
  else if (request->state == DD_DIRECTORY_REQUEST_ACCEPTED)
    add_toast (self, request->removal ? _("Accepted: the entry is removed") : _("Accepted: the entry is changed"));
  else
    add_toast (self, _("Declined"));
  /* The service's ::changed reloads the list. */
}

static void
answer (DdDirectoryRequestsWindow *self,
        const char                *request_id,
        gboolean                   accept,
        const char                *reason)
{
  if (self->answering)
    return;
  self->answering = TRUE;
  dd_store_service_directory_answer_request_async (self->service, request_id, accept, reason, self->answerer,
                                                   self->cancellable, on_answered_cb, self);
}

static void
on_accept_clicked_cb (GtkButton                 *button,
                      DdDirectoryRequestsWindow *self)
{
  answer (self, g_object_get_data (G_OBJECT (button), "dd-request-id"), TRUE, NULL);
}

static void
on_reason_changed_cb (GtkEditable      *editable,
                      AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (dialog, "decline", reason[0] != '\0');
}

static void
on_reason_activate_cb (GtkEntry         *entry,
                       AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "decline"))
    adw_message_dialog_response (dialog, "decline");
}

static void
on_decline_response_cb (AdwMessageDialog          *dialog,
                        const char                *response,
                        DdDirectoryRequestsWindow *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "decline"))
    answer (self, g_object_get_data (G_OBJECT (dialog), "dd-request-id"), FALSE, gtk_editable_get_text (entry));
}

static void
on_decline_clicked_cb (GtkButton                 *button,
                       DdDirectoryRequestsWindow *self)
{
  const char *request_id = g_object_get_data (G_OBJECT (button), "dd-request-id");
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Decline the Request?"),
                                   _("The requesting desk sees your reason. The entry stays as it is."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "decline", _("_Decline"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "decline",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "decline", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "decline");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "requests-decline-reason");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (required)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_reason_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_reason_activate_cb), dialog, 0);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data_full (G_OBJECT (dialog), "dd-request-id", g_strdup (request_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_decline_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ------------------------------------------------------------------ rows */

static GtkWidget *
button_new (DdDirectoryRequestsWindow *self,
            const char                *mnemonic,
            const char                *name,
            const char                *request_id,
            GCallback                  callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "dd-request-id", g_strdup (request_id), g_free);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
request_row_new (DdDirectoryRequestsWindow *self,
                 DdDirectoryRequest        *request)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *when = dd_time_format_minutes (request->requested_at_ms);
  g_autofree char *state = dup_state_text (request);
  g_autofree char *subtitle = NULL;

  /* Translators: "Rescue team · 南明区 → 贵州省 · 张三, 2026-11-30 14:02 · Waiting for your answer" */
  subtitle = g_strdup_printf (_("%1$s · %2$s → %3$s · %4$s, %5$s · %6$s"),
                              dd_directory_kind_to_label (request->kind), request->requester_name,
                              request->publisher_name, request->requested_by, when, state);
  gtk_widget_set_name (row, request->id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), request->entry_name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                 request->incoming && request->state == DD_DIRECTORY_REQUEST_PENDING);

  if (request->removal)
    {
      GtkWidget *line = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), _("Remove the entry"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), line);
    }
  for (guint i = 0; i < request->changes->len; i++)
    {
      DdDirectoryRequestChange *change = g_ptr_array_index (request->changes, i);
      GtkWidget *line = adw_action_row_new ();
      g_autofree char *values = NULL;

      if (request->entry_exists)
        /* Translators: one cell of a change request, side by side */
        values = g_strdup_printf (_("Was %1$s · asked %2$s · now %3$s"), or_dash (change->seen),
                                  or_dash (change->asked), or_dash (change->current));
      else
        values = g_strdup_printf (_("Was %1$s · asked %2$s · the entry is gone"), or_dash (change->seen),
                                  or_dash (change->asked));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), dd_directory_column_get_label (change->column));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (line), values);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), line);
    }
  if (request->note[0] != '\0')
    {
      GtkWidget *line = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), _("Why"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (line), request->note);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), line);
    }

  if (request->incoming && request->state == DD_DIRECTORY_REQUEST_PENDING)
    {
      GtkWidget *accept = button_new (self, _("_Accept"), "requests-accept", request->id,
                                      G_CALLBACK (on_accept_clicked_cb));
      GtkWidget *decline = button_new (self, _("_Decline…"), "requests-decline", request->id,
                                       G_CALLBACK (on_decline_clicked_cb));
      g_autofree char *accept_label = g_strdup_printf (_("Accept the request about %s"), request->entry_name);
      g_autofree char *decline_label = g_strdup_printf (_("Decline the request about %s"), request->entry_name);

      gtk_widget_add_css_class (accept, "suggested-action");
      gtk_widget_set_sensitive (accept, request->entry_exists);
      gtk_accessible_update_property (GTK_ACCESSIBLE (accept), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      accept_label, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (decline), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      decline_label, -1);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), decline);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), accept);
    }

  return row;
}

static GtkWidget *
placeholder_row_new (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static void
add_row (DdDirectoryRequestsWindow *self,
         AdwPreferencesGroup       *group,
         GtkWidget                 *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DdDirectoryRequestsWindow *self = user_data;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  guint n_incoming = 0, n_other = 0;

  requests = dd_store_service_directory_list_requests_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->rows, 0);

  if (requests == NULL)
    {
      add_row (self, self->incoming_group, placeholder_row_new (error->message));
      self->loaded = TRUE;
      return;
    }

  for (guint i = 0; i < requests->len; i++)
    {
      DdDirectoryRequest *request = g_ptr_array_index (requests, i);
      gboolean waiting = request->incoming && request->state == DD_DIRECTORY_REQUEST_PENDING;

      add_row (self, waiting ? self->incoming_group : self->other_group, request_row_new (self, request));
      if (waiting)
        n_incoming++;
      else
        n_other++;
    }
  if (n_incoming == 0)
    add_row (self, self->incoming_group, placeholder_row_new (_("Nothing is waiting for this desk")));
  if (n_other == 0)
    add_row (self, self->other_group, placeholder_row_new (_("No requests sent or answered yet")));
  self->loaded = TRUE;
}

static void
dd_directory_requests_window_load (DdDirectoryRequestsWindow *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  dd_store_service_directory_list_requests_async (self->service, FALSE, self->load_cancellable,
                                                  on_loaded_cb, self);
}

static void
on_service_changed_cb (DdStoreService            *service,
                       DdDirectoryRequestsWindow *self)
{
  dd_directory_requests_window_load (self);
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_directory_requests_window_dispose (GObject *object)
{
  DdDirectoryRequestsWindow *self = DD_DIRECTORY_REQUESTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_DIRECTORY_REQUESTS_WINDOW);

  G_OBJECT_CLASS (dd_directory_requests_window_parent_class)->dispose (object);
}

static void
dd_directory_requests_window_finalize (GObject *object)
{
  DdDirectoryRequestsWindow *self = DD_DIRECTORY_REQUESTS_WINDOW (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->answerer, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_directory_requests_window_parent_class)->finalize (object);
}

static void
dd_directory_requests_window_class_init (DdDirectoryRequestsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_directory_requests_window_dispose;
  object_class->finalize = dd_directory_requests_window_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/dd-directory-requests-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryRequestsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryRequestsWindow, incoming_group);
  gtk_widget_class_bind_template_child (widget_class, DdDirectoryRequestsWindow, other_group);
}

static void
dd_directory_requests_window_init (DdDirectoryRequestsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
}

/* ------------------------------------------------------------------ public */

GtkWidget *
dd_directory_requests_window_new (DdStoreService *service,
                                  const char     *answerer)
{
  DdDirectoryRequestsWindow *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  self = g_object_new (DD_TYPE_DIRECTORY_REQUESTS_WINDOW, NULL);
  self->service = g_object_ref (service);
  self->answerer = g_strdup (answerer);
  g_signal_connect (service, "changed", G_CALLBACK (on_service_changed_cb), self);
  dd_directory_requests_window_load (self);
  return GTK_WIDGET (self);
}

gboolean
dd_directory_requests_window_get_ready (DdDirectoryRequestsWindow *self)
{
  g_return_val_if_fail (DD_IS_DIRECTORY_REQUESTS_WINDOW (self), FALSE);

  return self->loaded && self->load_cancellable == NULL && !self->answering;
}
