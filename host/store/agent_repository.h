// Agents of a tenant. Same transaction contract as tenant_repository.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/agent.h"
#include "store/records.h"
#include "store/transaction.h"

namespace vb {

struct AgentRepository {
  static void insert(Transaction& tx, const Agent& agent);
  // Every column but tenant_id, id and created_at from `agent`.
  static void update(Transaction& tx, const Agent& agent);
  // Archived agents included (their sessions and usage stay readable).
  static std::optional<Agent> find(Transaction& tx, const std::string& tenantId, const std::string& agentId);
  // Live (not archived; with includeArchived, every) agents in (created_at,
  // id) order, after `after`, at most `limit`.
  static std::vector<Agent> list(Transaction& tx, const std::string& tenantId,
                                 const std::optional<PageCursor>& after, int limit, bool includeArchived = false);
  // Distinct providers (primary and fallback) of live agents, across tenants
  // (readiness: which vendors must be serving).
  static std::vector<std::string> referencedProviders(Transaction& tx);
};

}  // namespace vb
