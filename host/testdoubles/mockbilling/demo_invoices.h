// The demo tenants' invoices (host/seed creates the tenants "Acme Billing"
// and "Globex Support"): a fixed set per tenant name, so the README, the
// seed's console listing and the tests can name them.
//   Acme Billing   INV-1001..INV-1005, customers cust-7, cust-8, cust-9
//   Globex Support INV-2001..INV-2004, customers cust-7, cust-12, cust-14
// Both tenants have a "cust-7" on purpose: their lists must never mix.
#pragma once

#include <string>
#include <vector>

#include "testdoubles/mockbilling/invoice.h"

namespace vb {

// The invoices of the demo tenant of that name; empty for any other name.
std::vector<Invoice> demoInvoicesFor(const std::string& tenantName);

}  // namespace vb
