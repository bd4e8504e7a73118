// Clock: the one source of time for code whose behaviour depends on it
// (retries, circuit breakers, idempotency expiry), so tests can fake it.
#pragma once

#include <chrono>
#include <memory>

namespace vb {

class Clock {
 public:
  using Steady = std::chrono::steady_clock;
  using System = std::chrono::system_clock;

  virtual ~Clock() = default;
  virtual Steady::time_point now() const = 0;        // for durations and deadlines
  virtual System::time_point wallNow() const = 0;    // for timestamps that are stored
  // Blocks the calling thread until `until` (fake clocks advance instead).
  virtual void sleepUntil(Steady::time_point until) = 0;
};

// The real clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  Steady::time_point now() const override { return Steady::now(); }
  System::time_point wallNow() const override { return System::now(); }
  void sleepUntil(Steady::time_point until) override;
};

std::shared_ptr<Clock> systemClock();

}  // namespace vb
