// RequestLog: every turn that ran, answered or failed (GET /v1/requests).
//
// Which turns are logged: every call of ConversationService::send() that got
// past validation and the idempotency claim, i.e. every turn that reached the
// vendors — answered (outcome ok, written inside the turn's one write
// transaction, so the row exists exactly when the turn does), or failed after
// routing (vendors exhausted 502, deadline 504, a lost idempotency claim 409
// after the vendor answered; outcome failed, written in its own write, with
// the attempts kept on the row). Not logged: requests refused before a turn
// ran (validation 400/422, unknown session 404, archived agent, idempotency
// 409 in flight / 422 mismatch) and idempotent replays (the original turn is
// the entry). Another gate before the vendors (a budget's 402) may log its
// refusals with recordFailure().
//
// The log stores the HTTP status and problem type the caller got; the
// conversation core knows no HTTP, so the composition root hands in how a
// channel's success and a DomainError::Kind are answered (TurnAnswerLabels).
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/paging.h"
#include "common/result.h"
#include "conversation/turn.h"
#include "domain/agent.h"
#include "domain/request_log_entry.h"

namespace vb {

class Database;
class Transaction;

struct ProblemLabel {
  int status = 500;
  std::string type;  // the problem+json type URI
  std::string title;
};

struct TurnAnswerLabels {
  std::function<int(const std::string& channel)> success;       // the channel's answer to a turn (201)
  std::function<ProblemLabel(DomainError::Kind kind)> failure;  // the problem the edge renders
};

using RequestLogPage = Page<RequestLogEntry>;

class RequestLog {
 public:
  RequestLog(std::shared_ptr<Database> database, TurnAnswerLabels labels, std::shared_ptr<Clock> clock);

  // The answered turn's row; inside the turn's write transaction (throws
  // what the store throws, rolling the turn back with it).
  void recordTurn(Transaction& tx, const TurnRequest& request, const Agent& agent, const Turn& turn) const;

  // A failed turn's row, in its own write. Never throws: a store failure is
  // logged, and the caller's answer stands.
  void recordFailure(const TurnRequest& request, const Agent& agent, const TurnError& error,
                     int64_t latencyMs) const noexcept;

  // Newest first. from/to: optional UTC dates "YYYY-MM-DD" (`to` inclusive)
  // or timestamps "YYYY-MM-DDTHH:MM:SS[.mmm]Z" (`to` exclusive); outcome, when
  // given, ok | failed. BadRequest naming the field otherwise, or for a bad
  // cursor.
  Result<RequestLogPage, DomainError> list(const std::string& tenantId, const RequestLogFilter& filter,
                                           const std::string& from, const std::string& to,
                                           const std::string& cursor, int limit) const;

 private:
  std::shared_ptr<Database> database_;
  const TurnAnswerLabels labels_;
  std::shared_ptr<Clock> clock_;
};

}  // namespace vb
