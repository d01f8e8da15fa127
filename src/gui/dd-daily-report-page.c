/* dd-daily-report-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-daily-report-page.h"

#include <glib/gi18n.h>

#include "dd-duty-date.h"
#include "dd-duty-defaults.h"
#include "dd-duty-log-store.h"
#include "dd-gui-util.h"
#include "dd-reporting-ui.h"

struct _DdDailyReportPage
{
  AdwBin               parent_instance;

  DdStoreService      *service;
  GCancellable        *cancellable;
  DdIncidentRules     *rules;
  gint64               now_override_ms;
  GDate                day;          /* invalid: the current duty day */
  DdDailyReport       *report;
  guint                loading : 1;
  guint                loaded : 1;
  guint                dirty : 1;

  /* Template widgets */
  GtkEntry            *day_entry;
  GtkLabel            *range_label;
  GtkLabel            *error_label;
  GtkButton           *print_button;
  AdwPreferencesGroup *calls_group;
  GtkListBox          *calls_list;
  AdwPreferencesGroup *incidents_group;
  GtkListBox          *incidents_list;
  AdwPreferencesGroup *reports_group;
  GtkListBox          *reports_list;
  AdwPreferencesGroup *instructions_group;
  GtkListBox          *instructions_list;
  AdwPreferencesGroup *handovers_group;
  GtkListBox          *handovers_list;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdDailyReportPage, dd_daily_report_page, ADW_TYPE_BIN)

typedef struct
{
  DdIncidentRules *rules;
  GDate            day;
  gint64           at;
} Request;

static void
request_free (Request *request)
{
  g_clear_pointer (&request->rules, dd_incident_rules_unref);
  g_free (request);
}

static void dd_daily_report_page_reload (DdDailyReportPage *self);

static gint64
dd_daily_report_page_now_ms (DdDailyReportPage *self)
{
  if (self->now_override_ms != 0)
    return self->now_override_ms;

  return g_get_real_time () / 1000;
}

/* The report of the requested day, or of the duty day of the request's
 * instant (cut at the desk's handover time). */
static gpointer
build_report_job (DdStore   *store,
                  gpointer   data,
                  GError   **error)
{
  Request *request = data;
  GDate day = request->day;

  if (!g_date_valid (&day))
    {
      guint minute = 0;

      /* A desk without shift templates cuts its days at midnight. */
      if (!dd_store_get_handover_minute (store, &minute, NULL))
        minute = 0;
      dd_duty_day_of (request->at, minute, &day);
    }

  return dd_store_build_daily_report (store, request->rules, &day, request->at, error);
}

static GtkWidget *
create_count_row (const char    *name,
                  const char    *title,
                  const char    *subtitle,
                  guint          count,
                  DdClockStatus  status)
{
  g_autofree char *text = g_strdup_printf ("%u", count);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_name (label, "daily-count");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "heading");
  if (count > 0)
    dd_gui_style_clock_status (label, status);
  else
    gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  return row;
}

static char *
describe_grades (const DdDailyCount *count)
{
  static const DdGrade order[] = { DD_GRADE_I, DD_GRADE_II, DD_GRADE_III, DD_GRADE_IV, DD_GRADE_NONE };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (count->counts[order[i]] == 0)
        continue;
      if (text->len > 0)
        /* Translators: between items in a list */
        g_string_append (text, _(", "));
      /* Translators: %1$s is a grade (Grade IV), %2$u how many incidents */
      g_string_append_printf (text, _("%1$s: %2$u"), dd_grade_get_label (order[i]), count->counts[order[i]]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_group_count (AdwPreferencesGroup *group,
                 char                *description)
{
  adw_preferences_group_set_description (group, description);
  g_free (description);
}

static void
dd_daily_report_page_show_report (DdDailyReportPage *self)
{
  const DdDailyReport *report = self->report;
  gint64 now_ms = dd_daily_report_page_now_ms (self);
  static const DdClockStatus statuses[] = {
    DD_CLOCK_STATUS_MET, DD_CLOCK_STATUS_LATE, DD_CLOCK_STATUS_OVERDUE,
    DD_CLOCK_STATUS_DUE_SOON, DD_CLOCK_STATUS_PENDING,
  };
  guint n_reports = 0;

  dd_gui_list_box_remove_all (self->calls_list);
  dd_gui_list_box_remove_all (self->incidents_list);
  dd_gui_list_box_remove_all (self->reports_list);
  dd_gui_list_box_remove_all (self->instructions_list);
  dd_gui_list_box_remove_all (self->handovers_list);

  if (report == NULL)
    return;

  /* Calls by channel */
  set_group_count (self->calls_group,
                   g_strdup_printf (ngettext ("%u call received", "%u calls received", report->n_calls),
                                    report->n_calls));
  for (guint i = 0; i < report->channels->len; i++)
    {
      const DdDailyCount *count = g_ptr_array_index (report->channels, i);

      gtk_list_box_append (self->calls_list,
                           create_count_row ("daily-channel", count->label, NULL, count->total,
                                             DD_CLOCK_STATUS_PENDING));
    }

  /* Incidents by category and grade */
  set_group_count (self->incidents_group,
                   g_strdup_printf (ngettext ("%u incident received", "%u incidents received",
                                              report->n_incidents),
                                    report->n_incidents));
  for (guint i = 0; i < report->categories->len; i++)
    {
      const DdDailyCount *count = g_ptr_array_index (report->categories, i);
      g_autofree char *grades = describe_grades (count);

      gtk_list_box_append (self->incidents_list,
                           create_count_row ("daily-category", count->label, grades, count->total,
                                             DD_CLOCK_STATUS_PENDING));
    }

  /* Reports made and the deadlines' timeliness */
  for (guint k = 0; k < G_N_ELEMENTS (report->n_reports); k++)
    {
      n_reports += report->n_reports[k];
      gtk_list_box_append (self->reports_list,
                           create_count_row ("daily-report-kind", dd_report_kind_get_label ((DdReportKind) k),
                                             NULL, report->n_reports[k], DD_CLOCK_STATUS_PENDING));
    }
  for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
    {
      g_autofree char *title = NULL;

      /* Translators: a row of the daily report: deadlines with a status (Overdue) */
      title = g_strdup_printf (_("Deadlines: %s"), dd_clock_status_get_label (statuses[s]));
      gtk_list_box_append (self->reports_list,
                           create_count_row ("daily-deadline", title, NULL,
                                             report->n_clocks[statuses[s]], statuses[s]));
    }
  set_group_count (self->reports_group,
                   g_strdup_printf (ngettext ("%1$u report made; %2$u deadline",
                                              "%1$u reports made; %2$u deadlines",
                                              report->clocks->len),
                                    n_reports, report->clocks->len));

  /* Instructions */
  set_group_count (self->instructions_group,
                   g_strdup_printf (ngettext ("%u instruction", "%u instructions", report->instructions->len),
                                    report->instructions->len));
  for (guint i = 0; i < report->instructions->len; i++)
    {
      const DdInstruction *instruction = g_ptr_array_index (report->instructions, i);
      DdClockStatus status = g_array_index (report->instruction_status, guint, i);
      g_autofree char *issued = dd_gui_format_time_near (instruction->issued_at, now_ms);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (dd_gui_instruction_status_label (status));

      /* Translators: %1$s is the leader, %2$s when the instruction was given */
      subtitle = g_strdup_printf (_("%1$s at %2$s"), instruction->issued_by, issued);
      gtk_widget_set_name (row, "daily-instruction");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), instruction->text);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (label, "daily-instruction-status");
      gtk_widget_add_css_class (label, "heading");
      dd_gui_style_clock_status (label, status);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->instructions_list, row);
    }

  /* Handovers and their notes */
  set_group_count (self->handovers_group,
                   g_strdup_printf (ngettext ("%u handover signed", "%u handovers signed", report->handovers->len),
                                    report->handovers->len));
  for (guint i = 0; i < report->handovers->len; i++)
    {
      const DdHandover *handover = g_ptr_array_index (report->handovers, i);
      g_autofree char *when = dd_gui_format_time_near (handover->signed_at, now_ms);
      g_autofree char *title = NULL;
      g_autofree char *items = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label;

      /* Translators: a handover: %1$s when, %2$s the outgoing and %3$s the incoming officer */
      title = g_strdup_printf (_("%1$s  %2$s → %3$s"), when, handover->outgoing, handover->incoming);
      items = g_strdup_printf (ngettext ("%u item", "%u items", handover->items->len), handover->items->len);
      gtk_widget_set_name (row, "daily-handover");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   handover->note != NULL && handover->note[0] != '\0'
                                   ? handover->note : _("No notes"));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      label = gtk_label_new (items);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->handovers_list, row);
    }
}

static void
dd_daily_report_page_show_day (DdDailyReportPage *self)
{
  g_autofree char *text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *range = NULL;

  if (self->report == NULL)
    return;

  text = dd_duty_date_to_string (&self->report->day);
  gtk_editable_set_text (GTK_EDITABLE (self->day_entry), text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->day_entry), "error");

  from = dd_gui_format_instant (self->report->from);
  to = dd_gui_format_instant (self->report->to);
  /* Translators: the span of a duty day, from one handover to the next */
  range = g_strdup_printf (_("%s – %s"), from, to);
  gtk_label_set_text (self->range_label, range);
}

static void
on_build_report_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DdDailyReportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  DdDailyReport *report;

  report = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;

  if (report == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Could not build the daily report: %s"), error->message);
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      g_clear_pointer (&self->report, dd_daily_report_free);
      self->report = report;
      dd_daily_report_page_show_day (self);
      dd_daily_report_page_show_report (self);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), self->report != NULL);
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  if (self->dirty)
    dd_daily_report_page_reload (self);
}

static void
dd_daily_report_page_reload (DdDailyReportPage *self)
{
  g_autoptr(GError) error = NULL;
  Request *request;

  if (self->service == NULL)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->loading)
    {
      self->dirty = TRUE;
      return;
    }

  if (self->rules == NULL)
    self->rules = dd_reporting_ui_load_rules ();

  self->dirty = FALSE;
  self->loading = TRUE;
  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  request = g_new0 (Request, 1);
  request->rules = dd_incident_rules_ref (self->rules);
  request->day = self->day;
  request->at = dd_daily_report_page_now_ms (self);
  dd_store_service_run_async (self->service, build_report_job,
                              request, (GDestroyNotify) request_free,
                              (GDestroyNotify) dd_daily_report_free, FALSE,
                              self->cancellable, on_build_report_cb, g_object_ref (self));
}

static void
move_day (DdDailyReportPage *self,
          int                days)
{
  GDate day;

  if (self->report == NULL)
    return;

  day = self->report->day;
  if (days < 0)
    g_date_subtract_days (&day, (guint) -days);
  else
    g_date_add_days (&day, (guint) days);
  dd_daily_report_page_set_day (self, &day);
}

static void
on_prev_button_clicked_cb (GtkButton         *button,
                           DdDailyReportPage *self)
{
  move_day (self, -1);
}

static void
on_next_button_clicked_cb (GtkButton         *button,
                           DdDailyReportPage *self)
{
  move_day (self, 1);
}

static void
on_current_button_clicked_cb (GtkButton         *button,
                              DdDailyReportPage *self)
{
  dd_daily_report_page_set_day (self, NULL);
}

static void
on_day_entry_activate_cb (GtkEntry          *entry,
                          DdDailyReportPage *self)
{
  GDate day;

  g_date_clear (&day, 1);
  if (!dd_duty_date_parse (gtk_editable_get_text (GTK_EDITABLE (entry)), &day))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      dd_gui_add_toast (GTK_WIDGET (self), _("Type the duty day as YYYY-MM-DD"));
      return;
    }

  dd_daily_report_page_set_day (self, &day);
}

static void
on_print_button_clicked_cb (GtkButton         *button,
                            DdDailyReportPage *self)
{
  g_autoptr(GError) error = NULL;

  if (dd_daily_report_page_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is why printing failed */
      message = g_strdup_printf (_("Could not print the daily report: %s"), error->message);
      dd_gui_add_toast (GTK_WIDGET (self), message);
    }
}

static void
on_service_changed_cb (DdStoreService    *service,
                       DdDailyReportPage *self)
{
  dd_daily_report_page_reload (self);
}

static void
on_map_cb (GtkWidget         *widget,
           DdDailyReportPage *self)
{
  if (self->dirty || !self->loaded)
    dd_daily_report_page_reload (self);
}

static GtkWidget *
create_placeholder (void)
{
  GtkWidget *label = gtk_label_new (_("None"));

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);

  return label;
}

static void
dd_daily_report_page_set_service (DdDailyReportPage *self,
                                  DdStoreService    *service)
{
  if (self->service == service)
    return;

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  g_set_object (&self->service, service);

  if (self->service != NULL)
    g_signal_connect_object (self->service, "changed",
                             G_CALLBACK (on_service_changed_cb), self, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
  self->loaded = FALSE;
  dd_daily_report_page_reload (self);
}

static void
dd_daily_report_page_dispose (GObject *object)
{
  DdDailyReportPage *self = DD_DAILY_REPORT_PAGE (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);
  g_clear_object (&self->service);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_DAILY_REPORT_PAGE);

  G_OBJECT_CLASS (dd_daily_report_page_parent_class)->dispose (object);
}

static void
dd_daily_report_page_finalize (GObject *object)
{
  DdDailyReportPage *self = DD_DAILY_REPORT_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->report, dd_daily_report_free);

  G_OBJECT_CLASS (dd_daily_report_page_parent_class)->finalize (object);
}

static void
dd_daily_report_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DdDailyReportPage *self = DD_DAILY_REPORT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, dd_daily_report_page_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_daily_report_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DdDailyReportPage *self = DD_DAILY_REPORT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_daily_report_page_set_service (self, g_value_get_object (value));
      break;

    case PROP_CANCELLABLE:
      if (g_set_object (&self->cancellable, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_daily_report_page_class_init (DdDailyReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_daily_report_page_dispose;
  object_class->finalize = dd_daily_report_page_finalize;
  object_class->get_property = dd_daily_report_page_get_property;
  object_class->set_property = dd_daily_report_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-daily-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, day_entry);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, calls_group);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, calls_list);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, incidents_group);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, incidents_list);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, reports_group);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, reports_list);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, instructions_group);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, instructions_list);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, handovers_group);
  gtk_widget_class_bind_template_child (widget_class, DdDailyReportPage, handovers_list);
  gtk_widget_class_bind_template_callback (widget_class, on_prev_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_current_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_day_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_print_button_clicked_cb);
}

static void
dd_daily_report_page_init (DdDailyReportPage *self)
{
  GtkListBox *lists[5];

  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->day, 1);
  lists[0] = self->calls_list;
  lists[1] = self->incidents_list;
  lists[2] = self->reports_list;
  lists[3] = self->instructions_list;
  lists[4] = self->handovers_list;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    gtk_list_box_set_placeholder (lists[i], create_placeholder ());

  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), self);
}

GtkWidget *
dd_daily_report_page_new (void)
{
  return g_object_new (DD_TYPE_DAILY_REPORT_PAGE, NULL);
}

void
dd_daily_report_page_set_now_override (DdDailyReportPage *self,
                                       gint64             now_ms)
{
  g_return_if_fail (DD_IS_DAILY_REPORT_PAGE (self));

  self->now_override_ms = now_ms;
  dd_daily_report_page_reload (self);
}

void
dd_daily_report_page_set_day (DdDailyReportPage *self,
                              const GDate       *day)
{
  g_return_if_fail (DD_IS_DAILY_REPORT_PAGE (self));
  g_return_if_fail (day == NULL || g_date_valid (day));

  if (day != NULL)
    self->day = *day;
  else
    g_date_clear (&self->day, 1);

  self->loaded = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  dd_daily_report_page_reload (self);
}

void
dd_daily_report_page_get_day (DdDailyReportPage *self,
                              GDate             *day)
{
  g_return_if_fail (DD_IS_DAILY_REPORT_PAGE (self));
  g_return_if_fail (day != NULL);

  if (self->report != NULL)
    *day = self->report->day;
  else
    *day = self->day;
}

gboolean
dd_daily_report_page_get_loaded (DdDailyReportPage *self)
{
  g_return_val_if_fail (DD_IS_DAILY_REPORT_PAGE (self), FALSE);

  return self->loaded && !self->loading;
}

const DdDailyReport *
dd_daily_report_page_get_report (DdDailyReportPage *self)
{
  g_return_val_if_fail (DD_IS_DAILY_REPORT_PAGE (self), NULL);

  return self->report;
}

DdDutyDocument *
dd_daily_report_page_build_document (DdDailyReportPage *self)
{
  g_autoptr(DdDutyDefaults) defaults = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DD_IS_DAILY_REPORT_PAGE (self), NULL);

  if (self->report == NULL)
    return NULL;
  if (!(defaults = dd_duty_defaults_load (&error)))
    g_error ("The shipped duty defaults are broken: %s", error->message);

  return dd_duty_document_new_daily_report (defaults->daily_report_title, self->report);
}

GtkPrintOperationResult
dd_daily_report_page_print (DdDailyReportPage        *self,
                            GtkPrintOperationAction   action,
                            const char               *export_path,
                            GError                  **error)
{
  g_autoptr(DdDutyDocument) document = NULL;

  g_return_val_if_fail (DD_IS_DAILY_REPORT_PAGE (self), GTK_PRINT_OPERATION_RESULT_ERROR);

  if (!(document = dd_daily_report_page_build_document (self)))
    {
      g_set_error_literal (error, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                           _("The daily report is not built yet"));
      return GTK_PRINT_OPERATION_RESULT_ERROR;
    }

  return dd_gui_print_duty_document (document, GTK_WIDGET (self), action, export_path, error);
}
