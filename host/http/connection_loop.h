// ConnectionLoop: HttpServer's one I/O thread. It accepts, reads every
// request head and body, writes what a worker could not write at once, and
// enforces the deadlines and caps of HttpServerSettings (see http_server.h).
// Internal to HttpServer.
//
// Threading: run() is the I/O thread; everything not marked thread-safe is
// called on it only. Connections in the table are the loop's alone; a
// complete request leaves the table for the RequestQueue and comes back via
// giveBack() (thread-safe), so no connection is ever touched by two threads.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/client_connection.h"
#include "http/http_server.h"
#include "http/problem.h"
#include "http/request_queue.h"

namespace Poco {
class Logger;
}

namespace vb {

class ConnectionLoop {
 public:
  using Clock = ClientConnection::Clock;

  // `listenFd` is a bound, listening socket the caller keeps open until
  // run() has returned. Throws std::runtime_error when the wake pipe cannot
  // be made.
  ConnectionLoop(const HttpServerSettings& settings, int listenFd, HttpEdge& edge, Metrics& metrics,
                 RequestQueue& queue);
  ~ConnectionLoop();
  ConnectionLoop(const ConnectionLoop&) = delete;
  ConnectionLoop& operator=(const ConnectionLoop&) = delete;

  // The I/O thread's body: returns after stop(), with every connection in
  // the table closed.
  void run();
  // Thread-safe. run() returns soon after.
  void stop();
  // Thread-safe (workers): a connection whose response is ready in
  // `output` (partly sent, maybe) comes back to be finished and kept alive.
  // After stop() it is simply closed.
  void giveBack(std::unique_ptr<ClientConnection> connection);
  // Thread-safe.
  int openConnections() const { return open_.load(); }
  // Request bytes held for connections in the loop, as of its last round. Thread-safe.
  size_t bufferedBytes() const { return buffered_.load(); }

 private:
  enum class Next { Stay, Dispatch, Close };

  void acceptNew(Clock::time_point now);
  void refuse(int fd, const ProtocolError& error, const char* reason);
  Next onReadable(ClientConnection& c, Clock::time_point now);
  Next onWritable(ClientConnection& c, Clock::time_point now);
  Next onDeadline(ClientConnection& c, Clock::time_point now);
  // Parses what has arrived; moves the connection through Head and Body.
  Next advance(ClientConnection& c, Clock::time_point now);
  // Answers `error` as problem+json and closes gracefully after writing it.
  Next reject(ClientConnection& c, const ProtocolError& error, Clock::time_point now);
  // Writes what the socket takes; at the end, lingers or waits for the next request.
  Next writeSome(ClientConnection& c, Clock::time_point now);
  Next afterResponse(ClientConnection& c, Clock::time_point now);
  void takeReturned(Clock::time_point now);
  void dispatch(std::unique_ptr<ClientConnection> c, Clock::time_point now);
  void close(std::unique_ptr<ClientConnection> c);
  int pollTimeoutMs(Clock::time_point now) const;
  void wake();

  const HttpServerSettings& settings_;
  const RequestHeadLimits limits_;
  const int listenFd_;
  HttpEdge& edge_;
  Metrics& metrics_;
  RequestQueue& queue_;
  Poco::Logger& log_;
  int wakeRead_ = -1;
  int wakeWrite_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<int> open_{0};
  std::atomic<size_t> buffered_{0};

  // I/O thread only.
  std::unordered_map<int, std::unique_ptr<ClientConnection>> table_;  // by fd
  std::map<std::string, int> perAddress_;  // open connections by client address
  Clock::time_point acceptPausedUntil_{};  // after EMFILE: let connections close first
  int reportedOpen_ = -1;                  // the gauge's last value

  std::mutex returnedMutex_;  // guards returned_, loopExited_
  std::vector<std::unique_ptr<ClientConnection>> returned_;
  bool loopExited_ = false;
};

}  // namespace vb
