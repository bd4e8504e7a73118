#include "store/session_repository.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <algorithm>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

constexpr const char* kSessionColumns =
    "SELECT tenant_id, id, agent_id, customer_id, channel, metadata, created_at FROM sessions ";
constexpr const char* kMessageColumns =
    "SELECT tenant_id, id, session_id, seq, role, content, provider, tokens_in, tokens_out, request_id, created_at "
    "FROM messages ";

std::vector<SessionRow> sessionsOf(const Poco::Data::RecordSet& rs) {
  std::vector<SessionRow> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), text(rs, 3, r), text(rs, 4, r), text(rs, 5, r),
                    text(rs, 6, r)});
  return rows;
}

std::vector<MessageRow> messagesOf(const Poco::Data::RecordSet& rs) {
  std::vector<MessageRow> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), integer(rs, 3, r), text(rs, 4, r),
                    text(rs, 5, r), optionalText(rs, 6, r), integer(rs, 7, r), integer(rs, 8, r), text(rs, 9, r),
                    text(rs, 10, r)});
  return rows;
}

}  // namespace

void SessionRepository::insert(Transaction& tx, const SessionRow& row) {
  SessionRow s = row;
  tx.session() << "INSERT INTO sessions (tenant_id, id, agent_id, customer_id, channel, metadata, created_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)",
      use(s.tenantId), use(s.id), use(s.agentId), use(s.customerId), use(s.channel), use(s.metadataJson),
      use(s.createdAt), now;
}

std::optional<SessionRow> SessionRepository::find(Transaction& tx, const std::string& tenantId,
                                                  const std::string& sessionId) {
  std::string t = tenantId, id = sessionId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kSessionColumns) + "WHERE tenant_id = ? AND id = ?", use(t), use(id), now;
  auto rows = sessionsOf(Poco::Data::RecordSet(select));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<SessionRow> SessionRepository::list(Transaction& tx, const std::string& tenantId,
                                                const SessionFilter& filter, const std::optional<PageCursor>& after,
                                                int limit) {
  std::string t = tenantId;
  Poco::Int64 hasAgent = filter.agentId ? 1 : 0, hasCustomer = filter.customerId ? 1 : 0, hasCursor = after ? 1 : 0;
  std::string agent = filter.agentId.value_or(""), customer = filter.customerId.value_or("");
  std::string afterAt = after ? after->createdAt : std::string(), afterId = after ? after->id : std::string();
  Poco::Int64 lim = limit;
  Poco::Data::Statement select(tx.session());
  select << std::string(kSessionColumns) +
                "WHERE tenant_id = ? AND (? = 0 OR agent_id = ?) AND (? = 0 OR customer_id = ?) "
                "AND (? = 0 OR created_at < ? OR (created_at = ? AND id < ?)) "
                "ORDER BY created_at DESC, id DESC LIMIT ?",
      use(t), use(hasAgent), use(agent), use(hasCustomer), use(customer), use(hasCursor), use(afterAt), use(afterAt),
      use(afterId), use(lim), now;
  return sessionsOf(Poco::Data::RecordSet(select));
}

void MessageRepository::insert(Transaction& tx, const MessageRow& message) {
  MessageRow m = message;
  auto provider = nullable(m.provider);
  Poco::Int64 seq = m.seq, in = m.tokensIn, out = m.tokensOut;
  tx.session() << "INSERT INTO messages (tenant_id, id, session_id, seq, role, content, provider, tokens_in, "
             "tokens_out, request_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      use(m.tenantId), use(m.id), use(m.sessionId), use(seq), use(m.role), use(m.content), use(provider), use(in),
      use(out), use(m.requestId), use(m.createdAt), now;
}

int64_t MessageRepository::lastSeq(Transaction& tx, const std::string& tenantId,
                                   const std::string& sessionId) {
  std::string t = tenantId, s = sessionId;
  Poco::Int64 seq = 0;
  tx.session() << "SELECT COALESCE(MAX(seq), 0) FROM messages WHERE tenant_id = ? AND session_id = ?", use(t), use(s),
      into(seq), now;
  return seq;
}

std::vector<MessageRow> MessageRepository::listBySession(Transaction& tx, const std::string& tenantId,
                                                         const std::string& sessionId) {
  std::string t = tenantId, s = sessionId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kMessageColumns) + "WHERE tenant_id = ? AND session_id = ? ORDER BY seq", use(t), use(s),
      now;
  return messagesOf(Poco::Data::RecordSet(select));
}

std::vector<MessageRow> MessageRepository::lastMessages(Transaction& tx, const std::string& tenantId,
                                                        const std::string& sessionId, int count) {
  std::string t = tenantId, s = sessionId;
  Poco::Int64 n = count;
  Poco::Data::Statement select(tx.session());
  select << std::string(kMessageColumns) + "WHERE tenant_id = ? AND session_id = ? ORDER BY seq DESC LIMIT ?",
      use(t), use(s), use(n), now;
  auto rows = messagesOf(Poco::Data::RecordSet(select));
  std::reverse(rows.begin(), rows.end());
  return rows;
}

std::optional<MessageRow> MessageRepository::find(Transaction& tx, const std::string& tenantId,
                                                  const std::string& messageId) {
  std::string t = tenantId, id = messageId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kMessageColumns) + "WHERE tenant_id = ? AND id = ?", use(t), use(id), now;
  auto rows = messagesOf(Poco::Data::RecordSet(select));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

void AttemptRepository::insert(Transaction& tx, const AttemptRow& attempt) {
  AttemptRow a = attempt;
  Poco::Int64 number = a.attempt, latency = a.latencyMs;
  auto status = nullable(a.httpStatus);
  auto errorClass = nullable(a.errorClass);
  tx.session() << "INSERT INTO attempts (tenant_id, id, message_id, attempt, provider, outcome, http_status, "
             "error_class, latency_ms, started_at, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      use(a.tenantId), use(a.id), use(a.messageId), use(number), use(a.provider), use(a.outcome), use(status),
      use(errorClass), use(latency), use(a.startedAt), use(a.requestId), now;
}

std::vector<AttemptRow> AttemptRepository::listByMessage(Transaction& tx, const std::string& tenantId,
                                                         const std::string& messageId) {
  std::string t = tenantId, m = messageId;
  Poco::Data::Statement select(tx.session());
  select << "SELECT tenant_id, id, message_id, attempt, provider, outcome, http_status, error_class, latency_ms, "
            "started_at, request_id FROM attempts WHERE tenant_id = ? AND message_id = ? ORDER BY attempt",
      use(t), use(m), now;
  Poco::Data::RecordSet rs(select);
  std::vector<AttemptRow> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), integer(rs, 3, r), text(rs, 4, r),
                    text(rs, 5, r), optionalInteger(rs, 6, r), optionalText(rs, 7, r), integer(rs, 8, r),
                    text(rs, 9, r), text(rs, 10, r)});
  return rows;
}

}  // namespace vb
