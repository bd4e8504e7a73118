-- Idempotency claims belong to a process life. An in-flight claim names its
-- owner (one id per host process start); locked_until is the owner's lease,
-- renewed by that process's heartbeat while it runs, so a claim whose owner
-- died is free again within one lease instead of staying locked for minutes.
--
-- The completed record now stores a reference to the committed turn (ids and
-- metadata; the channel renders the reply), not the API answer. Records
-- written before this migration cannot be replayed in the new form; they are
-- dropped (they expired within 24 h anyway).
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys ADD COLUMN owner_id TEXT;
ALTER TABLE idempotency_keys RENAME COLUMN response_body TO turn_record;
CREATE INDEX idempotency_keys_by_owner ON idempotency_keys (owner_id, state);
