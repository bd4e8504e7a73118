#include "governance/rate_limiter.h"

namespace vb {

TenantRateLimiter::TenantRateLimiter(RateLimits defaults, std::shared_ptr<Clock> clock)
    : defaults_(defaults), clock_(std::move(clock)), epoch_(clock_->now() - Gcra::kPeriod) {}

Gcra::Nanos TenantRateLimiter::now() const {
  return std::chrono::duration_cast<Gcra::Nanos>(clock_->now() - epoch_);
}

RateLimits TenantRateLimiter::limitsLocked(const std::string& tenantId) const {
  const auto it = overrides_.find(tenantId);
  return it == overrides_.end() ? defaults_ : it->second;
}

GcraDecision TenantRateLimiter::admitRequest(const std::string& tenantId) {
  const auto at = now();
  std::lock_guard<std::mutex> lock(mutex_);
  return Gcra::take(states_[tenantId].requestsTat, at, limitsLocked(tenantId).requestsPerMinute);
}

GcraDecision TenantRateLimiter::checkTokens(const std::string& tenantId) {
  const auto at = now();
  std::lock_guard<std::mutex> lock(mutex_);
  return Gcra::peek(states_[tenantId].tokensTat, at, limitsLocked(tenantId).tokensPerMinute);
}

void TenantRateLimiter::chargeTokens(const std::string& tenantId, int64_t tokens) {
  const auto at = now();
  std::lock_guard<std::mutex> lock(mutex_);
  Gcra::charge(states_[tenantId].tokensTat, at, limitsLocked(tenantId).tokensPerMinute, tokens);
}

RateLimits TenantRateLimiter::limitsOf(const std::string& tenantId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return limitsLocked(tenantId);
}

void TenantRateLimiter::setLimits(const std::string& tenantId, RateLimits limits) {
  std::lock_guard<std::mutex> lock(mutex_);
  overrides_[tenantId] = limits;
}

}  // namespace vb
