/* dd-sync-codec.h
 *
 * Copyright 2026 The Duty Desk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "dd-hlc.h"

G_BEGIN_DECLS

/* The version of the wire protocol this build speaks (PROTOCOL.md). */
#define DD_SYNC_SCHEMA_VERSION 1
/* The most ops a push batch may hold. */
#define DD_SYNC_MAX_BATCH 500

/**
 * DdSyncOp:
 * @op_id: UUIDv7 of the operation
 * @desk_seq: the desk's sequence number of the operation
 * @op: "insert", "patch", "append" or "delete"
 * @record_kind: e.g. "staff"
 * @record_id: UUIDv7 of the record
 * @base_ver: the version the operation was made against (0 for insert)
 * @hlc: the hybrid logical clock stamp of the operation
 * @payload: the record's fields as JSON text (an object)
 * @owner_unit: the unit owning the record when it is not the desk's own
 *   (an ancestor's write), or %NULL
 *
 * One outbox operation, as it travels in a push.
 */
typedef struct
{
  const char *op_id;
  gint64      desk_seq;
  const char *op;
  const char *record_kind;
  const char *record_id;
  gint64      base_ver;
  DdHlc       hlc;
  const char *payload;
  const char *owner_unit;
} DdSyncOp;

/* The JSON object of @op for a push batch; %NULL with an error if the
 * operation is malformed (unknown op, invalid ids, payload not an object). */
JsonNode *dd_sync_op_to_json         (const DdSyncOp  *op,
                                      GError         **error);
/* "insert", "patch", "append" or "delete" */
gboolean  dd_sync_op_is_known        (const char      *op);
/* Record ids: 1 to 128 bytes of UTF-8 without control characters (UUIDv7
 * for records made on a desk, a name such as a year for a few kinds). */
gboolean  dd_sync_record_id_is_valid (const char      *id);
/* A pull cursor: "<server epoch>:<server sequence>". */
char     *dd_sync_cursor_format      (const char      *epoch,
                                      gint64           seq);
gboolean  dd_sync_cursor_parse       (const char      *cursor,
                                      char           **epoch,
                                      gint64          *seq);

G_END_DECLS
