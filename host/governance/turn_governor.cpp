#include "governance/turn_governor.h"

namespace vb {

TurnGovernor::TurnGovernor(TenantRateLimiter& limiter, BudgetLedger& budgets, const PricingTable& pricing,
                           WorstCaseSettings worstCase, int maxToolRounds, std::shared_ptr<Clock> clock)
    : limiter_(limiter),
      budgets_(budgets),
      pricing_(pricing),
      worstCase_(worstCase),
      maxToolRounds_(maxToolRounds),
      clock_(std::move(clock)) {}

std::optional<DomainError> TurnGovernor::checkTokenRate(const std::string& tenantId) {
  const auto decision = limiter_.checkTokens(tenantId);
  if (decision.allowed) return std::nullopt;
  auto error = DomainError::of(DomainError::Kind::RateLimited, "the tenant's vendor token limit of " +
                                                                   std::to_string(decision.limit) +
                                                                   " tokens per minute is used up");
  error.retryAfterSeconds = static_cast<int>(decision.retryAfterSeconds);
  return error;
}

int64_t TurnGovernor::worstCaseMicros(const Agent& agent, size_t requestBytes) const {
  const auto at = clock_->wallNow();
  std::vector<ProviderPrice> prices{pricing_.quote(agent.primaryProvider, at).price};
  if (agent.fallbackProvider) prices.push_back(pricing_.quote(*agent.fallbackProvider, at).price);
  return worstCaseCostMicros(requestBytes, maxToolRounds_, prices, worstCase_);
}

Result<BudgetHold, DomainError> TurnGovernor::reserve(const std::string& tenantId, const Agent& agent,
                                                      const std::function<size_t()>& requestBytes) {
  if (!budgets_.limited(tenantId, agent.id)) return BudgetHold();
  auto reserved = budgets_.reserve(tenantId, agent.id, worstCaseMicros(agent, requestBytes()));
  if (!reserved) return unexpected(reserved.error());
  if (!*reserved) return BudgetHold();
  return BudgetHold(budgets_, std::move(**reserved));
}

void TurnGovernor::billed(const std::string& tenantId, int64_t tokens) {
  limiter_.chargeTokens(tenantId, tokens);
}

}  // namespace vb
