// WorkerCrew: the threads of a work queue (job workers, callback workers) and
// their lifecycle — start N loops, and on stop tell them to finish and join
// them. The flag the loops test lives here but is guarded by the OWNER's
// mutex (passed in), the one that also guards the owner's queue, so a loop
// checks "stopping?" and "work?" under one lock.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vb {

class WorkerCrew {
 public:
  WorkerCrew(std::mutex& mutex, std::condition_variable& wake) : mutex_(mutex), wake_(wake) {}
  ~WorkerCrew() { stop(); }
  WorkerCrew(const WorkerCrew&) = delete;
  WorkerCrew& operator=(const WorkerCrew&) = delete;

  // Starts `workers` threads running `loop`; false (nothing started) when
  // already running. Takes the owner's mutex.
  bool start(int workers, const std::function<void()>& loop);
  // Sets stopping, wakes every loop and joins them; false when not running.
  // Takes the owner's mutex (not held on return).
  bool stop();
  // For the loops and the owner's producers; the owner's mutex must be held.
  bool stopping() const { return stopping_; }

 private:
  std::mutex& mutex_;
  std::condition_variable& wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  bool started_ = false;   // GUARDED_BY(mutex_)
  std::vector<std::thread> threads_;  // touched only by start()/stop()
};

}  // namespace vb
