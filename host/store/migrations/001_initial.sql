-- Initial schema. Every tenant-owned table carries tenant_id, its primary
-- key is (tenant_id, id) and every reference is composite with tenant_id, so
-- a row of one tenant cannot point at another tenant's row.
-- Times are ISO-8601 UTC text ("2024-05-01T12:00:00.000Z"): they sort and
-- compare as text in SQLite and PostgreSQL alike. Money is BIGINT micro-USD.

CREATE TABLE tenants (
  id          TEXT NOT NULL PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE api_keys (
  tenant_id    TEXT NOT NULL REFERENCES tenants (id),
  id           TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  secret_hash  TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('admin', 'analyst')),
  name         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (prefix)
);

CREATE TABLE agents (
  tenant_id         TEXT NOT NULL REFERENCES tenants (id),
  id                TEXT NOT NULL,
  name              TEXT NOT NULL,
  primary_provider  TEXT NOT NULL,
  fallback_provider TEXT,
  system_prompt     TEXT NOT NULL,
  enabled_tools     TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  archived_at       TEXT,
  PRIMARY KEY (tenant_id, id),
  CHECK (fallback_provider IS NULL OR fallback_provider <> primary_provider)
);

CREATE TABLE sessions (
  tenant_id   TEXT NOT NULL,
  id          TEXT NOT NULL,
  agent_id    TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('chat', 'voice')),
  metadata    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);

CREATE INDEX sessions_by_agent ON sessions (tenant_id, agent_id, created_at);
CREATE INDEX sessions_by_created ON sessions (tenant_id, created_at);

CREATE TABLE messages (
  tenant_id   TEXT NOT NULL,
  id          TEXT NOT NULL,
  session_id  TEXT NOT NULL,
  seq         BIGINT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
  content     TEXT NOT NULL,
  provider    TEXT,
  tokens_in   BIGINT NOT NULL DEFAULT 0,
  tokens_out  BIGINT NOT NULL DEFAULT 0,
  request_id  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, session_id, seq),
  FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id)
);

CREATE TABLE attempts (
  tenant_id   TEXT NOT NULL,
  id          TEXT NOT NULL,
  message_id  TEXT NOT NULL,
  attempt     BIGINT NOT NULL,
  provider    TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  http_status BIGINT,
  error_class TEXT,
  latency_ms  BIGINT NOT NULL,
  started_at  TEXT NOT NULL,
  request_id  TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, message_id, attempt),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
);

-- One usage event per billed assistant message: the UNIQUE makes double
-- billing impossible whatever the code above does.
CREATE TABLE usage_events (
  tenant_id       TEXT NOT NULL,
  id              TEXT NOT NULL,
  agent_id        TEXT NOT NULL,
  session_id      TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  provider        TEXT NOT NULL,
  tokens_in       BIGINT NOT NULL,
  tokens_out      BIGINT NOT NULL,
  cost_micros     BIGINT NOT NULL,
  pricing_version TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, message_id),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
);

CREATE INDEX usage_events_by_time ON usage_events (tenant_id, created_at);

-- Idempotency records, unique per (tenant, key). state: 'in_flight' until the
-- turn commits ('completed', with the response to replay) or fails before
-- billing (row deleted). locked_until bounds how long a crashed in-flight
-- turn can hold its key.
CREATE TABLE idempotency_keys (
  tenant_id       TEXT NOT NULL REFERENCES tenants (id),
  idem_key        TEXT NOT NULL,
  fingerprint     TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('in_flight', 'completed')),
  response_status BIGINT,
  response_body   TEXT,
  created_at      TEXT NOT NULL,
  locked_until    TEXT NOT NULL,
  expires_at      TEXT NOT NULL,
  PRIMARY KEY (tenant_id, idem_key)
);

CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
