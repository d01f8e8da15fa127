/* dd-gui-util.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-gui-util.h"

#include <glib/gi18n.h>

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
