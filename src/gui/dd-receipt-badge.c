/* dd-receipt-badge.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-receipt-badge.h"

struct _DdReceiptBadge
{
  GtkWidget         parent_instance;

  DdReceiptTracker *tracker;
  char             *record_kind;
  char             *record_id;
  char             *text;

  /* Template widgets */
  GtkImage         *icon;
};

G_DEFINE_FINAL_TYPE (DdReceiptBadge, dd_receipt_badge, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------ helpers */

static void
show_receipt (DdReceiptBadge *self)
{
  const DdReceipt *receipt = NULL;

  if (self->tracker != NULL)
    receipt = dd_receipt_tracker_lookup (self->tracker, self->record_kind, self->record_id);

  g_free (self->text);
  self->text = receipt != NULL ? dd_receipt_describe (receipt, g_get_real_time () / 1000) : g_strdup ("");
  gtk_image_set_from_icon_name (self->icon, receipt != NULL ? dd_receipt_get_icon_name (receipt) : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), receipt != NULL ? self->text : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);
}

static void
on_tracker_changed_cb (DdReceiptTracker *tracker,
                       const char       *record_kind,
                       const char       *record_id,
                       DdReceiptBadge   *self)
{
  if (g_strcmp0 (record_kind, self->record_kind) == 0 && g_strcmp0 (record_id, self->record_id) == 0)
    show_receipt (self);
}

/* ------------------------------------------------------------------ vfuncs */

static void
dd_receipt_badge_dispose (GObject *object)
{
  DdReceiptBadge *self = DD_RECEIPT_BADGE (object);

  dd_receipt_badge_set_record (self, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DD_TYPE_RECEIPT_BADGE);

  G_OBJECT_CLASS (dd_receipt_badge_parent_class)->dispose (object);
}

static void
dd_receipt_badge_finalize (GObject *object)
{
  DdReceiptBadge *self = DD_RECEIPT_BADGE (object);

  g_free (self->text);

  G_OBJECT_CLASS (dd_receipt_badge_parent_class)->finalize (object);
}

static void
dd_receipt_badge_class_init (DdReceiptBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dd_receipt_badge_dispose;
  object_class->finalize = dd_receipt_badge_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/dd-receipt-badge.ui");
  gtk_widget_class_bind_template_child (widget_class, DdReceiptBadge, icon);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "receipt-badge");
}

static void
dd_receipt_badge_init (DdReceiptBadge *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->text = g_strdup ("");
}

/* ------------------------------------------------------------------ public */

GtkWidget *
dd_receipt_badge_new (void)
{
  return g_object_new (DD_TYPE_RECEIPT_BADGE, NULL);
}

void
dd_receipt_badge_set_record (DdReceiptBadge   *self,
                             DdReceiptTracker *tracker,
                             const char       *record_kind,
                             const char       *record_id)
{
  g_return_if_fail (DD_IS_RECEIPT_BADGE (self));
  g_return_if_fail (tracker == NULL || DD_IS_RECEIPT_TRACKER (tracker));

  if (self->tracker != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->tracker, self);
      dd_receipt_tracker_unwatch (self->tracker, self->record_kind, self->record_id);
      g_clear_object (&self->tracker);
    }
  g_clear_pointer (&self->record_kind, g_free);
  g_clear_pointer (&self->record_id, g_free);

  if (tracker != NULL && record_kind != NULL && record_id != NULL && *record_id != '\0')
    {
      self->tracker = g_object_ref (tracker);
      self->record_kind = g_strdup (record_kind);
      self->record_id = g_strdup (record_id);
      dd_receipt_tracker_watch (tracker, record_kind, record_id);
      g_signal_connect (tracker, "changed", G_CALLBACK (on_tracker_changed_cb), self);
    }
  show_receipt (self);
}

const char *
dd_receipt_badge_get_text (DdReceiptBadge *self)
{
  g_return_val_if_fail (DD_IS_RECEIPT_BADGE (self), NULL);

  return self->text;
}
