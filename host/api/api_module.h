// ApiModule: the tenant-facing REST API (API.md) wired over the store and
// the services — one object the app creates, asks for routes, the
// authenticator and the operator commands.
//
// Life cycle: construct after the database is open (it migrates on open) and
// before the server starts; registerRoutes() once; destroy after the server
// has stopped. All methods are thread-safe after construction.
#pragma once

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>

#include "common/clock.h"
#include "conversation/provider_catalog.h"
#include "http/router.h"
#include "reliability/reliability_pipeline.h"
#include "store/database.h"
#include "tenancy/authenticator.h"

namespace vb {

class TenancyService;
class AgentService;
class SessionService;
class ConversationService;
class UsageService;
class Seeder;

class ApiModule {
 public:
  // `config` is the whole config document; the module reads its sections
  // "pricing", "idempotency", "conversation" (absent → defaults).
  // `turnRouter` and `catalog` must outlive the module.
  ApiModule(std::shared_ptr<Database> database, const Poco::JSON::Object::Ptr& config, TurnRouter& turnRouter,
            const ProviderCatalog& catalog, std::shared_ptr<Clock> clock = systemClock());
  ~ApiModule();
  ApiModule(const ApiModule&) = delete;
  ApiModule& operator=(const ApiModule&) = delete;

  // Adds every route of API.md this module owns: /v1/me, /v1/api-keys…,
  // /v1/agents…, /v1/sessions…, /v1/messages/{id}/attempts, /v1/usage,
  // /v1/usage/events, /v1/billing/preview, and POST /v1/tenants (Operator).
  void registerRoutes(Router& router);

  // For HttpEdge::setAuthenticator (shares ownership with the module).
  std::shared_ptr<Authenticator> authenticator();

  // Operator commands. createTenantListing: creates the tenant and returns
  // the text to print (tenant id, first admin key — shown once).
  std::string createTenantListing(const std::string& name);
  // Seeds demo tenants, agents, keys and 30 days of usage; returns the key
  // listing to print. seedIfEmpty: the same when no tenant exists, else "".
  std::string seed();
  std::string seedIfEmpty();

  // The database answers (for /readyz).
  bool ready();

  Database& database() { return *database_; }
  TenancyService& tenancy();
  AgentService& agents();
  SessionService& sessions();
  ConversationService& conversations();
  UsageService& usage();

 private:
  struct Services;
  std::shared_ptr<Database> database_;
  std::unique_ptr<Services> services_;
};

}  // namespace vb
