#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "common/json_body.h"
#include "tenancy/tenancy_service.h"

namespace vb {

void registerTenantRoutes(Router& router, TenancyService& tenancy) {
  router.add("POST", "/v1/tenants", Access::Operator,
             [&tenancy](const HttpRequest& request) -> HandlerResult {
               auto body = parseJsonObject(request.body);
               if (!body) return unexpected(body.error());
               auto name = requiredString(**body, "name");
               if (!name) return unexpected(name.error());
               auto created = tenancy.createTenant(*name);
               if (!created) return unexpected(created.error());
               auto tenant = jsonObject();
               tenant->set("id", created->tenant.id);
               tenant->set("name", created->tenant.name);
               tenant->set("createdAt", created->tenant.createdAt);
               auto key = jsonObject();
               key->set("id", created->adminKey.row.id);
               key->set("key", created->adminKey.key);
               key->set("role", "admin");
               key->set("prefix", created->adminKey.row.prefix);
               auto answer = jsonObject();
               answer->set("tenant", tenant);
               answer->set("apiKey", key);
               return jsonResponse(201, answer);
             });
}

}  // namespace vb
