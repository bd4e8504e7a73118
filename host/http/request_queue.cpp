#include "http/request_queue.h"

namespace vb {

bool RequestQueue::tryPush(std::unique_ptr<ClientConnection>& connection) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_ || queue_.size() >= capacity_) return false;
    queue_.push_back(std::move(connection));
  }
  ready_.notify_one();
  return true;
}

std::unique_ptr<ClientConnection> RequestQueue::pop() {
  std::unique_lock<std::mutex> lock(mutex_);
  ready_.wait(lock, [&] { return closed_ || !queue_.empty(); });
  if (closed_) return nullptr;
  auto connection = std::move(queue_.front());
  queue_.pop_front();
  return connection;
}

void RequestQueue::close() {
  std::deque<std::unique_ptr<ClientConnection>> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    dropped.swap(queue_);
  }
  ready_.notify_all();
}

}  // namespace vb
