#include "reliability/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace vb {

double SeededJitter::nextUnit() {
  std::lock_guard lock(mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
}

bool RetryPolicy::isTransient(ErrorClass errorClass) {
  switch (errorClass) {
    case ErrorClass::Transient:
    case ErrorClass::RateLimited:
    case ErrorClass::Timeout:
      return true;
    default:
      return false;
  }
}

bool RetryPolicy::isMalformedAnswer(const VendorError& error) {
  return error.errorClass == ErrorClass::Permanent && error.httpStatus >= 200 && error.httpStatus <= 299;
}

bool RetryPolicy::allowsRetry(const VendorError& error, int attemptsSoFar) const {
  if (attemptsSoFar >= settings_.maxAttempts) return false;
  if (isTransient(error.errorClass)) return true;
  if (isMalformedAnswer(error)) return attemptsSoFar < 2;
  return false;
}

std::chrono::milliseconds RetryPolicy::backoffCeiling(int retry) const {
  const int64_t base = settings_.backoffBase.count();
  const int64_t cap = settings_.backoffCap.count();
  int64_t ceiling = base;
  for (int i = 1; i < retry && ceiling < cap; ++i) ceiling *= 2;
  return std::chrono::milliseconds{std::min(ceiling, cap)};
}

std::chrono::milliseconds RetryPolicy::backoff(int retry, double unit) const {
  const int64_t ceiling = backoffCeiling(retry).count();
  const double clamped = std::clamp(unit, 0.0, std::nextafter(1.0, 0.0));
  // ceiling + 1 buckets of equal width, so 0 and the ceiling are both reachable.
  const auto pick = static_cast<int64_t>(std::floor(clamped * static_cast<double>(ceiling + 1)));
  return std::chrono::milliseconds{std::min(pick, ceiling)};
}

std::chrono::milliseconds RetryPolicy::waitBeforeRetry(int retry, const VendorError& error,
                                                       double unit) const {
  const auto jittered = backoff(retry, unit);
  if (error.retryAfterMs < 0) return jittered;
  return std::max(jittered, std::chrono::milliseconds{error.retryAfterMs});
}

}  // namespace vb
