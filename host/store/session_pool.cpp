#include "store/session_pool.h"

#include <chrono>
#include <stdexcept>

namespace vb {

SessionPool::SessionPool(std::string what, int capacity, int waitMs, Opener open)
    : what_(std::move(what)), capacity_(capacity < 1 ? 1 : capacity), waitMs_(waitMs), open_(std::move(open)) {}

SessionPool::Lease::Lease(SessionPool& pool) : pool_(pool) {
  std::unique_lock<std::mutex> lock(pool_.mutex_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(pool_.waitMs_);
  while (pool_.idle_.empty() && pool_.openCount_ >= pool_.capacity_) {
    if (pool_.returned_.wait_until(lock, deadline) == std::cv_status::timeout && pool_.idle_.empty() &&
        pool_.openCount_ >= pool_.capacity_)
      throw std::runtime_error("database: no " + pool_.what_ + " session free");
  }
  if (!pool_.idle_.empty()) {
    session_ = std::move(pool_.idle_.back());
    pool_.idle_.pop_back();
    return;
  }
  ++pool_.openCount_;
  lock.unlock();
  try {
    session_ = pool_.open_();
  } catch (...) {
    std::lock_guard<std::mutex> relock(pool_.mutex_);
    --pool_.openCount_;
    pool_.returned_.notify_one();
    throw;
  }
}

SessionPool::Lease::~Lease() {
  PooledSession closing;
  {
    std::lock_guard<std::mutex> lock(pool_.mutex_);
    if (discard_) {
      closing = std::move(session_);
      --pool_.openCount_;
    } else {
      pool_.idle_.push_back(std::move(session_));
    }
    pool_.returned_.notify_one();
  }
  // `closing` is destroyed here, outside the lock (closing may wait on the network).
}

}  // namespace vb
