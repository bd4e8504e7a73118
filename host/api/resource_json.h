// API.md JSON shapes of the stored resources (agents, sessions, keys, usage).
// Key order follows API.md (Poco::JSON_PRESERVE_KEY_ORDER).
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "conversation/session_service.h"
#include "metering/usage_service.h"
#include "store/records.h"
#include "tenancy/principal.h"

namespace vb {

Poco::JSON::Object::Ptr jsonObject();
Poco::JSON::Object::Ptr agentToJson(const AgentRow& agent);
Poco::JSON::Object::Ptr sessionToJson(const SessionRow& session);
Poco::JSON::Object::Ptr transcriptToJson(const SessionTranscript& transcript);
Poco::JSON::Object::Ptr apiKeyToJson(const ApiKeyRow& key);
Poco::JSON::Object::Ptr usageReportToJson(const UsageReport& report);
Poco::JSON::Object::Ptr usageEventToJson(const UsageEventRow& event);
Poco::JSON::Object::Ptr billingPreviewToJson(const BillingPreview& preview);
// {items: [...], nextCursor: string|null}
Poco::JSON::Object::Ptr pageToJson(const Poco::JSON::Array::Ptr& items, const std::optional<std::string>& nextCursor);

}  // namespace vb
