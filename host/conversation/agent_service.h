// AgentService: a tenant's agents — create, read, partial update, archive.
// Validation of meaning lives here (Unprocessable, field named): providers
// must be vendor plugins the catalog knows, the fallback must differ from the
// primary, tools must exist. Type errors are the caller's (BadRequest).
// Archived agents answer NotFound here but stay referenced by their sessions
// and usage. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/paging.h"
#include "common/result.h"
#include "conversation/context_source.h"
#include "conversation/provider_catalog.h"
#include "domain/agent.h"

namespace vb {

class Database;

// Fields of a create or a partial update; absent = not given.
struct AgentInput {
  std::optional<std::string> name;
  std::optional<std::string> primaryProvider;
  std::optional<std::optional<std::string>> fallbackProvider;  // given as null → no fallback
  std::optional<std::string> systemPrompt;
  std::optional<std::vector<std::string>> enabledTools;
  std::optional<std::vector<std::string>> speechHints{};
  std::optional<std::optional<std::string>> sttEngine{};  // given as null → the host's default
  std::optional<std::optional<std::string>> ttsEngine{};
  std::optional<std::optional<std::string>> voice{};
};

using AgentPage = Page<Agent>;

class AgentService {
 public:
  // `context` (optional, must outlive the service) hears of every committed
  // update and archive, so a cached copy of the agent is dropped.
  AgentService(std::shared_ptr<Database> database, const ProviderCatalog& catalog,
               std::shared_ptr<Clock> clock, ContextSource* context = nullptr);

  // name and primaryProvider required (BadRequest when absent).
  Result<Agent, DomainError> create(const std::string& tenantId, const AgentInput& input);
  Result<Agent, DomainError> get(const std::string& tenantId, const std::string& agentId);
  // The agent behind a session (archived agents included). NotFound for a
  // missing or foreign session.
  Result<Agent, DomainError> ofSession(const std::string& tenantId, const std::string& sessionId);
  // Live agents; with includeArchived archived ones too (archivedAt set), so
  // views of past turns can name the agent behind them.
  Result<AgentPage, DomainError> list(const std::string& tenantId, const std::string& cursor, int limit,
                                      bool includeArchived = false);
  Result<Agent, DomainError> update(const std::string& tenantId, const std::string& agentId,
                                    const AgentInput& input);
  Result<bool, DomainError> archive(const std::string& tenantId, const std::string& agentId);
  // Providers that live agents of any tenant route to (readiness).
  std::vector<std::string> referencedProviders();

 private:
  std::optional<DomainError> validate(const Agent& agent) const;

  std::shared_ptr<Database> database_;
  const ProviderCatalog& catalog_;
  std::shared_ptr<Clock> clock_;
  ContextSource* const context_;  // optional
};

}  // namespace vb
