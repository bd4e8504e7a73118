-- Async turns (SPEC §3 "Async mode"): durable jobs, their callback deliveries
-- and the tenants' webhook signing secrets. Portable to PostgreSQL: TEXT and
-- BIGINT only, ISO-8601 text times computed by the host.
--
-- A job is one send (chat or voice) accepted with `Prefer: respond-async`.
-- idem_key is the client's Idempotency-Key, or "job:<id>" when it sent none;
-- the job runs ConversationService::send with that key, so a job re-run after
-- a crash whose turn had committed is replayed from the idempotency ledger,
-- never billed twice. payload is the chat text, or the voice WAV in base64
-- (TEXT, so it is portable and shared by every host on one database).
-- A running job names its owner (a host process life) and a lease renewed by
-- that host's heartbeat; a job whose owner died is claimed again once its
-- lease lapsed. result is the rendered Turn (the sync 201 body), error the
-- problem+json body.
CREATE TABLE jobs (
  tenant_id             TEXT   NOT NULL REFERENCES tenants (id),
  id                    TEXT   NOT NULL,
  kind                  TEXT   NOT NULL CHECK (kind IN ('chat', 'voice')),
  session_id            TEXT   NOT NULL,
  idem_key              TEXT   NOT NULL,
  fingerprint           TEXT   NOT NULL,
  payload               TEXT   NOT NULL,
  request_id            TEXT   NOT NULL,
  status                TEXT   NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  owner_id              TEXT,
  locked_until          TEXT,
  not_before            TEXT   NOT NULL,
  run_count             BIGINT NOT NULL DEFAULT 0,
  result                TEXT,
  error                 TEXT,
  created_at            TEXT   NOT NULL,
  updated_at            TEXT   NOT NULL,
  finished_at           TEXT,
  callback_url          TEXT,
  callback_status       TEXT   CHECK (callback_status IN ('waiting', 'pending', 'delivering', 'delivered', 'gone', 'exhausted', 'refused')),
  callback_attempts     BIGINT NOT NULL DEFAULT 0,
  callback_next_at      TEXT,
  callback_locked_until TEXT,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idem_key),
  FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id)
);
-- The runnable-jobs scan (queued and due, or running with a lapsed lease) and
-- the lease heartbeat; the due-callbacks scan.
CREATE INDEX jobs_by_status ON jobs (status, not_before);
CREATE INDEX jobs_by_owner ON jobs (owner_id, status);
CREATE INDEX jobs_by_callback ON jobs (callback_status, callback_next_at);

-- Every callback delivery attempt, as GET /v1/jobs/{id} shows it.
CREATE TABLE callback_deliveries (
  tenant_id   TEXT   NOT NULL REFERENCES tenants (id),
  id          TEXT   NOT NULL,
  job_id      TEXT   NOT NULL,
  attempt     BIGINT NOT NULL,
  status      TEXT   NOT NULL CHECK (status IN ('delivered', 'failed', 'gone', 'refused')),
  http_status BIGINT,
  error       TEXT,
  latency_ms  BIGINT NOT NULL,
  at          TEXT   NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, job_id, attempt),
  FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id)
);

-- Webhook signing secrets ("whsec_" + base64 of 32 random bytes). The host
-- must sign with the secret, so it is stored as is (a hash would not do);
-- it is shown once, never logged and never listed. The newest unrevoked one
-- signs; creating a new one revokes the others.
CREATE TABLE signing_secrets (
  tenant_id  TEXT NOT NULL REFERENCES tenants (id),
  id         TEXT NOT NULL,
  secret     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  PRIMARY KEY (tenant_id, id)
);
