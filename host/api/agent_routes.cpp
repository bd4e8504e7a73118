#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "common/json_body.h"
#include "conversation/agent_service.h"

namespace vb {
namespace {

Result<AgentInput, DomainError> agentInputOf(const Poco::JSON::Object& body) {
  AgentInput input;
  for (auto [field, target] :
       {std::pair{"name", &input.name}, std::pair{"primaryProvider", &input.primaryProvider},
        std::pair{"systemPrompt", &input.systemPrompt}}) {
    auto value = optionalString(body, field);
    if (!value) return unexpected(value.error());
    *target = *value;
  }
  auto tools = optionalStringArray(body, "enabledTools");
  if (!tools) return unexpected(tools.error());
  input.enabledTools = *tools;
  auto hints = optionalStringArray(body, "speechHints");
  if (!hints) return unexpected(hints.error());
  input.speechHints = *hints;
  for (auto [field, target] : {std::pair{"fallbackProvider", &input.fallbackProvider}, std::pair{"sttEngine", &input.sttEngine}, std::pair{"ttsEngine", &input.ttsEngine},
                                std::pair{"voice", &input.voice}}) {
    if (!body.has(field)) continue;
    if (body.isNull(field)) {
      *target = std::optional<std::string>();
      continue;
    }
    auto value = optionalString(body, field);
    if (!value) return unexpected(value.error());
    *target = *value;
  }
  return input;
}

}  // namespace

void registerAgentRoutes(Router& router, AgentService& agents) {
  router.add("GET", "/v1/agents", Access::AnyKey, [&agents](const HttpRequest& request) -> HandlerResult {
    auto limit = limitOf(request);
    if (!limit) return unexpected(limit.error());
    const std::string archived = request.queryOr("includeArchived", "false");
    if (archived != "true" && archived != "false")
      return unexpected(DomainError::of(DomainError::Kind::BadRequest, "includeArchived must be true or false",
                                        "includeArchived"));
    auto page = agents.list(principalOf(request).tenantId, request.queryOr("cursor"), *limit, archived == "true");
    if (!page) return unexpected(page.error());
    return jsonResponse(200, pageToJson(arrayOf(page->items, &agentToJson), page->nextCursor));
  });

  router.add("POST", "/v1/agents", Access::Admin, [&agents](const HttpRequest& request) -> HandlerResult {
    auto body = parseJsonObject(request.body);
    if (!body) return unexpected(body.error());
    auto input = agentInputOf(**body);
    if (!input) return unexpected(input.error());
    auto agent = agents.create(principalOf(request).tenantId, *input);
    if (!agent) return unexpected(agent.error());
    return createdResponse(agentToJson(*agent), "/v1/agents/" + agent->id);
  });

  router.add("GET", "/v1/agents/{id}", Access::AnyKey,
             [&agents](const HttpRequest& request) -> HandlerResult {
               auto agent = agents.get(principalOf(request).tenantId, request.pathParams.at("id"));
               if (!agent) return unexpected(agent.error());
               return jsonResponse(200, agentToJson(*agent));
             });

  router.add("PATCH", "/v1/agents/{id}", Access::Admin,
             [&agents](const HttpRequest& request) -> HandlerResult {
               auto body = parseJsonObject(request.body);
               if (!body) return unexpected(body.error());
               auto input = agentInputOf(**body);
               if (!input) return unexpected(input.error());
               auto agent = agents.update(principalOf(request).tenantId, request.pathParams.at("id"), *input);
               if (!agent) return unexpected(agent.error());
               return jsonResponse(200, agentToJson(*agent));
             });

  router.add("DELETE", "/v1/agents/{id}", Access::Admin,
             [&agents](const HttpRequest& request) -> HandlerResult {
               auto archived = agents.archive(principalOf(request).tenantId, request.pathParams.at("id"));
               if (!archived) return unexpected(archived.error());
               return HttpResponse::noContent();
             });
}

}  // namespace vb
