#include "pluginhost/plugin_caller.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "pluginhost/abi_struct.h"
#include "pluginhost/plugin_error.h"
#include "pluginhost/plugin_instance.h"
#include "pluginhost/plugin_replies.h"

namespace vb {
namespace {

// Output limits per call: a plugin cannot make the host buffer without bound.
constexpr size_t kMaxJsonOutput = 16u << 20;
constexpr size_t kMaxAudioOutput = 256u << 20;

// A vb_sink into a std::string with a size limit.
struct OutputBuffer {
  std::string data;
  size_t limit;
  explicit OutputBuffer(size_t limit) : limit(limit) {}
  vb_sink sink() { return vb_sink{this, &OutputBuffer::write}; }
  static int write(void* ctx, const char* bytes, size_t len) {
    auto* self = static_cast<OutputBuffer*>(ctx);
    if (len > self->limit - self->data.size()) return 1;
    self->data.append(bytes, len);
    return 0;
  }
};

// The ABI view of one call; points into `options`, which must outlive it.
vb_call_context callContext(const CallOptions& options) {
  vb_call_context context{};
  context.struct_size = sizeof(vb_call_context);
  context.request_id = abi::str(options.requestId);
  context.tenant_id = abi::str(options.tenantId);
  const auto ms = std::clamp<int64_t>(options.timeout.count(), 0, std::numeric_limits<uint32_t>::max());
  context.timeout_ms = static_cast<uint32_t>(ms);
  context.cancel = options.cancel ? options.cancel->abi() : nullptr;
  return context;
}

// A JSON payload the caller may leave empty.
std::string_view orEmptyObject(const std::string& json) {
  return json.empty() ? std::string_view("{}") : json;
}

}  // namespace

struct PluginCaller::Output {
  std::string data;           // what the plugin wrote into its sink
  std::string pluginVersion;  // of the generation that answered
  bool notFound = false;      // VB_NOT_FOUND, only when the caller takes it as an answer
  std::string notFoundMessage;
};

template <typename Invoke>
Result<PluginCaller::Output, VendorError> PluginCaller::call(const std::string& name, vb_plugin_kind kind,
                                                             const CallOptions& options, size_t outputLimit,
                                                             bool notFoundIsAnswer, Invoke&& invoke) const {
  const PinnedPlugin pinned = pin_(name, kind);
  if (!pinned) return unexpected(pinned.error());
  const PluginInstance& instance = *pinned.value();
  const vb_call_context context = callContext(options);
  OutputBuffer out(outputLimit);
  vb_error failure = abi::makeError();
  vb_status status;
  {
    PluginInstance::CallScope inFlight(instance);
    status = invoke(instance, &context, out.sink(), &failure);
  }
  Output output;
  output.pluginVersion = instance.library().version();
  if (status == VB_NOT_FOUND && notFoundIsAnswer) {
    failure.message[VB_ERROR_MESSAGE_CAPACITY - 1] = '\0';
    output.notFound = true;
    output.notFoundMessage = failure.message;
    return output;
  }
  if (status != VB_OK) return unexpected(pluginError(name, status, failure));
  output.data = std::move(out.data);
  return output;
}

Result<VendorReply, VendorError> PluginCaller::chat(const std::string& provider, const ChatRequest& request,
                                                    std::chrono::milliseconds timeout) const {
  const CallOptions options{request.requestId, request.tenantId, timeout, request.cancel};
  const auto output = call(
      provider, VB_KIND_VENDOR, options, kMaxJsonOutput, false,
      [&](const PluginInstance& p, const vb_call_context* context, vb_sink sink, vb_error* error) {
        return p.library().vendor()->chat(p.handle(), context, abi::str(request.requestJson), sink, error);
      });
  if (!output) return unexpected(output.error());
  auto reply = parseVendorReply(provider, output->data);
  if (reply) reply->pluginVersion = output->pluginVersion;
  return reply;
}

Result<std::string, VendorError> PluginCaller::speech(const std::string& name, vb_plugin_kind kind,
                                                      std::string_view input, const std::string& optionsJson,
                                                      const CallOptions& options, size_t outputLimit) const {
  auto output =
      call(name, kind, options, outputLimit, false,
           [&](const PluginInstance& p, const vb_call_context* context, vb_sink sink, vb_error* error) {
             // pin() checked the kind, so the matching table is there.
             const auto function =
                 kind == VB_KIND_STT ? p.library().stt()->transcribe : p.library().tts()->synthesize;
             return function(p.handle(), context, abi::str(input), abi::str(orEmptyObject(optionsJson)), sink,
                             error);
           });
  if (!output) return unexpected(output.error());
  return std::move(output->data);
}

Result<std::string, VendorError> PluginCaller::transcribe(const std::string& name, std::string_view wav,
                                                          const std::string& optionsJson,
                                                          const CallOptions& options) const {
  return speech(name, VB_KIND_STT, wav, optionsJson, options, kMaxJsonOutput);
}

Result<std::string, VendorError> PluginCaller::synthesize(const std::string& name, std::string_view text,
                                                          const std::string& optionsJson,
                                                          const CallOptions& options) const {
  return speech(name, VB_KIND_TTS, text, optionsJson, options, kMaxAudioOutput);
}

Result<ToolResult, VendorError> PluginCaller::invokeTool(const std::string& name,
                                                         const std::string& argumentsJson,
                                                         const CallOptions& options) const {
  auto output =
      call(name, VB_KIND_TOOL, options, kMaxJsonOutput, true,
           [&](const PluginInstance& p, const vb_call_context* context, vb_sink sink, vb_error* error) {
             return p.library().tool()->invoke(p.handle(), context, abi::str(orEmptyObject(argumentsJson)),
                                               sink, error);
           });
  if (!output) return unexpected(output.error());
  ToolResult result;
  result.pluginVersion = std::move(output->pluginVersion);
  if (output->notFound) {
    result.found = false;
    result.resultJson = notFoundResultJson(output->notFoundMessage);
    result.summary = "not found: " + output->notFoundMessage;
    return result;
  }
  result.resultJson = std::move(output->data);
  result.summary = toolResultSummary(result.resultJson);
  return result;
}

}  // namespace vb
