// RegistryCatalog: the plugin registry as the conversation core's
// ProviderCatalog (agents may name any configured vendor or tool plugin;
// vendors are offered the loaded tools' definitions).
#pragma once

#include "conversation/provider_catalog.h"
#include "pluginhost/plugin_registry.h"

namespace vb {

class RegistryCatalog final : public ProviderCatalog {
 public:
  explicit RegistryCatalog(const PluginRegistry& registry) : registry_(registry) {}
  bool hasVendor(const std::string& name) const override { return registry_.hasVendor(name); }
  bool hasTool(const std::string& name) const override { return registry_.hasTool(name); }
  bool hasSttEngine(const std::string& name) const override { return registry_.hasPlugin(name, VB_KIND_STT); }
  bool hasTtsEngine(const std::string& name) const override { return registry_.hasPlugin(name, VB_KIND_TTS); }
  std::vector<ToolDefinition> toolDefinitions(const std::vector<std::string>& names) const override {
    std::vector<ToolDefinition> definitions;
    if (names.empty()) return definitions;
    const auto loaded = registry_.tools();  // one pass over the registry per turn
    for (const auto& name : names)
      for (const auto& tool : loaded)
        if (tool.name == name) definitions.push_back({tool.name, tool.description, tool.parametersSchemaJson});
    return definitions;
  }

 private:
  const PluginRegistry& registry_;
};

}  // namespace vb
