#include "conversation/vendor_request.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace vb {
namespace {

Poco::JSON::Object::Ptr ordered() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

// A tool's schema as a JSON value; an empty or unparseable one becomes the
// schema of an object without properties (vendors require an object).
Poco::Dynamic::Var schemaOf(const std::string& text) {
  if (!text.empty()) {
    try {
      Poco::JSON::Parser parser;
      auto value = parser.parse(text);
      if (value.type() == typeid(Poco::JSON::Object::Ptr)) return value;
    } catch (const Poco::Exception&) {
    }
  }
  auto empty = ordered();
  empty->set("type", "object");
  empty->set("properties", ordered());
  return empty;
}

}  // namespace

std::string buildVendorRequest(const std::string& systemPrompt, const std::vector<Message>& history,
                               const std::vector<ToolDefinition>& tools, const std::string& content) {
  auto request = ordered();
  request->set("system", systemPrompt);
  Poco::JSON::Array::Ptr messages = new Poco::JSON::Array;
  auto add = [&](const std::string& role, const std::string& text) {
    auto m = ordered();
    m->set("role", role);
    m->set("content", text);
    messages->add(m);
  };
  for (const auto& message : history)
    if (message.role == "user" || message.role == "assistant") add(message.role, message.content);
  add("user", content);
  request->set("messages", messages);
  Poco::JSON::Array::Ptr toolList = new Poco::JSON::Array;
  for (const auto& tool : tools) {
    auto t = ordered();
    t->set("name", tool.name);
    t->set("description", tool.description);
    t->set("parameters", schemaOf(tool.parametersSchemaJson));
    toolList->add(t);
  }
  request->set("tools", toolList);
  std::ostringstream out;
  request->stringify(out);
  return out.str();
}

}  // namespace vb
