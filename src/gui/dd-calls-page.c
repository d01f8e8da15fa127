/* dd-calls-page.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-calls-page.h"

#include <glib/gi18n.h>

#include "dd-call-form.h"
#include "dd-incident-view.h"
#include "dd-gui-util.h"
#include "dd-incident-store.h"
#include "dd-paged-model.h"
#include "dd-receipt-badge.h"
#include "dd-reporting-ui.h"
#include "dd-taxonomy.h"
#include "dd-time.h"

#define PAGE_SIZE 100

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
  GListStore        *search_results;
  GtkSingleSelection *selection;
  DdCallForm        *form;
  char              *selected_id;    /* kept across reloads of the list */
  GHashTable        *countdowns;     /* GtkLabel (bound) → NULL */
  guint              tick_id;
  gulong             changed_id;

  /* Template widgets */
  GtkSearchEntry    *search_entry;
  GtkColumnView     *column_view;
  GtkColumnView     *calls_view;
  GtkToggleButton   *calls_toggle;
  GtkWidget         *incidents_scroller;
  GtkWidget         *calls_scroller;
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

static void
update_countdown_label (GtkLabel *label,
                        gint64    now_ms)
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
  due_soon = !overdue && due_at > 0 && due_at - now_ms <= 10 * 60 * 1000;
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
      update_countdown_label (label, now_ms);

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
      update_countdown_label (label, g_get_real_time () / 1000);
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
      if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
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

/* ------------------------------------------------------------------ search */

typedef struct
{
  DdIncidentRules *rules;
  char            *text;
} SearchJob;

static void
search_job_free (gpointer data)
{
  SearchJob *job = data;

  g_clear_pointer (&job->rules, dd_incident_rules_unref);
  g_free (job->text);
  g_free (job);
}

/* On the store thread: the incidents the hits belong to, best first. */
static gpointer
search_job_run (DdStore  *store,
                gpointer  data,
                GError  **error)
{
  SearchJob *job = data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) incidents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  hits = dd_store_search_incidents (store, job->text, 0, 0, error);
  if (hits == NULL)
    return NULL;

  for (guint i = 0; i < hits->len; i++)
    {
      DdSearchHit *hit = g_ptr_array_index (hits, i);
      const char *id = dd_search_hit_get_incident_id (hit);
      g_autoptr(DdIncidentDetail) detail = NULL;

      if (id == NULL || *id == '\0' || g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, (gpointer) id);

      detail = dd_store_get_incident (store, job->rules, id, 0, NULL);
      if (detail != NULL)
        g_ptr_array_add (incidents, g_object_ref (detail->summary));
    }

  return g_steal_pointer (&incidents);
}

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DdCallsPage *self = user_data;
  g_autoptr(GPtrArray) incidents = NULL;
  g_autoptr(GError) error = NULL;

  incidents = dd_store_service_run_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_list_store_remove_all (self->search_results);
  if (incidents != NULL)
    g_list_store_splice (self->search_results, 0, 0, incidents->pdata, incidents->len);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->search_results));
  dd_calls_page_reselect (self);
}

static void
dd_calls_page_refresh (DdCallsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  SearchJob *job;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (self->service == NULL)
    return;

  if (*text == '\0')
    {
      dd_calls_page_reload (self);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  job = g_new0 (SearchJob, 1);
  job->rules = dd_incident_rules_ref (self->rules);
  job->text = g_strdup (text);
  dd_store_service_run_async (self->service, search_job_run, job, search_job_free,
                              (GDestroyNotify) g_ptr_array_unref, FALSE,
                              self->search_cancellable, on_search_cb, self);
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
  if (summary == NULL || *dd_incident_summary_get_id (summary) == '\0')
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (dd_incident_summary_get_id (summary));
  dd_incident_view_set_incident_id (self->incident_view, self->selected_id);
}

/* A call that belongs to an incident shows the incident. */
static void
on_calls_selection_changed_cb (DdCallsPage *self)
{
  DdCall *call = gtk_single_selection_get_selected_item (self->calls_selection);
  const char *incident_id = call != NULL ? dd_call_get_incident_id (call) : NULL;

  if (incident_id == NULL || *incident_id == '\0')
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (incident_id);
  dd_incident_view_set_incident_id (self->incident_view, incident_id);
}

/* The list shown: incidents or calls (two lists side by side in the
 * template, one visible; a GtkStack here upsets GTK 4.8's AT-SPI bridge
 * when rows are added while a screen reader reads the window). */
static void
on_calls_toggle_active_cb (DdCallsPage *self)
{
  gboolean calls = gtk_toggle_button_get_active (self->calls_toggle);

  gtk_widget_set_visible (self->incidents_scroller, !calls);
  gtk_widget_set_visible (self->calls_scroller, calls);

  gtk_menu_button_set_menu_model (self->sort_button,
                                  calls ? self->call_order_menu : self->incident_order_menu);
  if (calls && self->calls_paged == NULL)
    dd_calls_page_load_calls (self);
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

  g_clear_object (&self->selection);
  g_clear_object (&self->calls_selection);
  g_clear_object (&self->paged);
  g_clear_object (&self->calls_paged);
  g_clear_object (&self->search_results);

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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-calls-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, calls_view);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, calls_toggle);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, incidents_scroller);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, calls_scroller);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, sort_button);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, incident_order_menu);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, call_order_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_calls_toggle_active_cb);
  gtk_widget_class_bind_template_child (widget_class, DdCallsPage, incident_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_incident_view_add_information_cb);

  gtk_widget_class_install_property_action (widget_class, "calls.incident-order", "incident-order");
  gtk_widget_class_install_property_action (widget_class, "calls.call-order", "call-order");
  gtk_widget_class_install_action (widget_class, "calls.show-incident", "s", show_incident_action);
  gtk_widget_class_install_action (widget_class, "calls.record-report", "(ss)", record_report_action);
}

static void
dd_calls_page_init (DdCallsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->level = DD_LEVEL_PREFECTURE;
  self->countdowns = g_hash_table_new (NULL, NULL);
  self->search_results = g_list_store_new (DD_TYPE_INCIDENT_SUMMARY);

  self->rules = dd_reporting_ui_load_rules ();
  dd_incident_view_set_rules (self->incident_view, self->rules);

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

char *
dd_calls_page_format_countdown (gint64 due_at,
                                gint64 now_ms)
{
  return dd_reporting_ui_format_countdown (due_at, now_ms);
}
