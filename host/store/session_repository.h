// Conversation sessions, their messages and the vendor attempts behind each
// assistant message. Same session contract as tenant_repository.h.
#pragma once

#include "store/transaction.h"

#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace vb {

struct SessionFilter {
  std::optional<std::string> agentId;
  std::optional<std::string> customerId;
};

struct SessionRepository {
  static void insert(Transaction& tx, const SessionRow& row);
  static std::optional<SessionRow> find(Transaction& tx, const std::string& tenantId,
                                        const std::string& sessionId);
  // Newest first: (created_at, id) descending, strictly before `after`.
  static std::vector<SessionRow> list(Transaction& tx, const std::string& tenantId,
                                      const SessionFilter& filter, const std::optional<PageCursor>& after, int limit);
};

struct MessageRepository {
  static void insert(Transaction& tx, const MessageRow& message);
  // The highest seq in the session, 0 when empty. Call inside the write
  // transaction that inserts the next messages, so seq stays dense and unique.
  static int64_t lastSeq(Transaction& tx, const std::string& tenantId, const std::string& sessionId);
  // The whole transcript in seq order.
  static std::vector<MessageRow> listBySession(Transaction& tx, const std::string& tenantId,
                                               const std::string& sessionId);
  // The last `count` messages in seq order (the context sent to the vendor).
  static std::vector<MessageRow> lastMessages(Transaction& tx, const std::string& tenantId,
                                              const std::string& sessionId, int count);
  static std::optional<MessageRow> find(Transaction& tx, const std::string& tenantId,
                                        const std::string& messageId);
};

struct AttemptRepository {
  static void insert(Transaction& tx, const AttemptRow& attempt);
  static std::vector<AttemptRow> listByMessage(Transaction& tx, const std::string& tenantId,
                                               const std::string& messageId);
};

}  // namespace vb
