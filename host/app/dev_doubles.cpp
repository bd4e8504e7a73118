#include "app/dev_doubles.h"

#include <Poco/Logger.h>

#include <sstream>

#include "testdoubles/mockbilling/demo_invoices.h"
#include "testdoubles/mockbilling/invoice_book.h"
#include "testdoubles/mockbilling/mock_billing_server.h"
#include "testdoubles/mockvendors/mock_vendor_server.h"

namespace vb {

DevDoubles::DevDoubles() = default;
DevDoubles::~DevDoubles() { stop(); }

std::map<std::string, std::string> DevDoubles::start(const AppConfig& config) {
  std::map<std::string, std::string> substitutions;
  if (config.mockVendorsEnabled) {
    const auto section = config.section("mockVendors");
    for (const std::string name : {"vendorA", "vendorB"}) {
      auto server = std::make_unique<MockVendorServer>(MockVendorServer::kindFromName(name),
                                                       MockVendorSettings::fromJson(section, name));
      server->start();
      substitutions["mock:" + name] = server->baseUrl();
      Poco::Logger::get("gateway").information("mock %s listening on %s", name, server->baseUrl());
      mockVendors_[name] = std::move(server);
    }
  }
  const auto billing = MockBillingSettings::fromJson(config.section("mockBilling"));
  if (billing.enabled) {
    mockBilling_ = std::make_unique<MockBillingServer>(billing);
    mockBilling_->start();
    substitutions["mock:billing"] = mockBilling_->baseUrl();
    Poco::Logger::get("gateway").information("mock billing listening on %s (invoices in %s)",
                                             mockBilling_->baseUrl(), billing.invoicesFile);
  }
  return substitutions;
}

void DevDoubles::stop() {
  for (auto& [name, server] : mockVendors_) server->stop();
  mockVendors_.clear();
  if (mockBilling_) mockBilling_->stop();
  mockBilling_.reset();
}

MockVendorServer* DevDoubles::mockVendor(const std::string& name) {
  const auto it = mockVendors_.find(name);
  return it == mockVendors_.end() ? nullptr : it->second.get();
}

MockBillingServer* DevDoubles::mockBilling() { return mockBilling_.get(); }

std::string registerDemoInvoices(const AppConfig& config, const std::vector<SeededTenant>& tenants) {
  const auto billing = MockBillingSettings::fromJson(config.section("mockBilling"));
  if (!billing.enabled) return {};
  InvoiceBook book(billing.invoicesFile);
  std::ostringstream out;
  out << "Demo invoices in the mock billing system (" << billing.invoicesFile << "):\n";
  for (const auto& tenant : tenants) {
    const auto invoices = demoInvoicesFor(tenant.name);
    if (invoices.empty()) continue;
    if (const auto stored = book.put(tenant.id, invoices); !stored)
      return "Demo invoices not registered: " + stored.error() + "\n";
    out << "  " << tenant.name << " invoices:";
    for (const auto& invoice : invoices) out << " " << invoice.invoiceNumber;
    out << "\n";
  }
  return out.str();
}

}  // namespace vb
