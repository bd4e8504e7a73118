#include "operations/provider_health.h"

#include <map>

namespace vb {

ProviderHealthBoard::ProviderHealthBoard(VendorList vendors, BreakerStates breakers,
                                         const ProviderHealthWindow& window)
    : vendors_(std::move(vendors)), breakers_(std::move(breakers)), window_(window) {}

std::vector<ProviderHealth> ProviderHealthBoard::list() const {
  std::map<std::string, BreakerState> circuits;
  if (vendors_)
    for (const auto& name : vendors_()) circuits.emplace(name, BreakerState::Closed);
  if (breakers_)
    for (const auto& [name, state] : breakers_()) circuits[name] = state;
  std::vector<ProviderHealth> items;
  for (const auto& [name, state] : circuits) items.push_back({name, state, window_.stats(name)});
  return items;
}

}  // namespace vb
