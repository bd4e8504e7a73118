#include "store/database.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <chrono>
#include <stdexcept>

#include "store/migrations.h"
#include "store/timestamps.h"

using namespace Poco::Data::Keywords;

namespace vb {

Database::Database(DatabaseSettings settings) : settings_(std::move(settings)) {
  if (settings_.readerSessions < 1) settings_.readerSessions = 1;
  static const bool registered = [] {
    Poco::Data::SQLite::Connector::registerConnector();
    return true;
  }();
  (void)registered;
  try {
    Poco::Path parent = Poco::Path(settings_.path).parent();
    if (!parent.toString().empty()) Poco::File(parent).createDirectories();
    writer_ = openSession();
    // WAL is a property of the file; set it once on the writer.
    std::string mode;
    *writer_ << "PRAGMA journal_mode=WAL", into(mode), now;
    migrate();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("database " + settings_.path + ": " + e.displayText());
  }
}

Database::~Database() = default;

std::unique_ptr<Poco::Data::Session> Database::openSession() {
  auto session = std::make_unique<Poco::Data::Session>("SQLite", settings_.path);
  // The connector's own busy handling is replaced by SQLite's busy_timeout.
  *session << "PRAGMA busy_timeout=" + std::to_string(settings_.busyTimeoutMs), now;
  *session << "PRAGMA foreign_keys=ON", now;
  *session << "PRAGMA synchronous=NORMAL", now;
  // Reads through a shared memory map instead of a pread() syscall per page
  // (the profile showed ~30 % kernel time under load). 64 MiB bounds what the
  // map adds to RSS (file-backed pages shared by every session).
  *session << "PRAGMA mmap_size=67108864", now;
  return session;
}

void Database::begin() { *writer_ << "BEGIN IMMEDIATE", now; }
void Database::commit() { *writer_ << "COMMIT", now; }
void Database::rollback() {
  try {
    *writer_ << "ROLLBACK", now;
  } catch (const Poco::Exception&) {
    // SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing left to undo.
  }
}

void Database::submit(WriteJob& job) {
  std::unique_lock<std::mutex> lock(queueMutex_);
  queue_.push_back(&job);
  while (!job.done) {
    if (leaderActive_) {
      batchDone_.wait(lock);
      continue;
    }
    // Become the leader: take everything queued so far (our job included).
    leaderActive_ = true;
    std::vector<WriteJob*> batch;
    batch.swap(queue_);
    lock.unlock();
    {
      std::lock_guard<std::mutex> writerLock(writeMutex_);
      runBatch(batch);
    }
    lock.lock();
    for (WriteJob* done : batch) done->done = true;
    leaderActive_ = false;
    batchDone_.notify_all();
  }
  if (job.error) std::rethrow_exception(job.error);
}

void Database::runBatch(const std::vector<WriteJob*>& batch) {
  try {
    begin();
  } catch (...) {
    for (WriteJob* job : batch) job->error = std::current_exception();
    return;
  }
  for (WriteJob* job : batch) {
    try {
      *writer_ << "SAVEPOINT job", now;
    } catch (...) {
      job->error = std::current_exception();
      continue;
    }
    try {
      Transaction tx(*writer_, Transaction::Mode::Write);
      job->run(tx);
      *writer_ << "RELEASE SAVEPOINT job", now;
    } catch (...) {
      job->error = std::current_exception();
      try {
        *writer_ << "ROLLBACK TO SAVEPOINT job", now;
        *writer_ << "RELEASE SAVEPOINT job", now;
      } catch (const Poco::Exception&) {
        // The transaction itself is gone (SQLite rolled it back): fail the batch below.
        rollback();
        for (WriteJob* other : batch)
          if (!other->error) other->error = std::current_exception();
        return;
      }
    }
  }
  try {
    commit();
  } catch (...) {
    rollback();
    for (WriteJob* job : batch)
      if (!job->error) job->error = std::current_exception();
  }
}

void Database::migrate() {
  std::lock_guard<std::mutex> lock(writeMutex_);
  *writer_ << "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT NOT NULL PRIMARY KEY, "
              "name TEXT NOT NULL, applied_at TEXT NOT NULL)",
      now;
  for (const auto& migration : embeddedMigrations()) {
    const std::string name = migration.name;
    const Poco::Int64 version = std::stoll(name.substr(0, name.find('_')));
    Poco::Int64 applied = 0;
    *writer_ << "SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
        use(const_cast<Poco::Int64&>(version)), into(applied), now;
    if (applied > 0) continue;
    begin();
    try {
      for (const auto& statement : splitStatements(migration.sql)) *writer_ << statement, now;
      std::string appliedAt = formatTimestamp(std::chrono::system_clock::now());
      std::string migrationName = name;
      Poco::Int64 v = version;
      *writer_ << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", use(v),
          use(migrationName), use(appliedAt), now;
      commit();
    } catch (...) {
      rollback();
      throw;
    }
  }
}

std::vector<MigrationInfo> Database::appliedMigrations() {
  return read([](Transaction& tx) {
    auto& session = tx.session();
    std::vector<Poco::Int64> versions;
    std::vector<std::string> names;
    session << "SELECT version, name FROM schema_migrations ORDER BY version", into(versions), into(names),
        now;
    std::vector<MigrationInfo> out;
    for (size_t i = 0; i < versions.size(); ++i) out.push_back({static_cast<int>(versions[i]), names[i]});
    return out;
  });
}

bool Database::ping() {
  try {
    return read([](Transaction& tx) {
      auto& session = tx.session();
      int one = 0;
      session << "SELECT 1", into(one), now;
      return one == 1;
    });
  } catch (const std::exception&) {
    return false;
  }
}

Database::SnapshotScope::SnapshotScope(Poco::Data::Session& session)
    : session_(session), uncaught_(std::uncaught_exceptions()) {
  session_.begin();
}

Database::SnapshotScope::~SnapshotScope() {
  try {
    if (std::uncaught_exceptions() > uncaught_)
      session_.rollback();
    else
      session_.commit();  // read-only: commit and rollback end it alike
  } catch (const Poco::Exception&) {
    // Nothing was written; the session is reset when it is next used.
  }
}

Database::ReaderLease::ReaderLease(Database& db) : db_(db) {
  std::unique_lock<std::mutex> lock(db_.readersMutex_);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(db_.settings_.readerWaitMs);
  while (db_.idleReaders_.empty() && db_.openReaders_ >= db_.settings_.readerSessions) {
    if (db_.readerReturned_.wait_until(lock, deadline) == std::cv_status::timeout &&
        db_.idleReaders_.empty() && db_.openReaders_ >= db_.settings_.readerSessions)
      throw std::runtime_error("database: no reader session free");
  }
  if (!db_.idleReaders_.empty()) {
    session_ = std::move(db_.idleReaders_.back());
    db_.idleReaders_.pop_back();
    return;
  }
  ++db_.openReaders_;
  lock.unlock();
  try {
    session_ = db_.openSession();
  } catch (...) {
    std::lock_guard<std::mutex> relock(db_.readersMutex_);
    --db_.openReaders_;
    db_.readerReturned_.notify_one();
    throw;
  }
}

Database::ReaderLease::~ReaderLease() {
  std::lock_guard<std::mutex> lock(db_.readersMutex_);
  db_.idleReaders_.push_back(std::move(session_));
  db_.readerReturned_.notify_one();
}

}  // namespace vb
