#include "common/periodic_task.h"

#include <Poco/Logger.h>

namespace vb {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds period, std::function<void()> run)
    : name_(std::move(name)), period_(period), run_(std::move(run)), thread_([this] { loop(); }) {}

PeriodicTask::~PeriodicTask() { stop(); }

void PeriodicTask::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void PeriodicTask::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      run_();
    } catch (const std::exception& e) {
      Poco::Logger::get("maintenance").warning("%s failed: %s", name_, std::string(e.what()));
    }
    lock.lock();
    wake_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

}  // namespace vb
