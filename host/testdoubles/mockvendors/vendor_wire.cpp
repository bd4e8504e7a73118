#include "testdoubles/mockvendors/vendor_wire.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <stdexcept>

namespace vb {

uint64_t stableHash(std::string_view text, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string jsonText(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

namespace {

struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string stringField(const Poco::JSON::Object::Ptr& o, const std::string& key, bool optional) {
  if (!o->has(key) || o->isNull(key)) {
    if (optional) return {};
    throw BadRequest("missing string field '" + key + "'");
  }
  const auto v = o->get(key);
  if (!v.isString()) throw BadRequest("field '" + key + "' must be a string");
  return v.extract<std::string>();
}

// Tool-call arguments arrive as an object (vendorA) or as JSON text
// (vendorB); both become JSON text of an object.
std::string argumentsOf(const Poco::JSON::Object::Ptr& call, const std::string& where) {
  if (!call->has("arguments") || call->isNull("arguments")) return "{}";
  auto value = call->get("arguments");
  if (value.isString()) {
    try {
      value = Poco::JSON::Parser().parse(value.extract<std::string>());
    } catch (const Poco::Exception&) {
      throw BadRequest(where + ".arguments is not JSON");
    }
  }
  if (value.type() != typeid(Poco::JSON::Object::Ptr))
    throw BadRequest(where + ".arguments must be an object");
  return jsonText(value);
}

std::vector<WireToolCall> toolCallsOf(MockVendorKind kind, const Poco::JSON::Object::Ptr& m,
                                      const std::string& where) {
  std::vector<WireToolCall> calls;
  if (kind == MockVendorKind::VendorA) {
    if (!m->has("toolCall") || m->isNull("toolCall")) return calls;
    const auto call = m->getObject("toolCall");
    if (!call) throw BadRequest(where + ".toolCall must be an object");
    calls.push_back({"", stringField(call, "name", false), argumentsOf(call, where + ".toolCall")});
    return calls;
  }
  if (!m->has("tool_calls") || m->isNull("tool_calls")) return calls;
  const auto array = m->getArray("tool_calls");
  if (!array) throw BadRequest(where + ".tool_calls must be an array");
  for (size_t i = 0; i < array->size(); ++i) {
    const std::string at = where + ".tool_calls[" + std::to_string(i) + "]";
    const auto call = array->getObject(static_cast<unsigned>(i));
    const auto fn = call ? call->getObject("function") : nullptr;
    if (!fn) throw BadRequest(at + " needs a function object");
    calls.push_back(
        {stringField(call, "id", true), stringField(fn, "name", false), argumentsOf(fn, at + ".function")});
  }
  return calls;
}

WireRequest parse(MockVendorKind kind, const std::string& body) {
  Poco::Dynamic::Var root;
  try {
    root = Poco::JSON::Parser().parse(body);
  } catch (const Poco::Exception& e) {
    throw BadRequest("body is not JSON: " + e.displayText());
  }
  const auto obj =
      root.type() == typeid(Poco::JSON::Object::Ptr) ? root.extract<Poco::JSON::Object::Ptr>() : nullptr;
  if (!obj) throw BadRequest("body must be a JSON object");
  WireRequest r;
  r.system = stringField(obj, "system", true);
  if (kind == MockVendorKind::VendorB) r.model = stringField(obj, "model", true);
  const auto messages = obj->getArray("messages");
  if (!messages) throw BadRequest("'messages' must be an array");
  const std::string textKey = kind == MockVendorKind::VendorA ? "text" : "content";
  for (size_t i = 0; i < messages->size(); ++i) {
    const std::string where = "messages[" + std::to_string(i) + "]";
    const auto m = messages->getObject(static_cast<unsigned>(i));
    if (!m) throw BadRequest(where + " must be an object");
    WireMessage message;
    message.role = stringField(m, "role", false);
    message.text = stringField(m, textKey, true);  // an assistant turn that only called tools may have none
    message.toolCalls = toolCallsOf(kind, m, where);
    message.toolCallId =
        stringField(m, kind == MockVendorKind::VendorA ? "toolCallId" : "tool_call_id", true);
    message.toolName = stringField(m, "name", true);
    r.messages.push_back(std::move(message));
  }
  if (obj->has("tools") && !obj->isNull("tools")) {
    const auto tools = obj->getArray("tools");
    if (!tools) throw BadRequest("'tools' must be an array");
    for (size_t i = 0; i < tools->size(); ++i) {
      auto t = tools->getObject(static_cast<unsigned>(i));
      if (t && kind == MockVendorKind::VendorB) t = t->getObject("function");
      if (!t) throw BadRequest("tools[" + std::to_string(i) + "] is malformed");
      r.toolNames.push_back(stringField(t, "name", false));
    }
  }
  return r;
}

}  // namespace

Result<WireRequest, std::string> parseWireRequest(MockVendorKind kind, const std::string& body) {
  try {
    return parse(kind, body);
  } catch (const BadRequest& e) {
    return unexpected(std::string(e.what()));
  } catch (const Poco::Exception& e) {  // a wrongly typed nested value
    return unexpected(e.displayText());
  }
}

std::string renderWireAnswer(MockVendorKind kind, const WireRequest& request, const MockVendorReply& reply,
                             const WireAnswerFacts& facts) {
  Poco::JSON::Object out;
  if (kind == MockVendorKind::VendorA) {
    if (reply.isToolCall()) {
      Poco::JSON::Object::Ptr call = new Poco::JSON::Object;
      call->set("name", reply.toolName);
      call->set("arguments", Poco::JSON::Parser().parse(reply.toolArgumentsJson));
      out.set("toolCall", call);
    } else {
      out.set("outputText", reply.text);
    }
    out.set("tokensIn", facts.tokensIn);
    out.set("tokensOut", facts.tokensOut);
    out.set("latencyMs", facts.latencyMs);
    return jsonText(Poco::Dynamic::Var(out));
  }
  Poco::JSON::Object::Ptr message = new Poco::JSON::Object;
  message->set("role", "assistant");
  if (reply.isToolCall()) {
    message->set("content", Poco::Dynamic::Var());  // null, as real vendors do with tool calls
    Poco::JSON::Object::Ptr fn = new Poco::JSON::Object;
    fn->set("name", reply.toolName);
    fn->set("arguments", reply.toolArgumentsJson);  // a JSON string, as in vendorB's wire format
    Poco::JSON::Object::Ptr call = new Poco::JSON::Object;
    call->set("id", facts.toolCallId);
    call->set("type", "function");
    call->set("function", fn);
    Poco::JSON::Array::Ptr calls = new Poco::JSON::Array;
    calls->add(call);
    message->set("tool_calls", calls);
  } else {
    message->set("content", reply.text);
  }
  Poco::JSON::Object::Ptr choice = new Poco::JSON::Object;
  choice->set("index", 0);
  choice->set("message", message);
  choice->set("finish_reason", reply.isToolCall() ? "tool_calls" : "stop");
  Poco::JSON::Array::Ptr choices = new Poco::JSON::Array;
  choices->add(choice);
  Poco::JSON::Object::Ptr usage = new Poco::JSON::Object;
  usage->set("input_tokens", facts.tokensIn);
  usage->set("output_tokens", facts.tokensOut);
  out.set("model", request.model.empty() ? std::string("mock-b-1") : request.model);
  out.set("choices", choices);
  out.set("usage", usage);
  return jsonText(Poco::Dynamic::Var(out));
}

}  // namespace vb
