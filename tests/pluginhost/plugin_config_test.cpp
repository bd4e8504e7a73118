// Reading the "plugins" array of the config file into PluginSpecs.
#include "pluginhost/plugin_config.h"

#include <gtest/gtest.h>

#include "plugin_test_support.h"

namespace vb {
namespace {

class PluginConfigTest : public ::testing::Test {
 protected:
  Result<std::vector<PluginSpec>, std::string> read(const std::string& json) {
    test::writeAtomically(source_.configPath, json);
    return readPluginConfig(source_);
  }

  test::TempDir dir_;
  PluginConfigSource source_{
      dir_.file("vocalbridge.json"), "/opt/vb/plugins", {{"mock:vendorA", "http://a"}}};
};

TEST_F(PluginConfigTest, ReadsAnEntryIntoAValidatedSpec) {
  const auto specs = read(R"({"plugins":[{"name":"vendorA","path":"libvb_vendor_a.so","kind":"vendor",
                                          "settings":{"baseUrl":"${mock:vendorA}/v1","n":2}}]})");
  ASSERT_TRUE(specs) << specs.error();
  ASSERT_EQ(specs->size(), 1u);
  const PluginSpec& spec = specs->at(0);
  EXPECT_EQ(spec.name, "vendorA");
  EXPECT_EQ(spec.path, "/opt/vb/plugins/libvb_vendor_a.so");
  EXPECT_EQ(spec.settingsJson, R"({"baseUrl":"http://a/v1","n":2})");
  EXPECT_EQ(spec.declaredKind, VB_KIND_VENDOR);
  EXPECT_EQ(spec.error, "");
}

TEST_F(PluginConfigTest, AnInvalidEntryCarriesItsReason) {
  const struct {
    const char* entry;
    const char* name;
    const char* error;
  } cases[] = {
      {R"({"path":"/x.so"})", "plugins[0]", "config entry has no name"},
      {R"({"name":"a"})", "a", "config entry has no path"},
      {R"({"name":"a","path":"/x.so","kind":"llm"})", "a",
       R"("kind" must be "vendor", "stt", "tts" or "tool")"},
      {R"({"name":"a","path":"/x.so","settings":[1]})", "a", R"("settings" is not an object)"},
      {R"("text")", "plugins[0]", "config entry is not an object"},
  };
  for (const auto& c : cases) {
    const auto specs = read(std::string(R"({"plugins":[)") + c.entry + "]}");
    ASSERT_TRUE(specs) << specs.error();
    ASSERT_EQ(specs->size(), 1u) << c.entry;
    EXPECT_EQ(specs->at(0).name, c.name) << c.entry;
    EXPECT_EQ(specs->at(0).error, c.error) << c.entry;
  }
}

TEST_F(PluginConfigTest, SkipsDisabledEntriesAndKeepsTheFirstOfTwoNames) {
  const auto specs = read(R"({"plugins":[{"name":"a","path":"/1.so","enabled":false},
                                         {"name":"a","path":"/2.so"},{"name":"a","path":"/3.so"}]})");
  ASSERT_TRUE(specs) << specs.error();
  ASSERT_EQ(specs->size(), 1u);
  EXPECT_EQ(specs->at(0).path, "/2.so");
  EXPECT_FALSE(specs->at(0).declaredKind);
}

TEST_F(PluginConfigTest, AFileThatIsNotAJsonObjectIsAnError) {
  EXPECT_FALSE(read("{ not json"));
  EXPECT_FALSE(read("[]"));
}

}  // namespace
}  // namespace vb
