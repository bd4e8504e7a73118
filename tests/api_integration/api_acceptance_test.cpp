// Acceptance of the conversation API over real HTTP: billing exactness,
// idempotency under concurrency, tenant isolation, roles, revocation and
// bad input — each answer checked for its status and problem+json shape.
#include <algorithm>
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>

#include <atomic>
#include <thread>
#include <vector>

#include "api_harness.h"
#include "common/json_body.h"

namespace vb {
namespace {

using testing::ApiHarness;
using testing::HttpAnswer;

int64_t micros(const Poco::JSON::Object::Ptr& money) { return money->getValue<Poco::Int64>("micros"); }

std::string today() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{now};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

void expectProblem(const HttpAnswer& answer, int status, const std::string& context) {
  EXPECT_EQ(answer.status, status) << context << ": " << answer.body;
  EXPECT_EQ(answer.contentType, "application/problem+json") << context;
  if (answer.contentType == "application/problem+json") {
    const auto problem = answer.json();
    EXPECT_EQ(problem->getValue<int>("status"), status) << context;
    EXPECT_TRUE(problem->has("type") && problem->has("title") && problem->has("detail") && problem->has("requestId"))
        << context;
  }
}

class ApiAcceptance : public ::testing::Test {
 protected:
  ApiAcceptance() {
    std::tie(tenantA, adminA) = api.createTenant("Acme");
    std::tie(tenantB, adminB) = api.createTenant("Globex");
    analystA = api.createKey(adminA, "analyst");
    agentA = api.createAgent(adminA, "vendorA", "vendorB");
    agentB = api.createAgent(adminA, "vendorB");
    sessionA = api.createSession(adminA, agentA);
  }

  HttpAnswer send(const std::string& session, const std::string& content, const std::string& key = {},
                  const std::string& apiKey = {}) {
    std::map<std::string, std::string> headers;
    if (!key.empty()) headers["Idempotency-Key"] = key;
    return api.call("POST", "/v1/sessions/" + session + "/messages", apiKey.empty() ? adminA : apiKey,
                    "{\"content\":\"" + content + "\"}", headers);
  }

  ApiHarness api;
  std::string tenantA, adminA, tenantB, adminB, analystA, agentA, agentB, sessionA;
};

TEST_F(ApiAcceptance, MessageIsBilledAtExactlyTokensTimesTheProvidersPrices) {
  const std::string sessionB = api.createSession(adminA, agentB);
  for (const auto& [session, perToken] : {std::pair{sessionA, 2}, std::pair{sessionB, 3}}) {
    const auto answer = send(session, "What is my balance?");
    ASSERT_EQ(answer.status, 201) << answer.body;
    const auto usage = answer.json()->getObject("usage");
    const int64_t tokensIn = usage->getValue<Poco::Int64>("tokensIn");
    const int64_t tokensOut = usage->getValue<Poco::Int64>("tokensOut");
    EXPECT_GT(tokensIn, 0);
    // vendorA $0.002 / 1K = 2 micros per token; vendorB $0.003 / 1K = 3.
    EXPECT_EQ(micros(usage->getObject("cost")), (tokensIn + tokensOut) * perToken);
    EXPECT_EQ(answer.json()->getObject("message")->getValue<std::string>("role"), "assistant");
    EXPECT_FALSE(answer.json()->getObject("routing")->getValue<bool>("fallbackUsed"));
  }
}

TEST_F(ApiAcceptance, UsageTotalsEqualTheSumOfEventsAndBillingPreviewEqualsTheMonth) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(send(sessionA, "question " + std::to_string(i)).status, 201);
  ASSERT_EQ(send(api.createSession(adminA, agentB), "other provider").status, 201);
  const std::string day = today();
  const auto usage = api.call("GET", "/v1/usage?from=" + day + "&to=" + day, analystA).json();
  const auto events = api.call("GET", "/v1/usage/events?from=" + day + "&to=" + day, analystA).json();
  int64_t sum = 0;
  const auto items = events->getArray("items");
  for (size_t i = 0; i < items->size(); ++i) sum += micros(items->getObject(i)->getObject("cost"));
  EXPECT_EQ(items->size(), 6u);
  EXPECT_EQ(micros(usage->getObject("totals")->getObject("cost")), sum);
  EXPECT_EQ(usage->getObject("totals")->getValue<int>("messages"), 6);
  EXPECT_EQ(usage->getArray("byProvider")->size(), 2u);

  const auto monthUsage = api.call("GET", "/v1/usage?from=" + day.substr(0, 8) + "01&to=" + day, analystA).json();
  const auto preview = api.call("GET", "/v1/billing/preview?month=" + day.substr(0, 7), analystA).json();
  int64_t lines = 0;
  const auto previewLines = preview->getArray("lines");
  for (size_t i = 0; i < previewLines->size(); ++i) lines += micros(previewLines->getObject(i)->getObject("amount"));
  EXPECT_EQ(micros(preview->getObject("total")), lines);
  EXPECT_EQ(micros(preview->getObject("total")), micros(monthUsage->getObject("totals")->getObject("cost")));

  const auto csv = api.call("GET", "/v1/usage/events?from=" + day + "&to=" + day, analystA, {}, {{"Accept", "text/csv"}});
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.contentType.rfind("text/csv", 0), 0u);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 7);
}

TEST_F(ApiAcceptance, AnIdempotentReplayIsByteIdenticalToTheFirstAnswer) {
  const auto first = send(sessionA, "Replay me, byte for byte.", "replay-key-1");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("Idempotent-Replayed"), "");
  for (int i = 0; i < 3; ++i) {
    const auto replay = send(sessionA, "Replay me, byte for byte.", "replay-key-1");
    ASSERT_EQ(replay.status, 201) << replay.body;
    EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(replay.body, first.body);
  }
  EXPECT_EQ(api.router.calls.load(), 1);
}

TEST_F(ApiAcceptance, TwentyConcurrentSendsWithOneKeyMakeExactlyOneTurn) {
  api.router.delayMs = 150;  // keep the first turn in flight while the others arrive
  std::vector<HttpAnswer> answers(20);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < answers.size(); ++i)
    threads.emplace_back([&, i] { answers[i] = send(sessionA, "pay invoice 7", "key-20"); });
  for (auto& t : threads) t.join();
  int fresh = 0, replays = 0, conflicts = 0;
  std::string turnBody;
  for (const auto& a : answers) {
    if (a.status == 201 && a.header("Idempotent-Replayed") == "true") {
      ++replays;
    } else if (a.status == 201) {
      ++fresh;
      turnBody = a.body;
    } else if (a.status == 409) {
      ++conflicts;
      EXPECT_FALSE(a.header("Retry-After").empty());
      expectProblem(a, 409, "in flight");
    } else {
      ADD_FAILURE() << a.status << " " << a.body;
    }
  }
  EXPECT_EQ(fresh, 1);
  EXPECT_EQ(fresh + replays + conflicts, 20);
  EXPECT_EQ(api.router.calls.load(), 1);
  const auto counts = api.rowCounts();
  EXPECT_EQ(counts.at("usage_events"), 1);
  EXPECT_EQ(counts.at("messages"), 2);
  // A later replay returns the very same Turn.
  const auto replay = send(sessionA, "pay invoice 7", "key-20");
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(replay.body, turnBody);
}

TEST_F(ApiAcceptance, SameKeyWithADifferentBodyIs422) {
  ASSERT_EQ(send(sessionA, "first", "key-422").status, 201);
  const auto before = api.rowCounts();
  expectProblem(send(sessionA, "second", "key-422"), 422, "different body");
  EXPECT_EQ(api.rowCounts(), before);
}

TEST_F(ApiAcceptance, FailedTurnBillsNothingAndItsKeyCanBeRetried) {
  const auto before = api.rowCounts();
  const auto failed = send(sessionA, "please fail", "key-retry");
  expectProblem(failed, 502, "vendors failed");
  EXPECT_EQ(failed.json()->getArray("attempts")->size(), 2u);
  auto after = api.rowCounts();
  EXPECT_EQ(after, before);
  // The key was released: the same key runs again (and this time succeeds).
  const auto retried = api.call("POST", "/v1/sessions/" + sessionA + "/messages", adminA,
                                "{\"content\":\"please fail\"}", {{"Idempotency-Key", "key-retry"}});
  EXPECT_EQ(retried.status, 502);
  EXPECT_EQ(api.router.calls.load(), 2);
}

TEST_F(ApiAcceptance, ConcurrentSendsOnOneSessionKeepSeqDenseAndOrdered) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      for (int j = 0; j < 5; ++j) EXPECT_EQ(send(sessionA, "m" + std::to_string(i * 10 + j)).status, 201);
    });
  for (auto& t : threads) t.join();
  const auto transcript = api.call("GET", "/v1/sessions/" + sessionA, analystA).json();
  const auto messages = transcript->getArray("messages");
  ASSERT_EQ(messages->size(), 80u);
  for (size_t i = 0; i < messages->size(); ++i) {
    EXPECT_EQ(messages->getObject(i)->getValue<int>("seq"), static_cast<int>(i + 1));
    EXPECT_EQ(messages->getObject(i)->getValue<std::string>("role"), i % 2 == 0 ? "user" : "assistant");
  }
  EXPECT_EQ(transcript->getObject("totals")->getValue<int>("messages"), 80);
}

TEST_F(ApiAcceptance, TenantBGets404AndNoDataOnEveryTenantAResource) {
  ASSERT_EQ(send(sessionA, "hello").status, 201);
  const auto turn = send(sessionA, "again").json();
  const std::string messageA = turn->getObject("message")->getValue<std::string>("id");
  const std::string keyA = api.call("GET", "/v1/api-keys", adminA).json()->getArray("items")->getObject(0)->getValue<std::string>("id");
  const auto before = api.rowCounts();
  struct Case {
    std::string method, path, body;
  };
  const std::vector<Case> cases = {
      {"GET", "/v1/agents/" + agentA, ""},
      {"PATCH", "/v1/agents/" + agentA, "{\"name\":\"stolen\"}"},
      {"DELETE", "/v1/agents/" + agentA, ""},
      {"GET", "/v1/sessions/" + sessionA, ""},
      {"POST", "/v1/sessions", "{\"agentId\":\"" + agentA + "\",\"customerId\":\"c\"}"},
      {"POST", "/v1/sessions/" + sessionA + "/messages", "{\"content\":\"hi\"}"},
      {"GET", "/v1/messages/" + messageA + "/attempts", ""},
      {"DELETE", "/v1/api-keys/" + keyA, ""},
  };
  for (const auto& c : cases) {
    const auto answer = api.call(c.method, c.path, adminB, c.body);
    expectProblem(answer, 404, c.method + " " + c.path);
    EXPECT_EQ(answer.body.find(tenantA), std::string::npos) << c.path;
    // Exactly what a missing id answers (apart from the request id).
    auto missing = api.call(c.method, c.path.substr(0, c.path.rfind('/') + 1) + "nope_000", adminB, c.body);
    if (c.path != "/v1/sessions") {
      EXPECT_EQ(missing.status, 404) << c.path;
    }
  }
  // Lists and analytics show B nothing of A's.
  for (const char* path : {"/v1/agents", "/v1/sessions", "/v1/usage/events", "/v1/api-keys"}) {
    const auto answer = api.call("GET", path, adminB);
    ASSERT_EQ(answer.status, 200) << path;
    const auto items = answer.json()->getArray("items");
    for (size_t i = 0; i < items->size(); ++i)
      EXPECT_EQ(toJson(*items->getObject(i)).find(agentA), std::string::npos) << path;
    if (std::string(path) != "/v1/api-keys") {
      EXPECT_EQ(items->size(), 0u) << path;
    }
  }
  EXPECT_EQ(micros(api.call("GET", "/v1/usage", adminB).json()->getObject("totals")->getObject("cost")), 0);
  EXPECT_EQ(api.call("GET", "/v1/agents/" + agentA, adminA).json()->getValue<std::string>("name"), "Agent");
  EXPECT_EQ(api.rowCounts(), before);
}

TEST_F(ApiAcceptance, AnalystKeysGet403OnEveryWrite) {
  const auto before = api.rowCounts();
  const std::vector<std::pair<std::string, std::string>> writes = {
      {"POST", "/v1/agents"},           {"PATCH", "/v1/agents/" + agentA},
      {"DELETE", "/v1/agents/" + agentA}, {"POST", "/v1/sessions"},
      {"POST", "/v1/sessions/" + sessionA + "/messages"}, {"POST", "/v1/api-keys"},
      {"GET", "/v1/api-keys"},          {"DELETE", "/v1/api-keys/key_x"},
  };
  for (const auto& [method, path] : writes)
    expectProblem(api.call(method, path, analystA, "{\"name\":\"x\",\"primaryProvider\":\"vendorA\",\"content\":\"x\"}"), 403,
                  method + " " + path);
  EXPECT_EQ(api.rowCounts(), before);
  for (const std::string& path : std::vector<std::string>{"/v1/agents", "/v1/agents/" + agentA, "/v1/sessions", "/v1/sessions/" + sessionA,
                                 "/v1/usage", "/v1/usage/events", "/v1/billing/preview", "/v1/me"})
    EXPECT_EQ(api.call("GET", path, analystA).status, 200) << path;
}

TEST_F(ApiAcceptance, ArchivedAgentsAreListedOnlyWhenAskedForWithTheirArchiveTime) {
  ASSERT_EQ(api.call("DELETE", "/v1/agents/" + agentA, adminA).status, 204);
  auto ids = [&](const std::string& query) {
    std::vector<std::string> found;
    const auto answer = api.call("GET", "/v1/agents" + query, adminA);
    EXPECT_EQ(answer.status, 200) << query;
    const auto items = answer.json()->getArray("items");
    for (size_t i = 0; i < items->size(); ++i) {
      const auto agent = items->getObject(static_cast<unsigned>(i));
      found.push_back(agent->getValue<std::string>("id") + (agent->has("archivedAt") ? "+archived" : ""));
    }
    return found;
  };
  const auto live = ids("");
  EXPECT_EQ(std::count(live.begin(), live.end(), agentA), 0);
  const auto all = ids("?includeArchived=true");
  EXPECT_EQ(std::count(all.begin(), all.end(), agentA + "+archived"), 1);
  expectProblem(api.call("GET", "/v1/agents?includeArchived=yes", adminA), 400, "includeArchived=yes");
}

TEST_F(ApiAcceptance, RevokedKeysGet401) {
  const std::string second = api.createKey(adminA, "admin");
  ASSERT_EQ(api.call("GET", "/v1/me", second).status, 200);
  const auto me = api.call("GET", "/v1/me", second).json();
  const std::string id = me->getObject("key")->getValue<std::string>("id");
  ASSERT_EQ(api.call("DELETE", "/v1/api-keys/" + id, adminA).status, 204);
  expectProblem(api.call("GET", "/v1/me", second), 401, "revoked");
  expectProblem(api.call("GET", "/v1/agents", second), 401, "revoked");
  EXPECT_EQ(api.call("GET", "/v1/me", adminA).status, 200);
  const auto keys = api.call("GET", "/v1/api-keys", adminA).json()->getArray("items");
  bool sawRevoked = false;
  for (size_t i = 0; i < keys->size(); ++i) {
    EXPECT_FALSE(keys->getObject(i)->has("key"));
    if (keys->getObject(i)->getValue<std::string>("id") == id) sawRevoked = !keys->getObject(i)->isNull("revokedAt");
  }
  EXPECT_TRUE(sawRevoked);
}

TEST_F(ApiAcceptance, BadInputIsAProblemWithTheRightStatusAndChangesNothing) {
  ASSERT_EQ(send(sessionA, "seed a turn").status, 201);
  const auto before = api.rowCounts();
  struct Case {
    std::string name, method, path, body;
    int status;
    std::string field;
  };
  const std::string messages = "/v1/sessions/" + sessionA + "/messages";
  const std::vector<Case> cases = {
      {"malformed JSON", "POST", "/v1/agents", "{\"name\": ", 400, ""},
      {"body not an object", "POST", "/v1/agents", "[1,2]", 400, ""},
      {"name of wrong type", "POST", "/v1/agents", "{\"name\":5,\"primaryProvider\":\"vendorA\"}", 400, "name"},
      {"tools of wrong type", "POST", "/v1/agents", "{\"name\":\"a\",\"primaryProvider\":\"vendorA\",\"enabledTools\":\"x\"}", 400, "enabledTools"},
      {"missing provider", "POST", "/v1/agents", "{\"name\":\"a\"}", 400, "primaryProvider"},
      {"unknown provider", "POST", "/v1/agents", "{\"name\":\"a\",\"primaryProvider\":\"vendorZ\"}", 422, "primaryProvider"},
      {"fallback equals primary", "POST", "/v1/agents", "{\"name\":\"a\",\"primaryProvider\":\"vendorA\",\"fallbackProvider\":\"vendorA\"}", 422, "fallbackProvider"},
      {"unknown tool", "POST", "/v1/agents", "{\"name\":\"a\",\"primaryProvider\":\"vendorA\",\"enabledTools\":[\"Nope\"]}", 422, "enabledTools"},
      {"patch unknown provider", "PATCH", "/v1/agents/" + agentA, "{\"primaryProvider\":\"vendorZ\"}", 422, "primaryProvider"},
      {"session missing customer", "POST", "/v1/sessions", "{\"agentId\":\"" + agentA + "\"}", 400, "customerId"},
      {"session bad channel", "POST", "/v1/sessions", "{\"agentId\":\"" + agentA + "\",\"customerId\":\"c\",\"channel\":\"fax\"}", 422, "channel"},
      {"message missing content", "POST", messages, "{}", 400, "content"},
      {"message content wrong type", "POST", messages, "{\"content\":42}", 400, "content"},
      {"message empty content", "POST", messages, "{\"content\":\"  \"}", 422, "content"},
      {"api key bad role", "POST", "/v1/api-keys", "{\"role\":\"root\"}", 422, "role"},
      {"oversized body", "POST", messages, "{\"content\":\"" + std::string(70 * 1024, 'x') + "\"}", 413, ""},
      {"unknown route", "GET", "/v1/nothing-here", "", 404, ""},
      {"bad limit", "GET", "/v1/agents?limit=0", "", 400, "limit"},
      {"bad date", "GET", "/v1/usage?from=2024-02-30", "", 400, "from"},
      {"bad month", "GET", "/v1/billing/preview?month=24-01", "", 400, "month"},
      {"unknown session", "POST", "/v1/sessions/ses_missing/messages", "{\"content\":\"hi\"}", 404, ""},
  };
  for (const auto& c : cases) {
    const auto answer = api.call(c.method, c.path, adminA, c.body);
    expectProblem(answer, c.status, c.name);
    if (!c.field.empty() && answer.contentType == "application/problem+json") {
      EXPECT_EQ(answer.json()->optValue<std::string>("field", ""), c.field) << c.name;
    }
  }
  EXPECT_EQ(api.rowCounts(), before);
  EXPECT_EQ(api.call("GET", "/v1/agents/" + agentA, adminA).json()->getValue<std::string>("primaryProvider"), "vendorA");
}

TEST_F(ApiAcceptance, AgentsCrudArchivesOnDeleteAndKeepsSessionsReadable) {
  const auto created = api.call("POST", "/v1/agents", adminA,
                                "{\"name\":\"Helper\",\"primaryProvider\":\"vendorB\",\"fallbackProvider\":\"vendorA\","
                                "\"enabledTools\":[\"InvoiceLookup\"],\"systemPrompt\":\"Hi\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()->getValue<std::string>("id");
  const auto patched = api.call("PATCH", "/v1/agents/" + id, adminA, "{\"fallbackProvider\":null,\"name\":\"Helper 2\"}");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_TRUE(patched.json()->isNull("fallbackProvider"));
  EXPECT_EQ(patched.json()->getValue<std::string>("name"), "Helper 2");
  const std::string session = api.createSession(adminA, id);
  ASSERT_EQ(send(session, "hi").status, 201);
  EXPECT_EQ(api.call("DELETE", "/v1/agents/" + id, adminA).status, 204);
  EXPECT_EQ(api.call("GET", "/v1/agents/" + id, adminA).status, 404);
  EXPECT_EQ(api.call("GET", "/v1/sessions/" + session, adminA).status, 200);
  EXPECT_EQ(api.call("GET", "/v1/usage", adminA).json()->getObject("totals")->getValue<int>("messages"), 1);
}

TEST_F(ApiAcceptance, TheVendorSeesTheSystemPromptAndBoundedHistory) {
  for (int i = 0; i < 6; ++i) ASSERT_EQ(send(sessionA, "turn " + std::to_string(i)).status, 201);
  const auto turn = send(sessionA, "last").json();
  Poco::JSON::Parser parser;
  const auto request = parser.parse(api.router.lastRequestJson()).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(request->getValue<std::string>("system"), "Be brief.");
  const auto messages = request->getArray("messages");
  // contextMessages = 6 in the harness config: the 6 latest earlier messages + the new one.
  ASSERT_EQ(messages->size(), 7u);
  EXPECT_EQ(messages->getObject(0)->getValue<std::string>("content"), "turn 3");
  EXPECT_EQ(messages->getObject(1)->getValue<std::string>("role"), "assistant");
  EXPECT_EQ(messages->getObject(6)->getValue<std::string>("content"), "last");
  const auto attempts = api.call(
      "GET", "/v1/messages/" + turn->getObject("message")->getValue<std::string>("id") + "/attempts", analystA);
  ASSERT_EQ(attempts.status, 200);
  EXPECT_EQ(attempts.json()->getArray("items")->size(), 1u);
}

}  // namespace
}  // namespace vb
