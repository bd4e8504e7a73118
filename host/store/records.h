// Rows as the repositories read and write them: plain values, no JSON, no
// HTTP. Times are the stored text form (store/timestamps.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vb {

struct TenantRow {
  std::string id;
  std::string name;
  std::string createdAt;
};

struct ApiKeyRow {
  std::string tenantId;
  std::string id;
  std::string prefix;      // public, unique; looked up on every request
  std::string secretHash;  // hex SHA-256 of the secret part
  std::string role;        // "admin" | "analyst"
  std::string name;
  std::string createdAt;
  std::optional<std::string> lastUsedAt;
  std::optional<std::string> revokedAt;
};

struct AgentRow {
  std::string tenantId;
  std::string id;
  std::string name;
  std::string primaryProvider;
  std::optional<std::string> fallbackProvider;
  std::string systemPrompt;
  std::vector<std::string> enabledTools;  // names of [A-Za-z0-9_.-]; stored comma-joined
  std::string createdAt;
  std::string updatedAt;
  std::optional<std::string> archivedAt;
};

struct SessionRow {
  std::string tenantId;
  std::string id;
  std::string agentId;
  std::string customerId;
  std::string channel;       // "chat" | "voice"
  std::string metadataJson;  // opaque to the store
  std::string createdAt;
};

struct MessageRow {
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

struct AttemptRow {
  std::string tenantId;
  std::string id;
  std::string messageId;
  int64_t attempt = 1;
  std::string provider;
  std::string outcome;
  std::optional<int64_t> httpStatus;
  std::optional<std::string> errorClass;
  int64_t latencyMs = 0;
  std::string startedAt;
  std::string requestId;
};

struct UsageEventRow {
  std::string tenantId;
  std::string id;
  std::string agentId;
  std::string sessionId;
  std::string messageId;
  std::string provider;
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  int64_t costMicros = 0;
  std::string pricingVersion;
  std::string createdAt;
};

struct IdempotencyRow {
  std::string tenantId;
  std::string key;
  std::string fingerprint;
  std::string state;  // "in_flight" | "completed"
  std::optional<int64_t> responseStatus;
  std::optional<std::string> responseBody;
  std::string createdAt;
  std::string lockedUntil;
  std::string expiresAt;
};

// A keyset page position: rows strictly after (createdAt, id) in list order.
struct PageCursor {
  std::string createdAt;
  std::string id;
};

}  // namespace vb
