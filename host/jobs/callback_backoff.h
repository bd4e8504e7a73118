// The wait before a callback's next delivery attempt: exponential backoff
// with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"),
//   wait = uniform[0, min(cap, base · 2^(retry−1))],  retry = 1, 2, …
// so many receivers failing at once do not get their retries in lockstep.
// Immutable; the randomness is the caller's (a unit in [0, 1)).
#pragma once

#include <chrono>

namespace vb {

class CallbackBackoff {
 public:
  CallbackBackoff(std::chrono::milliseconds base, std::chrono::milliseconds cap) : base_(base), cap_(cap) {}

  // min(cap, base · 2^(retry−1)); saturates at cap, never overflows. retry < 1 counts as 1.
  std::chrono::milliseconds ceiling(int retry) const;
  // `unit` in [0, 1) mapped uniformly onto [0, ceiling(retry)] (whole milliseconds).
  std::chrono::milliseconds wait(int retry, double unit) const;

 private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds cap_;
};

}  // namespace vb
