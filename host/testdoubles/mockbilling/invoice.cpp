#include "testdoubles/mockbilling/invoice.h"

#include <cctype>
#include <optional>

namespace vb {
namespace {

constexpr size_t kMaxIdChars = 64;

bool isId(const std::string& s) {
  if (s.empty() || s.size() > kMaxIdChars) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

bool isCurrency(const std::string& s) {
  if (s.size() != 3) return false;
  for (unsigned char c : s)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

bool isDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = std::stoi(s.substr(5, 2));
  const int day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// The string at `key`, `fallback` when absent, nullopt when not a string.
std::optional<std::string> stringAt(const Poco::JSON::Object::Ptr& o, const std::string& key,
                                    const std::string& fallback) {
  if (!o->has(key) || o->isNull(key)) return fallback;
  const auto v = o->get(key);
  if (!v.isString()) return std::nullopt;
  return v.extract<std::string>();
}

}  // namespace

Poco::JSON::Object::Ptr toJson(const Invoice& invoice) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("invoiceNumber", invoice.invoiceNumber);
  o->set("customerId", invoice.customerId);
  o->set("amountCents", invoice.amountCents);
  o->set("currency", invoice.currency);
  o->set("status", invoice.status);
  o->set("dueDate", invoice.dueDate);
  return o;
}

Result<Invoice, std::string> invoiceFromJson(const Poco::JSON::Object::Ptr& o) {
  if (!o) return unexpected(std::string("an invoice must be a JSON object"));
  Invoice invoice;
  const auto number = stringAt(o, "invoiceNumber", "");
  if (!number || !isId(*number))
    return unexpected(std::string("invoiceNumber must be 1-64 characters of [A-Za-z0-9_.-]"));
  invoice.invoiceNumber = *number;
  const auto customer = stringAt(o, "customerId", "");
  if (!customer || !isId(*customer))
    return unexpected(std::string("customerId must be 1-64 characters of [A-Za-z0-9_.-]"));
  invoice.customerId = *customer;
  if (!o->has("amountCents") || !o->get("amountCents").isInteger())
    return unexpected(std::string("amountCents must be an integer (cents)"));
  invoice.amountCents = o->getValue<int64_t>("amountCents");
  if (invoice.amountCents < 0) return unexpected(std::string("amountCents must not be negative"));
  const auto currency = stringAt(o, "currency", invoice.currency);
  if (!currency || !isCurrency(*currency))
    return unexpected(std::string("currency must be three capital letters, e.g. USD"));
  invoice.currency = *currency;
  const auto status = stringAt(o, "status", invoice.status);
  if (!status || (*status != "open" && *status != "paid" && *status != "overdue"))
    return unexpected(std::string("status must be open, paid or overdue"));
  invoice.status = *status;
  const auto due = stringAt(o, "dueDate", "");
  if (!due || !isDate(*due)) return unexpected(std::string("dueDate must be a date YYYY-MM-DD"));
  invoice.dueDate = *due;
  return invoice;
}

}  // namespace vb
