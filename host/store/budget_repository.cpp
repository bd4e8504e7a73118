#include "store/budget_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

std::vector<BudgetLimitRow> limitRows(Poco::Data::Statement& select) {
  Poco::Data::RecordSet rs(select);
  std::vector<BudgetLimitRow> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), integer(rs, 2, r)});
  return rows;
}

std::vector<BudgetReservationRow> reservationRows(Poco::Data::Statement& select) {
  Poco::Data::RecordSet rs(select);
  std::vector<BudgetReservationRow> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), integer(rs, 3, r) != 0, text(rs, 4, r),
                    integer(rs, 5, r), text(rs, 6, r), text(rs, 7, r), text(rs, 8, r)});
  return rows;
}

constexpr const char* kReservationColumns =
    "SELECT tenant_id, id, month, tenant_scoped, agent_id, amount_micros, owner_id, locked_until, created_at "
    "FROM budget_reservations ";

}  // namespace

std::vector<BudgetLimitRow> BudgetRepository::allLimits(Transaction& tx) {
  Poco::Data::Statement select(tx.session());
  select << "SELECT tenant_id, scope_id, limit_micros FROM budget_limits", now;
  return limitRows(select);
}

std::vector<BudgetLimitRow> BudgetRepository::limitsOf(Transaction& tx, const std::string& tenantId) {
  std::string t = tenantId;
  Poco::Data::Statement select(tx.session());
  select
      << "SELECT tenant_id, scope_id, limit_micros FROM budget_limits WHERE tenant_id = $1 ORDER BY scope_id",
      use(t), now;
  return limitRows(select);
}

void BudgetRepository::setLimit(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                                int64_t limitMicros, const MonthRange& month, const std::string& at) {
  std::string t = tenantId, s = scopeId, a = at, m = month.month;
  Poco::Int64 limit = limitMicros, limit2 = limitMicros;
  tx.session()
      << "INSERT INTO budget_limits (tenant_id, scope_id, limit_micros, updated_at) VALUES ($1, $2, $3, $4) "
         "ON CONFLICT (tenant_id, scope_id) DO UPDATE SET limit_micros = excluded.limit_micros, "
         "updated_at = excluded.updated_at",
      use(t), use(s), use(limit), use(a), now;
  Poco::Data::Statement update(tx.session());
  update
      << "UPDATE budget_counters SET limit_micros = $1 WHERE tenant_id = $2 AND scope_id = $3 AND month = $4",
      use(limit2), use(t), use(s), use(m);
  if (update.execute() == 0) ensureCounter(tx, tenantId, scopeId, month);
}

void BudgetRepository::removeLimit(Transaction& tx, const std::string& tenantId, const std::string& scopeId) {
  std::string t = tenantId, s = scopeId;
  tx.session() << "DELETE FROM budget_limits WHERE tenant_id = $1 AND scope_id = $2", use(t), use(s), now;
  tx.session() << "DELETE FROM budget_counters WHERE tenant_id = $1 AND scope_id = $2", use(t), use(s), now;
}

void BudgetRepository::ensureCounter(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                                     const MonthRange& month) {
  std::string m = month.month, from = month.from, to = month.to, m2 = month.month, t = tenantId, s = scopeId;
  tx.session()
      << "INSERT INTO budget_counters (tenant_id, scope_id, month, limit_micros, spent_micros, "
         "reserved_micros) "
         "SELECT l.tenant_id, l.scope_id, $1, l.limit_micros, "
         "(SELECT COALESCE(SUM(u.cost_micros), 0) FROM usage_events u WHERE u.tenant_id = l.tenant_id "
         "AND (l.scope_id = '' OR u.agent_id = l.scope_id) AND u.created_at >= $2 AND u.created_at < $3), "
         "(SELECT COALESCE(SUM(r.amount_micros), 0) FROM budget_reservations r WHERE r.tenant_id = "
         "l.tenant_id AND r.month = $4 AND ((l.scope_id = '' AND r.tenant_scoped = 1) OR "
         "(l.scope_id <> '' AND r.agent_id = l.scope_id))) "
         "FROM budget_limits l WHERE l.tenant_id = $5 AND l.scope_id = $6 "
         "ON CONFLICT (tenant_id, scope_id, month) DO NOTHING",
      use(m), use(from), use(to), use(m2), use(t), use(s), now;
}

bool BudgetRepository::reserve(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                               const std::string& month, int64_t amountMicros) {
  std::string t = tenantId, s = scopeId, m = month;
  Poco::Int64 add = amountMicros, fit = amountMicros;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE budget_counters SET reserved_micros = reserved_micros + $1 "
            "WHERE tenant_id = $2 AND scope_id = $3 AND month = $4 "
            "AND spent_micros + reserved_micros + $5 <= limit_micros",
      use(add), use(t), use(s), use(m), use(fit);
  return update.execute() == 1;
}

bool BudgetRepository::settle(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                              const std::string& month, int64_t spentMicros, int64_t releasedMicros) {
  std::string t = tenantId, s = scopeId, m = month;
  Poco::Int64 spent = spentMicros, released = releasedMicros;
  tx.session()
      << "UPDATE budget_counters SET spent_micros = spent_micros + $1, "
         "reserved_micros = reserved_micros - $2 WHERE tenant_id = $3 AND scope_id = $4 AND month = $5",
      use(spent), use(released), use(t), use(s), use(m), now;
  if (spentMicros <= 0) return true;  // a release always fits (even under a limit lowered since)
  std::string t2 = tenantId, s2 = scopeId, m2 = month;
  Poco::Int64 over = 0;
  tx.session() << "SELECT COUNT(*) FROM budget_counters WHERE tenant_id = $1 AND scope_id = $2 AND month = $3 "
                  "AND spent_micros + reserved_micros > limit_micros",
      use(t2), use(s2), use(m2), into(over), now;
  return over == 0;
}

std::vector<BudgetCounterRow> BudgetRepository::counters(Transaction& tx, const std::string& tenantId,
                                                         const std::string& month) {
  std::string t = tenantId, m = month;
  Poco::Data::Statement select(tx.session());
  select << "SELECT scope_id, limit_micros, spent_micros, reserved_micros FROM budget_counters "
            "WHERE tenant_id = $1 AND month = $2 ORDER BY scope_id",
      use(t), use(m), now;
  Poco::Data::RecordSet rs(select);
  std::vector<BudgetCounterRow> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), integer(rs, 1, r), integer(rs, 2, r), integer(rs, 3, r)});
  return rows;
}

int64_t BudgetRepository::usageCost(Transaction& tx, const std::string& tenantId, const std::string& scopeId,
                                    const MonthRange& month) {
  std::string t = tenantId, s = scopeId, s2 = scopeId, from = month.from, to = month.to;
  Poco::Int64 cost = 0;
  tx.session() << "SELECT COALESCE(SUM(cost_micros), 0) FROM usage_events WHERE tenant_id = $1 "
                  "AND ($2 = '' OR agent_id = $3) AND created_at >= $4 AND created_at < $5",
      use(t), use(s), use(s2), use(from), use(to), into(cost), now;
  return cost;
}

void BudgetRepository::insertReservation(Transaction& tx, const BudgetReservationRow& row) {
  BudgetReservationRow r = row;
  Poco::Int64 scoped = r.tenantScoped ? 1 : 0, amount = r.amountMicros;
  tx.session()
      << "INSERT INTO budget_reservations (tenant_id, id, month, tenant_scoped, agent_id, amount_micros, "
         "owner_id, locked_until, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      use(r.tenantId), use(r.id), use(r.month), use(scoped), use(r.agentId), use(amount), use(r.ownerId),
      use(r.lockedUntil), use(r.createdAt), now;
}

bool BudgetRepository::deleteReservation(Transaction& tx, const std::string& tenantId,
                                         const std::string& id) {
  std::string t = tenantId, i = id;
  Poco::Data::Statement del(tx.session());
  del << "DELETE FROM budget_reservations WHERE tenant_id = $1 AND id = $2", use(t), use(i);
  return del.execute() == 1;
}

bool BudgetRepository::deleteLapsedReservation(Transaction& tx, const std::string& tenantId,
                                               const std::string& id, const std::string& nowText) {
  std::string t = tenantId, i = id, n = nowText;
  Poco::Data::Statement del(tx.session());
  del << "DELETE FROM budget_reservations WHERE tenant_id = $1 AND id = $2 AND locked_until <= $3", use(t),
      use(i), use(n);
  return del.execute() == 1;
}

int64_t BudgetRepository::renewReservations(Transaction& tx, const std::string& ownerId,
                                            const std::string& lockedUntil) {
  std::string until = lockedUntil, o = ownerId;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE budget_reservations SET locked_until = $1 WHERE owner_id = $2", use(until), use(o);
  return static_cast<int64_t>(update.execute());
}

std::vector<BudgetReservationRow> BudgetRepository::lapsedReservations(Transaction& tx,
                                                                       const std::string& nowText) {
  std::string n = nowText;
  Poco::Data::Statement select(tx.session());
  select << std::string(kReservationColumns) + "WHERE locked_until <= $1 ORDER BY locked_until LIMIT 1000",
      use(n), now;
  return reservationRows(select);
}

int64_t BudgetRepository::countReservations(Transaction& tx, const std::string& tenantId) {
  std::string t = tenantId;
  Poco::Int64 count = 0;
  tx.session() << "SELECT COUNT(*) FROM budget_reservations WHERE tenant_id = $1", use(t), into(count), now;
  return count;
}

}  // namespace vb
