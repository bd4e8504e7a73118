// The chat channel's rendering of a turn (API.md "Turn") and of a failed
// turn (problem+json with its attempts). A replayed Turn renders to the same
// bytes as the first answer: every field comes from the stored rows or the
// idempotency record.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "conversation/turn.h"
#include "http/http_types.h"

namespace vb {

// {userMessage, message, usage, routing{provider, fallbackUsed, attempts},
//  toolCalls, latencyMs, requestId}; other channels add their members.
Poco::JSON::Object::Ptr turnToJson(const Turn& turn);
std::string renderTurn(const Turn& turn);

// 201 (or the replay) with `body`, and the Idempotent-Replayed and
// Server-Timing headers of `turn`.
HttpResponse turnResponse(const Turn& turn, std::string body);

// 201 (or the replay) with Idempotent-Replayed and Server-Timing headers.
HttpResponse turnResponse(const Turn& turn);

// problem+json; a vendor failure carries {"attempts": […]}.
HttpResponse turnErrorResponse(const TurnError& error, const std::string& requestId);

}  // namespace vb
