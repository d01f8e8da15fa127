/* dd-hlc.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-hlc.h"

DdHlc
dd_hlc_pack (gint64 unix_ms,
             guint  counter)
{
  g_return_val_if_fail (unix_ms >= 0, 0);
  g_return_val_if_fail (counter <= DD_HLC_COUNTER_MAX, 0);

  return ((guint64) unix_ms << DD_HLC_COUNTER_BITS) | counter;
}

/* When the counter of one millisecond is used up, the clock moves on to
 * the next millisecond rather than wrapping. */
static DdHlc
next_after (DdHlc last)
{
  return last + 1;
}

DdHlc
dd_hlc_tick (DdHlc  last,
             gint64 now_ms)
{
  if (now_ms > dd_hlc_get_ms (last))
    return dd_hlc_pack (now_ms, 0);

  return next_after (last);
}

DdHlc
dd_hlc_receive (DdHlc  last,
                DdHlc  remote,
                gint64 now_ms)
{
  DdHlc latest = MAX (last, remote);

  if (now_ms > dd_hlc_get_ms (latest))
    return dd_hlc_pack (now_ms, 0);

  return next_after (latest);
}

char *
dd_hlc_to_string (DdHlc hlc)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%05u",
                          dd_hlc_get_ms (hlc), dd_hlc_get_counter (hlc));
}
