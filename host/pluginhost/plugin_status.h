// What the registry reports about each configured plugin (GET /v1/plugins).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vb {

struct PluginStatus {
  std::string name;         // config name, e.g. "vendorA"
  std::string kind;         // "vendor" | "stt" | "tts" | "tool"
  std::string version;      // the plugin's own version string
  std::string abiVersion;   // "1.0"
  std::string status;       // "loaded" | "failed" | "draining"
  std::string error;        // why it failed, or why a reload was refused; in full: operators and logs only
  std::string publicError;  // the same without directories or loader internals: what tenants may see
  std::string path;         // library file (operator view only; never sent to tenants)
  std::chrono::system_clock::time_point loadedAt;
  int inFlight = 0;         // calls currently running in this library
  uint64_t generation = 0;  // increases with every load; 0 when nothing is loaded
};

}  // namespace vb
