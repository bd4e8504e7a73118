#include "store/prepared_statements.h"

#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

namespace vb {
namespace {

// Resets the statement when the run ends, however it ends: a statement left
// mid-step would hold its read of the database open.
struct ResetOnExit {
  sqlite3_stmt* statement;
  ~ResetOnExit() { sqlite3_reset(statement); }
};

}  // namespace

PreparedStatements::~PreparedStatements() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
}

sqlite3_stmt* PreparedStatements::bound(const char* sql, std::initializer_list<SqlParam> params) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v3(connection_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(statement);
      Poco::Data::SQLite::Utility::throwException(connection_, rc, sql);
    }
    it = statements_.emplace(sql, statement).first;
  }
  sqlite3_stmt* statement = it->second;
  if (static_cast<size_t>(sqlite3_bind_parameter_count(statement)) != params.size())
    throw Poco::Data::DataException(std::string("parameter count mismatch: ") + sql);
  int index = 1;
  for (const SqlParam& param : params) {
    int rc = SQLITE_OK;
    switch (param.kind) {
      case SqlParam::Kind::Null: rc = sqlite3_bind_null(statement, index); break;
      case SqlParam::Kind::Integer: rc = sqlite3_bind_int64(statement, index, param.integer); break;
      case SqlParam::Kind::Text:
        // SQLITE_STATIC: the text outlives the run (SqlParam's contract).
        rc = sqlite3_bind_text(statement, index, param.text.data(), static_cast<int>(param.text.size()),
                               SQLITE_STATIC);
        break;
    }
    if (rc != SQLITE_OK) Poco::Data::SQLite::Utility::throwException(connection_, rc, sql);
    ++index;
  }
  return statement;
}

bool PreparedStatements::step(sqlite3_stmt* statement, const char* sql) {
  const int rc = sqlite3_step(statement);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Poco::Data::SQLite::Utility::throwException(connection_, rc, sql);
  return false;
}

int64_t PreparedStatements::execute(const char* sql, std::initializer_list<SqlParam> params) {
  sqlite3_stmt* statement = bound(sql, params);
  ResetOnExit reset{statement};
  while (step(statement, sql)) {
  }
  return sqlite3_changes64(connection_);
}

std::optional<int64_t> PreparedStatements::queryInteger(const char* sql, std::initializer_list<SqlParam> params) {
  sqlite3_stmt* statement = bound(sql, params);
  ResetOnExit reset{statement};
  if (!step(statement, sql) || sqlite3_column_type(statement, 0) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(statement, 0);
}

std::optional<SqlRow> PreparedStatements::queryRow(const char* sql, std::initializer_list<SqlParam> params) {
  sqlite3_stmt* statement = bound(sql, params);
  ResetOnExit reset{statement};
  if (!step(statement, sql)) return std::nullopt;
  SqlRow row;
  const int columns = sqlite3_column_count(statement);
  row.reserve(static_cast<size_t>(columns));
  for (int i = 0; i < columns; ++i) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
    if (text)
      row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(statement, i))));
    else
      row.emplace_back(std::nullopt);
  }
  return row;
}

}  // namespace vb
