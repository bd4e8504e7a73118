// Full-jitter backoff of callback retries: the ceiling doubles from the base
// up to the cap (never overflowing), and the wait covers [0, ceiling].
#include "jobs/callback_backoff.h"

#include <gtest/gtest.h>

#include <random>

namespace vb {
namespace {

using std::chrono::milliseconds;

TEST(CallbackBackoff, CeilingDoublesFromTheBaseUpToTheCap) {
  const CallbackBackoff backoff(milliseconds(100), milliseconds(1000));
  struct Case {
    int retry;
    int64_t ceilingMs;
  };
  for (const auto& c : {Case{0, 100}, Case{1, 100}, Case{2, 200}, Case{3, 400}, Case{4, 800}, Case{5, 1000},
                        Case{6, 1000}, Case{1000, 1000}})
    EXPECT_EQ(backoff.ceiling(c.retry).count(), c.ceilingMs) << "retry " << c.retry;
}

TEST(CallbackBackoff, WaitSpansZeroToTheCeilingInclusive) {
  const CallbackBackoff backoff(milliseconds(100), milliseconds(1000));
  EXPECT_EQ(backoff.wait(3, 0.0).count(), 0);
  EXPECT_EQ(backoff.wait(3, 0.999999999).count(), 400);
  EXPECT_EQ(backoff.wait(3, 0.5).count(), 200);
}

TEST(CallbackBackoff, SeededWaitsStayInRangeAndSpreadOut) {
  const CallbackBackoff backoff(milliseconds(50), milliseconds(60000));
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int64_t below = 0, above = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto wait = backoff.wait(4, unit(rng)).count();  // ceiling 400 ms
    ASSERT_GE(wait, 0);
    ASSERT_LE(wait, 400);
    (wait < 200 ? below : above) += 1;
  }
  // Full jitter: about half below the middle, not bunched at the ceiling.
  EXPECT_GT(below, 800);
  EXPECT_GT(above, 800);
}

TEST(CallbackBackoff, AHugeCapDoesNotOverflow) {
  const CallbackBackoff backoff(milliseconds(1), milliseconds(INT64_C(1) << 62));
  EXPECT_EQ(backoff.ceiling(63).count(), INT64_C(1) << 62);
  EXPECT_GE(backoff.wait(200, 0.5).count(), 0);
}

}  // namespace
}  // namespace vb
