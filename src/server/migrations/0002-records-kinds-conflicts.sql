-- 0002: the record kinds and their sync policy, the current state of every
-- record, the conflicts table, and what push and pull need on top of 0001.
-- Runs inside a transaction opened by the migration runner.

-- Each desk table that synchronizes joins by declaring its kind here.
--   owner_writes    the desks of the owner unit write; fields merge per field
--   single_writer   the owner unit writes with optimistic versions: a patch or
--                   delete whose base_ver is not the current ver is rejected
--                   (stale_base)
--   append_only     rows are appended once and never change: no conflicts
--   published_down  the owner writes (per-field merge); every desk below the
--                   owner reads it too
-- parent_kind/parent_field: the record belongs to the record of parent_kind
-- whose id is in the field (its owner is that record's owner).
-- ancestor_fields: fields every ancestor desk of the owner may also set.
-- ancestor_append: every ancestor desk of the owner may append.
-- local_fields: fields each desk keeps for itself; the first value stays
-- and they never conflict.
CREATE TABLE record_kinds (
  kind            text PRIMARY KEY CHECK (kind ~ '^[a-z][a-z_]{0,31}$'),
  policy          text NOT NULL
                  CHECK (policy IN ('owner_writes', 'single_writer', 'append_only', 'published_down')),
  parent_kind     text REFERENCES record_kinds (kind),
  parent_field    text,
  ancestor_fields text[] NOT NULL DEFAULT '{}',
  ancestor_append boolean NOT NULL DEFAULT false,
  local_fields    text[] NOT NULL DEFAULT '{}',
  CHECK ((parent_kind IS NULL) = (parent_field IS NULL))
);

-- a unit's desk record: every desk of the unit writes it; its epoch and
-- server address are the desk's own
INSERT INTO record_kinds (kind, policy, local_fields) VALUES
  ('desk', 'owner_writes', '{client_epoch,server_url}');
INSERT INTO record_kinds (kind, policy) VALUES
  ('staff', 'owner_writes'),
  ('whereabouts', 'owner_writes'),
  ('call', 'owner_writes'),
  -- directories, calendars and templates flow down from their publisher
  ('contact', 'published_down'),
  ('team', 'published_down'),
  ('expert', 'published_down'),
  ('warehouse', 'published_down'),
  ('stock', 'published_down'),
  ('plan', 'published_down'),
  ('holiday_schedule', 'published_down'),
  ('flood_season', 'published_down'),
  ('period', 'published_down'),
  ('shift_template', 'published_down'),
  -- rosters: one writer, the owning unit
  ('absence', 'single_writer'),
  ('assignment', 'single_writer'),
  -- logs
  ('verification', 'append_only'),
  ('swap', 'append_only'),
  ('roster_mark', 'append_only');

INSERT INTO record_kinds (kind, policy, ancestor_fields) VALUES
  ('incident', 'owner_writes', '{grade,status}');
INSERT INTO record_kinds (kind, policy, parent_kind, parent_field, ancestor_append) VALUES
  ('incident_event', 'append_only', 'incident', 'incident_id', true);

-- Record ids made on desks are UUIDv7, but some records are named (a year,
-- a unit code, "shift/staff"): ids are text, unique within kind and owner.
ALTER TABLE changes ALTER COLUMN record_id TYPE text USING record_id::text;
ALTER TABLE changes ADD CHECK (length (record_id) BETWEEN 1 AND 128);
ALTER TABLE changes ADD FOREIGN KEY (record_kind) REFERENCES record_kinds (kind);
-- The record's fields after this change (what a pull hands out).
ALTER TABLE changes ADD COLUMN state jsonb NOT NULL DEFAULT '{}';
ALTER TABLE changes ADD COLUMN deleted boolean NOT NULL DEFAULT false;
-- A restored desk may reuse sequence numbers: op_id alone identifies an op.
ALTER TABLE changes DROP CONSTRAINT changes_desk_id_desk_seq_key;
CREATE INDEX changes_desk_seq ON changes (desk_id, desk_seq);

-- The server's hybrid logical clock, advanced under the change_seq row lock.
ALTER TABLE change_seq ADD COLUMN hlc bigint NOT NULL DEFAULT 0;

-- The current state of every record.
-- stamps: {"field": {"hlc": n, "desk": "uuid", "ver": n}}, who set each field
-- last, at which HLC and in which version of the record.
CREATE TABLE records (
  record_kind text NOT NULL REFERENCES record_kinds (kind),
  owner_unit  text NOT NULL REFERENCES units (code),
  record_id   text NOT NULL CHECK (length (record_id) BETWEEN 1 AND 128),
  ver         bigint NOT NULL CHECK (ver >= 1),
  hlc         bigint NOT NULL,
  fields      jsonb NOT NULL,
  stamps      jsonb NOT NULL DEFAULT '{}',
  deleted     boolean NOT NULL DEFAULT false,    -- a tombstone
  last_seq    bigint NOT NULL,
  PRIMARY KEY (record_kind, owner_unit, record_id)
);
CREATE INDEX records_by_id ON records (record_kind, record_id);

-- The losing value of every concurrent change of one field.
CREATE TABLE conflicts (
  id           uuid PRIMARY KEY,
  record_kind  text NOT NULL REFERENCES record_kinds (kind),
  owner_unit   text NOT NULL REFERENCES units (code),
  record_id    text NOT NULL,
  field        text NOT NULL,
  winner_value jsonb NOT NULL,
  loser_value  jsonb NOT NULL,
  winner_desk  uuid NOT NULL,
  loser_desk   uuid NOT NULL,
  winner_hlc   bigint NOT NULL,
  loser_hlc    bigint NOT NULL,
  server_seq   bigint NOT NULL,        -- the change that met the conflict
  recorded_at  timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX conflicts_record ON conflicts (record_kind, record_id);
