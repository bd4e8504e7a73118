#include "channels/chat/chat_request.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "common/json_body.h"

namespace vb {

std::string chatFingerprint(const std::string& sessionId, const std::string& content) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update("chat\n" + std::to_string(sessionId.size()) + ":" + sessionId + "\n" +
                std::to_string(content.size()) + ":" + content);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

Result<TurnRequest, DomainError> chatTurnRequest(const HttpRequest& request, const std::string& tenantId) {
  auto body = parseJsonObject(request.body);
  if (!body) return unexpected(body.error());
  auto content = requiredString(**body, "content");
  if (!content) return unexpected(content.error());
  auto bodyKey = optionalString(**body, "idempotencyKey");
  if (!bodyKey) return unexpected(bodyKey.error());
  // Validated for its type; delivery is the async-jobs issue's.
  auto callbackUrl = optionalString(**body, "callbackUrl");
  if (!callbackUrl) return unexpected(callbackUrl.error());
  std::string key = request.header("idempotency-key");
  if (key.empty()) {
    key = bodyKey->value_or("");
  } else if (bodyKey->has_value() && **bodyKey != key) {
    return unexpected(DomainError::of(DomainError::Kind::BadRequest,
                                      "the Idempotency-Key header and field 'idempotencyKey' differ",
                                      "idempotencyKey"));
  }
  TurnRequest turn;
  turn.tenantId = tenantId;
  turn.sessionId = request.pathParams.at("id");
  turn.content = std::move(*content);
  turn.idempotencyKey = std::move(key);
  if (!turn.idempotencyKey.empty()) turn.fingerprint = chatFingerprint(turn.sessionId, turn.content);
  turn.requestId = request.requestId;
  return turn;
}

}  // namespace vb
