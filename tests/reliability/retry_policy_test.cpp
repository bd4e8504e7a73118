// RetryPolicy: which errors retry, and full-jitter backoff bounds.
#include "reliability/retry_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace vb {
namespace {

using std::chrono::milliseconds;

RetrySettings settings(int maxAttempts, int baseMs, int capMs) {
  return RetrySettings{maxAttempts, milliseconds{baseMs}, milliseconds{capMs}};
}

TEST(RetryPolicy, BackoffCeilingDoublesFromTheBaseUntilTheCap) {
  const RetryPolicy policy(settings(10, 50, 1000));
  const struct {
    int retry;
    int64_t ceilingMs;
  } cases[] = {{1, 50},   {2, 100},  {3, 200},   {4, 400},     {5, 800},
               {6, 1000}, {7, 1000}, {64, 1000}, {10000, 1000}};
  for (const auto& c : cases) {
    EXPECT_EQ(policy.backoffCeiling(c.retry).count(), c.ceilingMs) << "retry " << c.retry;
  }
}

TEST(RetryPolicy, FullJitterStaysWithinBounds) {
  const RetryPolicy policy(settings(10, 50, 1000));
  SeededJitter jitter(7);
  for (int retry = 1; retry <= 7; ++retry) {
    const int64_t ceiling = policy.backoffCeiling(retry).count();
    int64_t lowest = ceiling;
    int64_t highest = 0;
    double sum = 0;
    constexpr int kDraws = 20000;
    for (int i = 0; i < kDraws; ++i) {
      const int64_t wait = policy.backoff(retry, jitter.nextUnit()).count();
      ASSERT_GE(wait, 0);
      ASSERT_LE(wait, ceiling);
      lowest = std::min(lowest, wait);
      highest = std::max(highest, wait);
      sum += static_cast<double>(wait);
    }
    // Full jitter spreads over the whole range, not around the ceiling.
    EXPECT_LE(lowest, ceiling / 50) << "retry " << retry;
    EXPECT_GE(highest, ceiling - ceiling / 50) << "retry " << retry;
    EXPECT_NEAR(sum / kDraws, static_cast<double>(ceiling) / 2, static_cast<double>(ceiling) * 0.03)
        << "retry " << retry;
  }
}

TEST(RetryPolicy, JitterEndsMapToZeroAndTheCeiling) {
  const RetryPolicy policy(settings(10, 100, 1000));
  EXPECT_EQ(policy.backoff(3, 0.0).count(), 0);
  EXPECT_EQ(policy.backoff(3, std::nextafter(1.0, 0.0)).count(), 400);
  EXPECT_EQ(policy.backoff(3, 0.5).count(), 200);
  EXPECT_EQ(policy.backoff(3, 1.0).count(), 400);  // out-of-range units are clamped
  EXPECT_EQ(policy.backoff(3, -1.0).count(), 0);
}

TEST(RetryPolicy, RetryAfterIsTheMinimumWait) {
  const RetryPolicy policy(settings(10, 100, 1000));
  const struct {
    int retry;
    int64_t retryAfterMs;
    double unit;
    int64_t waitMs;
  } cases[] = {
      {1, 200, 0.0, 200},   // jitter 0 → the vendor's 200 ms
      {1, 200, 0.99, 200},  // jitter ≤ 100 → still 200 ms
      {4, 200, 0.99, 792},  // jitter beyond retryAfter → the jitter
      {1, 0, 0.5, 50},      // retryAfter 0 adds nothing
      {1, -1, 0.5, 50},     // no retryAfter
  };
  for (const auto& c : cases) {
    const VendorError error{ErrorClass::RateLimited, 429, c.retryAfterMs, ""};
    EXPECT_EQ(policy.waitBeforeRetry(c.retry, error, c.unit).count(), c.waitMs)
        << "retry " << c.retry << " retryAfter " << c.retryAfterMs;
  }
}

TEST(RetryPolicy, RetriesTransientErrorsOnlyAndMalformedAnswersOnce) {
  const RetryPolicy policy(settings(3, 50, 1000));
  const struct {
    ErrorClass errorClass;
    int attemptsSoFar;
    bool retry;
  } cases[] = {
      {ErrorClass::Transient, 1, true},       {ErrorClass::Transient, 2, true},
      {ErrorClass::Transient, 3, false},  // maxAttempts reached
      {ErrorClass::RateLimited, 1, true},     {ErrorClass::RateLimited, 3, false},
      {ErrorClass::Timeout, 2, true},         {ErrorClass::Timeout, 3, false},
      {ErrorClass::Permanent, 1, true},   // a malformed answer gets one retry...
      {ErrorClass::Permanent, 2, false},  // ...and no loop
      {ErrorClass::InvalidRequest, 1, false}, {ErrorClass::Auth, 1, false},
      {ErrorClass::Cancelled, 1, false},
  };
  for (const auto& c : cases) {
    const VendorError error{c.errorClass, 0, -1, ""};
    EXPECT_EQ(policy.allowsRetry(error, c.attemptsSoFar), c.retry)
        << toString(c.errorClass) << " after " << c.attemptsSoFar;
  }
}

TEST(RetryPolicy, OneMaxAttemptMeansNoRetryAtAll) {
  const RetryPolicy policy(settings(1, 50, 1000));
  EXPECT_FALSE(policy.allowsRetry(VendorError{ErrorClass::Transient, 500, -1, ""}, 1));
  EXPECT_FALSE(policy.allowsRetry(VendorError{ErrorClass::Permanent, 200, -1, ""}, 1));
}

TEST(SeededJitter, TheSameSeedGivesTheSameSequence) {
  SeededJitter a(42);
  SeededJitter b(42);
  for (int i = 0; i < 100; ++i) {
    const double unit = a.nextUnit();
    EXPECT_EQ(unit, b.nextUnit());
    EXPECT_GE(unit, 0.0);
    EXPECT_LT(unit, 1.0);
  }
}

}  // namespace
}  // namespace vb
