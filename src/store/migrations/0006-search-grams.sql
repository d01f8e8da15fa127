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
-- every kind's triggers, which keep the three rowids equal.
--
-- HOW A KIND IS INDEXED (what a new kind's migration must do)
--
-- A kind ('call', 'incident', 'event', 'log', 'instruction'; search_doc's
-- CHECK lists them) has an AFTER INSERT trigger on its table doing these
-- three statements, in this order, as calls_search_insert below does:
--
--   INSERT INTO search_doc (kind, id, incident_id, at)
--   VALUES ('log', NEW.id, <the incident's id, or ''>,
--           <received or written time, Unix ms>);
--   INSERT INTO incident_fts (rowid, text)
--   VALUES (last_insert_rowid (), <the text to search>);
--   INSERT INTO search_gram (rowid, grams)
--   VALUES (last_insert_rowid (),
--           (SELECT grams FROM search_entry_gram WHERE rowid = last_insert_rowid ()));
--
-- The search_doc rowid is the document's number; the text goes into
-- incident_fts and its grams into search_gram under the same rowid
-- (last_insert_rowid () is that rowid after each of the first two
-- inserts). search_entry_gram reads the text back from incident_fts, so
-- the third insert comes after the second. Skip all three for an empty
-- text (as events without text do). (kind, id) is unique.
--
-- A kind whose text can change (as incidents' descriptions do) also has
-- an AFTER UPDATE trigger doing what incidents_search_update does:
-- remove the old grams from search_gram while incident_fts still has the
-- old text (search_gram is contentless: a row is removed by giving the
-- grams it was indexed with), update incident_fts, insert the new grams.
-- Documents are never deleted: records are append-only or kept.
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

-- (VALUES with scalar subqueries: an INSERT … SELECT into a virtual table
-- goes through a temporary table, several times slower; so would an
-- INSTEAD OF trigger on a view.)

CREATE TRIGGER calls_search_insert AFTER INSERT ON calls
BEGIN
  INSERT INTO search_doc (kind, id, incident_id, at)
  VALUES ('call', NEW.id, coalesce (NEW.incident_id, ''), NEW.received_at);
  INSERT INTO incident_fts (rowid, text) VALUES (last_insert_rowid (), NEW.summary);
  INSERT INTO search_gram (rowid, grams)
  VALUES (last_insert_rowid (), (SELECT grams FROM search_entry_gram WHERE rowid = last_insert_rowid ()));
END;

CREATE TRIGGER incidents_search_insert AFTER INSERT ON incidents
BEGIN
  INSERT INTO search_doc (kind, id, incident_id, at)
  VALUES ('incident', NEW.id, NEW.id, NEW.received_at);
  INSERT INTO incident_fts (rowid, text)
  VALUES (last_insert_rowid (), trim (NEW.description || ' ' || NEW.location));
  INSERT INTO search_gram (rowid, grams)
  VALUES (last_insert_rowid (), (SELECT grams FROM search_entry_gram WHERE rowid = last_insert_rowid ()));
END;

CREATE TRIGGER incidents_search_update AFTER UPDATE OF description, location ON incidents
WHEN OLD.description IS NOT NEW.description OR OLD.location IS NOT NEW.location
BEGIN
  INSERT INTO search_gram (search_gram, rowid, grams)
  SELECT 'delete', g.rowid, g.grams
  FROM search_doc d CROSS JOIN search_entry_gram g ON g.rowid = d.rowid
  WHERE d.kind = 'incident' AND d.id = NEW.id;
  UPDATE incident_fts SET text = trim (NEW.description || ' ' || NEW.location)
  WHERE rowid = (SELECT rowid FROM search_doc WHERE kind = 'incident' AND id = NEW.id);
  INSERT INTO search_gram (rowid, grams)
  SELECT g.rowid, g.grams
  FROM search_doc d CROSS JOIN search_entry_gram g ON g.rowid = d.rowid
  WHERE d.kind = 'incident' AND d.id = NEW.id;
END;

CREATE TRIGGER incident_events_search_insert AFTER INSERT ON incident_events
WHEN length (NEW.text) > 0
BEGIN
  INSERT INTO search_doc (kind, id, incident_id, at)
  VALUES ('event', NEW.id, NEW.incident_id, NEW.received_at);
  INSERT INTO incident_fts (rowid, text) VALUES (last_insert_rowid (), NEW.text);
  INSERT INTO search_gram (rowid, grams)
  VALUES (last_insert_rowid (), (SELECT grams FROM search_entry_gram WHERE rowid = last_insert_rowid ()));
END;
