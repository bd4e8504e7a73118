// Careless-operator cases on the real host: a wrong-kind library swapped
// into a vendor slot, a vendor agents use removed from the config, and what
// tenants versus the operator see of a refused plugin.
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "support/test_host.h"

namespace vb {
namespace {

using test::HttpResult;
using test::TestHost;

const std::map<std::string, std::string> kOperator{{"X-Operator-Token", "dev-operator-token"}};

struct Caller {
  std::string admin;
  std::string analyst;
  std::string session;
};

Caller setUp(const TestHost& host, const std::string& primary) {
  Caller c;
  const auto tenant = host.call("POST", "/v1/tenants", kOperator, R"({"name":"Ops"})");
  c.admin = tenant.json()->getObject("apiKey")->getValue<std::string>("key");
  const std::map<std::string, std::string> auth{{"Authorization", "Bearer " + c.admin}};
  c.analyst = host.call("POST", "/v1/api-keys", auth, R"({"role":"analyst"})").json()->getValue<std::string>("key");
  const auto agent = host.call("POST", "/v1/agents", auth,
                               R"({"name":"Bot","primaryProvider":")" + primary + R"(","systemPrompt":"Hi."})");
  c.session = host.call("POST", "/v1/sessions", auth,
                        R"({"agentId":")" + agent.json()->getValue<std::string>("id") + R"(","customerId":"c"})")
                  .json()
                  ->getValue<std::string>("id");
  return c;
}

Poco::JSON::Object::Ptr readConfig(const TestHost& host) {
  Poco::FileInputStream in(host.configPath());
  Poco::JSON::Parser parser;
  return parser.parse(in).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr pluginNamed(const HttpResult& list, const std::string& name) {
  const auto root = list.json();  // keeps the parsed document alive while iterating
  for (const auto& item : *root->getArray("items")) {
    const auto object = item.extract<Poco::JSON::Object::Ptr>();
    if (object->getValue<std::string>("name") == name && object->getValue<std::string>("status") != "draining")
      return object;
  }
  return nullptr;
}

void setPluginPath(Poco::JSON::Object& config, const std::string& name, const std::string& path) {
  const auto plugins = config.getArray("plugins");
  for (const auto& entry : *plugins) {
    auto object = entry.extract<Poco::JSON::Object::Ptr>();
    if (object->getValue<std::string>("name") == name) object->set("path", path);
  }
}

TEST(PluginOperations, AWrongKindLibraryIsRefusedAndTheVendorKeepsServing) {
  TestHost host;
  const auto caller = setUp(host, "vendorA");
  auto config = readConfig(host);
  setPluginPath(*config, "vendorA", "libvb_mock_tts.so");
  host.writeConfig(*config);
  const auto reload = host.call("POST", "/v1/admin/plugins/reload", kOperator, "{}");
  ASSERT_EQ(reload.status, 200) << reload.body;
  const auto vendorA = pluginNamed(reload, "vendorA");
  ASSERT_TRUE(vendorA);
  EXPECT_EQ(vendorA->getValue<std::string>("kind"), "vendor");
  EXPECT_EQ(vendorA->getValue<std::string>("status"), "loaded");
  EXPECT_NE(vendorA->getValue<std::string>("error").find("tts"), std::string::npos) << reload.body;

  for (int i = 0; i < 5; ++i) {
    const auto turn = host.call("POST", "/v1/sessions/" + caller.session + "/messages",
                                {{"Authorization", "Bearer " + caller.admin}}, R"({"content":"still there?"})");
    EXPECT_EQ(turn.status, 201) << turn.body;
  }
  EXPECT_EQ(host.call("GET", "/readyz").status, 200);
}

TEST(PluginOperations, ReadinessIsDegradedWhileAVendorThatAgentsUseIsNotLoaded) {
  TestHost host;
  setUp(host, "vendorB");
  ASSERT_EQ(host.call("GET", "/readyz").status, 200);
  auto config = readConfig(host);
  Poco::JSON::Array::Ptr kept = new Poco::JSON::Array;
  for (const auto& entry : *config->getArray("plugins"))
    if (entry.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("name") != "vendorB") kept->add(entry);
  config->set("plugins", kept);
  host.writeConfig(*config);
  ASSERT_EQ(host.call("POST", "/v1/admin/plugins/reload", kOperator, "{}").status, 200);
  const auto ready = host.call("GET", "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.json()->getValue<std::string>("status"), "degraded");
  const auto missing = ready.json()->getArray("missingVendors");
  ASSERT_TRUE(missing);
  ASSERT_EQ(missing->size(), 1u);
  EXPECT_EQ(missing->getElement<std::string>(0), "vendorB");
}

TEST(PluginOperations, TenantsSeeNoPathsOrLoaderInternalsTheOperatorDoes) {
  TestHost host;
  const auto caller = setUp(host, "vendorA");
  auto config = readConfig(host);
  setPluginPath(*config, "mockStt", std::string(VB_PLUGIN_DIR) + "/no_such_plugin.so");
  host.writeConfig(*config);
  ASSERT_EQ(host.call("POST", "/v1/admin/plugins/reload", kOperator, "{}").status, 200);

  const auto tenantView = host.call("GET", "/v1/plugins", {{"Authorization", "Bearer " + caller.analyst}});
  ASSERT_EQ(tenantView.status, 200);
  const auto stt = pluginNamed(tenantView, "mockStt");
  ASSERT_TRUE(stt);
  const std::string error = stt->optValue<std::string>("error", "");
  EXPECT_NE(error.find("no_such_plugin.so"), std::string::npos) << error;
  EXPECT_EQ(tenantView.body.find(VB_PLUGIN_DIR), std::string::npos) << tenantView.body;
  EXPECT_FALSE(stt->has("path"));

  const auto operatorView = host.call("GET", "/v1/admin/plugins", kOperator);
  ASSERT_EQ(operatorView.status, 200);
  EXPECT_NE(operatorView.body.find(VB_PLUGIN_DIR), std::string::npos);
  EXPECT_EQ(host.call("GET", "/v1/admin/plugins", {{"Authorization", "Bearer " + caller.admin}}).status, 401);
}

}  // namespace
}  // namespace vb
