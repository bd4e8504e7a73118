// PreparedStatements: the statements a SQLite connection runs again and
// again, compiled once and kept (sqlite3_prepare_v2 was 15–18 % of a turn's
// CPU when every statement was compiled anew). Each run binds the new values,
// steps and resets the kept statement. Keyed by the SQL text; the set is
// small and fixed (the hot path's statements), so nothing is evicted.
//
// One per connection, used only by the thread that holds that connection
// (the SQLite writer, under the Database's write lock). Errors throw the same
// Poco::Data::SQLite exceptions Poco's own statements throw.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql_param.h"

struct sqlite3;
struct sqlite3_stmt;

namespace vb {

class PreparedStatements {
 public:
  explicit PreparedStatements(sqlite3* connection) : connection_(connection) {}
  ~PreparedStatements();  // finalizes every statement
  PreparedStatements(const PreparedStatements&) = delete;
  PreparedStatements& operator=(const PreparedStatements&) = delete;

  // Runs `sql` to completion; returns the rows it changed.
  int64_t execute(const char* sql, std::initializer_list<SqlParam> params);
  // The first column of the first row as an integer (nullopt: no row, NULL).
  std::optional<int64_t> queryInteger(const char* sql, std::initializer_list<SqlParam> params);
  // The first row, each column as text (nullopt for NULL); nullopt: no row.
  std::optional<SqlRow> queryRow(const char* sql, std::initializer_list<SqlParam> params);

 private:
  sqlite3_stmt* bound(const char* sql, std::initializer_list<SqlParam> params);
  // Steps once; throws on an error; true when a row is ready.
  bool step(sqlite3_stmt* statement, const char* sql);

  sqlite3* const connection_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace vb
