// MockBillingServer over real HTTP: lookup, list by customer, 404, tenant
// isolation, POST with persistence across a restart, forced faults, and the
// shipped config. Waits poll with a deadline; nothing sleeps to wait.
#include "testdoubles/mockbilling/mock_billing_server.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <sstream>

#include "testdoubles/mockbilling/demo_invoices.h"
#include "testdoubles/mockbilling/invoice_book.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Reply {
  int status = 0;
  std::string body;
  std::string outcome;  // X-Mock-Outcome
  Poco::JSON::Object::Ptr json() const {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  }
};

Reply call(uint16_t port, const std::string& method, const std::string& path, const std::string& body = {},
           const std::map<std::string, std::string>& headers = {}, int timeoutSeconds = 10) {
  Poco::Net::HTTPClientSession session("127.0.0.1", port);
  session.setTimeout(Poco::Timespan(timeoutSeconds, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (method == "POST") {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
  } else {
    session.sendRequest(request);
  }
  Poco::Net::HTTPResponse response;
  Reply r;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), r.body);
  r.status = response.getStatus();
  r.outcome = response.get("X-Mock-Outcome", "");
  return r;
}

class MockBillingServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Poco::File(dir_.path()).createDirectories();
    settings_.zero = true;
    settings_.invoicesFile = dir_.path() + "/billing/invoices.json";  // the directory does not exist yet
    start();
    ASSERT_TRUE(server_->book().put("ten_acme", vb::demoInvoicesFor("Acme Billing")));
    ASSERT_TRUE(server_->book().put("ten_globex", vb::demoInvoicesFor("Globex Support")));
  }

  void start() {
    server_.reset();
    server_ = std::make_unique<vb::MockBillingServer>(settings_);
    server_->start();
  }

  Reply get(const std::string& path, const std::map<std::string, std::string>& headers = {}) {
    return call(server_->port(), "GET", path, {}, headers);
  }

  Poco::TemporaryFile dir_;
  vb::MockBillingSettings settings_;
  std::unique_ptr<vb::MockBillingServer> server_;
};

TEST_F(MockBillingServerTest, LooksUpAnInvoiceByNumber) {
  const auto r = get("/v1/tenants/ten_acme/invoices/INV-1001");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.outcome, "ok");
  const auto invoice = r.json();
  EXPECT_EQ(invoice->getValue<std::string>("invoiceNumber"), "INV-1001");
  EXPECT_EQ(invoice->getValue<std::string>("customerId"), "cust-7");
  ASSERT_TRUE(invoice->get("amountCents").isInteger());
  EXPECT_EQ(invoice->getValue<int64_t>("amountCents"), 12540);
  EXPECT_EQ(invoice->getValue<std::string>("currency"), "USD");
  EXPECT_EQ(invoice->getValue<std::string>("status"), "open");
  EXPECT_EQ(invoice->getValue<std::string>("dueDate"), "2026-12-15");
}

TEST_F(MockBillingServerTest, ListsACustomersInvoices) {
  auto r = get("/v1/tenants/ten_acme/invoices?customerId=cust-7");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto items = r.json()->getArray("items");
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("invoiceNumber"), "INV-1001");
  EXPECT_EQ(items->getObject(1)->getValue<std::string>("invoiceNumber"), "INV-1003");

  r = get("/v1/tenants/ten_acme/invoices?customerId=cust-404");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()->getArray("items")->size(), 0u);

  r = get("/v1/tenants/ten_acme/invoices");  // no customer: all of the tenant's
  EXPECT_EQ(r.json()->getArray("items")->size(), 5u);
}

TEST_F(MockBillingServerTest, UnknownInvoiceOrRouteIs404) {
  auto r = get("/v1/tenants/ten_acme/invoices/INV-9999");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.json()->getValue<std::string>("error"), "not_found");
  EXPECT_EQ(get("/v1/tenants/ten_nobody/invoices/INV-1001").status, 404);
  EXPECT_EQ(get("/v1/invoices/INV-1001").status, 404);
  EXPECT_EQ(call(server_->port(), "DELETE", "/v1/tenants/ten_acme/invoices/INV-1001").status, 405);
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(MockBillingServerTest, NeverAnswersOneTenantWithAnothersInvoice) {
  // Globex's number asked as Acme, and the other way round.
  EXPECT_EQ(get("/v1/tenants/ten_acme/invoices/INV-2001").status, 404);
  EXPECT_EQ(get("/v1/tenants/ten_globex/invoices/INV-1001").status, 404);
  // Both have a cust-7: each sees only its own invoices.
  const auto acme = get("/v1/tenants/ten_acme/invoices?customerId=cust-7").json()->getArray("items");
  const auto globex = get("/v1/tenants/ten_globex/invoices?customerId=cust-7").json()->getArray("items");
  ASSERT_EQ(acme->size(), 2u);
  ASSERT_EQ(globex->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(acme->getObject(static_cast<unsigned>(i))->getValue<std::string>("invoiceNumber").substr(0, 5),
              "INV-1");
    EXPECT_EQ(
        globex->getObject(static_cast<unsigned>(i))->getValue<std::string>("invoiceNumber").substr(0, 5),
        "INV-2");
  }
  // A tenant id that merely starts like another's is another tenant.
  EXPECT_EQ(get("/v1/tenants/ten_acm/invoices/INV-1001").status, 404);
  EXPECT_EQ(get("/v1/tenants/ten_acme%2F..%2Ften_globex/invoices/INV-2001").status, 404);
}

TEST_F(MockBillingServerTest, PostedInvoicePersistsAcrossARestart) {
  const std::string invoice =
      R"({"invoiceNumber":"INV-3001","customerId":"cust-1","amountCents":995,"currency":"GBP","status":"paid","dueDate":"2027-03-31"})";
  auto r = call(server_->port(), "POST", "/v1/tenants/ten_new/invoices", invoice);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()->getValue<int64_t>("amountCents"), 995);

  start();  // a new server (and book) on the same file
  r = get("/v1/tenants/ten_new/invoices/INV-3001");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()->getValue<std::string>("currency"), "GBP");
  EXPECT_EQ(get("/v1/tenants/ten_acme/invoices/INV-1001").status, 200);  // what was there stays
  EXPECT_EQ(get("/v1/tenants/ten_acme/invoices/INV-3001").status, 404);
}

TEST_F(MockBillingServerTest, PostRefusesAMalformedInvoice) {
  struct Case {
    const char* body;
    const char* mentions;
  };
  const Case cases[] = {
      {R"({"invoiceNumber":"INV-1","customerId":"c","amountCents":12.5,"dueDate":"2027-01-01"})",
       "amountCents"},
      {R"({"invoiceNumber":"INV-1","customerId":"c","amountCents":"1250","dueDate":"2027-01-01"})",
       "amountCents"},
      {R"({"invoiceNumber":"INV-1","customerId":"c","amountCents":1,"dueDate":"01/02/2027"})", "dueDate"},
      {R"({"invoiceNumber":"INV-1","customerId":"c","amountCents":1,"dueDate":"2027-01-01","status":"void"})",
       "status"},
      {R"({"customerId":"c","amountCents":1,"dueDate":"2027-01-01"})", "invoiceNumber"},
      {R"([1,2])", "JSON object"},
  };
  for (const auto& c : cases) {
    const auto r = call(server_->port(), "POST", "/v1/tenants/ten_acme/invoices", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_NE(r.body.find(c.mentions), std::string::npos) << r.body;
  }
}

TEST_F(MockBillingServerTest, ForcedFaults) {
  auto r = get("/v1/tenants/ten_acme/invoices/INV-1001", {{"X-Mock-Fault", "500"}});
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.outcome, "500");

  settings_.slowMs = 150;
  start();
  auto started = Clock::now();
  r = get("/v1/tenants/ten_acme/invoices/INV-1001", {{"X-Mock-Fault", "slow"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.outcome, "slow");
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(150));

  // A timeout hangs until the client gives up.
  started = Clock::now();
  EXPECT_THROW(call(server_->port(), "GET", "/v1/tenants/ten_acme/invoices/INV-1001", {},
                    {{"X-Mock-Fault", "timeout"}}, 1),
               Poco::TimeoutException);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
}

TEST_F(MockBillingServerTest, AForcedFaultHitsEveryRequestUntilCleared) {
  server_->forceFault("500");
  EXPECT_EQ(get("/v1/tenants/ten_acme/invoices/INV-1001").status, 500);
  EXPECT_EQ(get("/v1/tenants/ten_acme/invoices?customerId=cust-7").status, 500);
  server_->forceFault("");
  EXPECT_EQ(get("/v1/tenants/ten_acme/invoices/INV-1001").status, 200);
}

TEST_F(MockBillingServerTest, StopEndsAHangingRequestPromptly) {
  auto hanging = std::async(std::launch::async, [port = server_->port()] {
    return call(port, "GET", "/v1/tenants/ten_acme/invoices/INV-1001", {}, {{"X-Mock-Fault", "timeout"}}, 30);
  });
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (server_->requestCount() < 1 && Clock::now() < deadline) std::this_thread::yield();
  const auto started = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(3));
  try {
    EXPECT_EQ(hanging.get().status, 503);
  } catch (const Poco::Exception&) {
    // Or the connection was closed under it: either way it returned.
  }
}

TEST_F(MockBillingServerTest, ConfiguredLatencyDelaysEveryAnswerUnlessZero) {
  settings_.zero = false;
  settings_.latencyMinMs = settings_.latencyMaxMs = 120;
  start();
  auto started = Clock::now();
  EXPECT_EQ(get("/v1/tenants/ten_acme/invoices/INV-1001").status, 200);
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(120));
  settings_.zero = true;
  start();
  started = Clock::now();
  EXPECT_EQ(get("/v1/tenants/ten_acme/invoices/INV-1001").status, 200);
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(120));
}

TEST_F(MockBillingServerTest, ABrokenInvoicesFileIs500WithTheReason) {
  std::ofstream(settings_.invoicesFile, std::ios::trunc) << R"({"ten_acme": [{"invoiceNumber": "INV-1"}]})";
  const auto r = get("/v1/tenants/ten_acme/invoices/INV-1001");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("customerId"), std::string::npos) << r.body;
}

TEST(MockBillingSettings, ReadsTheShippedConfig) {
  std::ifstream in(std::string(VB_SOURCE_DIR) + "/config/vocalbridge.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto root = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
  const auto s = vb::MockBillingSettings::fromJson(root->getObject("mockBilling"));
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.host, "127.0.0.1");
  EXPECT_EQ(s.port, 0);
  EXPECT_EQ(s.invoicesFile, "var/mock-billing.json");
}

TEST(MockBillingSettings, OverridesFromJson) {
  const auto section =
      Poco::JSON::Parser()
          .parse(R"({"enabled":true,"port":0,"invoicesFile":"/tmp/x.json","latencyMs":{"min":5,"max":9},
                                      "slowMs":10,"zero":true})")
          .extract<Poco::JSON::Object::Ptr>();
  const auto s = vb::MockBillingSettings::fromJson(section);
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.invoicesFile, "/tmp/x.json");
  EXPECT_EQ(s.latencyMinMs, 5);
  EXPECT_EQ(s.latencyMaxMs, 9);
  EXPECT_EQ(s.slowMs, 10);
  EXPECT_TRUE(s.zero);
  EXPECT_FALSE(vb::MockBillingSettings::fromJson(nullptr).enabled);
}

}  // namespace
