// Database: the store behind every repository (Poco::Data), on one of two
// backends chosen by the settings (store/dialect.h holds their differences):
//
// SQLite (the embedded default; measured numbers in docs and ENV.md): SQLite
// allows one writer at a time. Separate writer sessions contend through the
// busy handler (thousands of inserts/s, tails over 1 s); funnelled through ONE
// writer they do ~3x better with millisecond tails. So:
//   * every write runs through write() on one writer session; concurrent
//     writes are group-committed (one BEGIN IMMEDIATE … COMMIT for a batch,
//     a SAVEPOINT per call), which cut the turn p99 under load in half;
//   * reads run through read() on a pool of reader sessions (WAL mode lets
//     readers proceed while the writer commits).
// Pragmas: journal_mode=WAL, synchronous=NORMAL, foreign_keys=ON,
// busy_timeout. WAL checkpoints stay automatic, inside the writer's commits:
// only a checkpoint that runs while no new frame can be appended completes,
// and only a completed one lets the next write start the WAL over. (Tried: a
// timer checkpointing beside the writer never caught up under steady writes;
// the WAL grew to 640 MB in 15 s and every read slowed down.)
//
// PostgreSQL (`url` set; several hosts share one database): PostgreSQL runs
// concurrent writers itself, so each write() takes a session of a writer pool
// and runs BEGIN … COMMIT alone (READ COMMITTED), run again up to three times
// when PostgreSQL reports a deadlock or serialization failure. Reads use a
// reader pool; snapshot() is a REPEATABLE READ READ ONLY transaction.
//
// Both: the pools block (bounded wait) instead of throwing when every session
// is out, unlike Poco::Data::SessionPool. Migrations
// (host/store/migrations/NNN_name.sql, embedded in the binary) are applied in
// order on open and recorded in schema_migrations; on PostgreSQL under an
// advisory lock, so hosts starting together migrate once.
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

#include "store/dialect.h"
#include "store/session_pool.h"
#include "store/transaction.h"

namespace vb {

class PreparedStatements;

struct DatabaseSettings {
  std::string path;         // SQLite file; created if missing (parent folders too)
  std::string url;          // "postgresql://user:pass@host:port/db": PostgreSQL instead of `path`
  int readerSessions = 32;  // upper bound of the reader pool (≥ HTTP threads that read at once)
  int writerSessions = 16;  // PostgreSQL: upper bound of the writer pool (SQLite has one writer)
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
  // Opens (creating) the SQLite file, or connects to the PostgreSQL URL;
  // applies pending migrations. Throws std::runtime_error naming the file or
  // the URL (without its password) on failure.
  explicit Database(DatabaseSettings settings);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs f(Transaction&) on a reader session (a read-only Transaction).
  // Thread-safe; blocks while every reader is busy (up to readerWaitMs, then
  // throws std::runtime_error).
  template <typename F>
  auto read(F&& f) -> std::invoke_result_t<F, Transaction&> {
    SessionPool::Lease lease(*readers_);
    Transaction tx(lease.session(), Transaction::Mode::Read, dialect_, lease.prepared());
    try {
      return f(tx);
    } catch (const std::exception& e) {
      if (dialect_.isConnectionFailure(e)) lease.discard();
      throw;
    }
  }

  // Like read(), but every statement of f sees ONE snapshot (a read
  // transaction), for views assembled from several queries.
  template <typename F>
  auto snapshot(F&& f) -> std::invoke_result_t<F, Transaction&> {
    SessionPool::Lease lease(*readers_);
    Transaction tx(lease.session(), Transaction::Mode::Read, dialect_, lease.prepared());
    try {
      SnapshotScope scope(lease.session(), dialect_);
      return f(tx);
    } catch (const std::exception& e) {
      if (dialect_.isConnectionFailure(e)) lease.discard();
      throw;
    }
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
  // PostgreSQL: no batching; each call is its own transaction on a pooled
  // session, and f may run more than once (deadlock retry), so f must have
  // no effects outside the transaction beyond what a rerun overwrites.
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
  const Dialect& dialect() const { return dialect_; }
  // Where the data lives: the SQLite path, or the PostgreSQL URL without its password.
  const std::string& location() const { return location_; }
  // PostgreSQL: libpq's connection string (for a connection of one's own,
  // e.g. LISTEN); empty on SQLite.
  const std::string& connectionString() const { return connectionString_; }

 private:
  // BEGIN on construction, COMMIT (ROLLBACK when unwinding) on destruction.
  class SnapshotScope {
   public:
    SnapshotScope(Poco::Data::Session& session, const Dialect& dialect);
    ~SnapshotScope();
    SnapshotScope(const SnapshotScope&) = delete;
    SnapshotScope& operator=(const SnapshotScope&) = delete;

   private:
    Poco::Data::Session& session_;
    const Dialect& dialect_;
    const int uncaught_;
  };

  // One queued write() call. Lives on the caller's stack until done.
  struct WriteJob {
    explicit WriteJob(std::function<void(Transaction&)> body) : run(std::move(body)) {}
    std::function<void(Transaction&)> run;
    std::exception_ptr error;
    bool done = false;  // GUARDED_BY(queueMutex_)
    // Its caller waits here alone: a finished batch wakes exactly its own
    // callers and the next leader, not every queued thread.
    std::condition_variable wake;
  };
  // Runs the job and returns when it has committed (or rethrows).
  void submit(WriteJob& job);
  // SQLite: queues the job for the next group-committed batch.
  void submitToBatch(WriteJob& job);
  // PostgreSQL: runs the job in a transaction of its own on a pooled writer.
  void runAlone(WriteJob& job);
  // Runs a batch in one transaction. Called by the leader with writeMutex_ held.
  void runBatch(const std::vector<WriteJob*>& batch);

  std::unique_ptr<Poco::Data::Session> openSession();
  // The session with its kept statements (SQLite), for a pool.
  PooledSession pooled(std::unique_ptr<Poco::Data::Session> session) const;
  void migrate();
  // Applies the pending migrations on `session`, inside the caller's transaction(s).
  void applyMigrations(Poco::Data::Session& session);
  // Called with writeMutex_ held.
  void begin();
  void commit();
  void rollback();

  DatabaseSettings settings_;  // fixed after construction
  Dialect dialect_;            // fixed after construction
  std::string location_;       // fixed after construction
  std::string connectionString_;  // PostgreSQL: libpq keyword form; fixed after construction

  std::mutex queueMutex_;  // guards queue_, leaderActive_, WriteJob::done (and WriteJob::wake's waits)
  std::vector<WriteJob*> queue_;
  bool leaderActive_ = false;

  std::mutex writeMutex_;                        // guards writer_ and its transaction
  std::unique_ptr<Poco::Data::Session> writer_;  // SQLite only; GUARDED_BY(writeMutex_)
  // The writer's kept statements (SQLite only; GUARDED_BY(writeMutex_)).
  // Declared after writer_: finalized before the connection closes.
  std::unique_ptr<PreparedStatements> writerStatements_;

  std::unique_ptr<SessionPool> writers_;  // PostgreSQL only; thread-safe itself
  std::unique_ptr<SessionPool> readers_;  // thread-safe itself
};

}  // namespace vb
