// Issue 10, item 5 (and the 413 of item 1): what the real host answers to
// requests it cannot or will not read, over a raw socket — problem+json with
// an X-Request-Id and the right reason phrase, never a bare 400 or a
// silently closed connection.
#include <gtest/gtest.h>

#include "host_helpers.h"
#include "support/raw_http.h"

namespace vb {
namespace {

using namespace std::chrono_literals;
using test::RawConnection;

struct RejectionCase {
  std::string name;
  std::string request;
  int status;
  std::string reason;
};

std::string manyHeaders(int n) {
  std::string head = "GET /healthz HTTP/1.1\r\nHost: t\r\n";
  for (int i = 0; i < n; ++i) head += "X-Header-" + std::to_string(i) + ": value\r\n";
  return head + "\r\n";
}

TEST(EdgeRejections, EachIsAProblemWithARequestIdAndTheRightReason) {
  test::TestHost host;
  const std::vector<RejectionCase> cases = {
      {"64 KB header", "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n", 431,
       "Request Header Fields Too Large"},
      {"17 KB URI", "GET /" + std::string(17 * 1024, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 414, "URI Too Long"},
      {"500 headers", manyHeaders(500), 431, "Request Header Fields Too Large"},
      {"garbage request line", "HELLO THERE\r\n\r\n", 400, "Bad Request"},
      {"binary garbage", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15), 400, "Bad Request"},
      {"20-digit Content-Length",
       "POST /v1/agents HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n",
       413, "Content Too Large"},
      {"Content-Length not a number", "POST /v1/agents HTTP/1.1\r\nHost: t\r\nContent-Length: ten\r\n\r\n", 400,
       "Bad Request"},
      {"HTTP/2.0 request line", "GET /healthz HTTP/2.0\r\nHost: t\r\n\r\n", 505, "HTTP Version Not Supported"},
      {"unknown transfer coding", "POST /v1/agents HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501,
       "Not Implemented"},
      {"no key", "GET /v1/me HTTP/1.1\r\nHost: t\r\n\r\n", 401, "Unauthorized"},
      {"unknown route", "GET /v1/nothing HTTP/1.1\r\nHost: t\r\n\r\n", 404, "Not Found"},
  };
  for (const auto& c : cases) {
    RawConnection connection(host.port());
    connection.send(c.request);  // the server may answer (and stop reading) before all of it is sent
    const auto r = connection.readResponse(3s);
    ASSERT_TRUE(r) << c.name << ": no answer";
    EXPECT_EQ(r->status, c.status) << c.name;
    EXPECT_EQ(r->reason, c.reason) << c.name;
    EXPECT_EQ(r->header("content-type"), "application/problem+json") << c.name;
    EXPECT_EQ(r->header("x-content-type-options"), "nosniff") << c.name;
    const std::string requestId = r->header("x-request-id");
    EXPECT_FALSE(requestId.empty()) << c.name;
    const auto problem = r->json();
    EXPECT_EQ(problem->getValue<int>("status"), c.status) << c.name;
    EXPECT_EQ(problem->getValue<std::string>("requestId"), requestId) << c.name;
    EXPECT_FALSE(problem->getValue<std::string>("detail").empty()) << c.name;
  }
}

TEST(EdgeRejections, SuccessfulAnswersCarryTheirOwnReasonToo) {
  test::TestHost host;
  const auto tenant = test::setUpTenant(host);
  RawConnection c(host.port());
  const std::string body = R"({"name":"Reason","primaryProvider":"vendorA","systemPrompt":""})";
  c.send("POST /v1/agents HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + tenant.adminKey +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  const auto r = c.readResponse(3s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->reason, "Created");
}

TEST(EdgeRejections, ADeclaredBodyOverTheLimitIs413AtOnceNotAfterWaitingForIt) {
  test::TestHost host;
  RawConnection c(host.port());
  const auto began = std::chrono::steady_clock::now();
  c.send("POST /v1/agents HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n"
         "X-Request-Id: big-body-1\r\n\r\n");
  const auto r = c.readResponse(3s);
  ASSERT_TRUE(r) << "no answer";
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->header("x-request-id"), "big-body-1");
  EXPECT_LT(std::chrono::steady_clock::now() - began, 1s);
  EXPECT_TRUE(c.closedWithin(3s)) << "the connection is closed after the 413, not held for the body";
}

TEST(EdgeRejections, AHeadThatNeverEndsGets408AtTheHeadDeadline) {
  test::TestHost host([](Poco::JSON::Object& config) { config.getObject("server")->set("requestHeadTimeoutMs", 500); });
  RawConnection c(host.port());
  const auto began = std::chrono::steady_clock::now();
  c.send("GET /healthz HTTP/1.1\r\nHost: t\r\n");
  std::optional<test::RawResponse> answer;
  for (int i = 0; i < 40 && !answer; ++i) {  // a header line every 100 ms
    c.send("X-Slow-" + std::to_string(i) + ": 1\r\n");
    answer = c.readResponse(100ms);
  }
  ASSERT_TRUE(answer) << "the dribbling client was never cut off";
  EXPECT_EQ(answer->status, 408);
  EXPECT_EQ(answer->reason, "Request Timeout");
  EXPECT_EQ(answer->header("content-type"), "application/problem+json");
  EXPECT_LT(std::chrono::steady_clock::now() - began, 2s);
}

}  // namespace
}  // namespace vb
