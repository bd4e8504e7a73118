// Waiting for a condition in a test: poll it with a deadline, never sleep
// "long enough".
#pragma once

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

namespace vb::test {

// Polls until `done` holds (every 10 ms); throws std::runtime_error naming
// `what` after `limit`.
inline void pollUntil(const std::function<bool()>& done, std::chrono::seconds limit, const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("timed out waiting for " + what);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace vb::test
