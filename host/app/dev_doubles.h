// DevDoubles: the test doubles the development config starts inside the
// host, so `make run` is one command: the two mock LLM vendors (section
// "mockVendors" {enabled, …}) and the mock billing system InvoiceLookup
// reads (section "mockBilling" {enabled, host, port, invoicesFile, …}). Not
// part of the core — the gateway only starts them when the config asks, and
// hands their URLs to the plugin config as ${mock:<name>} placeholders
// (mock:vendorA, mock:vendorB, mock:billing).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/app_config.h"
#include "seed/seeder.h"

namespace vb {

class MockBillingServer;
class MockVendorServer;

class DevDoubles {
 public:
  DevDoubles();
  ~DevDoubles();  // stops what it started
  DevDoubles(const DevDoubles&) = delete;
  DevDoubles& operator=(const DevDoubles&) = delete;

  // Starts every double the config enables; returns placeholder → URL
  // ("mock:vendorA" → "http://127.0.0.1:<port>"). Throws when one cannot start.
  std::map<std::string, std::string> start(const AppConfig& config);
  void stop();

  // The running mock vendor of that name ("vendorA"/"vendorB"), or null.
  MockVendorServer* mockVendor(const std::string& name);
  // The running mock billing system, or null.
  MockBillingServer* mockBilling();

 private:
  std::map<std::string, std::unique_ptr<MockVendorServer>> mockVendors_;
  std::unique_ptr<MockBillingServer> mockBilling_;
};

// When the config enables the mock billing system, registers each seeded
// demo tenant's invoices (mockbilling/demo_invoices.h, by tenant name) in its
// invoices file under the tenant's id — the id is all InvoiceLookup knows —
// whether or not the server runs (a running one re-reads the file). Returns
// console lines naming them ("Acme Billing invoices: INV-1001 …"), a line
// saying why they could not be registered, or "" when the mock billing
// system is disabled.
std::string registerDemoInvoices(const AppConfig& config, const std::vector<SeededTenant>& tenants);

}  // namespace vb
