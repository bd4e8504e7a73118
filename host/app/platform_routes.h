// Platform routes the app itself answers: health, readiness (503 "degraded"
// when a vendor live agents use is not loaded), metrics, the plugin list
// (tenant and operator views) and reload, and the tool catalogue.
#pragma once

#include <functional>

#include "http/router.h"
#include "observability/metrics.h"
#include "pluginhost/plugin_registry.h"

namespace vb {

struct PlatformDependencies {
  PluginRegistry& plugins;
  Metrics& metrics;
  std::function<bool()> databaseReady;
  // Vendors that live agents name (primary or fallback), across tenants.
  std::function<std::vector<std::string>()> referencedVendors;
};

// Tenants see file names and safe errors; the operator sees paths and the
// loader's own words.
enum class PluginView { Tenant, Operator };

void registerPlatformRoutes(Router& router, PlatformDependencies deps);

// {items:[{name, kind, version, abiVersion, status, path? (operator), error?, loadedAt, inFlight}]}
std::string pluginListJson(const std::vector<PluginStatus>& plugins, PluginView view);

}  // namespace vb
