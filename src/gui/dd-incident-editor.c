/* dd-incident-editor.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-incident-editor.h"

#include <glib/gi18n.h>

#include "dd-division.h"
#include "dd-facts.h"
#include "dd-gui-util.h"
#include "dd-incident.h"
#include "dd-taxonomy.h"
#include "dd-time.h"

/* The facts in the grid, in #DdFact order: every one but the density,
 * which has a dropdown of its own. */
#define N_NUMBER_FACTS DD_FACT_DENSITY
#define FACT_COLUMNS 4

struct _DdIncidentEditor
{
  AdwWindow          parent_instance;

  DdStoreService    *service;
  DdIncidentRules   *rules;
  GCancellable      *cancellable;
  char              *officer;

  /* What the form was filled with: the incident as then known */
  char              *incident_id;
  char              *subtype;
  gint64             occurred_at;
  DdFacts            facts;
  char              *texts[DD_N_INCIDENT_TEXTS];

  guint              loading : 1;
  guint              edited : 1;
  guint              saving : 1;
  guint              finished : 1;

  /* Template widgets */
  AdwWindowTitle    *window_title;
  GtkEntry          *received_entry;
  GtkEntry          *source_entry;
  GtkEntry          *occurred_entry;
  GtkDropDown       *subtype_dropdown;
  GtkEntry          *location_entry;
  GtkDropDown       *division_dropdown;
  GtkGrid           *facts_grid;
  GtkTextView       *description_view;
  GtkTextView       *scope_view;
  GtkTextView       *trend_view;
  GtkTextView       *measures_view;
  GtkTextView       *leaders_view;
  GtkLabel          *error_label;

  GtkEntry          *fact_entries[N_NUMBER_FACTS];
  GtkDropDown       *density_dropdown;
};

G_DEFINE_FINAL_TYPE (DdIncidentEditor, dd_incident_editor, ADW_TYPE_WINDOW)

/* ------------------------------------------------------------------ helpers */

static GtkWidget *
get_text_widget (DdIncidentEditor *self,
                 DdIncidentText    which)
{
  switch (which)
    {
    case DD_INCIDENT_TEXT_DESCRIPTION: return GTK_WIDGET (self->description_view);
    case DD_INCIDENT_TEXT_LOCATION:    return GTK_WIDGET (self->location_entry);
    case DD_INCIDENT_TEXT_DIVISION:    return GTK_WIDGET (self->division_dropdown);
    case DD_INCIDENT_TEXT_SOURCE:      return GTK_WIDGET (self->source_entry);
    case DD_INCIDENT_TEXT_SCOPE:       return GTK_WIDGET (self->scope_view);
    case DD_INCIDENT_TEXT_TREND:       return GTK_WIDGET (self->trend_view);
    case DD_INCIDENT_TEXT_MEASURES:    return GTK_WIDGET (self->measures_view);
    case DD_INCIDENT_TEXT_LEADERS:     return GTK_WIDGET (self->leaders_view);
    default:                           g_return_val_if_reached (NULL);
    }
}

/* The text of element @which as typed, trimmed. */
static char *
dup_text (DdIncidentEditor *self,
          DdIncidentText    which)
{
  GtkWidget *widget = get_text_widget (self, which);
  char *text;

  if (GTK_IS_DROP_DOWN (widget))
    {
      DdDivision *division = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (widget));

      return g_strdup (division != NULL ? dd_division_get_code (division) : "");
    }

  if (GTK_IS_TEXT_VIEW (widget))
    text = dd_gui_text_view_dup_text (GTK_TEXT_VIEW (widget));
  else
    text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));

  return g_strstrip (text);
}

static void
set_text (DdIncidentEditor *self,
          DdIncidentText    which,
          const char       *text)
{
  GtkWidget *widget = get_text_widget (self, which);

  if (text == NULL)
    text = "";

  if (GTK_IS_DROP_DOWN (widget))
    {
      GListModel *divisions = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));

      gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), GTK_INVALID_LIST_POSITION);
      for (guint i = 0; *text != '\0' && i < g_list_model_get_n_items (divisions); i++)
        {
          g_autoptr(DdDivision) division = g_list_model_get_item (divisions, i);

          if (g_strcmp0 (dd_division_get_code (division), text) == 0)
            {
              gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), i);
              break;
            }
        }
    }
  else if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

/* Fills the form with what the incident now knows. */
static void
fill (DdIncidentEditor *self)
{
  g_autofree char *now = dd_time_format_minutes (g_get_real_time () / 1000);
  g_autofree char *occurred = NULL;

  self->loading = TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->received_entry), now);
  if (self->occurred_at > 0)
    occurred = dd_time_format_minutes (self->occurred_at);
  gtk_editable_set_text (GTK_EDITABLE (self->occurred_entry), occurred != NULL ? occurred : "");
  dd_gui_subtype_dropdown_select (self->subtype_dropdown, self->subtype);
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    set_text (self, i, self->texts[i]);
  for (guint i = 0; i < N_NUMBER_FACTS; i++)
    {
      g_autofree char *value = dd_facts_format_value (&self->facts, i);

      gtk_editable_set_text (GTK_EDITABLE (self->fact_entries[i]), value != NULL ? value : "");
    }
  gtk_drop_down_set_selected (self->density_dropdown, dd_facts_get_density (&self->facts));

  self->loading = FALSE;
  self->edited = FALSE;
}

/* Refuses with @message, the focus on @widget. */
static gboolean
refuse (DdIncidentEditor *self,
        GtkWidget        *widget,
        const char       *message)
{
  dd_label_show_message (self->error_label, message);
  if (widget != NULL)
    gtk_widget_grab_focus (widget);

  return FALSE;
}

static gboolean
refuse_cleared (DdIncidentEditor *self,
                GtkWidget        *widget,
                const char       *label)
{
  g_autofree char *message = NULL;

  /* Translators: %s is an element of an incident, "Deaths" or "Scope of impact" */
  message = g_strdup_printf (_("%s was given before and cannot be left empty: write what is now known"), label);
  return refuse (self, widget, message);
}

/* The facts typed that differ from those known; %FALSE (with the message
 * shown) when one is not a value or was cleared. */
static gboolean
collect_facts (DdIncidentEditor *self,
               DdFacts          *changed)
{
  DdPopulationDensity density;

  for (guint i = 0; i < N_NUMBER_FACTS; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->fact_entries[i]))));
      g_autoptr(GError) error = NULL;
      DdFacts typed = DD_FACTS_INIT;
      double before;

      if (*text == '\0')
        {
          if (dd_facts_has (&self->facts, i))
            return refuse_cleared (self, GTK_WIDGET (self->fact_entries[i]), dd_fact_get_label (i));
          continue;
        }

      if (!dd_facts_set_from_string (&typed, i, text, &error))
        return refuse (self, GTK_WIDGET (self->fact_entries[i]), error->message);

      if (!dd_facts_get (&self->facts, i, &before) || before != dd_facts_get_value (&typed, i))
        dd_facts_set (changed, i, dd_facts_get_value (&typed, i));
    }

  density = gtk_drop_down_get_selected (self->density_dropdown);
  if (density == DD_POPULATION_DENSITY_UNKNOWN || (guint) density == GTK_INVALID_LIST_POSITION)
    {
      if (dd_facts_has (&self->facts, DD_FACT_DENSITY))
        return refuse_cleared (self, GTK_WIDGET (self->density_dropdown), dd_fact_get_label (DD_FACT_DENSITY));
    }
  else if (density != dd_facts_get_density (&self->facts))
    dd_facts_set_density (changed, density);

  return TRUE;
}

/* The UPDATE event holding what changed, or %NULL (the message shown). */
static DdIncidentEvent *
build_event (DdIncidentEditor *self)
{
  g_autoptr(DdIncidentEvent) event = NULL;
  g_autofree char *occurred_text = NULL;
  DdSubtype *subtype;
  gint64 received_at;
  gint64 occurred_at = 0;
  gboolean changed = FALSE;

  if (!dd_time_parse_minutes (gtk_editable_get_text (GTK_EDITABLE (self->received_entry)), &received_at))
    {
      refuse (self, GTK_WIDGET (self->received_entry),
              _("The received time is not a time (YYYY-MM-DD HH:MM)"));
      return NULL;
    }

  occurred_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->occurred_entry))));
  if (*occurred_text == '\0')
    {
      if (self->occurred_at > 0)
        {
          refuse_cleared (self, GTK_WIDGET (self->occurred_entry), _("The occurred time"));
          return NULL;
        }
    }
  else if (!dd_time_parse_minutes (occurred_text, &occurred_at))
    {
      refuse (self, GTK_WIDGET (self->occurred_entry),
              _("The occurred time is not a time: write it as YYYY-MM-DD HH:MM, Beijing time"));
      return NULL;
    }
  else if (occurred_at != self->occurred_at && occurred_at > received_at)
    {
      refuse (self, GTK_WIDGET (self->occurred_entry),
              _("The incident cannot have occurred after this information was received"));
      return NULL;
    }

  event = dd_incident_event_new (NULL, self->incident_id, DD_INCIDENT_EVENT_KIND_UPDATE, received_at);

  if (occurred_at != 0 && occurred_at != self->occurred_at)
    {
      event->occurred_at = occurred_at;
      changed = TRUE;
    }

  subtype = gtk_drop_down_get_selected_item (self->subtype_dropdown);
  if (subtype != NULL && g_strcmp0 (dd_subtype_get_id (subtype), self->subtype) != 0)
    {
      event->subtype = g_strdup (dd_subtype_get_id (subtype));
      changed = TRUE;
    }

  if (!collect_facts (self, &event->facts))
    return NULL;
  changed = changed || !dd_facts_is_empty (&event->facts);

  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    {
      g_autofree char *text = dup_text (self, i);
      const char *before = self->texts[i] != NULL ? self->texts[i] : "";

      if (*text == '\0' && *before != '\0')
        {
          refuse_cleared (self, get_text_widget (self, i), dd_incident_text_get_label (i));
          return NULL;
        }
      if (g_strcmp0 (text, before) != 0)
        {
          dd_incident_event_set_text (event, i, text);
          changed = TRUE;
        }
    }

  if (!changed)
    {
      refuse (self, NULL, _("Nothing has changed: edit an element to record new information"));
      return NULL;
    }

  if (self->officer != NULL && *self->officer != '\0')
    event->recorded_by = g_strdup (self->officer);

  return g_steal_pointer (&event);
}

/* ------------------------------------------------------------------ callbacks */

static void
on_field_changed_cb (DdIncidentEditor *self)
{
  if (!self->loading)
    self->edited = TRUE;
}

static void
on_add_event_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DdIncidentEditor) self = user_data;
  g_autoptr(DdIncidentSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = dd_store_service_add_incident_event_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-editor.save", TRUE);
  if (summary == NULL)
    {
      dd_label_show_message (self->error_label, error->message);
      return;
    }

  self->finished = TRUE;
  dd_window_destroy_soon (GTK_WINDOW (self));
}

static void
dd_incident_editor_save (DdIncidentEditor *self)
{
  g_autoptr(DdIncidentEvent) event = NULL;

  if (self->saving || self->finished)
    return;

  event = build_event (self);
  if (event == NULL)
    return;

  dd_label_show_message (self->error_label, NULL);
  if (self->service == NULL)
    return;

  self->saving = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-editor.save", FALSE);
  dd_store_service_add_incident_event_async (self->service, self->rules, event, self->cancellable,
                                             on_add_event_cb, g_object_ref (self));
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        DdIncidentEditor *self)
{
  /* Not destroyed here: the dialog, transient for the editor, still
   * needs it until its response is over. */
  if (g_strcmp0 (response, "discard") == 0)
    {
      self->finished = TRUE;
      dd_window_destroy_soon (GTK_WINDOW (self));
    }
}

/* Closes, asking first when something was edited. */
static void
ask_discard (DdIncidentEditor *self)
{
  AdwMessageDialog *dialog;

  if (!self->edited || self->finished)
    {
      self->finished = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  dialog = dd_gui_discard_dialog_new (GTK_WINDOW (self), _("Discard the Changes?"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_cancel_button_clicked_cb (GtkButton        *button,
                             DdIncidentEditor *self)
{
  ask_discard (self);
}

static gboolean
dd_incident_editor_escape (GtkWidget *widget,
                           GVariant  *args,
                           gpointer   user_data)
{
  ask_discard (DD_INCIDENT_EDITOR (widget));
  return TRUE;
}

static void
dd_incident_editor_save_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  dd_incident_editor_save (DD_INCIDENT_EDITOR (widget));
}

static char *
division_display (DdDivision *division)
{
  g_autofree char *path = NULL;

  if (division == NULL)
    return g_strdup ("");

  path = dd_division_table_dup_path (dd_division_table_get_default (), dd_division_get_code (division));
  /* Translators: a division in the picker: "贵州省 贵阳市 南明区 · 520102" */
  return g_strdup_printf (_("%1$s · %2$s"), path, dd_division_get_code (division));
}

/* ------------------------------------------------------------------ vfuncs */

static gboolean
dd_incident_editor_close_request (GtkWindow *window)
{
  DdIncidentEditor *self = DD_INCIDENT_EDITOR (window);

  if (self->edited && !self->finished)
    {
      ask_discard (self);
      return TRUE;
    }

  self->finished = TRUE;
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (dd_incident_editor_parent_class)->close_request (window);
}

static void
dd_incident_editor_dispose (GObject *object)
{
  DdIncidentEditor *self = DD_INCIDENT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_INCIDENT_EDITOR);

  G_OBJECT_CLASS (dd_incident_editor_parent_class)->dispose (object);
}

static void
dd_incident_editor_finalize (GObject *object)
{
  DdIncidentEditor *self = DD_INCIDENT_EDITOR (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->officer, g_free);
  g_clear_pointer (&self->incident_id, g_free);
  g_clear_pointer (&self->subtype, g_free);
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    g_clear_pointer (&self->texts[i], g_free);

  G_OBJECT_CLASS (dd_incident_editor_parent_class)->finalize (object);
}

static void
dd_incident_editor_class_init (DdIncidentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dd_incident_editor_dispose;
  object_class->finalize = dd_incident_editor_finalize;
  window_class->close_request = dd_incident_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-incident-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, received_entry);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, source_entry);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, occurred_entry);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, subtype_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, location_entry);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, division_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, scope_view);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, trend_view);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, measures_view);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, leaders_view);
  gtk_widget_class_bind_template_child (widget_class, DdIncidentEditor, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "incident-editor.save", NULL, dd_incident_editor_save_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, dd_incident_editor_escape, NULL);
}

static void
dd_incident_editor_init (DdIncidentEditor *self)
{
  g_autoptr(GtkStringList) densities = gtk_string_list_new (NULL);
  GtkExpression *expression;
  GtkWidget *caption;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  dd_gui_subtype_dropdown_init (self->subtype_dropdown);

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (division_display), NULL, NULL);
  gtk_drop_down_set_expression (self->division_dropdown, expression);
  gtk_expression_unref (expression);
  gtk_drop_down_set_model (self->division_dropdown, G_LIST_MODEL (dd_division_table_get_default ()));
  gtk_drop_down_set_selected (self->division_dropdown, GTK_INVALID_LIST_POSITION);

  for (guint i = 0; i < N_NUMBER_FACTS; i++)
    {
      GtkWidget *entry = dd_gui_fact_entry_new (i, &caption);

      gtk_grid_attach (self->facts_grid, caption, i % FACT_COLUMNS, 2 * (i / FACT_COLUMNS), 1, 1);
      gtk_grid_attach (self->facts_grid, entry, i % FACT_COLUMNS, 2 * (i / FACT_COLUMNS) + 1, 1, 1);
      self->fact_entries[i] = GTK_ENTRY (entry);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_field_changed_cb), self);
    }

  /* The density is a name, not a number: a dropdown in the last cell. */
  gtk_string_list_append (densities, _("Not given"));
  gtk_string_list_append (densities, dd_population_density_get_label (DD_POPULATION_DENSITY_FAIRLY_DENSE));
  gtk_string_list_append (densities, dd_population_density_get_label (DD_POPULATION_DENSITY_DENSE));
  self->density_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (densities)), NULL));
  gtk_widget_set_name (GTK_WIDGET (self->density_dropdown), dd_fact_to_string (DD_FACT_DENSITY));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->density_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, dd_fact_get_label (DD_FACT_DENSITY),
                                  -1);
  caption = dd_gui_fact_caption_new (DD_FACT_DENSITY, GTK_WIDGET (self->density_dropdown));
  gtk_grid_attach (self->facts_grid, caption, N_NUMBER_FACTS % FACT_COLUMNS,
                   2 * (N_NUMBER_FACTS / FACT_COLUMNS), 1, 1);
  gtk_grid_attach (self->facts_grid, GTK_WIDGET (self->density_dropdown), N_NUMBER_FACTS % FACT_COLUMNS,
                   2 * (N_NUMBER_FACTS / FACT_COLUMNS) + 1, 1, 1);
  g_signal_connect_swapped (self->density_dropdown, "notify::selected", G_CALLBACK (on_field_changed_cb), self);

  for (DdIncidentText i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    {
      GtkWidget *widget = get_text_widget (self, i);

      if (GTK_IS_TEXT_VIEW (widget))
        g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "changed",
                                  G_CALLBACK (on_field_changed_cb), self);
      else if (GTK_IS_DROP_DOWN (widget))
        g_signal_connect_swapped (widget, "notify::selected", G_CALLBACK (on_field_changed_cb), self);
      else
        g_signal_connect_swapped (widget, "changed", G_CALLBACK (on_field_changed_cb), self);
    }
  g_signal_connect_swapped (self->received_entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->occurred_entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  g_signal_connect_swapped (self->subtype_dropdown, "notify::selected", G_CALLBACK (on_field_changed_cb), self);

  /* Ctrl+Enter saves even from inside a multi-line field. */
  dd_gui_add_save_shortcut (GTK_WIDGET (self), "incident-editor.save");
}

/* ------------------------------------------------------------------ public */

DdIncidentEditor *
dd_incident_editor_new (DdStoreService   *service,
                        DdIncidentRules  *rules,
                        DdIncidentDetail *detail)
{
  DdIncidentEditor *self;
  DdIncidentState *state;
  g_autofree char *title = NULL;

  g_return_val_if_fail (service == NULL || DD_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (detail != NULL, NULL);

  self = g_object_new (DD_TYPE_INCIDENT_EDITOR, NULL);
  state = detail->state;
  self->service = service != NULL ? g_object_ref (service) : NULL;
  self->rules = rules != NULL ? dd_incident_rules_ref (rules) : NULL;
  self->incident_id = g_strdup (state->incident_id);
  self->subtype = g_strdup (state->subtype);
  self->occurred_at = state->occurred_at;
  self->facts = state->facts;
  for (guint i = 0; i < DD_N_INCIDENT_TEXTS; i++)
    self->texts[i] = g_strdup (state->texts[i]);

  /* Translators: %s is an incident's number */
  title = g_strdup_printf (_("Update Incident %s"), dd_incident_summary_get_number (detail->summary));
  adw_window_title_set_title (self->window_title, title);
  fill (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->source_entry));

  return self;
}

void
dd_incident_editor_set_officer (DdIncidentEditor *self,
                                const char       *officer)
{
  g_return_if_fail (DD_IS_INCIDENT_EDITOR (self));

  g_free (self->officer);
  self->officer = g_strdup (officer);
}

gboolean
dd_incident_editor_get_edited (DdIncidentEditor *self)
{
  g_return_val_if_fail (DD_IS_INCIDENT_EDITOR (self), FALSE);

  return self->edited;
}
