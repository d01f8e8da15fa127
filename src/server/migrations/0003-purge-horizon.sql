-- 0003: the tombstone purge horizon.
-- Runs inside a transaction opened by the migration runner.

-- The sequence each desk last pulled from (the cursor it sent): every change
-- up to it is on the desk. NULL: it has not pulled with a cursor yet.
ALTER TABLE desks ADD COLUMN pulled_seq bigint;

-- The last change of the newest purged tombstone: a cursor below it may miss
-- a delete, so it is answered resync_required.
ALTER TABLE change_seq ADD COLUMN purged_seq bigint NOT NULL DEFAULT 0;

-- purge finds tombstones by their last change
CREATE INDEX records_tombstones ON records (last_seq) WHERE deleted;
