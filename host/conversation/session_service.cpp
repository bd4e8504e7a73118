#include "conversation/session_service.h"

#include <set>

#include "metering/usage_service.h"
#include "store/agent_repository.h"
#include "store/database.h"
#include "store/message_repository.h"
#include "store/session_repository.h"
#include "store/timestamps.h"
#include "store/usage_repository.h"
#include "store/voice_turn_repository.h"

namespace vb {

SessionService::SessionService(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock)
    : database_(std::move(database)), clock_(std::move(clock)) {}

Result<Session, DomainError> SessionService::create(const std::string& tenantId, const std::string& agentId,
                                                    const std::string& customerId, const std::string& channel,
                                                    const std::string& metadataJson) {
  if (customerId.empty() || customerId.size() > 200)
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                      "field 'customerId' must be 1 to 200 characters", "customerId"));
  if (channel != "chat" && channel != "voice")
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                      "field 'channel' must be \"chat\" or \"voice\"", "channel"));
  Session row{
      tenantId, newId("ses"), agentId, customerId, channel, metadataJson, formatTimestamp(clock_->wallNow())};
  return database_->write([&](Transaction& tx) -> Result<Session, DomainError> {
    const auto agent = AgentRepository::find(tx, tenantId, agentId);
    if (!agent || agent->archivedAt)
      return unexpected(DomainError::of(DomainError::Kind::NotFound, "agent not found", "agentId"));
    SessionRepository::insert(tx, row);
    return row;
  });
}

Result<SessionTranscript, DomainError> SessionService::get(const std::string& tenantId,
                                                           const std::string& sessionId) {
  // One snapshot for the session, its messages and usage.
  return database_->snapshot([&](Transaction& tx) -> Result<SessionTranscript, DomainError> {
    auto row = SessionRepository::find(tx, tenantId, sessionId);
    if (!row) return unexpected(DomainError::of(DomainError::Kind::NotFound, "session not found"));
    SessionTranscript transcript;
    transcript.session = *row;
    transcript.messages = MessageRepository::listBySession(tx, tenantId, sessionId);
    transcript.usage = UsageRepository::listBySession(tx, tenantId, sessionId);
    transcript.voiceTurns = VoiceTurnRepository::listBySession(tx, tenantId, sessionId);
    transcript.messageCount = static_cast<int64_t>(transcript.messages.size());
    std::set<std::string> billedMessages;
    for (const auto& e : transcript.usage) {
      transcript.totals.tokensIn += e.tokensIn;
      transcript.totals.tokensOut += e.tokensOut;
      transcript.totals.costMicros += e.costMicros;
      billedMessages.insert(e.messageId);
    }
    transcript.totals.messages = static_cast<int64_t>(billedMessages.size());
    return transcript;
  });
}

Result<SessionPage, DomainError> SessionService::list(const std::string& tenantId,
                                                      const SessionFilter& filter, const std::string& cursor,
                                                      int limit) {
  auto after = cursorFrom(cursor);
  if (!after) return unexpected(after.error());
  return pageOf(database_->read([&](Transaction& tx) {
    return SessionRepository::list(tx, tenantId, filter, *after, limit + 1);
  }),
                limit);
}

}  // namespace vb
