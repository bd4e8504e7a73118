// API keys of a tenant (only the hash of the secret is stored). Same
// transaction contract as tenant_repository.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/tenant.h"
#include "store/transaction.h"

namespace vb {

struct ApiKeyRepository {
  static void insert(Transaction& tx, const ApiKey& key);
  // By public prefix, across tenants (authentication); revoked keys included.
  static std::optional<ApiKey> findByPrefix(Transaction& tx, const std::string& prefix);
  static std::optional<ApiKey> find(Transaction& tx, const std::string& tenantId, const std::string& keyId);
  static std::vector<ApiKey> list(Transaction& tx, const std::string& tenantId);
  // Inside a write transaction, before a check-then-change of the tenant's
  // keys (the last-admin rule): on PostgreSQL locks the tenant's row until the
  // transaction ends, so concurrent changes from any host run one after
  // another. SQLite's single writer already serialises them: nothing to do.
  static void lockTenantKeys(Transaction& tx, const std::string& tenantId);
  // Sets revoked_at when not yet revoked; false when no such key in the tenant.
  static bool revoke(Transaction& tx, const std::string& tenantId, const std::string& keyId,
                     const std::string& at);
  static void touchLastUsed(Transaction& tx, const std::string& tenantId, const std::string& keyId,
                            const std::string& at);
};

}  // namespace vb
