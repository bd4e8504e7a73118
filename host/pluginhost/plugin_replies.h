// The JSON that plugins answer with (vb_plugin.h), read into host types —
// and the one JSON the host writes in a tool's place.
#pragma once

#include <string>

#include "common/result.h"
#include "pluginhost/vendor_gateway.h"

namespace vb {

// A vendor's normalized reply ({"text", "tokensIn", "tokensOut",
// "toolCalls": [{"id","name","arguments"}], …}) as a VendorReply; a tool
// call's arguments become JSON text. Errors: Permanent ("<name>: malformed
// reply JSON: …", HTTP status 0) when it is not that JSON — a defect of the
// plugin, not of the vendor's answer, so never retried.
Result<VendorReply, VendorError> parseVendorReply(const std::string& name, const std::string& json);

// The "summary" string of a tool's result object, "" when absent or not JSON.
std::string toolResultSummary(const std::string& resultJson);

// {"error":"not_found","message":<message>}: what the model sees when a tool
// answered VB_NOT_FOUND.
std::string notFoundResultJson(const std::string& message);

}  // namespace vb
