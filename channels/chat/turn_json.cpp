#include "channels/chat/turn_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>

#include "api/resource_json.h"
#include "common/json_body.h"
#include "http/problem.h"
#include "metering/money.h"

namespace vb {
namespace {

// The turn's usage: the sums over its billed vendor responses, the provider
// and pricing version of the final answer, and each call when there were
// several (a tool loop).
Poco::JSON::Object::Ptr turnUsageToJson(const Turn& turn) {
  const auto totals = turn.usageTotals();
  auto usage = jsonObject();
  usage->set("provider", turn.provider());
  usage->set("tokensIn", static_cast<Poco::Int64>(totals.tokensIn));
  usage->set("tokensOut", static_cast<Poco::Int64>(totals.tokensOut));
  usage->set("cost", Money{totals.costMicros}.toJson());
  usage->set("pricingVersion", turn.usage.back().pricingVersion);
  if (turn.usage.size() > 1) {
    Poco::JSON::Array::Ptr calls = new Poco::JSON::Array;
    for (const auto& event : turn.usage) {
      auto call = messageUsageToJson(event);
      call->set("callIndex", static_cast<Poco::Int64>(event.callIndex));
      calls->add(call);
    }
    usage->set("calls", calls);
  }
  return usage;
}

}  // namespace

Poco::JSON::Object::Ptr turnToJson(const Turn& turn) {
  auto routing = jsonObject();
  routing->set("provider", turn.provider());
  routing->set("fallbackUsed", turn.fallbackUsed);
  routing->set("attempts", attemptsToJson(turn.attempts));

  Poco::JSON::Array::Ptr toolCalls = new Poco::JSON::Array;
  for (const auto& run : turn.toolRuns) toolCalls->add(toolRunToJson(run));

  auto root = jsonObject();
  root->set("userMessage", messageToJson(turn.userMessage));
  root->set("message", messageToJson(turn.assistantMessage));
  root->set("usage", turnUsageToJson(turn));
  root->set("routing", routing);
  root->set("toolCalls", toolCalls);
  root->set("latencyMs", static_cast<Poco::Int64>(turn.latencyMs));
  root->set("requestId", turn.requestId);
  return root;
}

std::string renderTurn(const Turn& turn) { return toJson(*turnToJson(turn)); }

HttpResponse turnResponse(const Turn& turn) { return turnResponse(turn, renderTurn(turn)); }

HttpResponse turnResponse(const Turn& turn, std::string body) {
  auto response = HttpResponse::json(201, std::move(body));
  if (turn.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  if (turn.vendorTimeUs >= 0) {
    // W3C Server-Timing: lets clients and benchmarks separate vendor time from gateway overhead.
    char timing[48];
    std::snprintf(timing, sizeof timing, "vendor;dur=%.3f", turn.vendorTimeUs / 1000.0);
    response.headers.emplace_back("Server-Timing", timing);
  }
  return response;
}

HttpResponse turnErrorResponse(const TurnError& error, const std::string& requestId) {
  Poco::JSON::Object::Ptr extensions;
  if (!error.attempts.empty()) {
    extensions = jsonObject();
    extensions->set("attempts", attemptsToJson(error.attempts));
  }
  return problemResponse(error.error, requestId, extensions);
}

}  // namespace vb
