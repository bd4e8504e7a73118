// ScratchDatabase: where a test's data lives — a fresh SQLite file (the
// caller's path) by default, or, when the environment variable
// VB_TEST_POSTGRES names a running test cluster's folder (scripts/
// pg_cluster.sh; CTest's `postgres` fixture starts one for the *.pg tests),
// a fresh PostgreSQL database of its own on that cluster, dropped at the end.
//
//   ScratchDatabase scratch;
//   settings.url = scratch.url();  // "" → SQLite
#pragma once

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/UUIDGenerator.h>

#include <stdexcept>
#include <string>

#include "store/database_url.h"

namespace vb::test {

class ScratchDatabase {
 public:
  ScratchDatabase() {
    if (!postgresSelected()) return;
    admin_ = adminUrl();
    std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    std::erase(id, '-');
    name_ = "vbt_" + id.substr(0, 20);
    // Concurrent CREATE DATABASE may find template1 busy: try again a few times.
    for (int attempt = 1;; ++attempt) {
      try {
        execute("CREATE DATABASE " + name_ + " OWNER vb");
        break;
      } catch (const Poco::Exception&) {
        if (attempt == 5) throw;
      }
    }
    auto url = *parsePostgresUrl(admin_);
    url_ = "postgresql://" + url.user + ":" + url.password + "@" + url.host + ":" + std::to_string(url.port) +
           "/" + name_;
  }
  ~ScratchDatabase() {
    if (name_.empty()) return;
    try {
      execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
      // The cluster is thrown away at the end of the run anyway.
    }
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // The PostgreSQL URL of this test's database; empty when the test runs on SQLite.
  const std::string& url() const { return url_; }

  static bool postgresSelected() { return Poco::Environment::has("VB_TEST_POSTGRES"); }

  // The cluster's own database (owned by the `vb` role), from <dir>/url.
  static std::string adminUrl() {
    const std::string file = Poco::Environment::get("VB_TEST_POSTGRES") + "/url";
    Poco::FileInputStream in(file);
    std::string url;
    std::getline(in, url);
    if (url.empty()) throw std::runtime_error("VB_TEST_POSTGRES: no URL in " + file);
    return url;
  }

 private:
  void execute(const std::string& sql) const {
    static const bool registered = [] {
      Poco::Data::PostgreSQL::Connector::registerConnector();
      return true;
    }();
    (void)registered;
    Poco::Data::Session session("postgresql", parsePostgresUrl(admin_)->connectionString());
    session << sql, Poco::Data::Keywords::now;
  }

  std::string admin_;
  std::string name_;
  std::string url_;
};

}  // namespace vb::test
