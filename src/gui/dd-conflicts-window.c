/* dd-conflicts-window.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-conflicts-window.h"

#include <glib/gi18n.h>

#include "dd-time.h"

struct _DdConflictsWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkBox          *conflicts_box;
  GtkBox          *parked_box;

  DdSyncService   *sync_service;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (DdConflictsWindow, dd_conflicts_window, ADW_TYPE_WINDOW)

static void reload (DdConflictsWindow *self);

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A button with a mnemonic; its widget @name lets tests find it. */
static GtkWidget *
new_button (const char *mnemonic,
            const char *name,
            const char *id,
            GCallback   callback,
            gpointer    user_data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_name (button, name);
  g_object_set_data_full (G_OBJECT (button), "dd-id", g_strdup (id), g_free);
  g_signal_connect (button, "clicked", callback, user_data);
  return button;
}

/* A value as a person reads it: text as it is, anything else as JSON. */
static char *
display_value (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("");
}

static void
show_error (DdConflictsWindow *self,
            const GError      *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

/* Empties @box for the rows of @list, saying @empty if it has none; %NULL
 * (the error shown) if the list could not be read. */
static JsonArray *
start_list (DdConflictsWindow *self,
            JsonNode          *list,
            const GError      *error,
            GtkBox            *box,
            const char        *empty)
{
  JsonArray *array;

  if (list == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return NULL;
    }
  clear_box (box);
  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    gtk_box_append (box, new_label (empty, "dim-label"));
  return array;
}

static void
on_settled_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DdConflictsWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_sync_service_resolve_finish (self->sync_service, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    reload (self);
  g_object_unref (self);
}

static void
resolve (DdConflictsWindow *self,
         GtkWidget         *button,
         const char        *resolution,
         const char        *value)
{
  const char *id = g_object_get_data (G_OBJECT (button), "dd-id");

  gtk_widget_set_sensitive (gtk_widget_get_parent (button), FALSE);
  dd_sync_service_resolve_async (self->sync_service, id, resolution, value, self->cancellable,
                                 on_settled_cb, g_object_ref (self));
}

static void
on_keep_button_clicked_cb (GtkButton         *button,
                           DdConflictsWindow *self)
{
  resolve (self, GTK_WIDGET (button), "keep", NULL);
}

static void
on_take_other_button_clicked_cb (GtkButton         *button,
                                 DdConflictsWindow *self)
{
  resolve (self, GTK_WIDGET (button), "take_other", NULL);
}

static void
on_value_button_clicked_cb (GtkButton         *button,
                            DdConflictsWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (button), "dd-entry");

  resolve (self, GTK_WIDGET (button), "value", gtk_editable_get_text (entry));
}

/* One side of a conflict: its value, which desk, when. */
static GtkWidget *
new_side (const char *heading,
          JsonNode   *value,
          const char *desk,
          const char *when)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *text = display_value (value);
  g_autofree char *who = NULL;

  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (box), new_label (heading, "caption-heading"));
  gtk_box_append (GTK_BOX (box), new_label (text, "title-4"));
  /* Translators: the desk (an id) that wrote a value, and when */
  who = g_strdup_printf (_("Desk %s, %s"), desk, when);
  gtk_box_append (GTK_BOX (box), new_label (who, "dim-label"));
  return box;
}

static GtkWidget *
new_conflict_card (DdConflictsWindow *self,
                   JsonObject        *c)
{
  const char *id = json_object_get_string_member (c, "id");
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *button;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *other = display_value (json_object_get_member (c, "loser_value"));
  g_autoptr(GDateTime) at = dd_time_beijing_from_ms (json_object_get_int_member_with_default (c, "recorded_at", 0));

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_name (card, "conflict-card");
  gtk_widget_set_margin_start (sides, 12);
  gtk_widget_set_margin_end (sides, 12);
  gtk_widget_set_margin_start (actions, 12);
  gtk_widget_set_margin_end (actions, 12);
  gtk_widget_set_margin_bottom (actions, 12);

  /* Translators: record kind, record id, field, e.g. "desk 520102 · unit_name" */
  title = g_strdup_printf (_("%s %s · %s"), json_object_get_string_member (c, "record_kind"),
                           json_object_get_string_member (c, "record_id"),
                           json_object_get_string_member (c, "field"));
  {
    GtkWidget *heading = new_label (title, "heading");

    gtk_widget_set_margin_start (heading, 12);
    gtk_widget_set_margin_top (heading, 12);
    gtk_box_append (GTK_BOX (card), heading);
  }
  when = g_date_time_format (at, "%Y-%m-%d %H:%M");
  gtk_box_append (GTK_BOX (sides), new_side (_("Kept"), json_object_get_member (c, "winner_value"),
                                             json_object_get_string_member (c, "winner_desk"), when));
  gtk_box_append (GTK_BOX (sides), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (sides), new_side (_("Lost"), json_object_get_member (c, "loser_value"),
                                             json_object_get_string_member (c, "loser_desk"), when));
  gtk_box_append (GTK_BOX (card), sides);

  gtk_box_append (GTK_BOX (actions),
                  new_button (_("_Keep This"), "conflict-keep", id, G_CALLBACK (on_keep_button_clicked_cb), self));
  gtk_box_append (GTK_BOX (actions),
                  new_button (_("_Use the Other"), "conflict-take-other", id,
                              G_CALLBACK (on_take_other_button_clicked_cb), self));
  gtk_editable_set_text (GTK_EDITABLE (entry), other);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_name (entry, "conflict-value");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Another value"), -1);
  gtk_box_append (GTK_BOX (actions), entry);
  button = new_button (_("Use This _Value"), "conflict-use-value", id,
                       G_CALLBACK (on_value_button_clicked_cb), self);
  g_object_set_data (G_OBJECT (button), "dd-entry", entry);
  gtk_box_append (GTK_BOX (actions), button);
  gtk_box_append (GTK_BOX (card), actions);
  return card;
}

static void
on_conflicts_listed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  DdConflictsWindow *self = user_data;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  list = dd_sync_service_list_conflicts_finish (self->sync_service, result, &error);
  array = start_list (self, list, error, self->conflicts_box, _("No conflicts."));
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    gtk_box_append (self->conflicts_box, new_conflict_card (self, json_array_get_object_element (array, i)));
  g_object_unref (self);
}

static void
on_parked_settled_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DdConflictsWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dd_sync_service_settle_parked_finish (self->sync_service, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    reload (self);
  g_object_unref (self);
}

static void
settle_parked (DdConflictsWindow *self,
               GtkWidget         *button,
               gboolean           retry)
{
  gtk_widget_set_sensitive (gtk_widget_get_parent (button), FALSE);
  dd_sync_service_settle_parked_async (self->sync_service, g_object_get_data (G_OBJECT (button), "dd-id"),
                                       retry, self->cancellable, on_parked_settled_cb, g_object_ref (self));
}

static void
on_retry_button_clicked_cb (GtkButton         *button,
                            DdConflictsWindow *self)
{
  settle_parked (self, GTK_WIDGET (button), TRUE);
}

static void
on_drop_button_clicked_cb (GtkButton         *button,
                           DdConflictsWindow *self)
{
  settle_parked (self, GTK_WIDGET (button), FALSE);
}

static void
on_parked_listed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DdConflictsWindow *self = user_data;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  list = dd_sync_service_list_parked_finish (self->sync_service, result, &error);
  array = start_list (self, list, error, self->parked_box, _("No parked changes."));
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *op = json_array_get_object_element (array, i);
      const char *op_id = json_object_get_string_member (op, "op_id");
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *text = NULL;
      GtkWidget *label;

      /* Translators: operation, record kind, record id, the server's reason, its detail */
      text = g_strdup_printf (_("%s %s %s — refused: %s. %s"), json_object_get_string_member (op, "op"),
                              json_object_get_string_member (op, "record_kind"),
                              json_object_get_string_member (op, "record_id"),
                              json_object_get_string_member (op, "reason"),
                              json_object_get_string_member (op, "detail"));
      label = new_label (text, NULL);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), new_button (_("_Retry"), "parked-retry", op_id,
                                                 G_CALLBACK (on_retry_button_clicked_cb), self));
      gtk_box_append (GTK_BOX (row), new_button (_("_Drop"), "parked-drop", op_id,
                                                 G_CALLBACK (on_drop_button_clicked_cb), self));
      gtk_box_append (self->parked_box, row);
    }
  g_object_unref (self);
}

static void
reload (DdConflictsWindow *self)
{
  dd_sync_service_list_conflicts_async (self->sync_service, TRUE, self->cancellable,
                                        on_conflicts_listed_cb, g_object_ref (self));
  dd_sync_service_list_parked_async (self->sync_service, self->cancellable, on_parked_listed_cb,
                                     g_object_ref (self));
}

static void
on_sync_service_counts_cb (DdSyncService     *service,
                           GParamSpec        *pspec,
                           DdConflictsWindow *self)
{
  reload (self);
}

static void
dd_conflicts_window_dispose (GObject *object)
{
  DdConflictsWindow *self = DD_CONFLICTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sync_service != NULL)
    g_signal_handlers_disconnect_by_data (self->sync_service, self);
  g_clear_object (&self->sync_service);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_CONFLICTS_WINDOW);

  G_OBJECT_CLASS (dd_conflicts_window_parent_class)->dispose (object);
}

static void
dd_conflicts_window_class_init (DdConflictsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_conflicts_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-conflicts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdConflictsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DdConflictsWindow, conflicts_box);
  gtk_widget_class_bind_template_child (widget_class, DdConflictsWindow, parked_box);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dd_conflicts_window_init (DdConflictsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
dd_conflicts_window_new (DdSyncService *sync_service)
{
  DdConflictsWindow *self;

  g_return_val_if_fail (DD_IS_SYNC_SERVICE (sync_service), NULL);

  self = g_object_new (DD_TYPE_CONFLICTS_WINDOW, NULL);
  self->sync_service = g_object_ref (sync_service);
  /* what another desk or a round changed shows up here */
  g_signal_connect (sync_service, "notify::n-conflicts", G_CALLBACK (on_sync_service_counts_cb), self);
  g_signal_connect (sync_service, "notify::n-parked", G_CALLBACK (on_sync_service_counts_cb), self);
  reload (self);
  return GTK_WIDGET (self);
}
