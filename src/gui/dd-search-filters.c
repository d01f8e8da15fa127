/* dd-search-filters.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-search-filters.h"

#include <glib/gi18n.h>

#include "dd-division.h"
#include "dd-gui-util.h"
#include "dd-duty-date.h"
#include "dd-taxonomy.h"

struct _DdSearchFilters
{
  GtkWidget          parent_instance;

  /* The filters (DdSearchFilter), as chosen in the fields. */
  GDate              filter_from;     /* invalid: none */
  GDate              filter_to;
  guint              filter_grades;
  guint              filter_statuses;
  GPtrArray         *category_ids;    /* by position in the drop-down; "" for any */
  GPtrArray         *division_codes;
  guint              dates_valid : 1;
  guint              clearing : 1;

  /* Template widgets */
  GtkEntry          *from_entry;
  GtkEntry          *to_entry;
  GtkToggleButton   *grade_i_button;
  GtkToggleButton   *grade_ii_button;
  GtkToggleButton   *grade_iii_button;
  GtkToggleButton   *grade_iv_button;
  GtkDropDown       *category_dropdown;
  GtkDropDown       *division_dropdown;
  GtkDropDown       *status_dropdown;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdSearchFilters, dd_search_filters, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------ helpers */

/* The id at the position chosen in a drop-down of @ids ("" first: any). */
static const char *
dropdown_id (GtkDropDown *dropdown,
             GPtrArray   *ids)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (ids == NULL || position == GTK_INVALID_LIST_POSITION || position == 0 || position >= ids->len)
    return NULL;

  return g_ptr_array_index (ids, position);
}

static const char *
dd_search_filters_get_category (DdSearchFilters *self)
{
  return dropdown_id (self->category_dropdown, self->category_ids);
}

static const char *
dd_search_filters_get_division (DdSearchFilters *self)
{
  return dropdown_id (self->division_dropdown, self->division_codes);
}

/* A grade as its toggle button shows it. */
static const char *
grade_short_label (DdGrade grade)
{
  switch (grade)
    {
    /* Translators: grades on the filter's buttons: Ⅰ级 … Ⅳ级 */
    case DD_GRADE_I:   return C_("grade", "I");
    case DD_GRADE_II:  return C_("grade", "II");
    case DD_GRADE_III: return C_("grade", "III");
    case DD_GRADE_IV:  return C_("grade", "IV");
    case DD_GRADE_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* A day typed in @entry: TRUE and @date set (or cleared, for nothing
 * typed) if it reads; the entry is marked wrong when it does not and
 * @strict (or it is as long as a whole day). */
static gboolean
read_date_entry (GtkEntry *entry,
                 GDate    *date,
                 gboolean  strict)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gboolean ok;

  g_date_clear (date, 1);
  ok = *text == '\0' || dd_duty_date_parse (text, date);
  if (!ok)
    g_date_clear (date, 1);

  if (ok || (!strict && strlen (text) < 10))
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");

  return ok;
}

/* The filters from the widgets. */
static void
dd_search_filters_read (DdSearchFilters *self,
                        gboolean         strict)
{
  GtkToggleButton *grades[] = {
    self->grade_i_button, self->grade_ii_button, self->grade_iii_button, self->grade_iv_button,
  };
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  gboolean from_ok;
  gboolean to_ok;

  from_ok = read_date_entry (self->from_entry, &self->filter_from, strict);
  to_ok = read_date_entry (self->to_entry, &self->filter_to, strict);
  self->dates_valid = from_ok && to_ok;
  /* The last day before the first: the store would refuse both. */
  if (g_date_valid (&self->filter_from) && g_date_valid (&self->filter_to) &&
      g_date_compare (&self->filter_from, &self->filter_to) > 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->to_entry), "error");
      g_date_clear (&self->filter_to, 1);
      self->dates_valid = FALSE;
    }

  self->filter_grades = 0;
  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    if (gtk_toggle_button_get_active (grades[i]))
      self->filter_grades |= 1u << (DD_GRADE_I + i);

  /* Any, Open, Closed */
  self->filter_statuses = 0;
  if (status == 1)
    self->filter_statuses = 1u << DD_INCIDENT_STATUS_OPEN;
  else if (status == 2)
    self->filter_statuses = 1u << DD_INCIDENT_STATUS_CLOSED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search-filters.clear",
                                 dd_search_filters_count (self) > 0);
}

static void
dd_search_filters_setup (DdSearchFilters *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  GListModel *taxonomy = G_LIST_MODEL (dd_taxonomy_get_default ());
  GListModel *table = G_LIST_MODEL (dd_division_table_get_default ());
  GtkToggleButton *grades[] = {
    self->grade_i_button, self->grade_ii_button, self->grade_iii_button, self->grade_iv_button,
  };

  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    {
      DdGrade grade = DD_GRADE_I + i;

      gtk_button_set_label (GTK_BUTTON (grades[i]), grade_short_label (grade));
      gtk_widget_set_tooltip_text (GTK_WIDGET (grades[i]), dd_grade_get_label (grade));
      gtk_accessible_update_property (GTK_ACCESSIBLE (grades[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, dd_grade_get_label (grade),
                                      -1);
    }

  /* The categories of the taxonomy, in its order, by their official
   * (Chinese) names as the daily report gives them. */
  self->category_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->category_ids, g_strdup (""));
  gtk_string_list_append (categories, _("Any category"));
  for (guint i = 0; i < g_list_model_get_n_items (taxonomy); i++)
    {
      g_autoptr(DdSubtype) subtype = g_list_model_get_item (taxonomy, i);
      const char *category = dd_subtype_get_category (subtype);

      if (g_ptr_array_find_with_equal_func (self->category_ids, category, g_str_equal, NULL))
        continue;
      g_ptr_array_add (self->category_ids, g_strdup (category));
      gtk_string_list_append (categories, dd_subtype_get_category_zh (subtype));
    }
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (categories));

  self->division_codes = dd_division_dropdown_fill (self->division_dropdown, table, _("Any division"));

  gtk_string_list_append (statuses, _("Any status"));
  gtk_string_list_append (statuses, dd_incident_status_get_label (DD_INCIDENT_STATUS_OPEN));
  gtk_string_list_append (statuses, dd_incident_status_get_label (DD_INCIDENT_STATUS_CLOSED));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
}

/* ---------------------------------------------------------------- callbacks */

static void
on_filter_changed_cb (DdSearchFilters *self)
{
  if (self->clearing)
    return;

  dd_search_filters_read (self, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_date_entry_changed_cb (GtkEditable     *editable,
                          DdSearchFilters *self)
{
  on_filter_changed_cb (self);
}

/* Enter: a day that does not read is marked. */
static void
on_date_entry_activate_cb (GtkEntry        *entry,
                           DdSearchFilters *self)
{
  dd_search_filters_read (self, TRUE);
}

/* search-filters.clear: every filter off, in one change. */
static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  dd_search_filters_clear (DD_SEARCH_FILTERS (widget));
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_search_filters_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), DD_TYPE_SEARCH_FILTERS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dd_search_filters_parent_class)->dispose (object);
}

static void
dd_search_filters_finalize (GObject *object)
{
  DdSearchFilters *self = DD_SEARCH_FILTERS (object);

  g_clear_pointer (&self->category_ids, g_ptr_array_unref);
  g_clear_pointer (&self->division_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (dd_search_filters_parent_class)->finalize (object);
}

static void
dd_search_filters_class_init (DdSearchFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_search_filters_dispose;
  object_class->finalize = dd_search_filters_finalize;

  /**
   * DdSearchFilters::changed:
   *
   * The filters chosen changed (not emitted while they are cleared, but
   * once after).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-search-filters.ui");
  gtk_widget_class_bind_template_child (widget_class, DdSearchFilters, from_entry);
  gtk_widget_class_bind_template_child (widget_class, DdSearchFilters, to_entry);
  gtk_widget_class_bind_template_child (widget_class, DdSearchFilters, grade_i_button);
  gtk_widget_class_bind_template_child (widget_class, DdSearchFilters, grade_ii_button);
  gtk_widget_class_bind_template_child (widget_class, DdSearchFilters, grade_iii_button);
  gtk_widget_class_bind_template_child (widget_class, DdSearchFilters, grade_iv_button);
  gtk_widget_class_bind_template_child (widget_class, DdSearchFilters, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdSearchFilters, division_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdSearchFilters, status_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "search-filters.clear", NULL, clear_action);
}

static void
dd_search_filters_init (DdSearchFilters *self)
{
  g_date_clear (&self->filter_from, 1);
  g_date_clear (&self->filter_to, 1);
  self->dates_valid = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  dd_search_filters_setup (self);
  dd_search_filters_read (self, FALSE);
}

/* ------------------------------------------------------------------ public */

GtkWidget *
dd_search_filters_new (void)
{
  return g_object_new (DD_TYPE_SEARCH_FILTERS, NULL);
}

gboolean
dd_search_filters_get_filter (DdSearchFilters *self,
                              DdSearchFilter  *filter)
{
  g_return_val_if_fail (DD_IS_SEARCH_FILTERS (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  filter->from = g_date_valid (&self->filter_from) ? &self->filter_from : NULL;
  filter->to = g_date_valid (&self->filter_to) ? &self->filter_to : NULL;
  filter->grades = self->filter_grades;
  filter->category = dd_search_filters_get_category (self);
  filter->division = dd_search_filters_get_division (self);
  filter->statuses = self->filter_statuses;

  return self->dates_valid;
}

guint
dd_search_filters_count (DdSearchFilters *self)
{
  g_return_val_if_fail (DD_IS_SEARCH_FILTERS (self), 0);

  return (g_date_valid (&self->filter_from) || g_date_valid (&self->filter_to)) +
         (self->filter_grades != 0) +
         (dd_search_filters_get_category (self) != NULL) +
         (dd_search_filters_get_division (self) != NULL) +
         (self->filter_statuses != 0);
}

/* "2026-03-01 – 2026-03-05 · Grade I, II · 自然灾害 · 南明区 · Open" */
char *
dd_search_filters_describe (DdSearchFilters *self)
{
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const char *division;

  g_return_val_if_fail (DD_IS_SEARCH_FILTERS (self), NULL);

  parts = g_ptr_array_new_with_free_func (g_free);
  from = g_date_valid (&self->filter_from) ? dd_duty_date_to_string (&self->filter_from) : NULL;
  to = g_date_valid (&self->filter_to) ? dd_duty_date_to_string (&self->filter_to) : NULL;
  division = dd_search_filters_get_division (self);

  if (from != NULL && to != NULL)
    /* Translators: a range of days, first and last included */
    g_ptr_array_add (parts, g_strdup_printf (_("%1$s – %2$s"), from, to));
  else if (from != NULL)
    /* Translators: days from this one on */
    g_ptr_array_add (parts, g_strdup_printf (_("from %s"), from));
  else if (to != NULL)
    /* Translators: days up to this one */
    g_ptr_array_add (parts, g_strdup_printf (_("until %s"), to));

  if (self->filter_grades != 0)
    {
      g_autoptr(GString) grades = g_string_new (NULL);

      for (DdGrade grade = DD_GRADE_I; grade <= DD_GRADE_IV; grade++)
        if (self->filter_grades & (1u << grade))
          {
            if (grades->len > 0)
              /* Translators: between grades in the filters' summary */
              g_string_append (grades, _(", "));
            g_string_append (grades, grade_short_label (grade));
          }
      /* Translators: the grades chosen, e.g. "Grade I, II" */
      g_ptr_array_add (parts, g_strdup_printf (_("Grade %s"), grades->str));
    }

  if (dd_search_filters_get_category (self) != NULL)
    {
      GtkStringObject *item = gtk_drop_down_get_selected_item (self->category_dropdown);

      g_ptr_array_add (parts, g_strdup (gtk_string_object_get_string (item)));
    }

  if (division != NULL)
    {
      DdDivision *found = dd_division_table_lookup (dd_division_table_get_default (), division);

      g_ptr_array_add (parts, g_strdup (found != NULL ? dd_division_get_name (found) : division));
    }

  for (DdIncidentStatus status = DD_INCIDENT_STATUS_OPEN; status <= DD_INCIDENT_STATUS_CLOSED; status++)
    if (self->filter_statuses == (1u << status))
      g_ptr_array_add (parts, g_strdup (dd_incident_status_get_label (status)));

  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

void
dd_search_filters_clear (DdSearchFilters *self)
{
  g_return_if_fail (DD_IS_SEARCH_FILTERS (self));

  self->clearing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  gtk_toggle_button_set_active (self->grade_i_button, FALSE);
  gtk_toggle_button_set_active (self->grade_ii_button, FALSE);
  gtk_toggle_button_set_active (self->grade_iii_button, FALSE);
  gtk_toggle_button_set_active (self->grade_iv_button, FALSE);
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_drop_down_set_selected (self->division_dropdown, 0);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  self->clearing = FALSE;

  dd_search_filters_read (self, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
}
