// IdempotencyLedger: the Idempotency-Key rules of SPEC §3, per (tenant, key).
//
//   new key                       → claimed in flight by this process, the turn runs;
//   same fingerprint, completed   → Replay with the stored turn record;
//   same fingerprint, in flight   → InFlight, with a truthful Retry-After;
//   different fingerprint         → Mismatch (422);
//   turn failed before billing    → release(): a retry runs anew;
//   records expire after ttlHours (swept by the maintenance thread).
//
// Claims belong to a process life. Where they live is a strategy
// (IdempotencySettings::claims):
//
//   Store   — hosts share the database (PostgreSQL): a claim is an in_flight
//             row. Each ledger has an owner id (one per host process start); a
//             claim carries it and a lease (lockedUntil) that the maintenance
//             thread renews for all of this owner's claims with one UPDATE per
//             heartbeat. A claim whose owner died is free once its lease lapses
//             (a few seconds), and complete() is fenced by the owner: a turn
//             whose claim was taken over cannot commit, so a key is never
//             billed twice — across threads, processes or hosts.
//   Process — this process alone uses the database (SQLite, guarded by
//             store/single_host_lock.h): claims are held in memory
//             (in_flight_claims.h) and the completed record is the turn's only
//             idempotency write, inside its commit. A killed process's claims
//             vanish with it, so its keys are free at once on restart.
//
// Both answer the same states with the same rules. Thread-safe. complete()
// runs inside the caller's write transaction; committed() after it.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "common/clock.h"
#include "common/periodic_task.h"
#include "conversation/in_flight_claims.h"
#include "store/database.h"
#include "store/records.h"

namespace vb {

enum class ClaimPlacement { Store, Process };

struct IdempotencySettings {
  ClaimPlacement claims = ClaimPlacement::Store;
  int ttlHours = 24;
  int leaseMs = 5000;         // how long a claim outlives its owner's last heartbeat
  int heartbeatMs = 1000;     // lease renewal period; well under leaseMs
  int sweepEveryMs = 600000;  // expired-record sweep period
  int expectedTurnMs = 4000;  // the turn deadline: when a live owner's turn is done at the latest
};

class IdempotencyLedger {
 public:
  enum class State { Claimed, Replay, InFlight, Mismatch };
  struct Claim {
    State state = State::Claimed;
    std::string turnRecord;     // Replay: the stored record (conversation/turn_record.h)
    int retryAfterSeconds = 0;  // InFlight: when the key may be free at the earliest (>= 1)
  };

  // `ownerId` "" → a fresh random id. Maintenance does not run until
  // startMaintenance().
  IdempotencyLedger(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock,
                    IdempotencySettings settings, std::string ownerId = {});
  ~IdempotencyLedger();  // stops maintenance
  IdempotencyLedger(const IdempotencyLedger&) = delete;
  IdempotencyLedger& operator=(const IdempotencyLedger&) = delete;

  // Store: one write transaction; an expired record, or an in-flight one whose
  // lease lapsed (its owner died), is taken over as new. Process: an in-memory
  // claim and one indexed read of the completed record.
  Claim claim(const std::string& tenantId, const std::string& key, const std::string& fingerprint);

  // What claim() would find, without claiming: nullopt when the key is free
  // (or would be taken over); otherwise Replay, InFlight or Mismatch.
  std::optional<Claim> inspect(const std::string& tenantId, const std::string& key,
                               const std::string& fingerprint);

  // Inside the turn's write transaction: marks the claim completed with the
  // turn record. Throws ClaimLost when this owner no longer holds the claim
  // (its lease lapsed and another request took the key over), which rolls
  // the turn back.
  void complete(Transaction& tx, const std::string& tenantId, const std::string& key,
                const std::string& turnRecord);

  // After the transaction that ran complete() committed: the claim is over
  // (Process: forgets it, so the next request finds the completed record).
  void committed(const std::string& tenantId, const std::string& key);

  // Frees a claim this owner holds (the turn failed before billing).
  void release(const std::string& tenantId, const std::string& key);

  // The maintenance steps, also callable directly (tests): extend the lease
  // of every in-flight claim this owner holds; delete expired records.
  int64_t renewLeases();
  int64_t sweepExpired();

  // Background tasks: renewLeases() every heartbeatMs, sweepExpired() every
  // sweepEveryMs. Idempotent.
  void startMaintenance();
  void stopMaintenance();

  const std::string& ownerId() const { return ownerId_; }
  const IdempotencySettings& settings() const { return settings_; }

  struct ClaimLost : std::runtime_error {
    ClaimLost() : std::runtime_error("the idempotency claim lapsed and was taken over") {}
  };

 private:
  Claim claimInStore(const std::string& tenantId, const std::string& key, const std::string& fingerprint);
  Claim claimInProcess(const std::string& tenantId, const std::string& key, const std::string& fingerprint);
  // A turn of this process holds the key: InFlight, or Mismatch.
  Claim heldInProcess(const InFlightClaims::Holder& holder, const std::string& fingerprint,
                      std::chrono::system_clock::time_point wallNow) const;
  // The rules above for the row found (nullopt: the key is free).
  std::optional<Claim> classify(const std::optional<IdempotencyRow>& row, const std::string& fingerprint,
                                std::chrono::system_clock::time_point wallNow) const;

  const std::shared_ptr<Database> database_;
  const std::shared_ptr<Clock> clock_;
  const IdempotencySettings settings_;
  const std::string ownerId_;
  InFlightClaims inProcess_;  // Process placement only

  std::mutex maintenanceMutex_;  // guards the tasks
  std::unique_ptr<PeriodicTask> heartbeat_;
  std::unique_ptr<PeriodicTask> sweeper_;
};

}  // namespace vb
