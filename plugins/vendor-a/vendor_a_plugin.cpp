// vendorA adapter: maps the normalized chat request (vb_plugin.h) to vendorA's
// wire format and back.
//   POST {baseUrl}/v1/chat {system, messages:[{role,text,toolCall?,toolCallId?,name?}],
//                           tools?:[{name,description,parameters}]}
//   → {outputText, tokensIn, tokensOut, latencyMs} | {toolCall:{name,arguments}, tokensIn, tokensOut,
//   latencyMs}
#include <vbplugins/plugin_util.hpp>

namespace {

constexpr std::string_view kVendor = "vendorA";

struct Instance {
  vb::Host host;
  std::string url;
};

vbp::json toVendor(const vbp::json& req) {
  vbp::json out = vbp::json::object();
  out["system"] = vbp::str(req, "system");
  vbp::json messages = vbp::json::array();
  for (const auto& m : req["messages"]) {
    vbp::json vm = {{"role", m["role"]}, {"text", vbp::str(m, "content")}};
    // vendorA calls one tool per turn: an assistant tool-call turn travels as
    // its (possibly empty) text plus that call.
    if (m.contains("toolCalls") && m["toolCalls"].is_array() && !m["toolCalls"].empty())
      vm["toolCall"] = {{"name", vbp::str(m["toolCalls"][0], "name")},
                        {"arguments", m["toolCalls"][0].value("arguments", vbp::json::object())}};
    // A tool turn says whose result it carries.
    if (!vbp::str(m, "toolCallId").empty()) vm["toolCallId"] = vbp::str(m, "toolCallId");
    if (!vbp::str(m, "name").empty()) vm["name"] = vbp::str(m, "name");
    messages.push_back(std::move(vm));
  }
  out["messages"] = std::move(messages);
  if (req.contains("tools") && req["tools"].is_array() && !req["tools"].empty()) {
    vbp::json tools = vbp::json::array();
    for (const auto& t : req["tools"])
      tools.push_back({{"name", vbp::str(t, "name")},
                       {"description", vbp::str(t, "description")},
                       {"parameters", t.value("parameters", vbp::json::object())}});
    out["tools"] = std::move(tools);
  }
  if (req.contains("maxTokens") && req["maxTokens"].is_number_integer()) out["maxTokens"] = req["maxTokens"];
  return out;
}

// vendorA has no tool-call ids: the adapter makes one from the request id
// and the tool round (how many tool-call turns the request already holds),
// so every call of a turn's tool loop has its own id, and a retry of the
// same request gets the same one.
std::string toolCallId(const vbp::json& req, const vb_call_context* call) {
  const std::string requestId = call ? std::string(vb::view(call->request_id)) : std::string();
  size_t round = 0;
  for (const auto& m : req["messages"])
    if (m.contains("toolCalls") && m["toolCalls"].is_array() && !m["toolCalls"].empty()) ++round;
  return "call_" + (requestId.empty() ? std::string("a") : requestId) + "_" + std::to_string(round);
}

vbp::json fromVendor(const std::string& body, const std::string& callId) {
  const vbp::json a = vbp::parseAnswer(kVendor, body);
  vbp::json out = {{"text", ""}, {"toolCalls", vbp::json::array()}, {"httpStatus", 200}};
  const auto toolCall = a.find("toolCall");
  if (toolCall != a.end() && !toolCall->is_null()) {
    if (!toolCall->is_object() || !toolCall->contains("name") || !(*toolCall)["name"].is_string())
      vbp::badAnswer(kVendor, "toolCall needs a name");
    vbp::json args = toolCall->value("arguments", vbp::json::object());
    if (args.is_string()) args = vbp::json::parse(args.get<std::string>(), nullptr, false);
    if (!args.is_object()) vbp::badAnswer(kVendor, "toolCall.arguments must be an object");
    out["toolCalls"].push_back({{"id", callId}, {"name", (*toolCall)["name"]}, {"arguments", args}});
    if (a.contains("outputText") && a["outputText"].is_string()) out["text"] = a["outputText"];
  } else {
    const auto text = a.find("outputText");
    if (text == a.end() || !text->is_string()) vbp::badAnswer(kVendor, "missing outputText");
    out["text"] = *text;
  }
  out["tokensIn"] = vbp::requireInt(kVendor, a, "tokensIn");
  out["tokensOut"] = vbp::requireInt(kVendor, a, "tokensOut");
  if (a.contains("latencyMs") && a["latencyMs"].is_number())
    out["vendorLatencyMs"] = a["latencyMs"].get<long long>();
  return out;
}

vb_status create(const vb_host_api* host, vb_str settings_json, vb_instance** out, vb_error* error) {
  return vb::guard(error, [&] {
    const auto settings = vbp::parseInput(settings_json, "settings");
    auto* instance = new Instance{vb::Host(host), vbp::baseUrlSetting(settings, kVendor) + "/v1/chat"};
    *out = reinterpret_cast<vb_instance*>(instance);
  });
}

void destroy(vb_instance* instance) { delete reinterpret_cast<Instance*>(instance); }

vb_status chat(vb_instance* instance, const vb_call_context* call, vb_str request_json, vb_sink out,
               vb_error* error) {
  return vb::guard(error, [&] {
    auto& self = *reinterpret_cast<Instance*>(instance);
    const auto request = vbp::normalizedRequest(request_json);
    const auto response = vbp::postJson(self.host, kVendor, self.url, toVendor(request).dump(), call);
    vbp::checkHttpStatus(kVendor, response);
    vb::write(out, fromVendor(response.body, toolCallId(request, call)).dump());
  });
}

const vb_vendor_api kVendorApi = {sizeof(vb_vendor_api), chat};

const vb_plugin_descriptor kDescriptor = {
    VB_ABI_VERSION,
    sizeof(vb_plugin_descriptor),
    vb::str("vendorA"),
    VB_KIND_VENDOR,
    vb::str("1.0.0"),
    vb::str("Mock vendorA chat adapter (outputText/tokensIn/tokensOut wire format)"),
    create,
    destroy,
    &kVendorApi,
    nullptr,
    nullptr,
    nullptr};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
