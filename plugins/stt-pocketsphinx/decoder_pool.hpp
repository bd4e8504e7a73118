// Decoders lent to one call at a time. The pool starts with one decoder (the
// one create() opened to check the settings) and opens more, up to its
// capacity, only when every decoder is busy: each costs ≈93 MB and ≈0.25 s,
// and a host that recognises one utterance at a time never pays for a second.
// Callers wait for a free one up to their deadline (and while not cancelled).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "decoder.hpp"

namespace vbsphinx {

class DecoderPool {
 public:
  using Clock = std::chrono::steady_clock;
  using Opener = std::function<std::variant<std::unique_ptr<Decoder>, std::string>()>;

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

  // `first` is lent at once; `open` makes the others (capacity in all, ≥ 1).
  DecoderPool(std::unique_ptr<Decoder> first, size_t capacity, Opener open);

  // Borrows a free decoder. When none is free and the pool is below capacity,
  // this caller opens one (outside the lock); otherwise it waits until
  // `deadline`, polling `cancelled` every 20 ms. A decoder that fails to open
  // is not retried by this call (it waits for a busy one instead).
  // Thread-safe. Lenders must outlive leases.
  std::variant<Lease, WaitFailure> acquire(Clock::time_point deadline, const std::function<bool()>& cancelled);

  size_t capacity() const { return capacity_; }
  size_t opened() const;  // decoders open now (tests)

 private:
  void giveBack(Decoder* decoder);

  const size_t capacity_;
  const Opener open_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Decoder>> decoders_;  // guarded by mutex_ (the Decoder objects themselves are stable)
  std::vector<Decoder*> free_;                      // guarded by mutex_
  size_t opening_ = 0;                              // decoders being opened by callers; guarded by mutex_
};

}  // namespace vbsphinx
