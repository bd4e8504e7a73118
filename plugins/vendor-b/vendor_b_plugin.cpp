// vendorB adapter: maps the normalized chat request (vb_plugin.h) to vendorB's
// OpenAI-like wire format and back.
//   POST {baseUrl}/v1/messages {model, system, messages:[{role,content,tool_calls?,tool_call_id?,name?}],
//                               tools?:[{type:"function", function:{name,description,parameters}}]}
//   → {choices:[{message:{content, tool_calls?:[{id,type,function:{name,arguments:"<json>"}}]}}],
//      usage:{input_tokens, output_tokens}}
// vendorB reports no latency, so the adapter measures the round trip itself.
#include <vbplugins/plugin_util.hpp>

namespace {

constexpr std::string_view kVendor = "vendorB";

struct Instance {
  vb::Host host;
  std::string url;
  std::string model;
};

vbp::json toVendor(const vbp::json& req, const std::string& model) {
  vbp::json out = {{"model", model}, {"system", vbp::str(req, "system")}};
  vbp::json messages = vbp::json::array();
  for (const auto& m : req["messages"]) {
    vbp::json vm = {{"role", m["role"]}, {"content", vbp::str(m, "content")}};
    if (m.contains("toolCallId") && m["toolCallId"].is_string()) vm["tool_call_id"] = m["toolCallId"];
    if (!vbp::str(m, "name").empty()) vm["name"] = vbp::str(m, "name");  // the tool whose result this is
    if (m.contains("toolCalls") && m["toolCalls"].is_array() && !m["toolCalls"].empty()) {
      vbp::json calls = vbp::json::array();
      for (const auto& c : m["toolCalls"])
        calls.push_back({{"id", vbp::str(c, "id")},
                         {"type", "function"},
                         {"function",
                          {{"name", vbp::str(c, "name")},
                           {"arguments", c.value("arguments", vbp::json::object()).dump()}}}});
      vm["tool_calls"] = std::move(calls);
    }
    messages.push_back(std::move(vm));
  }
  out["messages"] = std::move(messages);
  if (req.contains("tools") && req["tools"].is_array() && !req["tools"].empty()) {
    vbp::json tools = vbp::json::array();
    for (const auto& t : req["tools"])
      tools.push_back({{"type", "function"},
                       {"function",
                        {{"name", vbp::str(t, "name")},
                         {"description", vbp::str(t, "description")},
                         {"parameters", t.value("parameters", vbp::json::object())}}}});
    out["tools"] = std::move(tools);
  }
  if (req.contains("maxTokens") && req["maxTokens"].is_number_integer()) out["max_tokens"] = req["maxTokens"];
  return out;
}

vbp::json fromVendor(const std::string& body) {
  const vbp::json b = vbp::parseAnswer(kVendor, body);
  const auto choices = b.find("choices");
  if (choices == b.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object())
    vbp::badAnswer(kVendor, "missing choices[0]");
  const auto message = (*choices)[0].find("message");
  if (message == (*choices)[0].end() || !message->is_object())
    vbp::badAnswer(kVendor, "missing choices[0].message");
  vbp::json out = {{"text", ""}, {"toolCalls", vbp::json::array()}, {"httpStatus", 200}};
  const auto content = message->find("content");
  const bool hasText = content != message->end() && content->is_string();
  if (hasText) out["text"] = *content;
  const auto calls = message->find("tool_calls");
  const bool hasCalls = calls != message->end() && calls->is_array() && !calls->empty();
  if (!hasText && !hasCalls) vbp::badAnswer(kVendor, "message has neither content nor tool_calls");
  if (hasCalls) {
    for (const auto& c : *calls) {
      const auto fn = c.is_object() ? c.find("function") : c.end();
      if (!c.is_object() || fn == c.end() || !fn->is_object() || vbp::str(*fn, "name").empty())
        vbp::badAnswer(kVendor, "tool call needs function.name");
      vbp::json args = vbp::json::object();
      if (fn->contains("arguments")) {
        const auto& raw = (*fn)["arguments"];
        args = raw.is_string() ? vbp::json::parse(raw.get<std::string>(), nullptr, false) : raw;
        if (!args.is_object()) vbp::badAnswer(kVendor, "tool call arguments are not a JSON object");
      }
      out["toolCalls"].push_back({{"id", vbp::str(c, "id")}, {"name", (*fn)["name"]}, {"arguments", args}});
    }
  }
  const auto usage = b.find("usage");
  if (usage == b.end() || !usage->is_object()) vbp::badAnswer(kVendor, "missing usage");
  out["tokensIn"] = vbp::requireInt(kVendor, *usage, "input_tokens");
  out["tokensOut"] = vbp::requireInt(kVendor, *usage, "output_tokens");
  if (b.contains("model") && b["model"].is_string()) out["model"] = b["model"];
  return out;
}

vb_status create(const vb_host_api* host, vb_str settings_json, vb_instance** out, vb_error* error) {
  return vb::guard(error, [&] {
    const auto settings = vbp::parseInput(settings_json, "settings");
    auto* instance = new Instance{vb::Host(host), vbp::baseUrlSetting(settings, kVendor) + "/v1/messages",
                                  vbp::stringSetting(settings, "model", "mock-b-1")};
    *out = reinterpret_cast<vb_instance*>(instance);
  });
}

void destroy(vb_instance* instance) { delete reinterpret_cast<Instance*>(instance); }

vb_status chat(vb_instance* instance, const vb_call_context* call, vb_str request_json, vb_sink out,
               vb_error* error) {
  return vb::guard(error, [&] {
    auto& self = *reinterpret_cast<Instance*>(instance);
    const std::string body = toVendor(vbp::normalizedRequest(request_json), self.model).dump();
    const int64_t started = vbp::nowNs(self.host);
    const auto response = vbp::postJson(self.host, kVendor, self.url, body, call);
    const long long latency = vbp::elapsedMs(self.host, started);
    vbp::checkHttpStatus(kVendor, response);
    auto reply = fromVendor(response.body);
    reply["vendorLatencyMs"] = latency;
    vb::write(out, reply.dump());
  });
}

const vb_vendor_api kVendorApi = {sizeof(vb_vendor_api), chat};

const vb_plugin_descriptor kDescriptor = {
    VB_ABI_VERSION,
    sizeof(vb_plugin_descriptor),
    vb::str("vendorB"),
    VB_KIND_VENDOR,
    vb::str("1.0.0"),
    vb::str("Mock vendorB chat adapter (choices/usage wire format, 429 with retryAfterMs)"),
    create,
    destroy,
    &kVendorApi,
    nullptr,
    nullptr,
    nullptr};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
