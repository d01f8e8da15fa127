-- 0008-sync.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Sync with the provincial server (src/sync/PROTOCOL.md): the enrolment and
-- cursor, the desk's copy of every record pulled from its scope, and the
-- conflicts this desk took part in. Outbox ops keep their state in
-- sync_outbox (0001): pending → acked, or parked with the server's answer.

-- One row once the desk is enrolled. The desk secret is not here (see
-- secret_store).
CREATE TABLE sync_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  server_url    TEXT    NOT NULL CHECK (server_url LIKE 'http://%' OR server_url LIKE 'https://%'),
  desk_id       TEXT    NOT NULL CHECK (length (desk_id) = 36),
  unit          TEXT    NOT NULL CHECK (length (unit) BETWEEN 6 AND 23),
  ca_file       TEXT    NOT NULL DEFAULT '',
  secret_store  TEXT    NOT NULL CHECK (secret_store IN ('file', 'libsecret')),
  server_epoch  TEXT    NOT NULL DEFAULT '',
  cursor        TEXT    NOT NULL DEFAULT '',
  enrolled_at   INTEGER NOT NULL CHECK (enrolled_at >= 0),
  last_push_at  INTEGER NOT NULL DEFAULT 0,
  last_pull_at  INTEGER NOT NULL DEFAULT 0,
  -- server time minus desk time at the last answer, in ms
  clock_skew_ms INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT    NOT NULL DEFAULT ''
) STRICT;

-- Every record pulled from the server, as the server has it.
CREATE TABLE sync_records (
  record_kind  TEXT    NOT NULL,
  owner_unit   TEXT    NOT NULL,
  record_id    TEXT    NOT NULL,
  ver          INTEGER NOT NULL CHECK (ver >= 1),
  hlc          INTEGER NOT NULL CHECK (hlc >= 0),
  fields       TEXT    NOT NULL CHECK (json_valid (fields)),
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  desk_id      TEXT    NOT NULL,
  server_seq   INTEGER NOT NULL CHECK (server_seq >= 1),
  PRIMARY KEY (record_kind, owner_unit, record_id)
) STRICT;

CREATE INDEX sync_records_by_id ON sync_records (record_kind, record_id);

-- The losing value of a concurrent change of one field, as the server
-- recorded it (its id is the server's).
CREATE TABLE sync_conflicts (
  id            TEXT    PRIMARY KEY CHECK (length (id) = 36),
  record_kind   TEXT    NOT NULL,
  record_id     TEXT    NOT NULL,
  field         TEXT    NOT NULL,
  winner_value  TEXT    NOT NULL CHECK (json_valid (winner_value)),
  loser_value   TEXT    NOT NULL CHECK (json_valid (loser_value)),
  winner_desk   TEXT    NOT NULL,
  loser_desk    TEXT    NOT NULL,
  server_seq    INTEGER NOT NULL DEFAULT 0,
  recorded_at   INTEGER NOT NULL CHECK (recorded_at >= 0)
) STRICT;

CREATE INDEX sync_conflicts_by_record ON sync_conflicts (record_kind, record_id);

-- What the server answered for an op (its sequence number once acked).
ALTER TABLE sync_outbox ADD COLUMN server_seq INTEGER NULL;

-- Pending ops of a record, for the rebase of pulled rows.
CREATE INDEX sync_outbox_by_record ON sync_outbox (record_kind, record_id, state);
