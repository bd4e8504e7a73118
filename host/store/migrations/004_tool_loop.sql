-- The tool loop: a turn may bill several vendor responses (one per tool
-- round), each once. usage_events becomes unique per (message, call index):
-- rebuilt, since SQLite cannot drop a table constraint in place.
CREATE TABLE usage_events_v4 (
  tenant_id       TEXT NOT NULL,
  id              TEXT NOT NULL,
  agent_id        TEXT NOT NULL,
  session_id      TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  call_index      BIGINT NOT NULL DEFAULT 0,
  provider        TEXT NOT NULL,
  tokens_in       BIGINT NOT NULL,
  tokens_out      BIGINT NOT NULL,
  cost_micros     BIGINT NOT NULL,
  pricing_version TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, message_id, call_index),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
);
INSERT INTO usage_events_v4 (tenant_id, id, agent_id, session_id, message_id, call_index, provider, tokens_in,
                             tokens_out, cost_micros, pricing_version, created_at)
  SELECT tenant_id, id, agent_id, session_id, message_id, 0, provider, tokens_in, tokens_out, cost_micros,
         pricing_version, created_at FROM usage_events;
DROP TABLE usage_events;
ALTER TABLE usage_events_v4 RENAME TO usage_events;
CREATE INDEX usage_events_by_time ON usage_events (tenant_id, created_at);

-- Which vendor call of the turn an attempt belongs to (attempt numbers keep
-- counting across the turn's calls).
ALTER TABLE attempts ADD COLUMN call_index BIGINT NOT NULL DEFAULT 0;

-- Every tool run, audited in the turn's transaction.
CREATE TABLE tool_audit (
  tenant_id      TEXT   NOT NULL REFERENCES tenants (id),
  id             TEXT   NOT NULL,
  agent_id       TEXT   NOT NULL,
  session_id     TEXT   NOT NULL,
  message_id     TEXT   NOT NULL,
  call_index     BIGINT NOT NULL,
  tool           TEXT   NOT NULL,
  arguments      TEXT   NOT NULL,
  result_summary TEXT   NOT NULL,
  status         TEXT   NOT NULL CHECK (status IN ('ok', 'not_found', 'error', 'timeout', 'not_enabled')),
  latency_ms     BIGINT NOT NULL,
  request_id     TEXT   NOT NULL,
  created_at     TEXT   NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
);
CREATE INDEX tool_audit_by_time ON tool_audit (tenant_id, created_at, id);
