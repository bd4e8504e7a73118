// A slot's kind is fixed — by the entry's "kind", else by its first
// successful load — so a reload to a library of another kind is refused while
// the old generation keeps serving; and isServing() says which slots take calls.
#include <gtest/gtest.h>

#include "plugin_test_support.h"
#include "pluginhost/plugin_library.h"
#include "pluginhost/plugin_registry.h"

namespace vb {
namespace {

using test::fixture;

class SlotKindTest : public test::RegistryTest {
 protected:
  static ChatRequest hello() {
    ChatRequest request;
    request.requestJson = R"({"messages":[{"role":"user","content":"hi"}]})";
    request.tenantId = "t1";
    return request;
  }
};

TEST_F(SlotKindTest, AReloadToALibraryOfAnotherKindIsRefusedAndTheOldGenerationKeepsServing) {
  auto& plugins = load({{"vendorA", fixture("fixture_vendor_v1")}});
  writeConfig({{"vendorA", fixture("fixture_tts")}});

  const auto summary = plugins.reload();

  EXPECT_EQ(summary.failed, std::vector<std::string>{"vendorA"});
  const auto reply = plugins.chat("vendorA", hello(), std::chrono::seconds(1));
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->pluginVersion, "1.0.1");
  const auto row = onlyRow();
  EXPECT_EQ(row.status, "loaded");
  EXPECT_EQ(row.kind, "vendor");
  EXPECT_EQ(row.version, "1.0.1");
  EXPECT_EQ(row.error, "reload of " + fixture("fixture_tts") +
                           " refused: vendorA is a vendor slot; libfixture_tts.so is a tts plugin"
                           " (still serving generation 1)");
  EXPECT_TRUE(plugins.isServing("vendorA", VB_KIND_VENDOR));
  EXPECT_FALSE(plugins.hasPlugin("vendorA", VB_KIND_TTS));
}

TEST_F(SlotKindTest, AnEntrysDeclaredKindRefusesAFirstLoadOfAnotherKind) {
  auto& plugins = load({{"vendorA", fixture("fixture_tts"), "{}", "vendor"}});
  const auto row = onlyRow();
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.kind, "vendor");
  EXPECT_EQ(row.error, "vendorA is a vendor slot; libfixture_tts.so is a tts plugin");
  // The declared kind is known before anything loaded: the slot is a vendor only.
  EXPECT_TRUE(plugins.hasVendor("vendorA"));
  EXPECT_FALSE(plugins.hasPlugin("vendorA", VB_KIND_TTS));
  EXPECT_FALSE(plugins.isServing("vendorA", VB_KIND_VENDOR));
}

TEST_F(SlotKindTest, AnEntryCannotRedeclareTheKindOfASlotThatServes) {
  auto& plugins = load({{"vendorA", fixture("fixture_vendor_v1")}});
  writeConfig({{"vendorA", fixture("fixture_tts"), "{}", "tts"}});

  EXPECT_EQ(plugins.reload().failed, std::vector<std::string>{"vendorA"});
  const auto row = onlyRow();
  EXPECT_EQ(row.version, "1.0.1");
  EXPECT_NE(row.error.find("vendorA is a vendor slot; its entry now declares kind tts"), std::string::npos)
      << row.error;
  EXPECT_TRUE(plugins.chat("vendorA", hello(), std::chrono::seconds(1)));
}

TEST_F(SlotKindTest, RemovingTheEntryFreesTheNameForAnotherKind) {
  auto& plugins = load({{"speech", fixture("fixture_vendor_v2")}});
  writeConfig({});
  plugins.reload();
  writeConfig({{"speech", fixture("fixture_tts")}});

  EXPECT_EQ(plugins.reload().loaded, std::vector<std::string>{"speech"});
  EXPECT_TRUE(plugins.isServing("speech", VB_KIND_TTS));
}

TEST_F(SlotKindTest, ASameKindLibrarySwapsAsBefore) {
  auto& plugins = load({{"vendorA", fixture("fixture_vendor_v1"), "{}", "vendor"}});
  writeConfig({{"vendorA", fixture("fixture_vendor_v2"), "{}", "vendor"}});
  EXPECT_EQ(plugins.reload().loaded, std::vector<std::string>{"vendorA"});
  EXPECT_EQ(onlyRow().version, "1.0.2");
}

TEST_F(SlotKindTest, IsServingOnlyForALoadedGenerationOfThatKind) {
  auto& plugins = load({{"vendorA", fixture("fixture_vendor_v1")},
                        {"broken", fixture("fixture_create_fails")},
                        {"stt", fixture("fixture_stt")}});
  const struct {
    const char* name;
    vb_plugin_kind kind;
    bool serving;
  } cases[] = {
      {"vendorA", VB_KIND_VENDOR, true}, {"vendorA", VB_KIND_TOOL, false}, {"broken", VB_KIND_VENDOR, false},
      {"stt", VB_KIND_STT, true},        {"stt", VB_KIND_VENDOR, false},   {"nope", VB_KIND_VENDOR, false},
  };
  for (const auto& c : cases)
    EXPECT_EQ(plugins.isServing(c.name, c.kind), c.serving) << c.name << " as " << kindName(c.kind);
}

}  // namespace
}  // namespace vb
