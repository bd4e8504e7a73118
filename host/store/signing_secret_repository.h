// Tenants' webhook signing secrets. Same transaction contract as
// tenant_repository.h. The secret is stored as is: the host must sign with
// it (a hash would not do). Never logged, never listed.
#pragma once

#include <optional>
#include <string>

#include "store/transaction.h"

namespace vb {

struct SigningSecretRepository {
  // Revokes the tenant's other secrets (at `now`) and inserts this one.
  static void replace(Transaction& tx, const std::string& tenantId, const std::string& id,
                      const std::string& secret, const std::string& now);
  // The tenant's signing secret (the newest unrevoked one), if any.
  static std::optional<std::string> current(Transaction& tx, const std::string& tenantId);
};

}  // namespace vb
