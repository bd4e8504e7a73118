#include "http/request_queue.h"

namespace vb {

void RequestQueue::offer(const std::string& key, KeyState& state) {
  if (state.inRing || state.waiting.empty() || !mayRun(state)) return;
  state.inRing = true;
  ring_.push_back(key);
  ready_.notify_one();
}

bool RequestQueue::tryPush(std::unique_ptr<ClientConnection>& connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_ || queued_ >= capacity_) return false;
  const std::string key = connection->fairnessKey;
  KeyState& state = keys_[key];
  if (maxQueuedPerKey_ > 0 && state.waiting.size() >= maxQueuedPerKey_) {
    if (state.waiting.empty() && state.running == 0) keys_.erase(key);
    return false;
  }
  state.waiting.push_back(std::move(connection));
  ++queued_;
  offer(key, state);
  return true;
}

std::unique_ptr<ClientConnection> RequestQueue::pop() {
  std::unique_lock<std::mutex> lock(mutex_);
  ready_.wait(lock, [&] { return closed_ || !ring_.empty(); });
  if (closed_) return nullptr;
  const std::string key = std::move(ring_.front());
  ring_.pop_front();
  KeyState& state = keys_[key];
  state.inRing = false;
  auto connection = std::move(state.waiting.front());
  state.waiting.pop_front();
  --queued_;
  ++state.running;
  offer(key, state);  // to the back of the ring: the other keys go first
  return connection;
}

void RequestQueue::finished(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = keys_.find(key);
  if (it == keys_.end()) return;
  KeyState& state = it->second;
  if (state.running > 0) --state.running;
  if (state.waiting.empty() && state.running == 0 && !state.inRing) {
    keys_.erase(it);
    return;
  }
  offer(key, state);
}

void RequestQueue::close() {
  std::map<std::string, KeyState> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    dropped.swap(keys_);
    ring_.clear();
    queued_ = 0;
  }
  ready_.notify_all();
}

}  // namespace vb
