// A host killed with SIGKILL while turns hold budget: the restarted host
// (a new process life) gives every hold of the dead one back within one
// lease, and concurrent turns after the restart still never overspend.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "governance_harness.h"
#include "support/host_process.h"

namespace vb {
namespace {

using test::HostProcess;

TEST(BudgetCrash, HoldsOfAKilledHostAreReleasedWithinALeaseAndTheBudgetStillHolds) {
  HostProcess host([](Poco::JSON::Object& config) {
    // vendorB answers in 1.5 s, so turns are surely holding budget when the host dies.
    auto vendorB = config.getObject("mockVendors")->getObject("vendorB");
    vendorB->set("zero", false);
    vendorB->set("rateLimitRate", 0.0);
    Poco::JSON::Object::Ptr latency = new Poco::JSON::Object;
    latency->set("min", 1500);
    latency->set("max", 1500);
    vendorB->set("latencyMs", latency);
    auto reliability = config.getObject("reliability");
    reliability->set("turnDeadlineMs", 8000);
    reliability->getObject("defaults")->set("attemptTimeoutMs", 6000);
    auto budgets = config.getObject("budgets");
    budgets->set("leaseMs", 2000);
    budgets->set("heartbeatMs", 500);
  });
  host.start();
  auto t = test::createTenant(host, "Crashy");
  const auto agent = test::createAgent(host, t.admin, "vendorB");
  std::vector<std::string> sessions;
  for (int i = 0; i < 64; ++i) sessions.push_back(test::messagesPath(host, t.admin, agent));
  // Room for about ten worst cases (the worst case of this first turn: a
  // bit over 17,000 tokens at $0.003/1K ≈ 0.051 USD: 4 calls of up to 1024 tokens out).
  const int64_t limit = 400000;
  ASSERT_EQ(host.call("PUT", "/v1/budget", t.admin, R"({"monthlyLimitMicros":)" + std::to_string(limit) + "}")
                .status,
            200);

  auto flood = [&](std::atomic<int>& accepted, std::atomic<int>& exceeded) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 64; ++i)
      threads.emplace_back([&, i] {
        try {
          const auto r = host.call("POST", sessions[i], t.admin, R"({"content":"What do I owe?"})");
          if (r.status == 201) ++accepted;
          if (r.status == 402) ++exceeded;
        } catch (const Poco::Exception&) {
          // The connection dies with the host.
        }
      });
    return threads;
  };

  std::atomic<int> ignored{0}, ignored2{0};
  auto inFlight = flood(ignored, ignored2);
  const DatabaseSettings settings = host.databaseSettings();  // SQLite file or the scratch PostgreSQL database
  {
    Database db(settings);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (test::scalar(db, "SELECT COUNT(*) FROM budget_reservations") == 0) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no turn ever held budget";
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  host.kill();
  for (auto& thread : inFlight) thread.join();
  int64_t heldAtCrash = 0;
  {
    Database db(settings);
    heldAtCrash = test::scalar(db, "SELECT COUNT(*) FROM budget_reservations");
  }
  ASSERT_GE(heldAtCrash, 1);

  const auto restarted = std::chrono::steady_clock::now();
  host.start();
  {
    Database db(settings);
    for (;;) {
      const auto reserved = test::scalar(db, "SELECT COALESCE(SUM(reserved_micros), 0) FROM budget_counters");
      const auto rows = test::scalar(db, "SELECT COUNT(*) FROM budget_reservations");
      if (reserved == 0 && rows == 0) break;
      ASSERT_LT(std::chrono::steady_clock::now() - restarted, std::chrono::milliseconds(2000 + 500 + 1500))
          << rows << " reservations (" << reserved << " micros) still held after the lease";
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  std::atomic<int> accepted{0}, exceeded{0};
  auto after = flood(accepted, exceeded);
  for (auto& thread : after) thread.join();
  EXPECT_GE(accepted.load(), 1);
  EXPECT_EQ(accepted.load() + exceeded.load(), 64);
  host.kill();
  Database db(settings);
  EXPECT_LE(test::scalar(db, "SELECT COALESCE(SUM(cost_micros), 0) FROM usage_events"), limit);
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM budget_reservations"), 0);
  EXPECT_EQ(test::scalar(db, "SELECT COALESCE(SUM(reserved_micros), 0) FROM budget_counters"), 0);
  std::cout << "[ crash ] holds at the kill: " << heldAtCrash << "; after restart accepted "
            << accepted.load() << ", 402 " << exceeded.load() << "\n";
}

}  // namespace
}  // namespace vb
