#include "store/callback_delivery_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {

void CallbackDeliveryRepository::insert(Transaction& tx, const CallbackDelivery& row) {
  CallbackDelivery r = row;
  Poco::Int64 attempt = r.attempt, latency = r.latencyMs;
  auto httpStatus = nullable(r.httpStatus);
  auto error = nullable(r.error);
  tx.session() << "INSERT INTO callback_deliveries (tenant_id, id, job_id, attempt, status, http_status, error, "
                  "latency_ms, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      use(r.tenantId), use(r.id), use(r.jobId), use(attempt), use(r.status), use(httpStatus), use(error),
      use(latency), use(r.at), now;
}

std::vector<CallbackDelivery> CallbackDeliveryRepository::listByJob(Transaction& tx, const std::string& tenantId,
                                                                    const std::string& jobId) {
  std::string t = tenantId, id = jobId;
  Poco::Data::Statement select(tx.session());
  select << "SELECT tenant_id, id, job_id, attempt, status, http_status, error, latency_ms, at "
            "FROM callback_deliveries WHERE tenant_id = $1 AND job_id = $2 ORDER BY attempt",
      use(t), use(id), now;
  Poco::Data::RecordSet rs(select);
  std::vector<CallbackDelivery> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), integer(rs, 3, r), text(rs, 4, r),
                    optionalInteger(rs, 5, r), optionalText(rs, 6, r), integer(rs, 7, r), text(rs, 8, r)});
  return rows;
}

}  // namespace vb
