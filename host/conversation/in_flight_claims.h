// InFlightClaims: the Idempotency-Keys this process is running a turn for,
// held in memory. Used by the IdempotencyLedger when the process is the only
// one using its database (SQLite; store/single_host_lock.h makes that a
// guarantee): a claim then needs no write of its own, and the durable record
// is written once, in the turn's commit. A claim dies with the process, which
// is exactly when its turn can no longer commit.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace vb {

class InFlightClaims {
 public:
  struct Holder {
    std::string fingerprint;
    std::chrono::system_clock::time_point since;
  };

  // Claims (tenant, key) for the caller and returns nullopt; or, when a turn
  // of this process holds it already, returns that holder (nothing changes).
  std::optional<Holder> claim(const std::string& tenantId, const std::string& key, const std::string& fingerprint,
                              std::chrono::system_clock::time_point now);
  // Who holds (tenant, key), if anyone.
  std::optional<Holder> holder(const std::string& tenantId, const std::string& key) const;
  // Frees (tenant, key); a no-op when nobody holds it.
  void release(const std::string& tenantId, const std::string& key);
  size_t size() const;

 private:
  static std::string slot(const std::string& tenantId, const std::string& key);

  mutable std::mutex mutex_;                       // guards held_
  std::unordered_map<std::string, Holder> held_;  // by tenant id + '\n' + key
};

}  // namespace vb
