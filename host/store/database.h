// Database: the SQLite store behind every repository (Poco::Data).
//
// Concurrency (measured numbers in docs and ENV.md): SQLite allows one
// writer at a time. Separate writer sessions contend through the busy
// handler (thousands of inserts/s, tails over 1 s); funnelled through ONE
// writer they do ~3x better with millisecond tails. So:
//   * every write runs through write() on one writer session; concurrent
//     writes are group-committed (one BEGIN IMMEDIATE … COMMIT for a batch,
//     a SAVEPOINT per call), which cut the turn p99 under load in half;
//   * reads run through read() on a pool of reader sessions (WAL mode lets
//     readers proceed while the writer commits). The pool blocks (bounded
//     wait) instead of throwing when every session is out, unlike
//     Poco::Data::SessionPool.
//
// Pragmas: journal_mode=WAL, synchronous=NORMAL, foreign_keys=ON,
// busy_timeout. Migrations (host/store/migrations/NNN_name.sql, embedded in
// the binary) are applied in order on open and recorded in schema_migrations.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "store/transaction.h"

namespace vb {

struct DatabaseSettings {
  std::string path;         // SQLite file; created if missing (parent folders too)
  int readerSessions = 32;  // upper bound of the reader pool (≥ HTTP threads that read at once)
  int busyTimeoutMs = 5000;
  int readerWaitMs = 10000;  // how long read() waits for a free reader before throwing
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

  // Runs f(Transaction&) on a reader session (a read-only Transaction).
  // Thread-safe; blocks while every reader is busy (up to readerWaitMs, then
  // throws std::runtime_error).
  template <typename F>
  auto read(F&& f) -> std::invoke_result_t<F, Transaction&> {
    ReaderLease lease(*this);
    Transaction tx(lease.session(), Transaction::Mode::Read);
    return f(tx);
  }

  // Like read(), but every statement of f sees ONE snapshot (a read
  // transaction), for views assembled from several queries.
  template <typename F>
  auto snapshot(F&& f) -> std::invoke_result_t<F, Transaction&> {
    ReaderLease lease(*this);
    Transaction tx(lease.session(), Transaction::Mode::Read);
    SnapshotScope scope(lease.session());
    return f(tx);
  }

  // Runs f(Transaction&) atomically on the writer session: its writes commit
  // when f returns and are rolled back (and the exception rethrown) when it
  // throws. write() returns only after the commit, so the caller may reply.
  // Group commit: concurrent callers queue; whichever finds the writer idle
  // runs every queued closure in ONE transaction, each inside its own
  // SAVEPOINT (a throwing closure undoes only its own writes), then commits
  // once for all. Closures run in arrival order and see earlier closures'
  // writes. If the COMMIT itself fails, every closure of the batch fails.
  // Thread-safe. f must not call write() (not re-entrant).
  template <typename F>
  auto write(F&& f) -> std::invoke_result_t<F, Transaction&> {
    using R = std::invoke_result_t<F, Transaction&>;
    if constexpr (std::is_void_v<R>) {
      WriteJob job([&](Transaction& tx) { f(tx); });
      submit(job);
    } else {
      std::optional<R> result;
      WriteJob job([&](Transaction& tx) { result.emplace(f(tx)); });
      submit(job);
      return std::move(*result);
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

  // BEGIN on construction, COMMIT (ROLLBACK when unwinding) on destruction.
  class SnapshotScope {
   public:
    explicit SnapshotScope(Poco::Data::Session& session);
    ~SnapshotScope();
    SnapshotScope(const SnapshotScope&) = delete;
    SnapshotScope& operator=(const SnapshotScope&) = delete;

   private:
    Poco::Data::Session& session_;
    const int uncaught_;
  };

  // One queued write() call. Lives on the caller's stack until done.
  struct WriteJob {
    explicit WriteJob(std::function<void(Transaction&)> body) : run(std::move(body)) {}
    std::function<void(Transaction&)> run;
    std::exception_ptr error;
    bool done = false;  // GUARDED_BY(queueMutex_)
  };
  // Queues the job and returns when its batch has committed (or rethrows).
  void submit(WriteJob& job);
  // Runs a batch in one transaction. Called by the leader with writeMutex_ held.
  void runBatch(const std::vector<WriteJob*>& batch);

  std::unique_ptr<Poco::Data::Session> openSession();
  void migrate();
  // Called with writeMutex_ held.
  void begin();
  void commit();
  void rollback();

  DatabaseSettings settings_;  // fixed after construction

  std::mutex queueMutex_;  // guards queue_, leaderActive_, WriteJob::done
  std::condition_variable batchDone_;
  std::vector<WriteJob*> queue_;
  bool leaderActive_ = false;

  std::mutex writeMutex_;                        // guards writer_ and its transaction
  std::unique_ptr<Poco::Data::Session> writer_;  // GUARDED_BY(writeMutex_)

  std::mutex readersMutex_;  // guards idleReaders_, openReaders_
  std::condition_variable readerReturned_;
  std::vector<std::unique_ptr<Poco::Data::Session>> idleReaders_;
  int openReaders_ = 0;
};

}  // namespace vb
