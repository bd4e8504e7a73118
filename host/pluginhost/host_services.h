// HostServices: the vb_host_api table one plugin instance receives — logging
// through a Poco::Logger named "plugin.<name>", clocks, its "settings" from
// the config, and the shared pooled HttpClient. One per loaded generation; it
// must outlive the instance's destroy() (PluginInstance guarantees that).
#pragma once

#include <Poco/Logger.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "pluginhost/http_client.h"
#include "vocalbridge/vb_plugin.h"

namespace vb {

// Thread-safe: every function of the table may be called concurrently from
// any thread (the ABI promises plugins that). Immutable after construction.
class HostServices {
 public:
  // `settingsJson` must be a JSON object (throws std::invalid_argument
  // otherwise). String settings are returned raw by config_get; other values
  // as their JSON text. `http` may be null: http_request then answers
  // VB_UNIMPLEMENTED.
  HostServices(std::string pluginName, const std::string& settingsJson, std::shared_ptr<HttpClient> http);
  HostServices(const HostServices&) = delete;
  HostServices& operator=(const HostServices&) = delete;

  const vb_host_api* api() const noexcept { return &api_; }
  const std::string& pluginName() const noexcept { return pluginName_; }

 private:
  static void logThunk(void* ctx, vb_log_level level, vb_str message);
  static int64_t nowUnixMsThunk(void* ctx);
  static int64_t monotonicNsThunk(void* ctx);
  static vb_status configGetThunk(void* ctx, vb_str key, vb_sink out);
  static vb_status httpRequestThunk(void* ctx, const vb_http_request* request, vb_http_response* response,
                                    vb_error* error);
  static int isCancelledThunk(void* ctx, const vb_cancel_token* token);

  const std::string pluginName_;
  Poco::Logger& logger_;
  const std::map<std::string, std::string, std::less<>> settings_;
  const std::shared_ptr<HttpClient> http_;
  vb_host_api api_{};
};

}  // namespace vb
