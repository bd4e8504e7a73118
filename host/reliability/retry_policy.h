// RetryPolicy: which vendor errors are worth another try at the same
// provider, and how long to wait first. One rule per error class (SPEC §3,
// "Reliability pipeline"; docs/PLUGIN-SDK.md and vb_plugin.h say the same):
//   transient (5xx, connection errors), rate_limited (429), timeout
//       → retried with backoff, up to maxAttempts;
//   permanent with a 2xx HTTP status — the vendor answered "OK" but the
//       plugin could not parse the answer — → ONE retry (a garbled reply is
//       usually a one-off proxy or transport fault), then never again;
//   any other permanent (a plugin or host defect, an unexpected status),
//       invalid_request (4xx other than 429), auth (401/403), cancelled
//       → never retried.
// Waits are exponential backoff with full jitter (AWS Architecture Blog,
// "Exponential Backoff and Jitter"):
//   wait = uniform[0, min(cap, base · 2^(retry−1))]
// and a 429's retryAfterMs is the minimum wait. Immutable and cheap to copy;
// randomness comes from a JitterSource so tests pick it.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

#include "pluginhost/vendor_gateway.h"
#include "reliability/reliability_config.h"

namespace vb {

// Uniform numbers in [0, 1) for jitter. Implementations must be thread-safe:
// one source serves every turn of a pipeline.
class JitterSource {
 public:
  virtual ~JitterSource() = default;
  virtual double nextUnit() = 0;
};

// A seeded Mersenne Twister behind a mutex. Thread-safe.
class SeededJitter final : public JitterSource {
 public:
  explicit SeededJitter(uint64_t seed) : engine_(seed) {}
  double nextUnit() override;

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_;  // guarded by mutex_
};

class RetryPolicy {
 public:
  explicit RetryPolicy(RetrySettings settings) : settings_(settings) {}

  // 5xx, 429, timeouts and connection errors: the vendor may answer next time.
  static bool isTransient(ErrorClass errorClass);
  // A vendor answer with a 2xx status that the plugin could not parse: the
  // plugin reports it as Permanent with the answer's HTTP status (vb_plugin.h).
  static bool isMalformedAnswer(const VendorError& error);

  // Whether the same provider may be tried again after its `attemptsSoFar`-th
  // attempt (1-based, this provider only) ended with `error`, by the rules in
  // the header comment; never once attemptsSoFar reaches maxAttempts.
  bool allowsRetry(const VendorError& error, int attemptsSoFar) const;

  // min(cap, base · 2^(retry−1)) for retry = 1, 2, …; saturates, never overflows.
  std::chrono::milliseconds backoffCeiling(int retry) const;

  // Full jitter: `unit` in [0, 1) maps uniformly onto [0, backoffCeiling(retry)]
  // (both ends reachable, whole milliseconds).
  std::chrono::milliseconds backoff(int retry, double unit) const;

  // The wait before retry `retry` after `error`: the jittered backoff, but
  // never less than the vendor's retryAfterMs when it sent one.
  std::chrono::milliseconds waitBeforeRetry(int retry, const VendorError& error, double unit) const;

  const RetrySettings& settings() const { return settings_; }

 private:
  RetrySettings settings_;
};

}  // namespace vb
