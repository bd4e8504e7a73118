// vb_plugin.hpp — optional header-only C++17 helpers for plugin authors.
//
// Nothing here is part of the ABI: it only wraps vb_plugin.h so a plugin can
// be written with std::string and exceptions while the boundary stays C.
// Every entry point generated through these helpers catches every exception
// and turns it into a vb_status + vb_error.
#ifndef VOCALBRIDGE_VB_PLUGIN_HPP
#define VOCALBRIDGE_VB_PLUGIN_HPP

#include <algorithm>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "vb_plugin.h"

namespace vb {

inline std::string_view view(vb_str s) { return s.data ? std::string_view(s.data, s.len) : std::string_view(); }
inline vb_str str(std::string_view s) { return vb_str{s.data(), s.size()}; }

// Throw this from plugin code to fail a call with a classified error.
class Error : public std::exception {
 public:
  Error(vb_status status, vb_error_class error_class, std::string message, int http_status = 0,
        long long retry_after_ms = -1)
      : status_(status),
        class_(error_class),
        message_(std::move(message)),
        http_status_(http_status),
        retry_after_ms_(retry_after_ms) {}
  const char* what() const noexcept override { return message_.c_str(); }
  vb_status status() const { return status_; }
  vb_error_class error_class() const { return class_; }
  int http_status() const { return http_status_; }
  long long retry_after_ms() const { return retry_after_ms_; }

 private:
  vb_status status_;
  vb_error_class class_;
  std::string message_;
  int http_status_;
  long long retry_after_ms_;
};

// Writes `message` into a caller-owned vb_error, truncating to fit.
inline void fill_error(vb_error* error, vb_error_class error_class, std::string_view message,
                       int http_status = 0, long long retry_after_ms = -1) {
  if (!error) return;
  error->error_class = error_class;
  error->http_status = http_status;
  error->retry_after_ms = retry_after_ms;
  const size_t n = std::min(message.size(), sizeof(error->message) - 1);
  std::memcpy(error->message, message.data(), n);
  error->message[n] = '\0';
}

// Runs `body` and converts any exception into a status + error. Use it as the
// whole body of every function the host calls.
template <typename Body>
vb_status guard(vb_error* error, Body&& body) noexcept {
  try {
    body();
    return VB_OK;
  } catch (const Error& e) {
    fill_error(error, e.error_class(), e.what(), e.http_status(), e.retry_after_ms());
    return e.status();
  } catch (const std::exception& e) {
    fill_error(error, VB_ERROR_PERMANENT, e.what());
    return VB_INTERNAL;
  } catch (...) {
    fill_error(error, VB_ERROR_PERMANENT, "unknown exception in plugin");
    return VB_INTERNAL;
  }
}

// Writes a whole string into a caller-provided sink.
inline void write(vb_sink sink, std::string_view data) {
  if (!sink.write || sink.write(sink.ctx, data.data(), data.size()) != 0)
    throw Error(VB_INTERNAL, VB_ERROR_PERMANENT, "host refused output");
}

// A sink that appends into a std::string (for use with host services).
inline vb_sink string_sink(std::string& target) {
  return vb_sink{&target, [](void* ctx, const char* data, size_t len) -> int {
                   static_cast<std::string*>(ctx)->append(data, len);
                   return 0;
                 }};
}

// Thin wrapper over vb_host_api for C++ plugins.
class Host {
 public:
  explicit Host(const vb_host_api* api) : api_(api) {}

  void log(vb_log_level level, std::string_view message) const {
    if (api_ && api_->log) api_->log(api_->host_ctx, level, str(message));
  }

  // Returns the setting or `fallback` when it is not configured.
  std::string config(std::string_view key, std::string fallback = {}) const {
    if (!api_ || !api_->config_get) return fallback;
    std::string value;
    if (api_->config_get(api_->host_ctx, str(key), string_sink(value)) != VB_OK) return fallback;
    return value;
  }

  struct Response {
    int status = 0;
    std::string body;
    std::string retry_after;  // the Retry-After header, if any
  };

  // POSTs/GETs through the host's HTTP client. Throws vb::Error classified as
  // the host classified the transport failure (timeout, unavailable, ...).
  Response http(std::string_view method, std::string_view url, std::string_view body,
                const vb_call_context* call, const vb_http_header* headers = nullptr,
                size_t header_count = 0) const {
    Response response;
    vb_http_request request{};
    request.struct_size = sizeof(request);
    request.method = str(method);
    request.url = str(url);
    request.headers = headers;
    request.header_count = header_count;
    request.body = str(body);
    request.timeout_ms = call ? call->timeout_ms : 0;
    request.cancel = call ? call->cancel : nullptr;
    vb_http_response out{};
    out.struct_size = sizeof(out);
    out.body = string_sink(response.body);
    out.header_ctx = &response;
    out.on_header = [](void* ctx, vb_str name, vb_str value) {
      std::string n(view(name));
      std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
      if (n == "retry-after") static_cast<Response*>(ctx)->retry_after = std::string(view(value));
    };
    vb_error error{};
    error.struct_size = sizeof(error);
    const vb_status status = api_->http_request(api_->host_ctx, &request, &out, &error);
    if (status != VB_OK) throw Error(status, error.error_class, error.message, 0, error.retry_after_ms);
    response.status = out.status;
    return response;
  }

  const vb_host_api* api() const { return api_; }

 private:
  const vb_host_api* api_;
};

}  // namespace vb

#endif  // VOCALBRIDGE_VB_PLUGIN_HPP
