// Platform routes the app itself answers: health, readiness, metrics, the
// plugin list and reload, and the tool catalogue.
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
};

void registerPlatformRoutes(Router& router, PlatformDependencies deps);

// {items:[{name, kind, version, abiVersion, status, error?, loadedAt}]}
std::string pluginListJson(const std::vector<PluginStatus>& plugins);

}  // namespace vb
