#include "app/registry_tool_runner.h"

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include "common/json_body.h"

namespace vb {
namespace {

std::string errorResult(const std::string& error, const std::string& message) {
  Poco::JSON::Object result(Poco::JSON_PRESERVE_KEY_ORDER);
  result.set("error", error);
  result.set("message", message);
  return toJson(result);
}

}  // namespace

ToolOutcome RegistryToolRunner::run(const ToolInvocation& invocation) {
  CallOptions call;
  call.requestId = invocation.requestId;
  call.tenantId = invocation.tenantId;
  call.timeout = invocation.timeout;
  try {
    auto result = registry_.invokeTool(invocation.tool, invocation.argumentsJson, call);
    if (result) {
      const std::string status = result->found ? "ok" : "not_found";
      std::string summary = result->summary;
      if (summary.empty()) summary = result->found ? invocation.tool + " answered" : "not found";
      return ToolOutcome{status, result->resultJson, summary};
    }
    const VendorError& error = result.error();
    // The plugin's own message may name host paths or internals: it goes to
    // the log, the vendor and the audit get its class.
    Poco::Logger::get("tools").warning("%s failed (%s): %s", invocation.tool, std::string(toString(error.errorClass)),
                                       error.message);
    switch (error.errorClass) {
      case ErrorClass::Timeout:
        return ToolOutcome{"timeout", errorResult("timeout", "the tool did not answer in time"),
                           "timed out after " + std::to_string(invocation.timeout.count()) + " ms"};
      case ErrorClass::InvalidRequest:
        return ToolOutcome{"error", errorResult("invalid_arguments", "the tool refused these arguments"),
                           "refused the arguments"};
      default:
        return ToolOutcome{"error", errorResult("unavailable", "the tool failed; try again later"),
                           std::string("failed (") + toString(error.errorClass) + ")"};
    }
  } catch (const std::exception& e) {
    Poco::Logger::get("tools").error("%s threw: %s", invocation.tool, std::string(e.what()));
    return ToolOutcome{"error", errorResult("unavailable", "the tool failed; try again later"), "failed"};
  }
}

}  // namespace vb
