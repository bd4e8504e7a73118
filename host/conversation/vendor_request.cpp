#include "conversation/vendor_request.h"

#include <Poco/JSON/Parser.h>

#include <sstream>

#include "common/json_writer.h"

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

std::string toText(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

void appendMessage(std::string& out, const std::string& role, const std::string& content) {
  out.append("{\"role\":");
  JsonWriter::appendString(out, role);
  out.append(",\"content\":");
  JsonWriter::appendString(out, content);
  out.push_back('}');
}

}  // namespace

VendorRequest::VendorRequest(const std::string& systemPrompt, const std::vector<Message>& history,
                             const std::vector<ToolDefinition>& tools, const std::string& content) {
  size_t bytes = 64 + systemPrompt.size() + content.size();
  for (const auto& m : history) bytes += 32 + m.content.size();
  head_.reserve(bytes);
  head_.append("{\"system\":");
  JsonWriter::appendString(head_, systemPrompt);
  head_.append(",\"messages\":[");
  for (const auto& m : history)
    if (m.role == "user" || m.role == "assistant") {
      appendMessage(head_, m.role, m.content);
      head_.push_back(',');
    }
  appendMessage(head_, "user", content);
  tail_.append("],\"tools\":[");
  for (size_t i = 0; i < tools.size(); ++i) {
    const auto& tool = tools[i];
    if (i) tail_.push_back(',');
    tail_.append("{\"name\":");
    JsonWriter::appendString(tail_, tool.name);
    tail_.append(",\"description\":");
    JsonWriter::appendString(tail_, tool.description);
    // Vendors require an object schema; a tool without one takes no parameters.
    tail_.append(",\"parameters\":");
    const auto schema = objectOr(tool.parametersSchemaJson, emptySchema());
    tail_.append(toText(*schema.extract<Poco::JSON::Object::Ptr>()));
    tail_.push_back('}');
  }
  tail_.append("]}");
}

void VendorRequest::addToolCalls(const std::string& text, const std::vector<ToolCall>& calls) {
  auto m = ordered();
  m->set("role", "assistant");
  m->set("content", text);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& call : calls) {
    auto c = ordered();
    c->set("id", call.id);
    c->set("name", call.name);
    c->set("arguments", objectOr(call.argumentsJson, ordered()));
    list->add(c);
  }
  m->set("toolCalls", list);
  head_.push_back(',');
  head_.append(toText(*m));
}

void VendorRequest::addToolResult(const ToolCall& call, const std::string& resultJson) {
  head_.append(",{\"role\":\"tool\",\"toolCallId\":");
  JsonWriter::appendString(head_, call.id);
  head_.append(",\"name\":");
  JsonWriter::appendString(head_, call.name);
  head_.append(",\"content\":");
  JsonWriter::appendString(head_, resultJson);
  head_.push_back('}');
}

std::string VendorRequest::json() const {
  std::string out;
  out.reserve(head_.size() + tail_.size());
  out.append(head_).append(tail_);
  return out;
}

}  // namespace vb
