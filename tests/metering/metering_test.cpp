// Money, prices and the usage figures that must add up to the micro.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "metering/money.h"
#include "metering/pricing_table.h"
#include "metering/usage_service.h"
#include "store/agent_repository.h"
#include "store/message_repository.h"
#include "store/session_repository.h"
#include "store/tenant_repository.h"
#include "store/timestamps.h"
#include "store/usage_repository.h"
#include "support/temp_database.h"

namespace vb {
namespace {

class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::string wall) : wall_(*parseTimestamp(wall)) {}
  Steady::time_point now() const override { return Steady::time_point{}; }
  System::time_point wallNow() const override { return wall_; }
  void sleepUntil(Steady::time_point) override {}

 private:
  System::time_point wall_;
};

TEST(Money, PrintsExactSixDecimalUsd) {
  EXPECT_EQ(Money{0}.usd(), "0.000000");
  EXPECT_EQ(Money{123}.usd(), "0.000123");
  EXPECT_EQ(Money{12345678}.usd(), "12.345678");
  EXPECT_EQ(Money{-5}.usd(), "-0.000005");
}

TEST(PricingTable, DefaultsAreTwoAndThreeTenthsOfACentPerThousandTokens) {
  const auto table = PricingTable::defaults();
  const auto now = std::chrono::system_clock::now();
  const auto a = table.quote("vendorA", now);
  const auto b = table.quote("vendorB", now);
  EXPECT_EQ(PricingTable::costMicros(1000, 0, a.price), 2000);
  EXPECT_EQ(PricingTable::costMicros(0, 1000, b.price), 3000);
  EXPECT_EQ(PricingTable::costMicros(17, 23, a.price), (17 + 23) * 2);
}

TEST(PricingTable, RoundsHalfUpOncePerEvent) {
  const ProviderPrice price{1500, 2500};  // 1.5 and 2.5 micros per token
  EXPECT_EQ(PricingTable::costMicros(1, 0, price), 2);  // 1.5 → 2
  EXPECT_EQ(PricingTable::costMicros(0, 1, price), 3);  // 2.5 → 3
  EXPECT_EQ(PricingTable::costMicros(1, 1, price), 4);  // 4.0 exactly
  EXPECT_EQ(PricingTable::costMicros(1, 0, {1499, 0}), 1);
}

TEST(PricingTable, PicksTheVersionInEffectOnTheEventsDate) {
  Poco::JSON::Parser parser;
  const auto section = parser
                           .parse(R"({"versions":[
      {"version":"v2","effectiveFrom":"2024-06-01","providers":{"vendorA":{"inputMicrosPer1k":4000,"outputMicrosPer1k":5000}}},
      {"version":"v1","effectiveFrom":"2024-01-01","providers":{"vendorA":{"inputMicrosPer1k":2000,"outputMicrosPer1k":2000}}}]})")
                           .extract<Poco::JSON::Object::Ptr>();
  const auto table = PricingTable::fromConfig(section);
  EXPECT_EQ(table.quote("vendorA", *parseTimestamp("2024-05-31T23:59:59.999Z")).version, "v1");
  const auto june = table.quote("vendorA", *parseTimestamp("2024-06-01T00:00:00.000Z"));
  EXPECT_EQ(june.version, "v2");
  EXPECT_EQ(june.price.outputMicrosPer1k, 5000);
}

class UsageServiceTest : public ::testing::Test {
 protected:
  UsageServiceTest() {
    db->write([&](Transaction& s) {
      for (const char* tenant : {"ten_a", "ten_b"}) {
        TenantRepository::insert(s, {tenant, tenant, "2024-01-01T00:00:00.000Z"});
        AgentRepository::insert(s, {tenant, "agt_1", "One", "vendorA", std::string("vendorB"), "", {},
                                    "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z", std::nullopt});
        SessionRepository::insert(s, {tenant, "ses_1", "agt_1", "c", "chat", "{}", "2024-01-01T00:00:00.000Z"});
      }
      // Events across a month boundary, two providers, odd costs.
      const char* times[] = {"2024-04-30T23:59:59.999Z", "2024-05-01T00:00:00.000Z", "2024-05-15T10:00:00.000Z",
                             "2024-05-31T23:59:59.999Z", "2024-06-01T00:00:00.000Z"};
      int n = 0;
      for (const char* at : times) {
        const std::string msg = "msg_" + std::to_string(++n);
        const std::string provider = n % 2 ? "vendorA" : "vendorB";
        MessageRepository::insert(s, {"ten_a", msg, "ses_1", n, "assistant", "x", provider, 10, 20, "r", at});
        UsageRepository::insert(s, {"ten_a", "use_" + std::to_string(n), "agt_1", "ses_1", msg, provider, 10 * n,
                                    20 * n, 7 * n + 1, "v1", at});
      }
      MessageRepository::insert(s, {"ten_b", "msg_b", "ses_1", 1, "assistant", "x", std::string("vendorA"), 1, 1, "r",
                                    "2024-05-10T00:00:00.000Z"});
      UsageRepository::insert(s, {"ten_b", "use_b", "agt_1", "ses_1", "msg_b", "vendorA", 1000, 1000, 999999, "v1",
                                  "2024-05-10T00:00:00.000Z"});
    });
  }
  testing::TempDatabase db;
  UsageService usage{db.shared(), std::make_shared<FixedClock>("2024-05-20T12:00:00.000Z")};
};

TEST_F(UsageServiceTest, ReportCoversWholeUtcDaysWithToInclusive) {
  auto report = usage.report("ten_a", "2024-05-01", "2024-05-31");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->totals.messages, 3);  // events 2, 3, 4
  EXPECT_EQ(report->totals.costMicros, 15 + 22 + 29);
  EXPECT_EQ(report->daily.size(), 31u);
  int64_t dailySum = 0, providerSum = 0;
  for (const auto& d : report->daily) dailySum += d.costMicros;
  for (const auto& p : report->byProvider) providerSum += p.costMicros;
  EXPECT_EQ(dailySum, report->totals.costMicros);
  EXPECT_EQ(providerSum, report->totals.costMicros);
  ASSERT_EQ(report->topAgents.size(), 1u);
  EXPECT_EQ(report->topAgents[0].label, "One");
}

TEST_F(UsageServiceTest, BillingPreviewTotalEqualsTheMonthsUsageTotal) {
  auto preview = usage.billingPreview("ten_a", "2024-05");
  auto report = usage.report("ten_a", "2024-05-01", "2024-05-31");
  ASSERT_TRUE(preview);
  int64_t lines = 0;
  for (const auto& line : preview->lines) lines += line.amount.micros;
  EXPECT_EQ(lines, preview->total.micros);
  EXPECT_EQ(preview->total.micros, report->totals.costMicros);
  EXPECT_EQ(preview->lines.size(), 2u);
}

TEST_F(UsageServiceTest, AnotherTenantsEventsNeverCount) {
  auto report = usage.report("ten_b", "2024-05-01", "2024-05-31");
  EXPECT_EQ(report->totals.messages, 1);
  EXPECT_EQ(report->totals.costMicros, 999999);
}

TEST_F(UsageServiceTest, EventsPageWithCursorAndCsv) {
  auto first = usage.events("ten_a", "2024-04-01", "2024-06-30", "", 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->items.size(), 2u);
  ASSERT_TRUE(first->nextCursor);
  auto second = usage.events("ten_a", "2024-04-01", "2024-06-30", *first->nextCursor, 10);
  ASSERT_EQ(second->items.size(), 3u);
  EXPECT_FALSE(second->nextCursor);
  EXPECT_EQ(second->items[0].id, "use_3");
  auto csv = usage.eventsCsv("ten_a", "2024-04-01", "2024-06-30");
  ASSERT_TRUE(csv);
  EXPECT_EQ(std::count(csv->begin(), csv->end(), '\n'), 6);
  EXPECT_NE(csv->find("use_5,agt_1,ses_1,msg_5,vendorA,50,100,36,0.000036,v1,2024-06-01T00:00:00.000Z"),
            std::string::npos);
}

TEST_F(UsageServiceTest, MalformedDatesAndMonthsAreBadRequestsNamingTheField) {
  auto bad = usage.report("ten_a", "2024-13-01", "");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, DomainError::Kind::BadRequest);
  EXPECT_EQ(bad.error().field, "from");
  auto reversed = usage.report("ten_a", "2024-05-02", "2024-05-01");
  EXPECT_EQ(reversed.error().kind, DomainError::Kind::Unprocessable);
  auto month = usage.billingPreview("ten_a", "2024-5");
  EXPECT_EQ(month.error().field, "month");
}

TEST_F(UsageServiceTest, DefaultRangeIsTheLastThirtyDays) {
  auto report = usage.report("ten_a", "", "");
  EXPECT_EQ(report->range.from, "2024-04-21");
  EXPECT_EQ(report->range.to, "2024-05-20");
}

}  // namespace
}  // namespace vb
