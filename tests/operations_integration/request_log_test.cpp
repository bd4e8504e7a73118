// GET /v1/requests against the real host: every turn that ran — answered or
// failed — is in the log, tenant-scoped, filterable and paged.
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <set>

#include "app/services.h"
#include "operations_support.h"
#include "store/database.h"
#include "store/transaction.h"

namespace vb {
namespace {

using namespace ops_test;
using Poco::JSON::Object;

int64_t rowsOf(TestHost& host, const std::string& table, const std::string& tenantId) {
  return host.gateway().services().database->read([&](Transaction& tx) {
    std::string t = tenantId;
    Poco::Int64 n = 0;
    using namespace Poco::Data::Keywords;
    tx.session() << "SELECT COUNT(*) FROM " + table + " WHERE tenant_id = $1", use(t), into(n), now;
    return static_cast<int64_t>(n);
  });
}

Object::Ptr onlyEntry(const HttpResult& r) {
  EXPECT_EQ(r.status, 200) << r.body;
  const auto list = items(r);
  EXPECT_EQ(list->size(), 1u) << r.body;
  return list->getObject(0);
}

TEST(RequestLog, AFailedTurnIsFoundByItsRequestIdWithItsAttemptsAndNoCost) {
  TestHost host(vendorAAlwaysFails);
  const TestTenant acme = createTenant(host, "Acme");
  const auto session = createSession(host, acme.adminKey, createAgent(host, acme.adminKey, "vendorA", ""));
  const auto turn = send(host, acme.adminKey, session, "failing-turn-1");
  ASSERT_EQ(turn.status, 502) << turn.body;

  const auto entry =
      onlyEntry(host.call("GET", "/v1/requests?requestId=failing-turn-1", bearer(acme.adminKey)));
  EXPECT_EQ(entry->getValue<std::string>("outcome"), "failed");
  EXPECT_EQ(entry->getValue<int>("status"), 502);
  EXPECT_EQ(entry->getValue<std::string>("channel"), "chat");
  EXPECT_EQ(entry->getValue<std::string>("sessionId"), session);
  EXPECT_EQ(entry->getValue<std::string>("provider"), "vendorA");
  EXPECT_FALSE(entry->getValue<bool>("fallbackUsed"));
  EXPECT_FALSE(entry->has("cost")) << "a failed turn bills nothing";
  EXPECT_FALSE(entry->has("messageId"));
  EXPECT_EQ(entry->getObject("error")->getValue<std::string>("type"),
            "https://vocalbridge.dev/problems/vendors-failed");
  const auto attempts = entry->getArray("attempts");
  const auto answered = turn.json()->getArray("attempts");
  ASSERT_EQ(attempts->size(), answered->size()) << "the log keeps every attempt the 502 reported";
  ASSERT_GE(attempts->size(), 1u);
  for (size_t i = 0; i < attempts->size(); ++i) {
    EXPECT_EQ(attempts->getObject(static_cast<unsigned>(i))->getValue<std::string>("outcome"), "http_500");
    EXPECT_EQ(attempts->getObject(static_cast<unsigned>(i))->getValue<std::string>("requestId"),
              "failing-turn-1");
  }
}

TEST(RequestLog, AFailedTurnWritesOnlyItsLogRow) {
  TestHost host(vendorAAlwaysFails);
  const TestTenant acme = createTenant(host, "Acme");
  const auto session = createSession(host, acme.adminKey, createAgent(host, acme.adminKey, "vendorA", ""));
  ASSERT_EQ(send(host, acme.adminKey, session, "failing-turn-2", "idem-fail-2").status, 502);
  EXPECT_EQ(rowsOf(host, "request_log", acme.id), 1);
  EXPECT_EQ(rowsOf(host, "messages", acme.id), 0);
  EXPECT_EQ(rowsOf(host, "attempts", acme.id), 0);
  EXPECT_EQ(rowsOf(host, "usage_events", acme.id), 0);
  EXPECT_EQ(rowsOf(host, "idempotency_keys", acme.id), 0) << "the key is released for a retry";
}

TEST(RequestLog, ASuccessfulTurnCarriesItsCostMessageAndAttempts) {
  TestHost host;
  const TestTenant acme = createTenant(host, "Acme");
  const auto session =
      createSession(host, acme.adminKey, createAgent(host, acme.adminKey, "vendorB", "vendorA"));
  const auto turn = send(host, acme.adminKey, session, "ok-turn-1");
  ASSERT_EQ(turn.status, 201) << turn.body;
  const auto answer = turn.json();

  const auto entry = onlyEntry(host.call("GET", "/v1/requests?requestId=ok-turn-1", bearer(acme.adminKey)));
  EXPECT_EQ(entry->getValue<std::string>("outcome"), "ok");
  EXPECT_EQ(entry->getValue<int>("status"), 201);
  EXPECT_EQ(entry->getValue<std::string>("provider"), "vendorB");
  EXPECT_EQ(entry->getValue<std::string>("messageId"),
            answer->getObject("message")->getValue<std::string>("id"));
  EXPECT_EQ(entry->getObject("cost")->getValue<int64_t>("micros"),
            answer->getObject("usage")->getObject("cost")->getValue<int64_t>("micros"));
  EXPECT_EQ(entry->getArray("attempts")->size(), answer->getObject("routing")->getArray("attempts")->size());
  EXPECT_FALSE(entry->has("error"));
  EXPECT_EQ(rowsOf(host, "request_log", acme.id), 1);
}

TEST(RequestLog, AnIdempotentReplayIsNotLoggedTwice) {
  TestHost host;
  const TestTenant acme = createTenant(host, "Acme");
  const auto session = createSession(host, acme.adminKey, createAgent(host, acme.adminKey, "vendorB", ""));
  ASSERT_EQ(send(host, acme.adminKey, session, "first-run", "idem-1").status, 201);
  const auto replay = send(host, acme.adminKey, session, "the-replay", "idem-1");
  ASSERT_EQ(replay.status, 201) << replay.body;
  ASSERT_EQ(replay.header("Idempotent-Replayed"), "true");
  const auto all = host.call("GET", "/v1/requests", bearer(acme.adminKey));
  ASSERT_EQ(items(all)->size(), 1u) << all.body;
  EXPECT_EQ(items(all)->getObject(0)->getValue<std::string>("requestId"), "first-run");
}

TEST(RequestLog, FiltersByOutcomeProviderAndAgentAndPagesWithCursors) {
  TestHost host(vendorAAlwaysFails);
  const TestTenant acme = createTenant(host, "Acme");
  const auto okAgent = createAgent(host, acme.adminKey, "vendorB", "");
  const auto failingAgent = createAgent(host, acme.adminKey, "vendorA", "");
  const auto okSession = createSession(host, acme.adminKey, okAgent);
  const auto failingSession = createSession(host, acme.adminKey, failingAgent);
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(send(host, acme.adminKey, okSession, "ok-" + std::to_string(i)).status, 201);
  ASSERT_EQ(send(host, acme.adminKey, failingSession, "failed-0").status, 502);
  const auto key = bearer(acme.adminKey);

  EXPECT_EQ(items(host.call("GET", "/v1/requests", key))->size(), 4u);
  const auto failed = host.call("GET", "/v1/requests?outcome=failed", key);
  ASSERT_EQ(items(failed)->size(), 1u);
  EXPECT_EQ(items(failed)->getObject(0)->getValue<std::string>("requestId"), "failed-0");
  EXPECT_EQ(items(host.call("GET", "/v1/requests?outcome=ok", key))->size(), 3u);
  EXPECT_EQ(items(host.call("GET", "/v1/requests?provider=vendorB", key))->size(), 3u);
  EXPECT_EQ(items(host.call("GET", "/v1/requests?provider=vendorA", key))->size(), 1u);
  EXPECT_EQ(items(host.call("GET", "/v1/requests?agentId=" + failingAgent, key))->size(), 1u);
  EXPECT_EQ(items(host.call("GET", "/v1/requests?from=2000-01-01&to=2000-12-31", key))->size(), 0u);
  EXPECT_EQ(host.call("GET", "/v1/requests?outcome=maybe", key).status, 400);
  EXPECT_EQ(host.call("GET", "/v1/requests?from=yesterday", key).status, 400);

  std::set<std::string> seen;
  std::string path = "/v1/requests?limit=3";
  int pages = 0;
  for (;;) {
    const auto page = host.call("GET", path, key);
    ASSERT_EQ(page.status, 200) << page.body;
    ++pages;
    const auto list = items(page);
    for (const auto& item : *list)
      EXPECT_TRUE(seen.insert(item.extract<Object::Ptr>()->getValue<std::string>("requestId")).second);
    const auto next = page.json()->get("nextCursor");
    if (next.isEmpty()) break;
    path = "/v1/requests?limit=3&cursor=" + next.toString();
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen.size(), 4u);
}

TEST(RequestLog, AnotherTenantSeesNothingOfIt) {
  TestHost host(vendorAAlwaysFails);
  const TestTenant acme = createTenant(host, "Acme");
  const TestTenant globex = createTenant(host, "Globex");
  const auto session = createSession(host, acme.adminKey, createAgent(host, acme.adminKey, "vendorA", ""));
  ASSERT_EQ(send(host, acme.adminKey, session, "acme-secret-turn").status, 502);
  EXPECT_EQ(items(host.call("GET", "/v1/requests", bearer(globex.adminKey)))->size(), 0u);
  EXPECT_EQ(
      items(host.call("GET", "/v1/requests?requestId=acme-secret-turn", bearer(globex.adminKey)))->size(),
      0u);
  EXPECT_EQ(items(host.call("GET", "/v1/requests?requestId=acme-secret-turn", bearer(acme.adminKey)))->size(),
            1u);
}

TEST(RequestLog, AnalystsMayReadItAndAnonymousCallersMayNot) {
  TestHost host;
  const TestTenant acme = createTenant(host, "Acme");
  const auto created =
      host.call("POST", "/v1/api-keys", bearer(acme.adminKey), R"({"name":"ro","role":"analyst"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto analystKey = created.json()->getValue<std::string>("key");
  EXPECT_EQ(host.call("GET", "/v1/requests", bearer(analystKey)).status, 200);
  EXPECT_EQ(host.call("GET", "/v1/providers/health", bearer(analystKey)).status, 200);
  EXPECT_EQ(host.call("GET", "/v1/requests").status, 401);
}

}  // namespace
}  // namespace vb
