-- The request log: one row per turn that ran (reached the vendors), whether
-- it answered or failed. A successful turn's row is written in the turn's one
-- write transaction and points at its assistant message (its attempts are the
-- attempts table's rows of that message). A failed turn stored no message, so
-- its attempts are kept here as JSON (failed_attempts): the attempts table
-- keeps its composite foreign key to messages, and tenant isolation stays the
-- primary key's and the foreign keys' job.
-- status is the HTTP status the caller got; outcome 'ok' | 'failed'; cost is
-- the billed micro-USD of an ok turn (NULL for a failed one: nothing billed).
CREATE TABLE request_log (
  tenant_id       TEXT   NOT NULL REFERENCES tenants (id),
  id              TEXT   NOT NULL,
  request_id      TEXT   NOT NULL,
  session_id      TEXT   NOT NULL,
  message_id      TEXT,
  agent_id        TEXT   NOT NULL,
  channel         TEXT   NOT NULL CHECK (channel IN ('chat', 'voice')),
  status          BIGINT NOT NULL,
  outcome         TEXT   NOT NULL CHECK (outcome IN ('ok', 'failed')),
  provider        TEXT,
  fallback_used   BIGINT NOT NULL,
  latency_ms      BIGINT NOT NULL,
  cost_micros     BIGINT,
  failed_attempts TEXT,
  error_type      TEXT,
  error_title     TEXT,
  error_detail    TEXT,
  created_at      TEXT   NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id),
  CHECK ((outcome = 'ok') = (message_id IS NOT NULL))
);
-- Newest first within a tenant, and the same order under each filter (the
-- repository puts only the given filters in its WHERE, so these serve it).
CREATE INDEX request_log_by_time ON request_log (tenant_id, created_at, id);
CREATE INDEX request_log_by_request ON request_log (tenant_id, request_id, created_at, id);
CREATE INDEX request_log_by_outcome ON request_log (tenant_id, outcome, created_at, id);
CREATE INDEX request_log_by_provider ON request_log (tenant_id, provider, created_at, id);
CREATE INDEX request_log_by_agent ON request_log (tenant_id, agent_id, created_at, id);
