/* dd-report-common.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What every printed document of src/report shares: its error domain,
 * page margins and the A4 page. */

#define DD_REPORT_ERROR (dd_report_error_quark ())

/**
 * DdReportError:
 * @DD_REPORT_ERROR_PAGE_SIZE: the page is too small for what each page
 *   must hold (a title, a header row, a line of text, the footer)
 * @DD_REPORT_ERROR_WRITE: cairo could not write the file
 */
typedef enum
{
  DD_REPORT_ERROR_PAGE_SIZE,
  DD_REPORT_ERROR_WRITE,
} DdReportError;

GQuark dd_report_error_quark (void);

/**
 * DdReportMargins:
 * @top: top margin, in points
 * @right: right margin, in points
 * @bottom: bottom margin, in points
 * @left: left margin, in points
 *
 * Page margins. A GtkPrintContext's page already excludes the printer's
 * margins: pass zeros there.
 */
typedef struct
{
  double top;
  double right;
  double bottom;
  double left;
} DdReportMargins;

/* A4 portrait, in points, and the margins write_pdf() uses (15 mm sides). */
#define DD_REPORT_A4_WIDTH  595.275590551
#define DD_REPORT_A4_HEIGHT 841.889763780
#define DD_REPORT_DEFAULT_MARGIN 42.519685039

G_END_DECLS
