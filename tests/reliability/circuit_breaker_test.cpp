// CircuitBreaker and BreakerRegistry: the state machine, on a fake clock.
#include "reliability/circuit_breaker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "fake_clock.h"
#include "reliability/breaker_registry.h"

namespace vb {
namespace {

using fakes::FakeClock;
using std::chrono::milliseconds;

BreakerSettings testSettings() {
  BreakerSettings s;
  s.consecutiveFailures = 3;
  s.failureRatio = 0.5;
  s.minimumCalls = 10;
  s.window = milliseconds{10000};
  s.coolDown = milliseconds{5000};
  return s;
}

// Acquires a permit and records `verdict`; false if the breaker refused.
bool call(CircuitBreaker& breaker, CallVerdict verdict) {
  auto permit = breaker.tryAcquire();
  if (!permit) return false;
  permit.record(verdict);
  return true;
}

void failTimes(CircuitBreaker& breaker, int n) {
  for (int i = 0; i < n; ++i) ASSERT_TRUE(call(breaker, CallVerdict::Failure));
}

class CircuitBreakerTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
};

TEST_F(CircuitBreakerTest, StartsClosedAndAdmitsCalls) {
  CircuitBreaker breaker(testSettings(), clock);
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
  auto permit = breaker.tryAcquire();
  EXPECT_TRUE(permit.admitted());
  EXPECT_FALSE(permit.isProbe());
}

TEST_F(CircuitBreakerTest, OpensAfterTheConsecutiveFailureThreshold) {
  CircuitBreaker breaker(testSettings(), clock);
  failTimes(breaker, 2);
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
  failTimes(breaker, 1);
  EXPECT_EQ(breaker.state(), BreakerState::Open);
  EXPECT_FALSE(breaker.tryAcquire().admitted());
  EXPECT_EQ(breaker.timesOpened(), 1u);
}

TEST_F(CircuitBreakerTest, ASuccessResetsTheConsecutiveCount) {
  CircuitBreaker breaker(testSettings(), clock);
  failTimes(breaker, 2);
  ASSERT_TRUE(call(breaker, CallVerdict::Success));
  failTimes(breaker, 2);
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
}

TEST_F(CircuitBreakerTest, IgnoredVerdictsNeitherCountNorReset) {
  CircuitBreaker breaker(testSettings(), clock);
  failTimes(breaker, 2);
  ASSERT_TRUE(call(breaker, CallVerdict::Ignored));
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
  failTimes(breaker, 1);
  EXPECT_EQ(breaker.state(), BreakerState::Open);
}

TEST_F(CircuitBreakerTest, OpensWhenTheFailureRatioInTheWindowIsReached) {
  auto settings = testSettings();
  settings.consecutiveFailures = 100;  // only the ratio can trip
  CircuitBreaker breaker(settings, clock);
  // S F S F ... : 4 failures in 9 calls, then the 10th call fails → 5/10 = 0.5.
  for (int i = 0; i < 9; ++i) {
    ASSERT_TRUE(call(breaker, i % 2 ? CallVerdict::Failure : CallVerdict::Success));
    clock->advance(milliseconds{100});
  }
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
  failTimes(breaker, 1);
  EXPECT_EQ(breaker.state(), BreakerState::Open);
}

TEST_F(CircuitBreakerTest, TheRatioNeedsTheMinimumNumberOfCalls) {
  auto settings = testSettings();
  settings.consecutiveFailures = 100;
  CircuitBreaker breaker(settings, clock);
  // 6 failures in 9 calls is a 67% ratio, but below minimumCalls = 10.
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(call(breaker, i % 3 ? CallVerdict::Failure : CallVerdict::Success));
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
}

TEST_F(CircuitBreakerTest, CallsOlderThanTheWindowNoLongerCount) {
  auto settings = testSettings();
  settings.consecutiveFailures = 100;
  const struct {
    milliseconds pause;
    BreakerState after;
  } cases[] = {{milliseconds{0}, BreakerState::Open}, {milliseconds{10000}, BreakerState::Closed}};
  for (const auto& c : cases) {
    CircuitBreaker breaker(settings, clock);
    // 8 calls, 4 failures; after the pause S F: 5/10 only if the old ones still count.
    for (int i = 0; i < 8; ++i)
      ASSERT_TRUE(call(breaker, i % 2 ? CallVerdict::Failure : CallVerdict::Success));
    clock->advance(c.pause);
    ASSERT_TRUE(call(breaker, CallVerdict::Success));
    ASSERT_TRUE(call(breaker, CallVerdict::Failure));
    EXPECT_EQ(breaker.state(), c.after) << "pause " << c.pause.count() << " ms";
  }
}

TEST_F(CircuitBreakerTest, AnOpenCircuitRefusesUntilTheCoolDownThenAdmitsOneProbe) {
  CircuitBreaker breaker(testSettings(), clock);
  failTimes(breaker, 3);
  clock->advance(milliseconds{4999});
  EXPECT_EQ(breaker.state(), BreakerState::Open);
  EXPECT_FALSE(breaker.tryAcquire().admitted());
  clock->advance(milliseconds{1});
  EXPECT_EQ(breaker.state(), BreakerState::HalfOpen);
  auto probe = breaker.tryAcquire();
  ASSERT_TRUE(probe.admitted());
  EXPECT_TRUE(probe.isProbe());
  EXPECT_FALSE(breaker.tryAcquire().admitted()) << "a second call while the probe is in flight";
}

TEST_F(CircuitBreakerTest, ASuccessfulProbeClosesTheCircuit) {
  CircuitBreaker breaker(testSettings(), clock);
  failTimes(breaker, 3);
  clock->advance(milliseconds{5000});
  ASSERT_TRUE(call(breaker, CallVerdict::Success));
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
  // Counters start afresh: two failures do not reopen it.
  failTimes(breaker, 2);
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
}

TEST_F(CircuitBreakerTest, AFailedProbeReopensForAnotherCoolDown) {
  CircuitBreaker breaker(testSettings(), clock);
  failTimes(breaker, 3);
  clock->advance(milliseconds{5000});
  ASSERT_TRUE(call(breaker, CallVerdict::Failure));
  EXPECT_EQ(breaker.state(), BreakerState::Open);
  EXPECT_EQ(breaker.timesOpened(), 2u);
  clock->advance(milliseconds{4999});
  EXPECT_FALSE(breaker.tryAcquire().admitted());
  clock->advance(milliseconds{1});
  EXPECT_TRUE(breaker.tryAcquire().isProbe());
}

TEST_F(CircuitBreakerTest, AnAbandonedProbeLetsTheNextCallProbe) {
  CircuitBreaker breaker(testSettings(), clock);
  failTimes(breaker, 3);
  clock->advance(milliseconds{5000});
  { auto probe = breaker.tryAcquire(); }  // destroyed without a verdict (e.g. an exception)
  EXPECT_EQ(breaker.state(), BreakerState::HalfOpen);
  EXPECT_TRUE(breaker.tryAcquire().isProbe());
}

TEST_F(CircuitBreakerTest, VerdictsFromBeforeTheCircuitOpenedAreIgnored) {
  CircuitBreaker breaker(testSettings(), clock);
  auto straggler = breaker.tryAcquire();  // admitted while closed, answers late
  failTimes(breaker, 3);
  clock->advance(milliseconds{5000});
  ASSERT_TRUE(call(breaker, CallVerdict::Success));  // probe closes it
  straggler.record(CallVerdict::Failure);            // stale: must not count
  failTimes(breaker, 2);
  EXPECT_EQ(breaker.state(), BreakerState::Closed);
}

TEST_F(CircuitBreakerTest, OnlyOneProbeIsAdmittedAcrossThreads) {
  CircuitBreaker breaker(testSettings(), clock);
  failTimes(breaker, 3);
  clock->advance(milliseconds{5000});
  std::atomic<int> admitted{0};
  std::vector<CircuitBreaker::Permit> held(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      held[static_cast<size_t>(t)] = breaker.tryAcquire();
      if (held[static_cast<size_t>(t)]) ++admitted;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 1);
}

TEST_F(CircuitBreakerTest, ConcurrentVerdictsAreAllCounted) {
  auto settings = testSettings();
  settings.consecutiveFailures = 1000000;
  settings.minimumCalls = 8 * 500;
  CircuitBreaker breaker(settings, clock);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) call(breaker, CallVerdict::Failure);
    });
  }
  for (auto& thread : threads) thread.join();
  // Exactly the 4000th failure reaches minimumCalls at a 100% ratio.
  EXPECT_EQ(breaker.state(), BreakerState::Open);
  EXPECT_EQ(breaker.timesOpened(), 1u);
}

TEST(BreakerState, NamesAreSnakeCase) {
  EXPECT_STREQ(toString(BreakerState::Closed), "closed");
  EXPECT_STREQ(toString(BreakerState::Open), "open");
  EXPECT_STREQ(toString(BreakerState::HalfOpen), "half_open");
}

TEST(BreakerRegistry, EachProviderGetsItsOwnBreakerWithItsSettings) {
  Poco::JSON::Object::Ptr section = new Poco::JSON::Object;
  Poco::JSON::Object::Ptr vendors = new Poco::JSON::Object;
  Poco::JSON::Object::Ptr vendorA = new Poco::JSON::Object;
  Poco::JSON::Object::Ptr breaker = new Poco::JSON::Object;
  breaker->set("consecutiveFailures", 2);
  vendorA->set("breaker", breaker);
  vendors->set("vendorA", vendorA);
  section->set("vendors", vendors);
  auto clock = std::make_shared<FakeClock>();
  BreakerRegistry registry(ReliabilityConfig::parse(section).value(), clock);

  EXPECT_EQ(registry.forProvider("vendorA").settings().consecutiveFailures, 2);
  EXPECT_EQ(registry.forProvider("vendorB").settings().consecutiveFailures, 5);  // the built-in default
  EXPECT_EQ(&registry.forProvider("vendorA"), &registry.forProvider("vendorA"));
  failTimes(registry.forProvider("vendorA"), 2);

  const auto snapshot = registry.snapshot();
  ASSERT_EQ(snapshot.size(), 2u);
  EXPECT_EQ(snapshot[0], std::make_pair(std::string("vendorA"), BreakerState::Open));
  EXPECT_EQ(snapshot[1], std::make_pair(std::string("vendorB"), BreakerState::Closed));
}

}  // namespace
}  // namespace vb
