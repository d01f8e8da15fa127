-- 0003-rosters.sql
--
-- Copyright 2026 The Duty Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The duty calendar and rosters (issue 3): holiday schedules, main flood
-- seasons, important periods, shift templates, absences, assignments,
-- swaps, roster marks and settings. Every row is a record written through
-- the store's write helper (audit entry + outbox operation). Shifts are not
-- stored: they follow from the calendar and the templates, with ids
-- "YYYY-MM-DD/TEMPLATE". Dates are Beijing days as "YYYY-MM-DD".

-- One year's State Council holiday schedule, a record (imported, shipped or
-- published downward by the province). blocks: [{"first","last","name"}],
-- workdays: ["YYYY-MM-DD", …].
CREATE TABLE holiday_schedule (
  year        INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999),
  notice      TEXT    NOT NULL DEFAULT '',
  source      TEXT    NOT NULL DEFAULT '',
  blocks      TEXT    NOT NULL CHECK (json_valid (blocks) AND json_type (blocks) = 'array'),
  workdays    TEXT    NOT NULL CHECK (json_valid (workdays) AND json_type (workdays) = 'array'),
  owner_unit  TEXT    NOT NULL DEFAULT '',
  ver         INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc         INTEGER NOT NULL CHECK (hlc >= 0),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at  INTEGER NOT NULL CHECK (updated_at >= created_at)
) STRICT;

-- The main flood season of a year where it differs from the default.
CREATE TABLE flood_season (
  year        INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999),
  first       TEXT    NOT NULL CHECK (length (first) = 10),
  last        TEXT    NOT NULL CHECK (length (last) = 10 AND last >= first),
  owner_unit  TEXT    NOT NULL DEFAULT '',
  ver         INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc         INTEGER NOT NULL CHECK (hlc >= 0),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at  INTEGER NOT NULL CHECK (updated_at >= created_at),
  CHECK (substr (first, 1, 4) = printf ('%04d', year) AND substr (last, 1, 4) = printf ('%04d', year))
) STRICT;

-- Important periods (重要时段): [start_ms, end_ms) in Unix ms, 1 or 2 leaders.
CREATE TABLE important_period (
  id          TEXT    PRIMARY KEY CHECK (length (id) BETWEEN 1 AND 64),
  name        TEXT    NOT NULL CHECK (length (trim (name)) > 0),
  start_ms    INTEGER NOT NULL,
  end_ms      INTEGER NOT NULL CHECK (end_ms > start_ms),
  leaders     INTEGER NOT NULL CHECK (leaders IN (1, 2)),
  owner_unit  TEXT    NOT NULL DEFAULT '',
  ver         INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc         INTEGER NOT NULL CHECK (hlc >= 0),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at  INTEGER NOT NULL CHECK (updated_at >= created_at)
) STRICT;

CREATE INDEX important_period_by_start ON important_period (start_ms, id);

-- The desk's shift templates (defaults from data/rules/duty-defaults.ini).
CREATE TABLE shift_template (
  id            TEXT    PRIMARY KEY CHECK (length (id) BETWEEN 1 AND 64),
  name          TEXT    NOT NULL CHECK (length (trim (name)) > 0),
  position      TEXT    NOT NULL CHECK (position IN ('leader', 'officer')),
  regime        TEXT    NOT NULL CHECK (regime IN ('7x24', '5x8')),
  start_minute  INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute    INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
  required      INTEGER NOT NULL CHECK (required BETWEEN 1 AND 9),
  sort_key      INTEGER NOT NULL DEFAULT 0,
  owner_unit    TEXT    NOT NULL DEFAULT '',
  ver           INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc           INTEGER NOT NULL CHECK (hlc >= 0),
  created_at    INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at    INTEGER NOT NULL CHECK (updated_at >= created_at)
) STRICT;

-- Unavailability of a person on whole days, first..last included.
CREATE TABLE absence (
  id          TEXT    PRIMARY KEY CHECK (length (id) = 36),
  staff_id    TEXT    NOT NULL REFERENCES staff (id),
  kind        TEXT    NOT NULL CHECK (kind IN ('leave', 'business_trip', 'training')),
  first       TEXT    NOT NULL CHECK (length (first) = 10),
  last        TEXT    NOT NULL CHECK (length (last) = 10 AND last >= first),
  reason      TEXT    NOT NULL DEFAULT '',
  owner_unit  TEXT    NOT NULL DEFAULT '',
  ver         INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc         INTEGER NOT NULL CHECK (hlc >= 0),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at  INTEGER NOT NULL CHECK (updated_at >= created_at)
) STRICT;

CREATE INDEX absence_by_dates ON absence (first, last);
CREATE INDEX absence_by_staff ON absence (staff_id, first);

-- A person on a shift. duty_date and template_id repeat the parts of
-- shift_id ("YYYY-MM-DD/TEMPLATE") for range queries.
CREATE TABLE roster_assignment (
  shift_id     TEXT    NOT NULL CHECK (shift_id = duty_date || '/' || template_id),
  staff_id     TEXT    NOT NULL REFERENCES staff (id),
  duty_date    TEXT    NOT NULL CHECK (length (duty_date) = 10),
  template_id  TEXT    NOT NULL CHECK (length (template_id) >= 1),
  locked       INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  generated    INTEGER NOT NULL DEFAULT 0 CHECK (generated IN (0, 1)),
  owner_unit   TEXT    NOT NULL DEFAULT '',
  ver          INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc          INTEGER NOT NULL CHECK (hlc >= 0),
  created_at   INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at   INTEGER NOT NULL CHECK (updated_at >= created_at),
  PRIMARY KEY (shift_id, staff_id)
) STRICT;

CREATE INDEX roster_assignment_by_date ON roster_assignment (duty_date, shift_id);
CREATE INDEX roster_assignment_by_staff ON roster_assignment (staff_id, duty_date);

-- Swaps of two people's shifts: append-only.
CREATE TABLE roster_swap (
  id           TEXT    PRIMARY KEY CHECK (length (id) = 36),
  shift_a      TEXT    NOT NULL,
  staff_a      TEXT    NOT NULL REFERENCES staff (id),
  shift_b      TEXT    NOT NULL,
  staff_b      TEXT    NOT NULL REFERENCES staff (id),
  asked_by     TEXT    NOT NULL CHECK (length (trim (asked_by)) > 0),
  approved_by  TEXT    NOT NULL CHECK (length (trim (approved_by)) > 0),
  owner_unit   TEXT    NOT NULL DEFAULT '',
  hlc          INTEGER NOT NULL CHECK (hlc >= 0),
  created_at   INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

CREATE INDEX roster_swap_by_shift_a ON roster_swap (shift_a);
CREATE INDEX roster_swap_by_shift_b ON roster_swap (shift_b);

CREATE TRIGGER roster_swap_no_update
BEFORE UPDATE ON roster_swap
BEGIN
  SELECT RAISE (ABORT, 'swaps are append-only');
END;

CREATE TRIGGER roster_swap_no_delete
BEFORE DELETE ON roster_swap
BEGIN
  SELECT RAISE (ABORT, 'swaps are append-only');
END;

-- Marks on a month's roster (checked / submitted): append-only, with the
-- month's assignments at that moment ([{"shift_id","staff_id"}], sorted).
CREATE TABLE roster_mark (
  id          TEXT    PRIMARY KEY CHECK (length (id) = 36),
  month       TEXT    NOT NULL CHECK (length (month) = 7),
  kind        TEXT    NOT NULL CHECK (kind IN ('checked', 'submitted')),
  marked_by   TEXT    NOT NULL CHECK (length (trim (marked_by)) > 0),
  version     INTEGER NOT NULL CHECK (version >= 1),
  snapshot    TEXT    NOT NULL CHECK (json_valid (snapshot)),
  owner_unit  TEXT    NOT NULL DEFAULT '',
  hlc         INTEGER NOT NULL CHECK (hlc >= 0),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;

CREATE INDEX roster_mark_by_month ON roster_mark (month, created_at);

CREATE TRIGGER roster_mark_no_update
BEFORE UPDATE ON roster_mark
BEGIN
  SELECT RAISE (ABORT, 'roster marks are append-only');
END;

CREATE TRIGGER roster_mark_no_delete
BEFORE DELETE ON roster_mark
BEGIN
  SELECT RAISE (ABORT, 'roster marks are append-only');
END;

-- Duty settings of the desk, e.g. min_rest_hours (default 12).
CREATE TABLE duty_setting (
  key         TEXT    PRIMARY KEY CHECK (length (key) > 0),
  value       TEXT    NOT NULL,
  owner_unit  TEXT    NOT NULL DEFAULT '',
  ver         INTEGER NOT NULL DEFAULT 1 CHECK (ver >= 1),
  hlc         INTEGER NOT NULL CHECK (hlc >= 0),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at  INTEGER NOT NULL CHECK (updated_at >= created_at)
) STRICT;

-- Set once the shipped defaults (holiday schedules, templates, rest rule)
-- were copied into the records above.
CREATE TABLE duty_seed (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  seeded_at  INTEGER NOT NULL CHECK (seeded_at >= 0)
) STRICT;
