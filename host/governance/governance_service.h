// GovernanceService: tenant governance built once from the config — the
// rate limiter, the budget ledger and the turn governor — and what the
// governance routes ask of it (API.md "Governance"). Config:
//   "limits":  {requestsPerMinute, tokensPerMinute}  defaults per tenant
//   "budgets": {maxOutputTokens, toolResultTokens, bytesPerToken,
//               leaseMs, heartbeatMs, cacheRefreshMs}
// Thread-safe.
#pragma once

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/result.h"
#include "governance/budget_ledger.h"
#include "governance/rate_limiter.h"
#include "governance/turn_governor.h"
#include "metering/pricing_table.h"
#include "store/database.h"

namespace vb {

struct GovernanceSettings {
  RateLimits defaults;
  WorstCaseSettings worstCase;
  BudgetSettings budgets;
  // Throws std::runtime_error on a value out of range.
  static GovernanceSettings fromConfig(const Poco::JSON::Object::Ptr& limits,
                                       const Poco::JSON::Object::Ptr& budgets);
};

// GET /v1/limits.
struct LimitsView {
  RateLimits rate;
  BudgetView budget;
};

class GovernanceService {
 public:
  // Loads the operator overrides and the budget cache from the store.
  // `pricing` must outlive the service; `ownerId` names this process life.
  GovernanceService(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock,
                    const PricingTable& pricing, GovernanceSettings settings, int maxToolRounds,
                    const std::string& ownerId);

  TenantRateLimiter& limiter() { return limiter_; }
  BudgetLedger& budgets() { return budgets_; }
  TurnGovernor& turns() { return turns_; }

  LimitsView limits(const std::string& tenantId);
  Result<LimitsView, DomainError> setBudget(const std::string& tenantId, const BudgetChange& change);
  // Operator: persisted, then in effect at once. NotFound for an unknown
  // tenant; Unprocessable for a limit below 1.
  Result<RateLimits, DomainError> setTenantLimits(const std::string& tenantId, RateLimits limits);

  void startMaintenance() { budgets_.startMaintenance(); }

 private:
  const std::shared_ptr<Database> database_;
  const std::shared_ptr<Clock> clock_;
  TenantRateLimiter limiter_;
  BudgetLedger budgets_;
  TurnGovernor turns_;
};

}  // namespace vb
