#include "governance/governance_service.h"

#include <stdexcept>

#include "store/tenant_limits_repository.h"
#include "store/tenant_repository.h"
#include "store/timestamps.h"

namespace vb {

GovernanceSettings GovernanceSettings::fromConfig(const Poco::JSON::Object::Ptr& limits,
                                                  const Poco::JSON::Object::Ptr& budgets) {
  GovernanceSettings s;
  if (limits) {
    s.defaults.requestsPerMinute =
        limits->optValue<Poco::Int64>("requestsPerMinute", s.defaults.requestsPerMinute);
    s.defaults.tokensPerMinute = limits->optValue<Poco::Int64>("tokensPerMinute", s.defaults.tokensPerMinute);
  }
  if (budgets) {
    s.worstCase.maxOutputTokens =
        budgets->optValue<Poco::Int64>("maxOutputTokens", s.worstCase.maxOutputTokens);
    s.worstCase.toolResultTokens =
        budgets->optValue<Poco::Int64>("toolResultTokens", s.worstCase.toolResultTokens);
    s.worstCase.bytesPerToken = budgets->optValue<Poco::Int64>("bytesPerToken", s.worstCase.bytesPerToken);
    s.budgets.leaseMs = budgets->optValue<int>("leaseMs", s.budgets.leaseMs);
    s.budgets.heartbeatMs = budgets->optValue<int>("heartbeatMs", s.budgets.heartbeatMs);
    s.budgets.cacheRefreshMs = budgets->optValue<int>("cacheRefreshMs", s.budgets.cacheRefreshMs);
  }
  if (s.defaults.requestsPerMinute < 1 || s.defaults.tokensPerMinute < 1)
    throw std::runtime_error("config: limits.requestsPerMinute and limits.tokensPerMinute must be >= 1");
  if (s.worstCase.maxOutputTokens < 1 || s.worstCase.toolResultTokens < 0 || s.worstCase.bytesPerToken < 1)
    throw std::runtime_error(
        "config: budgets.maxOutputTokens and budgets.bytesPerToken must be >= 1, toolResultTokens >= 0");
  return s;
}

GovernanceService::GovernanceService(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock,
                                     const PricingTable& pricing, GovernanceSettings settings,
                                     int maxToolRounds, const std::string& ownerId)
    : database_(std::move(database)),
      clock_(std::move(clock)),
      limiter_(settings.defaults, clock_),
      budgets_(database_, clock_, settings.budgets, ownerId),
      turns_(limiter_, budgets_, pricing, settings.worstCase, maxToolRounds, clock_) {
  for (const auto& row : database_->read([](Transaction& tx) { return TenantLimitsRepository::all(tx); }))
    limiter_.setLimits(row.tenantId, {row.requestsPerMinute, row.tokensPerMinute});
}

LimitsView GovernanceService::limits(const std::string& tenantId) {
  return {limiter_.limitsOf(tenantId), budgets_.view(tenantId)};
}

Result<LimitsView, DomainError> GovernanceService::setBudget(const std::string& tenantId,
                                                             const BudgetChange& change) {
  auto view = budgets_.setLimits(tenantId, change);
  if (!view) return unexpected(view.error());
  return LimitsView{limiter_.limitsOf(tenantId), std::move(*view)};
}

Result<RateLimits, DomainError> GovernanceService::setTenantLimits(const std::string& tenantId,
                                                                   RateLimits limits) {
  if (limits.requestsPerMinute < 1 || limits.tokensPerMinute < 1)
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                      "requestsPerMinute and tokensPerMinute must be positive integers"));
  const std::string at = formatTimestamp(clock_->wallNow());
  const bool found = database_->write([&](Transaction& tx) {
    if (!TenantRepository::find(tx, tenantId)) return false;
    TenantLimitsRepository::upsert(tx, {tenantId, limits.requestsPerMinute, limits.tokensPerMinute, at});
    return true;
  });
  if (!found) return unexpected(DomainError::of(DomainError::Kind::NotFound, "tenant not found"));
  limiter_.setLimits(tenantId, limits);
  return limits;
}

}  // namespace vb
