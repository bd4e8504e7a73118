#include "common/clock.h"

#include <thread>

namespace vb {

void SystemClock::sleepUntil(Steady::time_point until) { std::this_thread::sleep_until(until); }

std::shared_ptr<Clock> systemClock() {
  static const auto clock = std::make_shared<SystemClock>();
  return clock;
}

}  // namespace vb
