// The demo as `make run` serves it, over the real API: the seeded tenants,
// an agent with InvoiceLookup enabled, the real reliability pipeline, the
// mock vendors (both wire formats) and the mock billing system. An invoice
// question is answered with the invoice's amount; another tenant's number is
// "not found" and none of its data shows.
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "support/test_host.h"
#include "testdoubles/mockbilling/mock_billing_server.h"

namespace vb {
namespace {

std::string adminKeyOf(const std::string& listing, const std::string& tenant) {
  std::smatch m;
  if (!std::regex_search(listing, m, std::regex("  " + tenant + R"( \([^)]+\)\n    admin:   (\S+))")))
    return {};
  return m.str(1);
}

class InvoiceQuestionTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    host_ = std::make_unique<test::TestHost>();
    const std::string listing = host_->gateway().seedIfEmpty();
    acmeKey_ = adminKeyOf(listing, "Acme Billing");
    globexKey_ = adminKeyOf(listing, "Globex Support");
    ASSERT_FALSE(acmeKey_.empty()) << listing;
    ASSERT_FALSE(globexKey_.empty()) << listing;
  }

  // A new session with an InvoiceLookup agent on the vendor under test, and
  // one question in it; returns the Turn.
  Poco::JSON::Object::Ptr ask(const std::string& key, const std::string& question) {
    const std::map<std::string, std::string> auth{{"Authorization", "Bearer " + key}};
    auto r =
        host_->call("POST", "/v1/agents", auth,
                    std::string(R"({"name":"Invoices","primaryProvider":")") + GetParam() +
                        R"(","systemPrompt":"You help with invoices.","enabledTools":["InvoiceLookup"]})");
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string agentId = r.json()->getValue<std::string>("id");
    r = host_->call("POST", "/v1/sessions", auth,
                    R"({"agentId":")" + agentId + R"(","customerId":"cust-7"})");
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string sessionId = r.json()->getValue<std::string>("id");
    r = host_->call("POST", "/v1/sessions/" + sessionId + "/messages", auth,
                    R"({"content":")" + question + "\"}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  static std::string replyOf(const Poco::JSON::Object::Ptr& turn) {
    return turn->getObject("message")->getValue<std::string>("content");
  }

  std::unique_ptr<test::TestHost> host_;
  std::string acmeKey_, globexKey_;
};

TEST_P(InvoiceQuestionTest, AnInvoiceQuestionIsAnsweredWithTheInvoicesAmount) {
  const auto turn = ask(acmeKey_, "Can you look up invoice INV-1001?");
  EXPECT_EQ(replyOf(turn), "Invoice INV-1001 for cust-7 is $125.40, due 2026-12-15, status open.");
  const auto calls = turn->getArray("toolCalls");
  ASSERT_TRUE(calls);
  ASSERT_EQ(calls->size(), 1u);
  EXPECT_EQ(calls->getObject(0)->getValue<std::string>("tool"), "InvoiceLookup");
  EXPECT_EQ(calls->getObject(0)->getValue<std::string>("status"), "ok");
  EXPECT_EQ(calls->getObject(0)->getValue<std::string>("resultSummary"),
            "Invoice INV-1001 for cust-7 is $125.40, due 2026-12-15, status open");
}

TEST_P(InvoiceQuestionTest, AnotherTenantsInvoiceNumberIsNotFound) {
  const auto turn = ask(globexKey_, "Can you look up invoice INV-1001?");  // Acme's number
  EXPECT_EQ(replyOf(turn), "I could not find invoice INV-1001.");
  EXPECT_EQ(turn->getArray("toolCalls")->getObject(0)->getValue<std::string>("status"), "not_found");
  std::ostringstream all;
  turn->stringify(all);
  EXPECT_EQ(all.str().find("125.40"), std::string::npos) << all.str();
  EXPECT_EQ(all.str().find("12540"), std::string::npos) << all.str();
}

TEST_P(InvoiceQuestionTest, AFailingBillingSystemStillGetsAnAnswer) {
  host_->gateway().mockBilling()->forceFault("500");
  const auto turn = ask(acmeKey_, "Can you look up invoice INV-1001?");
  EXPECT_EQ(replyOf(turn).rfind("Sorry, I could not look up invoice INV-1001 right now (", 0), 0u)
      << replyOf(turn);
  EXPECT_EQ(turn->getArray("toolCalls")->getObject(0)->getValue<std::string>("status"), "error");
}

INSTANTIATE_TEST_SUITE_P(Vendors, InvoiceQuestionTest, ::testing::Values("vendorA", "vendorB"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace vb
