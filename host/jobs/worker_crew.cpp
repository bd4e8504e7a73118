#include "jobs/worker_crew.h"

namespace vb {

bool WorkerCrew::start(int workers, const std::function<void()>& loop) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (started_) return false;
    started_ = true;
    stopping_ = false;
  }
  for (int i = 0; i < workers; ++i) threads_.emplace_back(loop);
  return true;
}

bool WorkerCrew::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!started_) return false;
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  std::lock_guard<std::mutex> lock(mutex_);
  started_ = false;
  return true;
}

}  // namespace vb
