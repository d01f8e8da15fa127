-- 0010-directory-initials-sections.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The directory search by pinyin initials ("nmq" finds 南明区…, "ldh"
-- 刘德华), and plans' sections as a CSV column.
--
-- * dir_index.initials: the pinyin initials of the entry's name, one set
--   per character, space-separated ("n m oq": 区 reads qū and ōu), as
--   dd_pinyin_initials() computes them from data/pinyin/initials.txt. NULL
--   until the store has computed them: rows written before this migration
--   are filled when the store next opens the database. Written by the
--   store with the rest of the index row, in the same transaction.
-- * dir_name_initials: every pair of initials of consecutive characters,
--   with the position of the first ("n m oq" → nm@0, mo@1, mq@1). A search
--   for "nmq" joins nm@p with mq@p+1: exactly the names with an n, m, q
--   run, whatever reading each character has.
-- * dir_plan.sections: the plan's structured sections in the cell format
--   of dd_directory_sections_parse() ("heading|body||heading|body"), so
--   that they import and export with the plan; it replaces
--   dir_plan_section, whose rows are carried over.

ALTER TABLE dir_index ADD COLUMN initials TEXT NULL;

CREATE INDEX dir_index_initials_pending ON dir_index (entry_id) WHERE initials IS NULL;

CREATE TABLE dir_name_initials (
  gram   TEXT    NOT NULL CHECK (length (gram) = 2),
  entry  INTEGER NOT NULL,   -- dir_index.rowid
  pos    INTEGER NOT NULL CHECK (pos >= 0),
  PRIMARY KEY (gram, entry, pos)
) STRICT, WITHOUT ROWID;

CREATE INDEX dir_name_initials_by_entry ON dir_name_initials (entry);

CREATE TRIGGER dir_index_initials_delete AFTER DELETE ON dir_index
BEGIN
  DELETE FROM dir_name_initials WHERE entry = OLD.rowid;
END;

ALTER TABLE dir_plan ADD COLUMN sections TEXT NOT NULL DEFAULT '';

-- "\" and "|" in the text are escaped with "\"; a section without a body
-- is its heading alone.
UPDATE dir_plan
SET sections = (
  SELECT group_concat (cell, '||')
  FROM (SELECT replace (replace (heading, '\', '\\'), '|', '\|')
               || CASE WHEN body = '' THEN ''
                       ELSE '|' || replace (replace (body, '\', '\\'), '|', '\|') END AS cell
        FROM dir_plan_section s
        WHERE s.plan_id = dir_plan.id
        ORDER BY s.position))
WHERE id IN (SELECT plan_id FROM dir_plan_section);

DROP TABLE dir_plan_section;
