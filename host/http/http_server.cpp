#include "http/http_server.h"

#include <Poco/Logger.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <sys/resource.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "common/request_id.h"
#include "http/connection_loop.h"
#include "http/http_edge.h"
#include "http/problem.h"
#include "http/request_queue.h"
#include "http/wire_response.h"

namespace vb {
namespace {

// Descriptors the rest of the process needs (database, plugins, outgoing
// vendor calls, in-process mock vendors) when clients take all they may.
int connectionsTheFileLimitAllows() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return INT32_MAX;
  const auto files = static_cast<long long>(limit.rlim_cur);
  return static_cast<int>(std::max<long long>(16, files - std::max<long long>(256, files / 8)));
}

// A worker: runs complete requests through the edge and writes what the
// socket takes at once; the loop finishes the rest and keeps the connection.
void runWorker(RequestQueue& queue, ConnectionLoop& loop, HttpEdge& edge) {
  while (auto c = queue.pop()) {
    const RequestHead& head = *c->head;
    WireOptions wire{head.method == "HEAD", head.keepAlive, head.http10};
    try {
      HttpRequest request = toHttpRequest(head, std::move(c->body));
      c->output = wireResponse(edge.handle(request), wire);
    } catch (...) {
      // HttpEdge::handle turns handler failures into problems itself; this is
      // the last guard (e.g. bad_alloc) so a worker never dies.
      wire.keepAlive = false;
      c->output = wireResponse(problemResponse(DomainError::of(DomainError::Kind::Internal, {}), newRequestId()), wire);
    }
    c->body.clear();
    queue.finished(c->fairnessKey);
    c->outputSent = 0;
    c->closeAfterWrite = !wire.keepAlive;
    sendNonBlocking(c->fd(), c->output, c->outputSent);  // a broken connection shows in the loop
    loop.giveBack(std::move(c));
  }
}

}  // namespace

struct HttpServer::State {
  State(HttpServerSettings s, HttpEdge& e, Metrics& m)
      : settings(std::move(s)),
        edge(e),
        metrics(m),
        queue(static_cast<size_t>(std::max(1, settings.maxQueuedRequests)),
              static_cast<size_t>(std::max(0, settings.maxWorkersPerClient)),
              static_cast<size_t>(std::max(0, settings.maxQueuedPerClient))) {}

  HttpServerSettings settings;
  HttpEdge& edge;
  Metrics& metrics;
  Poco::Net::ServerSocket socket;
  RequestQueue queue;
  std::unique_ptr<ConnectionLoop> loop;  // outlives the workers (they give connections back to it)
  std::thread ioThread;
  std::vector<std::thread> workers;
  bool started = false;
  bool stopped = false;
};

HttpServer::HttpServer(HttpServerSettings settings, HttpEdge& edge, Metrics& metrics)
    : state_(std::make_unique<State>(std::move(settings), edge, metrics)) {
  auto& s = state_->settings;
  const int allowed = connectionsTheFileLimitAllows();
  if (s.maxConnections > allowed) {
    Poco::Logger::get("http").warning("server.maxConnections %d is more than the file limit allows; using %d",
                                      s.maxConnections, allowed);
    s.maxConnections = allowed;
  }
  s.workerThreads = std::max(1, s.workerThreads);
  state_->socket.bind(Poco::Net::SocketAddress(s.host, s.port), true);
  state_->socket.listen(s.listenBacklog);
  state_->socket.setBlocking(false);
  s.port = state_->socket.address().port();
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  auto& st = *state_;
  if (st.started) return;
  st.started = true;
  st.loop = std::make_unique<ConnectionLoop>(st.settings, st.socket.impl()->sockfd(), st.edge, st.metrics, st.queue);
  st.ioThread = std::thread([&st] { st.loop->run(); });
  for (int i = 0; i < st.settings.workerThreads; ++i)
    st.workers.emplace_back([&st] { runWorker(st.queue, *st.loop, st.edge); });
}

void HttpServer::stop() {
  auto& st = *state_;
  if (!st.started || st.stopped) return;
  st.stopped = true;
  st.loop->stop();
  st.ioThread.join();
  st.queue.close();
  for (auto& worker : st.workers) worker.join();
  st.socket.close();
}

uint16_t HttpServer::port() const { return state_->settings.port; }

int HttpServer::openConnections() const { return state_->loop ? state_->loop->openConnections() : 0; }

size_t HttpServer::bufferedRequestBytes() const { return state_->loop ? state_->loop->bufferedBytes() : 0; }

const HttpServerSettings& HttpServer::settings() const { return state_->settings; }

}  // namespace vb
