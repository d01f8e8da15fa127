/* dd-gui-util.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dd-duty-document.h"
#include "dd-incident-store.h"
#include "dd-roster-store.h"

G_BEGIN_DECLS

/* Small helpers the section widgets share: how times and deadline
 * statuses look, lists, toasts, printing a duty
 * document. */

/* "08:30", "tomorrow 08:30", or a day and time when @ms is further from
 * @now_ms (Beijing time). */
char             *dd_gui_format_time_near     (gint64          ms,
                                               gint64          now_ms);
/* "2026-03-02 08:30" (Beijing time, translated form). */
char             *dd_gui_format_instant       (gint64          ms);
/* @ms (Unix ms) in Beijing time by a g_date_time_format() @format; "" for 0. */
char             *dd_gui_format_ms            (gint64          ms,
                                               const char     *format);
/* Reads "YYYY-MM-DD HH:MM" or, on @day_of_ms's Beijing day, "HH:MM". */
gboolean          dd_gui_parse_instant        (const char     *text,
                                               gint64          day_of_ms,
                                               gint64         *ms);
/* Styles @widget as a deadline of @status is shown everywhere: "warning"
 * when due soon, "error" when overdue or done late, "success" when met
 * (and no class otherwise). Replaces the classes of an earlier status. */
void              dd_gui_style_clock_status   (GtkWidget      *widget,
                                               DdClockStatus   status);
/* What an instruction's status is called: Pending, Due soon, Overdue,
 * Done, Done late. */
const char       *dd_gui_instruction_status_label (DdClockStatus status);
void              dd_gui_list_box_remove_all  (GtkListBox     *list);
/* Shows @message in the toast overlay around @widget (in @widget, for a
 * window), if there is one. */
void              dd_gui_add_toast            (GtkWidget      *widget,
                                               const char     *message);
/* The name of the first officer (else leader) of @on_call, now or next;
 * %NULL if the roster knows nobody. */
const char       *dd_gui_on_call_officer_name (const DdOnCall *on_call,
                                               gboolean        next);
/* Prints @document (paginated in the print context) through a
 * GtkPrintOperation transient for @widget's window; with
 * %GTK_PRINT_OPERATION_ACTION_EXPORT writes a PDF to @export_path. */
GtkPrintOperationResult
                  dd_gui_print_duty_document  (DdDutyDocument          *document,
                                               GtkWidget               *widget,
                                               GtkPrintOperationAction  action,
                                               const char              *export_path,
                                               GError                 **error);

/* The small caption above the field of @fact, its mnemonic widget
 * @widget. */
GtkWidget        *dd_gui_fact_caption_new     (DdFact          fact,
                                               GtkWidget      *widget);
/* A number entry for @fact (named by its machine name, labelled for
 * accessibility) and, in @caption, its mnemonic caption label. */
GtkWidget        *dd_gui_fact_entry_new       (DdFact          fact,
                                               GtkWidget     **caption);
/* Sets @dropdown up to choose a sub-type of the taxonomy ("中文 · English",
 * searchable), nothing chosen. */
void              dd_gui_subtype_dropdown_init (GtkDropDown   *dropdown);
/* Chooses the sub-type @id in a dropdown set up as above (nothing for
 * %NULL or an unknown id). */
void              dd_gui_subtype_dropdown_select (GtkDropDown *dropdown,
                                                 const char    *id);

/* The whole text of @view. */
char             *dd_gui_text_view_dup_text   (GtkTextView   *view);
/* Ctrl+Enter activates @action_name in @window, even from inside a
 * multi-line field (captured before it sees the key). */
void              dd_gui_add_save_shortcut    (GtkWidget     *window,
                                               const char    *action_name);
/* A dialog asking whether to discard what was typed in @parent, headed
 * @heading: responses "cancel" (the default) and "discard". The caller
 * connects ::response and presents it. */
AdwMessageDialog *dd_gui_discard_dialog_new   (GtkWindow     *parent,
                                               const char    *heading);

/* Hides @window now and destroys it from an idle: GTK 4.8's AT-SPI bridge
 * warns when a shown window is destroyed from inside an async callback. */
void              dd_window_destroy_soon      (GtkWindow      *window);
/* Shows @message in @label, or hides it for %NULL. */
void              dd_label_show_message       (GtkLabel       *label,
                                               const char     *message);
/* Shows a message made from @format in @label. */
void              dd_label_show_messagef      (GtkLabel       *label,
                                               const char     *format,
                                               ...) G_GNUC_PRINTF (2, 3);

/* Gives @dropdown the item @any_label, then every division of @table as
 * "南明区 (520102)", found by name in its search; returns the codes in the
 * items' order ("" for @any_label). */
GPtrArray        *dd_division_dropdown_fill   (GtkDropDown    *dropdown,
                                               GListModel     *table,
                                               const char     *any_label);

G_END_DECLS
