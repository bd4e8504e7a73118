#include "tenancy/tenancy_service.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "common/constant_time.h"
#include "common/request_id.h"
#include "store/api_key_repository.h"
#include "store/change_feed.h"
#include "store/database.h"
#include "store/tenant_repository.h"
#include "store/timestamps.h"

namespace vb {
namespace {

constexpr size_t kPrefixHexChars = 12;
constexpr size_t kSecretHexChars = 64;

bool isLowerHex(std::string_view text) {
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

DomainError unauthenticated() {
  return DomainError::of(DomainError::Kind::Unauthenticated, "missing, unknown or revoked API key");
}

}  // namespace

TenancyService::TenancyService(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock,
                               std::chrono::seconds cacheTtl, std::chrono::seconds lastUsedInterval)
    : database_(std::move(database)),
      clock_(std::move(clock)),
      cacheTtl_(cacheTtl),
      lastUsedInterval_(lastUsedInterval) {}

void TenancyService::forgetChanged(const std::string& topic, const std::string& subject) {
  std::lock_guard<std::mutex> lock(cacheMutex_);
  if (topic == "*")
    byPrefix_.clear();
  else if (topic == "api_key")
    byPrefix_.erase(subject);
}

std::string TenancyService::hashSecret(std::string_view secret) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(secret.data(), static_cast<unsigned>(secret.size()));
  return Poco::DigestEngine::digestToHex(engine.digest());
}

Result<CreatedTenant, DomainError> TenancyService::createTenant(const std::string& name) {
  if (name.find_first_not_of(" \t\r\n") == std::string::npos)
    return unexpected(
        DomainError::of(DomainError::Kind::Unprocessable, "field 'name' must not be empty", "name"));
  if (name.size() > 200)
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                      "field 'name' is longer than 200 characters", "name"));
  const std::string at = formatTimestamp(clock_->wallNow());
  CreatedTenant created;
  created.tenant = {newId("ten"), name, at};
  const std::string prefix = randomHex(kPrefixHexChars / 2);
  const std::string secret = randomHex(kSecretHexChars / 2);
  created.adminKey.row = {created.tenant.id,   newId("key"), prefix,       hashSecret(secret), "admin",
                          "initial admin key", at,           std::nullopt, std::nullopt};
  created.adminKey.key = "vbk_" + prefix + "_" + secret;
  database_->write([&](Transaction& tx) {
    TenantRepository::insert(tx, created.tenant);
    ApiKeyRepository::insert(tx, created.adminKey.row);
  });
  return created;
}

Result<CreatedKey, DomainError> TenancyService::createKey(const std::string& tenantId, Role role,
                                                          const std::string& name) {
  if (name.size() > 200)
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                      "field 'name' is longer than 200 characters", "name"));
  const std::string prefix = randomHex(kPrefixHexChars / 2);
  const std::string secret = randomHex(kSecretHexChars / 2);
  CreatedKey created;
  created.row = {tenantId,
                 newId("key"),
                 prefix,
                 hashSecret(secret),
                 toString(role),
                 name,
                 formatTimestamp(clock_->wallNow()),
                 std::nullopt,
                 std::nullopt};
  created.key = "vbk_" + prefix + "_" + secret;
  database_->write([&](Transaction& tx) { ApiKeyRepository::insert(tx, created.row); });
  return created;
}

std::vector<ApiKey> TenancyService::listKeys(const std::string& tenantId) {
  return database_->read([&](Transaction& tx) { return ApiKeyRepository::list(tx, tenantId); });
}

std::optional<Tenant> TenancyService::findTenant(const std::string& tenantId) {
  return database_->read([&](Transaction& tx) { return TenantRepository::find(tx, tenantId); });
}

Result<bool, DomainError> TenancyService::revokeKey(const std::string& tenantId, const std::string& keyId) {
  enum class Outcome { Revoked, NoSuchKey, LastAdminKey };
  std::optional<std::string> prefix;
  // The last-admin check and the revoke run in ONE write closure: closures
  // run one after another on the single writer (see Database::write), so of
  // two concurrent revokes of a tenant's last two admin keys the second sees
  // the first one's revoke and is refused. On PostgreSQL (concurrent writers,
  // several hosts) lockTenantKeys gives the same guarantee with a row lock.
  const Outcome outcome = database_->write([&](Transaction& tx) {
    ApiKeyRepository::lockTenantKeys(tx, tenantId);
    const auto key = ApiKeyRepository::find(tx, tenantId, keyId);
    if (!key) return Outcome::NoSuchKey;
    prefix = key->prefix;
    if (key->role == "admin" && !key->revokedAt) {
      int activeAdmins = 0;
      for (const auto& other : ApiKeyRepository::list(tx, tenantId))
        if (other.role == "admin" && !other.revokedAt) ++activeAdmins;
      if (activeAdmins <= 1) return Outcome::LastAdminKey;
    }
    if (!ApiKeyRepository::revoke(tx, tenantId, keyId, formatTimestamp(clock_->wallNow())))
      return Outcome::NoSuchKey;
    ChangeFeed::publish(tx, "api_key", key->prefix);  // other hosts drop it at our commit
    return Outcome::Revoked;
  });
  if (outcome == Outcome::NoSuchKey) return unexpected(DomainError::of(DomainError::Kind::NotFound, "no such API key"));
  if (outcome == Outcome::LastAdminKey)
    return unexpected(DomainError::of(DomainError::Kind::Conflict,
                                      "this is the tenant's only active admin key: revoking it would lock the tenant "
                                      "out of key management for good; create another admin key first"));
  std::lock_guard<std::mutex> lock(cacheMutex_);
  byPrefix_.erase(*prefix);
  return true;
}

std::optional<TenancyService::CachedKey> TenancyService::lookup(const std::string& prefix) {
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    const auto it = byPrefix_.find(prefix);
    if (it != byPrefix_.end() && clock_->now() - it->second.cachedAt < cacheTtl_) return it->second;
  }
  const auto found = database_->read([&](Transaction& tx) -> std::optional<CachedKey> {
    const auto key = ApiKeyRepository::findByPrefix(tx, prefix);
    if (!key) return std::nullopt;
    const auto tenant = TenantRepository::find(tx, key->tenantId);
    if (!tenant) return std::nullopt;
    CachedKey cached;
    cached.principal = {key->tenantId, tenant->name, key->id,
                        key->role == "admin" ? Role::Admin : Role::Analyst};
    cached.secretHash = key->secretHash;
    cached.revoked = key->revokedAt.has_value();
    cached.cachedAt = clock_->now();
    return cached;
  });
  if (!found) return std::nullopt;
  std::lock_guard<std::mutex> lock(cacheMutex_);
  byPrefix_[prefix] = *found;
  return found;
}

Result<Principal, DomainError> TenancyService::authenticate(std::string_view apiKey) {
  // vbk_<12 hex>_<64 hex>
  if (apiKey.size() != 4 + kPrefixHexChars + 1 + kSecretHexChars || apiKey.substr(0, 4) != "vbk_" ||
      apiKey[4 + kPrefixHexChars] != '_')
    return unexpected(unauthenticated());
  const std::string_view prefix = apiKey.substr(4, kPrefixHexChars);
  const std::string_view secret = apiKey.substr(4 + kPrefixHexChars + 1);
  if (!isLowerHex(prefix) || !isLowerHex(secret)) return unexpected(unauthenticated());
  const auto key = lookup(std::string(prefix));
  // Hash even when the prefix is unknown, so timing does not reveal which prefixes exist.
  const std::string presented = hashSecret(secret);
  if (!key || !constantTimeEquals(presented, key->secretHash) || key->revoked)
    return unexpected(unauthenticated());
  noteUsed(key->principal);
  return key->principal;
}

void TenancyService::noteUsed(const Principal& principal) {
  const auto nowSteady = clock_->now();
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    auto [it, inserted] = lastUsedWritten_.try_emplace(principal.keyId, nowSteady);
    if (!inserted) {
      if (nowSteady - it->second < lastUsedInterval_) return;
      it->second = nowSteady;
    }
  }
  try {
    database_->write([&](Transaction& tx) {
      ApiKeyRepository::touchLastUsed(tx, principal.tenantId, principal.keyId,
                                      formatTimestamp(clock_->wallNow()));
    });
  } catch (const std::exception&) {
    // lastUsedAt is informational; a failed update must not fail the request.
  }
}

}  // namespace vb
