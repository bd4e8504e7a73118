#include "conversation/vendor_request.h"

#include <Poco/JSON/Parser.h>

#include <sstream>

namespace vb {
namespace {

Poco::JSON::Object::Ptr ordered() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

// A JSON object from `text`; `fallback` when it is empty or not an object.
Poco::Dynamic::Var objectOr(const std::string& text, Poco::JSON::Object::Ptr fallback) {
  if (!text.empty()) {
    try {
      Poco::JSON::Parser parser;
      auto value = parser.parse(text);
      if (value.type() == typeid(Poco::JSON::Object::Ptr)) return value;
    } catch (const Poco::Exception&) {
    }
  }
  return fallback;
}

Poco::JSON::Object::Ptr emptySchema() {
  auto schema = ordered();
  schema->set("type", "object");
  schema->set("properties", ordered());
  return schema;
}

Poco::JSON::Object::Ptr message(const std::string& role, const std::string& content) {
  auto m = ordered();
  m->set("role", role);
  m->set("content", content);
  return m;
}

}  // namespace

VendorRequest::VendorRequest(const std::string& systemPrompt, const std::vector<Message>& history,
                             const std::vector<ToolDefinition>& tools, const std::string& content)
    : root_(ordered()), messages_(new Poco::JSON::Array) {
  root_->set("system", systemPrompt);
  for (const auto& m : history)
    if (m.role == "user" || m.role == "assistant") messages_->add(message(m.role, m.content));
  messages_->add(message("user", content));
  root_->set("messages", messages_);
  Poco::JSON::Array::Ptr toolList = new Poco::JSON::Array;
  for (const auto& tool : tools) {
    auto t = ordered();
    t->set("name", tool.name);
    t->set("description", tool.description);
    // Vendors require an object schema; a tool without one takes no parameters.
    t->set("parameters", objectOr(tool.parametersSchemaJson, emptySchema()));
    toolList->add(t);
  }
  root_->set("tools", toolList);
}

void VendorRequest::addToolCalls(const std::string& text, const std::vector<ToolCall>& calls) {
  auto m = message("assistant", text);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& call : calls) {
    auto c = ordered();
    c->set("id", call.id);
    c->set("name", call.name);
    c->set("arguments", objectOr(call.argumentsJson, ordered()));
    list->add(c);
  }
  m->set("toolCalls", list);
  messages_->add(m);
}

void VendorRequest::addToolResult(const ToolCall& call, const std::string& resultJson) {
  auto m = ordered();
  m->set("role", "tool");
  m->set("toolCallId", call.id);
  m->set("name", call.name);
  m->set("content", resultJson);
  messages_->add(m);
}

std::string VendorRequest::json() const {
  std::ostringstream out;
  root_->stringify(out);
  return out.str();
}

}  // namespace vb
