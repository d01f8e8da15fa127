/* dd-report-labels.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-report-labels.h"

#include <glib/gi18n.h>

#include "dd-reporting.h"

const char *
dd_recipient_get_phrase (const char *recipient)
{
  if (g_strcmp0 (recipient, DD_RECIPIENT_PROVINCE) == 0)
    return _("the province");
  if (g_strcmp0 (recipient, DD_RECIPIENT_PREFECTURE) == 0)
    return _("the prefecture");
  if (g_strcmp0 (recipient, DD_RECIPIENT_STATE_COUNCIL) == 0)
    return _("the State Council");
  return recipient;
}

char *
dd_format_duration (gint64 span_ms)
{
  gint64 minutes = span_ms / 60000;

  if (minutes >= 60 && minutes % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", minutes / 60),
                            (int) (minutes / 60));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes),
                          (int) minutes);
}
