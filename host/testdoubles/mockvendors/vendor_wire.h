// The two mock vendors' wire formats, read into one shape and written back:
//
//   vendorA POST /v1/chat
//     {system, messages:[{role, text, toolCall?:{name, arguments:{…}}, toolCallId?, name?}],
//      tools?:[{name, description, parameters}]}
//     → {outputText, tokensIn, tokensOut, latencyMs} | {toolCall:{name, arguments}, tokensIn, …}
//   vendorB POST /v1/messages
//     {model, system, messages:[{role, content, tool_calls?:[{id, type, function:{name,
//      arguments:"<json>"}}], tool_call_id?, name?}],
//      tools?:[{type:"function", function:{name, description, parameters}}]}
//     → {model, choices:[{message:{role, content, tool_calls?}, finish_reason}],
//        usage:{input_tokens, output_tokens}}
//
// A "tool" message carries the tool's result as its text; `name` (and for
// vendorB `tool_call_id`) say whose result it is.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "testdoubles/mockvendors/mock_vendor_kind.h"

namespace vb {

// FNV-1a: a stable hash (std::hash may differ between builds), so reply text
// and ids are the same for the same input and seed everywhere.
uint64_t stableHash(std::string_view text, uint64_t seed);

// A JSON value as compact text.
std::string jsonText(const Poco::Dynamic::Var& value);

struct WireToolCall {
  std::string id;  // vendorB only
  std::string name;
  std::string argumentsJson;  // a JSON object as text ("{}" when absent)
};

struct WireMessage {
  std::string role;                     // user, assistant, tool, …
  std::string text;                     // "" for an assistant turn that only called tools
  std::vector<WireToolCall> toolCalls;  // assistant turns
  std::string toolCallId;               // tool turns, when the client says which call they answer
  std::string toolName;                 // tool turns, when the client names the tool
};

struct WireRequest {
  std::string model;  // vendorB
  std::string system;
  std::vector<WireMessage> messages;
  std::vector<std::string> toolNames;  // the tools offered, in order
};

// What the mock decided to answer: text, or one tool call.
struct MockVendorReply {
  std::string text;
  std::string toolName;  // non-empty = a tool call
  std::string toolArgumentsJson = "{}";
  bool isToolCall() const { return !toolName.empty(); }
};

struct WireAnswerFacts {
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  int64_t latencyMs = 0;   // vendorA reports it; vendorB does not
  std::string toolCallId;  // vendorB's id for a tool call
};

// Reads a request body of the vendor's format; the error says what is wrong
// (the server answers it with 400).
Result<WireRequest, std::string> parseWireRequest(MockVendorKind kind, const std::string& body);

// The vendor's 200 answer body for `reply`.
std::string renderWireAnswer(MockVendorKind kind, const WireRequest& request, const MockVendorReply& reply,
                             const WireAnswerFacts& facts);

}  // namespace vb
