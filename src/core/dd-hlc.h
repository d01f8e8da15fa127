/* dd-hlc.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A hybrid logical clock stamp: 48 bits of Unix milliseconds, then a
 * 16-bit counter. Stamps compare as plain integers. */
typedef guint64 DdHlc;

#define DD_HLC_COUNTER_BITS 16
#define DD_HLC_COUNTER_MAX  G_GUINT64_CONSTANT (0xffff)

static inline gint64
dd_hlc_get_ms (DdHlc hlc)
{
  return (gint64) (hlc >> DD_HLC_COUNTER_BITS);
}

static inline guint
dd_hlc_get_counter (DdHlc hlc)
{
  return (guint) (hlc & DD_HLC_COUNTER_MAX);
}

DdHlc  dd_hlc_pack     (gint64  unix_ms,
                        guint   counter);
/* Stamp for a local event at wall time @now_ms, after @last. */
DdHlc  dd_hlc_tick     (DdHlc   last,
                        gint64  now_ms);
/* Stamp after receiving @remote at wall time @now_ms, after @last. */
DdHlc  dd_hlc_receive  (DdHlc   last,
                        DdHlc   remote,
                        gint64  now_ms);
char  *dd_hlc_to_string (DdHlc  hlc);

G_END_DECLS
