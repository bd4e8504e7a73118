// ToolAuditService: the audit of tool runs (GET /v1/tools/audit), tenant-
// scoped, newest first, with filters and cursor paging. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/paging.h"
#include "common/result.h"
#include "domain/tool_run.h"

namespace vb {

class Database;

using ToolRunPage = Page<ToolRun>;

class ToolAuditService {
 public:
  explicit ToolAuditService(std::shared_ptr<Database> database);

  // from/to: optional UTC dates "YYYY-MM-DD", `to` inclusive (BadRequest
  // naming the field when malformed or reversed); status, when given, one of
  // ok | not_found | error | timeout | not_enabled (BadRequest otherwise).
  Result<ToolRunPage, DomainError> list(const std::string& tenantId, const ToolRunFilter& filter,
                                        const std::string& from, const std::string& to, const std::string& cursor,
                                        int limit);

 private:
  std::shared_ptr<Database> database_;
};

}  // namespace vb
