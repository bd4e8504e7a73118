// Dialect: every difference between the two store backends, in one place.
//
// The store speaks one SQL to SQLite (the embedded default) and PostgreSQL
// (several hosts sharing one database): `$1, $2, …` placeholders numbered in
// order of appearance, TEXT/BIGINT columns, ISO-8601 text times, INSERT … ON
// CONFLICT. What cannot be written once lives here: connector names, how a
// write transaction begins, the migration variants, which failures a writer
// retries, and the few row locks PostgreSQL needs where SQLite's single
// writer already serialises.
#pragma once

#include <exception>
#include <string>

namespace vb {

struct EmbeddedMigration;

enum class Backend { SQLite, PostgreSQL };

class Dialect {
 public:
  explicit Dialect(Backend backend) : backend_(backend) {}

  Backend backend() const { return backend_; }
  bool isPostgreSQL() const { return backend_ == Backend::PostgreSQL; }
  // "sqlite" / "postgresql", for logs and /readyz.
  const char* name() const;
  // The Poco::Data connector key.
  const char* connector() const;

  // The statement that opens a write transaction: SQLite takes the write lock
  // up front (BEGIN IMMEDIATE) so a batch never upgrades a read lock midway.
  const char* beginWrite() const;

  // The SQL of a migration on this backend: its PostgreSQL variant when the
  // migration has one (migrations/NNN_name.postgresql.sql), else the common file.
  const char* migrationSql(const EmbeddedMigration& migration) const;

  // PostgreSQL only: the session-level lock that makes concurrent hosts apply
  // migrations one at a time (empty on SQLite, whose writer is alone).
  std::string migrationLock() const;

  // Whether a failed write transaction may simply be run again: PostgreSQL
  // deadlocks and serialization failures (never constraint violations).
  bool isRetryableWriteFailure(const std::exception& error) const;

  // Whether a session is unusable after this failure (connection lost): it is
  // closed instead of going back to its pool.
  bool isConnectionFailure(const std::exception& error) const;

 private:
  Backend backend_;
};

}  // namespace vb
