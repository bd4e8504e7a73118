// UsageService: usage analytics, the event list (JSON/CSV) and the billing
// preview, all computed from the stored per-event costs (usage_events), so
// every figure adds up to the same integer micros.
// Date ranges are UTC calendar days, `to` inclusive: [from 00:00, to+1 00:00).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/paging.h"
#include "common/result.h"
#include "domain/page_cursor.h"
#include "domain/usage_event.h"
#include "metering/money.h"

namespace vb {

class Database;

struct DateRange {
  std::string from;  // "YYYY-MM-DD"
  std::string to;    // inclusive
};

struct UsageReport {
  DateRange range;
  UsageTotals totals;
  std::vector<UsageGroup> byProvider;  // key = provider
  std::vector<UsageGroup> topAgents;   // key = agent id, label = name
  std::vector<UsageGroup> daily;       // key = date; every day of the range, zeros included
};

using UsageEventPage = Page<UsageEvent>;

struct BillingLine {
  std::string provider;
  std::string pricingVersion;
  std::string description;
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  int64_t messages = 0;
  Money amount;
};

struct BillingPreview {
  std::string month;  // "YYYY-MM"
  std::vector<BillingLine> lines;
  Money total;  // the sum of the lines = the month's usage total
};

class UsageService {
 public:
  UsageService(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock);

  // from/to "YYYY-MM-DD" or empty (defaults: to = today UTC, from = to − 29 days).
  // BadRequest naming the field when malformed; Unprocessable when from > to
  // or the range is longer than 366 days. The cap is the rollups' (report,
  // not the event list): a report answers one daily entry per day of the
  // range and aggregates every event in it in one snapshot, so its answer
  // and its scan are bounded by it; 366 days still holds a leap year.
  Result<DateRange, DomainError> resolveRange(const std::string& from, const std::string& to) const;
  // The same without the length cap (the event list and CSV page with
  // cursors, so any range costs one page per call).
  Result<DateRange, DomainError> resolveUncappedRange(const std::string& from, const std::string& to) const;

  Result<UsageReport, DomainError> report(const std::string& tenantId, const std::string& from,
                                          const std::string& to, int topAgents = 10);
  // Any range (no length cap). cursor: an opaque value from a previous page's
  // nextCursor. BadRequest when malformed.
  Result<UsageEventPage, DomainError> events(const std::string& tenantId, const std::string& from,
                                             const std::string& to, const std::string& cursor, int limit);
  // Every event of the range as CSV with a header line (RFC 4180 quoting).
  Result<std::string, DomainError> eventsCsv(const std::string& tenantId, const std::string& from,
                                             const std::string& to);
  // month "YYYY-MM" (empty → the current UTC month). BadRequest when malformed.
  Result<BillingPreview, DomainError> billingPreview(const std::string& tenantId, const std::string& month);

 private:
  std::shared_ptr<Database> database_;
  std::shared_ptr<Clock> clock_;
};

}  // namespace vb
