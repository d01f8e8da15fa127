-- 0004-directory-search.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Indexes for the directory search (issue 6, "search over 100,000 entries
-- under 20 ms at p95"), all kept by triggers on dir_index in the same
-- transaction as the entry:
--
-- * dir_name_gram: for searches made of 1–2 character terms only (they
--   match names), every 2-character window of each name, lower-cased as
--   LIKE compares, the last character alone at the end of the name. A
--   2-character term is one posting list ("王伟" = gram '王伟'); a
--   1-character term is the range of grams that start with it. The search
--   still applies its LIKE to what these find, so the results are those of
--   a scan.
-- * dir_index_by_division: a division filter seeks to the divisions of the
--   subtree instead of walking the whole list.
-- * dir_index_stat: entries per division and kind, for the search to
--   estimate how far a walk of the list order goes before it reaches its
--   limit, and how many entries a division filter leaves.

CREATE TABLE dir_name_gram (
  gram   TEXT    NOT NULL,
  entry  INTEGER NOT NULL,   -- dir_index.rowid
  PRIMARY KEY (gram, entry)
) STRICT, WITHOUT ROWID;

-- The grams of every name. The positions 0 … length - 1 of a name come from
-- a JSON array of that many zeros (triggers cannot use a recursive WITH).
CREATE VIEW dir_index_gram AS
SELECT lower (substr (i.name, p.key + 1, 2)) AS gram, i.rowid AS entry
FROM dir_index i,
     json_each ('[' || substr (replace (hex (zeroblob (length (i.name))), '00', '0,'),
                               1, 2 * length (i.name) - 1) || ']') AS p;

INSERT OR IGNORE INTO dir_name_gram (gram, entry) SELECT gram, entry FROM dir_index_gram;

CREATE TRIGGER dir_index_gram_insert AFTER INSERT ON dir_index
BEGIN
  INSERT OR IGNORE INTO dir_name_gram (gram, entry)
  SELECT gram, entry FROM dir_index_gram WHERE entry = NEW.rowid;
END;

-- Before, while the row still has the name whose grams go.
CREATE TRIGGER dir_index_gram_delete BEFORE DELETE ON dir_index
BEGIN
  DELETE FROM dir_name_gram
  WHERE entry = OLD.rowid AND gram IN (SELECT gram FROM dir_index_gram WHERE entry = OLD.rowid);
END;

CREATE TRIGGER dir_index_gram_update_old BEFORE UPDATE OF name ON dir_index
WHEN OLD.name IS NOT NEW.name
BEGIN
  DELETE FROM dir_name_gram
  WHERE entry = OLD.rowid AND gram IN (SELECT gram FROM dir_index_gram WHERE entry = OLD.rowid);
END;

CREATE TRIGGER dir_index_gram_update_new AFTER UPDATE OF name ON dir_index
WHEN OLD.name IS NOT NEW.name
BEGIN
  INSERT OR IGNORE INTO dir_name_gram (gram, entry)
  SELECT gram, entry FROM dir_index_gram WHERE entry = NEW.rowid;
END;

CREATE INDEX dir_index_by_division ON dir_index (division, kind_rank, name, entry_id);

CREATE TABLE dir_index_stat (
  division   TEXT    NOT NULL,
  kind_rank  INTEGER NOT NULL,
  entries    INTEGER NOT NULL CHECK (entries >= 0),
  PRIMARY KEY (division, kind_rank)
) STRICT, WITHOUT ROWID;

INSERT INTO dir_index_stat (division, kind_rank, entries)
SELECT division, kind_rank, count(*) FROM dir_index GROUP BY division, kind_rank;

CREATE TRIGGER dir_index_stat_insert AFTER INSERT ON dir_index
BEGIN
  INSERT INTO dir_index_stat (division, kind_rank, entries) VALUES (NEW.division, NEW.kind_rank, 1)
  ON CONFLICT (division, kind_rank) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER dir_index_stat_delete AFTER DELETE ON dir_index
BEGIN
  UPDATE dir_index_stat SET entries = entries - 1
  WHERE division = OLD.division AND kind_rank = OLD.kind_rank;
END;

CREATE TRIGGER dir_index_stat_update AFTER UPDATE OF division, kind_rank ON dir_index
WHEN OLD.division IS NOT NEW.division OR OLD.kind_rank IS NOT NEW.kind_rank
BEGIN
  UPDATE dir_index_stat SET entries = entries - 1
  WHERE division = OLD.division AND kind_rank = OLD.kind_rank;
  INSERT INTO dir_index_stat (division, kind_rank, entries) VALUES (NEW.division, NEW.kind_rank, 1)
  ON CONFLICT (division, kind_rank) DO UPDATE SET entries = entries + 1;
END;
