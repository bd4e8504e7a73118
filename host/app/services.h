// Services: every domain service of the host, built once, in one place, from
// the configuration — by the gateway for serving, by the operator commands
// and by every integration test (through the Gateway). Nothing here knows
// HTTP: routes and channels are registered on top (app/routes.h).
#pragma once

#include <memory>

#include "app/app_config.h"
#include "common/clock.h"
#include "conversation/agent_service.h"
#include "conversation/context_source.h"
#include "conversation/conversation_service.h"
#include "conversation/idempotency_ledger.h"
#include "conversation/provider_catalog.h"
#include "conversation/request_log.h"
#include "conversation/session_service.h"
#include "conversation/tool_audit_service.h"
#include "conversation/tool_runner.h"
#include "governance/governance_service.h"
#include "metering/pricing_table.h"
#include "metering/usage_service.h"
#include "seed/seeder.h"
#include "store/change_feed.h"
#include "store/database.h"
#include "tenancy/tenancy_service.h"

namespace vb {

struct Services {
  // Reads the sections "pricing", "conversation", "tools", "idempotency",
  // "limits", "budgets" and
  // "reliability.turnDeadlineMs" of config.root. `router`, `catalog` and
  // `tools` must outlive the services.
  Services(const AppConfig& config, std::shared_ptr<Database> database, TurnRouter& router,
           const ProviderCatalog& catalog, ToolRunner& tools, std::shared_ptr<Clock> clock = systemClock());
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  std::shared_ptr<Database> database;
  PricingTable pricing;
  IdempotencyLedger ledger;
  std::shared_ptr<TenancyService> tenancy;  // shared with the HTTP edge as its Authenticator
  GovernanceService governance;             // rate limits and budgets ("limits", "budgets")
  std::unique_ptr<ContextSource> context;   // turns' session, agent and history ("conversation.contextCache")
  AgentService agents;
  SessionService sessions;
  RequestLog requestLog;  // before conversations, which write to it
  ConversationService conversations;
  UsageService usage;
  ToolAuditService toolAudit;
  Seeder seeder;
  // Cross-host cache invalidation (PostgreSQL LISTEN/NOTIFY; inert on
  // SQLite). Last member: stops before the caches it feeds are destroyed.
  std::unique_ptr<ChangeFeed> changes;
};

// The "idempotency" section {ttlHours, leaseMs, heartbeatMs, sweepEveryMs};
// expectedTurnMs is the reliability turn deadline. Claims live in the store
// on PostgreSQL (hosts share it) and in process memory on SQLite, whose file
// one serving host owns (the Gateway holds its store/single_host_lock.h).
IdempotencySettings idempotencySettingsOf(const AppConfig& config, const Dialect& dialect);

}  // namespace vb
