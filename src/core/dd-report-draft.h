/* dd-report-draft.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dd-enums.h"
#include "dd-incident.h"
#include "dd-taxonomy.h"

G_BEGIN_DECLS

/* The template of report drafts (data/rules/report-draft.txt): Chinese
 * official text, whatever the interface language. Immutable, reference
 * counted. */
#define DD_TYPE_REPORT_TEMPLATE (dd_report_template_get_type ())
typedef struct _DdReportTemplate DdReportTemplate;

GType             dd_report_template_get_type      (void) G_GNUC_CONST;

/* Parses the format described in report-draft.txt; errors name the line
 * (unknown directive, fact, grade or placeholder; a missing section). */
DdReportTemplate *dd_report_template_new_from_text (const char        *text,
                                                    GError           **error);
/* The shipped template (resource data/rules/report-draft.txt). */
DdReportTemplate *dd_report_template_load_default  (GError           **error);
DdReportTemplate *dd_report_template_ref           (DdReportTemplate  *self);
void              dd_report_template_unref         (DdReportTemplate  *self);

/**
 * DdReportDraftInfo:
 * @unit_name: the reporting unit (报告单位)
 * @officer: the duty officer (值班人员)
 * @leader: the leader on duty (带班领导)
 * @number: the incident number, or %NULL
 * @division_path: the division's names ("贵州省贵阳市南明区"), or %NULL
 * @report_at: when the report is made (Unix ms; 0 leaves 报告时间 empty)
 *
 * What a draft needs besides the incident.
 */
typedef struct
{
  const char *unit_name;
  const char *officer;
  const char *leader;
  const char *number;
  const char *division_path;
  gint64      report_at;
} DdReportDraftInfo;

/**
 * DdReportDraft:
 * @kind: initial, follow-up or final
 * @ordinal: the follow-up's number (续报一 is 1), 0 otherwise
 * @title: the first line
 * @text: the whole draft, title included
 */
typedef struct
{
  DdReportKind  kind;
  guint         ordinal;
  char         *title;
  char         *text;
} DdReportDraft;

void           dd_report_draft_free   (DdReportDraft     *draft);

/* Drafts a report of @kind from @state: a follow-up is numbered after the
 * follow-up reports already made (state->n_followups + 1); its new
 * information is the notes of the events since the last report. */
DdReportDraft *dd_report_draft_render (DdReportTemplate        *self,
                                       DdIncidentState         *state,
                                       DdTaxonomy              *taxonomy,
                                       DdReportKind             kind,
                                       const DdReportDraftInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdReportTemplate, dd_report_template_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdReportDraft, dd_report_draft_free)

G_END_DECLS
