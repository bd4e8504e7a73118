// API keys: shown once, hashed, several per tenant, revocable, roles.
#include "tenancy/tenancy_service.h"

#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "store/api_key_repository.h"
#include "store/tenant_repository.h"
#include "support/temp_database.h"

namespace vb {
namespace {

class TenancyServiceTest : public ::testing::Test {
 protected:
  testing::TempDatabase db;
  TenancyService tenancy{db.shared(), systemClock()};
};

TEST_F(TenancyServiceTest, CreatedTenantsFirstKeyAuthenticatesAsAdmin) {
  auto created = tenancy.createTenant("Acme");
  ASSERT_TRUE(created);
  auto principal = tenancy.authenticate(created->adminKey.key);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->tenantId, created->tenant.id);
  EXPECT_EQ(principal->tenantName, "Acme");
  EXPECT_EQ(principal->role, Role::Admin);
}

TEST_F(TenancyServiceTest, OnlyTheHashOfTheSecretIsStored) {
  auto created = tenancy.createTenant("Acme");
  ASSERT_TRUE(created);
  const auto stored = db->read([&](Transaction& s) {
    return ApiKeyRepository::find(s, created->tenant.id, created->adminKey.row.id);
  });
  ASSERT_TRUE(stored);
  const std::string secret = created->adminKey.key.substr(created->adminKey.key.rfind('_') + 1);
  EXPECT_EQ(stored->secretHash, TenancyService::hashSecret(secret));
  EXPECT_EQ(created->adminKey.key.find(stored->secretHash), std::string::npos);
}

TEST_F(TenancyServiceTest, AnalystKeyAuthenticatesAsAnalyst) {
  auto created = tenancy.createTenant("Acme");
  auto analyst = tenancy.createKey(created->tenant.id, Role::Analyst, "reports");
  ASSERT_TRUE(analyst);
  EXPECT_EQ(tenancy.authenticate(analyst->key)->role, Role::Analyst);
  EXPECT_EQ(tenancy.listKeys(created->tenant.id).size(), 2u);
}

TEST_F(TenancyServiceTest, RevokedKeyIsRefusedAtOnceOthersKeepWorking) {
  auto created = tenancy.createTenant("Acme");
  auto second = tenancy.createKey(created->tenant.id, Role::Admin, "ci");
  ASSERT_TRUE(tenancy.authenticate(second->key));  // now cached
  ASSERT_TRUE(tenancy.revokeKey(created->tenant.id, second->row.id));
  auto refused = tenancy.authenticate(second->key);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, DomainError::Kind::Unauthenticated);
  EXPECT_TRUE(tenancy.authenticate(created->adminKey.key));
}

TEST_F(TenancyServiceTest, AnotherTenantsKeyCannotBeRevoked) {
  auto a = tenancy.createTenant("A");
  auto b = tenancy.createTenant("B");
  auto result = tenancy.revokeKey(b->tenant.id, a->adminKey.row.id);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, DomainError::Kind::NotFound);
  EXPECT_TRUE(tenancy.authenticate(a->adminKey.key));
}

TEST_F(TenancyServiceTest, TheLastActiveAdminKeyCannotBeRevoked) {
  auto created = tenancy.createTenant("Acme");
  auto analyst = tenancy.createKey(created->tenant.id, Role::Analyst, "reports");
  auto result = tenancy.revokeKey(created->tenant.id, created->adminKey.row.id);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, DomainError::Kind::Conflict);
  EXPECT_NE(result.error().detail.find("only active admin key"), std::string::npos);
  EXPECT_TRUE(tenancy.authenticate(created->adminKey.key));
  // Analyst keys do not count as admins, and may still be revoked.
  EXPECT_TRUE(tenancy.revokeKey(created->tenant.id, analyst->row.id));
}

TEST_F(TenancyServiceTest, AnAdminKeyCanBeRevokedOnceAnotherAdminKeyExists) {
  auto created = tenancy.createTenant("Acme");
  auto second = tenancy.createKey(created->tenant.id, Role::Admin, "ci");
  ASSERT_TRUE(tenancy.revokeKey(created->tenant.id, created->adminKey.row.id));
  // Now `second` is the last one; revoking the already revoked key again is still fine.
  EXPECT_TRUE(tenancy.revokeKey(created->tenant.id, created->adminKey.row.id));
  auto refused = tenancy.revokeKey(created->tenant.id, second->row.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, DomainError::Kind::Conflict);
}

TEST_F(TenancyServiceTest, ConcurrentRevokesOfTheLastTwoAdminKeysLeaveOneStanding) {
  for (int round = 0; round < 25; ++round) {
    auto created = tenancy.createTenant("Acme");
    auto second = tenancy.createKey(created->tenant.id, Role::Admin, "ci");
    std::latch start(2);
    Result<bool, DomainError> first = unexpected(DomainError{});
    Result<bool, DomainError> other = unexpected(DomainError{});
    std::thread a([&] {
      start.arrive_and_wait();
      first = tenancy.revokeKey(created->tenant.id, created->adminKey.row.id);
    });
    std::thread b([&] {
      start.arrive_and_wait();
      other = tenancy.revokeKey(created->tenant.id, second->row.id);
    });
    a.join();
    b.join();
    ASSERT_NE(bool(first), bool(other)) << "round " << round << ": exactly one revoke may succeed";
    EXPECT_EQ((first ? other : first).error().kind, DomainError::Kind::Conflict);
    int active = 0;
    for (const auto& key : tenancy.listKeys(created->tenant.id))
      if (key.role == "admin" && !key.revokedAt) ++active;
    EXPECT_EQ(active, 1) << "round " << round;
  }
}

TEST_F(TenancyServiceTest, MalformedOrWrongSecretKeysAreUnauthenticated) {
  auto created = tenancy.createTenant("Acme");
  std::string tampered = created->adminKey.key;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  for (const std::string& key : {std::string(), std::string("nope"), tampered, created->adminKey.key + "0",
                                 std::string("vbk_zzzzzzzzzzzz_") + std::string(64, 'a')}) {
    auto result = tenancy.authenticate(key);
    ASSERT_FALSE(result) << key;
    EXPECT_EQ(result.error().kind, DomainError::Kind::Unauthenticated);
  }
}

TEST_F(TenancyServiceTest, EmptyTenantNameIsUnprocessable) {
  auto result = tenancy.createTenant("  ");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, DomainError::Kind::Unprocessable);
  EXPECT_EQ(result.error().field, "name");
}

}  // namespace
}  // namespace vb
