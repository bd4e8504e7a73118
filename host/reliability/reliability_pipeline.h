// ReliabilityPipeline: runs one vendor call for a conversation turn with
// per-attempt timeouts, a whole-turn deadline, retries with full-jitter
// backoff, per-provider circuit breakers and an optional fallback provider.
// Every attempt is recorded and handed back to the caller.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "pluginhost/vendor_gateway.h"
#include "reliability/breaker_registry.h"
#include "reliability/reliability_config.h"
#include "reliability/retry_policy.h"

namespace vb {

struct RoutePlan {
  std::string primary;
  std::optional<std::string> fallback;
};

// One try at one provider (or a skip because its circuit was open).
struct AttemptRecord {
  std::string provider;
  int attempt = 1;         // 1-based, counted per turn across providers
  std::string outcome;     // "ok" | "http_500" | "http_429" | "timeout" | "error" | "circuit_open"
  int httpStatus = 0;      // 0 = none
  std::string errorClass;  // "" when ok; else toString(ErrorClass)
  int64_t latencyMs = 0;
  std::chrono::system_clock::time_point startedAt;
  std::string requestId;
};

struct RoutedReply {
  VendorReply reply;
  std::string provider;  // who answered
  bool fallbackUsed = false;
  std::vector<AttemptRecord> attempts;
  int64_t vendorTimeMs = 0;  // sum of attempt latencies (for overhead measurement)
  int64_t vendorTimeUs = 0;  // the same in microseconds (Server-Timing: vendor)
};

// Why a turn got no reply. The HTTP edge maps the kind (via DomainError):
//   VendorsFailed    → 502: every provider was tried until its attempts ran
//                      out, it answered a non-retryable error, or its circuit
//                      was open.
//   DeadlineExceeded → 504: the whole-turn deadline, not the vendors, ended the
//                      turn: time ran out, or the next wait (backoff or a 429's
//                      retryAfterMs) did not fit in what was left.
//   InvalidRequest   → 502: every provider that answered called the request
//                      invalid (4xx other than 429); retrying cannot help.
// When several providers were tried, the last one's reason decides.
struct RoutingFailure {
  enum class Kind { VendorsFailed, DeadlineExceeded, InvalidRequest };
  Kind kind = Kind::VendorsFailed;  // HTTP edge: 502 / 504 / 502
  std::string message;
  std::vector<AttemptRecord> attempts;
};

// Thread-safe: run() may be called concurrently.
class TurnRouter {
 public:
  virtual ~TurnRouter() = default;
  virtual Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) = 0;
};

// The TurnRouter of the host. For each provider of the plan in turn (primary,
// then fallback): ask its circuit breaker (an open circuit is skipped at once
// and recorded as "circuit_open"), call the gateway with
// min(attemptTimeout, time left in the turn), and on a retryable error wait
// RetryPolicy::waitBeforeRetry (full jitter; a 429's retryAfterMs is the
// minimum) through Clock::sleepUntil — or, when that wait would end past the
// turn deadline, go to the fallback at once. The turn never runs past its
// deadline by more than the clock's own granularity.
//
// Attempt outcomes: "ok"; "http_429" (rate limited); "timeout"; "http_500"
// (any 5xx); "error" (connection errors, other 4xx, malformed answers, an
// unknown provider); "circuit_open" (skipped, latency 0).
//
// Thread-safe: run() may be called concurrently from any thread; the
// breakers are shared by all turns, everything else is per call.
class ReliabilityPipeline final : public TurnRouter {
 public:
  // `gateway` must outlive the pipeline. `jitter` null → a SeededJitter
  // seeded from std::random_device.
  ReliabilityPipeline(VendorGateway& gateway, std::shared_ptr<Clock> clock,
                      std::shared_ptr<const ReliabilityConfig> config,
                      std::shared_ptr<JitterSource> jitter = nullptr);

  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) override;

  // Each provider's circuit state so far, sorted by provider (for /metrics).
  std::vector<std::pair<std::string, BreakerState>> breakerSnapshot() const { return breakers_.snapshot(); }
  BreakerRegistry& breakers() { return breakers_; }
  const ReliabilityConfig& config() const { return *config_; }

 private:
  Result<VendorReply, VendorError> callVendor(const std::string& provider, const ChatRequest& request,
                                              std::chrono::milliseconds timeout);

  VendorGateway& gateway_;
  const std::shared_ptr<Clock> clock_;
  const std::shared_ptr<const ReliabilityConfig> config_;
  const std::shared_ptr<JitterSource> jitter_;
  BreakerRegistry breakers_;
};

// The API.md Attempt.outcome for a failed attempt.
const char* attemptOutcomeOf(const VendorError& error);

}  // namespace vb
