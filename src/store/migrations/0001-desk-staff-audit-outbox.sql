-- 0001-desk-staff-audit-outbox.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The desk identity, its staff, the hash-chained audit journal, the sync
-- outbox and the persisted hybrid logical clock. The store runs this in one
-- transaction that also sets PRAGMA user_version = 1.

-- "DDSK": marks the file as a Duty Desk database (see DD_STORE_APPLICATION_ID).
PRAGMA application_id = 1145328459;

-- The desk's identity: exactly one row once the desk is set up.
CREATE TABLE desk (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  unit_code       TEXT    NOT NULL CHECK (length (unit_code) BETWEEN 6 AND 23),
  unit_name       TEXT    NOT NULL CHECK (length (trim (unit_name)) > 0),
  level           TEXT    NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'department')),
  regime          TEXT    NOT NULL CHECK (regime IN ('7x24', '5x8')),
  client_epoch    TEXT    NOT NULL CHECK (length (client_epoch) = 36),
  server_url      TEXT    NOT NULL DEFAULT '',
  last_synced_at  INTEGER NULL CHECK (last_synced_at IS NULL OR last_synced_at >= 0),
  is_demo         INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  ver             INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc             INTEGER NOT NULL CHECK (hlc >= 0),
  created_at      INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at      INTEGER NOT NULL CHECK (updated_at >= created_at)
) STRICT;

-- The duty staff. Every record carries its owner unit, version and HLC stamp.
CREATE TABLE staff (
  id          TEXT    PRIMARY KEY CHECK (length (id) = 36),
  name        TEXT    NOT NULL CHECK (length (trim (name)) > 0),
  is_leader   INTEGER NOT NULL CHECK (is_leader IN (0, 1)),
  is_officer  INTEGER NOT NULL CHECK (is_officer IN (0, 1)),
  phone       TEXT    NOT NULL DEFAULT '',
  unit        TEXT    NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  owner_unit  TEXT    NOT NULL CHECK (length (owner_unit) BETWEEN 6 AND 23),
  ver         INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc         INTEGER NOT NULL CHECK (hlc >= 0),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at  INTEGER NOT NULL CHECK (updated_at >= created_at),
  CHECK (is_leader + is_officer >= 1)
) STRICT;

CREATE INDEX staff_by_name ON staff (name, id);

-- The audit journal: append-only, each entry hash-chained to the one before.
CREATE TABLE audit_journal (
  seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
  at           INTEGER NOT NULL CHECK (at >= 0),
  actor        TEXT    NOT NULL,
  action       TEXT    NOT NULL CHECK (length (action) > 0),
  entity_kind  TEXT    NOT NULL,
  entity_id    TEXT    NOT NULL,
  detail       TEXT    NOT NULL DEFAULT '{}',
  prev_hash    TEXT    NOT NULL CHECK (length (prev_hash) = 64),
  hash         TEXT    NOT NULL CHECK (length (hash) = 64)
) STRICT;

-- The last entry, so that cutting off the end of the journal is detected.
CREATE TABLE audit_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   INTEGER NOT NULL CHECK (seq >= 0),
  hash  TEXT    NOT NULL CHECK (length (hash) = 64)
) STRICT;

INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_journal_in_order
BEFORE INSERT ON audit_journal
WHEN NEW.seq IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1)
  OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head WHERE id = 1)
BEGIN
  SELECT RAISE (ABORT, 'an audit entry must follow the last one');
END;

CREATE TRIGGER audit_journal_advance_head
AFTER INSERT ON audit_journal
BEGIN
  UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
END;

CREATE TRIGGER audit_journal_no_update
BEFORE UPDATE ON audit_journal
BEGIN
  SELECT RAISE (ABORT, 'the audit journal is append-only');
END;

CREATE TRIGGER audit_journal_no_delete
BEFORE DELETE ON audit_journal
BEGIN
  SELECT RAISE (ABORT, 'the audit journal is append-only');
END;

CREATE TRIGGER audit_head_no_delete
BEFORE DELETE ON audit_head
BEGIN
  SELECT RAISE (ABORT, 'the audit journal is append-only');
END;

-- Operations waiting for the provincial server; seq is the per-desk sequence.
CREATE TABLE sync_outbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id        TEXT    NOT NULL UNIQUE CHECK (length (op_id) = 36),
  op           TEXT    NOT NULL CHECK (op IN ('insert', 'patch', 'append', 'delete')),
  record_kind  TEXT    NOT NULL CHECK (length (record_kind) > 0),
  record_id    TEXT    NOT NULL CHECK (length (record_id) > 0),
  base_ver     INTEGER NULL CHECK (base_ver IS NULL OR base_ver >= 1),
  hlc          INTEGER NOT NULL CHECK (hlc >= 0),
  payload      TEXT    NOT NULL CHECK (json_valid (payload)),
  created_at   INTEGER NOT NULL CHECK (created_at >= 0),
  state        TEXT    NOT NULL DEFAULT 'pending'
                       CHECK (state IN ('pending', 'sent', 'acked', 'parked')),
  result       TEXT    NULL
) STRICT;

CREATE INDEX sync_outbox_by_state ON sync_outbox (state, seq);

-- The hybrid logical clock, saved by every write so it never goes backwards.
CREATE TABLE clock (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  hlc  INTEGER NOT NULL CHECK (hlc >= 0)
) STRICT;

INSERT INTO clock (id, hlc) VALUES (1, 0);
