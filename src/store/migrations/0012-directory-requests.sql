-- 0012-directory-requests.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Directory entries belong to their publisher: the unit whose desk wrote
-- them. A desk that finds a mistake in an entry another unit publishes
-- (a county in the province's list of teams, say) cannot change it; it
-- sends the publisher a change request, and the publisher's desk accepts
-- it (its own edit then flows down as usual) or declines it with a reason.
-- Both are append-only records that travel with the sync (record kinds
-- 'directory_request' and 'directory_answer'); a desk keeps those its
-- unit sent or must answer.

CREATE TABLE dir_request (
  seq           INTEGER PRIMARY KEY,
  id            TEXT    NOT NULL UNIQUE CHECK (length (id) = 36),
  kind          TEXT    NOT NULL CHECK (kind IN ('contact', 'team', 'expert', 'warehouse', 'stock', 'plan')),
  entry_id      TEXT    NOT NULL CHECK (length (entry_id) = 36),
  -- the entry's name when the request was made, to show it even after
  -- the entry is gone
  entry_name    TEXT    NOT NULL,
  -- 'change': set the columns of changes; 'remove': remove the entry
  action        TEXT    NOT NULL CHECK (action IN ('change', 'remove')),
  -- [[column, value seen, value asked for], …] in column order; [] for a removal
  changes       TEXT    NOT NULL CHECK (json_valid (changes) AND json_type (changes) = 'array'),
  note          TEXT    NOT NULL DEFAULT '',
  -- the unit whose desk must answer (the entry's publisher)
  publisher     TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  -- the unit that asks (the record's owner)
  requester     TEXT    NOT NULL CHECK (length (requester) BETWEEN 6 AND 23),
  requested_by  TEXT    NOT NULL CHECK (length (trim (requested_by)) > 0),
  requested_at  INTEGER NOT NULL CHECK (requested_at >= 0),
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

CREATE INDEX dir_request_by_entry ON dir_request (entry_id);

CREATE TABLE dir_request_answer (
  seq           INTEGER PRIMARY KEY,
  id            TEXT    NOT NULL UNIQUE CHECK (length (id) = 36),
  request_id    TEXT    NOT NULL CHECK (length (request_id) = 36),
  decision      TEXT    NOT NULL CHECK (decision IN ('accepted', 'declined')),
  reason        TEXT    NOT NULL DEFAULT '',
  -- the publisher (the record's owner)
  publisher     TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  answered_by   TEXT    NOT NULL CHECK (length (trim (answered_by)) > 0),
  answered_at   INTEGER NOT NULL CHECK (answered_at >= 0),
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

-- Two desks of the publisher's unit may answer the same request while
-- offline; an acceptance decides (its edit went out), else the first
-- decline (see dd_store_directory_list_requests()).
CREATE INDEX dir_request_answer_by_request ON dir_request_answer (request_id, answered_at);

CREATE TRIGGER dir_request_no_update BEFORE UPDATE ON dir_request
BEGIN
  SELECT RAISE (ABORT, 'change requests are append-only');
END;
CREATE TRIGGER dir_request_no_delete BEFORE DELETE ON dir_request
BEGIN
  SELECT RAISE (ABORT, 'change requests are append-only');
END;
CREATE TRIGGER dir_request_answer_no_update BEFORE UPDATE ON dir_request_answer
BEGIN
  SELECT RAISE (ABORT, 'answers to change requests are append-only');
END;
CREATE TRIGGER dir_request_answer_no_delete BEFORE DELETE ON dir_request_answer
BEGIN
  SELECT RAISE (ABORT, 'answers to change requests are append-only');
END;

-- The unit owning an op's record, sent with the op when the payload's own
-- "owner_unit" is data rather than the record's owner (a team's or plan's
-- owner unit is a cell of the directory, not its publisher). NULL: the
-- server decides as the protocol says.
ALTER TABLE sync_outbox ADD COLUMN owner_unit TEXT NULL
  CHECK (owner_unit IS NULL OR length (owner_unit) BETWEEN 6 AND 23);
