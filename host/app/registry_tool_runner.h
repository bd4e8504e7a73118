// RegistryToolRunner: the plugin registry as the conversation core's
// ToolRunner. A plugin's VB_NOT_FOUND is a result ("not_found"); its errors
// become error results the vendor can read, with no host internals in them.
#pragma once

#include "conversation/tool_runner.h"
#include "pluginhost/plugin_registry.h"

namespace vb {

class RegistryToolRunner final : public ToolRunner {
 public:
  // `registry` must outlive the runner.
  explicit RegistryToolRunner(PluginRegistry& registry) : registry_(registry) {}
  ToolOutcome run(const ToolInvocation& invocation) override;

 private:
  PluginRegistry& registry_;
};

}  // namespace vb
