// Rate limits on the real host: a flooded tenant gets 429 problem+json with
// RateLimit-* headers and a Retry-After that matches its limit, while another
// tenant's turns all succeed; a 429 stores nothing; the token limit refuses a
// turn before any vendor call once billed tokens drained the bucket; operator
// overrides are validated and persisted.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "governance_harness.h"
#include "testdoubles/mockvendors/mock_vendor_server.h"

namespace vb {
namespace {

using test::Headers;
using test::TestHost;

const Headers kOperator{{"X-Operator-Token", "dev-operator-token"}};

TEST(RateLimits, AFloodedTenantGets429sWithCorrectHeadersWhileAnotherTenantsTurnsAllSucceed) {
  TestHost host;
  auto a = test::createTenant(host, "Flooder");
  auto b = test::createTenant(host, "Bystander");
  const auto aMessages = test::messagesPath(host, a.admin, test::createAgent(host, a.admin, "vendorA"));
  const auto bMessages = test::messagesPath(host, b.admin, test::createAgent(host, b.admin, "vendorA"));
  const auto set = host.call("PUT", "/v1/tenants/" + a.id + "/limits", kOperator,
                             R"({"requestsPerMinute":20,"tokensPerMinute":100000000})");
  ASSERT_EQ(set.status, 200) << set.body;
  Database& db = *host.gateway().services().database;
  const int64_t rowsBefore = test::turnRows(db);

  std::atomic<int> aOk{0}, aLimited{0}, bOk{0}, bOther{0};
  std::mutex failuresMutex;
  std::vector<std::string> failures;
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(failuresMutex);
    failures.push_back(what);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto headers = a.admin;
        headers["Idempotency-Key"] = "flood-" + std::to_string(t) + "-" + std::to_string(i);
        const auto r = host.call("POST", aMessages, headers, R"({"content":"hello"})");
        if (r.header("RateLimit-Limit") != "20") fail("A's RateLimit-Limit: " + r.header("RateLimit-Limit"));
        if (r.header("RateLimit-Remaining").empty() || r.header("RateLimit-Reset").empty())
          fail("A's RateLimit-Remaining/Reset missing");
        if (r.status == 201) {
          ++aOk;
        } else if (r.status == 429) {
          ++aLimited;
          if (r.contentType != "application/problem+json") fail("429 content type " + r.contentType);
          if (r.body.find("/rate-limited\"") == std::string::npos) fail("429 type: " + r.body);
          const int retryAfter = std::stoi(r.header("Retry-After").empty() ? "0" : r.header("Retry-After"));
          if (retryAfter < 1 || retryAfter > 3)
            fail("Retry-After " + std::to_string(retryAfter) + " (limit 20/min)");
          if (r.header("RateLimit-Remaining") != "0")
            fail("429 with Remaining " + r.header("RateLimit-Remaining"));
        } else {
          fail("A got " + std::to_string(r.status) + ": " + r.body);
        }
      }
    });
  threads.emplace_back([&] {
    for (int i = 0; i < 20; ++i) {
      const auto r = host.call("POST", bMessages, b.admin, R"({"content":"hello from B"})");
      if (r.status == 201)
        ++bOk;
      else
        ++bOther;
    }
  });
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) ADD_FAILURE() << failure;

  EXPECT_EQ(bOk.load(), 20) << "the other tenant is never throttled";
  EXPECT_EQ(bOther.load(), 0);
  EXPECT_GE(aOk.load(), 1);
  EXPECT_LE(aOk.load(), 22) << "20 per minute (+ what drips back while the test runs)";
  EXPECT_EQ(aOk.load() + aLimited.load(), 80);
  // Each admitted turn stored 2 messages + >= 1 attempt + 1 usage event + 1
  // key; B's turns 2 + 1 + 1; a 429 stored nothing at all.
  const int64_t aRows = test::scalar(db, "SELECT COUNT(*) FROM messages WHERE tenant_id = '" + a.id + "'");
  EXPECT_EQ(aRows, 2 * aOk.load());
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM idempotency_keys WHERE tenant_id = '" + a.id + "'"),
            aOk.load());
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM usage_events WHERE tenant_id = '" + a.id + "'"),
            aOk.load());
  const int64_t attempts = test::scalar(db, "SELECT COUNT(*) FROM attempts");
  EXPECT_EQ(test::turnRows(db) - rowsBefore, (2 + 1 + 1) * aOk.load() + (2 + 1) * bOk.load() + attempts);
}

TEST(RateLimits, EveryAuthenticatedAnswerCarriesTheHeadersAndAnUnauthenticatedOneDoesNot) {
  TestHost host;
  auto a = test::createTenant(host, "Headers");
  const auto me = host.call("GET", "/v1/me", a.admin);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.header("RateLimit-Limit"), "6000000");
  EXPECT_FALSE(me.header("RateLimit-Remaining").empty());
  const auto notFound = host.call("GET", "/v1/agents/agt_missing", a.admin);
  EXPECT_EQ(notFound.status, 404);
  EXPECT_FALSE(notFound.header("RateLimit-Limit").empty());
  const auto forbidden = host.call("POST", "/v1/agents", a.analyst, R"({"name":"x"})");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_FALSE(forbidden.header("RateLimit-Limit").empty());
  const auto anonymous = host.call("GET", "/v1/me");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_TRUE(anonymous.header("RateLimit-Limit").empty());
}

TEST(RateLimits, ATurnIsRefusedBeforeAnyVendorCallOnceBilledTokensDrainedTheBucket) {
  TestHost host;
  auto a = test::createTenant(host, "Tokens");
  const auto messages = test::messagesPath(host, a.admin, test::createAgent(host, a.admin, "vendorA"));
  ASSERT_EQ(host.call("PUT", "/v1/tenants/" + a.id + "/limits", kOperator,
                      R"({"requestsPerMinute":1000,"tokensPerMinute":10})")
                .status,
            200);
  const auto first =
      host.call("POST", messages, a.admin, R"({"content":"a question of some length, please"})");
  ASSERT_EQ(first.status, 201) << first.body;
  const auto billed = first.json()->getObject("usage");
  ASSERT_GT(billed->getValue<int64_t>("tokensIn") + billed->getValue<int64_t>("tokensOut"), 1);

  Database& db = *host.gateway().services().database;
  const int64_t rows = test::turnRows(db);
  const auto vendorCalls = host.gateway().mockVendor("vendorA")->requestCount();
  const auto refused = host.call("POST", messages, a.admin, R"({"content":"and another"})");
  ASSERT_EQ(refused.status, 429) << refused.body;
  EXPECT_NE(refused.body.find("token"), std::string::npos);
  EXPECT_GE(std::stoi(refused.header("Retry-After")), 1);
  EXPECT_EQ(host.gateway().mockVendor("vendorA")->requestCount(), vendorCalls) << "no vendor call";
  EXPECT_EQ(test::turnRows(db), rows) << "a 429 stores nothing";
}

TEST(RateLimits, OperatorOverridesAreValidatedPersistedAndLoadedAtStart) {
  TestHost host;
  auto a = test::createTenant(host, "Overrides");
  const std::string path = "/v1/tenants/" + a.id + "/limits";
  EXPECT_EQ(host.call("PUT", path, {}, R"({"requestsPerMinute":5,"tokensPerMinute":5})").status, 401);
  EXPECT_EQ(host.call("PUT", path, a.admin, R"({"requestsPerMinute":5,"tokensPerMinute":5})").status, 401);
  EXPECT_EQ(host.call("PUT", path, kOperator, R"({"requestsPerMinute":"5","tokensPerMinute":5})").status,
            400);
  EXPECT_EQ(host.call("PUT", path, kOperator, R"({"requestsPerMinute":0,"tokensPerMinute":5})").status, 422);
  EXPECT_EQ(host.call("PUT", "/v1/tenants/ten_missing/limits", kOperator,
                      R"({"requestsPerMinute":5,"tokensPerMinute":5})")
                .status,
            404);
  const auto set = host.call("PUT", path, kOperator, R"({"requestsPerMinute":500,"tokensPerMinute":7000})");
  ASSERT_EQ(set.status, 200) << set.body;
  const auto limits = host.call("GET", "/v1/limits", a.analyst);
  ASSERT_EQ(limits.status, 200);
  EXPECT_EQ(limits.json()->getValue<int64_t>("requestsPerMinute"), 500);
  EXPECT_EQ(limits.json()->getValue<int64_t>("tokensPerMinute"), 7000);
  EXPECT_EQ(limits.header("RateLimit-Limit"), "500");

  // A new process life on the same database loads the override.
  auto& services = host.gateway().services();
  GovernanceService restarted(services.database, systemClock(), services.pricing, GovernanceSettings{}, 3,
                              "other");
  EXPECT_EQ(restarted.limiter().limitsOf(a.id).requestsPerMinute, 500);
  EXPECT_EQ(restarted.limiter().limitsOf(a.id).tokensPerMinute, 7000);
}

}  // namespace
}  // namespace vb
