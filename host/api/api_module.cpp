#include "api/api_module.h"

#include <Poco/JSON/Array.h>

#include <cstdio>
#include <sstream>

#include "api/resource_json.h"
#include "common/json_body.h"
#include "conversation/agent_service.h"
#include "conversation/conversation_service.h"
#include "conversation/session_service.h"
#include "conversation/turn_json.h"
#include "metering/pricing_table.h"
#include "metering/usage_service.h"
#include "seed/seeder.h"
#include "store/timestamps.h"
#include "tenancy/tenancy_service.h"

namespace vb {
namespace {

using HandlerResult = Result<HttpResponse, DomainError>;

DomainError badRequest(const std::string& detail, const std::string& field) {
  return DomainError::of(DomainError::Kind::BadRequest, detail, field);
}

HttpResponse jsonResponse(int status, const Poco::JSON::Object::Ptr& object) {
  return HttpResponse::json(status, toJson(*object));
}

const Principal& principalOf(const HttpRequest& request) {
  // The edge sets the principal on every AnyKey/Admin route before the handler runs.
  if (!request.principal) throw std::logic_error("tenant route without a principal");
  return *request.principal;
}

Result<int, DomainError> limitOf(const HttpRequest& request) {
  const std::string text = request.queryOr("limit");
  if (text.empty()) return 50;
  if (text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
    return unexpected(badRequest("query 'limit' must be an integer from 1 to 500", "limit"));
  const int limit = std::stoi(text);
  if (limit < 1 || limit > 500) return unexpected(badRequest("query 'limit' must be an integer from 1 to 500", "limit"));
  return limit;
}

// Body readers that name the field in every error.
Result<std::optional<std::vector<std::string>>, DomainError> optionalStringArray(const Poco::JSON::Object& body,
                                                                                 const std::string& field) {
  if (!body.has(field) || body.isNull(field)) return std::optional<std::vector<std::string>>();
  const auto array = body.getArray(field);
  if (!array) return unexpected(badRequest("field '" + field + "' must be an array of strings", field));
  std::vector<std::string> values;
  for (size_t i = 0; i < array->size(); ++i) {
    const auto value = array->get(static_cast<unsigned>(i));
    if (!value.isString()) return unexpected(badRequest("field '" + field + "' must be an array of strings", field));
    values.push_back(value.extract<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(values));
}

Result<AgentInput, DomainError> agentInputOf(const Poco::JSON::Object& body) {
  AgentInput input;
  for (const char* field : {"name", "primaryProvider", "systemPrompt"}) {
    auto value = optionalString(body, field);
    if (!value) return unexpected(value.error());
    if (std::string(field) == "name") input.name = *value;
    if (std::string(field) == "primaryProvider") input.primaryProvider = *value;
    if (std::string(field) == "systemPrompt") input.systemPrompt = *value;
  }
  if (body.has("fallbackProvider")) {
    if (body.isNull("fallbackProvider")) {
      input.fallbackProvider = std::optional<std::string>();
    } else {
      auto value = optionalString(body, "fallbackProvider");
      if (!value) return unexpected(value.error());
      input.fallbackProvider = *value;
    }
  }
  auto tools = optionalStringArray(body, "enabledTools");
  if (!tools) return unexpected(tools.error());
  input.enabledTools = *tools;
  return input;
}

template <typename T>
Poco::JSON::Array::Ptr arrayOf(const std::vector<T>& rows, Poco::JSON::Object::Ptr (*toJsonFn)(const T&)) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& row : rows) array->add(toJsonFn(row));
  return array;
}

bool wantsCsv(const HttpRequest& request) {
  return request.header("accept").find("text/csv") != std::string::npos || request.queryOr("format") == "csv";
}

}  // namespace

struct ApiModule::Services {
  Services(std::shared_ptr<Database> db, const Poco::JSON::Object::Ptr& config, TurnRouter& router,
           const ProviderCatalog& catalog, std::shared_ptr<Clock> clock)
      : pricing(PricingTable::fromConfig(config && config->has("pricing") && config->isObject("pricing")
                                             ? config->getObject("pricing")
                                             : nullptr)),
        tenancy(std::make_shared<TenancyService>(db, clock)),
        agents(db, catalog, clock),
        sessions(db, clock),
        conversations(db, router, pricing, ConversationSettings::fromConfig(config), clock),
        usage(db, clock),
        seeder(db, *tenancy, pricing, clock) {}

  PricingTable pricing;
  std::shared_ptr<TenancyService> tenancy;
  AgentService agents;
  SessionService sessions;
  ConversationService conversations;
  UsageService usage;
  Seeder seeder;
};

ApiModule::ApiModule(std::shared_ptr<Database> database, const Poco::JSON::Object::Ptr& config,
                     TurnRouter& turnRouter, const ProviderCatalog& catalog, std::shared_ptr<Clock> clock)
    : database_(std::move(database)),
      services_(std::make_unique<Services>(database_, config, turnRouter, catalog, std::move(clock))) {}

ApiModule::~ApiModule() = default;

std::shared_ptr<Authenticator> ApiModule::authenticator() { return services_->tenancy; }
TenancyService& ApiModule::tenancy() { return *services_->tenancy; }
AgentService& ApiModule::agents() { return services_->agents; }
SessionService& ApiModule::sessions() { return services_->sessions; }
ConversationService& ApiModule::conversations() { return services_->conversations; }
UsageService& ApiModule::usage() { return services_->usage; }
bool ApiModule::ready() { return database_->ping(); }

std::string ApiModule::createTenantListing(const std::string& name) {
  auto created = services_->tenancy->createTenant(name);
  if (!created) throw std::runtime_error(created.error().detail);
  std::ostringstream out;
  out << "Tenant " << created->tenant.name << " (" << created->tenant.id << ") created.\n"
      << "Admin API key (shown once, store it now): " << created->adminKey.key << "\n";
  return out.str();
}

std::string ApiModule::seed() { return services_->seeder.seed().listing(); }

std::string ApiModule::seedIfEmpty() {
  if (!services_->seeder.isEmpty()) return {};
  return seed();
}

void ApiModule::registerRoutes(Router& router) {
  Services& s = *services_;

  // --- platform ---------------------------------------------------------
  router.add("POST", "/v1/tenants", Access::Operator, [&s](const HttpRequest& request) -> HandlerResult {
    auto body = parseJsonObject(request.body);
    if (!body) return unexpected(body.error());
    auto name = requiredString(**body, "name");
    if (!name) return unexpected(name.error());
    auto created = s.tenancy->createTenant(*name);
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

  // --- identity and keys ------------------------------------------------
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

  router.add("GET", "/v1/api-keys", Access::Admin, [&s](const HttpRequest& request) -> HandlerResult {
    const auto keys = s.tenancy->listKeys(principalOf(request).tenantId);
    return jsonResponse(200, pageToJson(arrayOf(keys, &apiKeyToJson), std::nullopt));
  });

  router.add("POST", "/v1/api-keys", Access::Admin, [&s](const HttpRequest& request) -> HandlerResult {
    auto body = parseJsonObject(request.body);
    if (!body) return unexpected(body.error());
    auto role = requiredString(**body, "role");
    if (!role) return unexpected(role.error());
    if (*role != "admin" && *role != "analyst")
      return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                        "field 'role' must be \"admin\" or \"analyst\"", "role"));
    auto name = optionalString(**body, "name");
    if (!name) return unexpected(name.error());
    auto created = s.tenancy->createKey(principalOf(request).tenantId, *role == "admin" ? Role::Admin : Role::Analyst,
                                        name->value_or(""));
    if (!created) return unexpected(created.error());
    auto answer = apiKeyToJson(created->row);
    answer->set("key", created->key);
    return jsonResponse(201, answer);
  });

  router.add("DELETE", "/v1/api-keys/{id}", Access::Admin, [&s](const HttpRequest& request) -> HandlerResult {
    auto revoked = s.tenancy->revokeKey(principalOf(request).tenantId, request.pathParams.at("id"));
    if (!revoked) return unexpected(revoked.error());
    return HttpResponse::noContent();
  });

  // --- agents -----------------------------------------------------------
  router.add("GET", "/v1/agents", Access::AnyKey, [&s](const HttpRequest& request) -> HandlerResult {
    auto limit = limitOf(request);
    if (!limit) return unexpected(limit.error());
    auto page = s.agents.list(principalOf(request).tenantId, request.queryOr("cursor"), *limit);
    if (!page) return unexpected(page.error());
    return jsonResponse(200, pageToJson(arrayOf(page->items, &agentToJson), page->nextCursor));
  });

  router.add("POST", "/v1/agents", Access::Admin, [&s](const HttpRequest& request) -> HandlerResult {
    auto body = parseJsonObject(request.body);
    if (!body) return unexpected(body.error());
    auto input = agentInputOf(**body);
    if (!input) return unexpected(input.error());
    auto agent = s.agents.create(principalOf(request).tenantId, *input);
    if (!agent) return unexpected(agent.error());
    auto response = jsonResponse(201, agentToJson(*agent));
    response.headers.emplace_back("Location", "/v1/agents/" + agent->id);
    return response;
  });

  router.add("GET", "/v1/agents/{id}", Access::AnyKey, [&s](const HttpRequest& request) -> HandlerResult {
    auto agent = s.agents.get(principalOf(request).tenantId, request.pathParams.at("id"));
    if (!agent) return unexpected(agent.error());
    return jsonResponse(200, agentToJson(*agent));
  });

  router.add("PATCH", "/v1/agents/{id}", Access::Admin, [&s](const HttpRequest& request) -> HandlerResult {
    auto body = parseJsonObject(request.body);
    if (!body) return unexpected(body.error());
    auto input = agentInputOf(**body);
    if (!input) return unexpected(input.error());
    auto agent = s.agents.update(principalOf(request).tenantId, request.pathParams.at("id"), *input);
    if (!agent) return unexpected(agent.error());
    return jsonResponse(200, agentToJson(*agent));
  });

  router.add("DELETE", "/v1/agents/{id}", Access::Admin, [&s](const HttpRequest& request) -> HandlerResult {
    auto archived = s.agents.archive(principalOf(request).tenantId, request.pathParams.at("id"));
    if (!archived) return unexpected(archived.error());
    return HttpResponse::noContent();
  });

  // --- sessions and messages --------------------------------------------
  router.add("POST", "/v1/sessions", Access::Admin, [&s](const HttpRequest& request) -> HandlerResult {
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
      if (!object) return unexpected(badRequest("field 'metadata' must be an object", "metadata"));
      metadata = toJson(*object);
      if (metadata.size() > 16384)
        return unexpected(DomainError::of(DomainError::Kind::Unprocessable, "field 'metadata' is larger than 16 KiB",
                                          "metadata"));
    }
    auto session = s.sessions.create(principalOf(request).tenantId, *agentId, *customerId,
                                     channel->value_or("chat"), metadata);
    if (!session) return unexpected(session.error());
    auto response = jsonResponse(201, sessionToJson(*session));
    response.headers.emplace_back("Location", "/v1/sessions/" + session->id);
    return response;
  });

  router.add("GET", "/v1/sessions", Access::AnyKey, [&s](const HttpRequest& request) -> HandlerResult {
    auto limit = limitOf(request);
    if (!limit) return unexpected(limit.error());
    SessionFilter filter;
    if (!request.queryOr("agentId").empty()) filter.agentId = request.queryOr("agentId");
    if (!request.queryOr("customerId").empty()) filter.customerId = request.queryOr("customerId");
    auto page = s.sessions.list(principalOf(request).tenantId, filter, request.queryOr("cursor"), *limit);
    if (!page) return unexpected(page.error());
    return jsonResponse(200, pageToJson(arrayOf(page->items, &sessionToJson), page->nextCursor));
  });

  router.add("GET", "/v1/sessions/{id}", Access::AnyKey, [&s](const HttpRequest& request) -> HandlerResult {
    auto transcript = s.sessions.get(principalOf(request).tenantId, request.pathParams.at("id"));
    if (!transcript) return unexpected(transcript.error());
    return jsonResponse(200, transcriptToJson(*transcript));
  });

  router.add("POST", "/v1/sessions/{id}/messages", Access::Admin, [&s](const HttpRequest& request) -> HandlerResult {
    auto body = parseJsonObject(request.body);
    if (!body) return unexpected(body.error());
    auto content = requiredString(**body, "content");
    if (!content) return unexpected(content.error());
    auto bodyKey = optionalString(**body, "idempotencyKey");
    if (!bodyKey) return unexpected(bodyKey.error());
    auto callbackUrl = optionalString(**body, "callbackUrl");
    if (!callbackUrl) return unexpected(callbackUrl.error());
    std::string key = request.header("idempotency-key");
    if (key.empty()) key = bodyKey->value_or("");
    else if (bodyKey->has_value() && **bodyKey != key)
      return unexpected(badRequest("the Idempotency-Key header and field 'idempotencyKey' differ", "idempotencyKey"));
    auto outcome = s.conversations.sendTurn(principalOf(request).tenantId, request.pathParams.at("id"), *content, key,
                                            request.requestId);
    if (!outcome) return unexpected(outcome.error());
    auto response = HttpResponse::json(outcome->status, std::move(outcome->body));
    if (outcome->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
    if (outcome->vendorTimeUs >= 0) {
      // W3C Server-Timing: lets clients and benchmarks separate vendor time from gateway overhead.
      char timing[48];
      std::snprintf(timing, sizeof timing, "vendor;dur=%.3f", outcome->vendorTimeUs / 1000.0);
      response.headers.emplace_back("Server-Timing", timing);
    }
    return response;
  });

  router.add("GET", "/v1/messages/{id}/attempts", Access::AnyKey, [&s](const HttpRequest& request) -> HandlerResult {
    auto attempts = s.conversations.attempts(principalOf(request).tenantId, request.pathParams.at("id"));
    if (!attempts) return unexpected(attempts.error());
    auto answer = jsonObject();
    answer->set("items", attemptsToJson(*attempts));
    return jsonResponse(200, answer);
  });

  // --- usage and billing ------------------------------------------------
  router.add("GET", "/v1/usage", Access::AnyKey, [&s](const HttpRequest& request) -> HandlerResult {
    auto report = s.usage.report(principalOf(request).tenantId, request.queryOr("from"), request.queryOr("to"));
    if (!report) return unexpected(report.error());
    return jsonResponse(200, usageReportToJson(*report));
  });

  router.add("GET", "/v1/usage/events", Access::AnyKey, [&s](const HttpRequest& request) -> HandlerResult {
    const auto& tenantId = principalOf(request).tenantId;
    if (wantsCsv(request)) {
      auto csv = s.usage.eventsCsv(tenantId, request.queryOr("from"), request.queryOr("to"));
      if (!csv) return unexpected(csv.error());
      HttpResponse response = HttpResponse::json(200, std::move(*csv));
      response.contentType = "text/csv; charset=utf-8";
      response.headers.emplace_back("Content-Disposition", "attachment; filename=\"usage-events.csv\"");
      return response;
    }
    auto limit = limitOf(request);
    if (!limit) return unexpected(limit.error());
    auto page = s.usage.events(tenantId, request.queryOr("from"), request.queryOr("to"), request.queryOr("cursor"),
                               *limit);
    if (!page) return unexpected(page.error());
    return jsonResponse(200, pageToJson(arrayOf(page->items, &usageEventToJson), page->nextCursor));
  });

  router.add("GET", "/v1/billing/preview", Access::AnyKey, [&s](const HttpRequest& request) -> HandlerResult {
    auto preview = s.usage.billingPreview(principalOf(request).tenantId, request.queryOr("month"));
    if (!preview) return unexpected(preview.error());
    return jsonResponse(200, billingPreviewToJson(*preview));
  });
}

}  // namespace vb
