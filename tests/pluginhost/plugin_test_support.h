// Helpers shared by the plugin host tests: fixture paths, temp dirs, config
// files written atomically, and polling with a deadline (never sleeps).
#pragma once

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "pluginhost/plugin_registry.h"

namespace vb::test {

inline std::string fixture(const std::string& name) {
  return std::string(VB_FIXTURE_DIR) + "/lib" + name + ".so";
}

// A fresh directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "vb-plugins-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }

 private:
  std::string path_;
};

// Writes through a temp file renamed into place, as an operator's editor or
// deploy tool would: a reader sees the old or the new file, never half.
inline void writeAtomically(const std::string& path, const std::string& content) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << content;
  }
  std::filesystem::rename(temp, path);
}

struct PluginEntry {
  std::string name;
  std::string path;
  std::string settingsJson = "{}";
  std::string kind{};  // the entry's "kind"; "" leaves it out
};

inline std::string configJson(const std::vector<PluginEntry>& plugins) {
  std::string json = "{\n  \"plugins\": [";
  for (size_t i = 0; i < plugins.size(); ++i) {
    json += (i ? ",\n    " : "\n    ");
    json += "{\"name\": \"" + plugins[i].name + "\", \"path\": \"" + plugins[i].path +
            "\", \"settings\": " + plugins[i].settingsJson;
    if (!plugins[i].kind.empty()) json += ", \"kind\": \"" + plugins[i].kind + "\"";
    json += "}";
  }
  return json + "\n  ]\n}\n";
}

// A test that owns a temp config file and the registry reading it.
class RegistryTest : public ::testing::Test {
 protected:
  void writeConfig(const std::vector<PluginEntry>& plugins) {
    writeAtomically(configPath_, configJson(plugins));
  }
  // Writes `plugins` and returns a new registry that has loaded them once.
  PluginRegistry& load(const std::vector<PluginEntry>& plugins) {
    writeConfig(plugins);
    PluginRegistry::Options options;
    options.configPath = configPath_;
    registry_ = std::make_unique<PluginRegistry>(std::move(options));
    registry_->reload();
    return *registry_;
  }
  // The status row of the one configured plugin.
  PluginStatus onlyRow() const {
    const auto rows = registry_->list();
    EXPECT_EQ(rows.size(), 1u);
    return rows.at(0);
  }

  TempDir dir_;
  std::string configPath_ = dir_.file("vocalbridge.json");
  std::unique_ptr<PluginRegistry> registry_;
};

// Whether the dynamic loader still has `path` mapped in this process.
inline bool libraryIsLoaded(const std::string& path) {
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (!handle) return false;
  ::dlclose(handle);
  return true;
}

// Polls `condition` until it holds or `timeout` passes; yields between polls.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::yield();
  }
  return condition();
}

}  // namespace vb::test
