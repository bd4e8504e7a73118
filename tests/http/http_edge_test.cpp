// The HTTP edge's contract, driven without a socket: routing, credentials,
// roles, body limits, request ids and problem+json on every error.
#include "http/http_edge.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include "http/problem.h"

namespace vb {
namespace {

class KeyTable final : public Authenticator {
 public:
  Result<Principal, DomainError> authenticate(std::string_view key) override {
    if (key == "admin-key") return Principal{"ten_a", "Acme", "key_1", Role::Admin};
    if (key == "analyst-key") return Principal{"ten_a", "Acme", "key_2", Role::Analyst};
    return unexpected(DomainError::of(DomainError::Kind::Unauthenticated, "unknown API key"));
  }
};

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string headerOf(const HttpResponse& response, const std::string& name) {
  for (const auto& [n, v] : response.headers)
    if (n == name) return v;
  return {};
}

class HttpEdgeTest : public ::testing::Test {
 protected:
  HttpEdgeTest() {
    router.add("GET", "/v1/agents/{id}", Access::AnyKey, [](const HttpRequest& r) -> Result<HttpResponse, DomainError> {
      return HttpResponse::json(200, "{\"id\":\"" + r.pathParams.at("id") + "\",\"tenant\":\"" +
                                         r.principal->tenantId + "\"}");
    });
    router.add("POST", "/v1/agents", Access::Admin, [](const HttpRequest& r) -> Result<HttpResponse, DomainError> {
      return HttpResponse::json(201, r.body);
    });
    router.add("POST", "/v1/tenants", Access::Operator,
               [](const HttpRequest&) -> Result<HttpResponse, DomainError> { return HttpResponse::json(201, "{}"); });
    router.add("GET", "/v1/boom", Access::Public, [](const HttpRequest&) -> Result<HttpResponse, DomainError> {
      throw std::runtime_error("secret internal detail /etc/passwd");
    });
    router.add("GET", "/v1/conflict", Access::Public, [](const HttpRequest& r) -> Result<HttpResponse, DomainError> {
      DomainError e = DomainError::of(DomainError::Kind::Conflict, "in flight");
      e.retryAfterSeconds = 2;
      Poco::JSON::Object::Ptr attempt = new Poco::JSON::Object;
      attempt->set("provider", "vendorA");
      Poco::JSON::Array::Ptr attempts = new Poco::JSON::Array;
      attempts->add(attempt);
      Poco::JSON::Object::Ptr extensions = new Poco::JSON::Object;
      extensions->set("attempts", attempts);
      return problemResponse(e, r.requestId, extensions);
    });
    HttpEdgeSettings settings;
    settings.maxBodyBytes = 64;
    settings.operatorToken = "op-token";
    settings.corsOrigins = {"http://localhost:5173"};
    settings.accessLog = false;
    edge = std::make_unique<HttpEdge>(router, metrics, settings);
    edge->setAuthenticator(std::make_shared<KeyTable>());
  }

  HttpResponse call(const std::string& method, const std::string& path, std::map<std::string, std::string> headers = {},
                    std::string body = {}) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    // Like any client, a request with a body says what it is.
    if (!body.empty()) headers.try_emplace("content-type", "application/json");
    request.headers = std::move(headers);
    request.body = std::move(body);
    return edge->handle(request, request.body.size() > 64 ? request.body.size() : 0);
  }

  void expectProblem(const HttpResponse& response, int status) {
    EXPECT_EQ(response.status, status);
    EXPECT_EQ(response.contentType, "application/problem+json");
    const auto problem = parse(response.body);
    EXPECT_EQ(problem->getValue<int>("status"), status);
    EXPECT_FALSE(problem->getValue<std::string>("title").empty());
    EXPECT_FALSE(problem->getValue<std::string>("type").empty());
    EXPECT_EQ(problem->getValue<std::string>("requestId"), headerOf(response, "X-Request-Id"));
  }

  Router router;
  Metrics metrics;
  std::unique_ptr<HttpEdge> edge;
};

TEST_F(HttpEdgeTest, TenantRouteGetsThePrincipalAndPathParams) {
  const auto response = call("GET", "/v1/agents/agt_1", {{"authorization", "Bearer admin-key"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(parse(response.body)->getValue<std::string>("id"), "agt_1");
  EXPECT_EQ(parse(response.body)->getValue<std::string>("tenant"), "ten_a");
}

// Admits the first `quota` requests of a tenant, then refuses with Retry-After 7.
class CountingAdmission final : public RequestAdmission {
 public:
  explicit CountingAdmission(int quota) : quota_(quota) {}
  Admission admit(const Principal& principal) override {
    Admission a;
    a.admitted = ++seen_ <= quota_;
    a.headers = {{"RateLimit-Limit", std::to_string(quota_)}, {"RateLimit-Tenant", principal.tenantId}};
    if (!a.admitted) {
      a.retryAfterSeconds = 7;
      a.detail = "the tenant's limit is used up";
    }
    return a;
  }

 private:
  const int quota_;
  int seen_ = 0;
};

TEST_F(HttpEdgeTest, TheAdmissionHookAddsItsHeadersAndARefusalIs429BeforeTheHandlerRuns) {
  CountingAdmission admission(1);
  edge->setAdmission(&admission);
  const auto admitted = call("GET", "/v1/agents/agt_1", {{"authorization", "Bearer admin-key"}});
  EXPECT_EQ(admitted.status, 200);
  EXPECT_EQ(headerOf(admitted, "RateLimit-Limit"), "1");
  EXPECT_EQ(headerOf(admitted, "RateLimit-Tenant"), "ten_a");

  const auto refused = call("POST", "/v1/agents", {{"authorization", "Bearer admin-key"}}, "{\"a\":1}");
  expectProblem(refused, 429);
  EXPECT_EQ(headerOf(refused, "Retry-After"), "7");
  EXPECT_EQ(headerOf(refused, "RateLimit-Limit"), "1");
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("type"), "https://vocalbridge.dev/problems/rate-limited");

  // Unauthenticated and operator calls never reach the hook.
  expectProblem(call("GET", "/v1/agents/agt_1"), 401);
  EXPECT_EQ(headerOf(call("GET", "/v1/agents/agt_1"), "RateLimit-Limit"), "");
  EXPECT_EQ(call("POST", "/v1/tenants", {{"x-operator-token", "op-token"}}, "{}").status, 201);
}

TEST_F(HttpEdgeTest, BudgetExceededIs402WithItsOwnProblemType) {
  const auto response = problemResponse(DomainError::of(DomainError::Kind::BudgetExceeded, "no room"), "req_1");
  EXPECT_EQ(response.status, 402);
  EXPECT_EQ(parse(response.body)->getValue<std::string>("type"), "https://vocalbridge.dev/problems/budget-exceeded");
}

TEST_F(HttpEdgeTest, XApiKeyHeaderIsAcceptedToo) {
  EXPECT_EQ(call("GET", "/v1/agents/agt_1", {{"x-api-key", "analyst-key"}}).status, 200);
}

TEST_F(HttpEdgeTest, MissingOrUnknownKeyIs401) {
  expectProblem(call("GET", "/v1/agents/agt_1"), 401);
  expectProblem(call("GET", "/v1/agents/agt_1", {{"authorization", "Bearer nope"}}), 401);
}

TEST_F(HttpEdgeTest, AnalystOnAdminRouteIs403) {
  expectProblem(call("POST", "/v1/agents", {{"authorization", "Bearer analyst-key"}}, "{}"), 403);
  EXPECT_EQ(call("POST", "/v1/agents", {{"authorization", "Bearer admin-key"}}, "{}").status, 201);
}

TEST_F(HttpEdgeTest, OperatorRouteNeedsTheExactToken) {
  expectProblem(call("POST", "/v1/tenants", {}, "{}"), 401);
  expectProblem(call("POST", "/v1/tenants", {{"x-operator-token", "op-tokeN"}}, "{}"), 401);
  expectProblem(call("POST", "/v1/tenants", {{"authorization", "Bearer admin-key"}}, "{}"), 401);
  EXPECT_EQ(call("POST", "/v1/tenants", {{"x-operator-token", "op-token"}}, "{}").status, 201);
}

TEST_F(HttpEdgeTest, UnknownRouteIs404AndWrongMethodIs405) {
  expectProblem(call("GET", "/v1/nothing-here"), 404);
  expectProblem(call("DELETE", "/v1/agents"), 405);
}

TEST_F(HttpEdgeTest, OversizedBodyIs413BeforeAnyHandlerRuns) {
  expectProblem(call("POST", "/v1/agents", {{"authorization", "Bearer admin-key"}}, std::string(65, 'x')), 413);
}

TEST_F(HttpEdgeTest, AThrowingHandlerIsAGeneric500WithoutDetails) {
  const auto response = call("GET", "/v1/boom");
  expectProblem(response, 500);
  EXPECT_EQ(response.body.find("passwd"), std::string::npos);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

TEST_F(HttpEdgeTest, ConflictCarriesRetryAfterAndExtensionMembers) {
  const auto response = call("GET", "/v1/conflict");
  expectProblem(response, 409);
  EXPECT_EQ(headerOf(response, "Retry-After"), "2");
  EXPECT_EQ(parse(response.body)->getArray("attempts")->size(), 1u);
}

TEST_F(HttpEdgeTest, RequestIdIsEchoedWhenSaneAndGeneratedOtherwise) {
  EXPECT_EQ(headerOf(call("GET", "/v1/nothing", {{"x-request-id", "abc-123"}}), "X-Request-Id"), "abc-123");
  const auto generated = headerOf(call("GET", "/v1/nothing", {{"x-request-id", "bad id\n"}}), "X-Request-Id");
  EXPECT_EQ(generated.rfind("req_", 0), 0u);
}

TEST_F(HttpEdgeTest, CorsHeadersOnlyForConfiguredOrigins) {
  EXPECT_EQ(headerOf(call("GET", "/v1/nothing", {{"origin", "http://localhost:5173"}}), "Access-Control-Allow-Origin"),
            "http://localhost:5173");
  EXPECT_EQ(headerOf(call("GET", "/v1/nothing", {{"origin", "http://evil.example"}}), "Access-Control-Allow-Origin"),
            "");
  EXPECT_EQ(call("OPTIONS", "/v1/agents", {{"origin", "http://localhost:5173"}}).status, 204);
}

TEST_F(HttpEdgeTest, ABodyOfAnotherMediaTypeIs415BeforeTheHandlerRuns) {
  int calls = 0;
  router.add("POST", "/v1/count", Access::Public, [&calls](const HttpRequest&) -> Result<HttpResponse, DomainError> {
    ++calls;
    return HttpResponse::json(201, "{}");
  });
  for (const std::string type : {"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                                 "multipart/form-data; boundary=x", "application/xml", "text/xml", ""}) {
    std::map<std::string, std::string> headers;
    if (!type.empty()) headers["content-type"] = type;
    HttpRequest request;
    request.method = "POST";
    request.path = "/v1/count";
    request.headers = headers;
    request.body = R"({"a":1})";
    const auto response = edge->handle(request);
    expectProblem(response, 415);
    EXPECT_NE(parse(response.body)->getValue<std::string>("detail").find("application/json"), std::string::npos);
  }
  EXPECT_EQ(calls, 0);
  for (const std::string type : {"application/json", "application/json; charset=UTF-8", "application/merge-patch+json"})
    EXPECT_EQ(call("POST", "/v1/count", {{"content-type", type}}, "{}").status, 201) << type;
  HttpRequest empty;  // an empty body carries no media type: nothing to refuse
  empty.method = "POST";
  empty.path = "/v1/count";
  EXPECT_EQ(edge->handle(empty).status, 201);
  EXPECT_EQ(calls, 4);
}

TEST_F(HttpEdgeTest, ARouteCanDeclareOtherMediaTypes) {
  RouteOptions wav;
  wav.bodyMediaTypes = {"audio/wav", "audio/x-wav"};
  router.add("POST", "/v1/voice", Access::Public,
             [](const HttpRequest&) -> Result<HttpResponse, DomainError> { return HttpResponse::json(201, "{}"); }, wav);
  EXPECT_EQ(call("POST", "/v1/voice", {{"content-type", "audio/wav"}}, "RIFF").status, 201);
  expectProblem(call("POST", "/v1/voice", {{"content-type", "application/json"}}, "{}"), 415);
}

TEST_F(HttpEdgeTest, EveryAnswerForbidsContentSniffing) {
  EXPECT_EQ(headerOf(call("GET", "/v1/agents/agt_1", {{"authorization", "Bearer admin-key"}}), "X-Content-Type-Options"),
            "nosniff");
  EXPECT_EQ(headerOf(call("GET", "/v1/nothing"), "X-Content-Type-Options"), "nosniff");
  HttpRequest garbled;
  EXPECT_EQ(headerOf(edge->reject(ProtocolError{400, "bad", 0}, garbled), "X-Content-Type-Options"), "nosniff");
}

TEST_F(HttpEdgeTest, ARejectionIsAProblemWithTheRequestIdAndTheStatusTitle) {
  HttpRequest request;
  request.headers["x-request-id"] = "edge-1";
  const auto response = edge->reject(ProtocolError{431, "the request head is larger than 32768 bytes", 0}, request);
  expectProblem(response, 431);
  EXPECT_EQ(headerOf(response, "X-Request-Id"), "edge-1");
  EXPECT_EQ(parse(response.body)->getValue<std::string>("title"), "Request header fields too large");
  EXPECT_EQ(parse(response.body)->getValue<std::string>("detail"), "the request head is larger than 32768 bytes");
  HttpRequest unreadable;  // no headers at all: a fresh id
  EXPECT_EQ(headerOf(edge->reject(ProtocolError{400, "x", 0}, unreadable), "X-Request-Id").rfind("req_", 0), 0u);
  const auto busy = edge->reject(ProtocolError{503, "busy", 1}, unreadable);
  expectProblem(busy, 503);
  EXPECT_EQ(headerOf(busy, "Retry-After"), "1");
}

TEST(HttpEdgeStatic, ServesFilesWithSpaFallbackButNotMissingAssetsOrTraversal) {
  Poco::TemporaryFile dir;
  Poco::File(dir.path() + "/assets").createDirectories();
  { Poco::FileOutputStream(dir.path() + "/index.html") << "<html>app</html>"; }
  { Poco::FileOutputStream(dir.path() + "/assets/app.js") << "console.log(1)"; }
  Router router;
  Metrics metrics;
  HttpEdgeSettings settings;
  settings.webappDir = dir.path();
  settings.accessLog = false;
  HttpEdge edge(router, metrics, settings);
  auto get = [&](const std::string& path) {
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    return edge.handle(r);
  };
  EXPECT_EQ(get("/").body, "<html>app</html>");
  EXPECT_EQ(get("/assets/app.js").contentType, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/usage").body, "<html>app</html>");  // client-side route
  EXPECT_EQ(get("/assets/missing.js").status, 404);
  EXPECT_EQ(get("/../etc/passwd").status, 404);
  EXPECT_EQ(get("/v1/unknown").status, 404);  // API paths never fall back to the app
  EXPECT_EQ(get("/v1/unknown").contentType, "application/problem+json");
}

TEST(HttpEdgeStatic, DashboardFilesCarryTheSecurityHeaders) {
  Poco::TemporaryFile dir;
  Poco::File(dir.path() + "/assets").createDirectories();
  { Poco::FileOutputStream(dir.path() + "/index.html") << "<html>app</html>"; }
  { Poco::FileOutputStream(dir.path() + "/assets/app.js") << "console.log(1)"; }
  Router router;
  Metrics metrics;
  HttpEdgeSettings settings;
  settings.webappDir = dir.path();
  settings.accessLog = false;
  HttpEdge edge(router, metrics, settings);
  for (const std::string path : {"/", "/usage", "/assets/app.js"}) {
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    const auto response = edge.handle(r);
    ASSERT_EQ(response.status, 200) << path;
    const std::string csp = headerOf(response, "Content-Security-Policy");
    for (const std::string directive : {"default-src 'self'", "script-src 'self'", "style-src 'self'",
                                        "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'self'",
                                        "form-action 'self'", "object-src 'none'"})
      EXPECT_NE(csp.find(directive), std::string::npos) << path << ": " << directive;
    EXPECT_EQ(csp.find("unsafe"), std::string::npos) << path;  // no inline script or style allowed
    EXPECT_EQ(headerOf(response, "Referrer-Policy"), "no-referrer") << path;
    EXPECT_EQ(headerOf(response, "X-Content-Type-Options"), "nosniff") << path;
  }
}

}  // namespace
}  // namespace vb
