// Two gateways sharing one PostgreSQL database (the *.pg registration; on
// SQLite these tests skip: one file has one host). Each TestHost is the real
// gateway on its own port; the second is pointed at the first's database.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "app/services.h"
#include "conversation/vendor_request.h"
#include "store/change_feed.h"
#include "support/test_host.h"

namespace vb {
namespace {

using test::HttpResult;
using test::TestHost;

std::map<std::string, std::string> bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

struct Pair {
  TestHost a;
  TestHost b;
  Pair() : a(), b([this](Poco::JSON::Object& c) { c.getObject("database")->set("url", a.databaseUrl()); }) {}
};

struct Tenant {
  std::string id;
  std::string adminKey;
};

Tenant createTenant(const TestHost& host) {
  const auto r = host.call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}}, R"({"name":"Acme"})");
  EXPECT_EQ(r.status, 201) << r.body;
  const auto json = r.json();
  return {json->getObject("tenant")->getValue<std::string>("id"),
          json->getObject("apiKey")->getValue<std::string>("key")};
}

std::string createSession(const TestHost& host, const std::string& key) {
  auto r = host.call("POST", "/v1/agents", bearer(key),
                     R"({"name":"Billing bot","primaryProvider":"vendorA","fallbackProvider":"vendorB",)"
                     R"("systemPrompt":"You are a billing assistant.","enabledTools":[]})");
  EXPECT_EQ(r.status, 201) << r.body;
  const std::string agentId = r.json()->getValue<std::string>("id");
  r = host.call("POST", "/v1/sessions", bearer(key), R"({"agentId":")" + agentId + R"(","customerId":"c1"})");
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()->getValue<std::string>("id");
}

int64_t count(TestHost& host, const std::string& sql) {
  return host.gateway().services().database->read([&](Transaction& tx) {
    Poco::Int64 n = 0;
    tx.session() << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return static_cast<int64_t>(n);
  });
}

#define SKIP_UNLESS_POSTGRES()                                                    \
  if (!test::ScratchDatabase::postgresSelected())                                 \
  GTEST_SKIP() << "two hosts share a database only on PostgreSQL (the .pg run)"

TEST(CrossHost, ARevokedKeyIsRefusedOnTheOtherHostWithinOneSecond) {
  SKIP_UNLESS_POSTGRES();
  Pair hosts;
  const Tenant tenant = createTenant(hosts.a);
  auto r = hosts.a.call("POST", "/v1/api-keys", bearer(tenant.adminKey), R"({"role":"analyst","name":"ci"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string keyId = r.json()->getValue<std::string>("id");
  const std::string analystKey = r.json()->getValue<std::string>("key");
  // Host B verifies (and caches, for 30 s) the key before it is revoked.
  ASSERT_EQ(hosts.b.call("GET", "/v1/me", bearer(analystKey)).status, 200);
  const auto listenDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!hosts.b.gateway().services().changes->listening()) {
    ASSERT_LT(std::chrono::steady_clock::now(), listenDeadline) << "host B never started listening";
    std::this_thread::yield();
  }

  ASSERT_EQ(hosts.a.call("DELETE", "/v1/api-keys/" + keyId, bearer(tenant.adminKey)).status, 204);
  const auto revokedAt = std::chrono::steady_clock::now();
  int status = 0;
  while ((status = hosts.b.call("GET", "/v1/me", bearer(analystKey)).status) == 200) {
    ASSERT_LT(std::chrono::steady_clock::now() - revokedAt, std::chrono::seconds(1))
        << "host B still accepts the revoked key after 1 s";
  }
  EXPECT_EQ(status, 401);
}

TEST(CrossHost, TwentyConcurrentDuplicateSendsSplitAcrossTwoHostsBillOneTurn) {
  SKIP_UNLESS_POSTGRES();
  Pair hosts;
  const Tenant tenant = createTenant(hosts.a);
  const std::string sessionId = createSession(hosts.a, tenant.adminKey);
  auto headers = bearer(tenant.adminKey);
  headers["Idempotency-Key"] = "dup-across-hosts";

  std::vector<HttpResult> results(20);
  std::vector<std::thread> senders;
  std::atomic<int> ready{0};
  for (int i = 0; i < 20; ++i) {
    senders.emplace_back([&, i] {
      const TestHost& host = i % 2 == 0 ? hosts.a : hosts.b;
      ++ready;
      while (ready.load() < 20) std::this_thread::yield();
      results[i] = host.call("POST", "/v1/sessions/" + sessionId + "/messages", headers,
                             R"({"content":"Where is my invoice?"})");
    });
  }
  for (auto& t : senders) t.join();

  int created = 0, inFlight = 0;
  std::string body;
  for (const auto& r : results) {
    if (r.status == 201) {
      ++created;
      if (body.empty()) body = r.body;
      EXPECT_EQ(r.body, body) << "a replay differs from the original";
    } else {
      EXPECT_EQ(r.status, 409) << r.body;
      ++inFlight;
    }
  }
  EXPECT_GE(created, 1);
  EXPECT_EQ(created + inFlight, 20);
  EXPECT_EQ(count(hosts.a, "SELECT COUNT(*) FROM usage_events"), 1) << "billed more than once";
  EXPECT_EQ(count(hosts.a, "SELECT COUNT(*) FROM messages WHERE role = 'user'"), 1);
}

TEST(CrossHost, ConcurrentTurnsOfOneSessionOnTwoHostsKeepDenseSequenceNumbers) {
  SKIP_UNLESS_POSTGRES();
  Pair hosts;
  const Tenant tenant = createTenant(hosts.a);
  const std::string sessionId = createSession(hosts.a, tenant.adminKey);
  std::vector<std::thread> senders;
  std::atomic<int> failures{0};
  for (int i = 0; i < 10; ++i) {
    senders.emplace_back([&, i] {
      const TestHost& host = i % 2 == 0 ? hosts.a : hosts.b;
      const auto r = host.call("POST", "/v1/sessions/" + sessionId + "/messages", bearer(tenant.adminKey),
                               R"({"content":"Hello"})");
      if (r.status != 201) ++failures;
    });
  }
  for (auto& t : senders) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count(hosts.a, "SELECT COUNT(*) FROM messages"), 20);
  EXPECT_EQ(count(hosts.a, "SELECT MAX(seq) FROM messages"), 20) << "seqs collided or left gaps";
}

// A budget is exact across hosts: the counters live in the shared database
// and are reserved with one conditional UPDATE, and a limit set on one host
// reaches the other's cache through the change feed before its next turn.
TEST(CrossHost, ABudgetSetOnOneHostHoldsForConcurrentTurnsSplitAcrossBoth) {
  SKIP_UNLESS_POSTGRES();
  Pair hosts;
  const Tenant tenant = createTenant(hosts.a);
  std::vector<std::string> sessions;
  for (int i = 0; i < 32; ++i) sessions.push_back(createSession(hosts.a, tenant.adminKey));
  const auto listenDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!hosts.b.gateway().services().changes->listening()) {
    ASSERT_LT(std::chrono::steady_clock::now(), listenDeadline) << "host B never started listening";
    std::this_thread::yield();
  }
  // Room for three and a half turns' worst cases: most of the 32 must be refused.
  Agent agent;
  agent.primaryProvider = "vendorA";
  agent.fallbackProvider = "vendorB";
  const int64_t worstCase = hosts.a.gateway().services().governance.turns().worstCaseMicros(
      agent, VendorRequest("You are a billing assistant.", {}, {}, "What do I owe?").json().size());
  const int64_t limit = 3 * worstCase + worstCase / 2;
  auto& budgets = hosts.b.gateway().services().governance.budgets();
  auto r = hosts.a.call("PUT", "/v1/budget", bearer(tenant.adminKey),
                        R"({"monthlyLimitMicros":)" + std::to_string(limit) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto noticeDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (!budgets.limited(tenant.id, "")) {
    ASSERT_LT(std::chrono::steady_clock::now(), noticeDeadline) << "host B did not learn of the budget within 1 s";
    std::this_thread::yield();
  }

  std::atomic<int> accepted{0}, refused{0}, other{0};
  std::vector<std::thread> senders;
  for (int i = 0; i < 32; ++i)
    senders.emplace_back([&, i] {
      const TestHost& host = i % 2 == 0 ? hosts.a : hosts.b;
      const auto answer = host.call("POST", "/v1/sessions/" + sessions[i] + "/messages", bearer(tenant.adminKey),
                                    R"({"content":"What do I owe?"})");
      if (answer.status == 201)
        ++accepted;
      else if (answer.status == 402)
        ++refused;
      else
        ++other;
    });
  for (auto& t : senders) t.join();
  EXPECT_GE(accepted.load(), 1);
  EXPECT_GE(refused.load(), 1) << "the budget never bound";
  EXPECT_EQ(other.load(), 0);
  EXPECT_LE(count(hosts.a, "SELECT COALESCE(SUM(cost_micros), 0) FROM usage_events"), limit);
  EXPECT_EQ(count(hosts.a, "SELECT COUNT(*) FROM usage_events"), accepted.load());
  EXPECT_EQ(count(hosts.a, "SELECT COUNT(*) FROM budget_reservations"), 0);
  EXPECT_EQ(count(hosts.a, "SELECT spent_micros FROM budget_counters"),
            count(hosts.a, "SELECT COALESCE(SUM(cost_micros), 0) FROM usage_events"))
      << "every billed turn was counted, on either host";
}

}  // namespace
}  // namespace vb
