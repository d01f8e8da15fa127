/* dd-uuid.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-uuid.h"

/* RFC 9562 §6.2 method 1: the 12 bits of rand_a are a counter, started at
 * a random value below 2^11 in each new millisecond and incremented for
 * each further id in it; if it runs out, the timestamp moves on by one. */
G_LOCK_DEFINE_STATIC (uuid_state);
static gint64 last_ms = -1;
static guint  last_counter;

char *
dd_uuid7_new (gint64 unix_ms)
{
  guint8 b[16];
  gint64 ms;
  guint counter;
  guint32 r1, r2;

  g_return_val_if_fail (unix_ms >= 0, NULL);

  G_LOCK (uuid_state);
  if (unix_ms > last_ms)
    {
      ms = unix_ms;
      counter = g_random_int_range (0, 1 << 11);
    }
  else if (last_counter < 0xfff)
    {
      ms = last_ms;
      counter = last_counter + 1;
    }
  else
    {
      ms = last_ms + 1;
      counter = g_random_int_range (0, 1 << 11);
    }
  last_ms = ms;
  last_counter = counter;
  G_UNLOCK (uuid_state);

  r1 = g_random_int ();
  r2 = g_random_int ();

  b[0] = (ms >> 40) & 0xff;
  b[1] = (ms >> 32) & 0xff;
  b[2] = (ms >> 24) & 0xff;
  b[3] = (ms >> 16) & 0xff;
  b[4] = (ms >> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | ((counter >> 8) & 0x0f);
  b[7] = counter & 0xff;
  b[8] = 0x80 | ((r1 >> 24) & 0x3f);
  b[9] = (r1 >> 16) & 0xff;
  b[10] = (r1 >> 8) & 0xff;
  b[11] = r1 & 0xff;
  b[12] = (r2 >> 24) & 0xff;
  b[13] = (r2 >> 16) & 0xff;
  b[14] = (r2 >> 8) & 0xff;
  b[15] = r2 & 0xff;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

gboolean
dd_uuid_is_valid (const char *str)
{
  return str != NULL && g_uuid_string_is_valid (str);
}

gint64
dd_uuid7_get_unix_ms (const char *uuid7)
{
  gint64 ms = 0;
  guint n = 0;

  g_return_val_if_fail (dd_uuid_is_valid (uuid7), -1);

  for (const char *p = uuid7; *p != '\0' && n < 12; p++)
    {
      if (*p == '-')
        continue;
      ms = (ms << 4) | g_ascii_xdigit_value (*p);
      n++;
    }

  return ms;
}
