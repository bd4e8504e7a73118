#include "store/tenant_repository.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
void TenantRepository::insert(Transaction& tx, const Tenant& tenant) {
  Tenant t = tenant;
  tx.session() << "INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)", use(t.id), use(t.name),
      use(t.createdAt), now;
}

std::optional<Tenant> TenantRepository::find(Transaction& tx, const std::string& tenantId) {
  std::string id = tenantId;
  Poco::Data::Statement select(tx.session());
  select << "SELECT id, name, created_at FROM tenants WHERE id = $1", use(id), now;
  Poco::Data::RecordSet rs(select);
  if (rs.rowCount() == 0) return std::nullopt;
  return Tenant{text(rs, 0, 0), text(rs, 1, 0), text(rs, 2, 0)};
}

int64_t TenantRepository::count(Transaction& tx) {
  Poco::Int64 n = 0;
  tx.session() << "SELECT COUNT(*) FROM tenants", into(n), now;
  return n;
}

}  // namespace vb
