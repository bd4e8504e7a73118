// HttpServer over real loopback sockets: keep-alive, pipelining, chunked
// bodies, 100-continue, and above all that slow, idle or oversized clients
// get deadlines and caps instead of holding workers. Short deadlines keep
// every test well under a second or two.
#include "http/http_server.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "http/http_edge.h"
#include "support/raw_http.h"

namespace vb {
namespace {

using namespace std::chrono_literals;
using test::RawConnection;
using test::RawResponse;

constexpr auto kAnswer = 2000ms;  // how long a test waits for an answer that should come at once

std::string get(const std::string& path, const std::string& extra = {}) {
  return "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
}

std::string post(const std::string& path, const std::string& body, const std::string& extra = {}) {
  return "POST " + path + " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
}

// Polls `condition` until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = kAnswer) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

void expectProblem(const std::optional<RawResponse>& response, int status) {
  ASSERT_TRUE(response) << "no answer";
  EXPECT_EQ(response->status, status);
  EXPECT_EQ(response->header("content-type"), "application/problem+json");
  EXPECT_FALSE(response->header("x-request-id").empty());
  EXPECT_EQ(response->json()->getValue<int>("status"), status);
  EXPECT_EQ(response->json()->getValue<std::string>("requestId"), response->header("x-request-id"));
}

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() {
    router.add("GET", "/ping", Access::Public, [](const HttpRequest&) -> Result<HttpResponse, DomainError> {
      return HttpResponse::json(200, R"({"pong":true})");
    });
    router.add("POST", "/echo", Access::Public, [](const HttpRequest& r) -> Result<HttpResponse, DomainError> {
      return HttpResponse::json(201, r.body);
    });
    router.add("GET", "/block", Access::Public, [this](const HttpRequest&) -> Result<HttpResponse, DomainError> {
      std::unique_lock<std::mutex> lock(blockMutex);
      ++blocked;
      blockChanged.notify_all();
      blockChanged.wait(lock, [&] { return released; });
      return HttpResponse::json(200, "{}");
    });
  }

  ~HttpServerTest() override {
    release();
    if (server) server->stop();
  }

  void start(const std::function<void(HttpServerSettings&)>& edit = {}) {
    HttpEdgeSettings edgeSettings;
    edgeSettings.maxBodyBytes = 1024;
    edgeSettings.accessLog = false;
    edge = std::make_unique<HttpEdge>(router, metrics, edgeSettings);
    HttpServerSettings settings;
    settings.host = "127.0.0.1";
    settings.port = 0;
    settings.workerThreads = 2;
    settings.maxBodyBytes = 1024;
    settings.keepAliveTimeout = 400ms;
    settings.requestHeadTimeout = 400ms;
    settings.requestBodyTimeout = 400ms;
    settings.lingerTimeout = 200ms;
    if (edit) edit(settings);
    server = std::make_unique<HttpServer>(settings, *edge, metrics);
    server->start();
  }

  uint16_t port() const { return server->port(); }

  // Waits (bounded) until `n` requests sit in /block.
  bool waitBlocked(int n) {
    std::unique_lock<std::mutex> lock(blockMutex);
    return blockChanged.wait_for(lock, 5s, [&] { return blocked >= n; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(blockMutex);
    released = true;
    blockChanged.notify_all();
  }

  Router router;
  Metrics metrics;
  std::unique_ptr<HttpEdge> edge;
  std::unique_ptr<HttpServer> server;

  std::mutex blockMutex;  // guards blocked, released
  std::condition_variable blockChanged;
  int blocked = 0;
  bool released = false;
};

TEST_F(HttpServerTest, AKeptAliveConnectionServesRequestAfterRequest) {
  start();
  RawConnection c(port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send(get("/ping")));
    const auto r = c.readResponse(kAnswer);
    ASSERT_TRUE(r) << "request " << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->reason, "OK");
    EXPECT_EQ(r->body, R"({"pong":true})");
    EXPECT_EQ(r->header("connection"), "");
  }
}

TEST_F(HttpServerTest, StatusLinesCarryTheReasonOfTheirCode) {
  start();
  RawConnection c(port());
  ASSERT_TRUE(c.send(get("/nowhere")));
  const auto r = c.readResponse(kAnswer);
  expectProblem(r, 404);
  EXPECT_EQ(r->reason, "Not Found");
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  RawConnection c(port());
  ASSERT_TRUE(c.send(get("/ping") + post("/echo", R"({"n":1})") + get("/nowhere")));
  const auto first = c.readResponse(kAnswer);
  const auto second = c.readResponse(kAnswer);
  const auto third = c.readResponse(kAnswer);
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 201);
  EXPECT_EQ(second->body, R"({"n":1})");
  EXPECT_EQ(third->status, 404);
}

TEST_F(HttpServerTest, ConnectionCloseAndHttp10AreHonoured) {
  start();
  {
    RawConnection c(port());
    ASSERT_TRUE(c.send(get("/ping", "Connection: close\r\n")));
    const auto r = c.readResponse(kAnswer);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->header("connection"), "close");
    EXPECT_TRUE(c.closedWithin(kAnswer));
  }
  RawConnection c(port());
  ASSERT_TRUE(c.send("GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  const auto kept = c.readResponse(kAnswer);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->header("connection"), "keep-alive");
  ASSERT_TRUE(c.send("GET /ping HTTP/1.0\r\n\r\n"));
  ASSERT_TRUE(c.readResponse(kAnswer));
  EXPECT_TRUE(c.closedWithin(kAnswer));
}

TEST_F(HttpServerTest, AHeadAnswerHasNoBody) {
  start();
  RawConnection c(port());
  ASSERT_TRUE(c.send("HEAD /nowhere HTTP/1.1\r\nHost: t\r\n\r\n" + get("/ping")));
  const auto head = c.readResponse(kAnswer, /*headRequest=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 404);
  EXPECT_NE(head->header("content-length"), "0");
  const auto next = c.readResponse(kAnswer);  // would be garbage if a body had followed
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(HttpServerTest, ExpectContinueGetsA100BeforeTheBodyIsSent) {
  start();
  RawConnection c(port());
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 7\r\n"
                     "Expect: 100-continue\r\n\r\n"));
  const auto proceed = c.readResponse(kAnswer, /*headRequest=*/true);
  ASSERT_TRUE(proceed);
  EXPECT_EQ(proceed->status, 100);
  ASSERT_TRUE(c.send(R"({"a":1})"));
  const auto r = c.readResponse(kAnswer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, R"({"a":1})");
}

TEST_F(HttpServerTest, AChunkedBodyIsDecoded) {
  start();
  RawConnection c(port());
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n"));
  ASSERT_TRUE(c.send("3;ext=1\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n"));
  const auto r = c.readResponse(kAnswer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, R"({"a":1})");
}

TEST_F(HttpServerTest, AChunkedBodyOverTheLimitIs413) {
  start();
  RawConnection c(port());
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n800\r\n" + std::string(2048, 'x') + "\r\n0\r\n\r\n"));
  expectProblem(c.readResponse(kAnswer), 413);
}

TEST_F(HttpServerTest, AHeadSentLineByLineIsCutAtTheHeadDeadlineWith408) {
  start();
  RawConnection c(port());
  const auto began = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.send("GET /ping HTTP/1.1\r\n"));
  // One header line every 100 ms: a per-read timeout (400 ms) would never fire.
  std::optional<RawResponse> answer;
  for (int i = 0; i < 30 && !answer; ++i) {
    c.send("X-Slow-" + std::to_string(i) + ": 1\r\n");
    answer = c.readResponse(100ms);
  }
  const auto took = std::chrono::steady_clock::now() - began;
  expectProblem(answer, 408);
  EXPECT_GE(took, 400ms);
  EXPECT_LT(took, 1500ms);
  EXPECT_TRUE(c.closedWithin(kAnswer));
}

TEST_F(HttpServerTest, AConnectionThatSendsNothingIsClosedSilently) {
  start();
  RawConnection c(port());
  EXPECT_TRUE(c.closedWithin(kAnswer));
  EXPECT_FALSE(c.readResponse(10ms));
}

TEST_F(HttpServerTest, AnIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout) {
  start();
  RawConnection c(port());
  ASSERT_TRUE(c.send(get("/ping")));
  ASSERT_TRUE(c.readResponse(kAnswer));
  const auto began = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closedWithin(kAnswer));
  EXPECT_GE(std::chrono::steady_clock::now() - began, 300ms);
}

TEST_F(HttpServerTest, ABodySlowerThanItsDeadlineGets408) {
  start();
  RawConnection c(port());
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"));
  expectProblem(c.readResponse(kAnswer), 408);
}

TEST_F(HttpServerTest, ADeclaredBodyOverTheLimitIs413WithoutWaitingForIt) {
  start([](HttpServerSettings& s) { s.requestBodyTimeout = 30s; });
  RawConnection c(port());
  const auto began = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n"
                     "X-Request-Id: big-1\r\n\r\n"));
  const auto r = c.readResponse(kAnswer);
  expectProblem(r, 413);
  EXPECT_EQ(r->header("x-request-id"), "big-1");
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_LT(std::chrono::steady_clock::now() - began, 1s);
  EXPECT_TRUE(c.closedWithin(kAnswer));
}

TEST_F(HttpServerTest, TheRestOfARefusedBodyIsDrainedSoTheClientReadsThe413) {
  start();
  RawConnection c(port());
  const std::string body(300000, 'x');
  // The client writes its whole body before reading, as simple clients do.
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n"));
  EXPECT_TRUE(c.send(body));
  expectProblem(c.readResponse(kAnswer), 413);
}

TEST_F(HttpServerTest, ConnectionsOverThePerAddressCapAre503WhileOthersAreServed) {
  start([](HttpServerSettings& s) { s.maxConnectionsPerAddress = 2; });
  RawConnection a(port(), "127.0.0.2");
  RawConnection b(port(), "127.0.0.2");
  ASSERT_TRUE(a.send(get("/ping")));
  ASSERT_TRUE(a.readResponse(kAnswer));  // both are accepted and counted by now
  ASSERT_TRUE(b.send(get("/ping")));
  ASSERT_TRUE(b.readResponse(kAnswer));
  RawConnection third(port(), "127.0.0.2");
  const auto refused = third.readResponse(kAnswer);
  expectProblem(refused, 503);
  EXPECT_EQ(refused->header("retry-after"), "1");
  RawConnection other(port(), "127.0.0.3");
  ASSERT_TRUE(other.send(get("/ping")));
  const auto served = other.readResponse(kAnswer);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
}

TEST_F(HttpServerTest, ConnectionsOverTheTotalCapAre503) {
  start([](HttpServerSettings& s) { s.maxConnections = 2; });
  RawConnection a(port());
  RawConnection b(port());
  ASSERT_TRUE(a.send(get("/ping")));
  ASSERT_TRUE(a.readResponse(kAnswer));
  ASSERT_TRUE(b.send(get("/ping")));
  ASSERT_TRUE(b.readResponse(kAnswer));
  RawConnection third(port());
  expectProblem(third.readResponse(kAnswer), 503);
  EXPECT_TRUE(eventually([&] { return server->openConnections() == 2; })) << server->openConnections();
}

TEST_F(HttpServerTest, AFullRequestQueueIs503) {
  start([](HttpServerSettings& s) {
    s.workerThreads = 1;
    s.maxQueuedRequests = 1;
    s.keepAliveTimeout = 5s;
  });
  RawConnection running(port());
  ASSERT_TRUE(running.send(get("/block")));
  ASSERT_TRUE(waitBlocked(1));
  // One worker, busy; one queue slot: of two more requests one waits and
  // the other is refused at once.
  RawConnection second(port());
  RawConnection third(port());
  ASSERT_TRUE(second.send(get("/ping")));
  ASSERT_TRUE(third.send(get("/ping")));
  auto secondAnswer = second.readResponse(500ms);
  auto thirdAnswer = third.readResponse(500ms);
  ASSERT_NE(bool(secondAnswer), bool(thirdAnswer)) << "exactly one is refused while the worker is busy";
  expectProblem(secondAnswer ? secondAnswer : thirdAnswer, 503);
  EXPECT_EQ((secondAnswer ? secondAnswer : thirdAnswer)->header("retry-after"), "1");
  release();
  ASSERT_TRUE(running.readResponse(kAnswer));
  const auto waited = (secondAnswer ? third : second).readResponse(kAnswer);
  ASSERT_TRUE(waited);
  EXPECT_EQ(waited->status, 200);
}

TEST_F(HttpServerTest, IdleAndSlowClientsDoNotHoldTheWorkers) {
  start([](HttpServerSettings& s) {
    s.workerThreads = 2;
    s.keepAliveTimeout = 30s;
    s.requestHeadTimeout = 30s;
  });
  std::vector<std::unique_ptr<RawConnection>> attackers;
  for (int i = 0; i < 50; ++i) {  // idle keep-alive clients that had their answer
    attackers.push_back(std::make_unique<RawConnection>(port()));
    ASSERT_TRUE(attackers.back()->send(get("/ping")));
    ASSERT_TRUE(attackers.back()->readResponse(kAnswer)) << "idle client " << i;
  }
  for (int i = 0; i < 50; ++i) {  // heads that never end
    attackers.push_back(std::make_unique<RawConnection>(port()));
    ASSERT_TRUE(attackers.back()->send("GET /ping HTTP/1.1\r\nX-Slow: 1\r\n"));
  }
  for (int i = 0; i < 20; ++i) {
    const auto began = std::chrono::steady_clock::now();
    RawConnection fresh(port());
    ASSERT_TRUE(fresh.send(get("/ping")));
    const auto r = fresh.readResponse(kAnswer);
    ASSERT_TRUE(r) << "probe " << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - began, 500ms);
  }
  // Every attacker is still connected (the probes have gone).
  EXPECT_TRUE(eventually([&] { return server->openConnections() == 100; })) << server->openConnections();
}

TEST_F(HttpServerTest, BodiesBeyondTheMemoryBudgetWaitWhileOtherRequestsGoOn) {
  start([](HttpServerSettings& s) {
    s.maxBufferedBytes = 500;
    s.requestBodyTimeout = 5s;
  });
  const std::string head = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ";
  auto hog = std::make_unique<RawConnection>(port());
  ASSERT_TRUE(hog->send(head + "1000\r\n\r\n" + std::string(800, ' ')));  // 800 bytes held, 200 never sent
  RawConnection waiting(port());
  ASSERT_TRUE(waiting.send(head + "7\r\nExpect: 100-continue\r\n\r\n"));
  const auto proceed = waiting.readResponse(kAnswer, /*headRequest=*/true);  // its head is in
  ASSERT_TRUE(proceed);
  EXPECT_EQ(proceed->status, 100);
  ASSERT_TRUE(eventually([&] { return server->bufferedRequestBytes() >= 800; }));  // and so are the hog's bytes
  ASSERT_TRUE(waiting.send(R"({"a":1})"));
  EXPECT_FALSE(waiting.readResponse(200ms)) << "its body is not read while the budget is spent";
  RawConnection reader(port());  // requests without a body are not held up
  ASSERT_TRUE(reader.send(get("/ping")));
  const auto ping = reader.readResponse(kAnswer);
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->status, 200);
  hog.reset();  // the hog goes away: its bytes are released and the waiting body is read
  const auto served = waiting.readResponse(kAnswer);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 201);
  EXPECT_EQ(served->body, R"({"a":1})");
}

TEST_F(HttpServerTest, StopClosesIdleConnections) {
  start([](HttpServerSettings& s) { s.keepAliveTimeout = 30s; });
  RawConnection c(port());
  ASSERT_TRUE(c.send(get("/ping")));
  ASSERT_TRUE(c.readResponse(kAnswer));
  server->stop();
  EXPECT_TRUE(c.closedWithin(kAnswer));
}

}  // namespace
}  // namespace vb
