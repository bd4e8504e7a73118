// Tenants and their API keys. Every function runs on the session it is
// given (a Database::read or Database::write session) and never opens its
// own transaction, so callers compose several calls into one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/tenant.h"
#include "store/transaction.h"

namespace vb {

struct TenantRepository {
  static void insert(Transaction& tx, const Tenant& tenant);
  static std::optional<Tenant> find(Transaction& tx, const std::string& tenantId);
  static int64_t count(Transaction& tx);
};

}  // namespace vb
