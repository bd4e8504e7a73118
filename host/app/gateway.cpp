#include "app/gateway.h"

#include <Poco/Logger.h>

#include <stdexcept>

#include "api/api_module.h"
#include "app/platform_routes.h"
#include "http/http_edge.h"
#include "http/http_server.h"
#include "testdoubles/mockvendors/mock_vendor_server.h"
#include "observability/metrics.h"
#include "pluginhost/plugin_registry.h"
#include "reliability/reliability_pipeline.h"
#include "reliability/reliability_config.h"
#include "store/database.h"

namespace vb {
namespace {

// Agents may name any configured vendor or tool plugin (see ProviderCatalog).
class RegistryCatalog final : public ProviderCatalog {
 public:
  explicit RegistryCatalog(const PluginRegistry& registry) : registry_(registry) {}
  bool hasVendor(const std::string& name) const override { return registry_.hasVendor(name); }
  bool hasTool(const std::string& name) const override { return registry_.hasTool(name); }

 private:
  const PluginRegistry& registry_;
};

// Counts what every turn's routing did, for /metrics: attempts by provider
// and outcome, retries, fallbacks, failed turns.
class MeteredTurnRouter final : public TurnRouter {
 public:
  MeteredTurnRouter(TurnRouter& inner, Metrics& metrics) : inner_(inner), metrics_(metrics) {
    metrics_.describe("vb_vendor_attempts_total", "counter", "Vendor attempts by provider and outcome");
    metrics_.describe("vb_vendor_retries_total", "counter", "Attempts after the first one of a turn");
    metrics_.describe("vb_fallbacks_total", "counter", "Turns answered by the fallback provider");
    metrics_.describe("vb_turn_failures_total", "counter", "Turns no vendor could answer, by kind");
    metrics_.describe("vb_vendor_attempt_duration_seconds", "histogram", "Vendor attempt latency");
  }

  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) override {
    auto result = inner_.run(plan, request);
    const auto& attempts = result ? result->attempts : result.error().attempts;
    for (const auto& a : attempts) {
      metrics_.increment("vb_vendor_attempts_total", {{"provider", a.provider}, {"outcome", a.outcome}});
      if (a.outcome != "circuit_open")
        metrics_.observe("vb_vendor_attempt_duration_seconds", {{"provider", a.provider}}, a.latencyMs / 1000.0);
    }
    if (attempts.size() > 1) metrics_.increment("vb_vendor_retries_total", {}, double(attempts.size() - 1));
    if (result && result->fallbackUsed) metrics_.increment("vb_fallbacks_total", {{"provider", result->provider}});
    if (!result) {
      const char* kind = result.error().kind == RoutingFailure::Kind::DeadlineExceeded ? "deadline" : "vendors_failed";
      metrics_.increment("vb_turn_failures_total", {{"kind", kind}});
    }
    return result;
  }

 private:
  TurnRouter& inner_;
  Metrics& metrics_;
};

}  // namespace

// Members are declared in dependency order, so destruction runs from the
// server down to the mock vendors.
struct Gateway::Parts {
  AppConfig config;
  Metrics metrics;
  std::map<std::string, std::unique_ptr<MockVendorServer>> mockVendors;
  std::unique_ptr<PluginRegistry> plugins;
  std::unique_ptr<RegistryCatalog> catalog;
  std::unique_ptr<ReliabilityPipeline> pipeline;
  std::unique_ptr<MeteredTurnRouter> meteredRouter;
  std::shared_ptr<Database> database;
  std::unique_ptr<ApiModule> api;
  Router router;
  std::unique_ptr<HttpEdge> edge;
  std::unique_ptr<HttpServer> server;
  uint16_t port = 0;
  bool started = false;
};

Gateway::Gateway(AppConfig config) : parts_(std::make_unique<Parts>()) { parts_->config = std::move(config); }

Gateway::~Gateway() { stop(); }

void Gateway::start() {
  auto& p = *parts_;
  if (p.started) return;
  auto& log = Poco::Logger::get("gateway");

  // 1. Mock vendors first: plugin settings refer to their URLs.
  PluginRegistry::Options pluginOptions;
  pluginOptions.configPath = p.config.path;
  pluginOptions.pluginDir = p.config.pluginDir;
  if (p.config.mockVendorsEnabled) {
    const auto section = p.config.section("mockVendors");
    for (const std::string name : {"vendorA", "vendorB"}) {
      auto server = std::make_unique<MockVendorServer>(MockVendorServer::kindFromName(name),
                                                       MockVendorSettings::fromJson(section, name));
      server->start();
      pluginOptions.substitutions["mock:" + name] = server->baseUrl();
      log.information("mock %s listening on %s", name, server->baseUrl());
      p.mockVendors[name] = std::move(server);
    }
  }

  // 2. Plugins, then the pipeline over them.
  p.plugins = std::make_unique<PluginRegistry>(pluginOptions);
  p.plugins->reload();
  p.plugins->startWatching();
  p.catalog = std::make_unique<RegistryCatalog>(*p.plugins);
  p.pipeline = std::make_unique<ReliabilityPipeline>(
      *p.plugins, systemClock(), ReliabilityConfig::fromConfig(p.config.section("reliability")));

  // 3. Store and services.
  p.database = std::make_shared<Database>(
      p.config.databaseSettings());
  p.meteredRouter = std::make_unique<MeteredTurnRouter>(*p.pipeline, p.metrics);
  p.api = std::make_unique<ApiModule>(p.database, p.config.root, *p.meteredRouter, *p.catalog);

  ReliabilityPipeline* pipeline = p.pipeline.get();
  PluginRegistry* plugins = p.plugins.get();
  p.metrics.describe("vb_circuit_state", "gauge", "Circuit breaker state per provider (1 for the current state)");
  p.metrics.describe("vb_plugins", "gauge", "Plugins by status");
  p.metrics.addCollector([pipeline, plugins](Metrics& m) {
    for (const auto& [provider, state] : pipeline->breakerSnapshot())
      for (auto s : {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen})
        m.setGauge("vb_circuit_state", {{"provider", provider}, {"state", toString(s)}}, s == state ? 1 : 0);
    std::map<std::string, int> byStatus{{"loaded", 0}, {"failed", 0}, {"draining", 0}};
    for (const auto& plugin : plugins->list()) ++byStatus[plugin.status];
    for (const auto& [status, count] : byStatus) m.setGauge("vb_plugins", {{"status", status}}, count);
  });

  // 4. Routes and the HTTP server.
  ApiModule* api = p.api.get();
  registerPlatformRoutes(p.router, PlatformDependencies{*p.plugins, p.metrics, [api] { return api->ready(); }});
  p.api->registerRoutes(p.router);
  HttpEdgeSettings edgeSettings;
  edgeSettings.maxBodyBytes = p.config.maxBodyBytes;
  edgeSettings.corsOrigins = p.config.corsOrigins;
  edgeSettings.webappDir = p.config.webappDir;
  edgeSettings.operatorToken = p.config.operatorToken;
  edgeSettings.accessLog = p.config.accessLog;
  p.edge = std::make_unique<HttpEdge>(p.router, p.metrics, edgeSettings);
  p.edge->setAuthenticator(p.api->authenticator());
  p.server = std::make_unique<HttpServer>(p.config.httpServerSettings(), *p.edge, p.metrics);
  p.port = p.server->port();
  p.server->start();
  p.started = true;
  log.information("VocalBridge %s serving on port %hu", std::string(VB_VERSION), p.port);
}

void Gateway::stop() {
  if (!parts_) return;
  auto& p = *parts_;
  if (p.server) {
    p.server->stop();
    p.server.reset();
  }
  if (p.plugins) p.plugins->stopWatching();
  p.api.reset();
  p.database.reset();
  p.meteredRouter.reset();
  p.pipeline.reset();
  p.catalog.reset();
  p.plugins.reset();
  for (auto& [name, server] : p.mockVendors) server->stop();
  p.mockVendors.clear();
  p.started = false;
}

uint16_t Gateway::port() const { return parts_->port; }
std::string Gateway::baseUrl() const { return "http://127.0.0.1:" + std::to_string(parts_->port); }
std::string Gateway::seedIfEmpty() { return api().seedIfEmpty(); }
const AppConfig& Gateway::config() const { return parts_->config; }
Metrics& Gateway::metrics() { return parts_->metrics; }

ApiModule& Gateway::api() {
  if (!parts_->api) throw std::logic_error("Gateway::api() before start()");
  return *parts_->api;
}

PluginRegistry& Gateway::plugins() {
  if (!parts_->plugins) throw std::logic_error("Gateway::plugins() before start()");
  return *parts_->plugins;
}

MockVendorServer* Gateway::mockVendor(const std::string& name) {
  const auto it = parts_->mockVendors.find(name);
  return it == parts_->mockVendors.end() ? nullptr : it->second.get();
}

}  // namespace vb
