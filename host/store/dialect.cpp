#include "store/dialect.h"

#include <Poco/Exception.h>

#include "store/migrations.h"

namespace vb {
namespace {

std::string messageOf(const std::exception& error) {
  if (const auto* poco = dynamic_cast<const Poco::Exception*>(&error)) return poco->displayText();
  return error.what();
}

bool mentions(const std::string& text, const char* needle) { return text.find(needle) != std::string::npos; }

}  // namespace

const char* Dialect::name() const { return isPostgreSQL() ? "postgresql" : "sqlite"; }

const char* Dialect::connector() const { return isPostgreSQL() ? "postgresql" : "SQLite"; }

const char* Dialect::beginWrite() const { return isPostgreSQL() ? "BEGIN" : "BEGIN IMMEDIATE"; }

const char* Dialect::migrationSql(const EmbeddedMigration& migration) const {
  if (isPostgreSQL() && migration.postgresqlSql != nullptr) return migration.postgresqlSql;
  return migration.sql;
}

std::string Dialect::migrationLock() const {
  // An arbitrary constant key ("vbmi"): one migrator at a time per database.
  return isPostgreSQL() ? "SELECT pg_advisory_xact_lock(1986161001)" : std::string();
}

bool Dialect::isRetryableWriteFailure(const std::exception& error) const {
  if (!isPostgreSQL()) return false;
  // Poco's PostgreSQL exceptions carry libpq's message, not the SQLSTATE:
  // 40P01 deadlock_detected, 40001 serialization_failure.
  const std::string text = messageOf(error);
  return mentions(text, "deadlock detected") || mentions(text, "could not serialize access");
}

bool Dialect::isConnectionFailure(const std::exception& error) const {
  if (!isPostgreSQL()) return false;
  const std::string text = messageOf(error);
  return mentions(text, "server closed the connection") || mentions(text, "no connection to the server") ||
         mentions(text, "terminating connection") || mentions(text, "connection not open") ||
         mentions(text, "Connection refused") || mentions(text, "could not connect");
}

}  // namespace vb
