// A conversation session and its messages: plain domain values.
// Times are ISO-8601 UTC text (store/timestamps.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vb {

struct Session {
  std::string tenantId;
  std::string id;
  std::string agentId;
  std::string customerId;
  std::string channel;       // "chat" | "voice"
  std::string metadataJson;  // opaque to the store
  std::string createdAt;
};

struct Message {
  std::string tenantId;
  std::string id;
  std::string sessionId;
  int64_t seq = 0;
  std::string role;  // "user" | "assistant" | "tool"
  std::string content;
  std::optional<std::string> provider;
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  std::string requestId;
  std::string createdAt;
};

// Which sessions a listing returns (unset = any).
struct SessionFilter {
  std::optional<std::string> agentId;
  std::optional<std::string> customerId;
};

}  // namespace vb
