// Hard monthly budgets: limits, per-month counters and in-flight
// reservations (migration 006). Same transaction contract as
// tenant_repository.h. The reservation rules (what a turn holds, leases,
// the sweeper) live in governance/budget_ledger.h; this file only reads and
// writes rows. Scope "" is the whole tenant; any other scope is an agent id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/transaction.h"

namespace vb {

struct BudgetLimitRow {
  std::string tenantId;
  std::string scopeId;
  int64_t limitMicros = 0;
};

struct BudgetCounterRow {
  std::string scopeId;
  int64_t limitMicros = 0;
  int64_t spentMicros = 0;
  int64_t reservedMicros = 0;
};

struct BudgetReservationRow {
  std::string tenantId;
  std::string id;
  std::string month;  // "YYYY-MM" of the counters it holds
  bool tenantScoped = false;
  std::string agentId;  // "" = no agent counter held
  int64_t amountMicros = 0;
  std::string ownerId;
  std::string lockedUntil;
  std::string createdAt;
};

// A calendar month as the half-open range of usage_events.created_at texts.
struct MonthRange {
  std::string month;  // "YYYY-MM"
  std::string from;   // "YYYY-MM-01T00:00:00.000Z"
  std::string to;     // the next month's first instant
};

struct BudgetRepository {
  // Every limit of every tenant (start-up and the cache refresh: a
  // deliberate cross-tenant read, like the key lookup by prefix).
  static std::vector<BudgetLimitRow> allLimits(Transaction& tx);
  static std::vector<BudgetLimitRow> limitsOf(Transaction& tx, const std::string& tenantId);
  // Upserts the limit and carries it into the month's counter (creating it
  // from the month's usage and the open reservations when missing).
  static void setLimit(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                       int64_t limitMicros, const MonthRange& month, const std::string& at);
  // Removes the limit and its counters (open reservations settle against nothing).
  static void removeLimit(Transaction& tx, const std::string& tenantId, const std::string& scopeId);

  // Creates the month's counter for a scope that has a limit, if missing:
  // spent = the month's usage cost in that scope, reserved = the open
  // reservations holding it. A no-op when the counter exists or the scope
  // has no limit.
  static void ensureCounter(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                            const MonthRange& month);
  // The one conditional UPDATE: reserved += amount only if spent + reserved
  // + amount <= limit. False when it does not fit (or there is no counter).
  static bool reserve(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                      const std::string& month, int64_t amountMicros);
  // spent += spentMicros, reserved -= releasedMicros (a missing counter is
  // a no-op: its limit was removed meanwhile). False when a cost (> 0) leaves
  // spent + reserved over the limit: the caller must roll back.
  [[nodiscard]] static bool settle(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                     const std::string& month, int64_t spentMicros, int64_t releasedMicros);
  static std::vector<BudgetCounterRow> counters(Transaction& tx, const std::string& tenantId,
                                                const std::string& month);
  // The month's billed cost of the tenant ("" scope) or of one agent.
  static int64_t usageCost(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                           const MonthRange& month);

  static void insertReservation(Transaction& tx, const BudgetReservationRow& row);
  // True when the row existed (and is now gone).
  static bool deleteReservation(Transaction& tx, const std::string& tenantId, const std::string& id);
  // Sweeper's fenced delete: only while the lease is still lapsed.
  static bool deleteLapsedReservation(Transaction& tx, const std::string& tenantId, const std::string& id,
                                      const std::string& now);
  // Extends every reservation `ownerId` holds to `lockedUntil`; how many.
  static int64_t renewReservations(Transaction& tx, const std::string& ownerId,
                                   const std::string& lockedUntil);
  // Reservations whose lease ended at or before `now`, across tenants (maintenance).
  static std::vector<BudgetReservationRow> lapsedReservations(Transaction& tx, const std::string& now);
  static int64_t countReservations(Transaction& tx, const std::string& tenantId);
};

}  // namespace vb
