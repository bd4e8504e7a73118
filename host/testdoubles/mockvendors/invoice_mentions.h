// What a user's message says about invoices, read the way the mock vendors
// need it to choose a tool call: an invoice number, typed ("INV-1001",
// "inv-1001") or spoken the way speech-to-text writes it ("invoice one zero
// zero one", "invoice number 1 0 0 1" → "INV-1001"), a customer id
// ("customer cust-7"), or just the word "invoice".
#pragma once

#include <optional>
#include <string>

namespace vb {

// The first invoice number in `text`, as "INV-" + digits; spoken numbers
// need exactly four digits after the word "invoice" (optionally "number").
std::optional<std::string> invoiceNumberIn(const std::string& text);

// The first customer id in `text` ("cust-7", "C-123"), as written.
std::optional<std::string> customerIdIn(const std::string& text);

// Whether `text` speaks of invoices at all ("invoice", "invoices", "INV-…").
bool mentionsInvoices(const std::string& text);

}  // namespace vb
