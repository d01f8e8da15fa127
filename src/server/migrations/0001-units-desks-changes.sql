-- 0001: the unit tree, desks and their enrolment, the server epoch and key,
-- and the change log with its gap-free sequence.
-- Runs inside a transaction opened by the migration runner.

CREATE TABLE units (
  code       text PRIMARY KEY,
  name       text NOT NULL CHECK (name <> ''),
  level      text NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'department')),
  -- deferred, so a unit import may list children before their parents
  parent     text REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'province') = (parent IS NULL))
);
CREATE INDEX units_parent ON units (parent);

CREATE TABLE desks (
  id          uuid PRIMARY KEY,
  unit        text NOT NULL REFERENCES units (code),
  secret_hash text NOT NULL,          -- SHA-256 hex of the 256-bit desk secret
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  last_seen   timestamptz
);
CREATE INDEX desks_unit ON desks (unit);

CREATE TABLE enrol_codes (
  code_hash  text PRIMARY KEY,        -- SHA-256 hex of the normalized code
  unit       text NOT NULL REFERENCES units (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  used_by    uuid REFERENCES desks (id)
);

-- One row: the identity of this database's history. A recreated database gets
-- a new epoch, so desks' cursors from the old one are answered resync_required.
CREATE TABLE server_epoch (
  id         integer PRIMARY KEY CHECK (id = 1),
  epoch      uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO server_epoch (id, epoch) VALUES (1, gen_random_uuid ());

-- One row: the HMAC key of access tokens, shared by every server process.
-- gen_random_uuid () draws on pg_strong_random: two of them give 244 random bits.
CREATE TABLE server_key (
  id       integer PRIMARY KEY CHECK (id = 1),
  hmac_key text NOT NULL
);
INSERT INTO server_key (id, hmac_key)
  VALUES (1, replace (gen_random_uuid ()::text || gen_random_uuid ()::text, '-', ''));

-- One row: the last server sequence number handed out. A push transaction
-- takes its numbers with UPDATE … SET last_seq = last_seq + n RETURNING last_seq;
-- the row lock is held to commit, so sequence order is commit order and a
-- reader that has seen N has seen every change numbered below N.
CREATE TABLE change_seq (
  id       integer PRIMARY KEY CHECK (id = 1),
  last_seq bigint NOT NULL DEFAULT 0
);
INSERT INTO change_seq (id, last_seq) VALUES (1, 0);

-- The change log: every accepted op, in server sequence order.
CREATE TABLE changes (
  server_seq   bigint PRIMARY KEY,
  desk_id      uuid NOT NULL REFERENCES desks (id),
  op_id        uuid NOT NULL,
  desk_seq     bigint NOT NULL,
  op           text NOT NULL CHECK (op IN ('insert', 'patch', 'append', 'delete')),
  record_kind  text NOT NULL,
  record_id    uuid NOT NULL,
  owner_unit   text NOT NULL REFERENCES units (code),
  ver          bigint NOT NULL,
  hlc          bigint NOT NULL,
  payload      jsonb NOT NULL,
  flagged      boolean NOT NULL DEFAULT false,   -- HLC > 5 min ahead of the server
  committed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (desk_id, op_id),
  UNIQUE (desk_id, desk_seq)
);
CREATE INDEX changes_record ON changes (record_kind, record_id);
CREATE INDEX changes_owner_seq ON changes (owner_unit, server_seq);
