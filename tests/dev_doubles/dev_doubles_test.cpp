// The development doubles inside the real host (app/dev_doubles.h): the mock
// billing system starts with the default config and the configured
// InvoiceLookup reaches it through the host's plugin registry; `make run`'s
// seed (Gateway::seedIfEmpty) and `vocalbridge seed` register the demo
// tenants' invoices by tenant id and print their numbers.
#include "app/dev_doubles.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "app/operator_commands.h"
#include "pluginhost/plugin_registry.h"
#include "support/test_host.h"
#include "testdoubles/mockbilling/invoice_book.h"
#include "testdoubles/mockbilling/mock_billing_server.h"

namespace vb {
namespace {

// The tenant id the seed listing prints next to the name: "  Acme Billing (ten_…)".
std::string tenantIdIn(const std::string& listing, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(listing, m, std::regex("  " + name + R"( \(([^)]+)\))"))) return {};
  return m.str(1);
}

Result<ToolResult, VendorError> lookUp(test::TestHost& host, const std::string& tenantId,
                                       const std::string& arguments) {
  CallOptions call;
  call.requestId = "req-dev-doubles";
  call.tenantId = tenantId;
  call.timeout = std::chrono::milliseconds(5000);
  return host.gateway().plugins().invokeTool("InvoiceLookup", arguments, call);
}

TEST(DevDoubles, TheDefaultConfigStartsTheMockBillingSystemForInvoiceLookup) {
  test::TestHost host;
  ASSERT_NE(host.gateway().mockBilling(), nullptr);
  bool loaded = false;
  for (const auto& plugin : host.gateway().plugins().list())
    if (plugin.name == "InvoiceLookup") {
      EXPECT_EQ(plugin.kind, "tool");
      EXPECT_EQ(plugin.status, "loaded") << plugin.error;
      EXPECT_NE(plugin.path.find("libvb_tool_invoice_lookup.so"), std::string::npos) << plugin.path;
      loaded = true;
    }
  EXPECT_TRUE(loaded);

  ASSERT_TRUE(host.gateway().mockBilling()->book().put(
      "ten_a", {{"INV-0042", "cust-1", 4200, "USD", "open", "2027-01-31"}}));
  const auto found = lookUp(host, "ten_a", R"({"invoiceNumber":"INV-0042"})");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_TRUE(found->found);
  EXPECT_EQ(found->summary, "Invoice INV-0042 for cust-1 is $42.00, due 2027-01-31, status open");
  EXPECT_EQ(host.gateway().mockBilling()->requestCount(), 1u);
}

TEST(DevDoubles, DisabledMockBillingIsNotStarted) {
  test::TestHost host(
      [](Poco::JSON::Object& config) { config.getObject("mockBilling")->set("enabled", false); });
  EXPECT_EQ(host.gateway().mockBilling(), nullptr);
}

TEST(DevDoubles, SeedIfEmptyRegistersAndPrintsEachDemoTenantsInvoices) {
  test::TestHost host;
  const std::string listing = host.gateway().seedIfEmpty();
  EXPECT_NE(listing.find("Acme Billing invoices: INV-1001 INV-1002 INV-1003 INV-1004 INV-1005\n"),
            std::string::npos)
      << listing;
  EXPECT_NE(listing.find("Globex Support invoices: INV-2001 INV-2002 INV-2003 INV-2004\n"), std::string::npos)
      << listing;
  const std::string acme = tenantIdIn(listing, "Acme Billing");
  const std::string globex = tenantIdIn(listing, "Globex Support");
  ASSERT_FALSE(acme.empty()) << listing;
  ASSERT_FALSE(globex.empty()) << listing;

  // The running host's InvoiceLookup finds them by tenant id, and only for that tenant.
  auto r = lookUp(host, acme, R"({"invoiceNumber":"INV-1001"})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->summary, "Invoice INV-1001 for cust-7 is $125.40, due 2026-12-15, status open");
  r = lookUp(host, globex, R"({"invoiceNumber":"INV-1001"})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->found);
  EXPECT_EQ(r->resultJson.find("12540"), std::string::npos) << r->resultJson;
  EXPECT_EQ(host.gateway().seedIfEmpty(), "");  // not empty any more: nothing new
}

TEST(DevDoubles, SeedCommandRegistersAndPrintsEachDemoTenantsInvoices) {
  Poco::TemporaryFile dir;
  Poco::File(dir.path()).createDirectories();
  Poco::FileInputStream in(std::string(VB_SOURCE_DIR) + "/config/vocalbridge.json");
  auto root = Poco::JSON::Parser().parse(in).extract<Poco::JSON::Object::Ptr>();
  root->getObject("database")->set("path", dir.path() + "/seed.db");
  root->set("pluginDir", std::string(VB_PLUGIN_DIR));
  const std::string invoicesFile = dir.path() + "/mock-billing.json";
  root->getObject("mockBilling")->set("invoicesFile", invoicesFile);
  const std::string configPath = dir.path() + "/vocalbridge.json";
  {
    Poco::FileOutputStream out(configPath);
    root->stringify(out, 2);
  }

  std::ostringstream out, err;
  ASSERT_EQ(runOperatorCommand(AppConfig::load(configPath), {"seed"}, out, err), 0) << err.str();
  const std::string listing = out.str();
  EXPECT_NE(listing.find("Acme Billing invoices: INV-1001 INV-1002 INV-1003 INV-1004 INV-1005\n"),
            std::string::npos)
      << listing;
  EXPECT_NE(listing.find("Globex Support invoices: INV-2001 INV-2002 INV-2003 INV-2004\n"), std::string::npos)
      << listing;
  EXPECT_NE(listing.find("VB_ADMIN_KEY="), std::string::npos);  // scripts still find the keys

  InvoiceBook book(invoicesFile);
  const auto acme = book.list(tenantIdIn(listing, "Acme Billing"), "");
  ASSERT_TRUE(acme) << acme.error();
  EXPECT_EQ(acme->size(), 5u);
  const auto globex = book.list(tenantIdIn(listing, "Globex Support"), "");
  ASSERT_TRUE(globex) << globex.error();
  EXPECT_EQ(globex->size(), 4u);
}

TEST(DevDoubles, NoDemoInvoicesWhenTheMockBillingSystemIsDisabled) {
  AppConfig config;
  config.root = new Poco::JSON::Object;
  EXPECT_EQ(registerDemoInvoices(config, {{"ten_a", "Acme Billing", "", "", {}}}), "");
}

TEST(DevDoubles, AnUnwritableInvoicesFileIsReportedNotThrown) {
  Poco::TemporaryFile dir;
  Poco::File(dir.path()).createDirectories();
  std::ofstream(dir.path() + "/broken.json") << "{ not json";
  AppConfig config;
  config.root =
      Poco::JSON::Parser()
          .parse(R"({"mockBilling":{"enabled":true,"invoicesFile":")" + dir.path() + R"(/broken.json"}})")
          .extract<Poco::JSON::Object::Ptr>();
  const std::string text = registerDemoInvoices(config, {{"ten_a", "Acme Billing", "", "", {}}});
  EXPECT_EQ(text.rfind("Demo invoices not registered: ", 0), 0u) << text;
}

}  // namespace
}  // namespace vb
