/* dd-gui-util.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Small things the forms and windows do alike. */

/* Hides @window now and destroys it from an idle: GTK 4.8's AT-SPI bridge
 * warns when a shown window is destroyed from inside an async callback. */
void dd_window_destroy_soon (GtkWindow  *window);
/* Shows @message in @label, or hides it for %NULL. */
void dd_label_show_message  (GtkLabel   *label,
                             const char *message);
/* Shows a message made from @format in @label. */
void dd_label_show_messagef (GtkLabel   *label,
                             const char *format,
                             ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
