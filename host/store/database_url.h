// The `database.url` setting: "postgresql://user:password@host:port/dbname"
// (also "postgres://…"; port defaults to 5432; user, password and query
// parameters optional). Empty → the SQLite file of `database.path`.
#pragma once

#include <optional>
#include <string>

namespace vb {

struct PostgresUrl {
  std::string host = "127.0.0.1";
  int port = 5432;
  std::string database;
  std::string user;
  std::string password;

  // libpq's keyword=value form, values quoted; what Poco's connector opens.
  std::string connectionString() const;
  // The URL without its password, for logs and error messages.
  std::string redacted() const;
};

// Parses a postgresql:// URL (percent-escapes in user and password decoded);
// nullopt when `url` is not one or is malformed (no database name, bad port).
std::optional<PostgresUrl> parsePostgresUrl(const std::string& url);

}  // namespace vb
