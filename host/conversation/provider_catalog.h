// ProviderCatalog: what the conversation core needs to know about plugins —
// whether a vendor or a tool of a name exists (to validate agents) and how a
// tool describes itself to an LLM (to offer it in a vendor request). The app
// adapts the plugin registry to it; tests use a fixed list.
#pragma once

#include <optional>
#include <vector>
#include <string>

namespace vb {

// A tool as the vendor request offers it (vb_plugin.h, vendor request "tools").
struct ToolDefinition {
  std::string name;
  std::string description;
  std::string parametersSchemaJson;  // a JSON schema object; "" = no parameters
};

// Thread-safe: called from request threads concurrently.
class ProviderCatalog {
 public:
  virtual ~ProviderCatalog() = default;
  // A vendor plugin of that name is loaded or configured.
  virtual bool hasVendor(const std::string& name) const = 0;
  // A tool plugin of that name is loaded or configured.
  virtual bool hasTool(const std::string& name) const = 0;
  // A speech-to-text / text-to-speech plugin of that name is loaded or
  // configured (the voice channel's engines).
  virtual bool hasSttEngine(const std::string& name) const {
    (void)name;
    return false;
  }
  virtual bool hasTtsEngine(const std::string& name) const {
    (void)name;
    return false;
  }
  // How the named tools present themselves to an LLM, in the order given;
  // a tool that is not loaded is left out (the vendor is not offered it).
  // Called once per turn.
  virtual std::vector<ToolDefinition> toolDefinitions(const std::vector<std::string>& names) const = 0;
};

}  // namespace vb
