#include "store/api_key_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

constexpr const char* kKeyColumns =
    "SELECT tenant_id, id, prefix, secret_hash, role, name, created_at, last_used_at, revoked_at FROM "
    "api_keys ";

std::vector<ApiKey> keysOf(const Poco::Data::RecordSet& rs) {
  std::vector<ApiKey> keys;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    keys.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), text(rs, 3, r), text(rs, 4, r),
                    text(rs, 5, r), text(rs, 6, r), optionalText(rs, 7, r), optionalText(rs, 8, r)});
  return keys;
}

}  // namespace

void ApiKeyRepository::insert(Transaction& tx, const ApiKey& key) {
  ApiKey k = key;
  auto lastUsed = nullable(k.lastUsedAt);
  auto revoked = nullable(k.revokedAt);
  tx.session()
      << "INSERT INTO api_keys (tenant_id, id, prefix, secret_hash, role, name, created_at, last_used_at, "
         "revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      use(k.tenantId), use(k.id), use(k.prefix), use(k.secretHash), use(k.role), use(k.name),
      use(k.createdAt), use(lastUsed), use(revoked), now;
}

std::optional<ApiKey> ApiKeyRepository::findByPrefix(Transaction& tx, const std::string& prefix) {
  std::string p = prefix;
  Poco::Data::Statement select(tx.session());
  select << std::string(kKeyColumns) + "WHERE prefix = $1", use(p), now;
  auto keys = keysOf(Poco::Data::RecordSet(select));
  if (keys.empty()) return std::nullopt;
  return keys.front();
}

std::optional<ApiKey> ApiKeyRepository::find(Transaction& tx, const std::string& tenantId,
                                             const std::string& keyId) {
  std::string t = tenantId, id = keyId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kKeyColumns) + "WHERE tenant_id = $1 AND id = $2", use(t), use(id), now;
  auto keys = keysOf(Poco::Data::RecordSet(select));
  if (keys.empty()) return std::nullopt;
  return keys.front();
}

std::vector<ApiKey> ApiKeyRepository::list(Transaction& tx, const std::string& tenantId) {
  std::string t = tenantId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kKeyColumns) + "WHERE tenant_id = $1 ORDER BY created_at, id", use(t), now;
  return keysOf(Poco::Data::RecordSet(select));
}

void ApiKeyRepository::lockTenantKeys(Transaction& tx, const std::string& tenantId) {
  if (!tx.writable() || !tx.dialect().isPostgreSQL()) return;
  std::string t = tenantId;
  tx.session() << "SELECT id FROM tenants WHERE id = $1 FOR UPDATE", use(t), now;
}

bool ApiKeyRepository::revoke(Transaction& tx, const std::string& tenantId, const std::string& keyId,
                              const std::string& at) {
  std::string t = tenantId, id = keyId, when = at;
  Poco::Int64 exists = 0;
  tx.session() << "SELECT COUNT(*) FROM api_keys WHERE tenant_id = $1 AND id = $2", use(t), use(id),
      into(exists), now;
  if (exists == 0) return false;
  tx.session() << "UPDATE api_keys SET revoked_at = $1 WHERE tenant_id = $2 AND id = $3 AND revoked_at IS NULL",
      use(when), use(t), use(id), now;
  return true;
}

void ApiKeyRepository::touchLastUsed(Transaction& tx, const std::string& tenantId, const std::string& keyId,
                                     const std::string& at) {
  std::string t = tenantId, id = keyId, when = at;
  tx.session() << "UPDATE api_keys SET last_used_at = $1 WHERE tenant_id = $2 AND id = $3", use(when), use(t),
      use(id), now;
}

}  // namespace vb
