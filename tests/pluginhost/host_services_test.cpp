// The services the host offers plugins (vb_host_api), driven through the
// ABI table as a plugin would: settings, logging, clocks, and HTTP against a
// real loopback server — keep-alive reuse, timeout, cancellation, refusal.
#include "pluginhost/host_services.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "plugin_test_support.h"
#include "pluginhost/cancel_token.h"

namespace vb {
namespace {

// A loopback server: /echo answers the body back; /hold blocks until the
// test opens the gate (so a client can time out or be cancelled mid-wait).
class LoopbackServer {
 public:
  LoopbackServer()
      : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), gate_(gatePromise_.get_future().share()) {
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    params->setKeepAlive(true);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, params);
    server_->start();
  }
  ~LoopbackServer() {
    openGate();
    server_->stopAll(true);
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + path;
  }
  void openGate() {
    if (!gateOpened_.exchange(true)) gatePromise_.set_value();
  }
  std::atomic<int> holding{0};  // requests waiting at the gate

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(LoopbackServer& server) : server_(server) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      std::string body(std::istreambuf_iterator<char>(request.stream()), {});
      if (request.getURI() == "/hold") {
        ++server_.holding;
        server_.gate_.wait();
        --server_.holding;
      }
      response.set("X-Echo-Method", request.getMethod());
      response.set("X-Request-Id", request.get("X-Request-Id", ""));
      response.setStatus(request.getURI() == "/missing" ? Poco::Net::HTTPResponse::HTTP_NOT_FOUND
                                                        : Poco::Net::HTTPResponse::HTTP_OK);
      response.setContentLength(static_cast<std::streamsize>(body.size()));
      response.send() << body;
    }

   private:
    LoopbackServer& server_;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(LoopbackServer& server) : server_(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(server_);
    }

   private:
    LoopbackServer& server_;
  };

  Poco::Net::ServerSocket socket_;
  std::promise<void> gatePromise_;
  std::shared_future<void> gate_;
  std::atomic<bool> gateOpened_{false};
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

struct Exchange {
  vb_status status = VB_INTERNAL;
  int httpStatus = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  vb_error error{};
};

// Calls http_request exactly as a plugin would, through the function table.
Exchange httpCall(const vb_host_api* api, const std::string& method, const std::string& url,
                  const std::string& body, uint32_t timeoutMs = 5000, CancelToken* cancel = nullptr) {
  Exchange result;
  const vb_http_header header{{"X-Request-Id", 12}, {"req-1", 5}};
  vb_http_request request{};
  request.struct_size = sizeof request;
  request.method = {method.data(), method.size()};
  request.url = {url.data(), url.size()};
  request.headers = &header;
  request.header_count = 1;
  request.body = {body.data(), body.size()};
  request.timeout_ms = timeoutMs;
  request.cancel = cancel ? cancel->abi() : nullptr;
  vb_http_response response{};
  response.struct_size = sizeof response;
  response.body = {&result.body, [](void* ctx, const char* data, size_t len) {
                     static_cast<std::string*>(ctx)->append(data, len);
                     return 0;
                   }};
  response.header_ctx = &result.headers;
  response.on_header = [](void* ctx, vb_str name, vb_str value) {
    (*static_cast<std::map<std::string, std::string>*>(ctx))[std::string(name.data, name.len)] =
        std::string(value.data, value.len);
  };
  result.error.struct_size = sizeof result.error;
  result.status = api->http_request(api->host_ctx, &request, &response, &result.error);
  result.httpStatus = response.status;
  return result;
}

std::string configValue(const vb_host_api* api, const std::string& key, vb_status* status) {
  std::string value;
  vb_sink sink{&value, [](void* ctx, const char* data, size_t len) {
                 static_cast<std::string*>(ctx)->append(data, len);
                 return 0;
               }};
  *status = api->config_get(api->host_ctx, {key.data(), key.size()}, sink);
  return value;
}

TEST(HostServices, ConfigGetReturnsStringsRawAndOtherValuesAsJson) {
  HostServices services("p", R"({"baseUrl":"http://x","retries":3,"nested":{"a":true}})", nullptr);
  vb_status status;
  EXPECT_EQ(configValue(services.api(), "baseUrl", &status), "http://x");
  EXPECT_EQ(status, VB_OK);
  EXPECT_EQ(configValue(services.api(), "retries", &status), "3");
  EXPECT_EQ(configValue(services.api(), "nested", &status), R"({"a":true})");
  configValue(services.api(), "absent", &status);
  EXPECT_EQ(status, VB_NOT_FOUND);
}

TEST(HostServices, ClocksAdvanceAndTheTableDeclaresItsVersion) {
  HostServices services("p", "{}", nullptr);
  const vb_host_api* api = services.api();
  EXPECT_EQ(api->abi_version, VB_ABI_VERSION);
  EXPECT_EQ(api->struct_size, sizeof(vb_host_api));
  const int64_t first = api->monotonic_ns(api->host_ctx);
  EXPECT_TRUE(test::eventually([&] { return api->monotonic_ns(api->host_ctx) > first; }));
  EXPECT_GT(api->now_unix_ms(api->host_ctx), 1'600'000'000'000);
  api->log(api->host_ctx, VB_LOG_DEBUG, {"a debug line", 12});  // must not crash with any level
}

TEST(HostServices, HttpRequestReturnsStatusBodyAndHeaders) {
  LoopbackServer server;
  HostServices services("p", "{}", std::make_shared<HttpClient>());
  const auto reply = httpCall(services.api(), "POST", server.url("/echo"), R"({"hello":1})");
  ASSERT_EQ(reply.status, VB_OK) << reply.error.message;
  EXPECT_EQ(reply.httpStatus, 200);
  EXPECT_EQ(reply.body, R"({"hello":1})");
  EXPECT_EQ(reply.headers.at("X-Echo-Method"), "POST");
  EXPECT_EQ(reply.headers.at("X-Request-Id"), "req-1");
}

TEST(HostServices, AnHttpErrorStatusIsStillAnOkExchange) {
  LoopbackServer server;
  HostServices services("p", "{}", std::make_shared<HttpClient>());
  const auto reply = httpCall(services.api(), "GET", server.url("/missing"), "");
  EXPECT_EQ(reply.status, VB_OK);
  EXPECT_EQ(reply.httpStatus, 404);
}

TEST(HostServices, ReusesKeepAliveConnectionsPerEndpoint) {
  LoopbackServer server;
  auto http = std::make_shared<HttpClient>();
  HostServices services("p", "{}", http);
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(httpCall(services.api(), "POST", server.url("/echo"), "x").status, VB_OK);
  EXPECT_EQ(http->connectionsOpened(), 1u);
  EXPECT_EQ(http->idleConnections(), 1u);
}

TEST(HostServices, TimesOutWithDeadlineExceededAndTimeoutClass) {
  LoopbackServer server;
  HostServices services("p", "{}", std::make_shared<HttpClient>());
  const auto reply = httpCall(services.api(), "POST", server.url("/hold"), "x", 50);
  EXPECT_EQ(reply.status, VB_DEADLINE_EXCEEDED);
  EXPECT_EQ(reply.error.error_class, VB_ERROR_TIMEOUT);
  EXPECT_NE(std::string(reply.error.message).find("within 50 ms"), std::string::npos) << reply.error.message;
}

TEST(HostServices, CancellingTheTokenAbortsAnExchangeInFlight) {
  LoopbackServer server;
  HostServices services("p", "{}", std::make_shared<HttpClient>());
  CancelToken token;
  auto pending = std::async(std::launch::async, [&] {
    return httpCall(services.api(), "POST", server.url("/hold"), "x", 60000, &token);
  });
  ASSERT_TRUE(test::eventually([&] { return server.holding.load() == 1; }));
  token.cancel();
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const auto reply = pending.get();
  EXPECT_EQ(reply.status, VB_CANCELLED);
  EXPECT_EQ(reply.error.error_class, VB_ERROR_PERMANENT);
}

TEST(HostServices, AnAlreadyCancelledTokenSendsNothing) {
  LoopbackServer server;
  auto http = std::make_shared<HttpClient>();
  HostServices services("p", "{}", http);
  CancelToken token;
  token.cancel();
  const auto reply = httpCall(services.api(), "POST", server.url("/echo"), "x", 1000, &token);
  EXPECT_EQ(reply.status, VB_CANCELLED);
  EXPECT_EQ(http->connectionsOpened(), 0u);
}

TEST(HostServices, ConnectionRefusedIsUnavailableAndTransient) {
  uint16_t port;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = probe.address().port();
  }  // closed again: nothing listens there now
  HostServices services("p", "{}", std::make_shared<HttpClient>());
  const auto reply = httpCall(services.api(), "GET", "http://127.0.0.1:" + std::to_string(port) + "/", "");
  EXPECT_EQ(reply.status, VB_UNAVAILABLE);
  EXPECT_EQ(reply.error.error_class, VB_ERROR_TRANSIENT);
}

TEST(HostServices, RefusesHttpsAndBadUrlsAsInvalidArgument) {
  HostServices services("p", "{}", std::make_shared<HttpClient>());
  EXPECT_EQ(httpCall(services.api(), "GET", "https://example.com/", "").status, VB_INVALID_ARGUMENT);
  const auto reply = httpCall(services.api(), "GET", "not a url", "");
  EXPECT_EQ(reply.status, VB_INVALID_ARGUMENT);
  EXPECT_EQ(reply.error.error_class, VB_ERROR_INVALID_REQUEST);
}

}  // namespace
}  // namespace vb
