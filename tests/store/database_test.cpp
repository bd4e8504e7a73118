// The store's contracts: migrations, the tenant-composite schema guarantees,
// the single-writer transaction and the reader pool under concurrency.
#include "store/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/agent_repository.h"
#include "store/migrations.h"
#include "store/message_repository.h"
#include "store/session_repository.h"
#include "store/tenant_repository.h"
#include "store/timestamps.h"
#include "store/usage_repository.h"
#include "support/temp_database.h"

namespace vb {
namespace {

using testing::TempDatabase;

void seedTwoTenants(Database& db) {
  db.write([](Transaction& s) {
    TenantRepository::insert(s, {"ten_a", "A", "2024-01-01T00:00:00.000Z"});
    TenantRepository::insert(s, {"ten_b", "B", "2024-01-01T00:00:00.000Z"});
    AgentRepository::insert(s, {"ten_a", "agt_a", "Agent A", "vendorA", std::string("vendorB"), "be nice", {"InvoiceLookup"},
                                "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z", std::nullopt});
    SessionRepository::insert(s, {"ten_a", "ses_a", "agt_a", "cust", "chat", "{}", "2024-01-01T00:00:00.000Z"});
    MessageRepository::insert(s, {"ten_a", "msg_a", "ses_a", 1, "assistant", "hi", std::string("vendorA"), 1, 2,
                                  "req", "2024-01-01T00:00:00.000Z"});
  });
}

TEST(Migrations, AreAppliedOnceInOrderAndSurviveReopening) {
  TempDatabase db;
  const auto applied = db->appliedMigrations();
  ASSERT_EQ(applied.size(), embeddedMigrations().size());
  EXPECT_EQ(applied.front().version, 1);
  EXPECT_EQ(applied.front().name, "001_initial");
  DatabaseSettings again;
  again.path = db.path();
  Database reopened(again);
  EXPECT_EQ(reopened.appliedMigrations().size(), applied.size());
}

TEST(Migrations, SplitStatementsIgnoresCommentsAndBlankLines) {
  const auto statements = splitStatements("-- note\nCREATE TABLE a (x TEXT);\n\nCREATE INDEX i\n  ON a (x);\n");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[1], "CREATE INDEX i\n  ON a (x)");
}

TEST(Schema, ARowCannotReferenceAnotherTenantsRow) {
  TempDatabase db;
  seedTwoTenants(*db);
  // Tenant B's session pointing at tenant A's agent: the composite FK refuses it.
  EXPECT_ANY_THROW(db->write([](Transaction& s) {
    SessionRepository::insert(s, {"ten_b", "ses_b", "agt_a", "cust", "chat", "{}", "2024-01-01T00:00:00.000Z"});
  }));
  EXPECT_FALSE(db->read([](Transaction& s) { return SessionRepository::find(s, "ten_b", "ses_b"); }));
}

TEST(Schema, ASecondUsageEventForTheSameMessageIsRefused) {
  TempDatabase db;
  seedTwoTenants(*db);
  UsageEvent event{"ten_a", "use_1", "agt_a", "ses_a", "msg_a", "vendorA", 1, 2, 6, "v1",
                      "2024-01-01T00:00:00.000Z"};
  db->write([&](Transaction& s) { UsageRepository::insert(s, event); });
  event.id = "use_2";
  EXPECT_ANY_THROW(db->write([&](Transaction& s) { UsageRepository::insert(s, event); }));
  const auto totals = db->read(
      [](Transaction& s) { return UsageRepository::totals(s, "ten_a", "2024-01-01", "2024-01-02"); });
  EXPECT_EQ(totals.messages, 1);
  EXPECT_EQ(totals.costMicros, 6);
}

TEST(Schema, AFailedWriteRollsBackEverything) {
  TempDatabase db;
  EXPECT_THROW(db->write([](Transaction& s) {
    TenantRepository::insert(s, {"ten_x", "X", "2024-01-01T00:00:00.000Z"});
    throw std::runtime_error("abort");
  }),
               std::runtime_error);
  EXPECT_EQ(db->read([](Transaction& s) { return TenantRepository::count(s); }), 0);
}

TEST(Database, ConcurrentWritersAndReadersAllSucceed) {
  TempDatabase db(4);
  seedTwoTenants(*db);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        try {
          db->write([&](Transaction& s) {
            const auto seq = MessageRepository::lastSeq(s, "ten_a", "ses_a") + 1;
            MessageRepository::insert(s, {"ten_a", newId("msg"), "ses_a", seq, "user", "x", std::nullopt, 0, 0, "r",
                                          formatTimestamp(std::chrono::system_clock::now())});
          });
          db->read([](Transaction& s) { return MessageRepository::lastMessages(s, "ten_a", "ses_a", 5); });
        } catch (...) {
          ++failures;
        }
      }
      (void)t;
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const auto messages =
      db->read([](Transaction& s) { return MessageRepository::listBySession(s, "ten_a", "ses_a"); });
  ASSERT_EQ(messages.size(), 401u);
  for (size_t i = 0; i < messages.size(); ++i) EXPECT_EQ(messages[i].seq, static_cast<int64_t>(i + 1));
}

TEST(Timestamps, RoundTripAndDates) {
  const auto t = parseTimestamp("2024-02-29T23:59:58.123Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(formatTimestamp(*t), "2024-02-29T23:59:58.123Z");
  EXPECT_FALSE(parseDate("2023-02-29"));
  EXPECT_EQ(formatDate(*parseDate("2024-03-01")), "2024-03-01");
  EXPECT_NE(newId("agt"), newId("agt"));
  EXPECT_EQ(newId("agt").rfind("agt_", 0), 0u);
}

}  // namespace
}  // namespace vb

namespace vb {
namespace {

// Group commit: closures batched into one transaction stay independent — a
// throwing one undoes only its own writes, the others commit.
TEST(Database, AThrowingWriteInABatchUndoesOnlyItsOwnWrites) {
  TempDatabase db;
  std::atomic<int> thrown{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string id = "ten_" + std::to_string(t) + "_" + std::to_string(i);
        const bool fail = i % 5 == 0;
        try {
          db->write([&](Transaction& s) {
            TenantRepository::insert(s, {id, "T", "2024-01-01T00:00:00.000Z"});
            if (fail) throw std::runtime_error("abort");
          });
        } catch (const std::runtime_error&) {
          ++thrown;
        }
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(thrown.load(), 8 * 5);
  EXPECT_EQ(db->read([](Transaction& s) { return TenantRepository::count(s); }), 8 * 20);
}

}  // namespace
}  // namespace vb
