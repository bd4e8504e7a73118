// What InvoiceLookup was asked: its arguments checked against the parameters
// schema it shows the LLM (kParametersSchema), so a bad call fails before
// anything reaches the billing system.
#pragma once

#include <vocalbridge/vb_plugin.h>

#include <string>
#include <string_view>

namespace invoicelookup {

// The JSON schema of the arguments: an invoice number, a customer id, or
// both (then the invoice must belong to that customer); nothing else.
inline constexpr std::string_view kParametersSchema =
    R"({"type":"object","properties":{)"
    R"("invoiceNumber":{"type":"string","pattern":"^INV-[0-9]{4}$",)"
    R"("description":"The invoice number, e.g. INV-1001"},)"
    R"("customerId":{"type":"string","description":"The customer id, e.g. cust-7: lists that customer's invoices"}},)"
    R"("minProperties":1,"additionalProperties":false})";

struct InvoiceQuery {
  std::string invoiceNumber;  // "INV-1234", or "" to list the customer's invoices
  std::string customerId;     // "" when only the number is given
};

// Throws vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST) naming
// what is wrong: not a JSON object, an unknown argument, a number not like
// INV-1234, an empty or over-long customer id, or neither given.
InvoiceQuery parseInvoiceQuery(vb_str argumentsJson);

}  // namespace invoicelookup
