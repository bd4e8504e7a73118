#include "conversation/conversation_service.h"

#include "conversation/turn_record.h"
#include "conversation/vendor_request.h"
#include "store/agent_repository.h"
#include "store/attempt_repository.h"
#include "store/message_repository.h"
#include "store/session_repository.h"
#include "store/timestamps.h"
#include "store/usage_repository.h"

namespace vb {
namespace {

TurnError turnError(DomainError::Kind kind, std::string detail, std::string field = {}) {
  return TurnError{DomainError::of(kind, std::move(detail), std::move(field)), {}};
}

std::vector<Attempt> attemptsOf(const std::vector<AttemptRecord>& records, const std::string& tenantId,
                                const std::string& messageId, const std::string& requestId) {
  std::vector<Attempt> attempts;
  attempts.reserve(records.size());
  for (const auto& a : records) {
    Attempt attempt;
    attempt.tenantId = tenantId;
    attempt.id = newId("att");
    attempt.messageId = messageId;
    attempt.attempt = a.attempt;
    attempt.provider = a.provider;
    attempt.outcome = a.outcome;
    if (a.httpStatus != 0) attempt.httpStatus = a.httpStatus;
    if (!a.errorClass.empty()) attempt.errorClass = a.errorClass;
    attempt.latencyMs = a.latencyMs;
    attempt.startedAt = formatTimestamp(a.startedAt);
    attempt.requestId = a.requestId.empty() ? requestId : a.requestId;
    attempts.push_back(std::move(attempt));
  }
  return attempts;
}

// What the vendor asked to call. Tools do not run in this flow yet: each is
// reported as not executed.
std::vector<ToolCallReport> toolCallsOf(const std::vector<ToolCall>& calls) {
  std::vector<ToolCallReport> reports;
  for (const auto& call : calls) reports.push_back({call.name, call.argumentsJson, "not_executed", "", 0});
  return reports;
}

}  // namespace

ConversationSettings ConversationSettings::fromConfig(const Poco::JSON::Object::Ptr& section) {
  ConversationSettings s;
  if (section) {
    s.contextMessages = section->optValue<int>("contextMessages", s.contextMessages);
    s.maxContentChars =
        static_cast<size_t>(section->optValue<int>("maxContentChars", static_cast<int>(s.maxContentChars)));
  }
  if (s.contextMessages < 0) s.contextMessages = 0;
  return s;
}

ConversationService::ConversationService(std::shared_ptr<Database> database, TurnRouter& router,
                                         const ProviderCatalog& catalog, IdempotencyLedger& ledger,
                                         PricingTable pricing, ConversationSettings settings,
                                         std::shared_ptr<Clock> clock)
    : database_(std::move(database)),
      router_(router),
      catalog_(catalog),
      ledger_(ledger),
      pricing_(std::move(pricing)),
      settings_(settings),
      clock_(std::move(clock)) {}

Result<Turn, TurnError> ConversationService::send(const TurnRequest& in) {
  const auto started = clock_->now();
  const std::string& tenantId = in.tenantId;
  if (in.content.find_first_not_of(" \t\r\n") == std::string::npos)
    return unexpected(
        turnError(DomainError::Kind::Unprocessable, "field 'content' must not be empty", "content"));
  if (in.content.size() > settings_.maxContentChars)
    return unexpected(turnError(
        DomainError::Kind::Unprocessable,
        "field 'content' is longer than " + std::to_string(settings_.maxContentChars) + " characters",
        "content"));
  if (in.idempotencyKey.size() > 255)
    return unexpected(turnError(DomainError::Kind::BadRequest,
                                "the idempotency key is longer than 255 characters", "idempotencyKey"));
  if (!in.idempotencyKey.empty() && in.fingerprint.empty())
    return unexpected(
        turnError(DomainError::Kind::Internal, "an idempotent turn needs the channel's fingerprint"));

  struct Context {
    Session session;
    Agent agent;
    std::vector<Message> history;
  };
  auto context = database_->read([&](Transaction& tx) -> std::optional<Context> {
    auto session = SessionRepository::find(tx, tenantId, in.sessionId);
    if (!session) return std::nullopt;
    auto agent = AgentRepository::find(tx, tenantId, session->agentId);
    if (!agent) return std::nullopt;
    return Context{*session, *agent,
                   settings_.contextMessages > 0 ? MessageRepository::lastMessages(tx, tenantId, in.sessionId,
                                                                                   settings_.contextMessages)
                                                 : std::vector<Message>{}};
  });
  if (!context) return unexpected(turnError(DomainError::Kind::NotFound, "session not found"));
  if (context->agent.archivedAt)
    return unexpected(turnError(DomainError::Kind::Unprocessable, "the session's agent is archived"));

  const std::string& key = in.idempotencyKey;
  if (!key.empty()) {
    const auto claimed = ledger_.claim(tenantId, key, in.fingerprint);
    switch (claimed.state) {
      case IdempotencyLedger::State::Claimed:
        break;
      case IdempotencyLedger::State::Replay:
        return replay(tenantId, claimed.turnRecord);
      case IdempotencyLedger::State::Mismatch:
        return unexpected(turnError(DomainError::Kind::Unprocessable,
                                    "this Idempotency-Key was used with a different request",
                                    "Idempotency-Key"));
      case IdempotencyLedger::State::InFlight: {
        auto error = turnError(DomainError::Kind::Conflict,
                               "a request with this Idempotency-Key is still in flight; retry later",
                               "Idempotency-Key");
        error.error.retryAfterSeconds = claimed.retryAfterSeconds;
        return unexpected(error);
      }
    }
  }

  std::vector<ToolDefinition> tools;
  for (const auto& name : context->agent.enabledTools)
    if (auto definition = catalog_.toolDefinition(name)) tools.push_back(std::move(*definition));
  ChatRequest request;
  request.requestJson = buildVendorRequest(context->agent.systemPrompt, context->history, tools, in.content);
  request.requestId = in.requestId;
  request.tenantId = tenantId;
  const RoutePlan plan{context->agent.primaryProvider, context->agent.fallbackProvider};

  Result<RoutedReply, RoutingFailure> routed = unexpected(RoutingFailure{});
  try {
    routed = router_.run(plan, request);
  } catch (...) {
    ledger_.release(tenantId, key);
    throw;
  }
  if (!routed) {
    // Nothing was written or billed: free the key so the client can retry.
    ledger_.release(tenantId, key);
    const auto& failure = routed.error();
    const bool deadline = failure.kind == RoutingFailure::Kind::DeadlineExceeded;
    TurnError error =
        turnError(deadline ? DomainError::Kind::DeadlineExceeded : DomainError::Kind::VendorsFailed,
                  deadline ? "the turn deadline ran out; nothing was billed"
                           : "every vendor attempt failed; nothing was billed");
    error.attempts = attemptsOf(failure.attempts, tenantId, "", in.requestId);
    return unexpected(error);
  }

  const RoutedReply& reply = routed.value();
  const auto wallNow = clock_->wallNow();
  const std::string at = formatTimestamp(wallNow);
  Turn turn;
  turn.requestId = in.requestId;
  turn.fallbackUsed = reply.fallbackUsed;
  turn.toolCalls = toolCallsOf(reply.reply.toolCalls);
  turn.vendorTimeUs = reply.vendorTimeUs;
  turn.userMessage = {
      tenantId, newId("msg"), in.sessionId, 0, "user", in.content, std::nullopt, 0, 0, in.requestId, at};
  turn.assistantMessage = {tenantId,
                           newId("msg"),
                           in.sessionId,
                           0,
                           "assistant",
                           reply.reply.text,
                           reply.provider,
                           reply.reply.tokensIn,
                           reply.reply.tokensOut,
                           in.requestId,
                           at};
  turn.attempts = attemptsOf(reply.attempts, tenantId, turn.assistantMessage.id, in.requestId);
  const auto quote = pricing_.quote(reply.provider, wallNow);
  turn.usage = {tenantId,
                newId("use"),
                context->agent.id,
                in.sessionId,
                turn.assistantMessage.id,
                reply.provider,
                reply.reply.tokensIn,
                reply.reply.tokensOut,
                PricingTable::costMicros(reply.reply.tokensIn, reply.reply.tokensOut, quote.price),
                quote.version,
                at};
  turn.latencyMs = std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now() - started).count();
  if (in.extension) in.extension->prepare(turn);
  // Encoded before the transaction: the writer holds only inserts.
  const std::string record = key.empty() ? std::string() : TurnRecord::of(turn).encode();

  try {
    database_->write([&](Transaction& tx) {
      const int64_t seq = MessageRepository::lastSeq(tx, tenantId, in.sessionId) + 1;
      turn.userMessage.seq = seq;
      turn.assistantMessage.seq = seq + 1;
      MessageRepository::insert(tx, turn.userMessage);
      MessageRepository::insert(tx, turn.assistantMessage);
      for (const auto& attempt : turn.attempts) AttemptRepository::insert(tx, attempt);
      UsageRepository::insert(tx, turn.usage);
      if (in.extension) in.extension->commit(tx, turn);
      if (!key.empty()) ledger_.complete(tx, tenantId, key, record);
    });
  } catch (const IdempotencyLedger::ClaimLost&) {
    // Another request took the key over after this one's lease lapsed; it
    // bills the turn, this one rolled back and bills nothing.
    auto error = turnError(DomainError::Kind::Conflict,
                           "this request's claim on the Idempotency-Key lapsed; retry to get the turn",
                           "Idempotency-Key");
    error.error.retryAfterSeconds = 1;
    return unexpected(error);
  } catch (...) {
    ledger_.release(tenantId, key);  // the transaction rolled back: nothing billed
    throw;
  }
  return turn;
}

Result<std::optional<Turn>, TurnError> ConversationService::replayIfDone(const std::string& tenantId,
                                                                        const std::string& key,
                                                                        const std::string& fingerprint) {
  if (key.empty()) return std::optional<Turn>();
  const auto seen = ledger_.inspect(tenantId, key, fingerprint);
  if (!seen) return std::optional<Turn>();
  switch (seen->state) {
    case IdempotencyLedger::State::Replay: {
      auto turn = replay(tenantId, seen->turnRecord);
      if (!turn) return unexpected(turn.error());
      return std::optional<Turn>(std::move(*turn));
    }
    case IdempotencyLedger::State::Mismatch:
      return unexpected(turnError(DomainError::Kind::Unprocessable,
                                  "this Idempotency-Key was used with a different request", "Idempotency-Key"));
    case IdempotencyLedger::State::InFlight: {
      auto error = turnError(DomainError::Kind::Conflict,
                             "a request with this Idempotency-Key is still in flight; retry later", "Idempotency-Key");
      error.error.retryAfterSeconds = seen->retryAfterSeconds;
      return unexpected(error);
    }
    case IdempotencyLedger::State::Claimed: break;
  }
  return std::optional<Turn>();
}

Result<Turn, TurnError> ConversationService::replay(const std::string& tenantId,
                                                    const std::string& turnRecord) {
  const auto record = TurnRecord::decode(turnRecord);
  if (!record) return unexpected(turnError(DomainError::Kind::Internal, "unreadable idempotency record"));
  auto turn = database_->snapshot([&](Transaction& tx) -> std::optional<Turn> {
    auto user = MessageRepository::find(tx, tenantId, record->userMessageId);
    auto assistant = MessageRepository::find(tx, tenantId, record->assistantMessageId);
    auto usage = UsageRepository::findByMessage(tx, tenantId, record->assistantMessageId);
    if (!user || !assistant || !usage) return std::nullopt;
    Turn t;
    t.userMessage = std::move(*user);
    t.assistantMessage = std::move(*assistant);
    t.usage = std::move(*usage);
    t.attempts = AttemptRepository::listByMessage(tx, tenantId, record->assistantMessageId);
    return t;
  });
  if (!turn)
    return unexpected(turnError(DomainError::Kind::Internal, "the replayed turn's rows are missing"));
  turn->fallbackUsed = record->fallbackUsed;
  turn->toolCalls = record->toolCalls;
  turn->latencyMs = record->latencyMs;
  turn->requestId = record->requestId;
  turn->replayed = true;
  turn->vendorTimeUs = -1;
  return std::move(*turn);
}

Result<std::vector<Attempt>, DomainError> ConversationService::attempts(const std::string& tenantId,
                                                                        const std::string& messageId) {
  return database_->snapshot([&](Transaction& tx) -> Result<std::vector<Attempt>, DomainError> {
    if (!MessageRepository::find(tx, tenantId, messageId))
      return unexpected(DomainError::of(DomainError::Kind::NotFound, "message not found"));
    return AttemptRepository::listByMessage(tx, tenantId, messageId);
  });
}

}  // namespace vb
