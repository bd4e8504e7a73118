#include "governance/budget_ledger.h"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "reliability/fake_clock.h"
#include "store/agent_repository.h"
#include "store/tenant_repository.h"
#include "support/temp_database.h"

namespace vb {
namespace {

using fakes::FakeClock;

int64_t scalar(Database& db, const std::string& sql) {
  return db.read([&](Transaction& tx) {
    Poco::Int64 n = 0;
    tx.session() << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return static_cast<int64_t>(n);
  });
}

class BudgetLedgerTest : public ::testing::Test {
 protected:
  BudgetLedgerTest() {
    db_->write([](Transaction& tx) {
      TenantRepository::insert(tx, {"ten_a", "A", "2024-01-01T00:00:00.000Z"});
      Agent agent;
      agent.tenantId = "ten_a";
      agent.id = "agt_1";
      agent.name = "one";
      agent.primaryProvider = "vendorA";
      agent.createdAt = agent.updatedAt = "2024-01-01T00:00:00.000Z";
      AgentRepository::insert(tx, agent);
    });
  }
  std::unique_ptr<BudgetLedger> ledger(const std::string& owner) {
    return std::make_unique<BudgetLedger>(db_.shared(), clock_, BudgetSettings{5000, 1000, 10000}, owner);
  }
  int64_t reserved(const std::string& scope = "") {
    return scalar(*db_, "SELECT COALESCE(SUM(reserved_micros), 0) FROM budget_counters WHERE scope_id = '" +
                            scope + "'");
  }
  int64_t spent(const std::string& scope = "") {
    return scalar(
        *db_, "SELECT COALESCE(SUM(spent_micros), 0) FROM budget_counters WHERE scope_id = '" + scope + "'");
  }

  testing::TempDatabase db_{16};
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
};

TEST_F(BudgetLedgerTest, ATenantWithoutABudgetHoldsNothingAndWritesNothing) {
  auto budgets = ledger("owner-1");
  EXPECT_FALSE(budgets->limited("ten_a", "agt_1"));
  auto held = budgets->reserve("ten_a", "agt_1", 500);
  ASSERT_TRUE(held);
  EXPECT_FALSE(*held);
  EXPECT_EQ(scalar(*db_, "SELECT COUNT(*) FROM budget_reservations"), 0);
  EXPECT_EQ(scalar(*db_, "SELECT COUNT(*) FROM budget_counters"), 0);
}

TEST_F(BudgetLedgerTest, SixtyFourConcurrentReservationsNeverHoldMoreThanTheLimit) {
  auto budgets = ledger("owner-1");
  ASSERT_TRUE(budgets->setLimits("ten_a", {std::optional<int64_t>(1000), {}}));
  std::atomic<int> accepted{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i)
    threads.emplace_back([&] {
      auto held = budgets->reserve("ten_a", "agt_1", 100);
      if (held && *held)
        ++accepted;
      else if (!held && held.error().kind == DomainError::Kind::BudgetExceeded)
        ++refused;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 10);
  EXPECT_EQ(refused.load(), 54);
  EXPECT_EQ(reserved(), 1000);
  EXPECT_EQ(scalar(*db_, "SELECT COUNT(*) FROM budget_reservations"), 10);
}

TEST_F(BudgetLedgerTest, SettlingReplacesTheHoldByTheRealCost) {
  auto budgets = ledger("owner-1");
  ASSERT_TRUE(budgets->setLimits("ten_a", {std::optional<int64_t>(1000), {}}));
  auto held = budgets->reserve("ten_a", "agt_1", 400);
  ASSERT_TRUE(held && *held);
  EXPECT_EQ(reserved(), 400);
  db_->write([&](Transaction& tx) { budgets->settle(tx, **held, 37); });
  budgets->committed(**held);
  EXPECT_EQ(reserved(), 0);
  EXPECT_EQ(spent(), 37);
  EXPECT_EQ(scalar(*db_, "SELECT COUNT(*) FROM budget_reservations"), 0);
  EXPECT_EQ(budgets->view("ten_a").tenant.spentMicros, 37);
}

TEST_F(BudgetLedgerTest, AReleasedHoldIsGivenBackAndBillsNothing) {
  auto budgets = ledger("owner-1");
  ASSERT_TRUE(budgets->setLimits("ten_a", {std::optional<int64_t>(1000), {}}));
  auto held = budgets->reserve("ten_a", "agt_1", 1000);
  ASSERT_TRUE(held && *held);
  EXPECT_FALSE(budgets->reserve("ten_a", "agt_1", 1));
  budgets->release(**held);
  EXPECT_EQ(reserved(), 0);
  EXPECT_EQ(spent(), 0);
  EXPECT_TRUE(budgets->reserve("ten_a", "agt_1", 1000));
}

TEST_F(BudgetLedgerTest, AnAgentLimitThatDoesNotFitHoldsNothingOnTheTenantEither) {
  auto budgets = ledger("owner-1");
  ASSERT_TRUE(budgets->setLimits("ten_a", {std::optional<int64_t>(1000), {{"agt_1", 50}}}));
  auto refused = budgets->reserve("ten_a", "agt_1", 100);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, DomainError::Kind::BudgetExceeded);
  EXPECT_EQ(reserved(""), 0) << "the tenant's hold rolled back with the agent's refusal";
  EXPECT_EQ(reserved("agt_1"), 0);
  auto held = budgets->reserve("ten_a", "agt_1", 50);
  ASSERT_TRUE(held && *held);
  EXPECT_TRUE((*held)->tenantScoped);
  EXPECT_EQ((*held)->agentId, "agt_1");
  EXPECT_EQ(reserved(""), 50);
  EXPECT_EQ(reserved("agt_1"), 50);
}

TEST_F(BudgetLedgerTest, ADeadOwnersHoldIsSweptAfterItsLeaseAndALiveOwnersIsRenewed) {
  auto dead = ledger("owner-dead");
  auto alive = ledger("owner-alive");
  ASSERT_TRUE(alive->setLimits("ten_a", {std::optional<int64_t>(1000), {}}));
  dead->refreshCache();
  ASSERT_TRUE(dead->reserve("ten_a", "agt_1", 300));
  ASSERT_TRUE(alive->reserve("ten_a", "agt_1", 200));
  EXPECT_EQ(alive->sweepLapsed(), 0) << "both leases still run";
  clock_->advance(std::chrono::milliseconds(4000));
  EXPECT_EQ(alive->renewLeases(), 1);
  clock_->advance(std::chrono::milliseconds(1500));  // the dead owner's lease (5 s) has lapsed
  EXPECT_EQ(alive->sweepLapsed(), 1);
  EXPECT_EQ(reserved(), 200);
  EXPECT_EQ(scalar(*db_, "SELECT COUNT(*) FROM budget_reservations WHERE owner_id = 'owner-alive'"), 1);
}

TEST_F(BudgetLedgerTest, SettlingAfterTheSweeperTookTheHoldBillsTheCostButReleasesNothingTwice) {
  auto budgets = ledger("owner-1");
  ASSERT_TRUE(budgets->setLimits("ten_a", {std::optional<int64_t>(1000), {}}));
  auto held = budgets->reserve("ten_a", "agt_1", 300);
  ASSERT_TRUE(held && *held);
  clock_->advance(std::chrono::seconds(6));
  ASSERT_EQ(budgets->sweepLapsed(), 1);
  db_->write([&](Transaction& tx) { budgets->settle(tx, **held, 20); });
  budgets->committed(**held);
  EXPECT_EQ(reserved(), 0);
  EXPECT_EQ(spent(), 20);
}

TEST_F(BudgetLedgerTest, LimitsAreValidatedAndForeignAgentsAreNotFound) {
  auto budgets = ledger("owner-1");
  auto negative = budgets->setLimits("ten_a", {std::optional<int64_t>(-1), {}});
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().kind, DomainError::Kind::Unprocessable);
  auto foreign = budgets->setLimits("ten_a", {std::nullopt, {{"agt_other", 10}}});
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().kind, DomainError::Kind::NotFound);
  EXPECT_EQ(scalar(*db_, "SELECT COUNT(*) FROM budget_limits"), 0);
}

TEST_F(BudgetLedgerTest, RemovingTheLimitStopsHoldingAndTheCacheSaysSo) {
  auto budgets = ledger("owner-1");
  ASSERT_TRUE(budgets->setLimits("ten_a", {std::optional<int64_t>(10), {}}));
  EXPECT_TRUE(budgets->limited("ten_a", "agt_1"));
  BudgetChange remove;
  remove.tenantLimitMicros.emplace(std::nullopt);  // present and null: remove the limit
  ASSERT_TRUE(budgets->setLimits("ten_a", remove));
  EXPECT_FALSE(budgets->limited("ten_a", "agt_1"));
  auto held = budgets->reserve("ten_a", "agt_1", 1000);
  ASSERT_TRUE(held);
  EXPECT_FALSE(*held);
}

TEST(BudgetMonth, TheUtcMonthAndItsRangeRollOverTheYear) {
  const auto december = std::chrono::system_clock::time_point{std::chrono::seconds{1733011200 + 86400 * 30}};
  const MonthRange m = monthOf(december);  // 2024-12-31
  EXPECT_EQ(m.month, "2024-12");
  EXPECT_EQ(m.from, "2024-12-01T00:00:00.000Z");
  EXPECT_EQ(m.to, "2025-01-01T00:00:00.000Z");
}

}  // namespace
}  // namespace vb
