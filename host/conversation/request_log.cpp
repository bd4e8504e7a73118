#include "conversation/request_log.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <map>

#include "conversation/failed_attempts_text.h"
#include "store/attempt_repository.h"
#include "store/database.h"
#include "store/request_log_repository.h"
#include "store/timestamps.h"

namespace vb {
namespace {

DomainError badRequest(const std::string& detail, const std::string& field) {
  return DomainError::of(DomainError::Kind::BadRequest, detail, field);
}

// A "from"/"to" query as a stored-time bound: a date is its day's start (the
// next day's for an inclusive `to`), a timestamp itself.
std::optional<std::string> boundOf(const std::string& text, bool inclusiveDayEnd) {
  if (const auto day = parseDate(text))
    return formatDate(*day + (inclusiveDayEnd ? 1 : 0)) + "T00:00:00.000Z";
  if (const auto at = parseTimestamp(text)) return formatTimestamp(*at);
  return std::nullopt;
}

}  // namespace

RequestLog::RequestLog(std::shared_ptr<Database> database, TurnAnswerLabels labels,
                       std::shared_ptr<Clock> clock)
    : database_(std::move(database)), labels_(std::move(labels)), clock_(std::move(clock)) {}

void RequestLog::recordTurn(Transaction& tx, const TurnRequest& request, const Agent& agent,
                            const Turn& turn) const {
  RequestLogRow row;
  auto& e = row.entry;
  e.tenantId = request.tenantId;
  e.id = newId("req");
  e.requestId = request.requestId;
  e.sessionId = request.sessionId;
  e.messageId = turn.assistantMessage.id;
  e.agentId = agent.id;
  e.channel = request.channel;
  e.status = labels_.success(request.channel);
  e.outcome = "ok";
  e.provider = turn.provider();
  e.fallbackUsed = turn.fallbackUsed;
  e.latencyMs = turn.latencyMs;
  e.costMicros = turn.usageTotals().costMicros;
  e.createdAt = turn.assistantMessage.createdAt;
  RequestLogRepository::insert(tx, row);
}

void RequestLog::recordFailure(const TurnRequest& request, const Agent& agent, const TurnError& error,
                               int64_t latencyMs) const noexcept {
  try {
    const ProblemLabel label = labels_.failure(error.error.kind);
    RequestLogRow row;
    auto& e = row.entry;
    e.tenantId = request.tenantId;
    e.id = newId("req");
    e.requestId = request.requestId;
    e.sessionId = request.sessionId;
    e.agentId = agent.id;
    e.channel = request.channel;
    e.status = label.status;
    e.outcome = "failed";
    if (!error.attempts.empty()) e.provider = error.attempts.back().provider;
    e.fallbackUsed = agent.fallbackProvider &&
                     std::any_of(error.attempts.begin(), error.attempts.end(),
                                 [&](const Attempt& a) { return a.provider == *agent.fallbackProvider; });
    e.latencyMs = latencyMs;
    e.errorType = label.type;
    e.errorTitle = label.title;
    e.errorDetail = error.error.detail;
    e.createdAt = formatTimestamp(clock_->wallNow());
    std::vector<Attempt> attempts = error.attempts;
    for (auto& a : attempts) a.messageId.clear();  // no message was stored
    row.failedAttemptsText = encodeFailedAttempts(attempts);
    database_->write([&](Transaction& tx) { RequestLogRepository::insert(tx, row); });
  } catch (const std::exception& e) {
    Poco::Logger::get("request-log")
        .warning("request %s: the failed turn was not logged: %s", request.requestId, std::string(e.what()));
  } catch (...) {
    Poco::Logger::get("request-log").warning("request %s: the failed turn was not logged", request.requestId);
  }
}

Result<RequestLogPage, DomainError> RequestLog::list(const std::string& tenantId,
                                                     const RequestLogFilter& filter, const std::string& from,
                                                     const std::string& to, const std::string& cursor,
                                                     int limit) const {
  std::string fromAt = "0000-01-01", toAt = "9999-12-31";
  if (!from.empty()) {
    const auto bound = boundOf(from, false);
    if (!bound)
      return unexpected(badRequest("query 'from' must be a date YYYY-MM-DD or a UTC timestamp", "from"));
    fromAt = *bound;
  }
  if (!to.empty()) {
    const auto bound = boundOf(to, true);
    if (!bound)
      return unexpected(badRequest("query 'to' must be a date YYYY-MM-DD or a UTC timestamp", "to"));
    toAt = *bound;
  }
  if (fromAt >= toAt) return unexpected(badRequest("query 'from' must be before 'to'", "from"));
  if (!filter.outcome.empty() && filter.outcome != "ok" && filter.outcome != "failed")
    return unexpected(badRequest("query 'outcome' must be ok or failed", "outcome"));
  auto before = cursorFrom(cursor);
  if (!before) return unexpected(before.error());
  // One snapshot: the page's rows, then the attempts of its ok turns in one
  // query (a failed turn's are on its row).
  auto entries = database_->snapshot([&](Transaction& tx) {
    auto rows = RequestLogRepository::list(tx, tenantId, filter, fromAt, toAt, *before, limit + 1);
    std::vector<std::string> messageIds;
    for (const auto& row : rows)
      if (row.entry.messageId) messageIds.push_back(*row.entry.messageId);
    std::map<std::string, std::vector<Attempt>> attemptsByMessage;
    for (auto& attempt : AttemptRepository::listByMessages(tx, tenantId, messageIds))
      attemptsByMessage[attempt.messageId].push_back(std::move(attempt));
    std::vector<RequestLogEntry> out;
    for (auto& row : rows) {
      auto& e = row.entry;
      if (e.messageId)
        e.attempts = std::move(attemptsByMessage[*e.messageId]);
      else if (row.failedAttemptsText)
        e.attempts = decodeFailedAttempts(*row.failedAttemptsText, tenantId).value_or(std::vector<Attempt>{});
      out.push_back(std::move(e));
    }
    return out;
  });
  return pageOf(std::move(entries), limit);
}

}  // namespace vb
