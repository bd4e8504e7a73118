#include "decoder_pool.hpp"

#include <algorithm>

namespace vbsphinx {

DecoderPool::DecoderPool(std::vector<std::unique_ptr<Decoder>> decoders) : decoders_(std::move(decoders)) {
  for (const auto& d : decoders_) free_.push_back(d.get());
}

std::variant<DecoderPool::Lease, DecoderPool::WaitFailure> DecoderPool::acquire(
    Clock::time_point deadline, const std::function<bool()>& cancelled) {
  constexpr auto kPoll = std::chrono::milliseconds(20);
  std::unique_lock lock(mutex_);
  while (free_.empty()) {
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
