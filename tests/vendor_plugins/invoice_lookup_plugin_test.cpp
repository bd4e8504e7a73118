// The InvoiceLookup tool plugin (libvb_tool_invoice_lookup.so) against a real
// MockBillingServer, through a host_api whose http_request forwards over
// loopback: lookups, lists, not found (also for another tenant's number),
// bad arguments, classified failures, the call's budget and cancel token —
// and vb-plugin-check accepting the library.
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>

#include "plugin_harness.h"
#include "poco_http.h"
#include "testdoubles/mockbilling/demo_invoices.h"
#include "testdoubles/mockbilling/invoice_book.h"
#include "testdoubles/mockbilling/mock_billing_server.h"

using namespace vbtest;

namespace {

constexpr const char* kFile = "libvb_tool_invoice_lookup.so";

class InvoiceLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Poco::File(dir_.path()).createDirectories();
    vb::MockBillingSettings settings;
    settings.zero = true;
    settings.invoicesFile = dir_.path() + "/mock-billing.json";
    billing_ = std::make_unique<vb::MockBillingServer>(settings);
    billing_->start();
    ASSERT_TRUE(billing_->book().put("ten_acme", vb::demoInvoicesFor("Acme Billing")));
    ASSERT_TRUE(billing_->book().put("ten_globex", vb::demoInvoicesFor("Globex Support")));
    host_.handler = [this](const SentRequest& sr) { return forwardOverHttp(sr, extra_); };
    load(json{{"baseUrl", billing_->baseUrl()}});
  }

  void load(const json& settings) {
    tool_.reset();
    tool_ = std::make_unique<Plugin>(kFile, host_.api(), settings.dump());
    ASSERT_EQ(tool_->createStatus, VB_OK) << tool_->createError.message;
  }

  CallResult invoke(const std::string& arguments, const std::string& tenant = "ten_acme",
                    uint32_t timeoutMs = 5000) {
    return tool_->invoke(arguments, tenant, timeoutMs);
  }

  Poco::TemporaryFile dir_;
  std::unique_ptr<vb::MockBillingServer> billing_;
  FakeHost host_;
  std::map<std::string, std::string> extra_;  // headers the test adds (X-Mock-Fault)
  std::unique_ptr<Plugin> tool_;
};

TEST_F(InvoiceLookupTest, DescribesItselfToTheModel) {
  EXPECT_EQ(s(tool_->descriptor->name), "InvoiceLookup");
  EXPECT_EQ(tool_->descriptor->kind, VB_KIND_TOOL);
  ASSERT_NE(tool_->descriptor->tool, nullptr);
  const std::string description = s(tool_->descriptor->tool->description);
  EXPECT_NE(description.find("invoice number"), std::string::npos) << description;
  EXPECT_NE(description.find("customer id"), std::string::npos) << description;
  const auto schema = json::parse(s(tool_->descriptor->tool->parameters_schema));
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["properties"]["invoiceNumber"]["type"], "string");
  EXPECT_EQ(schema["properties"]["invoiceNumber"]["pattern"], "^INV-[0-9]{4}$");
  EXPECT_EQ(schema["properties"]["customerId"]["type"], "string");
  EXPECT_EQ(schema["additionalProperties"], false);
  EXPECT_EQ(schema["minProperties"], 1);
}

TEST_F(InvoiceLookupTest, FindsAnInvoiceByNumberInTheCallingTenantsBillingSystem) {
  const auto r = tool_->invoke(R"({"invoiceNumber":"INV-1001"})", "ten_acme", 5000, "req-77");
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  const auto out = r.outJson();
  EXPECT_EQ(out["found"], true);
  EXPECT_EQ(out["invoice"], json({{"invoiceNumber", "INV-1001"},
                                  {"customerId", "cust-7"},
                                  {"amountCents", 12540},
                                  {"currency", "USD"},
                                  {"status", "open"},
                                  {"dueDate", "2026-12-15"}}));
  EXPECT_EQ(out["summary"], "Invoice INV-1001 for cust-7 is $125.40, due 2026-12-15, status open");
  ASSERT_EQ(host_.sent.size(), 1u);  // through the host's HTTP service, nothing else
  EXPECT_EQ(host_.sent[0].method, "GET");
  EXPECT_EQ(host_.sent[0].url, billing_->baseUrl() + "/v1/tenants/ten_acme/invoices/INV-1001");
  EXPECT_EQ(host_.sent[0].headers.at("X-Request-Id"), "req-77");
}

TEST_F(InvoiceLookupTest, ListsACustomersInvoices) {
  const auto r = invoke(R"({"customerId":"cust-7"})");
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  const auto out = r.outJson();
  EXPECT_EQ(out["found"], true);
  EXPECT_EQ(out["customerId"], "cust-7");
  ASSERT_EQ(out["invoices"].size(), 2u);
  EXPECT_EQ(out["summary"], "cust-7 has 2 invoices: INV-1001 $125.40 open, INV-1003 $80.00 paid");
  EXPECT_EQ(host_.sent[0].url, billing_->baseUrl() + "/v1/tenants/ten_acme/invoices?customerId=cust-7");

  const auto one = invoke(R"({"customerId":"cust-9"})");
  ASSERT_EQ(one.status, VB_OK) << one.error.message;
  EXPECT_EQ(one.outJson()["summary"], "cust-9 has 1 invoice: INV-1005 $15.00 overdue");
}

TEST_F(InvoiceLookupTest, UnknownInvoiceOrCustomerIsNotFound) {
  auto r = invoke(R"({"invoiceNumber":"INV-9999"})");
  EXPECT_EQ(r.status, VB_NOT_FOUND);
  EXPECT_EQ(r.error.http_status, 404);
  EXPECT_NE(std::string(r.error.message).find("INV-9999"), std::string::npos) << r.error.message;
  EXPECT_TRUE(r.out.empty());
  r = invoke(R"({"customerId":"cust-404"})");
  EXPECT_EQ(r.status, VB_NOT_FOUND);
  EXPECT_NE(std::string(r.error.message).find("cust-404"), std::string::npos) << r.error.message;
}

TEST_F(InvoiceLookupTest, AnotherTenantsInvoiceIsNotFoundAndNeverShown) {
  auto r = invoke(R"({"invoiceNumber":"INV-2001"})", "ten_acme");  // Globex's number
  EXPECT_EQ(r.status, VB_NOT_FOUND);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(std::string(r.error.message).find("9900"), std::string::npos);  // nothing of Globex's data
  r = invoke(R"({"invoiceNumber":"INV-1001"})", "ten_globex");              // and the other way round
  EXPECT_EQ(r.status, VB_NOT_FOUND);
  // Both have a cust-7; each sees only its own.
  r = invoke(R"({"customerId":"cust-7"})", "ten_globex");
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  const auto found = r.outJson();  // a named copy: a range-for over a temporary's member dangles
  for (const auto& invoice : found["invoices"])
    EXPECT_EQ(invoice["invoiceNumber"].get<std::string>().substr(0, 5), "INV-2") << invoice.dump();
  // A tenant id cannot reach into another tenant's path.
  r = invoke(R"({"invoiceNumber":"INV-2001"})", "ten_acme/../ten_globex");
  EXPECT_EQ(r.status, VB_NOT_FOUND);
  EXPECT_NE(host_.sent.back().url.find("/v1/tenants/ten_acme%2F..%2Ften_globex/invoices/"), std::string::npos)
      << host_.sent.back().url;
}

TEST_F(InvoiceLookupTest, WithoutACallingTenantNothingIsLookedUp) {
  const auto r = invoke(R"({"invoiceNumber":"INV-1001"})", "");
  EXPECT_EQ(r.status, VB_INVALID_ARGUMENT);
  EXPECT_EQ(r.error.error_class, VB_ERROR_INVALID_REQUEST);
  EXPECT_TRUE(host_.sent.empty());
}

TEST_F(InvoiceLookupTest, NumberAndCustomerTogetherMustMatch) {
  EXPECT_EQ(invoke(R"({"invoiceNumber":"INV-1001","customerId":"cust-7"})").status, VB_OK);
  const auto r = invoke(R"({"invoiceNumber":"INV-1001","customerId":"cust-8"})");
  EXPECT_EQ(r.status, VB_NOT_FOUND);
  EXPECT_TRUE(r.out.empty());
}

TEST_F(InvoiceLookupTest, BadArgumentsAreInvalidWithAClearMessage) {
  struct Case {
    const char* arguments;
    const char* mentions;
  };
  const Case cases[] = {
      {"not json", "not JSON"},
      {"[1]", "JSON object"},
      {"{}", "invoiceNumber (e.g. INV-1001) or customerId"},
      {R"({"invoiceNumber":"INV-12"})", "INV- and four digits"},
      {R"({"invoiceNumber":"inv-1001"})", "INV- and four digits"},
      {R"({"invoiceNumber":1001})", "must be a string"},
      {R"({"customerId":""})", "customerId must be 1 to 64 characters"},
      {R"({"customerId":7})", "must be a string"},
      {R"({"invoiceNumber":"INV-1001","tenantId":"ten_globex"})", "unknown argument 'tenantId'"},
  };
  for (const auto& c : cases) {
    const auto r = invoke(c.arguments);
    EXPECT_EQ(r.status, VB_INVALID_ARGUMENT) << c.arguments;
    EXPECT_EQ(r.error.error_class, VB_ERROR_INVALID_REQUEST) << c.arguments;
    EXPECT_NE(std::string(r.error.message).find(c.mentions), std::string::npos)
        << c.arguments << " → " << r.error.message;
  }
  EXPECT_TRUE(host_.sent.empty());  // none reached the billing system
}

TEST_F(InvoiceLookupTest, ServerErrorIsTransient) {
  extra_["X-Mock-Fault"] = "500";
  const auto r = invoke(R"({"invoiceNumber":"INV-1001"})");
  EXPECT_EQ(r.status, VB_UNAVAILABLE);
  EXPECT_EQ(r.error.error_class, VB_ERROR_TRANSIENT);
  EXPECT_EQ(r.error.http_status, 500);
}

TEST_F(InvoiceLookupTest, TimeoutIsClassifiedWithinTheCallsBudget) {
  extra_["X-Mock-Fault"] = "timeout";
  const auto started = std::chrono::steady_clock::now();
  const auto r = invoke(R"({"invoiceNumber":"INV-1001"})", "ten_acme", 300);
  EXPECT_EQ(r.status, VB_DEADLINE_EXCEEDED);
  EXPECT_EQ(r.error.error_class, VB_ERROR_TIMEOUT);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_EQ(host_.sent.back().timeoutMs, 300u);
}

TEST_F(InvoiceLookupTest, TheTimeoutSettingCapsTheCallsBudget) {
  load(json{{"baseUrl", billing_->baseUrl()}, {"timeoutMs", 250}});
  ASSERT_EQ(invoke(R"({"invoiceNumber":"INV-1001"})", "ten_acme", 5000).status, VB_OK);
  EXPECT_EQ(host_.sent.back().timeoutMs, 250u);
  ASSERT_EQ(invoke(R"({"invoiceNumber":"INV-1001"})", "ten_acme", 100).status, VB_OK);
  EXPECT_EQ(host_.sent.back().timeoutMs, 100u);
  ASSERT_EQ(invoke(R"({"invoiceNumber":"INV-1001"})", "ten_acme", 0).status, VB_OK);  // no call budget
  EXPECT_EQ(host_.sent.back().timeoutMs, 250u);
  load(json{{"baseUrl", billing_->baseUrl()}});
  ASSERT_EQ(invoke(R"({"invoiceNumber":"INV-1001"})", "ten_acme", 0).status, VB_OK);
  EXPECT_EQ(host_.sent.back().timeoutMs, 2000u);  // the default
}

TEST_F(InvoiceLookupTest, CancelTokenIsPassedOnAndHonoured) {
  int tokenStorage = 0;
  auto* token = reinterpret_cast<vb_cancel_token*>(&tokenStorage);
  ASSERT_EQ(tool_->invoke(R"({"invoiceNumber":"INV-1001"})", "ten_acme", 5000, "r", token).status, VB_OK);
  EXPECT_EQ(host_.sent.back().cancel, token);

  // Cancelled while the request is in flight: the host's client says so.
  host_.handler = [](const SentRequest&) { return Canned{0, "", {}, VB_CANCELLED, VB_ERROR_PERMANENT}; };
  auto r = tool_->invoke(R"({"invoiceNumber":"INV-1001"})", "ten_acme", 5000, "r", token);
  EXPECT_EQ(r.status, VB_CANCELLED);

  // Cancelled before the call: nothing is sent.
  const size_t sentBefore = host_.sent.size();
  host_.cancelled = true;
  r = tool_->invoke(R"({"invoiceNumber":"INV-1001"})", "ten_acme", 5000, "r", token);
  EXPECT_EQ(r.status, VB_CANCELLED);
  EXPECT_EQ(host_.sent.size(), sentBefore);
}

TEST_F(InvoiceLookupTest, ConnectionRefusedIsTransient) {
  billing_->stop();
  const auto r = invoke(R"({"invoiceNumber":"INV-1001"})");
  EXPECT_EQ(r.status, VB_UNAVAILABLE);
  EXPECT_EQ(r.error.error_class, VB_ERROR_TRANSIENT);
}

TEST_F(InvoiceLookupTest, MalformedAnswerIsPermanent) {
  for (const std::string& body :
       {std::string(
            R"({"invoiceNumber":"INV-1001","customerId":"cust-7","amountCents":125.4,"currency":"USD",)"
            R"("status":"open","dueDate":"2026-12-15"})"),
        std::string(R"({"invoiceNumber":"INV-2001","customerId":"cust-7","amountCents":1,"currency":"USD",)"
                    R"("status":"open","dueDate":"2026-12-15"})"),  // not the invoice asked for
        std::string("not json")}) {
    host_.handler = [&body](const SentRequest&) { return Canned{200, body, {}}; };
    const auto r = invoke(R"({"invoiceNumber":"INV-1001"})");
    EXPECT_EQ(r.status, VB_INTERNAL) << body;
    EXPECT_EQ(r.error.error_class, VB_ERROR_PERMANENT) << body;
  }
}

TEST_F(InvoiceLookupTest, MoneyIsFormattedFromIntegerCents) {
  ASSERT_TRUE(billing_->book().put("ten_x", {{"INV-0001", "c", 1234567, "EUR", "open", "2027-01-01"},
                                             {"INV-0002", "c", 5, "GBP", "paid", "2027-01-01"},
                                             {"INV-0003", "c", 100, "JPY", "open", "2027-01-01"},
                                             {"INV-0004", "c", 0, "USD", "paid", "2027-01-01"},
                                             {"INV-0005", "c", 99999999999, "USD", "open", "2027-01-01"}}));
  const auto r = invoke(R"({"customerId":"c"})", "ten_x");
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  EXPECT_EQ(r.outJson()["summary"],
            "c has 5 invoices: INV-0001 €12,345.67 open, INV-0002 £0.05 paid, INV-0003 JPY 1.00 open, "
            "INV-0004 $0.00 paid, INV-0005 $999,999,999.99 open");
}

TEST_F(InvoiceLookupTest, CreateChecksItsSettings) {
  for (const std::string& settings : {std::string("{}"), std::string(R"({"baseUrl":"${mock:billing}"})"),
                                      json{{"baseUrl", billing_->baseUrl()}, {"timeoutMs", 0}}.dump(),
                                      json{{"baseUrl", billing_->baseUrl()}, {"timeoutMs", "2000"}}.dump()}) {
    Plugin bad(kFile, host_.api(), settings);
    EXPECT_EQ(bad.createStatus, VB_INVALID_ARGUMENT) << settings;
  }
}

TEST(InvoiceLookupPluginCheck, VbPluginCheckAcceptsIt) {
  const std::string command = std::string(VB_BIN_DIR) +
                              "/vb-plugin-check --settings '{\"baseUrl\":\"http://127.0.0.1:9\"}' " +
                              VB_PLUGIN_DIR + "/" + kFile + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status)) << output;
  EXPECT_EQ(WEXITSTATUS(status), 0) << output;
  EXPECT_NE(output.find("InvoiceLookup"), std::string::npos) << output;
  EXPECT_NE(output.find("kind        tool"), std::string::npos) << output;
  EXPECT_NE(output.find("create      ok"), std::string::npos) << output;
}

}  // namespace
