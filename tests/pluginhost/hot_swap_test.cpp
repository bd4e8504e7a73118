// Hot swap: a plugin replaced while calls flow fails no call, sends calls
// made after the swap to the new library, and unloads the old one only once
// its in-flight calls have returned.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "plugin_test_support.h"
#include "pluginhost/plugin_registry.h"

namespace vb {
namespace {

using test::fixture;

std::string vendorPath(int version) { return fixture("fixture_vendor_v" + std::to_string(version)); }
std::string versionString(int version) { return "1.0." + std::to_string(version); }

// "1.0.7" → 7
int versionNumber(const std::string& version) { return std::stoi(version.substr(version.rfind('.') + 1)); }

ChatRequest hello() {
  ChatRequest request;
  request.requestJson = R"({"messages":[{"role":"user","content":"hi"}]})";
  request.requestId = "swap";
  request.tenantId = "t1";
  return request;
}

TEST(HotSwap, UnderLoadFailsNoCallAndRoutesNewCallsToTheNewLibrary) {
  test::TempDir dir;
  const std::string config = dir.file("vocalbridge.json");
  test::writeAtomically(config, test::configJson({{"echo", vendorPath(1)}}));
  PluginRegistry::Options options;
  options.configPath = config;
  PluginRegistry registry(options);
  ASSERT_EQ(registry.reload().loaded, std::vector<std::string>{"echo"});

  // The newest version whose reload() has returned: a call that starts after
  // that must be answered by it (or a later one).
  std::atomic<int> published{1};
  std::atomic<bool> stop{false};
  std::atomic<long> calls{0}, failures{0}, stale{0};
  std::atomic<int> newestSeen{1};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&] {
      const ChatRequest request = hello();
      while (!stop.load()) {
        const int floor = published.load();
        const auto reply = registry.chat("echo", request, std::chrono::seconds(5));
        if (!reply) {
          ++failures;
          continue;
        }
        const int version = versionNumber(reply->pluginVersion);
        // The library itself must agree with the version the registry reports.
        if (reply->text.rfind(reply->pluginVersion + " ", 0) != 0) ++failures;
        if (version < floor) ++stale;
        int seen = newestSeen.load();
        while (version > seen && !newestSeen.compare_exchange_weak(seen, version)) {
        }
        ++calls;
      }
    });
  }
  auto callsAfterSwapReach = [&](int version) {
    const long start = calls.load();
    return test::eventually([&] { return newestSeen.load() >= version && calls.load() >= start + 200; });
  };
  ASSERT_TRUE(callsAfterSwapReach(1));

  // Nine swaps through reload() ...
  for (int version = 2; version <= 10; ++version) {
    test::writeAtomically(config, test::configJson({{"echo", vendorPath(version)}}));
    const auto summary = registry.reload();
    ASSERT_EQ(summary.loaded, std::vector<std::string>{"echo"}) << "swap to v" << version;
    published.store(version);
    ASSERT_TRUE(callsAfterSwapReach(version)) << "no calls reached v" << version;
  }
  // ... and the tenth through the file watcher.
  registry.startWatching(std::chrono::milliseconds(20));
  test::writeAtomically(config, test::configJson({{"echo", vendorPath(11)}}));
  ASSERT_TRUE(test::eventually([&] { return registry.list().front().version == versionString(11); }))
      << "the watcher did not pick up the change";
  published.store(11);
  ASSERT_TRUE(callsAfterSwapReach(11));
  registry.stopWatching();

  stop.store(true);
  for (auto& worker : workers) worker.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(stale.load(), 0);
  EXPECT_GT(calls.load(), 2000);
  // Every old generation drained and was unloaded; only v11 remains.
  for (int version = 1; version <= 10; ++version)
    EXPECT_TRUE(test::eventually([&] { return !test::libraryIsLoaded(vendorPath(version)); }))
        << "v" << version;
  EXPECT_TRUE(test::libraryIsLoaded(vendorPath(11)));
  const auto rows = registry.list();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "loaded");
  EXPECT_EQ(rows[0].version, versionString(11));
}

TEST(HotSwap, TheOldGenerationDrainsItsInFlightCallBeforeItIsUnloaded) {
  test::TempDir dir;
  const std::string config = dir.file("vocalbridge.json");
  test::writeAtomically(config, test::configJson({{"echo", vendorPath(6)}}));
  PluginRegistry::Options options;
  options.configPath = config;
  PluginRegistry registry(options);
  registry.reload();

  CancelToken release;
  ChatRequest held = hello();
  held.requestJson = R"({"mode":"block"})";
  held.cancel = &release;
  auto pending =
      std::async(std::launch::async, [&] { return registry.chat("echo", held, std::chrono::seconds(30)); });
  ASSERT_TRUE(test::eventually([&] { return registry.list().front().inFlight == 1; }));

  test::writeAtomically(config, test::configJson({{"echo", vendorPath(7)}}));
  registry.reload();
  const auto during = registry.list();
  ASSERT_EQ(during.size(), 2u);
  EXPECT_EQ(during[0].status, "loaded");
  EXPECT_EQ(during[0].version, versionString(7));
  EXPECT_EQ(during[1].status, "draining");
  EXPECT_EQ(during[1].version, versionString(6));
  EXPECT_EQ(during[1].inFlight, 1);
  EXPECT_GT(during[0].generation, during[1].generation);
  EXPECT_TRUE(test::libraryIsLoaded(vendorPath(6)));  // its call is still running in it
  const auto fresh = registry.chat("echo", hello(), std::chrono::seconds(1));
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->pluginVersion, versionString(7));

  release.cancel();
  const auto finished = pending.get();
  ASSERT_FALSE(finished);
  EXPECT_EQ(finished.error().errorClass, ErrorClass::Cancelled);
  EXPECT_TRUE(test::eventually([&] { return !test::libraryIsLoaded(vendorPath(6)); }));
  EXPECT_EQ(registry.list().size(), 1u);
}

}  // namespace
}  // namespace vb
