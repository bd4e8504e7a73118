// Tenants and their API keys: plain domain values (no JSON, no HTTP, no SQL).
// Times are ISO-8601 UTC text (store/timestamps.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vb {

struct Tenant {
  std::string id;
  std::string name;
  std::string createdAt;
};

struct ApiKey {
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

}  // namespace vb
