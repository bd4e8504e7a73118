// Gateway: the composition root. It builds, once and in dependency order,
// everything the host is made of — the development test doubles (when the
// config enables them), the plugin registry, the reliability pipeline, the
// store, the domain services (app/services.h), the routes and the HTTP
// server — and tears them down in reverse. `vocalbridge` serves with one;
// operator commands and every integration test use the same one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "app/app_config.h"

namespace vb {

class PluginRegistry;
class MockBillingServer;
class MockVendorServer;
class Metrics;
class TurnRouter;
struct Services;

struct GatewayOptions {
  // Replaces the reliability pipeline (integration tests that script routing
  // exactly). Must outlive the gateway.
  TurnRouter* turnRouter = nullptr;
  // false: open the store, load the plugins and build the services, but
  // start no HTTP server, config watcher or background
  // maintenance (operator commands).
  bool serve = true;
};

class Gateway {
 public:
  explicit Gateway(AppConfig config, GatewayOptions options = {});
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Builds everything and (when serving) starts listening. Throws
  // std::runtime_error if it cannot.
  void start();
  // Stops serving, then everything else. Idempotent.
  void stop();

  uint16_t port() const;        // the bound port (useful with port 0)
  std::string baseUrl() const;  // http://127.0.0.1:<port>

  // When the database has no tenant yet, seeds demo data and returns the
  // printed key listing; "" when nothing was seeded.
  std::string seedIfEmpty();

  const AppConfig& config() const;
  Services& services();
  PluginRegistry& plugins();
  Metrics& metrics();
  // The in-process mock vendor of that name ("vendorA"/"vendorB"), or null.
  MockVendorServer* mockVendor(const std::string& name);
  // The in-process mock billing system (config "mockBilling"), or null.
  MockBillingServer* mockBilling();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace vb
