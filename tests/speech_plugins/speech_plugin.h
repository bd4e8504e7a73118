// Loads a built speech plugin (.so) with dlopen and calls it through a small
// in-process vb_host_api, the way the host does. Used by the speech plugin
// tests and by bench/voice_wer, so it depends on the SDK header only.
#pragma once

#include <dlfcn.h>
#include <vocalbridge/vb_plugin.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace vbspeech {

inline vb_str asStr(const std::string& s) { return vb_str{s.data(), s.size()}; }
inline std::string asString(vb_str s) { return s.data ? std::string(s.data, s.len) : std::string(); }

// The host services a speech plugin uses: logging (kept for inspection),
// clocks, no settings lookup, and cancellation of one chosen token.
class SpeechHost {
 public:
  SpeechHost() {
    api_.abi_version = VB_ABI_VERSION;
    api_.struct_size = sizeof(api_);
    api_.host_ctx = this;
    api_.log = [](void* ctx, vb_log_level, vb_str message) {
      auto* self = static_cast<SpeechHost*>(ctx);
      std::lock_guard lock(self->mutex_);
      self->logs_.push_back(asString(message));
    };
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
    api_.http_request = [](void*, const vb_http_request*, vb_http_response*, vb_error*) { return VB_UNIMPLEMENTED; };
    api_.is_cancelled = [](void* ctx, const vb_cancel_token* token) {
      return token && static_cast<SpeechHost*>(ctx)->cancelledToken.load() == token ? 1 : 0;
    };
  }
  SpeechHost(const SpeechHost&) = delete;
  SpeechHost& operator=(const SpeechHost&) = delete;

  const vb_host_api* api() const { return &api_; }
  std::vector<std::string> logs() const {
    std::lock_guard lock(mutex_);
    return logs_;
  }

  // A cancel token for tests; is_cancelled is true for it alone.
  static vb_cancel_token* token(int n) { return reinterpret_cast<vb_cancel_token*>(static_cast<intptr_t>(n)); }
  std::atomic<const vb_cancel_token*> cancelledToken{nullptr};

 private:
  vb_host_api api_{};
  mutable std::mutex mutex_;
  std::vector<std::string> logs_;  // guarded by mutex_
};

// What one call returned.
struct Reply {
  vb_status status = VB_OK;
  vb_error error{};
  std::string data;  // the result JSON (STT) or WAV bytes (TTS)
};

// A loaded plugin library and one instance of it.
class SpeechPlugin {
 public:
  SpeechPlugin(const std::string& file, const vb_host_api* host, const std::string& settings = "{}") {
    const std::string path = std::string(VB_PLUGIN_DIR) + "/" + file;
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) throw std::runtime_error("dlopen " + path + ": " + dlerror());
    auto entry = reinterpret_cast<vb_plugin_entry_fn>(dlsym(handle_, VB_PLUGIN_ENTRY_SYMBOL));
    if (!entry) throw std::runtime_error("no entry symbol in " + path);
    descriptor = entry(VB_ABI_VERSION);
    createError.struct_size = sizeof(createError);
    createStatus = descriptor->create(host, asStr(settings), &instance, &createError);
    if (createStatus != VB_OK) instance = nullptr;
  }
  ~SpeechPlugin() {
    if (instance) descriptor->destroy(instance);
    if (handle_) dlclose(handle_);
  }
  SpeechPlugin(const SpeechPlugin&) = delete;
  SpeechPlugin& operator=(const SpeechPlugin&) = delete;

  Reply synthesize(const std::string& text, const std::string& options = "{}", uint32_t timeoutMs = 30000) const {
    Reply r;
    r.error.struct_size = sizeof(r.error);
    const auto call = context(timeoutMs);
    r.status = descriptor->tts->synthesize(instance, &call, asStr(text), asStr(options), sinkInto(r.data), &r.error);
    return r;
  }

  Reply transcribe(const std::string& wav, const std::string& options = "{}", uint32_t timeoutMs = 60000,
                   vb_cancel_token* cancel = nullptr) const {
    Reply r;
    r.error.struct_size = sizeof(r.error);
    auto call = context(timeoutMs);
    call.cancel = cancel;
    r.status = descriptor->stt->transcribe(instance, &call, asStr(wav), asStr(options), sinkInto(r.data), &r.error);
    return r;
  }

  const vb_plugin_descriptor* descriptor = nullptr;
  vb_instance* instance = nullptr;
  vb_status createStatus = VB_OK;
  vb_error createError{};

 private:
  static vb_sink sinkInto(std::string& target) {
    return vb_sink{&target, [](void* ctx, const char* d, size_t n) {
                     static_cast<std::string*>(ctx)->append(d, n);
                     return 0;
                   }};
  }

  vb_call_context context(uint32_t timeoutMs) const {
    vb_call_context c{};
    c.struct_size = sizeof(c);
    c.request_id = asStr(requestId_);
    c.tenant_id = asStr(tenant_);
    c.timeout_ms = timeoutMs;
    return c;
  }

  void* handle_ = nullptr;
  const std::string requestId_ = "req-speech";
  const std::string tenant_ = "ten_speech";
};

}  // namespace vbspeech
