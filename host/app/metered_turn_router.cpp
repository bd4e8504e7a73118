#include "app/metered_turn_router.h"

namespace vb {

MeteredTurnRouter::MeteredTurnRouter(TurnRouter& inner, Metrics& metrics, ProviderHealthWindow* health)
    : inner_(inner), metrics_(metrics), health_(health) {
  metrics_.describe("vb_vendor_attempts_total", "counter", "Vendor attempts by provider and outcome");
  metrics_.describe("vb_vendor_retries_total", "counter", "Attempts after the first one of a turn");
  metrics_.describe("vb_fallbacks_total", "counter", "Turns answered by the fallback provider");
  metrics_.describe("vb_turn_failures_total", "counter", "Turns no vendor could answer, by kind");
  metrics_.describe("vb_vendor_attempt_duration_seconds", "histogram", "Vendor attempt latency");
}

Result<RoutedReply, RoutingFailure> MeteredTurnRouter::run(const RoutePlan& plan,
                                                           const ChatRequest& request) {
  auto result = inner_.run(plan, request);
  const auto& attempts = result ? result->attempts : result.error().attempts;
  for (const auto& a : attempts) {
    metrics_.increment("vb_vendor_attempts_total", {{"provider", a.provider}, {"outcome", a.outcome}});
    if (a.outcome != "circuit_open") {
      metrics_.observe("vb_vendor_attempt_duration_seconds", {{"provider", a.provider}},
                       a.latencyMs / 1000.0);
      if (health_) health_->record(a.provider, a.outcome != "ok", a.latencyMs);
    }
  }
  if (attempts.size() > 1) metrics_.increment("vb_vendor_retries_total", {}, double(attempts.size() - 1));
  if (result && result->fallbackUsed)
    metrics_.increment("vb_fallbacks_total", {{"provider", result->provider}});
  if (!result) {
    const char* kind =
        result.error().kind == RoutingFailure::Kind::DeadlineExceeded ? "deadline" : "vendors_failed";
    metrics_.increment("vb_turn_failures_total", {{"kind", kind}});
  }
  return result;
}

}  // namespace vb
