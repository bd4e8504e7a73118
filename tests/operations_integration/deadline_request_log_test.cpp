// A turn ended by its deadline (504) is logged as failed with its attempts,
// the fallback it tried, and the problem the caller got.
#include <gtest/gtest.h>

#include "operations_support.h"
#include "reliability/reliability_pipeline.h"

namespace vb {
namespace {

using namespace ops_test;

// Routing that always runs out of time after one timed-out attempt at each
// provider of the plan.
class DeadlineRouter final : public TurnRouter {
 public:
  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) override {
    RoutingFailure failure;
    failure.kind = RoutingFailure::Kind::DeadlineExceeded;
    failure.message = "scripted deadline";
    int number = 0;
    for (const auto& provider : {std::optional<std::string>(plan.primary), plan.fallback}) {
      if (!provider) continue;
      AttemptRecord attempt;
      attempt.provider = *provider;
      attempt.attempt = ++number;
      attempt.outcome = "timeout";
      attempt.errorClass = "timeout";
      attempt.latencyMs = 500;
      attempt.startedAt = std::chrono::system_clock::now();
      attempt.requestId = request.requestId;
      failure.attempts.push_back(attempt);
    }
    return unexpected(failure);
  }
};

TEST(RequestLog, ATurnPastItsDeadlineIsLoggedAs504WithTheFallbackItTried) {
  DeadlineRouter router;
  TestHost host({}, GatewayOptions{&router});
  const TestTenant acme = createTenant(host, "Acme");
  const auto session =
      createSession(host, acme.adminKey, createAgent(host, acme.adminKey, "vendorA", "vendorB"));
  ASSERT_EQ(send(host, acme.adminKey, session, "late-turn").status, 504);

  const auto r = host.call("GET", "/v1/requests?outcome=failed", bearer(acme.adminKey));
  const auto list = items(r);
  ASSERT_EQ(list->size(), 1u) << r.body;
  const auto entry = list->getObject(0);
  EXPECT_EQ(entry->getValue<std::string>("requestId"), "late-turn");
  EXPECT_EQ(entry->getValue<int>("status"), 504);
  EXPECT_EQ(entry->getValue<std::string>("provider"), "vendorB") << "the last provider tried";
  EXPECT_TRUE(entry->getValue<bool>("fallbackUsed"));
  EXPECT_EQ(entry->getObject("error")->getValue<std::string>("type"),
            "https://vocalbridge.dev/problems/deadline-exceeded");
  EXPECT_EQ(entry->getObject("error")->getValue<std::string>("title"), "Turn deadline exceeded");
  const auto attempts = entry->getArray("attempts");
  ASSERT_EQ(attempts->size(), 2u);
  EXPECT_EQ(attempts->getObject(0)->getValue<std::string>("outcome"), "timeout");
  EXPECT_EQ(attempts->getObject(1)->getValue<std::string>("provider"), "vendorB");
  EXPECT_FALSE(entry->has("cost"));
}

}  // namespace
}  // namespace vb
