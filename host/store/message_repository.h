// The messages of a session, in seq order. Same transaction contract as
// tenant_repository.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/session.h"
#include "store/transaction.h"

namespace vb {

struct MessageRepository {
  static void insert(Transaction& tx, const Message& message);
  // The highest seq in the session, 0 when empty. Call inside the write
  // transaction that inserts the next messages, so seq stays dense and unique.
  // On PostgreSQL it locks the session's row until that transaction ends, so
  // concurrent turns of one session (from any host) take their seqs in turn.
  static int64_t lastSeq(Transaction& tx, const std::string& tenantId, const std::string& sessionId);
  // The whole transcript in seq order.
  static std::vector<Message> listBySession(Transaction& tx, const std::string& tenantId,
                                            const std::string& sessionId);
  // The last `count` messages in seq order (the context sent to the vendor).
  static std::vector<Message> lastMessages(Transaction& tx, const std::string& tenantId,
                                           const std::string& sessionId, int count);
  // Messages with afterSeq < seq < beforeSeq, in seq order (a turn's tool results).
  static std::vector<Message> between(Transaction& tx, const std::string& tenantId, const std::string& sessionId,
                                      int64_t afterSeq, int64_t beforeSeq);
  static std::optional<Message> find(Transaction& tx, const std::string& tenantId,
                                     const std::string& messageId);
};

}  // namespace vb
