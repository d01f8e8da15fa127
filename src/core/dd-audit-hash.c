/* dd-audit-hash.c
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dd-audit-hash.h"

/* Each field is written as "<length>:<bytes>\n", so no choice of field
 * contents can make two different entries hash the same input. */
static void
update_field (GChecksum  *checksum,
              const char *value)
{
  char prefix[32];
  gsize len;

  if (value == NULL)
    value = "";

  len = strlen (value);
  g_snprintf (prefix, sizeof prefix, "%" G_GSIZE_FORMAT ":", len);
  g_checksum_update (checksum, (const guchar *) prefix, -1);
  g_checksum_update (checksum, (const guchar *) value, len);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
}

static void
update_int (GChecksum *checksum,
            gint64     value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  update_field (checksum, buf);
}

char *
dd_audit_hash (const char           *prev_hash,
               const DdAuditContent *content)
{
  g_autoptr(GChecksum) checksum = NULL;

  g_return_val_if_fail (prev_hash != NULL, NULL);
  g_return_val_if_fail (content != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  update_field (checksum, prev_hash);
  update_int (checksum, content->seq);
  update_int (checksum, content->at_ms);
  update_field (checksum, content->actor);
  update_field (checksum, content->action);
  update_field (checksum, content->entity_kind);
  update_field (checksum, content->entity_id);
  update_field (checksum, content->detail);

  return g_strdup (g_checksum_get_string (checksum));
}
