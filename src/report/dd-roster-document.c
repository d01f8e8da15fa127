/* dd-roster-document.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-roster-document.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "dd-duty-date.h"
#include "dd-report-private.h"
#include "dd-time.h"

#define DEFAULT_FONT_FAMILY DD_REPORT_DEFAULT_FONT_FAMILY

/* Sizes in points. */
#define TITLE_SIZE      16.0
#define BODY_SIZE       10.0
#define PHONE_SIZE       9.0
#define NOTE_SIZE        7.5
#define FOOTER_SIZE      8.0
#define CELL_PAD_X       4.0
#define CELL_PAD_Y       3.0
#define TITLE_GAP        6.0
#define LEGEND_GAP       4.0
#define FOOTER_GAP       8.0
#define MIN_COLUMN      36.0
#define OUTER_LINE       1.0
#define INNER_LINE       0.5

enum
{
  COLUMN_DATE,
  COLUMN_WEEKDAY,
  COLUMN_LEADERS,
  COLUMN_OFFICERS,
  COLUMN_PHONES,
  N_COLUMNS
};

typedef struct
{
  GDate      date;
  DdDayKind  kind;
  gboolean   flood_season;
  /* Pango markup, one per column; the date cell's second line is @note */
  char      *cells[N_COLUMNS];
  char      *date_only;
  char      *note;
  /* the day and night officers side by side, and one above the other for
   * a column too narrow for them side by side (%NULL without the split) */
  char      *officers_inline;
  char      *officers_stacked;
  double     height;
} Row;

struct _DdRosterDocument
{
  GObject       parent_instance;

  char         *unit_name;
  char         *title;
  GDate         first;
  GDate         last;
  GDate         print_date;
  char         *font_family;
  GArray       *rows;           /* of Row */
  gboolean      any_flood_season;

  /* the last paginate() */
  PangoContext *context;
  double        page_width;
  double        page_height;
  DdReportMargins margins;
  double        columns[N_COLUMNS];
  double        title_height;
  double        legend_height;
  double        header_height;
  double        footer_height;
  GArray       *page_starts;    /* of guint: first row of each page */
};

G_DEFINE_FINAL_TYPE (DdRosterDocument, dd_roster_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (dd-report-error-quark, dd_report_error)

/* by GDateWeekday */
static const char *weekdays[] = {
  NULL,
  /* Translators: the weekday column of a printed roster, Monday to Sunday
   * (e.g. "一" … "日": the column's header says 星期) */
  NC_("weekday", "Mon"),
  NC_("weekday", "Tue"),
  NC_("weekday", "Wed"),
  NC_("weekday", "Thu"),
  NC_("weekday", "Fri"),
  NC_("weekday", "Sat"),
  NC_("weekday", "Sun"),
};

static void
row_clear (gpointer data)
{
  Row *row = data;

  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_pointer (&row->cells[i], g_free);
  g_clear_pointer (&row->date_only, g_free);
  g_clear_pointer (&row->note, g_free);
  g_clear_pointer (&row->officers_inline, g_free);
  g_clear_pointer (&row->officers_stacked, g_free);
}

static char *
format_full_date (const GDate *date)
{
  /* Translators: a full date: year, month, day (e.g. "2026年12月1日") */
  return g_strdup_printf (C_("full date", "%u-%02u-%02u"),
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

static gboolean
is_whole_month (const GDate *first,
                const GDate *last)
{
  return g_date_get_day (first) == 1
         && g_date_get_year (first) == g_date_get_year (last)
         && g_date_get_month (first) == g_date_get_month (last)
         && g_date_get_day (last) == g_date_get_days_in_month (g_date_get_month (last),
                                                                g_date_get_year (last));
}

static char *
make_title (const char  *unit_name,
            const GDate *first,
            const GDate *last)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (is_whole_month (first, last))
    /* Translators: the title of a month's printed duty roster: the unit's
     * name, the year and the month (e.g. "南明区人民政府总值班室 2026年12月值班表") */
    return g_strdup_printf (_("%s Duty Roster %u-%02u"),
                            unit_name,
                            (guint) g_date_get_year (first),
                            (guint) g_date_get_month (first));

  from = format_full_date (first);
  to = format_full_date (last);

  /* Translators: the title of a printed duty roster for a range of days: the
   * unit's name, the first and the last day (e.g. "…值班表（2026年12月1日至2026年12月15日）") */
  return g_strdup_printf (_("%s Duty Roster %s to %s"), unit_name, from, to);
}

/* The names of @people (element-type DdStaff) as markup, joined; a name
 * never breaks across lines. @label, when given, goes before the first name
 * and stays on its line. */
static void
append_names (GString    *out,
              GPtrArray  *people,
              const char *label)
{
  if (label != NULL)
    {
      const char *first = people->len > 0 ? dd_staff_get_name (g_ptr_array_index (people, 0)) : "";
      g_autofree char *text = NULL;
      g_autofree char *escaped = NULL;

      /* Translators: a shift mark and the first name on it in a roster
       * cell (e.g. "白：%s") */
      text = g_strdup_printf (C_("shift label", "%s: %s"), label, first);
      escaped = g_markup_escape_text (text, -1);

      g_string_append_printf (out, "<span allow_breaks=\"false\">%s</span>", escaped);
    }

  for (guint i = label != NULL ? 1 : 0; i < people->len; i++)
    {
      DdStaff *staff = g_ptr_array_index (people, i);
      g_autofree char *name = g_markup_escape_text (dd_staff_get_name (staff), -1);

      if (i > 0)
        /* Translators: between two names in a roster cell (e.g. "、") */
        g_string_append (out, C_("name list", ", "));
      g_string_append_printf (out, "<span allow_breaks=\"false\">%s</span>", name);
    }
}

/* (element-type DdStaff) (transfer container) the people assigned to
 * @shift, in the order the assignments were added. */
static GPtrArray *
people_on_shift (DdRoster      *roster,
                 const DdShift *shift)
{
  GPtrArray *assignments = dd_roster_get_assignments (roster);
  GPtrArray *people = g_ptr_array_new ();

  for (guint i = 0; i < assignments->len; i++)
    {
      const DdAssignment *assignment = g_ptr_array_index (assignments, i);
      DdStaff *staff;

      if (!g_str_equal (assignment->shift_id, shift->id))
        continue;

      staff = dd_roster_lookup_staff (roster, assignment->staff_id);
      if (staff != NULL && !g_ptr_array_find (people, staff, NULL))
        g_ptr_array_add (people, staff);
    }

  return people;
}

static void
add_phones (GPtrArray *phones,
            GPtrArray *people)
{
  for (guint i = 0; i < people->len; i++)
    {
      const char *phone = dd_staff_get_phone (g_ptr_array_index (people, i));

      if (phone != NULL && *phone != '\0'
          && !g_ptr_array_find_with_equal_func (phones, phone, g_str_equal, NULL))
        g_ptr_array_add (phones, (gpointer) phone);
    }
}

/* @items as markup, each unbreakable, joined by @separator. */
static char *
join_unbreakable (GPtrArray  *items,
                  const char *separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (items, i), -1);

      if (i > 0)
        g_string_append (out, separator);
      g_string_append_printf (out, "<span allow_breaks=\"false\">%s</span>", escaped);
    }

  return g_string_free (out, FALSE);
}

static void
fill_row (Row            *row,
          DdRoster       *roster,
          DdDutyCalendar *calendar,
          GPtrArray      *day_shifts)
{
  g_autoptr(GString) leaders = g_string_new (NULL);
  g_autoptr(GString) officers = g_string_new (NULL);
  g_autoptr(GString) stacked = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GPtrArray) phones = g_ptr_array_new ();
  g_autoptr(GPtrArray) periods = NULL;
  g_autofree char *text = NULL;
  g_autofree char *date = NULL;
  const char *holiday = NULL;
  gboolean has_day = FALSE;
  gboolean has_night = FALSE;
  gboolean first_officer = TRUE;

  row->kind = dd_duty_calendar_get_day_kind (calendar, &row->date, &holiday);
  row->flood_season = dd_duty_calendar_in_flood_season (calendar, &row->date);
  periods = dd_duty_calendar_list_periods_on (calendar, &row->date);

  /* 白/夜 only where the day has both kinds of officer shift */
  for (guint i = 0; i < day_shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (day_shifts, i);

      if (shift->position != DD_POSITION_OFFICER)
        continue;
      if (dd_shift_is_night (shift))
        has_night = TRUE;
      else
        has_day = TRUE;
    }

  for (guint i = 0; i < day_shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (day_shifts, i);
      g_autoptr(GPtrArray) people = people_on_shift (roster, shift);

      if (shift->position == DD_POSITION_LEADER)
        {
          if (leaders->len > 0 && people->len > 0)
            g_string_append (leaders, C_("name list", ", "));
          append_names (leaders, people, NULL);
          add_phones (phones, people);
        }
    }

  for (guint i = 0; i < day_shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (day_shifts, i);
      g_autoptr(GPtrArray) people = NULL;

      if (shift->position != DD_POSITION_OFFICER)
        continue;

      people = people_on_shift (roster, shift);
      add_phones (phones, people);

      if (has_day && has_night)
        {
          const char *label = dd_shift_is_night (shift)
            /* Translators: marks the night duty officer in a roster cell (e.g. "夜") */
            ? C_("shift", "Night")
            /* Translators: marks the day duty officer in a roster cell (e.g. "白") */
            : C_("shift", "Day");

          if (!first_officer)
            {
              g_string_append (officers, "   ");
              g_string_append_c (stacked, '\n');
            }
          append_names (officers, people, label);
          append_names (stacked, people, label);
          first_officer = FALSE;
        }
      else if (people->len > 0)
        {
          if (officers->len > 0)
            g_string_append (officers, C_("name list", ", "));
          append_names (officers, people, NULL);
        }
    }

  /* the date, flood season marked, and the day's notes below it */
  /* Translators: a day in the roster's date column: month and day (e.g. "%u月%u日") */
  text = g_strdup_printf (C_("roster date", "%02u-%02u"),
                          (guint) g_date_get_month (&row->date),
                          (guint) g_date_get_day (&row->date));
  date = g_markup_escape_text (text, -1);

  if (row->kind == DD_DAY_KIND_HOLIDAY && holiday != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (holiday, -1);

      g_string_append_printf (notes, "<b>%s</b>", escaped);
    }
  else if (row->kind == DD_DAY_KIND_ADJUSTED_WORKDAY)
    {
      /* Translators: a weekend day made a working day, noted in the roster (e.g. "调休上班") */
      g_autofree char *escaped = g_markup_escape_text (C_("roster note", "Adjusted working day"), -1);

      g_string_append (notes, escaped);
    }

  for (guint i = 0; i < periods->len; i++)
    {
      DdImportantPeriod *period = g_ptr_array_index (periods, i);
      g_autofree char *escaped = g_markup_escape_text (dd_important_period_get_name (period), -1);

      if (notes->len > 0)
        g_string_append (notes, " · ");
      g_string_append (notes, escaped);
    }

  row->date_only = g_strdup_printf ("%s%s%s%s",
                                    row->kind == DD_DAY_KIND_HOLIDAY ? "<b>" : "",
                                    date,
                                    row->kind == DD_DAY_KIND_HOLIDAY ? "</b>" : "",
                                    row->flood_season ? "<sup>※</sup>" : "");
  if (notes->len > 0)
    {
      row->note = g_strdup_printf ("<span size=\"small\">%s</span>", notes->str);
      row->cells[COLUMN_DATE] = g_strconcat (row->date_only, "\n", row->note, NULL);
    }
  else
    {
      row->cells[COLUMN_DATE] = g_strdup (row->date_only);
    }

  row->cells[COLUMN_WEEKDAY] = g_markup_escape_text (g_dpgettext2 (NULL, "weekday",
                                                                   weekdays[g_date_get_weekday (&row->date)]),
                                                     -1);
  row->cells[COLUMN_LEADERS] = g_string_free (g_steal_pointer (&leaders), FALSE);
  row->cells[COLUMN_OFFICERS] = g_strdup (officers->str);
  row->officers_inline = g_string_free (g_steal_pointer (&officers), FALSE);
  if (has_day && has_night)
    row->officers_stacked = g_string_free (g_steal_pointer (&stacked), FALSE);

  row->cells[COLUMN_PHONES] = join_unbreakable (phones, "  ");
}

static void
collect_rows (DdRosterDocument *self,
              DdRoster         *roster,
              DdDutyCalendar   *calendar)
{
  GPtrArray *shifts = dd_roster_get_shifts (roster);
  guint n_days = g_date_days_between (&self->first, &self->last) + 1;
  g_autoptr(GPtrArray) by_day = g_ptr_array_new_full (n_days, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < n_days; i++)
    g_ptr_array_add (by_day, g_ptr_array_new ());

  /* shifts come sorted by start, then id */
  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      if (g_date_compare (&shift->date, &self->first) < 0
          || g_date_compare (&shift->date, &self->last) > 0)
        continue;

      g_ptr_array_add (g_ptr_array_index (by_day, g_date_days_between (&self->first, &shift->date)),
                       (gpointer) shift);
    }

  for (guint i = 0; i < n_days; i++)
    {
      GPtrArray *day_shifts = g_ptr_array_index (by_day, i);
      Row row = { 0 };

      if (day_shifts->len == 0)
        continue;

      row.date = self->first;
      g_date_add_days (&row.date, i);
      fill_row (&row, roster, calendar, day_shifts);
      g_array_append_val (self->rows, row);

      if (row.flood_season)
        self->any_flood_season = TRUE;
    }
}

static PangoLayout *
make_layout (DdRosterDocument *self,
             const char       *markup,
             double            size,
             gboolean          bold,
             double            width,
             PangoAlignment    alignment)
{
  return dd_report_layout_new (self->context, self->font_family, markup, size, bold, width, alignment);
}

static const char *
column_header (guint column)
{
  switch (column)
    {
    case COLUMN_DATE:
      /* Translators: a column of the printed roster (e.g. "日期") */
      return C_("roster column", "Date");
    case COLUMN_WEEKDAY:
      /* Translators: a column of the printed roster (e.g. "星期") */
      return C_("roster column", "Weekday");
    case COLUMN_LEADERS:
      return _("Leader on duty");
    case COLUMN_OFFICERS:
      /* Translators: a column of the printed roster (e.g. "值班人员") */
      return C_("roster column", "Duty officers");
    case COLUMN_PHONES:
      /* Translators: a column of the printed roster (e.g. "联系电话") */
      return C_("roster column", "Phone");
    default:
      g_assert_not_reached ();
    }
}

static double
cell_size (guint column)
{
  return column == COLUMN_PHONES ? PHONE_SIZE : BODY_SIZE;
}

static PangoLayout *
make_cell_layout (DdRosterDocument *self,
                  const Row        *row,
                  guint             column)
{
  return make_layout (self, row->cells[column], cell_size (column), FALSE,
                      self->columns[column] - 2 * CELL_PAD_X, PANGO_ALIGN_CENTER);
}

static PangoLayout *
make_header_layout (DdRosterDocument *self,
                    guint             column)
{
  g_autofree char *markup = g_markup_escape_text (column_header (column), -1);

  return make_layout (self, markup, BODY_SIZE, TRUE,
                      self->columns[column] - 2 * CELL_PAD_X, PANGO_ALIGN_CENTER);
}

static PangoLayout *
make_title_layout (DdRosterDocument *self,
                   double            width)
{
  g_autofree char *markup = g_markup_escape_text (self->title, -1);

  return make_layout (self, markup, TITLE_SIZE, TRUE, width, PANGO_ALIGN_CENTER);
}

static PangoLayout *
make_legend_layout (DdRosterDocument *self,
                    double            width)
{
  g_autofree char *markup = NULL;

  if (!self->any_flood_season)
    return NULL;

  /* Translators: the legend under a printed roster's title (e.g. "※ 主汛期，实行24小时值班") */
  markup = g_markup_printf_escaped ("<sup>※</sup> %s", C_("roster legend", "Main flood season: duty around the clock"));

  return make_layout (self, markup, NOTE_SIZE + 1, FALSE, width, PANGO_ALIGN_LEFT);
}

static PangoLayout *
make_footer_layout (DdRosterDocument *self,
                    guint             page,
                    guint             n_pages,
                    double            width,
                    gboolean          date_part)
{
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;

  if (date_part)
    {
      g_autofree char *date = format_full_date (&self->print_date);

      /* Translators: the print date in a roster's footer (e.g. "打印日期：%s") */
      text = g_strdup_printf (_("Printed on %s"), date);
      markup = g_markup_escape_text (text, -1);

      return make_layout (self, markup, FOOTER_SIZE, FALSE, width, PANGO_ALIGN_RIGHT);
    }

  /* Translators: a printed roster's page number (e.g. "第 %u 页 / 共 %u 页") */
  text = g_strdup_printf (_("Page %u of %u"), page + 1, n_pages);
  markup = g_markup_escape_text (text, -1);

  return make_layout (self, markup, FOOTER_SIZE, FALSE, width, PANGO_ALIGN_CENTER);
}

static void
ensure_context (DdRosterDocument *self)
{
  if (self->context == NULL)
    self->context = dd_report_context_new ();
}

/* The width of @layout's widest line: unwrapped, its natural width; wrapped
 * at every opportunity, its least. */
static double
layout_wrapped_width (PangoLayout *layout,
                      double       width)
{
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);

  return dd_report_layout_width (layout);
}

/* Each column gets at least its widest unbreakable piece and as much of
 * its natural width as the page allows, as an HTML table's automatic
 * layout does; room to spare goes mostly to the names and phones. */
static void
compute_columns (DdRosterDocument *self,
                 double            content_width)
{
  double natural[N_COLUMNS] = { 0 };
  double least[N_COLUMNS] = { 0 };
  double date_full = 0;
  double total_natural = 0;
  double total_least = 0;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *markup = g_markup_escape_text (column_header (c), -1);
      g_autoptr(PangoLayout) header = make_layout (self, markup, BODY_SIZE, TRUE, -1, PANGO_ALIGN_CENTER);

      natural[c] = layout_wrapped_width (header, -1);
      least[c] = layout_wrapped_width (header, 1);

      for (guint r = 0; r < self->rows->len; r++)
        {
          const Row *row = &g_array_index (self->rows, Row, r);
          g_autoptr(PangoLayout) cell = make_layout (self, row->cells[c], cell_size (c), FALSE,
                                                     -1, PANGO_ALIGN_CENTER);

          least[c] = MAX (least[c], layout_wrapped_width (cell, 1));
          if (c == COLUMN_DATE)
            {
              /* a day's notes may wrap under the date */
              g_autoptr(PangoLayout) date = make_layout (self, row->date_only, cell_size (c), FALSE,
                                                         -1, PANGO_ALIGN_CENTER);

              natural[c] = MAX (natural[c], layout_wrapped_width (date, -1));
              date_full = MAX (date_full, layout_wrapped_width (cell, -1));
            }
          else
            {
              natural[c] = MAX (natural[c], layout_wrapped_width (cell, -1));
            }
        }

      /* room to breathe, and a floor so that an empty column still shows */
      natural[c] = MAX (ceil (natural[c]) + 2 * CELL_PAD_X + 4, MIN_COLUMN);
      least[c] = MIN (MAX (ceil (least[c]) + 2 * CELL_PAD_X + 1, MIN_COLUMN), natural[c]);
      total_natural += natural[c];
      total_least += least[c];
    }

  if (total_natural <= content_width)
    {
      double extra = content_width - total_natural;
      double flexible = natural[COLUMN_LEADERS] + natural[COLUMN_OFFICERS] + natural[COLUMN_PHONES];
      double notes = MIN (MAX (ceil (date_full) + 2 * CELL_PAD_X + 4 - natural[COLUMN_DATE], 0), extra * 0.5);
      double small;

      /* first the date's notes on one line, if they fit in half of it */
      natural[COLUMN_DATE] += notes;
      extra -= notes;
      small = MIN (extra * 0.2, 24.0);
      self->columns[COLUMN_DATE] = natural[COLUMN_DATE] + small * 0.6;
      self->columns[COLUMN_WEEKDAY] = natural[COLUMN_WEEKDAY] + small * 0.4;
      extra -= small;
      for (guint c = COLUMN_LEADERS; c < N_COLUMNS; c++)
        self->columns[c] = natural[c] + extra * natural[c] / flexible;
    }
  else if (total_least <= content_width)
    {
      /* in proportion to what each column holds, but never below its
       * least: those columns get their least, the rest share what is left */
      gboolean fixed[N_COLUMNS] = { FALSE };
      gboolean changed = TRUE;

      while (changed)
        {
          double room = content_width;
          double weight = 0;

          changed = FALSE;
          for (guint c = 0; c < N_COLUMNS; c++)
            {
              if (fixed[c])
                room -= least[c];
              else
                weight += natural[c];
            }

          for (guint c = 0; c < N_COLUMNS; c++)
            {
              if (fixed[c])
                {
                  self->columns[c] = least[c];
                  continue;
                }

              self->columns[c] = room * natural[c] / weight;
              if (self->columns[c] < least[c])
                {
                  fixed[c] = TRUE;
                  changed = TRUE;
                }
            }
        }
    }
  else
    {
      /* cannot fit: cells overflow, in proportion */
      for (guint c = 0; c < N_COLUMNS; c++)
        self->columns[c] = least[c] * content_width / total_least;
    }
}

static double
measure_row (DdRosterDocument *self,
             const Row        *row)
{
  double height = 0;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autoptr(PangoLayout) layout = make_cell_layout (self, row, c);

      height = MAX (height, dd_report_layout_height (layout));
    }

  return ceil (height + 2 * CELL_PAD_Y);
}

static void
draw_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_row_cells (DdRosterDocument *self,
                cairo_t          *cr,
                PangoLayout     **layouts,
                double            top,
                double            height)
{
  double x = self->margins.left;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      double h = dd_report_layout_height (layouts[c]);

      draw_layout (cr, layouts[c], x + CELL_PAD_X, top + (height - h) / 2);
      x += self->columns[c];
    }
}

static void
dd_roster_document_finalize (GObject *object)
{
  DdRosterDocument *self = (DdRosterDocument *)object;

  g_clear_pointer (&self->unit_name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->font_family, g_free);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->page_starts, g_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (dd_roster_document_parent_class)->finalize (object);
}

static void
dd_roster_document_class_init (DdRosterDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_roster_document_finalize;
}

static void
dd_roster_document_init (DdRosterDocument *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
  self->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->font_family = g_strdup (DEFAULT_FONT_FAMILY);
  g_date_clear (&self->first, 1);
  g_date_clear (&self->last, 1);
  g_date_clear (&self->print_date, 1);
  dd_time_beijing_date (g_get_real_time () / 1000, &self->print_date);
}

DdRosterDocument *
dd_roster_document_new (DdRoster       *roster,
                        DdDutyCalendar *calendar,
                        const char     *unit_name,
                        const GDate    *first,
                        const GDate    *last)
{
  DdRosterDocument *self;

  g_return_val_if_fail (roster != NULL, NULL);
  g_return_val_if_fail (DD_IS_DUTY_CALENDAR (calendar), NULL);
  g_return_val_if_fail (unit_name != NULL, NULL);
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);
  g_return_val_if_fail (g_date_compare (first, last) <= 0, NULL);

  self = g_object_new (DD_TYPE_ROSTER_DOCUMENT, NULL);
  self->unit_name = g_strdup (unit_name);
  self->first = *first;
  self->last = *last;
  self->title = make_title (unit_name, first, last);
  collect_rows (self, roster, calendar);

  return self;
}

DdRosterDocument *
dd_roster_document_new_for_month (DdRoster       *roster,
                                  DdDutyCalendar *calendar,
                                  const char     *unit_name,
                                  guint           year,
                                  guint           month)
{
  GDate first;
  GDate last;

  g_return_val_if_fail (month >= 1 && month <= 12, NULL);
  g_return_val_if_fail (g_date_valid_year (year), NULL);

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 1, month, year);
  g_date_set_dmy (&last, g_date_get_days_in_month (month, year), month, year);

  return dd_roster_document_new (roster, calendar, unit_name, &first, &last);
}

const char *
dd_roster_document_get_title (DdRosterDocument *self)
{
  g_return_val_if_fail (DD_IS_ROSTER_DOCUMENT (self), NULL);

  return self->title;
}

guint
dd_roster_document_get_n_rows (DdRosterDocument *self)
{
  g_return_val_if_fail (DD_IS_ROSTER_DOCUMENT (self), 0);

  return self->rows->len;
}

void
dd_roster_document_set_print_date (DdRosterDocument *self,
                                   const GDate      *date)
{
  g_return_if_fail (DD_IS_ROSTER_DOCUMENT (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  self->print_date = *date;
}

void
dd_roster_document_set_font_family (DdRosterDocument *self,
                                    const char       *family)
{
  g_return_if_fail (DD_IS_ROSTER_DOCUMENT (self));
  g_return_if_fail (family != NULL);

  g_free (self->font_family);
  self->font_family = g_strdup (family);
}

guint
dd_roster_document_paginate (DdRosterDocument       *self,
                             double                  page_width,
                             double                  page_height,
                             const DdReportMargins  *margins,
                             GError                **error)
{
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) legend = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  double content_width;
  double body_top;
  double body_bottom;
  double y;

  g_return_val_if_fail (DD_IS_ROSTER_DOCUMENT (self), 0);
  g_return_val_if_fail (page_width > 0 && page_height > 0, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  g_array_set_size (self->page_starts, 0);

  if (margins != NULL)
    self->margins = *margins;
  else
    self->margins = (DdReportMargins) { DD_REPORT_DEFAULT_MARGIN, DD_REPORT_DEFAULT_MARGIN,
                                        DD_REPORT_DEFAULT_MARGIN, DD_REPORT_DEFAULT_MARGIN };
  self->page_width = page_width;
  self->page_height = page_height;

  content_width = page_width - self->margins.left - self->margins.right;
  if (content_width < N_COLUMNS * MIN_COLUMN)
    {
      g_set_error (error, DD_REPORT_ERROR, DD_REPORT_ERROR_PAGE_SIZE,
                   _("The page is too narrow for the roster"));
      return 0;
    }

  ensure_context (self);

  /* widths from the officers side by side, whatever the last paginate() chose */
  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = &g_array_index (self->rows, Row, r);

      g_free (row->cells[COLUMN_OFFICERS]);
      row->cells[COLUMN_OFFICERS] = g_strdup (row->officers_inline);
    }
  compute_columns (self, content_width);

  title = make_title_layout (self, content_width);
  self->title_height = ceil (dd_report_layout_height (title)) + TITLE_GAP;
  legend = make_legend_layout (self, content_width);
  self->legend_height = legend != NULL ? ceil (dd_report_layout_height (legend)) + LEGEND_GAP : 0;
  self->header_height = 0;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autoptr(PangoLayout) header = make_header_layout (self, c);

      self->header_height = MAX (self->header_height, dd_report_layout_height (header));
    }
  self->header_height = ceil (self->header_height + 2 * CELL_PAD_Y + 2);
  footer = make_footer_layout (self, 99, 99, content_width, FALSE);
  self->footer_height = ceil (dd_report_layout_height (footer)) + FOOTER_GAP;

  body_top = self->margins.top + self->title_height + self->legend_height + self->header_height;
  body_bottom = page_height - self->margins.bottom - self->footer_height;
  if (body_bottom - body_top < 2 * BODY_SIZE)
    {
      g_set_error (error, DD_REPORT_ERROR, DD_REPORT_ERROR_PAGE_SIZE,
                   _("The page is too small for the roster"));
      return 0;
    }

  /* Whole rows only; a row taller than a page gets a page of its own and
   * is cut at its bottom. */
  y = body_top;
  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = &g_array_index (self->rows, Row, r);

      /* day and night officers one above the other rather than wrapped */
      if (row->officers_stacked != NULL)
        {
          g_autoptr(PangoLayout) officers = make_cell_layout (self, row, COLUMN_OFFICERS);

          if (pango_layout_get_line_count (officers) > 1)
            {
              g_free (row->cells[COLUMN_OFFICERS]);
              row->cells[COLUMN_OFFICERS] = g_strdup (row->officers_stacked);
            }
        }

      row->height = measure_row (self, row);

      if (self->page_starts->len == 0 || (y + row->height > body_bottom && y > body_top))
        {
          g_array_append_val (self->page_starts, r);
          y = body_top;
        }
      y += row->height;
    }

  /* A month that fits one page is set a little looser, as a printed
   * roster usually is. */
  if (self->page_starts->len == 1 && self->rows->len > 0)
    {
      double more = MIN (floor ((body_bottom - y) / self->rows->len * 2) / 2, 6.0);

      for (guint r = 0; r < self->rows->len; r++)
        g_array_index (self->rows, Row, r).height += more;
    }

  if (self->page_starts->len == 0)
    {
      guint zero = 0;

      /* no duty day: one page with the title and an empty table */
      g_array_append_val (self->page_starts, zero);
    }

  return self->page_starts->len;
}

guint
dd_roster_document_get_n_pages (DdRosterDocument *self)
{
  g_return_val_if_fail (DD_IS_ROSTER_DOCUMENT (self), 0);

  return self->page_starts->len;
}

void
dd_roster_document_get_page_rows (DdRosterDocument *self,
                                  guint             page,
                                  guint            *first_row,
                                  guint            *n_rows)
{
  guint start;
  guint end;

  g_return_if_fail (DD_IS_ROSTER_DOCUMENT (self));
  g_return_if_fail (page < self->page_starts->len);

  start = g_array_index (self->page_starts, guint, page);
  if (page + 1 < self->page_starts->len)
    end = g_array_index (self->page_starts, guint, page + 1);
  else
    end = self->rows->len;

  if (first_row != NULL)
    *first_row = start;
  if (n_rows != NULL)
    *n_rows = end - start;
}

void
dd_roster_document_draw_page (DdRosterDocument *self,
                              cairo_t          *cr,
                              guint             page)
{
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) legend = NULL;
  g_autoptr(PangoLayout) page_number = NULL;
  g_autoptr(PangoLayout) print_date = NULL;
  double content_width;
  double left;
  double right;
  double table_top;
  double y;
  guint first_row;
  guint n_rows;

  g_return_if_fail (DD_IS_ROSTER_DOCUMENT (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->page_starts->len);

  dd_roster_document_get_page_rows (self, page, &first_row, &n_rows);

  cairo_save (cr);

  /* Metrics stay those of paginate(): only the target changes. */
  pango_cairo_update_context (cr, self->context);

  content_width = self->page_width - self->margins.left - self->margins.right;
  left = self->margins.left;
  right = left;
  for (guint c = 0; c < N_COLUMNS; c++)
    right += self->columns[c];

  cairo_set_source_rgb (cr, 0, 0, 0);

  /* title and legend */
  title = make_title_layout (self, content_width);
  draw_layout (cr, title, left, self->margins.top);
  y = self->margins.top + self->title_height;

  legend = make_legend_layout (self, content_width);
  if (legend != NULL)
    draw_layout (cr, legend, left, y);
  y += self->legend_height;
  table_top = y;

  /* header row, repeated on every page */
  cairo_set_source_rgb (cr, 0.86, 0.86, 0.86);
  cairo_rectangle (cr, left, y, right - left, self->header_height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  {
    PangoLayout *layouts[N_COLUMNS];

    for (guint c = 0; c < N_COLUMNS; c++)
      layouts[c] = make_header_layout (self, c);
    draw_row_cells (self, cr, layouts, y, self->header_height);
    for (guint c = 0; c < N_COLUMNS; c++)
      g_object_unref (layouts[c]);
  }
  y += self->header_height;

  /* rows: shading first, then text, then the grid over both */
  for (guint r = first_row; r < first_row + n_rows; r++)
    {
      const Row *row = &g_array_index (self->rows, Row, r);

      if (row->kind == DD_DAY_KIND_HOLIDAY)
        cairo_set_source_rgb (cr, 0.99, 0.88, 0.86);
      else if (row->kind == DD_DAY_KIND_WEEKEND)
        cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
      else
        {
          y += row->height;
          continue;
        }

      cairo_rectangle (cr, left, y, right - left, row->height);
      cairo_fill (cr);
      y += row->height;
    }

  y = table_top + self->header_height;
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, INNER_LINE);
  for (guint r = first_row; r < first_row + n_rows; r++)
    {
      const Row *row = &g_array_index (self->rows, Row, r);
      PangoLayout *layouts[N_COLUMNS];

      for (guint c = 0; c < N_COLUMNS; c++)
        layouts[c] = make_cell_layout (self, row, c);
      draw_row_cells (self, cr, layouts, y, row->height);
      for (guint c = 0; c < N_COLUMNS; c++)
        g_object_unref (layouts[c]);

      y += row->height;

      /* the line under the row */
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
    }

  /* the line under the header, the column lines and the frame */
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, OUTER_LINE * 0.75);
  cairo_move_to (cr, left, table_top + self->header_height);
  cairo_line_to (cr, right, table_top + self->header_height);
  cairo_stroke (cr);

  cairo_set_line_width (cr, INNER_LINE);
  {
    double x = left;

    for (guint c = 0; c + 1 < N_COLUMNS; c++)
      {
        x += self->columns[c];
        cairo_move_to (cr, x, table_top);
        cairo_line_to (cr, x, y);
      }
    cairo_stroke (cr);
  }

  cairo_set_line_width (cr, OUTER_LINE);
  cairo_rectangle (cr, left, table_top, right - left, y - table_top);
  cairo_stroke (cr);

  /* footer */
  page_number = make_footer_layout (self, page, self->page_starts->len, content_width, FALSE);
  print_date = make_footer_layout (self, page, self->page_starts->len, content_width, TRUE);
  y = self->page_height - self->margins.bottom - dd_report_layout_height (page_number);
  draw_layout (cr, page_number, left, y);
  draw_layout (cr, print_date, left, y);

  cairo_restore (cr);
}

gboolean
dd_roster_document_write_pdf (DdRosterDocument  *self,
                              const char        *path,
                              GError           **error)
{
  guint n_pages;

  g_return_val_if_fail (DD_IS_ROSTER_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_pages = dd_roster_document_paginate (self, DD_REPORT_A4_WIDTH, DD_REPORT_A4_HEIGHT,
                                         NULL, error);
  if (n_pages == 0)
    return FALSE;

  return dd_report_write_pdf (path, self->title, n_pages,
                              (DdReportDrawPage) dd_roster_document_draw_page, self, error);
}
