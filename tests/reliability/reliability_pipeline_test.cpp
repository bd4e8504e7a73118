// ReliabilityPipeline: retries, deadline, breakers and fallback, driven by a
// scripted gateway on a fake clock (every duration below is exact).
#include "reliability/reliability_pipeline.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "fake_clock.h"
#include "scripted_vendor_gateway.h"

namespace vb {
namespace {

using fakes::FakeClock;
using fakes::ScriptedStep;
using fakes::ScriptedVendorGateway;
using std::chrono::milliseconds;
using Step = ScriptedStep;

// Always the same unit: 0 = no backoff at all, just under 1 = the ceiling.
class FixedJitter final : public JitterSource {
 public:
  explicit FixedJitter(double unit) : unit_(unit) {}
  double nextUnit() override { return unit_; }

 private:
  double unit_;
};
constexpr double kTopOfRange = 0.9999999;

// Deadline 4 s; 500 ms per attempt; 3 attempts; backoff 100 ms · 2^n up to 1 s;
// breaker opens after 3 failures in a row and cools down for 5 s.
constexpr const char* kTestConfig = R"({
  "turnDeadlineMs": 4000,
  "defaults": {"attemptTimeoutMs": 500, "maxAttempts": 3, "backoffBaseMs": 100, "backoffCapMs": 1000,
               "breaker": {"consecutiveFailures": 3, "failureRatio": 0.5, "minimumCalls": 20,
                           "windowMs": 10000, "coolDownMs": 5000}}
})";

std::shared_ptr<const ReliabilityConfig> configFrom(const std::string& text) {
  auto parsed = ReliabilityConfig::parse(Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>());
  if (!parsed) throw std::runtime_error(parsed.error());
  return parsed.value();
}

class ReliabilityPipelineTest : public ::testing::Test {
 protected:
  explicit ReliabilityPipelineTest(const char* config = kTestConfig, double jitter = kTopOfRange)
      : pipeline(gateway, clock, configFrom(config), std::make_shared<FixedJitter>(jitter)) {}

  Result<RoutedReply, RoutingFailure> turn(RoutePlan plan = {"vendorA", "vendorB"}) {
    ChatRequest request;
    request.requestJson = R"({"messages":[]})";
    request.requestId = "req-1";
    request.tenantId = "t1";
    return pipeline.run(plan, request);
  }

  static std::vector<std::string> outcomes(const std::vector<AttemptRecord>& attempts) {
    std::vector<std::string> out;
    for (const auto& a : attempts) out.push_back(a.provider + ":" + a.outcome);
    return out;
  }

  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
  ScriptedVendorGateway gateway{*clock};
  ReliabilityPipeline pipeline;
};

using Outcomes = std::vector<std::string>;

TEST_F(ReliabilityPipelineTest, AHealthyPrimaryAnswersInOneAttempt) {
  gateway.script("vendorA", {Step::ok(milliseconds{20})});
  gateway.script("vendorB", {Step::ok()});
  auto result = turn();
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->provider, "vendorA");
  EXPECT_FALSE(result->fallbackUsed);
  EXPECT_EQ(result->reply.text, "reply from vendorA to req-1");
  EXPECT_EQ(result->vendorTimeMs, 20);
  ASSERT_EQ(result->attempts.size(), 1u);
  const AttemptRecord& attempt = result->attempts[0];
  EXPECT_EQ(attempt.provider, "vendorA");
  EXPECT_EQ(attempt.attempt, 1);
  EXPECT_EQ(attempt.outcome, "ok");
  EXPECT_EQ(attempt.httpStatus, 200);
  EXPECT_EQ(attempt.errorClass, "");
  EXPECT_EQ(attempt.latencyMs, 20);
  EXPECT_EQ(attempt.startedAt, FakeClock::kWallOrigin);
  EXPECT_EQ(attempt.requestId, "req-1");
  EXPECT_EQ(gateway.callsTo("vendorB"), 0u);
}

TEST_F(ReliabilityPipelineTest, TransientFailuresAreRetriedAndRecorded) {
  const struct {
    Step failure;
    const char* outcome;
    int httpStatus;
    const char* errorClass;
  } cases[] = {
      {Step::http500(), "http_500", 500, "transient"},
      {Step::fails(ErrorClass::Transient, 503), "http_500", 503, "transient"},
      {Step::http429(-1), "http_429", 429, "rate_limited"},
      {Step::hangs(), "timeout", 0, "timeout"},
      {Step::connectionRefused(), "error", 0, "transient"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.outcome);
    FakeClock clock;
    ScriptedVendorGateway gateway(clock);
    ReliabilityPipeline pipeline(gateway, std::shared_ptr<Clock>(&clock, [](Clock*) {}),
                                 configFrom(kTestConfig), std::make_shared<FixedJitter>(0.0));
    gateway.script("vendorA", {c.failure, Step::ok()});
    auto result = pipeline.run({"vendorA", std::nullopt}, ChatRequest{"{}", "req-2", "t1"});
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->attempts.size(), 2u);
    EXPECT_EQ(result->attempts[0].outcome, c.outcome);
    EXPECT_EQ(result->attempts[0].httpStatus, c.httpStatus);
    EXPECT_EQ(result->attempts[0].errorClass, c.errorClass);
    EXPECT_EQ(result->attempts[1].attempt, 2);
    EXPECT_EQ(result->attempts[1].outcome, "ok");
    EXPECT_EQ(result->provider, "vendorA");
  }
}

TEST_F(ReliabilityPipelineTest, NoRetryOn400) {
  gateway.script("vendorA", {Step::badRequest(), Step::ok()});
  auto result = turn({"vendorA", std::nullopt});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RoutingFailure::Kind::InvalidRequest);
  EXPECT_EQ(outcomes(result.error().attempts), Outcomes{"vendorA:error"});
  EXPECT_EQ(result.error().attempts[0].httpStatus, 400);
  EXPECT_EQ(result.error().attempts[0].errorClass, "invalid_request");
  EXPECT_EQ(gateway.callsTo("vendorA"), 1u);
  EXPECT_TRUE(clock->sleeps().empty());
}

TEST_F(ReliabilityPipelineTest, NonTransientErrorsAreNeverRetried) {
  const struct {
    Step failure;
    RoutingFailure::Kind kind;
  } cases[] = {
      {Step::fails(ErrorClass::InvalidRequest, 404), RoutingFailure::Kind::InvalidRequest},
      {Step::fails(ErrorClass::InvalidRequest, 422), RoutingFailure::Kind::InvalidRequest},
      {Step::fails(ErrorClass::Auth, 401), RoutingFailure::Kind::VendorsFailed},
      {Step::fails(ErrorClass::Auth, 403), RoutingFailure::Kind::VendorsFailed},
      {Step::fails(ErrorClass::Cancelled, 0), RoutingFailure::Kind::VendorsFailed},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.failure.error->httpStatus);
    FakeClock clock;
    ScriptedVendorGateway gateway(clock);
    ReliabilityPipeline pipeline(gateway, std::shared_ptr<Clock>(&clock, [](Clock*) {}),
                                 configFrom(kTestConfig));
    gateway.script("vendorA", {c.failure, Step::ok()});
    auto result = pipeline.run({"vendorA", std::nullopt}, ChatRequest{"{}", "req-3", "t1"});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, c.kind);
    EXPECT_EQ(gateway.callsTo("vendorA"), 1u);
  }
}

TEST_F(ReliabilityPipelineTest, ARejectedRequestGoesStraightToTheFallback) {
  gateway.script("vendorA", {Step::badRequest()});
  gateway.script("vendorB", {Step::ok()});
  auto result = turn();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(outcomes(result->attempts), (Outcomes{"vendorA:error", "vendorB:ok"}));
  EXPECT_TRUE(result->fallbackUsed);
  EXPECT_TRUE(clock->sleeps().empty());
}

TEST_F(ReliabilityPipelineTest, AMalformedAnswerIsRetriedOnceAndNotLooped) {
  gateway.script("vendorA", {Step::malformed()});
  auto result = turn({"vendorA", std::nullopt});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RoutingFailure::Kind::VendorsFailed);
  EXPECT_EQ(outcomes(result.error().attempts), (Outcomes{"vendorA:error", "vendorA:error"}));
  EXPECT_EQ(result.error().attempts[1].errorClass, "permanent");
}

TEST_F(ReliabilityPipelineTest, BackoffWaitsAreTheJitteredCeilings) {
  const struct {
    double unit;
    std::vector<milliseconds> sleeps;
  } cases[] = {
      {kTopOfRange, {milliseconds{100}, milliseconds{200}}},  // base, then doubled
      {0.5, {milliseconds{50}, milliseconds{100}}},
      {0.0, {}},  // a zero wait does not sleep at all
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.unit);
    FakeClock clock;
    ScriptedVendorGateway gateway(clock);
    ReliabilityPipeline pipeline(gateway, std::shared_ptr<Clock>(&clock, [](Clock*) {}),
                                 configFrom(kTestConfig), std::make_shared<FixedJitter>(c.unit));
    gateway.script("vendorA", {Step::http500(), Step::http500(), Step::ok()});
    auto result = pipeline.run({"vendorA", std::nullopt}, ChatRequest{"{}", "req-4", "t1"});
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(clock.sleeps(), c.sleeps);
    // The third attempt starts after two 10 ms failures and the two waits.
    milliseconds waited{0};
    for (auto s : c.sleeps) waited += s;
    EXPECT_EQ(gateway.calls()[2].at, milliseconds{20} + waited);
    EXPECT_EQ(result->attempts[2].startedAt - result->attempts[0].startedAt, milliseconds{20} + waited);
  }
}

TEST_F(ReliabilityPipelineTest, ARetryAfterIsHonouredAsTheMinimumWait) {
  // Jitter at the top of the range would wait 100 ms; the vendor asked for 300.
  gateway.script("vendorB", {Step::http429(300), Step::ok()});
  auto result = turn({"vendorB", std::nullopt});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(clock->sleeps(), std::vector<milliseconds>{milliseconds{300}});
  EXPECT_EQ(gateway.calls()[1].at, milliseconds{10 + 300});
}

TEST_F(ReliabilityPipelineTest, ARetryAfterThatDoesNotFitTheDeadlineGoesToTheFallbackAtOnce) {
  gateway.script("vendorA", {Step::http429(10000)});
  gateway.script("vendorB", {Step::ok()});
  auto result = turn();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(outcomes(result->attempts), (Outcomes{"vendorA:http_429", "vendorB:ok"}));
  EXPECT_TRUE(clock->sleeps().empty());
  EXPECT_EQ(gateway.calls()[1].at, milliseconds{10});
}

TEST_F(ReliabilityPipelineTest, AWaitThatDoesNotFitWithoutAFallbackEndsTheTurnAs504) {
  gateway.script("vendorA", {Step::http429(10000)});
  auto result = turn({"vendorA", std::nullopt});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RoutingFailure::Kind::DeadlineExceeded);
  EXPECT_EQ(clock->elapsed(), milliseconds{10}) << "gave up at once instead of waiting";
}

TEST_F(ReliabilityPipelineTest, AHangingVendorIsCutAtThePerAttemptTimeout) {
  gateway.script("vendorA", {Step::hangs(), Step::ok()});
  auto result = turn({"vendorA", std::nullopt});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(gateway.calls()[0].timeout, milliseconds{500});
  EXPECT_EQ(result->attempts[0].outcome, "timeout");
  EXPECT_EQ(result->attempts[0].latencyMs, 500);
  EXPECT_EQ(result->attempts[1].outcome, "ok");
}

TEST_F(ReliabilityPipelineTest, TheAttemptTimeoutShrinksToTheTimeLeft) {
  ReliabilityPipeline pipeline(gateway, clock, configFrom(R"({
    "turnDeadlineMs": 1200, "defaults": {"attemptTimeoutMs": 500, "maxAttempts": 10, "backoffBaseMs": 0,
                                         "breaker": {"consecutiveFailures": 100}}})"));
  gateway.script("vendorA", {Step::hangs()});
  auto result = pipeline.run({"vendorA", std::nullopt}, ChatRequest{"{}", "req-5", "t1"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RoutingFailure::Kind::DeadlineExceeded);
  std::vector<milliseconds> timeouts;
  for (const auto& call : gateway.calls()) timeouts.push_back(call.timeout);
  EXPECT_EQ(timeouts, (std::vector<milliseconds>{milliseconds{500}, milliseconds{500}, milliseconds{200}}));
  EXPECT_EQ(clock->elapsed(), milliseconds{1200});
}

// Random scripts (latencies, hangs, 5xx, 429s with long retry-afters,
// malformed answers) and random jitter: no turn may outlive its deadline.
// The fake clock has no tick, so "by at most one timer tick" is exact here.
TEST(ReliabilityPipelineDeadline, TheDeadlineIsNeverExceeded) {
  const auto config = configFrom(R"({
    "turnDeadlineMs": 2000,
    "defaults": {"attemptTimeoutMs": 700, "maxAttempts": 6, "backoffBaseMs": 100, "backoffCapMs": 1500,
                 "breaker": {"consecutiveFailures": 1000}}})");
  std::mt19937 random(2024);
  auto randomStep = [&]() -> Step {
    const milliseconds latency{std::uniform_int_distribution<int>(0, 900)(random)};
    switch (std::uniform_int_distribution<int>(0, 5)(random)) {
      case 0:
        return Step::ok(latency);
      case 1:
        return Step::fails(ErrorClass::Transient, 500, latency);
      case 2:
        return Step::fails(ErrorClass::RateLimited, 429, latency,
                           std::uniform_int_distribution<int>(0, 2500)(random));
      case 3:
        return Step::hangs();
      case 4:
        return Step::fails(ErrorClass::Permanent, 200, latency);
      default:
        return Step::fails(ErrorClass::Timeout, 0, latency);
    }
  };
  int deadlineFailures = 0;
  for (int run = 0; run < 500; ++run) {
    FakeClock clock;
    ScriptedVendorGateway gateway(clock);
    ReliabilityPipeline pipeline(gateway, std::shared_ptr<Clock>(&clock, [](Clock*) {}), config,
                                 std::make_shared<SeededJitter>(static_cast<uint64_t>(run)));
    for (const char* vendor : {"vendorA", "vendorB"}) {
      std::vector<Step> steps;
      for (int i = 0; i < 6; ++i) steps.push_back(randomStep());
      steps.push_back(Step::hangs());
      gateway.script(vendor, steps);
    }
    auto result = pipeline.run({"vendorA", "vendorB"}, ChatRequest{"{}", "r", "t"});
    ASSERT_LE(clock.elapsed(), milliseconds{2000}) << "run " << run;
    if (!result.ok() && result.error().kind == RoutingFailure::Kind::DeadlineExceeded) ++deadlineFailures;
  }
  EXPECT_GT(deadlineFailures, 10) << "the scripts should press against the deadline";
}

TEST_F(ReliabilityPipelineTest, TheFallbackServesWhenThePrimaryIsExhausted) {
  gateway.script("vendorA", {Step::http500()});
  gateway.script("vendorB", {Step::ok()});
  auto result = turn();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->provider, "vendorB");
  EXPECT_TRUE(result->fallbackUsed);
  EXPECT_EQ(outcomes(result->attempts),
            (Outcomes{"vendorA:http_500", "vendorA:http_500", "vendorA:http_500", "vendorB:ok"}));
  for (size_t i = 0; i < result->attempts.size(); ++i)
    EXPECT_EQ(result->attempts[i].attempt, static_cast<int>(i) + 1);
  EXPECT_EQ(result->vendorTimeMs, 40);
}

TEST_F(ReliabilityPipelineTest, EveryProviderFailingIsVendorsFailedWithAllAttempts) {
  gateway.script("vendorA", {Step::http500()});
  gateway.script("vendorB", {Step::fails(ErrorClass::Transient, 502)});
  auto result = turn();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RoutingFailure::Kind::VendorsFailed);
  EXPECT_EQ(result.error().attempts.size(), 6u);
  EXPECT_EQ(result.error().message, "vendorA: 3 attempts, last http_500; vendorB: 3 attempts, last http_500");
}

TEST_F(ReliabilityPipelineTest, AnOpenPrimaryCircuitIsSkippedWithoutWaiting) {
  gateway.script("vendorA", {Step::http500(), Step::http500(), Step::http500(), Step::ok()});
  gateway.script("vendorB", {Step::ok(milliseconds{15})});
  ASSERT_TRUE(turn().ok());  // three failures: vendorA's circuit opens
  ASSERT_EQ(pipeline.breakers().forProvider("vendorA").state(), BreakerState::Open);

  const auto before = clock->elapsed();
  auto result = turn();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(outcomes(result->attempts), (Outcomes{"vendorA:circuit_open", "vendorB:ok"}));
  EXPECT_EQ(result->attempts[0].latencyMs, 0);
  EXPECT_EQ(result->attempts[0].httpStatus, 0);
  EXPECT_EQ(clock->elapsed() - before, milliseconds{15}) << "only vendorB's own latency";
  EXPECT_EQ(gateway.callsTo("vendorA"), 3u);
}

TEST_F(ReliabilityPipelineTest, AnOpenCircuitWithoutFallbackFailsAt502AtOnce) {
  gateway.script("vendorA", {Step::http500()});
  ASSERT_FALSE(turn({"vendorA", std::nullopt}).ok());
  const auto before = clock->elapsed();
  auto result = turn({"vendorA", std::nullopt});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RoutingFailure::Kind::VendorsFailed);
  EXPECT_EQ(outcomes(result.error().attempts), Outcomes{"vendorA:circuit_open"});
  EXPECT_EQ(clock->elapsed(), before);
}

TEST_F(ReliabilityPipelineTest, ACircuitOpeningMidTurnStopsItsRetriesAtOnce) {
  ReliabilityPipeline pipeline(gateway, clock, configFrom(R"({
    "defaults": {"maxAttempts": 5, "breaker": {"consecutiveFailures": 2}}})"));
  gateway.script("vendorA", {Step::http500()});
  gateway.script("vendorB", {Step::ok()});
  auto result = pipeline.run({"vendorA", "vendorB"}, ChatRequest{"{}", "req-6", "t1"});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(outcomes(result->attempts),
            (Outcomes{"vendorA:http_500", "vendorA:http_500", "vendorA:circuit_open", "vendorB:ok"}));
}

TEST_F(ReliabilityPipelineTest, TheBreakerProbesAfterItsCoolDownAndClosesOnSuccess) {
  gateway.script("vendorA", {Step::http500(), Step::http500(), Step::http500(), Step::ok()});
  gateway.script("vendorB", {Step::ok()});
  ASSERT_TRUE(turn().ok());
  EXPECT_EQ(pipeline.breakerSnapshot(),
            (std::vector<std::pair<std::string, BreakerState>>{{"vendorA", BreakerState::Open},
                                                               {"vendorB", BreakerState::Closed}}));
  clock->advance(milliseconds{5000});
  EXPECT_EQ(pipeline.breakers().forProvider("vendorA").state(), BreakerState::HalfOpen);
  auto result = turn();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(outcomes(result->attempts), Outcomes{"vendorA:ok"});
  EXPECT_EQ(pipeline.breakers().forProvider("vendorA").state(), BreakerState::Closed);
}

TEST_F(ReliabilityPipelineTest, AFailedProbeReopensAndTheFallbackServes) {
  gateway.script("vendorA", {Step::http500()});
  gateway.script("vendorB", {Step::ok()});
  ASSERT_TRUE(turn().ok());
  clock->advance(milliseconds{5000});
  auto result = turn();
  ASSERT_TRUE(result.ok());
  // The probe fails and reopens the circuit, so the retry is a skip.
  EXPECT_EQ(outcomes(result->attempts), (Outcomes{"vendorA:http_500", "vendorA:circuit_open", "vendorB:ok"}));
  EXPECT_EQ(pipeline.breakers().forProvider("vendorA").timesOpened(), 2u);
}

TEST_F(ReliabilityPipelineTest, AnUnknownProviderIsRecordedAndSkipped) {
  gateway.script("vendorB", {Step::ok()});
  auto result = turn({"vendorX", "vendorB"});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(outcomes(result->attempts), (Outcomes{"vendorX:error", "vendorB:ok"}));
  EXPECT_EQ(result->attempts[0].errorClass, "invalid_request");
}

TEST_F(ReliabilityPipelineTest, AGatewayThatThrowsIsAnErrorAttempt) {
  gateway.script("vendorA", {Step::throwing(), Step::ok()});
  gateway.script("vendorB", {Step::ok()});
  auto result = turn({"vendorA", "vendorB"});
  ASSERT_TRUE(result.ok());
  // Permanent without a 2xx status: not retried (RetryPolicy), on to the fallback.
  EXPECT_EQ(outcomes(result->attempts), (Outcomes{"vendorA:error", "vendorB:ok"}));
  EXPECT_EQ(result->attempts[0].errorClass, "permanent");
}

TEST_F(ReliabilityPipelineTest, AFallbackEqualToThePrimaryIsNotTriedTwice) {
  gateway.script("vendorA", {Step::http500()});
  auto result = turn({"vendorA", "vendorA"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(gateway.callsTo("vendorA"), 3u);
}

TEST_F(ReliabilityPipelineTest, AnEmptyPlanIsAnInvalidRequest) {
  auto result = turn({"", std::nullopt});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RoutingFailure::Kind::InvalidRequest);
  EXPECT_TRUE(gateway.calls().empty());
}

TEST_F(ReliabilityPipelineTest, ConcurrentTurnsShareTheBreakersSafely) {
  // Zero latencies: the shared fake clock stands still, so no turn can run
  // out of time because of the others; this test is about the locking.
  const milliseconds instant{0};
  gateway.script("vendorA",
                 {Step::ok(instant), Step::fails(ErrorClass::Transient, 500, instant), Step::ok(instant)});
  gateway.script("vendorB", {Step::ok(instant)});
  std::vector<std::thread> threads;
  std::atomic<int> served{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) served += turn().ok();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(served.load(), 1600);
}

TEST(ErrorClass, NamesMatchTheAttemptRecords) {
  const struct {
    ErrorClass errorClass;
    const char* name;
  } cases[] = {{ErrorClass::None, "none"},
               {ErrorClass::Transient, "transient"},
               {ErrorClass::RateLimited, "rate_limited"},
               {ErrorClass::Timeout, "timeout"},
               {ErrorClass::InvalidRequest, "invalid_request"},
               {ErrorClass::Auth, "auth"},
               {ErrorClass::Permanent, "permanent"},
               {ErrorClass::Cancelled, "cancelled"}};
  for (const auto& c : cases) EXPECT_STREQ(toString(c.errorClass), c.name);
}

TEST(AttemptOutcome, FollowsTheApiAttemptVocabulary) {
  const struct {
    VendorError error;
    const char* outcome;
  } cases[] = {
      {{ErrorClass::Transient, 500, -1, ""}, "http_500"},
      {{ErrorClass::Transient, 503, -1, ""}, "http_500"},
      {{ErrorClass::RateLimited, 429, 200, ""}, "http_429"},
      {{ErrorClass::Transient, 429, -1, ""}, "http_429"},
      {{ErrorClass::Timeout, 0, -1, ""}, "timeout"},
      {{ErrorClass::Timeout, 504, -1, ""}, "timeout"},
      {{ErrorClass::Transient, 0, -1, ""}, "error"},
      {{ErrorClass::InvalidRequest, 400, -1, ""}, "error"},
      {{ErrorClass::Permanent, 200, -1, ""}, "error"},
      {{ErrorClass::Auth, 401, -1, ""}, "error"},
  };
  for (const auto& c : cases) EXPECT_STREQ(attemptOutcomeOf(c.error), c.outcome) << c.error.httpStatus;
}

}  // namespace
}  // namespace vb
