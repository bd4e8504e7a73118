#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "conversation/tool_audit_service.h"

namespace vb {

void registerToolAuditRoutes(Router& router, ToolAuditService& audit) {
  router.add("GET", "/v1/tools/audit", Access::AnyKey, [&audit](const HttpRequest& request) -> HandlerResult {
    auto limit = limitOf(request);
    if (!limit) return unexpected(limit.error());
    ToolRunFilter filter{request.queryOr("sessionId"), request.queryOr("agentId"), request.queryOr("tool"),
                         request.queryOr("status")};
    auto page = audit.list(principalOf(request).tenantId, filter, request.queryOr("from"), request.queryOr("to"),
                           request.queryOr("cursor"), *limit);
    if (!page) return unexpected(page.error());
    return jsonResponse(200, pageToJson(arrayOf(page->items, &toolAuditToJson), page->nextCursor));
  });
}

}  // namespace vb
