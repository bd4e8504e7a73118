// ProviderHealthWindow: calls, error rate and latency percentiles over the
// last window, with bounded memory.
#include "operations/provider_health_window.h"

#include <gtest/gtest.h>

#include "reliability/fake_clock.h"

namespace vb {
namespace {

using namespace std::chrono_literals;

TEST(ProviderHealthWindow, AProviderNeverCalledHasZeros) {
  ProviderHealthWindow window(std::make_shared<fakes::FakeClock>());
  const auto stats = window.stats("vendorA");
  EXPECT_EQ(stats.calls, 0);
  EXPECT_EQ(stats.errorRate, 0.0);
  EXPECT_EQ(stats.p50Ms, 0);
  EXPECT_EQ(stats.p95Ms, 0);
}

TEST(ProviderHealthWindow, CountsCallsFailuresAndNearestRankPercentiles) {
  ProviderHealthWindow window(std::make_shared<fakes::FakeClock>());
  for (int ms = 1; ms <= 100; ++ms) window.record("vendorA", ms % 4 == 0, ms);
  window.record("vendorB", false, 7);
  const auto a = window.stats("vendorA");
  EXPECT_EQ(a.calls, 100);
  EXPECT_EQ(a.failures, 25);
  EXPECT_DOUBLE_EQ(a.errorRate, 0.25);
  EXPECT_EQ(a.p50Ms, 50);
  EXPECT_EQ(a.p95Ms, 95);
  EXPECT_EQ(window.stats("vendorB").calls, 1) << "providers are counted apart";
  EXPECT_EQ(window.stats("vendorB").p95Ms, 7);
}

TEST(ProviderHealthWindow, CallsOlderThanTheWindowNoLongerCount) {
  auto clock = std::make_shared<fakes::FakeClock>();
  ProviderHealthWindow window(clock, 60s);
  window.record("vendorA", true, 500);
  clock->advance(30s);
  window.record("vendorA", false, 10);
  EXPECT_EQ(window.stats("vendorA").calls, 2);
  clock->advance(31s);
  const auto stats = window.stats("vendorA");
  EXPECT_EQ(stats.calls, 1);
  EXPECT_EQ(stats.errorRate, 0.0);
  EXPECT_EQ(stats.p95Ms, 10);
  clock->advance(60s);
  EXPECT_EQ(window.stats("vendorA").calls, 0);
}

TEST(ProviderHealthWindow, KeepsAtMostMaxSamplesNewestFirst) {
  ProviderHealthWindow window(std::make_shared<fakes::FakeClock>(), 300s, 10);
  for (int i = 0; i < 25; ++i) window.record("vendorA", i < 15, i);
  const auto stats = window.stats("vendorA");
  EXPECT_EQ(stats.calls, 10);
  EXPECT_EQ(stats.failures, 0) << "the oldest (failed) calls were dropped";
  EXPECT_EQ(stats.p50Ms, 19);
}

}  // namespace
}  // namespace vb
