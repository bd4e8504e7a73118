// Demo data: two tenants, keys that work, history whose figures add up.
#include "seed/seeder.h"

#include <gtest/gtest.h>

#include "metering/usage_service.h"
#include "support/temp_database.h"

namespace vb {
namespace {

TEST(Seeder, SeedsTwoTenantsAgentsKeysAndConsistentHistory) {
  testing::TempDatabase db;
  TenancyService tenancy(db.shared(), systemClock());
  const auto pricing = PricingTable::defaults();
  Seeder seeder(db.shared(), tenancy, pricing, systemClock());
  ASSERT_TRUE(seeder.isEmpty());
  const auto report = seeder.seed();
  ASSERT_EQ(report.tenants.size(), 2u);
  EXPECT_GE(report.tenants[0].agentIds.size() + report.tenants[1].agentIds.size(), 3u);
  EXPECT_GT(report.usageEvents, 0);
  EXPECT_NE(report.listing().find(report.tenants[1].analystKey), std::string::npos);
  EXPECT_EQ(tenancy.authenticate(report.tenants[0].analystKey)->role, Role::Analyst);
  UsageService usage(db.shared(), systemClock());
  int64_t totalMessages = 0;
  for (const auto& t : report.tenants) {
    auto r = usage.report(t.id, "", "");
    ASSERT_TRUE(r);
    totalMessages += r->totals.messages;
    int64_t daily = 0;
    for (const auto& d : r->daily) daily += d.costMicros;
    EXPECT_EQ(daily, r->totals.costMicros);
  }
  EXPECT_EQ(totalMessages, report.usageEvents);
  EXPECT_FALSE(seeder.isEmpty());
}

}  // namespace
}  // namespace vb
