// What the governance integration tests share: a tenant with an admin and
// an analyst key, agents and sessions made through the real API, row counts
// read straight from the store, and the worst case a turn reserves.
#pragma once

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "app/services.h"
#include "conversation/vendor_request.h"
#include "store/database.h"
#include "support/test_host.h"

namespace vb::test {

using Headers = std::map<std::string, std::string>;

struct TestTenant {
  std::string id;
  Headers admin;
  Headers analyst;
};

template <typename Host>
TestTenant createTenant(Host& host, const std::string& name) {
  const auto created = host.call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}},
                                 R"({"name":")" + name + R"("})");
  EXPECT_EQ(created.status, 201) << created.body;
  TestTenant t;
  t.id = created.json()->getObject("tenant")->template getValue<std::string>("id");
  t.admin = {{"Authorization",
              "Bearer " + created.json()->getObject("apiKey")->template getValue<std::string>("key")}};
  const auto analyst = host.call("POST", "/v1/api-keys", t.admin, R"({"role":"analyst"})");
  EXPECT_EQ(analyst.status, 201) << analyst.body;
  t.analyst = {{"Authorization", "Bearer " + analyst.json()->template getValue<std::string>("key")}};
  return t;
}

template <typename Host>
std::string createAgent(Host& host, const Headers& auth, const std::string& primary,
                        const std::string& fallback = "") {
  const std::string body = R"({"name":"Bot","primaryProvider":")" + primary + "\"" +
                           (fallback.empty() ? "" : R"(,"fallbackProvider":")" + fallback + "\"") +
                           R"(,"systemPrompt":"Be brief."})";
  const auto agent = host.call("POST", "/v1/agents", auth, body);
  EXPECT_EQ(agent.status, 201) << agent.body;
  return agent.json()->template getValue<std::string>("id");
}

template <typename Host>
std::string messagesPath(Host& host, const Headers& auth, const std::string& agentId) {
  const auto session =
      host.call("POST", "/v1/sessions", auth, R"({"agentId":")" + agentId + R"(","customerId":"c1"})");
  EXPECT_EQ(session.status, 201) << session.body;
  return "/v1/sessions/" + session.json()->template getValue<std::string>("id") + "/messages";
}

inline int64_t scalar(Database& db, const std::string& sql) {
  return db.read([&](Transaction& tx) {
    Poco::Int64 n = 0;
    tx.session() << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return static_cast<int64_t>(n);
  });
}

// The rows a turn can leave behind, all tables together.
inline int64_t turnRows(Database& db) {
  return scalar(db,
                "SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM usage_events) + "
                "(SELECT COUNT(*) FROM attempts) + (SELECT COUNT(*) FROM idempotency_keys) + "
                "(SELECT COUNT(*) FROM tool_audit) + (SELECT COUNT(*) FROM budget_reservations)");
}

// What a first turn (empty history, no tools) with `content` reserves for an
// agent with these providers, as the host computes it.
inline int64_t worstCaseOfFirstTurn(Services& services, const std::string& primary,
                                    const std::string& fallback, const std::string& content) {
  Agent agent;
  agent.primaryProvider = primary;
  if (!fallback.empty()) agent.fallbackProvider = fallback;
  const VendorRequest request("Be brief.", {}, {}, content);
  return services.governance.turns().worstCaseMicros(agent, request.json().size());
}

}  // namespace vb::test
