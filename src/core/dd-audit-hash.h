/* dd-audit-hash.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The hash that starts the chain: the "previous hash" of the first entry. */
#define DD_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/**
 * DdAuditContent:
 *
 * The fields of one audit-journal entry that its hash covers.
 */
typedef struct
{
  gint64      seq;
  gint64      at_ms;
  const char *actor;
  const char *action;
  const char *entity_kind;
  const char *entity_id;
  const char *detail;
} DdAuditContent;

/* Lower-case hex SHA-256 over @prev_hash and an unambiguous encoding of
 * @content (each field length-prefixed). */
char *dd_audit_hash (const char           *prev_hash,
                     const DdAuditContent *content);

G_END_DECLS
