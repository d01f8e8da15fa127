/* dd-duty-document.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-duty-document.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dd-duty-date.h"
#include "dd-report-private.h"

#define TITLE_SIZE    16.0
#define HEADING_SIZE  12.0
#define BODY_SIZE     10.0
#define FOOTER_SIZE    8.0
#define INDENT        12.0
#define HEADING_GAP   10.0
#define BODY_GAP       3.0
#define FOOTER_GAP     8.0

typedef enum
{
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_BODY,
  BLOCK_ITEM,
} BlockKind;

typedef struct
{
  BlockKind  kind;
  char      *text;
  double     height;
} Block;

struct _DdDutyDocument
{
  GObject          parent_instance;

  char            *title;
  char            *font_family;
  GArray          *blocks;        /* of Block */

  /* the last paginate() */
  PangoContext    *context;
  double           page_width;
  double           page_height;
  DdReportMargins  margins;
  double           footer_height;
  GArray          *page_starts;   /* of guint */
};

G_DEFINE_FINAL_TYPE (DdDutyDocument, dd_duty_document, G_TYPE_OBJECT)

static void
block_clear (gpointer data)
{
  Block *block = data;

  g_free (block->text);
}

static void
add_block (DdDutyDocument *self,
           BlockKind       kind,
           char           *text)
{
  Block block = { kind, text, 0 };

  g_array_append_val (self->blocks, block);
}

static void G_GNUC_PRINTF (3, 4)
add_text (DdDutyDocument *self,
          BlockKind       kind,
          const char     *format,
          ...)
{
  va_list args;

  va_start (args, format);
  add_block (self, kind, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
format_time (gint64 at)
{
  GDate date;
  guint minute;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (at == 0)
    return g_strdup ("—");

  dd_duty_date_from_ms (at, &date, &minute);
  day = dd_duty_date_to_string (&date);
  time = dd_duty_time_of_day_to_string (minute);

  return g_strdup_printf ("%s %s", day, time);
}

static DdDutyDocument *
document_new (const char *title,
              const char *unit_name)
{
  DdDutyDocument *self = g_object_new (DD_TYPE_DUTY_DOCUMENT, NULL);

  self->title = unit_name != NULL && *unit_name != '\0' ? g_strdup_printf ("%s %s", unit_name, title)
                                                        : g_strdup (title);
  add_block (self, BLOCK_TITLE, g_strdup (self->title));

  return self;
}

static void
add_handover_item (DdDutyDocument       *self,
                   guint                 n,
                   const DdHandoverItem *item)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%u. [%s] %s", n, dd_handover_item_kind_get_label (item->kind),
                          item->title != NULL ? item->title : "");
  if (item->detail != NULL)
    g_string_append_printf (text, " — %s", item->detail);
  /* an incident's detail lists its running deadlines already */
  if (item->due_at != 0 && item->kind != DD_HANDOVER_ITEM_INCIDENT)
    {
      g_autofree char *due = format_time (item->due_at);

      g_string_append (text, " — ");
      /* Translators: the due time of a handover item and its status */
      g_string_append_printf (text, _("due %s (%s)"), due, dd_clock_status_get_label (item->status));
    }
  g_string_append (text, " — ");
  if (item->acked_at != 0)
    {
      g_autofree char *when = format_time (item->acked_at);

      /* Translators: who acknowledged a handover item, and when */
      g_string_append_printf (text, _("acknowledged by %s at %s"), item->acked_by, when);
    }
  else
    g_string_append (text, _("not acknowledged"));

  add_block (self, BLOCK_ITEM, g_string_free (g_steal_pointer (&text), FALSE));
}

DdDutyDocument *
dd_duty_document_new_handover (const char       *title,
                               const char       *unit_name,
                               GPtrArray        *items,
                               const DdHandover *handover,
                               gint64            at)
{
  DdDutyDocument *self;
  g_autofree char *when = NULL;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (items != NULL || handover != NULL, NULL);

  self = document_new (title, unit_name);
  if (handover != NULL)
    {
      items = handover->items;
      at = handover->signed_at;
    }
  when = format_time (at);

  add_text (self, BLOCK_BODY, _("Handover time: %s"), when);

  add_block (self, BLOCK_HEADING, g_strdup (_("Open items")));
  if (items->len == 0)
    add_block (self, BLOCK_ITEM, g_strdup (_("Nothing open.")));
  for (guint i = 0; i < items->len; i++)
    add_handover_item (self, i + 1, g_ptr_array_index (items, i));

  add_block (self, BLOCK_HEADING, g_strdup (_("Handover notes")));
  add_block (self, BLOCK_BODY, g_strdup (handover != NULL && handover->note != NULL ? handover->note : "—"));

  add_block (self, BLOCK_HEADING, g_strdup (_("Signatures")));
  add_text (self, BLOCK_BODY, _("Outgoing officer: %s"),
            handover != NULL ? handover->outgoing : "____________");
  add_text (self, BLOCK_BODY, _("Incoming officer: %s"),
            handover != NULL ? handover->incoming : "____________");

  return self;
}

static void
add_clock (DdDutyDocument     *self,
           const DdDailyClock *clock)
{
  g_autofree char *due = format_time (clock->due_at);
  g_autofree char *met = format_time (clock->met_at);

  /* Translators: a reporting deadline in the daily report: the incident's
   * number, the step, the recipient, the due time, the time reported and the status */
  add_text (self, BLOCK_ITEM, _("%s %s to %s: due %s, reported %s, %s%s%s"),
            clock->number, clock->title != NULL ? clock->title : clock->step, clock->recipient,
            due, met, dd_clock_status_get_label (clock->status),
            clock->late_reason != NULL ? " — " : "",
            clock->late_reason != NULL ? clock->late_reason : "");
}

DdDutyDocument *
dd_duty_document_new_daily_report (const char          *title,
                                   const DdDailyReport *report)
{
  DdDutyDocument *self;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (report != NULL, NULL);

  self = document_new (title, report->unit_name);
  day = dd_duty_date_to_string (&report->day);
  from = format_time (report->from);
  to = format_time (report->to);
  /* Translators: the duty day of a daily report and its bounds */
  add_text (self, BLOCK_BODY, _("Duty day %s (%s to %s)"), day, from, to);

  add_block (self, BLOCK_HEADING, g_strdup (_("Calls by channel")));
  add_text (self, BLOCK_BODY, _("Calls received: %u"), report->n_calls);
  for (guint i = 0; i < report->channels->len; i++)
    {
      const DdDailyCount *count = g_ptr_array_index (report->channels, i);

      add_text (self, BLOCK_ITEM, "%s: %u", count->label, count->total);
    }

  add_block (self, BLOCK_HEADING, g_strdup (_("Incidents by category and grade")));
  add_text (self, BLOCK_BODY, _("Incidents received: %u"), report->n_incidents);
  for (guint i = 0; i < report->categories->len; i++)
    {
      const DdDailyCount *count = g_ptr_array_index (report->categories, i);

      /* Translators: incidents of a category by grade in the daily report */
      add_text (self, BLOCK_ITEM, _("%s: %u (I %u, II %u, III %u, IV %u, not graded %u)"),
                count->label, count->total, count->counts[DD_GRADE_I], count->counts[DD_GRADE_II],
                count->counts[DD_GRADE_III], count->counts[DD_GRADE_IV], count->counts[DD_GRADE_NONE]);
    }
  for (guint i = 0; i < report->incidents->len; i++)
    {
      const DdDailyIncident *incident = g_ptr_array_index (report->incidents, i);
      g_autofree char *received = format_time (incident->received_at);

      add_text (self, BLOCK_ITEM, "%s %s %s %s %s — %s", incident->number, received, incident->subtype,
                dd_grade_get_label (incident->grade), dd_incident_status_get_label (incident->status),
                incident->description != NULL ? incident->description : "");
    }

  add_block (self, BLOCK_HEADING, g_strdup (_("Reports and their timeliness")));
  /* Translators: reports made in the day by kind (初报, 续报, 终报) */
  add_text (self, BLOCK_BODY, _("Reports made: initial %u, follow-up %u, final %u"),
            report->n_reports[DD_REPORT_KIND_INITIAL], report->n_reports[DD_REPORT_KIND_FOLLOWUP],
            report->n_reports[DD_REPORT_KIND_FINAL]);
  /* Translators: reporting deadlines of the day by status */
  add_text (self, BLOCK_BODY, _("Deadlines: met %u, late %u, overdue %u, running %u"),
            report->n_clocks[DD_CLOCK_STATUS_MET], report->n_clocks[DD_CLOCK_STATUS_LATE],
            report->n_clocks[DD_CLOCK_STATUS_OVERDUE],
            report->n_clocks[DD_CLOCK_STATUS_PENDING] + report->n_clocks[DD_CLOCK_STATUS_DUE_SOON]);
  for (guint i = 0; i < report->clocks->len; i++)
    add_clock (self, g_ptr_array_index (report->clocks, i));

  add_block (self, BLOCK_HEADING, g_strdup (_("Leader instructions")));
  if (report->instructions->len == 0)
    add_block (self, BLOCK_ITEM, g_strdup ("—"));
  for (guint i = 0; i < report->instructions->len; i++)
    {
      const DdInstruction *instruction = g_ptr_array_index (report->instructions, i);
      guint status = g_array_index (report->instruction_status, guint, i);
      g_autofree char *issued = format_time (instruction->issued_at);

      add_text (self, BLOCK_ITEM, "%s %s: %s — %s", issued, instruction->issued_by, instruction->text,
                dd_clock_status_get_label ((DdClockStatus) status));
    }

  add_block (self, BLOCK_HEADING, g_strdup (_("Handover notes")));
  if (report->handovers->len == 0)
    add_block (self, BLOCK_ITEM, g_strdup ("—"));
  for (guint i = 0; i < report->handovers->len; i++)
    {
      const DdHandover *handover = g_ptr_array_index (report->handovers, i);
      g_autofree char *signed_at = format_time (handover->signed_at);

      /* Translators: a handover in the daily report: time, outgoing and
       * incoming officer, number of items, notes */
      add_text (self, BLOCK_ITEM, _("%s %s to %s, %u items handed over — %s"), signed_at,
                handover->outgoing, handover->incoming, handover->items->len,
                handover->note != NULL ? handover->note : "—");
    }

  return self;
}

static void
dd_duty_document_finalize (GObject *object)
{
  DdDutyDocument *self = (DdDutyDocument *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->font_family, g_free);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->page_starts, g_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (dd_duty_document_parent_class)->finalize (object);
}

static void
dd_duty_document_class_init (DdDutyDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_duty_document_finalize;
}

static void
dd_duty_document_init (DdDutyDocument *self)
{
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, block_clear);
  self->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->font_family = g_strdup (DD_REPORT_DEFAULT_FONT_FAMILY);
}

const char *
dd_duty_document_get_title (DdDutyDocument *self)
{
  g_return_val_if_fail (DD_IS_DUTY_DOCUMENT (self), NULL);

  return self->title;
}

char *
dd_duty_document_dup_text (DdDutyDocument *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (DD_IS_DUTY_DOCUMENT (self), NULL);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *block = &g_array_index (self->blocks, Block, i);

      g_string_append (out, block->text);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static PangoLayout *
block_layout (DdDutyDocument *self,
              const Block    *block,
              double          width)
{
  g_autofree char *markup = g_markup_escape_text (block->text, -1);
  double size = block->kind == BLOCK_TITLE ? TITLE_SIZE : block->kind == BLOCK_HEADING ? HEADING_SIZE : BODY_SIZE;

  return dd_report_layout_new (self->context, self->font_family, markup, size,
                               block->kind == BLOCK_TITLE || block->kind == BLOCK_HEADING,
                               block->kind == BLOCK_ITEM ? width - INDENT : width,
                               block->kind == BLOCK_TITLE ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
}

static double
block_gap (const Block *block)
{
  return block->kind == BLOCK_HEADING ? HEADING_GAP : BODY_GAP;
}

static PangoLayout *
footer_layout (DdDutyDocument *self,
               guint           page,
               double          width)
{
  /* Translators: a printed document's page number (e.g. "第 %u 页 / 共 %u 页") */
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), page + 1, self->page_starts->len);
  g_autofree char *markup = g_markup_escape_text (text, -1);

  return dd_report_layout_new (self->context, self->font_family, markup, FOOTER_SIZE, FALSE, width,
                               PANGO_ALIGN_CENTER);
}

guint
dd_duty_document_paginate (DdDutyDocument         *self,
                           double                  page_width,
                           double                  page_height,
                           const DdReportMargins  *margins,
                           GError                **error)
{
  DdReportMargins defaults = { DD_REPORT_DEFAULT_MARGIN, DD_REPORT_DEFAULT_MARGIN,
                               DD_REPORT_DEFAULT_MARGIN, DD_REPORT_DEFAULT_MARGIN };
  g_autoptr(PangoLayout) footer = NULL;
  double width, bottom, y;
  guint zero = 0;

  g_return_val_if_fail (DD_IS_DUTY_DOCUMENT (self), 0);

  if (self->context == NULL)
    self->context = dd_report_context_new ();
  self->page_width = page_width;
  self->page_height = page_height;
  self->margins = margins != NULL ? *margins : defaults;
  g_array_set_size (self->page_starts, 0);

  width = page_width - self->margins.left - self->margins.right;
  g_array_append_val (self->page_starts, zero);
  footer = footer_layout (self, 0, width);
  self->footer_height = ceil (dd_report_layout_height (footer));
  bottom = page_height - self->margins.bottom - self->footer_height - FOOTER_GAP;

  y = self->margins.top;
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      g_autoptr(PangoLayout) layout = block_layout (self, block, width);

      block->height = ceil (dd_report_layout_height (layout)) + block_gap (block);
      if (width <= INDENT || self->margins.top + block->height > bottom)
        {
          g_set_error_literal (error, DD_REPORT_ERROR, DD_REPORT_ERROR_PAGE_SIZE,
                               _("The page is too small for the document"));
          g_array_set_size (self->page_starts, 0);
          return 0;
        }
      if (y + block->height > bottom && i > 0)
        {
          g_array_append_val (self->page_starts, i);
          y = self->margins.top;
        }
      y += block->height;
    }

  return self->page_starts->len;
}

guint
dd_duty_document_get_n_pages (DdDutyDocument *self)
{
  g_return_val_if_fail (DD_IS_DUTY_DOCUMENT (self), 0);

  return self->page_starts->len;
}

void
dd_duty_document_draw_page (DdDutyDocument *self,
                            cairo_t        *cr,
                            guint           page)
{
  g_autoptr(PangoLayout) footer = NULL;
  double width, y;
  guint start, end;

  g_return_if_fail (DD_IS_DUTY_DOCUMENT (self));
  g_return_if_fail (page < self->page_starts->len);

  start = g_array_index (self->page_starts, guint, page);
  end = page + 1 < self->page_starts->len ? g_array_index (self->page_starts, guint, page + 1)
                                          : self->blocks->len;
  width = self->page_width - self->margins.left - self->margins.right;

  cairo_save (cr);
  pango_cairo_update_context (cr, self->context);
  cairo_set_source_rgb (cr, 0, 0, 0);

  y = self->margins.top;
  for (guint i = start; i < end; i++)
    {
      const Block *block = &g_array_index (self->blocks, Block, i);
      g_autoptr(PangoLayout) layout = block_layout (self, block, width);
      double x = self->margins.left + (block->kind == BLOCK_ITEM ? INDENT : 0);

      if (block->kind == BLOCK_HEADING)
        y += block_gap (block);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
      y += block->height - (block->kind == BLOCK_HEADING ? block_gap (block) : 0);
    }

  footer = footer_layout (self, page, width);
  cairo_move_to (cr, self->margins.left, self->page_height - self->margins.bottom - self->footer_height);
  pango_cairo_show_layout (cr, footer);

  cairo_restore (cr);
}

gboolean
dd_duty_document_write_pdf (DdDutyDocument  *self,
                            const char      *path,
                            GError         **error)
{
  guint n_pages;

  g_return_val_if_fail (DD_IS_DUTY_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  n_pages = dd_duty_document_paginate (self, DD_REPORT_A4_WIDTH, DD_REPORT_A4_HEIGHT, NULL, error);
  if (n_pages == 0)
    return FALSE;

  return dd_report_write_pdf (path, self->title, n_pages,
                              (DdReportDrawPageFunc) dd_duty_document_draw_page, self, error);
}
