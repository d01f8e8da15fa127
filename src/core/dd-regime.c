/* dd-regime.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-regime.h"

DdRegime
dd_regime_for_date (DdRegime     base,
                    const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), DD_REGIME_NONE);
  g_return_val_if_fail (base == DD_REGIME_5X8 || base == DD_REGIME_7X24, DD_REGIME_NONE);

  if (base == DD_REGIME_7X24)
    return DD_REGIME_7X24;

  switch (g_date_get_weekday (date))
    {
    case G_DATE_SATURDAY:
    case G_DATE_SUNDAY:
      return DD_REGIME_NONE;

    case G_DATE_MONDAY:
    case G_DATE_TUESDAY:
    case G_DATE_WEDNESDAY:
    case G_DATE_THURSDAY:
    case G_DATE_FRIDAY:
      return DD_REGIME_5X8;

    case G_DATE_BAD_WEEKDAY:
    default:
      g_return_val_if_reached (DD_REGIME_NONE);
    }
}
