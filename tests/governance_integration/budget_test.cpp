// Hard budgets on the real host: concurrency cannot overspend, a 402 stores
// nothing and bills nothing, failed turns give their reservation back, agent
// limits hold on their own, and the budget API follows API.md.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "governance_harness.h"
#include "testdoubles/mockvendors/mock_vendor_server.h"

namespace vb {
namespace {

using test::Headers;
using test::TestHost;

const std::string kQuestion = R"({"content":"What do I owe this month?"})";

int64_t micros(const Poco::JSON::Object::Ptr& money) { return money->getValue<int64_t>("micros"); }

TEST(Budgets, SixtyFourConcurrentTurnsAgainstABudgetForAboutTenNeverBillMoreThanTheLimit) {
  TestHost host;
  auto t = test::createTenant(host, "Budgeted");
  const auto agent = test::createAgent(host, t.admin, "vendorA", "vendorB");
  std::vector<std::string> sessions;
  for (int i = 0; i < 64; ++i) sessions.push_back(test::messagesPath(host, t.admin, agent));
  auto& services = host.gateway().services();
  const int64_t worstCase =
      test::worstCaseOfFirstTurn(services, "vendorA", "vendorB", "What do I owe this month?");
  const int64_t limit = 10 * worstCase + worstCase / 2;
  const auto set =
      host.call("PUT", "/v1/budget", t.admin, R"({"monthlyLimitMicros":)" + std::to_string(limit) + "}");
  ASSERT_EQ(set.status, 200) << set.body;

  std::atomic<int> accepted{0}, exceeded{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i)
    threads.emplace_back([&, i] {
      const auto r = host.call("POST", sessions[i], t.admin, kQuestion);
      if (r.status == 201)
        ++accepted;
      else if (r.status == 402 && r.contentType == "application/problem+json" &&
               r.body.find("/budget-exceeded\"") != std::string::npos)
        ++exceeded;
      else
        ++other;
    });
  for (auto& thread : threads) thread.join();

  Database& db = *services.database;
  const int64_t billed = test::scalar(db, "SELECT COALESCE(SUM(cost_micros), 0) FROM usage_events");
  EXPECT_GE(accepted.load(), 1);
  EXPECT_EQ(accepted.load() + exceeded.load(), 64);
  EXPECT_EQ(other.load(), 0);
  EXPECT_LE(billed, limit);
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM messages"), 2 * accepted.load()) << "a 402 stores nothing";
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM usage_events"), accepted.load());
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM budget_reservations"), 0);

  const auto limits = host.call("GET", "/v1/limits", t.analyst);
  ASSERT_EQ(limits.status, 200) << limits.body;
  const auto budget = limits.json()->getObject("budget");
  EXPECT_EQ(micros(budget->getObject("monthlyLimit")), limit);
  EXPECT_EQ(micros(budget->getObject("spent")), billed);
  EXPECT_EQ(micros(budget->getObject("reserved")), 0);
  std::cout << "[ budget ] worst case " << worstCase << " micros, limit " << limit << ", accepted "
            << accepted.load() << ", 402 " << exceeded.load() << ", billed " << billed << " micros\n";
}

TEST(Budgets, A402StoresNothingBillsNothingAndFreesTheIdempotencyKey) {
  TestHost host;
  auto t = test::createTenant(host, "Tight");
  const auto messages = test::messagesPath(host, t.admin, test::createAgent(host, t.admin, "vendorA"));
  ASSERT_EQ(host.call("PUT", "/v1/budget", t.admin, R"({"monthlyLimitMicros":1})").status, 200);
  Database& db = *host.gateway().services().database;
  const int64_t rows = test::turnRows(db);
  const auto vendorCalls = host.gateway().mockVendor("vendorA")->requestCount();
  auto headers = t.admin;
  headers["Idempotency-Key"] = "budget-key-1";
  const auto refused = host.call("POST", messages, headers, kQuestion);
  ASSERT_EQ(refused.status, 402) << refused.body;
  EXPECT_EQ(refused.json()->getValue<std::string>("type"),
            "https://vocalbridge.dev/problems/budget-exceeded");
  EXPECT_EQ(test::turnRows(db), rows);
  EXPECT_EQ(host.gateway().mockVendor("vendorA")->requestCount(), vendorCalls) << "no vendor call";

  ASSERT_EQ(host.call("PUT", "/v1/budget", t.admin, R"({"monthlyLimitMicros":null})").status, 200);
  const auto retried = host.call("POST", messages, headers, kQuestion);
  EXPECT_EQ(retried.status, 201) << "the key was released with the 402: " << retried.body;
}

TEST(Budgets, FailedTurnsReleaseTheirReservation) {
  TestHost host([](Poco::JSON::Object& config) {
    auto vendorA = config.getObject("mockVendors")->getObject("vendorA");
    vendorA->set("zero", false);
    vendorA->set("failureRate", 1.0);
    vendorA->set("slowRate", 0.0);
    vendorA->set("latencyMs", 0);
  });
  auto t = test::createTenant(host, "Failing");
  const auto messages = test::messagesPath(host, t.admin, test::createAgent(host, t.admin, "vendorA"));
  auto& services = host.gateway().services();
  const int64_t worstCase = test::worstCaseOfFirstTurn(services, "vendorA", "", "What do I owe this month?");
  // Room for two held turns: were a failed turn's hold kept, the third would get 402.
  ASSERT_EQ(host.call("PUT", "/v1/budget", t.admin,
                      R"({"monthlyLimitMicros":)" + std::to_string(2 * worstCase + 1) + "}")
                .status,
            200);
  for (int i = 0; i < 5; ++i) {
    const auto r = host.call("POST", messages, t.admin, kQuestion);
    EXPECT_EQ(r.status, 502) << i << ": " << r.body;
  }
  Database& db = *services.database;
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM budget_reservations"), 0);
  EXPECT_EQ(test::scalar(db, "SELECT reserved_micros FROM budget_counters"), 0);
  EXPECT_EQ(test::scalar(db, "SELECT spent_micros FROM budget_counters"), 0);
}

// The vendor protocol has no output cap: a reply longer than the reserved
// maxOutputTokens costs more than its hold. When the budget has no room for
// the difference the turn rolls back — 402, nothing billed — so billed spend
// never passes the limit.
TEST(Budgets, AReplyCostlierThanItsReservationThatDoesNotFitIs402AndBillsNothing) {
  TestHost host([](Poco::JSON::Object& config) {
    auto budgets = config.getObject("budgets");
    budgets->set("maxOutputTokens", 1);  // reserve for one output token: every real reply is longer
    budgets->set("toolResultTokens", 0);
    budgets->set("bytesPerToken", 1000000);  // and the request as one token
    config.getObject("tools")->set("maxRounds", 0);
  });
  auto& services = host.gateway().services();
  Database& db = *services.database;
  const int64_t worstCase = test::worstCaseOfFirstTurn(services, "vendorA", "", "What do I owe this month?");

  // What the same turn really costs, on a tenant without a budget.
  auto measure = test::createTenant(host, "Measure");
  ASSERT_EQ(host.call("POST", test::messagesPath(host, measure.admin, test::createAgent(host, measure.admin, "vendorA")),
                      measure.admin, kQuestion)
                .status,
            201);
  const int64_t realCost = test::scalar(db, "SELECT SUM(cost_micros) FROM usage_events");
  ASSERT_GT(realCost, worstCase) << "the test needs a reply costlier than its reservation";

  auto t = test::createTenant(host, "Tight");
  const auto messages = test::messagesPath(host, t.admin, test::createAgent(host, t.admin, "vendorA"));
  ASSERT_EQ(host.call("PUT", "/v1/budget", t.admin, R"({"monthlyLimitMicros":)" + std::to_string(worstCase) + "}")
                .status,
            200);
  const auto refused = host.call("POST", messages, t.admin, kQuestion);
  EXPECT_EQ(refused.status, 402) << refused.body;
  EXPECT_NE(refused.body.find("/budget-exceeded\""), std::string::npos) << refused.body;
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM usage_events"), 1) << "only the measuring turn is billed";
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM budget_reservations"), 0);
  const auto limits = host.call("GET", "/v1/limits", t.admin).json()->getObject("budget");
  EXPECT_EQ(micros(limits->getObject("spent")), 0);
  EXPECT_EQ(micros(limits->getObject("reserved")), 0);
}

TEST(Budgets, AnAgentLimitHoldsOnItsOwnAndOtherAgentsStillRun) {
  TestHost host;
  auto t = test::createTenant(host, "Agents");
  const auto capped = test::createAgent(host, t.admin, "vendorA");
  const auto free = test::createAgent(host, t.admin, "vendorB");
  const auto set = host.call("PUT", "/v1/budget", t.admin, R"({"agents":{")" + capped + R"(":5}})");
  ASSERT_EQ(set.status, 200) << set.body;
  const auto agents = set.json()->getArray("agents");
  ASSERT_EQ(agents->size(), 1u);
  EXPECT_EQ(agents->getObject(0)->getValue<std::string>("agentId"), capped);
  EXPECT_TRUE(set.json()->getObject("budget")->isNull("monthlyLimit"));
  EXPECT_EQ(host.call("POST", test::messagesPath(host, t.admin, capped), t.admin, kQuestion).status, 402);
  EXPECT_EQ(host.call("POST", test::messagesPath(host, t.admin, free), t.admin, kQuestion).status, 201);
}

TEST(Budgets, TheBudgetApiFollowsTheContract) {
  TestHost host;
  auto t = test::createTenant(host, "Api");
  auto other = test::createTenant(host, "Other");
  const auto foreignAgent = test::createAgent(host, other.admin, "vendorA");
  const auto messages = test::messagesPath(host, t.admin, test::createAgent(host, t.admin, "vendorA"));
  const auto turn = host.call("POST", messages, t.admin, kQuestion);
  ASSERT_EQ(turn.status, 201);
  const int64_t cost = micros(turn.json()->getObject("usage")->getObject("cost"));

  const auto none = host.call("GET", "/v1/limits", t.admin);
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none.json()->getObject("budget")->isNull("monthlyLimit"));
  EXPECT_EQ(micros(none.json()->getObject("budget")->getObject("spent")), cost)
      << "the month's spend, even unlimited";

  EXPECT_EQ(host.call("PUT", "/v1/budget", t.analyst, R"({"monthlyLimitMicros":100})").status, 403);
  EXPECT_EQ(host.call("PUT", "/v1/budget", t.admin, R"({"monthlyLimitMicros":"100"})").status, 400);
  EXPECT_EQ(host.call("PUT", "/v1/budget", t.admin, R"({"monthlyLimitMicros":1.5})").status, 400);
  EXPECT_EQ(host.call("PUT", "/v1/budget", t.admin, R"({"monthlyLimitMicros":-1})").status, 422);
  EXPECT_EQ(host.call("PUT", "/v1/budget", t.admin, R"({"agents":[]})").status, 400);
  EXPECT_EQ(host.call("PUT", "/v1/budget", t.admin, R"({"agents":{")" + foreignAgent + R"(":5}})").status,
            404)
      << "another tenant's agent is not found";

  // Set mid-month: what the month already billed counts.
  const auto set = host.call("PUT", "/v1/budget", t.admin, R"({"monthlyLimitMicros":1000000})");
  ASSERT_EQ(set.status, 200) << set.body;
  const auto budget = set.json()->getObject("budget");
  EXPECT_EQ(micros(budget->getObject("monthlyLimit")), 1000000);
  EXPECT_EQ(micros(budget->getObject("spent")), cost);
  EXPECT_EQ(micros(budget->getObject("remaining")), 1000000 - cost);
  EXPECT_EQ(budget->getObject("monthlyLimit")->getValue<std::string>("usd"), "1.000000");
  const auto after = host.call("POST", messages, t.admin, kQuestion);
  ASSERT_EQ(after.status, 201);
  const auto read = host.call("GET", "/v1/limits", t.analyst);
  EXPECT_EQ(micros(read.json()->getObject("budget")->getObject("spent")),
            cost + micros(after.json()->getObject("usage")->getObject("cost")));
  const auto otherView = host.call("GET", "/v1/limits", other.admin);
  EXPECT_TRUE(otherView.json()->getObject("budget")->isNull("monthlyLimit")) << "budgets are per tenant";
}

}  // namespace
}  // namespace vb
