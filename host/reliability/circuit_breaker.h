// CircuitBreaker: one per provider, shared by every turn, so a dead vendor
// costs no waiting once enough calls have shown it is dead.
//
//   Closed ──(consecutiveFailures in a row, or failureRatio of the calls in
//             the rolling window with at least minimumCalls)──▶ Open
//   Open ──(coolDown elapsed; checked lazily on the next call)──▶ HalfOpen
//   HalfOpen: exactly one probe call at a time; others are refused.
//             probe succeeds ──▶ Closed (counters and window cleared)
//             probe fails    ──▶ Open for another coolDown
//
// Calls go through a Permit: tryAcquire() says whether to call the vendor,
// the Permit carries the verdict back. Each state change starts a new epoch;
// a verdict from an earlier epoch (a call admitted before the breaker opened)
// is ignored, so slow stragglers cannot reopen or re-close it.
//
// The rolling window is 10 buckets of window/10: it covers between 9/10 of
// the window and the whole window, with memory that does not grow with load.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

#include "common/clock.h"
#include "reliability/reliability_config.h"

namespace vb {

enum class BreakerState { Closed, Open, HalfOpen };
const char* toString(BreakerState state);  // "closed" | "open" | "half_open"

// What one call says about the vendor's health.
enum class CallVerdict {
  Success,  // the vendor answered (including "your request is invalid": it is alive)
  Failure,  // 5xx, 429, timeout, connection error, malformed answer, auth
  Ignored   // no evidence either way (e.g. cancelled by us); frees a probe slot
};

// Thread-safe: every member may be called concurrently.
class CircuitBreaker {
 public:
  // Admission to one call. Move-only. A Permit destroyed without record()
  // records CallVerdict::Ignored, so an exception never leaves a probe slot
  // taken for ever. Must not outlive its breaker.
  class Permit {
   public:
    Permit() = default;
    Permit(Permit&& other) noexcept;
    Permit& operator=(Permit&& other) noexcept;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit();

    bool admitted() const { return breaker_ != nullptr; }
    explicit operator bool() const { return admitted(); }
    bool isProbe() const { return probe_; }
    // Reports the call's outcome; later calls do nothing.
    void record(CallVerdict verdict);

   private:
    friend class CircuitBreaker;
    Permit(CircuitBreaker* breaker, uint64_t epoch, bool probe)
        : breaker_(breaker), epoch_(epoch), probe_(probe) {}
    CircuitBreaker* breaker_ = nullptr;  // null: refused, or already recorded
    uint64_t epoch_ = 0;
    bool probe_ = false;
  };

  CircuitBreaker(BreakerSettings settings, std::shared_ptr<Clock> clock);
  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // An admitted Permit when the circuit is closed, or half-open with no probe
  // in flight (the Permit is then the probe); a refused one otherwise. Never
  // blocks.
  Permit tryAcquire();

  // The current state (an open circuit whose cool-down has elapsed reads as
  // half-open).
  BreakerState state();
  // How many times the circuit has opened (closed→open and half-open→open).
  uint64_t timesOpened() const;

  const BreakerSettings& settings() const { return settings_; }

 private:
  struct Bucket {
    int64_t index = -1;  // which window slice this bucket currently counts
    int calls = 0;
    int failures = 0;
  };
  static constexpr int kBuckets = 10;

  void record(uint64_t epoch, bool probe, CallVerdict verdict);
  // The functions below require mutex_ held.
  void advanceIfCooledDown(Clock::Steady::time_point now);
  void transitionTo(BreakerState next, Clock::Steady::time_point now);
  void countInWindow(Clock::Steady::time_point now, bool failed);
  bool windowTripped(Clock::Steady::time_point now) const;

  const BreakerSettings settings_;
  const std::shared_ptr<Clock> clock_;
  const Clock::Steady::time_point origin_;  // bucket indices count from here
  const std::chrono::milliseconds bucketWidth_;

  mutable std::mutex mutex_;
  BreakerState state_ = BreakerState::Closed;  // guarded by mutex_
  uint64_t epoch_ = 0;                         // guarded by mutex_; +1 on every state change
  int consecutiveFailures_ = 0;                // guarded by mutex_
  std::array<Bucket, kBuckets> window_{};      // guarded by mutex_
  Clock::Steady::time_point openedAt_{};       // guarded by mutex_
  bool probeInFlight_ = false;                 // guarded by mutex_
  uint64_t timesOpened_ = 0;                   // guarded by mutex_
};

}  // namespace vb
