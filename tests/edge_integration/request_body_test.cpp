// Issue 10, items 4 and 6 against the real host: a JSON route refuses other
// media types with 415 and stores (and bills) nothing; a body that is not a
// JSON object is told so without parser internals.
#include <gtest/gtest.h>

#include "host_helpers.h"
#include "support/raw_http.h"

namespace vb {
namespace {

using namespace std::chrono_literals;
using test::RawConnection;

// POST with exactly these headers (no Content-Type unless given).
test::RawResponse post(const test::TestHost& host, const std::string& path, const std::string& key,
                       const std::string& contentTypeLine, const std::string& body) {
  RawConnection c(host.port());
  c.send("POST " + path + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + key + "\r\n" + contentTypeLine +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  auto r = c.readResponse(5s);
  EXPECT_TRUE(r) << path << " " << contentTypeLine << ": no answer";
  return r ? *r : test::RawResponse{};
}

TEST(RequestBodies, AJsonRouteRefusesOtherMediaTypesWith415AndStoresNothing) {
  test::TestHost host;
  const auto tenant = test::setUpTenant(host);
  const auto before = test::rowCounts(host);
  const std::string turn = R"({"content":"bill me"})";
  const std::string agent = R"({"name":"Typed","primaryProvider":"vendorA","systemPrompt":""})";
  for (const std::string& contentType : std::vector<std::string>{"Content-Type: text/plain\r\n", "Content-Type: text/plain; charset=utf-8\r\n",
        "Content-Type: application/x-www-form-urlencoded\r\n", "Content-Type: application/xml\r\n",
        "Content-Type: text/xml\r\n", std::string()}) {
    const auto refusedTurn = post(host, "/v1/sessions/" + tenant.sessionId + "/messages", tenant.adminKey,
                                  contentType + "Idempotency-Key: k-" + std::to_string(contentType.size()) + "\r\n", turn);
    EXPECT_EQ(refusedTurn.status, 415) << contentType << refusedTurn.body;
    EXPECT_EQ(refusedTurn.reason, "Unsupported Media Type");
    EXPECT_EQ(refusedTurn.header("content-type"), "application/problem+json");
    const auto refusedAgent = post(host, "/v1/agents", tenant.adminKey, contentType, agent);
    EXPECT_EQ(refusedAgent.status, 415) << contentType << refusedAgent.body;
  }
  EXPECT_EQ(test::rowCounts(host), before) << "a refused body must not be stored or billed";

  // What the dashboard sends still works.
  EXPECT_EQ(post(host, "/v1/sessions/" + tenant.sessionId + "/messages", tenant.adminKey,
                 "Content-Type: application/json\r\n", turn)
                .status,
            201);
  EXPECT_EQ(post(host, "/v1/agents", tenant.adminKey, "Content-Type: application/json; charset=UTF-8\r\n", agent).status,
            201);
}

TEST(RequestBodies, BodiesWithoutContentAreNotAskedForAType) {
  test::TestHost host;
  const auto tenant = test::setUpTenant(host);
  // DELETE as the dashboard sends it: no body, no Content-Type.
  RawConnection c(host.port());
  c.send("DELETE /v1/agents/" + tenant.agentId + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + tenant.adminKey +
         "\r\n\r\n");
  const auto deleted = c.readResponse(5s);
  ASSERT_TRUE(deleted);
  EXPECT_LT(deleted->status, 300) << deleted->body;
  // An empty POST body reaches the route (which says what it needs) rather than a 415.
  const auto empty = post(host, "/v1/agents", tenant.adminKey, "", "");
  EXPECT_EQ(empty.status, 400) << empty.body;
}

TEST(RequestBodies, ABodyThatIsNotAJsonObjectIsToldSoWithoutParserInternals) {
  test::TestHost host;
  const auto tenant = test::setUpTenant(host);
  const auto null = post(host, "/v1/agents", tenant.adminKey, "Content-Type: application/json\r\n", "null");
  EXPECT_EQ(null.status, 400);
  EXPECT_EQ(null.json()->getValue<std::string>("detail"), "request body must be a JSON object");
  EXPECT_EQ(null.body.find("stack"), std::string::npos);
  const auto broken = post(host, "/v1/agents", tenant.adminKey, "Content-Type: application/json\r\n", "{\"name\":\n}");
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(broken.json()->getValue<std::string>("detail"), "request body is not valid JSON (line 2, column 1)");
}

}  // namespace
}  // namespace vb
