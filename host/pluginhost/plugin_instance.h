// PluginInstance: one generation of a configured plugin — a validated
// library, the HostServices handed to it, and the vb_instance its create()
// returned. The registry shares it with std::shared_ptr: every call pins the
// generation it started on, and the last owner to let go runs destroy() and
// unloads the library, so a generation is never unloaded mid-call.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "common/result.h"
#include "pluginhost/host_services.h"
#include "pluginhost/plugin_library.h"

namespace vb {

// Thread-safe: the plugin functions may be called concurrently through it
// (the ABI allows that); the counters are atomic; the rest is immutable.
class PluginInstance {
 public:
  // Calls the plugin's create() with `settingsJson` (a JSON object). On
  // failure returns "create failed: <the plugin's message>".
  static Result<std::shared_ptr<PluginInstance>, std::string> create(
      std::shared_ptr<const PluginLibrary> library, std::string configName, const std::string& settingsJson,
      std::shared_ptr<HttpClient> http, uint64_t generation);
  // Runs destroy(), then releases the host services, then (if last) unloads.
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  const PluginLibrary& library() const noexcept { return *library_; }
  vb_instance* handle() const noexcept { return instance_; }
  const std::string& configName() const noexcept { return configName_; }
  uint64_t generation() const noexcept { return generation_; }
  std::chrono::system_clock::time_point loadedAt() const noexcept { return loadedAt_; }
  int inFlight() const noexcept { return inFlight_.load(std::memory_order_relaxed); }

  // Counts a call as in flight for status reports while it lives.
  class CallScope {
   public:
    explicit CallScope(const PluginInstance& instance) : counter_(instance.inFlight_) {
      counter_.fetch_add(1, std::memory_order_relaxed);
    }
    ~CallScope() { counter_.fetch_sub(1, std::memory_order_relaxed); }
    CallScope(const CallScope&) = delete;
    CallScope& operator=(const CallScope&) = delete;

   private:
    std::atomic<int>& counter_;
  };

 private:
  PluginInstance() = default;

  // Declaration order is destruction order in reverse: the instance is
  // destroyed (explicitly) before its services, the services before the library.
  std::shared_ptr<const PluginLibrary> library_;
  std::unique_ptr<HostServices> services_;
  vb_instance* instance_ = nullptr;
  bool created_ = false;  // create() succeeded, so destroy() is owed
  std::string configName_;
  uint64_t generation_ = 0;
  std::chrono::system_clock::time_point loadedAt_;
  mutable std::atomic<int> inFlight_{0};
};

}  // namespace vb
