// The whole host, as `make run` starts it: in-process mock vendors over real
// HTTP, the built vendor plugins, SQLite, the HTTP edge on an ephemeral port.
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include "support/test_host.h"

namespace vb {
namespace {

using test::HttpResult;
using test::TestHost;

struct Tenant {
  std::string id;
  std::string adminKey;
};

Tenant createTenant(const TestHost& host, const std::string& name) {
  const auto r = host.call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}},
                           R"({"name":")" + name + R"("})");
  EXPECT_EQ(r.status, 201) << r.body;
  const auto json = r.json();
  return {json->getObject("tenant")->getValue<std::string>("id"),
          json->getObject("apiKey")->getValue<std::string>("key")};
}

std::map<std::string, std::string> bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

std::string createAgent(const TestHost& host, const std::string& key, const std::string& primary,
                        const std::string& fallback) {
  const std::string fallbackJson = fallback.empty() ? "null" : "\"" + fallback + "\"";
  const auto r = host.call("POST", "/v1/agents", bearer(key),
                           R"({"name":"Billing bot","primaryProvider":")" + primary +
                               R"(","fallbackProvider":)" + fallbackJson +
                               R"(,"systemPrompt":"You are a billing assistant.","enabledTools":[]})");
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()->getValue<std::string>("id");
}

std::string createSession(const TestHost& host, const std::string& key, const std::string& agentId) {
  const auto r =
      host.call("POST", "/v1/sessions", bearer(key), R"({"agentId":")" + agentId + R"(","customerId":"cust-1"})");
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()->getValue<std::string>("id");
}

HttpResult send(const TestHost& host, const std::string& key, const std::string& sessionId,
                const std::string& content, const std::string& idempotencyKey = {}) {
  auto headers = bearer(key);
  if (!idempotencyKey.empty()) headers["Idempotency-Key"] = idempotencyKey;
  return host.call("POST", "/v1/sessions/" + sessionId + "/messages", headers,
                   R"({"content":")" + content + R"("})");
}

int64_t usageTotalMicros(const TestHost& host, const std::string& key) {
  const auto r = host.call("GET", "/v1/usage", bearer(key));
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json()->getObject("totals")->getObject("cost")->getValue<int64_t>("micros");
}

// The mock vendorA answers every request with HTTP 500, without latency.
void vendorAAlwaysFails(Poco::JSON::Object& config) {
  auto vendorA = config.getObject("mockVendors")->getObject("vendorA");
  vendorA->set("zero", false);
  vendorA->set("failureRate", 1.0);
  vendorA->set("slowRate", 0.0);
  vendorA->set("latencyMs", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
}

TEST(Gateway, StartsWithBothVendorPluginsLoadedAndReady) {
  TestHost host;
  const Tenant tenant = createTenant(host, "Acme");
  const auto plugins = host.call("GET", "/v1/plugins", bearer(tenant.adminKey));
  ASSERT_EQ(plugins.status, 200);
  std::map<std::string, std::string> status;
  const auto items = plugins.json()->getArray("items");
  for (const auto& item : *items) {
    const auto object = item.extract<Poco::JSON::Object::Ptr>();
    status[object->getValue<std::string>("name")] = object->getValue<std::string>("status");
  }
  EXPECT_EQ(status["vendorA"], "loaded");
  EXPECT_EQ(status["vendorB"], "loaded");
  EXPECT_EQ(host.call("GET", "/healthz").status, 200);
  EXPECT_EQ(host.call("GET", "/readyz").status, 200);
  EXPECT_EQ(plugins.body.find("/plugins/"), std::string::npos) << "library paths are not shown to tenants";
}

TEST(Gateway, ATurnThroughTheMockVendorIsBilledAtExactlyTokensTimesPrice) {
  TestHost host;
  const Tenant tenant = createTenant(host, "Acme");
  const int64_t before = usageTotalMicros(host, tenant.adminKey);
  const auto session = createSession(host, tenant.adminKey, createAgent(host, tenant.adminKey, "vendorB", "vendorA"));
  const auto turn = send(host, tenant.adminKey, session, "What is my balance?");
  ASSERT_EQ(turn.status, 201) << turn.body;
  const auto json = turn.json();
  const auto usage = json->getObject("usage");
  EXPECT_EQ(usage->getValue<std::string>("provider"), "vendorB");
  const int64_t in = usage->getValue<int64_t>("tokensIn");
  const int64_t out = usage->getValue<int64_t>("tokensOut");
  EXPECT_GT(in, 0);
  EXPECT_GT(out, 0);
  // vendorB: 3000 micro-USD per 1K tokens each way, rounded half up once.
  const int64_t expected = (in * 3000 + out * 3000 + 500) / 1000;
  EXPECT_EQ(usage->getObject("cost")->getValue<int64_t>("micros"), expected);
  EXPECT_FALSE(json->getObject("message")->getValue<std::string>("content").empty());
  EXPECT_EQ(usageTotalMicros(host, tenant.adminKey) - before, expected);
  EXPECT_EQ(turn.header("Server-Timing").rfind("vendor;dur=", 0), 0u) << "vendor time is exposed for overhead";
}

TEST(Gateway, ADeadPrimaryFallsBackAndRecordsEveryAttempt) {
  TestHost host(vendorAAlwaysFails);
  const Tenant tenant = createTenant(host, "Acme");
  const auto session = createSession(host, tenant.adminKey, createAgent(host, tenant.adminKey, "vendorA", "vendorB"));
  const auto turn = send(host, tenant.adminKey, session, "Hello there");
  ASSERT_EQ(turn.status, 201) << turn.body;
  const auto routing = turn.json()->getObject("routing");
  EXPECT_TRUE(routing->getValue<bool>("fallbackUsed"));
  EXPECT_EQ(routing->getValue<std::string>("provider"), "vendorB");
  const auto attempts = routing->getArray("attempts");
  ASSERT_GE(attempts->size(), 2u);
  EXPECT_EQ(attempts->getObject(0)->getValue<std::string>("provider"), "vendorA");
  EXPECT_EQ(attempts->getObject(0)->getValue<std::string>("outcome"), "http_500");
  EXPECT_EQ(attempts->getObject(attempts->size() - 1)->getValue<std::string>("outcome"), "ok");
  const auto metrics = host.call("GET", "/metrics");
  EXPECT_NE(metrics.body.find("vb_fallbacks_total"), std::string::npos);
  EXPECT_NE(metrics.body.find("vb_vendor_attempts_total{provider=\"vendorA\",outcome=\"http_500\"}"),
            std::string::npos);
}

TEST(Gateway, WhenEveryVendorFailsTheTurnIs502AndNothingIsBilled) {
  TestHost host(vendorAAlwaysFails);
  const Tenant tenant = createTenant(host, "Acme");
  const int64_t before = usageTotalMicros(host, tenant.adminKey);
  const auto session = createSession(host, tenant.adminKey, createAgent(host, tenant.adminKey, "vendorA", ""));
  const auto turn = send(host, tenant.adminKey, session, "Hello", "key-1");
  EXPECT_EQ(turn.status, 502) << turn.body;
  EXPECT_EQ(turn.contentType, "application/problem+json");
  EXPECT_GE(turn.json()->getArray("attempts")->size(), 1u);
  EXPECT_EQ(usageTotalMicros(host, tenant.adminKey), before);
  const auto transcript = host.call("GET", "/v1/sessions/" + session, bearer(tenant.adminKey));
  EXPECT_EQ(transcript.json()->getArray("messages")->size(), 0u);
}

TEST(Gateway, OperatorReloadAnswersThePluginListAndNeedsTheToken) {
  TestHost host;
  EXPECT_EQ(host.call("POST", "/v1/admin/plugins/reload").status, 401);
  const auto reload =
      host.call("POST", "/v1/admin/plugins/reload", {{"X-Operator-Token", "dev-operator-token"}}, "{}");
  ASSERT_EQ(reload.status, 200) << reload.body;
  EXPECT_GE(reload.json()->getArray("items")->size(), 2u);
}

}  // namespace
}  // namespace vb

namespace vb {
namespace {

TEST(Gateway, AnOversizedBodyThatIsFullySentGets413NotAReset) {
  test::TestHost host;
  const auto r = host.call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}},
                           "{\"name\":\"" + std::string(1100 * 1024, 'x') + "\"}");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.contentType, "application/problem+json");
}

}  // namespace
}  // namespace vb
