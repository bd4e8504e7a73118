// PluginRegistry: loads the plugins the config names (see plugin_config.h),
// keeps each one's current generation, hot-swaps them when the config
// changes, and is the host's only way to call a plugin (VendorGateway for
// vendors, plus STT, TTS and tool calls, all through one PluginCaller).
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
// A slot's kind is fixed: by the entry's "kind" when it has one, else by the
// slot's first successful load. A library of another kind is refused ("vendorA
// is a vendor slot; libvb_mock_tts.so is a tts plugin") — and while a
// generation serves, so is a change of the declared kind. Removing the entry
// (one reload) frees the name for another kind.
//
// Thread-safety: every public member may be called concurrently from any
// thread. Calls never wait for a reload: loading happens outside the lock
// calls take, which is held only to pin a generation (a shared_ptr copy).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "pluginhost/cancel_token.h"
#include "pluginhost/config_file_watcher.h"
#include "pluginhost/http_client.h"
#include "pluginhost/load_failure.h"
#include "pluginhost/plugin_caller.h"
#include "pluginhost/plugin_config.h"
#include "pluginhost/plugin_status.h"
#include "pluginhost/vendor_gateway.h"

namespace vb {

class PluginInstance;

// A tool as an LLM sees it (name is the config name).
struct ToolInfo {
  std::string name;
  std::string description;
  std::string parametersSchemaJson;  // JSON schema of the arguments object
  std::string version;
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
    std::string configPath;                            // the JSON file (plugin_config.h); re-read by reload()
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
  // whose kind is not known yet (never loaded, no "kind" in its entry) counts
  // for every kind, so agents naming it stay valid and their calls fail with
  // its load error.
  bool hasVendor(const std::string& name) const override;
  bool hasTool(const std::string& name) const;
  bool hasPlugin(const std::string& name, vb_plugin_kind kind) const;
  // A generation of that name and kind is loaded and takes calls now (for
  // readiness checks): false for unknown, failed and other-kind plugins.
  bool isServing(const std::string& name, vb_plugin_kind kind) const;
  // Every loaded tool plugin, sorted by name.
  std::vector<ToolInfo> tools() const;

  // The current generation of `name` if it is of `kind`. Errors:
  // InvalidRequest for an unknown name or another kind; Permanent when the
  // plugin is not loaded (the message carries its load error).
  PinnedPlugin pin(const std::string& name, vb_plugin_kind kind) const;

  // The calls, as PluginCaller documents them (VendorGateway::chat for vendors).
  Result<VendorReply, VendorError> chat(const std::string& provider, const ChatRequest& request,
                                        std::chrono::milliseconds timeout) override;
  Result<std::string, VendorError> transcribe(const std::string& name, std::string_view wav,
                                              const std::string& optionsJson, const CallOptions& call);
  Result<std::string, VendorError> synthesize(const std::string& name, std::string_view text,
                                              const std::string& optionsJson, const CallOptions& call);
  Result<ToolResult, VendorError> invokeTool(const std::string& name, const std::string& argumentsJson,
                                             const CallOptions& call);

  // The pooled HTTP client the plugins share (for metrics and tests).
  const std::shared_ptr<HttpClient>& httpClient() const noexcept { return http_; }

 private:
  struct Slot {
    PluginSpec spec;                          // what the current generation (or the failure) was made from
    std::shared_ptr<PluginInstance> current;  // null when it never loaded
    LoadFailure failure;                      // last load failure; empty if the last load worked
  };
  struct LoadPlan;

  // The slot's fixed kind: its current generation's, else its entry's "kind".
  static std::optional<vb_plugin_kind> kindOf(const Slot& slot);
  // What reload() must do per spec; takes mutex_ shared.
  std::vector<LoadPlan> planLoads(std::vector<PluginSpec> specs) const;
  // Loads and creates the plan's new generation, or says why not. Called
  // with reloadMutex_ held and mutex_ NOT held: loading may take long.
  Result<std::shared_ptr<PluginInstance>, std::string> loadGeneration(const LoadPlan& plan);
  // Installs one plan's outcome; `replaced` collects generations to release
  // after the lock. Called with mutex_ held exclusively.
  void apply(LoadPlan& plan, ReloadSummary& summary, std::vector<std::shared_ptr<PluginInstance>>& replaced);
  // Retires the slots no longer configured. Called with mutex_ held exclusively.
  void removeUnconfigured(const std::vector<LoadPlan>& plans, ReloadSummary& summary,
                          std::vector<std::shared_ptr<PluginInstance>>& replaced);

  const Options options_;
  const std::shared_ptr<HttpClient> http_;
  const PluginCaller caller_;

  mutable std::shared_mutex mutex_;
  std::map<std::string, Slot> slots_;                   // guarded by mutex_
  std::vector<std::weak_ptr<PluginInstance>> retired_;  // older generations; guarded by mutex_

  std::mutex reloadMutex_;       // serialises reload(); taken before mutex_, never while holding it
  uint64_t nextGeneration_ = 1;  // guarded by reloadMutex_

  // Last member: destroyed (and so stopped) first, while what reload() uses still lives.
  ConfigFileWatcher watcher_;
};

}  // namespace vb
