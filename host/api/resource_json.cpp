#include "api/resource_json.h"

#include <Poco/JSON/Parser.h>

#include <map>

#include "metering/money.h"

namespace vb {
namespace {

Poco::Dynamic::Var orNull(const std::optional<std::string>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::Int64 i64(int64_t v) { return static_cast<Poco::Int64>(v); }

}  // namespace

Poco::JSON::Object::Ptr jsonObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::JSON::Object::Ptr agentToJson(const Agent& agent) {
  auto o = jsonObject();
  o->set("id", agent.id);
  o->set("name", agent.name);
  o->set("primaryProvider", agent.primaryProvider);
  o->set("fallbackProvider", orNull(agent.fallbackProvider));
  o->set("systemPrompt", agent.systemPrompt);
  Poco::JSON::Array::Ptr tools = new Poco::JSON::Array;
  for (const auto& tool : agent.enabledTools) tools->add(tool);
  o->set("enabledTools", tools);
  o->set("createdAt", agent.createdAt);
  o->set("updatedAt", agent.updatedAt);
  if (agent.archivedAt) o->set("archivedAt", *agent.archivedAt);
  Poco::JSON::Array::Ptr hints = new Poco::JSON::Array;
  for (const auto& hint : agent.speechHints) hints->add(hint);
  o->set("speechHints", hints);
  o->set("sttEngine", orNull(agent.sttEngine));
  o->set("ttsEngine", orNull(agent.ttsEngine));
  o->set("voice", orNull(agent.voice));
  return o;
}

Poco::JSON::Object::Ptr sessionToJson(const Session& session) {
  auto o = jsonObject();
  o->set("id", session.id);
  o->set("agentId", session.agentId);
  o->set("customerId", session.customerId);
  o->set("channel", session.channel);
  try {
    Poco::JSON::Parser parser;
    o->set("metadata", parser.parse(session.metadataJson.empty() ? "{}" : session.metadataJson));
  } catch (const Poco::Exception&) {
    o->set("metadata", jsonObject());
  }
  o->set("createdAt", session.createdAt);
  return o;
}

Poco::JSON::Object::Ptr messageToJson(const Message& m) {
  auto o = jsonObject();
  o->set("id", m.id);
  o->set("seq", i64(m.seq));
  o->set("role", m.role);
  o->set("content", m.content);
  o->set("createdAt", m.createdAt);
  return o;
}

Poco::JSON::Object::Ptr messageUsageToJson(const UsageEvent& e) {
  auto o = jsonObject();
  o->set("provider", e.provider);
  o->set("tokensIn", i64(e.tokensIn));
  o->set("tokensOut", i64(e.tokensOut));
  o->set("cost", Money{e.costMicros}.toJson());
  o->set("pricingVersion", e.pricingVersion);
  return o;
}

Poco::JSON::Object::Ptr attemptToJson(const Attempt& a) {
  auto o = jsonObject();
  o->set("provider", a.provider);
  o->set("attempt", i64(a.attempt));
  o->set("outcome", a.outcome);
  if (a.httpStatus) o->set("httpStatus", i64(*a.httpStatus));
  if (a.errorClass) o->set("errorClass", *a.errorClass);
  o->set("latencyMs", i64(a.latencyMs));
  o->set("startedAt", a.startedAt);
  o->set("requestId", a.requestId);
  o->set("callIndex", i64(a.callIndex));  // which vendor call of the turn (tool rounds make several)
  return o;
}

Poco::JSON::Array::Ptr attemptsToJson(const std::vector<Attempt>& attempts) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& a : attempts) array->add(attemptToJson(a));
  return array;
}

std::string voiceAudioUrl(const std::string& turnId, bool input) {
  return "/v1/voice/" + turnId + "/audio?side=" + (input ? "input" : "output");
}

namespace {
// The vendor's arguments as JSON, or its malformed text as sent.
Poco::Dynamic::Var argumentsOf(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(text.empty() ? "{}" : text);
  } catch (const Poco::Exception&) {
    return text;
  }
}
}  // namespace

Poco::JSON::Object::Ptr toolRunToJson(const ToolRun& run) {
  auto o = jsonObject();
  o->set("tool", run.tool);
  o->set("arguments", argumentsOf(run.argumentsJson));
  o->set("status", run.status);
  o->set("resultSummary", run.resultSummary);
  o->set("latencyMs", i64(run.latencyMs));
  return o;
}

Poco::JSON::Object::Ptr toolAuditToJson(const ToolRun& run) {
  auto o = jsonObject();
  o->set("id", run.id);
  o->set("tool", run.tool);
  o->set("agentId", run.agentId);
  o->set("sessionId", run.sessionId);
  o->set("messageId", run.messageId);
  o->set("callIndex", i64(run.callIndex));
  o->set("arguments", argumentsOf(run.argumentsJson));
  o->set("resultSummary", run.resultSummary);
  o->set("status", run.status);
  o->set("latencyMs", i64(run.latencyMs));
  o->set("requestId", run.requestId);
  o->set("createdAt", run.createdAt);
  return o;
}

Poco::JSON::Object::Ptr transcriptToJson(const SessionTranscript& transcript) {
  auto o = sessionToJson(transcript.session);
  // A message's billing: the sum of its vendor responses (tool rounds make
  // several), with the final response's provider and pricing version.
  std::map<std::string, UsageEvent> usageByMessage;
  for (const auto& event : transcript.usage) {
    auto [it, fresh] = usageByMessage.try_emplace(event.messageId, event);
    if (fresh) continue;
    it->second.tokensIn += event.tokensIn;
    it->second.tokensOut += event.tokensOut;
    it->second.costMicros += event.costMicros;
    if (event.callIndex >= it->second.callIndex) {
      it->second.provider = event.provider;
      it->second.pricingVersion = event.pricingVersion;
      it->second.callIndex = event.callIndex;
    }
  }
  // message id → (voice turn, is the user's side)
  std::map<std::string, std::pair<const VoiceTurn*, bool>> voiceByMessage;
  for (const auto& voice : transcript.voiceTurns) {
    voiceByMessage[voice.userMessageId] = {&voice, true};
    voiceByMessage[voice.messageId] = {&voice, false};
  }
  Poco::JSON::Array::Ptr messages = new Poco::JSON::Array;
  for (const auto& m : transcript.messages) {
    auto mo = messageToJson(m);
    if (m.provider) mo->set("provider", *m.provider);
    if (const auto it = usageByMessage.find(m.id); it != usageByMessage.end())
      mo->set("usage", messageUsageToJson(it->second));
    if (const auto it = voiceByMessage.find(m.id); it != voiceByMessage.end()) {
      const auto& [voice, input] = it->second;
      auto v = jsonObject();
      v->set("turnId", voice->id);
      const bool kept = !voice->audioPurgedAt && (input || voice->outputBytes > 0);
      v->set("audioUrl", kept ? Poco::Dynamic::Var(voiceAudioUrl(voice->id, input)) : Poco::Dynamic::Var());
      mo->set("voice", v);
    }
    messages->add(mo);
  }
  o->set("messages", messages);
  auto totals = jsonObject();
  totals->set("messages", i64(transcript.messageCount));
  totals->set("tokensIn", i64(transcript.totals.tokensIn));
  totals->set("tokensOut", i64(transcript.totals.tokensOut));
  totals->set("cost", Money{transcript.totals.costMicros}.toJson());
  o->set("totals", totals);
  return o;
}

Poco::JSON::Object::Ptr apiKeyToJson(const ApiKey& key) {
  auto o = jsonObject();
  o->set("id", key.id);
  o->set("prefix", key.prefix);
  o->set("role", key.role);
  o->set("name", key.name);
  o->set("createdAt", key.createdAt);
  o->set("lastUsedAt", orNull(key.lastUsedAt));
  o->set("revokedAt", orNull(key.revokedAt));
  return o;
}

namespace {
Poco::JSON::Object::Ptr groupToJson(const char* keyName, const UsageGroup& g, bool withTokens) {
  auto o = jsonObject();
  o->set(keyName, g.key);
  if (std::string(keyName) == "agentId") o->set("name", g.label);
  o->set("messages", i64(g.messages));
  if (withTokens) {
    o->set("tokensIn", i64(g.tokensIn));
    o->set("tokensOut", i64(g.tokensOut));
  }
  o->set("cost", Money{g.costMicros}.toJson());
  return o;
}
}  // namespace

Poco::JSON::Object::Ptr usageReportToJson(const UsageReport& report) {
  auto o = jsonObject();
  o->set("from", report.range.from);
  o->set("to", report.range.to);
  auto totals = jsonObject();
  totals->set("sessions", i64(report.totals.sessions));
  totals->set("messages", i64(report.totals.messages));
  totals->set("tokensIn", i64(report.totals.tokensIn));
  totals->set("tokensOut", i64(report.totals.tokensOut));
  totals->set("cost", Money{report.totals.costMicros}.toJson());
  o->set("totals", totals);
  Poco::JSON::Array::Ptr byProvider = new Poco::JSON::Array, topAgents = new Poco::JSON::Array,
                         daily = new Poco::JSON::Array;
  for (const auto& g : report.byProvider) byProvider->add(groupToJson("provider", g, true));
  for (const auto& g : report.topAgents) topAgents->add(groupToJson("agentId", g, false));
  for (const auto& g : report.daily) daily->add(groupToJson("date", g, true));
  o->set("byProvider", byProvider);
  o->set("topAgents", topAgents);
  o->set("daily", daily);
  return o;
}

Poco::JSON::Object::Ptr usageEventToJson(const UsageEvent& e) {
  auto o = jsonObject();
  o->set("id", e.id);
  o->set("agentId", e.agentId);
  o->set("sessionId", e.sessionId);
  o->set("messageId", e.messageId);
  o->set("provider", e.provider);
  o->set("tokensIn", i64(e.tokensIn));
  o->set("tokensOut", i64(e.tokensOut));
  o->set("cost", Money{e.costMicros}.toJson());
  o->set("pricingVersion", e.pricingVersion);
  o->set("createdAt", e.createdAt);
  return o;
}

Poco::JSON::Object::Ptr billingPreviewToJson(const BillingPreview& preview) {
  auto o = jsonObject();
  o->set("month", preview.month);
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const auto& line : preview.lines) {
    auto l = jsonObject();
    l->set("provider", line.provider);
    l->set("description", line.description);
    l->set("tokensIn", i64(line.tokensIn));
    l->set("tokensOut", i64(line.tokensOut));
    l->set("messages", i64(line.messages));
    l->set("pricingVersion", line.pricingVersion);
    l->set("amount", line.amount.toJson());
    lines->add(l);
  }
  o->set("lines", lines);
  o->set("total", preview.total.toJson());
  return o;
}

Poco::JSON::Object::Ptr pageToJson(const Poco::JSON::Array::Ptr& items,
                                   const std::optional<std::string>& nextCursor) {
  auto o = jsonObject();
  o->set("items", items);
  o->set("nextCursor", orNull(nextCursor));
  return o;
}

}  // namespace vb
