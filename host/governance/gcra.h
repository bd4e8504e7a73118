// GCRA (generic cell rate algorithm): a token bucket kept as ONE number per
// key, the theoretical arrival time (TAT) of the next unit. A limit of N per
// minute emits one unit every T = 60 s / N and tolerates a burst of N (a
// full bucket). Pure functions over that number, so the limiter holds no
// timers and tests need no clock.
//
//   take(n):   allowed when max(TAT, now) + n·T − now ≤ 60 s; then TAT moves.
//   peek():    at least one unit left (TAT − now ≤ 60 s − T); TAT unchanged.
//   charge(n): consume after the fact (billed tokens), even into debt: the
//              next peek() waits until the debt has drained.
//
// Decisions carry what the RateLimit-* headers and Retry-After say: the
// limit, the units left, the seconds until the bucket is full again, and —
// when refused — the seconds until the request would be allowed (≥ 1,
// rounded up, so a client that waits that long is admitted).
#pragma once

#include <chrono>
#include <cstdint>

namespace vb {

struct GcraDecision {
  bool allowed = true;
  int64_t limit = 0;              // per minute
  int64_t remaining = 0;          // units left after this decision
  int64_t resetSeconds = 0;       // until the bucket is full again
  int64_t retryAfterSeconds = 0;  // when refused: until the same request fits
};

class Gcra {
 public:
  using Nanos = std::chrono::nanoseconds;
  static constexpr Nanos kPeriod = std::chrono::minutes(1);

  // `tat` is the key's state (0 for a new key), `now` any monotonic time.
  static GcraDecision take(Nanos& tat, Nanos now, int64_t perMinute, int64_t units = 1);
  static GcraDecision peek(Nanos tat, Nanos now, int64_t perMinute);
  static void charge(Nanos& tat, Nanos now, int64_t perMinute, int64_t units);
};

}  // namespace vb
