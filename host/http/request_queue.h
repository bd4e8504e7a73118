// RequestQueue: complete requests waiting for a worker, bounded, and FAIR
// across clients. Internal to HttpServer. Thread-safe: the ConnectionLoop
// pushes, workers pop and report finished().
//
// Why fair: a plain FIFO lets one tenant's flood of 200 requests sit ahead
// of another tenant's one request, and lets it occupy every worker (and so
// the CPU) — measured: the other tenant's turn p50 went from 26 to 186 ms.
// Here each request carries a fairness key (the caller's API-key prefix,
// else its address: HttpServerSettings::fairnessKey). Keys are served
// round-robin, one request per key per round, and while another key is
// active (has requests waiting or running, or had one within sharingWindow)
// a key never has more than maxRunningPerKey requests with workers at once;
// the rest of its requests wait in its own queue (bounded by
// maxQueuedPerKey, then 503) without taking a worker or CPU from anyone. A
// key alone on the server may use every worker (a single tenant's throughput
// is not capped).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/client_connection.h"

namespace vb {

class RequestQueue {
 public:
  using Clock = std::chrono::steady_clock;
  // 0 for maxRunningPerKey / maxQueuedPerKey = no per-key bound.
  explicit RequestQueue(size_t capacity, size_t maxRunningPerKey = 0, size_t maxQueuedPerKey = 0,
                        Clock::duration sharingWindow = std::chrono::seconds(1))
      : capacity_(capacity),
        maxRunningPerKey_(maxRunningPerKey),
        maxQueuedPerKey_(maxQueuedPerKey),
        sharingWindow_(sharingWindow) {}

  // Takes `connection` (its fairnessKey set) unless the queue, or its key's
  // share of it, is full or the queue is closed (then returns false and
  // leaves it with the caller).
  bool tryPush(std::unique_ptr<ClientConnection>& connection);
  // Blocks until some key may run a request; null once the queue is closed.
  // The caller must call finished(key) when that request is done.
  std::unique_ptr<ClientConnection> pop();
  void finished(const std::string& key);
  // Wakes every waiting pop() (they return null); connections still queued
  // are closed.
  void close();

 private:
  struct KeyState {
    std::deque<std::unique_ptr<ClientConnection>> waiting;
    size_t running = 0;
    bool inRing = false;  // listed in ring_
  };
  // Whether the key may start one more request now. REQUIRES(mutex_)
  bool mayRun(const std::string& key, const KeyState& state, Clock::time_point now);
  // Some key other than `key` is active (see above). REQUIRES(mutex_)
  bool othersActive(const std::string& key, Clock::time_point now);
  // Puts the key in the ring if it has work it may start. REQUIRES(mutex_)
  void offer(const std::string& key, KeyState& state, Clock::time_point now);

  const size_t capacity_;
  const size_t maxRunningPerKey_;
  const size_t maxQueuedPerKey_;
  const Clock::duration sharingWindow_;
  std::mutex mutex_;  // guards everything below
  std::condition_variable ready_;
  std::map<std::string, KeyState> keys_;               // keys with waiting or running requests
  std::deque<std::string> ring_;                       // keys that may start a request, in round-robin order
  std::map<std::string, Clock::time_point> lastSeen_;  // when each key last queued or finished a request
  size_t queued_ = 0;                                  // waiting requests, all keys
  bool closed_ = false;
};

}  // namespace vb
