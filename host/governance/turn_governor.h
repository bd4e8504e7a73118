// TurnGovernor: what the conversation core asks of governance during a turn,
// as three calls (conversation_service.cpp):
//   checkTokenRate() — before the idempotency claim and any vendor call: 429
//                      with Retry-After while the tenant's token bucket is
//                      empty (memory only);
//   reserve()        — after the claim, before the first vendor call: holds
//                      the turn's worst-case cost (worst_case_cost.h) on the
//                      tenant's and agent's budgets; 402 BudgetExceeded when
//                      it does not fit. No work at all without a limit;
//   billed()         — after the commit: feeds the tokens actually billed to
//                      the token bucket.
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/result.h"
#include "domain/agent.h"
#include "governance/budget_hold.h"
#include "governance/budget_ledger.h"
#include "governance/rate_limiter.h"
#include "governance/worst_case_cost.h"
#include "metering/pricing_table.h"

namespace vb {

class TurnGovernor {
 public:
  // Every reference must outlive the governor.
  TurnGovernor(TenantRateLimiter& limiter, BudgetLedger& budgets, const PricingTable& pricing,
               WorstCaseSettings worstCase, int maxToolRounds, std::shared_ptr<Clock> clock);

  std::optional<DomainError> checkTokenRate(const std::string& tenantId);
  // `requestBytes` is asked only when the agent or tenant has a limit.
  Result<BudgetHold, DomainError> reserve(const std::string& tenantId, const Agent& agent,
                                          const std::function<size_t()>& requestBytes);
  void billed(const std::string& tenantId, int64_t tokens);

  // The worst case reserve() would hold for this agent and request size.
  int64_t worstCaseMicros(const Agent& agent, size_t requestBytes) const;

 private:
  TenantRateLimiter& limiter_;
  BudgetLedger& budgets_;
  const PricingTable& pricing_;
  const WorstCaseSettings worstCase_;
  const int maxToolRounds_;
  const std::shared_ptr<Clock> clock_;
};

}  // namespace vb
