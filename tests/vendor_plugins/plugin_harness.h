// Test harness for our plugins: loads a built .so with dlopen and calls it
// through a vb_host_api whose http_request is a std::function, so a test can
// answer with canned statuses/bodies or forward to a real server.
#pragma once

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <vocalbridge/vb_plugin.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vbtest {

using json = nlohmann::json;

inline std::string s(vb_str v) { return v.data ? std::string(v.data, v.len) : std::string(); }
inline vb_str v(const std::string& x) { return vb_str{x.data(), x.size()}; }

// What a plugin asked the host to send.
struct SentRequest {
  std::string method, url, body;
  std::map<std::string, std::string> headers;
  uint32_t timeoutMs = 0;
  const vb_cancel_token* cancel = nullptr;
};

// A canned answer (or a transport failure when status != VB_OK).
struct Canned {
  int httpStatus = 200;
  std::string body;
  std::map<std::string, std::string> headers;
  vb_status transport = VB_OK;
  vb_error_class transportClass = VB_ERROR_NONE;
};

class FakeHost {
 public:
  // Answers every http_request; default: whatever `canned` holds.
  std::function<Canned(const SentRequest&)> handler = [this](const SentRequest&) { return canned; };
  Canned canned;
  std::vector<SentRequest> sent;
  std::mutex mutex;
  std::atomic<bool> cancelled{false};  // what is_cancelled answers for every token

  FakeHost() {
    api_.abi_version = VB_ABI_VERSION;
    api_.struct_size = sizeof(api_);
    api_.host_ctx = this;
    api_.log = [](void*, vb_log_level, vb_str) {};
    api_.now_unix_ms = [](void*) -> int64_t {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
    api_.monotonic_ns = [](void*) -> int64_t {
      return std::chrono::duration_cast<std::chrono::nanoseconds>(
                 std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
    api_.config_get = [](void*, vb_str, vb_sink) { return VB_NOT_FOUND; };
    api_.is_cancelled = [](void* ctx, const vb_cancel_token*) {
      return static_cast<FakeHost*>(ctx)->cancelled.load() ? 1 : 0;
    };
    api_.http_request = [](void* ctx, const vb_http_request* rq, vb_http_response* rs, vb_error* err) {
      auto* self = static_cast<FakeHost*>(ctx);
      SentRequest sr{s(rq->method), s(rq->url), s(rq->body), {}, rq->timeout_ms, rq->cancel};
      for (size_t i = 0; i < rq->header_count; ++i)
        sr.headers[s(rq->headers[i].name)] = s(rq->headers[i].value);
      Canned c;
      {
        std::lock_guard lock(self->mutex);
        self->sent.push_back(sr);
      }
      c = self->handler(sr);
      if (c.transport != VB_OK) {
        err->error_class = c.transportClass;
        std::snprintf(err->message, sizeof err->message, "transport failure %d",
                      static_cast<int>(c.transport));
        return c.transport;
      }
      rs->status = c.httpStatus;
      for (const auto& [name, value] : c.headers)
        if (rs->on_header) rs->on_header(rs->header_ctx, v(name), v(value));
      if (!c.body.empty() && rs->body.write(rs->body.ctx, c.body.data(), c.body.size()) != 0)
        return VB_INTERNAL;
      return VB_OK;
    };
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  const vb_host_api* api() const { return &api_; }

 private:
  vb_host_api api_{};
};

// The result of one plugin call.
struct CallResult {
  vb_status status = VB_OK;
  vb_error error{};
  std::string out;
  json outJson() const { return json::parse(out, nullptr, false); }
};

// A loaded plugin library plus one instance of it.
class Plugin {
 public:
  Plugin(const std::string& file, const vb_host_api* host, const std::string& settings = "{}") {
    const std::string path = std::string(VB_PLUGIN_DIR) + "/" + file;
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) throw std::runtime_error("dlopen " + path + ": " + dlerror());
    auto entry = reinterpret_cast<vb_plugin_entry_fn>(dlsym(handle_, VB_PLUGIN_ENTRY_SYMBOL));
    if (!entry) throw std::runtime_error("no entry symbol in " + path);
    descriptor = entry(VB_ABI_VERSION);
    createError.struct_size = sizeof(createError);
    createStatus = descriptor->create(host, v(settings), &instance, &createError);
    if (createStatus != VB_OK) instance = nullptr;
  }
  ~Plugin() {
    if (instance) descriptor->destroy(instance);
    if (handle_) dlclose(handle_);
  }
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  static vb_sink sinkInto(std::string& target) {
    return vb_sink{&target, [](void* ctx, const char* d, size_t n) {
                     static_cast<std::string*>(ctx)->append(d, n);
                     return 0;
                   }};
  }

  static vb_call_context context(const std::string& requestId, const std::string& tenant,
                                 uint32_t timeoutMs) {
    vb_call_context c{};
    c.struct_size = sizeof(c);
    c.request_id = v(requestId);
    c.tenant_id = v(tenant);
    c.timeout_ms = timeoutMs;
    return c;
  }

  CallResult chat(const std::string& request, uint32_t timeoutMs = 5000,
                  const std::string& requestId = "req-1") const {
    CallResult r;
    r.error.struct_size = sizeof(r.error);
    const std::string tenant = "ten_test";
    const auto call = context(requestId, tenant, timeoutMs);
    r.status = descriptor->vendor->chat(instance, &call, v(request), sinkInto(r.out), &r.error);
    return r;
  }

  CallResult invoke(const std::string& arguments, const std::string& tenant, uint32_t timeoutMs = 5000,
                    const std::string& requestId = "req-1", vb_cancel_token* cancel = nullptr) const {
    CallResult r;
    r.error.struct_size = sizeof(r.error);
    auto call = context(requestId, tenant, timeoutMs);
    call.cancel = cancel;
    r.status = descriptor->tool->invoke(instance, &call, v(arguments), sinkInto(r.out), &r.error);
    return r;
  }

  const vb_plugin_descriptor* descriptor = nullptr;
  vb_instance* instance = nullptr;
  vb_status createStatus = VB_OK;
  vb_error createError{};

 private:
  void* handle_ = nullptr;
};

}  // namespace vbtest
