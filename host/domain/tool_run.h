// One tool run of a turn, as audited (GET /v1/tools/audit) and reported in
// the Turn's toolCalls.
#pragma once

#include <cstdint>
#include <string>

namespace vb {

struct ToolRun {
  std::string tenantId;
  std::string id;  // "tlr_…"
  std::string agentId;
  std::string sessionId;
  std::string messageId;  // the turn's assistant message
  int64_t callIndex = 0;  // the vendor call that asked for it
  std::string tool;
  std::string argumentsJson;  // as the vendor sent them
  std::string resultSummary{};
  std::string status{};  // "ok" | "not_found" | "error" | "timeout" | "not_enabled"
  int64_t latencyMs = 0;
  std::string requestId{};
  std::string createdAt{};
};

// Which runs an audit listing returns (unset = any).
struct ToolRunFilter {
  std::string sessionId;
  std::string agentId;
  std::string tool;
  std::string status;
};

}  // namespace vb
