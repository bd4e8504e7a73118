// API.md JSON shapes of the resources (agents, sessions, messages, attempts,
// keys, usage), written once here for every route and channel. Key order
// follows API.md (Poco::JSON_PRESERVE_KEY_ORDER).
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "conversation/session_service.h"
#include "domain/agent.h"
#include "domain/attempt.h"
#include "domain/session.h"
#include "domain/tenant.h"
#include "domain/tool_run.h"
#include "domain/usage_event.h"
#include "metering/usage_service.h"
#include "tenancy/principal.h"

namespace vb {

Poco::JSON::Object::Ptr jsonObject();
Poco::JSON::Object::Ptr agentToJson(const Agent& agent);
Poco::JSON::Object::Ptr sessionToJson(const Session& session);
// Message = {id, seq, role, content, createdAt}
Poco::JSON::Object::Ptr messageToJson(const Message& message);
// A message's billing = {provider, tokensIn, tokensOut, cost, pricingVersion}
Poco::JSON::Object::Ptr messageUsageToJson(const UsageEvent& event);
// Attempt = {provider, attempt, outcome, httpStatus?, errorClass?, latencyMs, startedAt, requestId, callIndex}
Poco::JSON::Object::Ptr attemptToJson(const Attempt& attempt);
Poco::JSON::Array::Ptr attemptsToJson(const std::vector<Attempt>& attempts);
// ToolCall (in a Turn) = {tool, arguments, status, resultSummary, latencyMs}
Poco::JSON::Object::Ptr toolRunToJson(const ToolRun& run);
// Audit entry = {id, tool, agentId, sessionId, messageId, callIndex, arguments,
//                resultSummary, status, latencyMs, requestId, createdAt}
Poco::JSON::Object::Ptr toolAuditToJson(const ToolRun& run);
// Messages of a voice turn carry voice: {turnId, audioUrl} (the user's
// recording, the assistant's synthesized reply) while their audio is kept.
Poco::JSON::Object::Ptr transcriptToJson(const SessionTranscript& transcript);
// "/v1/voice/<id>/audio?side=output|input"
std::string voiceAudioUrl(const std::string& turnId, bool input);
Poco::JSON::Object::Ptr apiKeyToJson(const ApiKey& key);
Poco::JSON::Object::Ptr usageReportToJson(const UsageReport& report);
Poco::JSON::Object::Ptr usageEventToJson(const UsageEvent& event);
Poco::JSON::Object::Ptr billingPreviewToJson(const BillingPreview& preview);
// {items: [...], nextCursor: string|null}
Poco::JSON::Object::Ptr pageToJson(const Poco::JSON::Array::Ptr& items,
                                   const std::optional<std::string>& nextCursor);

}  // namespace vb
