/* dd-report-draft-window.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-report-draft-window.h"

#include <glib/gi18n.h>

#include "dd-desk.h"
#include "dd-enum-types.h"
#include "dd-gui-util.h"
#include "dd-division.h"
#include "dd-print.h"
#include "dd-report-draft.h"
#include "dd-reporting.h"
#include "dd-text-document.h"

struct _DdReportDraftWindow
{
  AdwWindow            parent_instance;

  DdStoreService      *service;
  DdIncidentRules     *rules;
  DdReportTemplate    *template;
  GCancellable        *cancellable;
  DdReportKind         kind;
  char                *incident_id;
  char                *number;
  char                *officer;
  char                *leader;
  DdIncidentDetail    *detail;
  DdDesk              *desk;
  guint                rendering : 1;
  guint                edited : 1;
  guint                closing : 1;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *confirm_button;
  GtkButton           *record_button;
  GtkLabel            *error_label;
  GtkTextView         *text_view;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_OFFICER,
  PROP_LEADER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CLOSED,
  REPORT_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdReportDraftWindow, dd_report_draft_window, ADW_TYPE_WINDOW)

static void
toast (DdReportDraftWindow *self,
       const char          *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
update_actions (DdReportDraftWindow *self)
{
  gboolean ready = dd_report_draft_window_is_ready (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.copy", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.print", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.confirm-final",
                                 ready && !self->closing && self->kind == DD_REPORT_KIND_FINAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.record-sent",
                                 ready && self->kind != DD_REPORT_KIND_FINAL);
}

/* "贵州省贵阳市南明区" for the incident's division, or %NULL. */
static char *
dup_division_path (DdIncidentState *state)
{
  const char *code = dd_incident_state_get_text (state, DD_INCIDENT_TEXT_DIVISION);
  g_autofree char *path = NULL;
  GString *joined;

  if (code == NULL || (path = dd_division_table_dup_path (dd_division_table_get_default (), code)) == NULL)
    return NULL;

  joined = g_string_new (path);
  g_string_replace (joined, " ", "", 0);

  return g_string_free (joined, FALSE);
}

/* Renders the draft again unless the officer edited it. */
static void
render (DdReportDraftWindow *self)
{
  g_autoptr(DdReportDraft) draft = NULL;
  g_autofree char *division_path = NULL;
  DdReportDraftInfo info = { 0 };

  if (!dd_report_draft_window_is_ready (self) || self->edited)
    return;

  division_path = dup_division_path (self->detail->state);
  info.unit_name = dd_desk_get_unit_name (self->desk);
  info.officer = self->officer;
  info.leader = self->leader;
  info.number = self->number;
  info.division_path = division_path;
  info.report_at = g_get_real_time () / 1000;

  draft = dd_report_draft_render (self->template, self->detail->state,
                                  dd_incident_rules_get_taxonomy (self->rules), self->kind, &info);

  self->rendering = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), draft->text, -1);
  self->rendering = FALSE;

  gtk_window_set_title (GTK_WINDOW (self), draft->title);
  adw_window_title_set_title (self->window_title, draft->title);
  gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), TRUE);
  update_actions (self);
}

static guint
paginate_text (gpointer                document,
               double                  page_width,
               double                  page_height,
               const DdReportMargins  *margins,
               GError                **error)
{
  return dd_text_document_paginate (document, page_width, page_height, margins, error);
}

static void
draw_text_page (gpointer  document,
                cairo_t  *cr,
                guint     page)
{
  dd_text_document_draw_page (document, cr, page);
}

static void
append_event (DdReportDraftWindow   *self,
              DdIncidentEvent       *event,
              GAsyncReadyCallback    callback)
{
  dd_store_service_add_incident_event_async (self->service, self->rules, event, self->cancellable,
                                             callback, g_object_ref (self));
}

static void
finish_closing (DdReportDraftWindow *self,
                const GError        *error)
{
  self->closing = FALSE;
  update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: %s is why the incident could not be closed */
  dd_label_show_messagef (self->error_label, _("Could not close the incident: %s"), error->message);
}

/* ------------------------------------------------------------------ callbacks */

static void
on_buffer_changed_cb (DdReportDraftWindow *self)
{
  if (!self->rendering)
    self->edited = TRUE;
}

static void
on_get_desk_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdReportDraftWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDesk) desk = dd_store_service_get_desk_finish (DD_STORE_SERVICE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (desk == NULL)
    {
      /* Translators: %s is why the desk could not be read */
      dd_label_show_messagef (self->error_label, _("Could not read the desk: %s"), error->message);
      return;
    }

  self->desk = g_steal_pointer (&desk);
  render (self);
}

static void
on_get_incident_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DdReportDraftWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DdIncidentDetail *detail;

  detail = dd_store_service_get_incident_finish (DD_STORE_SERVICE (object), result, &error);
  if (detail == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s is why the incident could not be read */
      dd_label_show_messagef (self->error_label, _("Could not read the incident: %s"), error->message);
      return;
    }

  g_clear_pointer (&self->detail, dd_incident_detail_free);
  self->detail = detail;
  render (self);
}

static void
on_close_event_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdReportDraftWindow) self = user_data;
  g_autoptr(DdIncidentSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = dd_store_service_add_incident_event_finish (DD_STORE_SERVICE (object), result, &error);
  if (summary == NULL)
    {
      finish_closing (self, error);
      return;
    }

  g_signal_emit (self, signals[CLOSED], 0, summary);
  dd_window_destroy_soon (GTK_WINDOW (self));
}

static void
on_final_report_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DdReportDraftWindow) self = user_data;
  g_autoptr(DdIncidentSummary) summary = NULL;
  g_autoptr(DdIncidentEvent) close = NULL;
  g_autoptr(GError) error = NULL;

  summary = dd_store_service_add_incident_event_finish (DD_STORE_SERVICE (object), result, &error);
  if (summary == NULL)
    {
      finish_closing (self, error);
      return;
    }

  close = dd_incident_event_new (NULL, self->incident_id, DD_INCIDENT_EVENT_KIND_CLOSE,
                                 g_get_real_time () / 1000);
  close->recorded_by = g_strdup (self->officer);
  append_event (self, close, on_close_event_cb);
}

static void
on_confirm_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        DdReportDraftWindow *self)
{
  g_autoptr(DdIncidentEvent) report = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "close") != 0 || self->closing)
    return;

  self->closing = TRUE;
  update_actions (self);
  dd_label_show_message (self->error_label, NULL);

  text = dd_report_draft_window_dup_text (self);
  report = dd_incident_event_new (NULL, self->incident_id, DD_INCIDENT_EVENT_KIND_REPORT,
                                  g_get_real_time () / 1000);
  report->report_kind = DD_REPORT_KIND_FINAL;
  report->report_channel = DD_REPORT_CHANNEL_WRITTEN;
  report->report_to = g_strdup (DD_RECIPIENT_PROVINCE);
  report->recorded_by = g_strdup (self->officer);
  report->report_content = g_steal_pointer (&text);
  append_event (self, report, on_final_report_cb);
}

static void
on_report_dialog_saved_cb (DdReportDialog      *dialog,
                           DdIncidentSummary   *summary,
                           DdReportDraftWindow *self)
{
  toast (self, _("Report recorded"));
  g_signal_emit (self, signals[REPORT_SAVED], 0, summary);
}

static void
dd_report_draft_window_copy_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  dd_report_draft_window_copy (DD_REPORT_DRAFT_WINDOW (widget));
}

static void
dd_report_draft_window_print_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  DdReportDraftWindow *self = DD_REPORT_DRAFT_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (dd_report_draft_window_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is why printing failed */
      message = g_strdup_printf (_("Could not print the draft: %s"), error->message);
      toast (self, message);
    }
}

static void
dd_report_draft_window_confirm_final_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter)
{
  dd_report_draft_window_confirm_final (DD_REPORT_DRAFT_WINDOW (widget));
}

static void
dd_report_draft_window_record_sent_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  dd_report_draft_window_record_sent (DD_REPORT_DRAFT_WINDOW (widget));
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_report_draft_window_constructed (GObject *object)
{
  DdReportDraftWindow *self = DD_REPORT_DRAFT_WINDOW (object);

  G_OBJECT_CLASS (dd_report_draft_window_parent_class)->constructed (object);

  gtk_widget_set_visible (GTK_WIDGET (self->confirm_button), self->kind == DD_REPORT_KIND_FINAL);
  gtk_widget_set_visible (GTK_WIDGET (self->record_button), self->kind != DD_REPORT_KIND_FINAL);
  update_actions (self);
}

static void
dd_report_draft_window_dispose (GObject *object)
{
  DdReportDraftWindow *self = DD_REPORT_DRAFT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_REPORT_DRAFT_WINDOW);

  G_OBJECT_CLASS (dd_report_draft_window_parent_class)->dispose (object);
}

static void
dd_report_draft_window_finalize (GObject *object)
{
  DdReportDraftWindow *self = DD_REPORT_DRAFT_WINDOW (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->template, dd_report_template_unref);
  g_clear_pointer (&self->detail, dd_incident_detail_free);
  g_clear_pointer (&self->incident_id, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->officer, g_free);
  g_clear_pointer (&self->leader, g_free);

  G_OBJECT_CLASS (dd_report_draft_window_parent_class)->finalize (object);
}

static void
dd_report_draft_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DdReportDraftWindow *self = DD_REPORT_DRAFT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_OFFICER:
      g_value_set_string (value, self->officer);
      break;

    case PROP_LEADER:
      g_value_set_string (value, self->leader);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_report_draft_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DdReportDraftWindow *self = DD_REPORT_DRAFT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_OFFICER:
      dd_report_draft_window_set_officer (self, g_value_get_string (value));
      break;

    case PROP_LEADER:
      dd_report_draft_window_set_leader (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_report_draft_window_class_init (DdReportDraftWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dd_report_draft_window_constructed;
  object_class->dispose = dd_report_draft_window_dispose;
  object_class->finalize = dd_report_draft_window_finalize;
  object_class->get_property = dd_report_draft_window_get_property;
  object_class->set_property = dd_report_draft_window_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DD_TYPE_REPORT_KIND, DD_REPORT_KIND_INITIAL,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OFFICER] =
    g_param_spec_string ("officer", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LEADER] =
    g_param_spec_string ("leader", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdReportDraftWindow::closed:
   * @self: the window
   * @summary: the incident as listed, closed
   *
   * The final report is recorded and the incident closed; the window
   * closes.
   */
  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_INCIDENT_SUMMARY);

  /**
   * DdReportDraftWindow::report-saved:
   * @self: the window
   * @summary: the incident as listed after the report
   *
   * A report was recorded through Record as Sent.
   */
  signals[REPORT_SAVED] =
    g_signal_new ("report-saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_INCIDENT_SUMMARY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-report-draft-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdReportDraftWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DdReportDraftWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DdReportDraftWindow, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, DdReportDraftWindow, record_button);
  gtk_widget_class_bind_template_child (widget_class, DdReportDraftWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, DdReportDraftWindow, text_view);

  gtk_widget_class_install_action (widget_class, "draft.copy", NULL, dd_report_draft_window_copy_action);
  gtk_widget_class_install_action (widget_class, "draft.print", NULL, dd_report_draft_window_print_action);
  gtk_widget_class_install_action (widget_class, "draft.confirm-final", NULL,
                                   dd_report_draft_window_confirm_final_action);
  gtk_widget_class_install_action (widget_class, "draft.record-sent", NULL,
                                   dd_report_draft_window_record_sent_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "draft.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dd_report_draft_window_init (DdReportDraftWindow *self)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->template = dd_report_template_load_default (&error);
  if (self->template == NULL)
    g_error ("The shipped report template does not load: %s", error->message);

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (on_buffer_changed_cb), self);
}

/* ------------------------------------------------------------------ public */

DdReportDraftWindow *
dd_report_draft_window_new (DdStoreService   *service,
                            DdIncidentRules  *rules,
                            DdIncidentDetail *detail,
                            DdReportKind      kind)
{
  DdReportDraftWindow *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (detail != NULL && detail->summary != NULL, NULL);
  g_return_val_if_fail (kind <= DD_REPORT_KIND_FINAL, NULL);

  self = g_object_new (DD_TYPE_REPORT_DRAFT_WINDOW, "kind", kind, NULL);
  self->service = g_object_ref (service);
  self->rules = dd_incident_rules_ref (rules);
  self->incident_id = g_strdup (dd_incident_summary_get_id (detail->summary));
  self->number = g_strdup (dd_incident_summary_get_number (detail->summary));
  adw_window_title_set_subtitle (self->window_title, self->number);

  dd_store_service_get_desk_async (service, self->cancellable, on_get_desk_cb, g_object_ref (self));
  dd_store_service_get_incident_async (service, rules, self->incident_id, 0, self->cancellable,
                                       on_get_incident_cb, g_object_ref (self));

  return self;
}

DdReportKind
dd_report_draft_window_get_kind (DdReportDraftWindow *self)
{
  g_return_val_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self), DD_REPORT_KIND_INITIAL);

  return self->kind;
}

const char *
dd_report_draft_window_get_officer (DdReportDraftWindow *self)
{
  g_return_val_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self), NULL);

  return self->officer;
}

void
dd_report_draft_window_set_officer (DdReportDraftWindow *self,
                                    const char          *officer)
{
  g_return_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self));

  if (g_strcmp0 (self->officer, officer) != 0)
    {
      g_free (self->officer);
      self->officer = g_strdup (officer);
      render (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICER]);
    }
}

const char *
dd_report_draft_window_get_leader (DdReportDraftWindow *self)
{
  g_return_val_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self), NULL);

  return self->leader;
}

void
dd_report_draft_window_set_leader (DdReportDraftWindow *self,
                                   const char          *leader)
{
  g_return_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self));

  if (g_strcmp0 (self->leader, leader) != 0)
    {
      g_free (self->leader);
      self->leader = g_strdup (leader);
      render (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEADER]);
    }
}

gboolean
dd_report_draft_window_is_ready (DdReportDraftWindow *self)
{
  g_return_val_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self), FALSE);

  return self->detail != NULL && self->desk != NULL;
}

char *
dd_report_draft_window_dup_text (DdReportDraftWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
dd_report_draft_window_copy (DdReportDraftWindow *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self));

  text = dd_report_draft_window_dup_text (self);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, _("Copied"));
}

GtkPrintOperationResult
dd_report_draft_window_print (DdReportDraftWindow      *self,
                              GtkPrintOperationAction   action,
                              const char               *export_path,
                              GError                  **error)
{
  g_autoptr(DdTextDocument) document = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self), GTK_PRINT_OPERATION_RESULT_ERROR);

  text = dd_report_draft_window_dup_text (self);
  document = dd_text_document_new_from_text (text);

  return dd_print_document (GTK_WIDGET (self), G_OBJECT (document),
                            dd_text_document_get_title (document),
                            paginate_text, draw_text_page, action, export_path, error);
}

void
dd_report_draft_window_confirm_final (DdReportDraftWindow *self)
{
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  DdReportingRules *reporting;

  g_return_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self));
  g_return_if_fail (self->kind == DD_REPORT_KIND_FINAL);

  if (!dd_report_draft_window_is_ready (self) || self->closing)
    return;

  /* A final report that would meet an overdue clock needs the reason the
   * store asks for: it is recorded first, with the report dialog. */
  reporting = dd_incident_rules_get_reporting (self->rules);
  if (reporting != NULL)
    {
      g_autoptr(DdReportingResult) result = NULL;

      result = dd_reporting_compute (reporting, dd_desk_get_level (self->desk), self->detail->state,
                                     g_get_real_time () / 1000);
      if (dd_reporting_result_report_is_late (result, DD_RECIPIENT_PROVINCE, DD_REPORT_CHANNEL_WRITTEN))
        {
          dd_label_show_message (self->error_label, _("The report to the province is overdue: record it with the reason for the delay first"));
          return;
        }
    }

  /* Translators: %s is the incident's number */
  heading = g_strdup_printf (_("Close incident %s?"), self->number);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("The final report closes it; it can be reopened.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "close", _("_Close Incident"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

DdReportDialog *
dd_report_draft_window_record_sent (DdReportDraftWindow *self)
{
  DdReportDialog *dialog;
  g_autofree char *text = NULL;

  g_return_val_if_fail (DD_IS_REPORT_DRAFT_WINDOW (self), NULL);
  g_return_val_if_fail (self->kind != DD_REPORT_KIND_FINAL, NULL);

  if (!dd_report_draft_window_is_ready (self))
    return NULL;

  text = dd_report_draft_window_dup_text (self);
  dialog = dd_report_dialog_new (self->service, self->rules, self->detail, NULL);
  dd_report_dialog_set_kind (dialog, self->kind);
  dd_report_dialog_set_report_content (dialog, text);
  dd_report_dialog_set_officer (dialog, self->officer);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_report_dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}
