// The loader's compatibility promises: what it accepts, and for each defect
// the specific reason it gives.
#include "pluginhost/plugin_library.h"

#include <gtest/gtest.h>

#include <fstream>

#include "plugin_test_support.h"
#include "pluginhost/plugin_instance.h"

namespace vb {
namespace {

using test::fixture;

TEST(PluginLibrary, LoadsAGoodVendorAndReportsItsDescriptor) {
  auto library = PluginLibrary::load(fixture("fixture_vendor_v1"));
  ASSERT_TRUE(library) << library.error();
  EXPECT_EQ(library.value()->name(), "fixture-vendor");
  EXPECT_EQ(library.value()->kind(), VB_KIND_VENDOR);
  EXPECT_EQ(library.value()->version(), "1.0.1");
  EXPECT_EQ(abiVersionText(library.value()->abiVersion()), "1.0");
  EXPECT_NE(library.value()->vendor(), nullptr);
  EXPECT_EQ(library.value()->tool(), nullptr);
}

TEST(PluginLibrary, AcceptsAnOlderSmallerDescriptorWithMissingSlotsReadAsNull) {
  auto library = PluginLibrary::load(fixture("fixture_old_descriptor"));
  ASSERT_TRUE(library) << library.error();
  EXPECT_LT(library.value()->descriptorSize(), sizeof(vb_plugin_descriptor));
  EXPECT_EQ(library.value()->version(), "0.9.0");
  EXPECT_EQ(library.value()->descriptor().stt, nullptr);
  EXPECT_EQ(library.value()->descriptor().tool, nullptr);
  auto instance = PluginInstance::create(library.value(), "old", "{}", nullptr, 1);
  EXPECT_TRUE(instance) << instance.error();
}

TEST(PluginLibrary, AcceptsANewerMinorWithALongerDescriptor) {
  auto library = PluginLibrary::load(fixture("fixture_newer_minor"));
  ASSERT_TRUE(library) << library.error();
  EXPECT_GT(library.value()->descriptorSize(), sizeof(vb_plugin_descriptor));
  EXPECT_EQ(abiVersionText(library.value()->abiVersion()), "1.7");
}

struct Refusal {
  const char* fixture;
  const char* reason;
};
void PrintTo(const Refusal& refusal, std::ostream* out) { *out << refusal.fixture; }

class PluginLibraryRefuses : public ::testing::TestWithParam<Refusal> {};

TEST_P(PluginLibraryRefuses, WithItsSpecificReason) {
  auto library = PluginLibrary::load(fixture(GetParam().fixture));
  ASSERT_FALSE(library) << GetParam().fixture << " was accepted";
  EXPECT_EQ(library.error(), GetParam().reason);
}

INSTANTIATE_TEST_SUITE_P(
    Defects, PluginLibraryRefuses,
    ::testing::Values(Refusal{"fixture_no_entry", "missing entry symbol vb_plugin_entry"},
                      Refusal{"fixture_newer_major", "ABI major 2 not supported (host 1.0)"},
                      Refusal{"fixture_no_table", "descriptor kind vendor has no vendor table"},
                      Refusal{"fixture_empty_name", "descriptor has an empty name"},
                      Refusal{"fixture_bad_kind",
                              "descriptor kind 9 is not valid (expected vendor=1, stt=2, tts=3 or tool=4)"},
                      Refusal{"fixture_tiny_descriptor",
                              "descriptor struct_size 16 too small (need at least 80)"}),
    [](const auto& info) { return std::string(info.param.fixture); });

TEST(PluginLibrary, RefusesAMissingFile) {
  auto library = PluginLibrary::load(fixture("does_not_exist"));
  ASSERT_FALSE(library);
  EXPECT_EQ(library.error(), "no such file: " + fixture("does_not_exist"));
}

TEST(PluginLibrary, RefusesAFileThatIsNotALibrary) {
  test::TempDir dir;
  const std::string path = dir.file("libjunk.so");
  std::ofstream(path) << "not an ELF file";
  auto library = PluginLibrary::load(path);
  ASSERT_FALSE(library);
  EXPECT_EQ(library.error().rfind("cannot load library: ", 0), 0u) << library.error();
}

TEST(PluginInstance, ReportsTheMessageOfAFailedCreate) {
  auto library = PluginLibrary::load(fixture("fixture_create_fails"));
  ASSERT_TRUE(library) << library.error();
  auto instance = PluginInstance::create(library.value(), "broken", "{}", nullptr, 1);
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error(), "create failed: missing setting apiKey");
}

TEST(PluginLibrary, ReadsToolMetadata) {
  auto library = PluginLibrary::load(fixture("fixture_tool"));
  ASSERT_TRUE(library) << library.error();
  EXPECT_EQ(library.value()->kind(), VB_KIND_TOOL);
  EXPECT_EQ(library.value()->toolDescription(), "Looks up invoices");
  EXPECT_NE(library.value()->toolParametersSchema().find("\"number\""), std::string::npos);
}

TEST(PluginLibrary, UnloadsWhenTheLastOwnerLetsGo) {
  const std::string path = fixture("fixture_vendor_v2");
  {
    auto library = PluginLibrary::load(path);
    ASSERT_TRUE(library) << library.error();
    auto instance = PluginInstance::create(library.value(), "v2", "{}", nullptr, 1);
    ASSERT_TRUE(instance);
    EXPECT_TRUE(test::libraryIsLoaded(path));
  }
  EXPECT_FALSE(test::libraryIsLoaded(path));
}

}  // namespace
}  // namespace vb
