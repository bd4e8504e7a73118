#include "store/tool_run_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

constexpr const char* kColumns =
    "SELECT tenant_id, id, agent_id, session_id, message_id, call_index, tool, arguments, result_summary, status, "
    "latency_ms, request_id, created_at FROM tool_audit ";

std::vector<ToolRun> runsOf(const Poco::Data::RecordSet& rs) {
  std::vector<ToolRun> runs;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    runs.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), text(rs, 3, r), text(rs, 4, r),
                    integer(rs, 5, r), text(rs, 6, r), text(rs, 7, r), text(rs, 8, r), text(rs, 9, r),
                    integer(rs, 10, r), text(rs, 11, r), text(rs, 12, r)});
  return runs;
}

}  // namespace

void ToolRunRepository::insert(Transaction& tx, const ToolRun& r) {
  tx.execute("INSERT INTO tool_audit (tenant_id, id, agent_id, session_id, message_id, call_index, tool, "
             "arguments, result_summary, status, latency_ms, request_id, created_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
             {r.tenantId, r.id, r.agentId, r.sessionId, r.messageId, r.callIndex, r.tool, r.argumentsJson,
              r.resultSummary, r.status, r.latencyMs, r.requestId, r.createdAt});
}

std::vector<ToolRun> ToolRunRepository::listByMessage(Transaction& tx, const std::string& tenantId,
                                                      const std::string& messageId) {
  std::string t = tenantId, m = messageId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kColumns) + "WHERE tenant_id = $1 AND message_id = $2 ORDER BY call_index, created_at, id",
      use(t), use(m), now;
  return runsOf(Poco::Data::RecordSet(select));
}

std::vector<ToolRun> ToolRunRepository::list(Transaction& tx, const std::string& tenantId,
                                             const ToolRunFilter& filter, const std::string& fromAt,
                                             const std::string& toAt, const std::optional<PageCursor>& before,
                                             int limit) {
  std::string t = tenantId, session = filter.sessionId, agent = filter.agentId, tool = filter.tool,
              status = filter.status, from = fromAt, to = toAt;
  std::string beforeAt = before ? before->createdAt : std::string(), beforeId = before ? before->id : std::string();
  Poco::Int64 hasCursor = before ? 1 : 0, lim = limit;
  Poco::Data::Statement select(tx.session());
  select << std::string(kColumns) +
                "WHERE tenant_id = $1 AND ($2 = '' OR session_id = $3) AND ($4 = '' OR agent_id = $5) "
                "AND ($6 = '' OR tool = $7) AND ($8 = '' OR status = $9) AND created_at >= $10 AND created_at < $11 "
                "AND ($12 = 0 OR created_at < $13 OR (created_at = $14 AND id < $15)) "
                "ORDER BY created_at DESC, id DESC LIMIT $16",
      use(t), use(session), use(session), use(agent), use(agent), use(tool), use(tool), use(status), use(status),
      use(from), use(to), use(hasCursor), use(beforeAt), use(beforeAt), use(beforeId), use(lim), now;
  return runsOf(Poco::Data::RecordSet(select));
}

}  // namespace vb
