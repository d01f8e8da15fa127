-- 0009-sync-desk.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The desk's half of sync (src/sync/PROTOCOL.md §5a): how a conflict was
-- settled, and pulled records that could not be written into their own
-- table yet (kept in sync_records, tried again after each page).

-- '' while open; 'keep' (the kept value stays), 'take_other' (the lost
-- value was written again), 'value' (another value was written), 'settled'
-- (another desk wrote the field again after the conflict).
ALTER TABLE sync_conflicts ADD COLUMN resolution TEXT NOT NULL DEFAULT ''
  CHECK (resolution IN ('', 'keep', 'take_other', 'value', 'settled'));
ALTER TABLE sync_conflicts ADD COLUMN resolved_value TEXT NULL
  CHECK (resolved_value IS NULL OR json_valid (resolved_value));
-- the desk that settled it (this desk's id for a choice made here)
ALTER TABLE sync_conflicts ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_conflicts ADD COLUMN resolved_at INTEGER NOT NULL DEFAULT 0 CHECK (resolved_at >= 0);

CREATE INDEX sync_conflicts_open ON sync_conflicts (record_kind, record_id) WHERE resolution = '';

-- Why the record is not in its table yet (a missing parent, a clash with a
-- local row on a unique key); NULL once it is, or for kinds kept here only.
ALTER TABLE sync_records ADD COLUMN apply_error TEXT NULL;

CREATE INDEX sync_records_unapplied ON sync_records (server_seq) WHERE apply_error IS NOT NULL;

-- When an op was parked, so that a retryable rejection is tried again later.
ALTER TABLE sync_outbox ADD COLUMN parked_at INTEGER NOT NULL DEFAULT 0;
