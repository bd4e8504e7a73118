// The normalized vendor request of vb_plugin.h (vendor.chat request_json):
//   {"system": "…",
//    "messages": [{"role":"user"|"assistant","content":"…"}, …],
//    "tools": [{"name":"…","description":"…","parameters":{JSON schema}}, …]}
// The conversation core builds it; vendor plugins translate it to their wire
// format.
#pragma once

#include <string>
#include <vector>

#include "conversation/provider_catalog.h"
#include "domain/session.h"

namespace vb {

// `history` in seq order; only user and assistant messages are sent. `tools`
// are the agent's enabled tools that are loaded.
std::string buildVendorRequest(const std::string& systemPrompt, const std::vector<Message>& history,
                               const std::vector<ToolDefinition>& tools, const std::string& content);

}  // namespace vb
