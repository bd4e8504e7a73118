// Plugin-side helpers shared by VocalBridge's own plugins: settings parsing,
// the HTTP call through the host and the one mapping from HTTP outcomes to
// vb_status + vb_error_class, so the vendors and the tools classify failures
// identically.
// Header-only; depends on the SDK and nlohmann/json only (plugins never link
// POCO or host code).
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vocalbridge/vb_plugin.hpp>

namespace vbp {

using json = nlohmann::json;

// Parses a JSON payload handed in by the host; a bad one is the caller's fault.
inline json parseInput(vb_str text, std::string_view what) {
  const auto view = vb::view(text);
  json j = json::parse(view.begin(), view.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, std::string(what) + " is not JSON");
  return j;
}

inline std::string stringSetting(const json& settings, const char* key, std::string fallback = {}) {
  if (settings.is_object()) {
    const auto it = settings.find(key);
    if (it != settings.end() && it->is_string()) return it->get<std::string>();
  }
  return fallback;
}

// The vendor's base URL: required, plain http (the host's client offers no TLS).
inline std::string baseUrlSetting(const json& settings, std::string_view plugin) {
  std::string url = stringSetting(settings, "baseUrl");
  if (url.rfind("http://", 0) != 0)
    throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                    std::string(plugin) + ": setting baseUrl must be an http:// URL");
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Retry-After as milliseconds: the body's retryAfterMs wins (finer grained),
// else the header (delta-seconds), else -1 = "no hint".
inline long long retryAfterMs(const std::string& body, const std::string& header) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_object()) {
    const auto it = j.find("retryAfterMs");
    if (it != j.end() && it->is_number() && it->get<double>() >= 0)
      return static_cast<long long>(it->get<double>());
  }
  if (!header.empty() &&
      std::all_of(header.begin(), header.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::stoll(header) * 1000;
  return -1;
}

// Throws the classified error for a non-2xx answer; returns for 2xx.
inline void checkHttpStatus(std::string_view vendor, const vb::Host::Response& r) {
  const int s = r.status;
  if (s >= 200 && s < 300) return;
  const std::string what = std::string(vendor) + ": HTTP " + std::to_string(s);
  if (s == 429)
    throw vb::Error(VB_RESOURCE_EXHAUSTED, VB_ERROR_RATE_LIMITED, what + " rate limited", s,
                    retryAfterMs(r.body, r.retry_after));
  if (s >= 500) throw vb::Error(VB_UNAVAILABLE, VB_ERROR_TRANSIENT, what + " server failure", s);
  if (s == 408) throw vb::Error(VB_DEADLINE_EXCEEDED, VB_ERROR_TIMEOUT, what + " request timeout", s);
  if (s == 401 || s == 403)
    throw vb::Error(VB_PERMISSION_DENIED, VB_ERROR_AUTH, what + " credentials rejected", s);
  if (s >= 400) throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, what + " request rejected", s);
  throw vb::Error(VB_INTERNAL, VB_ERROR_PERMANENT, what + " unexpected status", s);
}

// Sends one request through the host's HTTP client with the call's budget,
// cancel token and correlation id (X-Request-Id); a body goes as JSON.
// Transport failures keep the host's status, with the class a retry loop
// needs if the host left it unset. `remote` prefixes the error message.
inline vb::Host::Response sendRequest(const vb::Host& host, std::string_view remote, std::string_view method,
                                      const std::string& url, const std::string& body,
                                      const vb_call_context* call) {
  const vb_http_header headers[] = {
      {vb::str("X-Request-Id"), call ? call->request_id : vb_str{nullptr, 0}},
      {vb::str("Content-Type"), vb::str("application/json")},
  };
  try {
    return host.http(method, url, body, call, headers, body.empty() ? 1 : 2);
  } catch (const vb::Error& e) {
    vb_error_class cls = e.error_class();
    if (cls == VB_ERROR_NONE) {
      switch (e.status()) {
        case VB_DEADLINE_EXCEEDED:
          cls = VB_ERROR_TIMEOUT;
          break;
        case VB_UNAVAILABLE:
          cls = VB_ERROR_TRANSIENT;
          break;
        case VB_INVALID_ARGUMENT:
          cls = VB_ERROR_INVALID_REQUEST;
          break;
        case VB_RESOURCE_EXHAUSTED:
          cls = VB_ERROR_RATE_LIMITED;
          break;
        default:
          cls = VB_ERROR_PERMANENT;
          break;
      }
    }
    throw vb::Error(e.status(), cls, std::string(remote) + ": " + e.what(), 0, e.retry_after_ms());
  }
}

// POSTs JSON (see sendRequest).
inline vb::Host::Response postJson(const vb::Host& host, std::string_view vendor, const std::string& url,
                                   const std::string& body, const vb_call_context* call) {
  return sendRequest(host, vendor, "POST", url, body, call);
}

[[noreturn]] inline void badAnswer(std::string_view vendor, std::string_view why) {
  throw vb::Error(VB_INTERNAL, VB_ERROR_PERMANENT,
                  std::string(vendor) + ": malformed answer: " + std::string(why), 200);
}

inline json parseAnswer(std::string_view vendor, const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) badAnswer(vendor, "not JSON");
  if (!j.is_object()) badAnswer(vendor, "not a JSON object");
  return j;
}

inline long long requireInt(std::string_view vendor, const json& o, const char* key) {
  const auto it = o.find(key);
  if (it == o.end() || !it->is_number_integer()) badAnswer(vendor, std::string("missing integer ") + key);
  return it->get<long long>();
}

inline long long elapsedMs(const vb::Host& host, int64_t startNs) {
  const auto* api = host.api();
  if (!api || !api->monotonic_ns) return 0;
  return (api->monotonic_ns(api->host_ctx) - startNs) / 1000000;
}

inline int64_t nowNs(const vb::Host& host) {
  const auto* api = host.api();
  return api && api->monotonic_ns ? api->monotonic_ns(api->host_ctx) : 0;
}

// The normalized request (vb_plugin.h, vb_vendor_api): checks its shape once
// so both vendors can map it without re-validating.
inline json normalizedRequest(vb_str request_json) {
  json req = parseInput(request_json, "request");
  if (!req.is_object())
    throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "request must be an object");
  if (!req.contains("messages") || !req["messages"].is_array())
    throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "request.messages must be an array");
  for (const auto& m : req["messages"])
    if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "every message needs a role");
  if (req.contains("tools") && !req["tools"].is_null() && !req["tools"].is_array())
    throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "request.tools must be an array");
  return req;
}

inline std::string str(const json& o, const char* key) {
  if (!o.is_object()) return {};
  const auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace vbp
