// The registry as the rest of the host sees it: loading from config, status
// of good and refused plugins, vendor/tool/stt/tts calls and error mapping.
#include "pluginhost/plugin_registry.h"

#include <gtest/gtest.h>

#include <future>

#include "plugin_test_support.h"

namespace vb {
namespace {

using test::fixture;

class PluginRegistryTest : public ::testing::Test {
 protected:
  std::unique_ptr<PluginRegistry> makeRegistry(const std::vector<test::PluginEntry>& plugins,
                                               std::map<std::string, std::string> substitutions = {}) {
    test::writeAtomically(configPath_, test::configJson(plugins));
    PluginRegistry::Options options;
    options.configPath = configPath_;
    options.substitutions = std::move(substitutions);
    return std::make_unique<PluginRegistry>(std::move(options));
  }
  const PluginStatus* find(const std::vector<PluginStatus>& rows, const std::string& name,
                           const std::string& status) {
    for (const auto& row : rows)
      if (row.name == name && row.status == status) return &row;
    return nullptr;
  }
  ChatRequest request(const std::string& json = R"({"messages":[{"role":"user","content":"hi"}]})") {
    ChatRequest r;
    r.requestJson = json;
    r.requestId = "req-1";
    r.tenantId = "tenant-7";
    return r;
  }

  test::TempDir dir_;
  std::string configPath_ = dir_.file("vocalbridge.json");
};

TEST_F(PluginRegistryTest, ListsLoadedAndRefusedPluginsAndKeepsGoing) {
  auto registry = makeRegistry({{"good", fixture("fixture_vendor_v1")},
                                {"major", fixture("fixture_newer_major")},
                                {"broken", fixture("fixture_create_fails")},
                                {"tool", fixture("fixture_tool")}});
  const auto summary = registry->reload();
  EXPECT_EQ(summary.loaded, (std::vector<std::string>{"good", "tool"}));
  EXPECT_EQ(summary.failed, (std::vector<std::string>{"major", "broken"}));

  const auto rows = registry->list();
  ASSERT_EQ(rows.size(), 4u);
  const auto* good = find(rows, "good", "loaded");
  ASSERT_NE(good, nullptr);
  EXPECT_EQ(good->kind, "vendor");
  EXPECT_EQ(good->version, "1.0.1");
  EXPECT_EQ(good->abiVersion, "1.0");
  EXPECT_EQ(good->path, fixture("fixture_vendor_v1"));
  const auto* major = find(rows, "major", "failed");
  ASSERT_NE(major, nullptr);
  EXPECT_EQ(major->error, "ABI major 2 not supported (host 1.0)");
  const auto* broken = find(rows, "broken", "failed");
  ASSERT_NE(broken, nullptr);
  EXPECT_EQ(broken->error, "create failed: missing setting apiKey");

  EXPECT_TRUE(registry->chat("good", request(), std::chrono::seconds(1)));
}

TEST_F(PluginRegistryTest, ChatParsesTheNormalizedReplyAndSetsThePluginVersion) {
  auto registry = makeRegistry({{"echo", fixture("fixture_vendor_v3"), R"({"greeting":"${mock:greeting}"})"}},
                               {{"mock:greeting", "howdy"}});
  registry->reload();
  const auto reply = registry->chat("echo", request(), std::chrono::seconds(1));
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->text, "1.0.3 howdy tenant=tenant-7");
  EXPECT_EQ(reply->tokensIn, 3);
  EXPECT_EQ(reply->tokensOut, 2);
  EXPECT_EQ(reply->vendorLatencyMs, 1);
  EXPECT_EQ(reply->pluginVersion, "1.0.3");
  EXPECT_TRUE(reply->toolCalls.empty());
}

TEST_F(PluginRegistryTest, ChatReturnsToolCallsWithTheirArgumentsAsJson) {
  auto registry = makeRegistry({{"echo", fixture("fixture_vendor_v1")}});
  registry->reload();
  const auto reply = registry->chat("echo", request(R"({"mode":"toolcall"})"), std::chrono::seconds(1));
  ASSERT_TRUE(reply) << reply.error().message;
  ASSERT_EQ(reply->toolCalls.size(), 1u);
  EXPECT_EQ(reply->toolCalls[0].id, "call_1");
  EXPECT_EQ(reply->toolCalls[0].name, "InvoiceLookup");
  EXPECT_EQ(reply->toolCalls[0].argumentsJson, R"({"number":"INV-1"})");
}

TEST_F(PluginRegistryTest, MapsAClassifiedPluginErrorIntoVendorError) {
  auto registry = makeRegistry({{"echo", fixture("fixture_vendor_v1")}});
  registry->reload();
  const auto reply = registry->chat("echo", request(R"({"mode":"rate_limited"})"), std::chrono::seconds(1));
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().errorClass, ErrorClass::RateLimited);
  EXPECT_EQ(reply.error().httpStatus, 429);
  EXPECT_EQ(reply.error().retryAfterMs, 250);
  EXPECT_EQ(reply.error().message, "echo: slow down");
}

TEST_F(PluginRegistryTest, AMalformedReplyIsPermanent) {
  auto registry = makeRegistry({{"echo", fixture("fixture_vendor_v1")}});
  registry->reload();
  const auto reply = registry->chat("echo", request(R"({"mode":"malformed"})"), std::chrono::seconds(1));
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().errorClass, ErrorClass::Permanent);
}

TEST_F(PluginRegistryTest, UnknownFailedAndWrongKindPluginsAreTypedErrors) {
  auto registry = makeRegistry({{"broken", fixture("fixture_no_table")}, {"tool", fixture("fixture_tool")}});
  registry->reload();
  auto unknown = registry->chat("nope", request(), std::chrono::seconds(1));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().errorClass, ErrorClass::InvalidRequest);
  auto broken = registry->chat("broken", request(), std::chrono::seconds(1));
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().errorClass, ErrorClass::Permanent);
  EXPECT_EQ(broken.error().message,
            "plugin broken is not loaded: descriptor kind vendor has no vendor table");
  auto wrongKind = registry->chat("tool", request(), std::chrono::seconds(1));
  ASSERT_FALSE(wrongKind);
  EXPECT_EQ(wrongKind.error().errorClass, ErrorClass::InvalidRequest);
  EXPECT_FALSE(registry->hasVendor("tool"));
  EXPECT_TRUE(registry->hasTool("tool"));
  EXPECT_TRUE(registry->hasVendor("broken"));  // configured, kind unknown: calls fail with its load error
  EXPECT_FALSE(registry->hasVendor("nope"));
}

TEST_F(PluginRegistryTest, CallsToolSttAndTtsPlugins) {
  auto registry = makeRegistry({{"InvoiceLookup", fixture("fixture_tool")},
                                {"stt", fixture("fixture_stt")},
                                {"tts", fixture("fixture_tts")}});
  registry->reload();
  CallOptions call;
  call.tenantId = "acme";

  const auto tools = registry->tools();
  ASSERT_EQ(tools.size(), 1u);
  EXPECT_EQ(tools[0].name, "InvoiceLookup");
  EXPECT_EQ(tools[0].description, "Looks up invoices");

  const auto found = registry->invokeTool("InvoiceLookup", R"({"number":"INV-1"})", call);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_TRUE(found->found);
  EXPECT_EQ(found->summary, "invoice INV-1 of acme");
  const auto missing = registry->invokeTool("InvoiceLookup", R"({"number":"INV-404"})", call);
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_FALSE(missing->found);
  EXPECT_EQ(missing->resultJson, R"({"error":"not_found","message":"no invoice INV-404"})");

  const auto transcript = registry->transcribe("stt", std::string(44, 'w'), "{}", call);
  ASSERT_TRUE(transcript) << transcript.error().message;
  EXPECT_EQ(*transcript, R"({"transcript":"heard 44 bytes","durationMs":100})");
  const auto wav = registry->synthesize("tts", "hello", "{}", call);
  ASSERT_TRUE(wav) << wav.error().message;
  EXPECT_EQ(*wav, "RIFFhello");
}

TEST_F(PluginRegistryTest, ACancelledCallReturnsCancelled) {
  auto registry = makeRegistry({{"echo", fixture("fixture_vendor_v1")}});
  registry->reload();
  CancelToken token;
  auto blocked = request(R"({"mode":"block"})");
  blocked.cancel = &token;
  auto pending = std::async(std::launch::async,
                            [&] { return registry->chat("echo", blocked, std::chrono::seconds(30)); });
  ASSERT_TRUE(test::eventually([&] { return registry->list().at(0).inFlight == 1; }));
  token.cancel();
  const auto reply = pending.get();
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().errorClass, ErrorClass::Cancelled);
}

TEST_F(PluginRegistryTest, ARefusedReloadKeepsTheWorkingGenerationServing) {
  auto registry = makeRegistry({{"echo", fixture("fixture_vendor_v1")}});
  registry->reload();
  test::writeAtomically(configPath_, test::configJson({{"echo", fixture("fixture_newer_major")}}));
  const auto summary = registry->reload();
  EXPECT_EQ(summary.failed, std::vector<std::string>{"echo"});
  const auto rows = registry->list();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "loaded");
  EXPECT_EQ(rows[0].version, "1.0.1");
  EXPECT_NE(rows[0].error.find("ABI major 2 not supported"), std::string::npos) << rows[0].error;
  EXPECT_TRUE(registry->chat("echo", request(), std::chrono::seconds(1)));
}

TEST_F(PluginRegistryTest, AnUnchangedEntryIsNotReloadedAndARemovedOneIsUnloaded) {
  auto registry = makeRegistry({{"a", fixture("fixture_vendor_v4")}, {"b", fixture("fixture_vendor_v5")}});
  registry->reload();
  test::writeAtomically(configPath_, test::configJson({{"a", fixture("fixture_vendor_v4")}}));
  const auto summary = registry->reload();
  EXPECT_EQ(summary.unchanged, std::vector<std::string>{"a"});
  EXPECT_EQ(summary.removed, std::vector<std::string>{"b"});
  EXPECT_FALSE(test::libraryIsLoaded(fixture("fixture_vendor_v5")));
  EXPECT_FALSE(registry->hasVendor("b"));
}

TEST_F(PluginRegistryTest, AnUnreadableConfigChangesNothing) {
  auto registry = makeRegistry({{"echo", fixture("fixture_vendor_v1")}});
  registry->reload();
  test::writeAtomically(configPath_, "{ not json");
  const auto summary = registry->reload();
  EXPECT_FALSE(summary.error.empty());
  EXPECT_TRUE(registry->chat("echo", request(), std::chrono::seconds(1)));
}

}  // namespace
}  // namespace vb
