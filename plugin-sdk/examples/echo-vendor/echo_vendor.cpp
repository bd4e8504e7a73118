// echo-vendor: the smallest useful VocalBridge vendor plugin. It answers every
// chat with the last user message, prefixed by its "prefix" setting, and
// counts tokens as words. A real adapter would instead call its vendor with
// host.http(...) and translate the vendor's JSON (see docs/PLUGIN-SDK.md).
//
// Everything the host calls goes through vb::guard(), so no exception ever
// crosses the C ABI.
#include <string>
#include <string_view>
#include <vocalbridge/vb_plugin.hpp>

#ifndef ECHO_VENDOR_VERSION
#define ECHO_VENDOR_VERSION "0.0.0"
#endif

namespace {

// The plugin's per-instance state. The host creates one instance per load and
// may call chat() on it from many threads at once: it is immutable after
// create(), so no locking is needed.
struct EchoVendor {
  vb::Host host;
  std::string prefix;
};

// Reads a JSON string starting at text[at] == '"'; returns it unescaped
// (\uXXXX escapes are kept as written — enough for an example).
std::string readJsonString(std::string_view text, size_t at) {
  std::string out;
  for (size_t i = at + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') return out;
    if (c != '\\' || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    const char e = text[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u':
        out += "\\u";
        break;
      default:
        out += e;  // \" \\ \/
    }
  }
  throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "unterminated string in request");
}

// The "content" of the last user message in the normalized request. A real
// plugin should use a JSON library; this keeps the example dependency-free.
std::string lastUserContent(std::string_view request) {
  const size_t user = request.rfind("\"user\"");
  if (user == std::string_view::npos) return {};
  const size_t key = request.find("\"content\"", user);
  if (key == std::string_view::npos) return {};
  const size_t value = request.find('"', request.find(':', key + 9));
  if (value == std::string_view::npos) return {};
  return readJsonString(request, value);
}

std::string jsonEscape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[(c >> 4) & 0xf];
          out += hex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out;
}

int countWords(std::string_view text) {
  int words = 0;
  bool inWord = false;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !inWord) ++words;
    inWord = !space;
  }
  return words;
}

vb_status echoCreate(const vb_host_api* host, vb_str settings_json, vb_instance** out_instance,
                     vb_error* error) {
  (void)settings_json;  // read individual settings through host->config_get instead
  return vb::guard(error, [&] {
    auto* self = new EchoVendor{vb::Host(host), {}};
    self->prefix = self->host.config("prefix", "echo: ");
    self->host.log(VB_LOG_INFO, "echo-vendor " ECHO_VENDOR_VERSION " ready");
    // vb_instance is opaque to the host: any pointer of ours will do.
    *out_instance = reinterpret_cast<vb_instance*>(self);
  });
}

void echoDestroy(vb_instance* instance) { delete reinterpret_cast<EchoVendor*>(instance); }

vb_status echoChat(vb_instance* instance, const vb_call_context* call, vb_str request_json, vb_sink out,
                   vb_error* error) {
  return vb::guard(error, [&] {
    const auto& self = *reinterpret_cast<const EchoVendor*>(instance);
    const std::string_view request = vb::view(request_json);
    if (request.empty() || request.front() != '{')
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "request is not a JSON object");
    if (call && call->cancel && self.host.api()->is_cancelled(self.host.api()->host_ctx, call->cancel))
      throw vb::Error(VB_CANCELLED, VB_ERROR_PERMANENT, "cancelled");
    const std::string text = self.prefix + lastUserContent(request);
    vb::write(out, "{\"text\":\"" + jsonEscape(text) +
                       "\",\"tokensIn\":" + std::to_string(countWords(lastUserContent(request))) +
                       ",\"tokensOut\":" + std::to_string(countWords(text)) +
                       ",\"toolCalls\":[],\"model\":\"echo\"}");
  });
}

// A vb_str for a string literal, usable in constant initialisation (the
// descriptor must be a constant: the host reads it before calling anything).
template <size_t N>
constexpr vb_str lit(const char (&text)[N]) {
  return vb_str{text, N - 1};
}

constexpr vb_vendor_api kVendorTable = {sizeof(vb_vendor_api), &echoChat};

constexpr vb_plugin_descriptor kDescriptor = {
    VB_ABI_VERSION,
    sizeof(vb_plugin_descriptor),
    lit("echo-vendor"),
    VB_KIND_VENDOR,
    lit(ECHO_VENDOR_VERSION),
    lit("Echoes the last user message (SDK example)"),
    &echoCreate,
    &echoDestroy,
    &kVendorTable,
    nullptr,
    nullptr,
    nullptr,
};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
