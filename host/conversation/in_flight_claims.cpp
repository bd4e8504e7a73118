#include "conversation/in_flight_claims.h"

namespace vb {

std::string InFlightClaims::slot(const std::string& tenantId, const std::string& key) {
  std::string s;
  s.reserve(tenantId.size() + 1 + key.size());
  // Tenant ids never contain a newline, so the pair maps to one slot only.
  s.append(tenantId).push_back('\n');
  s.append(key);
  return s;
}

std::optional<InFlightClaims::Holder> InFlightClaims::claim(const std::string& tenantId, const std::string& key,
                                                           const std::string& fingerprint,
                                                           std::chrono::system_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto [it, inserted] = held_.try_emplace(slot(tenantId, key), Holder{fingerprint, now});
  if (inserted) return std::nullopt;
  return it->second;
}

std::optional<InFlightClaims::Holder> InFlightClaims::holder(const std::string& tenantId,
                                                            const std::string& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = held_.find(slot(tenantId, key));
  if (it == held_.end()) return std::nullopt;
  return it->second;
}

void InFlightClaims::release(const std::string& tenantId, const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  held_.erase(slot(tenantId, key));
}

size_t InFlightClaims::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return held_.size();
}

}  // namespace vb
