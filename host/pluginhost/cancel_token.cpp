#include "pluginhost/cancel_token.h"

#include <algorithm>

namespace vb {

void CancelToken::cancel() {
  std::lock_guard lock(mutex_);
  if (cancelled_.exchange(true, std::memory_order_acq_rel)) return;
  for (auto& [id, hook] : hooks_) {
    try {
      hook();
    } catch (...) {
      // An abort hook failing (e.g. the socket already closed) changes nothing:
      // the exchange still observes cancelled() afterwards.
    }
  }
  hooks_.clear();
}

uint64_t CancelToken::addHook(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  if (cancelled_.load(std::memory_order_acquire)) return 0;
  const uint64_t id = nextHookId_++;
  hooks_.emplace_back(id, std::move(hook));
  return id;
}

void CancelToken::removeHook(uint64_t id) {
  std::lock_guard lock(mutex_);
  std::erase_if(hooks_, [id](const auto& entry) { return entry.first == id; });
}

}  // namespace vb
