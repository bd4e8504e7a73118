#include "invoice_text.h"

namespace invoicelookup {
namespace {

constexpr std::string_view kRemote = "InvoiceLookup: billing system";

std::string requiredString(const vbp::json& invoice, const char* key) {
  const auto it = invoice.find(key);
  if (it == invoice.end() || !it->is_string() || it->get<std::string>().empty())
    vbp::badAnswer(kRemote, std::string("invoice without ") + key);
  return it->get<std::string>();
}

// "1234567" → "1,234,567"
std::string grouped(uint64_t units) {
  std::string digits = std::to_string(units);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<size_t>(at), ",");
  return digits;
}

}  // namespace

std::string formatMoney(int64_t cents, const std::string& currency) {
  const bool negative = cents < 0;
  // Magnitude without overflow for INT64_MIN.
  const uint64_t magnitude = negative ? ~static_cast<uint64_t>(cents) + 1 : static_cast<uint64_t>(cents);
  const uint64_t fraction = magnitude % 100;
  const std::string amount =
      grouped(magnitude / 100) + (fraction < 10 ? ".0" : ".") + std::to_string(fraction);
  std::string symbol;
  if (currency == "USD")
    symbol = "$";
  else if (currency == "EUR")
    symbol = "€";
  else if (currency == "GBP")
    symbol = "£";
  else
    symbol = currency + " ";
  return (negative ? "-" : "") + symbol + amount;
}

vbp::json checkedInvoice(const vbp::json& invoice) {
  if (!invoice.is_object()) vbp::badAnswer(kRemote, "an invoice is not a JSON object");
  const auto cents = invoice.find("amountCents");
  if (cents == invoice.end() || !cents->is_number_integer())
    vbp::badAnswer(kRemote, "invoice amountCents is not an integer");
  return {{"invoiceNumber", requiredString(invoice, "invoiceNumber")},
          {"customerId", requiredString(invoice, "customerId")},
          {"amountCents", cents->get<int64_t>()},
          {"currency", requiredString(invoice, "currency")},
          {"status", requiredString(invoice, "status")},
          {"dueDate", requiredString(invoice, "dueDate")}};
}

std::string describeInvoice(const vbp::json& invoice) {
  return "Invoice " + invoice["invoiceNumber"].get<std::string>() + " for " +
         invoice["customerId"].get<std::string>() + " is " +
         formatMoney(invoice["amountCents"].get<int64_t>(), invoice["currency"].get<std::string>()) +
         ", due " + invoice["dueDate"].get<std::string>() + ", status " +
         invoice["status"].get<std::string>();
}

std::string describeInvoices(const std::string& customerId, const vbp::json& invoices) {
  std::string text = customerId + " has " + std::to_string(invoices.size()) +
                     (invoices.size() == 1 ? " invoice: " : " invoices: ");
  bool first = true;
  for (const auto& invoice : invoices) {
    if (!first) text += ", ";
    first = false;
    text += invoice["invoiceNumber"].get<std::string>() + " " +
            formatMoney(invoice["amountCents"].get<int64_t>(), invoice["currency"].get<std::string>()) + " " +
            invoice["status"].get<std::string>();
  }
  return text;
}

}  // namespace invoicelookup
