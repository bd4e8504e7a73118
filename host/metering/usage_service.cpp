#include "metering/usage_service.h"

#include <chrono>
#include <sstream>

#include "store/database.h"
#include "store/timestamps.h"
#include "store/usage_repository.h"

namespace vb {
namespace {

std::string dayStart(int64_t day) { return formatDate(day) + "T00:00:00.000Z"; }

std::string csvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

UsageService::UsageService(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock)
    : database_(std::move(database)), clock_(std::move(clock)) {}

Result<DateRange, DomainError> UsageService::resolveRange(const std::string& from,
                                                          const std::string& to) const {
  auto range = resolveUncappedRange(from, to);
  if (range && *parseDate(range->to) - *parseDate(range->from) >= 366)
    return unexpected(
        DomainError::of(DomainError::Kind::Unprocessable, "the range is longer than 366 days", "to"));
  return range;
}

Result<DateRange, DomainError> UsageService::resolveUncappedRange(const std::string& from,
                                                                  const std::string& to) const {
  const int64_t today = std::chrono::floor<std::chrono::days>(clock_->wallNow()).time_since_epoch().count();
  std::optional<int64_t> toDay = to.empty() ? std::optional<int64_t>(today) : parseDate(to);
  if (!toDay)
    return unexpected(
        DomainError::of(DomainError::Kind::BadRequest, "query 'to' must be a date YYYY-MM-DD", "to"));
  std::optional<int64_t> fromDay = from.empty() ? std::optional<int64_t>(*toDay - 29) : parseDate(from);
  if (!fromDay)
    return unexpected(
        DomainError::of(DomainError::Kind::BadRequest, "query 'from' must be a date YYYY-MM-DD", "from"));
  if (*fromDay > *toDay)
    return unexpected(DomainError::of(DomainError::Kind::Unprocessable, "'from' is after 'to'", "from"));
  return DateRange{formatDate(*fromDay), formatDate(*toDay)};
}

Result<UsageReport, DomainError> UsageService::report(const std::string& tenantId, const std::string& from,
                                                      const std::string& to, int topAgents) {
  auto range = resolveRange(from, to);
  if (!range) return unexpected(range.error());
  const int64_t firstDay = *parseDate(range->from), lastDay = *parseDate(range->to);
  const std::string fromAt = dayStart(firstDay), toAt = dayStart(lastDay + 1);
  UsageReport report;
  report.range = *range;
  std::vector<UsageGroup> days;
  // One snapshot: totals, groups and days must add up to each other.
  database_->snapshot([&](Transaction& tx) {
    report.totals = UsageRepository::totals(tx, tenantId, fromAt, toAt);
    report.byProvider = UsageRepository::byProvider(tx, tenantId, fromAt, toAt);
    report.topAgents = UsageRepository::byAgent(tx, tenantId, fromAt, toAt, topAgents);
    days = UsageRepository::byDay(tx, tenantId, fromAt, toAt);
  });
  size_t next = 0;
  for (int64_t day = firstDay; day <= lastDay; ++day) {
    const std::string date = formatDate(day);
    if (next < days.size() && days[next].key == date)
      report.daily.push_back(days[next++]);
    else
      report.daily.push_back({date, "", 0, 0, 0, 0});
  }
  return report;
}

Result<UsageEventPage, DomainError> UsageService::events(const std::string& tenantId, const std::string& from,
                                                         const std::string& to, const std::string& cursor,
                                                         int limit) {
  auto range = resolveUncappedRange(from, to);
  if (!range) return unexpected(range.error());
  auto after = cursorFrom(cursor);
  if (!after) return unexpected(after.error());
  const std::string fromAt = dayStart(*parseDate(range->from)), toAt = dayStart(*parseDate(range->to) + 1);
  return pageOf(database_->read([&](Transaction& tx) {
    return UsageRepository::list(tx, tenantId, fromAt, toAt, *after, limit + 1);
  }),
                limit);
}

Result<std::string, DomainError> UsageService::eventsCsv(const std::string& tenantId, const std::string& from,
                                                         const std::string& to) {
  std::ostringstream csv;
  csv << "id,agentId,sessionId,messageId,provider,tokensIn,tokensOut,costMicros,costUsd,pricingVersion,"
         "createdAt\r\n";
  std::string cursor;
  for (;;) {
    auto page = events(tenantId, from, to, cursor, 1000);
    if (!page) return unexpected(page.error());
    for (const auto& e : page->items)
      csv << csvField(e.id) << ',' << csvField(e.agentId) << ',' << csvField(e.sessionId) << ','
          << csvField(e.messageId) << ',' << csvField(e.provider) << ',' << e.tokensIn << ',' << e.tokensOut
          << ',' << e.costMicros << ',' << Money{e.costMicros}.usd() << ',' << csvField(e.pricingVersion)
          << ',' << e.createdAt << "\r\n";
    if (!page->nextCursor) break;
    cursor = *page->nextCursor;
  }
  return csv.str();
}

Result<BillingPreview, DomainError> UsageService::billingPreview(const std::string& tenantId,
                                                                 const std::string& month) {
  std::string m = month;
  if (m.empty())
    m = formatDate(std::chrono::floor<std::chrono::days>(clock_->wallNow()).time_since_epoch().count())
            .substr(0, 7);
  const auto first = parseDate(m + "-01");
  if (m.size() != 7 || !first)
    return unexpected(
        DomainError::of(DomainError::Kind::BadRequest, "query 'month' must be YYYY-MM", "month"));
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{*first}}};
  const auto nextMonth = std::chrono::sys_days{ymd + std::chrono::months{1}}.time_since_epoch().count();
  const std::string fromAt = dayStart(*first), toAt = dayStart(nextMonth);
  const auto groups = database_->read(
      [&](Transaction& tx) { return UsageRepository::byProviderAndPricing(tx, tenantId, fromAt, toAt); });
  BillingPreview preview;
  preview.month = m;
  for (const auto& g : groups) {
    BillingLine line;
    line.provider = g.key;
    line.pricingVersion = g.label;
    line.tokensIn = g.tokensIn;
    line.tokensOut = g.tokensOut;
    line.messages = g.messages;
    line.amount = Money{g.costMicros};
    line.description = g.key + " — " + std::to_string(g.messages) + " responses, " +
                       std::to_string(g.tokensIn) + " input + " + std::to_string(g.tokensOut) +
                       " output tokens (pricing " + g.label + ")";
    preview.total.micros += g.costMicros;
    preview.lines.push_back(std::move(line));
  }
  return preview;
}

}  // namespace vb
