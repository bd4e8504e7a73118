// The request log (migration 007). Same transaction contract as
// tenant_repository.h. A row's failed attempts are opaque text to the store
// (the conversation core encodes them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/page_cursor.h"
#include "domain/request_log_entry.h"
#include "store/transaction.h"

namespace vb {

// A stored row: the entry (its `attempts` are not stored here) and, for a
// failed turn, its attempts as text.
struct RequestLogRow {
  RequestLogEntry entry;
  std::optional<std::string> failedAttemptsText;
};

struct RequestLogRepository {
  static void insert(Transaction& tx, const RequestLogRow& row);
  // Newest first: (created_at, id) descending, strictly before `before`, in
  // [fromAt, toAt), matching the filter ("" fields match anything).
  static std::vector<RequestLogRow> list(Transaction& tx, const std::string& tenantId,
                                         const RequestLogFilter& filter, const std::string& fromAt,
                                         const std::string& toAt, const std::optional<PageCursor>& before,
                                         int limit);
  // Rows of the tenant (for tests and maintenance checks).
  static int64_t count(Transaction& tx, const std::string& tenantId);
};

}  // namespace vb
