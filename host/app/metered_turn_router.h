// MeteredTurnRouter: counts what every turn's routing did, for /metrics —
// attempts by provider and outcome, attempt latency, retries, fallbacks and
// failed turns — around the real TurnRouter.
#pragma once

#include "observability/metrics.h"
#include "reliability/reliability_pipeline.h"

namespace vb {

class MeteredTurnRouter final : public TurnRouter {
 public:
  // `inner` and `metrics` must outlive the router.
  MeteredTurnRouter(TurnRouter& inner, Metrics& metrics);
  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) override;

 private:
  TurnRouter& inner_;
  Metrics& metrics_;
};

}  // namespace vb
