// The tool audit (migration 004). Same transaction contract as
// tenant_repository.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/page_cursor.h"
#include "domain/tool_run.h"
#include "store/transaction.h"

namespace vb {

struct ToolRunRepository {
  static void insert(Transaction& tx, const ToolRun& run);
  // The runs of one turn, in the order they ran.
  static std::vector<ToolRun> listByMessage(Transaction& tx, const std::string& tenantId,
                                            const std::string& messageId);
  // Newest first: (created_at, id) descending, strictly before `before`, in
  // [fromAt, toAt), matching the filter.
  static std::vector<ToolRun> list(Transaction& tx, const std::string& tenantId, const ToolRunFilter& filter,
                                   const std::string& fromAt, const std::string& toAt,
                                   const std::optional<PageCursor>& before, int limit);
};

}  // namespace vb
