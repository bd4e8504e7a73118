// BreakerRegistry: the circuit breaker of each provider, made on first use
// with that vendor's settings from ReliabilityConfig and kept for the
// registry's life (breaker state outlives turns; that is its point).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "reliability/circuit_breaker.h"
#include "reliability/reliability_config.h"

namespace vb {

// Thread-safe.
class BreakerRegistry {
 public:
  BreakerRegistry(std::shared_ptr<const ReliabilityConfig> config, std::shared_ptr<Clock> clock);

  // The provider's breaker. The reference stays valid as long as the registry.
  CircuitBreaker& forProvider(const std::string& provider);

  // Every breaker made so far and its state, sorted by provider (for /metrics).
  std::vector<std::pair<std::string, BreakerState>> snapshot() const;

 private:
  const std::shared_ptr<const ReliabilityConfig> config_;
  const std::shared_ptr<Clock> clock_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<CircuitBreaker>>
      breakers_;  // guarded by mutex_ (the map, not the breakers)
};

}  // namespace vb
