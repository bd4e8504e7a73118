#include "operations/provider_health_window.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace vb {
namespace {

// Nearest rank: the smallest value with at least p of the values at or below it.
int64_t percentile(std::vector<int64_t>& values, double p) {
  const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
  const auto index = rank == 0 ? 0 : rank - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
  return values[index];
}

}  // namespace

ProviderHealthWindow::ProviderHealthWindow(std::shared_ptr<Clock> clock, std::chrono::seconds window,
                                           size_t maxSamples)
    : clock_(std::move(clock)), window_(window), maxSamples_(std::max<size_t>(maxSamples, 1)) {}

void ProviderHealthWindow::dropExpired(std::deque<Sample>& samples, Clock::Steady::time_point now) const {
  while (!samples.empty() && now - samples.front().at >= window_) samples.pop_front();
}

void ProviderHealthWindow::record(const std::string& provider, bool failed, int64_t latencyMs) {
  const auto now = clock_->now();
  std::lock_guard lock(mutex_);
  auto& samples = samples_[provider];
  dropExpired(samples, now);
  if (samples.size() >= maxSamples_) samples.pop_front();
  samples.push_back({now, latencyMs, failed});
}

ProviderWindowStats ProviderHealthWindow::stats(const std::string& provider) const {
  const auto now = clock_->now();
  std::vector<int64_t> latencies;
  ProviderWindowStats stats;
  {
    std::lock_guard lock(mutex_);
    const auto it = samples_.find(provider);
    if (it == samples_.end()) return stats;
    dropExpired(it->second, now);
    latencies.reserve(it->second.size());
    for (const auto& sample : it->second) {
      latencies.push_back(sample.latencyMs);
      if (sample.failed) ++stats.failures;
    }
  }
  stats.calls = static_cast<int64_t>(latencies.size());
  if (stats.calls == 0) return stats;
  stats.errorRate = static_cast<double>(stats.failures) / static_cast<double>(stats.calls);
  stats.p50Ms = percentile(latencies, 0.50);
  stats.p95Ms = percentile(latencies, 0.95);
  return stats;
}

}  // namespace vb
