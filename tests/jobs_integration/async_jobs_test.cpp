// Async turns on the real host (TestHost: the Gateway on an ephemeral port,
// mock vendors over HTTP): 202 → poll → succeeded and billed once, duplicates,
// tenancy, signed callbacks and their retries, backpressure.
#include <gtest/gtest.h>

#include <fstream>

#include "app/services.h"
#include "jobs/webhook_signature.h"
#include "jobs_integration/jobs_harness.h"

namespace vb {
namespace {

using test::HttpResult;
using test::TestHost;

class AsyncJobs : public ::testing::Test {
 protected:
  explicit AsyncJobs(const TestHost::ConfigEdit& edit = {}, GatewayOptions options = {})
      : host_(
            [edit](Poco::JSON::Object& config) {
              // Retries within milliseconds, so three attempts fit a test.
              config.getObject("callbacks")->set("backoffBaseMs", 10);
              config.getObject("callbacks")->set("backoffCapMs", 50);
              if (edit) edit(config);
            },
            options),
        acme_(test::makeTenant(caller(), "Acme")) {}

  std::function<HttpResult(const std::string&, const std::string&, const std::map<std::string, std::string>&,
                           const std::string&)>
  caller() {
    return [this](const std::string& method, const std::string& path, const std::map<std::string, std::string>& headers,
                  const std::string& body) { return host_.call(method, path, headers, body); };
  }

  HttpResult sendAsync(const test::TenantFixture& t, const std::string& body,
                       std::map<std::string, std::string> extra = {}) {
    auto headers = t.auth;
    headers["Prefer"] = "respond-async";
    for (auto& [k, v] : extra) headers[k] = v;
    return host_.call("POST", t.messagesPath, headers, body);
  }

  // Polls GET /v1/jobs/{id} until the job is finished; returns the last answer.
  Poco::JSON::Object::Ptr waitForJob(const test::TenantFixture& t, const std::string& jobId,
                                     const std::function<bool(const Poco::JSON::Object&)>& done = {}) {
    Poco::JSON::Object::Ptr job;
    test::pollUntil(
        [&] {
          const auto r = host_.call("GET", "/v1/jobs/" + jobId, t.auth);
          if (r.status != 200) throw std::runtime_error("GET job: " + r.body);
          job = r.json();
          const auto status = job->getValue<std::string>("status");
          if (status != "succeeded" && status != "failed") return false;
          return !done || done(*job);
        },
        std::chrono::seconds(20), "job " + jobId);
    return job;
  }

  Database& db() { return *host_.gateway().services().database; }

  TestHost host_;
  test::TenantFixture acme_;
};

TEST_F(AsyncJobs, ASendWithRespondAsyncIs202ThenSucceedsWithTheTurnBilledOnce) {
  const auto accepted = sendAsync(acme_, R"({"content":"Where is my invoice?"})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const auto jobId = accepted.json()->getValue<std::string>("jobId");
  EXPECT_EQ(accepted.json()->getValue<std::string>("status"), "queued");
  EXPECT_EQ(accepted.header("Location"), "/v1/jobs/" + jobId);

  const auto job = waitForJob(acme_, jobId);
  ASSERT_EQ(job->getValue<std::string>("status"), "succeeded");
  const auto result = job->getObject("result");
  ASSERT_TRUE(result) << "a succeeded job carries the Turn";
  EXPECT_EQ(result->getObject("userMessage")->getValue<std::string>("content"), "Where is my invoice?");
  EXPECT_FALSE(result->getObject("message")->getValue<std::string>("content").empty());
  EXPECT_TRUE(result->getObject("usage")->has("cost"));
  EXPECT_TRUE(result->getObject("routing")->has("attempts"));
  EXPECT_FALSE(job->has("error"));

  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM usage_events"), 1);
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM messages WHERE role = 'assistant'"), 1);
  const auto session = host_.call("GET", "/v1/sessions/" + acme_.sessionId, acme_.auth);
  EXPECT_EQ(session.json()->getArray("messages")->size(), 2u) << "the transcript is the sync one";
}

TEST_F(AsyncJobs, TheJobResultIsTheSameTurnTheSyncSendReplays) {
  std::map<std::string, std::string> key{{"Idempotency-Key", "same-turn-1"}};
  const auto accepted = sendAsync(acme_, R"({"content":"Hello"})", key);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const auto jobId = accepted.json()->getValue<std::string>("jobId");
  waitForJob(acme_, jobId);
  const auto raw = host_.call("GET", "/v1/jobs/" + jobId, acme_.auth).body;

  auto headers = acme_.auth;
  headers["Idempotency-Key"] = "same-turn-1";
  const auto sync = host_.call("POST", acme_.messagesPath, headers, R"({"content":"Hello"})");
  ASSERT_EQ(sync.status, 201) << sync.body;
  EXPECT_EQ(sync.header("Idempotent-Replayed"), "true");
  EXPECT_NE(raw.find("\"result\":" + sync.body), std::string::npos) << "result is the sync 201 body, byte for byte";
}

TEST_F(AsyncJobs, ADuplicateAsyncSendReturnsTheSameJobAndBillsOnce) {
  std::map<std::string, std::string> key{{"Idempotency-Key", "dup-key-1"}};
  const auto first = sendAsync(acme_, R"({"content":"Once only"})", key);
  ASSERT_EQ(first.status, 202) << first.body;
  const auto second = sendAsync(acme_, R"({"content":"Once only"})", key);
  ASSERT_EQ(second.status, 202) << second.body;
  EXPECT_EQ(second.json()->getValue<std::string>("jobId"), first.json()->getValue<std::string>("jobId"));
  EXPECT_EQ(second.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(first.header("Idempotent-Replayed"), "");

  waitForJob(acme_, first.json()->getValue<std::string>("jobId"));
  const auto afterwards = sendAsync(acme_, R"({"content":"Once only"})", key);
  ASSERT_EQ(afterwards.status, 202);
  EXPECT_EQ(afterwards.json()->getValue<std::string>("status"), "succeeded");
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM jobs"), 1);
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM usage_events"), 1);

  const auto other = sendAsync(acme_, R"({"content":"Something else"})", key);
  EXPECT_EQ(other.status, 422) << "same key, another send";
}

TEST_F(AsyncJobs, AnotherTenantsJobIs404) {
  const auto globex = test::makeTenant(caller(), "Globex");
  const auto accepted = sendAsync(acme_, R"({"content":"Mine"})");
  ASSERT_EQ(accepted.status, 202);
  const auto jobId = accepted.json()->getValue<std::string>("jobId");
  const auto foreign = host_.call("GET", "/v1/jobs/" + jobId, globex.auth);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(foreign.body.find("Mine"), std::string::npos);
  EXPECT_EQ(host_.call("GET", "/v1/jobs/job_doesnotexist", globex.auth).status, 404);
  // Nor can a tenant send into another tenant's session asynchronously.
  auto headers = globex.auth;
  headers["Prefer"] = "respond-async";
  EXPECT_EQ(host_.call("POST", acme_.messagesPath, headers, R"({"content":"x"})").status, 404);
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM jobs"), 1);
}

TEST_F(AsyncJobs, EmptyContentIsRefusedBeforeAJobExists) {
  EXPECT_EQ(sendAsync(acme_, R"({"content":"   "})").status, 422);
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM jobs"), 0);
}

class FailingVendor : public AsyncJobs {
 protected:
  FailingVendor()
      : AsyncJobs([](Poco::JSON::Object& config) {
          auto vendorA = config.getObject("mockVendors")->getObject("vendorA");
          vendorA->set("zero", false);
          vendorA->set("failureRate", 1.0);
          vendorA->set("slowRate", 0.0);
          Poco::JSON::Object::Ptr latency = new Poco::JSON::Object;
          latency->set("min", 0);
          latency->set("max", 0);
          vendorA->set("latencyMs", latency);
        }) {}
};

TEST_F(FailingVendor, AFailedTurnEndsTheJobFailedWithItsProblemAndNothingBilled) {
  const auto accepted = sendAsync(acme_, R"({"content":"This will fail"})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const auto job = waitForJob(acme_, accepted.json()->getValue<std::string>("jobId"));
  ASSERT_EQ(job->getValue<std::string>("status"), "failed");
  const auto error = job->getObject("error");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->getValue<int>("status"), 502);
  EXPECT_GE(error->getArray("attempts")->size(), 1u);
  EXPECT_FALSE(job->has("result"));
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM usage_events"), 0);
}

TEST_F(AsyncJobs, ASignedCallbackVerifiesWithTheTenantsSecretAndNotWithAnother) {
  test::WebhookReceiver receiver;
  const auto secret = host_.call("POST", "/v1/signing-secret", acme_.auth);
  ASSERT_EQ(secret.status, 201) << secret.body;
  const auto key = secret.json()->getValue<std::string>("secret");
  ASSERT_EQ(key.rfind("whsec_", 0), 0u);

  const auto accepted = sendAsync(acme_, R"({"content":"Call me back","callbackUrl":")" + receiver.url() + R"("})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const auto jobId = accepted.json()->getValue<std::string>("jobId");
  const auto got = receiver.waitFor(1);
  const auto& d = got.front();
  EXPECT_EQ(d.id, jobId);
  ASSERT_FALSE(d.timestamp.empty());
  const int64_t ts = std::stoll(d.timestamp);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  EXPECT_LE(std::llabs(now - ts), 60);
  EXPECT_EQ(d.signature.rfind("v1,", 0), 0u);
  EXPECT_TRUE(WebhookSignature::verify(key, d.id, ts, d.body, d.signature));
  EXPECT_FALSE(WebhookSignature::verify(WebhookSignature::newSecret(), d.id, ts, d.body, d.signature));
  Poco::JSON::Parser parser;
  const auto body = parser.parse(d.body).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(body->getValue<std::string>("id"), jobId);
  EXPECT_EQ(body->getValue<std::string>("status"), "succeeded");
  EXPECT_TRUE(body->getObject("result"));

  const auto job = waitForJob(acme_, jobId, [](const Poco::JSON::Object& j) {
    return j.getObject("callback")->getValue<std::string>("status") == "delivered";
  });
  const auto deliveries = job->getObject("callback")->getArray("deliveries");
  ASSERT_EQ(deliveries->size(), 1u);
  EXPECT_EQ(deliveries->getObject(0)->getValue<std::string>("status"), "delivered");
  EXPECT_EQ(deliveries->getObject(0)->getValue<int>("httpStatus"), 200);
  EXPECT_EQ(job->getObject("callback")->getValue<std::string>("url"), receiver.url());
}

TEST_F(AsyncJobs, AReceiverFailingTwiceThenSucceedingYieldsThreeRecordedDeliveries) {
  test::WebhookReceiver receiver({500, 503});
  ASSERT_EQ(host_.call("POST", "/v1/signing-secret", acme_.auth).status, 201);
  const auto accepted = sendAsync(acme_, R"({"content":"Retry me","callbackUrl":")" + receiver.url() + R"("})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const auto jobId = accepted.json()->getValue<std::string>("jobId");
  receiver.waitFor(3);
  const auto job = waitForJob(acme_, jobId, [](const Poco::JSON::Object& j) {
    return j.getObject("callback")->getValue<std::string>("status") == "delivered";
  });
  const auto deliveries = job->getObject("callback")->getArray("deliveries");
  ASSERT_EQ(deliveries->size(), 3u);
  const std::vector<std::pair<std::string, int>> expected{{"failed", 500}, {"failed", 503}, {"delivered", 200}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto d = deliveries->getObject(static_cast<unsigned>(i));
    EXPECT_EQ(d->getValue<int>("attempt"), static_cast<int>(i + 1));
    EXPECT_EQ(d->getValue<std::string>("status"), expected[i].first);
    EXPECT_EQ(d->getValue<int>("httpStatus"), expected[i].second);
  }
  EXPECT_EQ(receiver.deliveries().size(), 3u);
  EXPECT_EQ(receiver.deliveries()[0].id, receiver.deliveries()[2].id) << "one webhook-id across retries";
}

TEST_F(AsyncJobs, AReceiverAnswering410StopsTheRetries) {
  test::WebhookReceiver receiver({410, 500, 500});
  ASSERT_EQ(host_.call("POST", "/v1/signing-secret", acme_.auth).status, 201);
  const auto accepted = sendAsync(acme_, R"({"content":"Gone","callbackUrl":")" + receiver.url() + R"("})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const auto job = waitForJob(acme_, accepted.json()->getValue<std::string>("jobId"), [](const Poco::JSON::Object& j) {
    return j.getObject("callback")->getValue<std::string>("status") == "gone";
  });
  EXPECT_EQ(job->getObject("callback")->getArray("deliveries")->size(), 1u);
  EXPECT_EQ(receiver.deliveries().size(), 1u);
}

TEST_F(AsyncJobs, ACallbackWithoutASigningSecretIs422AndStoresNothing) {
  test::WebhookReceiver receiver;
  const auto refused = sendAsync(acme_, R"({"content":"Unsigned?","callbackUrl":")" + receiver.url() + R"("})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("signing-secret"), std::string::npos) << refused.body;
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM jobs"), 0);
}

TEST_F(AsyncJobs, OverlongContentIsRefusedBeforeAJobExists) {
  const auto refused = sendAsync(acme_, R"({"content":")" + std::string(40000, 'x') + R"("})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM jobs"), 0);
}

TEST_F(AsyncJobs, ACallbackUrlThatIsNotHttpIs422) {
  const auto refused = sendAsync(acme_, R"({"content":"x","callbackUrl":"ftp://example.com/x"})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM jobs"), 0);
}

class PrivateCallbacksRefused : public AsyncJobs {
 protected:
  PrivateCallbacksRefused()
      : AsyncJobs([](Poco::JSON::Object& config) { config.getObject("callbacks")->set("allowPrivate", false); }) {}
};

TEST_F(PrivateCallbacksRefused, ALoopbackCallbackUrlIs422WhenPrivateDestinationsAreNotAllowed) {
  for (const std::string url : {"http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://169.254.169.254/x",
                                "http://10.0.0.1/x"}) {
    const auto refused = sendAsync(acme_, R"({"content":"x","callbackUrl":")" + url + R"("})");
    EXPECT_EQ(refused.status, 422) << url << ": " << refused.body;
  }
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM jobs"), 0);
}

test::GatedRouter gate;  // outlives the host of the fixture below

class FullQueue : public AsyncJobs {
 protected:
  FullQueue()
      : AsyncJobs(
            [](Poco::JSON::Object& config) {
              config.getObject("jobs")->set("workers", 1);
              config.getObject("jobs")->set("queueCapacity", 2);
            },
            GatewayOptions{&gate, true}) {}
};

TEST_F(FullQueue, AFullQueueAnswers503WithRetryAfterAndStoresNothing) {
  const auto running = sendAsync(acme_, R"({"content":"one"})");
  ASSERT_EQ(running.status, 202);
  test::pollUntil([] { return gate.entered.load() == 1; }, std::chrono::seconds(10), "the first job to run");
  ASSERT_EQ(sendAsync(acme_, R"({"content":"two"})").status, 202);
  ASSERT_EQ(sendAsync(acme_, R"({"content":"three"})").status, 202);
  const auto refused = sendAsync(acme_, R"({"content":"four"})");
  ASSERT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.contentType, "application/problem+json");
  EXPECT_GE(std::stoi(refused.header("Retry-After")), 1);
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM jobs"), 3) << "the refused send stored nothing";

  gate.open();
  test::pollUntil([&] { return test::scalar(db(), "SELECT COUNT(*) FROM jobs WHERE status = 'succeeded'") == 3; },
                  std::chrono::seconds(20), "the three jobs");
  EXPECT_EQ(test::scalar(db(), "SELECT COUNT(*) FROM usage_events"), 3);
  EXPECT_EQ(sendAsync(acme_, R"({"content":"four"})").status, 202) << "room again";
}

}  // namespace
}  // namespace vb

namespace vb {
namespace {

// https callbacks: TLS to the address that was checked, the certificate
// verified against the URL's host name. Both receivers' self-signed
// certificates are trusted (callbacks.caFile); only the name differs.
struct TestCertificates {
  test::WebhookReceiver::Tls localhost = test::selfSignedCertificate("localhost");
  test::WebhookReceiver::Tls otherHost = test::selfSignedCertificate("other.example");
  std::string bundle;  // both certificates, for callbacks.caFile
  TestCertificates() {
    bundle = localhost.certFile + ".bundle";
    std::ofstream out(bundle);
    out << std::ifstream(localhost.certFile).rdbuf() << std::ifstream(otherHost.certFile).rdbuf();
  }
};

const TestCertificates& certificates() {
  static const TestCertificates made;
  return made;
}

class HttpsCallbacks : public AsyncJobs {
 protected:
  HttpsCallbacks()
      : AsyncJobs([](Poco::JSON::Object& config) {
          config.getObject("callbacks")->set("caFile", certificates().bundle);
          config.getObject("callbacks")->set("maxAttempts", 2);
        }) {}
};

TEST_F(HttpsCallbacks, ASignedCallbackReachesAReceiverWhoseCertificateNamesItsHost) {
  test::WebhookReceiver receiver({}, certificates().localhost);
  const auto secret = host_.call("POST", "/v1/signing-secret", acme_.auth);
  ASSERT_EQ(secret.status, 201);
  ASSERT_EQ(receiver.url().rfind("https://localhost:", 0), 0u);
  const auto accepted = sendAsync(acme_, R"({"content":"Over TLS","callbackUrl":")" + receiver.url() + R"("})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const auto d = receiver.waitFor(1).front();
  EXPECT_TRUE(WebhookSignature::verify(secret.json()->getValue<std::string>("secret"), d.id, std::stoll(d.timestamp),
                                       d.body, d.signature));
  const auto job = waitForJob(acme_, accepted.json()->getValue<std::string>("jobId"), [](const Poco::JSON::Object& j) {
    return j.getObject("callback")->getValue<std::string>("status") == "delivered";
  });
  EXPECT_EQ(job->getObject("callback")->getArray("deliveries")->size(), 1u);
}

TEST_F(HttpsCallbacks, AReceiverWhoseCertificateNamesAnotherHostNeverGetsTheJob) {
  test::WebhookReceiver receiver({}, certificates().otherHost);
  ASSERT_EQ(host_.call("POST", "/v1/signing-secret", acme_.auth).status, 201);
  const auto accepted = sendAsync(acme_, R"({"content":"Wrong name","callbackUrl":")" + receiver.url() + R"("})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const auto job = waitForJob(acme_, accepted.json()->getValue<std::string>("jobId"), [](const Poco::JSON::Object& j) {
    const auto status = j.getObject("callback")->getValue<std::string>("status");
    return status == "delivered" || status == "gone" || status == "exhausted";
  });
  const auto deliveries = job->getObject("callback")->getArray("deliveries");
  EXPECT_EQ(job->getObject("callback")->getValue<std::string>("status"), "exhausted") << [&] {
    std::ostringstream text;
    job->stringify(text);
    return text.str();
  }();
  ASSERT_EQ(deliveries->size(), 2u);
  for (size_t i = 0; i < deliveries->size(); ++i) {
    EXPECT_EQ(deliveries->getObject(static_cast<unsigned>(i))->getValue<std::string>("status"), "failed");
    EXPECT_FALSE(deliveries->getObject(static_cast<unsigned>(i))->has("httpStatus"));
  }
  EXPECT_TRUE(receiver.deliveries().empty()) << "the TLS handshake failed before any request was sent";
}

}  // namespace
}  // namespace vb
