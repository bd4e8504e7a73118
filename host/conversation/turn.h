// The conversation turn as a domain value: what a channel (chat, voice,
// async jobs) asks for and what it gets back. No HTTP, no API JSON: each
// channel parses its own request into a TurnRequest and renders the Turn (or
// the TurnError) in its own shape.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/domain_error.h"
#include "domain/attempt.h"
#include "domain/session.h"
#include "domain/tool_run.h"
#include "domain/usage_event.h"

namespace vb {

class Transaction;
struct Turn;

// A channel's own part of a turn — the voice channel's speech synthesis and
// voice record. The core calls prepare() once the vendor has answered and
// commit() inside the turn's one write transaction, so the channel's rows
// exist exactly when the turn does (and a replay finds them).
class TurnExtension {
 public:
  virtual ~TurnExtension() = default;
  // After the vendor's answer, with no lock or transaction held. Must not
  // throw: a failure is the extension's to record (the reply text stands).
  virtual void prepare(const Turn& turn) = 0;
  // Inside the turn's write transaction, after its messages are inserted.
  virtual void commit(Transaction& tx, const Turn& turn) = 0;
};

struct TurnRequest {
  std::string tenantId;
  std::string sessionId;
  std::string content;         // the customer's text, or the voice channel's transcript
  std::string idempotencyKey;  // "" = none
  // The channel's digest of its canonical request: the same key with another
  // fingerprint is refused (422). Required when idempotencyKey is set.
  std::string fingerprint;
  std::string requestId;
  TurnExtension* extension = nullptr;  // optional; must outlive send()
  std::string channel = "chat";        // "chat" | "voice": where the request log files the turn
};

struct Turn {
  Message userMessage;
  std::vector<Message> toolMessages;  // tool results (role "tool"), between the user and assistant messages
  Message assistantMessage;           // never empty
  std::vector<UsageEvent> usage;      // one per billed vendor response (call index order); never empty
  std::vector<Attempt> attempts;      // every vendor attempt of every call, in order
  bool fallbackUsed = false;          // some call was answered by the fallback provider
  std::vector<ToolRun> toolRuns;      // the tool calls the vendor asked for, and what became of each
  int64_t latencyMs = 0;      // the turn as first run (replays keep it)
  std::string requestId;      // of the request that ran the turn
  bool replayed = false;      // served from the idempotency record: nothing ran or was billed again
  int64_t vendorTimeUs = -1;  // host-measured vendor time of this run; -1 for replays

  // The sums over `usage`, and who gave the final answer.
  UsageTotals usageTotals() const;
  const std::string& provider() const { return usage.back().provider; }
};

// Why a turn produced no reply. When vendors were called, `attempts` has
// every one of them (nothing was billed). retryAfterSeconds is in `error`.
struct TurnError {
  DomainError error;
  std::vector<Attempt> attempts;
};

}  // namespace vb
