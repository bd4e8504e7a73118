#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "common/json_body.h"
#include "conversation/conversation_service.h"
#include "conversation/session_service.h"

namespace vb {

void registerSessionRoutes(Router& router, SessionService& sessions, ConversationService& conversations) {
  router.add("POST", "/v1/sessions", Access::Admin, [&sessions](const HttpRequest& request) -> HandlerResult {
    auto body = parseJsonObject(request.body);
    if (!body) return unexpected(body.error());
    auto agentId = requiredString(**body, "agentId");
    if (!agentId) return unexpected(agentId.error());
    auto customerId = requiredString(**body, "customerId");
    if (!customerId) return unexpected(customerId.error());
    auto channel = optionalString(**body, "channel");
    if (!channel) return unexpected(channel.error());
    std::string metadata = "{}";
    if ((*body)->has("metadata") && !(*body)->isNull("metadata")) {
      const auto object = (*body)->getObject("metadata");
      if (!object)
        return unexpected(
            DomainError::of(DomainError::Kind::BadRequest, "field 'metadata' must be an object", "metadata"));
      metadata = toJson(*object);
      if (metadata.size() > 16384)
        return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                          "field 'metadata' is larger than 16 KiB", "metadata"));
    }
    auto session = sessions.create(principalOf(request).tenantId, *agentId, *customerId,
                                   channel->value_or("chat"), metadata);
    if (!session) return unexpected(session.error());
    return createdResponse(sessionToJson(*session), "/v1/sessions/" + session->id);
  });

  router.add("GET", "/v1/sessions", Access::AnyKey, [&sessions](const HttpRequest& request) -> HandlerResult {
    auto limit = limitOf(request);
    if (!limit) return unexpected(limit.error());
    SessionFilter filter;
    if (!request.queryOr("agentId").empty()) filter.agentId = request.queryOr("agentId");
    if (!request.queryOr("customerId").empty()) filter.customerId = request.queryOr("customerId");
    auto page = sessions.list(principalOf(request).tenantId, filter, request.queryOr("cursor"), *limit);
    if (!page) return unexpected(page.error());
    return jsonResponse(200, pageToJson(arrayOf(page->items, &sessionToJson), page->nextCursor));
  });

  router.add("GET", "/v1/sessions/{id}", Access::AnyKey,
             [&sessions](const HttpRequest& request) -> HandlerResult {
               auto transcript = sessions.get(principalOf(request).tenantId, request.pathParams.at("id"));
               if (!transcript) return unexpected(transcript.error());
               return jsonResponse(200, transcriptToJson(*transcript));
             });

  router.add("GET", "/v1/messages/{id}/attempts", Access::AnyKey,
             [&conversations](const HttpRequest& request) -> HandlerResult {
               auto attempts =
                   conversations.attempts(principalOf(request).tenantId, request.pathParams.at("id"));
               if (!attempts) return unexpected(attempts.error());
               auto answer = jsonObject();
               answer->set("items", attemptsToJson(*attempts));
               return jsonResponse(200, answer);
             });
}

}  // namespace vb
