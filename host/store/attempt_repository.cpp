#include "store/attempt_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {

void AttemptRepository::insert(Transaction& tx, const Attempt& a) {
  tx.execute("INSERT INTO attempts (tenant_id, id, message_id, attempt, provider, outcome, http_status, "
             "error_class, latency_ms, started_at, request_id, call_index) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
             {a.tenantId, a.id, a.messageId, a.attempt, a.provider, a.outcome, a.httpStatus, a.errorClass,
              a.latencyMs, a.startedAt, a.requestId, a.callIndex});
}

std::vector<Attempt> AttemptRepository::listByMessage(Transaction& tx, const std::string& tenantId,
                                                      const std::string& messageId) {
  std::string t = tenantId, m = messageId;
  Poco::Data::Statement select(tx.session());
  select << "SELECT tenant_id, id, message_id, attempt, provider, outcome, http_status, error_class, "
            "latency_ms, "
            "started_at, request_id, call_index FROM attempts WHERE tenant_id = $1 AND message_id = $2 ORDER BY attempt",
      use(t), use(m), now;
  Poco::Data::RecordSet rs(select);
  std::vector<Attempt> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), integer(rs, 3, r), text(rs, 4, r),
                    text(rs, 5, r), optionalInteger(rs, 6, r), optionalText(rs, 7, r), integer(rs, 8, r),
                    text(rs, 9, r), text(rs, 10, r), integer(rs, 11, r)});
  return rows;
}

std::vector<Attempt> AttemptRepository::listByMessages(Transaction& tx, const std::string& tenantId,
                                                       const std::vector<std::string>& messageIds) {
  std::vector<Attempt> rows;
  if (messageIds.empty()) return rows;
  std::string t = tenantId;
  std::vector<std::string> ids = messageIds;  // bound by reference
  std::string in;
  for (size_t i = 0; i < ids.size(); ++i) in += (i ? ", $" : "$") + std::to_string(i + 2);
  Poco::Data::Statement select(tx.session());
  select << "SELECT tenant_id, id, message_id, attempt, provider, outcome, http_status, error_class, latency_ms, "
            "started_at, request_id, call_index FROM attempts WHERE tenant_id = $1 AND message_id IN (" +
                in + ") ORDER BY message_id, attempt",
      use(t);
  for (auto& id : ids) select, use(id);
  select.execute();
  Poco::Data::RecordSet rs(select);
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), integer(rs, 3, r), text(rs, 4, r),
                    text(rs, 5, r), optionalInteger(rs, 6, r), optionalText(rs, 7, r), integer(rs, 8, r),
                    text(rs, 9, r), text(rs, 10, r), integer(rs, 11, r)});
  return rows;
}

}  // namespace vb
