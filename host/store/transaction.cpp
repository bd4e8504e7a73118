#include "store/transaction.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <deque>
#include <string>

#include "store/prepared_statements.h"

namespace vb {
namespace {

// A Poco statement over `sql` with `params` bound; the values live in
// `storage` (a deque: bindings keep references, which must not move).
using Storage = std::deque<Poco::Nullable<std::string>>;
using IntegerStorage = std::deque<Poco::Nullable<Poco::Int64>>;

Poco::Data::Statement pocoStatement(Poco::Data::Session& session, const char* sql,
                                    std::initializer_list<SqlParam> params, Storage& texts,
                                    IntegerStorage& integers) {
  using Poco::Data::Keywords::use;
  Poco::Data::Statement statement(session);
  statement << sql;
  for (const SqlParam& param : params) {
    switch (param.kind) {
      case SqlParam::Kind::Null: statement, use(texts.emplace_back()); break;
      case SqlParam::Kind::Integer: statement, use(integers.emplace_back(param.integer)); break;
      case SqlParam::Kind::Text: statement, use(texts.emplace_back(std::string(param.text))); break;
    }
  }
  return statement;
}

}  // namespace

int64_t Transaction::execute(const char* sql, std::initializer_list<SqlParam> params) {
  if (prepared_) return prepared_->execute(sql, params);
  Storage texts;
  IntegerStorage integers;
  auto statement = pocoStatement(session_, sql, params, texts, integers);
  return static_cast<int64_t>(statement.execute());
}

std::optional<int64_t> Transaction::queryInteger(const char* sql, std::initializer_list<SqlParam> params) {
  if (prepared_) return prepared_->queryInteger(sql, params);
  const auto row = queryRow(sql, params);
  if (!row || row->empty() || !row->front()) return std::nullopt;
  return std::stoll(*row->front());
}

std::optional<SqlRow> Transaction::queryRow(const char* sql, std::initializer_list<SqlParam> params) {
  if (prepared_) return prepared_->queryRow(sql, params);
  Storage texts;
  IntegerStorage integers;
  auto statement = pocoStatement(session_, sql, params, texts, integers);
  statement.execute();
  Poco::Data::RecordSet rs(statement);
  if (rs.rowCount() == 0) return std::nullopt;
  SqlRow row;
  for (size_t column = 0; column < rs.columnCount(); ++column)
    row.push_back(rs.isNull(column, 0) ? std::nullopt
                                       : std::optional<std::string>(rs.value(column, 0).convert<std::string>()));
  return row;
}

}  // namespace vb
