#include "store/session_repository.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <algorithm>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

constexpr const char* kSessionColumns =
    "SELECT tenant_id, id, agent_id, customer_id, channel, metadata, created_at FROM sessions ";

std::vector<Session> sessionsOf(const Poco::Data::RecordSet& rs) {
  std::vector<Session> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), text(rs, 3, r), text(rs, 4, r),
                    text(rs, 5, r), text(rs, 6, r)});
  return rows;
}

}  // namespace

void SessionRepository::insert(Transaction& tx, const Session& row) {
  Session s = row;
  tx.session()
      << "INSERT INTO sessions (tenant_id, id, agent_id, customer_id, channel, metadata, created_at) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      use(s.tenantId), use(s.id), use(s.agentId), use(s.customerId), use(s.channel), use(s.metadataJson),
      use(s.createdAt), now;
}

std::optional<Session> SessionRepository::find(Transaction& tx, const std::string& tenantId,
                                               const std::string& sessionId) {
  std::string t = tenantId, id = sessionId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kSessionColumns) + "WHERE tenant_id = $1 AND id = $2", use(t), use(id), now;
  auto rows = sessionsOf(Poco::Data::RecordSet(select));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Session> SessionRepository::list(Transaction& tx, const std::string& tenantId,
                                             const SessionFilter& filter,
                                             const std::optional<PageCursor>& after, int limit) {
  std::string t = tenantId;
  Poco::Int64 hasAgent = filter.agentId ? 1 : 0, hasCustomer = filter.customerId ? 1 : 0,
              hasCursor = after ? 1 : 0;
  std::string agent = filter.agentId.value_or(""), customer = filter.customerId.value_or("");
  std::string afterAt = after ? after->createdAt : std::string(), afterId = after ? after->id : std::string();
  Poco::Int64 lim = limit;
  Poco::Data::Statement select(tx.session());
  select << std::string(kSessionColumns) +
                "WHERE tenant_id = $1 AND ($2 = 0 OR agent_id = $3) AND ($4 = 0 OR customer_id = $5) "
                "AND ($6 = 0 OR created_at < $7 OR (created_at = $8 AND id < $9)) "
                "ORDER BY created_at DESC, id DESC LIMIT $10",
      use(t), use(hasAgent), use(agent), use(hasCustomer), use(customer), use(hasCursor), use(afterAt),
      use(afterAt), use(afterId), use(lim), now;
  return sessionsOf(Poco::Data::RecordSet(select));
}

}  // namespace vb
