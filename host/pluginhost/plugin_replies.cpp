#include "pluginhost/plugin_replies.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "common/json_body.h"
#include "pluginhost/plugin_error.h"

namespace vb {
namespace {

std::string condensed(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

ToolCall toolCallOf(const Poco::JSON::Object& call) {
  ToolCall toolCall;
  toolCall.id = call.optValue<std::string>("id", "");
  toolCall.name = call.optValue<std::string>("name", "");
  if (toolCall.name.empty()) throw Poco::DataFormatException("a tool call has no name");
  const auto arguments = call.get("arguments");
  toolCall.argumentsJson = arguments.isEmpty()    ? "{}"
                           : arguments.isString() ? arguments.extract<std::string>()
                                                  : condensed(arguments);
  return toolCall;
}

}  // namespace

Result<VendorReply, VendorError> parseVendorReply(const std::string& name, const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(json);
    if (root.type() != typeid(Poco::JSON::Object::Ptr)) throw Poco::DataFormatException("not a JSON object");
    const auto object = root.extract<Poco::JSON::Object::Ptr>();
    VendorReply reply;
    reply.text = object->optValue<std::string>("text", "");
    reply.tokensIn = object->optValue<Poco::Int64>("tokensIn", 0);
    reply.tokensOut = object->optValue<Poco::Int64>("tokensOut", 0);
    reply.vendorLatencyMs = object->optValue<Poco::Int64>("vendorLatencyMs", 0);
    reply.httpStatus = object->optValue<int>("httpStatus", 200);
    if (const auto calls = object->getArray("toolCalls")) {
      for (size_t i = 0; i < calls->size(); ++i) {
        const auto call = calls->getObject(static_cast<unsigned>(i));
        if (!call) throw Poco::DataFormatException("toolCalls[" + std::to_string(i) + "] is not an object");
        reply.toolCalls.push_back(toolCallOf(*call));
      }
    }
    return reply;
  } catch (const Poco::Exception& e) {
    return unexpected(hostError(ErrorClass::Permanent, name + ": malformed reply JSON: " + e.displayText()));
  }
}

std::string toolResultSummary(const std::string& resultJson) {
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(resultJson);
    if (root.type() == typeid(Poco::JSON::Object::Ptr))
      return root.extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("summary", "");
  } catch (const Poco::Exception&) {
  }
  return {};
}

std::string notFoundResultJson(const std::string& message) {
  Poco::JSON::Object notFound(Poco::JSON_PRESERVE_KEY_ORDER);
  notFound.set("error", "not_found");
  notFound.set("message", message);
  return toJson(notFound);
}

}  // namespace vb
