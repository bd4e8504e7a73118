#include "store/usage_repository.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

std::vector<UsageGroup> groupsOf(const Poco::Data::RecordSet& rs) {
  std::vector<UsageGroup> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), integer(rs, 2, r), integer(rs, 3, r), integer(rs, 4, r),
                    integer(rs, 5, r)});
  return rows;
}

// SUM of BIGINT is NUMERIC in PostgreSQL: cast back so both backends hand out exact integers.
constexpr const char* kSums =
    "COUNT(DISTINCT u.message_id), CAST(COALESCE(SUM(u.tokens_in), 0) AS BIGINT), "
    "CAST(COALESCE(SUM(u.tokens_out), 0) AS BIGINT), CAST(COALESCE(SUM(u.cost_micros), 0) AS BIGINT) ";
constexpr const char* kRange = "WHERE u.tenant_id = $1 AND u.created_at >= $2 AND u.created_at < $3 ";

std::vector<UsageGroup> grouped(Transaction& tx, const std::string& select, const std::string& tail,
                                const std::string& tenantId, const std::string& fromAt,
                                const std::string& toAt) {
  std::string t = tenantId, from = fromAt, to = toAt;
  Poco::Data::Statement statement(tx.session());
  statement << select + kSums + "FROM usage_events u " + kRange + tail, use(t), use(from), use(to), now;
  return groupsOf(Poco::Data::RecordSet(statement));
}

}  // namespace

void UsageRepository::insert(Transaction& tx, const UsageEvent& e) {
  tx.execute("INSERT INTO usage_events (tenant_id, id, agent_id, session_id, message_id, provider, tokens_in, "
             "tokens_out, cost_micros, pricing_version, created_at, call_index) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
             {e.tenantId, e.id, e.agentId, e.sessionId, e.messageId, e.provider, e.tokensIn, e.tokensOut,
              e.costMicros, e.pricingVersion, e.createdAt, e.callIndex});
}

UsageTotals UsageRepository::totals(Transaction& tx, const std::string& tenantId, const std::string& fromAt,
                                    const std::string& toAt) {
  std::string t = tenantId, from = fromAt, to = toAt;
  Poco::Int64 sessions = 0, messages = 0, in = 0, out = 0, cost = 0;
  tx.session() << std::string("SELECT COUNT(DISTINCT u.session_id), ") + kSums + "FROM usage_events u " +
                      kRange,
      use(t), use(from), use(to), into(sessions), into(messages), into(in), into(out), into(cost), now;
  return {sessions, messages, in, out, cost};
}

std::vector<UsageGroup> UsageRepository::byProvider(Transaction& tx, const std::string& tenantId,
                                                    const std::string& fromAt, const std::string& toAt) {
  return grouped(tx, "SELECT u.provider, '', ", "GROUP BY u.provider ORDER BY u.provider", tenantId, fromAt,
                 toAt);
}

std::vector<UsageGroup> UsageRepository::byAgent(Transaction& tx, const std::string& tenantId,
                                                 const std::string& fromAt, const std::string& toAt,
                                                 int limit) {
  std::string t = tenantId, from = fromAt, to = toAt;
  Poco::Int64 lim = limit;
  Poco::Data::Statement statement(tx.session());
  statement
      << std::string("SELECT u.agent_id, a.name, ") + kSums +
             "FROM usage_events u JOIN agents a ON a.tenant_id = u.tenant_id AND a.id = u.agent_id " +
             kRange +
             "GROUP BY u.agent_id, a.name ORDER BY COALESCE(SUM(u.cost_micros), 0) DESC, u.agent_id LIMIT $4",
      use(t), use(from), use(to), use(lim), now;
  return groupsOf(Poco::Data::RecordSet(statement));
}

std::vector<UsageGroup> UsageRepository::byDay(Transaction& tx, const std::string& tenantId,
                                               const std::string& fromAt, const std::string& toAt) {
  return grouped(tx, "SELECT SUBSTR(u.created_at, 1, 10), '', ",
                 "GROUP BY SUBSTR(u.created_at, 1, 10) ORDER BY SUBSTR(u.created_at, 1, 10)", tenantId,
                 fromAt, toAt);
}

std::vector<UsageGroup> UsageRepository::byProviderAndPricing(Transaction& tx, const std::string& tenantId,
                                                              const std::string& fromAt,
                                                              const std::string& toAt) {
  return grouped(tx, "SELECT u.provider, u.pricing_version, ",
                 "GROUP BY u.provider, u.pricing_version ORDER BY u.provider, u.pricing_version", tenantId,
                 fromAt, toAt);
}

namespace {
std::vector<UsageEvent> eventsOf(const Poco::Data::RecordSet& rs) {
  std::vector<UsageEvent> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), text(rs, 3, r), text(rs, 4, r),
                    text(rs, 5, r), integer(rs, 6, r), integer(rs, 7, r), integer(rs, 8, r), text(rs, 9, r),
                    text(rs, 10, r), integer(rs, 11, r)});
  return rows;
}
constexpr const char* kEventColumns =
    "SELECT tenant_id, id, agent_id, session_id, message_id, provider, tokens_in, tokens_out, cost_micros, "
    "pricing_version, created_at, call_index FROM usage_events ";
}  // namespace

std::vector<UsageEvent> UsageRepository::list(Transaction& tx, const std::string& tenantId,
                                              const std::string& fromAt, const std::string& toAt,
                                              const std::optional<PageCursor>& after, int limit) {
  std::string t = tenantId, from = fromAt, to = toAt;
  Poco::Int64 hasCursor = after ? 1 : 0, lim = limit;
  std::string afterAt = after ? after->createdAt : std::string(), afterId = after ? after->id : std::string();
  Poco::Data::Statement select(tx.session());
  select
      << std::string(kEventColumns) +
             "WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 "
             "AND ($4 = 0 OR created_at > $5 OR (created_at = $6 AND id > $7)) ORDER BY created_at, id LIMIT $8",
      use(t), use(from), use(to), use(hasCursor), use(afterAt), use(afterAt), use(afterId), use(lim), now;
  return eventsOf(Poco::Data::RecordSet(select));
}

std::vector<UsageEvent> UsageRepository::listByMessage(Transaction& tx, const std::string& tenantId,
                                                       const std::string& messageId) {
  std::string t = tenantId, m = messageId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kEventColumns) + "WHERE tenant_id = $1 AND message_id = $2 ORDER BY call_index", use(t),
      use(m), now;
  return eventsOf(Poco::Data::RecordSet(select));
}

std::vector<UsageEvent> UsageRepository::listBySession(Transaction& tx, const std::string& tenantId,
                                                       const std::string& sessionId) {
  std::string t = tenantId, s = sessionId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kEventColumns) + "WHERE tenant_id = $1 AND session_id = $2 ORDER BY created_at, id, call_index",
      use(t), use(s), now;
  return eventsOf(Poco::Data::RecordSet(select));
}

UsageTotals UsageRepository::sessionTotals(Transaction& tx, const std::string& tenantId,
                                           const std::string& sessionId) {
  std::string t = tenantId, s = sessionId;
  Poco::Int64 messages = 0, in = 0, out = 0, cost = 0;
  tx.session() << "SELECT COUNT(DISTINCT message_id), CAST(COALESCE(SUM(tokens_in), 0) AS BIGINT), "
                  "CAST(COALESCE(SUM(tokens_out), 0) AS BIGINT), CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT) "
                  "FROM usage_events WHERE tenant_id = $1 AND session_id = $2",
      use(t), use(s), into(messages), into(in), into(out), into(cost), now;
  return {1, messages, in, out, cost};
}

}  // namespace vb
