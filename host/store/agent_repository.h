// Agents of a tenant. Same session contract as tenant_repository.h.
#pragma once

#include "store/transaction.h"

#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace vb {

struct AgentRepository {
  static void insert(Transaction& tx, const AgentRow& agent);
  // Every column but tenant_id, id and created_at from `agent`.
  static void update(Transaction& tx, const AgentRow& agent);
  // Archived agents included (their sessions and usage stay readable).
  static std::optional<AgentRow> find(Transaction& tx, const std::string& tenantId,
                                      const std::string& agentId);
  // Live (not archived) agents in (created_at, id) order, after `after`, at most `limit`.
  static std::vector<AgentRow> list(Transaction& tx, const std::string& tenantId,
                                    const std::optional<PageCursor>& after, int limit);
};

}  // namespace vb
