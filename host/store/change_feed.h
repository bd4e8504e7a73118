// ChangeFeed: tells every host sharing the database that a cached row changed,
// so caches (API keys today; agents and budgets as they gain caches) drop it.
//
// PostgreSQL: publish() runs pg_notify('vb_changes', 'topic:subject') inside
// the writer's transaction, so the notice goes out at COMMIT and never for a
// rolled-back change; every host's feed holds one libpq connection that
// LISTENs and hands each notice to the subscribers on the feed's own thread,
// typically within milliseconds. When that connection drops, the feed
// reconnects (every 500 ms) and then reports topic "*" (anything may have
// changed meanwhile: flush every cache).
//
// SQLite: one process owns the file, so the writing instance invalidates its
// own cache directly; publish() does nothing and start() starts no thread.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/transaction.h"

namespace vb {

class Database;

class ChangeFeed {
 public:
  // topic: what kind of row ("api_key"); subject: which one (its prefix), or
  // topic "*" with an empty subject: everything.
  using Subscriber = std::function<void(const std::string& topic, const std::string& subject)>;

  explicit ChangeFeed(const Database& database);
  ~ChangeFeed();  // stops the listening thread
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Before start(). Subscribers run on the feed's thread: keep them short.
  void subscribe(Subscriber subscriber);
  // Starts listening (PostgreSQL only). Idempotent.
  void start();
  void stop();

  // True while the feed's LISTEN connection is up (PostgreSQL) — tests wait
  // for it before relying on a notice; always false on SQLite.
  bool listening() const { return listening_.load(); }

  // Inside a write transaction: announce (topic, subject) to every host once
  // the transaction commits. No-op on SQLite. topic must not contain ':'.
  static void publish(Transaction& tx, const std::string& topic, const std::string& subject);

 private:
  void run();
  void deliver(const std::string& topic, const std::string& subject);

  const bool enabled_;
  const std::string connectionString_;
  std::vector<Subscriber> subscribers_;  // fixed once start() ran
  std::mutex lifecycleMutex_;            // guards thread_ (start/stop)
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_{false};
};

}  // namespace vb
