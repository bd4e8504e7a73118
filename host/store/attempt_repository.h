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
  // The attempts of several messages in one query, by message then attempt
  // (a page of the request log). Empty `messageIds` → none.
  static std::vector<Attempt> listByMessages(Transaction& tx, const std::string& tenantId,
                                             const std::vector<std::string>& messageIds);
};

}  // namespace vb
