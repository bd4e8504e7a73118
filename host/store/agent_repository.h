// Agents of a tenant. Same session contract as tenant_repository.h.
#pragma once

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace vb {

struct AgentRepository {
  static void insert(Poco::Data::Session& session, const AgentRow& agent);
  // Every column but tenant_id, id and created_at from `agent`.
  static void update(Poco::Data::Session& session, const AgentRow& agent);
  // Archived agents included (their sessions and usage stay readable).
  static std::optional<AgentRow> find(Poco::Data::Session& session, const std::string& tenantId,
                                      const std::string& agentId);
  // Live (not archived) agents in (created_at, id) order, after `after`, at most `limit`.
  static std::vector<AgentRow> list(Poco::Data::Session& session, const std::string& tenantId,
                                    const std::optional<PageCursor>& after, int limit);
};

}  // namespace vb
