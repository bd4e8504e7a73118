// The vendor attempts behind an assistant message. Same transaction
// contract as tenant_repository.h.
#pragma once

#include <string>
#include <vector>

#include "domain/attempt.h"
#include "store/transaction.h"

namespace vb {

struct AttemptRepository {
  static void insert(Transaction& tx, const Attempt& attempt);
  static std::vector<Attempt> listByMessage(Transaction& tx, const std::string& tenantId,
                                            const std::string& messageId);
};

}  // namespace vb
