// PluginConfig: reads the "plugins" array of the host's config file into
// validated PluginSpecs — one per enabled entry — that the registry loads.
//
//   "pluginDir": "build/plugins",             // relative paths resolve here
//   "plugins": [ { "name": "vendorA", "path": "libvb_vendor_a.so",
//                  "kind": "vendor",            // optional: "vendor"|"stt"|"tts"|"tool"
//                  "settings": { "baseUrl": "${mock:vendorA}" },
//                  "enabled": true } ]          // optional, default true
//
// A string inside "settings" may contain ${key} placeholders, replaced from
// PluginConfigSource::substitutions (key "mock:vendorA" replaces
// "${mock:vendorA}"). An invalid entry does not fail the file: its spec
// carries the reason, so the registry can list that plugin as failed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "vocalbridge/vb_plugin.h"

namespace vb {

// What one config entry asks for.
struct PluginSpec {
  std::string name;                            // config name; "plugins[<i>]" when the entry has none
  std::string path;                            // absolute
  std::string settingsJson;                    // a JSON object, placeholders substituted
  std::optional<vb_plugin_kind> declaredKind;  // the entry's "kind", if it has one
  std::string error;                           // why the entry itself is invalid; "" when it is valid
  bool operator==(const PluginSpec&) const = default;
};

// Where the specs come from.
struct PluginConfigSource {
  std::string configPath;                            // the host's JSON config file
  std::string pluginDir;                             // overrides the file's "pluginDir" when non-empty
  std::map<std::string, std::string> substitutions;  // placeholder key → value
};

// Reads and validates the file. Errors: the file cannot be read or is not a
// JSON object (the message names the file). Entries with "enabled": false are
// skipped; of two entries with the same name the first wins (the second is
// logged). Thread-safe: reads only its arguments and the file.
Result<std::vector<PluginSpec>, std::string> readPluginConfig(const PluginConfigSource& source);

}  // namespace vb
