// Restart safety of async jobs, on the real binary: a host killed with
// SIGKILL while ≥ 50 jobs are queued or running leaves them in the store; the
// restarted host (a new process life) claims them again — running ones once
// their dead owner's lease lapsed — and every job ends succeeded or failed,
// with exactly one usage event per succeeded job: a job whose turn had
// committed before the kill is replayed from the idempotency ledger, never
// billed again.
#include <gtest/gtest.h>

#include "jobs_integration/jobs_harness.h"
#include "support/host_process.h"

namespace vb {
namespace {

using test::HostProcess;

TEST(JobCrashRecovery, JobsQueuedAndRunningWhenTheHostWasKilledAllFinishAfterARestartBilledOnce) {
  constexpr int kJobs = 60;
  HostProcess host([](Poco::JSON::Object& config) {
    // 2 workers and 200 ms turns: 60 jobs take 6 s, so most are still queued
    // and two are running when the host dies.
    auto vendorA = config.getObject("mockVendors")->getObject("vendorA");
    vendorA->set("zero", false);
    vendorA->set("failureRate", 0.0);
    vendorA->set("slowRate", 0.0);
    Poco::JSON::Object::Ptr latency = new Poco::JSON::Object;
    latency->set("min", 200);
    latency->set("max", 200);
    vendorA->set("latencyMs", latency);
    config.getObject("jobs")->set("workers", 2);
    config.getObject("jobs")->set("queueCapacity", 256);
  });
  host.start();
  auto call = [&](const std::string& method, const std::string& path, const std::map<std::string, std::string>& headers,
                  const std::string& body) { return host.call(method, path, headers, body); };
  const auto acme = test::makeTenant(call, "Crashy");
  auto headers = acme.auth;
  headers["Prefer"] = "respond-async";
  for (int i = 0; i < kJobs; ++i) {
    const auto accepted = host.call("POST", acme.messagesPath, headers,
                                    R"({"content":"Question number )" + std::to_string(i) + R"("})");
    ASSERT_EQ(accepted.status, 202) << accepted.body;
  }
  host.kill();

  const DatabaseSettings settings = host.databaseSettings();  // SQLite file or the scratch PostgreSQL database
  {
    Database db(settings);
    const auto unfinished = test::scalar(db, "SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')");
    EXPECT_GE(unfinished, 50) << "the kill must hit at least 50 unfinished jobs";
    EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM jobs"), kJobs);
  }

  host.start();  // a new process life on the same database
  {
    Database db(settings);
    test::pollUntil(
        [&] {
          return test::scalar(db, "SELECT COUNT(*) FROM jobs WHERE status IN ('succeeded', 'failed')") == kJobs;
        },
        std::chrono::seconds(60), "every job to finish after the restart");
  }
  host.kill();

  Database db(settings);
  const auto succeeded = test::scalar(db, "SELECT COUNT(*) FROM jobs WHERE status = 'succeeded'");
  EXPECT_EQ(succeeded, kJobs) << "the vendor never fails here";
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM usage_events"), succeeded) << "one usage event per succeeded job";
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM messages WHERE role = 'assistant'"), succeeded);
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(DISTINCT content) FROM messages WHERE role = 'user'"), kJobs)
      << "every question was answered exactly once";
  EXPECT_EQ(test::scalar(db, "SELECT COUNT(*) FROM messages WHERE role = 'user'"), kJobs);
}

}  // namespace
}  // namespace vb
