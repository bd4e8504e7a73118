// ConversationService: one conversation turn, end to end, without HTTP.
//
// sendTurn(): session lookup → idempotency claim → context (system prompt +
// last contextMessages messages) → TurnRouter (retries/fallback) → ONE write
// transaction holding: user message, assistant message (seq assigned inside
// the transaction, so concurrent sends on a session stay dense and ordered),
// every attempt, the usage event (UNIQUE per message) and the idempotency
// record's completion with the serialised Turn. The Turn is returned only
// after that commit.
//
// Idempotency (per tenant + key, fingerprint = SHA-256 of the canonical
// request: session id and content):
//   new key            → claimed as in_flight, then runs;
//   same fingerprint, completed  → the stored Turn, replayed = true;
//   same fingerprint, in flight  → Conflict (409) with retryAfterSeconds;
//   different fingerprint        → Unprocessable (422);
//   turn failed before billing   → the record is deleted: a retry runs anew;
//   records expire after ttlHours; an in-flight claim older than
//   inFlightLockSeconds (a crashed turn) may be taken over.
// Thread-safe; the router call runs with no lock held.
#pragma once

#include <Poco/JSON/Object.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/result.h"
#include "metering/pricing_table.h"
#include "reliability/reliability_pipeline.h"
#include "store/database.h"
#include "store/records.h"

namespace vb {

struct ConversationSettings {
  int contextMessages = 20;         // earlier messages sent to the vendor
  int idempotencyTtlHours = 24;
  int inFlightLockSeconds = 300;    // longer than any turn deadline
  size_t maxContentChars = 32000;

  // From the config root: sections "conversation" {contextMessages,
  // maxContentChars} and "idempotency" {ttlHours, inFlightLockSeconds}.
  static ConversationSettings fromConfig(const Poco::JSON::Object::Ptr& root);
};

struct TurnOutcome {
  int status = 201;
  std::string body;       // the Turn as API.md JSON
  bool replayed = false;  // served from the idempotency record
  int64_t vendorTimeUs = -1;  // host-measured vendor time of this turn; -1 for replays
};

class ConversationService {
 public:
  ConversationService(std::shared_ptr<Database> database, TurnRouter& router, PricingTable pricing,
                      ConversationSettings settings, std::shared_ptr<Clock> clock);

  // NotFound for a missing or foreign session; Unprocessable for empty or
  // over-long content or an archived agent; Conflict/Unprocessable per the
  // idempotency rules; VendorsFailed (502) / DeadlineExceeded (504) with
  // {"attempts":[…]} in extensionJson when routing fails (nothing billed).
  Result<TurnOutcome, DomainError> sendTurn(const std::string& tenantId, const std::string& sessionId,
                                            const std::string& content, const std::string& idempotencyKey,
                                            const std::string& requestId);

  // The attempts behind an assistant message. NotFound for a missing or
  // foreign message.
  Result<std::vector<AttemptRow>, DomainError> attempts(const std::string& tenantId, const std::string& messageId);

  const PricingTable& pricing() const { return pricing_; }
  const ConversationSettings& settings() const { return settings_; }

  // The fingerprint of a send: hex SHA-256 over the canonical request.
  static std::string fingerprint(const std::string& sessionId, const std::string& content);

 private:
  enum class ClaimState { Claimed, Replay, InFlight, Mismatch };
  struct Claim {
    ClaimState state = ClaimState::Claimed;
    std::string body;
    int status = 201;
  };
  Claim claim(const std::string& tenantId, const std::string& key, const std::string& fingerprint);
  void release(const std::string& tenantId, const std::string& key);
  std::string buildRequestJson(const std::string& systemPrompt, const std::vector<MessageRow>& history,
                               const std::vector<std::string>& tools, const std::string& content) const;

  std::shared_ptr<Database> database_;
  TurnRouter& router_;
  const PricingTable pricing_;
  const ConversationSettings settings_;
  std::shared_ptr<Clock> clock_;
  std::atomic<int64_t> lastExpirySweepMs_{0};  // steady ms of the last expired-key sweep
};

}  // namespace vb
