// RequestQueue: complete requests waiting for a worker, bounded. Internal to
// HttpServer. Thread-safe: the ConnectionLoop pushes, workers pop.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include "http/client_connection.h"

namespace vb {

class RequestQueue {
 public:
  explicit RequestQueue(size_t capacity) : capacity_(capacity) {}

  // Takes `connection` unless the queue is full or closed (then returns false
  // and leaves it with the caller).
  bool tryPush(std::unique_ptr<ClientConnection>& connection);
  // Blocks until a connection is queued; null once the queue is closed.
  std::unique_ptr<ClientConnection> pop();
  // Wakes every waiting pop() (they return null); connections still queued
  // are closed.
  void close();

 private:
  const size_t capacity_;
  std::mutex mutex_;  // guards queue_, closed_
  std::condition_variable ready_;
  std::deque<std::unique_ptr<ClientConnection>> queue_;
  bool closed_ = false;
};

}  // namespace vb
