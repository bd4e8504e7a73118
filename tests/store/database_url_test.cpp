#include "store/database_url.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

TEST(DatabaseUrl, APostgresqlUrlBecomesALibpqConnectionString) {
  const auto url = parsePostgresUrl("postgresql://vb:s%40cret@db.internal:6543/gateway");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "db.internal");
  EXPECT_EQ(url->port, 6543);
  EXPECT_EQ(url->database, "gateway");
  EXPECT_EQ(url->user, "vb");
  EXPECT_EQ(url->password, "s@cret");
  EXPECT_NE(url->connectionString().find("password='s@cret'"), std::string::npos);
  EXPECT_EQ(url->redacted(), "postgresql://vb@db.internal:6543/gateway") << "no password in logs";
}

TEST(DatabaseUrl, PortDefaultsTo5432AndPostgresSchemeIsAccepted) {
  const auto url = parsePostgresUrl("postgres://localhost/vb");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->port, 5432);
  EXPECT_EQ(url->database, "vb");
}

TEST(DatabaseUrl, NonPostgresOrDatabaselessUrlsAreRefused) {
  for (const char* bad : {"", "var/vocalbridge.db", "mysql://h/db", "postgresql://host", "postgresql://host/"})
    EXPECT_FALSE(parsePostgresUrl(bad)) << bad;
}

}  // namespace
}  // namespace vb
