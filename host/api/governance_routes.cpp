#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "common/json_body.h"
#include "governance/governance_service.h"
#include "metering/money.h"

namespace vb {
namespace {

DomainError badField(const std::string& field, const std::string& detail) {
  return DomainError::of(DomainError::Kind::BadRequest, detail, field);
}

// An integer or null; BadRequest naming `field` for anything else.
Result<std::optional<int64_t>, DomainError> limitValue(const Poco::Dynamic::Var& value,
                                                       const std::string& field) {
  if (value.isEmpty()) return std::optional<int64_t>();
  if (!value.isInteger() || value.isBoolean())
    return unexpected(badField(field, "field '" + field + "' must be an integer (micro-USD) or null"));
  return std::optional<int64_t>(value.convert<Poco::Int64>());
}

Result<int64_t, DomainError> positiveInteger(const Poco::JSON::Object& body, const std::string& field) {
  if (!body.has(field) || body.isNull(field))
    return unexpected(badField(field, "field '" + field + "' is required"));
  const auto value = body.get(field);
  if (!value.isInteger() || value.isBoolean())
    return unexpected(badField(field, "field '" + field + "' must be an integer"));
  return value.convert<Poco::Int64>();
}

Poco::Dynamic::Var moneyOrNull(const std::optional<int64_t>& micros) {
  if (!micros) return Poco::Dynamic::Var();
  return Money{*micros}.toJson();
}

Poco::JSON::Object::Ptr limitsToJson(const LimitsView& view) {
  auto o = jsonObject();
  o->set("requestsPerMinute", view.rate.requestsPerMinute);
  o->set("tokensPerMinute", view.rate.tokensPerMinute);
  o->set("month", view.budget.month);
  auto budget = jsonObject();
  const auto& tenant = view.budget.tenant;
  budget->set("monthlyLimit", moneyOrNull(tenant.limitMicros));
  budget->set("spent", Money{tenant.spentMicros}.toJson());
  budget->set("reserved", Money{tenant.reservedMicros}.toJson());
  budget->set("remaining",
              moneyOrNull(tenant.limitMicros
                              ? std::optional<int64_t>(std::max<int64_t>(
                                    0, *tenant.limitMicros - tenant.spentMicros - tenant.reservedMicros))
                              : std::nullopt));
  o->set("budget", budget);
  Poco::JSON::Array::Ptr agents = new Poco::JSON::Array;
  for (const auto& agent : view.budget.agents) {
    auto a = jsonObject();
    a->set("agentId", agent.scopeId);
    a->set("monthlyLimit", moneyOrNull(agent.limitMicros));
    a->set("spent", Money{agent.spentMicros}.toJson());
    a->set("reserved", Money{agent.reservedMicros}.toJson());
    agents->add(a);
  }
  o->set("agents", agents);
  return o;
}

}  // namespace

void registerGovernanceRoutes(Router& router, GovernanceService& governance) {
  router.add("GET", "/v1/limits", Access::AnyKey, [&governance](const HttpRequest& request) -> HandlerResult {
    return jsonResponse(200, limitsToJson(governance.limits(principalOf(request).tenantId)));
  });

  router.add("PUT", "/v1/budget", Access::Admin, [&governance](const HttpRequest& request) -> HandlerResult {
    auto body = parseJsonObject(request.body);
    if (!body) return unexpected(body.error());
    BudgetChange change;
    if ((*body)->has("monthlyLimitMicros")) {
      auto limit = limitValue((*body)->get("monthlyLimitMicros"), "monthlyLimitMicros");
      if (!limit) return unexpected(limit.error());
      change.tenantLimitMicros = *limit;
    }
    if ((*body)->has("agents") && !(*body)->isNull("agents")) {
      auto agents = (*body)->getObject("agents");
      if (!agents)
        return unexpected(badField("agents", "field 'agents' must be an object {agentId: integer|null}"));
      for (const auto& [agentId, value] : *agents) {
        auto limit = limitValue(value, "agents");
        if (!limit) return unexpected(limit.error());
        change.agentLimitsMicros.emplace_back(agentId, *limit);
      }
    }
    auto view = governance.setBudget(principalOf(request).tenantId, change);
    if (!view) return unexpected(view.error());
    return jsonResponse(200, limitsToJson(*view));
  });

  router.add("PUT", "/v1/tenants/{id}/limits", Access::Operator,
             [&governance](const HttpRequest& request) -> HandlerResult {
               auto body = parseJsonObject(request.body);
               if (!body) return unexpected(body.error());
               auto requests = positiveInteger(**body, "requestsPerMinute");
               if (!requests) return unexpected(requests.error());
               auto tokens = positiveInteger(**body, "tokensPerMinute");
               if (!tokens) return unexpected(tokens.error());
               auto set = governance.setTenantLimits(request.pathParams.at("id"), {*requests, *tokens});
               if (!set) return unexpected(set.error());
               auto o = jsonObject();
               o->set("tenantId", request.pathParams.at("id"));
               o->set("requestsPerMinute", set->requestsPerMinute);
               o->set("tokensPerMinute", set->tokensPerMinute);
               return jsonResponse(200, o);
             });
}

}  // namespace vb
