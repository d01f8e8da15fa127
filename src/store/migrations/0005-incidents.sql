-- 0005-incidents.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Calls and incidents (issue 4). Calls and incidents are records written
-- through the store's write helper; incident events are append-only (the
-- triggers below refuse UPDATE and DELETE) and hold the serialized
-- DdIncidentEvent (dd_incident_event_to_variant() printed as text). The
-- incident row keeps, for lists, what its derived state says (grade,
-- status, next due time); the events alone are the truth. Times are Unix ms.

CREATE TABLE incidents (
  id               TEXT    PRIMARY KEY CHECK (length (id) BETWEEN 1 AND 64),
  number           TEXT    NOT NULL UNIQUE,
  owner_unit       TEXT    NOT NULL CHECK (length (owner_unit) > 0),
  number_day       TEXT    NOT NULL CHECK (length (number_day) = 8),
  number_seq       INTEGER NOT NULL CHECK (number_seq BETWEEN 1 AND 9999),
  received_at      INTEGER NOT NULL,
  subtype          TEXT    NOT NULL,
  occurred_at      INTEGER NOT NULL DEFAULT 0,
  location         TEXT    NOT NULL DEFAULT '',
  division         TEXT    NOT NULL DEFAULT '',
  description      TEXT    NOT NULL DEFAULT '',
  grade            TEXT    NOT NULL DEFAULT '' CHECK (grade IN ('', 'I', 'II', 'III', 'IV')),
  computed_grade   TEXT    NOT NULL DEFAULT '' CHECK (computed_grade IN ('', 'I', 'II', 'III', 'IV')),
  manual_required  INTEGER NOT NULL DEFAULT 0 CHECK (manual_required IN (0, 1)),
  status           TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at        INTEGER NOT NULL DEFAULT 0,
  next_due_at      INTEGER NOT NULL DEFAULT 0,
  ver              INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc              INTEGER NOT NULL CHECK (hlc >= 0),
  created_at       INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at       INTEGER NOT NULL CHECK (updated_at >= created_at),
  UNIQUE (owner_unit, number_day, number_seq)
) STRICT;

CREATE INDEX incidents_by_received ON incidents (received_at DESC, id DESC);
CREATE INDEX incidents_open_by_received ON incidents (received_at DESC, id DESC) WHERE status = 'open';

CREATE TABLE calls (
  id                   TEXT    PRIMARY KEY CHECK (length (id) BETWEEN 1 AND 64),
  received_at          INTEGER NOT NULL,
  channel              TEXT    NOT NULL CHECK (channel IN ('phone', 'fax', 'sms', 'system',
                                                           'online_media', 'lower_level', 'walk_in')),
  caller_name          TEXT    NOT NULL DEFAULT '',
  caller_unit          TEXT    NOT NULL DEFAULT '',
  caller_phone         TEXT    NOT NULL DEFAULT '',
  summary              TEXT    NOT NULL CHECK (length (trim (summary)) > 0),
  officer_id           TEXT    NOT NULL DEFAULT '',
  disposition          TEXT    NOT NULL CHECK (disposition IN ('new_incident', 'follow_up', 'non_incident')),
  incident_id          TEXT    REFERENCES incidents (id),
  non_incident_reason  TEXT    CHECK (non_incident_reason IN ('enquiry', 'wrong_number', 'test_call')),
  owner_unit           TEXT    NOT NULL DEFAULT '',
  ver                  INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc                  INTEGER NOT NULL CHECK (hlc >= 0),
  created_at           INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at           INTEGER NOT NULL CHECK (updated_at >= created_at),
  CHECK ((disposition = 'non_incident') = (incident_id IS NULL)),
  CHECK ((disposition = 'non_incident') = (non_incident_reason IS NOT NULL))
) STRICT;

CREATE INDEX calls_by_received ON calls (received_at DESC, id DESC);
CREATE INDEX calls_by_incident ON calls (incident_id, received_at) WHERE incident_id IS NOT NULL;

-- Append-only. body: the DdIncidentEvent as a printed GVariant a{sv};
-- text: its texts joined, for the search.
CREATE TABLE incident_events (
  seq          INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL UNIQUE CHECK (length (id) BETWEEN 1 AND 64),
  incident_id  TEXT    NOT NULL REFERENCES incidents (id),
  kind         TEXT    NOT NULL CHECK (kind IN ('log', 'update', 'regrade', 'report', 'close', 'reopen')),
  received_at  INTEGER NOT NULL,
  body         TEXT    NOT NULL,
  text         TEXT    NOT NULL DEFAULT '',
  hlc          INTEGER NOT NULL CHECK (hlc >= 0),
  created_at   INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

CREATE INDEX incident_events_by_incident ON incident_events (incident_id, seq);

CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
BEGIN
  SELECT RAISE (ABORT, 'incident events are append-only');
END;

CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
BEGIN
  SELECT RAISE (ABORT, 'incident events are append-only');
END;

-- The search: one document per call, incident and event. search_doc maps
-- the FTS rowid to what it is; incident_fts holds the text (trigram, so
-- Chinese substrings match).
CREATE TABLE search_doc (
  rowid        INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('call', 'incident', 'event')),
  id           TEXT    NOT NULL,
  incident_id  TEXT    NOT NULL DEFAULT '',
  at           INTEGER NOT NULL,
  UNIQUE (kind, id)
) STRICT;

CREATE VIRTUAL TABLE incident_fts USING fts5 (text, tokenize = 'trigram');

CREATE TRIGGER calls_search_insert AFTER INSERT ON calls
BEGIN
  INSERT INTO search_doc (kind, id, incident_id, at)
  VALUES ('call', NEW.id, coalesce (NEW.incident_id, ''), NEW.received_at);
  INSERT INTO incident_fts (rowid, text) VALUES (last_insert_rowid (), NEW.summary);
END;

CREATE TRIGGER incidents_search_insert AFTER INSERT ON incidents
BEGIN
  INSERT INTO search_doc (kind, id, incident_id, at)
  VALUES ('incident', NEW.id, NEW.id, NEW.received_at);
  INSERT INTO incident_fts (rowid, text)
  VALUES (last_insert_rowid (), trim (NEW.description || ' ' || NEW.location));
END;

CREATE TRIGGER incidents_search_update AFTER UPDATE OF description, location ON incidents
WHEN OLD.description IS NOT NEW.description OR OLD.location IS NOT NEW.location
BEGIN
  DELETE FROM incident_fts
  WHERE rowid = (SELECT rowid FROM search_doc WHERE kind = 'incident' AND id = NEW.id);
  INSERT INTO incident_fts (rowid, text)
  SELECT rowid, trim (NEW.description || ' ' || NEW.location)
  FROM search_doc WHERE kind = 'incident' AND id = NEW.id;
END;

CREATE TRIGGER incident_events_search_insert AFTER INSERT ON incident_events
WHEN length (NEW.text) > 0
BEGIN
  INSERT INTO search_doc (kind, id, incident_id, at)
  VALUES ('event', NEW.id, NEW.incident_id, NEW.received_at);
  INSERT INTO incident_fts (rowid, text) VALUES (last_insert_rowid (), NEW.text);
END;
