// Gateway: the whole host wired together — mock vendors (when configured),
// plugin registry, reliability pipeline, store, services, HTTP server.
// `vocalbridge` runs one; integration tests start one in-process on port 0.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "app/app_config.h"

namespace vb {

class ApiModule;
class PluginRegistry;
class MockVendorServer;
class Metrics;

class Gateway {
 public:
  explicit Gateway(AppConfig config);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Opens the database (migrating it), starts mock vendors, loads plugins
  // and starts serving. Throws std::runtime_error if it cannot.
  void start();
  // Stops serving, then everything else. Idempotent.
  void stop();

  uint16_t port() const;          // the bound port (useful with port 0)
  std::string baseUrl() const;    // http://127.0.0.1:<port>

  // When the database has no tenant yet, seeds demo data and returns the
  // printed key listing; "" when nothing was seeded.
  std::string seedIfEmpty();

  const AppConfig& config() const;
  ApiModule& api();
  PluginRegistry& plugins();
  Metrics& metrics();
  // The in-process mock vendor of that name ("vendorA"/"vendorB"), or null.
  MockVendorServer* mockVendor(const std::string& name);

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace vb
