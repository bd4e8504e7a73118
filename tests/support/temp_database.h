// A fresh SQLite file per test, removed (with its WAL files) afterwards — or
// a fresh PostgreSQL database when VB_TEST_POSTGRES is set (scratch_database.h).
#pragma once

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <memory>
#include <string>

#include "store/database.h"
#include "support/scratch_database.h"

namespace vb::testing {

class TempDatabase {
 public:
  explicit TempDatabase(int readers = 8) : path_(Poco::TemporaryFile::tempName() + ".db") {
    DatabaseSettings settings;
    settings.path = path_;
    settings.url = scratch_.url();
    settings.readerSessions = readers;
    db_ = std::make_shared<Database>(settings);
  }
  ~TempDatabase() {
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      Poco::File file(path_ + suffix);
      if (file.exists()) file.remove();
    }
  }
  Database& operator*() { return *db_; }
  Database* operator->() { return db_.get(); }
  std::shared_ptr<Database> shared() { return db_; }
  const std::string& path() const { return path_; }

 private:
  test::ScratchDatabase scratch_;  // outlives db_
  std::string path_;
  std::shared_ptr<Database> db_;
};

}  // namespace vb::testing
