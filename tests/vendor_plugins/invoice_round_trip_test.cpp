// One tool round end to end, the way the host's tool loop drives it, in both
// wire formats: vendor plugin → mock vendor (asks for InvoiceLookup) →
// InvoiceLookup plugin → mock billing system → the result back through the
// vendor plugin → the mock vendor's final answer.
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include "plugin_harness.h"
#include "poco_http.h"
#include "testdoubles/mockbilling/demo_invoices.h"
#include "testdoubles/mockbilling/invoice_book.h"
#include "testdoubles/mockbilling/mock_billing_server.h"
#include "testdoubles/mockvendors/mock_vendor_server.h"

using namespace vbtest;

namespace {

struct Vendor {
  const char* name;
  const char* file;
};

class InvoiceRoundTripTest : public ::testing::TestWithParam<Vendor> {
 protected:
  void SetUp() override {
    Poco::File(dir_.path()).createDirectories();
    vb::MockBillingSettings billingSettings;
    billingSettings.zero = true;
    billingSettings.invoicesFile = dir_.path() + "/mock-billing.json";
    billing_ = std::make_unique<vb::MockBillingServer>(billingSettings);
    billing_->start();
    ASSERT_TRUE(billing_->book().put("ten_acme", vb::demoInvoicesFor("Acme Billing")));
    ASSERT_TRUE(billing_->book().put("ten_globex", vb::demoInvoicesFor("Globex Support")));
    vb::MockVendorSettings vendorSettings;
    vendorSettings.zero = true;
    vendorServer_ = std::make_unique<vb::MockVendorServer>(
        vb::MockVendorServer::kindFromName(GetParam().name), vendorSettings);
    vendorServer_->start();
    host_.handler = [](const SentRequest& sr) { return forwardOverHttp(sr, {}); };
    vendor_ = std::make_unique<Plugin>(GetParam().file, host_.api(),
                                       json{{"baseUrl", vendorServer_->baseUrl()}}.dump());
    ASSERT_EQ(vendor_->createStatus, VB_OK) << vendor_->createError.message;
    tool_ = std::make_unique<Plugin>("libvb_tool_invoice_lookup.so", host_.api(),
                                     json{{"baseUrl", billing_->baseUrl()}}.dump());
    ASSERT_EQ(tool_->createStatus, VB_OK) << tool_->createError.message;
  }

  // The host's side of one round: offer the tool, run the call it asks for
  // (a VB_NOT_FOUND becomes the host's {"error":"not_found",…} result), send
  // the result back, and return the vendor's final text.
  std::string ask(const std::string& said, const std::string& tenant, json* toolCall = nullptr) {
    const auto* api = tool_->descriptor->tool;
    json request = {{"system", "You are Acme's billing agent."},
                    {"messages", json::array({{{"role", "user"}, {"content", said}}})},
                    {"tools", json::array({{{"name", "InvoiceLookup"},
                                            {"description", s(api->description)},
                                            {"parameters", json::parse(s(api->parameters_schema))}}})}};
    auto reply = vendor_->chat(request.dump());
    EXPECT_EQ(reply.status, VB_OK) << reply.error.message;
    const auto first = reply.outJson();
    if (first["toolCalls"].size() != 1u) {
      ADD_FAILURE() << "expected one tool call: " << first.dump();
      return {};
    }
    const auto call = first["toolCalls"][0];
    if (toolCall) *toolCall = call;
    const auto run = tool_->invoke(call["arguments"].dump(), tenant);
    const std::string result = run.status == VB_OK
                                   ? run.out
                                   : json{{"error", run.status == VB_NOT_FOUND ? "not_found" : "failed"},
                                          {"message", run.error.message}}
                                         .dump();
    request["messages"].push_back(
        {{"role", "assistant"}, {"content", ""}, {"toolCalls", json::array({call})}});
    request["messages"].push_back(
        {{"role", "tool"}, {"toolCallId", call["id"]}, {"name", call["name"]}, {"content", result}});
    reply = vendor_->chat(request.dump());
    EXPECT_EQ(reply.status, VB_OK) << reply.error.message;
    const auto last = reply.outJson();
    EXPECT_TRUE(last["toolCalls"].empty()) << last.dump();
    EXPECT_GT(last["tokensOut"].get<int>(), 0);
    return last["text"];
  }

  Poco::TemporaryFile dir_;
  std::unique_ptr<vb::MockBillingServer> billing_;
  std::unique_ptr<vb::MockVendorServer> vendorServer_;
  FakeHost host_;
  std::unique_ptr<Plugin> vendor_;
  std::unique_ptr<Plugin> tool_;
};

TEST_P(InvoiceRoundTripTest, AnInvoiceQuestionIsAnsweredWithTheInvoice) {
  json call;
  EXPECT_EQ(ask("Can you look up invoice INV-1001?", "ten_acme", &call),
            "Invoice INV-1001 for cust-7 is $125.40, due 2026-12-15, status open.");
  EXPECT_EQ(call["name"], "InvoiceLookup");
  EXPECT_EQ(call["arguments"], json({{"invoiceNumber", "INV-1001"}}));
}

TEST_P(InvoiceRoundTripTest, ASpokenInvoiceNumberWorksToo) {
  EXPECT_EQ(ask("invoice one zero zero three", "ten_acme"),
            "Invoice INV-1003 for cust-7 is $80.00, due 2026-09-30, status paid.");
}

TEST_P(InvoiceRoundTripTest, ACustomersInvoicesAreListed) {
  EXPECT_EQ(ask("What does customer cust-7 owe?", "ten_acme"),
            "cust-7 has 2 invoices: INV-1001 $125.40 open, INV-1003 $80.00 paid.");
}

TEST_P(InvoiceRoundTripTest, AnotherTenantsInvoiceIsNotFound) {
  EXPECT_EQ(ask("Can you look up invoice INV-2001?", "ten_acme"), "I could not find invoice INV-2001.");
}

INSTANTIATE_TEST_SUITE_P(Vendors, InvoiceRoundTripTest,
                         ::testing::Values(Vendor{"vendorA", "libvb_vendor_a.so"},
                                           Vendor{"vendorB", "libvb_vendor_b.so"}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
