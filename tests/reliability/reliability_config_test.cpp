// ReliabilityConfig: the "reliability" section parsed once, strictly.
#include "reliability/reliability_config.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vb {
namespace {

using std::chrono::milliseconds;

Poco::JSON::Object::Ptr json(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

TEST(ReliabilityConfig, AMissingSectionGivesTheBuiltInDefaults) {
  auto parsed = ReliabilityConfig::parse(nullptr);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  const auto& config = *parsed.value();
  EXPECT_EQ(config.turnDeadline(), milliseconds{4000});
  const auto& settings = config.forVendor("anyVendor");
  EXPECT_EQ(settings.attemptTimeout, milliseconds{500});
  EXPECT_EQ(settings.retry.maxAttempts, 3);
  EXPECT_EQ(settings.retry.backoffBase, milliseconds{50});
  EXPECT_EQ(settings.retry.backoffCap, milliseconds{1000});
  EXPECT_EQ(settings.breaker.consecutiveFailures, 5);
  EXPECT_DOUBLE_EQ(settings.breaker.failureRatio, 0.5);
  EXPECT_EQ(settings.breaker.minimumCalls, 20);
  EXPECT_EQ(settings.breaker.window, milliseconds{10000});
  EXPECT_EQ(settings.breaker.coolDown, milliseconds{5000});
}

TEST(ReliabilityConfig, VendorEntriesOverrideTheDefaultsKeyByKey) {
  auto parsed = ReliabilityConfig::parse(json(R"({
    "turnDeadlineMs": 3000,
    "defaults": {"attemptTimeoutMs": 800, "maxAttempts": 4, "breaker": {"coolDownMs": 2000}},
    "vendors": {"vendorA": {"maxAttempts": 2, "breaker": {"consecutiveFailures": 9}}}
  })"));
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  const auto& config = *parsed.value();
  EXPECT_EQ(config.turnDeadline(), milliseconds{3000});
  const auto& a = config.forVendor("vendorA");
  EXPECT_EQ(a.attemptTimeout, milliseconds{800});  // from defaults
  EXPECT_EQ(a.retry.maxAttempts, 2);               // its own
  EXPECT_EQ(a.breaker.consecutiveFailures, 9);     // its own
  EXPECT_EQ(a.breaker.coolDown, milliseconds{2000});
  const auto& other = config.forVendor("vendorZ");  // not named: the defaults
  EXPECT_EQ(other.retry.maxAttempts, 4);
  EXPECT_EQ(other.breaker.consecutiveFailures, 5);
  EXPECT_EQ(config.configuredVendors(), std::vector<std::string>{"vendorA"});
}

TEST(ReliabilityConfig, UnderscoreKeysAreCommentsAndIgnored) {
  auto parsed = ReliabilityConfig::parse(json(R"({
    "_about": "x", "_why_turnDeadlineMs": "y",
    "defaults": {"_why": "z", "breaker": {"_why_coolDownMs": "w"}},
    "vendors": {"_note": "not a vendor", "vendorB": {"_about": "v"}}
  })"));
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_EQ(parsed.value()->configuredVendors(), std::vector<std::string>{"vendorB"});
}

TEST(ReliabilityConfig, BadValuesAreRejectedNamingTheKey) {
  const struct {
    const char* section;
    const char* error;
  } cases[] = {
      {R"({"turnDeadlineMs": 0})", "reliability.turnDeadlineMs: must be in [1, "},
      {R"({"turnDeadlineMs": "4000"})", "reliability.turnDeadlineMs: must be an integer"},
      {R"({"turnDeadlineMs": 1.5})", "reliability.turnDeadlineMs: must be an integer"},
      {R"({"turnDeadlinMs": 4000})", "reliability.turnDeadlinMs: unknown key"},
      {R"({"defaults": {"maxAttempts": 0}})", "reliability.defaults.maxAttempts: must be in [1, 100]"},
      {R"({"defaults": {"backoffBaseMs": 500, "backoffCapMs": 100}})",
       "reliability.defaults.backoffCapMs: must not be below backoffBaseMs"},
      {R"({"defaults": []})", "reliability.defaults: must be an object"},
      {R"({"vendors": {"vendorA": 3}})", "reliability.vendors.vendorA: must be an object"},
      {R"({"vendors": {"vendorA": {"breaker": {"failureRatio": 0}}}})",
       "reliability.vendors.vendorA.breaker.failureRatio: must be in (0, 1]"},
      {R"({"vendors": {"vendorA": {"breaker": {"failureRatio": 1.5}}}})",
       "reliability.vendors.vendorA.breaker.failureRatio: must be in (0, 1]"},
      {R"({"vendors": {"vendorA": {"breaker": {"failureRatio": "half"}}}})",
       "reliability.vendors.vendorA.breaker.failureRatio: must be a number"},
      {R"({"vendors": {"vendorA": {"breaker": {"coolDown": 5}}}})",
       "reliability.vendors.vendorA.breaker.coolDown: unknown key"},
      {R"({"vendors": {"vendorA": {"attemptTimeoutMs": -1}}})",
       "reliability.vendors.vendorA.attemptTimeoutMs: must be in [1, "},
  };
  for (const auto& c : cases) {
    auto parsed = ReliabilityConfig::parse(json(c.section));
    ASSERT_FALSE(parsed.ok()) << c.section;
    EXPECT_EQ(parsed.error().rfind(c.error, 0), 0u) << c.section << " → " << parsed.error();
  }
}

TEST(ReliabilityConfig, FromConfigThrowsWhatParseReports) {
  try {
    ReliabilityConfig::fromConfig(json(R"({"defaults": {"maxAttempts": 0}})"));
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "reliability.defaults.maxAttempts: must be in [1, 100]");
  }
}

// Every number in the shipped section carries a "_why_<key>" beside it.
void expectEveryKeyExplained(const Poco::JSON::Object::Ptr& object, const std::string& path) {
  for (const auto& [key, value] : *object) {
    if (key[0] == '_') continue;
    if (auto child = object->getObject(key)) {
      expectEveryKeyExplained(child, path + "." + key);
    } else {
      EXPECT_TRUE(object->has("_why_" + key)) << path << "." << key << " has no _why_" << key;
    }
  }
}

TEST(ReliabilityConfig, TheShippedConfigParsesAndExplainsEveryValue) {
  std::ifstream in(std::string(VB_SOURCE_DIR) + "/config/vocalbridge.json");
  ASSERT_TRUE(in) << "config/vocalbridge.json";
  std::stringstream text;
  text << in.rdbuf();
  auto section = json(text.str())->getObject("reliability");
  ASSERT_TRUE(section);
  auto parsed = ReliabilityConfig::parse(section);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  const auto& config = *parsed.value();
  EXPECT_EQ(config.configuredVendors(), (std::vector<std::string>{"vendorA", "vendorB"}));
  // The attempt timeout must cut vendorA's slow answers (mockVendors.vendorA.slowMs)...
  const auto mockA = json(text.str())->getObject("mockVendors")->getObject("vendorA");
  EXPECT_LT(config.forVendor("vendorA").attemptTimeout.count(), mockA->getValue<int>("slowMs"));
  // ...and vendorB's retry-after must fit in the deadline with room for a try.
  const auto mockB = json(text.str())->getObject("mockVendors")->getObject("vendorB");
  EXPECT_LT(mockB->getValue<int>("retryAfterMs") * 2, config.turnDeadline().count());
  expectEveryKeyExplained(section, "reliability");
}

}  // namespace
}  // namespace vb
