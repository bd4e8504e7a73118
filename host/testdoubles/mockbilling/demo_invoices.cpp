#include "testdoubles/mockbilling/demo_invoices.h"

namespace vb {

std::vector<Invoice> demoInvoicesFor(const std::string& tenantName) {
  if (tenantName == "Acme Billing")
    return {
        {"INV-1001", "cust-7", 12540, "USD", "open", "2026-12-15"},
        {"INV-1002", "cust-8", 4999, "USD", "overdue", "2026-10-31"},
        {"INV-1003", "cust-7", 8000, "USD", "paid", "2026-09-30"},
        {"INV-1004", "cust-8", 23075, "USD", "open", "2027-01-15"},
        {"INV-1005", "cust-9", 1500, "USD", "overdue", "2026-11-01"},
    };
  if (tenantName == "Globex Support")
    return {
        {"INV-2001", "cust-7", 9900, "USD", "open", "2026-12-31"},
        {"INV-2002", "cust-12", 45000, "USD", "paid", "2026-08-15"},
        {"INV-2003", "cust-7", 3250, "USD", "overdue", "2026-10-15"},
        {"INV-2004", "cust-14", 17800, "EUR", "open", "2027-02-01"},
    };
  return {};
}

}  // namespace vb
