// Turns per second through the whole HTTP → service → SQLite path with a
// zero-latency, zero-fault vendor stand-in. Runs VB_THROUGHPUT_SECONDS
// (default 2; the closing note of the issue used 30) with
// VB_THROUGHPUT_CLIENTS client threads (default 16), each on its own session
// and keep-alive connection. Prints the figure; asserts only correctness.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "api_harness.h"

namespace vb {
namespace {

int envInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value ? std::atoi(value) : fallback;
}

TEST(Throughput, ConcurrentSendsCommitEveryTurnAndReportTurnsPerSecond) {
  testing::ApiHarness api;
  const auto [tenant, admin] = api.createTenant("Bench");
  const std::string agent = api.createAgent(admin, "vendorA", "vendorB");
  const int seconds = envInt("VB_THROUGHPUT_SECONDS", 2);
  const int clients = envInt("VB_THROUGHPUT_CLIENTS", 16);
  std::atomic<int64_t> ok{0}, failed{0};
  std::vector<std::string> sessions;
  for (int i = 0; i < clients; ++i) sessions.push_back(api.createSession(admin, agent));
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] {
      Poco::Net::HTTPClientSession session("127.0.0.1", api.port());
      session.setKeepAlive(true);
      int n = 0;
      while (std::chrono::steady_clock::now() < deadline) {
        const std::string body = "{\"content\":\"bench message " + std::to_string(n) + "\"}";
        Poco::Net::HTTPRequest request("POST", "/v1/sessions/" + sessions[static_cast<size_t>(i)] + "/messages",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Authorization", "Bearer " + admin);
        request.set("Idempotency-Key", "bench-" + std::to_string(i) + "-" + std::to_string(n++));
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        request.setKeepAlive(true);
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::string ignored;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), ignored);
        (response.getStatus() == 201 ? ok : failed)++;
      }
    });
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "[throughput] " << ok.load() << " turns in " << elapsed << " s with " << clients
            << " clients = " << static_cast<int64_t>(ok.load() / elapsed) << " turns/s (failed " << failed.load()
            << ")" << std::endl;
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(api.rowCounts().at("usage_events"), ok.load());
  EXPECT_EQ(api.rowCounts().at("messages"), 2 * ok.load());
}

}  // namespace
}  // namespace vb
