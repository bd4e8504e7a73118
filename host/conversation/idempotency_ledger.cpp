#include "conversation/idempotency_ledger.h"

#include <Poco/Logger.h>

#include <algorithm>

#include "store/idempotency_repository.h"
#include "store/timestamps.h"

namespace vb {
namespace {

using std::chrono::milliseconds;

int secondsUntil(const std::string& at, std::chrono::system_clock::time_point now) {
  const auto when = parseTimestamp(at);
  if (!when) return 1;
  const auto ms = std::chrono::duration_cast<milliseconds>(*when - now).count();
  return static_cast<int>(std::max<int64_t>(1, (ms + 999) / 1000));
}

}  // namespace

IdempotencyLedger::IdempotencyLedger(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock,
                                     IdempotencySettings settings, std::string ownerId)
    : database_(std::move(database)),
      clock_(std::move(clock)),
      settings_(settings),
      ownerId_(ownerId.empty() ? newId("own") : std::move(ownerId)) {}

IdempotencyLedger::~IdempotencyLedger() { stopMaintenance(); }

std::optional<IdempotencyLedger::Claim> IdempotencyLedger::inspect(const std::string& tenantId,
                                                                  const std::string& key,
                                                                  const std::string& fingerprint) {
  const auto wallNow = clock_->wallNow();
  if (settings_.claims == ClaimPlacement::Process) {
    if (const auto holder = inProcess_.holder(tenantId, key)) return heldInProcess(*holder, fingerprint, wallNow);
  }
  const auto row = database_->read([&](Transaction& tx) { return IdempotencyRepository::find(tx, tenantId, key); });
  return classify(row, fingerprint, wallNow);
}

std::optional<IdempotencyLedger::Claim> IdempotencyLedger::classify(const std::optional<IdempotencyRow>& row,
                                                                   const std::string& fingerprint,
                                                                   std::chrono::system_clock::time_point wallNow) const {
  const std::string nowText = formatTimestamp(wallNow);
  if (!row || row->expiresAt <= nowText || (row->state == "in_flight" && row->lockedUntil <= nowText))
    return std::nullopt;  // free, or taken over by the next claim
  Claim claim;
  if (row->fingerprint != fingerprint) {
    claim.state = State::Mismatch;
  } else if (row->state == "completed") {
    claim.state = State::Replay;
    claim.turnRecord = row->turnRecord.value_or("");
  } else {
    // Free at the latest when the owner's turn reaches its deadline (owner
    // alive) or when its lease lapses (owner dead), whichever comes first.
    claim.state = State::InFlight;
    const auto created = parseTimestamp(row->createdAt).value_or(wallNow);
    const std::string turnEnd = formatTimestamp(created + milliseconds(settings_.expectedTurnMs));
    claim.retryAfterSeconds = secondsUntil(std::min(turnEnd, row->lockedUntil), wallNow);
  }
  return claim;
}

IdempotencyLedger::Claim IdempotencyLedger::claim(const std::string& tenantId, const std::string& key,
                                                  const std::string& fingerprint) {
  return settings_.claims == ClaimPlacement::Process ? claimInProcess(tenantId, key, fingerprint)
                                                      : claimInStore(tenantId, key, fingerprint);
}

IdempotencyLedger::Claim IdempotencyLedger::heldInProcess(const InFlightClaims::Holder& holder,
                                                          const std::string& fingerprint,
                                                          std::chrono::system_clock::time_point wallNow) const {
  Claim claim;
  if (holder.fingerprint != fingerprint) {
    claim.state = State::Mismatch;
    return claim;
  }
  // The holder is alive (it is this process), so the key is free at the
  // latest when its turn reaches the deadline.
  claim.state = State::InFlight;
  claim.retryAfterSeconds = secondsUntil(formatTimestamp(holder.since + milliseconds(settings_.expectedTurnMs)), wallNow);
  return claim;
}

IdempotencyLedger::Claim IdempotencyLedger::claimInProcess(const std::string& tenantId, const std::string& key,
                                                           const std::string& fingerprint) {
  const auto wallNow = clock_->wallNow();
  if (const auto holder = inProcess_.claim(tenantId, key, fingerprint, wallNow))
    return heldInProcess(*holder, fingerprint, wallNow);
  // Claimed in memory first, then the store is read: a turn that committed
  // the key forgets its claim only after its commit, so this read sees it.
  try {
    const auto row = database_->read([&](Transaction& tx) { return IdempotencyRepository::find(tx, tenantId, key); });
    // An in_flight row here was left by a dead process (this one alone uses
    // the database): the key is free, and complete() replaces the row.
    if (row && row->state == "completed")
      if (auto seen = classify(row, fingerprint, wallNow)) {
        inProcess_.release(tenantId, key);
        return *seen;
      }
  } catch (...) {
    inProcess_.release(tenantId, key);
    throw;
  }
  return Claim{};
}

IdempotencyLedger::Claim IdempotencyLedger::claimInStore(const std::string& tenantId, const std::string& key,
                                                         const std::string& fingerprint) {
  const auto wallNow = clock_->wallNow();
  const std::string nowText = formatTimestamp(wallNow);
  IdempotencyRow fresh;
  fresh.tenantId = tenantId;
  fresh.key = key;
  fresh.fingerprint = fingerprint;
  fresh.state = "in_flight";
  fresh.createdAt = nowText;
  fresh.lockedUntil = formatTimestamp(wallNow + milliseconds(settings_.leaseMs));
  fresh.expiresAt = formatTimestamp(wallNow + std::chrono::hours(settings_.ttlHours));
  fresh.ownerId = ownerId_;
  // No read-then-write: other hosts may claim the same key concurrently
  // (PostgreSQL, READ COMMITTED). The insert is conditional, and so is the
  // takeover of a lapsed or expired record; a lost race reads the winner's row.
  return database_->write([&](Transaction& tx) {
    for (int round = 0; round < 4; ++round) {
      if (IdempotencyRepository::insertIfAbsent(tx, fresh)) return Claim{};
      const auto row = IdempotencyRepository::find(tx, tenantId, key);
      if (!row) continue;  // released or swept between the two statements
      if (auto seen = classify(row, fingerprint, wallNow)) return *seen;
      if (IdempotencyRepository::takeOver(tx, fresh, *row)) return Claim{};
    }
    // Still contended after several rounds: another request holds it right now.
    Claim busy;
    busy.state = State::InFlight;
    busy.retryAfterSeconds = 1;
    return busy;
  });
}

void IdempotencyLedger::complete(Transaction& tx, const std::string& tenantId, const std::string& key,
                                 const std::string& turnRecord) {
  if (settings_.claims == ClaimPlacement::Store) {
    if (!IdempotencyRepository::complete(tx, tenantId, key, ownerId_, 201, turnRecord)) throw ClaimLost();
    return;
  }
  const auto wallNow = clock_->wallNow();
  IdempotencyRow done;
  done.tenantId = tenantId;
  done.key = key;
  // The fingerprint the claim was taken with: this turn's request.
  const auto holder = inProcess_.holder(tenantId, key);
  if (!holder) throw ClaimLost();  // not claimed by this process: never write a record for it
  done.fingerprint = holder->fingerprint;
  done.state = "completed";
  done.responseStatus = 201;
  done.turnRecord = turnRecord;
  done.createdAt = formatTimestamp(wallNow);
  done.lockedUntil = done.createdAt;
  done.expiresAt = formatTimestamp(wallNow + std::chrono::hours(settings_.ttlHours));
  if (!IdempotencyRepository::insertCompleted(tx, done, done.createdAt)) throw ClaimLost();
}

void IdempotencyLedger::committed(const std::string& tenantId, const std::string& key) {
  if (settings_.claims == ClaimPlacement::Process && !key.empty()) inProcess_.release(tenantId, key);
}

void IdempotencyLedger::release(const std::string& tenantId, const std::string& key) {
  if (key.empty()) return;
  if (settings_.claims == ClaimPlacement::Process) {
    inProcess_.release(tenantId, key);
    return;
  }
  database_->write([&](Transaction& tx) { IdempotencyRepository::removeClaim(tx, tenantId, key, ownerId_); });
}

int64_t IdempotencyLedger::renewLeases() {
  if (settings_.claims == ClaimPlacement::Process) return 0;  // no claim is in the store
  const std::string until = formatTimestamp(clock_->wallNow() + milliseconds(settings_.leaseMs));
  return database_->write(
      [&](Transaction& tx) { return IdempotencyRepository::renewLeases(tx, ownerId_, until); });
}

int64_t IdempotencyLedger::sweepExpired() {
  const std::string nowText = formatTimestamp(clock_->wallNow());
  return database_->write([&](Transaction& tx) { return IdempotencyRepository::removeExpired(tx, nowText); });
}

void IdempotencyLedger::startMaintenance() {
  std::lock_guard<std::mutex> lock(maintenanceMutex_);
  if (heartbeat_) return;
  // One indexed UPDATE per heartbeat; it touches no page when this owner
  // holds no claim.
  heartbeat_ = std::make_unique<PeriodicTask>("idempotency lease renewal", milliseconds(settings_.heartbeatMs),
                                              [this] { renewLeases(); });
  sweeper_ = std::make_unique<PeriodicTask>("idempotency expiry sweep", milliseconds(settings_.sweepEveryMs), [this] {
    if (const auto removed = sweepExpired())
      Poco::Logger::get("idempotency").information("swept %Ld expired idempotency records",
                                                   static_cast<long long>(removed));
  });
}

void IdempotencyLedger::stopMaintenance() {
  std::lock_guard<std::mutex> lock(maintenanceMutex_);
  heartbeat_.reset();
  sweeper_.reset();
}

}  // namespace vb
