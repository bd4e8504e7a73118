// ReliabilityPipeline: runs one vendor call for a conversation turn with
// per-attempt timeouts, a whole-turn deadline, retries with full-jitter
// backoff, per-provider circuit breakers and an optional fallback provider.
// Every attempt is recorded and handed back to the caller.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "plugins/vendor_gateway.h"

namespace vb {

struct RoutePlan {
  std::string primary;
  std::optional<std::string> fallback;
};

// One try at one provider (or a skip because its circuit was open).
struct AttemptRecord {
  std::string provider;
  int attempt = 1;              // 1-based, counted per turn across providers
  std::string outcome;          // "ok" | "http_500" | "http_429" | "timeout" | "error" | "circuit_open"
  int httpStatus = 0;           // 0 = none
  std::string errorClass;       // "" when ok; else toString(ErrorClass)
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
};

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

}  // namespace vb
