// Transaction::execute / queryInteger / queryRow: the hot path's statements.
// On SQLite they run on statements each session keeps compiled
// (store/prepared_statements.h); on PostgreSQL (the .pg run) on Poco
// statements. Either way: values bound as given (NULL included), a failed
// statement throws and leaves the next run clean, and a rolled-back write is
// gone.
#include <Poco/Exception.h>
#include <gtest/gtest.h>

#include "support/temp_database.h"

namespace vb {
namespace {

constexpr const char* kInsert =
    "INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)";
constexpr const char* kCount = "SELECT COUNT(*) FROM tenants WHERE name = $1";
constexpr const char* kRow = "SELECT id, name, created_at FROM tenants WHERE id = $1";

TEST(KeptStatements, RunAgainWithNewValuesAndReadRowsBack) {
  testing::TempDatabase db;
  for (int i = 0; i < 3; ++i) {
    const std::string id = "ten_" + std::to_string(i);
    db->write([&](Transaction& tx) {
      EXPECT_EQ(tx.execute(kInsert, {id, "Acme", "2026-11-29T00:00:00.000Z"}), 1);
    });
  }
  const auto counted = db->read([&](Transaction& tx) { return tx.queryInteger(kCount, {"Acme"}); });
  EXPECT_EQ(counted, 3);
  const auto row = db->read([&](Transaction& tx) { return tx.queryRow(kRow, {"ten_1"}); });
  ASSERT_TRUE(row);
  ASSERT_EQ(row->size(), 3u);
  EXPECT_EQ((*row)[0], "ten_1");
  EXPECT_EQ((*row)[1], "Acme");
  EXPECT_FALSE(db->read([&](Transaction& tx) { return tx.queryRow(kRow, {"ten_missing"}); }));
}

TEST(KeptStatements, NullsAreBoundAndReadAsNull) {
  testing::TempDatabase db;
  const std::optional<std::string> none;
  const auto value = db->read([&](Transaction& tx) { return tx.queryRow("SELECT CAST($1 AS TEXT), CAST($2 AS BIGINT)", {none, int64_t{7}}); });
  ASSERT_TRUE(value);
  EXPECT_FALSE((*value)[0]);
  EXPECT_EQ((*value)[1], "7");
  EXPECT_FALSE(db->read([&](Transaction& tx) { return tx.queryInteger("SELECT CAST($1 AS BIGINT)", {none}); }));
}

TEST(KeptStatements, AFailedStatementThrowsRollsBackItsWriteAndLeavesTheNextRunClean) {
  testing::TempDatabase db;
  db->write([&](Transaction& tx) { tx.execute(kInsert, {"ten_a", "Acme", "2026-11-29T00:00:00.000Z"}); });
  EXPECT_THROW(db->write([&](Transaction& tx) {
                 tx.execute(kInsert, {"ten_b", "Beta", "2026-11-29T00:00:00.000Z"});
                 tx.execute(kInsert, {"ten_a", "Duplicate", "2026-11-29T00:00:00.000Z"});  // primary key
               }),
               Poco::Exception);
  EXPECT_EQ(db->read([&](Transaction& tx) { return tx.queryInteger(kCount, {"Beta"}); }), 0)
      << "the failed write's earlier insert is rolled back with it";
  db->write([&](Transaction& tx) { EXPECT_EQ(tx.execute(kInsert, {"ten_c", "Gamma", "2026-11-29T00:00:00.000Z"}), 1); });
  EXPECT_EQ(db->read([&](Transaction& tx) { return tx.queryInteger("SELECT COUNT(*) FROM tenants", {}); }), 2);
}

TEST(KeptStatements, AWrongNumberOfValuesIsRefused) {
  testing::TempDatabase db;
  EXPECT_ANY_THROW(db->write([&](Transaction& tx) { tx.execute(kInsert, {"ten_x", "Acme"}); }));
  EXPECT_EQ(db->read([&](Transaction& tx) { return tx.queryInteger("SELECT COUNT(*) FROM tenants", {}); }), 0);
}

}  // namespace
}  // namespace vb
