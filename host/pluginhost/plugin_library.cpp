#include "pluginhost/plugin_library.h"

#include <dlfcn.h>

#include <cstring>
#include <filesystem>

#include "pluginhost/abi_struct.h"

namespace vb {
namespace {

bool validName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A vb_str the plugin promises is a string: data may be NULL only when empty.
bool validStr(vb_str s, size_t maxLen) { return (s.data || s.len == 0) && s.len <= maxLen; }

// Reads one per-kind table: checks its size and copies it widened into `out`.
// `requiredEnd` is where the last required field ends.
template <typename Table>
std::string readTable(const Table* raw, const char* kind, size_t requiredEnd, Table& out, uint32_t& size) {
  if (!raw) return std::string("descriptor kind ") + kind + " has no " + kind + " table";
  uint32_t declared = 0;
  std::memcpy(&declared, raw, sizeof declared);  // struct_size is the first field of every table
  if (declared < requiredEnd)
    return std::string(kind) + " table struct_size " + std::to_string(declared) +
           " too small (need at least " + std::to_string(requiredEnd) + ")";
  if (declared > abi::kMaxStructSize)
    return std::string(kind) + " table struct_size " + std::to_string(declared) + " is implausible";
  size = abi::copyStruct(raw, declared, out);
  return {};
}

}  // namespace

const char* kindName(vb_plugin_kind kind) {
  switch (kind) {
    case VB_KIND_VENDOR:
      return "vendor";
    case VB_KIND_STT:
      return "stt";
    case VB_KIND_TTS:
      return "tts";
    case VB_KIND_TOOL:
      return "tool";
  }
  return "unknown";
}

std::optional<vb_plugin_kind> kindFromName(std::string_view name) {
  for (const vb_plugin_kind kind : {VB_KIND_VENDOR, VB_KIND_STT, VB_KIND_TTS, VB_KIND_TOOL})
    if (name == kindName(kind)) return kind;
  return std::nullopt;
}

std::string abiVersionText(uint32_t abiVersion) {
  return std::to_string(VB_ABI_MAJOR_OF(abiVersion)) + "." + std::to_string(abiVersion & 0xffffu);
}

PluginLibrary::~PluginLibrary() = default;

Result<std::shared_ptr<const PluginLibrary>, std::string> PluginLibrary::load(const std::string& path) {
  std::shared_ptr<PluginLibrary> library(new PluginLibrary());
  library->path_ = path;
  std::error_code exists;
  if (!std::filesystem::is_regular_file(path, exists)) return unexpected("no such file: " + path);

  std::error_code ec;
  ::dlerror();  // clear, so what we read below is this load's reason
  // rtld_now: an unresolved symbol refuses the plugin now, not mid-call.
  library->library_.load(path, ec, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (ec || !library->library_.is_loaded()) {
    const char* reason = ::dlerror();
    return unexpected(std::string(kCannotLoadLibrary) + (reason ? reason : ec.message()));
  }
  if (!library->library_.has(VB_PLUGIN_ENTRY_SYMBOL))
    return unexpected(std::string("missing entry symbol ") + VB_PLUGIN_ENTRY_SYMBOL);

  const vb_plugin_descriptor* raw = nullptr;
  try {
    auto& entry = library->library_.get<const vb_plugin_descriptor*(uint32_t)>(VB_PLUGIN_ENTRY_SYMBOL);
    raw = entry(VB_ABI_VERSION);
  } catch (const std::exception& e) {
    return unexpected(std::string("entry ") + VB_PLUGIN_ENTRY_SYMBOL + " failed: " + e.what());
  }
  if (!raw) return unexpected(std::string("entry ") + VB_PLUGIN_ENTRY_SYMBOL + " returned no descriptor");
  if (std::string reason = library->validate(raw); !reason.empty()) return unexpected(std::move(reason));
  return std::shared_ptr<const PluginLibrary>(std::move(library));
}

std::string PluginLibrary::validate(const vb_plugin_descriptor* raw) {
  uint32_t head[2];  // abi_version, struct_size: present in every descriptor ever built
  std::memcpy(head, raw, sizeof head);
  const uint32_t abiVersion = head[0];
  const uint32_t declared = head[1];
  if (VB_ABI_MAJOR_OF(abiVersion) != VB_ABI_VERSION_MAJOR)
    return "ABI major " + std::to_string(VB_ABI_MAJOR_OF(abiVersion)) + " not supported (host " +
           abiVersionText(VB_ABI_VERSION) + ")";
  // Everything up to destroy() is required of every plugin; the kind tables
  // that follow are checked per kind below.
  constexpr size_t kMinimum = VB_FIELD_END(vb_plugin_descriptor, destroy);
  if (declared < kMinimum)
    return "descriptor struct_size " + std::to_string(declared) + " too small (need at least " +
           std::to_string(kMinimum) + ")";
  if (declared > abi::kMaxStructSize)
    return "descriptor struct_size " + std::to_string(declared) + " is implausible";
  descriptorSize_ = abi::copyStruct(raw, declared, descriptor_);

  if (!validStr(descriptor_.name, 64) || descriptor_.name.len == 0) return "descriptor has an empty name";
  name_ = std::string(abi::view(descriptor_.name));
  if (!validName(name_))
    return "descriptor name \"" + name_ + "\" is not valid (allowed: [A-Za-z0-9_.-]{1,64})";
  if (!validStr(descriptor_.version, 256)) return "descriptor version is not a valid string";
  version_ = std::string(abi::view(descriptor_.version));
  if (!validStr(descriptor_.description, 4096)) return "descriptor description is not a valid string";
  description_ = std::string(abi::view(descriptor_.description));
  if (!descriptor_.create) return "descriptor has no create function";
  if (!descriptor_.destroy) return "descriptor has no destroy function";

  // The table slot for the kind must lie inside the plugin's descriptor.
  auto slotPresent = [&](size_t slotEnd) { return abi::covers(declared, slotEnd); };
  // Read the kind as a plain integer: a value outside the enum is a defect
  // to report, and loading it as vb_plugin_kind would be undefined behaviour.
  int32_t kind = 0;
  static_assert(sizeof(vb_plugin_kind) == sizeof(kind));
  std::memcpy(&kind, reinterpret_cast<const char*>(&descriptor_) + offsetof(vb_plugin_descriptor, kind),
              sizeof kind);
  std::string reason;
  switch (kind) {
    case VB_KIND_VENDOR:
      reason =
          readTable(slotPresent(VB_FIELD_END(vb_plugin_descriptor, vendor)) ? descriptor_.vendor : nullptr,
                    "vendor", VB_FIELD_END(vb_vendor_api, chat), vendor_, tableSize_);
      if (reason.empty() && !vendor_.chat) reason = "vendor table has no chat function";
      break;
    case VB_KIND_STT:
      reason = readTable(slotPresent(VB_FIELD_END(vb_plugin_descriptor, stt)) ? descriptor_.stt : nullptr,
                         "stt", VB_FIELD_END(vb_stt_api, transcribe), stt_, tableSize_);
      if (reason.empty() && !stt_.transcribe) reason = "stt table has no transcribe function";
      break;
    case VB_KIND_TTS:
      reason = readTable(slotPresent(VB_FIELD_END(vb_plugin_descriptor, tts)) ? descriptor_.tts : nullptr,
                         "tts", VB_FIELD_END(vb_tts_api, synthesize), tts_, tableSize_);
      if (reason.empty() && !tts_.synthesize) reason = "tts table has no synthesize function";
      break;
    case VB_KIND_TOOL:
      reason = readTable(slotPresent(VB_FIELD_END(vb_plugin_descriptor, tool)) ? descriptor_.tool : nullptr,
                         "tool", VB_FIELD_END(vb_tool_api, invoke), tool_, tableSize_);
      if (reason.empty() && !tool_.invoke) reason = "tool table has no invoke function";
      if (reason.empty() &&
          (!validStr(tool_.description, 1 << 16) || !validStr(tool_.parameters_schema, 1 << 20)))
        reason = "tool table description or parameters_schema is not a valid string";
      if (reason.empty()) {
        toolDescription_ = std::string(abi::view(tool_.description));
        toolParametersSchema_ = std::string(abi::view(tool_.parameters_schema));
        if (toolParametersSchema_.empty()) toolParametersSchema_ = R"({"type":"object"})";
      }
      break;
    default:
      return "descriptor kind " + std::to_string(kind) +
             " is not valid (expected vendor=1, stt=2, tts=3 or tool=4)";
  }
  return reason;
}

}  // namespace vb
