// TenantRateLimiter: per-tenant requests/minute and vendor tokens/minute
// (SPEC §3 "Tenant governance"), in memory, GCRA (gcra.h). No database
// access on any path: the operator's overrides are pushed in with
// setLimits() (at start from the store, and by PUT /v1/tenants/{id}/limits).
//
// Per host: N hosts sharing a database each admit up to the limit (the
// budget, not this, is the cross-host hard cap; see docs/ARCHITECTURE.md).
// Thread-safe: one mutex guards the map; every call holds it for a few
// arithmetic operations.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/clock.h"
#include "governance/gcra.h"

namespace vb {

struct RateLimits {
  int64_t requestsPerMinute = 600;
  int64_t tokensPerMinute = 1'000'000;
};

class TenantRateLimiter {
 public:
  TenantRateLimiter(RateLimits defaults, std::shared_ptr<Clock> clock);

  // One authenticated request: takes one unit of the tenant's request bucket.
  GcraDecision admitRequest(const std::string& tenantId);
  // Before a turn's first vendor call: refused while the token bucket is
  // empty (billed tokens drained it). Takes nothing.
  GcraDecision checkTokens(const std::string& tenantId);
  // After the turn commits: the tokens actually billed.
  void chargeTokens(const std::string& tenantId, int64_t tokens);

  RateLimits limitsOf(const std::string& tenantId) const;
  // An operator override; takes effect at once (the bucket's state stays).
  void setLimits(const std::string& tenantId, RateLimits limits);
  const RateLimits& defaults() const { return defaults_; }

 private:
  struct TenantState {
    Gcra::Nanos requestsTat{0};
    Gcra::Nanos tokensTat{0};
  };
  Gcra::Nanos now() const;
  RateLimits limitsLocked(const std::string& tenantId) const;  // REQUIRES(mutex_)

  const RateLimits defaults_;
  const std::shared_ptr<Clock> clock_;
  const Clock::Steady::time_point epoch_;
  mutable std::mutex mutex_;                     // guards states_, overrides_
  std::map<std::string, TenantState> states_;    // GUARDED_BY(mutex_)
  std::map<std::string, RateLimits> overrides_;  // GUARDED_BY(mutex_)
};

}  // namespace vb
