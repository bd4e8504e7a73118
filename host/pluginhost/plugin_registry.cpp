#include "pluginhost/plugin_registry.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "pluginhost/abi_struct.h"
#include "pluginhost/plugin_instance.h"

namespace vb {
namespace {

Poco::Logger& log() { return Poco::Logger::get("plugins"); }

// Output limits per call: a plugin cannot make the host buffer without bound.
constexpr size_t kMaxJsonOutput = 16u << 20;
constexpr size_t kMaxAudioOutput = 256u << 20;

// A vb_sink into a std::string with a size limit.
struct OutputBuffer {
  std::string data;
  size_t limit;
  explicit OutputBuffer(size_t limit) : limit(limit) {}
  vb_sink sink() { return vb_sink{this, &OutputBuffer::write}; }
  static int write(void* ctx, const char* bytes, size_t len) {
    auto* self = static_cast<OutputBuffer*>(ctx);
    if (len > self->limit - self->data.size()) return 1;
    self->data.append(bytes, len);
    return 0;
  }
};

// Keeps the plugin's strings alive and builds the ABI view of one call.
struct CallContext {
  std::string requestId, tenantId;
  vb_call_context abi{};
  CallContext(std::string request, std::string tenant, std::chrono::milliseconds timeout, CancelToken* cancel)
      : requestId(std::move(request)), tenantId(std::move(tenant)) {
    abi.struct_size = sizeof(vb_call_context);
    abi.request_id = abi::str(requestId);
    abi.tenant_id = abi::str(tenantId);
    const auto ms = std::clamp<int64_t>(timeout.count(), 0, std::numeric_limits<uint32_t>::max());
    abi.timeout_ms = static_cast<uint32_t>(ms);
    abi.cancel = cancel ? cancel->abi() : nullptr;
  }
};

ErrorClass classify(vb_status status, vb_error_class errorClass) {
  if (status == VB_CANCELLED) return ErrorClass::Cancelled;
  switch (errorClass) {
    case VB_ERROR_TRANSIENT:
      return ErrorClass::Transient;
    case VB_ERROR_RATE_LIMITED:
      return ErrorClass::RateLimited;
    case VB_ERROR_TIMEOUT:
      return ErrorClass::Timeout;
    case VB_ERROR_INVALID_REQUEST:
      return ErrorClass::InvalidRequest;
    case VB_ERROR_AUTH:
      return ErrorClass::Auth;
    case VB_ERROR_PERMANENT:
      return ErrorClass::Permanent;
    case VB_ERROR_NONE:
      break;
  }
  // The plugin did not classify: infer from the status, as the ABI documents it.
  switch (status) {
    case VB_UNAVAILABLE:
      return ErrorClass::Transient;
    case VB_DEADLINE_EXCEEDED:
      return ErrorClass::Timeout;
    case VB_RESOURCE_EXHAUSTED:
      return ErrorClass::RateLimited;
    case VB_INVALID_ARGUMENT:
    case VB_NOT_FOUND:
    case VB_UNIMPLEMENTED:
      return ErrorClass::InvalidRequest;
    case VB_PERMISSION_DENIED:
      return ErrorClass::Auth;
    default:
      return ErrorClass::Permanent;
  }
}

VendorError pluginError(const std::string& name, vb_status status, vb_error& error) {
  error.message[VB_ERROR_MESSAGE_CAPACITY - 1] = '\0';
  VendorError out;
  out.errorClass = classify(status, error.error_class);
  out.httpStatus = error.http_status;
  out.retryAfterMs = error.retry_after_ms;
  out.message =
      name + ": " + (error.message[0] ? error.message : "failed with status " + std::to_string(status));
  return out;
}

VendorError hostError(ErrorClass errorClass, std::string message) {
  VendorError error;
  error.errorClass = errorClass;
  error.message = std::move(message);
  return error;
}

std::string toJson(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

// Replaces ${key} placeholders in every string inside `value`.
Poco::Dynamic::Var substitute(const Poco::Dynamic::Var& value,
                              const std::map<std::string, std::string>& subs) {
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    for (const auto& [key, inner] : *value.extract<Poco::JSON::Object::Ptr>())
      out->set(key, substitute(inner, subs));
    return out;
  }
  if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto& inner : *value.extract<Poco::JSON::Array::Ptr>()) out->add(substitute(inner, subs));
    return out;
  }
  if (!value.isString()) return value;
  std::string text = value.extract<std::string>();
  for (const auto& [key, replacement] : subs) {
    const std::string placeholder = "${" + key + "}";
    for (size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + replacement.size()))
      text.replace(at, placeholder.size(), replacement);
  }
  return text;
}

Result<VendorReply, VendorError> parseVendorReply(const std::string& name, const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(json);
    if (root.type() != typeid(Poco::JSON::Object::Ptr)) throw Poco::DataFormatException("not a JSON object");
    const auto object = root.extract<Poco::JSON::Object::Ptr>();
    VendorReply reply;
    reply.text = object->optValue<std::string>("text", "");
    reply.tokensIn = object->optValue<Poco::Int64>("tokensIn", 0);
    reply.tokensOut = object->optValue<Poco::Int64>("tokensOut", 0);
    reply.vendorLatencyMs = object->optValue<Poco::Int64>("vendorLatencyMs", 0);
    reply.httpStatus = object->optValue<int>("httpStatus", 200);
    if (const auto calls = object->getArray("toolCalls")) {
      for (size_t i = 0; i < calls->size(); ++i) {
        const auto call = calls->getObject(static_cast<unsigned>(i));
        if (!call) throw Poco::DataFormatException("toolCalls[" + std::to_string(i) + "] is not an object");
        ToolCall toolCall;
        toolCall.id = call->optValue<std::string>("id", "");
        toolCall.name = call->optValue<std::string>("name", "");
        const auto arguments = call->get("arguments");
        toolCall.argumentsJson = arguments.isEmpty()    ? "{}"
                                 : arguments.isString() ? arguments.extract<std::string>()
                                                        : toJson(arguments);
        if (toolCall.name.empty()) throw Poco::DataFormatException("a tool call has no name");
        reply.toolCalls.push_back(std::move(toolCall));
      }
    }
    return reply;
  } catch (const Poco::Exception& e) {
    return unexpected(hostError(ErrorClass::Permanent, name + ": malformed reply JSON: " + e.displayText()));
  }
}

std::string summaryOf(const std::string& resultJson) {
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(resultJson);
    if (root.type() == typeid(Poco::JSON::Object::Ptr))
      return root.extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("summary", "");
  } catch (const Poco::Exception&) {
  }
  return {};
}

}  // namespace

PluginRegistry::PluginRegistry(Options options)
    : options_(std::move(options)), http_(std::make_shared<HttpClient>(options_.http)) {}

PluginRegistry::~PluginRegistry() { stopWatching(); }

PluginRegistry::FileStamp PluginRegistry::stampConfig() const {
  struct stat info {};
  if (::stat(options_.configPath.c_str(), &info) != 0) return {};
  FileStamp stamp;
  stamp.mtimeNs = static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
  stamp.size = static_cast<int64_t>(info.st_size);
  stamp.inode = static_cast<uint64_t>(info.st_ino);
  return stamp;
}

Result<std::vector<PluginRegistry::PluginSpec>, std::string> PluginRegistry::readConfig() const {
  std::ifstream file(options_.configPath);
  if (!file) return unexpected("cannot read config file " + options_.configPath);
  std::stringstream text;
  text << file.rdbuf();
  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(text.str());
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
      return unexpected(options_.configPath + ": not a JSON object");
    root = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return unexpected(options_.configPath + ": invalid JSON: " + e.displayText());
  }
  namespace fs = std::filesystem;
  const fs::path pluginDir = fs::absolute(
      options_.pluginDir.empty() ? root->optValue<std::string>("pluginDir", ".") : options_.pluginDir);

  std::vector<PluginSpec> specs;
  const auto plugins = root->getArray("plugins");
  if (!plugins) return specs;
  for (size_t i = 0; i < plugins->size(); ++i) {
    PluginSpec spec;
    const auto entry = plugins->getObject(static_cast<unsigned>(i));
    const std::string where = "plugins[" + std::to_string(i) + "]";
    if (!entry) {
      spec.name = where;
      spec.error = "config entry is not an object";
      specs.push_back(std::move(spec));
      continue;
    }
    if (!entry->optValue<bool>("enabled", true)) continue;
    spec.name = entry->optValue<std::string>("name", "");
    if (spec.name.empty()) {
      spec.name = where;
      spec.error = "config entry has no name";
    }
    if (std::any_of(specs.begin(), specs.end(), [&](const PluginSpec& s) { return s.name == spec.name; })) {
      log().error("plugin %s: duplicate name in %s; the first entry wins", spec.name, options_.configPath);
      continue;
    }
    const std::string path = entry->optValue<std::string>("path", "");
    if (path.empty() && spec.error.empty()) spec.error = "config entry has no path";
    if (!path.empty())
      spec.path = fs::path(path).is_absolute() ? path : (pluginDir / path).lexically_normal().string();
    if (entry->has("settings")) {
      const auto settings = entry->get("settings");
      if (settings.type() != typeid(Poco::JSON::Object::Ptr)) {
        if (spec.error.empty()) spec.error = "\"settings\" is not an object";
      } else {
        spec.settingsJson = toJson(substitute(settings, options_.substitutions));
      }
    }
    if (spec.settingsJson.empty()) spec.settingsJson = "{}";
    if (spec.settingsJson.find("${") != std::string::npos)
      log().warning("plugin %s: settings still contain an unresolved ${...} placeholder", spec.name);
    specs.push_back(std::move(spec));
  }
  return specs;
}

ReloadSummary PluginRegistry::reload() {
  std::lock_guard reloadLock(reloadMutex_);
  ReloadSummary summary;
  reloadedStamp_ = stampConfig();  // before reading: a write racing the read triggers another reload
  auto specs = readConfig();
  if (!specs) {
    summary.error = specs.error();
    log().error("plugins: config not applied: %s", summary.error);
    return summary;
  }

  struct Outcome {
    PluginSpec spec;
    std::shared_ptr<PluginInstance> instance;  // set when (re)loaded
    std::string error;                         // set when refused
    bool unchanged = false;
  };
  std::vector<Outcome> outcomes;
  {
    std::vector<std::pair<PluginSpec, bool>> plan;  // spec, whether it must load
    {
      std::shared_lock lock(mutex_);
      for (auto& spec : *specs) {
        const auto it = slots_.find(spec.name);
        const bool same =
            it != slots_.end() && it->second.spec == spec && it->second.current && it->second.error.empty();
        plan.emplace_back(std::move(spec), !same);
      }
    }
    // Load outside the lock: calls keep using the current generations.
    for (auto& [spec, mustLoad] : plan) {
      Outcome outcome;
      outcome.spec = spec;
      if (!mustLoad) {
        outcome.unchanged = true;
      } else if (!spec.error.empty()) {
        outcome.error = spec.error;
      } else if (auto library = PluginLibrary::load(spec.path); !library) {
        outcome.error = library.error();
      } else if (auto instance = PluginInstance::create(std::move(library.value()), spec.name,
                                                        spec.settingsJson, http_, nextGeneration_);
                 !instance) {
        outcome.error = instance.error();
      } else {
        ++nextGeneration_;
        outcome.instance = std::move(instance.value());
      }
      outcomes.push_back(std::move(outcome));
    }
  }

  // Generations replaced here are released after the lock is dropped, so a
  // destroy()+unload never runs while calls wait for mutex_.
  std::vector<std::shared_ptr<PluginInstance>> replaced;
  {
    std::unique_lock lock(mutex_);
    std::erase_if(retired_, [](const auto& weak) { return weak.expired(); });
    for (auto& outcome : outcomes) {
      Slot& slot = slots_[outcome.spec.name];
      const std::string& name = outcome.spec.name;
      if (outcome.unchanged) {
        summary.unchanged.push_back(name);
      } else if (outcome.instance) {
        if (slot.current) {
          retired_.push_back(slot.current);
          replaced.push_back(std::move(slot.current));
        }
        slot.current = std::move(outcome.instance);
        slot.spec = outcome.spec;
        slot.error.clear();
        slot.kind = slot.current->library().kind();
        summary.loaded.push_back(name);
        const auto& library = slot.current->library();
        log().information("plugin %s loaded: %s (%s %s, ABI %s, generation %s)", name, outcome.spec.path,
                          std::string(kindName(library.kind())), library.version(),
                          abiVersionText(library.abiVersion()), std::to_string(slot.current->generation()));
      } else {
        summary.failed.push_back(name);
        if (slot.current) {
          // Keep serving the generation that works; the next reload retries.
          slot.error = "reload of " + outcome.spec.path + " refused: " + outcome.error +
                       " (still serving generation " + std::to_string(slot.current->generation()) + ")";
        } else {
          slot.spec = outcome.spec;
          slot.error = outcome.error;
        }
        log().error("plugin %s refused: %s: %s", name, outcome.spec.path, outcome.error);
      }
    }
    for (auto it = slots_.begin(); it != slots_.end();) {
      const bool configured = std::any_of(outcomes.begin(), outcomes.end(),
                                          [&](const Outcome& o) { return o.spec.name == it->first; });
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
  for (const auto& old : replaced) {
    if (old.use_count() > 1)
      log().information("plugin %s generation %s draining %s in-flight call(s)", old->configName(),
                        std::to_string(old->generation()), std::to_string(old->inFlight()));
  }
  return summary;
}

void PluginRegistry::startWatching(std::chrono::milliseconds interval) {
  std::lock_guard control(watcherControl_);
  if (watcher_.joinable()) return;
  {
    std::lock_guard lock(watchMutex_);
    stopWatching_ = false;
  }
  watcher_ = std::thread([this, interval] { watchLoop(interval); });
}

void PluginRegistry::stopWatching() {
  std::lock_guard control(watcherControl_);
  if (!watcher_.joinable()) return;
  {
    std::lock_guard lock(watchMutex_);
    stopWatching_ = true;
  }
  watchWake_.notify_all();
  watcher_.join();
}

void PluginRegistry::watchLoop(std::chrono::milliseconds interval) {
  std::unique_lock lock(watchMutex_);
  while (!watchWake_.wait_for(lock, interval, [this] { return stopWatching_; })) {
    lock.unlock();
    const FileStamp now = stampConfig();
    bool changed = false;
    {
      std::lock_guard reloadLock(reloadMutex_);
      changed = now.size >= 0 && !(now == reloadedStamp_);
    }
    if (changed) {
      log().information("plugins: %s changed; reloading", options_.configPath);
      try {
        reload();
      } catch (const std::exception& e) {
        log().error("plugins: reload after a config change failed: %s", std::string(e.what()));
      }
    }
    lock.lock();
  }
}

std::vector<PluginStatus> PluginRegistry::list() const {
  auto describe = [](const PluginInstance& instance, const char* status) {
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
  };
  std::vector<PluginStatus> rows;
  std::vector<std::shared_ptr<PluginInstance>> draining;  // released after the lock, like reload()
  {
    std::shared_lock lock(mutex_);
    for (const auto& [name, slot] : slots_) {
      if (slot.current) {
        rows.push_back(describe(*slot.current, "loaded"));
        rows.back().error = slot.error;  // a refused reload while the old generation serves
      } else {
        PluginStatus row;
        row.name = name;
        row.kind = slot.kind ? kindName(static_cast<vb_plugin_kind>(slot.kind)) : "";
        row.status = "failed";
        row.error = slot.error;
        row.path = slot.spec.path;
        rows.push_back(std::move(row));
      }
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
  return it != slots_.end() && (it->second.kind == 0 || it->second.kind == kind);
}

bool PluginRegistry::hasVendor(const std::string& name) const { return hasPlugin(name, VB_KIND_VENDOR); }
bool PluginRegistry::hasTool(const std::string& name) const { return hasPlugin(name, VB_KIND_TOOL); }

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

std::shared_ptr<PluginInstance> PluginRegistry::pin(const std::string& name, vb_plugin_kind kind,
                                                    VendorError& error) const {
  std::shared_lock lock(mutex_);
  const auto it = slots_.find(name);
  if (it == slots_.end()) {
    error = hostError(ErrorClass::InvalidRequest, "no plugin named " + name);
    return nullptr;
  }
  if (!it->second.current) {
    error = hostError(ErrorClass::Permanent, "plugin " + name + " is not loaded: " + it->second.error);
    return nullptr;
  }
  if (it->second.current->library().kind() != kind) {
    error = hostError(ErrorClass::InvalidRequest, "plugin " + name + " is a " +
                                                      kindName(it->second.current->library().kind()) +
                                                      " plugin, not " + kindName(kind));
    return nullptr;
  }
  return it->second.current;
}

Result<VendorReply, VendorError> PluginRegistry::chat(const std::string& provider, const ChatRequest& request,
                                                      std::chrono::milliseconds timeout) {
  VendorError error;
  const auto instance = pin(provider, VB_KIND_VENDOR, error);
  if (!instance) return unexpected(std::move(error));
  CallContext call(request.requestId, request.tenantId, timeout, request.cancel);
  OutputBuffer out(kMaxJsonOutput);
  vb_error pluginFailure = abi::makeError();
  vb_status status;
  {
    PluginInstance::CallScope inFlight(*instance);
    status = instance->library().vendor()->chat(instance->handle(), &call.abi, abi::str(request.requestJson),
                                                out.sink(), &pluginFailure);
  }
  if (status != VB_OK) return unexpected(pluginError(provider, status, pluginFailure));
  auto reply = parseVendorReply(provider, out.data);
  if (reply) reply->pluginVersion = instance->library().version();
  return reply;
}

Result<std::string, VendorError> PluginRegistry::transcribe(const std::string& name, std::string_view wav,
                                                            const std::string& optionsJson,
                                                            const CallOptions& options) {
  VendorError error;
  const auto instance = pin(name, VB_KIND_STT, error);
  if (!instance) return unexpected(std::move(error));
  CallContext call(options.requestId, options.tenantId, options.timeout, options.cancel);
  OutputBuffer out(kMaxJsonOutput);
  vb_error pluginFailure = abi::makeError();
  const std::string& opts = optionsJson.empty() ? std::string("{}") : optionsJson;
  vb_status status;
  {
    PluginInstance::CallScope inFlight(*instance);
    status = instance->library().stt()->transcribe(instance->handle(), &call.abi, abi::str(wav),
                                                   abi::str(opts), out.sink(), &pluginFailure);
  }
  if (status != VB_OK) return unexpected(pluginError(name, status, pluginFailure));
  return std::move(out.data);
}

Result<std::string, VendorError> PluginRegistry::synthesize(const std::string& name, std::string_view text,
                                                            const std::string& optionsJson,
                                                            const CallOptions& options) {
  VendorError error;
  const auto instance = pin(name, VB_KIND_TTS, error);
  if (!instance) return unexpected(std::move(error));
  CallContext call(options.requestId, options.tenantId, options.timeout, options.cancel);
  OutputBuffer out(kMaxAudioOutput);
  vb_error pluginFailure = abi::makeError();
  const std::string& opts = optionsJson.empty() ? std::string("{}") : optionsJson;
  vb_status status;
  {
    PluginInstance::CallScope inFlight(*instance);
    status = instance->library().tts()->synthesize(instance->handle(), &call.abi, abi::str(text),
                                                   abi::str(opts), out.sink(), &pluginFailure);
  }
  if (status != VB_OK) return unexpected(pluginError(name, status, pluginFailure));
  return std::move(out.data);
}

Result<ToolResult, VendorError> PluginRegistry::invokeTool(const std::string& name,
                                                           const std::string& argumentsJson,
                                                           const CallOptions& options) {
  VendorError error;
  const auto instance = pin(name, VB_KIND_TOOL, error);
  if (!instance) return unexpected(std::move(error));
  CallContext call(options.requestId, options.tenantId, options.timeout, options.cancel);
  OutputBuffer out(kMaxJsonOutput);
  vb_error pluginFailure = abi::makeError();
  const std::string& args = argumentsJson.empty() ? std::string("{}") : argumentsJson;
  vb_status status;
  {
    PluginInstance::CallScope inFlight(*instance);
    status = instance->library().tool()->invoke(instance->handle(), &call.abi, abi::str(args), out.sink(),
                                                &pluginFailure);
  }
  ToolResult result;
  result.pluginVersion = instance->library().version();
  if (status == VB_NOT_FOUND) {
    pluginFailure.message[VB_ERROR_MESSAGE_CAPACITY - 1] = '\0';
    Poco::JSON::Object notFound;
    notFound.set("error", "not_found");
    notFound.set("message", std::string(pluginFailure.message));
    result.found = false;
    result.resultJson = toJson(Poco::Dynamic::Var(notFound));
    result.summary = std::string("not found: ") + pluginFailure.message;
    return result;
  }
  if (status != VB_OK) return unexpected(pluginError(name, status, pluginFailure));
  result.resultJson = std::move(out.data);
  result.summary = summaryOf(result.resultJson);
  return result;
}

}  // namespace vb
