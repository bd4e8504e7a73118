// MeteredTurnRouter: counts what every turn's routing did, for /metrics —
// attempts by provider and outcome, attempt latency, retries, fallbacks and
// failed turns — around the real TurnRouter; and feeds every attempt that
// reached a vendor to the provider health window (GET /v1/providers/health).
#pragma once

#include "observability/metrics.h"
#include "operations/provider_health_window.h"
#include "reliability/reliability_pipeline.h"

namespace vb {

class MeteredTurnRouter final : public TurnRouter {
 public:
  // `inner`, `metrics` and `health` (optional) must outlive the router.
  MeteredTurnRouter(TurnRouter& inner, Metrics& metrics, ProviderHealthWindow* health = nullptr);
  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) override;

 private:
  TurnRouter& inner_;
  Metrics& metrics_;
  ProviderHealthWindow* const health_;
};

}  // namespace vb
