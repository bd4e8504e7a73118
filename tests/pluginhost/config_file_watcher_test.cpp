// The config file watcher: a change since the last read calls back once per
// change, and a read the callback makes re-arms it.
#include "pluginhost/config_file_watcher.h"

#include <gtest/gtest.h>

#include <atomic>

#include "plugin_test_support.h"

namespace vb {
namespace {

TEST(ConfigFileWatcher, CallsBackOncePerChangeSinceTheLastRead) {
  test::TempDir dir;
  const std::string path = dir.file("vocalbridge.json");
  test::writeAtomically(path, R"({"plugins":[]})");
  std::atomic<int> changes{0};
  ConfigFileWatcher* self = nullptr;
  ConfigFileWatcher watcher(path, [&] {
    self->markRead();  // what a reload does before it reads
    ++changes;
  });
  self = &watcher;
  watcher.markRead();
  watcher.start(std::chrono::milliseconds(1));

  test::writeAtomically(path, R"({"plugins":[ ]})");
  ASSERT_TRUE(test::eventually([&] { return changes.load() >= 1; }));
  test::writeAtomically(path, R"({"plugins":[  ]})");
  ASSERT_TRUE(test::eventually([&] { return changes.load() >= 2; }));
  watcher.stop();
  EXPECT_EQ(changes.load(), 2);
}

TEST(FileStamp, AMissingFileDoesNotExist) {
  test::TempDir dir;
  EXPECT_FALSE(FileStamp::of(dir.file("nothing.json")).exists());
  test::writeAtomically(dir.file("some.json"), "{}");
  EXPECT_TRUE(FileStamp::of(dir.file("some.json")).exists());
}

}  // namespace
}  // namespace vb
