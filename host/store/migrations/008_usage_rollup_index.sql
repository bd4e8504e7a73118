-- Usage analytics read only these columns of a tenant's events in a time
-- range: with all of them in the index, GET /v1/usage and the billing preview
-- are answered from the index alone (no table lookup per event), which is
-- what keeps them fast at millions of events. It replaces the plain time
-- index, which is its prefix.
CREATE INDEX usage_events_rollup ON usage_events (tenant_id, created_at, provider, agent_id, session_id,
                                                  message_id, pricing_version, tokens_in, tokens_out,
                                                  cost_micros);
DROP INDEX usage_events_by_time;
