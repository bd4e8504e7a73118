#include "channels/chat/turn_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdio>

#include "api/resource_json.h"
#include "common/json_body.h"
#include "common/json_writer.h"
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

namespace {

// The writer twins of resource_json's DOM builders, field for field (the
// replay tests compare bodies byte for byte).
void writeMessage(JsonWriter& w, const Message& m) {
  w.beginObject();
  w.key("id").value(m.id).key("seq").value(static_cast<int64_t>(m.seq)).key("role").value(m.role);
  w.key("content").value(m.content).key("createdAt").value(m.createdAt);
  w.endObject();
}

void writeMoney(JsonWriter& w, int64_t micros) {
  w.beginObject().key("micros").value(micros).key("usd").value(Money{micros}.usd()).endObject();
}

void writeAttempt(JsonWriter& w, const Attempt& a) {
  w.beginObject();
  w.key("provider").value(a.provider).key("attempt").value(static_cast<int64_t>(a.attempt));
  w.key("outcome").value(a.outcome);
  if (a.httpStatus) w.key("httpStatus").value(static_cast<int64_t>(*a.httpStatus));
  if (a.errorClass) w.key("errorClass").value(*a.errorClass);
  w.key("latencyMs").value(static_cast<int64_t>(a.latencyMs)).key("startedAt").value(a.startedAt);
  w.key("requestId").value(a.requestId).key("callIndex").value(static_cast<int64_t>(a.callIndex));
  w.endObject();
}

void writeUsage(JsonWriter& w, const Turn& turn) {
  const auto totals = turn.usageTotals();
  w.beginObject();
  w.key("provider").value(turn.provider());
  w.key("tokensIn").value(static_cast<int64_t>(totals.tokensIn));
  w.key("tokensOut").value(static_cast<int64_t>(totals.tokensOut));
  w.key("cost");
  writeMoney(w, totals.costMicros);
  w.key("pricingVersion").value(turn.usage.back().pricingVersion);
  if (turn.usage.size() > 1) {
    w.key("calls").beginArray();
    for (const auto& e : turn.usage) {
      w.beginObject();
      w.key("provider").value(e.provider);
      w.key("tokensIn").value(static_cast<int64_t>(e.tokensIn));
      w.key("tokensOut").value(static_cast<int64_t>(e.tokensOut));
      w.key("cost");
      writeMoney(w, e.costMicros);
      w.key("pricingVersion").value(e.pricingVersion);
      w.key("callIndex").value(static_cast<int64_t>(e.callIndex));
      w.endObject();
    }
    w.endArray();
  }
  w.endObject();
}

}  // namespace

// turnToJson's bytes without its DOM: the chat hot path renders every turn.
std::string renderTurn(const Turn& turn) {
  std::string out;
  out.reserve(1024 + turn.userMessage.content.size() + turn.assistantMessage.content.size());
  JsonWriter w(out);
  w.beginObject();
  w.key("userMessage");
  writeMessage(w, turn.userMessage);
  w.key("message");
  writeMessage(w, turn.assistantMessage);
  w.key("usage");
  writeUsage(w, turn);
  w.key("routing").beginObject();
  w.key("provider").value(turn.provider()).key("fallbackUsed").value(turn.fallbackUsed);
  w.key("attempts").beginArray();
  for (const auto& a : turn.attempts) writeAttempt(w, a);
  w.endArray().endObject();
  w.key("toolCalls").beginArray();
  for (const auto& run : turn.toolRuns) w.raw(toJson(*toolRunToJson(run)));  // rare: arguments are parsed JSON
  w.endArray();
  w.key("latencyMs").value(static_cast<int64_t>(turn.latencyMs)).key("requestId").value(turn.requestId);
  w.endObject();
  return out;
}

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
