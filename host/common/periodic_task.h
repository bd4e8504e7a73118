// PeriodicTask: runs a function on its own thread every `period` until
// stopped (maintenance such as retention purges). The function's exceptions
// are logged, never propagated. stop() (or the destructor) wakes the thread
// and joins it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace vb {

class PeriodicTask {
 public:
  // The first run happens at once, then every `period`.
  PeriodicTask(std::string name, std::chrono::milliseconds period, std::function<void()> run);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void stop();

 private:
  void loop();

  const std::string name_;
  const std::chrono::milliseconds period_;
  const std::function<void()> run_;
  std::mutex mutex_;  // guards stopping_
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace vb
