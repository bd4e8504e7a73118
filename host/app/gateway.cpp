#include "app/gateway.h"

#include <Poco/Logger.h>

#include <stdexcept>

#include "app/client_fairness.h"
#include "app/dev_doubles.h"
#include "app/job_turn_runner.h"
#include "app/metered_turn_router.h"
#include "app/rate_limit_admission.h"
#include "app/registry_catalog.h"
#include "app/registry_tool_runner.h"
#include "app/routes.h"
#include "app/services.h"
#include "channels/voice/speech_engines.h"
#include "channels/voice/voice_channel.h"
#include "common/periodic_task.h"
#include "http/http_edge.h"
#include "http/http_server.h"
#include "jobs/callback_dispatcher.h"
#include "jobs/job_service.h"
#include "observability/metrics.h"
#include "operations/provider_health.h"
#include "api/api_routes.h"
#include "pluginhost/plugin_registry.h"
#include "reliability/reliability_config.h"
#include "reliability/reliability_pipeline.h"
#include "store/database.h"
#include "store/single_host_lock.h"

namespace vb {
namespace {

void describePlatformGauges(Metrics& metrics, const ReliabilityPipeline* pipeline,
                            const PluginRegistry& plugins) {
  metrics.describe("vb_circuit_state", "gauge",
                   "Circuit breaker state per provider (1 for the current state)");
  metrics.describe("vb_plugins", "gauge", "Plugins by status");
  metrics.addCollector([pipeline, &plugins](Metrics& m) {
    if (pipeline)
      for (const auto& [provider, state] : pipeline->breakerSnapshot())
        for (auto s : {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen})
          m.setGauge("vb_circuit_state", {{"provider", provider}, {"state", toString(s)}},
                     s == state ? 1 : 0);
    std::map<std::string, int> byStatus{{"loaded", 0}, {"failed", 0}, {"draining", 0}};
    for (const auto& plugin : plugins.list()) ++byStatus[plugin.status];
    for (const auto& [status, count] : byStatus) m.setGauge("vb_plugins", {{"status", status}}, count);
  });
}

// Every configured vendor plugin, with the pipeline's breakers (none when a
// test scripts the routing).
std::unique_ptr<ProviderHealthBoard> makeProviderHealthBoard(const PluginRegistry& plugins,
                                                             const ReliabilityPipeline* pipeline,
                                                             const ProviderHealthWindow& window) {
  return std::make_unique<ProviderHealthBoard>(
      [&plugins] {
        std::vector<std::string> vendors;
        for (const auto& plugin : plugins.list())
          if (plugin.kind == "vendor") vendors.push_back(plugin.name);
        return vendors;
      },
      [pipeline] {
        return pipeline ? pipeline->breakerSnapshot() : std::vector<std::pair<std::string, BreakerState>>{};
      },
      window);
}

}  // namespace

// Members are declared in dependency order, so destruction runs from the
// server down to the test doubles.
struct Gateway::Parts {
  AppConfig config;
  GatewayOptions options;
  Metrics metrics;
  DevDoubles doubles;
  std::unique_ptr<PluginRegistry> plugins;
  std::unique_ptr<RegistryCatalog> catalog;
  std::unique_ptr<RegistryToolRunner> toolRunner;
  std::unique_ptr<ReliabilityPipeline> pipeline;
  std::unique_ptr<ProviderHealthWindow> healthWindow;
  std::unique_ptr<ProviderHealthBoard> health;
  std::unique_ptr<MeteredTurnRouter> meteredRouter;
  std::unique_ptr<SingleHostLock> singleHost;  // SQLite, serving: no other host on the file
  std::shared_ptr<Database> database;
  std::unique_ptr<Services> services;
  std::unique_ptr<RegistrySpeechEngines> speechEngines;
  std::unique_ptr<VoiceChannel> voice;
  std::unique_ptr<PeriodicTask> voiceRetention;
  std::unique_ptr<JobTurnRunner> jobRunner;
  std::unique_ptr<CallbackDispatcher> callbacks;
  std::unique_ptr<JobService> jobs;
  std::unique_ptr<RateLimitAdmission> admission;
  Router router;
  std::unique_ptr<HttpEdge> edge;
  std::unique_ptr<HttpServer> server;
  uint16_t port = 0;
  bool started = false;
};

Gateway::Gateway(AppConfig config, GatewayOptions options) : parts_(std::make_unique<Parts>()) {
  parts_->config = std::move(config);
  parts_->options = options;
}

Gateway::~Gateway() { stop(); }

void Gateway::start() {
  auto& p = *parts_;
  if (p.started) return;
  const bool serve = p.options.serve;

  // 1. Test doubles first: plugin settings refer to their URLs.
  PluginRegistry::Options pluginOptions;
  pluginOptions.configPath = p.config.path;
  pluginOptions.pluginDir = p.config.pluginDir;
  pluginOptions.substitutions = p.doubles.start(p.config);  // commands load the same plugins as serving

  // 2. Plugins, then the turn router over them.
  p.plugins = std::make_unique<PluginRegistry>(pluginOptions);
  p.plugins->reload();
  if (serve) p.plugins->startWatching();
  p.catalog = std::make_unique<RegistryCatalog>(*p.plugins);
  p.toolRunner = std::make_unique<RegistryToolRunner>(*p.plugins);
  TurnRouter* router = p.options.turnRouter;
  if (!router) {
    p.pipeline = std::make_unique<ReliabilityPipeline>(
        *p.plugins, systemClock(), ReliabilityConfig::fromConfig(p.config.section("reliability")));
    router = p.pipeline.get();
  }
  p.healthWindow = std::make_unique<ProviderHealthWindow>(systemClock());
  p.meteredRouter = std::make_unique<MeteredTurnRouter>(*router, p.metrics, p.healthWindow.get());

  // 3. Store and services.
  p.database = std::make_shared<Database>(p.config.databaseSettings());
  if (serve && !p.database->dialect().isPostgreSQL())
    p.singleHost = std::make_unique<SingleHostLock>(p.database->settings().path);
  p.services = std::make_unique<Services>(p.config, p.database, *p.meteredRouter, *p.catalog, *p.toolRunner);
  p.speechEngines = std::make_unique<RegistrySpeechEngines>(*p.plugins);
  p.voice = std::make_unique<VoiceChannel>(p.database, p.services->conversations, p.services->agents,
                                           *p.speechEngines, VoiceSettings::fromConfig(p.config.section("voice")));
  const auto callbackSettings = CallbackSettings::fromConfig(p.config.section("callbacks"));
  p.jobRunner = std::make_unique<JobTurnRunner>(p.services->conversations, *p.voice);
  p.callbacks = std::make_unique<CallbackDispatcher>(p.database, callbackSettings);
  p.jobs = std::make_unique<JobService>(p.database, *p.jobRunner, JobSettings::fromConfig(p.config.section("jobs")),
                                        callbackSettings.allowPrivate);
  p.jobs->onFinished([callbacks = p.callbacks.get()](const JobKey& key) {
    callbacks->schedule(key, std::chrono::steady_clock::now());
  });
  p.started = true;
  if (!serve) return;
  p.services->ledger.startMaintenance();
  p.callbacks->start();
  p.jobs->start();  // picks up the jobs a previous process life left queued or running
  p.services->governance.startMaintenance();
  VoiceChannel* voice = p.voice.get();
  p.voiceRetention = std::make_unique<PeriodicTask>("voice audio retention", std::chrono::hours(1), [voice] {
    if (const auto purged = voice->purgeExpiredAudio())
      Poco::Logger::get("voice").information("purged the audio of %Ld voice turns", static_cast<long long>(purged));
  });

  // 4. Routes and the HTTP server.
  describePlatformGauges(p.metrics, p.pipeline.get(), *p.plugins);
  Database* database = p.database.get();
  registerAllRoutes(p.router, *p.services, *p.voice, *p.jobs, *p.callbacks,
                    PlatformDependencies{*p.plugins, p.metrics, [database] { return database->ping(); },
                                         [agents = &p.services->agents] { return agents->referencedProviders(); }});
  p.health = makeProviderHealthBoard(*p.plugins, p.pipeline.get(), *p.healthWindow);
  registerProviderHealthRoutes(p.router, *p.health);
  HttpEdgeSettings edgeSettings;
  edgeSettings.maxBodyBytes = p.config.maxBodyBytes;
  edgeSettings.corsOrigins = p.config.corsOrigins;
  edgeSettings.webappDir = p.config.webappDir;
  edgeSettings.operatorToken = p.config.operatorToken;
  edgeSettings.accessLog = p.config.accessLog;
  p.edge = std::make_unique<HttpEdge>(p.router, p.metrics, edgeSettings);
  p.edge->setAuthenticator(p.services->tenancy);
  p.admission = std::make_unique<RateLimitAdmission>(p.services->governance.limiter());
  p.edge->setAdmission(p.admission.get());
  auto serverSettings = p.config.httpServerSettings();
  serverSettings.bodyLimit = [edge = p.edge.get()](const std::string& method, const std::string& path) {
    return edge->bodyLimitFor(method, path);
  };
  serverSettings.fairnessKey = &fairnessKeyOf;
  p.server = std::make_unique<HttpServer>(std::move(serverSettings), *p.edge, p.metrics);
  p.port = p.server->port();
  p.server->start();
  Poco::Logger::get("gateway").information("VocalBridge %s serving on port %hu", std::string(VB_VERSION),
                                           p.port);
}

void Gateway::stop() {
  if (!parts_) return;
  auto& p = *parts_;
  if (p.server) {
    p.server->stop();
    p.server.reset();
  }
  if (p.plugins) p.plugins->stopWatching();
  if (p.jobs) p.jobs->stop();  // running turns finish; queued jobs stay queued for the next start
  if (p.callbacks) p.callbacks->stop();
  p.jobs.reset();
  p.callbacks.reset();
  p.jobRunner.reset();
  p.voiceRetention.reset();
  p.edge.reset();
  p.admission.reset();
  p.voice.reset();
  p.speechEngines.reset();
  p.services.reset();
  p.database.reset();
  p.singleHost.reset();
  p.meteredRouter.reset();
  p.health.reset();
  p.healthWindow.reset();
  p.pipeline.reset();
  p.toolRunner.reset();
  p.catalog.reset();
  p.plugins.reset();
  p.doubles.stop();
  p.started = false;
}

uint16_t Gateway::port() const { return parts_->port; }
std::string Gateway::baseUrl() const { return "http://127.0.0.1:" + std::to_string(parts_->port); }
const AppConfig& Gateway::config() const { return parts_->config; }
Metrics& Gateway::metrics() { return parts_->metrics; }
MockVendorServer* Gateway::mockVendor(const std::string& name) { return parts_->doubles.mockVendor(name); }
MockBillingServer* Gateway::mockBilling() { return parts_->doubles.mockBilling(); }

std::string Gateway::seedIfEmpty() {
  auto& seeder = services().seeder;
  if (!seeder.isEmpty()) return {};
  const auto report = seeder.seed();
  return report.listing() + registerDemoInvoices(parts_->config, report.tenants);
}

Services& Gateway::services() {
  if (!parts_->services) throw std::logic_error("Gateway::services() before start()");
  return *parts_->services;
}

PluginRegistry& Gateway::plugins() {
  if (!parts_->plugins) throw std::logic_error("Gateway::plugins() before start()");
  return *parts_->plugins;
}

}  // namespace vb
