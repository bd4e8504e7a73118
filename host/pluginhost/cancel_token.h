// CancelToken: the host's handle behind vb_cancel_token. Whoever owns a call
// (the reliability pipeline, a turn with a deadline) creates one, passes it
// in ChatRequest/CallOptions, and may cancel() it from any thread; the host's
// HTTP client then aborts the exchange in flight and the plugin can poll it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "vocalbridge/vb_plugin.h"

namespace vb {

// Thread-safe: every member may be called concurrently from any thread.
class CancelToken {
 public:
  CancelToken() = default;
  CancelToken(const CancelToken&) = delete;
  CancelToken& operator=(const CancelToken&) = delete;

  // Marks the token cancelled and runs every registered abort hook once.
  // Idempotent. Hooks run on the calling thread with the token's lock held,
  // so they must be short and must not touch this token.
  void cancel();

  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_acquire); }

  // Registers `hook` to run on cancel(). Returns 0 (and does not register)
  // when the token is already cancelled; otherwise an id for removeHook().
  uint64_t addHook(std::function<void()> hook);
  // After this returns the hook is not running and will never run.
  void removeHook(uint64_t id);

  // The ABI view handed to plugins, and back.
  vb_cancel_token* abi() noexcept { return reinterpret_cast<vb_cancel_token*>(this); }
  static CancelToken* fromAbi(vb_cancel_token* token) noexcept {
    return reinterpret_cast<CancelToken*>(token);
  }
  static const CancelToken* fromAbi(const vb_cancel_token* token) noexcept {
    return reinterpret_cast<const CancelToken*>(token);
  }

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  uint64_t nextHookId_ = 1;                                        // guarded by mutex_
  std::vector<std::pair<uint64_t, std::function<void()>>> hooks_;  // guarded by mutex_
};

// Registers a hook for the lifetime of a scope (no-op for a null token).
class CancelHookScope {
 public:
  CancelHookScope(CancelToken* token, std::function<void()> hook)
      : token_(token), id_(token ? token->addHook(std::move(hook)) : 0) {}
  ~CancelHookScope() {
    if (token_ && id_) token_->removeHook(id_);
  }
  CancelHookScope(const CancelHookScope&) = delete;
  CancelHookScope& operator=(const CancelHookScope&) = delete;

 private:
  CancelToken* token_;
  uint64_t id_;
};

}  // namespace vb
