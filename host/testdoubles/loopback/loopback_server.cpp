#include "testdoubles/loopback/loopback_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace vb {

struct LoopbackServer::Impl {
  LoopbackServerOptions options;
  Handler handler;

  std::mutex mutex;
  std::condition_variable stopCv;  // notified when `stopping` turns true
  bool stopping = false;           // guarded by mutex
  bool running = false;            // guarded by mutex
  uint16_t boundPort = 0;          // written by start() before serving

  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::HTTPServer> server;

  Impl(LoopbackServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}
};

namespace {

class RequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RequestHandler(const LoopbackServer::Handler& handler) : handler_(handler) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    try {
      handler_(request, response);
    } catch (const std::exception&) {
      // The client went away mid-answer (or stop() aborted the socket):
      // nothing useful to tell anyone, and Poco must not see the exception.
    }
  }

 private:
  const LoopbackServer::Handler& handler_;
};

class RequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit RequestHandlerFactory(const LoopbackServer::Handler& handler) : handler_(handler) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new RequestHandler(handler_);
  }

 private:
  const LoopbackServer::Handler& handler_;
};

}  // namespace

LoopbackServer::LoopbackServer(LoopbackServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

LoopbackServer::~LoopbackServer() { stop(); }

void LoopbackServer::start() {
  auto& p = *impl_;
  std::lock_guard lock(p.mutex);
  if (p.running) return;
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress(p.options.host, p.options.port), /*reuseAddress=*/true);
  socket.listen(1024);
  p.boundPort = socket.address().port();

  auto params = new Poco::Net::HTTPServerParams;
  const int maxThreads = std::max(2, p.options.maxThreads);
  params->setMaxThreads(maxThreads);
  params->setMaxQueued(4096);
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(0);  // unlimited: clients reuse pooled connections
  params->setKeepAliveTimeout(Poco::Timespan(std::max<int64_t>(1, p.options.keepAliveMs) * 1000));
  params->setTimeout(Poco::Timespan(30, 0));
  p.pool = std::make_unique<Poco::ThreadPool>(2, maxThreads + 2, 60);
  p.server =
      std::make_unique<Poco::Net::HTTPServer>(new RequestHandlerFactory(p.handler), *p.pool, socket, params);
  p.server->start();
  p.stopping = false;
  p.running = true;
}

void LoopbackServer::stop() {
  auto& p = *impl_;
  {
    std::lock_guard lock(p.mutex);
    if (!p.running) return;
    p.stopping = true;
    p.running = false;
  }
  p.stopCv.notify_all();    // wakes slow and hanging requests first
  p.server->stopAll(true);  // then aborts idle keep-alive connections
  p.pool->joinAll();
  p.server.reset();
  p.pool.reset();
}

uint16_t LoopbackServer::port() const { return impl_->boundPort; }

std::string LoopbackServer::baseUrl() const {
  return "http://" + impl_->options.host + ":" + std::to_string(impl_->boundPort);
}

bool LoopbackServer::pause(int64_t ms) {
  if (ms <= 0) return true;
  auto& p = *impl_;
  std::unique_lock lock(p.mutex);
  return !p.stopCv.wait_for(lock, std::chrono::milliseconds(ms), [&p] { return p.stopping; });
}

void LoopbackServer::hang(Poco::Net::HTTPServerRequest& request, std::chrono::milliseconds limit) {
  Poco::Net::StreamSocket* socket = nullptr;
  if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request)) socket = &impl->socket();
  const auto until = std::chrono::steady_clock::now() + limit;
  auto& p = *impl_;
  std::unique_lock lock(p.mutex);
  while (!p.stopping && std::chrono::steady_clock::now() < until) {
    p.stopCv.wait_for(lock, std::chrono::milliseconds(50));
    if (socket) {
      try {
        // Readable with nothing to read = the peer closed the connection.
        if (socket->poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ) && socket->available() == 0)
          return;
      } catch (const Poco::Exception&) {
        return;
      }
    }
  }
}

}  // namespace vb
