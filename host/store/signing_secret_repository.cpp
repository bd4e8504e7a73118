#include "store/signing_secret_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {

void SigningSecretRepository::replace(Transaction& tx, const std::string& tenantId, const std::string& id,
                                      const std::string& secret, const std::string& nowText) {
  std::string revokedAt = nowText, t = tenantId, i = id, s = secret, createdAt = nowText, t2 = tenantId;
  tx.session() << "UPDATE signing_secrets SET revoked_at = $1 WHERE tenant_id = $2 AND revoked_at IS NULL",
      use(revokedAt), use(t), now;
  tx.session() << "INSERT INTO signing_secrets (tenant_id, id, secret, created_at) VALUES ($1, $2, $3, $4)",
      use(t2), use(i), use(s), use(createdAt), now;
}

std::optional<std::string> SigningSecretRepository::current(Transaction& tx, const std::string& tenantId) {
  std::string t = tenantId;
  Poco::Data::Statement select(tx.session());
  select << "SELECT secret FROM signing_secrets WHERE tenant_id = $1 AND revoked_at IS NULL "
            "ORDER BY created_at DESC, id DESC LIMIT 1",
      use(t), now;
  Poco::Data::RecordSet rs(select);
  if (rs.rowCount() == 0) return std::nullopt;
  return text(rs, 0, 0);
}

}  // namespace vb
