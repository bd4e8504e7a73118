// Invoice: one invoice of a tenant's billing system, as the mock billing
// system stores and serves it:
//   {"invoiceNumber":"INV-1001","customerId":"cust-7","amountCents":12540,
//    "currency":"USD","status":"open"|"paid"|"overdue","dueDate":"2026-12-15"}
// Money is integer cents, never floating point.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

#include "common/result.h"

namespace vb {

struct Invoice {
  std::string invoiceNumber;
  std::string customerId;
  int64_t amountCents = 0;
  std::string currency = "USD";
  std::string status = "open";
  std::string dueDate;  // YYYY-MM-DD

  bool operator==(const Invoice&) const = default;
};

Poco::JSON::Object::Ptr toJson(const Invoice& invoice);

// Reads and checks one invoice: invoiceNumber and customerId non-empty
// strings of at most 64 characters from [A-Za-z0-9_.-], amountCents a
// non-negative integer, currency three capital letters (default "USD"),
// status open|paid|overdue (default "open"), dueDate a YYYY-MM-DD date. The
// error names the first field that is wrong.
Result<Invoice, std::string> invoiceFromJson(const Poco::JSON::Object::Ptr& object);

}  // namespace vb
