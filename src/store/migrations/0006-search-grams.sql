-- 0006-search-grams.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The search over calls, incidents, events, duty-log entries and leader
-- instructions (issue 4: "under 50 ms at the 95th percentile with
-- 1,000,000 calls"). 0005 indexed texts in incident_fts (FTS5 trigram),
-- which cannot serve terms of 1–2 characters: those read every document.
-- This migration adds search_gram, an FTS5 index of every character and
-- every 2-character window of each text, and puts the three indexes behind
-- one view, search_entry, so that every kind is indexed the same way.
--
-- HOW A KIND IS INDEXED (what a new kind's migration must do)
--
-- A kind ('call', 'incident', 'event', 'log', 'instruction'; search_doc's
-- CHECK lists them) has an AFTER INSERT trigger on its table that does one
-- statement and nothing else:
--
--   INSERT INTO search_entry (kind, id, incident_id, at, text)
--   VALUES ('log', NEW.id, <the incident's id, or ''>, <received or
--           written time, Unix ms>, <the text to search>);
--
-- search_entry's INSTEAD OF trigger then, in this order: inserts the
-- search_doc row (its rowid is the document's number), inserts the text
-- into incident_fts with the same rowid, and inserts the text's grams into
-- search_gram with the same rowid. Never write to search_doc,
-- incident_fts or search_gram directly: the three rowids must stay equal,
-- and search_gram is contentless (a text indexed there can only be
-- removed by giving the grams it was indexed with, which search_entry's
-- UPDATE trigger does). A kind whose text can change (as incidents'
-- descriptions do) also has an AFTER UPDATE trigger doing
--
--   UPDATE search_entry SET text = <the new text>
--   WHERE kind = 'log' AND id = NEW.id;
--
-- A text may be empty (skip the insert then, as events without text do).
-- (kind, id) is unique. Documents are never deleted: records are
-- append-only or kept.
--
-- search_gram: for every character position of a text, the character
-- alone and the 2 characters from there, separated by spaces, indexed with
-- FTS5's "ascii" tokenizer (ASCII letters and digits and all non-ASCII
-- characters make tokens, ASCII letters lower-cased as LIKE compares, other
-- ASCII characters separate tokens), detail=none (only which documents
-- hold a token). A term of 1–2 characters is then one or two tokens; a
-- longer term is all its 2-character windows. The search applies LIKE to
-- every document these find, so its results are those of a LIKE scan.

-- Triggers naming search_doc go before search_doc is rebuilt.
DROP TRIGGER calls_search_insert;
DROP TRIGGER incidents_search_insert;
DROP TRIGGER incidents_search_update;
DROP TRIGGER incident_events_search_insert;

-- Rebuilt for the wider kind CHECK; rowids (= FTS rowids) are kept.
CREATE TABLE search_doc_new (
  rowid        INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('call', 'incident', 'event', 'log', 'instruction')),
  id           TEXT    NOT NULL,
  incident_id  TEXT    NOT NULL DEFAULT '',
  at           INTEGER NOT NULL,
  UNIQUE (kind, id)
) STRICT;

INSERT INTO search_doc_new (rowid, kind, id, incident_id, at)
SELECT rowid, kind, id, incident_id, at FROM search_doc ORDER BY rowid;

DROP TABLE search_doc;
ALTER TABLE search_doc_new RENAME TO search_doc;

-- For the filters: the documents of some incidents, of some days.
CREATE INDEX search_doc_by_incident ON search_doc (incident_id) WHERE incident_id != '';
CREATE INDEX search_doc_by_at ON search_doc (at);

CREATE VIRTUAL TABLE search_gram USING fts5 (
  grams, content = '', detail = 'none', columnsize = 0, tokenize = 'ascii'
);

-- Every document with its text.
CREATE VIEW search_entry (kind, id, incident_id, at, text) AS
SELECT d.kind, d.id, d.incident_id, d.at, f.text
FROM search_doc d CROSS JOIN incident_fts f ON f.rowid = d.rowid;

-- The grams of every document. The positions 0 … length - 1 of a text
-- come from a JSON array of that many zeros (triggers cannot use a
-- recursive WITH), as in 0004.
CREATE VIEW search_entry_gram (rowid, grams) AS
SELECT f.rowid,
       coalesce ((SELECT group_concat (substr (f.text, p.key + 1, 1) || ' ' || substr (f.text, p.key + 1, 2), ' ')
                  FROM json_each ('[' || substr (replace (hex (zeroblob (length (f.text))), '00', '0,'),
                                                 1, 2 * length (f.text) - 1) || ']') AS p), '')
FROM incident_fts f;

INSERT INTO search_gram (rowid, grams) SELECT rowid, grams FROM search_entry_gram ORDER BY rowid;

CREATE TRIGGER search_entry_insert INSTEAD OF INSERT ON search_entry
BEGIN
  INSERT INTO search_doc (kind, id, incident_id, at)
  VALUES (NEW.kind, NEW.id, coalesce (NEW.incident_id, ''), NEW.at);
  INSERT INTO incident_fts (rowid, text)
  SELECT rowid, NEW.text FROM search_doc WHERE kind = NEW.kind AND id = NEW.id;
  INSERT INTO search_gram (rowid, grams)
  SELECT rowid, grams FROM search_entry_gram
  WHERE rowid = (SELECT rowid FROM search_doc WHERE kind = NEW.kind AND id = NEW.id);
END;

-- Old grams out (while incident_fts still has the old text), new text
-- and grams in.
CREATE TRIGGER search_entry_update INSTEAD OF UPDATE OF text ON search_entry
WHEN OLD.text IS NOT NEW.text
BEGIN
  INSERT INTO search_gram (search_gram, rowid, grams)
  SELECT 'delete', rowid, grams FROM search_entry_gram
  WHERE rowid = (SELECT rowid FROM search_doc WHERE kind = OLD.kind AND id = OLD.id);
  UPDATE incident_fts SET text = NEW.text
  WHERE rowid = (SELECT rowid FROM search_doc WHERE kind = OLD.kind AND id = OLD.id);
  INSERT INTO search_gram (rowid, grams)
  SELECT rowid, grams FROM search_entry_gram
  WHERE rowid = (SELECT rowid FROM search_doc WHERE kind = OLD.kind AND id = OLD.id);
END;

-- The kinds of 0005, now through search_entry.
CREATE TRIGGER calls_search_insert AFTER INSERT ON calls
BEGIN
  INSERT INTO search_entry (kind, id, incident_id, at, text)
  VALUES ('call', NEW.id, coalesce (NEW.incident_id, ''), NEW.received_at, NEW.summary);
END;

CREATE TRIGGER incidents_search_insert AFTER INSERT ON incidents
BEGIN
  INSERT INTO search_entry (kind, id, incident_id, at, text)
  VALUES ('incident', NEW.id, NEW.id, NEW.received_at, trim (NEW.description || ' ' || NEW.location));
END;

CREATE TRIGGER incidents_search_update AFTER UPDATE OF description, location ON incidents
WHEN OLD.description IS NOT NEW.description OR OLD.location IS NOT NEW.location
BEGIN
  UPDATE search_entry SET text = trim (NEW.description || ' ' || NEW.location)
  WHERE kind = 'incident' AND id = NEW.id;
END;

CREATE TRIGGER incident_events_search_insert AFTER INSERT ON incident_events
WHEN length (NEW.text) > 0
BEGIN
  INSERT INTO search_entry (kind, id, incident_id, at, text)
  VALUES ('event', NEW.id, NEW.incident_id, NEW.received_at, NEW.text);
END;
