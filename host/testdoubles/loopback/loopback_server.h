// LoopbackServer: the HTTP plumbing every test double shares — a POCO
// HTTPServer on a loopback address with a thread pool of its own (a stuck
// double never starves the process default pool), and the two ways a double
// stalls on purpose (latency, a hang) that end promptly when it stops.
// The double supplies one handler for every request.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace vb {

struct LoopbackServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0 = ephemeral
  // Poco holds one worker thread per open keep-alive connection, so this caps
  // the concurrent client connections; a client beyond it waits for an idle
  // connection to time out (keepAliveMs).
  int maxThreads = 64;
  int64_t keepAliveMs = 5000;
};

class LoopbackServer {
 public:
  // Called on a server thread, concurrently for concurrent requests. An
  // exception it throws is swallowed (the client went away, or stop()
  // aborted the socket): nobody is left to tell.
  using Handler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

  LoopbackServer(LoopbackServerOptions options, Handler handler);
  ~LoopbackServer();  // stops
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // Binds and serves; throws Poco::Exception when it cannot bind. Idempotent.
  void start();
  // Wakes every pause() and hang() first, then closes the connections and
  // joins the threads. Idempotent; start() may follow.
  void stop();

  uint16_t port() const;        // the bound port (0 before start)
  std::string baseUrl() const;  // "http://<host>:<port>"

  // For handlers. pause() sleeps `ms` unless the server stops first (then it
  // returns false); hang() blocks until the client hangs up, the server
  // stops, or `limit` passes — so a client without a timeout cannot pin a
  // server thread forever.
  bool pause(int64_t ms);
  void hang(Poco::Net::HTTPServerRequest& request, std::chrono::milliseconds limit);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace vb
