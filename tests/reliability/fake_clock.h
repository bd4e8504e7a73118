// FakeClock: time that moves only when a test (or code under test) moves it.
// sleepUntil() advances time instead of blocking, so backoff waits cost
// nothing and every duration a test checks is exact. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <vector>

#include "common/clock.h"

namespace vb::fakes {

class FakeClock final : public Clock {
 public:
  // Steady time starts well away from the epoch so "zero" is never special;
  // wall time starts at 2024-01-01T00:00:00Z.
  FakeClock() : origin_(Steady::time_point{} + std::chrono::hours(1000)), now_(origin_) {}

  Steady::time_point now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  System::time_point wallNow() const override {
    std::lock_guard lock(mutex_);
    return kWallOrigin + std::chrono::duration_cast<System::duration>(now_ - origin_);
  }
  void sleepUntil(Steady::time_point until) override {
    std::lock_guard lock(mutex_);
    sleeps_.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(until - now_));
    if (until > now_) now_ = until;
  }

  void advance(Steady::duration by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }
  // Time since the clock was made.
  std::chrono::milliseconds elapsed() const {
    std::lock_guard lock(mutex_);
    return std::chrono::duration_cast<std::chrono::milliseconds>(now_ - origin_);
  }
  // Every sleepUntil() so far, as the duration asked for.
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }

  static constexpr System::time_point kWallOrigin = System::time_point{std::chrono::seconds{1704067200}};

 private:
  const Steady::time_point origin_;
  mutable std::mutex mutex_;
  Steady::time_point now_;                         // guarded by mutex_
  std::vector<std::chrono::milliseconds> sleeps_;  // guarded by mutex_
};

}  // namespace vb::fakes
