#include "conversation/conversation_service.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/SHA2Engine.h>

#include <sstream>

#include "conversation/turn_json.h"
#include "store/agent_repository.h"
#include "store/session_repository.h"
#include "store/timestamps.h"
#include "store/usage_repository.h"

namespace vb {
namespace {

int optInt(const Poco::JSON::Object::Ptr& section, const char* key, int fallback) {
  return section ? section->optValue<int>(key, fallback) : fallback;
}

Poco::JSON::Object::Ptr sectionOf(const Poco::JSON::Object::Ptr& root, const char* name) {
  if (root && root->has(name) && root->isObject(name)) return root->getObject(name);
  return nullptr;
}

std::string extensionWithAttempts(const std::vector<AttemptRow>& attempts) {
  Poco::JSON::Object extension(Poco::JSON_PRESERVE_KEY_ORDER);
  extension.set("attempts", attemptsToJson(attempts));
  std::ostringstream out;
  extension.stringify(out);
  return out.str();
}

}  // namespace

ConversationSettings ConversationSettings::fromConfig(const Poco::JSON::Object::Ptr& root) {
  ConversationSettings s;
  const auto conversation = sectionOf(root, "conversation");
  const auto idempotency = sectionOf(root, "idempotency");
  s.contextMessages = optInt(conversation, "contextMessages", s.contextMessages);
  s.maxContentChars = static_cast<size_t>(optInt(conversation, "maxContentChars", static_cast<int>(s.maxContentChars)));
  s.idempotencyTtlHours = optInt(idempotency, "ttlHours", s.idempotencyTtlHours);
  s.inFlightLockSeconds = optInt(idempotency, "inFlightLockSeconds", s.inFlightLockSeconds);
  if (s.contextMessages < 0) s.contextMessages = 0;
  return s;
}

ConversationService::ConversationService(std::shared_ptr<Database> database, TurnRouter& router,
                                         PricingTable pricing, ConversationSettings settings,
                                         std::shared_ptr<Clock> clock)
    : database_(std::move(database)),
      router_(router),
      pricing_(std::move(pricing)),
      settings_(settings),
      clock_(std::move(clock)) {}

std::string ConversationService::fingerprint(const std::string& sessionId, const std::string& content) {
  // Length-prefixed fields: no two different requests share a canonical form.
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  const std::string canonical = "POST /v1/sessions/{id}/messages\n" + std::to_string(sessionId.size()) + ":" +
                                sessionId + "\n" + std::to_string(content.size()) + ":" + content;
  engine.update(canonical);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

ConversationService::Claim ConversationService::claim(const std::string& tenantId, const std::string& key,
                                                      const std::string& fp) {
  const auto wallNow = clock_->wallNow();
  const std::string nowText = formatTimestamp(wallNow);
  const int64_t steadyMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now().time_since_epoch()).count();
  int64_t lastSweep = lastExpirySweepMs_.load();
  const bool sweep = steadyMs - lastSweep > 600000 && lastExpirySweepMs_.compare_exchange_strong(lastSweep, steadyMs);
  return database_->write([&](Transaction& tx) {
    if (sweep) IdempotencyRepository::removeExpired(tx, nowText);
    auto row = IdempotencyRepository::find(tx, tenantId, key);
    if (row && (row->expiresAt <= nowText || (row->state == "in_flight" && row->lockedUntil <= nowText))) {
      IdempotencyRepository::remove(tx, tenantId, key);
      row.reset();
    }
    Claim result;
    if (!row) {
      IdempotencyRow fresh{tenantId,
                           key,
                           fp,
                           "in_flight",
                           std::nullopt,
                           std::nullopt,
                           nowText,
                           formatTimestamp(wallNow + std::chrono::seconds(settings_.inFlightLockSeconds)),
                           formatTimestamp(wallNow + std::chrono::hours(settings_.idempotencyTtlHours))};
      IdempotencyRepository::insert(tx, fresh);
      result.state = ClaimState::Claimed;
    } else if (row->fingerprint != fp) {
      result.state = ClaimState::Mismatch;
    } else if (row->state == "completed") {
      result.state = ClaimState::Replay;
      result.body = row->responseBody.value_or("");
      result.status = static_cast<int>(row->responseStatus.value_or(201));
    } else {
      result.state = ClaimState::InFlight;
    }
    return result;
  });
}

void ConversationService::release(const std::string& tenantId, const std::string& key) {
  if (key.empty()) return;
  database_->write([&](Transaction& tx) { IdempotencyRepository::remove(tx, tenantId, key); });
}

std::string ConversationService::buildRequestJson(const std::string& systemPrompt,
                                                  const std::vector<MessageRow>& history,
                                                  const std::vector<std::string>& tools,
                                                  const std::string& content) const {
  Poco::JSON::Object request(Poco::JSON_PRESERVE_KEY_ORDER);
  request.set("system", systemPrompt);
  Poco::JSON::Array::Ptr messages = new Poco::JSON::Array;
  auto add = [&](const std::string& role, const std::string& text) {
    Poco::JSON::Object::Ptr m = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    m->set("role", role);
    m->set("content", text);
    messages->add(m);
  };
  for (const auto& message : history)
    if (message.role == "user" || message.role == "assistant") add(message.role, message.content);
  add("user", content);
  request.set("messages", messages);
  Poco::JSON::Array::Ptr toolList = new Poco::JSON::Array;
  for (const auto& tool : tools) {
    Poco::JSON::Object::Ptr t = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    t->set("name", tool);
    toolList->add(t);
  }
  request.set("tools", toolList);
  std::ostringstream out;
  request.stringify(out);
  return out.str();
}

Result<TurnOutcome, DomainError> ConversationService::sendTurn(const std::string& tenantId,
                                                              const std::string& sessionId,
                                                              const std::string& content,
                                                              const std::string& idempotencyKey,
                                                              const std::string& requestId) {
  const auto started = clock_->now();
  if (content.find_first_not_of(" \t\r\n") == std::string::npos)
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable, "field 'content' must not be empty", "content"));
  if (content.size() > settings_.maxContentChars)
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                      "field 'content' is longer than " + std::to_string(settings_.maxContentChars) +
                                          " characters",
                                      "content"));
  if (idempotencyKey.size() > 255)
    return unexpected(DomainError::of(DomainError::Kind::BadRequest, "the idempotency key is longer than 255 characters",
                                      "idempotencyKey"));

  struct Context {
    SessionRow session;
    AgentRow agent;
    std::vector<MessageRow> history;
  };
  auto context = database_->read([&](Transaction& s) -> std::optional<Context> {
    auto session = SessionRepository::find(s, tenantId, sessionId);
    if (!session) return std::nullopt;
    auto agent = AgentRepository::find(s, tenantId, session->agentId);
    if (!agent) return std::nullopt;
    return Context{*session, *agent,
                   settings_.contextMessages > 0
                       ? MessageRepository::lastMessages(s, tenantId, sessionId, settings_.contextMessages)
                       : std::vector<MessageRow>{}};
  });
  if (!context) return unexpected(DomainError::of(DomainError::Kind::NotFound, "session not found"));
  if (context->agent.archivedAt)
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable, "the session's agent is archived"));

  if (!idempotencyKey.empty()) {
    const auto claimed = claim(tenantId, idempotencyKey, fingerprint(sessionId, content));
    switch (claimed.state) {
      case ClaimState::Claimed: break;
      case ClaimState::Replay: return TurnOutcome{claimed.status, claimed.body, true};
      case ClaimState::Mismatch:
        return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                          "this Idempotency-Key was used with a different request",
                                          "Idempotency-Key"));
      case ClaimState::InFlight: {
        auto error = DomainError::of(DomainError::Kind::Conflict,
                                     "a request with this Idempotency-Key is still in flight; retry later",
                                     "Idempotency-Key");
        error.retryAfterSeconds = 1;
        return unexpected(error);
      }
    }
  }

  ChatRequest request;
  request.requestJson =
      buildRequestJson(context->agent.systemPrompt, context->history, context->agent.enabledTools, content);
  request.requestId = requestId;
  request.tenantId = tenantId;
  RoutePlan plan{context->agent.primaryProvider, context->agent.fallbackProvider};

  Result<RoutedReply, RoutingFailure> routed = unexpected(RoutingFailure{});
  try {
    routed = router_.run(plan, request);
  } catch (...) {
    release(tenantId, idempotencyKey);
    throw;
  }
  if (!routed) {
    // Nothing was written or billed: free the key so the client can retry.
    release(tenantId, idempotencyKey);
    const auto& failure = routed.error();
    auto error = DomainError::of(
        failure.kind == RoutingFailure::Kind::DeadlineExceeded ? DomainError::Kind::DeadlineExceeded
                                                               : DomainError::Kind::VendorsFailed,
        failure.kind == RoutingFailure::Kind::DeadlineExceeded ? "the turn deadline ran out; nothing was billed"
                                                               : "every vendor attempt failed; nothing was billed");
    error.extensionJson = extensionWithAttempts(attemptRowsOf(failure.attempts, tenantId, "", requestId));
    return unexpected(error);
  }

  const RoutedReply& reply = routed.value();
  TurnView turn;
  turn.requestId = requestId;
  turn.fallbackUsed = reply.fallbackUsed;
  turn.toolCalls = reply.reply.toolCalls;
  const auto wallNow = clock_->wallNow();
  const std::string at = formatTimestamp(wallNow);
  turn.userMessage = {tenantId, newId("msg"), sessionId, 0, "user", content, std::nullopt, 0, 0, requestId, at};
  turn.assistantMessage = {tenantId,
                           newId("msg"),
                           sessionId,
                           0,
                           "assistant",
                           reply.reply.text,
                           reply.provider,
                           reply.reply.tokensIn,
                           reply.reply.tokensOut,
                           requestId,
                           at};
  turn.attempts = attemptRowsOf(reply.attempts, tenantId, turn.assistantMessage.id, requestId);
  const auto quote = pricing_.quote(reply.provider, wallNow);
  turn.usage = {tenantId,
                newId("use"),
                context->agent.id,
                sessionId,
                turn.assistantMessage.id,
                reply.provider,
                reply.reply.tokensIn,
                reply.reply.tokensOut,
                PricingTable::costMicros(reply.reply.tokensIn, reply.reply.tokensOut, quote.price),
                quote.version,
                at};
  turn.latencyMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now() - started).count();

  std::string body;
  try {
    body = database_->write([&](Transaction& s) {
      const int64_t seq = MessageRepository::lastSeq(s, tenantId, sessionId) + 1;
      turn.userMessage.seq = seq;
      turn.assistantMessage.seq = seq + 1;
      MessageRepository::insert(s, turn.userMessage);
      MessageRepository::insert(s, turn.assistantMessage);
      for (const auto& attempt : turn.attempts) AttemptRepository::insert(s, attempt);
      UsageRepository::insert(s, turn.usage);
      std::string json = turnToJson(turn);
      if (!idempotencyKey.empty()) IdempotencyRepository::complete(s, tenantId, idempotencyKey, 201, json);
      return json;
    });
  } catch (...) {
    release(tenantId, idempotencyKey);  // the transaction rolled back: nothing billed
    throw;
  }
  return TurnOutcome{201, std::move(body), false, reply.vendorTimeUs};
}

Result<std::vector<AttemptRow>, DomainError> ConversationService::attempts(const std::string& tenantId,
                                                                           const std::string& messageId) {
  return database_->read([&](Transaction& s) -> Result<std::vector<AttemptRow>, DomainError> {
    if (!MessageRepository::find(s, tenantId, messageId))
      return unexpected(DomainError::of(DomainError::Kind::NotFound, "message not found"));
    return AttemptRepository::listByMessage(s, tenantId, messageId);
  });
}

}  // namespace vb
