// Tools that run, on the real host: the mock vendors ask for InvoiceLookup,
// the real tool plugin asks the in-process mock billing system over the
// host's HTTP service with the caller's tenant, the answer uses the result,
// every vendor response is billed, every run audited.
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/TemporaryFile.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include "support/test_host.h"

namespace vb {
namespace {

using test::HttpResult;
using test::TestHost;

const std::map<std::string, std::string> kOperator{{"X-Operator-Token", "dev-operator-token"}};

std::map<std::string, std::string> bearer(const std::string& key, const std::string& idempotencyKey = {}) {
  std::map<std::string, std::string> headers{{"Authorization", "Bearer " + key}};
  if (!idempotencyKey.empty()) headers["Idempotency-Key"] = idempotencyKey;
  return headers;
}

Poco::JSON::Object::Ptr invoice(const std::string& number, const std::string& customer, int64_t cents,
                                const std::string& due, const std::string& status) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("invoiceNumber", number);
  o->set("customerId", customer);
  o->set("amountCents", cents);
  o->set("currency", "USD");
  o->set("status", status);
  o->set("dueDate", due);
  return o;
}

class ToolLoopTest : public ::testing::Test {
 protected:
  explicit ToolLoopTest(const TestHost::ConfigEdit& extra = {})
      : host([this, extra](Poco::JSON::Object& config) {
          Poco::File(dir.path()).createDirectories();
          billingFile = dir.path() + "/mock-billing.json";
          auto billing = config.getObject("mockBilling");
          billing->set("invoicesFile", billingFile);
          if (extra) extra(config);
        }) {
    acme = makeTenant("Acme");
    globex = makeTenant("Globex");
    // The tenants' billing systems: one file, keyed by tenant id.
    Poco::JSON::Object books;
    Poco::JSON::Array::Ptr acmeInvoices = new Poco::JSON::Array, globexInvoices = new Poco::JSON::Array;
    acmeInvoices->add(invoice("INV-1001", "cust-7", 12540, "2026-12-15", "open"));
    globexInvoices->add(invoice("INV-2001", "cust-9", 99900, "2026-12-20", "open"));
    books.set(acme.id, acmeInvoices);
    books.set(globex.id, globexInvoices);
    Poco::FileOutputStream out(billingFile);
    books.stringify(out);
  }

  struct Tenant {
    std::string id, admin, session, agent;
  };

  Tenant makeTenant(const std::string& name, bool withTool = true) {
    const auto created = host.call("POST", "/v1/tenants", kOperator, R"({"name":")" + name + R"("})").json();
    Tenant t;
    t.id = created->getObject("tenant")->getValue<std::string>("id");
    t.admin = created->getObject("apiKey")->getValue<std::string>("key");
    const auto agent = host.call("POST", "/v1/agents", bearer(t.admin),
                                 std::string(R"({"name":"Billing","primaryProvider":"vendorB","systemPrompt":"Help.",)") +
                                     (withTool ? R"("enabledTools":["InvoiceLookup"]})" : R"("enabledTools":[]})"));
    EXPECT_EQ(agent.status, 201) << agent.body;
    t.agent = agent.json()->getValue<std::string>("id");
    t.session = host.call("POST", "/v1/sessions", bearer(t.admin),
                          R"({"agentId":")" + t.agent + R"(","customerId":"cust-7"})")
                    .json()
                    ->getValue<std::string>("id");
    return t;
  }

  HttpResult ask(const Tenant& t, const std::string& content, const std::string& idempotencyKey = {}) {
    return host.call("POST", "/v1/sessions/" + t.session + "/messages", bearer(t.admin, idempotencyKey),
                     R"({"content":")" + content + R"("})");
  }

  Poco::JSON::Array::Ptr audit(const Tenant& t, const std::string& query = {}) {
    const auto answer = host.call("GET", "/v1/tools/audit" + query, bearer(t.admin));
    EXPECT_EQ(answer.status, 200) << answer.body;
    auditDocument = answer.json();
    return auditDocument->getArray("items");
  }

  Poco::TemporaryFile dir;
  std::string billingFile;
  TestHost host;
  Tenant acme, globex;
  Poco::JSON::Object::Ptr auditDocument;  // keeps the last audit listing alive
};

TEST_F(ToolLoopTest, AnInvoiceQuestionIsAnsweredFromTheToolBilledPerResponseAndAudited) {
  const auto answer = ask(acme, "Can you look up invoice INV-1001?");
  ASSERT_EQ(answer.status, 201) << answer.body;
  const auto turn = answer.json();
  const std::string reply = turn->getObject("message")->getValue<std::string>("content");
  EXPECT_NE(reply.find("125.40"), std::string::npos) << reply;
  const auto calls = turn->getArray("toolCalls");
  ASSERT_EQ(calls->size(), 1u) << answer.body;
  EXPECT_EQ(calls->getObject(0)->getValue<std::string>("tool"), "InvoiceLookup");
  EXPECT_EQ(calls->getObject(0)->getValue<std::string>("status"), "ok");
  EXPECT_EQ(calls->getObject(0)->getObject("arguments")->getValue<std::string>("invoiceNumber"), "INV-1001");

  // Two vendor responses, each billed; their sum is the turn's cost.
  const auto usage = turn->getObject("usage");
  const auto billed = usage->getArray("calls");
  ASSERT_TRUE(billed) << answer.body;
  ASSERT_EQ(billed->size(), 2u);
  int64_t sum = 0;
  for (size_t i = 0; i < billed->size(); ++i) sum += billed->getObject(i)->getObject("cost")->getValue<int64_t>("micros");
  EXPECT_EQ(usage->getObject("cost")->getValue<int64_t>("micros"), sum);
  const auto events = host.call("GET", "/v1/usage/events", bearer(acme.admin)).json()->getArray("items");
  EXPECT_EQ(events->size(), 2u);

  const auto rows = audit(acme);
  ASSERT_EQ(rows->size(), 1u);
  const auto row = rows->getObject(0);
  EXPECT_EQ(row->getValue<std::string>("tool"), "InvoiceLookup");
  EXPECT_EQ(row->getValue<std::string>("status"), "ok");
  EXPECT_EQ(row->getValue<std::string>("sessionId"), acme.session);
  EXPECT_EQ(row->getValue<std::string>("agentId"), acme.agent);
  EXPECT_EQ(row->getValue<std::string>("messageId"), turn->getObject("message")->getValue<std::string>("id"));
  EXPECT_EQ(row->getValue<std::string>("requestId"), turn->getValue<std::string>("requestId"));
  EXPECT_NE(row->getValue<std::string>("resultSummary").find("125.40"), std::string::npos);

  // The transcript holds the tool result between the question and the answer.
  const auto transcript = host.call("GET", "/v1/sessions/" + acme.session, bearer(acme.admin)).json();
  const auto messages = transcript->getArray("messages");
  ASSERT_EQ(messages->size(), 3u);
  EXPECT_EQ(messages->getObject(1)->getValue<std::string>("role"), "tool");
  // Another tenant sees none of it.
  EXPECT_EQ(audit(globex)->size(), 0u);
}

TEST_F(ToolLoopTest, ATenantAskingForAnotherTenantsInvoiceGetsNotFoundAndNoneOfItsData) {
  const auto answer = ask(acme, "What is the balance of invoice INV-2001?");
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(answer.body.find("999.00"), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find("cust-9"), std::string::npos) << answer.body;
  const auto rows = audit(acme, "?status=not_found");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_FALSE(answer.json()->getObject("message")->getValue<std::string>("content").empty());
}

TEST_F(ToolLoopTest, AnAgentWithoutTheToolNeverRunsIt) {
  const auto plain = makeTenant("Initech", false);
  const auto answer = ask(plain, "Can you look up invoice INV-1001?");
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(answer.json()->getArray("toolCalls")->size(), 0u);
  EXPECT_EQ(audit(plain)->size(), 0u);
}

TEST_F(ToolLoopTest, TheRoundLimitIsEnforcedAndTheAnswerIsNotEmpty) {
  const auto answer = ask(acme, "[keep calling tools] invoice INV-1001");
  ASSERT_EQ(answer.status, 201) << answer.body;
  const auto turn = answer.json();
  EXPECT_FALSE(turn->getObject("message")->getValue<std::string>("content").empty());
  EXPECT_EQ(turn->getObject("usage")->getArray("calls")->size(), 4u);  // the first call and 3 rounds
  const auto rows = audit(acme);
  EXPECT_EQ(rows->size(), 4u);
  EXPECT_EQ(audit(acme, "?status=ok")->size(), 3u);
  EXPECT_EQ(audit(acme, "?status=error")->size(), 1u);
}

TEST_F(ToolLoopTest, ReplayingTheKeyRunsNoToolAgain) {
  const auto first = ask(acme, "Can you look up invoice INV-1001?", "tools-key-1");
  ASSERT_EQ(first.status, 201) << first.body;
  const auto replay = ask(acme, "Can you look up invoice INV-1001?", "tools-key-1");
  ASSERT_EQ(replay.status, 201);
  EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(audit(acme)->size(), 1u);
}

class SlowBillingTest : public ToolLoopTest {
 protected:
  SlowBillingTest()
      : ToolLoopTest([](Poco::JSON::Object& config) {
          config.getObject("tools")->set("timeoutMs", 300);
          Poco::JSON::Object::Ptr latency = new Poco::JSON::Object;
          latency->set("min", 1500);
          latency->set("max", 1500);
          config.getObject("mockBilling")->set("latencyMs", latency);
        }) {}
};

TEST_F(SlowBillingTest, AToolThatTimesOutStillYieldsAnAnswerAndIsAuditedAsATimeout) {
  const auto answer = ask(acme, "Can you look up invoice INV-1001?");
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_FALSE(answer.json()->getObject("message")->getValue<std::string>("content").empty());
  const auto rows = audit(acme, "?status=timeout");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_LT(rows->getObject(0)->getValue<int64_t>("latencyMs"), 1500);
}

class BrokenBillingTest : public ToolLoopTest {
 protected:
  BrokenBillingTest()
      : ToolLoopTest([](Poco::JSON::Object& config) {
          for (const auto& entry : *config.getArray("plugins")) {
            auto plugin = entry.extract<Poco::JSON::Object::Ptr>();
            if (plugin->getValue<std::string>("name") == "InvoiceLookup")
              plugin->getObject("settings")->set("baseUrl", "http://127.0.0.1:9");  // nothing listens there
          }
        }) {}
};

TEST_F(BrokenBillingTest, AToolThatFailsStillYieldsAnAnswerAndIsAuditedAsAnError) {
  const auto answer = ask(acme, "Can you look up invoice INV-1001?");
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_FALSE(answer.json()->getObject("message")->getValue<std::string>("content").empty());
  EXPECT_EQ(audit(acme, "?status=error")->size(), 1u);
}

}  // namespace
}  // namespace vb
