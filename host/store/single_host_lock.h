// SingleHostLock: one serving host process per SQLite database file.
//
// Several hosts share a database only on PostgreSQL; on SQLite the serving
// process keeps its idempotency claims in memory (conversation/
// in_flight_claims.h), which is safe only while no other process serves the
// same file. This lock makes that a guarantee: a second host started on the
// file fails at start, naming the file, instead of risking a turn billed twice.
// An exclusive flock(2) on "<database>-host.lock", held for the object's life
// and released by the kernel when the process dies (kill -9 included). The
// database file itself is not used: closing any descriptor of it would drop
// SQLite's own POSIX locks.
#pragma once

#include <string>

namespace vb {

class SingleHostLock {
 public:
  // Throws std::runtime_error when another process holds the lock.
  explicit SingleHostLock(const std::string& databasePath);
  ~SingleHostLock();
  SingleHostLock(const SingleHostLock&) = delete;
  SingleHostLock& operator=(const SingleHostLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace vb
