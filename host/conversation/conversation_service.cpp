#include "conversation/conversation_service.h"

#include "conversation/turn_record.h"

#include <algorithm>
#include <stdexcept>

#include "conversation/store_context_source.h"
#include "conversation/tool_loop.h"
#include "conversation/vendor_request.h"
#include "store/attempt_repository.h"
#include "store/message_repository.h"
#include "store/tool_run_repository.h"
#include "store/timestamps.h"
#include "store/usage_repository.h"

namespace vb {
namespace {

TurnError turnError(DomainError::Kind kind, std::string detail, std::string field = {}) {
  return TurnError{DomainError::of(kind, std::move(detail), std::move(field)), {}};
}

}  // namespace

int64_t ConversationService::elapsedMs(Clock::Steady::time_point since) const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now() - since).count();
}

UsageTotals Turn::usageTotals() const {
  UsageTotals totals;
  totals.sessions = 1;
  totals.messages = 1;
  for (const auto& event : usage) {
    totals.tokensIn += event.tokensIn;
    totals.tokensOut += event.tokensOut;
    totals.costMicros += event.costMicros;
  }
  return totals;
}

ConversationSettings ConversationSettings::fromConfig(const Poco::JSON::Object::Ptr& conversation,
                                                     const Poco::JSON::Object::Ptr& tools,
                                                     const Poco::JSON::Object::Ptr& reliability) {
  ConversationSettings s;
  if (conversation) {
    s.contextMessages = conversation->optValue<int>("contextMessages", s.contextMessages);
    s.maxContentChars =
        static_cast<size_t>(conversation->optValue<int>("maxContentChars", static_cast<int>(s.maxContentChars)));
  }
  if (tools) {
    s.maxToolRounds = tools->optValue<int>("maxRounds", s.maxToolRounds);
    s.toolTimeoutMs = tools->optValue<int>("timeoutMs", s.toolTimeoutMs);
  }
  if (reliability) s.turnDeadlineMs = reliability->optValue<int>("turnDeadlineMs", s.turnDeadlineMs);
  if (s.contextMessages < 0) s.contextMessages = 0;
  if (s.maxToolRounds < 0 || s.maxToolRounds > 10) throw std::runtime_error("config: tools.maxRounds must be 0..10");
  if (s.toolTimeoutMs < 1) throw std::runtime_error("config: tools.timeoutMs must be >= 1");
  return s;
}

ConversationService::ConversationService(std::shared_ptr<Database> database, TurnRouter& router,
                                         const ProviderCatalog& catalog, ToolRunner& tools,
                                         IdempotencyLedger& ledger, PricingTable pricing,
                                         ConversationSettings settings, std::shared_ptr<Clock> clock,
                                         const RequestLog* requestLog, TurnGovernor* governor,
                                         ContextSource* context)
    : database_(std::move(database)),
      ownedContext_(context ? nullptr : std::make_unique<StoreContextSource>(database_)),
      context_(context ? context : ownedContext_.get()),
      router_(router),
      catalog_(catalog),
      tools_(tools),
      ledger_(ledger),
      pricing_(std::move(pricing)),
      settings_(settings),
      clock_(std::move(clock)),
      requestLog_(requestLog),
      governor_(governor) {}

std::optional<DomainError> ConversationService::checkContent(const std::string& content) const {
  if (content.find_first_not_of(" \t\r\n") == std::string::npos)
    return DomainError::of(DomainError::Kind::Unprocessable, "field 'content' must not be empty", "content");
  if (content.size() > settings_.maxContentChars)
    return DomainError::of(DomainError::Kind::Unprocessable,
                           "field 'content' is longer than " + std::to_string(settings_.maxContentChars) +
                               " characters",
                           "content");
  return std::nullopt;
}

Result<Turn, TurnError> ConversationService::send(const TurnRequest& in) {
  const auto started = clock_->now();
  const auto deadline = started + std::chrono::milliseconds(settings_.turnDeadlineMs);
  const std::string& tenantId = in.tenantId;
  if (auto invalid = checkContent(in.content)) return unexpected(TurnError{std::move(*invalid), {}});
  if (in.idempotencyKey.size() > 255)
    return unexpected(
        turnError(DomainError::Kind::BadRequest, "the idempotency key is longer than 255 characters", "idempotencyKey"));
  if (!in.idempotencyKey.empty() && in.fingerprint.empty())
    return unexpected(turnError(DomainError::Kind::Internal, "an idempotent turn needs the channel's fingerprint"));

  auto context = context_->load(tenantId, in.sessionId, settings_.contextMessages);
  if (!context) return unexpected(turnError(DomainError::Kind::NotFound, "session not found"));
  if (context->agent.archivedAt)
    return unexpected(turnError(DomainError::Kind::Unprocessable, "the session's agent is archived"));
  const Agent& agent = context->agent;
  if (governor_)
    if (auto refused = governor_->checkTokenRate(tenantId)) {
      TurnError error{std::move(*refused), {}};
      if (requestLog_) requestLog_->recordFailure(in, agent, error, elapsedMs(started));
      return unexpected(std::move(error));
    }

  const std::string& key = in.idempotencyKey;
  if (!key.empty()) {
    const auto claimed = ledger_.claim(tenantId, key, in.fingerprint);
    switch (claimed.state) {
      case IdempotencyLedger::State::Claimed: break;
      case IdempotencyLedger::State::Replay: return replay(tenantId, claimed.turnRecord);
      case IdempotencyLedger::State::Mismatch:
        return unexpected(turnError(DomainError::Kind::Unprocessable,
                                    "this Idempotency-Key was used with a different request", "Idempotency-Key"));
      case IdempotencyLedger::State::InFlight: {
        auto error = turnError(DomainError::Kind::Conflict,
                               "a request with this Idempotency-Key is still in flight; retry later",
                               "Idempotency-Key");
        error.error.retryAfterSeconds = claimed.retryAfterSeconds;
        return unexpected(error);
      }
    }
  }
  // From here on, every early return must free the claim.
  struct ClaimGuard {
    IdempotencyLedger& ledger;
    const std::string& tenantId;
    const std::string& key;
    bool armed = true;
    ~ClaimGuard() {
      if (armed && !key.empty()) ledger.release(tenantId, key);
    }
  } claim{ledger_, tenantId, key};

  VendorRequest vendorRequest(agent.systemPrompt, context->history, catalog_.toolDefinitions(agent.enabledTools),
                              in.content);
  BudgetHold budget;  // declared after the claim guard: released before the key
  if (governor_) {
    auto held = governor_->reserve(tenantId, agent, [&] { return vendorRequest.json().size(); });
    if (!held) {
      TurnError error{std::move(held.error()), {}};
      if (requestLog_) requestLog_->recordFailure(in, agent, error, elapsedMs(started));
      return unexpected(std::move(error));
    }
    budget = std::move(*held);
  }
  const std::string assistantId = newId("msg");
  ToolLoop loop(router_, tools_, *clock_, agent, in, assistantId,
                ToolLoopLimits{settings_.maxToolRounds, std::chrono::milliseconds(settings_.toolTimeoutMs), deadline});
  auto looped = loop.run(vendorRequest);
  if (!looped) {  // nothing written or billed; the guard frees the key
    if (requestLog_) requestLog_->recordFailure(in, agent, looped.error(), elapsedMs(started));
    return unexpected(looped.error());
  }
  auto& [responses, attempts, runs, toolResults, finalText] = *looped;

  const auto wallNow = clock_->wallNow();
  const std::string at = formatTimestamp(wallNow);
  const RoutedReply& last = responses.back();
  Turn turn;
  turn.requestId = in.requestId;
  turn.vendorTimeUs = 0;
  for (const auto& response : responses) {
    turn.fallbackUsed = turn.fallbackUsed || response.fallbackUsed;
    turn.vendorTimeUs += response.vendorTimeUs;
  }
  turn.userMessage = {tenantId, newId("msg"), in.sessionId, 0, "user", in.content, std::nullopt, 0, 0, in.requestId, at};
  for (size_t i = 0; i < runs.size(); ++i)
    if (!toolResults[i].empty())
      turn.toolMessages.push_back(
          {tenantId, newId("msg"), in.sessionId, 0, "tool", toolResults[i], runs[i].tool, 0, 0, in.requestId, at});
  turn.assistantMessage = {tenantId,        assistantId,           in.sessionId,           0, "assistant", finalText,
                           last.provider,   last.reply.tokensIn,   last.reply.tokensOut,   in.requestId, at};
  turn.attempts = std::move(attempts);
  turn.toolRuns = std::move(runs);
  for (size_t call = 0; call < responses.size(); ++call) {
    const auto& response = responses[call];
    const auto quote = pricing_.quote(response.provider, wallNow);
    turn.usage.push_back({tenantId, newId("use"), agent.id, in.sessionId, assistantId, response.provider,
                          response.reply.tokensIn, response.reply.tokensOut,
                          PricingTable::costMicros(response.reply.tokensIn, response.reply.tokensOut, quote.price),
                          quote.version, at, static_cast<int64_t>(call)});
  }
  turn.latencyMs = std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now() - started).count();
  if (in.extension) in.extension->prepare(turn);
  // Encoded before the transaction: the writer holds only inserts.
  const std::string record = key.empty() ? std::string() : TurnRecord::of(turn).encode();

  try {
    database_->write([&](Transaction& tx) {
      int64_t seq = MessageRepository::lastSeq(tx, tenantId, in.sessionId);
      turn.userMessage.seq = ++seq;
      for (auto& message : turn.toolMessages) message.seq = ++seq;
      turn.assistantMessage.seq = ++seq;
      MessageRepository::insert(tx, turn.userMessage);
      for (const auto& message : turn.toolMessages) MessageRepository::insert(tx, message);
      MessageRepository::insert(tx, turn.assistantMessage);
      for (const auto& attempt : turn.attempts) AttemptRepository::insert(tx, attempt);
      for (const auto& event : turn.usage) UsageRepository::insert(tx, event);
      for (const auto& run : turn.toolRuns) ToolRunRepository::insert(tx, run);
      if (in.extension) in.extension->commit(tx, turn);
      if (requestLog_) requestLog_->recordTurn(tx, in, agent, turn);
      if (!key.empty()) ledger_.complete(tx, tenantId, key, record);
      budget.settle(tx, turn.usageTotals().costMicros);
    });
  } catch (const BudgetOverrun&) {
    // The vendor answered longer than the reservation allowed for and the
    // budget has no room for the difference: nothing is billed (the hold goes
    // back), so billed spend stays within the limit.
    auto error = turnError(DomainError::Kind::BudgetExceeded,
                           "the reply cost more than the turn reserved and does not fit the remaining budget; "
                           "nothing was billed");
    if (requestLog_) requestLog_->recordFailure(in, agent, {error.error, turn.attempts}, elapsedMs(started));
    return unexpected(error);
  } catch (const IdempotencyLedger::ClaimLost&) {
    // Another request took the key over after this one's lease lapsed; it
    // bills the turn, this one rolled back and bills nothing. (The guard's
    // release is fenced by owner: it cannot free the other request's claim.)
    auto error = turnError(DomainError::Kind::Conflict,
                           "this request's claim on the Idempotency-Key lapsed; retry to get the turn",
                           "Idempotency-Key");
    error.error.retryAfterSeconds = 1;
    if (requestLog_) requestLog_->recordFailure(in, agent, {error.error, turn.attempts}, elapsedMs(started));
    return unexpected(error);
  }
  claim.armed = false;
  ledger_.committed(tenantId, key);
  context_->turnCommitted(turn);
  budget.committed();
  if (governor_) {
    const auto billed = turn.usageTotals();
    governor_->billed(tenantId, billed.tokensIn + billed.tokensOut);
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
    if (!user || !assistant) return std::nullopt;
    Turn t;
    t.usage = UsageRepository::listByMessage(tx, tenantId, record->assistantMessageId);
    if (t.usage.empty()) return std::nullopt;
    for (auto& message : MessageRepository::between(tx, tenantId, user->sessionId, user->seq, assistant->seq))
      if (message.role == "tool") t.toolMessages.push_back(std::move(message));
    t.userMessage = std::move(*user);
    t.assistantMessage = std::move(*assistant);
    t.attempts = AttemptRepository::listByMessage(tx, tenantId, record->assistantMessageId);
    t.toolRuns = ToolRunRepository::listByMessage(tx, tenantId, record->assistantMessageId);
    return t;
  });
  if (!turn)
    return unexpected(turnError(DomainError::Kind::Internal, "the replayed turn's rows are missing"));
  turn->fallbackUsed = record->fallbackUsed;
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
