#include "pluginhost/host_services.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <chrono>
#include <sstream>
#include <stdexcept>

#include "pluginhost/abi_struct.h"
#include "pluginhost/cancel_token.h"

namespace vb {
namespace {

std::map<std::string, std::string, std::less<>> flattenSettings(const std::string& settingsJson) {
  Poco::JSON::Object::Ptr object;
  try {
    Poco::JSON::Parser parser;
    object = parser.parse(settingsJson.empty() ? "{}" : settingsJson).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("plugin settings are not a JSON object: " + e.displayText());
  }
  std::map<std::string, std::string, std::less<>> settings;
  for (const auto& [key, value] : *object) {
    if (value.isString()) {
      settings.emplace(key, value.extract<std::string>());
    } else {
      std::ostringstream text;
      Poco::JSON::Stringifier::stringify(value, text);
      settings.emplace(key, text.str());
    }
  }
  return settings;
}

}  // namespace

HostServices::HostServices(std::string pluginName, const std::string& settingsJson,
                           std::shared_ptr<HttpClient> http)
    : pluginName_(std::move(pluginName)),
      logger_(Poco::Logger::get("plugin." + pluginName_)),
      settings_(flattenSettings(settingsJson)),
      http_(std::move(http)) {
  api_.abi_version = VB_ABI_VERSION;
  api_.struct_size = sizeof(vb_host_api);
  api_.host_ctx = this;
  api_.log = &logThunk;
  api_.now_unix_ms = &nowUnixMsThunk;
  api_.monotonic_ns = &monotonicNsThunk;
  api_.config_get = &configGetThunk;
  api_.http_request = &httpRequestThunk;
  api_.is_cancelled = &isCancelledThunk;
}

void HostServices::logThunk(void* ctx, vb_log_level level, vb_str message) {
  auto& logger = static_cast<HostServices*>(ctx)->logger_;
  const auto priority = level >= VB_LOG_ERROR  ? Poco::Message::PRIO_ERROR
                        : level == VB_LOG_WARN ? Poco::Message::PRIO_WARNING
                        : level == VB_LOG_INFO ? Poco::Message::PRIO_INFORMATION
                                               : Poco::Message::PRIO_DEBUG;
  if (!logger.is(priority)) return;
  try {
    logger.log(Poco::Message(logger.name(), std::string(abi::view(message)), priority));
  } catch (...) {
    // A failing log channel must never fail the plugin's call.
  }
}

int64_t HostServices::nowUnixMsThunk(void*) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t HostServices::monotonicNsThunk(void*) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

vb_status HostServices::configGetThunk(void* ctx, vb_str key, vb_sink out) {
  const auto& settings = static_cast<HostServices*>(ctx)->settings_;
  const auto it = settings.find(abi::view(key));
  if (it == settings.end()) return VB_NOT_FOUND;
  if (!out.write) return VB_INVALID_ARGUMENT;
  return out.write(out.ctx, it->second.data(), it->second.size()) == 0 ? VB_OK : VB_RESOURCE_EXHAUSTED;
}

vb_status HostServices::httpRequestThunk(void* ctx, const vb_http_request* request,
                                         vb_http_response* response, vb_error* error) {
  auto* self = static_cast<HostServices*>(ctx);
  if (!request || !response) {
    abi::fillError(error, VB_ERROR_INVALID_REQUEST, "http_request needs a request and a response");
    return VB_INVALID_ARGUMENT;
  }
  if (!self->http_) {
    abi::fillError(error, VB_ERROR_PERMANENT, "this host offers no HTTP client");
    return VB_UNIMPLEMENTED;
  }
  // The plugin may be older (shorter structs) or newer (longer ones): work on
  // full-size copies and write back only what its response struct has.
  if (!abi::covers(request->struct_size, VB_FIELD_END(vb_http_request, body)) ||
      !abi::covers(response->struct_size, VB_FIELD_END(vb_http_response, body))) {
    abi::fillError(error, VB_ERROR_INVALID_REQUEST, "vb_http_request/vb_http_response struct_size too small");
    return VB_INVALID_ARGUMENT;
  }
  vb_http_request fullRequest;
  abi::copyStruct(request, request->struct_size, fullRequest);
  vb_http_response fullResponse;
  abi::copyStruct(response, response->struct_size, fullResponse);
  try {
    const vb_status status = self->http_->exchange(fullRequest, fullResponse, error);
    response->status = fullResponse.status;
    return status;
  } catch (...) {
    abi::fillError(error, VB_ERROR_PERMANENT, "unexpected failure in the host HTTP client");
    return VB_INTERNAL;
  }
}

int HostServices::isCancelledThunk(void*, const vb_cancel_token* token) {
  return token && CancelToken::fromAbi(token)->cancelled() ? 1 : 0;
}

}  // namespace vb
