// vb-plugin-check, run as a user would: accepts good plugins (exit 0) and
// names the defect of a bad one (exit 1).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>

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

}  // namespace
}  // namespace vb
