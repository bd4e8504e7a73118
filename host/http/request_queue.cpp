#include "http/request_queue.h"

namespace vb {

bool RequestQueue::othersActive(const std::string& key, Clock::time_point now) {
  if (keys_.size() > 1) return true;
  for (auto it = lastSeen_.begin(); it != lastSeen_.end();) {
    if (now - it->second > sharingWindow_) {
      it = lastSeen_.erase(it);  // pruned here: the map holds only recent keys
      continue;
    }
    if (it->first != key) return true;
    ++it;
  }
  return false;
}

bool RequestQueue::mayRun(const std::string& key, const KeyState& state, Clock::time_point now) {
  if (maxRunningPerKey_ == 0 || state.running < maxRunningPerKey_) return true;
  return !othersActive(key, now);
}

void RequestQueue::offer(const std::string& key, KeyState& state, Clock::time_point now) {
  if (state.inRing || state.waiting.empty() || !mayRun(key, state, now)) return;
  state.inRing = true;
  ring_.push_back(key);
  ready_.notify_one();
}

bool RequestQueue::tryPush(std::unique_ptr<ClientConnection>& connection) {
  const auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_ || queued_ >= capacity_) return false;
  const std::string key = connection->fairnessKey;
  KeyState& state = keys_[key];
  if (lastSeen_.size() > 4096)
    std::erase_if(lastSeen_, [&](const auto& seen) { return now - seen.second > sharingWindow_; });
  lastSeen_[key] = now;
  if (maxQueuedPerKey_ > 0 && state.waiting.size() >= maxQueuedPerKey_) {
    if (state.waiting.empty() && state.running == 0) keys_.erase(key);
    return false;
  }
  state.waiting.push_back(std::move(connection));
  ++queued_;
  offer(key, state, now);
  return true;
}

std::unique_ptr<ClientConnection> RequestQueue::pop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ready_.wait(lock, [&] { return closed_ || !ring_.empty(); });
    if (closed_) return nullptr;
    const std::string key = std::move(ring_.front());
    ring_.pop_front();
    KeyState& state = keys_[key];
    state.inRing = false;
    const auto now = Clock::now();
    // Another key became active since this one was offered: it waits for
    // one of its running requests to finish (finished() offers it again).
    if (!mayRun(key, state, now)) continue;
    auto connection = std::move(state.waiting.front());
    state.waiting.pop_front();
    --queued_;
    ++state.running;
    offer(key, state, now);  // to the back of the ring: the other keys go first
    return connection;
  }
}

void RequestQueue::finished(const std::string& key) {
  const auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = keys_.find(key);
  if (it == keys_.end()) return;
  lastSeen_[key] = now;
  KeyState& state = it->second;
  if (state.running > 0) --state.running;
  if (state.waiting.empty() && state.running == 0 && !state.inRing) {
    keys_.erase(it);
    return;
  }
  offer(key, state, now);
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
