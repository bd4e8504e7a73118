// The operator's per-tenant rate-limit overrides (migration 006). Same
// transaction contract as tenant_repository.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/transaction.h"

namespace vb {

struct TenantLimitsRow {
  std::string tenantId;
  int64_t requestsPerMinute = 0;
  int64_t tokensPerMinute = 0;
  std::string updatedAt;
};

struct TenantLimitsRepository {
  // Every override (loaded at start: a deliberate cross-tenant read).
  static std::vector<TenantLimitsRow> all(Transaction& tx);
  static void upsert(Transaction& tx, const TenantLimitsRow& row);
};

}  // namespace vb
