#include "conversation/tool_audit_service.h"

#include <algorithm>
#include <iterator>

#include "store/database.h"
#include "store/timestamps.h"
#include "store/tool_run_repository.h"

namespace vb {
namespace {

DomainError badRequest(const std::string& detail, const std::string& field) {
  return DomainError::of(DomainError::Kind::BadRequest, detail, field);
}

}  // namespace

ToolAuditService::ToolAuditService(std::shared_ptr<Database> database) : database_(std::move(database)) {}

Result<ToolRunPage, DomainError> ToolAuditService::list(const std::string& tenantId, const ToolRunFilter& filter,
                                                        const std::string& from, const std::string& to,
                                                        const std::string& cursor, int limit) {
  std::string fromAt = "0000-01-01", toAt = "9999-12-31";
  if (!from.empty()) {
    const auto day = parseDate(from);
    if (!day) return unexpected(badRequest("query 'from' must be a date YYYY-MM-DD", "from"));
    fromAt = formatDate(*day);
  }
  if (!to.empty()) {
    const auto day = parseDate(to);
    if (!day) return unexpected(badRequest("query 'to' must be a date YYYY-MM-DD", "to"));
    toAt = formatDate(*day + 1);  // inclusive
  }
  if (fromAt >= toAt) return unexpected(badRequest("query 'from' must not be after 'to'", "from"));
  static const char* const kStatuses[] = {"ok", "not_found", "error", "timeout", "not_enabled"};
  if (!filter.status.empty() && std::find(std::begin(kStatuses), std::end(kStatuses), filter.status) ==
                                    std::end(kStatuses))
    return unexpected(
        badRequest("query 'status' must be one of ok, not_found, error, timeout, not_enabled", "status"));
  auto before = cursorFrom(cursor);
  if (!before) return unexpected(before.error());
  return pageOf(database_->read([&](Transaction& tx) {
                  return ToolRunRepository::list(tx, tenantId, filter, fromAt, toAt, *before, limit + 1);
                }),
                limit);
}

}  // namespace vb
