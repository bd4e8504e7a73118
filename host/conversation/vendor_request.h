// VendorRequest: the normalized vendor request of vb_plugin.h (vendor.chat
// request_json), grown round by round as the tool loop runs:
//   {"system": "…",
//    "messages": [{"role":"user"|"assistant","content":"…"},
//                 {"role":"assistant","content":"","toolCalls":[{"id","name","arguments":{…}}]},
//                 {"role":"tool","toolCallId":"…","name":"…","content":"<result JSON>"}, …],
//    "tools": [{"name":"…","description":"…","parameters":{JSON schema}}, …]}
// The conversation core builds it; vendor plugins translate it to their wire
// format.
#pragma once

#include <string>
#include <vector>

#include "conversation/provider_catalog.h"
#include "domain/session.h"
#include "pluginhost/vendor_gateway.h"

namespace vb {

class VendorRequest {
 public:
  // `history` in seq order (only user and assistant messages are sent);
  // `tools` the agent's enabled tools that are loaded.
  VendorRequest(const std::string& systemPrompt, const std::vector<Message>& history,
                const std::vector<ToolDefinition>& tools, const std::string& content);

  // The vendor's answer that asked for tools, then each tool's result.
  void addToolCalls(const std::string& text, const std::vector<ToolCall>& calls);
  void addToolResult(const ToolCall& call, const std::string& resultJson);

  std::string json() const;

 private:
  // The request as text, written once and appended to round by round (no
  // JSON DOM): head_ runs up to the last message, tail_ closes the messages
  // and holds the tools. json() is head_ + tail_.
  std::string head_;
  std::string tail_;
};

}  // namespace vb
