#include "reliability/circuit_breaker.h"

#include <algorithm>
#include <utility>

namespace vb {

const char* toString(BreakerState state) {
  switch (state) {
    case BreakerState::Closed:
      return "closed";
    case BreakerState::Open:
      return "open";
    case BreakerState::HalfOpen:
      return "half_open";
  }
  return "unknown";
}

CircuitBreaker::Permit::Permit(Permit&& other) noexcept
    : breaker_(std::exchange(other.breaker_, nullptr)), epoch_(other.epoch_), probe_(other.probe_) {}

CircuitBreaker::Permit& CircuitBreaker::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    record(CallVerdict::Ignored);
    breaker_ = std::exchange(other.breaker_, nullptr);
    epoch_ = other.epoch_;
    probe_ = other.probe_;
  }
  return *this;
}

CircuitBreaker::Permit::~Permit() { record(CallVerdict::Ignored); }

void CircuitBreaker::Permit::record(CallVerdict verdict) {
  if (auto* breaker = std::exchange(breaker_, nullptr)) breaker->record(epoch_, probe_, verdict);
}

CircuitBreaker::CircuitBreaker(BreakerSettings settings, std::shared_ptr<Clock> clock)
    : settings_(settings),
      clock_(std::move(clock)),
      origin_(clock_->now()),
      bucketWidth_(std::max<std::chrono::milliseconds::rep>(1, settings_.window.count() / kBuckets)) {}

CircuitBreaker::Permit CircuitBreaker::tryAcquire() {
  std::lock_guard lock(mutex_);
  advanceIfCooledDown(clock_->now());
  switch (state_) {
    case BreakerState::Closed:
      return Permit(this, epoch_, false);
    case BreakerState::HalfOpen:
      if (probeInFlight_) return Permit();
      probeInFlight_ = true;
      return Permit(this, epoch_, true);
    case BreakerState::Open:
      break;
  }
  return Permit();
}

BreakerState CircuitBreaker::state() {
  std::lock_guard lock(mutex_);
  advanceIfCooledDown(clock_->now());
  return state_;
}

uint64_t CircuitBreaker::timesOpened() const {
  std::lock_guard lock(mutex_);
  return timesOpened_;
}

void CircuitBreaker::record(uint64_t epoch, bool probe, CallVerdict verdict) {
  std::lock_guard lock(mutex_);
  if (epoch != epoch_) return;  // admitted under an earlier state: stale evidence
  const auto now = clock_->now();
  if (state_ == BreakerState::HalfOpen) {
    if (!probe) return;
    switch (verdict) {
      case CallVerdict::Success:
        transitionTo(BreakerState::Closed, now);
        break;
      case CallVerdict::Failure:
        transitionTo(BreakerState::Open, now);
        break;
      case CallVerdict::Ignored:
        probeInFlight_ = false;  // let the next call probe
        break;
    }
    return;
  }
  if (state_ != BreakerState::Closed || verdict == CallVerdict::Ignored) return;
  const bool failed = verdict == CallVerdict::Failure;
  consecutiveFailures_ = failed ? consecutiveFailures_ + 1 : 0;
  countInWindow(now, failed);
  if (failed && (consecutiveFailures_ >= settings_.consecutiveFailures || windowTripped(now))) {
    transitionTo(BreakerState::Open, now);
  }
}

void CircuitBreaker::advanceIfCooledDown(Clock::Steady::time_point now) {
  if (state_ == BreakerState::Open && now - openedAt_ >= settings_.coolDown)
    transitionTo(BreakerState::HalfOpen, now);
}

void CircuitBreaker::transitionTo(BreakerState next, Clock::Steady::time_point now) {
  state_ = next;
  ++epoch_;
  probeInFlight_ = false;
  if (next == BreakerState::Open) {
    openedAt_ = now;
    ++timesOpened_;
  }
  if (next == BreakerState::Closed) {
    consecutiveFailures_ = 0;
    window_.fill(Bucket{});
  }
}

void CircuitBreaker::countInWindow(Clock::Steady::time_point now, bool failed) {
  const int64_t index = (now - origin_) / bucketWidth_;
  Bucket& bucket = window_[static_cast<size_t>(index % kBuckets)];
  if (bucket.index != index) bucket = Bucket{index, 0, 0};
  ++bucket.calls;
  if (failed) ++bucket.failures;
}

bool CircuitBreaker::windowTripped(Clock::Steady::time_point now) const {
  const int64_t current = (now - origin_) / bucketWidth_;
  int calls = 0;
  int failures = 0;
  for (const Bucket& bucket : window_) {
    if (bucket.index > current - kBuckets && bucket.index <= current) {
      calls += bucket.calls;
      failures += bucket.failures;
    }
  }
  return calls >= settings_.minimumCalls &&
         static_cast<double>(failures) >= settings_.failureRatio * static_cast<double>(calls);
}

}  // namespace vb
