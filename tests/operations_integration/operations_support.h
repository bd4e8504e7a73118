// What the operations tests share: tenants, agents, sessions and turns over
// the real HTTP API of a TestHost, and the mock vendor scripts.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <string>

#include "support/test_host.h"

namespace vb::ops_test {

using test::HttpResult;
using test::TestHost;

struct TestTenant {
  std::string id;
  std::string adminKey;
};

inline std::map<std::string, std::string> bearer(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

inline TestTenant createTenant(const TestHost& host, const std::string& name) {
  const auto r = host.call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}},
                           R"({"name":")" + name + R"("})");
  EXPECT_EQ(r.status, 201) << r.body;
  const auto json = r.json();
  return {json->getObject("tenant")->getValue<std::string>("id"),
          json->getObject("apiKey")->getValue<std::string>("key")};
}

inline std::string createAgent(const TestHost& host, const std::string& key, const std::string& primary,
                               const std::string& fallback) {
  const std::string fallbackJson = fallback.empty() ? "null" : "\"" + fallback + "\"";
  const auto r = host.call("POST", "/v1/agents", bearer(key),
                           R"({"name":"Ops bot","primaryProvider":")" + primary + R"(","fallbackProvider":)" +
                               fallbackJson + R"(,"systemPrompt":"You help.","enabledTools":[]})");
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()->getValue<std::string>("id");
}

inline std::string createSession(const TestHost& host, const std::string& key, const std::string& agentId) {
  const auto r = host.call("POST", "/v1/sessions", bearer(key),
                           R"({"agentId":")" + agentId + R"(","customerId":"cust-1"})");
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()->getValue<std::string>("id");
}

// POST a message with the given X-Request-Id (and Idempotency-Key when set).
inline HttpResult send(const TestHost& host, const std::string& key, const std::string& sessionId,
                       const std::string& requestId, const std::string& idempotencyKey = {}) {
  auto headers = bearer(key);
  headers["X-Request-Id"] = requestId;
  if (!idempotencyKey.empty()) headers["Idempotency-Key"] = idempotencyKey;
  return host.call("POST", "/v1/sessions/" + sessionId + "/messages", headers,
                   R"({"content":"Hello there"})");
}

// The mock vendorA answers every request with HTTP 500, without latency.
inline void vendorAAlwaysFails(Poco::JSON::Object& config) {
  auto vendorA = config.getObject("mockVendors")->getObject("vendorA");
  vendorA->set("zero", false);
  vendorA->set("failureRate", 1.0);
  vendorA->set("slowRate", 0.0);
  vendorA->set("latencyMs", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
}

// The answer's "items" (an empty array, and a test failure, when it has none).
inline Poco::JSON::Array::Ptr items(const HttpResult& r) {
  Poco::JSON::Array::Ptr list;
  if (r.status == 200) list = r.json()->getArray("items");
  if (list) return list;
  ADD_FAILURE() << "no items in " << r.status << " " << r.body;
  return new Poco::JSON::Array;
}

}  // namespace vb::ops_test
