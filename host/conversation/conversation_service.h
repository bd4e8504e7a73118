// ConversationService: one conversation turn, end to end, for every channel.
//
// send(): validate → session, agent and context (system prompt + the last
// contextMessages messages, from a ContextSource: the store or a cache kept
// true by turnCommitted()) → idempotency claim (IdempotencyLedger) → vendor
// request with the agent's tools (vendor_request.h) → the tool loop: the
// TurnRouter (retries, breakers, fallback) calls the vendor; while it answers
// with tool calls (at most maxToolRounds rounds), each enabled tool runs
// through the ToolRunner (a disabled or unknown tool, an error or a timeout
// goes back to the vendor as an error result) and the results go back to the
// vendor — all inside the turn deadline → ONE write transaction holding the
// user message, the tool result messages, the assistant message (seqs
// assigned inside it, so concurrent sends on a session stay dense and
// ordered), every attempt, one usage event per vendor response (UNIQUE per
// message and call index), every tool run (the audit) and the idempotency
// completion. The Turn is returned only after that commit. A replay returns
// the committed Turn read back from the store. An empty assistant reply is
// never stored or billed.
//
// No HTTP and no API JSON here: channels (channels/chat, channels/voice, async
// jobs) build the TurnRequest and render the Turn. Thread-safe; the router
// call runs with no lock or transaction held.
#pragma once

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/result.h"
#include "conversation/context_source.h"
#include "conversation/idempotency_ledger.h"
#include "conversation/provider_catalog.h"
#include "conversation/request_log.h"
#include "conversation/tool_runner.h"
#include "conversation/turn.h"
#include "governance/turn_governor.h"
#include "metering/pricing_table.h"
#include "reliability/reliability_pipeline.h"
#include "store/database.h"

namespace vb {

struct ConversationSettings {
  int contextMessages = 20;  // earlier messages sent to the vendor
  size_t maxContentChars = 32000;
  int maxToolRounds = 3;       // tool rounds per turn before the loop stops
  int toolTimeoutMs = 2000;    // per tool run (never past the turn deadline)
  int turnDeadlineMs = 4000;   // the whole turn, every vendor call and tool run included

  // From the config sections "conversation" {contextMessages,
  // maxContentChars}, "tools" {maxRounds, timeoutMs} and "reliability"
  // {turnDeadlineMs}. Throws std::runtime_error on a value out of range.
  static ConversationSettings fromConfig(const Poco::JSON::Object::Ptr& conversation,
                                         const Poco::JSON::Object::Ptr& tools,
                                         const Poco::JSON::Object::Ptr& reliability);
};

class ConversationService {
 public:
  // `router`, `catalog`, `tools`, `ledger`, `requestLog`, `governor` and
  // `context` must outlive the service. Without a request log (null) nothing
  // is logged; without a governor no rate limit or budget applies to turns;
  // without a context source every turn reads its context from the store.
  ConversationService(std::shared_ptr<Database> database, TurnRouter& router, const ProviderCatalog& catalog,
                      ToolRunner& tools, IdempotencyLedger& ledger, PricingTable pricing,
                      ConversationSettings settings, std::shared_ptr<Clock> clock,
                      const RequestLog* requestLog = nullptr, TurnGovernor* governor = nullptr,
                      ContextSource* context = nullptr);

  // Errors (TurnError.error.kind): Unprocessable for empty or over-long
  // content, an archived agent, a key reused with another fingerprint;
  // BadRequest for an over-long key or a key without a fingerprint; NotFound
  // for a missing or foreign session; Conflict (retryAfterSeconds set) while
  // the key is in flight or when the claim was lost; VendorsFailed /
  // DeadlineExceeded with every attempt when routing fails (nothing billed,
  // the key is released); RateLimited (retryAfterSeconds set) while the
  // tenant's token bucket is empty and BudgetExceeded when the worst-case
  // cost does not fit the budget — both before any vendor call, nothing
  // stored but the request-log row. Every turn that reached the vendors, or
  // was refused by the governor, goes to the request log (request_log.h); a
  // replay does not.
  Result<Turn, TurnError> send(const TurnRequest& request);

  // Unprocessable when the customer's text is empty or longer than
  // maxContentChars — what send() checks first; channels that accept a turn
  // for later (async jobs) check it before they answer.
  std::optional<DomainError> checkContent(const std::string& content) const;

  // For channels with costly work before the turn (the voice channel's
  // speech recognition): the committed Turn when this key already completed
  // with this fingerprint (replayed = true), nullopt when the key is free;
  // Conflict while it is in flight, Unprocessable for another fingerprint.
  // Claims nothing: send() still decides.
  Result<std::optional<Turn>, TurnError> replayIfDone(const std::string& tenantId, const std::string& key,
                                                      const std::string& fingerprint);

  // The attempts behind an assistant message. NotFound for a missing or
  // foreign message.
  Result<std::vector<Attempt>, DomainError> attempts(const std::string& tenantId,
                                                     const std::string& messageId);

  const PricingTable& pricing() const { return pricing_; }
  const ConversationSettings& settings() const { return settings_; }

 private:
  Result<Turn, TurnError> replay(const std::string& tenantId, const std::string& turnRecord);
  int64_t elapsedMs(Clock::Steady::time_point since) const;

  std::shared_ptr<Database> database_;
  const std::unique_ptr<ContextSource> ownedContext_;  // when none was given
  ContextSource* const context_;                       // session, agent and history of a turn
  TurnRouter& router_;
  const ProviderCatalog& catalog_;
  ToolRunner& tools_;
  IdempotencyLedger& ledger_;
  const PricingTable pricing_;
  const ConversationSettings settings_;
  std::shared_ptr<Clock> clock_;
  const RequestLog* const requestLog_;  // optional
  TurnGovernor* const governor_;        // optional
};

}  // namespace vb
