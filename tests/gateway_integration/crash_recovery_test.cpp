// Crash safety of idempotency claims, on the real binary: a host killed with
// SIGKILL mid-turn leaves its Idempotency-Key claimed in flight; the restarted
// host (a new process life) frees it within one lease, says so truthfully in
// Retry-After, and the retry is billed exactly once.
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <thread>

#include "store/database.h"
#include "support/host_process.h"

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

TEST(CrashRecovery, AKeyInFlightWhenTheHostWasKilledIsFreeWithinALeaseAndBilledOnce) {
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

  std::thread inFlight([&] {
    try {
      host.call("POST", messages, send, R"({"content":"Where is my invoice?"})");
    } catch (const Poco::Exception&) {
      // The connection dies with the host.
    }
  });
  const DatabaseSettings settings = host.databaseSettings();
  {
    Database db(settings);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (scalar(db, "SELECT COUNT(*) FROM idempotency_keys WHERE state = 'in_flight'") == 0) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the claim never appeared";
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  host.kill();
  inFlight.join();

  host.start();  // a new process life on the same database
  const auto refused = host.call("POST", messages, send, R"({"content":"Where is my invoice?"})");
  ASSERT_EQ(refused.status, 409) << refused.body;
  const int retryAfter = std::stoi(refused.header("Retry-After"));
  EXPECT_GE(retryAfter, 1);
  EXPECT_LE(retryAfter, 5) << "the dead owner's lease is 5 s";

  // The key is free once the promised time has passed.
  const auto started = std::chrono::steady_clock::now();
  test::HttpResult retried;
  for (;;) {
    retried = host.call("POST", messages, send, R"({"content":"Where is my invoice?"})");
    if (retried.status != 409) break;
    ASSERT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(retryAfter + 2))
        << "still locked after Retry-After";
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
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

}  // namespace
}  // namespace vb
