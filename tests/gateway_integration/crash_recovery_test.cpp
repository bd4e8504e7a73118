// Crash safety of idempotency claims, on the real binary: a host killed with
// SIGKILL mid-turn, then restarted (a new process life). On PostgreSQL, where
// claims are rows hosts share, the dead owner's claim is free within one
// lease and Retry-After says so truthfully; on SQLite, where one host owns the
// file and keeps its claims in memory, the key is free at once. Either way
// the retry is billed exactly once, and a second host cannot serve the same
// SQLite file.
#include <Poco/Data/Session.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Process.h>
#include <gtest/gtest.h>

#include <thread>

#include "store/database.h"
#include "support/host_process.h"
#include "support/scratch_database.h"

namespace vb {
namespace {

using test::HostProcess;

int64_t scalar(Database& db, const std::string& sql) {
  return db.read([&](Transaction& tx) {
    Poco::Int64 n = 0;
    tx.session() << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return static_cast<int64_t>(n);
  });
}

TEST(CrashRecovery, AKeyInFlightWhenTheHostWasKilledIsFreeAfterRestartAndBilledOnce) {
  HostProcess host([](Poco::JSON::Object& config) {
    // vendorB answers in 3 s, so the turn is surely in flight when the host dies.
    auto vendorB = config.getObject("mockVendors")->getObject("vendorB");
    vendorB->set("zero", false);
    vendorB->set("rateLimitRate", 0.0);
    Poco::JSON::Object::Ptr latency = new Poco::JSON::Object;
    latency->set("min", 3000);
    latency->set("max", 3000);
    vendorB->set("latencyMs", latency);
    auto reliability = config.getObject("reliability");
    reliability->set("turnDeadlineMs", 8000);
    reliability->getObject("defaults")->set("attemptTimeoutMs", 6000);
  });
  host.start();
  const auto tenant =
      host.call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}}, R"({"name":"Crashy"})");
  ASSERT_EQ(tenant.status, 201) << tenant.body;
  const std::map<std::string, std::string> auth{
      {"Authorization", "Bearer " + tenant.json()->getObject("apiKey")->getValue<std::string>("key")}};
  const auto agent = host.call("POST", "/v1/agents", auth,
                               R"({"name":"Slow","primaryProvider":"vendorB","systemPrompt":"Be brief."})");
  ASSERT_EQ(agent.status, 201) << agent.body;
  const auto session =
      host.call("POST", "/v1/sessions", auth,
                R"({"agentId":")" + agent.json()->getValue<std::string>("id") + R"(","customerId":"c1"})");
  ASSERT_EQ(session.status, 201) << session.body;
  const std::string messages = "/v1/sessions/" + session.json()->getValue<std::string>("id") + "/messages";
  auto send = auth;
  send["Idempotency-Key"] = "crash-key-1";

  // Sends the turn and does not wait for its answer (it never comes: the
  // host dies). `wait`: how long to wait for an answer, 0 for none.
  auto sendTurn = [&](Poco::Net::HTTPClientSession& client, int waitMs) {
    Poco::Net::HTTPRequest request("POST", messages, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : send) request.set(name, value);
    const std::string body = R"({"content":"Where is my invoice?"})";
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    if (waitMs > 0) client.setTimeout(Poco::Timespan(0, waitMs * 1000));  // before it connects
    client.sendRequest(request) << body;
    client.flushRequest();
    if (waitMs == 0) return 0;
    Poco::Net::HTTPResponse response;
    try {
      client.receiveResponse(response);
    } catch (const Poco::TimeoutException&) {
      return -1;  // still running
    }
    return static_cast<int>(response.getStatus());
  };
  Poco::Net::HTTPClientSession first("127.0.0.1", host.port());
  sendTurn(first, 0);
  // Whichever send of the key the host took first runs (3 s); the other is
  // refused with 409. Either answer means a turn is in flight.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    Poco::Net::HTTPClientSession probe("127.0.0.1", host.port());
    const int status = sendTurn(probe, 500);
    if (status == 409 || status == -1) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no turn in flight, last answer " << status;
  }
  const DatabaseSettings settings = host.databaseSettings();
  const bool sharedStore = test::ScratchDatabase::postgresSelected();
  if (sharedStore) {
    Database db(settings);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM idempotency_keys WHERE state = 'in_flight'"), 1)
        << "on PostgreSQL the claim is a row other hosts see";
  }
  host.kill();

  host.start();  // a new process life on the same database
  test::HttpResult retried;
  if (sharedStore) {
    const auto refused = host.call("POST", messages, send, R"({"content":"Where is my invoice?"})");
    ASSERT_EQ(refused.status, 409) << refused.body;
    const int retryAfter = std::stoi(refused.header("Retry-After"));
    EXPECT_GE(retryAfter, 1);
    EXPECT_LE(retryAfter, 5) << "the dead owner's lease is 5 s";
    // The key is free once the promised time has passed.
    const auto started = std::chrono::steady_clock::now();
    for (;;) {
      retried = host.call("POST", messages, send, R"({"content":"Where is my invoice?"})");
      if (retried.status != 409) break;
      ASSERT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(retryAfter + 2))
          << "still locked after Retry-After";
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  } else {
    // The dead process's claim died with it: the retry runs at once.
    retried = host.call("POST", messages, send, R"({"content":"Where is my invoice?"})");
  }
  ASSERT_EQ(retried.status, 201) << retried.body;
  const auto replay = host.call("POST", messages, send, R"({"content":"Where is my invoice?"})");
  ASSERT_EQ(replay.status, 201);
  EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(replay.body, retried.body);

  host.kill();
  Database db(settings);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM usage_events"), 1);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM messages"), 2);
}

TEST(CrashRecovery, ASecondHostCannotServeTheSameSqliteFile) {
  if (test::ScratchDatabase::postgresSelected()) GTEST_SKIP() << "hosts share PostgreSQL by design";
  HostProcess first;
  first.start();
  // The same config (so the same SQLite file) on another port.
  Poco::Pipe output;
  Poco::Process::Args args{"--config", first.configPath(), "--port", "0"};
  auto second = Poco::Process::launch(std::string(VB_BIN_DIR) + "/vocalbridge", args, first.dir(), nullptr,
                                      &output, &output);
  Poco::PipeInputStream in(output);
  const std::string printed{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(second.wait(), 0) << "two hosts on one SQLite file could bill a key twice";
  EXPECT_NE(printed.find("another VocalBridge host is serving the SQLite database"), std::string::npos) << printed;
  EXPECT_EQ(first.call("GET", "/readyz").status, 200) << "the first host serves on";
}

}  // namespace
}  // namespace vb
