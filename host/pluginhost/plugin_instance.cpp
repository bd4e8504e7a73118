#include "pluginhost/plugin_instance.h"

#include "pluginhost/abi_struct.h"

namespace vb {

Result<std::shared_ptr<PluginInstance>, std::string> PluginInstance::create(
    std::shared_ptr<const PluginLibrary> library, std::string configName, const std::string& settingsJson,
    std::shared_ptr<HttpClient> http, uint64_t generation) {
  std::shared_ptr<PluginInstance> self(new PluginInstance());
  self->library_ = std::move(library);
  self->configName_ = std::move(configName);
  self->generation_ = generation;
  try {
    self->services_ = std::make_unique<HostServices>(self->configName_, settingsJson, std::move(http));
  } catch (const std::exception& e) {
    return unexpected(std::string(e.what()));
  }
  const std::string settings = settingsJson.empty() ? "{}" : settingsJson;
  vb_error error = abi::makeError();
  vb_instance* instance = nullptr;
  vb_status status = VB_INTERNAL;
  try {
    status =
        self->library_->descriptor().create(self->services_->api(), abi::str(settings), &instance, &error);
  } catch (...) {
    // A C++ plugin broke the no-exceptions rule; refuse it rather than crash.
    return unexpected(std::string("create failed: exception escaped the plugin"));
  }
  if (status != VB_OK) {
    error.message[VB_ERROR_MESSAGE_CAPACITY - 1] = '\0';
    const std::string message = error.message[0] ? error.message : "status " + std::to_string(status);
    return unexpected("create failed: " + message);
  }
  self->instance_ = instance;
  self->created_ = true;
  self->loadedAt_ = std::chrono::system_clock::now();
  return self;
}

PluginInstance::~PluginInstance() {
  // instance_ may be NULL for a stateless plugin; destroy() must accept that.
  if (created_ && library_->descriptor().destroy) library_->descriptor().destroy(instance_);
}

}  // namespace vb
