-- Tenant governance (issue 14): operator rate-limit overrides and hard
-- monthly budgets. Portable to PostgreSQL 15: TEXT/BIGINT, ISO-8601 text
-- times, no AUTOINCREMENT, keys prefixed by tenant.
--
-- tenant_limits: the operator's per-tenant override of the config defaults
-- (PUT /v1/tenants/{id}/limits), loaded into memory at start; the limiter
-- itself never writes.
CREATE TABLE tenant_limits (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  requests_per_minute BIGINT NOT NULL CHECK (requests_per_minute > 0),
  tokens_per_minute BIGINT NOT NULL CHECK (tokens_per_minute > 0),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id)
);

-- budget_limits: a monthly spend limit for the whole tenant (scope_id '')
-- or for one of its agents (scope_id = the agent id).
CREATE TABLE budget_limits (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  scope_id TEXT NOT NULL,
  limit_micros BIGINT NOT NULL CHECK (limit_micros >= 0),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, scope_id)
);

-- budget_counters: per (tenant, scope, UTC month "YYYY-MM") what is spent and
-- what in-flight turns hold. A turn reserves with ONE conditional UPDATE
-- (spent + reserved + x <= limit), which is atomic on SQLite and PostgreSQL
-- alike, so concurrent turns on any number of hosts cannot overspend.
CREATE TABLE budget_counters (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  scope_id TEXT NOT NULL,
  month TEXT NOT NULL,
  limit_micros BIGINT NOT NULL,
  spent_micros BIGINT NOT NULL,
  reserved_micros BIGINT NOT NULL CHECK (reserved_micros >= 0),
  PRIMARY KEY (tenant_id, scope_id, month)
);

-- budget_reservations: one in-flight turn's hold on the tenant counter
-- (tenant_scoped = 1) and/or its agent's counter (agent_id <> ''). The
-- owner (one id per host process life) renews locked_until while it runs;
-- a sweeper gives back the holds of owners that died.
CREATE TABLE budget_reservations (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  month TEXT NOT NULL,
  tenant_scoped INTEGER NOT NULL,
  agent_id TEXT NOT NULL,
  amount_micros BIGINT NOT NULL CHECK (amount_micros >= 0),
  owner_id TEXT NOT NULL,
  locked_until TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX budget_reservations_by_owner ON budget_reservations (owner_id);
CREATE INDEX budget_reservations_by_lease ON budget_reservations (locked_until);
