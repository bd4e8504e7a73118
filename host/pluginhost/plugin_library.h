// PluginLibrary: one plugin shared library, loaded with Boost.DLL and
// validated against the ABI (vb_plugin.h) — entry symbol, ABI major,
// descriptor size and fields, the per-kind table. Holding it keeps the
// library mapped; the last owner unloads it. It creates no instance: see
// PluginInstance.
#pragma once

#include <boost/dll/shared_library.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "vocalbridge/vb_plugin.h"

namespace vb {

// "vendor" | "stt" | "tts" | "tool" | "unknown".
const char* kindName(vb_plugin_kind kind);
// The kind kindName() names; std::nullopt for any other text.
std::optional<vb_plugin_kind> kindFromName(std::string_view name);
// "major.minor" of a packed VB_ABI_VERSION value, e.g. "1.0".
std::string abiVersionText(uint32_t abiVersion);

// How load() begins the reason when the dynamic loader itself refused the
// file; the rest is the loader's own message (dlerror()).
inline constexpr std::string_view kCannotLoadLibrary = "cannot load library: ";

// Immutable after load(); safe to share across threads.
class PluginLibrary {
 public:
  // Loads and validates `path`. On refusal returns one specific, human
  // readable reason, e.g. "missing entry symbol vb_plugin_entry",
  // "ABI major 2 not supported (host 1.0)", "descriptor kind vendor has no
  // vendor table". The library is unloaded again when refused.
  static Result<std::shared_ptr<const PluginLibrary>, std::string> load(const std::string& path);

  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;
  ~PluginLibrary();

  const std::string& path() const noexcept { return path_; }
  const std::string& name() const noexcept { return name_; }
  vb_plugin_kind kind() const noexcept { return descriptor_.kind; }
  const std::string& version() const noexcept { return version_; }
  const std::string& description() const noexcept { return description_; }
  uint32_t abiVersion() const noexcept {
    return descriptor_.abi_version;
  }                                                                     // what the plugin was built against
  uint32_t descriptorSize() const noexcept { return descriptorSize_; }  // its declared struct_size
  uint32_t tableSize() const noexcept { return tableSize_; }            // declared size of its kind table

  // The descriptor and kind table widened to this host's struct sizes
  // (fields the plugin predates read as 0/NULL). Only the table matching
  // kind() is non-null.
  const vb_plugin_descriptor& descriptor() const noexcept { return descriptor_; }
  const vb_vendor_api* vendor() const noexcept { return kind() == VB_KIND_VENDOR ? &vendor_ : nullptr; }
  const vb_stt_api* stt() const noexcept { return kind() == VB_KIND_STT ? &stt_ : nullptr; }
  const vb_tts_api* tts() const noexcept { return kind() == VB_KIND_TTS ? &tts_ : nullptr; }
  const vb_tool_api* tool() const noexcept { return kind() == VB_KIND_TOOL ? &tool_ : nullptr; }
  // For tools: copies of the table's static strings.
  const std::string& toolDescription() const noexcept { return toolDescription_; }
  const std::string& toolParametersSchema() const noexcept { return toolParametersSchema_; }

 private:
  PluginLibrary() = default;
  std::string validate(const vb_plugin_descriptor* raw);  // "" when acceptable

  boost::dll::shared_library library_;
  std::string path_;
  std::string name_, version_, description_;
  std::string toolDescription_, toolParametersSchema_;
  uint32_t descriptorSize_ = 0;
  uint32_t tableSize_ = 0;
  vb_plugin_descriptor descriptor_{};
  vb_vendor_api vendor_{};
  vb_stt_api stt_{};
  vb_tts_api tts_{};
  vb_tool_api tool_{};
};

}  // namespace vb
