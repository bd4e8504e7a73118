#include "governance/budget_ledger.h"

#include <Poco/Logger.h>

#include <cstdio>
#include <mutex>

#include "store/agent_repository.h"
#include "store/change_feed.h"
#include "store/timestamps.h"

namespace vb {
namespace {

// Thrown inside reserve()'s write closure so its savepoint rolls back every
// scope already held.
struct ScopeRefused {};

std::string monthText(int year, int month) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month);
  return text;
}

}  // namespace

MonthRange monthOf(std::chrono::system_clock::time_point at) {
  const auto days = std::chrono::floor<std::chrono::days>(at).time_since_epoch().count();
  const std::string date = formatDate(days);  // YYYY-MM-DD
  const int year = std::stoi(date.substr(0, 4));
  const int month = std::stoi(date.substr(5, 2));
  const int nextYear = month == 12 ? year + 1 : year;
  const int nextMonth = month == 12 ? 1 : month + 1;
  MonthRange range;
  range.month = monthText(year, month);
  range.from = range.month + "-01T00:00:00.000Z";
  range.to = monthText(nextYear, nextMonth) + "-01T00:00:00.000Z";
  return range;
}

BudgetLedger::BudgetLedger(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock,
                           BudgetSettings settings, std::string ownerId)
    : database_(std::move(database)),
      clock_(std::move(clock)),
      settings_(settings),
      ownerId_(std::move(ownerId)) {
  if (settings_.heartbeatMs < 1 || settings_.heartbeatMs * 2 > settings_.leaseMs)
    throw std::runtime_error("config: budgets.heartbeatMs must be at least 1 and at most half of leaseMs");
  refreshCache();
}

BudgetLedger::~BudgetLedger() { stopMaintenance(); }

bool BudgetLedger::limited(const std::string& tenantId, const std::string& agentId) const {
  std::shared_lock<std::shared_mutex> lock(cacheMutex_);
  const auto it = limitedScopes_.find(tenantId);
  if (it == limitedScopes_.end()) return false;
  return it->second.count("") > 0 || it->second.count(agentId) > 0;
}

Result<std::optional<BudgetReservation>, DomainError> BudgetLedger::reserve(const std::string& tenantId,
                                                                            const std::string& agentId,
                                                                            int64_t amountMicros) {
  std::set<std::string> scopes;
  {
    std::shared_lock<std::shared_mutex> lock(cacheMutex_);
    const auto it = limitedScopes_.find(tenantId);
    if (it != limitedScopes_.end()) {
      if (it->second.count("")) scopes.insert("");
      if (it->second.count(agentId)) scopes.insert(agentId);
    }
  }
  if (scopes.empty()) return std::optional<BudgetReservation>();

  const auto wallNow = clock_->wallNow();
  const MonthRange month = monthOf(wallNow);
  BudgetReservation r{tenantId, newId("bres"), month.month, false, "", amountMicros};
  try {
    database_->write([&](Transaction& tx) {
      for (const auto& scope : scopes) {
        bool held = BudgetRepository::reserve(tx, tenantId, scope, month.month, amountMicros);
        if (!held) {
          // First turn of a month (or a limit set on another host): make the
          // counter, then try once more. No counter at all = the limit was
          // removed meanwhile: that scope holds nothing.
          BudgetRepository::ensureCounter(tx, tenantId, scope, month);
          held = BudgetRepository::reserve(tx, tenantId, scope, month.month, amountMicros);
          if (!held) {
            bool exists = false;
            for (const auto& counter : BudgetRepository::counters(tx, tenantId, month.month))
              exists = exists || counter.scopeId == scope;
            if (exists) throw ScopeRefused{};
            continue;
          }
        }
        if (scope.empty())
          r.tenantScoped = true;
        else
          r.agentId = scope;
      }
      if (!r.tenantScoped && r.agentId.empty()) return;
      BudgetRepository::insertReservation(
          tx, {tenantId, r.id, month.month, r.tenantScoped, r.agentId, amountMicros, ownerId_,
               formatTimestamp(wallNow + std::chrono::milliseconds(settings_.leaseMs)),
               formatTimestamp(wallNow)});
    });
  } catch (const ScopeRefused&) {
    return unexpected(DomainError::of(DomainError::Kind::BudgetExceeded,
                                      "this turn's worst-case cost of " + std::to_string(amountMicros) +
                                          " micro-USD does not fit the remaining monthly budget"));
  }
  if (!r.tenantScoped && r.agentId.empty()) return std::optional<BudgetReservation>();
  held_.fetch_add(1);
  return std::optional<BudgetReservation>(std::move(r));
}

void BudgetLedger::settle(Transaction& tx, const BudgetReservation& r, int64_t costMicros) {
  const int64_t released = BudgetRepository::deleteReservation(tx, r.tenantId, r.id) ? r.amountMicros : 0;
  bool fits = true;
  if (r.tenantScoped) fits = BudgetRepository::settle(tx, r.tenantId, "", r.month, costMicros, released) && fits;
  if (!r.agentId.empty())
    fits = BudgetRepository::settle(tx, r.tenantId, r.agentId, r.month, costMicros, released) && fits;
  if (!fits) throw BudgetOverrun();
}

void BudgetLedger::committed(const BudgetReservation&) { held_.fetch_sub(1); }

void BudgetLedger::release(const BudgetReservation& r) {
  try {
    database_->write([&](Transaction& tx) { settle(tx, r, 0); });
  } catch (const std::exception& e) {
    // The lease runs out and the sweeper gives it back.
    Poco::Logger::get("governance")
        .error("releasing budget reservation %s failed: %s", r.id, std::string(e.what()));
  }
  held_.fetch_sub(1);
}

BudgetView BudgetLedger::view(const std::string& tenantId) {
  const MonthRange month = monthOf(clock_->wallNow());
  return database_->snapshot([&](Transaction& tx) {
    BudgetView v;
    v.month = month.month;
    v.tenant.scopeId = "";
    std::map<std::string, BudgetScopeView> agents;
    for (const auto& limit : BudgetRepository::limitsOf(tx, tenantId)) {
      if (limit.scopeId.empty())
        v.tenant.limitMicros = limit.limitMicros;
      else
        agents[limit.scopeId] = {limit.scopeId, limit.limitMicros, 0, 0};
    }
    bool tenantCounted = false;
    for (const auto& counter : BudgetRepository::counters(tx, tenantId, month.month)) {
      if (counter.scopeId.empty() && v.tenant.limitMicros) {
        v.tenant.spentMicros = counter.spentMicros;
        v.tenant.reservedMicros = counter.reservedMicros;
        tenantCounted = true;
      } else if (auto it = agents.find(counter.scopeId); it != agents.end()) {
        it->second.spentMicros = counter.spentMicros;
        it->second.reservedMicros = counter.reservedMicros;
      }
    }
    if (!tenantCounted) v.tenant.spentMicros = BudgetRepository::usageCost(tx, tenantId, "", month);
    for (auto& [id, agent] : agents) v.agents.push_back(agent);
    return v;
  });
}

Result<BudgetView, DomainError> BudgetLedger::setLimits(const std::string& tenantId,
                                                        const BudgetChange& change) {
  auto negative = [](const std::optional<int64_t>& limit) { return limit && *limit < 0; };
  if (change.tenantLimitMicros && negative(*change.tenantLimitMicros))
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable, "monthlyLimitMicros must be >= 0",
                                      "monthlyLimitMicros"));
  for (const auto& [agentId, limit] : change.agentLimitsMicros)
    if (negative(limit))
      return unexpected(
          DomainError::of(DomainError::Kind::Unprocessable, "agent limits must be >= 0", "agents"));

  const auto wallNow = clock_->wallNow();
  const MonthRange month = monthOf(wallNow);
  const std::string at = formatTimestamp(wallNow);
  auto applied = database_->write([&](Transaction& tx) -> std::optional<std::string> {
    for (const auto& [agentId, limit] : change.agentLimitsMicros)
      if (agentId.empty() || !AgentRepository::find(tx, tenantId, agentId)) return agentId;
    auto apply = [&](const std::string& scope, const std::optional<int64_t>& limit) {
      if (limit)
        BudgetRepository::setLimit(tx, tenantId, scope, *limit, month, at);
      else
        BudgetRepository::removeLimit(tx, tenantId, scope);
    };
    if (change.tenantLimitMicros) apply("", *change.tenantLimitMicros);
    for (const auto& [agentId, limit] : change.agentLimitsMicros) apply(agentId, limit);
    // Other hosts must start reserving for this tenant at once, not at their
    // next cache refresh: their turns in between would be neither held nor counted.
    ChangeFeed::publish(tx, "budget", tenantId);
    return std::nullopt;
  });
  if (applied)
    return unexpected(DomainError::of(DomainError::Kind::NotFound, "agent not found: " + *applied, "agents"));
  cacheTenant(tenantId,
              database_->read([&](Transaction& tx) { return BudgetRepository::limitsOf(tx, tenantId); }));
  return view(tenantId);
}

void BudgetLedger::cacheTenant(const std::string& tenantId, const std::vector<BudgetLimitRow>& rows) {
  std::set<std::string> scopes;
  for (const auto& row : rows) scopes.insert(row.scopeId);
  std::unique_lock<std::shared_mutex> lock(cacheMutex_);
  if (scopes.empty())
    limitedScopes_.erase(tenantId);
  else
    limitedScopes_[tenantId] = std::move(scopes);
}

int64_t BudgetLedger::renewLeases() {
  if (held_.load() <= 0) return 0;
  const std::string until = formatTimestamp(clock_->wallNow() + std::chrono::milliseconds(settings_.leaseMs));
  return database_->write(
      [&](Transaction& tx) { return BudgetRepository::renewReservations(tx, ownerId_, until); });
}

int64_t BudgetLedger::sweepLapsed() {
  const std::string nowText = formatTimestamp(clock_->wallNow());
  const auto lapsed =
      database_->read([&](Transaction& tx) { return BudgetRepository::lapsedReservations(tx, nowText); });
  if (lapsed.empty()) return 0;
  return database_->write([&](Transaction& tx) {
    int64_t released = 0;
    for (const auto& r : lapsed) {
      if (!BudgetRepository::deleteLapsedReservation(tx, r.tenantId, r.id, nowText)) continue;
      // A release (no cost) always fits: nothing to check.
      if (r.tenantScoped) (void)BudgetRepository::settle(tx, r.tenantId, "", r.month, 0, r.amountMicros);
      if (!r.agentId.empty()) (void)BudgetRepository::settle(tx, r.tenantId, r.agentId, r.month, 0, r.amountMicros);
      ++released;
    }
    return released;
  });
}

void BudgetLedger::forgetChanged(const std::string& topic, const std::string& subject) {
  if (topic == "*") return refreshCache();
  if (topic != "budget") return;
  cacheTenant(subject, database_->read([&](Transaction& tx) { return BudgetRepository::limitsOf(tx, subject); }));
}

void BudgetLedger::refreshCache() {
  const auto rows = database_->read([](Transaction& tx) { return BudgetRepository::allLimits(tx); });
  std::map<std::string, std::set<std::string>> scopes;
  for (const auto& row : rows) scopes[row.tenantId].insert(row.scopeId);
  std::unique_lock<std::shared_mutex> lock(cacheMutex_);
  limitedScopes_ = std::move(scopes);
}

void BudgetLedger::startMaintenance() {
  std::lock_guard<std::mutex> lock(maintenanceMutex_);
  if (maintenance_) return;
  const int refreshEvery = std::max(1, settings_.cacheRefreshMs / settings_.heartbeatMs);
  maintenance_ = std::make_unique<PeriodicTask>(
      "budget leases", std::chrono::milliseconds(settings_.heartbeatMs),
      [this, refreshEvery, round = 0]() mutable {
        renewLeases();
        if (const auto released = sweepLapsed())
          Poco::Logger::get("governance")
              .warning("released %?d budget reservations whose owner stopped", released);
        if (++round % refreshEvery == 0) refreshCache();
      });
}

void BudgetLedger::stopMaintenance() {
  std::lock_guard<std::mutex> lock(maintenanceMutex_);
  maintenance_.reset();
}

}  // namespace vb
