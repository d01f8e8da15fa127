/* dd-store-incident.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-incident-store.h"
#include "dd-incident-store-private.h"

#include <glib/gi18n.h>

#include "dd-division.h"
#include "dd-incident-number.h"
#include "dd-store-private.h"
#include "dd-time.h"
#include "dd-uuid.h"

/* ------------------------------------------------------------------ rules */

struct _DdIncidentRules
{
  gatomicrefcount   ref_count;
  DdGradingRules   *grading;
  DdTaxonomy       *taxonomy;
  DdReportingRules *reporting;
};

G_DEFINE_BOXED_TYPE (DdIncidentRules, dd_incident_rules,
                     dd_incident_rules_ref, dd_incident_rules_unref)

DdIncidentRules *
dd_incident_rules_new (DdGradingRules   *grading,
                       DdTaxonomy       *taxonomy,
                       DdReportingRules *reporting)
{
  DdIncidentRules *self;

  g_return_val_if_fail (grading != NULL, NULL);
  g_return_val_if_fail (DD_IS_TAXONOMY (taxonomy), NULL);

  self = g_new0 (DdIncidentRules, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->grading = dd_grading_rules_ref (grading);
  self->taxonomy = g_object_ref (taxonomy);
  self->reporting = reporting != NULL ? dd_reporting_rules_ref (reporting) : NULL;

  return self;
}

DdIncidentRules *
dd_incident_rules_ref (DdIncidentRules *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
dd_incident_rules_unref (DdIncidentRules *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      dd_grading_rules_unref (self->grading);
      g_object_unref (self->taxonomy);
      g_clear_pointer (&self->reporting, dd_reporting_rules_unref);
      g_free (self);
    }
}

DdGradingRules *
dd_incident_rules_get_grading (DdIncidentRules *self)
{
  return self->grading;
}

DdTaxonomy *
dd_incident_rules_get_taxonomy (DdIncidentRules *self)
{
  return self->taxonomy;
}

DdReportingRules *
dd_incident_rules_get_reporting (DdIncidentRules *self)
{
  return self->reporting;
}

/* ------------------------------------------------------------------ enums */

static const char * const channel_names[] = {
  "phone", "fax", "sms", "system", "online_media", "lower_level", "walk_in",
};

static const char * const channel_labels[] = {
  N_("Phone"), N_("Fax"), N_("SMS"), N_("Information system"), N_("Online media"),
  N_("Report from a lower level"), N_("Walk-in"),
};

static const char * const disposition_names[] = {
  "new_incident", "follow_up", "non_incident",
};

static const char * const reason_names[] = {
  "none", "enquiry", "wrong_number", "test_call",
};

static const char * const reason_labels[] = {
  N_("Incident"), N_("Enquiry"), N_("Wrong number"), N_("Test call"),
};

static const char * const search_kind_names[] = {
  "call", "incident", "event", "log", "instruction",
};

static gboolean
name_lookup (const char * const *names,
             guint               n_names,
             const char         *str,
             int                *value)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (names[i], str) == 0)
        {
          *value = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
dd_call_channel_to_string (DdCallChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channel_names), NULL);
  return channel_names[channel];
}

gboolean
dd_call_channel_from_string (const char    *str,
                             DdCallChannel *channel)
{
  int value;

  if (!name_lookup (channel_names, G_N_ELEMENTS (channel_names), str, &value))
    return FALSE;
  *channel = (DdCallChannel) value;
  return TRUE;
}

const char *
dd_call_channel_get_label (DdCallChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channel_labels), NULL);
  return _(channel_labels[channel]);
}

const char *
dd_call_disposition_to_string (DdCallDisposition disposition)
{
  g_return_val_if_fail ((guint) disposition < G_N_ELEMENTS (disposition_names), NULL);
  return disposition_names[disposition];
}

gboolean
dd_call_disposition_from_string (const char        *str,
                                 DdCallDisposition *disposition)
{
  int value;

  if (!name_lookup (disposition_names, G_N_ELEMENTS (disposition_names), str, &value))
    return FALSE;
  *disposition = (DdCallDisposition) value;
  return TRUE;
}

const char *
dd_non_incident_reason_to_string (DdNonIncidentReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (reason_names), NULL);
  return reason_names[reason];
}

gboolean
dd_non_incident_reason_from_string (const char          *str,
                                    DdNonIncidentReason *reason)
{
  int value;

  if (!name_lookup (reason_names, G_N_ELEMENTS (reason_names), str, &value))
    return FALSE;
  *reason = (DdNonIncidentReason) value;
  return TRUE;
}

const char *
dd_non_incident_reason_get_label (DdNonIncidentReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (reason_labels), NULL);
  return _(reason_labels[reason]);
}

const char *
dd_search_kind_to_string (DdSearchKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (search_kind_names), NULL);
  return search_kind_names[kind];
}

gboolean
dd_search_kind_from_string (const char   *str,
                            DdSearchKind *kind)
{
  int value;

  if (!name_lookup (search_kind_names, G_N_ELEMENTS (search_kind_names), str, &value))
    return FALSE;
  *kind = (DdSearchKind) value;
  return TRUE;
}

/* The database spells "no grade" as ''. */
static const char *
grade_to_db (DdGrade grade)
{
  return grade == DD_GRADE_NONE ? "" : dd_grade_to_string (grade);
}

static DdGrade
grade_from_db (const char *str)
{
  DdGrade grade = DD_GRADE_NONE;

  if (str != NULL && *str != '\0' && !dd_grade_from_string (str, &grade))
    grade = DD_GRADE_NONE;

  return grade;
}

/* ------------------------------------------------------------- DdCall */

struct _DdCall
{
  GObject              parent_instance;
  char                *id;
  gint64               received_at;
  DdCallChannel        channel;
  char                *caller_name;
  char                *caller_unit;
  char                *caller_phone;
  char                *summary;
  char                *officer_id;
  DdCallDisposition    disposition;
  char                *incident_id;
  char                *incident_number;
  DdNonIncidentReason  non_incident_reason;
};

enum {
  CALL_PROP_0,
  CALL_PROP_ID,
  CALL_PROP_RECEIVED_AT,
  CALL_PROP_CHANNEL,
  CALL_PROP_CALLER_NAME,
  CALL_PROP_CALLER_UNIT,
  CALL_PROP_CALLER_PHONE,
  CALL_PROP_SUMMARY,
  CALL_PROP_OFFICER_ID,
  CALL_PROP_DISPOSITION,
  CALL_PROP_INCIDENT_ID,
  CALL_PROP_INCIDENT_NUMBER,
  CALL_PROP_NON_INCIDENT_REASON,
  CALL_N_PROPS
};

static GParamSpec *call_properties[CALL_N_PROPS];

G_DEFINE_FINAL_TYPE (DdCall, dd_call, G_TYPE_OBJECT)

#define STR_OR_EMPTY(s) ((s) != NULL ? (s) : "")

static void
dd_call_finalize (GObject *object)
{
  DdCall *self = DD_CALL (object);

  g_free (self->id);
  g_free (self->caller_name);
  g_free (self->caller_unit);
  g_free (self->caller_phone);
  g_free (self->summary);
  g_free (self->officer_id);
  g_free (self->incident_id);
  g_free (self->incident_number);

  G_OBJECT_CLASS (dd_call_parent_class)->finalize (object);
}

static void
dd_call_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  DdCall *self = DD_CALL (object);

  switch (prop_id)
    {
    case CALL_PROP_ID: g_value_set_string (value, dd_call_get_id (self)); break;
    case CALL_PROP_RECEIVED_AT: g_value_set_int64 (value, self->received_at); break;
    case CALL_PROP_CHANNEL: g_value_set_int (value, self->channel); break;
    case CALL_PROP_CALLER_NAME: g_value_set_string (value, dd_call_get_caller_name (self)); break;
    case CALL_PROP_CALLER_UNIT: g_value_set_string (value, dd_call_get_caller_unit (self)); break;
    case CALL_PROP_CALLER_PHONE: g_value_set_string (value, dd_call_get_caller_phone (self)); break;
    case CALL_PROP_SUMMARY: g_value_set_string (value, dd_call_get_summary (self)); break;
    case CALL_PROP_OFFICER_ID: g_value_set_string (value, dd_call_get_officer_id (self)); break;
    case CALL_PROP_DISPOSITION: g_value_set_int (value, self->disposition); break;
    case CALL_PROP_INCIDENT_ID: g_value_set_string (value, dd_call_get_incident_id (self)); break;
    case CALL_PROP_INCIDENT_NUMBER: g_value_set_string (value, dd_call_get_incident_number (self)); break;
    case CALL_PROP_NON_INCIDENT_REASON: g_value_set_int (value, self->non_incident_reason); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "", RO_FLAGS);
}

static GParamSpec *
int64_pspec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
}

static GParamSpec *
int_pspec (const char *name)
{
  return g_param_spec_int (name, NULL, NULL, 0, G_MAXINT, 0, RO_FLAGS);
}

static void
dd_call_class_init (DdCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_call_finalize;
  object_class->get_property = dd_call_get_property;

  call_properties[CALL_PROP_ID] = string_pspec ("id");
  call_properties[CALL_PROP_RECEIVED_AT] = int64_pspec ("received-at");
  call_properties[CALL_PROP_CHANNEL] = int_pspec ("channel");
  call_properties[CALL_PROP_CALLER_NAME] = string_pspec ("caller-name");
  call_properties[CALL_PROP_CALLER_UNIT] = string_pspec ("caller-unit");
  call_properties[CALL_PROP_CALLER_PHONE] = string_pspec ("caller-phone");
  call_properties[CALL_PROP_SUMMARY] = string_pspec ("summary");
  call_properties[CALL_PROP_OFFICER_ID] = string_pspec ("officer-id");
  call_properties[CALL_PROP_DISPOSITION] = int_pspec ("disposition");
  call_properties[CALL_PROP_INCIDENT_ID] = string_pspec ("incident-id");
  call_properties[CALL_PROP_INCIDENT_NUMBER] = string_pspec ("incident-number");
  call_properties[CALL_PROP_NON_INCIDENT_REASON] = int_pspec ("non-incident-reason");

  g_object_class_install_properties (object_class, CALL_N_PROPS, call_properties);
}

static void
dd_call_init (DdCall *self)
{
}

const char *dd_call_get_id (DdCall *self) { return STR_OR_EMPTY (self->id); }
gint64 dd_call_get_received_at (DdCall *self) { return self->received_at; }
DdCallChannel dd_call_get_channel (DdCall *self) { return self->channel; }
const char *dd_call_get_caller_name (DdCall *self) { return STR_OR_EMPTY (self->caller_name); }
const char *dd_call_get_caller_unit (DdCall *self) { return STR_OR_EMPTY (self->caller_unit); }
const char *dd_call_get_caller_phone (DdCall *self) { return STR_OR_EMPTY (self->caller_phone); }
const char *dd_call_get_summary (DdCall *self) { return STR_OR_EMPTY (self->summary); }
const char *dd_call_get_officer_id (DdCall *self) { return STR_OR_EMPTY (self->officer_id); }
DdCallDisposition dd_call_get_disposition (DdCall *self) { return self->disposition; }
const char *dd_call_get_incident_id (DdCall *self) { return STR_OR_EMPTY (self->incident_id); }
const char *dd_call_get_incident_number (DdCall *self) { return STR_OR_EMPTY (self->incident_number); }
DdNonIncidentReason dd_call_get_non_incident_reason (DdCall *self) { return self->non_incident_reason; }

/* ------------------------------------------------------ DdIncidentSummary */

struct _DdIncidentSummary
{
  GObject           parent_instance;
  char             *id;
  char             *number;
  char             *owner_unit;
  char             *subtype;
  gint64            received_at;
  gint64            occurred_at;
  char             *location;
  char             *division;
  char             *description;
  DdGrade           grade;
  DdGrade           computed_grade;
  gboolean          manual_required;
  DdIncidentStatus  status;
  gint64            closed_at;
  gint64            next_due_at;
  gint64            updated_at;
};

enum {
  INC_PROP_0,
  INC_PROP_ID,
  INC_PROP_NUMBER,
  INC_PROP_OWNER_UNIT,
  INC_PROP_SUBTYPE,
  INC_PROP_RECEIVED_AT,
  INC_PROP_OCCURRED_AT,
  INC_PROP_LOCATION,
  INC_PROP_DIVISION,
  INC_PROP_DESCRIPTION,
  INC_PROP_GRADE,
  INC_PROP_COMPUTED_GRADE,
  INC_PROP_MANUAL_REQUIRED,
  INC_PROP_STATUS,
  INC_PROP_CLOSED_AT,
  INC_PROP_NEXT_DUE_AT,
  INC_PROP_UPDATED_AT,
  INC_N_PROPS
};

static GParamSpec *inc_properties[INC_N_PROPS];

G_DEFINE_FINAL_TYPE (DdIncidentSummary, dd_incident_summary, G_TYPE_OBJECT)

static void
dd_incident_summary_finalize (GObject *object)
{
  DdIncidentSummary *self = DD_INCIDENT_SUMMARY (object);

  g_free (self->id);
  g_free (self->number);
  g_free (self->owner_unit);
  g_free (self->subtype);
  g_free (self->location);
  g_free (self->division);
  g_free (self->description);

  G_OBJECT_CLASS (dd_incident_summary_parent_class)->finalize (object);
}

static void
dd_incident_summary_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DdIncidentSummary *self = DD_INCIDENT_SUMMARY (object);

  switch (prop_id)
    {
    case INC_PROP_ID: g_value_set_string (value, STR_OR_EMPTY (self->id)); break;
    case INC_PROP_NUMBER: g_value_set_string (value, STR_OR_EMPTY (self->number)); break;
    case INC_PROP_OWNER_UNIT: g_value_set_string (value, STR_OR_EMPTY (self->owner_unit)); break;
    case INC_PROP_SUBTYPE: g_value_set_string (value, STR_OR_EMPTY (self->subtype)); break;
    case INC_PROP_RECEIVED_AT: g_value_set_int64 (value, self->received_at); break;
    case INC_PROP_OCCURRED_AT: g_value_set_int64 (value, self->occurred_at); break;
    case INC_PROP_LOCATION: g_value_set_string (value, STR_OR_EMPTY (self->location)); break;
    case INC_PROP_DIVISION: g_value_set_string (value, STR_OR_EMPTY (self->division)); break;
    case INC_PROP_DESCRIPTION: g_value_set_string (value, STR_OR_EMPTY (self->description)); break;
    case INC_PROP_GRADE: g_value_set_int (value, self->grade); break;
    case INC_PROP_COMPUTED_GRADE: g_value_set_int (value, self->computed_grade); break;
    case INC_PROP_MANUAL_REQUIRED: g_value_set_boolean (value, self->manual_required); break;
    case INC_PROP_STATUS: g_value_set_int (value, self->status); break;
    case INC_PROP_CLOSED_AT: g_value_set_int64 (value, self->closed_at); break;
    case INC_PROP_NEXT_DUE_AT: g_value_set_int64 (value, self->next_due_at); break;
    case INC_PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_incident_summary_class_init (DdIncidentSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_incident_summary_finalize;
  object_class->get_property = dd_incident_summary_get_property;

  inc_properties[INC_PROP_ID] = string_pspec ("id");
  inc_properties[INC_PROP_NUMBER] = string_pspec ("number");
  inc_properties[INC_PROP_OWNER_UNIT] = string_pspec ("owner-unit");
  inc_properties[INC_PROP_SUBTYPE] = string_pspec ("subtype");
  inc_properties[INC_PROP_RECEIVED_AT] = int64_pspec ("received-at");
  inc_properties[INC_PROP_OCCURRED_AT] = int64_pspec ("occurred-at");
  inc_properties[INC_PROP_LOCATION] = string_pspec ("location");
  inc_properties[INC_PROP_DIVISION] = string_pspec ("division");
  inc_properties[INC_PROP_DESCRIPTION] = string_pspec ("description");
  inc_properties[INC_PROP_GRADE] = int_pspec ("grade");
  inc_properties[INC_PROP_COMPUTED_GRADE] = int_pspec ("computed-grade");
  inc_properties[INC_PROP_MANUAL_REQUIRED] =
    g_param_spec_boolean ("manual-required", NULL, NULL, FALSE, RO_FLAGS);
  inc_properties[INC_PROP_STATUS] = int_pspec ("status");
  inc_properties[INC_PROP_CLOSED_AT] = int64_pspec ("closed-at");
  inc_properties[INC_PROP_NEXT_DUE_AT] = int64_pspec ("next-due-at");
  inc_properties[INC_PROP_UPDATED_AT] = int64_pspec ("updated-at");

  g_object_class_install_properties (object_class, INC_N_PROPS, inc_properties);
}

static void
dd_incident_summary_init (DdIncidentSummary *self)
{
}

const char *dd_incident_summary_get_id (DdIncidentSummary *self) { return STR_OR_EMPTY (self->id); }
const char *dd_incident_summary_get_number (DdIncidentSummary *self) { return STR_OR_EMPTY (self->number); }
const char *dd_incident_summary_get_owner_unit (DdIncidentSummary *self) { return STR_OR_EMPTY (self->owner_unit); }
const char *dd_incident_summary_get_subtype (DdIncidentSummary *self) { return STR_OR_EMPTY (self->subtype); }
gint64 dd_incident_summary_get_received_at (DdIncidentSummary *self) { return self->received_at; }
gint64 dd_incident_summary_get_occurred_at (DdIncidentSummary *self) { return self->occurred_at; }
const char *dd_incident_summary_get_location (DdIncidentSummary *self) { return STR_OR_EMPTY (self->location); }
const char *dd_incident_summary_get_division (DdIncidentSummary *self) { return STR_OR_EMPTY (self->division); }
const char *dd_incident_summary_get_description (DdIncidentSummary *self) { return STR_OR_EMPTY (self->description); }
DdGrade dd_incident_summary_get_grade (DdIncidentSummary *self) { return self->grade; }
DdGrade dd_incident_summary_get_computed_grade (DdIncidentSummary *self) { return self->computed_grade; }
gboolean dd_incident_summary_get_manual_required (DdIncidentSummary *self) { return self->manual_required; }
DdIncidentStatus dd_incident_summary_get_status (DdIncidentSummary *self) { return self->status; }
gint64 dd_incident_summary_get_closed_at (DdIncidentSummary *self) { return self->closed_at; }
gint64 dd_incident_summary_get_next_due_at (DdIncidentSummary *self) { return self->next_due_at; }
gint64 dd_incident_summary_get_updated_at (DdIncidentSummary *self) { return self->updated_at; }

/* ------------------------------------------------------------ DdSearchHit */

struct _DdSearchHit
{
  GObject       parent_instance;
  DdSearchKind  kind;
  char         *id;
  char         *incident_id;
  char         *text;
  gint64        at;
};

enum {
  HIT_PROP_0,
  HIT_PROP_KIND,
  HIT_PROP_ID,
  HIT_PROP_INCIDENT_ID,
  HIT_PROP_TEXT,
  HIT_PROP_AT,
  HIT_N_PROPS
};

static GParamSpec *hit_properties[HIT_N_PROPS];

G_DEFINE_FINAL_TYPE (DdSearchHit, dd_search_hit, G_TYPE_OBJECT)

static void
dd_search_hit_finalize (GObject *object)
{
  DdSearchHit *self = DD_SEARCH_HIT (object);

  g_free (self->id);
  g_free (self->incident_id);
  g_free (self->text);

  G_OBJECT_CLASS (dd_search_hit_parent_class)->finalize (object);
}

static void
dd_search_hit_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DdSearchHit *self = DD_SEARCH_HIT (object);

  switch (prop_id)
    {
    case HIT_PROP_KIND: g_value_set_int (value, self->kind); break;
    case HIT_PROP_ID: g_value_set_string (value, STR_OR_EMPTY (self->id)); break;
    case HIT_PROP_INCIDENT_ID: g_value_set_string (value, STR_OR_EMPTY (self->incident_id)); break;
    case HIT_PROP_TEXT: g_value_set_string (value, STR_OR_EMPTY (self->text)); break;
    case HIT_PROP_AT: g_value_set_int64 (value, self->at); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_search_hit_class_init (DdSearchHitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dd_search_hit_finalize;
  object_class->get_property = dd_search_hit_get_property;

  hit_properties[HIT_PROP_KIND] = int_pspec ("kind");
  hit_properties[HIT_PROP_ID] = string_pspec ("id");
  hit_properties[HIT_PROP_INCIDENT_ID] = string_pspec ("incident-id");
  hit_properties[HIT_PROP_TEXT] = string_pspec ("text");
  hit_properties[HIT_PROP_AT] = int64_pspec ("at");

  g_object_class_install_properties (object_class, HIT_N_PROPS, hit_properties);
}

static void
dd_search_hit_init (DdSearchHit *self)
{
}

DdSearchKind dd_search_hit_get_kind (DdSearchHit *self) { return self->kind; }
const char *dd_search_hit_get_id (DdSearchHit *self) { return STR_OR_EMPTY (self->id); }
const char *dd_search_hit_get_incident_id (DdSearchHit *self) { return STR_OR_EMPTY (self->incident_id); }
const char *dd_search_hit_get_text (DdSearchHit *self) { return STR_OR_EMPTY (self->text); }
gint64 dd_search_hit_get_at (DdSearchHit *self) { return self->at; }

/* ------------------------------------------------------- DdIncidentDetail */

static DdIncidentDetail *
dd_incident_detail_copy (DdIncidentDetail *detail)
{
  /* Details are handed over, never shared (the derived state has no
   * copy function): copying is a programming error. */
  g_return_val_if_reached (NULL);
  (void) detail;
}

void
dd_incident_detail_free (DdIncidentDetail *detail)
{
  if (detail == NULL)
    return;

  g_clear_object (&detail->summary);
  g_clear_pointer (&detail->state, dd_incident_state_free);
  g_clear_pointer (&detail->reporting, dd_reporting_result_free);
  g_clear_pointer (&detail->calls, g_ptr_array_unref);
  g_free (detail);
}

G_DEFINE_BOXED_TYPE (DdIncidentDetail, dd_incident_detail,
                     dd_incident_detail_copy, dd_incident_detail_free)

/* ---------------------------------------------------------------- helpers */

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return g_strdup (text != NULL ? (const char *) text : "");
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* Runs @sql with text bindings and returns column 0 of the first row. */
static char *
query_text (DdStore     *self,
            const char  *sql,
            const char  *bind1,
            GError     **error)
{
  sqlite3_stmt *stmt;
  char *result = NULL;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  if (bind1 != NULL)
    bind_text (stmt, 1, bind1);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = column_dup (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No record found"));
  else
    dd_store_set_error (self, error, rc, sql);

  sqlite3_reset (stmt);

  return result;
}

/* The id of the incident with id or number @key, or %NULL (NOT_FOUND). */
static char *
resolve_incident (DdStore     *self,
                  const char  *key,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *id;

  if (key == NULL || *key == '\0')
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("No incident given"));
      return NULL;
    }

  id = query_text (self, "SELECT id FROM incidents WHERE id = ?1 OR number = ?1", key, &local_error);
  if (id == NULL)
    {
      if (g_error_matches (local_error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND))
        g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND,
                     _("No incident “%s”"), key);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return id;
}

/* The events of incident @id, as recorded. */
static GPtrArray *
load_events (DdStore     *self,
             const char  *id,
             GError     **error)
{
  static const char sql[] =
    "SELECT body FROM incident_events WHERE incident_id = ?1 ORDER BY seq";
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_incident_event_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;

  bind_text (stmt, 1, id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *body = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(GVariant) variant = NULL;
      DdIncidentEvent *event;

      variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, body, NULL, NULL, error);
      if (variant == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      if (!(event = dd_incident_event_new_from_variant (variant, error)))
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (events, event);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      dd_store_set_error (self, error, rc, sql);
      return NULL;
    }

  return g_steal_pointer (&events);
}

static DdLevel
desk_level (DdStore *self)
{
  g_autoptr(DdDesk) desk = dd_store_get_desk (self, NULL);

  return desk != NULL ? dd_desk_get_level (desk) : DD_LEVEL_COUNTY;
}

/* The latest received time of @events (to see them all). */
static gint64
events_horizon (GPtrArray *events)
{
  gint64 horizon = 0;

  for (guint i = 0; i < events->len; i++)
    {
      const DdIncidentEvent *event = g_ptr_array_index (events, i);

      horizon = MAX (horizon, event->received_at);
    }

  return horizon;
}

/* The earliest due time of a clock still running (0: none). */
static gint64
next_due_at (DdReportingResult *result)
{
  gint64 best = 0;

  if (result == NULL)
    return 0;

  for (guint i = 0; i < result->clocks->len; i++)
    {
      const DdReportClock *clock = g_ptr_array_index (result->clocks, i);

      if (clock->status == DD_CLOCK_STATUS_PENDING ||
          clock->status == DD_CLOCK_STATUS_DUE_SOON ||
          clock->status == DD_CLOCK_STATUS_OVERDUE)
        {
          if (best == 0 || clock->due_at < best)
            best = clock->due_at;
        }
    }

  return best;
}

/* Text of an event for the search: note, texts, reason, report content. */
static char *
event_search_text (const DdIncidentEvent *event)
{
  GString *out = g_string_new (NULL);

  if (event->note != NULL)
    g_string_append (out, event->note);
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    {
      if (event->texts[i] == NULL || i == DD_INCIDENT_TEXT_DIVISION ||
          g_strcmp0 (event->texts[i], event->note) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, event->texts[i]);
    }
  if (event->reason != NULL)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, event->reason);
    }
  if (event->report_content != NULL)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, event->report_content);
    }

  return g_string_free (out, FALSE);
}

char *
dd_store_incident_event_text (const char  *body,
                              GError     **error)
{
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(DdIncidentEvent) event = NULL;

  variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, body, NULL, NULL, error);
  if (variant == NULL || (event = dd_incident_event_new_from_variant (variant, error)) == NULL)
    return NULL;
  return event_search_text (event);
}

/* ----------------------------------------------------------------- writes */

typedef enum
{
  OP_INCIDENT,
  OP_EVENT,
  OP_CALL,
} OpKind;

typedef struct
{
  OpKind           kind;
  DdIncidentRules *rules;          /* borrowed */
  char            *unit;           /* the desk's unit code */
  DdLevel          level;
  DdIncidentEvent *event;          /* OP_INCIDENT (the log event), OP_EVENT */
  const DdCallInput *call;         /* OP_CALL */
  char            *incident_id;    /* OP_CALL */
  char            *call_id;
} Op;

static void
op_clear (Op *op)
{
  g_free (op->unit);
  g_clear_pointer (&op->event, dd_incident_event_free);
  g_free (op->incident_id);
  g_free (op->call_id);
}

static const char refresh_sql[] =
  "UPDATE incidents SET subtype = ?2, occurred_at = ?3, location = ?4, division = ?5,"
  " description = ?6, grade = ?7, computed_grade = ?8, manual_required = ?9, status = ?10,"
  " closed_at = ?11, next_due_at = ?12, updated_at = max (updated_at, ?13), hlc = ?14"
  " WHERE id = ?1";

/* Derives incident @id with its stored events plus @extra (may be %NULL),
 * and refreshes the incident row's list columns through @sql (see
 * dd_store_refresh_incident()). */
static gboolean
refresh_incident (DdStore                *self,
                  Op                     *op,
                  const char             *id,
                  const DdIncidentEvent  *extra,
                  gint64                  now,
                  DdHlc                   hlc,
                  const char             *sql,
                  GError                **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(DdIncidentState) state = NULL;
  g_autoptr(DdReportingResult) reporting = NULL;
  DdReportingRules *reporting_rules = dd_incident_rules_get_reporting (op->rules);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  const char *description;

  if (!(events = load_events (self, id, error)))
    return FALSE;

  /* A late report must give its reason: judge it before the report. */
  if (extra != NULL && extra->kind == DD_INCIDENT_EVENT_KIND_REPORT &&
      reporting_rules != NULL && extra->reason == NULL)
    {
      g_autoptr(DdIncidentState) before = NULL;
      g_autoptr(DdReportingResult) at_report = NULL;

      before = dd_incident_derive (op->rules->grading, op->rules->taxonomy, events, &local_error);
      if (before == NULL)
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, "%s", local_error->message);
          return FALSE;
        }
      at_report = dd_reporting_compute (reporting_rules, op->level, before, extra->received_at);
      if (dd_reporting_result_report_is_late (at_report, extra->report_to, extra->report_channel))
        {
          g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                               _("The report is late: give the reason"));
          return FALSE;
        }
    }

  if (extra != NULL)
    g_ptr_array_add (events, dd_incident_event_copy (extra));

  state = dd_incident_derive (op->rules->grading, op->rules->taxonomy, events, &local_error);
  if (state == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, "%s", local_error->message);
      return FALSE;
    }

  if (reporting_rules != NULL)
    reporting = dd_reporting_compute (reporting_rules, op->level, state, events_horizon (events));

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;

  description = dd_incident_state_get_text (state, DD_INCIDENT_TEXT_DESCRIPTION);
  if (description == NULL && state->history->len > 0)
    {
      const DdIncidentHistoryEntry *first = g_ptr_array_index (state->history, 0);

      description = first->event->note;
    }

  bind_text (stmt, 1, id);
  bind_text (stmt, 2, state->subtype);
  sqlite3_bind_int64 (stmt, 3, state->occurred_at);
  bind_text (stmt, 4, dd_incident_state_get_text (state, DD_INCIDENT_TEXT_LOCATION));
  bind_text (stmt, 5, dd_incident_state_get_text (state, DD_INCIDENT_TEXT_DIVISION));
  bind_text (stmt, 6, description);
  bind_text (stmt, 7, grade_to_db (state->effective_grade));
  bind_text (stmt, 8, grade_to_db (state->computed->grade));
  sqlite3_bind_int (stmt, 9, state->computed->manual_required ? 1 : 0);
  bind_text (stmt, 10, dd_incident_status_to_string (state->status));
  sqlite3_bind_int64 (stmt, 11, state->closed_at);
  sqlite3_bind_int64 (stmt, 12, next_due_at (reporting));
  sqlite3_bind_int64 (stmt, 13, now);
  sqlite3_bind_int64 (stmt, 14, (sqlite3_int64) hlc);

  return dd_store_step_done (self, stmt, error);
}

static gboolean
insert_incident (DdStore        *self,
                 Op             *op,
                 DdHlc           hlc,
                 gint64          now,
                 DdStoreChange  *change,
                 GError        **error)
{
  static const char seq_sql[] =
    "SELECT coalesce (max (number_seq), 0) + 1 FROM incidents"
    " WHERE owner_unit = ?1 AND number_day = ?2";
  static const char insert_sql[] =
    "INSERT INTO incidents (id, number, owner_unit, number_day, number_seq, received_at, subtype,"
    " hlc, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)";
  static const char payload_sql[] =
    "SELECT json_object ('id', id, 'number', number, 'owner_unit', owner_unit,"
    " 'received_at', received_at, 'subtype', subtype, 'ver', ver, 'hlc', hlc)"
    " FROM incidents WHERE id = ?1";
  const DdIncidentEvent *event = op->event;
  g_autofree char *number = NULL;
  char day[9];
  GDate date;
  sqlite3_stmt *stmt;
  gint64 seq;
  int rc;

  dd_time_beijing_date (event->received_at, &date);
  g_snprintf (day, sizeof day, "%04u%02u%02u",
              (guint) g_date_get_year (&date), (guint) g_date_get_month (&date),
              (guint) g_date_get_day (&date));

  if (!(stmt = dd_store_prepare (self, seq_sql, error)))
    return FALSE;
  bind_text (stmt, 1, op->unit);
  bind_text (stmt, 2, day);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dd_store_set_error (self, error, rc, seq_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  number = dd_incident_number_format_for_ms (op->unit, event->received_at, (guint) seq);
  if (seq > DD_INCIDENT_NUMBER_MAX || number == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("No incident number left for %s on %s"), op->unit, day);
      return FALSE;
    }

  if (!(stmt = dd_store_prepare (self, insert_sql, error)))
    return FALSE;
  bind_text (stmt, 1, event->incident_id);
  bind_text (stmt, 2, number);
  bind_text (stmt, 3, op->unit);
  bind_text (stmt, 4, day);
  sqlite3_bind_int64 (stmt, 5, seq);
  sqlite3_bind_int64 (stmt, 6, event->received_at);
  bind_text (stmt, 7, event->subtype);
  sqlite3_bind_int64 (stmt, 8, (sqlite3_int64) hlc);
  sqlite3_bind_int64 (stmt, 9, now);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  change->action = "incident.create";
  change->entity_kind = "incident";
  change->entity_id = g_strdup (event->incident_id);
  change->op = "insert";
  change->payload = query_text (self, payload_sql, event->incident_id, error);

  return change->payload != NULL;
}

static const char *
event_action (DdIncidentEventKind kind)
{
  switch (kind)
    {
    case DD_INCIDENT_EVENT_KIND_LOG: return "incident.log";
    case DD_INCIDENT_EVENT_KIND_UPDATE: return "incident.update";
    case DD_INCIDENT_EVENT_KIND_REGRADE: return "incident.regrade";
    case DD_INCIDENT_EVENT_KIND_REPORT: return "incident.report";
    case DD_INCIDENT_EVENT_KIND_CLOSE: return "incident.close";
    case DD_INCIDENT_EVENT_KIND_REOPEN: return "incident.reopen";
    default: return "incident.event";
    }
}

static gboolean
insert_event (DdStore        *self,
              Op             *op,
              DdHlc           hlc,
              gint64          now,
              DdStoreChange  *change,
              GError        **error)
{
  static const char sql[] =
    "INSERT INTO incident_events (id, incident_id, kind, received_at, body, text, hlc, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  static const char payload_sql[] =
    "SELECT json_object ('id', id, 'incident_id', incident_id, 'kind', kind,"
    " 'received_at', received_at, 'body', body, 'hlc', hlc) FROM incident_events WHERE id = ?1";
  const DdIncidentEvent *event = op->event;
  g_autoptr(GVariant) variant = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  if (!refresh_incident (self, op, event->incident_id, event, now, hlc, refresh_sql, error))
    return FALSE;

  variant = g_variant_ref_sink (dd_incident_event_to_variant (event));
  body = g_variant_print (variant, TRUE);
  text = event_search_text (event);

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  bind_text (stmt, 1, event->id);
  bind_text (stmt, 2, event->incident_id);
  bind_text (stmt, 3, dd_incident_event_kind_to_string (event->kind));
  sqlite3_bind_int64 (stmt, 4, event->received_at);
  bind_text (stmt, 5, body);
  bind_text (stmt, 6, text);
  sqlite3_bind_int64 (stmt, 7, (sqlite3_int64) hlc);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  change->action = event_action (event->kind);
  change->entity_kind = "incident_event";
  change->entity_id = g_strdup (event->id);
  change->op = "append";
  change->payload = query_text (self, payload_sql, event->id, error);

  return change->payload != NULL;
}

static gboolean
insert_call (DdStore        *self,
             Op             *op,
             DdHlc           hlc,
             gint64          now,
             DdStoreChange  *change,
             GError        **error)
{
  static const char sql[] =
    "INSERT INTO calls (id, received_at, channel, caller_name, caller_unit, caller_phone, summary,"
    " officer_id, disposition, incident_id, non_incident_reason, owner_unit, hlc, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)";
  static const char payload_sql[] =
    "SELECT json_object ('id', id, 'received_at', received_at, 'channel', channel,"
    " 'caller_name', caller_name, 'caller_unit', caller_unit, 'caller_phone', caller_phone,"
    " 'summary', summary, 'officer_id', officer_id, 'disposition', disposition,"
    " 'incident_id', incident_id, 'non_incident_reason', non_incident_reason,"
    " 'owner_unit', owner_unit, 'ver', ver, 'hlc', hlc) FROM calls WHERE id = ?1";
  const DdCallInput *call = op->call;
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return FALSE;
  bind_text (stmt, 1, op->call_id);
  sqlite3_bind_int64 (stmt, 2, call->received_at);
  bind_text (stmt, 3, dd_call_channel_to_string (call->channel));
  bind_text (stmt, 4, call->caller_name);
  bind_text (stmt, 5, call->caller_unit);
  bind_text (stmt, 6, call->caller_phone);
  bind_text (stmt, 7, call->summary);
  bind_text (stmt, 8, call->officer_id);
  bind_text (stmt, 9, dd_call_disposition_to_string (call->disposition));
  if (op->incident_id != NULL)
    bind_text (stmt, 10, op->incident_id);
  else
    sqlite3_bind_null (stmt, 10);
  if (call->disposition == DD_CALL_DISPOSITION_NON_INCIDENT)
    bind_text (stmt, 11, dd_non_incident_reason_to_string (call->non_incident_reason));
  else
    sqlite3_bind_null (stmt, 11);
  bind_text (stmt, 12, op->unit);
  sqlite3_bind_int64 (stmt, 13, (sqlite3_int64) hlc);
  sqlite3_bind_int64 (stmt, 14, now);
  if (!dd_store_step_done (self, stmt, error))
    return FALSE;

  change->action = "call.log";
  change->entity_kind = "call";
  change->entity_id = g_strdup (op->call_id);
  change->op = "insert";
  change->payload = query_text (self, payload_sql, op->call_id, error);

  return change->payload != NULL;
}

static gboolean
op_row (DdStore        *self,
        DdHlc           hlc,
        gint64          now,
        gpointer        item,
        DdStoreChange  *change,
        GError        **error)
{
  Op *op = item;

  switch (op->kind)
    {
    case OP_INCIDENT:
      return insert_incident (self, op, hlc, now, change, error);
    case OP_EVENT:
      return insert_event (self, op, hlc, now, change, error);
    case OP_CALL:
      return insert_call (self, op, hlc, now, change, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  for (; *str != '\0'; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

static gboolean
check_text (const char  *field,
            const char  *text,
            GError     **error)
{
  return text == NULL || dd_store_check_text (field, text, error);
}

/* ------------------------------------------------------------------ reads */

static const char summary_columns[] =
  "id, number, owner_unit, subtype, received_at, occurred_at, location, division, description,"
  " grade, computed_grade, manual_required, status, closed_at, next_due_at, updated_at";

static DdIncidentSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  DdIncidentSummary *self = g_object_new (DD_TYPE_INCIDENT_SUMMARY, NULL);
  const char *grade = (const char *) sqlite3_column_text (stmt, 9);
  const char *computed = (const char *) sqlite3_column_text (stmt, 10);
  const char *status = (const char *) sqlite3_column_text (stmt, 12);

  self->id = column_dup (stmt, 0);
  self->number = column_dup (stmt, 1);
  self->owner_unit = column_dup (stmt, 2);
  self->subtype = column_dup (stmt, 3);
  self->received_at = sqlite3_column_int64 (stmt, 4);
  self->occurred_at = sqlite3_column_int64 (stmt, 5);
  self->location = column_dup (stmt, 6);
  self->division = column_dup (stmt, 7);
  self->description = column_dup (stmt, 8);
  self->grade = grade_from_db (grade);
  self->computed_grade = grade_from_db (computed);
  self->manual_required = sqlite3_column_int (stmt, 11) != 0;
  self->status = g_strcmp0 (status, "closed") == 0 ? DD_INCIDENT_STATUS_CLOSED : DD_INCIDENT_STATUS_OPEN;
  self->closed_at = sqlite3_column_int64 (stmt, 13);
  self->next_due_at = sqlite3_column_int64 (stmt, 14);
  self->updated_at = sqlite3_column_int64 (stmt, 15);

  return self;
}

static const char call_columns[] =
  "c.id, c.received_at, c.channel, c.caller_name, c.caller_unit, c.caller_phone, c.summary,"
  " c.officer_id, c.disposition, coalesce (c.incident_id, ''), coalesce (i.number, ''),"
  " coalesce (c.non_incident_reason, 'none')";

static DdCall *
call_from_row (sqlite3_stmt *stmt)
{
  DdCall *self = g_object_new (DD_TYPE_CALL, NULL);

  self->id = column_dup (stmt, 0);
  self->received_at = sqlite3_column_int64 (stmt, 1);
  dd_call_channel_from_string ((const char *) sqlite3_column_text (stmt, 2), &self->channel);
  self->caller_name = column_dup (stmt, 3);
  self->caller_unit = column_dup (stmt, 4);
  self->caller_phone = column_dup (stmt, 5);
  self->summary = column_dup (stmt, 6);
  self->officer_id = column_dup (stmt, 7);
  dd_call_disposition_from_string ((const char *) sqlite3_column_text (stmt, 8), &self->disposition);
  self->incident_id = column_dup (stmt, 9);
  self->incident_number = column_dup (stmt, 10);
  dd_non_incident_reason_from_string ((const char *) sqlite3_column_text (stmt, 11),
                                      &self->non_incident_reason);

  return self;
}

typedef gpointer (*RowFunc) (sqlite3_stmt *stmt);

/* Steps @stmt (bound) to the end, collecting objects. */
static GPtrArray *
collect_rows (DdStore       *self,
              sqlite3_stmt  *stmt,
              RowFunc        row_func,
              GError       **error)
{
  return dd_store_collect_rows (self, stmt, row_func, g_object_unref, error);
}

static DdIncidentSummary *
get_summary (DdStore     *self,
             const char  *id,
             GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM incidents WHERE id = ?1", summary_columns);
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  bind_text (stmt, 1, id);
  if (!(rows = collect_rows (self, stmt, (RowFunc) summary_from_row, error)))
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No incident “%s”"), id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (rows, 0));
}

static DdCall *
get_call (DdStore     *self,
          const char  *id,
          GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM calls c LEFT JOIN incidents i"
                                          " ON i.id = c.incident_id WHERE c.id = ?1", call_columns);
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  bind_text (stmt, 1, id);
  if (!(rows = collect_rows (self, stmt, (RowFunc) call_from_row, error)))
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_NOT_FOUND, _("No call “%s”"), id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (rows, 0));
}

/* ---------------------------------------------------------- public writes */

static gboolean
prepare_ops_context (DdStore   *self,
                     Op        *op,
                     GError   **error)
{
  g_autoptr(DdDesk) desk = dd_store_get_desk (self, error);

  if (desk == NULL)
    return FALSE;

  op->unit = g_strdup (dd_desk_get_unit_code (desk));
  op->level = dd_desk_get_level (desk);

  return TRUE;
}

gboolean
dd_store_refresh_incident (DdStore          *self,
                           DdIncidentRules  *rules,
                           const char       *id,
                           DdHlc             hlc,
                           const char       *write_sql,
                           GError          **error)
{
  Op op = { 0 };
  gboolean ok;

  op.rules = rules;
  ok = prepare_ops_context (self, &op, error) &&
       refresh_incident (self, &op, id, NULL, now_ms (), hlc,
                         write_sql != NULL ? write_sql : refresh_sql, error);
  op_clear (&op);

  return ok;
}

DdCall *
dd_store_log_call (DdStore                *self,
                   DdIncidentRules        *rules,
                   const DdCallInput      *call,
                   const DdIncidentEvent  *event,
                   GError                **error)
{
  Op ops[3] = { { 0 } };
  gpointer items[3];
  guint n_items = 0;
  DdCallInput input;
  g_autofree char *call_id = NULL;
  g_autofree char *incident_id = NULL;
  g_autoptr(DdIncidentEvent) ev = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;
  gint64 now = now_ms ();

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (call != NULL, NULL);

  input = *call;
  if (input.received_at == 0)
    input.received_at = now;

  if ((guint) input.channel >= DD_N_CALL_CHANNELS)
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Unknown channel"));
      return NULL;
    }
  if (is_blank (input.summary))
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("The summary is empty"));
      return NULL;
    }
  if (!check_text ("summary", input.summary, error) ||
      !check_text ("caller_name", input.caller_name, error) ||
      !check_text ("caller_unit", input.caller_unit, error) ||
      !check_text ("caller_phone", input.caller_phone, error) ||
      !check_text ("officer_id", input.officer_id, error))
    return NULL;

  call_id = dd_uuid7_new (input.received_at > 0 ? input.received_at : now);

  switch (input.disposition)
    {
    case DD_CALL_DISPOSITION_NEW_INCIDENT:
      if (event == NULL || event->kind != DD_INCIDENT_EVENT_KIND_LOG)
        {
          g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                               _("A new incident needs its first information"));
          return NULL;
        }
      incident_id = dd_uuid7_new (now);
      ev = dd_incident_event_copy (event);
      break;

    case DD_CALL_DISPOSITION_FOLLOW_UP:
      if (!(incident_id = resolve_incident (self, input.incident_id, error)))
        return NULL;
      if (event != NULL)
        {
          ev = dd_incident_event_copy (event);
          if (ev->kind != DD_INCIDENT_EVENT_KIND_UPDATE)
            {
              g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                                   _("Follow-up information must be an update"));
              return NULL;
            }
        }
      else
        ev = dd_incident_event_new (NULL, NULL, DD_INCIDENT_EVENT_KIND_UPDATE, input.received_at);
      break;

    case DD_CALL_DISPOSITION_NON_INCIDENT:
      if (event != NULL || input.non_incident_reason == DD_NON_INCIDENT_NONE ||
          (guint) input.non_incident_reason > DD_NON_INCIDENT_TEST_CALL)
        {
          g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                               _("A non-incident call needs a reason and no incident information"));
          return NULL;
        }
      break;

    default:
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Unknown disposition"));
      return NULL;
    }

  if (ev != NULL)
    {
      g_free (ev->id);
      ev->id = dd_uuid7_new (now);
      g_free (ev->incident_id);
      ev->incident_id = g_strdup (incident_id);
      if (ev->received_at == 0)
        ev->received_at = input.received_at;
      if (ev->note == NULL)
        ev->note = g_strdup (input.summary);
      if (!dd_incident_event_validate (ev, &local_error))
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, "%s", local_error->message);
          return NULL;
        }
      if (ev->kind == DD_INCIDENT_EVENT_KIND_LOG &&
          dd_taxonomy_lookup (rules->taxonomy, ev->subtype) == NULL)
        {
          g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                       _("Unknown sub-type “%s”"), ev->subtype);
          return NULL;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      ops[i].rules = rules;
      if (!prepare_ops_context (self, &ops[i], error))
        {
          for (guint j = 0; j < G_N_ELEMENTS (ops); j++)
            op_clear (&ops[j]);
          return NULL;
        }
    }

  if (input.disposition == DD_CALL_DISPOSITION_NEW_INCIDENT)
    {
      ops[n_items].kind = OP_INCIDENT;
      ops[n_items].event = dd_incident_event_copy (ev);
      items[n_items] = &ops[n_items];
      n_items++;
    }
  if (ev != NULL)
    {
      ops[n_items].kind = OP_EVENT;
      ops[n_items].event = dd_incident_event_copy (ev);
      items[n_items] = &ops[n_items];
      n_items++;
    }
  ops[n_items].kind = OP_CALL;
  ops[n_items].call = &input;
  ops[n_items].call_id = g_strdup (call_id);
  ops[n_items].incident_id = g_strdup (incident_id);
  items[n_items] = &ops[n_items];
  n_items++;

  ok = dd_store_write_many (self, op_row, items, n_items, error);

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    op_clear (&ops[i]);

  if (!ok)
    return NULL;

  return get_call (self, call_id, error);
}

gboolean
dd_store_log_non_incident_calls (DdStore            *self,
                                 const DdCallInput  *calls,
                                 guint               n_calls,
                                 GError            **error)
{
  g_autoptr(DdDesk) desk = NULL;
  g_autofree Op *ops = NULL;
  g_autofree gpointer *items = NULL;
  gboolean ok;

  g_return_val_if_fail (DD_IS_STORE (self), FALSE);
  g_return_val_if_fail (calls != NULL || n_calls == 0, FALSE);

  for (guint i = 0; i < n_calls; i++)
    {
      const DdCallInput *call = &calls[i];

      if (call->received_at <= 0 || (guint) call->channel >= DD_N_CALL_CHANNELS ||
          call->disposition != DD_CALL_DISPOSITION_NON_INCIDENT ||
          call->non_incident_reason == DD_NON_INCIDENT_NONE ||
          (guint) call->non_incident_reason > DD_NON_INCIDENT_TEST_CALL || is_blank (call->summary))
        {
          g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                               _("A non-incident call needs a reason and no incident information"));
          return FALSE;
        }
      if (!check_text ("summary", call->summary, error) ||
          !check_text ("caller_name", call->caller_name, error) ||
          !check_text ("caller_unit", call->caller_unit, error) ||
          !check_text ("caller_phone", call->caller_phone, error) ||
          !check_text ("officer_id", call->officer_id, error))
        return FALSE;
    }

  if (!(desk = dd_store_get_desk (self, error)))
    return FALSE;

  ops = g_new0 (Op, n_calls);
  items = g_new (gpointer, n_calls);
  for (guint i = 0; i < n_calls; i++)
    {
      ops[i].kind = OP_CALL;
      ops[i].unit = g_strdup (dd_desk_get_unit_code (desk));
      ops[i].level = dd_desk_get_level (desk);
      ops[i].call = &calls[i];
      ops[i].call_id = dd_uuid7_new (calls[i].received_at);
      items[i] = &ops[i];
    }

  ok = dd_store_write_many (self, op_row, items, n_calls, error);

  for (guint i = 0; i < n_calls; i++)
    op_clear (&ops[i]);

  return ok;
}

DdIncidentSummary *
dd_store_add_incident_event (DdStore                *self,
                             DdIncidentRules        *rules,
                             const DdIncidentEvent  *event,
                             GError                **error)
{
  Op op = { 0 };
  g_autofree char *incident_id = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 now = now_ms ();
  gboolean ok;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (event != NULL, NULL);

  if (event->kind == DD_INCIDENT_EVENT_KIND_LOG)
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                           _("An incident is logged with a call"));
      return NULL;
    }

  if (!(incident_id = resolve_incident (self, event->incident_id, error)))
    return NULL;

  op.kind = OP_EVENT;
  op.rules = rules;
  if (!prepare_ops_context (self, &op, error))
    return NULL;

  op.event = dd_incident_event_copy (event);
  g_free (op.event->id);
  op.event->id = dd_uuid7_new (now);
  g_free (op.event->incident_id);
  op.event->incident_id = g_strdup (incident_id);
  if (op.event->received_at == 0)
    op.event->received_at = now;

  if (!dd_incident_event_validate (op.event, &local_error))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, "%s", local_error->message);
      op_clear (&op);
      return NULL;
    }

  ok = dd_store_write (self, op_row, &op, error);
  op_clear (&op);

  if (!ok)
    return NULL;

  return get_summary (self, incident_id, error);
}

/* ----------------------------------------------------------- public reads */

GPtrArray *
dd_store_list_incident_events (DdStore     *self,
                               const char  *id_or_number,
                               GError     **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(id = resolve_incident (self, id_or_number, error)))
    return NULL;

  return load_events (self, id, error);
}

static DdIncidentDetail *
detail_for (DdStore            *self,
            DdIncidentRules    *rules,
            DdIncidentSummary  *summary,
            DdLevel             level,
            gint64              at,
            gboolean            with_calls,
            GError            **error)
{
  g_autoptr(DdIncidentDetail) detail = g_new0 (DdIncidentDetail, 1);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) local_error = NULL;

  detail->summary = g_object_ref (summary);
  detail->at = at;

  if (!(events = load_events (self, summary->id, error)))
    return NULL;

  detail->state = dd_incident_derive (rules->grading, rules->taxonomy, events, &local_error);
  if (detail->state == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_CORRUPT, "%s", local_error->message);
      return NULL;
    }

  if (rules->reporting != NULL)
    detail->reporting = dd_reporting_compute (rules->reporting, level, detail->state, at);

  if (with_calls)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM calls c LEFT JOIN incidents i"
                                              " ON i.id = c.incident_id WHERE c.incident_id = ?1"
                                              " ORDER BY c.received_at, c.id", call_columns);
      sqlite3_stmt *stmt;

      if (!(stmt = dd_store_prepare (self, sql, error)))
        return NULL;
      bind_text (stmt, 1, summary->id);
      if (!(detail->calls = collect_rows (self, stmt, (RowFunc) call_from_row, error)))
        return NULL;
    }

  return g_steal_pointer (&detail);
}

DdIncidentDetail *
dd_store_get_incident (DdStore          *self,
                       DdIncidentRules  *rules,
                       const char       *id_or_number,
                       gint64            at,
                       GError          **error)
{
  g_autofree char *id = NULL;
  g_autoptr(DdIncidentSummary) summary = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (rules != NULL, NULL);

  if (!(id = resolve_incident (self, id_or_number, error)))
    return NULL;
  if (!(summary = get_summary (self, id, error)))
    return NULL;

  return detail_for (self, rules, summary, desk_level (self), at != 0 ? at : now_ms (), TRUE, error);
}

DdIncidentSummary *
dd_store_get_incident_summary (DdStore     *self,
                               const char  *id_or_number,
                               GError     **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (!(id = resolve_incident (self, id_or_number, error)))
    return NULL;

  return get_summary (self, id, error);
}

DdCall *
dd_store_get_call (DdStore     *self,
                   const char  *id,
                   GError     **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_call (self, id, error);
}

static void
date_key (const GDate *date,
          char         key[9])
{
  g_snprintf (key, 9, "%04u%02u%02u",
              (guint) g_date_get_year (date), (guint) g_date_get_month (date),
              (guint) g_date_get_day (date));
}

GPtrArray *
dd_store_list_incidents (DdStore                 *self,
                         const DdIncidentFilter  *filter,
                         GError                 **error)
{
  DdIncidentFilter all = { 0 };
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  char from[9] = "00000000";
  char to[9] = "99999999";

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (filter == NULL)
    filter = &all;
  if (filter->from != NULL)
    {
      if (!g_date_valid (filter->from))
        {
          g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Invalid date"));
          return NULL;
        }
      date_key (filter->from, from);
    }
  if (filter->to != NULL)
    {
      if (!g_date_valid (filter->to))
        {
          g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Invalid date"));
          return NULL;
        }
      date_key (filter->to, to);
    }

  /* number_day is the Beijing date of receipt. */
  sql = g_strdup_printf ("SELECT %s FROM incidents WHERE (?1 = 0 OR status = 'open')"
                         " AND number_day BETWEEN ?2 AND ?3"
                         " ORDER BY received_at DESC, id DESC LIMIT ?4", summary_columns);
  if (!(stmt = dd_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, filter->open_only ? 1 : 0);
  bind_text (stmt, 2, from);
  bind_text (stmt, 3, to);
  sqlite3_bind_int64 (stmt, 4, filter->limit > 0 ? (gint64) filter->limit : -1);

  return collect_rows (self, stmt, (RowFunc) summary_from_row, error);
}

GPtrArray *
dd_store_list_incident_clocks (DdStore          *self,
                               DdIncidentRules  *rules,
                               gint64            at,
                               gboolean          include_closed,
                               GError          **error)
{
  DdIncidentFilter filter = { 0 };
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) details = NULL;
  DdLevel level;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);
  g_return_val_if_fail (rules != NULL, NULL);

  filter.open_only = !include_closed;
  if (!(summaries = dd_store_list_incidents (self, &filter, error)))
    return NULL;

  level = desk_level (self);
  if (at == 0)
    at = now_ms ();

  details = g_ptr_array_new_with_free_func ((GDestroyNotify) dd_incident_detail_free);
  for (guint i = 0; i < summaries->len; i++)
    {
      DdIncidentDetail *detail = detail_for (self, rules, g_ptr_array_index (summaries, i),
                                             level, at, FALSE, error);

      if (detail == NULL)
        return NULL;
      g_ptr_array_add (details, detail);
    }

  return g_steal_pointer (&details);
}

static gint64
count_rows (DdStore     *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 n;
  int rc;

  if (!(stmt = dd_store_prepare (self, sql, error)))
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dd_store_set_error (self, error, rc, sql);
      sqlite3_reset (stmt);
      return -1;
    }
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

gint64
dd_store_count_calls (DdStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), -1);

  return count_rows (self, "SELECT count(*) FROM calls", error);
}

/* The ORDER BY of a list order: the key, then the received time and the
 * id to make it total, all in one direction (so an index serves both). */
static const char *
order_clause (const char * const *keys,
              guint               n_keys,
              guint               order,
              GString            *out)
{
  const char *direction = (order & DD_ORDER_DESCENDING) != 0 ? "DESC" : "ASC";
  guint key = order & ~DD_ORDER_DESCENDING;

  g_string_append (out, " ORDER BY ");
  if (key > 0 && key < n_keys)
    g_string_append_printf (out, "%s %s, ", keys[key], direction);
  g_string_append_printf (out, "%s %s, %s %s", keys[0], direction,
                          keys[n_keys], direction);

  return out->str;
}

GPtrArray *
dd_store_fetch_calls (DdStore  *self,
                      guint     offset,
                      guint     limit,
                      GError  **error)
{
  return dd_store_fetch_calls_ordered (self, DD_CALL_ORDER_RECEIVED | DD_ORDER_DESCENDING,
                                       offset, limit, error);
}

GPtrArray *
dd_store_fetch_calls_ordered (DdStore  *self,
                              guint     order,
                              guint     offset,
                              guint     limit,
                              GError  **error)
{
  /* By #DdCallOrder; the last is the tie-breaker. */
  static const char * const keys[] = {
    "c.received_at", "c.channel", "c.caller_name", "c.disposition", "c.id",
  };
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  G_STATIC_ASSERT (G_N_ELEMENTS (keys) == DD_N_CALL_ORDERS + 1);

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  g_string_printf (sql, "SELECT %s FROM calls c LEFT JOIN incidents i ON i.id = c.incident_id", call_columns);
  order_clause (keys, DD_N_CALL_ORDERS, order, sql);
  g_string_append (sql, " LIMIT ?1 OFFSET ?2");
  if (!(stmt = dd_store_prepare (self, sql->str, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, offset);

  return collect_rows (self, stmt, (RowFunc) call_from_row, error);
}

gint64
dd_store_count_incidents (DdStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (DD_IS_STORE (self), -1);

  return count_rows (self, "SELECT count(*) FROM incidents", error);
}

GPtrArray *
dd_store_fetch_incidents (DdStore  *self,
                          guint     offset,
                          guint     limit,
                          GError  **error)
{
  return dd_store_fetch_incidents_ordered (self, DD_INCIDENT_ORDER_RECEIVED | DD_ORDER_DESCENDING,
                                           offset, limit, error);
}

GPtrArray *
dd_store_fetch_incidents_ordered (DdStore  *self,
                                  guint     order,
                                  guint     offset,
                                  guint     limit,
                                  GError  **error)
{
  /* By #DdIncidentOrder; the last is the tie-breaker. An incident with no
   * running clock (next_due_at 0) sorts after those with one. */
  static const char * const keys[] = {
    "received_at", "number", "grade = '', grade", "status = 'closed'", "next_due_at = 0, next_due_at", "id",
  };
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  G_STATIC_ASSERT (G_N_ELEMENTS (keys) == DD_N_INCIDENT_ORDERS + 1);

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  g_string_printf (sql, "SELECT %s FROM incidents", summary_columns);
  order_clause (keys, DD_N_INCIDENT_ORDERS, order, sql);
  g_string_append (sql, " LIMIT ?1 OFFSET ?2");
  if (!(stmt = dd_store_prepare (self, sql->str, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, offset);

  return collect_rows (self, stmt, (RowFunc) summary_from_row, error);
}

static DdSearchHit *
hit_from_row (sqlite3_stmt *stmt)
{
  DdSearchHit *self = g_object_new (DD_TYPE_SEARCH_HIT, NULL);

  dd_search_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &self->kind);
  self->id = column_dup (stmt, 1);
  self->incident_id = column_dup (stmt, 2);
  self->text = column_dup (stmt, 3);
  self->at = sqlite3_column_int64 (stmt, 4);

  return self;
}

static void
append_like_pattern (GString    *out,
                     const char *term)
{
  g_string_append_c (out, '%');
  for (const char *p = term; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');
}

/* An FTS5 string: the text in double quotes, quotes doubled. */
static void
append_fts_string (GString    *out,
                   const char *text,
                   gssize      len)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_c (out, '"');
  for (const char *p = text; len < 0 ? *p != '\0' : p < text + len; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* The tokens FTS5's "ascii" tokenizer makes of @gram (runs of ASCII
 * letters and digits and non-ASCII bytes, ASCII lower-cased), each added
 * once to @seen and, as a string, to @match. */
static void
add_gram_tokens (GString    *match,
                 GHashTable *seen,
                 const char *gram,
                 gsize       len)
{
  gsize i = 0;

  while (i < len)
    {
      gsize start;
      char *token;

      while (i < len && !((guchar) gram[i] >= 0x80 || g_ascii_isalnum (gram[i])))
        i++;
      start = i;
      while (i < len && ((guchar) gram[i] >= 0x80 || g_ascii_isalnum (gram[i])))
        i++;
      if (i == start)
        break;

      token = g_ascii_strdown (gram + start, (gssize) (i - start));
      if (g_hash_table_add (seen, token))
        append_fts_string (match, token, -1);
    }
}

/* How a search reads its candidates, newest first. */
typedef enum
{
  SEARCH_PLAN_FILTER,   /* the documents a filter leaves (few), through its index */
  SEARCH_PLAN_TRIGRAM,  /* incident_fts MATCH: only terms of 3 characters or more */
  SEARCH_PLAN_GRAM,     /* search_gram MATCH: a term is shorter */
  SEARCH_PLAN_SCAN,     /* every document: no term, or none makes a token (only punctuation) */
} SearchPlan;

typedef struct
{
  GPtrArray *likes;     /* '%term%' patterns */
  GPtrArray *lowers;    /* the terms, ASCII lower-cased, for the score */
  GString   *trigram;   /* incident_fts MATCH: the terms of 3 characters or more */
  GString   *gram;      /* search_gram MATCH: the tokens of every term */
  gboolean   has_short; /* a term of 1–2 characters */
} SearchTerms;

static void
search_terms_clear (SearchTerms *terms)
{
  g_clear_pointer (&terms->likes, g_ptr_array_unref);
  g_clear_pointer (&terms->lowers, g_ptr_array_unref);
  if (terms->trigram != NULL)
    g_string_free (terms->trigram, TRUE);
  if (terms->gram != NULL)
    g_string_free (terms->gram, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchTerms, search_terms_clear)

/* Splits @text at ASCII white space. FALSE if it has no term. */
static gboolean
search_terms_init (SearchTerms *terms,
                   const char  *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n\r", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  terms->likes = g_ptr_array_new_with_free_func (g_free);
  terms->lowers = g_ptr_array_new_with_free_func (g_free);
  terms->trigram = g_string_new (NULL);
  terms->gram = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *term = words[i];
      GString *pattern;
      glong n_chars;

      if (*term == '\0')
        continue;

      pattern = g_string_new (NULL);
      append_like_pattern (pattern, term);
      g_ptr_array_add (terms->likes, g_string_free (pattern, FALSE));
      g_ptr_array_add (terms->lowers, g_ascii_strdown (term, -1));

      /* A term of 1–2 characters is one gram; a longer one is in every
       * document holding all its 2-character windows. */
      n_chars = g_utf8_strlen (term, -1);
      if (n_chars >= 3)
        append_fts_string (terms->trigram, term, -1);
      else
        terms->has_short = TRUE;

      if (n_chars <= 2)
        add_gram_tokens (terms->gram, seen, term, strlen (term));
      else
        for (const char *p = term; *g_utf8_next_char (p) != '\0'; p = g_utf8_next_char (p))
          {
            const char *end = g_utf8_next_char (g_utf8_next_char (p));

            add_gram_tokens (terms->gram, seen, p, (gsize) (end - p));
          }
    }

  return terms->likes->len > 0;
}

/* The first instant of a Beijing day, Unix ms. */
static gint64
beijing_day_start (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new (dd_time_zone_beijing (), g_date_get_year (date),
                                             g_date_get_month (date), g_date_get_day (date), 0, 0, 0);

  return g_date_time_to_unix (dt) * 1000;
}

/* The database's spellings, by #DdGrade and #DdIncidentStatus. */
static const char * const grade_db_names[] = { "", "I", "II", "III", "IV" };
static const char * const status_db_names[] = { "open", "closed" };

/* @prefix, then the quoted names whose bit is set in @bits, then ')'.
 * The names are the code's own: nothing to escape. */
static void
append_in_list (GString            *sql,
                const char         *prefix,
                guint               bits,
                const char * const *names,
                guint               n_names)
{
  const char *sep = "";

  g_string_append (sql, prefix);
  for (guint i = 0; i < n_names; i++)
    if (bits & (1u << i))
      {
        g_string_append_printf (sql, "%s'%s'", sep, names[i]);
        sep = ", ";
      }
  g_string_append_c (sql, ')');
}

/* Appends the conditions of @filter's days on the column @at
 * (parameters :from, :to). */
static void
append_days_sql (GString              *sql,
                 const char           *at,
                 const DdSearchFilter *filter)
{
  if (filter->from != NULL)
    g_string_append_printf (sql, " AND %s >= :from", at);
  if (filter->to != NULL)
    g_string_append_printf (sql, " AND %s < :to", at);
}

/* Appends the WHERE conditions of @kinds and @filter on search_doc d
 * (" AND …", parameters :from, :to, :category, :division). */
static void
append_filter_sql (GString              *sql,
                   guint                 kinds,
                   const DdSearchFilter *filter)
{
  gboolean about_incident;

  if (kinds != (1u << DD_N_SEARCH_KINDS) - 1)
    append_in_list (sql, " AND d.kind IN (", kinds, search_kind_names, DD_N_SEARCH_KINDS);

  append_days_sql (sql, "d.at", filter);

  about_incident = filter->grades != 0 || filter->category != NULL ||
                   filter->division != NULL || filter->statuses != 0;
  if (!about_incident)
    return;

  /* (!= '': so that the partial index on incident_id serves.) */
  g_string_append (sql, " AND d.incident_id != '' AND d.incident_id IN (SELECT i.id FROM incidents i WHERE 1");
  if (filter->grades != 0)
    append_in_list (sql, " AND i.grade IN (", filter->grades, grade_db_names, G_N_ELEMENTS (grade_db_names));
  if (filter->statuses != 0)
    append_in_list (sql, " AND i.status IN (", filter->statuses, status_db_names, G_N_ELEMENTS (status_db_names));
  if (filter->category != NULL)
    g_string_append (sql, " AND i.subtype IN (SELECT value FROM json_each (:category))");
  if (filter->division != NULL)
    g_string_append (sql, " AND i.division IN (SELECT value FROM json_each (:division))");
  g_string_append_c (sql, ')');
}

/* A JSON array of the ids of the sub-types of @category in the shipped
 * taxonomy; %NULL if it has none. */
static char *
category_subtypes_json (const char *category)
{
  GListModel *taxonomy = G_LIST_MODEL (dd_taxonomy_get_default ());
  GString *out = g_string_new ("[");

  for (guint i = 0; i < g_list_model_get_n_items (taxonomy); i++)
    {
      g_autoptr(DdSubtype) subtype = g_list_model_get_item (taxonomy, i);

      /* Ids are of a-z, 0-9, '_' and '.': nothing to escape. */
      if (g_strcmp0 (dd_subtype_get_category (subtype), category) == 0)
        g_string_append_printf (out, "%s\"%s\"", out->len > 1 ? "," : "", dd_subtype_get_id (subtype));
    }
  g_string_append_c (out, ']');

  if (out->len == 2)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

static gboolean
check_search_filter (const DdSearchFilter  *filter,
                     GError               **error)
{
  if ((filter->from != NULL && !g_date_valid (filter->from)) ||
      (filter->to != NULL && !g_date_valid (filter->to)))
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Invalid date"));
      return FALSE;
    }
  if (filter->from != NULL && filter->to != NULL && g_date_compare (filter->from, filter->to) > 0)
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                           _("The first date is after the last"));
      return FALSE;
    }
  if (filter->grades >= (1u << G_N_ELEMENTS (grade_db_names)) ||
      filter->statuses >= (1u << G_N_ELEMENTS (status_db_names)))
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Invalid search filter"));
      return FALSE;
    }
  if (filter->division != NULL &&
      dd_division_table_lookup (dd_division_table_get_default (), filter->division) == NULL)
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("Unknown division “%s”"), filter->division);
      return FALSE;
    }

  return TRUE;
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *text)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    bind_text (stmt, index, text);
}

static void
bind_filter (sqlite3_stmt         *stmt,
             const DdSearchFilter *filter,
             const char           *category_json,
             const char           *division_json)
{
  int index;

  if (filter->from != NULL && (index = sqlite3_bind_parameter_index (stmt, ":from")) > 0)
    sqlite3_bind_int64 (stmt, index, beijing_day_start (filter->from));
  if (filter->to != NULL && (index = sqlite3_bind_parameter_index (stmt, ":to")) > 0)
    {
      GDate next = *filter->to;

      g_date_add_days (&next, 1);
      sqlite3_bind_int64 (stmt, index, beijing_day_start (&next));
    }
  if (category_json != NULL)
    bind_named_text (stmt, ":category", category_json);
  if (division_json != NULL)
    bind_named_text (stmt, ":division", division_json);
}

/* Whether the documents @filter leaves are fewer than
 * dd_store_get_search_filter_first(): then they are read first. */
static gboolean
filter_is_narrow (DdStore               *self,
                  guint                  kinds,
                  const DdSearchFilter  *filter,
                  const char            *category_json,
                  const char            *division_json,
                  gboolean              *narrow,
                  GError               **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM (SELECT 1 FROM search_doc d WHERE 1");
  sqlite3_stmt *stmt;
  int rc;

  append_filter_sql (sql, kinds, filter);
  g_string_append_printf (sql, " LIMIT %u)", dd_store_get_search_filter_first (self));

  if (!(stmt = dd_store_prepare (self, sql->str, error)))
    return FALSE;
  bind_filter (stmt, filter, category_json, division_json);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dd_store_set_error (self, error, rc, _("Could not search"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  *narrow = sqlite3_column_int64 (stmt, 0) < dd_store_get_search_filter_first (self);
  sqlite3_reset (stmt);

  return TRUE;
}

GPtrArray *
dd_store_search_filtered (DdStore               *self,
                          const char            *text,
                          guint                  kinds,
                          const DdSearchFilter  *filter,
                          guint                  limit,
                          GError               **error)
{
  static const DdSearchFilter none = { 0 };
  g_auto(SearchTerms) terms = { 0 };
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *category_json = NULL;
  g_autofree char *division_json = NULL;
  const char *source;
  const char *order;
  SearchPlan plan;
  sqlite3_stmt *stmt;
  gboolean has_filter;
  gboolean narrow = FALSE;
  int index;

  g_return_val_if_fail (DD_IS_STORE (self), NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID, _("Invalid search text"));
      return NULL;
    }
  if (filter == NULL)
    filter = &none;
  if (!check_search_filter (filter, error))
    return NULL;

  kinds &= (1u << DD_N_SEARCH_KINDS) - 1;
  if (kinds == 0)
    kinds = (1u << DD_N_SEARCH_KINDS) - 1;
  if (limit == 0)
    limit = 50;

  has_filter = filter->from != NULL || filter->to != NULL || filter->grades != 0 || filter->category != NULL ||
               filter->division != NULL || filter->statuses != 0;

  /* No term: every document matches, but only a filter lists them. */
  if (!search_terms_init (&terms, text) && !has_filter)
    return g_ptr_array_new_with_free_func (g_object_unref);

  if (filter->category != NULL && !(category_json = category_subtypes_json (filter->category)))
    {
      g_set_error (error, DD_STORE_ERROR, DD_STORE_ERROR_INVALID,
                   _("Unknown category “%s”"), filter->category);
      return NULL;
    }
  if (filter->division != NULL)
    division_json = dd_store_division_subtree_json (filter->division);

  /* A filter that leaves few documents is read first; otherwise a text
   * index gives the candidates, newest first, and the filter is checked
   * on each. */
  if (has_filter &&
      !filter_is_narrow (self, kinds, filter, category_json, division_json, &narrow, error))
    return NULL;

  if (narrow)
    plan = SEARCH_PLAN_FILTER;
  else if (terms.likes->len == 0)
    plan = SEARCH_PLAN_SCAN;
  else if (!terms.has_short)
    plan = SEARCH_PLAN_TRIGRAM;
  else if (terms.gram->len > 0)
    plan = SEARCH_PLAN_GRAM;
  else
    plan = SEARCH_PLAN_SCAN;

  switch (plan)
    {
    case SEARCH_PLAN_TRIGRAM:
      source = "incident_fts f CROSS JOIN search_doc d ON d.rowid = f.rowid"
               " WHERE incident_fts MATCH :match";
      order = "f.rowid";
      break;

    case SEARCH_PLAN_GRAM:
      source = "search_gram g CROSS JOIN search_doc d ON d.rowid = g.rowid"
               " CROSS JOIN incident_fts f ON f.rowid = g.rowid"
               " WHERE search_gram MATCH :match";
      order = "g.rowid";
      break;

    case SEARCH_PLAN_FILTER:
      /* Materialized apart, the filter is read through its own indexes
       * (of days, of incidents), not in rowid order over every document. */
      g_string_append (sql, "WITH cand (r) AS MATERIALIZED (SELECT d.rowid FROM search_doc d WHERE 1");
      append_filter_sql (sql, kinds, filter);
      g_string_append (sql, ") ");
      source = "cand c CROSS JOIN search_doc d ON d.rowid = c.r"
               " CROSS JOIN incident_fts f ON f.rowid = d.rowid WHERE 1";
      order = "d.rowid";
      break;

    case SEARCH_PLAN_SCAN:
    default:
      source = "search_doc d CROSS JOIN incident_fts f ON f.rowid = d.rowid WHERE 1";
      /* Without text, days in the past are read through the index of
       * days, newest first, not by passing over every later document. */
      order = terms.likes->len == 0 && has_filter && (filter->from != NULL || filter->to != NULL)
              ? "d.at" : "d.rowid";
      break;
    }

  /* The candidates: the newest matching documents (the window); then the
   * best of them: the share of the text that is the terms. */
  g_string_append (sql, "SELECT kind, id, incident_id, text, at FROM ("
                        "SELECT d.kind AS kind, d.id AS id, d.incident_id AS incident_id,"
                        " f.text AS text, d.at AS at, d.rowid AS r, (0");
  /* (Named parameters only: a numbered one after the CTE's named ones
   * would share their numbers.) */
  for (guint i = 0; i < terms.lowers->len; i++)
    g_string_append_printf (sql, " + length (f.text) - length (replace (lower (f.text), :term%u, ''))", i);
  g_string_append_printf (sql, ") * 1.0 / max (length (f.text), 1) AS score FROM %s", source);
  for (guint i = 0; i < terms.likes->len; i++)
    g_string_append_printf (sql, " AND f.text LIKE :like%u ESCAPE '\\'", i);
  if ((plan == SEARCH_PLAN_TRIGRAM || plan == SEARCH_PLAN_GRAM) && has_filter &&
      (filter->from != NULL || filter->to != NULL))
    {
      /* The index's matches come newest first: bounded by the rowids of
       * the days asked for, it starts at the last of them instead of
       * passing over every later match. */
      g_string_append_printf (sql, " AND %s BETWEEN (SELECT min (rowid) FROM search_doc WHERE 1", order);
      append_days_sql (sql, "at", filter);
      g_string_append (sql, ") AND (SELECT max (rowid) FROM search_doc WHERE 1");
      append_days_sql (sql, "at", filter);
      g_string_append_c (sql, ')');
    }
  if (plan != SEARCH_PLAN_FILTER)
    append_filter_sql (sql, kinds, filter);
  g_string_append_printf (sql, " ORDER BY %s DESC LIMIT :window)"
                               " ORDER BY score DESC, at DESC, r DESC LIMIT :limit", order);

  if (!(stmt = dd_store_prepare (self, sql->str, error)))
    return NULL;

  for (guint i = 0; i < terms.likes->len; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, ":like%u", i);
      bind_named_text (stmt, name, g_ptr_array_index (terms.likes, i));
      g_snprintf (name, sizeof name, ":term%u", i);
      bind_named_text (stmt, name, g_ptr_array_index (terms.lowers, i));
    }
  if (plan == SEARCH_PLAN_TRIGRAM)
    bind_named_text (stmt, ":match", terms.trigram->str);
  else if (plan == SEARCH_PLAN_GRAM)
    bind_named_text (stmt, ":match", terms.gram->str);
  bind_filter (stmt, filter, category_json, division_json);
  index = sqlite3_bind_parameter_index (stmt, ":window");
  sqlite3_bind_int64 (stmt, index, MAX (500, (gint64) limit * 10));
  index = sqlite3_bind_parameter_index (stmt, ":limit");
  sqlite3_bind_int64 (stmt, index, limit);

  return collect_rows (self, stmt, (RowFunc) hit_from_row, error);
}

GPtrArray *
dd_store_search_incidents (DdStore     *self,
                           const char  *text,
                           guint        kinds,
                           guint        limit,
                           GError     **error)
{
  return dd_store_search_filtered (self, text, kinds, NULL, limit, error);
}

/* ------------------------------------------------------------------ async */

typedef struct
{
  DdIncidentRules  *rules;
  DdCallInput       call;
  char             *strings[6];
  DdIncidentEvent  *event;
  char             *key;
  gint64            at;
  gboolean          flag;
  DdIncidentFilter  filter;
  GDate             from;
  GDate             to;
  guint             kinds;
  guint             limit;
  DdSearchFilter    search;
} JobData;

static void
job_data_free (gpointer data)
{
  JobData *d = data;

  g_clear_pointer (&d->rules, dd_incident_rules_unref);
  for (guint i = 0; i < G_N_ELEMENTS (d->strings); i++)
    g_free (d->strings[i]);
  g_clear_pointer (&d->event, dd_incident_event_free);
  g_free (d->key);
  g_free (d);
}

static JobData *
job_data_new (DdIncidentRules *rules)
{
  JobData *d = g_new0 (JobData, 1);

  if (rules != NULL)
    d->rules = dd_incident_rules_ref (rules);

  return d;
}

static void
ptr_array_unref (gpointer data)
{
  g_ptr_array_unref (data);
}

static gpointer
log_call_job (DdStore   *store,
              gpointer   data,
              GError   **error)
{
  JobData *d = data;

  return dd_store_log_call (store, d->rules, &d->call, d->event, error);
}

void
dd_store_service_log_call_async (DdStoreService        *service,
                                 DdIncidentRules       *rules,
                                 const DdCallInput     *call,
                                 const DdIncidentEvent *event,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  JobData *d = job_data_new (rules);

  d->call = *call;
  d->call.caller_name = d->strings[0] = g_strdup (call->caller_name);
  d->call.caller_unit = d->strings[1] = g_strdup (call->caller_unit);
  d->call.caller_phone = d->strings[2] = g_strdup (call->caller_phone);
  d->call.summary = d->strings[3] = g_strdup (call->summary);
  d->call.officer_id = d->strings[4] = g_strdup (call->officer_id);
  d->call.incident_id = d->strings[5] = g_strdup (call->incident_id);
  d->event = event != NULL ? dd_incident_event_copy (event) : NULL;

  dd_store_service_run_async (service, log_call_job, d, job_data_free, g_object_unref, TRUE,
                              cancellable, callback, user_data);
}

DdCall *
dd_store_service_log_call_finish (DdStoreService  *service,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
add_event_job (DdStore   *store,
               gpointer   data,
               GError   **error)
{
  JobData *d = data;

  return dd_store_add_incident_event (store, d->rules, d->event, error);
}

void
dd_store_service_add_incident_event_async (DdStoreService        *service,
                                           DdIncidentRules       *rules,
                                           const DdIncidentEvent *event,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data)
{
  JobData *d = job_data_new (rules);

  d->event = dd_incident_event_copy (event);

  dd_store_service_run_async (service, add_event_job, d, job_data_free, g_object_unref, TRUE,
                              cancellable, callback, user_data);
}

DdIncidentSummary *
dd_store_service_add_incident_event_finish (DdStoreService  *service,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
get_incident_job (DdStore   *store,
                  gpointer   data,
                  GError   **error)
{
  JobData *d = data;

  return dd_store_get_incident (store, d->rules, d->key, d->at, error);
}

void
dd_store_service_get_incident_async (DdStoreService      *service,
                                     DdIncidentRules     *rules,
                                     const char          *id_or_number,
                                     gint64               at,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JobData *d = job_data_new (rules);

  d->key = g_strdup (id_or_number);
  d->at = at;

  dd_store_service_run_async (service, get_incident_job, d, job_data_free,
                              (GDestroyNotify) dd_incident_detail_free, FALSE,
                              cancellable, callback, user_data);
}

DdIncidentDetail *
dd_store_service_get_incident_finish (DdStoreService  *service,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
list_incidents_job (DdStore   *store,
                    gpointer   data,
                    GError   **error)
{
  JobData *d = data;

  return dd_store_list_incidents (store, &d->filter, error);
}

void
dd_store_service_list_incidents_async (DdStoreService         *service,
                                       const DdIncidentFilter *filter,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data)
{
  JobData *d = job_data_new (NULL);

  if (filter != NULL)
    {
      d->filter = *filter;
      if (filter->from != NULL)
        {
          d->from = *filter->from;
          d->filter.from = &d->from;
        }
      if (filter->to != NULL)
        {
          d->to = *filter->to;
          d->filter.to = &d->to;
        }
    }

  dd_store_service_run_async (service, list_incidents_job, d, job_data_free, ptr_array_unref,
                              FALSE, cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_list_incidents_finish (DdStoreService  *service,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
list_clocks_job (DdStore   *store,
                 gpointer   data,
                 GError   **error)
{
  JobData *d = data;

  return dd_store_list_incident_clocks (store, d->rules, d->at, d->flag, error);
}

void
dd_store_service_list_incident_clocks_async (DdStoreService      *service,
                                             DdIncidentRules     *rules,
                                             gint64               at,
                                             gboolean             include_closed,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  JobData *d = job_data_new (rules);

  d->at = at;
  d->flag = include_closed;

  dd_store_service_run_async (service, list_clocks_job, d, job_data_free, ptr_array_unref,
                              FALSE, cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_list_incident_clocks_finish (DdStoreService  *service,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}

static gpointer
search_job (DdStore   *store,
            gpointer   data,
            GError   **error)
{
  JobData *d = data;

  return dd_store_search_filtered (store, d->key, d->kinds, &d->search, d->limit, error);
}

void
dd_store_service_search_incidents_async (DdStoreService       *service,
                                         const char           *text,
                                         guint                 kinds,
                                         const DdSearchFilter *filter,
                                         guint                 limit,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  JobData *d = job_data_new (NULL);

  d->key = g_strdup (text);
  d->kinds = kinds;
  d->limit = limit;
  if (filter != NULL)
    {
      d->search = *filter;
      if (filter->from != NULL)
        {
          d->from = *filter->from;
          d->search.from = &d->from;
        }
      if (filter->to != NULL)
        {
          d->to = *filter->to;
          d->search.to = &d->to;
        }
      d->search.category = d->strings[0] = g_strdup (filter->category);
      d->search.division = d->strings[1] = g_strdup (filter->division);
    }

  dd_store_service_run_async (service, search_job, d, job_data_free, ptr_array_unref,
                              FALSE, cancellable, callback, user_data);
}

GPtrArray *
dd_store_service_search_incidents_finish (DdStoreService  *service,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return dd_store_service_run_finish (service, result, error);
}
