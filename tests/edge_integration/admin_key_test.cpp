// Issue 10, item 7 over HTTP: a tenant cannot revoke its last admin key.
#include <gtest/gtest.h>

#include "host_helpers.h"

namespace vb {
namespace {

TEST(AdminKeys, RevokingTheLastAdminKeyIs409AndTheKeyKeepsWorking) {
  test::TestHost host;
  const auto tenant = test::setUpTenant(host);
  const auto auth = test::bearer(tenant.adminKey);
  const std::string ownKeyId = host.call("GET", "/v1/me", auth).json()->getObject("key")->getValue<std::string>("id");

  const auto refused = host.call("DELETE", "/v1/api-keys/" + ownKeyId, auth);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.contentType, "application/problem+json");
  EXPECT_NE(refused.json()->getValue<std::string>("detail").find("only active admin key"), std::string::npos);
  EXPECT_EQ(host.call("GET", "/v1/api-keys", auth).status, 200);

  // With a second admin key, the first can go; then the second is the last.
  const auto second = host.call("POST", "/v1/api-keys", auth, R"({"role":"admin","name":"backup"})");
  ASSERT_EQ(second.status, 201) << second.body;
  const std::string secondKey = second.json()->getValue<std::string>("key");
  const std::string secondId = second.json()->getValue<std::string>("id");
  EXPECT_EQ(host.call("DELETE", "/v1/api-keys/" + ownKeyId, auth).status, 204);
  EXPECT_EQ(host.call("DELETE", "/v1/api-keys/" + secondId, test::bearer(secondKey)).status, 409);
}

}  // namespace
}  // namespace vb
