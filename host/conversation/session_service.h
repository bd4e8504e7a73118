// SessionService: conversation sessions of a tenant and their transcripts.
// Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/paging.h"
#include "common/result.h"
#include "domain/session.h"
#include "domain/usage_event.h"
#include "domain/voice_turn.h"

namespace vb {

class Database;

using SessionPage = Page<Session>;

// A session with its transcript; usage events keyed by message id.
struct SessionTranscript {
  Session session;
  std::vector<Message> messages;
  std::vector<UsageEvent> usage;
  std::vector<VoiceTurn> voiceTurns;  // metadata of the session's voice turns (no audio)
  UsageTotals totals;  // over the session's billed messages
  int64_t messageCount = 0;
};

class SessionService {
 public:
  SessionService(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock);

  // NotFound (field agentId) when the agent is missing, archived or another
  // tenant's; Unprocessable for a channel other than chat/voice or an empty
  // or over-long customerId. metadataJson must be a serialised JSON object.
  Result<Session, DomainError> create(const std::string& tenantId, const std::string& agentId,
                                      const std::string& customerId, const std::string& channel,
                                      const std::string& metadataJson);
  Result<SessionTranscript, DomainError> get(const std::string& tenantId, const std::string& sessionId);
  Result<SessionPage, DomainError> list(const std::string& tenantId, const SessionFilter& filter,
                                        const std::string& cursor, int limit);

 private:
  std::shared_ptr<Database> database_;
  std::shared_ptr<Clock> clock_;
};

}  // namespace vb
