// BudgetLedger: hard monthly budgets that concurrency cannot overspend
// (SPEC §3 "Hard budgets"). The state lives in the store (migration 006),
// so hosts sharing a database share it:
//
//   reserve  — ONE write transaction: per limited scope (the tenant, the
//              agent) one conditional UPDATE "reserved += x WHERE spent +
//              reserved + x <= limit", plus a reservation row naming this
//              process (owner) with a lease. Either every scope fits or none
//              is held (the closure throws, its savepoint rolls back).
//   settle   — inside the turn's write transaction: the reservation row is
//              deleted and every scope it held gets spent += cost,
//              reserved -= reservation. A row already swept (lease lapsed)
//              releases nothing twice.
//   release  — a failed turn: the row is deleted, reserved -= reservation.
//   leases   — while this process runs it renews its rows' leases (one
//              UPDATE per heartbeat, only while it holds any); a sweeper
//              gives back the holds of rows whose lease lapsed (a killed
//              host), so nothing stays reserved beyond one lease.
//
// Which tenants and agents have a limit is cached in memory (loaded at
// start, updated by setLimits(), refreshed from the store every
// cacheRefreshMs for limits set on another host), so a tenant without a
// budget costs no query and no write. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/periodic_task.h"
#include "common/result.h"
#include "store/budget_repository.h"
#include "store/database.h"

namespace vb {

struct BudgetOverrun : std::runtime_error {
  BudgetOverrun() : std::runtime_error("the turn's real cost does not fit the budget") {}
};

struct BudgetSettings {
  int leaseMs = 5000;      // how long a reservation outlives its owner's last heartbeat
  int heartbeatMs = 1000;  // lease renewal and sweep period
  int cacheRefreshMs = 10000;
};

// What one turn holds, as reserve() made it.
struct BudgetReservation {
  std::string tenantId;
  std::string id;
  std::string month;
  bool tenantScoped = false;
  std::string agentId;  // "" = no agent counter held
  int64_t amountMicros = 0;
};

// GET /v1/limits' budget part.
struct BudgetScopeView {
  std::string scopeId;                 // "" tenant, else agent id
  std::optional<int64_t> limitMicros;  // nullopt = no limit
  int64_t spentMicros = 0;
  int64_t reservedMicros = 0;
};
struct BudgetView {
  std::string month;
  BudgetScopeView tenant;
  std::vector<BudgetScopeView> agents;  // the agents with a limit
};

// PUT /v1/budget: nullopt leaves a limit as is; a nullopt inside removes it.
struct BudgetChange {
  std::optional<std::optional<int64_t>> tenantLimitMicros;
  std::vector<std::pair<std::string, std::optional<int64_t>>> agentLimitsMicros;
};

// The UTC month of `at` as stored ("YYYY-MM") and its created_at range.
MonthRange monthOf(std::chrono::system_clock::time_point at);

class BudgetLedger {
 public:
  // Loads the limit cache from the store. `ownerId` names this process life
  // (the idempotency ledger's). Maintenance waits for startMaintenance().
  BudgetLedger(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock, BudgetSettings settings,
               std::string ownerId);
  ~BudgetLedger();
  BudgetLedger(const BudgetLedger&) = delete;
  BudgetLedger& operator=(const BudgetLedger&) = delete;

  // Whether the tenant or this agent has a limit (memory only).
  bool limited(const std::string& tenantId, const std::string& agentId) const;

  // Holds amountMicros on every limited scope of (tenant, agent); nullopt
  // when neither is limited. BudgetExceeded when some scope cannot hold it
  // (then nothing is held).
  Result<std::optional<BudgetReservation>, DomainError> reserve(const std::string& tenantId,
                                                                const std::string& agentId,
                                                                int64_t amountMicros);
  // Inside the turn's write transaction (see above). Call committed() once
  // the transaction has committed. Throws BudgetOverrun when the real cost
  // passed the reservation by more than the budget has left (a reply longer
  // than maxOutputTokens): the turn must roll back and bill nothing, so
  // billed spend never passes the limit.
  void settle(Transaction& tx, const BudgetReservation& reservation, int64_t costMicros);
  void committed(const BudgetReservation& reservation);
  // The turn failed: gives the hold back (its own write).
  void release(const BudgetReservation& reservation);

  BudgetView view(const std::string& tenantId);
  // NotFound when an agent is not the tenant's; Unprocessable for a negative limit.
  Result<BudgetView, DomainError> setLimits(const std::string& tenantId, const BudgetChange& change);

  // Maintenance steps (also called by tests): renew this owner's leases;
  // give back lapsed reservations (returns how many); reload the cache
  // (refreshCache).
  int64_t renewLeases();
  int64_t sweepLapsed();
  // A ChangeFeed notice (another host changed a tenant's limits, topic
  // "budget", or "*" after the feed reconnected): re-reads what it names.
  void forgetChanged(const std::string& topic, const std::string& subject);
  void refreshCache();
  void startMaintenance();
  void stopMaintenance();

 private:
  void cacheTenant(const std::string& tenantId, const std::vector<BudgetLimitRow>& rows);

  const std::shared_ptr<Database> database_;
  const std::shared_ptr<Clock> clock_;
  const BudgetSettings settings_;
  const std::string ownerId_;

  mutable std::shared_mutex cacheMutex_;                        // guards limitedScopes_
  std::map<std::string, std::set<std::string>> limitedScopes_;  // tenant → scopes ("" tenant, agent ids)
  std::atomic<int64_t> held_{0};  // reservations this process holds (renewal only runs when > 0)

  std::mutex maintenanceMutex_;  // guards maintenance_
  std::unique_ptr<PeriodicTask> maintenance_;
};

}  // namespace vb
