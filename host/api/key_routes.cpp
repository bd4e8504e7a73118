#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "common/json_body.h"
#include "tenancy/tenancy_service.h"

namespace vb {

void registerKeyRoutes(Router& router, TenancyService& tenancy) {
  router.add("GET", "/v1/me", Access::AnyKey, [](const HttpRequest& request) -> HandlerResult {
    const auto& p = principalOf(request);
    auto tenant = jsonObject();
    tenant->set("id", p.tenantId);
    tenant->set("name", p.tenantName);
    auto key = jsonObject();
    key->set("id", p.keyId);
    key->set("role", toString(p.role));
    auto answer = jsonObject();
    answer->set("tenant", tenant);
    answer->set("key", key);
    return jsonResponse(200, answer);
  });

  router.add("GET", "/v1/api-keys", Access::Admin, [&tenancy](const HttpRequest& request) -> HandlerResult {
    const auto keys = tenancy.listKeys(principalOf(request).tenantId);
    return jsonResponse(200, pageToJson(arrayOf(keys, &apiKeyToJson), std::nullopt));
  });

  router.add("POST", "/v1/api-keys", Access::Admin, [&tenancy](const HttpRequest& request) -> HandlerResult {
    auto body = parseJsonObject(request.body);
    if (!body) return unexpected(body.error());
    auto role = requiredString(**body, "role");
    if (!role) return unexpected(role.error());
    if (*role != "admin" && *role != "analyst")
      return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                        "field 'role' must be \"admin\" or \"analyst\"", "role"));
    auto name = optionalString(**body, "name");
    if (!name) return unexpected(name.error());
    auto created = tenancy.createKey(principalOf(request).tenantId,
                                     *role == "admin" ? Role::Admin : Role::Analyst, name->value_or(""));
    if (!created) return unexpected(created.error());
    auto answer = apiKeyToJson(created->row);
    answer->set("key", created->key);
    return jsonResponse(201, answer);
  });

  router.add("DELETE", "/v1/api-keys/{id}", Access::Admin,
             [&tenancy](const HttpRequest& request) -> HandlerResult {
               auto revoked = tenancy.revokeKey(principalOf(request).tenantId, request.pathParams.at("id"));
               if (!revoked) return unexpected(revoked.error());
               return HttpResponse::noContent();
             });
}

}  // namespace vb
