/* dd-calls-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-calls-page.h"

#include <glib/gi18n.h>

#include "dd-call-form.h"
#include "dd-duty-log-store.h"
#include "dd-gui-util.h"
#include "dd-incident-store.h"
#include "dd-incident-view.h"
#include "dd-paged-model.h"
#include "dd-receipt-badge.h"
#include "dd-reporting-ui.h"
#include "dd-search-filters.h"
#include "dd-taxonomy.h"
#include "dd-time.h"

#define PAGE_SIZE 100
/* The best hits of a text search shown; the newest rows of a list
 * filtered without text. */
#define SEARCH_LIMIT 100
#define FILTER_LIMIT 500

struct _DdCallsPage
{
  GtkWidget          parent_instance;

  DdStoreService    *service;
  GCancellable      *cancellable;
  GCancellable      *search_cancellable;
  DdIncidentRules   *rules;
  DdLevel            level;
  char              *draft_path;
  DdPagedModel      *paged;
  DdPagedModel      *calls_paged;
  GtkSingleSelection *calls_selection;
  guint              incident_order;
  guint              call_order;
  GListStore        *search_results;  /* DdIncidentSummary: the incidents filtered */
  GListStore        *call_results;    /* DdCall: the calls filtered */
  GListStore        *hits;            /* DdSearchHit: the results of a text search */
  GtkSingleSelection *hits_selection;
  GtkSingleSelection *selection;
  DdCallForm        *form;
  char              *selected_id;    /* kept across reloads of the list */
  GHashTable        *countdowns;     /* GtkLabel (bound) → NULL */
  guint              tick_id;
  gulong             changed_id;
  guint              search_pending : 1;
  guint              clocks_loading : 1;
  guint              clocks_stale : 1;

  /* The running reporting clocks: incident id → ClockWarning. */
  GHashTable        *warnings;
  gint64             default_warning_ms;

  /* Template widgets */
  GtkSearchEntry    *search_entry;
  GtkMenuButton     *filter_button;
  DdSearchFilters   *search_filters;
  GtkRevealer       *search_bar;
  GtkLabel          *search_status_label;
  GtkLabel          *filter_summary_label;
  GtkWidget         *clear_filters_button;
  GtkWidget         *list_toggles;
  GtkColumnView     *column_view;
  GtkColumnView     *calls_view;
  GtkColumnView     *results_view;
  GtkToggleButton   *calls_toggle;
  GtkWidget         *incidents_scroller;
  GtkWidget         *calls_scroller;
  GtkWidget         *results_scroller;
  GtkMenuButton     *sort_button;
  GMenuModel        *incident_order_menu;
  GMenuModel        *call_order_menu;
  DdIncidentView    *incident_view;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_CANCELLABLE,
  PROP_INCIDENT_ORDER,
  PROP_CALL_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DdCallsPage, dd_calls_page, GTK_TYPE_WIDGET)

typedef enum {
  COLUMN_NUMBER,
  COLUMN_RECEIVED,
  COLUMN_SUBTYPE,
  COLUMN_GRADE,
  COLUMN_STATUS,
  COLUMN_COUNTDOWN,
} Column;

typedef enum {
  CALL_COLUMN_RECEIVED,
  CALL_COLUMN_CHANNEL,
  CALL_COLUMN_CALLER,
  CALL_COLUMN_SUMMARY,
  CALL_COLUMN_OUTCOME,
} CallColumn;

typedef enum {
  HIT_COLUMN_KIND,
  HIT_COLUMN_TIME,
  HIT_COLUMN_TEXT,
} HitColumn;

/* What the list area shows. */
typedef enum {
  SEARCH_NONE,        /* the incidents or the calls, all of them */
  SEARCH_HITS,        /* the hits of a text search, of every kind */
  SEARCH_INCIDENTS,   /* no text, filters: the incidents they leave */
  SEARCH_CALLS,       /* no text, filters: the calls they leave */
} SearchMode;

/* The warning time of an incident's next reporting deadline. */
typedef struct {
  gint64 due_at;
  gint64 warn_at;
} ClockWarning;

/* The orders offered (the menus' targets), as the store knows them. */
typedef struct {
  const char *name;
  guint       order;
} NamedOrder;

static const NamedOrder incident_orders[] = {
  { "received-desc", DD_INCIDENT_ORDER_RECEIVED | DD_ORDER_DESCENDING },
  { "received", DD_INCIDENT_ORDER_RECEIVED },
  { "due", DD_INCIDENT_ORDER_DUE },
  { "grade", DD_INCIDENT_ORDER_GRADE },
  { "status", DD_INCIDENT_ORDER_STATUS },
  { "number", DD_INCIDENT_ORDER_NUMBER },
};

static const NamedOrder call_orders[] = {
  { "received-desc", DD_CALL_ORDER_RECEIVED | DD_ORDER_DESCENDING },
  { "received", DD_CALL_ORDER_RECEIVED },
  { "channel", DD_CALL_ORDER_CHANNEL },
  { "caller", DD_CALL_ORDER_CALLER },
  { "disposition", DD_CALL_ORDER_DISPOSITION },
};

static void dd_calls_page_update_tick (DdCallsPage *self);
static void dd_calls_page_reload (DdCallsPage *self);
static void dd_calls_page_refresh (DdCallsPage *self);
static void dd_calls_page_load_clocks (DdCallsPage *self);
static void dd_calls_page_reselect (DdCallsPage *self);
static SearchMode dd_calls_page_get_mode (DdCallsPage *self);

static const char *
order_name (const NamedOrder *orders,
            guint             n_orders,
            guint             order)
{
  for (guint i = 0; i < n_orders; i++)
    if (orders[i].order == order)
      return orders[i].name;

  return orders[0].name;
}

static gboolean
order_from_name (const NamedOrder *orders,
                 guint             n_orders,
                 const char       *name,
                 guint            *order)
{
  for (guint i = 0; i < n_orders; i++)
    if (g_strcmp0 (orders[i].name, name) == 0)
      {
        *order = orders[i].order;
        return TRUE;
      }

  return FALSE;
}

/* ------------------------------------------------------------------ rows */

/* From when the deadline @due_at of @summary is due soon: the warning
 * time of its clock by the reporting rules (a quarter of its limit, at
 * most 10 minutes, as data/rules/reporting.json says). Until the clocks
 * are read, the longest warning the rules give. */
static gint64
warn_at_for (DdCallsPage       *self,
             DdIncidentSummary *summary,
             gint64             due_at)
{
  ClockWarning *warning = g_hash_table_lookup (self->warnings, dd_incident_summary_get_id (summary));

  if (warning != NULL && warning->due_at == due_at)
    return warning->warn_at;

  return due_at - self->default_warning_ms;
}

static void
update_countdown_label (DdCallsPage *self,
                        GtkLabel    *label,
                        gint64       now_ms)
{
  DdIncidentSummary *summary = g_object_get_data (G_OBJECT (label), "summary");
  g_autofree char *text = NULL;
  gboolean overdue;
  gboolean due_soon;
  gint64 due_at = 0;

  if (summary != NULL && dd_incident_summary_get_status (summary) == DD_INCIDENT_STATUS_OPEN)
    due_at = dd_incident_summary_get_next_due_at (summary);

  text = dd_calls_page_format_countdown (due_at, now_ms);
  gtk_label_set_text (label, text);

  overdue = due_at > 0 && now_ms > due_at;
  due_soon = !overdue && due_at > 0 && now_ms >= warn_at_for (self, summary, due_at);
  if (gtk_widget_has_css_class (GTK_WIDGET (label), "error") != overdue)
    {
      if (overdue)
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
    }
  if (gtk_widget_has_css_class (GTK_WIDGET (label), "warning") != due_soon)
    {
      if (due_soon)
        gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
    }
}

static gboolean
on_tick_cb (gpointer user_data)
{
  DdCallsPage *self = user_data;
  gint64 now_ms = g_get_real_time () / 1000;
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->countdowns);
  /* Only shown rows: GTK 4.8's AT-SPI bridge warns about text changes
   * of labels whose accessible is not realized yet. */
  while (g_hash_table_iter_next (&iter, &label, NULL))
    if (gtk_widget_get_mapped (label))
      update_countdown_label (self, label, now_ms);

  return G_SOURCE_CONTINUE;
}

/* One timer for the visible rows, running only while one of them shows a
 * running clock. */
static void
dd_calls_page_update_tick (DdCallsPage *self)
{
  gboolean running = FALSE;
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->countdowns);
  while (!running && g_hash_table_iter_next (&iter, &label, NULL))
    {
      DdIncidentSummary *summary = g_object_get_data (G_OBJECT (label), "summary");

      running = summary != NULL &&
                dd_incident_summary_get_status (summary) == DD_INCIDENT_STATUS_OPEN &&
                dd_incident_summary_get_next_due_at (summary) > 0;
    }

  if (running && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, on_tick_cb, self);
  else if (!running)
    g_clear_handle_id (&self->tick_id, g_source_remove);

  /* The warning times of the clocks shown. */
  if (running && self->clocks_stale)
    dd_calls_page_load_clocks (self);
}

static void
on_clocks_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DdCallsPage) self = user_data;
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GPtrArray) running = NULL;
  g_autoptr(GError) error = NULL;

  details = dd_store_service_list_incident_clocks_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->clocks_loading = FALSE;
  if (details == NULL)
    {
      g_debug ("Could not read the reporting clocks: %s", error->message);
      return;
    }

  /* Most urgent first: an incident's first is its next deadline. */
  g_hash_table_remove_all (self->warnings);
  running = dd_reporting_ui_collect_running (details, NULL);
  for (guint i = 0; i < running->len; i++)
    {
      const DdRunningClock *clock = g_ptr_array_index (running, i);
      ClockWarning *warning;

      if (g_hash_table_contains (self->warnings, clock->clock->incident_id))
        continue;
      warning = g_new (ClockWarning, 1);
      warning->due_at = clock->clock->due_at;
      warning->warn_at = clock->clock->warn_at;
      g_hash_table_insert (self->warnings, g_strdup (clock->clock->incident_id), warning);
    }

  if (self->clocks_stale)
    dd_calls_page_load_clocks (self);
  else
    on_tick_cb (self);
}

static void
dd_calls_page_load_clocks (DdCallsPage *self)
{
  if (self->service == NULL || self->clocks_loading)
    return;

  self->clocks_loading = TRUE;
  self->clocks_stale = FALSE;
  dd_store_service_list_incident_clocks_async (self->service, self->rules, 0, FALSE,
                                               self->cancellable, on_clocks_cb, g_object_ref (self));
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* The number is read out on the phone: never cut. */
  if (GPOINTER_TO_INT (user_data) != COLUMN_NUMBER)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (user_data) == COLUMN_COUNTDOWN || GPOINTER_TO_INT (user_data) == COLUMN_NUMBER)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  DdCallsPage *self = g_object_get_data (G_OBJECT (factory), "page");
  DdIncidentSummary *summary = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch ((Column) GPOINTER_TO_INT (user_data))
    {
    case COLUMN_NUMBER:
      gtk_label_set_text (label, dd_incident_summary_get_number (summary));
      break;

    case COLUMN_RECEIVED:
      text = dd_gui_format_ms (dd_incident_summary_get_received_at (summary), "%m-%d %H:%M");
      gtk_label_set_text (label, text);
      break;

    case COLUMN_SUBTYPE:
      gtk_label_set_text (label, dd_taxonomy_get_name (dd_taxonomy_get_default (),
                                                       dd_incident_summary_get_subtype (summary)));
      break;

    case COLUMN_GRADE:
      if (*dd_incident_summary_get_id (summary) == '\0')
        gtk_label_set_text (label, "");
      else if (dd_incident_summary_get_grade (summary) == DD_GRADE_NONE)
        gtk_label_set_text (label, _("To be set"));
      else
        gtk_label_set_text (label, dd_grade_get_label (dd_incident_summary_get_grade (summary)));
      break;

    case COLUMN_STATUS:
      gtk_label_set_text (label, *dd_incident_summary_get_id (summary) == '\0' ? "" :
                          dd_incident_status_get_label (dd_incident_summary_get_status (summary)));
      break;

    case COLUMN_COUNTDOWN:
      g_object_set_data_full (G_OBJECT (label), "summary", g_object_ref (summary), g_object_unref);
      g_hash_table_add (self->countdowns, label);
      update_countdown_label (self, label, g_get_real_time () / 1000);
      dd_calls_page_update_tick (self);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  DdCallsPage *self = g_object_get_data (G_OBJECT (factory), "page");
  GtkWidget *label = gtk_list_item_get_child (item);

  if (GPOINTER_TO_INT (user_data) != COLUMN_COUNTDOWN)
    return;

  g_hash_table_remove (self->countdowns, label);
  g_object_set_data (G_OBJECT (label), "summary", NULL);
  dd_calls_page_update_tick (self);
}

static void
add_column (DdCallsPage *self,
            Column       column,
            const char  *title,
            gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "page", self);
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

static void
on_call_factory_setup_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *item,
                          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

/* What became of a call: its incident's number, or why it is none. */
static const char *
call_outcome (DdCall *call)
{
  if (dd_call_get_disposition (call) == DD_CALL_DISPOSITION_NON_INCIDENT)
    return dd_non_incident_reason_get_label (dd_call_get_non_incident_reason (call));

  return dd_call_get_incident_number (call) != NULL ? dd_call_get_incident_number (call) : "";
}

static void
on_call_factory_bind_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item,
                         gpointer                  user_data)
{
  DdCall *call = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  if (*dd_call_get_id (call) == '\0')
    {
      gtk_label_set_text (label, "");   /* not loaded yet */
      return;
    }

  switch ((CallColumn) GPOINTER_TO_INT (user_data))
    {
    case CALL_COLUMN_RECEIVED:
      text = dd_gui_format_ms (dd_call_get_received_at (call), "%m-%d %H:%M");
      break;

    case CALL_COLUMN_CHANNEL:
      text = g_strdup (dd_call_channel_get_label (dd_call_get_channel (call)));
      break;

    case CALL_COLUMN_CALLER:
      text = g_strjoin (" ", dd_call_get_caller_name (call), dd_call_get_caller_unit (call),
                        dd_call_get_caller_phone (call), NULL);
      g_strstrip (text);
      break;

    case CALL_COLUMN_SUMMARY:
      text = g_strdup (dd_call_get_summary (call));
      break;

    case CALL_COLUMN_OUTCOME:
      text = g_strdup (call_outcome (call));
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (label, text);
}

static void
add_call_column (DdCallsPage *self,
                 CallColumn   column,
                 const char  *title,
                 gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (on_call_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_call_factory_bind_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->calls_view, view_column);
  g_object_unref (view_column);
}

/* Each call's way to the provincial server: an icon, said in words in its
 * tooltip and accessible label. */
static void
on_receipt_factory_setup_cb (GtkSignalListItemFactory *factory,
                             GtkListItem              *item,
                             gpointer                  user_data)
{
  gtk_list_item_set_child (item, dd_receipt_badge_new ());
}

static void
on_receipt_factory_bind_cb (GtkSignalListItemFactory *factory,
                            GtkListItem              *item,
                            DdCallsPage              *self)
{
  DdCall *call = gtk_list_item_get_item (item);

  /* rows not loaded yet have no id: nothing is shown */
  if (self->service != NULL)
    dd_receipt_badge_set_record (DD_RECEIPT_BADGE (gtk_list_item_get_child (item)),
                                 dd_receipt_tracker_get_for_service (self->service),
                                 "call", dd_call_get_id (call));
}

static void
on_receipt_factory_unbind_cb (GtkSignalListItemFactory *factory,
                              GtkListItem              *item,
                              gpointer                  user_data)
{
  dd_receipt_badge_set_record (DD_RECEIPT_BADGE (gtk_list_item_get_child (item)), NULL, NULL, NULL);
}

static void
add_receipt_column (DdCallsPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (on_receipt_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_receipt_factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_receipt_factory_unbind_cb), NULL);

  /* Translators: the column of the calls list saying whether the
   * provincial server has each call */
  view_column = gtk_column_view_column_new (_("Receipt"), factory);
  gtk_column_view_append_column (self->calls_view, view_column);
  g_object_unref (view_column);
}

/* What a hit is, in the results' Kind column and the details' heading. */
static const char *
search_kind_label (DdSearchKind kind)
{
  switch (kind)
    {
    case DD_SEARCH_KIND_CALL:
      return C_("search hit", "Call");

    case DD_SEARCH_KIND_INCIDENT:
      return C_("search hit", "Incident");

    case DD_SEARCH_KIND_EVENT:
      /* Translators: a search hit in what was added to an incident
       * (new information, a report, a grade set, …) */
      return C_("search hit", "Update");

    case DD_SEARCH_KIND_LOG:
      return C_("search hit", "Log entry");

    case DD_SEARCH_KIND_INSTRUCTION:
      /* Translators: a leader's instruction (领导批示) */
      return C_("search hit", "Instruction");

    default:
      g_assert_not_reached ();
    }
}

static void
on_hit_factory_setup_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item,
                         gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (user_data) == HIT_COLUMN_TIME)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
on_hit_factory_bind_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  DdSearchHit *hit = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch ((HitColumn) GPOINTER_TO_INT (user_data))
    {
    case HIT_COLUMN_KIND:
      gtk_label_set_text (label, search_kind_label (dd_search_hit_get_kind (hit)));
      break;

    case HIT_COLUMN_TIME:
      text = dd_gui_format_instant (dd_search_hit_get_at (hit));
      gtk_label_set_text (label, text);
      break;

    case HIT_COLUMN_TEXT:
      /* One line in the list; all of it in the tooltip. */
      text = g_strdelimit (g_strdup (dd_search_hit_get_text (hit)), "\r\n\t", ' ');
      gtk_label_set_text (label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), dd_search_hit_get_text (hit));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
add_hit_column (DdCallsPage *self,
                HitColumn    column,
                const char  *title,
                gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (on_hit_factory_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (on_hit_factory_bind_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->results_view, view_column);
  g_object_unref (view_column);
}

/* ------------------------------------------------------------------ orders */

static void
dd_calls_page_set_incident_order (DdCallsPage *self,
                                  guint        order)
{
  if (self->incident_order == order)
    return;

  self->incident_order = order;
  if (self->service != NULL)
    {
      g_clear_object (&self->paged);
      self->paged = dd_paged_model_new_ordered (self->service, DD_TYPE_INCIDENT_SUMMARY,
                                                dd_store_count_incidents,
                                                dd_store_fetch_incidents_ordered,
                                                order, PAGE_SIZE);
      if (dd_calls_page_get_mode (self) == SEARCH_NONE)
        dd_calls_page_reload (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT_ORDER]);
}

/* The calls are listed once the Calls list is first shown (counting a
 * million of them is not free), and again in each new order. */
static void
dd_calls_page_load_calls (DdCallsPage *self)
{
  if (self->service == NULL)
    return;

  g_clear_object (&self->calls_paged);
  self->calls_paged = dd_paged_model_new_ordered (self->service, DD_TYPE_CALL,
                                                  dd_store_count_calls,
                                                  dd_store_fetch_calls_ordered,
                                                  self->call_order, PAGE_SIZE);
  /* While filtered, the list shows the calls the filters leave. */
  if (dd_calls_page_get_mode (self) != SEARCH_CALLS)
    gtk_single_selection_set_model (self->calls_selection, G_LIST_MODEL (self->calls_paged));
}

static void
dd_calls_page_set_call_order (DdCallsPage *self,
                              guint        order)
{
  if (self->call_order == order)
    return;

  self->call_order = order;
  if (self->calls_paged != NULL)
    dd_calls_page_load_calls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_ORDER]);
}

/* ------------------------------------------------------------------ selection */

/* Selects the row of self->selected_id if the list has it loaded: a
 * reload or a search replaces the rows, the incident shown stays. */
static void
dd_calls_page_reselect (DdCallsPage *self)
{
  GListModel *model = gtk_single_selection_get_model (self->selection);
  guint n;

  if (self->selected_id == NULL || model == NULL)
    return;

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DdIncidentSummary) summary = NULL;

      if (DD_IS_PAGED_MODEL (model) && !dd_paged_model_is_loaded (DD_PAGED_MODEL (model), i))
        break;

      summary = g_list_model_get_item (model, i);
      if (g_strcmp0 (dd_incident_summary_get_id (summary), self->selected_id) == 0)
        {
          if (gtk_single_selection_get_selected (self->selection) != i)
            gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

static void
on_reload_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DdCallsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_paged_model_reload_finish (DD_PAGED_MODEL (object), result, &error))
    {
      /* A database this version cannot read is the window's to report. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the incidents: %s", error->message);
      return;
    }

  dd_calls_page_reselect (self);
}

static void
dd_calls_page_reload (DdCallsPage *self)
{
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->paged));
  dd_paged_model_reload_async (self->paged, self->cancellable, on_reload_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ filters */

static SearchMode
dd_calls_page_get_mode (DdCallsPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (*text != '\0')
    return SEARCH_HITS;
  if (dd_search_filters_count (self->search_filters) == 0)
    return SEARCH_NONE;

  return gtk_toggle_button_get_active (self->calls_toggle) ? SEARCH_CALLS : SEARCH_INCIDENTS;
}

/* Which lists show, what can be used with them, and the bar saying what
 * is searched and filtered. */
static void
dd_calls_page_show_lists (DdCallsPage *self,
                          SearchMode   mode)
{
  gboolean calls = gtk_toggle_button_get_active (self->calls_toggle);
  guint n_filters = dd_search_filters_count (self->search_filters);
  g_autofree char *summary = NULL;
  g_autofree char *button = NULL;

  gtk_widget_set_visible (self->results_scroller, mode == SEARCH_HITS);
  gtk_widget_set_visible (self->incidents_scroller, mode != SEARCH_HITS && !calls);
  gtk_widget_set_visible (self->calls_scroller, mode != SEARCH_HITS && calls);
  gtk_widget_set_sensitive (self->list_toggles, mode != SEARCH_HITS);
  /* The results come best (or newest) first. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->sort_button), mode == SEARCH_NONE);

  gtk_revealer_set_reveal_child (self->search_bar, mode != SEARCH_NONE);
  gtk_widget_set_visible (self->clear_filters_button, n_filters > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calls.clear-filters", n_filters > 0);

  if (n_filters > 0)
    {
      g_autofree char *filters = dd_search_filters_describe (self->search_filters);

      /* Translators: the filters set, e.g. "Filters: Grade I · 南明区" */
      summary = g_strdup_printf (_("Filters: %s"), filters);
      /* Translators: the Filters button with the number of filters set */
      button = g_strdup_printf (_("_Filters (%u)"), n_filters);
    }
  gtk_label_set_text (self->filter_summary_label, summary != NULL ? summary : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_summary_label), summary);
  gtk_menu_button_set_label (self->filter_button, button != NULL ? button : _("_Filters"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  summary != NULL ? summary : _("No filters set"),
                                  -1);
}

/* ------------------------------------------------------------------ search */

typedef struct
{
  SearchMode  mode;
  char       *text;
  GDate       from;
  GDate       to;
  guint       grades;
  guint       statuses;
  char       *category;
  char       *division;
} SearchJob;

typedef struct
{
  SearchMode  mode;
  GPtrArray  *items;    /* DdSearchHit, DdIncidentSummary or DdCall, by mode */
  gboolean    capped;   /* as many as asked for: there may be more */
} SearchResult;

static void
search_job_free (gpointer data)
{
  SearchJob *job = data;

  g_free (job->text);
  g_free (job->category);
  g_free (job->division);
  g_free (job);
}

static void
search_result_free (gpointer data)
{
  SearchResult *result = data;

  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_free (result);
}

/* On the store thread: the hits of every kind, best first; or, with no
 * text, the incidents (or calls) the filters leave, newest first. */
static gpointer
search_job_run (DdStore  *store,
                gpointer  data,
                GError  **error)
{
  SearchJob *job = data;
  DdSearchFilter filter = { 0 };
  g_autoptr(GPtrArray) hits = NULL;
  SearchResult *result;
  guint kinds = 0;
  guint limit = SEARCH_LIMIT;

  filter.from = g_date_valid (&job->from) ? &job->from : NULL;
  filter.to = g_date_valid (&job->to) ? &job->to : NULL;
  filter.grades = job->grades;
  filter.statuses = job->statuses;
  filter.category = job->category;
  filter.division = job->division;

  if (job->mode == SEARCH_INCIDENTS || job->mode == SEARCH_CALLS)
    {
      kinds = 1u << (job->mode == SEARCH_INCIDENTS ? DD_SEARCH_KIND_INCIDENT : DD_SEARCH_KIND_CALL);
      limit = FILTER_LIMIT;
    }

  hits = dd_store_search_filtered (store, job->mode == SEARCH_HITS ? job->text : "", kinds, &filter,
                                   limit, error);
  if (hits == NULL)
    return NULL;

  result = g_new0 (SearchResult, 1);
  result->mode = job->mode;
  result->capped = hits->len >= limit;
  if (job->mode == SEARCH_HITS)
    {
      result->items = g_steal_pointer (&hits);
      return result;
    }

  result->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < hits->len; i++)
    {
      const char *id = dd_search_hit_get_id (g_ptr_array_index (hits, i));
      gpointer item = job->mode == SEARCH_INCIDENTS
                      ? (gpointer) dd_store_get_incident_summary (store, id, NULL)
                      : (gpointer) dd_store_get_call (store, id, NULL);

      if (item != NULL)
        g_ptr_array_add (result->items, item);
    }

  return result;
}

/* "12 results", "No results", … in the bar above the lists. */
static void
dd_calls_page_show_status (DdCallsPage  *self,
                           SearchResult *result,
                           const GError *error)
{
  g_autofree char *text = NULL;
  guint n;

  if (result == NULL)
    {
      /* Translators: %s is the reason */
      text = g_strdup_printf (_("Could not search: %s"), error->message);
      gtk_label_set_text (self->search_status_label, text);
      return;
    }

  n = result->items->len;
  switch (result->mode)
    {
    case SEARCH_HITS:
      if (n == 0)
        text = g_strdup (_("No results"));
      else if (result->capped)
        /* Translators: more matched; the best are shown */
        text = g_strdup_printf (ngettext ("The best %u result", "The best %u results", n), n);
      else
        text = g_strdup_printf (ngettext ("%u result", "%u results", n), n);
      break;

    case SEARCH_INCIDENTS:
      if (n == 0)
        text = g_strdup (_("No incidents match the filters"));
      else if (result->capped)
        text = g_strdup_printf (ngettext ("The newest %u incident", "The newest %u incidents", n), n);
      else
        text = g_strdup_printf (ngettext ("%u incident", "%u incidents", n), n);
      break;

    case SEARCH_CALLS:
      if (n == 0)
        text = g_strdup (_("No calls match the filters"));
      else if (result->capped)
        text = g_strdup_printf (ngettext ("The newest %u call", "The newest %u calls", n), n);
      else
        text = g_strdup_printf (ngettext ("%u call", "%u calls", n), n);
      break;

    case SEARCH_NONE:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (self->search_status_label, text);
}

/* The hits in the results; the one selected stays selected if found
 * again (the search runs again when the desk's data change). */
static void
dd_calls_page_show_hits (DdCallsPage *self,
                         GPtrArray   *hits)
{
  DdSearchHit *selected = gtk_single_selection_get_selected_item (self->hits_selection);
  g_autofree char *kind_id = NULL;
  guint position = GTK_INVALID_LIST_POSITION;

  if (selected != NULL)
    kind_id = g_strdup_printf ("%d %s", dd_search_hit_get_kind (selected), dd_search_hit_get_id (selected));

  for (guint i = 0; kind_id != NULL && i < hits->len; i++)
    {
      DdSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *key = g_strdup_printf ("%d %s", dd_search_hit_get_kind (hit), dd_search_hit_get_id (hit));

      if (g_str_equal (key, kind_id))
        {
          position = i;
          break;
        }
    }

  /* Unselected first: replacing the rows must not open another hit. */
  gtk_single_selection_set_selected (self->hits_selection, GTK_INVALID_LIST_POSITION);
  g_list_store_splice (self->hits, 0, g_list_model_get_n_items (G_LIST_MODEL (self->hits)),
                       hits->pdata, hits->len);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->hits_selection, position);
}

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DdCallsPage *self = user_data;
  SearchResult *found;
  g_autoptr(GError) error = NULL;

  found = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->search_pending = FALSE;
  dd_calls_page_show_status (self, found, error);
  if (found == NULL)
    {
      g_list_store_remove_all (self->hits);
      g_list_store_remove_all (self->search_results);
      g_list_store_remove_all (self->call_results);
      return;
    }

  switch (found->mode)
    {
    case SEARCH_HITS:
      dd_calls_page_show_hits (self, found->items);
      break;

    case SEARCH_INCIDENTS:
      g_list_store_splice (self->search_results, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->search_results)),
                           found->items->pdata, found->items->len);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->search_results));
      dd_calls_page_reselect (self);
      break;

    case SEARCH_CALLS:
      g_list_store_splice (self->call_results, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->call_results)),
                           found->items->pdata, found->items->len);
      gtk_single_selection_set_model (self->calls_selection, G_LIST_MODEL (self->call_results));
      break;

    case SEARCH_NONE:
    default:
      g_assert_not_reached ();
    }

  search_result_free (found);
}

/* Shows what the search text, the filters and the list chosen ask for:
 * the lists as they are, or a search (the previous one cancelled). */
static void
dd_calls_page_refresh (DdCallsPage *self)
{
  SearchMode mode = dd_calls_page_get_mode (self);
  DdSearchFilter filter = { 0 };
  SearchJob *job;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_pending = FALSE;

  dd_calls_page_show_lists (self, mode);
  if (self->service == NULL)
    return;

  if (mode == SEARCH_NONE)
    {
      dd_calls_page_reload (self);
      if (self->calls_paged != NULL)
        gtk_single_selection_set_model (self->calls_selection, G_LIST_MODEL (self->calls_paged));
      else if (gtk_toggle_button_get_active (self->calls_toggle))
        dd_calls_page_load_calls (self);
      return;
    }

  job = g_new0 (SearchJob, 1);
  job->mode = mode;
  job->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  /* A day that does not read is left out. */
  dd_search_filters_get_filter (self->search_filters, &filter);
  if (filter.from != NULL)
    job->from = *filter.from;
  if (filter.to != NULL)
    job->to = *filter.to;
  job->grades = filter.grades;
  job->statuses = filter.statuses;
  job->category = g_strdup (filter.category);
  job->division = g_strdup (filter.division);

  self->search_pending = TRUE;
  self->search_cancellable = g_cancellable_new ();
  dd_store_service_run_async (self->service, search_job_run, job, search_job_free,
                              search_result_free, FALSE,
                              self->search_cancellable, on_search_cb, self);
}

/* --------------------------------------------------------- opening hits */

/* Shows incident @id in the view; the list or results stay as they are. */
static void
dd_calls_page_preview_incident (DdCallsPage *self,
                                const char  *id)
{
  if (id == NULL || *id == '\0')
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  dd_incident_view_set_incident_id (self->incident_view, id);
}

typedef struct
{
  DdSearchHit  *hit;
  gint64        now;
} HitJob;

/* What a hit that is no incident's is, read to be shown. */
typedef struct
{
  DdSearchHit   *hit;
  gboolean       listed;        /* in the Duty Log's current duty day */
  DdCall        *call;
  DdLogEntry    *entry;
  DdInstruction *instruction;
} HitDetail;

static void
hit_job_free (gpointer data)
{
  HitJob *job = data;

  g_clear_object (&job->hit);
  g_free (job);
}

static void
hit_detail_free (gpointer data)
{
  HitDetail *detail = data;

  g_clear_object (&detail->hit);
  g_clear_object (&detail->call);
  g_clear_pointer (&detail->entry, dd_log_entry_free);
  g_clear_pointer (&detail->instruction, dd_instruction_free);
  g_free (detail);
}

/* On the store thread: the call, or the log entry or instruction and
 * whether the Duty Log lists it (its current duty day, as that page cuts
 * it at the desk's handover time). */
static gpointer
hit_job_run (DdStore  *store,
             gpointer  data,
             GError  **error)
{
  HitJob *job = data;
  DdSearchKind kind = dd_search_hit_get_kind (job->hit);
  const char *id = dd_search_hit_get_id (job->hit);
  gint64 at = dd_search_hit_get_at (job->hit);
  HitDetail *detail = g_new0 (HitDetail, 1);
  guint minute = 0;
  gint64 day_start;
  gint64 day_end;
  GDate day;

  detail->hit = g_object_ref (job->hit);
  if (kind == DD_SEARCH_KIND_CALL)
    {
      if (!(detail->call = dd_store_get_call (store, id, error)))
        {
          hit_detail_free (detail);
          return NULL;
        }
      return detail;
    }

  /* A desk without shift templates cuts its days at midnight. */
  if (!dd_store_get_handover_minute (store, &minute, NULL))
    minute = 0;
  g_date_clear (&day, 1);
  dd_duty_day_of (job->now, minute, &day);
  dd_duty_day_bounds (&day, minute, &day_start, &day_end);

  if (kind == DD_SEARCH_KIND_INSTRUCTION)
    {
      if (!(detail->instruction = dd_store_get_instruction (store, id, error)))
        {
          hit_detail_free (detail);
          return NULL;
        }
      detail->listed = detail->instruction->done_at == 0 || detail->instruction->done_at >= day_start;
    }
  else
    {
      g_autoptr(GPtrArray) entries = dd_store_list_log_entries (store, at, at + 1, error);

      if (entries == NULL)
        {
          hit_detail_free (detail);
          return NULL;
        }
      for (guint i = 0; i < entries->len; i++)
        {
          DdLogEntry *entry = g_ptr_array_index (entries, i);

          if (g_strcmp0 (entry->id, id) == 0)
            detail->entry = dd_log_entry_copy (entry);
        }
      detail->listed = at >= day_start;
    }

  return detail;
}

static void
on_details_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        DdCallsPage      *self)
{
  if (g_str_equal (response, "incident"))
    dd_calls_page_preview_incident (self, g_object_get_data (G_OBJECT (dialog), "dd-incident-id"));
}

static void
append_line (GString    *body,
             const char *line)
{
  if (line == NULL || *line == '\0')
    return;
  if (body->len > 0)
    g_string_append_c (body, '\n');
  g_string_append (body, line);
}

/* What the window shows of a hit no section lists: a non-incident call,
 * or a log entry or instruction of an earlier duty day. */
static void
dd_calls_page_show_details (DdCallsPage *self,
                            HitDetail   *detail)
{
  DdSearchHit *hit = detail->hit;
  const char *incident_id = dd_search_hit_get_incident_id (hit);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *when = dd_gui_format_instant (dd_search_hit_get_at (hit));
  const char *text = dd_search_hit_get_text (hit);
  const char *heading;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  switch (dd_search_hit_get_kind (hit))
    {
    case DD_SEARCH_KIND_CALL:
      {
        DdCall *call = detail->call;
        g_autofree char *caller = g_strjoin (" ", dd_call_get_caller_name (call), dd_call_get_caller_unit (call),
                                             dd_call_get_caller_phone (call), NULL);
        g_autofree char *line = NULL;

        heading = _("Call");
        g_strstrip (caller);
        /* Translators: when a call came in, and how: "2026-03-02 08:30 · Phone" */
        line = g_strdup_printf (_("%1$s · %2$s"), when, dd_call_channel_get_label (dd_call_get_channel (call)));
        append_line (body, line);
        g_clear_pointer (&line, g_free);
        if (*caller != '\0')
          {
            /* Translators: who called */
            line = g_strdup_printf (_("Caller: %s"), caller);
            append_line (body, line);
            g_clear_pointer (&line, g_free);
          }
        if (dd_call_get_disposition (call) == DD_CALL_DISPOSITION_NON_INCIDENT)
          {
            /* Translators: %s is why a call is no incident (Wrong number, …) */
            line = g_strdup_printf (_("Not an incident: %s"),
                                    dd_non_incident_reason_get_label (dd_call_get_non_incident_reason (call)));
            append_line (body, line);
          }
        text = dd_call_get_summary (call);
      }
      break;

    case DD_SEARCH_KIND_LOG:
      heading = _("Log Entry");
      if (detail->entry != NULL && detail->entry->author != NULL)
        {
          /* Translators: when a log entry was written, and by whom */
          g_autofree char *line = g_strdup_printf (_("%1$s, by %2$s"), when, detail->entry->author);

          append_line (body, line);
        }
      else
        append_line (body, when);
      append_line (body, _("The Duty Log lists the current duty day only."));
      break;

    case DD_SEARCH_KIND_INSTRUCTION:
      {
        DdInstruction *instruction = detail->instruction;
        g_autofree char *issued = dd_gui_format_instant (instruction->issued_at);
        g_autofree char *line = NULL;

        heading = _("Leader Instruction");
        line = g_strdup_printf (_("%1$s at %2$s"), instruction->issued_by, issued);
        append_line (body, line);
        g_clear_pointer (&line, g_free);
        if (instruction->feedback_due != 0)
          {
            g_autofree char *due = dd_gui_format_instant (instruction->feedback_due);

            /* Translators: %s is when feedback on an instruction was due */
            line = g_strdup_printf (_("Feedback due %s"), due);
            append_line (body, line);
            g_clear_pointer (&line, g_free);
          }
        if (instruction->done_at != 0)
          {
            g_autofree char *done = dd_gui_format_instant (instruction->done_at);

            /* Translators: %s is when an instruction was done */
            line = g_strdup_printf (_("Done %s"), done);
            append_line (body, line);
          }
        text = instruction->text;
      }
      break;

    case DD_SEARCH_KIND_INCIDENT:
    case DD_SEARCH_KIND_EVENT:
    default:
      g_assert_not_reached ();
    }

  g_string_append (body, "\n\n");
  g_string_append (body, text);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body->str));
  gtk_widget_set_name (GTK_WIDGET (dialog), "search-hit-details");
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  if (*incident_id != '\0')
    {
      adw_message_dialog_add_response (dialog, "incident", _("Show _Incident"));
      g_object_set_data_full (G_OBJECT (dialog), "dd-incident-id", g_strdup (incident_id), g_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_details_response_cb), self, 0);
    }
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_hit_job_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DdCallsPage) self = user_data;
  HitDetail *detail;
  g_autoptr(GError) error = NULL;
  DdSearchKind kind;

  detail = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (detail == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open it: %s"), error->message);

      dd_gui_add_toast (GTK_WIDGET (self), message);
      return;
    }

  kind = dd_search_hit_get_kind (detail->hit);

  /* Listed in the Duty Log section: shown there. */
  if (detail->listed && (kind == DD_SEARCH_KIND_LOG || kind == DD_SEARCH_KIND_INSTRUCTION))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-duty-log-item", "(ss)",
                                dd_search_kind_to_string (kind), dd_search_hit_get_id (detail->hit));
  else
    dd_calls_page_show_details (self, detail);

  hit_detail_free (detail);
}

/* Opens what @hit belongs to: its incident in the view (an incident, an
 * update, a call of an incident); a log entry or instruction in the Duty
 * Log section when it lists it; otherwise its details. */
static void
dd_calls_page_open_hit (DdCallsPage *self,
                        DdSearchHit *hit)
{
  DdSearchKind kind = dd_search_hit_get_kind (hit);
  HitJob *job;

  if (kind == DD_SEARCH_KIND_INCIDENT || kind == DD_SEARCH_KIND_EVENT ||
      (kind == DD_SEARCH_KIND_CALL && *dd_search_hit_get_incident_id (hit) != '\0'))
    {
      dd_calls_page_preview_incident (self, dd_search_hit_get_incident_id (hit));
      return;
    }

  if (self->service == NULL)
    return;

  job = g_new0 (HitJob, 1);
  job->hit = g_object_ref (hit);
  job->now = g_get_real_time () / 1000;
  dd_store_service_run_async (self->service, hit_job_run, job, hit_job_free, hit_detail_free, FALSE,
                              self->cancellable, on_hit_job_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ callbacks */

static void
on_search_entry_search_changed_cb (GtkSearchEntry *entry,
                                   DdCallsPage    *self)
{
  dd_calls_page_refresh (self);
}

static void
on_selection_changed_cb (DdCallsPage *self)
{
  DdIncidentSummary *summary = gtk_single_selection_get_selected_item (self->selection);

  /* Nothing selected because the rows were replaced: keep showing it. */
  if (summary == NULL)
    return;

  dd_calls_page_preview_incident (self, dd_incident_summary_get_id (summary));
}

/* A call that belongs to an incident shows the incident. */
static void
on_calls_selection_changed_cb (DdCallsPage *self)
{
  DdCall *call = gtk_single_selection_get_selected_item (self->calls_selection);

  if (call != NULL)
    dd_calls_page_preview_incident (self, dd_call_get_incident_id (call));
}

/* A hit of an incident (the incident, an update, one of its calls) shows
 * it, as the lists do; activating a hit opens what it is. */
static void
on_hits_selection_changed_cb (DdCallsPage *self)
{
  DdSearchHit *hit = gtk_single_selection_get_selected_item (self->hits_selection);
  DdSearchKind kind;

  if (hit == NULL)
    return;

  kind = dd_search_hit_get_kind (hit);
  if (kind == DD_SEARCH_KIND_INCIDENT || kind == DD_SEARCH_KIND_EVENT || kind == DD_SEARCH_KIND_CALL)
    dd_calls_page_preview_incident (self, dd_search_hit_get_incident_id (hit));
}

static void
on_results_view_activate_cb (GtkColumnView *view,
                             guint          position,
                             DdCallsPage   *self)
{
  g_autoptr(DdSearchHit) hit = g_list_model_get_item (G_LIST_MODEL (self->hits), position);

  if (hit != NULL)
    dd_calls_page_open_hit (self, hit);
}

/* The list shown: incidents or calls (two lists side by side in the
 * template, one visible; a GtkStack here upsets GTK 4.8's AT-SPI bridge
 * when rows are added while a screen reader reads the window). Filters
 * without text narrow the list shown. */
static void
on_calls_toggle_active_cb (DdCallsPage *self)
{
  gboolean calls = gtk_toggle_button_get_active (self->calls_toggle);
  SearchMode mode = dd_calls_page_get_mode (self);

  gtk_menu_button_set_menu_model (self->sort_button,
                                  calls ? self->call_order_menu : self->incident_order_menu);
  if (mode == SEARCH_INCIDENTS || mode == SEARCH_CALLS)
    dd_calls_page_refresh (self);
  else
    dd_calls_page_show_lists (self, mode);

  if (calls && self->calls_paged == NULL)
    dd_calls_page_load_calls (self);
}

static void
on_search_filters_changed_cb (DdCallsPage *self)
{
  dd_calls_page_refresh (self);
}

/* calls.clear-filters: every filter off, in one search. */
static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DdCallsPage *self = DD_CALLS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* Refreshes the page through ::changed. */
  dd_search_filters_clear (self->search_filters);

  /* The bar's button is hidden now: the focus goes to the search. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_bar)))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_incident_view_add_information_cb (DdIncidentView *view,
                                     const char     *incident_id,
                                     DdCallsPage    *self)
{
  dd_calls_page_new_call (self);
  dd_call_form_set_follow_up (self->form, incident_id);
}

static void
on_service_changed_cb (DdCallsPage *self)
{
  /* Reporting clocks may have started, been met or cancelled. */
  self->clocks_stale = TRUE;
  dd_calls_page_update_tick (self);
  dd_calls_page_refresh (self);
  if (self->calls_paged != NULL)
    dd_paged_model_reload_async (self->calls_paged, self->cancellable, NULL, NULL);
}

static void
on_log_call_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdCallForm) form = user_data;
  g_autoptr(DdCall) call = NULL;
  g_autoptr(GError) error = NULL;

  call = dd_store_service_log_call_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (call == NULL)
    {
      dd_call_form_save_failed (form, error->message);
      return;
    }

  dd_call_form_saved (form);
}

static void
on_form_submit_cb (DdCallForm  *form,
                   DdCallsPage *self)
{
  g_autoptr(DdIncidentEvent) event = NULL;
  DdCallInput call;

  dd_call_form_build_call (form, &call, &event);
  dd_store_service_log_call_async (self->service, self->rules, &call, event,
                                   self->cancellable, on_log_call_cb, g_object_ref (form));
}

static void
on_form_destroy_cb (DdCallForm  *form,
                    DdCallsPage *self)
{
  if (self->form == form)
    self->form = NULL;
}

/* calls.show-incident (s): select an incident, even one not listed yet. */
static void
show_incident_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dd_calls_page_show_incident (DD_CALLS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* calls.record-report ((incident id, step)): the same, then the report. */
static void
record_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DdCallsPage *self = DD_CALLS_PAGE (widget);
  const char *incident_id;
  const char *step;

  g_variant_get (parameter, "(&s&s)", &incident_id, &step);
  dd_calls_page_show_incident (self, incident_id);
  dd_incident_view_record_report (self->incident_view, step);
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_calls_page_set_service (DdCallsPage    *self,
                           DdStoreService *service)
{
  if (service == NULL || self->service == service)
    return;

  g_assert (self->service == NULL);
  self->service = g_object_ref (service);
  self->paged = dd_paged_model_new_ordered (service, DD_TYPE_INCIDENT_SUMMARY,
                                            dd_store_count_incidents, dd_store_fetch_incidents_ordered,
                                            self->incident_order, PAGE_SIZE);
  self->changed_id = g_signal_connect_swapped (service, "changed",
                                               G_CALLBACK (on_service_changed_cb), self);
  g_object_set (self->incident_view, "service", service, "cancellable", self->cancellable, NULL);
  dd_calls_page_reload (self);
}

static void
dd_calls_page_dispose (GObject *object)
{
  DdCallsPage *self = DD_CALLS_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  /* Rows unbound from here on start no reading of the clocks. */
  self->clocks_stale = FALSE;
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  if (self->changed_id != 0)
    g_clear_signal_handler (&self->changed_id, self->service);
  if (self->form != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->form, self);
      gtk_window_destroy (GTK_WINDOW (self->form));
      self->form = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CALLS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  /* (Rows unbound above may have started the timer again.) */
  g_clear_handle_id (&self->tick_id, g_source_remove);

  g_clear_object (&self->selection);
  g_clear_object (&self->calls_selection);
  g_clear_object (&self->hits_selection);
  g_clear_object (&self->paged);
  g_clear_object (&self->calls_paged);
  g_clear_object (&self->search_results);
  g_clear_object (&self->call_results);
  g_clear_object (&self->hits);

  G_OBJECT_CLASS (dd_calls_page_parent_class)->dispose (object);
}

static void
dd_calls_page_finalize (GObject *object)
{
  DdCallsPage *self = DD_CALLS_PAGE (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->draft_path, g_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->countdowns, g_hash_table_unref);
  g_clear_pointer (&self->warnings, g_hash_table_unref);

  G_OBJECT_CLASS (dd_calls_page_parent_class)->finalize (object);
}

static void
dd_calls_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DdCallsPage *self = DD_CALLS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_INCIDENT_ORDER:
      g_value_set_string (value, order_name (incident_orders, G_N_ELEMENTS (incident_orders),
                                             self->incident_order));
      break;

    case PROP_CALL_ORDER:
      g_value_set_string (value, order_name (call_orders, G_N_ELEMENTS (call_orders), self->call_order));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_calls_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DdCallsPage *self = DD_CALLS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      dd_calls_page_set_service (self, g_value_get_object (value));
      break;

    case PROP_CANCELLABLE:
      if (g_value_get_object (value) != NULL)
        {
          g_set_object (&self->cancellable, g_value_get_object (value));
          g_object_set (self->incident_view, "cancellable", self->cancellable, NULL);
        }
      break;

    case PROP_INCIDENT_ORDER:
      {
        guint order;

        if (order_from_name (incident_orders, G_N_ELEMENTS (incident_orders),
                             g_value_get_string (value), &order))
          dd_calls_page_set_incident_order (self, order);
      }
      break;

    case PROP_CALL_ORDER:
      {
        guint order;

        if (order_from_name (call_orders, G_N_ELEMENTS (call_orders), g_value_get_string (value), &order))
          dd_calls_page_set_call_order (self, order);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_calls_page_class_init (DdCallsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_calls_page_dispose;
  object_class->finalize = dd_calls_page_finalize;
  object_class->get_property = dd_calls_page_get_property;
  object_class->set_property = dd_calls_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL,
                         G_TYPE_CANCELLABLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * DdCallsPage:incident-order:
   *
   * How the incidents are sorted: "received-desc" (newest first),
   * "received", "due", "grade", "status" or "number".
   */
  properties[PROP_INCIDENT_ORDER] =
    g_param_spec_string ("incident-order", NULL, NULL,
                         "received-desc",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * DdCallsPage:call-order:
   *
   * How the calls are sorted: "received-desc" (newest first), "received",
   * "channel", "caller" or "disposition".
   */
  properties[PROP_CALL_ORDER] =
    g_param_spec_string ("call-order", NULL, NULL,
                         "received-desc",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DD_TYPE_INCIDENT_VIEW);
  g_type_ensure (DD_TYPE_SEARCH_FILTERS);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-calls-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, search_filters);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, search_status_label);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, filter_summary_label);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, list_toggles);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, calls_view);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, calls_toggle);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, incidents_scroller);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, calls_scroller);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, sort_button);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, incident_order_menu);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, call_order_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_calls_toggle_active_cb);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, incident_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_incident_view_add_information_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_results_view_activate_cb);

  gtk_widget_class_install_property_action (widget_class, "calls.incident-order", "incident-order");
  gtk_widget_class_install_property_action (widget_class, "calls.call-order", "call-order");
  gtk_widget_class_install_action (widget_class, "calls.show-incident", "s", show_incident_action);
  gtk_widget_class_install_action (widget_class, "calls.record-report", "(ss)", record_report_action);
  gtk_widget_class_install_action (widget_class, "calls.clear-filters", NULL, clear_filters_action);
}

static void
dd_calls_page_init (DdCallsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->level = DD_LEVEL_PREFECTURE;
  self->countdowns = g_hash_table_new (NULL, NULL);
  self->warnings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->clocks_stale = TRUE;
  self->search_results = g_list_store_new (DD_TYPE_INCIDENT_SUMMARY);
  self->call_results = g_list_store_new (DD_TYPE_CALL);
  self->hits = g_list_store_new (DD_TYPE_SEARCH_HIT);

  self->rules = dd_reporting_ui_load_rules ();
  dd_incident_view_set_rules (self->incident_view, self->rules);
  /* Until the clocks are read: the longest warning the rules give. */
  if (dd_incident_rules_get_reporting (self->rules) != NULL)
    self->default_warning_ms = dd_reporting_rules_get_warning_ms (dd_incident_rules_get_reporting (self->rules),
                                                                  G_MAXINT32 * G_GINT64_CONSTANT (1000));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  add_column (self, COLUMN_NUMBER, _("Number"), FALSE);
  add_column (self, COLUMN_RECEIVED, _("Received"), FALSE);
  add_column (self, COLUMN_SUBTYPE, _("Sub-type"), TRUE);
  add_column (self, COLUMN_GRADE, _("Grade"), FALSE);
  add_column (self, COLUMN_STATUS, _("Status"), FALSE);
  add_column (self, COLUMN_COUNTDOWN, _("Reporting"), FALSE);

  self->incident_order = DD_INCIDENT_ORDER_RECEIVED | DD_ORDER_DESCENDING;
  self->call_order = DD_CALL_ORDER_RECEIVED | DD_ORDER_DESCENDING;
  self->calls_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->calls_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->calls_selection, TRUE);
  g_signal_connect_swapped (self->calls_selection, "notify::selected-item",
                            G_CALLBACK (on_calls_selection_changed_cb), self);
  gtk_column_view_set_model (self->calls_view, GTK_SELECTION_MODEL (self->calls_selection));
  add_call_column (self, CALL_COLUMN_RECEIVED, _("Received"), FALSE);
  add_call_column (self, CALL_COLUMN_CHANNEL, _("Channel"), FALSE);
  add_call_column (self, CALL_COLUMN_CALLER, _("Caller"), FALSE);
  add_call_column (self, CALL_COLUMN_SUMMARY, _("Summary"), TRUE);
  add_call_column (self, CALL_COLUMN_OUTCOME, _("Outcome"), FALSE);
  add_receipt_column (self);

  self->hits_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->hits)));
  gtk_single_selection_set_autoselect (self->hits_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->hits_selection, TRUE);
  g_signal_connect_swapped (self->hits_selection, "notify::selected-item",
                            G_CALLBACK (on_hits_selection_changed_cb), self);
  gtk_column_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->hits_selection));
  /* Translators: a column of the search results: what was found (Call, Incident, …) */
  add_hit_column (self, HIT_COLUMN_KIND, C_("search results", "Kind"), FALSE);
  add_hit_column (self, HIT_COLUMN_TIME, C_("search results", "Time"), FALSE);
  add_hit_column (self, HIT_COLUMN_TEXT, C_("search results", "Text"), TRUE);

  dd_calls_page_show_lists (self, SEARCH_NONE);
}

/* ------------------------------------------------------------------ public */

void
dd_calls_page_set_desk (DdCallsPage *self,
                        DdDesk      *desk)
{
  g_return_if_fail (DD_IS_CALLS_PAGE (self));
  g_return_if_fail (DD_IS_DESK (desk));

  self->level = dd_desk_get_level (desk);
}

void
dd_calls_page_set_draft_path (DdCallsPage *self,
                              const char  *path)
{
  g_return_if_fail (DD_IS_CALLS_PAGE (self));

  g_free (self->draft_path);
  self->draft_path = g_strdup (path);
}

void
dd_calls_page_new_call (DdCallsPage *self)
{
  g_autofree char *draft_path = NULL;
  GtkRoot *root;

  g_return_if_fail (DD_IS_CALLS_PAGE (self));

  if (self->form != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->form));
      return;
    }

  draft_path = self->draft_path != NULL ? g_strdup (self->draft_path)
                                        : dd_call_form_dup_default_draft_path ();
  self->form = dd_call_form_new (self->service, self->level, draft_path);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self->form), GTK_WINDOW (root));
  g_signal_connect (self->form, "submit", G_CALLBACK (on_form_submit_cb), self);
  g_signal_connect (self->form, "destroy", G_CALLBACK (on_form_destroy_cb), self);
  gtk_window_present (GTK_WINDOW (self->form));
}

/* Shows @incident_id in the view and selects its row once the list has it
 * (a search in progress is cleared). */
void
dd_calls_page_show_incident (DdCallsPage *self,
                             const char  *incident_id)
{
  g_return_if_fail (DD_IS_CALLS_PAGE (self));
  g_return_if_fail (incident_id != NULL);

  g_free (self->selected_id);
  self->selected_id = g_strdup (incident_id);
  dd_incident_view_set_incident_id (self->incident_view, incident_id);

  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    dd_calls_page_reselect (self);
}

GtkWindow *
dd_calls_page_get_call_form (DdCallsPage *self)
{
  g_return_val_if_fail (DD_IS_CALLS_PAGE (self), NULL);

  return self->form != NULL ? GTK_WINDOW (self->form) : NULL;
}

GListModel *
dd_calls_page_get_model (DdCallsPage *self)
{
  g_return_val_if_fail (DD_IS_CALLS_PAGE (self), NULL);

  return gtk_single_selection_get_model (self->selection);
}

GListModel *
dd_calls_page_get_calls_model (DdCallsPage *self)
{
  g_return_val_if_fail (DD_IS_CALLS_PAGE (self), NULL);

  return gtk_single_selection_get_model (self->calls_selection);
}

GListModel *
dd_calls_page_get_search_results (DdCallsPage *self)
{
  g_return_val_if_fail (DD_IS_CALLS_PAGE (self), NULL);

  return G_LIST_MODEL (self->hits);
}

gboolean
dd_calls_page_get_search_pending (DdCallsPage *self)
{
  g_return_val_if_fail (DD_IS_CALLS_PAGE (self), FALSE);

  return self->search_pending;
}

guint
dd_calls_page_get_n_filters (DdCallsPage *self)
{
  g_return_val_if_fail (DD_IS_CALLS_PAGE (self), 0);

  return dd_search_filters_count (self->search_filters);
}

char *
dd_calls_page_format_countdown (gint64 due_at,
                                gint64 now_ms)
{
  return dd_reporting_ui_format_countdown (due_at, now_ms);
}
