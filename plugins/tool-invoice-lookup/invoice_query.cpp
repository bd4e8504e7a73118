#include "invoice_query.h"

#include <cctype>
#include <vbplugins/plugin_util.hpp>

namespace invoicelookup {

namespace {

constexpr size_t kMaxCustomerIdChars = 64;

[[noreturn]] void invalid(const std::string& why) {
  throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "InvoiceLookup: " + why);
}

bool isInvoiceNumber(const std::string& s) {
  if (s.size() != 8 || s.compare(0, 4, "INV-") != 0) return false;
  for (size_t i = 4; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

}  // namespace

InvoiceQuery parseInvoiceQuery(vb_str argumentsJson) {
  const auto view = vb::view(argumentsJson);
  const auto args = vbp::json::parse(view.begin(), view.end(), nullptr, /*allow_exceptions=*/false);
  if (args.is_discarded()) invalid("arguments are not JSON");
  if (!args.is_object()) invalid("arguments must be a JSON object");
  InvoiceQuery query;
  for (const auto& [key, value] : args.items()) {
    if (key == "invoiceNumber") {
      if (!value.is_string()) invalid("invoiceNumber must be a string like INV-1001");
      query.invoiceNumber = value.get<std::string>();
      if (!isInvoiceNumber(query.invoiceNumber))
        invalid("invoiceNumber '" + query.invoiceNumber.substr(0, 32) +
                "' must look like INV-1001 (INV- and four digits)");
    } else if (key == "customerId") {
      if (!value.is_string()) invalid("customerId must be a string like cust-7");
      query.customerId = value.get<std::string>();
      if (query.customerId.empty() || query.customerId.size() > kMaxCustomerIdChars)
        invalid("customerId must be 1 to 64 characters");
    } else {
      invalid("unknown argument '" + key.substr(0, 32) + "' (expected invoiceNumber or customerId)");
    }
  }
  if (query.invoiceNumber.empty() && query.customerId.empty())
    invalid("give invoiceNumber (e.g. INV-1001) or customerId (e.g. cust-7)");
  return query;
}

}  // namespace invoicelookup
