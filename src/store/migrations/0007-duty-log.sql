-- 0007-duty-log.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The duty log, leader instructions, call-backs and the handover (issue 4,
-- part 6). Every table here is history and append-only (the triggers
-- refuse UPDATE and DELETE): an instruction is done by a completion row, a
-- call-back is requested and made by rows of call_callbacks, a handover
-- item is acknowledged by a row of handover_acks and a handover is signed
-- by a row of handovers (with the items as they were, JSON). Every row is
-- written through the store's write helper. Times are Unix ms.
--
-- Log entries and instructions are indexed for the search as 0006 says a
-- kind is (kinds 'log' and 'instruction' of search_doc).

CREATE TABLE log_entries (
  seq          INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL UNIQUE CHECK (length (id) BETWEEN 1 AND 64),
  at           INTEGER NOT NULL CHECK (at > 0),
  text         TEXT    NOT NULL CHECK (length (trim (text)) > 0),
  incident_id  TEXT    REFERENCES incidents (id),
  author       TEXT    NOT NULL DEFAULT '',
  owner_unit   TEXT    NOT NULL DEFAULT '',
  hlc          INTEGER NOT NULL CHECK (hlc >= 0),
  created_at   INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

CREATE INDEX log_entries_by_at ON log_entries (at, seq);

CREATE TABLE instructions (
  seq           INTEGER PRIMARY KEY,
  id            TEXT    NOT NULL UNIQUE CHECK (length (id) BETWEEN 1 AND 64),
  text          TEXT    NOT NULL CHECK (length (trim (text)) > 0),
  issued_by     TEXT    NOT NULL CHECK (length (trim (issued_by)) > 0),
  issued_at     INTEGER NOT NULL CHECK (issued_at > 0),
  incident_id   TEXT    REFERENCES incidents (id),
  feedback_due  INTEGER NOT NULL DEFAULT 0 CHECK (feedback_due = 0 OR feedback_due > issued_at),
  owner_unit    TEXT    NOT NULL DEFAULT '',
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

CREATE INDEX instructions_by_issued ON instructions (issued_at, seq);

-- At most one completion per instruction.
CREATE TABLE instruction_completions (
  seq             INTEGER PRIMARY KEY,
  id              TEXT    NOT NULL UNIQUE CHECK (length (id) BETWEEN 1 AND 64),
  instruction_id  TEXT    NOT NULL UNIQUE REFERENCES instructions (id),
  done_at         INTEGER NOT NULL CHECK (done_at > 0),
  reason          TEXT    NOT NULL DEFAULT '',
  hlc             INTEGER NOT NULL CHECK (hlc >= 0),
  created_at      INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

-- A call marked for a call-back ('request', with its due time) and the
-- call-back made ('done'); the latest request is the one that counts.
CREATE TABLE call_callbacks (
  seq         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE CHECK (length (id) BETWEEN 1 AND 64),
  call_id     TEXT    NOT NULL REFERENCES calls (id),
  kind        TEXT    NOT NULL CHECK (kind IN ('request', 'done')),
  due_at      INTEGER NOT NULL DEFAULT 0,
  at          INTEGER NOT NULL CHECK (at > 0),
  hlc         INTEGER NOT NULL CHECK (hlc >= 0),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0),
  CHECK ((kind = 'request') = (due_at > 0))
) STRICT;

CREATE INDEX call_callbacks_by_call ON call_callbacks (call_id, seq);

-- An acknowledgement by the incoming officer of one handover item
-- ("incident:ID", "instruction:ID", "callback:ID", "unsynced"); it belongs
-- to the next handover signed (handovers.last_ack_seq).
CREATE TABLE handover_acks (
  seq         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE CHECK (length (id) BETWEEN 1 AND 64),
  item_id     TEXT    NOT NULL CHECK (length (item_id) > 0),
  acked_by    TEXT    NOT NULL CHECK (length (trim (acked_by)) > 0),
  acked_at    INTEGER NOT NULL CHECK (acked_at > 0),
  hlc         INTEGER NOT NULL CHECK (hlc >= 0),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

CREATE TABLE handovers (
  seq           INTEGER PRIMARY KEY,
  id            TEXT    NOT NULL UNIQUE CHECK (length (id) BETWEEN 1 AND 64),
  outgoing      TEXT    NOT NULL CHECK (length (trim (outgoing)) > 0),
  incoming      TEXT    NOT NULL CHECK (length (trim (incoming)) > 0),
  signed_at     INTEGER NOT NULL CHECK (signed_at > 0),
  note          TEXT    NOT NULL DEFAULT '',
  items         TEXT    NOT NULL CHECK (json_valid (items)),
  last_ack_seq  INTEGER NOT NULL DEFAULT 0,
  owner_unit    TEXT    NOT NULL DEFAULT '',
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

CREATE INDEX handovers_by_signed ON handovers (signed_at, seq);

CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries
BEGIN
  SELECT RAISE (ABORT, 'log entries are append-only');
END;

CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries
BEGIN
  SELECT RAISE (ABORT, 'log entries are append-only');
END;

CREATE TRIGGER instructions_no_update BEFORE UPDATE ON instructions
BEGIN
  SELECT RAISE (ABORT, 'instructions are append-only');
END;

CREATE TRIGGER instructions_no_delete BEFORE DELETE ON instructions
BEGIN
  SELECT RAISE (ABORT, 'instructions are append-only');
END;

CREATE TRIGGER instruction_completions_no_update BEFORE UPDATE ON instruction_completions
BEGIN
  SELECT RAISE (ABORT, 'instruction completions are append-only');
END;

CREATE TRIGGER instruction_completions_no_delete BEFORE DELETE ON instruction_completions
BEGIN
  SELECT RAISE (ABORT, 'instruction completions are append-only');
END;

CREATE TRIGGER call_callbacks_no_update BEFORE UPDATE ON call_callbacks
BEGIN
  SELECT RAISE (ABORT, 'call-backs are append-only');
END;

CREATE TRIGGER call_callbacks_no_delete BEFORE DELETE ON call_callbacks
BEGIN
  SELECT RAISE (ABORT, 'call-backs are append-only');
END;

CREATE TRIGGER handover_acks_no_update BEFORE UPDATE ON handover_acks
BEGIN
  SELECT RAISE (ABORT, 'handover acknowledgements are append-only');
END;

CREATE TRIGGER handover_acks_no_delete BEFORE DELETE ON handover_acks
BEGIN
  SELECT RAISE (ABORT, 'handover acknowledgements are append-only');
END;

CREATE TRIGGER handovers_no_update BEFORE UPDATE ON handovers
BEGIN
  SELECT RAISE (ABORT, 'handovers are append-only');
END;

CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
BEGIN
  SELECT RAISE (ABORT, 'handovers are append-only');
END;

-- The search: search_doc, incident_fts and search_gram, as 0006 says.
CREATE TRIGGER log_entries_search_insert AFTER INSERT ON log_entries
BEGIN
  INSERT INTO search_doc (kind, id, incident_id, at)
  VALUES ('log', NEW.id, coalesce (NEW.incident_id, ''), NEW.at);
  INSERT INTO incident_fts (rowid, text) VALUES (last_insert_rowid (), NEW.text);
  INSERT INTO search_gram (rowid, grams)
  VALUES (last_insert_rowid (),
          (SELECT grams FROM search_entry_gram WHERE rowid = last_insert_rowid ()));
END;

CREATE TRIGGER instructions_search_insert AFTER INSERT ON instructions
BEGIN
  INSERT INTO search_doc (kind, id, incident_id, at)
  VALUES ('instruction', NEW.id, coalesce (NEW.incident_id, ''), NEW.issued_at);
  INSERT INTO incident_fts (rowid, text) VALUES (last_insert_rowid (), NEW.text || ' ' || NEW.issued_by);
  INSERT INTO search_gram (rowid, grams)
  VALUES (last_insert_rowid (),
          (SELECT grams FROM search_entry_gram WHERE rowid = last_insert_rowid ()));
END;
