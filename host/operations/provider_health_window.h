// ProviderHealthWindow: the recent vendor calls of each provider in memory —
// calls, error rate, p50 and p95 latency over a rolling window (default the
// last 5 minutes) — for GET /v1/providers/health. Fed with every attempt that
// reached a vendor (the app's MeteredTurnRouter); tenant-independent; nothing
// is read from the database.
//
// Memory is bounded: each provider keeps at most maxSamples calls (the
// newest); under heavier load the figures cover the newest maxSamples calls
// of the window.
//
// Thread-safe: record() and stats() may be called concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/clock.h"

namespace vb {

struct ProviderWindowStats {
  int64_t calls = 0;
  int64_t failures = 0;
  double errorRate = 0;  // failures / calls; 0 with no calls
  int64_t p50Ms = 0;     // nearest-rank percentiles of the calls' latency; 0 with no calls
  int64_t p95Ms = 0;
};

class ProviderHealthWindow {
 public:
  explicit ProviderHealthWindow(std::shared_ptr<Clock> clock,
                                std::chrono::seconds window = std::chrono::minutes(5),
                                size_t maxSamples = 10000);

  // One call that reached the vendor (an attempt skipped by an open circuit
  // is not a call): whether it failed, and how long it took.
  void record(const std::string& provider, bool failed, int64_t latencyMs);

  // The provider's calls within the window ending now (zeros when none).
  ProviderWindowStats stats(const std::string& provider) const;

  std::chrono::seconds window() const { return window_; }

 private:
  struct Sample {
    Clock::Steady::time_point at;
    int64_t latencyMs;
    bool failed;
  };
  // Requires mutex_ held.
  void dropExpired(std::deque<Sample>& samples, Clock::Steady::time_point now) const;

  const std::shared_ptr<Clock> clock_;
  const std::chrono::seconds window_;
  const size_t maxSamples_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::deque<Sample>> samples_;  // guarded by mutex_; oldest first
};

}  // namespace vb
