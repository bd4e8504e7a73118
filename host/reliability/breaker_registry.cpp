#include "reliability/breaker_registry.h"

namespace vb {

BreakerRegistry::BreakerRegistry(std::shared_ptr<const ReliabilityConfig> config,
                                 std::shared_ptr<Clock> clock)
    : config_(std::move(config)), clock_(std::move(clock)) {}

CircuitBreaker& BreakerRegistry::forProvider(const std::string& provider) {
  std::lock_guard lock(mutex_);
  auto& slot = breakers_[provider];
  if (!slot) slot = std::make_unique<CircuitBreaker>(config_->forVendor(provider).breaker, clock_);
  return *slot;
}

std::vector<std::pair<std::string, BreakerState>> BreakerRegistry::snapshot() const {
  std::vector<CircuitBreaker*> breakers;
  std::vector<std::pair<std::string, BreakerState>> states;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, breaker] : breakers_) {
      states.emplace_back(name, BreakerState::Closed);
      breakers.push_back(breaker.get());
    }
  }
  // Breakers are never removed, so reading them outside mutex_ is safe.
  for (size_t i = 0; i < breakers.size(); ++i) states[i].second = breakers[i]->state();
  return states;
}

}  // namespace vb
