-- 0005: change requests to a directory entry's publisher and their
-- answers (store migration 0012). Both are written once and never
-- changed. A request is owned by the asking unit and an answer by the
-- publisher; either may sit above or below the other in the tree (a
-- county asks the province, or the province asks a county about an
-- entry the county publishes), so both flow down as well as up:
-- 'published_down' makes each readable by its owner's subtree and
-- ancestors. The desks keep only those their unit sent or must answer.
-- Runs inside a transaction opened by the migration runner.

INSERT INTO record_kinds (kind, policy) VALUES
  ('directory_request', 'published_down'),
  ('directory_answer', 'published_down');
