#include "store/request_log_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <deque>
#include <utility>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

constexpr const char* kColumns =
    "SELECT tenant_id, id, request_id, session_id, message_id, agent_id, channel, status, outcome, provider, "
    "fallback_used, latency_ms, cost_micros, failed_attempts, error_type, error_title, error_detail, "
    "created_at "
    "FROM request_log ";

std::vector<RequestLogRow> rowsOf(const Poco::Data::RecordSet& rs) {
  std::vector<RequestLogRow> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r) {
    RequestLogRow row;
    auto& e = row.entry;
    e.tenantId = text(rs, 0, r);
    e.id = text(rs, 1, r);
    e.requestId = text(rs, 2, r);
    e.sessionId = text(rs, 3, r);
    e.messageId = optionalText(rs, 4, r);
    e.agentId = text(rs, 5, r);
    e.channel = text(rs, 6, r);
    e.status = integer(rs, 7, r);
    e.outcome = text(rs, 8, r);
    e.provider = optionalText(rs, 9, r);
    e.fallbackUsed = integer(rs, 10, r) != 0;
    e.latencyMs = integer(rs, 11, r);
    e.costMicros = optionalInteger(rs, 12, r);
    row.failedAttemptsText = optionalText(rs, 13, r);
    e.errorType = optionalText(rs, 14, r);
    e.errorTitle = optionalText(rs, 15, r);
    e.errorDetail = optionalText(rs, 16, r);
    e.createdAt = text(rs, 17, r);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

void RequestLogRepository::insert(Transaction& tx, const RequestLogRow& row) {
  const RequestLogEntry& e = row.entry;
  tx.execute("INSERT INTO request_log (tenant_id, id, request_id, session_id, message_id, agent_id, channel, "
             "status, outcome, provider, fallback_used, latency_ms, cost_micros, failed_attempts, error_type, "
             "error_title, error_detail, created_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
             {e.tenantId, e.id, e.requestId, e.sessionId, e.messageId, e.agentId, e.channel, e.status, e.outcome,
              e.provider, e.fallbackUsed ? 1 : 0, e.latencyMs, e.costMicros, row.failedAttemptsText, e.errorType,
              e.errorTitle, e.errorDetail, e.createdAt});
}

std::vector<RequestLogRow> RequestLogRepository::list(Transaction& tx, const std::string& tenantId,
                                                      const RequestLogFilter& filter,
                                                      const std::string& fromAt, const std::string& toAt,
                                                      const std::optional<PageCursor>& before, int limit) {
  // Only the filters given become clauses (values are always bound), so each
  // query matches the index of its filter — (tenant_id, <filter>, created_at,
  // id) — instead of scanning the tenant's log; "(? = '' OR col = ?)" would
  // defeat them. Placeholders are numbered in the order they are bound.
  std::deque<std::string> values;  // bound by reference: addresses must stay put
  std::string where;
  auto bound = [&](const std::string& value) {
    values.push_back(value);
    return "$" + std::to_string(values.size());
  };
  where = "WHERE tenant_id = " + bound(tenantId);
  const std::pair<const char*, const std::string*> equalities[] = {{"request_id", &filter.requestId},
                                                                   {"outcome", &filter.outcome},
                                                                   {"provider", &filter.provider},
                                                                   {"agent_id", &filter.agentId}};
  for (const auto& [column, value] : equalities)
    if (!value->empty()) where += std::string(" AND ") + column + " = " + bound(*value);
  where += " AND created_at >= " + bound(fromAt);
  where += " AND created_at < " + bound(toAt);
  if (before) {
    where += " AND (created_at < " + bound(before->createdAt);
    where += " OR (created_at = " + bound(before->createdAt);
    where += " AND id < " + bound(before->id) + "))";
  }
  const std::string limitPlaceholder = "$" + std::to_string(values.size() + 1);
  Poco::Int64 lim = limit;
  Poco::Data::Statement select(tx.session());
  select << std::string(kColumns) + where + " ORDER BY created_at DESC, id DESC LIMIT " + limitPlaceholder;
  for (auto& value : values) select, use(value);
  select, use(lim);
  select.execute();
  return rowsOf(Poco::Data::RecordSet(select));
}

int64_t RequestLogRepository::count(Transaction& tx, const std::string& tenantId) {
  std::string t = tenantId;
  Poco::Int64 n = 0;
  tx.session() << "SELECT COUNT(*) FROM request_log WHERE tenant_id = $1", use(t), into(n), now;
  return n;
}

}  // namespace vb
