// Tenants and their API keys. Every function runs on the session it is
// given (a Database::read or Database::write session) and never opens its
// own transaction, so callers compose several calls into one.
#pragma once

#include "store/transaction.h"

#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace vb {

struct TenantRepository {
  static void insert(Transaction& tx, const TenantRow& tenant);
  static std::optional<TenantRow> find(Transaction& tx, const std::string& tenantId);
  static int64_t count(Transaction& tx);
};

struct ApiKeyRepository {
  static void insert(Transaction& tx, const ApiKeyRow& key);
  // By public prefix, across tenants (authentication); revoked keys included.
  static std::optional<ApiKeyRow> findByPrefix(Transaction& tx, const std::string& prefix);
  static std::optional<ApiKeyRow> find(Transaction& tx, const std::string& tenantId,
                                       const std::string& keyId);
  static std::vector<ApiKeyRow> list(Transaction& tx, const std::string& tenantId);
  // Sets revoked_at when not yet revoked; false when no such key in the tenant.
  static bool revoke(Transaction& tx, const std::string& tenantId, const std::string& keyId,
                     const std::string& at);
  static void touchLastUsed(Transaction& tx, const std::string& tenantId, const std::string& keyId,
                            const std::string& at);
};

}  // namespace vb
