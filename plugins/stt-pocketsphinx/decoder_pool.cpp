#include "decoder_pool.hpp"

#include <algorithm>

namespace vbsphinx {

DecoderPool::DecoderPool(std::unique_ptr<Decoder> first, size_t capacity, Opener open)
    : capacity_(std::max<size_t>(1, capacity)), open_(std::move(open)) {
  free_.push_back(first.get());
  decoders_.push_back(std::move(first));
}

size_t DecoderPool::opened() const {
  std::lock_guard lock(mutex_);
  return decoders_.size();
}

std::variant<DecoderPool::Lease, DecoderPool::WaitFailure> DecoderPool::acquire(
    Clock::time_point deadline, const std::function<bool()>& cancelled) {
  constexpr auto kPoll = std::chrono::milliseconds(20);
  std::unique_lock lock(mutex_);
  bool triedToOpen = false;
  while (free_.empty()) {
    if (!triedToOpen && open_ && decoders_.size() + opening_ < capacity_) {
      triedToOpen = true;
      ++opening_;
      lock.unlock();
      auto opened = open_();
      lock.lock();
      --opening_;
      if (auto* decoder = std::get_if<std::unique_ptr<Decoder>>(&opened)) {
        Decoder* mine = decoder->get();
        decoders_.push_back(std::move(*decoder));
        return Lease(this, mine);
      }
      continue;  // could not open one: wait for a busy decoder
    }
    if (cancelled && cancelled()) return WaitFailure::kCancelled;
    const auto now = Clock::now();
    if (now >= deadline) return WaitFailure::kTimedOut;
    returned_.wait_until(lock, std::min(deadline, now + kPoll));
  }
  Decoder* decoder = free_.back();
  free_.pop_back();
  return Lease(this, decoder);
}

void DecoderPool::giveBack(Decoder* decoder) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(decoder);
  }
  returned_.notify_one();
}

}  // namespace vbsphinx
