// The chat channel's request: POST /v1/sessions/{id}/messages
// {content, idempotencyKey?, callbackUrl?} (+ Idempotency-Key header) parsed
// into the core's TurnRequest.
#pragma once

#include <string>

#include "common/domain_error.h"
#include "common/result.h"
#include "conversation/turn.h"
#include "http/http_types.h"

namespace vb {

// BadRequest naming the field for a malformed body, a wrongly typed field, or
// an Idempotency-Key header that differs from the body's idempotencyKey.
Result<TurnRequest, DomainError> chatTurnRequest(const HttpRequest& request, const std::string& tenantId);

// Hex SHA-256 over the canonical chat send (channel, session id, content,
// each length-prefixed so no two sends share a form).
std::string chatFingerprint(const std::string& sessionId, const std::string& content);

}  // namespace vb
