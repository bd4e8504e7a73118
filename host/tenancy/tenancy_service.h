// TenancyService: tenants, their API keys and key authentication.
//
// Key format: "vbk_<prefix>_<secret>" — prefix 12 hex chars (public, unique,
// the lookup key), secret 64 hex chars (256 random bits from the CSPRNG).
// Only hex SHA-256(secret) is stored; the full key exists once, in the
// creation answer. authenticate() looks the prefix up, then compares hashes
// in constant time. Keys are never logged.
//
// Cache: verified keys are cached by prefix for cacheTtl (default 30 s) so a
// request costs no query; revokeKey() on this instance drops the entry at
// once, and announces the revocation on the database's change feed
// (store/change_feed.h: PostgreSQL NOTIFY at commit), whose subscriber on
// every other host calls forgetChanged() — a revoked key is refused
// everywhere within milliseconds, not the TTL. last_used_at is written at most once per key per lastUsedInterval,
// not on every request.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/result.h"
#include "domain/tenant.h"
#include "tenancy/authenticator.h"

namespace vb {

class Database;

struct CreatedKey {
  ApiKey row;
  std::string key;  // the full key: shown once, never stored
};

struct CreatedTenant {
  Tenant tenant;
  CreatedKey adminKey;
};

class TenancyService final : public Authenticator {
 public:
  TenancyService(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock,
                 std::chrono::seconds cacheTtl = std::chrono::seconds(30),
                 std::chrono::seconds lastUsedInterval = std::chrono::seconds(60));

  // A tenant and its first admin key. Unprocessable when the name is empty
  // or longer than 200 characters.
  Result<CreatedTenant, DomainError> createTenant(const std::string& name);
  // Unprocessable for a name over 200 characters.
  Result<CreatedKey, DomainError> createKey(const std::string& tenantId, Role role, const std::string& name);
  std::vector<ApiKey> listKeys(const std::string& tenantId);
  // NotFound when the tenant has no such key. Revoking twice is fine.
  // Conflict when it is the tenant's last non-revoked admin key (checked in
  // the same write transaction as the revoke, so concurrent revokes cannot
  // together remove every admin key).
  Result<bool, DomainError> revokeKey(const std::string& tenantId, const std::string& keyId);
  std::optional<Tenant> findTenant(const std::string& tenantId);

  Result<Principal, DomainError> authenticate(std::string_view apiKey) override;

  // Drops what a change-feed notice names: topic "api_key" with the key's
  // prefix, or "*" (everything). Other topics are ignored. Thread-safe.
  void forgetChanged(const std::string& topic, const std::string& subject);

  // The SHA-256 of `secret`, lower-case hex.
  static std::string hashSecret(std::string_view secret);

 private:
  struct CachedKey {
    Principal principal;
    std::string secretHash;
    bool revoked = false;
    Clock::Steady::time_point cachedAt;
  };

  std::optional<CachedKey> lookup(const std::string& prefix);
  void noteUsed(const Principal& principal);

  std::shared_ptr<Database> database_;
  std::shared_ptr<Clock> clock_;
  const std::chrono::seconds cacheTtl_;
  const std::chrono::seconds lastUsedInterval_;

  std::mutex cacheMutex_;                                // guards the two maps below
  std::unordered_map<std::string, CachedKey> byPrefix_;  // GUARDED_BY(cacheMutex_)
  std::unordered_map<std::string, Clock::Steady::time_point>
      lastUsedWritten_;  // key id → last write; GUARDED_BY(cacheMutex_)
};

}  // namespace vb
