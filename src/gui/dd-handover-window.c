/* dd-handover-window.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-handover-window.h"

#include <glib/gi18n.h>

#include "dd-duty-defaults.h"
#include "dd-gui-util.h"
#include "dd-reporting-ui.h"
#include "dd-roster-store.h"

struct _DdHandoverWindow
{
  AdwWindow        parent_instance;

  DdStoreService  *service;
  GCancellable    *cancellable;
  DdIncidentRules *rules;
  gint64           now_override_ms;
  GPtrArray       *items;        /* DdHandoverItem */
  char            *unit_name;
  guint            loading : 1;
  guint            loaded : 1;
  guint            dirty : 1;
  guint            signing : 1;
  guint            n_acking;

  /* Template widgets */
  GtkLabel        *hint_label;
  GtkLabel        *error_label;
  AdwEntryRow     *incoming_row;
  AdwEntryRow     *outgoing_row;
  GtkStack        *items_stack;
  GtkListBox      *item_list;
  GtkTextView     *notes_view;
  GtkButton       *print_button;
  GtkButton       *sign_button;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_LOADED,
  PROP_CAN_SIGN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DdHandoverWindow, dd_handover_window, ADW_TYPE_WINDOW)

static void dd_handover_window_reload (DdHandoverWindow *self);

static gint64
dd_handover_window_now_ms (DdHandoverWindow *self)
{
  if (self->now_override_ms != 0)
    return self->now_override_ms;

  return g_get_real_time () / 1000;
}

static char *
dup_row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
show_error (DdHandoverWindow *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Enables Sign and says what is missing. */
static void
dd_handover_window_update_sign (DdHandoverWindow *self)
{
  g_autofree char *incoming = dup_row_text (self->incoming_row);
  g_autofree char *outgoing = dup_row_text (self->outgoing_row);
  g_autofree char *hint = NULL;
  guint n_items = dd_handover_window_get_n_items (self);
  guint missing = n_items - dd_handover_window_get_n_acknowledged (self);
  gboolean could = gtk_widget_get_sensitive (GTK_WIDGET (self->sign_button));
  gboolean can;

  if (!self->loaded)
    hint = g_strdup (_("Reading what is open…"));
  else if (incoming[0] == '\0')
    hint = g_strdup (_("Name the incoming officer: they acknowledge each item."));
  else if (missing > 0)
    /* Translators: why the handover cannot be signed yet */
    hint = g_strdup_printf (ngettext ("%u item still to acknowledge before signing.",
                                      "%u items still to acknowledge before signing.",
                                      missing),
                            missing);
  else if (outgoing[0] == '\0')
    hint = g_strdup (_("Name the outgoing officer."));
  else if (n_items == 0)
    hint = g_strdup (_("Nothing is open. Both officers may sign."));
  else
    hint = g_strdup (_("Every item is acknowledged. Both officers may sign."));

  can = self->loaded && !self->signing && self->n_acking == 0 &&
        incoming[0] != '\0' && outgoing[0] != '\0' && missing == 0;

  gtk_label_set_text (self->hint_label, hint);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_button), can);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sign_button), can ? NULL : hint);

  if (can != could)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SIGN]);
}

static char *
describe_item (DdHandoverWindow     *self,
               const DdHandoverItem *item)
{
  gint64 now_ms = dd_handover_window_now_ms (self);
  g_autoptr(GString) text = g_string_new (NULL);

  if (item->detail != NULL && item->detail[0] != '\0')
    g_string_append (text, item->detail);
  if (item->due_at != 0)
    {
      g_autofree char *due = dd_gui_format_time_near (item->due_at, now_ms);

      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: %1$s is when an item is due, %2$s its status (Overdue) */
      g_string_append_printf (text, _("due %1$s (%2$s)"), due, dd_clock_status_get_label (item->status));
    }
  if (item->acked_by != NULL)
    {
      g_autofree char *when = dd_gui_format_time_near (item->acked_at, now_ms);

      if (text->len > 0)
        g_string_append (text, "\n");
      /* Translators: %1$s is the incoming officer, %2$s when they acknowledged */
      g_string_append_printf (text, _("Acknowledged by %1$s at %2$s"), item->acked_by, when);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void on_ack_check_toggled_cb (GtkCheckButton   *check,
                                     DdHandoverWindow *self);

static void
update_item_row (DdHandoverWindow     *self,
                 GtkWidget            *row,
                 const DdHandoverItem *item)
{
  GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "dd-check");
  g_autofree char *title = NULL;
  g_autofree char *subtitle = describe_item (self, item);
  g_autofree char *ack_label = NULL;

  /* Translators: a handover item: its kind (Incident) and what it is */
  title = g_strdup_printf (_("%s: %s"), dd_handover_item_kind_get_label (item->kind), item->title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  dd_gui_style_clock_status (row, item->due_at != 0 ? item->status : DD_CLOCK_STATUS_PENDING);

  g_signal_handlers_block_by_func (check, on_ack_check_toggled_cb, self);
  gtk_check_button_set_active (check, item->acked_by != NULL);
  g_signal_handlers_unblock_by_func (check, on_ack_check_toggled_cb, self);
  gtk_widget_set_sensitive (GTK_WIDGET (check), item->acked_by == NULL);

  /* Translators: %s is a handover item */
  ack_label = g_strdup_printf (_("Acknowledge: %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, ack_label,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "dd-item-id", g_strdup (item->id), g_free);
}

static GtkWidget *
create_item_row (DdHandoverWindow     *self,
                 const DdHandoverItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_name (row, "handover-item");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  gtk_widget_set_name (check, "handover-ack");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Acknowledged by the incoming officer"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "dd-check", check);
  g_object_set_data (G_OBJECT (check), "dd-row", row);

  update_item_row (self, row, item);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_ack_check_toggled_cb), self, 0);

  return row;
}

static gboolean
same_items (GtkListBox *list,
            GPtrArray  *items)
{
  guint i = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row), i++)
    {
      const DdHandoverItem *item;

      if (i >= items->len)
        return FALSE;
      item = g_ptr_array_index (items, i);
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "dd-item-id"), item->id) != 0)
        return FALSE;
    }

  return i == items->len;
}

static void
dd_handover_window_show_items (DdHandoverWindow *self)
{
  if (same_items (self->item_list, self->items))
    {
      /* Updated in place: the keyboard focus stays where it was. */
      guint i = 0;

      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->item_list));
           row != NULL;
           row = gtk_widget_get_next_sibling (row), i++)
        update_item_row (self, row, g_ptr_array_index (self->items, i));
    }
  else
    {
      dd_gui_list_box_remove_all (self->item_list);
      for (guint i = 0; i < self->items->len; i++)
        gtk_list_box_append (self->item_list, create_item_row (self, g_ptr_array_index (self->items, i)));
    }

  gtk_stack_set_visible_child_name (self->items_stack, self->items->len > 0 ? "list" : "empty");
}

static void
on_list_items_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DdHandoverWindow) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = dd_store_service_list_handover_items_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;

  if (items == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Could not read what is open: %s"), error->message);
      show_error (self, message);
    }
  else
    {
      g_clear_pointer (&self->items, g_ptr_array_unref);
      self->items = g_steal_pointer (&items);
      dd_handover_window_show_items (self);
      if (!self->loaded)
        {
          self->loaded = TRUE;
          gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), TRUE);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
    }

  dd_handover_window_update_sign (self);

  if (self->dirty)
    dd_handover_window_reload (self);
}

static void
dd_handover_window_reload (DdHandoverWindow *self)
{
  if (self->loading || self->rules == NULL)
    {
      self->dirty = TRUE;
      return;
    }

  self->dirty = FALSE;
  self->loading = TRUE;
  dd_store_service_list_handover_items_async (self->service, self->rules, self->now_override_ms,
                                              self->cancellable, on_list_items_cb, g_object_ref (self));
}

static void
on_get_on_call_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DdHandoverWindow) self = user_data;
  g_autoptr(DdOnCall) on_call = NULL;
  const char *incoming;
  const char *outgoing;

  on_call = dd_store_service_get_on_call_finish (DD_STORE_SERVICE (object), result, NULL);
  if (on_call == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  /* Defaults from the roster, unless a name was typed already. */
  incoming = dd_gui_on_call_officer_name (on_call, TRUE);
  outgoing = dd_gui_on_call_officer_name (on_call, FALSE);
  if (incoming != NULL && gtk_editable_get_text (GTK_EDITABLE (self->incoming_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->incoming_row), incoming);
  if (outgoing != NULL && gtk_editable_get_text (GTK_EDITABLE (self->outgoing_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->outgoing_row), outgoing);
}

static void
on_get_desk_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DdHandoverWindow) self = user_data;
  g_autoptr(DdDesk) desk = NULL;

  desk = dd_store_service_get_desk_finish (DD_STORE_SERVICE (object), result, NULL);
  if (desk != NULL)
    {
      g_free (self->unit_name);
      self->unit_name = g_strdup (dd_desk_get_unit_name (desk));
    }
}

static void
on_ack_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DdHandoverWindow) self = user_data;
  g_autoptr(DdHandoverItem) acked = NULL;
  g_autoptr(GError) error = NULL;

  acked = dd_store_service_ack_handover_item_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->n_acking--;
  if (acked == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Not acknowledged: %s"), error->message);
      show_error (self, message);
    }
  else
    {
      DdHandoverItem *item = self->items != NULL ? dd_handover_items_find (self->items, acked->id) : NULL;

      show_error (self, NULL);
      if (item != NULL)
        {
          g_free (item->acked_by);
          item->acked_by = g_strdup (acked->acked_by);
          item->acked_at = acked->acked_at;
        }
    }

  /* The store's view of the items (the write also reloads them). */
  if (self->items != NULL)
    dd_handover_window_show_items (self);
  dd_handover_window_update_sign (self);
}

static void
on_ack_check_toggled_cb (GtkCheckButton   *check,
                         DdHandoverWindow *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (check), "dd-row");
  const char *item_id = g_object_get_data (G_OBJECT (row), "dd-item-id");
  g_autofree char *incoming = dup_row_text (self->incoming_row);

  if (!gtk_check_button_get_active (check))
    return;

  if (incoming[0] == '\0')
    {
      g_signal_handlers_block_by_func (check, on_ack_check_toggled_cb, self);
      gtk_check_button_set_active (check, FALSE);
      g_signal_handlers_unblock_by_func (check, on_ack_check_toggled_cb, self);
      show_error (self, _("Name the incoming officer first: the acknowledgement is in their name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->incoming_row));
      return;
    }

  self->n_acking++;
  gtk_widget_set_sensitive (GTK_WIDGET (check), FALSE);
  dd_handover_window_update_sign (self);
  dd_store_service_ack_handover_item_async (self->service, self->rules, item_id, incoming,
                                            self->now_override_ms, self->cancellable,
                                            on_ack_cb, g_object_ref (self));
}

static void
on_officer_row_changed_cb (GtkEditable      *editable,
                           DdHandoverWindow *self)
{
  dd_handover_window_update_sign (self);
}

static void
on_sign_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DdHandoverWindow) self = user_data;
  g_autoptr(DdHandover) handover = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWindow *parent;

  handover = dd_store_service_sign_handover_finish (DD_STORE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->signing = FALSE;
  if (handover == NULL)
    {
      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Not signed: %s"), error->message);
      show_error (self, message);
      dd_handover_window_reload (self);
      dd_handover_window_update_sign (self);
      return;
    }

  g_signal_emit (self, signals[SIGNED], 0, handover);

  /* Translators: %1$s took over from %2$s */
  message = g_strdup_printf (_("Handover signed: %1$s took over from %2$s"),
                             handover->incoming, handover->outgoing);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    dd_gui_add_toast (GTK_WIDGET (parent), message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_sign_button_clicked_cb (GtkButton        *button,
                           DdHandoverWindow *self)
{
  dd_handover_window_sign (self);
}

static void
on_print_button_clicked_cb (GtkButton        *button,
                            DdHandoverWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (dd_handover_window_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is why printing failed */
      message = g_strdup_printf (_("Could not print the handover: %s"), error->message);
      show_error (self, message);
    }
}

static void
on_service_changed_cb (DdStoreService   *service,
                       DdHandoverWindow *self)
{
  if (!self->signing)
    dd_handover_window_reload (self);
}

static void
dd_handover_window_constructed (GObject *object)
{
  DdHandoverWindow *self = DD_HANDOVER_WINDOW (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (dd_handover_window_parent_class)->constructed (object);

  g_assert (DD_IS_STORE_SERVICE (self->service));

  g_signal_connect_object (self->service, "changed", G_CALLBACK (on_service_changed_cb), self, 0);

  self->rules = dd_reporting_ui_load_rules ();

  dd_store_service_get_desk_async (self->service, self->cancellable, on_get_desk_cb, g_object_ref (self));
  dd_store_service_get_on_call_async (self->service, dd_handover_window_now_ms (self), self->cancellable,
                                      on_get_on_call_cb, g_object_ref (self));
  dd_handover_window_reload (self);
}

static void
dd_handover_window_dispose (GObject *object)
{
  DdHandoverWindow *self = DD_HANDOVER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_HANDOVER_WINDOW);

  G_OBJECT_CLASS (dd_handover_window_parent_class)->dispose (object);
}

static void
dd_handover_window_finalize (GObject *object)
{
  DdHandoverWindow *self = DD_HANDOVER_WINDOW (object);

  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rules, dd_incident_rules_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->unit_name, g_free);

  G_OBJECT_CLASS (dd_handover_window_parent_class)->finalize (object);
}

static void
dd_handover_window_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DdHandoverWindow *self = DD_HANDOVER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_CAN_SIGN:
      g_value_set_boolean (value, dd_handover_window_get_can_sign (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_handover_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DdHandoverWindow *self = DD_HANDOVER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dd_handover_window_class_init (DdHandoverWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dd_handover_window_constructed;
  object_class->dispose = dd_handover_window_dispose;
  object_class->finalize = dd_handover_window_finalize;
  object_class->get_property = dd_handover_window_get_property;
  object_class->set_property = dd_handover_window_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DD_TYPE_STORE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CAN_SIGN] =
    g_param_spec_boolean ("can-sign", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DdHandoverWindow::signed:
   * @handover: (type DdHandover): the signed handover
   */
  signals[SIGNED] =
    g_signal_new ("signed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DD_TYPE_HANDOVER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-handover-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DdHandoverWindow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, DdHandoverWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, DdHandoverWindow, incoming_row);
  gtk_widget_class_bind_template_child (widget_class, DdHandoverWindow, outgoing_row);
  gtk_widget_class_bind_template_child (widget_class, DdHandoverWindow, items_stack);
  gtk_widget_class_bind_template_child (widget_class, DdHandoverWindow, item_list);
  gtk_widget_class_bind_template_child (widget_class, DdHandoverWindow, notes_view);
  gtk_widget_class_bind_template_child (widget_class, DdHandoverWindow, print_button);
  gtk_widget_class_bind_template_child (widget_class, DdHandoverWindow, sign_button);
  gtk_widget_class_bind_template_callback (widget_class, on_officer_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_print_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dd_handover_window_init (DdHandoverWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  dd_handover_window_update_sign (self);
}

DdHandoverWindow *
dd_handover_window_new (DdStoreService *service,
                        gint64          now_ms)
{
  DdHandoverWindow *self;

  g_return_val_if_fail (DD_IS_STORE_SERVICE (service), NULL);

  self = g_object_new (DD_TYPE_HANDOVER_WINDOW, "service", service, NULL);
  self->now_override_ms = now_ms;

  return self;
}

gboolean
dd_handover_window_get_loaded (DdHandoverWindow *self)
{
  g_return_val_if_fail (DD_IS_HANDOVER_WINDOW (self), FALSE);

  return self->loaded && !self->loading;
}

guint
dd_handover_window_get_n_items (DdHandoverWindow *self)
{
  g_return_val_if_fail (DD_IS_HANDOVER_WINDOW (self), 0);

  return self->items != NULL ? self->items->len : 0;
}

guint
dd_handover_window_get_n_acknowledged (DdHandoverWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (DD_IS_HANDOVER_WINDOW (self), 0);

  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    if (((DdHandoverItem *) g_ptr_array_index (self->items, i))->acked_by != NULL)
      n++;

  return n;
}

gboolean
dd_handover_window_get_can_sign (DdHandoverWindow *self)
{
  g_return_val_if_fail (DD_IS_HANDOVER_WINDOW (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->sign_button));
}

void
dd_handover_window_sign (DdHandoverWindow *self)
{
  g_autofree char *incoming = NULL;
  g_autofree char *outgoing = NULL;
  g_autofree char *note = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  g_return_if_fail (DD_IS_HANDOVER_WINDOW (self));

  if (!dd_handover_window_get_can_sign (self))
    return;

  incoming = dup_row_text (self->incoming_row);
  outgoing = dup_row_text (self->outgoing_row);
  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  self->signing = TRUE;
  show_error (self, NULL);
  dd_handover_window_update_sign (self);
  dd_store_service_sign_handover_async (self->service, self->rules, outgoing, incoming,
                                        note[0] != '\0' ? note : NULL,
                                        self->now_override_ms, self->cancellable,
                                        on_sign_cb, g_object_ref (self));
}

DdDutyDocument *
dd_handover_window_build_document (DdHandoverWindow *self)
{
  g_autoptr(DdDutyDefaults) defaults = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;

  g_return_val_if_fail (DD_IS_HANDOVER_WINDOW (self), NULL);

  if (!(defaults = dd_duty_defaults_load (&error)))
    g_error ("The shipped duty defaults are broken: %s", error->message);

  if (self->items == NULL)
    none = g_ptr_array_new ();

  return dd_duty_document_new_handover (defaults->handover_title,
                                        self->unit_name != NULL ? self->unit_name : "",
                                        self->items != NULL ? self->items : none,
                                        NULL, dd_handover_window_now_ms (self));
}

GtkPrintOperationResult
dd_handover_window_print (DdHandoverWindow         *self,
                          GtkPrintOperationAction   action,
                          const char               *export_path,
                          GError                  **error)
{
  g_autoptr(DdDutyDocument) document = NULL;

  g_return_val_if_fail (DD_IS_HANDOVER_WINDOW (self), GTK_PRINT_OPERATION_RESULT_ERROR);

  document = dd_handover_window_build_document (self);

  return dd_gui_print_duty_document (document, GTK_WIDGET (self), action, export_path, error);
}
