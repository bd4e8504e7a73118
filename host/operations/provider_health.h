// ProviderHealthBoard: GET /v1/providers/health — for every configured
// vendor, its circuit state (the breaker registry) and its recent calls
// (ProviderHealthWindow). The sources are functions, so this module needs
// neither the plugin registry nor the pipeline; the composition root wires
// them. Thread-safe when the sources are.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "operations/provider_health_window.h"
#include "reliability/circuit_breaker.h"

namespace vb {

struct ProviderHealth {
  std::string provider;
  BreakerState circuit = BreakerState::Closed;
  ProviderWindowStats window;
};

class ProviderHealthBoard {
 public:
  using VendorList = std::function<std::vector<std::string>()>;
  using BreakerStates = std::function<std::vector<std::pair<std::string, BreakerState>>()>;

  // `window` must outlive the board. A vendor without a breaker yet (never
  // called) reads as closed.
  ProviderHealthBoard(VendorList vendors, BreakerStates breakers, const ProviderHealthWindow& window);

  // Every configured vendor, and any provider with a breaker, sorted by name.
  std::vector<ProviderHealth> list() const;
  std::chrono::seconds windowLength() const { return window_.window(); }

 private:
  const VendorList vendors_;
  const BreakerStates breakers_;
  const ProviderHealthWindow& window_;
};

}  // namespace vb
