// PluginCaller: the calling side of the plugin host. Every call — chat,
// transcribe, synthesize, invokeTool — takes the same path: pin the current
// generation of the named plugin (of the right kind), build the ABI call
// context (request id, tenant, timeout, cancel token), count the call in
// flight while the plugin runs, collect what it writes into a size-limited
// sink, and turn a failure into a classified VendorError.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "pluginhost/cancel_token.h"
#include "pluginhost/vendor_gateway.h"
#include "vocalbridge/vb_plugin.h"

namespace vb {

class PluginInstance;

// Per-call parameters for the non-vendor plugin calls.
struct CallOptions {
  std::string requestId;
  std::string tenantId;                      // tools scope their data by it
  std::chrono::milliseconds timeout{30000};  // passed to the plugin as timeout_ms
  CancelToken* cancel = nullptr;             // optional; must outlive the call
};

struct ToolResult {
  bool found = true;       // false: the plugin answered VB_NOT_FOUND ("no such record")
  std::string resultJson;  // the plugin's result object; when !found: {"error":"not_found","message":…}
  std::string summary;     // the result's "summary" string, for audit logs ("" if absent)
  std::string pluginVersion;
};

// The generation a call runs on (kept alive by the pointer until the call
// returns), or why there is none.
using PinnedPlugin = Result<std::shared_ptr<PluginInstance>, VendorError>;

// Thread-safe: every member may be called concurrently from any thread, as
// long as `pin` may.
class PluginCaller {
 public:
  // Returns the current generation of the plugin `name` if it is of `kind`;
  // errors: InvalidRequest (unknown name, other kind), Permanent (not loaded).
  using Pin = std::function<PinnedPlugin(const std::string& name, vb_plugin_kind kind)>;

  explicit PluginCaller(Pin pin) : pin_(std::move(pin)) {}

  // One vendor attempt; `timeout` bounds the whole exchange. Errors: those of
  // pin, the plugin's classified error (Cancelled when request.cancel fired),
  // Permanent when its reply is not the documented JSON.
  Result<VendorReply, VendorError> chat(const std::string& provider, const ChatRequest& request,
                                        std::chrono::milliseconds timeout) const;
  // Speech to text: the plugin's JSON ({"transcript":…}). "" options mean {}.
  Result<std::string, VendorError> transcribe(const std::string& name, std::string_view wav,
                                              const std::string& optionsJson, const CallOptions& call) const;
  // Text to speech: the WAV bytes. "" options mean {}.
  Result<std::string, VendorError> synthesize(const std::string& name, std::string_view text,
                                              const std::string& optionsJson, const CallOptions& call) const;
  // Runs a tool. VB_NOT_FOUND from the plugin is a result (found = false),
  // not an error. "" arguments mean {}.
  Result<ToolResult, VendorError> invokeTool(const std::string& name, const std::string& argumentsJson,
                                             const CallOptions& call) const;

 private:
  struct Output;
  // The one call path; `invoke(instance, context, sink, error)` calls the
  // kind's function and returns its status.
  template <typename Invoke>
  Result<Output, VendorError> call(const std::string& name, vb_plugin_kind kind, const CallOptions& options,
                                   size_t outputLimit, bool notFoundIsAnswer, Invoke&& invoke) const;

  // STT and TTS share one shape: an input and an options object in, bytes out.
  Result<std::string, VendorError> speech(const std::string& name, vb_plugin_kind kind,
                                          std::string_view input, const std::string& optionsJson,
                                          const CallOptions& options, size_t outputLimit) const;

  const Pin pin_;
};

}  // namespace vb
