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

// Every error class pinned to its decision (SPEC §3; retry_policy.h,
// vb_plugin.h and docs/PLUGIN-SDK.md state the same table).
TEST(RetryPolicy, EachErrorClassRetriesExactlyAsDocumented) {
  const RetryPolicy policy(settings(3, 50, 1000));
  const struct {
    ErrorClass errorClass;
    int httpStatus;
    int attemptsSoFar;
    bool retry;
  } cases[] = {
      // transient: 5xx and connection errors (no HTTP status), up to maxAttempts
      {ErrorClass::Transient, 500, 1, true},
      {ErrorClass::Transient, 503, 2, true},
      {ErrorClass::Transient, 0, 1, true},
      {ErrorClass::Transient, 500, 3, false},  // maxAttempts reached
      // rate limited (429), up to maxAttempts
      {ErrorClass::RateLimited, 429, 1, true},
      {ErrorClass::RateLimited, 429, 2, true},
      {ErrorClass::RateLimited, 429, 3, false},
      // timeouts, up to maxAttempts
      {ErrorClass::Timeout, 0, 1, true},
      {ErrorClass::Timeout, 408, 2, true},
      {ErrorClass::Timeout, 0, 3, false},
      // a malformed answer (2xx the plugin could not parse): one retry, no loop
      {ErrorClass::Permanent, 200, 1, true},
      {ErrorClass::Permanent, 299, 1, true},
      {ErrorClass::Permanent, 200, 2, false},
      // any other permanent error: never
      {ErrorClass::Permanent, 0, 1, false},    // a plugin or host defect
      {ErrorClass::Permanent, 302, 1, false},  // an unexpected vendor status
      {ErrorClass::Permanent, 500, 1, false},  // the plugin said permanent: believe it
      // the request or the credentials are wrong: never
      {ErrorClass::InvalidRequest, 400, 1, false},
      {ErrorClass::InvalidRequest, 404, 1, false},
      {ErrorClass::InvalidRequest, 422, 1, false},
      {ErrorClass::Auth, 401, 1, false},
      {ErrorClass::Auth, 403, 1, false},
      // we stopped it, or nothing failed: never
      {ErrorClass::Cancelled, 0, 1, false},
      {ErrorClass::None, 0, 1, false},
  };
  for (const auto& c : cases) {
    const VendorError error{c.errorClass, c.httpStatus, -1, ""};
    EXPECT_EQ(policy.allowsRetry(error, c.attemptsSoFar), c.retry)
        << toString(c.errorClass) << " HTTP " << c.httpStatus << " after " << c.attemptsSoFar;
  }
  // No class is left out of the table.
  for (const ErrorClass errorClass :
       {ErrorClass::None, ErrorClass::Transient, ErrorClass::RateLimited, ErrorClass::Timeout,
        ErrorClass::InvalidRequest, ErrorClass::Auth, ErrorClass::Permanent, ErrorClass::Cancelled}) {
    EXPECT_TRUE(std::any_of(std::begin(cases), std::end(cases), [&](const auto& c) {
      return c.errorClass == errorClass;
    })) << toString(errorClass);
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
