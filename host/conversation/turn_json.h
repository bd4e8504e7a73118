// API.md JSON shapes of a turn and its attempts. The Turn is serialised once,
// at commit, and the same text is stored in the idempotency record and
// replayed byte for byte.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "reliability/reliability_pipeline.h"
#include "store/records.h"

namespace vb {

// Attempt = {provider, attempt, outcome, httpStatus?, errorClass?, latencyMs, startedAt, requestId}
Poco::JSON::Object::Ptr attemptToJson(const AttemptRow& attempt);
Poco::JSON::Array::Ptr attemptsToJson(const std::vector<AttemptRow>& attempts);
// Rows for a turn's attempts (ids fresh, bound to `messageId`).
std::vector<AttemptRow> attemptRowsOf(const std::vector<AttemptRecord>& attempts, const std::string& tenantId,
                                      const std::string& messageId, const std::string& requestId);

struct TurnView {
  MessageRow userMessage;
  MessageRow assistantMessage;
  UsageEventRow usage;
  std::vector<AttemptRow> attempts;
  bool fallbackUsed = false;
  std::vector<ToolCall> toolCalls;
  int64_t latencyMs = 0;
  std::string requestId;
};

std::string turnToJson(const TurnView& turn);

}  // namespace vb
