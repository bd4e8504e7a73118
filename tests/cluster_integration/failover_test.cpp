// Two real host processes on one PostgreSQL database behind a real HAProxy;
// one host is killed (SIGKILL) under load. Clients retry a failed turn with
// the same Idempotency-Key: every turn ends acknowledged, none is lost, none
// is billed twice. PostgreSQL only (the .pg run) and needs haproxy on PATH.
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Process.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "support/host_process.h"

namespace vb {
namespace {

using test::HostProcess;

std::map<std::string, std::string> bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

uint16_t freePort() {
  Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
  return probe.address().port();
}

std::string haproxyPath() {
  for (const char* path : {"/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy"})
    if (Poco::File(path).exists()) return path;
  return {};
}

// HAProxy in front of the given ports, health-checking /readyz (as make run-cluster).
class Proxy {
 public:
  Proxy(const std::string& dir, const std::vector<uint16_t>& backends) : port_(freePort()) {
    const std::string cfg = dir + "/haproxy.cfg";
    {
      Poco::FileOutputStream out(cfg);
      out << "defaults\n  mode http\n  timeout connect 1s\n  timeout client 30s\n  timeout server 30s\n"
             "  timeout http-request 10s\n  retries 2\n  option redispatch\n"
             "frontend f\n  bind 127.0.0.1:"
          << port_ << "\n  default_backend b\nbackend b\n  balance roundrobin\n  option httpchk GET /readyz\n"
          << "  default-server inter 200ms fall 1 rise 2\n";
      for (size_t i = 0; i < backends.size(); ++i)
        out << "  server h" << i << " 127.0.0.1:" << backends[i] << " check\n";
    }
    handle_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(haproxyPath(), {"-f", cfg, "-db"}, dir, nullptr, nullptr, nullptr));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      try {
        if (test::httpCall(port_, "GET", "/readyz").status == 200) return;
      } catch (const Poco::Exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("haproxy did not come up");
  }
  ~Proxy() {
    Poco::Process::kill(*handle_);
    handle_->wait();
  }
  uint16_t port() const { return port_; }

 private:
  uint16_t port_;
  std::unique_ptr<Poco::ProcessHandle> handle_;
};

TEST(Failover, KillingOneHostUnderLoadLosesNoAcknowledgedTurnAndRetriesBillOnce) {
  if (!test::ScratchDatabase::postgresSelected()) GTEST_SKIP() << "two hosts share a database only on PostgreSQL";
  if (haproxyPath().empty()) GTEST_SKIP() << "haproxy is not installed (scripts/setup.sh installs it)";
  HostProcess a;
  const std::string url = a.databaseSettings().url;
  HostProcess b([&](Poco::JSON::Object& c) { c.getObject("database")->set("url", url); });
  a.start();
  b.start();
  Proxy proxy(a.dir(), {a.port(), b.port()});
  auto call = [&](const std::string& method, const std::string& path, const std::map<std::string, std::string>& h,
                  const std::string& body = {}) { return test::httpCall(proxy.port(), method, path, h, body); };

  auto r = call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}}, R"({"name":"Acme"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string key = r.json()->getObject("apiKey")->getValue<std::string>("key");
  r = call("POST", "/v1/agents", bearer(key),
           R"({"name":"Bot","primaryProvider":"vendorA","fallbackProvider":"vendorB","systemPrompt":"Hi.","enabledTools":[]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string agentId = r.json()->getValue<std::string>("id");

  constexpr int kClients = 6, kTurnsEach = 25;
  std::atomic<int> acknowledged{0}, failedAttempts{0}, unacknowledged{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto created = call("POST", "/v1/sessions", bearer(key), R"({"agentId":")" + agentId + R"(","customerId":"c"})");
      const std::string sessionId = created.json()->getValue<std::string>("id");
      for (int t = 0; t < kTurnsEach; ++t) {
        auto headers = bearer(key);
        headers["Idempotency-Key"] = "client" + std::to_string(c) + "-turn" + std::to_string(t);
        // Retry the same key until acknowledged: the dead owner's claim frees within its 5 s lease.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        bool acked = false;
        while (!acked && std::chrono::steady_clock::now() < deadline) {
          try {
            const auto sent = call("POST", "/v1/sessions/" + sessionId + "/messages", headers, R"({"content":"Hi"})");
            acked = sent.status == 201;
          } catch (const Poco::Exception&) {
          }
          if (!acked) {
            ++failedAttempts;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
          }
        }
        acked ? ++acknowledged : ++unacknowledged;
      }
    });
  }
  const auto killDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (acknowledged.load() < kClients * kTurnsEach / 3) {
    ASSERT_LT(std::chrono::steady_clock::now(), killDeadline) << "load never got going";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  b.kill();  // SIGKILL, mid-load
  for (auto& t : clients) t.join();

  EXPECT_EQ(unacknowledged.load(), 0);
  EXPECT_EQ(acknowledged.load(), kClients * kTurnsEach);
  Database db(a.databaseSettings());
  const auto scalar = [&](const std::string& sql) {
    return db.read([&](Transaction& tx) {
      Poco::Int64 n = 0;
      tx.session() << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
      return n;
    });
  };
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM usage_events"), kClients * kTurnsEach) << "a turn was lost or billed twice";
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM messages WHERE role = 'user'"), kClients * kTurnsEach);
  std::cout << "failover: " << failedAttempts.load() << " failed attempts retried\n";
}

}  // namespace
}  // namespace vb
