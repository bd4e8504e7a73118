// PluginRegistry: loads the plugins the config names, keeps each one's
// current generation, hot-swaps them when the config changes, and is the
// host's only way to call a plugin (VendorGateway for vendors, plus STT, TTS
// and tool calls).
//
// Config (the host's JSON file):
//   "pluginDir": "build/plugins",             // relative paths resolve here
//   "plugins": [ { "name": "vendorA", "path": "libvb_vendor_a.so",
//                  "settings": { "baseUrl": "${mock:vendorA}" },
//                  "enabled": true } ]          // optional, default true
// A string inside "settings" may contain ${key} placeholders, replaced from
// Options::substitutions (key "mock:vendorA" replaces "${mock:vendorA}").
//
// Hot swap: reload() (or the file watcher) re-reads the file. A plugin whose
// path or settings changed is loaded beside the running one; when that
// succeeds new calls go to the new generation, and the old one is listed as
// "draining" until its in-flight calls return, when it is destroyed and
// unloaded (on the thread that finished the last call). If the new library is
// refused, the old generation keeps serving and the status carries the error.
// Swap by pointing the config at a NEW file name: a library overwritten in
// place, or re-loaded from the same path, is not a new library to the loader.
//
// Thread-safety: every public member may be called concurrently from any
// thread. Calls never wait for a reload: loading happens outside the lock
// calls take, which is held only to pin a generation (a shared_ptr copy).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/result.h"
#include "pluginhost/cancel_token.h"
#include "pluginhost/http_client.h"
#include "pluginhost/plugin_status.h"
#include "pluginhost/vendor_gateway.h"

namespace vb {

class PluginInstance;

// Per-call parameters for the non-vendor plugin calls.
struct CallOptions {
  std::string requestId;
  std::string tenantId;                      // tools scope their data by it
  std::chrono::milliseconds timeout{30000};  // passed to the plugin as timeout_ms
  CancelToken* cancel = nullptr;             // optional; must outlive the call
};

// A tool as an LLM sees it (name is the config name).
struct ToolInfo {
  std::string name;
  std::string description;
  std::string parametersSchemaJson;  // JSON schema of the arguments object
  std::string version;
};

struct ToolResult {
  bool found = true;       // false: the plugin answered VB_NOT_FOUND ("no such record")
  std::string resultJson;  // the plugin's result object; when !found: {"error":"not_found","message":…}
  std::string summary;     // the result's "summary" string, for audit logs ("" if absent)
  std::string pluginVersion;
};

// What one reload() did, by config name.
struct ReloadSummary {
  std::vector<std::string> loaded;     // newly loaded or swapped to a new generation
  std::vector<std::string> unchanged;  // same path and settings: untouched
  std::vector<std::string> failed;     // refused (see list() for the reason)
  std::vector<std::string> removed;    // no longer in the config: retired
  std::string error;                   // the config file itself could not be read: nothing changed
};

class PluginRegistry final : public VendorGateway {
 public:
  struct Options {
    std::string configPath;                            // the JSON file above; re-read by reload()
    std::string pluginDir;                             // overrides the file's "pluginDir" when non-empty
    std::map<std::string, std::string> substitutions;  // placeholder key → value, e.g. "mock:vendorA" → URL
    HttpClient::Options http;                          // the HTTP client shared by all plugins
  };

  // Loads nothing yet: call reload() once to load, startWatching() to follow
  // the file.
  explicit PluginRegistry(Options options);
  // Stops the watcher. Generations still pinned by running calls stay alive
  // until those calls return.
  ~PluginRegistry() override;
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  // Re-reads the config file and applies it (see the header comment). Refused
  // plugins are logged and listed as "failed"; the others load regardless.
  // Reloads are serialised; calls keep flowing meanwhile.
  ReloadSummary reload();

  // Polls the config file (mtime, size, inode) every `interval` on a
  // background thread and calls reload() when it changed since the last
  // reload. Idempotent. stopWatching() joins the thread.
  void startWatching(std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  void stopWatching();

  // Per configured plugin (sorted by name): its current row ("loaded" or
  // "failed"), then a "draining" row per older generation still running
  // calls, newest first.
  std::vector<PluginStatus> list() const;

  // A plugin of that name is configured as that kind. A configured plugin
  // that never loaded (kind unknown) counts for every kind, so agents naming
  // it stay valid and their calls fail with its load error.
  bool hasVendor(const std::string& name) const override;
  bool hasTool(const std::string& name) const;
  bool hasPlugin(const std::string& name, vb_plugin_kind kind) const;
  // Every loaded tool plugin, sorted by name.
  std::vector<ToolInfo> tools() const;

  // One vendor attempt (VendorGateway). Errors: InvalidRequest for an unknown
  // name or a non-vendor plugin; Permanent when the plugin is not loaded or
  // its reply is not the documented JSON; otherwise the plugin's classified
  // error (Cancelled when request.cancel fired).
  Result<VendorReply, VendorError> chat(const std::string& provider, const ChatRequest& request,
                                        std::chrono::milliseconds timeout) override;
  // Speech to text: returns the plugin's JSON ({"transcript":…}).
  Result<std::string, VendorError> transcribe(const std::string& name, std::string_view wav,
                                              const std::string& optionsJson, const CallOptions& call);
  // Text to speech: returns the WAV bytes.
  Result<std::string, VendorError> synthesize(const std::string& name, std::string_view text,
                                              const std::string& optionsJson, const CallOptions& call);
  // Runs a tool. VB_NOT_FOUND from the plugin is a result (found = false), not an error.
  Result<ToolResult, VendorError> invokeTool(const std::string& name, const std::string& argumentsJson,
                                             const CallOptions& call);

  // The pooled HTTP client the plugins share (for metrics and tests).
  const std::shared_ptr<HttpClient>& httpClient() const noexcept { return http_; }

 private:
  struct PluginSpec {
    std::string name;
    std::string path;          // absolute
    std::string settingsJson;  // placeholders substituted
    std::string error;         // the entry itself is invalid
    bool operator==(const PluginSpec&) const = default;
  };
  struct Slot {
    PluginSpec spec;                          // what the current generation (or the failure) was made from
    std::shared_ptr<PluginInstance> current;  // null when it never loaded
    std::string error;                        // last load failure, "" if the last load worked
    int kind = 0;                             // vb_plugin_kind last loaded, 0 = unknown
  };
  struct FileStamp {
    int64_t mtimeNs = -1;
    int64_t size = -1;
    uint64_t inode = 0;
    bool operator==(const FileStamp&) const = default;
  };

  Result<std::vector<PluginSpec>, std::string> readConfig() const;
  FileStamp stampConfig() const;
  std::shared_ptr<PluginInstance> pin(const std::string& name, vb_plugin_kind kind, VendorError& error) const;
  void watchLoop(std::chrono::milliseconds interval);

  const Options options_;
  const std::shared_ptr<HttpClient> http_;

  mutable std::shared_mutex mutex_;
  std::map<std::string, Slot> slots_;                   // guarded by mutex_
  std::vector<std::weak_ptr<PluginInstance>> retired_;  // older generations; guarded by mutex_

  std::mutex reloadMutex_;       // serialises reload(); never held while mutex_ is wanted by calls for long
  FileStamp reloadedStamp_;      // the config file as the last reload() saw it; guarded by reloadMutex_
  uint64_t nextGeneration_ = 1;  // guarded by reloadMutex_

  std::mutex watcherControl_;  // serialises startWatching()/stopWatching(); guards watcher_
  std::thread watcher_;
  std::mutex watchMutex_;  // guards stopWatching_; the watcher waits on watchWake_ with it
  std::condition_variable watchWake_;
  bool stopWatching_ = false;
};

}  // namespace vb
