// What the edge integration tests set up on a TestHost: a tenant with an
// agent and a session, and the row counts that prove nothing was stored.
#pragma once

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "app/services.h"
#include "store/database.h"
#include "support/test_host.h"

namespace vb::test {

struct TenantSetup {
  std::string tenantId;
  std::string adminKey;
  std::string agentId;
  std::string sessionId;
};

inline std::map<std::string, std::string> bearer(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

// A tenant (through the operator route), an agent on vendorA and a session.
inline TenantSetup setUpTenant(const TestHost& host, const std::string& name = "Edge") {
  TenantSetup t;
  const auto tenant = host.call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}},
                                R"({"name":")" + name + R"("})");
  EXPECT_EQ(tenant.status, 201) << tenant.body;
  t.tenantId = tenant.json()->getObject("tenant")->getValue<std::string>("id");
  t.adminKey = tenant.json()->getObject("apiKey")->getValue<std::string>("key");
  const auto agent = host.call("POST", "/v1/agents", bearer(t.adminKey),
                               R"({"name":"Edge bot","primaryProvider":"vendorA","systemPrompt":"Be brief."})");
  EXPECT_EQ(agent.status, 201) << agent.body;
  t.agentId = agent.json()->getValue<std::string>("id");
  const auto session = host.call("POST", "/v1/sessions", bearer(t.adminKey),
                                 R"({"agentId":")" + t.agentId + R"(","customerId":"cust-1"})");
  EXPECT_EQ(session.status, 201) << session.body;
  t.sessionId = session.json()->getValue<std::string>("id");
  return t;
}

// Rows in each table a turn or an agent writes.
inline std::map<std::string, int64_t> rowCounts(TestHost& host) {
  std::map<std::string, int64_t> counts;
  host.gateway().services().database->read([&](Transaction& tx) {
    for (const std::string table : {"agents", "sessions", "messages", "attempts", "usage_events", "idempotency_keys"}) {
      int64_t n = 0;
      tx.session() << "SELECT COUNT(*) FROM " + table, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
      counts[table] = n;
    }
  });
  return counts;
}

}  // namespace vb::test
