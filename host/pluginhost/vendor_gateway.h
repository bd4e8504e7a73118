// VendorGateway: the narrow face of the plugin registry that the rest of the
// host uses to talk to LLM vendors. One call = one attempt at one vendor;
// retries, breakers and fallback live above it (host/reliability).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace vb {

class CancelToken;  // pluginhost/cancel_token.h

// Mirrors vb_error_class of the plugin ABI, host side.
enum class ErrorClass { None, Transient, RateLimited, Timeout, InvalidRequest, Auth, Permanent, Cancelled };

const char* toString(ErrorClass c);

struct ToolCall {
  std::string id;
  std::string name;
  std::string argumentsJson;  // a JSON object
};

struct ChatRequest {
  std::string requestJson;  // the normalized request of vb_vendor_api (see vb_plugin.h)
  std::string requestId;
  std::string tenantId;
  // Optional: cancelling it aborts the attempt (its HTTP exchange returns at
  // once, the reply is ErrorClass::Cancelled). Must outlive the call.
  CancelToken* cancel = nullptr;
  // Optional: the whole turn's deadline (a tool loop makes several calls);
  // the pipeline ends this call's attempts by the earlier of it and its own
  // turn deadline.
  std::optional<std::chrono::steady_clock::time_point> deadline{};
};

struct VendorReply {
  std::string text;
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  std::vector<ToolCall> toolCalls;
  int httpStatus = 200;
  int64_t vendorLatencyMs = 0;  // what the vendor reported, if anything
  std::string pluginVersion;    // version string of the plugin that answered
};

struct VendorError {
  ErrorClass errorClass = ErrorClass::Permanent;
  int httpStatus = 0;
  int64_t retryAfterMs = -1;
  std::string message;  // safe to log; never shown verbatim to tenants
};

// Thread-safe: chat() may be called concurrently from any thread.
class VendorGateway {
 public:
  virtual ~VendorGateway() = default;
  // Whether a vendor plugin of that name is configured (loaded or not).
  virtual bool hasVendor(const std::string& provider) const = 0;
  // One attempt. `timeout` bounds the whole exchange.
  virtual Result<VendorReply, VendorError> chat(const std::string& provider, const ChatRequest& request,
                                                std::chrono::milliseconds timeout) = 0;
};

}  // namespace vb
