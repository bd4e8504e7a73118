// ProviderCatalog: what the conversation core needs to know about plugins to
// validate agents — whether a vendor or a tool of a name exists. The app
// adapts the plugin registry to it; tests use a fixed list.
#pragma once

#include <string>

namespace vb {

// Thread-safe: called from request threads concurrently.
class ProviderCatalog {
 public:
  virtual ~ProviderCatalog() = default;
  // A vendor plugin of that name is loaded or configured.
  virtual bool hasVendor(const std::string& name) const = 0;
  // A tool plugin of that name is loaded or configured.
  virtual bool hasTool(const std::string& name) const = 0;
};

}  // namespace vb
