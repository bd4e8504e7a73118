// What tenants see of a refused plugin: PluginStatus::publicError carries the
// meaning of PluginStatus::error with every directory stripped and without the
// dynamic loader's own words; operators keep the full text.
#include <gtest/gtest.h>

#include <fstream>

#include "plugin_test_support.h"
#include "pluginhost/load_failure.h"
#include "pluginhost/plugin_registry.h"

namespace vb {
namespace {

using test::fixture;

TEST(WithoutDirectories, KeepsOnlyFileNamesOfAbsolutePaths) {
  const struct {
    const char* text;
    const char* expected;
  } cases[] = {
      {"no such file: /opt/vb/plugins/libx.so", "no such file: libx.so"},
      {"/a/b/libx.so: invalid ELF header", "libx.so: invalid ELF header"},
      {"reload of /a/libx.so refused: bad (still serving generation 2)",
       "reload of libx.so refused: bad (still serving generation 2)"},
      {"file \"/srv/data/invoices.json\" cannot be read", "file \"invoices.json\" cannot be read"},
      {"dir=/var/lib/vb/, then (/tmp/x)", "dir=vb, then (x)"},
      {"cannot reach http://127.0.0.1:9000/v1/chat", "cannot reach http://127.0.0.1:9000/v1/chat"},
      {"3/4 of the budget", "3/4 of the budget"},
      {"nothing to strip", "nothing to strip"},
  };
  for (const auto& c : cases) EXPECT_EQ(withoutDirectories(c.text), c.expected) << c.text;
}

class PublicErrorTest : public test::RegistryTest {
 protected:
  // Loads one entry and returns its status row.
  PluginStatus statusOf(const test::PluginEntry& entry) {
    load({entry});
    return onlyRow();
  }
};

TEST_F(PublicErrorTest, AMissingFileIsNamedWithoutItsDirectory) {
  const std::string path = dir_.file("libgone.so");
  const auto row = statusOf({"p", path});
  EXPECT_EQ(row.error, "no such file: " + path);
  EXPECT_EQ(row.publicError, "no such file: libgone.so");
}

TEST_F(PublicErrorTest, AFileTheLoaderRefusesHidesTheLoadersMessage) {
  const std::string path = dir_.file("libjunk.so");
  std::ofstream(path) << "not an ELF file";
  const auto row = statusOf({"p", path});
  EXPECT_EQ(row.error.rfind("cannot load library: ", 0), 0u) << row.error;
  EXPECT_NE(row.error.find(path), std::string::npos) << row.error;  // dlerror() names the file
  EXPECT_EQ(row.publicError, "cannot load library: the dynamic loader refused libjunk.so");
}

TEST_F(PublicErrorTest, ALibraryThatIsNotAPluginSaysWhy) {
  const auto row = statusOf({"p", fixture("fixture_no_entry")});
  EXPECT_EQ(row.error, "missing entry symbol vb_plugin_entry");
  EXPECT_EQ(row.publicError, "missing entry symbol vb_plugin_entry");
}

TEST_F(PublicErrorTest, AWrongKindNamesTheFileOnly) {
  const auto row = statusOf({"p", fixture("fixture_stt"), "{}", "tool"});
  EXPECT_EQ(row.error, "p is a tool slot; libfixture_stt.so is a stt plugin");
  EXPECT_EQ(row.publicError, row.error);
}

TEST_F(PublicErrorTest, ACreateFailureKeepsThePluginsMessage) {
  const auto row = statusOf({"p", fixture("fixture_create_fails")});
  EXPECT_EQ(row.error, "create failed: missing setting apiKey");
  EXPECT_EQ(row.publicError, "create failed: missing setting apiKey");
}

TEST_F(PublicErrorTest, ACreateFailureNamingAPathShowsOnlyItsFileName) {
  const std::string invoices = dir_.file("missing-invoices.json");
  const auto row = statusOf({"InvoiceLookup", std::string(VB_PLUGIN_DIR) + "/libvb_mock_tool.so",
                             R"({"invoicesFile":")" + invoices + "\"}"});
  EXPECT_EQ(row.error, "create failed: InvoiceLookup: invoicesFile " + invoices + ": cannot be read");
  EXPECT_EQ(row.publicError,
            "create failed: InvoiceLookup: invoicesFile missing-invoices.json: cannot be read");
}

TEST_F(PublicErrorTest, ARefusedReloadNamesBothLibrariesByFileName) {
  statusOf({"p", fixture("fixture_vendor_v1")});
  const std::string gone = dir_.file("libnext.so");
  writeConfig({{"p", gone}});
  registry_->reload();
  const auto row = onlyRow();
  EXPECT_EQ(row.status, "loaded");
  EXPECT_EQ(row.error,
            "reload of " + gone + " refused: no such file: " + gone + " (still serving generation 1)");
  EXPECT_EQ(row.publicError,
            "reload of libnext.so refused: no such file: libnext.so (still serving generation 1)");
}

TEST_F(PublicErrorTest, AWorkingPluginHasNoError) {
  const auto row = statusOf({"p", fixture("fixture_vendor_v1")});
  EXPECT_EQ(row.error, "");
  EXPECT_EQ(row.publicError, "");
}

}  // namespace
}  // namespace vb
