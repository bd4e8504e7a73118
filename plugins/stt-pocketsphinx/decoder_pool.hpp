// A fixed set of decoders, each lent to one call at a time. Callers wait
// for a free one up to their deadline (and while not cancelled).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

#include "decoder.hpp"

namespace vbsphinx {

class DecoderPool {
 public:
  using Clock = std::chrono::steady_clock;

  // A borrowed decoder; returning it (destruction) wakes one waiter.
  class Lease {
   public:
    Lease(DecoderPool* pool, Decoder* decoder) : pool_(pool), decoder_(decoder) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), decoder_(other.decoder_) { other.pool_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease() {
      if (pool_) pool_->giveBack(decoder_);
    }
    Decoder& operator*() const { return *decoder_; }
    Decoder* operator->() const { return decoder_; }

   private:
    DecoderPool* pool_;
    Decoder* decoder_;
  };

  enum class WaitFailure { kTimedOut, kCancelled };

  explicit DecoderPool(std::vector<std::unique_ptr<Decoder>> decoders);

  // Borrows a free decoder, waiting until `deadline`; `cancelled` is polled
  // every 20 ms while waiting. Thread-safe. Lenders must outlive leases.
  std::variant<Lease, WaitFailure> acquire(Clock::time_point deadline, const std::function<bool()>& cancelled);

  size_t size() const { return decoders_.size(); }

  // Every decoder, for set-up before any call (e.g. reading the model's
  // frequent words). Not thread-safe with acquire().
  const std::vector<std::unique_ptr<Decoder>>& all() const { return decoders_; }

 private:
  void giveBack(Decoder* decoder);

  const std::vector<std::unique_ptr<Decoder>> decoders_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<Decoder*> free_;  // guarded by mutex_
};

}  // namespace vbsphinx
