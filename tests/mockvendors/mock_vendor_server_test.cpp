// MockVendorServer: settings from config, wire formats, fault rates over
// many requests with a fixed seed, zero mode, and prompt stop() while a
// request hangs. Waits poll with a deadline; nothing sleeps to wait.
#include "testdoubles/mockvendors/mock_vendor_server.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

struct Reply {
  int status = 0;
  std::string body;
  std::string outcome;     // X-Mock-Outcome
  std::string retryAfter;  // Retry-After
};

// One keep-alive client per test, as the host's pooled client would be.
class Client {
 public:
  explicit Client(const vb::MockVendorServer& server) : session_("127.0.0.1", server.port()) {
    session_.setKeepAlive(true);
    session_.setTimeout(Poco::Timespan(10, 0));
  }
  Reply post(const std::string& path, const std::string& body, const std::string& fault = {}) {
    Poco::Net::HTTPRequest request("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!fault.empty()) request.set("X-Mock-Fault", fault);
    session_.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    Reply r;
    Poco::StreamCopier::copyToString(session_.receiveResponse(response), r.body);
    r.status = response.getStatus();
    r.outcome = response.get("X-Mock-Outcome", "");
    r.retryAfter = response.get("Retry-After", "");
    return r;
  }

 private:
  Poco::Net::HTTPClientSession session_;
};

const std::string kBodyA =
    R"({"system":"You are a helpful agent","messages":[{"role":"user","text":"Hello, how are you?"}]})";
const std::string kBodyB =
    R"({"model":"m","system":"You are a helpful agent","messages":[{"role":"user","content":"Hello, how are you?"}]})";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr shippedSection() {
  std::ifstream in(std::string(VB_SOURCE_DIR) + "/config/vocalbridge.json");
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str())->getObject("mockVendors");
}

std::map<std::string, int> outcomes(vb::MockVendorServer& server, const std::string& path,
                                    const std::string& body, int n,
                                    std::vector<std::string>* sequence = nullptr) {
  Client client(server);
  std::map<std::string, int> counts;
  for (int i = 0; i < n; ++i) {
    const auto r = client.post(path, body);
    ++counts[r.outcome];
    if (sequence) sequence->push_back(r.outcome);
  }
  return counts;
}

TEST(MockVendorSettings, DefaultsFollowTheBrief) {
  const auto a = vb::MockVendorSettings::fromJson(nullptr, "vendorA");
  EXPECT_DOUBLE_EQ(a.failureRate, 0.10);
  EXPECT_DOUBLE_EQ(a.slowRate, 0.05);
  const auto b = vb::MockVendorSettings::fromJson(nullptr, "vendorB");
  EXPECT_DOUBLE_EQ(b.rateLimitRate, 0.08);
  EXPECT_EQ(b.retryAfterMs, 200);
  EXPECT_FALSE(b.zero);
}

TEST(MockVendorSettings, ReadsTheShippedConfig) {
  const auto section = shippedSection();
  ASSERT_TRUE(section);
  const auto a = vb::MockVendorSettings::fromJson(section, "vendorA");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.seed, 42u);
  EXPECT_DOUBLE_EQ(a.failureRate, 0.1);
  EXPECT_EQ(a.latencyMinMs, 5);
  EXPECT_EQ(a.latencyMaxMs, 40);
  const auto b = vb::MockVendorSettings::fromJson(section, "vendorB");
  EXPECT_DOUBLE_EQ(b.rateLimitRate, 0.08);
  EXPECT_EQ(b.retryAfterMs, 200);
}

TEST(MockVendorSettings, OverridesFromJson) {
  const auto section = parse(
      R"({"host":"127.0.0.1","vendorA":{"port":0,"seed":7,"failureRate":0.5,"slowMs":10,"latencyMs":{"min":1,"max":2},"zero":true}})");
  const auto a = vb::MockVendorSettings::fromJson(section, "vendorA");
  EXPECT_EQ(a.seed, 7u);
  EXPECT_DOUBLE_EQ(a.failureRate, 0.5);
  EXPECT_DOUBLE_EQ(a.slowRate, 0.05);  // default kept
  EXPECT_EQ(a.slowMs, 10);
  EXPECT_EQ(a.latencyMaxMs, 2);
  EXPECT_TRUE(a.zero);
}

TEST(MockVendorServer, KindFromName) {
  EXPECT_EQ(vb::MockVendorServer::kindFromName("vendorA"), vb::MockVendorKind::VendorA);
  EXPECT_EQ(vb::MockVendorServer::kindFromName("vendorB"), vb::MockVendorKind::VendorB);
  EXPECT_THROW(vb::MockVendorServer::kindFromName("vendorC"), std::invalid_argument);
}

TEST(MockVendorServer, VendorAWireFormat) {
  vb::MockVendorSettings settings;
  settings.zero = true;
  vb::MockVendorServer server(vb::MockVendorKind::VendorA, settings);
  server.start();
  EXPECT_EQ(server.baseUrl(), "http://127.0.0.1:" + std::to_string(server.port()));
  Client client(server);
  const auto r = client.post("/v1/chat", kBodyA);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto o = parse(r.body);
  EXPECT_EQ(o->getValue<std::string>("outputText").rfind("[vendorA] Re: Hello, how are you?", 0), 0u);
  EXPECT_EQ(o->getValue<int>("tokensIn"), 11);  // ceil((23 + 19) / 4)
  EXPECT_GT(o->getValue<int>("tokensOut"), 0);
  EXPECT_TRUE(o->has("latencyMs"));
  EXPECT_EQ(client.post("/v1/messages", kBodyA).status, 404);
  EXPECT_EQ(client.post("/v1/chat", R"({"messages":"nope"})").status, 400);
  EXPECT_EQ(client.post("/v1/chat", "{not json").status, 400);
  EXPECT_EQ(server.requestCount(), 4u);
}

TEST(MockVendorServer, VendorBWireFormatAndRateLimit) {
  vb::MockVendorSettings settings;
  settings.zero = true;
  settings.retryAfterMs = 1200;
  vb::MockVendorServer server(vb::MockVendorKind::VendorB, settings);
  server.start();
  Client client(server);
  auto r = client.post("/v1/messages", kBodyB);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto o = parse(r.body);
  const auto message = o->getArray("choices")->getObject(0)->getObject("message");
  EXPECT_EQ(message->getValue<std::string>("content").rfind("[vendorB] Re: Hello, how are you?", 0), 0u);
  EXPECT_EQ(o->getObject("usage")->getValue<int>("input_tokens"), 11);
  r = client.post("/v1/messages", kBodyB, "429");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.retryAfter, "2");  // 1.2 s rounded up
  EXPECT_EQ(parse(r.body)->getValue<int>("retryAfterMs"), 1200);
  EXPECT_EQ(parse(r.body)->getValue<std::string>("error"), "rate_limited");
}

TEST(MockVendorServer, FaultRatesMatchConfigWithAFixedSeed) {
  vb::MockVendorSettings a = vb::MockVendorSettings::defaults("vendorA");
  a.slowMs = 0;  // count slow answers without waiting for them
  vb::MockVendorServer serverA(vb::MockVendorKind::VendorA, a);
  serverA.start();
  auto countsA = outcomes(serverA, "/v1/chat", kBodyA, 2000);
  EXPECT_NEAR(countsA["500"] / 2000.0, 0.10, 0.025);
  EXPECT_NEAR(countsA["slow"] / 2000.0, 0.05 * 0.9, 0.02);
  EXPECT_EQ(countsA["429"], 0);

  vb::MockVendorSettings b = vb::MockVendorSettings::defaults("vendorB");
  vb::MockVendorServer serverB(vb::MockVendorKind::VendorB, b);
  serverB.start();
  auto countsB = outcomes(serverB, "/v1/messages", kBodyB, 2000);
  EXPECT_NEAR(countsB["429"] / 2000.0, 0.08, 0.02);
  EXPECT_EQ(countsB["500"], 0);
  EXPECT_EQ(countsB["ok"] + countsB["429"], 2000);
}

TEST(MockVendorServer, SameSeedSameFaultSequence) {
  vb::MockVendorSettings settings;
  settings.failureRate = 0.3;
  settings.seed = 1234;
  std::vector<std::string> first, second;
  {
    vb::MockVendorServer server(vb::MockVendorKind::VendorA, settings);
    server.start();
    outcomes(server, "/v1/chat", kBodyA, 200, &first);
  }
  {
    vb::MockVendorServer server(vb::MockVendorKind::VendorA, settings);
    server.start();
    outcomes(server, "/v1/chat", kBodyA, 200, &second);
  }
  EXPECT_EQ(first, second);
  settings.seed = 99;
  std::vector<std::string> other;
  vb::MockVendorServer server(vb::MockVendorKind::VendorA, settings);
  server.start();
  outcomes(server, "/v1/chat", kBodyA, 200, &other);
  EXPECT_NE(first, other);
}

TEST(MockVendorServer, ZeroModeHasNoFaultsAndNoLatency) {
  vb::MockVendorSettings settings = vb::MockVendorSettings::defaults("vendorA");
  settings.failureRate = 0.5;
  settings.slowRate = 0.5;
  settings.latencyMinMs = settings.latencyMaxMs = 1000;
  settings.zero = true;
  vb::MockVendorServer server(vb::MockVendorKind::VendorA, settings);
  server.start();
  const auto started = Clock::now();
  auto counts = outcomes(server, "/v1/chat", kBodyA, 500);
  EXPECT_EQ(counts["ok"], 500);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(10));  // 500 × 1 s if it slept
  // Forced faults still work in zero mode.
  Client client(server);
  EXPECT_EQ(client.post("/v1/chat", kBodyA, "500").status, 500);
  EXPECT_EQ(parse(client.post("/v1/chat", kBodyA).body)->getValue<int>("latencyMs"), 0);
}

TEST(MockVendorServer, ForcedSlowAnswerWaitsSlowMs) {
  vb::MockVendorSettings settings;
  settings.zero = true;
  settings.slowMs = 150;
  vb::MockVendorServer server(vb::MockVendorKind::VendorA, settings);
  server.start();
  Client client(server);
  const auto started = Clock::now();
  const auto r = client.post("/v1/chat", kBodyA, "slow");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.outcome, "slow");
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(150));
}

TEST(MockVendorServer, MalformedAnswersAreBroken) {
  vb::MockVendorSettings settings;
  settings.zero = true;
  vb::MockVendorServer server(vb::MockVendorKind::VendorA, settings);
  server.start();
  Client client(server);
  for (int i = 0; i < 2; ++i) {
    const auto r = client.post("/v1/chat", kBodyA, "malformed");
    EXPECT_EQ(r.status, 200);
    bool wellFormedA = false;
    try {
      wellFormedA = parse(r.body)->has("outputText");
    } catch (const std::exception&) {
    }
    EXPECT_FALSE(wellFormedA) << r.body;
  }
}

TEST(MockVendorServer, StopEndsAHangingRequestPromptly) {
  vb::MockVendorSettings settings;
  settings.zero = true;
  vb::MockVendorServer server(vb::MockVendorKind::VendorA, settings);
  server.start();
  auto hanging = std::async(std::launch::async, [&] {
    try {
      Client client(server);
      return client.post("/v1/chat", kBodyA, "timeout").status;
    } catch (const std::exception&) {
      return -1;  // connection aborted by stop(): also fine
    }
  });
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (server.requestCount() == 0 && Clock::now() < deadline) std::this_thread::yield();
  ASSERT_EQ(server.requestCount(), 1u);
  EXPECT_EQ(hanging.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);  // it does hang
  const auto started = Clock::now();
  server.stop();
  server.stop();  // idempotent
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(3));
  ASSERT_EQ(hanging.wait_for(std::chrono::seconds(3)), std::future_status::ready);
}

TEST(MockVendorServer, ServesConcurrentClients) {
  vb::MockVendorSettings settings;
  settings.zero = true;
  vb::MockVendorServer server(vb::MockVendorKind::VendorB, settings);
  server.start();
  std::vector<std::future<int>> clients;
  for (int t = 0; t < 8; ++t)
    clients.push_back(std::async(std::launch::async, [&] {
      Client client(server);
      int ok = 0;
      for (int i = 0; i < 100; ++i) ok += client.post("/v1/messages", kBodyB).status == 200;
      return ok;
    }));
  int ok = 0;
  for (auto& c : clients) ok += c.get();
  EXPECT_EQ(ok, 800);
  EXPECT_EQ(server.requestCount(), 800u);
}

// Poco pins a worker thread to every open keep-alive connection; the host's
// pooled client keeps up to 64 idle ones per vendor on top of its busy ones.
// A new connection must not wait for one of them to time out.
TEST(MockVendorServer, ANewConnectionIsServedWhileManyKeepAliveConnectionsIdle) {
  vb::MockVendorSettings settings;
  settings.zero = true;
  vb::MockVendorServer server(vb::MockVendorKind::VendorA, settings);
  server.start();
  std::vector<std::unique_ptr<Client>> idle;
  for (int i = 0; i < 100; ++i) {
    idle.push_back(std::make_unique<Client>(server));
    ASSERT_EQ(idle.back()->post("/v1/chat", kBodyA).status, 200) << "connection " << i;
  }
  const auto started = Clock::now();
  EXPECT_EQ(Client(server).post("/v1/chat", kBodyA).status, 200);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(2));
}

TEST(MockVendorSettings, ReadsServerSizing) {
  const auto section = parse(R"({"vendorB":{"maxThreads":300,"keepAliveMs":2000}})");
  const auto b = vb::MockVendorSettings::fromJson(section, "vendorB");
  EXPECT_EQ(b.maxThreads, 300);
  EXPECT_EQ(b.keepAliveMs, 2000);
  EXPECT_EQ(vb::MockVendorSettings::fromJson(nullptr, "vendorB").maxThreads, 256);
}

}  // namespace
