-- 0004: the record kinds of the desk's duty log (store migration 0007) and
-- of its duty settings, which landed after 0002. Each declares its policy
-- as 0002 says; nothing else changes.
-- Runs inside a transaction opened by the migration runner.

INSERT INTO record_kinds (kind, policy) VALUES
  -- a setting of the unit's desks (the rest between shifts): its desks
  -- write it, fields merge; like every owner_writes kind the unit's
  -- ancestors can pull it, and their desks keep it in sync_records only
  ('setting', 'owner_writes'),
  -- a leader's instruction: written by the issuing unit and published
  -- to its whole subtree, so an instruction given at a higher desk about
  -- a lower desk's incident reaches that desk (and its ancestors see it
  -- as the issuer's subtree's records)
  ('instruction', 'published_down'),
  -- the duty log's history: appended once by the owner unit, never
  -- changed, never in conflict; read by the owner and its ancestors
  ('log_entry', 'append_only'),
  ('instruction_done', 'append_only'),
  ('call_callback', 'append_only'),
  ('handover_ack', 'append_only'),
  ('handover', 'append_only');
