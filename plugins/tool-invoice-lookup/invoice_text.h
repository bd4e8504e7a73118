// Invoices from the billing system, checked and put into words for the
// result's "summary" (what the LLM and the audit log read):
//   "Invoice INV-1001 for cust-7 is $125.40, due 2026-12-15, status open"
//   "cust-7 has 2 invoices: INV-1001 $125.40 open, INV-1003 $80.00 paid"
// Money is formatted from integer cents, never through floating point.
#pragma once

#include <cstdint>
#include <string>
#include <vbplugins/plugin_util.hpp>

namespace invoicelookup {

// "$1,234.50" for USD (€ for EUR, £ for GBP), "CHF 12.00" for other codes.
std::string formatMoney(int64_t cents, const std::string& currency);

// One invoice of the billing system's answer, reduced to the documented
// fields; throws a malformed-answer error (VB_INTERNAL, PERMANENT, HTTP 200)
// when a field is missing or mistyped (amountCents must be an integer).
vbp::json checkedInvoice(const vbp::json& invoice);

std::string describeInvoice(const vbp::json& invoice);
std::string describeInvoices(const std::string& customerId, const vbp::json& invoices);

}  // namespace invoicelookup
