#include "pluginhost/plugin_config.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/json_body.h"
#include "pluginhost/plugin_library.h"

namespace vb {
namespace {

Poco::Logger& log() { return Poco::Logger::get("plugins"); }

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

Result<Poco::JSON::Object::Ptr, std::string> readJsonObject(const std::string& path) {
  std::ifstream file(path);
  if (!file) return unexpected("cannot read config file " + path);
  std::stringstream text;
  text << file.rdbuf();
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(text.str());
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return unexpected(path + ": not a JSON object");
    return parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return unexpected(path + ": invalid JSON: " + e.displayText());
  }
}

// One entry that is a JSON object into a spec; the first defect found goes
// into spec.error.
PluginSpec specOf(const Poco::JSON::Object& entry, const std::string& where,
                  const std::filesystem::path& pluginDir, const PluginConfigSource& source) {
  PluginSpec spec;
  auto invalid = [&](std::string reason) {
    if (spec.error.empty()) spec.error = std::move(reason);
  };
  spec.name = entry.optValue<std::string>("name", "");
  if (spec.name.empty()) {
    spec.name = where;
    invalid("config entry has no name");
  }
  const std::string path = entry.optValue<std::string>("path", "");
  if (path.empty()) invalid("config entry has no path");
  if (!path.empty()) {
    const std::filesystem::path given(path);
    spec.path = given.is_absolute() ? path : (pluginDir / given).lexically_normal().string();
  }
  if (entry.has("kind")) {
    spec.declaredKind = kindFromName(entry.optValue<std::string>("kind", ""));
    if (!spec.declaredKind) invalid(R"("kind" must be "vendor", "stt", "tts" or "tool")");
  }
  spec.settingsJson = "{}";
  if (entry.has("settings")) {
    const auto settings = entry.get("settings");
    if (settings.type() != typeid(Poco::JSON::Object::Ptr))
      invalid(R"("settings" is not an object)");
    else
      spec.settingsJson =
          toJson(*substitute(settings, source.substitutions).extract<Poco::JSON::Object::Ptr>());
  }
  return spec;
}

}  // namespace

Result<std::vector<PluginSpec>, std::string> readPluginConfig(const PluginConfigSource& source) {
  const auto root = readJsonObject(source.configPath);
  if (!root) return unexpected(root.error());
  const std::filesystem::path pluginDir = std::filesystem::absolute(
      source.pluginDir.empty() ? root.value()->optValue<std::string>("pluginDir", ".") : source.pluginDir);

  std::vector<PluginSpec> specs;
  const auto plugins = root.value()->getArray("plugins");
  if (!plugins) return specs;
  for (size_t i = 0; i < plugins->size(); ++i) {
    const std::string where = "plugins[" + std::to_string(i) + "]";
    const auto entry = plugins->getObject(static_cast<unsigned>(i));
    if (!entry) {
      specs.push_back(PluginSpec{where, "", "", std::nullopt, "config entry is not an object"});
      continue;
    }
    if (!entry->optValue<bool>("enabled", true)) continue;
    PluginSpec spec = specOf(*entry, where, pluginDir, source);
    if (std::any_of(specs.begin(), specs.end(), [&](const PluginSpec& s) { return s.name == spec.name; })) {
      log().error("plugin %s: duplicate name in %s; the first entry wins", spec.name, source.configPath);
      continue;
    }
    if (spec.settingsJson.find("${") != std::string::npos)
      log().warning("plugin %s: settings still contain an unresolved ${...} placeholder", spec.name);
    specs.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace vb
