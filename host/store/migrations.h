// Schema migrations embedded at build time from host/store/migrations/*.sql
// (see CMakeLists.txt). Each file is plain SQL, one statement per `;` at a
// line end, portable to PostgreSQL (TEXT/BIGINT, ISO-8601 UTC text times).
//
// Where the two backends truly need different SQL (BLOB vs BYTEA, a table
// rebuild SQLite needs and PostgreSQL does not), the PostgreSQL text sits next
// to the file as migrations/NNN_name.postgresql.sql and replaces it there
// whole; same version, same name. Keep such variants rare and say why in them.
#pragma once

#include <string>
#include <vector>

namespace vb {

struct EmbeddedMigration {
  const char* name;  // file name without extension, "NNN_name"; NNN is the version
  const char* sql;
  const char* postgresqlSql;  // NNN_name.postgresql.sql, or nullptr: `sql` serves both
};

// Sorted by version.
const std::vector<EmbeddedMigration>& embeddedMigrations();

// The statements of one migration, split on ';' at line ends, empty ones dropped.
std::vector<std::string> splitStatements(const std::string& sql);

}  // namespace vb
