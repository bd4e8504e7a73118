// ToolRunner: how the conversation core runs a tool the vendor asked for.
// The app adapts the plugin registry to it (tool plugins, with the call's
// tenant, request id and timeout); tests script it.
#pragma once

#include <chrono>
#include <string>

namespace vb {

struct ToolInvocation {
  std::string tool;
  std::string argumentsJson;  // as the vendor sent them
  std::string tenantId;       // the tool scopes its data by it
  std::string requestId;
  std::chrono::milliseconds timeout{2000};
};

struct ToolOutcome {
  std::string status;      // "ok" | "not_found" | "error" | "timeout"
  std::string resultJson;  // what goes back to the vendor: the tool's result, or {"error":…,"message":…}
  std::string summary;     // one line for the audit and the Turn
};

// Thread-safe: run() may be called concurrently; it never throws.
class ToolRunner {
 public:
  virtual ~ToolRunner() = default;
  virtual ToolOutcome run(const ToolInvocation& invocation) = 0;
};

}  // namespace vb
