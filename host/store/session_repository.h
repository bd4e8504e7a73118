// Conversation sessions of a tenant. Same transaction contract as tenant_repository.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/session.h"
#include "store/records.h"
#include "store/transaction.h"

namespace vb {

struct SessionRepository {
  static void insert(Transaction& tx, const Session& row);
  static std::optional<Session> find(Transaction& tx, const std::string& tenantId,
                                     const std::string& sessionId);
  // Newest first: (created_at, id) descending, strictly before `after`.
  static std::vector<Session> list(Transaction& tx, const std::string& tenantId, const SessionFilter& filter,
                                   const std::optional<PageCursor>& after, int limit);
};

}  // namespace vb
