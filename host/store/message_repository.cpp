#include "store/message_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

constexpr const char* kMessageColumns =
    "SELECT tenant_id, id, session_id, seq, role, content, provider, tokens_in, tokens_out, request_id, "
    "created_at "
    "FROM messages ";

std::vector<Message> messagesOf(const Poco::Data::RecordSet& rs) {
  std::vector<Message> rows;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    rows.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), integer(rs, 3, r), text(rs, 4, r),
                    text(rs, 5, r), optionalText(rs, 6, r), integer(rs, 7, r), integer(rs, 8, r),
                    text(rs, 9, r), text(rs, 10, r)});
  return rows;
}

}  // namespace

void MessageRepository::insert(Transaction& tx, const Message& m) {
  tx.execute("INSERT INTO messages (tenant_id, id, session_id, seq, role, content, provider, tokens_in, "
             "tokens_out, request_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
             {m.tenantId, m.id, m.sessionId, m.seq, m.role, m.content, m.provider, m.tokensIn, m.tokensOut,
              m.requestId, m.createdAt});
}

int64_t MessageRepository::lastSeq(Transaction& tx, const std::string& tenantId,
                                   const std::string& sessionId) {
  if (tx.writable() && tx.dialect().isPostgreSQL())
    // Concurrent writers (READ COMMITTED): lock the session's row so a second
    // turn of the same session waits here and then reads this turn's seq.
    tx.execute("SELECT id FROM sessions WHERE tenant_id = $1 AND id = $2 FOR UPDATE", {tenantId, sessionId});
  return tx.queryInteger("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE tenant_id = $1 AND session_id = $2",
                         {tenantId, sessionId})
      .value_or(0);
}

std::vector<Message> MessageRepository::listBySession(Transaction& tx, const std::string& tenantId,
                                                      const std::string& sessionId) {
  std::string t = tenantId, s = sessionId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kMessageColumns) + "WHERE tenant_id = $1 AND session_id = $2 ORDER BY seq", use(t),
      use(s), now;
  return messagesOf(Poco::Data::RecordSet(select));
}

std::vector<Message> MessageRepository::lastMessages(Transaction& tx, const std::string& tenantId,
                                                     const std::string& sessionId, int count) {
  std::string t = tenantId, s = sessionId;
  Poco::Int64 n = count;
  Poco::Data::Statement select(tx.session());
  select << std::string(kMessageColumns) + "WHERE tenant_id = $1 AND session_id = $2 ORDER BY seq DESC LIMIT $3",
      use(t), use(s), use(n), now;
  auto rows = messagesOf(Poco::Data::RecordSet(select));
  std::reverse(rows.begin(), rows.end());
  return rows;
}

std::optional<Message> MessageRepository::find(Transaction& tx, const std::string& tenantId,
                                               const std::string& messageId) {
  std::string t = tenantId, id = messageId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kMessageColumns) + "WHERE tenant_id = $1 AND id = $2", use(t), use(id), now;
  auto rows = messagesOf(Poco::Data::RecordSet(select));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Message> MessageRepository::between(Transaction& tx, const std::string& tenantId,
                                                const std::string& sessionId, int64_t afterSeq, int64_t beforeSeq) {
  std::string t = tenantId, s = sessionId;
  Poco::Int64 after = afterSeq, before = beforeSeq;
  Poco::Data::Statement select(tx.session());
  select << std::string(kMessageColumns) + "WHERE tenant_id = $1 AND session_id = $2 AND seq > $3 AND seq < $4 ORDER BY seq",
      use(t), use(s), use(after), use(before), now;
  return messagesOf(Poco::Data::RecordSet(select));
}

}  // namespace vb
