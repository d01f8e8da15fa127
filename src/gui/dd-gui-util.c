/* dd-gui-util.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-gui-util.h"

#include <glib/gi18n.h>

#include "dd-division.h"
#include "dd-duty-date.h"
#include "dd-print.h"
#include "dd-taxonomy.h"
#include "dd-time.h"

char *
dd_gui_format_time_near (gint64 ms,
                         gint64 now_ms)
{
  g_autoptr(GDateTime) when = dd_time_beijing_from_ms (ms);
  g_autofree char *clock = g_date_time_format (when, "%H:%M");
  GDate day;
  GDate today;

  g_date_clear (&day, 1);
  g_date_clear (&today, 1);
  dd_time_beijing_date (ms, &day);
  dd_time_beijing_date (now_ms, &today);

  switch (g_date_days_between (&today, &day))
    {
    case 0:
      return g_steal_pointer (&clock);

    case 1:
      /* Translators: %s is a time of day */
      return g_strdup_printf (_("tomorrow %s"), clock);

    default:
      /* Translators: a day and time, in g_date_time_format() syntax;
       * Chinese: "%-m月%-d日 %H:%M" */
      /* xgettext:no-c-format */
      return g_date_time_format (when, _("%b %-d %H:%M"));
    }
}

char *
dd_gui_format_instant (gint64 ms)
{
  g_autoptr(GDateTime) when = dd_time_beijing_from_ms (ms);

  /* Translators: when a roster was marked, in g_date_time_format() syntax;
   * Chinese: "%Y年%-m月%-d日 %H:%M" */
  /* xgettext:no-c-format */
  return g_date_time_format (when, _("%Y-%m-%d %H:%M"));
}

char *
dd_gui_format_ms (gint64      ms,
                  const char *format)
{
  g_autoptr(GDateTime) when = NULL;

  if (ms <= 0)
    return g_strdup ("");

  when = dd_time_beijing_from_ms (ms);
  return g_date_time_format (when, format);
}

gboolean
dd_gui_parse_instant (const char *text,
                      gint64      day_of_ms,
                      gint64     *ms)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *stripped = NULL;
  GDate day;
  guint minute;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (ms != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  parts = g_strsplit_set (stripped, " T", 2);
  g_date_clear (&day, 1);

  if (g_strv_length (parts) == 1)
    {
      dd_duty_date_from_ms (day_of_ms, &day, NULL);
      if (!dd_duty_time_of_day_parse (parts[0], &minute))
        return FALSE;
    }
  else if (!dd_duty_date_parse (parts[0], &day) ||
           !dd_duty_time_of_day_parse (g_strstrip (parts[1]), &minute))
    {
      return FALSE;
    }

  *ms = dd_duty_date_time_ms (&day, minute);
  return TRUE;
}

void
dd_gui_style_clock_status (GtkWidget     *widget,
                           DdClockStatus  status)
{
  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "success");

  switch (status)
    {
    case DD_CLOCK_STATUS_DUE_SOON:
      gtk_widget_add_css_class (widget, "warning");
      break;

    case DD_CLOCK_STATUS_OVERDUE:
    case DD_CLOCK_STATUS_LATE:
      gtk_widget_add_css_class (widget, "error");
      break;

    case DD_CLOCK_STATUS_MET:
      gtk_widget_add_css_class (widget, "success");
      break;

    case DD_CLOCK_STATUS_PENDING:
    case DD_CLOCK_STATUS_CANCELLED:
    default:
      break;
    }
}

const char *
dd_gui_instruction_status_label (DdClockStatus status)
{
  switch (status)
    {
    case DD_CLOCK_STATUS_DUE_SOON:
      /* Translators: the status of a leader's instruction */
      return _("Due soon");

    case DD_CLOCK_STATUS_OVERDUE:
      /* Translators: the status of a leader's instruction */
      return _("Overdue");

    case DD_CLOCK_STATUS_MET:
      /* Translators: the status of a leader's instruction */
      return _("Done");

    case DD_CLOCK_STATUS_LATE:
      /* Translators: the status of a leader's instruction */
      return _("Done late");

    case DD_CLOCK_STATUS_PENDING:
    case DD_CLOCK_STATUS_CANCELLED:
    default:
      /* Translators: the status of a leader's instruction */
      return _("Pending");
    }
}

void
dd_gui_list_box_remove_all (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
dd_gui_add_toast (GtkWidget  *widget,
                  const char *message)
{
  GtkWidget *overlay = GTK_IS_WINDOW (widget)
    ? find_toast_overlay (widget)
    : gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

const char *
dd_gui_on_call_officer_name (const DdOnCall *on_call,
                             gboolean        next)
{
  GPtrArray *lists[2];

  if (on_call == NULL)
    return NULL;

  lists[0] = next ? on_call->next_officers : on_call->officers;
  lists[1] = next ? on_call->next_leaders : on_call->leaders;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    if (lists[l] != NULL && lists[l]->len > 0)
      {
        const DdOnCallEntry *entry = g_ptr_array_index (lists[l], 0);

        return dd_staff_get_name (entry->staff);
      }

  return NULL;
}

GtkPrintOperationResult
dd_gui_print_duty_document (DdDutyDocument          *document,
                            GtkWidget               *widget,
                            GtkPrintOperationAction  action,
                            const char              *export_path,
                            GError                 **error)
{
  g_return_val_if_fail (DD_IS_DUTY_DOCUMENT (document), GTK_PRINT_OPERATION_RESULT_ERROR);

  return dd_print_document (widget, G_OBJECT (document), dd_duty_document_get_title (document),
                            (DdPrintPaginateFunc) dd_duty_document_paginate,
                            (DdPrintDrawPageFunc) dd_duty_document_draw_page,
                            action, export_path, error);
}

static gboolean
on_destroy_idle_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

void
dd_window_destroy_soon (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_destroy_idle_cb, g_object_ref (window), g_object_unref);
}

void
dd_label_show_message (GtkLabel   *label,
                       const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

void
dd_label_show_messagef (GtkLabel   *label,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  dd_label_show_message (label, message);
}

GtkWidget *
dd_gui_fact_caption_new (DdFact     fact,
                         GtkWidget *widget)
{
  GtkWidget *label = gtk_label_new (dd_fact_get_label (fact));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);

  return label;
}

GtkWidget *
dd_gui_fact_entry_new (DdFact      fact,
                       GtkWidget **caption)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, dd_fact_to_string (fact));
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, dd_fact_get_label (fact),
                                  -1);
  *caption = dd_gui_fact_caption_new (fact, entry);

  return entry;
}

static char *
subtype_display (DdSubtype *subtype)
{
  if (subtype == NULL)
    return g_strdup ("");

  return g_strdup_printf ("%s · %s", dd_subtype_get_name_zh (subtype), dd_subtype_get_name_en (subtype));
}

void
dd_gui_subtype_dropdown_init (GtkDropDown *dropdown)
{
  GtkExpression *expression;

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (subtype_display), NULL, NULL);
  gtk_drop_down_set_expression (dropdown, expression);
  gtk_expression_unref (expression);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (dd_taxonomy_get_default ()));
  gtk_drop_down_set_selected (dropdown, GTK_INVALID_LIST_POSITION);
}

void
dd_gui_subtype_dropdown_select (GtkDropDown *dropdown,
                                const char  *id)
{
  GListModel *taxonomy = gtk_drop_down_get_model (dropdown);

  gtk_drop_down_set_selected (dropdown, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (taxonomy); i++)
    {
      g_autoptr(DdSubtype) item = g_list_model_get_item (taxonomy, i);

      if (g_strcmp0 (dd_subtype_get_id (item), id) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          break;
        }
    }
}

char *
dd_gui_text_view_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
dd_gui_add_save_shortcut (GtkWidget  *window,
                          const char *action_name)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new (action_name)));
  gtk_widget_add_controller (window, shortcuts);
}

AdwMessageDialog *
dd_gui_discard_dialog_new (GtkWindow  *parent,
                           const char *heading)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading,
                                                       _("What was typed will be lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  return dialog;
}

GPtrArray *
dd_division_dropdown_fill (GtkDropDown *dropdown,
                           GListModel  *table,
                           const char  *any_label)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (table), NULL);

  gtk_string_list_append (labels, any_label);
  g_ptr_array_add (codes, g_strdup (""));
  for (guint i = 0; i < g_list_model_get_n_items (table); i++)
    {
      g_autoptr(DdDivision) division = g_list_model_get_item (table, i);
      g_autofree char *label = NULL;

      /* Names first, so the drop-down's search (a prefix match) finds them.
       * Translators: a division and its code, e.g. "南明区 (520102)" */
      label = g_strdup_printf (_("%s (%s)"), dd_division_get_name (division), dd_division_get_code (division));
      gtk_string_list_append (labels, label);
      g_ptr_array_add (codes, g_strdup (dd_division_get_code (division)));
    }
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (dropdown, expression);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (labels));
  return codes;
}
