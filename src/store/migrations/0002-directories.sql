-- 0002-directories.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The directories: units and contacts, rescue teams, experts, warehouses and
-- their stock, emergency plans, leaders' whereabouts, the append-only
-- verifications, and a trigram full-text index over all of them. Every
-- record carries its publisher (the unit that owns it), version and HLC
-- stamp; every write goes through the store's write helper (record kinds
-- 'contact', 'team', 'expert', 'warehouse', 'stock', 'plan',
-- 'verification', 'whereabouts'). Cells are kept as imported (validated and
-- normalised by src/core/dd-directory-csv.c), so an export re-imports
-- unchanged.

-- Units and their people. A row without a name is the unit's own line
-- (duty phone, fax); the other rows are people of the unit.
CREATE TABLE dir_contact (
  id            TEXT    PRIMARY KEY CHECK (length (id) = 36),
  unit          TEXT    NOT NULL CHECK (length (trim (unit)) > 0),
  division      TEXT    NOT NULL CHECK (length (division) = 6),
  name          TEXT    NOT NULL DEFAULT '',
  post          TEXT    NOT NULL DEFAULT '',
  office_phone  TEXT    NOT NULL DEFAULT '',
  mobile        TEXT    NOT NULL DEFAULT '',
  duty_phone    TEXT    NOT NULL DEFAULT '',
  fax           TEXT    NOT NULL DEFAULT '',
  note          TEXT    NOT NULL DEFAULT '',
  publisher     TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  ver           INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at    INTEGER NOT NULL CHECK (updated_at >= created_at),
  UNIQUE (unit, division, name)
) STRICT;

-- The units: one row per (unit, division), with its own line if any.
CREATE VIEW dir_unit AS
SELECT unit AS name, division,
       max (CASE WHEN name = '' THEN duty_phone END) AS duty_phone,
       max (CASE WHEN name = '' THEN fax END) AS fax,
       count (NULLIF (name, '')) AS n_people
FROM dir_contact GROUP BY unit, division;

CREATE TABLE dir_team (
  id            TEXT    PRIMARY KEY CHECK (length (id) = 36),
  name          TEXT    NOT NULL CHECK (length (trim (name)) > 0),
  class         TEXT    NOT NULL CHECK (class IN ('comprehensive', 'professional', 'expert', 'volunteer')),
  field         TEXT    NOT NULL DEFAULT '',
  registration  TEXT    NOT NULL DEFAULT '',
  owner_unit    TEXT    NOT NULL DEFAULT '',
  division      TEXT    NOT NULL DEFAULT '',
  address       TEXT    NOT NULL DEFAULT '',
  lat           TEXT    NOT NULL DEFAULT '',
  lon           TEXT    NOT NULL DEFAULT '',
  headcount     TEXT    NOT NULL DEFAULT '',
  equipment     TEXT    NOT NULL DEFAULT '',
  contact       TEXT    NOT NULL DEFAULT '',
  phone         TEXT    NOT NULL DEFAULT '',
  readiness     TEXT    NOT NULL DEFAULT '',
  publisher     TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  ver           INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at    INTEGER NOT NULL CHECK (updated_at >= created_at),
  UNIQUE (name, division)
) STRICT;

CREATE TABLE dir_expert (
  id            TEXT    PRIMARY KEY CHECK (length (id) = 36),
  name          TEXT    NOT NULL CHECK (length (trim (name)) > 0),
  fields        TEXT    NOT NULL DEFAULT '',
  unit          TEXT    NOT NULL DEFAULT '',
  title         TEXT    NOT NULL DEFAULT '',
  phone         TEXT    NOT NULL DEFAULT '',
  mobile        TEXT    NOT NULL DEFAULT '',
  division      TEXT    NOT NULL DEFAULT '',
  publisher     TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  ver           INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at    INTEGER NOT NULL CHECK (updated_at >= created_at),
  UNIQUE (name, division)
) STRICT;

CREATE TABLE dir_warehouse (
  id            TEXT    PRIMARY KEY CHECK (length (id) = 36),
  name          TEXT    NOT NULL CHECK (length (trim (name)) > 0),
  owner_unit    TEXT    NOT NULL DEFAULT '',
  division      TEXT    NOT NULL DEFAULT '',
  address       TEXT    NOT NULL DEFAULT '',
  lat           TEXT    NOT NULL DEFAULT '',
  lon           TEXT    NOT NULL DEFAULT '',
  level         TEXT    NOT NULL DEFAULT '',
  contact       TEXT    NOT NULL DEFAULT '',
  phone         TEXT    NOT NULL DEFAULT '',
  publisher     TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  ver           INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at    INTEGER NOT NULL CHECK (updated_at >= created_at),
  UNIQUE (name, division)
) STRICT;

CREATE TABLE dir_stock (
  id               TEXT    PRIMARY KEY CHECK (length (id) = 36),
  warehouse_id     TEXT    NOT NULL REFERENCES dir_warehouse (id),
  warehouse        TEXT    NOT NULL CHECK (length (trim (warehouse)) > 0),
  item             TEXT    NOT NULL CHECK (length (trim (item)) > 0),
  category         TEXT    NOT NULL DEFAULT '',
  quantity         TEXT    NOT NULL DEFAULT '',
  unit_of_measure  TEXT    NOT NULL DEFAULT '',
  updated          TEXT    NOT NULL DEFAULT '',
  publisher        TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  ver              INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc              INTEGER NOT NULL CHECK (hlc >= 0),
  created_at       INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at       INTEGER NOT NULL CHECK (updated_at >= created_at),
  UNIQUE (warehouse_id, item)
) STRICT;

CREATE TABLE dir_plan (
  id            TEXT    PRIMARY KEY CHECK (length (id) = 36),
  title         TEXT    NOT NULL CHECK (length (trim (title)) > 0),
  level         TEXT    NOT NULL DEFAULT '',
  subtypes      TEXT    NOT NULL DEFAULT '',
  owner_unit    TEXT    NOT NULL DEFAULT '',
  version       TEXT    NOT NULL DEFAULT '',
  date          TEXT    NOT NULL DEFAULT '',
  file          TEXT    NOT NULL DEFAULT '',
  publisher     TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  ver           INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at    INTEGER NOT NULL CHECK (updated_at >= created_at),
  UNIQUE (title, owner_unit)
) STRICT;

-- A plan's structured sections (organisation, grading and response levels,
-- response steps, contacts…), in order; written with the plan.
CREATE TABLE dir_plan_section (
  plan_id   TEXT    NOT NULL REFERENCES dir_plan (id),
  position  INTEGER NOT NULL CHECK (position >= 0),
  heading   TEXT    NOT NULL,
  body      TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (plan_id, position)
) STRICT;

-- Verifications: append-only. The latest one of an entry is its "last verified".
CREATE TABLE dir_verification (
  seq          INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL UNIQUE CHECK (length (id) = 36),
  kind         TEXT    NOT NULL CHECK (kind IN ('contact', 'team', 'expert', 'warehouse', 'stock', 'plan')),
  entry_id     TEXT    NOT NULL CHECK (length (entry_id) = 36),
  verified_at  INTEGER NOT NULL CHECK (verified_at >= 0),
  verified_by  TEXT    NOT NULL CHECK (length (trim (verified_by)) > 0),
  note         TEXT    NOT NULL DEFAULT '',
  publisher    TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  hlc          INTEGER NOT NULL CHECK (hlc >= 0),
  created_at   INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

CREATE INDEX dir_verification_by_entry ON dir_verification (entry_id, verified_at);

CREATE TRIGGER dir_verification_no_update
BEFORE UPDATE ON dir_verification
BEGIN
  SELECT RAISE (ABORT, 'verifications are append-only');
END;

CREATE TRIGGER dir_verification_no_delete
BEFORE DELETE ON dir_verification
BEGIN
  SELECT RAISE (ABORT, 'verifications are append-only');
END;

-- Leaders' whereabouts: dated records, both ends included (YYYY-MM-DD).
CREATE TABLE dir_whereabouts (
  id              TEXT    PRIMARY KEY CHECK (length (id) = 36),
  person          TEXT    NOT NULL CHECK (length (trim (person)) > 0),
  post            TEXT    NOT NULL DEFAULT '',
  unit            TEXT    NOT NULL DEFAULT '',
  date_from       TEXT    NOT NULL CHECK (date (date_from) = date_from),
  date_to         TEXT    NOT NULL CHECK (date (date_to) = date_to AND date_to >= date_from),
  status          TEXT    NOT NULL CHECK (status IN ('in_office', 'travelling', 'on_leave', 'meeting')),
  place           TEXT    NOT NULL DEFAULT '',
  stand_in        TEXT    NOT NULL DEFAULT '',
  stand_in_phone  TEXT    NOT NULL DEFAULT '',
  note            TEXT    NOT NULL DEFAULT '',
  publisher       TEXT    NOT NULL CHECK (length (publisher) BETWEEN 6 AND 23),
  ver             INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc             INTEGER NOT NULL CHECK (hlc >= 0),
  created_at      INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at      INTEGER NOT NULL CHECK (updated_at >= created_at)
) STRICT;

CREATE INDEX dir_whereabouts_by_date ON dir_whereabouts (date_from, date_to);

-- One row per entry of every kind, as lists and searches show it, kept by
-- the store in the same transaction as the entry (and its latest
-- verification). "haystack" is what the search matches: names, units,
-- posts, fields, phones (also without separators), addresses, equipment,
-- items, titles and the division's name.
CREATE TABLE dir_index (
  rowid        INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL,
  kind_rank    INTEGER NOT NULL,   -- the kind's place in lists: contact 0 … plan 5
  entry_id     TEXT    NOT NULL UNIQUE,
  name         TEXT    NOT NULL,
  subtitle     TEXT    NOT NULL DEFAULT '',
  division     TEXT    NOT NULL DEFAULT '',
  phones       TEXT    NOT NULL DEFAULT '',
  field        TEXT    NOT NULL DEFAULT '',
  class        TEXT    NOT NULL DEFAULT '',
  haystack     TEXT    NOT NULL,
  verified_at  INTEGER NULL,
  verified_by  TEXT    NOT NULL DEFAULT ''
) STRICT;

-- Lists are ordered by kind, then name: searches that match many entries
-- (and 1–2 character searches) walk this index and stop at their limit.
CREATE INDEX dir_index_in_order ON dir_index (kind_rank, name, entry_id, division);
CREATE INDEX dir_index_by_verified ON dir_index (verified_at);

CREATE VIRTUAL TABLE dir_fts USING fts5 (
  haystack,
  content = 'dir_index',
  content_rowid = 'rowid',
  tokenize = 'trigram'
);

CREATE TRIGGER dir_index_fts_insert AFTER INSERT ON dir_index
BEGIN
  INSERT INTO dir_fts (rowid, haystack) VALUES (NEW.rowid, NEW.haystack);
END;

CREATE TRIGGER dir_index_fts_delete AFTER DELETE ON dir_index
BEGIN
  INSERT INTO dir_fts (dir_fts, rowid, haystack) VALUES ('delete', OLD.rowid, OLD.haystack);
END;

CREATE TRIGGER dir_index_fts_update AFTER UPDATE OF haystack ON dir_index
BEGIN
  INSERT INTO dir_fts (dir_fts, rowid, haystack) VALUES ('delete', OLD.rowid, OLD.haystack);
  INSERT INTO dir_fts (rowid, haystack) VALUES (NEW.rowid, NEW.haystack);
END;

-- Local directory settings (not synchronized): the age after which an
-- entry is stale, NULL for the shipped default.
CREATE TABLE dir_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  stale_days  INTEGER NULL CHECK (stale_days IS NULL OR stale_days BETWEEN 1 AND 3660)
) STRICT;

INSERT INTO dir_settings (id, stale_days) VALUES (1, NULL);
