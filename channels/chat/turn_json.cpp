#include "channels/chat/turn_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdio>

#include "api/resource_json.h"
#include "common/json_body.h"
#include "http/problem.h"

namespace vb {
namespace {

Poco::JSON::Object::Ptr toolCallToJson(const ToolCallReport& call) {
  auto c = jsonObject();
  c->set("tool", call.tool);
  try {
    Poco::JSON::Parser parser;
    c->set("arguments", parser.parse(call.argumentsJson.empty() ? "{}" : call.argumentsJson));
  } catch (const Poco::Exception&) {
    c->set("arguments", call.argumentsJson);  // the vendor's malformed text, as sent
  }
  c->set("status", call.status);
  c->set("resultSummary", call.resultSummary);
  return c;
}

}  // namespace

Poco::JSON::Object::Ptr turnToJson(const Turn& turn) {
  auto routing = jsonObject();
  routing->set("provider", turn.usage.provider);
  routing->set("fallbackUsed", turn.fallbackUsed);
  routing->set("attempts", attemptsToJson(turn.attempts));

  Poco::JSON::Array::Ptr toolCalls = new Poco::JSON::Array;
  for (const auto& call : turn.toolCalls) toolCalls->add(toolCallToJson(call));

  auto root = jsonObject();
  root->set("userMessage", messageToJson(turn.userMessage));
  root->set("message", messageToJson(turn.assistantMessage));
  root->set("usage", messageUsageToJson(turn.usage));
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
