#include "store/tenant_limits_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {

std::vector<TenantLimitsRow> TenantLimitsRepository::all(Transaction& tx) {
  Poco::Data::Statement select(tx.session());
  select << "SELECT tenant_id, requests_per_minute, tokens_per_minute, updated_at FROM tenant_limits", now;
  Poco::Data::RecordSet rs(select);
  std::vector<TenantLimitsRow> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), integer(rs, 1, r), integer(rs, 2, r), text(rs, 3, r)});
  return rows;
}

void TenantLimitsRepository::upsert(Transaction& tx, const TenantLimitsRow& row) {
  TenantLimitsRow r = row;
  Poco::Int64 requests = r.requestsPerMinute, tokens = r.tokensPerMinute;
  tx.session() << "INSERT INTO tenant_limits (tenant_id, requests_per_minute, tokens_per_minute, updated_at) "
                  "VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id) DO UPDATE SET "
                  "requests_per_minute = excluded.requests_per_minute, tokens_per_minute = "
                  "excluded.tokens_per_minute, updated_at = excluded.updated_at",
      use(r.tenantId), use(requests), use(tokens), use(r.updatedAt), now;
}

}  // namespace vb
