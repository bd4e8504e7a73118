#include "conversation/turn_json.h"

#include <Poco/JSON/Parser.h>

#include <sstream>

#include "metering/money.h"
#include "store/timestamps.h"

namespace vb {
namespace {

Poco::JSON::Object::Ptr ordered() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

}  // namespace

Poco::JSON::Object::Ptr attemptToJson(const AttemptRow& a) {
  auto o = ordered();
  o->set("provider", a.provider);
  o->set("attempt", static_cast<Poco::Int64>(a.attempt));
  o->set("outcome", a.outcome);
  if (a.httpStatus) o->set("httpStatus", static_cast<Poco::Int64>(*a.httpStatus));
  if (a.errorClass) o->set("errorClass", *a.errorClass);
  o->set("latencyMs", static_cast<Poco::Int64>(a.latencyMs));
  o->set("startedAt", a.startedAt);
  o->set("requestId", a.requestId);
  return o;
}

Poco::JSON::Array::Ptr attemptsToJson(const std::vector<AttemptRow>& attempts) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& a : attempts) array->add(attemptToJson(a));
  return array;
}

std::vector<AttemptRow> attemptRowsOf(const std::vector<AttemptRecord>& attempts, const std::string& tenantId,
                                      const std::string& messageId, const std::string& requestId) {
  std::vector<AttemptRow> rows;
  for (const auto& a : attempts) {
    AttemptRow row;
    row.tenantId = tenantId;
    row.id = newId("att");
    row.messageId = messageId;
    row.attempt = a.attempt;
    row.provider = a.provider;
    row.outcome = a.outcome;
    if (a.httpStatus != 0) row.httpStatus = a.httpStatus;
    if (!a.errorClass.empty()) row.errorClass = a.errorClass;
    row.latencyMs = a.latencyMs;
    row.startedAt = formatTimestamp(a.startedAt);
    row.requestId = a.requestId.empty() ? requestId : a.requestId;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string turnToJson(const TurnView& turn) {
  auto user = ordered();
  user->set("id", turn.userMessage.id);
  user->set("seq", static_cast<Poco::Int64>(turn.userMessage.seq));
  user->set("role", "user");
  user->set("content", turn.userMessage.content);
  user->set("createdAt", turn.userMessage.createdAt);

  auto message = ordered();
  message->set("id", turn.assistantMessage.id);
  message->set("seq", static_cast<Poco::Int64>(turn.assistantMessage.seq));
  message->set("role", "assistant");
  message->set("content", turn.assistantMessage.content);
  message->set("createdAt", turn.assistantMessage.createdAt);

  auto usage = ordered();
  usage->set("provider", turn.usage.provider);
  usage->set("tokensIn", static_cast<Poco::Int64>(turn.usage.tokensIn));
  usage->set("tokensOut", static_cast<Poco::Int64>(turn.usage.tokensOut));
  usage->set("cost", Money{turn.usage.costMicros}.toJson());
  usage->set("pricingVersion", turn.usage.pricingVersion);

  auto routing = ordered();
  routing->set("provider", turn.usage.provider);
  routing->set("fallbackUsed", turn.fallbackUsed);
  routing->set("attempts", attemptsToJson(turn.attempts));

  Poco::JSON::Array::Ptr toolCalls = new Poco::JSON::Array;
  for (const auto& call : turn.toolCalls) {
    auto c = ordered();
    c->set("tool", call.name);
    try {
      Poco::JSON::Parser parser;
      c->set("arguments", parser.parse(call.argumentsJson.empty() ? "{}" : call.argumentsJson));
    } catch (const Poco::Exception&) {
      c->set("arguments", call.argumentsJson);
    }
    // Tool execution is not part of this turn flow yet: reported, not run.
    c->set("status", "not_executed");
    c->set("resultSummary", "");
    toolCalls->add(c);
  }

  auto root = ordered();
  root->set("userMessage", user);
  root->set("message", message);
  root->set("usage", usage);
  root->set("routing", routing);
  root->set("toolCalls", toolCalls);
  root->set("latencyMs", static_cast<Poco::Int64>(turn.latencyMs));
  root->set("requestId", turn.requestId);
  std::ostringstream out;
  root->stringify(out);
  return out.str();
}

}  // namespace vb
