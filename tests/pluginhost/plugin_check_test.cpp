// vb-plugin-check, run as a user would: accepts good plugins (exit 0) and
// names the defect of a bad one (exit 1).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "plugin_test_support.h"

namespace vb {
namespace {

struct Run {
  int exitCode = -1;
  std::string output;
};

Run runChecker(const std::string& arguments) {
  Run run;
  const std::string command = std::string(VB_BIN_DIR) + "/vb-plugin-check " + arguments + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(PluginCheck, AcceptsAGoodVendorAndPrintsWhatItFound) {
  const auto run = runChecker(test::fixture("fixture_vendor_v1"));
  EXPECT_EQ(run.exitCode, 0) << run.output;
  EXPECT_NE(run.output.find("name        fixture-vendor"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("kind        vendor"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("version     1.0.1"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("abi         1.0"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("create      ok"), std::string::npos) << run.output;
}

TEST(PluginCheck, AcceptsAToolAndAnOlderDescriptor) {
  EXPECT_EQ(runChecker(test::fixture("fixture_tool")).exitCode, 0);
  EXPECT_EQ(runChecker(test::fixture("fixture_old_descriptor")).exitCode, 0);
}

TEST(PluginCheck, RejectsANewerMajorWithTheReason) {
  const auto run = runChecker(test::fixture("fixture_newer_major"));
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_NE(run.output.find("ABI major 2 not supported (host 1.0)"), std::string::npos) << run.output;
}

TEST(PluginCheck, RejectsAFailingCreateUnlessAskedNotToCreate) {
  const auto run = runChecker(test::fixture("fixture_create_fails"));
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_NE(run.output.find("create failed: missing setting apiKey"), std::string::npos) << run.output;
  EXPECT_EQ(runChecker("--no-create " + test::fixture("fixture_create_fails")).exitCode, 0);
}

TEST(PluginCheck, UsageErrorsExitTwo) { EXPECT_EQ(runChecker("").exitCode, 2); }

// Every plugin config/vocalbridge.json loads (vendors, mocks, the real
// speech engines, tools) passes the checker with its shipped settings; a
// mock vendor URL is replaced by an address nothing listens on (create only
// validates it).
TEST(PluginCheck, AcceptsEveryPluginTheShippedConfigLoads) {
  std::ifstream in(std::string(VB_SOURCE_DIR) + "/config/vocalbridge.json");
  ASSERT_TRUE(in);
  Poco::JSON::Parser parser;
  const auto plugins = parser.parse(in).extract<Poco::JSON::Object::Ptr>()->getArray("plugins");
  ASSERT_TRUE(plugins && plugins->size() > 0);
  for (size_t i = 0; i < plugins->size(); ++i) {
    const auto entry = plugins->getObject(static_cast<unsigned>(i));
    std::ostringstream settings;
    Poco::JSON::Stringifier::stringify(entry->getObject("settings"), settings);
    const std::string json = std::regex_replace(settings.str(), std::regex(R"(\$\{mock:[A-Za-z]+\})"),
                                                "http://127.0.0.1:9");
    const std::string name = entry->getValue<std::string>("name");
    const auto run = runChecker("--settings '" + json + "' " + std::string(VB_PLUGIN_DIR) + "/" +
                                entry->getValue<std::string>("path"));
    EXPECT_EQ(run.exitCode, 0) << name << ":\n" << run.output;
    EXPECT_NE(run.output.find("create      ok"), std::string::npos) << name << ":\n" << run.output;
  }
}

}  // namespace
}  // namespace vb
