-- 0011-sync-receipts.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- What the window and dutyctl show of each record's way to the server
-- (dd_store_sync_get_receipt()): when a batch carrying an op was sent
-- (state 'sent' until the answer is stored; back to 'pending' when the send
-- failed without one) and the server's time when it accepted the op.

-- Unix ms (desk time) when the op last went out in a batch; 0 never.
ALTER TABLE sync_outbox ADD COLUMN sent_at INTEGER NOT NULL DEFAULT 0 CHECK (sent_at >= 0);
-- Unix ms (the server's time, from the push answer) when the server
-- accepted the op; NULL before, or for ops acked before this migration.
ALTER TABLE sync_outbox ADD COLUMN accepted_at INTEGER NULL
  CHECK (accepted_at IS NULL OR accepted_at >= 0);
