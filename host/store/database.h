// Database: the SQLite store behind every repository (Poco::Data).
//
// Concurrency (measured numbers in docs and ENV.md): SQLite allows one
// writer at a time. Separate writer sessions contend through the busy
// handler (thousands of inserts/s, tails over 1 s); funnelled through ONE
// writer they do ~3x better with millisecond tails. So:
//   * every write runs through write(): one writer session guarded by
//     writeMutex_, one transaction per call (BEGIN IMMEDIATE … COMMIT);
//   * reads run through read() on a pool of reader sessions (WAL mode lets
//     readers proceed while the writer commits). The pool blocks (bounded
//     wait) instead of throwing when every session is out, unlike
//     Poco::Data::SessionPool.
// Group commit later: write() takes a closure over a session, so a writer
// thread can run several queued closures inside one transaction (each in a
// SAVEPOINT) without changing any caller.
//
// Pragmas: journal_mode=WAL, synchronous=NORMAL, foreign_keys=ON,
// busy_timeout. Migrations (host/store/migrations/NNN_name.sql, embedded in
// the binary) are applied in order on open and recorded in schema_migrations.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

namespace vb {

struct DatabaseSettings {
  std::string path;           // SQLite file; created if missing (parent folders too)
  int readerSessions = 32;    // upper bound of the reader pool (≥ HTTP threads that read at once)
  int busyTimeoutMs = 5000;
  int readerWaitMs = 10000;   // how long read() waits for a free reader before throwing

  // From the config section "database" ({path, readerSessions, busyTimeoutMs});
  // `path` overrides the section's path when non-empty (env VB_DB_PATH).
  static DatabaseSettings fromConfig(const Poco::JSON::Object::Ptr& section, const std::string& path = {});
};

// An applied migration (for tests and /readyz).
struct MigrationInfo {
  int version = 0;
  std::string name;
};

class Database {
 public:
  // Opens (creating) the file, sets pragmas, applies pending migrations.
  // Throws std::runtime_error naming the file on failure.
  explicit Database(DatabaseSettings settings);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs f(Session&) on a reader session. Thread-safe; blocks while every
  // reader is busy (up to readerWaitMs, then throws std::runtime_error).
  template <typename F>
  auto read(F&& f) -> std::invoke_result_t<F, Poco::Data::Session&> {
    ReaderLease lease(*this);
    return f(lease.session());
  }

  // Runs f(Session&) in ONE transaction on the writer session: commits when
  // f returns, rolls back and rethrows when it throws. Thread-safe; callers
  // queue on writeMutex_. f must not call write() (not re-entrant).
  template <typename F>
  auto write(F&& f) -> std::invoke_result_t<F, Poco::Data::Session&> {
    std::lock_guard<std::mutex> lock(writeMutex_);
    begin();
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<F, Poco::Data::Session&>>) {
        f(*writer_);
        commit();
      } else {
        auto result = f(*writer_);
        commit();
        return result;
      }
    } catch (...) {
      rollback();
      throw;
    }
  }

  // Migrations applied so far, in order.
  std::vector<MigrationInfo> appliedMigrations();
  // A trivial query succeeds on a reader session.
  bool ping();
  const DatabaseSettings& settings() const { return settings_; }

 private:
  class ReaderLease {
   public:
    explicit ReaderLease(Database& db);
    ~ReaderLease();
    Poco::Data::Session& session() { return *session_; }

   private:
    Database& db_;
    std::unique_ptr<Poco::Data::Session> session_;
  };

  std::unique_ptr<Poco::Data::Session> openSession();
  void migrate();
  // Called with writeMutex_ held.
  void begin();
  void commit();
  void rollback();

  const DatabaseSettings settings_;

  std::mutex writeMutex_;                        // guards writer_ and its transaction
  std::unique_ptr<Poco::Data::Session> writer_;  // GUARDED_BY(writeMutex_)

  std::mutex readersMutex_;                      // guards idleReaders_, openReaders_
  std::condition_variable readerReturned_;
  std::vector<std::unique_ptr<Poco::Data::Session>> idleReaders_;
  int openReaders_ = 0;
};

}  // namespace vb
