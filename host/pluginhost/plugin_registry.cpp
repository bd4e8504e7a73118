#include "pluginhost/plugin_registry.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "pluginhost/plugin_error.h"
#include "pluginhost/plugin_instance.h"

namespace vb {
namespace {

Poco::Logger& log() { return Poco::Logger::get("plugins"); }

std::string fileNameOf(const std::string& path) { return std::filesystem::path(path).filename().string(); }

PluginStatus describe(const PluginInstance& instance, const char* status) {
  PluginStatus row;
  const auto& library = instance.library();
  row.name = instance.configName();
  row.kind = kindName(library.kind());
  row.version = library.version();
  row.abiVersion = abiVersionText(library.abiVersion());
  row.status = status;
  row.path = library.path();
  row.loadedAt = instance.loadedAt();
  row.inFlight = instance.inFlight();
  row.generation = instance.generation();
  return row;
}

}  // namespace

// One configured entry on its way through reload().
struct PluginRegistry::LoadPlan {
  PluginSpec spec;
  bool unchanged = false;                    // same spec, loaded fine: nothing to do
  std::optional<vb_plugin_kind> kind;        // the kind the slot is fixed to, if known
  std::string kindConflict;                  // the entry declares another kind than the slot serves
  std::shared_ptr<PluginInstance> instance;  // set when (re)loaded
  std::string error;                         // set when refused
};

PluginRegistry::PluginRegistry(Options options)
    : options_(std::move(options)),
      http_(std::make_shared<HttpClient>(options_.http)),
      caller_([this](const std::string& name, vb_plugin_kind kind) { return pin(name, kind); }),
      watcher_(options_.configPath, [this] { reload(); }) {}

PluginRegistry::~PluginRegistry() { stopWatching(); }

void PluginRegistry::startWatching(std::chrono::milliseconds interval) { watcher_.start(interval); }
void PluginRegistry::stopWatching() { watcher_.stop(); }

std::optional<vb_plugin_kind> PluginRegistry::kindOf(const Slot& slot) {
  if (slot.current) return slot.current->library().kind();
  return slot.spec.declaredKind;
}

ReloadSummary PluginRegistry::reload() {
  std::lock_guard reloadLock(reloadMutex_);
  ReloadSummary summary;
  watcher_.markRead();
  auto specs = readPluginConfig({options_.configPath, options_.pluginDir, options_.substitutions});
  if (!specs) {
    summary.error = specs.error();
    log().error("plugins: config not applied: %s", summary.error);
    return summary;
  }

  // Load outside the lock: calls keep using the current generations.
  std::vector<LoadPlan> plans = planLoads(std::move(specs.value()));
  for (auto& plan : plans) {
    if (plan.unchanged) continue;
    auto instance = loadGeneration(plan);
    if (instance)
      plan.instance = std::move(instance.value());
    else
      plan.error = std::move(instance.error());
  }

  // Generations replaced here are released after the lock is dropped, so a
  // destroy()+unload never runs while calls wait for mutex_.
  std::vector<std::shared_ptr<PluginInstance>> replaced;
  {
    std::unique_lock lock(mutex_);
    std::erase_if(retired_, [](const auto& weak) { return weak.expired(); });
    for (auto& plan : plans) apply(plan, summary, replaced);
    removeUnconfigured(plans, summary, replaced);
  }
  for (const auto& old : replaced) {
    if (old.use_count() > 1)
      log().information("plugin %s generation %s draining %s in-flight call(s)", old->configName(),
                        std::to_string(old->generation()), std::to_string(old->inFlight()));
  }
  return summary;
}

std::vector<PluginRegistry::LoadPlan> PluginRegistry::planLoads(std::vector<PluginSpec> specs) const {
  std::vector<LoadPlan> plans;
  std::shared_lock lock(mutex_);
  for (auto& spec : specs) {
    LoadPlan plan;
    plan.kind = spec.declaredKind;
    if (const auto it = slots_.find(spec.name); it != slots_.end()) {
      const Slot& slot = it->second;
      plan.unchanged = slot.spec == spec && slot.current && slot.failure.empty();
      if (slot.current) {
        plan.kind = kindOf(slot);
        if (spec.declaredKind && spec.declaredKind != plan.kind)
          plan.kindConflict = spec.name + " is a " + kindName(*plan.kind) +
                              " slot; its entry now declares kind " + kindName(*spec.declaredKind);
      }
    }
    plan.spec = std::move(spec);
    plans.push_back(std::move(plan));
  }
  return plans;
}

Result<std::shared_ptr<PluginInstance>, std::string> PluginRegistry::loadGeneration(const LoadPlan& plan) {
  const PluginSpec& spec = plan.spec;
  if (!spec.error.empty()) return unexpected(spec.error);
  if (!plan.kindConflict.empty()) return unexpected(plan.kindConflict);
  auto library = PluginLibrary::load(spec.path);
  if (!library) return unexpected(std::move(library.error()));
  const vb_plugin_kind kind = library.value()->kind();
  // Checked before create(): a library of the wrong kind never runs.
  if (plan.kind && kind != *plan.kind)
    return unexpected(spec.name + " is a " + kindName(*plan.kind) + " slot; " + fileNameOf(spec.path) +
                      " is a " + kindName(kind) + " plugin");
  auto instance = PluginInstance::create(std::move(library.value()), spec.name, spec.settingsJson, http_,
                                         nextGeneration_);
  if (!instance) return unexpected(std::move(instance.error()));
  ++nextGeneration_;
  return std::move(instance.value());
}

void PluginRegistry::apply(LoadPlan& plan, ReloadSummary& summary,
                           std::vector<std::shared_ptr<PluginInstance>>& replaced) {
  const std::string& name = plan.spec.name;
  Slot& slot = slots_[name];
  if (plan.unchanged) {
    summary.unchanged.push_back(name);
    return;
  }
  if (plan.instance) {
    if (slot.current) {
      retired_.push_back(slot.current);
      replaced.push_back(std::move(slot.current));
    }
    slot.current = std::move(plan.instance);
    slot.spec = plan.spec;
    slot.failure = {};
    summary.loaded.push_back(name);
    const auto& library = slot.current->library();
    log().information("plugin %s loaded: %s (%s %s, ABI %s, generation %s)", name, plan.spec.path,
                      std::string(kindName(library.kind())), library.version(),
                      abiVersionText(library.abiVersion()), std::to_string(slot.current->generation()));
    return;
  }
  summary.failed.push_back(name);
  const LoadFailure failure = LoadFailure::of(plan.error, plan.spec.path);
  if (slot.current) {
    // Keep serving the generation that works; the next reload retries.
    slot.failure = LoadFailure::refusedReload(plan.spec.path, failure, slot.current->generation());
  } else {
    slot.spec = plan.spec;
    slot.failure = failure;
  }
  log().error("plugin %s refused: %s: %s", name, plan.spec.path, plan.error);
}

void PluginRegistry::removeUnconfigured(const std::vector<LoadPlan>& plans, ReloadSummary& summary,
                                        std::vector<std::shared_ptr<PluginInstance>>& replaced) {
  for (auto it = slots_.begin(); it != slots_.end();) {
    const bool configured =
        std::any_of(plans.begin(), plans.end(), [&](const LoadPlan& p) { return p.spec.name == it->first; });
    if (configured) {
      ++it;
      continue;
    }
    summary.removed.push_back(it->first);
    log().information("plugin %s removed from the config", it->first);
    if (it->second.current) {
      retired_.push_back(it->second.current);
      replaced.push_back(std::move(it->second.current));
    }
    it = slots_.erase(it);
  }
}

std::vector<PluginStatus> PluginRegistry::list() const {
  std::vector<PluginStatus> rows;
  std::vector<std::shared_ptr<PluginInstance>> draining;  // released after the lock, like reload()
  {
    std::shared_lock lock(mutex_);
    for (const auto& [name, slot] : slots_) {
      PluginStatus row;
      if (slot.current) {
        row = describe(*slot.current, "loaded");  // error: a refused reload while this generation serves
      } else {
        const auto kind = kindOf(slot);
        row.name = name;
        row.kind = kind ? kindName(*kind) : "";
        row.status = "failed";
        row.path = slot.spec.path;
      }
      row.error = slot.failure.error;
      row.publicError = slot.failure.publicError;
      rows.push_back(std::move(row));
    }
    for (const auto& weak : retired_) {
      if (auto old = weak.lock()) draining.push_back(std::move(old));
    }
  }
  for (const auto& old : draining) rows.push_back(describe(*old, "draining"));
  // Per name: the current row first, then draining generations, newest first.
  std::stable_sort(rows.begin(), rows.end(), [](const PluginStatus& a, const PluginStatus& b) {
    const bool aDraining = a.status == "draining", bDraining = b.status == "draining";
    return std::tie(a.name, aDraining, b.generation) < std::tie(b.name, bDraining, a.generation);
  });
  return rows;
}

bool PluginRegistry::hasPlugin(const std::string& name, vb_plugin_kind kind) const {
  std::shared_lock lock(mutex_);
  const auto it = slots_.find(name);
  if (it == slots_.end()) return false;
  const auto slotKind = kindOf(it->second);
  return !slotKind || *slotKind == kind;
}

bool PluginRegistry::hasVendor(const std::string& name) const { return hasPlugin(name, VB_KIND_VENDOR); }
bool PluginRegistry::hasTool(const std::string& name) const { return hasPlugin(name, VB_KIND_TOOL); }

bool PluginRegistry::isServing(const std::string& name, vb_plugin_kind kind) const {
  std::shared_lock lock(mutex_);
  const auto it = slots_.find(name);
  return it != slots_.end() && it->second.current && it->second.current->library().kind() == kind;
}

std::vector<ToolInfo> PluginRegistry::tools() const {
  std::vector<ToolInfo> tools;
  std::shared_lock lock(mutex_);
  for (const auto& [name, slot] : slots_) {
    if (!slot.current || slot.current->library().kind() != VB_KIND_TOOL) continue;
    const auto& library = slot.current->library();
    tools.push_back(
        ToolInfo{name, library.toolDescription(), library.toolParametersSchema(), library.version()});
  }
  return tools;
}

PinnedPlugin PluginRegistry::pin(const std::string& name, vb_plugin_kind kind) const {
  std::shared_lock lock(mutex_);
  const auto it = slots_.find(name);
  if (it == slots_.end()) return unexpected(hostError(ErrorClass::InvalidRequest, "no plugin named " + name));
  const Slot& slot = it->second;
  if (!slot.current)
    return unexpected(
        hostError(ErrorClass::Permanent, "plugin " + name + " is not loaded: " + slot.failure.error));
  const vb_plugin_kind actual = slot.current->library().kind();
  if (actual != kind)
    return unexpected(hostError(ErrorClass::InvalidRequest, "plugin " + name + " is a " + kindName(actual) +
                                                                " plugin, not " + kindName(kind)));
  return slot.current;
}

Result<VendorReply, VendorError> PluginRegistry::chat(const std::string& provider, const ChatRequest& request,
                                                      std::chrono::milliseconds timeout) {
  return caller_.chat(provider, request, timeout);
}

Result<std::string, VendorError> PluginRegistry::transcribe(const std::string& name, std::string_view wav,
                                                            const std::string& optionsJson,
                                                            const CallOptions& call) {
  return caller_.transcribe(name, wav, optionsJson, call);
}

Result<std::string, VendorError> PluginRegistry::synthesize(const std::string& name, std::string_view text,
                                                            const std::string& optionsJson,
                                                            const CallOptions& call) {
  return caller_.synthesize(name, text, optionsJson, call);
}

Result<ToolResult, VendorError> PluginRegistry::invokeTool(const std::string& name,
                                                           const std::string& argumentsJson,
                                                           const CallOptions& call) {
  return caller_.invokeTool(name, argumentsJson, call);
}

}  // namespace vb
