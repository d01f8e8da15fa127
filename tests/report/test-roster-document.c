/* test-roster-document.c: the printed duty roster, checked through its PDF
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dd-duty-calendar.h"
#include "dd-duty-defaults.h"
#include "dd-roster.h"
#include "dd-roster-document.h"
#include "dd-shift-template.h"
#include "pdf-text.h"

#define UNIT_NAME "南明区人民政府总值班室"

static const struct {
  const char *id;
  const char *name;
  DdRole      roles;
  const char *phone;
} people[] = {
  { "l1", "陈志强", DD_ROLE_LEADER,  "13908510001" },
  { "l2", "刘建华", DD_ROLE_LEADER,  "13908510002" },
  { "l3", "杨文斌", DD_ROLE_LEADER,  "13908510003" },
  { "l4", "黄海燕", DD_ROLE_LEADER,  "13908510004" },
  { "o1", "王明",   DD_ROLE_OFFICER, "13885010011" },
  { "o2", "李娜",   DD_ROLE_OFFICER, "13885010012" },
  { "o3", "张伟",   DD_ROLE_OFFICER, "13885010013" },
  { "o4", "赵丽",   DD_ROLE_OFFICER, "13885010014" },
  { "o5", "吴超",   DD_ROLE_OFFICER, "13885010015" },
  { "o6", "周婷婷", DD_ROLE_OFFICER, "13885010016" },
  { "o7", "徐磊",   DD_ROLE_OFFICER, "13885010017" },
};

static GDate
ymd (int year,
     int month,
     int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);

  return date;
}

static DdDutyCalendar *
default_calendar (void)
{
  g_autoptr(GError) error = NULL;
  DdDutyCalendar *calendar = dd_duty_calendar_new_default (&error);

  g_assert_no_error (error);

  return calendar;
}

static GPtrArray *
default_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyDefaults) defaults = dd_duty_defaults_load (&error);

  g_assert_no_error (error);

  return g_ptr_array_ref (defaults->templates);
}

/* Every shift of @first..@last, filled round robin: leaders on leader
 * shifts, officers on officer shifts, as many as each shift needs. */
static DdRoster *
make_roster (DdDutyCalendar *calendar,
             GPtrArray      *templates,
             DdRegime        base,
             const GDate    *first,
             const GDate    *last)
{
  g_autoptr(GPtrArray) shifts = dd_shift_expand (calendar, templates, base, first, last);
  DdRoster *roster = dd_roster_new (12);
  guint next_leader = 0;
  guint next_officer = 0;
  guint n_leaders = 0;
  guint n_officers = 0;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(DdStaff) staff = dd_staff_new (people[i].id, people[i].name, people[i].roles,
                                               people[i].phone, UNIT_NAME, TRUE);

      dd_roster_add_staff (roster, staff);
      if (people[i].roles & DD_ROLE_LEADER)
        n_leaders++;
      else
        n_officers++;
    }

  dd_roster_add_shifts (roster, shifts);

  for (guint i = 0; i < shifts->len; i++)
    {
      const DdShift *shift = g_ptr_array_index (shifts, i);

      for (guint k = 0; k < shift->required; k++)
        {
          g_autoptr(DdAssignment) assignment = NULL;
          guint person;

          if (shift->position == DD_POSITION_LEADER)
            person = next_leader++ % n_leaders;
          else
            person = n_leaders + next_officer++ % n_officers;

          assignment = dd_assignment_new (shift->id, people[person].id, FALSE, TRUE);
          dd_roster_add_assignment (roster, assignment);
        }
    }

  return roster;
}

static DdRosterDocument *
make_month_document (DdDutyCalendar *calendar,
                     GPtrArray      *templates,
                     DdRegime        base,
                     guint           year,
                     guint           month)
{
  GDate first = ymd (year, month, 1);
  GDate last = ymd (year, month, g_date_get_days_in_month (month, year));
  g_autoptr(DdRoster) roster = make_roster (calendar, templates, base, &first, &last);
  GDate printed = ymd (2026, 9, 20);
  DdRosterDocument *document;

  document = dd_roster_document_new_for_month (roster, calendar, UNIT_NAME, year, month);
  dd_roster_document_set_print_date (document, &printed);

  return document;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static guint
pdf_page_count (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  /* cairo writes one "/Type /Page" object per page (and "/Type /Pages" once) */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 4);
  g_assert_true (memcmp (contents, "%PDF", 4) == 0);

  {
    guint pages = 0;

    for (const char *p = contents; p + 11 < contents + length; p++)
      {
        p = memchr (p, '/', contents + length - p);
        if (p == NULL)
          break;
        if (strncmp (p, "/Type /Page", 11) == 0 && p[11] != 's')
          pages++;
      }

    return pages;
  }
}

static void
test_month_pdf (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = default_templates ();
  g_autoptr(DdRosterDocument) document = make_month_document (calendar, templates, DD_REGIME_7X24, 2026, 10);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  g_assert_cmpuint (dd_roster_document_get_n_rows (document), ==, 31);
  g_assert_nonnull (strstr (dd_roster_document_get_title (document), UNIT_NAME));

  g_assert_true (dd_roster_document_write_pdf (document, fixture->pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_page_count (fixture->pdf), ==, dd_roster_document_get_n_pages (document));
  /* an ordinary month of a 7x24 desk fits one A4 page */
  g_assert_cmpuint (dd_roster_document_get_n_pages (document), ==, 1);

  text = pdf_text (fixture->pdf, 0);
  flat = squeeze (text);

  g_assert_nonnull (strstr (flat, UNIT_NAME));
  /* LC_ALL=C.UTF-8: English headers and marks; names come from the data */
  g_assert_nonnull (strstr (flat, "DutyRoster2026-10"));
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_assert_nonnull (strstr (flat, people[i].name));
      g_assert_nonnull (strstr (flat, people[i].phone));
    }
  g_assert_nonnull (strstr (flat, "Date"));
  g_assert_nonnull (strstr (flat, "Weekday"));
  g_assert_nonnull (strstr (flat, "Leaderonduty"));
  g_assert_nonnull (strstr (flat, "Dutyofficers"));
  g_assert_nonnull (strstr (flat, "Phone"));
  /* the holiday by its published name, the adjusted working day (10-10, a Saturday) */
  g_assert_nonnull (strstr (flat, "国庆节"));
  g_assert_nonnull (strstr (flat, "Adjustedworkingday"));
  /* every day of the month, with its weekday: 2026-10-01 is a Thursday */
  for (guint day = 1; day <= 31; day++)
    {
      g_autofree char *date = g_strdup_printf ("10-%02u", day);

      g_assert_nonnull (strstr (flat, date));
    }
  g_assert_nonnull (strstr (flat, "Thu"));
  g_assert_cmpuint (count_occurrences (flat, "Sun"), ==, 4);
  /* day and night officers are told apart on 7x24 days */
  g_assert_nonnull (strstr (flat, "Day:"));
  g_assert_nonnull (strstr (flat, "Night:"));
  /* footer */
  g_assert_nonnull (strstr (flat, "Page1of1"));
  g_assert_nonnull (strstr (flat, "Printedon2026-09-20"));
  /* October is not in the main flood season */
  g_assert_null (strstr (flat, "Mainfloodseason"));
}

static void
test_office_hours (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = default_templates ();
  g_autoptr(DdRosterDocument) document = make_month_document (calendar, templates, DD_REGIME_5X8, 2026, 11);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  /* November 2026: no holiday, 21 working days; a 5x8 desk has no weekend duty */
  g_assert_cmpuint (dd_roster_document_get_n_rows (document), ==, 21);
  g_assert_true (dd_roster_document_write_pdf (document, fixture->pdf, &error));
  g_assert_no_error (error);

  text = pdf_text (fixture->pdf, 0);
  flat = squeeze (text);
  g_assert_nonnull (strstr (flat, "11-02"));
  g_assert_null (strstr (flat, "11-01"));    /* a Sunday */
  g_assert_null (strstr (flat, "Sat"));
  g_assert_null (strstr (flat, "Sun"));
  /* one officer shift a day: no day/night marks */
  g_assert_null (strstr (flat, "Day:"));
  g_assert_null (strstr (flat, "Night:"));
}

static void
test_flood_season_and_periods (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = default_templates ();
  g_autoptr(DdRosterDocument) document = NULL;
  g_autoptr(DdImportantPeriod) period = NULL;
  GDate from = ymd (2026, 6, 10);
  GDate to = ymd (2026, 6, 12);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  period = dd_important_period_new_for_dates ("p1", "防汛应急响应", &from, &to, 2);
  g_assert_true (dd_duty_calendar_add_period (calendar, period, &error));
  g_assert_no_error (error);

  document = make_month_document (calendar, templates, DD_REGIME_5X8, 2026, 6);
  /* the whole month is 7x24 in the main flood season, even for a 5x8 desk */
  g_assert_cmpuint (dd_roster_document_get_n_rows (document), ==, 30);
  g_assert_true (dd_roster_document_write_pdf (document, fixture->pdf, &error));
  g_assert_no_error (error);

  text = pdf_text (fixture->pdf, 0);
  flat = squeeze (text);
  g_assert_nonnull (strstr (flat, "Mainfloodseason"));
  g_assert_nonnull (strstr (flat, "端午节"));
  g_assert_cmpuint (count_occurrences (flat, "防汛应急响应"), ==, 3);
  g_assert_nonnull (strstr (flat, "※"));
}

/* Six officers on each day and night shift and two leaders: cells wrap,
 * rows grow, and the month no longer fits one page. */
static GPtrArray *
crowded_templates (void)
{
  GPtrArray *templates = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_shift_template_unref);

  g_ptr_array_add (templates, dd_shift_template_new ("leader_7x24", "Leader", DD_POSITION_LEADER,
                                                     DD_REGIME_7X24, 510, 510, 2));
  g_ptr_array_add (templates, dd_shift_template_new ("officer_day", "Day", DD_POSITION_OFFICER,
                                                     DD_REGIME_7X24, 510, 1050, 6));
  g_ptr_array_add (templates, dd_shift_template_new ("officer_night", "Night", DD_POSITION_OFFICER,
                                                     DD_REGIME_7X24, 1050, 510, 6));

  return templates;
}

static void
test_long_roster_paginates (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = crowded_templates ();
  g_autoptr(DdRosterDocument) document = make_month_document (calendar, templates, DD_REGIME_7X24, 2026, 10);
  g_autofree char *all = NULL;
  g_autofree char *all_flat = NULL;
  guint n_pages;
  guint n_rows;

  n_rows = dd_roster_document_get_n_rows (document);
  g_assert_cmpuint (n_rows, ==, 31);
  g_assert_true (dd_roster_document_write_pdf (document, fixture->pdf, &error));
  g_assert_no_error (error);

  n_pages = dd_roster_document_get_n_pages (document);
  g_assert_cmpuint (n_pages, >, 1);
  g_assert_cmpuint (pdf_page_count (fixture->pdf), ==, n_pages);

  all = pdf_text (fixture->pdf, 0);
  all_flat = squeeze (all);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_nonnull (strstr (all_flat, people[i].name));

  for (guint page = 0; page < n_pages; page++)
    {
      g_autofree char *text = pdf_text (fixture->pdf, page + 1);
      g_autofree char *flat = squeeze (text);
      g_autofree char *footer = g_strdup_printf ("Page%uof%u", page + 1, n_pages);
      guint first_row;
      guint rows;

      /* title, header row and footer on every page */
      g_assert_nonnull (strstr (flat, UNIT_NAME));
      g_assert_nonnull (strstr (flat, "Date"));
      g_assert_nonnull (strstr (flat, "Weekday"));
      g_assert_nonnull (strstr (flat, "Leaderonduty"));
      g_assert_nonnull (strstr (flat, "Dutyofficers"));
      g_assert_nonnull (strstr (flat, "Phone"));
      g_assert_nonnull (strstr (flat, footer));

      /* the page holds exactly its rows, each whole: its date and its
       * day and night marks on this page and no other */
      dd_roster_document_get_page_rows (document, page, &first_row, &rows);
      g_assert_cmpuint (rows, >, 0);
      g_assert_cmpuint (count_occurrences (flat, "Night:"), ==, rows);
      g_assert_cmpuint (count_occurrences (flat, "Day:"), ==, rows);
      for (guint day = 1; day <= 31; day++)
        {
          g_autofree char *date = g_strdup_printf ("10-%02u", day);
          gboolean here = day - 1 >= first_row && day - 1 < first_row + rows;

          g_assert_cmpuint (count_occurrences (flat, date), ==, here ? 1 : 0);
        }
    }
}

static void
test_pagination_properties (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = crowded_templates ();
  g_autoptr(DdRosterDocument) document = make_month_document (calendar, templates, DD_REGIME_7X24, 2026, 10);
  guint n_rows = dd_roster_document_get_n_rows (document);
  guint previous = G_MAXUINT;

  /* taller pages never need more pages; every page has whole rows, in
   * order, none twice and none left out; the same page gives the same cut */
  for (double height = 300; height <= 1600; height += 100)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) cut = g_array_new (FALSE, FALSE, sizeof (guint));
      DdReportMargins margins = { 20, 20, 20, 20 };
      guint n_pages;
      guint expected_first = 0;

      n_pages = dd_roster_document_paginate (document, 420, height, &margins, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_pages, >=, 1);
      g_assert_cmpuint (n_pages, ==, dd_roster_document_get_n_pages (document));
      g_assert_cmpuint (n_pages, <=, previous);
      previous = n_pages;

      for (guint page = 0; page < n_pages; page++)
        {
          guint first_row;
          guint rows;

          dd_roster_document_get_page_rows (document, page, &first_row, &rows);
          g_assert_cmpuint (first_row, ==, expected_first);
          g_assert_cmpuint (rows, >, 0);
          expected_first += rows;
          g_array_append_val (cut, first_row);
        }
      g_assert_cmpuint (expected_first, ==, n_rows);

      g_assert_cmpuint (dd_roster_document_paginate (document, 420, height, &margins, &error), ==, n_pages);
      for (guint page = 0; page < n_pages; page++)
        {
          guint first_row;

          dd_roster_document_get_page_rows (document, page, &first_row, NULL);
          g_assert_cmpuint (first_row, ==, g_array_index (cut, guint, page));
        }
    }

  /* a small page needs many pages; a huge one only one */
  g_assert_cmpuint (dd_roster_document_paginate (document, 420, 300, NULL, NULL), >, 5);
  g_assert_cmpuint (dd_roster_document_paginate (document, 2000, 6000, NULL, NULL), ==, 1);
}

static void
test_draw_on_image (void)
{
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = default_templates ();
  g_autoptr(DdRosterDocument) document = make_month_document (calendar, templates, DD_REGIME_7X24, 2026, 10);
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n_pages;
  guint dark = 0;
  guint shaded = 0;
  unsigned char *data;
  int stride;

  /* what a print preview does: an image surface, scaled */
  n_pages = dd_roster_document_paginate (document, DD_REPORT_A4_WIDTH, DD_REPORT_A4_HEIGHT, NULL, NULL);
  g_assert_cmpuint (n_pages, ==, 1);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595, 842);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  dd_roster_document_draw_page (document, cr, 0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 842; y++)
    for (int x = 0; x < 595; x++)
      {
        guint32 pixel = *(guint32 *) (gpointer) (data + y * stride + x * 4);
        guint r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        if (r < 80 && g < 80 && b < 80)
          dark++;
        else if (r > 240 && g < 235 && b < 235)
          shaded++;   /* the holiday rows' tint */
      }

  /* text and lines were drawn, and the seven holiday rows are shaded */
  g_assert_cmpuint (dark, >, 5000);
  g_assert_cmpuint (shaded, >, 7 * 400 * 5);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_markup_escaped (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) templates = default_templates ();
  g_autoptr(GPtrArray) shifts = NULL;
  g_autoptr(DdRoster) roster = dd_roster_new (12);
  g_autoptr(DdStaff) staff = dd_staff_new ("x1", "Li & <Wang>", DD_ROLE_BOTH, "138", UNIT_NAME, TRUE);
  g_autoptr(DdRosterDocument) document = NULL;
  g_autoptr(DdAssignment) assignment = NULL;
  GDate day = ymd (2026, 11, 2);
  g_autofree char *text = NULL;

  shifts = dd_shift_expand (calendar, templates, DD_REGIME_5X8, &day, &day);
  g_assert_cmpuint (shifts->len, ==, 2);
  dd_roster_add_shifts (roster, shifts);
  dd_roster_add_staff (roster, staff);
  assignment = dd_assignment_new (((DdShift *) g_ptr_array_index (shifts, 0))->id, "x1", FALSE, FALSE);
  dd_roster_add_assignment (roster, assignment);

  document = dd_roster_document_new (roster, calendar, "A & B <unit>", &day, &day);
  g_assert_cmpuint (dd_roster_document_get_n_rows (document), ==, 1);
  g_assert_true (dd_roster_document_write_pdf (document, fixture->pdf, &error));
  g_assert_no_error (error);

  text = pdf_text (fixture->pdf, 0);
  g_assert_nonnull (strstr (text, "Li & <Wang>"));
  g_assert_nonnull (strstr (text, "A & B <unit>"));
  /* a range, not a whole month */
  g_assert_nonnull (strstr (text, "2026-11-02 to 2026-11-02"));
}

static void
test_empty_and_errors (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DdDutyCalendar) calendar = default_calendar ();
  g_autoptr(DdRoster) roster = dd_roster_new (12);
  g_autoptr(DdRosterDocument) document = dd_roster_document_new_for_month (roster, calendar, UNIT_NAME, 2026, 12);
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-dir", "roster.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  /* nothing rostered: a page with the title and the empty table */
  g_assert_cmpuint (dd_roster_document_get_n_rows (document), ==, 0);
  g_assert_true (dd_roster_document_write_pdf (document, fixture->pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dd_roster_document_get_n_pages (document), ==, 1);
  text = pdf_text (fixture->pdf, 0);
  flat = squeeze (text);
  g_assert_nonnull (strstr (flat, "DutyRoster2026-12"));
  g_assert_nonnull (strstr (flat, "Dutyofficers"));

  g_assert_false (dd_roster_document_write_pdf (document, missing, &error));
  g_assert_error (error, DD_REPORT_ERROR, DD_REPORT_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_cmpuint (dd_roster_document_paginate (document, 100, 800, NULL, &error), ==, 0);
  g_assert_error (error, DD_REPORT_ERROR, DD_REPORT_ERROR_PAGE_SIZE);
  g_clear_error (&error);

  g_assert_cmpuint (dd_roster_document_paginate (document, 595, 150, NULL, &error), ==, 0);
  g_assert_error (error, DD_REPORT_ERROR, DD_REPORT_ERROR_PAGE_SIZE);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/report/roster/month-pdf", Fixture, NULL, fixture_set_up, test_month_pdf, fixture_tear_down);
  g_test_add ("/report/roster/office-hours", Fixture, NULL, fixture_set_up, test_office_hours, fixture_tear_down);
  g_test_add ("/report/roster/flood-season-and-periods", Fixture, NULL,
              fixture_set_up, test_flood_season_and_periods, fixture_tear_down);
  g_test_add ("/report/roster/long-roster-paginates", Fixture, NULL,
              fixture_set_up, test_long_roster_paginates, fixture_tear_down);
  g_test_add_func ("/report/roster/pagination-properties", test_pagination_properties);
  g_test_add_func ("/report/roster/draw-on-image", test_draw_on_image);
  g_test_add ("/report/roster/markup-escaped", Fixture, NULL, fixture_set_up, test_markup_escaped, fixture_tear_down);
  g_test_add ("/report/roster/empty-and-errors", Fixture, NULL,
              fixture_set_up, test_empty_and_errors, fixture_tear_down);

  ret = g_test_run ();

  /* drop pango's and cairo's caches so that valgrind sees only real leaks */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();

  return ret;
}
