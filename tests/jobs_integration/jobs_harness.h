// What the async-job integration tests share: a webhook receiver (a POCO
// HTTPServer on an ephemeral loopback port that records every delivery and
// answers a scripted status sequence), a turn router that holds turns until
// released (to fill the queue), and tenant/agent/session set-up on a host.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/File.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/TemporaryFile.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <sstream>
#include <memory>
#include <cstdlib>
#include <optional>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "reliability/reliability_pipeline.h"
#include "store/database.h"
#include "support/poll.h"
#include "support/test_host.h"

namespace vb::test {

struct Delivery {
  std::string id, timestamp, signature, body;
};

class WebhookReceiver {
 public:
  // A TLS receiver's certificate and key (PEM files).
  struct Tls {
    std::string certFile, keyFile;
  };

  // Answers `statuses` in order, then 200 for every later delivery; over TLS
  // (https://localhost:…) when `tls` is given.
  explicit WebhookReceiver(std::vector<int> statuses = {}, std::optional<Tls> tls = std::nullopt)
      : socket_(listen(tls)), tls_(tls.has_value()), statuses_(statuses.begin(), statuses.end()) {
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, params);
    server_->start();
  }
  ~WebhookReceiver() { server_->stopAll(true); }

  std::string url(const std::string& path = "/hooks/jobs") const {
    return (tls_ ? "https://localhost:" : "http://127.0.0.1:") + std::to_string(socket_.address().port()) + path;
  }
  std::vector<Delivery> deliveries() {
    std::lock_guard<std::mutex> lock(mutex_);
    return deliveries_;
  }
  // Waits (with a deadline) until `count` deliveries arrived.
  std::vector<Delivery> waitFor(size_t count, std::chrono::seconds limit = std::chrono::seconds(20)) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!arrived_.wait_for(lock, limit, [&] { return deliveries_.size() >= count; }))
      throw std::runtime_error("the receiver got " + std::to_string(deliveries_.size()) + " deliveries, not " +
                               std::to_string(count));
    return deliveries_;
  }

 private:
  static Poco::Net::ServerSocket listen(const std::optional<Tls>& tls) {
    const Poco::Net::SocketAddress any("127.0.0.1", 0);
    if (!tls) return Poco::Net::ServerSocket(any);
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, tls->keyFile, tls->certFile, "",
                               Poco::Net::Context::VERIFY_NONE);
    return Poco::Net::SecureServerSocket(any, 64, context);
  }

  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(WebhookReceiver& owner) : owner_(owner) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
      Delivery d;
      d.id = request.get("webhook-id", "");
      d.timestamp = request.get("webhook-timestamp", "");
      d.signature = request.get("webhook-signature", "");
      std::ostringstream body;
      Poco::StreamCopier::copyStream(request.stream(), body);
      d.body = body.str();
      int status = 200;
      {
        std::lock_guard<std::mutex> lock(owner_.mutex_);
        if (!owner_.statuses_.empty()) {
          status = owner_.statuses_.front();
          owner_.statuses_.pop_front();
        }
        owner_.deliveries_.push_back(std::move(d));
      }
      owner_.arrived_.notify_all();
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
      response.setContentLength(0);
      response.send();
    }

   private:
    WebhookReceiver& owner_;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(WebhookReceiver& owner) : owner_(owner) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(owner_);
    }

   private:
    WebhookReceiver& owner_;
  };

  Poco::Net::ServerSocket socket_;
  const bool tls_;
  std::mutex mutex_;  // guards statuses_, deliveries_
  std::condition_variable arrived_;
  std::deque<int> statuses_;
  std::vector<Delivery> deliveries_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// A self-signed certificate naming `host` (subject and subjectAltName), made
// with the openssl command line in a fresh temporary folder.
inline WebhookReceiver::Tls selfSignedCertificate(const std::string& host) {
  static std::vector<std::unique_ptr<Poco::TemporaryFile>> folders;  // removed at exit
  folders.push_back(std::make_unique<Poco::TemporaryFile>());
  const std::string dir = folders.back()->path();
  Poco::File(dir).createDirectories();
  WebhookReceiver::Tls tls{dir + "/cert.pem", dir + "/key.pem"};
  const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + host +
                              " -addext subjectAltName=DNS:" + host + " -keyout " + tls.keyFile + " -out " +
                              tls.certFile + " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
  return tls;
}

// Answers every turn with a short text, but only once open() was called:
// until then every turn waits, holding its job worker.
class GatedRouter final : public TurnRouter {
 public:
  std::atomic<int> entered{0};

  void open() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) override {
    ++entered;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      opened_.wait_for(lock, std::chrono::seconds(30), [&] { return open_; });
    }
    AttemptRecord attempt;
    attempt.provider = plan.primary;
    attempt.outcome = "ok";
    attempt.httpStatus = 200;
    attempt.startedAt = std::chrono::system_clock::now();
    attempt.requestId = request.requestId;
    RoutedReply reply;
    reply.provider = plan.primary;
    reply.reply.text = "Noted.";
    reply.reply.tokensIn = 10;
    reply.reply.tokensOut = 2;
    reply.attempts = {attempt};
    return reply;
  }

 private:
  std::mutex mutex_;  // guards open_
  std::condition_variable opened_;
  bool open_ = false;
};

// A tenant with an agent (vendorA, no fallback) and one session on `call`'s host.
struct TenantFixture {
  std::map<std::string, std::string> auth;
  std::string sessionId;
  std::string messagesPath;
};

template <typename Call>
TenantFixture makeTenant(Call&& call, const std::string& name, const std::string& operatorToken = "dev-operator-token") {
  TenantFixture f;
  const auto tenant = call("POST", "/v1/tenants", {{"X-Operator-Token", operatorToken}}, R"({"name":")" + name + R"("})");
  if (tenant.status != 201) throw std::runtime_error("tenant: " + tenant.body);
  f.auth = {{"Authorization", "Bearer " + tenant.json()->getObject("apiKey")->template getValue<std::string>("key")}};
  const auto agent =
      call("POST", "/v1/agents", f.auth, R"({"name":"Async","primaryProvider":"vendorA","systemPrompt":"Be brief."})");
  if (agent.status != 201) throw std::runtime_error("agent: " + agent.body);
  const auto session = call("POST", "/v1/sessions", f.auth,
                            R"({"agentId":")" + agent.json()->template getValue<std::string>("id") +
                                R"(","customerId":"c1"})");
  if (session.status != 201) throw std::runtime_error("session: " + session.body);
  f.sessionId = session.json()->template getValue<std::string>("id");
  f.messagesPath = "/v1/sessions/" + f.sessionId + "/messages";
  return f;
}

inline int64_t scalar(Database& db, const std::string& sql) {
  return db.read([&](Transaction& tx) {
    Poco::Int64 n = 0;
    tx.session() << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return static_cast<int64_t>(n);
  });
}

}  // namespace vb::test
