#include "jobs/callback_backoff.h"

#include <algorithm>
#include <cmath>

namespace vb {

std::chrono::milliseconds CallbackBackoff::ceiling(int retry) const {
  int64_t ceiling = base_.count();
  for (int n = 1; n < retry && ceiling < cap_.count(); ++n) ceiling *= 2;
  return std::chrono::milliseconds(std::min<int64_t>(ceiling, cap_.count()));
}

std::chrono::milliseconds CallbackBackoff::wait(int retry, double unit) const {
  const double clamped = std::clamp(unit, 0.0, 1.0);
  const auto top = ceiling(retry).count();
  // (top + 1) buckets so both 0 and top are reachable.
  const auto ms = static_cast<int64_t>(std::floor(clamped * static_cast<double>(top + 1)));
  return std::chrono::milliseconds(std::min<int64_t>(ms, top));
}

}  // namespace vb
