#include "governance/gcra.h"

#include <algorithm>

namespace vb {
namespace {

using Nanos = Gcra::Nanos;

Nanos interval(int64_t perMinute) { return Nanos(Gcra::kPeriod.count() / std::max<int64_t>(1, perMinute)); }

int64_t ceilSeconds(Nanos d) {
  if (d <= Nanos::zero()) return 0;
  constexpr int64_t kSecond = 1'000'000'000;
  return (d.count() + kSecond - 1) / kSecond;
}

GcraDecision decide(bool allowed, Nanos tatAfter, Nanos now, int64_t perMinute, Nanos t) {
  GcraDecision d;
  d.allowed = allowed;
  d.limit = perMinute;
  const Nanos backlog = std::max(Nanos::zero(), tatAfter - now);
  d.remaining = std::clamp<int64_t>((Gcra::kPeriod - backlog) / t, 0, perMinute);
  d.resetSeconds = ceilSeconds(backlog);
  return d;
}

}  // namespace

GcraDecision Gcra::take(Nanos& tat, Nanos now, int64_t perMinute, int64_t units) {
  const Nanos t = interval(perMinute);
  const Nanos next = std::max(tat, now) + t * units;
  if (next - now > kPeriod) {
    GcraDecision refused = decide(false, std::max(tat, now), now, perMinute, t);
    refused.retryAfterSeconds = std::max<int64_t>(1, ceilSeconds(next - now - kPeriod));
    return refused;
  }
  tat = next;
  return decide(true, tat, now, perMinute, t);
}

GcraDecision Gcra::peek(Nanos tat, Nanos now, int64_t perMinute) {
  const Nanos t = interval(perMinute);
  const Nanos next = std::max(tat, now) + t;
  GcraDecision d = decide(next - now <= kPeriod, std::max(tat, now), now, perMinute, t);
  if (!d.allowed) d.retryAfterSeconds = std::max<int64_t>(1, ceilSeconds(next - now - kPeriod));
  return d;
}

void Gcra::charge(Nanos& tat, Nanos now, int64_t perMinute, int64_t units) {
  tat = std::max(tat, now) + interval(perMinute) * std::max<int64_t>(0, units);
}

}  // namespace vb
