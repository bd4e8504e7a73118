#include "store/change_feed.h"

#include <libpq-fe.h>
#include <poll.h>

#include <Poco/Data/Session.h>

#include <chrono>

#include "store/database.h"

using namespace Poco::Data::Keywords;

namespace vb {
namespace {

constexpr const char* kChannel = "vb_changes";
constexpr int kPollMs = 100;        // how quickly stop() is noticed
constexpr int kReconnectMs = 500;   // between attempts while the server is away

}  // namespace

ChangeFeed::ChangeFeed(const Database& database)
    : enabled_(database.dialect().isPostgreSQL()), connectionString_(database.connectionString()) {}

ChangeFeed::~ChangeFeed() { stop(); }

void ChangeFeed::subscribe(Subscriber subscriber) { subscribers_.push_back(std::move(subscriber)); }

void ChangeFeed::start() {
  std::lock_guard<std::mutex> lock(lifecycleMutex_);
  if (!enabled_ || thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void ChangeFeed::stop() {
  std::lock_guard<std::mutex> lock(lifecycleMutex_);
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void ChangeFeed::publish(Transaction& tx, const std::string& topic, const std::string& subject) {
  if (!tx.dialect().isPostgreSQL()) return;
  std::string channel = kChannel, payload = topic + ":" + subject;
  tx.session() << "SELECT pg_notify($1, $2)", use(channel), use(payload), now;
}

void ChangeFeed::deliver(const std::string& topic, const std::string& subject) {
  for (const auto& subscriber : subscribers_) subscriber(topic, subject);
}

void ChangeFeed::run() {
  bool everConnected = false;
  while (!stopping_) {
    PGconn* conn = PQconnectdb(connectionString_.c_str());
    if (PQstatus(conn) == CONNECTION_OK) {
      PGresult* listen = PQexec(conn, (std::string("LISTEN ") + kChannel).c_str());
      const bool ok = PQresultStatus(listen) == PGRES_COMMAND_OK;
      PQclear(listen);
      if (ok) {
        listening_ = true;
        // Notices sent while we were not listening are lost: flush everything.
        if (everConnected) deliver("*", "");
        everConnected = true;
        while (!stopping_) {
          pollfd fd{PQsocket(conn), POLLIN, 0};
          if (::poll(&fd, 1, kPollMs) < 0) continue;
          if (PQconsumeInput(conn) == 0) break;  // connection lost
          while (PGnotify* notice = PQnotifies(conn)) {
            const std::string payload = notice->extra;
            PQfreemem(notice);
            const auto colon = payload.find(':');
            if (colon == std::string::npos)
              deliver(payload, "");
            else
              deliver(payload.substr(0, colon), payload.substr(colon + 1));
          }
        }
        listening_ = false;
      }
    }
    PQfinish(conn);
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kReconnectMs);
    while (!stopping_ && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs / 2));
  }
}

}  // namespace vb
