// Transaction: the unit of work that services hold. Database::read() and
// Database::write() hand one to their closure; every repository function runs
// its statements on it and never opens a transaction of its own, so a
// service composes several repository calls into one atomic unit.
//
// Services see only this type, never the backend's session: the SQL and the
// session live in the store, so a second backend (PostgreSQL) slots in behind
// the same repositories. A Transaction is valid only inside the closure it
// was handed to and must not be kept or shared across threads.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>

#include "store/dialect.h"
#include "store/sql_param.h"

namespace Poco::Data {
class Session;
}

namespace vb {

class PreparedStatements;

class Transaction {
 public:
  enum class Mode { Read, Write };

  // `prepared`: the session's kept statements (the SQLite writer), or null:
  // execute() then compiles a Poco statement each time.
  Transaction(Poco::Data::Session& session, Mode mode, const Dialect& dialect = sqliteDialect(),
              PreparedStatements* prepared = nullptr)
      : session_(session), mode_(mode), dialect_(dialect), prepared_(prepared) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Whether writes are allowed (a write() closure) or not (a read() closure).
  bool writable() const { return mode_ == Mode::Write; }

  // The backend session, for repositories only (host/store/*_repository.cpp).
  Poco::Data::Session& session() const { return session_; }

  // The backend's dialect, for the rare repository statement that must differ
  // (store/dialect.h); repositories only.
  const Dialect& dialect() const { return dialect_; }

  // For the hot path's statements (repositories only): runs `sql` with its
  // `$1…` parameters and returns the rows it changed — on a statement kept
  // compiled when the session has them (PreparedStatements), else on a Poco
  // statement. `sql` should be a constant: it is the cache key.
  int64_t execute(const char* sql, std::initializer_list<SqlParam> params);
  // The first column of the first row as an integer (nullopt: no row, NULL).
  std::optional<int64_t> queryInteger(const char* sql, std::initializer_list<SqlParam> params);
  // The first row, each column as text (nullopt for NULL); nullopt: no row.
  std::optional<SqlRow> queryRow(const char* sql, std::initializer_list<SqlParam> params);

 private:
  static const Dialect& sqliteDialect() {
    static const Dialect dialect(Backend::SQLite);
    return dialect;
  }

  Poco::Data::Session& session_;
  const Mode mode_;
  const Dialect& dialect_;
  PreparedStatements* const prepared_;
};

}  // namespace vb
