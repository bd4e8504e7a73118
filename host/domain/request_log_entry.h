// One turn in the request log (GET /v1/requests): every turn that ran,
// answered or failed. Times are ISO-8601 UTC text (store/timestamps.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/attempt.h"

namespace vb {

struct RequestLogEntry {
  std::string tenantId;
  std::string id;  // "req_…"
  std::string requestId;
  std::string sessionId;
  std::optional<std::string> messageId;  // the assistant message; ok turns only
  std::string agentId;
  std::string channel;                  // "chat" | "voice"
  int64_t status = 0;                   // the HTTP status the caller got
  std::string outcome;                  // "ok" | "failed"
  std::optional<std::string> provider;  // who answered; for a failed turn, the last provider tried
  bool fallbackUsed = false;  // ok: the fallback answered; failed: the fallback was tried
  int64_t latencyMs = 0;
  std::optional<int64_t> costMicros;  // billed; ok turns only
  // Every vendor attempt of the turn (a failed turn's are kept on its log
  // row: no message holds them).
  std::vector<Attempt> attempts;
  // Failed turns only: the problem they answered with.
  std::optional<std::string> errorType;
  std::optional<std::string> errorTitle;
  std::optional<std::string> errorDetail;
  std::string createdAt;
};

// Which turns a listing returns ("" = any).
struct RequestLogFilter {
  std::string requestId;
  std::string outcome;
  std::string provider;
  std::string agentId;
};

}  // namespace vb
