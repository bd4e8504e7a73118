// HttpServer: the listening socket and the HTTP/1.1 connections in front of
// HttpEdge.
//
// Why not Poco::Net::HTTPServer: it gives every connection a worker thread
// for as long as the connection lives, idle keep-alive time and a request
// head sent one byte per second included, so ~maxThreads idle or slow clients
// lock everyone else out (measured in bench/connection_flood/README.md).
// Here one I/O thread holds every connection while it is idle, sending its
// head or body, or being written to: it polls them all and enforces
// deadlines on the whole head, the whole body and the whole response write.
// Workers only run complete requests (HttpEdge::handle), so they are never
// held by a client's pace. Admission: a cap on open connections in total and
// per client address; a bounded queue of complete requests (over → 503).
//
// Every answer the server gives on its own is problem+json from
// HttpEdge::reject(): a malformed head (400), a head over its size (431) or a
// target over its length (414), a deadline missed (408), a body over the
// limit (413, answered from Content-Length before any body is read), an
// unsupported version or transfer coding (505/501), a full queue or the
// connection caps (503). After such an answer the connection is closed
// gracefully: the server stops writing and discards what the client still
// sends (bounded), so the client reads the answer instead of a reset.
//
// Linux (accept4, pipe2, POLLRDHUP). poll() costs O(open connections) per
// wake-up: fine to a few thousand connections (bench/connection_flood has
// the figures); epoll is the next step beyond.
#pragma once

#include <chrono>
#include <functional>
#include <cstdint>
#include <memory>
#include <string>

namespace vb {

struct RequestHead;
class HttpEdge;
class Metrics;

struct HttpServerSettings {
  std::string host = "0.0.0.0";
  uint16_t port = 8080;  // 0 = ephemeral (see HttpServer::port)
  int listenBacklog = 512;
  int workerThreads = 128;         // run complete requests
  int maxQueuedRequests = 1024;    // complete requests waiting for a worker; over → 503
  // Fair admission (request_queue.h): requests are queued per fairness key
  // and served round-robin; one key runs at most maxWorkersPerClient at once
  // and queues at most maxQueuedPerClient (over → 503). 0 = no bound.
  int maxWorkersPerClient = 0;
  int maxQueuedPerClient = 0;
  // The fairness key of a request (e.g. its API key's public prefix);
  // unset or "" → the client address.
  std::function<std::string(const RequestHead& head)> fairnessKey;
  int maxConnections = 10000;      // open at once; clamped below the process's file limit
  int maxConnectionsPerAddress = 1000;  // per client IP address; 0 = no cap
  std::chrono::milliseconds keepAliveTimeout{10000};    // idle between requests, then closed
  std::chrono::milliseconds requestHeadTimeout{10000};  // the whole head, from its first byte (or the accept)
  std::chrono::milliseconds requestBodyTimeout{20000};  // the whole body, from the end of the head
  std::chrono::milliseconds responseWriteTimeout{30000};  // the whole response, once the client stops reading
  std::chrono::milliseconds lingerTimeout{2000};  // discard input this long after an error answer, then close
  size_t maxRequestHeadBytes = 32768;  // request line + header fields; over → 431 (414 for the target)
  size_t maxUriBytes = 16384;
  size_t maxHeaderCount = 100;
  size_t maxBodyBytes = 1 << 20;       // over → 413 (normally HttpEdgeSettings::maxBodyBytes)
  // Optional: the body limit of one request (method, decoded path) when a
  // route takes more or less than maxBodyBytes (HttpEdge::bodyLimitFor).
  std::function<size_t(const std::string& method, const std::string& path)> bodyLimit;
  size_t maxDrainBytes = 16 << 20;     // discarded after an error answer before closing anyway
  // Request bytes the I/O thread holds for all connections together. Above
  // it, bodies are not read until others have gone to the workers (their
  // deadline still runs), so many slow uploads cannot exhaust memory.
  size_t maxBufferedBytes = 256u << 20;
};

class HttpServer {
 public:
  // Binds and listens at once (so port() is known before start()). The edge
  // and the metrics must outlive the server. Throws Poco::Exception when the
  // address cannot be bound.
  HttpServer(HttpServerSettings settings, HttpEdge& edge, Metrics& metrics);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Starts the I/O thread and the workers. Call once.
  void start();
  // Stops accepting, closes every connection, lets requests already running
  // finish (their answers are dropped) and joins all threads. Idempotent;
  // not concurrently with start().
  void stop();

  uint16_t port() const;
  // Connections open right now (accepted, not yet closed). Thread-safe.
  int openConnections() const;
  // Request bytes the I/O thread holds (heads and bodies still arriving), as
  // of its last round (see maxBufferedBytes). Thread-safe.
  size_t bufferedRequestBytes() const;
  const HttpServerSettings& settings() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace vb
