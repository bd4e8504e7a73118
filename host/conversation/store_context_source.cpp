#include "conversation/store_context_source.h"

#include "store/agent_repository.h"
#include "store/database.h"
#include "store/message_repository.h"
#include "store/session_repository.h"

namespace vb {

StoreContextSource::StoreContextSource(std::shared_ptr<Database> database) : database_(std::move(database)) {}

std::optional<TurnContext> StoreContextSource::load(const std::string& tenantId, const std::string& sessionId,
                                                    int contextMessages) {
  return database_->read([&](Transaction& tx) -> std::optional<TurnContext> {
    auto session = SessionRepository::find(tx, tenantId, sessionId);
    if (!session) return std::nullopt;
    auto agent = AgentRepository::find(tx, tenantId, session->agentId);
    if (!agent) return std::nullopt;
    return TurnContext{std::move(*session), std::move(*agent),
                       contextMessages > 0 ? MessageRepository::lastMessages(tx, tenantId, sessionId, contextMessages)
                                           : std::vector<Message>{}};
  });
}

}  // namespace vb
