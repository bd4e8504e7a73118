#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "conversation/request_log.h"
#include "metering/money.h"

namespace vb {
namespace {

// API.md "Operations": {id, requestId, sessionId, messageId?, agentId, channel,
// status, outcome, provider?, fallbackUsed, latencyMs, cost?, attempts,
// error?: {type, title, detail}, createdAt}
Poco::JSON::Object::Ptr requestLogEntryToJson(const RequestLogEntry& e) {
  auto o = jsonObject();
  o->set("id", e.id);
  o->set("requestId", e.requestId);
  o->set("sessionId", e.sessionId);
  if (e.messageId) o->set("messageId", *e.messageId);
  o->set("agentId", e.agentId);
  o->set("channel", e.channel);
  o->set("status", static_cast<Poco::Int64>(e.status));
  o->set("outcome", e.outcome);
  if (e.provider) o->set("provider", *e.provider);
  o->set("fallbackUsed", e.fallbackUsed);
  o->set("latencyMs", static_cast<Poco::Int64>(e.latencyMs));
  if (e.costMicros) o->set("cost", Money{*e.costMicros}.toJson());
  o->set("attempts", attemptsToJson(e.attempts));
  if (e.errorType) {
    auto error = jsonObject();
    error->set("type", *e.errorType);
    error->set("title", e.errorTitle.value_or(""));
    error->set("detail", e.errorDetail.value_or(""));
    o->set("error", error);
  }
  o->set("createdAt", e.createdAt);
  return o;
}

}  // namespace

void registerRequestLogRoutes(Router& router, RequestLog& log) {
  router.add("GET", "/v1/requests", Access::AnyKey, [&log](const HttpRequest& request) -> HandlerResult {
    auto limit = limitOf(request);
    if (!limit) return unexpected(limit.error());
    RequestLogFilter filter{request.queryOr("requestId"), request.queryOr("outcome"),
                            request.queryOr("provider"), request.queryOr("agentId")};
    auto page = log.list(principalOf(request).tenantId, filter, request.queryOr("from"),
                         request.queryOr("to"), request.queryOr("cursor"), *limit);
    if (!page) return unexpected(page.error());
    return jsonResponse(200, pageToJson(arrayOf(page->items, &requestLogEntryToJson), page->nextCursor));
  });
}

}  // namespace vb
