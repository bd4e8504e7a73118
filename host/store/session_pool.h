// SessionPool: a bounded set of open backend sessions handed out one at a
// time. Unlike Poco::Data::SessionPool it waits (up to a deadline) instead of
// throwing at once when every session is out, and a lease can discard a
// broken session (lost connection) instead of returning it.
#pragma once

#include <Poco/Data/Session.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/prepared_statements.h"

namespace vb {

// An open session and, on SQLite, the statements it keeps compiled (declared
// after the session: finalized before it closes).
struct PooledSession {
  std::unique_ptr<Poco::Data::Session> session;
  std::unique_ptr<PreparedStatements> prepared;
};

class SessionPool {
 public:
  using Opener = std::function<PooledSession()>;

  // `capacity` ≥ 1 sessions at most, opened lazily with `open`; acquire()
  // waits up to `waitMs` for one. `what` names the pool in errors.
  SessionPool(std::string what, int capacity, int waitMs, Opener open);
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  // One session for the lease's lifetime. Thread-safe.
  class Lease {
   public:
    // Throws std::runtime_error when none is free within the wait, or what
    // opening a session throws.
    explicit Lease(SessionPool& pool);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Poco::Data::Session& session() { return *session_.session; }
    // The session's kept statements; null when it has none (PostgreSQL).
    PreparedStatements* prepared() { return session_.prepared.get(); }
    // Close the session at the end of the lease instead of reusing it.
    void discard() { discard_ = true; }

   private:
    SessionPool& pool_;
    PooledSession session_;
    bool discard_ = false;
  };

 private:
  const std::string what_;
  const int capacity_;
  const int waitMs_;
  const Opener open_;

  std::mutex mutex_;  // guards idle_, open_count_
  std::condition_variable returned_;
  std::vector<PooledSession> idle_;
  int openCount_ = 0;  // sessions idle + leased
};

}  // namespace vb
